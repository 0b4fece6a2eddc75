/**
 * WasmHeap: a shared WebAssembly.Memory and typed-array views over it, so
 * JavaScript writes a wasm kernel's inputs and reads its results in place.
 * A view's `byteOffset` is the pointer a kernel takes.
 */

import { describe } from '../describe.js';
import { sharedMemoryMissing } from '../errors.js';
import { isSafeInteger, math } from '../intrinsics.js';
import { TYPED_ARRAY_CONSTRUCTORS, type TypedArrayConstructor } from './typed.js';

const PAGE = 65_536;
/** The options a WasmHeap takes. */
const HEAP_KEYS = ['initialBytes', 'maximumBytes', 'base'];
/** maximumBytes when none is given: 1 GiB. */
const DEFAULT_MAXIMUM = 2 ** 30;
/** What wasm32 can address: 65,536 pages. */
const MAX_PAGES = 65_536;

export interface WasmHeapOptions {
  /** Bytes the memory has at first (rounded up to 64 KiB pages). Default: `base` plus one page. */
  initialBytes?: number;
  /** Bytes it may grow to (rounded up to pages; at most 4 GiB). Default: 1 GiB. */
  maximumBytes?: number;
  /**
   * Bytes at the bottom left to the module (its static data and stack); the
   * first view starts here. Default: 65,536.
   */
  base?: number;
}

/**
 * A shared `WebAssembly.Memory` that hands out aligned, non-overlapping
 * typed-array views, growing the memory when a view does not fit.
 *
 * Growing (here or by a kernel's `memory.grow`) never moves or detaches
 * shared memory: views made before stay valid over the bytes they covered,
 * and `memory.buffer` is a new, longer SharedArrayBuffer. To see bytes past
 * the old end, make a new view (`view()`).
 *
 * @example
 * ```ts
 * const heap = new WasmHeap();
 * const A = heap.alloc(Float64Array, n * n); // A.byteOffset is A's pointer
 * ```
 */
export class WasmHeap {
  /** The shared memory: pass it to wasmKernel() as `{ memory }`. */
  readonly memory: WebAssembly.Memory;
  private top: number;

  constructor(options: WasmHeapOptions = {}) {
    if (typeof options !== 'object' || options === null) {
      throw new TypeError(`Cannot create a WasmHeap as its options must be an object: received ${describe(options)}`);
    }
    for (const key of Object.keys(options)) {
      if (!HEAP_KEYS.includes(key)) {
        throw new TypeError(`Cannot create a WasmHeap as '${key}' is not an option: expected one of ${HEAP_KEYS.join(', ')}`);
      }
    }
    if (typeof SharedArrayBuffer === 'undefined') throw sharedMemoryMissing('create a WasmHeap');
    const { base = PAGE, maximumBytes = DEFAULT_MAXIMUM, initialBytes } = options;
    checkBytes('base', base, 0);
    const maximum = pages('maximumBytes', maximumBytes);
    const initial = pages('initialBytes', initialBytes ?? base + PAGE);
    if (initial > maximum) {
      // Name the values as the caller gave them, or as the defaults made them.
      const init = initialBytes !== undefined ? `initialBytes ${initialBytes}` : `${base + PAGE} bytes (base ${base} plus one page)`;
      const max = options.maximumBytes !== undefined ? `maximumBytes ${maximumBytes}` : `the default maximumBytes ${maximumBytes}`;
      throw new RangeError(`Cannot create a WasmHeap as its initial size, ${init}, exceeds ${max} once rounded up to 64 KiB pages`);
    }
    try {
      this.memory = new WebAssembly.Memory({ initial, maximum, shared: true });
    } catch (cause) {
      throw new RangeError(
        `Cannot create a WasmHeap of ${initial} pages growing to ${maximum} (${maximum * PAGE} bytes): the platform refused the memory`,
        { cause },
      );
    }
    this.top = base;
  }

  /** Bytes handed out so far, from 0 (the base included). */
  get used(): number {
    return this.top;
  }

  /**
   * A new zero-filled view of `length` elements, at an offset aligned to
   * `align` bytes (a power of two, at least the element size; default 16, a
   * SIMD vector), growing the memory if needed.
   */
  alloc<C extends TypedArrayConstructor>(Ctor: C, length: number, align = 16): InstanceType<C> {
    checkCtor(Ctor);
    checkBytes('length', length, 0);
    if (!isSafeInteger(align) || align < Ctor.BYTES_PER_ELEMENT || (align & (align - 1)) !== 0) {
      throw new RangeError(
        `Cannot allocate as align must be a power of two of at least ${Ctor.BYTES_PER_ELEMENT} bytes: received ${describe(align)}`,
      );
    }
    const offset = math.ceil(this.top / align) * align;
    const end = offset + length * Ctor.BYTES_PER_ELEMENT;
    const have = this.memory.buffer.byteLength;
    if (end > have) {
      const need = math.ceil((end - have) / PAGE);
      try {
        this.memory.grow(need);
      } catch (cause) {
        throw new RangeError(
          `Cannot allocate ${length} × ${Ctor.name} as the memory cannot grow to ${end} bytes (it has ${have}; see maximumBytes)`,
          { cause },
        );
      }
    }
    this.top = end;
    return this.view(Ctor, offset, length);
  }

  /** A view over the memory as it is now: `length` elements of `Ctor` at byte `offset` (e.g. a pointer a kernel returned). */
  view<C extends TypedArrayConstructor>(Ctor: C, offset: number, length: number): InstanceType<C> {
    checkCtor(Ctor);
    checkBytes('offset', offset, 0);
    checkBytes('length', length, 0);
    if (offset % Ctor.BYTES_PER_ELEMENT !== 0) {
      throw new RangeError(`Cannot view ${Ctor.name} at offset ${offset} as it is not a multiple of ${Ctor.BYTES_PER_ELEMENT}`);
    }
    const buffer = this.memory.buffer;
    if (offset + length * Ctor.BYTES_PER_ELEMENT > buffer.byteLength) {
      throw new RangeError(`Cannot view ${length} × ${Ctor.name} at offset ${offset} as the memory has ${buffer.byteLength} bytes`);
    }
    return new (Ctor as unknown as new (b: ArrayBufferLike, o: number, l: number) => InstanceType<C>)(buffer, offset, length);
  }
}

function checkCtor(Ctor: unknown): asserts Ctor is TypedArrayConstructor {
  if (!TYPED_ARRAY_CONSTRUCTORS.includes(Ctor as TypedArrayConstructor)) {
    throw new TypeError(`Cannot make a view as the element type must be a typed array constructor: received ${describe(Ctor)}`);
  }
}

function checkBytes(what: string, v: unknown, min: number): asserts v is number {
  if (typeof v !== 'number' || !isSafeInteger(v) || v < min) {
    throw new RangeError(`Cannot use ${what} as it must be a non-negative safe integer: received ${describe(v)}`);
  }
}

function pages(what: string, bytes: unknown): number {
  checkBytes(what, bytes, 0);
  const n = math.max(1, math.ceil(bytes / PAGE));
  if (n > MAX_PAGES) throw new RangeError(`Cannot use ${what} as it exceeds 4 GiB, what wasm32 addresses: received ${bytes}`);
  return n;
}
