// Types for check.mjs, for the tests that import it.
export declare const FLOORS: Record<number, number>;
export declare const FLOOR_THREADS: number;
export declare function exercises(): Record<number, string>;
export declare function selfChecks(output: string): { line: string; ok: boolean }[];
export declare function speedups(output: string): { label: string; x: number }[];
export declare function idleCores(cores?: number, load?: number): number;
export declare function verdict(run: {
  status: number | string | null;
  output: string;
  floor: number | undefined;
  measured: boolean;
  idle: number;
}): { ok: boolean; lines: string[] };
