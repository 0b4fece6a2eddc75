export declare function inLoopThread(): boolean;
export declare function enterLoopThread(): void;
export declare function leaveLoopThread(): void;
