/**
 * Shared views as they cross to a worker: buffer, offset, length and type,
 * rebuilt on the receiving side.
 */

/**
 * A view over shared memory as it is posted: its buffer, offset, length and
 * type, rebuilt on the receiving thread. Posting the view itself costs time in
 * proportion to its size on some runtimes (Deno, as reported in issue 10);
 * posting the buffer costs the same whatever its size. Views over growable
 * buffers are posted as they are, so a length-tracking view keeps tracking.
 */
export interface PostedView {
  posted: 'view';
  buffer: SharedArrayBuffer;
  offset: number;
  length: number;
  type: string;
}

/** A shared view in the form to post (see PostedView). */
export function postView<V extends ArrayBufferView | PostedView | undefined>(v: V): V | PostedView {
  if (v === undefined || !ArrayBuffer.isView(v)) return v;
  const buffer = v.buffer as SharedArrayBuffer & { growable?: boolean };
  if (buffer.growable === true) return v;
  const type = builtinViewType(v);
  if (type === undefined) return v;
  const length = v instanceof DataView ? v.byteLength : (v as unknown as { length: number }).length;
  return { posted: 'view', buffer, offset: v.byteOffset, length, type };
}

const VIEW_TYPES = new Set([
  'Int8Array',
  'Uint8Array',
  'Uint8ClampedArray',
  'Int16Array',
  'Uint16Array',
  'Int32Array',
  'Uint32Array',
  'Float32Array',
  'Float64Array',
  'BigInt64Array',
  'BigUint64Array',
  'DataView',
]);

/** The built-in class of a view (a subclass is rebuilt as its built-in base), or undefined. */
function builtinViewType(v: ArrayBufferView): string | undefined {
  for (let p = Object.getPrototypeOf(v); p !== null; p = Object.getPrototypeOf(p)) {
    const name = Object.hasOwn(p, 'constructor') ? (p.constructor as { name?: string }).name : undefined;
    if (name !== undefined && VIEW_TYPES.has(name) && (globalThis as Record<string, unknown>)[name] === p.constructor) return name;
  }
  return undefined;
}

/** The view a PostedView stands for (a view or buffer is returned as it is). */
export function receiveView<V>(v: V | PostedView): V {
  if (typeof v !== 'object' || v === null || (v as PostedView).posted !== 'view') return v as V;
  const p = v as PostedView;
  const Ctor = (globalThis as unknown as Record<string, new (b: SharedArrayBuffer, o: number, n: number) => V>)[p.type]!;
  return new Ctor(p.buffer, p.offset, p.length);
}
