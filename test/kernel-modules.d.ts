declare module '*.mjs' {
  export const name: string;
  export const quickSize: number;
  export const kind: string | undefined;
  export const body: unknown;
  export function setup(size: number): { shared: Record<string, unknown>; output: ArrayBufferView; iterations: number };
  export function serial(size: number): ArrayBufferView;
  // kernels/wasm/index.mjs
  export const WASM_URL: URL;
  export const PI_BLOCK: number;
  export const WASM_KERNELS: Record<string, { exports: [string, string]; loop: 'rows' | 'reduce'; schedule: string }>;
  export function setupWasm(
    name: string,
    size: number,
  ): Promise<{
    heap: import('parfor').WasmHeap;
    bodies: { wasm: import('parfor').WasmKernel; simd: import('parfor').WasmKernel };
    iterations: number;
    output: ArrayBufferView | undefined;
    scale: number;
    args: number[];
    exports: [string, string];
    loop: 'rows' | 'reduce';
    schedule: string;
  }>;
  // test/fixtures/task-trees.mjs
  export function checkTaskTrees(
    fc: typeof import('fast-check').default,
    P: typeof import('parfor'),
    team: import('parfor').Team,
    options?: { numRuns?: number; seed?: number; sync?: boolean; maxNodes?: number },
  ): Promise<void>;
}
