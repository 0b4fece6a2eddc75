export declare function runSerial(start: number, end: number, body: unknown, shared: unknown): void;
