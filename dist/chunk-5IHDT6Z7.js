// src/schedule/kinds.ts
var SCHEDULE_NAMES = ["static", "dynamic", "guided", "auto", "runtime"];
var Kind = {
  /** `static` without chunk: one contiguous block per thread (libgomp split). */
  STATIC: 0,
  /** `static,c`: chunk k goes to thread k mod T. */
  STATIC_CHUNKED: 1,
  /** `dynamic,c`: chunks of c claimed first come, first served. */
  DYNAMIC: 2,
  /** `guided,c`: chunks of max(ceil(remaining/T), c), claimed by CAS. */
  GUIDED: 3
};

// src/schedule/math.ts
function staticBlock(n, threads, tid) {
  let q = Math.floor(n / threads);
  let t = n % threads;
  if (tid < t) {
    t = 0;
    q++;
  }
  const lo = q * tid + t;
  return [lo, lo + q];
}
function chunkCount(n, chunk) {
  return Math.ceil(n / chunk);
}
function guidedEnd(lo, n, threads, chunk) {
  const remaining = n - lo;
  let q = Math.ceil(remaining / threads);
  if (q < chunk) q = chunk;
  return q <= remaining ? lo + q : n;
}

// src/schedule/share.ts
var STATIC_SLICES = 64;
function runShare(ctl, d, tid, run) {
  const { start, n, chunk, threads: T, numChunks } = d;
  switch (d.kind) {
    case Kind.STATIC: {
      const [lo, hi] = staticBlock(n, T, tid);
      const len = hi - lo;
      if (len <= 0) return;
      const step = Math.max(1, Math.ceil(len / STATIC_SLICES));
      for (let a = lo; a < hi; a += step) {
        if (ctl.stopped()) return;
        run(start + a, start + Math.min(a + step, hi));
      }
      return;
    }
    case Kind.STATIC_CHUNKED: {
      for (let k = tid; k < numChunks; k += T) {
        if (ctl.stopped()) return;
        const lo = k * chunk;
        run(start + lo, start + Math.min(lo + chunk, n));
      }
      return;
    }
    case Kind.DYNAMIC: {
      for (; ; ) {
        if (ctl.stopped()) return;
        const k = ctl.claimChunk(numChunks, T);
        if (k < 0) return;
        const lo = k * chunk;
        run(start + lo, start + Math.min(lo + chunk, n));
      }
    }
    case Kind.GUIDED: {
      const out = new Float64Array(1);
      const end = (lo) => guidedEnd(lo, n, T, chunk);
      for (; ; ) {
        if (ctl.stopped()) return;
        const lo = ctl.claimRange(n, end, out);
        if (lo < 0) return;
        run(start + lo, start + out[0]);
      }
    }
    default:
      throw new RangeError(`Unknown schedule kind code: received ${d.kind}`);
  }
}

// src/team/compile.ts
var RUNNER_SOURCE = "return function parforChunk(lo, hi, shared, ctx, at) {\n  let i = lo;\n  try { for (; i < hi; i++) body(i, shared, ctx); }\n  catch (e) { at.index = i; throw e; }\n};";
function runnerFor(body) {
  try {
    return new Function("body", RUNNER_SOURCE)(body);
  } catch {
    return (lo, hi, shared, ctx, at) => {
      let i = lo;
      try {
        for (; i < hi; i++) body(i, shared, ctx);
      } catch (e) {
        at.index = i;
        throw e;
      }
    };
  }
}
function compileSource(source) {
  let fn;
  try {
    fn = new Function(`return (${source}
);`)();
  } catch (first) {
    try {
      fn = new Function(`return Object.values({ ${source}
 })[0];`)();
    } catch {
      throw first;
    }
  }
  if (typeof fn !== "function") throw new TypeError(`The body source did not evaluate to a function: received ${typeof fn}`);
  return fn;
}
function kernelExport(ns, url, name) {
  const fn = ns[name];
  if (typeof fn !== "function") {
    const names = Object.keys(ns).filter((k) => typeof ns[k] === "function");
    throw new TypeError(
      `Kernel module ${url} has no function export '${name}': received ${fn === void 0 ? "undefined" : typeof fn} (function exports: ${names.length ? names.join(", ") : "none"})`
    );
  }
  return fn;
}

// src/team/error-wire.ts
var BUILTINS = {
  Error,
  TypeError,
  RangeError,
  ReferenceError,
  SyntaxError,
  EvalError,
  URIError
};
function toWire(e) {
  if (e instanceof Error) {
    return { name: e.name, message: e.message, stack: e.stack, isError: true };
  }
  let thrown;
  try {
    thrown = structuredClone(e);
  } catch {
    thrown = String(e);
  }
  return { name: "Error", message: safeString(e), stack: void 0, thrown, isError: false };
}
function fromWire(w) {
  if (!w.isError) return w.thrown;
  const Ctor = BUILTINS[w.name] ?? Error;
  const e = new Ctor(w.message);
  if (e.name !== w.name) Object.defineProperty(e, "name", { value: w.name, configurable: true, writable: true });
  if (w.stack !== void 0) Object.defineProperty(e, "stack", { value: w.stack, configurable: true, writable: true });
  return e;
}
function safeString(v) {
  try {
    return String(v);
  } catch {
    return Object.prototype.toString.call(v);
  }
}

// src/data/typed.ts
var TYPED_ARRAY_CONSTRUCTORS = [
  Int8Array,
  Uint8Array,
  Uint8ClampedArray,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
  Float32Array,
  Float64Array,
  BigInt64Array,
  BigUint64Array
];
function isSharedBuffer(v) {
  return typeof SharedArrayBuffer !== "undefined" && v instanceof SharedArrayBuffer;
}
function isSharedView(v) {
  return ArrayBuffer.isView(v) && isSharedBuffer(v.buffer);
}
function describe(v) {
  if (v === null) return "null";
  if (v === void 0) return "undefined";
  switch (typeof v) {
    case "number":
      return `number ${Object.is(v, -0) ? "-0" : String(v)}`;
    case "bigint":
      return `bigint ${v}n`;
    case "string":
      return `string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}\u2026` : v)}`;
    case "boolean":
      return `boolean ${v}`;
    case "symbol":
      return `symbol ${String(v)}`;
    case "function":
      return `function ${v.name || "(anonymous)"}`;
    default: {
      if (ArrayBuffer.isView(v)) {
        const shared = isSharedBuffer(v.buffer) ? "shared " : "non-shared ";
        return `${shared}${v.constructor.name}(${"length" in v ? v.length : v.byteLength})`;
      }
      const proto = Object.getPrototypeOf(v);
      const name = proto === null ? "null-prototype object" : proto.constructor?.name ?? "object";
      return name === "Object" ? "object" : `${name === "Array" ? "array" : `instance of ${name}`}`;
    }
  }
}

// src/data/matrix.ts
var BRAND = /* @__PURE__ */ Symbol.for("parfor.SharedMatrix");
var SharedMatrix = class {
  rows;
  cols;
  /** The shared typed array, row-major: element (i, j) is `data[i * cols + j]`. */
  data;
  /**
   * @param rows number of rows (non-negative safe integer)
   * @param cols number of columns (non-negative safe integer)
   * @param Ctor element type (default Float64Array), or an existing shared typed
   *   array of length rows·cols to view as a matrix
   */
  constructor(rows, cols, Ctor = Float64Array) {
    checkDim("rows", rows);
    checkDim("cols", cols);
    const length = rows * cols;
    if (!Number.isSafeInteger(length)) {
      throw new RangeError(`Cannot create a SharedMatrix as rows \xD7 cols is not a safe integer: received ${rows} \xD7 ${cols}`);
    }
    if (typeof Ctor === "function") {
      if (!TYPED_ARRAY_CONSTRUCTORS.includes(Ctor) || Ctor.name.startsWith("Big")) {
        throw new TypeError(`Cannot create a SharedMatrix as its element type must be a numeric typed array constructor: received ${describe(Ctor)}`);
      }
      this.data = new Ctor(new SharedArrayBuffer(length * Ctor.BYTES_PER_ELEMENT));
    } else {
      if (!isSharedView(Ctor) || Ctor instanceof DataView || Ctor instanceof BigInt64Array || Ctor instanceof BigUint64Array) {
        throw new TypeError(`Cannot create a SharedMatrix over this data as it must be a numeric typed array over a SharedArrayBuffer: received ${describe(Ctor)}`);
      }
      if (Ctor.length !== length) {
        throw new RangeError(`Cannot create a ${rows} \xD7 ${cols} SharedMatrix over this data as its length must be ${length}: received length ${Ctor.length}`);
      }
      this.data = Ctor;
    }
    this.rows = rows;
    this.cols = cols;
  }
  /** Element (i, j). No bounds check, like typed-array indexing. */
  get(i, j) {
    return this.data[i * this.cols + j];
  }
  /** Set element (i, j). No bounds check, like typed-array indexing. */
  set(i, j, v) {
    this.data[i * this.cols + j] = v;
  }
  /** Row i as a view (no copy) over the shared memory. */
  row(i) {
    if (!Number.isInteger(i) || i < 0 || i >= this.rows) {
      throw new RangeError(`Cannot take row ${i} of a matrix with ${this.rows} rows: expected an integer in [0, ${this.rows})`);
    }
    return this.data.subarray(i * this.cols, (i + 1) * this.cols);
  }
  /** `instanceof` works across copies of parfor (ESM/CJS builds, worker bundles). */
  static [Symbol.hasInstance](v) {
    return typeof v === "object" && v !== null && v[BRAND] === true;
  }
};
Object.defineProperty(SharedMatrix.prototype, BRAND, { value: true });
function checkDim(name, v) {
  if (typeof v !== "number") throw new TypeError(`Cannot create a SharedMatrix as '${name}' must be a number: received ${describe(v)}`);
  if (!Number.isSafeInteger(v) || v < 0) {
    throw new RangeError(`Cannot create a SharedMatrix as '${name}' must be a non-negative safe integer: received ${v}`);
  }
}

// src/team/shared-values.ts
function encodeShared(shared) {
  if (!isPlainObject(shared)) {
    throw new TypeError(`Cannot use the 'shared' option as it must be a plain object of values: received ${describe(shared)}`);
  }
  return encode(shared, "shared", /* @__PURE__ */ new Set());
}
function encode(v, path, ancestors) {
  switch (typeof v) {
    case "number":
    case "string":
    case "boolean":
    case "bigint":
    case "undefined":
      return { t: "p", v };
    case "function":
      throw new TypeError(`Cannot pass ${path} to other threads as functions cannot be shared: received ${describe(v)}; use a kernel module for code`);
    case "symbol":
      throw new TypeError(`Cannot pass ${path} to other threads as symbols cannot be shared: received ${describe(v)}`);
  }
  if (v === null) return { t: "p", v: null };
  const o = v;
  if (o instanceof SharedMatrix) {
    const m = o;
    return { t: "m", rows: m.rows, cols: m.cols, v: m.data };
  }
  if (isSharedView(o) || isSharedBuffer(o)) return { t: "s", v: o };
  if (ArrayBuffer.isView(o) || o instanceof ArrayBuffer) {
    throw new TypeError(
      `Cannot pass ${path} to other threads as its memory is not shared, so writes made by workers would be lost: received ${describe(o)}; create it with sharedArray() or over a SharedArrayBuffer`
    );
  }
  if (ancestors.has(o)) throw new TypeError(`Cannot pass ${path} to other threads as it refers back to itself (a cycle)`);
  if (Array.isArray(o)) {
    ancestors.add(o);
    const out = new Array(o.length);
    for (let i = 0; i < o.length; i++) out[i] = encode(o[i], `${path}[${i}]`, ancestors);
    ancestors.delete(o);
    return { t: "a", v: out };
  }
  if (isPlainObject(o)) {
    if (Object.getOwnPropertySymbols(o).length > 0) {
      throw new TypeError(`Cannot pass ${path} to other threads as it has symbol keys, which are not sent`);
    }
    ancestors.add(o);
    const keys = Object.keys(o);
    const vals = keys.map((k) => encode(o[k], `${path}.${k}`, ancestors));
    ancestors.delete(o);
    return { t: "o", k: keys, v: vals };
  }
  throw new TypeError(
    `Cannot pass ${path} to other threads as only shared memory, SharedMatrix and plain data can be sent: received ${describe(o)}`
  );
}
function sameAsEncoded(v, enc) {
  switch (enc.t) {
    case "p":
      return Object.is(v, enc.v);
    case "s":
      return v === enc.v;
    case "m":
      return v instanceof SharedMatrix && v.data === enc.v && v.rows === enc.rows && v.cols === enc.cols;
    case "a": {
      if (!Array.isArray(v) || v.length !== enc.v.length) return false;
      for (let i = 0; i < v.length; i++) if (!sameAsEncoded(v[i], enc.v[i])) return false;
      return true;
    }
    case "o": {
      if (!isPlainObject(v)) return false;
      const keys = Object.keys(v);
      if (keys.length !== enc.k.length) return false;
      for (let i = 0; i < keys.length; i++) {
        if (keys[i] !== enc.k[i] || !sameAsEncoded(v[keys[i]], enc.v[i])) return false;
      }
      return Object.getOwnPropertySymbols(v).length === 0;
    }
  }
}
function decodeShared(enc) {
  switch (enc.t) {
    case "p":
    case "s":
      return enc.v;
    case "m":
      return new SharedMatrix(enc.rows, enc.cols, enc.v);
    case "a":
      return enc.v.map(decodeShared);
    case "o": {
      const out = {};
      for (let i = 0; i < enc.k.length; i++) {
        Object.defineProperty(out, enc.k[i], {
          value: decodeShared(enc.v[i]),
          enumerable: true,
          writable: true,
          configurable: true
        });
      }
      return out;
    }
  }
}
function isPlainObject(v) {
  if (typeof v !== "object" || v === null) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

// src/team/thread-flag.ts
var KEY = /* @__PURE__ */ Symbol.for("parfor.inLoop");
function inLoopThread() {
  return (globalThis[KEY] ?? 0) > 0;
}
function enterLoopThread() {
  const g = globalThis;
  g[KEY] = (g[KEY] ?? 0) + 1;
}
function leaveLoopThread() {
  const g = globalThis;
  g[KEY] = (g[KEY] ?? 1) - 1;
}

export {
  TYPED_ARRAY_CONSTRUCTORS,
  describe,
  SCHEDULE_NAMES,
  Kind,
  chunkCount,
  runShare,
  runnerFor,
  compileSource,
  kernelExport,
  toWire,
  fromWire,
  SharedMatrix,
  encodeShared,
  sameAsEncoded,
  decodeShared,
  inLoopThread,
  enterLoopThread,
  leaveLoopThread
};
//# sourceMappingURL=chunk-5IHDT6Z7.js.map
