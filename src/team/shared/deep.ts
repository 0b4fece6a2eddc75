/**
 * Plain data nested deeper than a message can carry. Structured clone
 * recurses on the native stack: in Node 20 a message gave up on arrays nested
 * ~2,000 deep ("Maximum call stack size exceeded"), and the validation walk in
 * values.ts recursed too. Below DEEP levels nothing changes; a subtree deeper
 * than that is validated by an explicit-stack walk (`checkDeep`) and travels
 * flat (`flatten`): one list of nodes, each array or object naming its
 * children by index, rebuilt bottom-up on the receiving thread (`unflatten`).
 * No walk here recurses, so any depth the caller's memory holds crosses.
 */
import { isSharedLock } from '../../core/shared-lock.js';
import { SharedMatrix } from '../../data/matrix.js';
import { isSharedBuffer, isSharedView } from '../../data/typed.js';
import { describe } from '../../describe.js';

/** Levels of nesting below which values.ts recurses and structured clone carries plain data as it is. */
export const DEEP = 256;

/** Plain data as a flat list of nodes (data only, a few levels deep whatever the data's depth). */
export interface Flat {
  /** Per node: 0 a primitive (its value in `v`), 1 an array, 2 an object. */
  t: number[];
  /** Per node: the primitive, or the children's node indices (arrays), or [keys, children] (objects). */
  v: unknown[];
}

const PRIMITIVE = 0;
const ARRAY = 1;
const OBJECT = 2;

function isObjectLike(x: unknown): x is object {
  return x !== null && (typeof x === 'object' || typeof x === 'function');
}

/**
 * Check that `root` (at `path`, below DEEP levels) is plain data to the
 * bottom, with an explicit stack: the same refusals as values.ts's walk, with
 * the path named as far as the walk recursed. Shared memory this deep is
 * refused: it could not travel flat.
 */
export function checkDeep(root: object, path: string, ancestors: Set<object>, isPlainObject: (v: unknown) => boolean): void {
  const where = `${path} (nested more than ${DEEP} levels deep)`;
  const stack: Array<[object, boolean]> = [[root, false]];
  while (stack.length > 0) {
    const [o, leaving] = stack.pop()!;
    if (leaving) {
      ancestors.delete(o);
      continue;
    }
    if (typeof o === 'function') {
      throw new TypeError(`Cannot pass ${where} to other threads as functions cannot be shared: received ${describe(o)}`);
    }
    if (o instanceof SharedMatrix || isSharedLock(o) || isSharedView(o) || isSharedBuffer(o)) {
      throw new TypeError(
        `Cannot pass ${where} to other threads as it holds shared memory more than ${DEEP} levels down: put shared arrays nearer the top of 'shared'`,
      );
    }
    if (ArrayBuffer.isView(o) || o instanceof ArrayBuffer) {
      throw new TypeError(`Cannot pass ${where} to other threads as its memory is not shared: received ${describe(o)}`);
    }
    if (ancestors.has(o)) throw new TypeError(`Cannot pass ${where} to other threads as it refers back to itself (a cycle)`);
    const array = Array.isArray(o);
    if (!array && !isPlainObject(o)) {
      throw new TypeError(
        `Cannot pass ${where} to other threads as only shared memory, SharedMatrix, SharedLock and plain data can be sent: received ${describe(o)}`,
      );
    }
    if (!array && Object.getOwnPropertySymbols(o).length > 0) {
      throw new TypeError(`Cannot pass ${where} to other threads as it has symbol keys, which are not sent`);
    }
    ancestors.add(o);
    stack.push([o, true]);
    const children: unknown[] = array ? (o as unknown[]) : Object.values(o);
    for (let i = 0; i < children.length; i++) {
      const c = children[i];
      if (typeof c === 'symbol')
        throw new TypeError(`Cannot pass ${where} to other threads as symbols cannot be shared: received ${describe(c)}`);
      if (isObjectLike(c)) stack.push([c, false]);
    }
  }
}

/** How deep `root` nests (1 for a flat array or object), counting only up to `limit` + 1. */
export function depthOf(root: unknown, limit: number): number {
  if (!isObjectLike(root)) return 0;
  let most = 0;
  const stack: Array<[object, number]> = [[root, 1]];
  while (stack.length > 0) {
    const [o, d] = stack.pop()!;
    if (d > most) most = d;
    if (most > limit) return most;
    const children: unknown[] = Array.isArray(o) ? o : Object.values(o);
    for (let i = 0; i < children.length; i++) {
      const c = children[i];
      if (isObjectLike(c)) stack.push([c, d + 1]);
    }
  }
  return most;
}

/** `root` (validated plain data) as a Flat: nodes in pre-order, so every child's index is above its parent's. */
export function flatten(root: unknown): Flat {
  const t: number[] = [];
  const v: unknown[] = [];
  const add = (x: unknown): number => {
    const k = t.length;
    if (!isObjectLike(x)) {
      t.push(PRIMITIVE);
      v.push(x);
    } else {
      t.push(Array.isArray(x) ? ARRAY : OBJECT);
      v.push(undefined);
      pending.push([k, x]);
    }
    return k;
  };
  const pending: Array<[number, object]> = [];
  add(root);
  while (pending.length > 0) {
    const [k, o] = pending.pop()!;
    if (t[k] === ARRAY) {
      const a = o as unknown[];
      const ids = new Array<number>(a.length);
      for (let i = 0; i < a.length; i++) ids[i] = add(a[i]);
      v[k] = ids;
    } else {
      const keys = Object.keys(o);
      const ids = new Array<number>(keys.length);
      for (let i = 0; i < keys.length; i++) ids[i] = add((o as Record<string, unknown>)[keys[i]!]);
      v[k] = [keys, ids];
    }
  }
  return { t, v };
}

/** The plain data a Flat stands for, frozen, rebuilt bottom-up; keys are defined as own properties. */
export function unflatten(f: Flat): unknown {
  const out = new Array<unknown>(f.t.length);
  for (let k = f.t.length - 1; k >= 0; k--) {
    const tag = f.t[k];
    if (tag === PRIMITIVE) {
      out[k] = f.v[k];
    } else if (tag === ARRAY) {
      const ids = f.v[k] as number[];
      const a = new Array<unknown>(ids.length);
      for (let i = 0; i < ids.length; i++) a[i] = out[ids[i]!];
      out[k] = Object.freeze(a);
    } else {
      const [keys, ids] = f.v[k] as [string[], number[]];
      const o: Record<string, unknown> = {};
      for (let i = 0; i < keys.length; i++) {
        Object.defineProperty(o, keys[i]!, { value: out[ids[i]!], enumerable: true, writable: false, configurable: false });
      }
      out[k] = Object.freeze(o);
    }
  }
  return out[0];
}
