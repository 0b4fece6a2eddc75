declare module '*.mjs' {
  export const name: string;
  export const quickSize: number;
  export const kind: string | undefined;
  export const body: unknown;
  export function setup(size: number): { shared: Record<string, unknown>; output: ArrayBufferView; iterations: number };
  export function serial(size: number): ArrayBufferView;
}
