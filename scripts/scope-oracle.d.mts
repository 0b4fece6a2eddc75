// Types for scripts/scope-oracle.mjs (imported by test/captures.test.ts).
export declare function oracle(source: string): Set<string> | undefined;
export declare function functionsIn(text: string): string[];
export interface Comparison {
  files: number;
  functions: number;
  unread: number;
  found: number;
  free: number;
  wrong: string[];
}
export declare function compare(
  files: readonly string[],
  freeNames: (source: string) => string[] | undefined,
  read: (file: string) => string,
): Comparison;
