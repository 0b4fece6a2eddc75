// A tiny WebAssembly assembler for tests: modules with any import names, parameter types and
// bodies, built in memory (the hostile and fuzz tests need imports named "__proto__", exports of
// every arity and i64/f32 parameters, which no fixture compiled by AssemblyScript has).

export type ValType = 'i32' | 'i64' | 'f32' | 'f64';
const CODE: Record<ValType, number> = { i32: 0x7f, i64: 0x7e, f32: 0x7d, f64: 0x7c };

export interface FuncType {
  params: ValType[];
  results: ValType[];
}

export interface ModuleSpec {
  /** Function imports, in order: their indices come first in the function index space. */
  imports?: Array<{ module: string; name: string; type: FuncType }>;
  /** Import a shared memory as env.memory (1 page minimum, `maxPages` maximum). */
  memory?: { maxPages: number };
  /** Defined functions, exported under `name`, with a body of raw instruction bytes (without the final `end`). */
  funcs: Array<{ name: string; type: FuncType; locals?: ValType[]; body: number[] }>;
}

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n = Math.floor(n / 128);
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

export function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

function name(s: string): number[] {
  const b = [...new TextEncoder().encode(s)];
  return [...uleb(b.length), ...b];
}

function vec(items: number[][]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

function functype(t: FuncType): number[] {
  return [0x60, ...vec(t.params.map((p) => [CODE[p]])), ...vec(t.results.map((r) => [CODE[r]]))];
}

/** The module's bytes. */
export function buildModule(spec: ModuleSpec): Uint8Array<ArrayBuffer> {
  const imports = spec.imports ?? [];
  const types = [...imports.map((i) => i.type), ...spec.funcs.map((f) => f.type)];
  const importEntries = imports.map((imp, k) => [...name(imp.module), ...name(imp.name), 0x00, ...uleb(k)]);
  if (spec.memory) importEntries.push([...name('env'), ...name('memory'), 0x02, 0x03, ...uleb(1), ...uleb(spec.memory.maxPages)]);
  const bytes = [
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vec(types.map(functype))),
    ...section(2, vec(importEntries)),
    ...section(3, vec(spec.funcs.map((_, k) => uleb(imports.length + k)))),
    ...section(7, vec(spec.funcs.map((f, k) => [...name(f.name), 0x00, ...uleb(imports.length + k)]))),
    ...section(
      10,
      vec(
        spec.funcs.map((f) => {
          const locals = (f.locals ?? []).map((l) => [1, CODE[l]]);
          const code = [...vec(locals), ...f.body, 0x0b];
          return [...uleb(code.length), ...code];
        }),
      ),
    ),
  ];
  return new Uint8Array(bytes);
}

/** Instructions, for bodies. */
export const op = {
  localGet: (i: number) => [0x20, ...uleb(i)],
  call: (f: number) => [0x10, ...uleb(f)],
  i32Const: (v: number) => [0x41, ...sleb(v)],
  drop: [0x1a],
  i32Add: [0x6a],
  i32Shl: [0x74],
  f64ConvertI32S: [0xb7],
  /** f64.store align=3 offset=0 */
  f64Store: [0x39, 0x03, 0x00],
  /** i32.store align=2 offset=0 */
  i32Store: [0x36, 0x02, 0x00],
};
