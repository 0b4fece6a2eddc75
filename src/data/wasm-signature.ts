/**
 * The function types of a WebAssembly module's exports and imports, read
 * from its bytes. JavaScript's WebAssembly API tells an export's name and
 * kind but not its parameter types (the type-reflection proposal is not
 * shipped in Node 20), and parfor needs them to refuse, before anything runs,
 * what the JS-to-wasm conversion would otherwise wrap or drop silently: a
 * loop index past 2^31 for an i32 parameter, `.with(NaN)` for an i32, a
 * string returned by an import whose result is an f64.
 *
 * Only the sections that name types are read (type, import, function,
 * export); the others are skipped by their size. Anything this reader does
 * not know (a GC type, a malformed module) gives undefined: "types unknown",
 * never an error; compiling the module reports real errors.
 */

/** A value type as the JS API converts it. */
export type WasmType = 'i32' | 'i64' | 'f32' | 'f64' | 'v128' | 'funcref' | 'externref';

export interface FunctionType {
  readonly params: readonly WasmType[];
  readonly results: readonly WasmType[];
}

export interface ModuleSignatures {
  /** Function exports by name. */
  readonly exports: ReadonlyMap<string, FunctionType>;
  /** Function imports by `module\u0000name`. */
  readonly imports: ReadonlyMap<string, FunctionType>;
}

const VALTYPES: Readonly<Record<number, WasmType>> = {
  127: 'i32',
  126: 'i64',
  125: 'f32',
  124: 'f64',
  123: 'v128',
  112: 'funcref',
  111: 'externref',
};

/** Thrown inside the reader only: the module uses something it does not read. */
const UNKNOWN = Symbol('unknown');

class Reader {
  at = 0;
  constructor(private readonly b: Uint8Array) {}
  byte(): number {
    if (this.at >= this.b.length) throw UNKNOWN;
    return this.b[this.at++]!;
  }
  /** An unsigned LEB128 number (sizes and indices; a 64-bit limit loses precision, which is harmless here). */
  leb(): number {
    let v = 0;
    let scale = 1;
    for (let k = 0; k < 10; k++) {
      const x = this.byte();
      v += (x & 0x7f) * scale;
      if ((x & 0x80) === 0) return v;
      scale *= 128;
    }
    throw UNKNOWN;
  }
  name(): string {
    const n = this.leb();
    if (this.at + n > this.b.length) throw UNKNOWN;
    const s = new TextDecoder('utf-8', { fatal: true }).decode(this.b.subarray(this.at, this.at + n));
    this.at += n;
    return s;
  }
  valtype(): WasmType {
    const t = VALTYPES[this.byte()];
    if (t === undefined) throw UNKNOWN;
    return t;
  }
  limits(): void {
    const flags = this.byte();
    this.leb();
    if (flags & 1) this.leb();
  }
}

/** The function types of `bytes`' exports and imports, or undefined when they cannot be read. */
export function readSignatures(bytes: ArrayBuffer | ArrayBufferView): ModuleSignatures | undefined {
  const b = ArrayBuffer.isView(bytes) ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) : new Uint8Array(bytes);
  try {
    return read(new Reader(b), b.length);
  } catch (e) {
    if (e === UNKNOWN || e instanceof TypeError || e instanceof RangeError) return undefined;
    throw e;
  }
}

function read(r: Reader, length: number): ModuleSignatures {
  for (const want of [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]) if (r.byte() !== want) throw UNKNOWN;
  const types: FunctionType[] = [];
  /** Type index of every function in the function index space (imports first). */
  const funcs: number[] = [];
  const imports = new Map<string, FunctionType>();
  const exports = new Map<string, FunctionType>();
  while (r.at < length) {
    const id = r.byte();
    const size = r.leb();
    const end = r.at + size;
    if (end > length) throw UNKNOWN;
    if (id === 1) {
      for (let n = r.leb(); n > 0; n--) {
        if (r.byte() !== 0x60) throw UNKNOWN; // a GC type (rec group, subtype): not read
        const params: WasmType[] = [];
        for (let k = r.leb(); k > 0; k--) params.push(r.valtype());
        const results: WasmType[] = [];
        for (let k = r.leb(); k > 0; k--) results.push(r.valtype());
        types.push({ params, results });
      }
    } else if (id === 2) {
      for (let n = r.leb(); n > 0; n--) {
        const module = r.name();
        const name = r.name();
        const kind = r.byte();
        if (kind === 0x00) {
          const t = r.leb();
          funcs.push(t);
          imports.set(`${module}\u0000${name}`, typeAt(types, t));
        } else if (kind === 0x01) {
          r.valtype();
          r.limits();
        } else if (kind === 0x02) {
          r.limits();
        } else if (kind === 0x03) {
          r.valtype();
          r.byte();
        } else if (kind === 0x04) {
          r.byte();
          r.leb();
        } else throw UNKNOWN;
      }
    } else if (id === 3) {
      for (let n = r.leb(); n > 0; n--) funcs.push(r.leb());
    } else if (id === 7) {
      for (let n = r.leb(); n > 0; n--) {
        const name = r.name();
        const kind = r.byte();
        const index = r.leb();
        if (kind === 0x00) {
          const t = funcs[index];
          if (t === undefined) throw UNKNOWN;
          exports.set(name, typeAt(types, t));
        }
      }
    }
    r.at = end;
  }
  return { exports, imports };
}

function typeAt(types: readonly FunctionType[], index: number): FunctionType {
  const t = types[index];
  if (t === undefined) throw UNKNOWN;
  return t;
}
