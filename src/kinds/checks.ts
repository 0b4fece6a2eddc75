/** What a runner checks of a body's result (shared by compiled runners and their closure twins). */

/** A body returned something other than undefined: refuse a promise (or any thenable). */
export function noPromise(r: unknown): void {
  if (r === null || (typeof r !== 'object' && typeof r !== 'function')) return;
  const then = (r as { then?: unknown }).then;
  if (typeof then !== 'function') return;
  // Its rejection is reported here, as this error, not as an unhandled rejection later.
  try {
    then.call(r, undefined, () => {});
  } catch {
    /* a thenable whose then throws: nothing was scheduled */
  }
  throw new TypeError(
    'The loop body returned a promise: a body must finish its work before it returns ' +
      '(bodies run synchronously on each thread; an async body or one returning a promise cannot be awaited there)',
  );
}

/** A body that must return a number (map: or a bigint) returned something else. */
export function notNumber(v: unknown, bigintToo: boolean): never {
  if (v !== null && (typeof v === 'object' || typeof v === 'function')) noPromise(v);
  const what = v === null ? 'null' : typeof v;
  throw new TypeError(
    `The loop body returned ${what} where ${bigintToo ? 'a number (or a bigint, for a BigInt64/BigUint64 out array)' : 'a number'} was expected`,
  );
}

export const CHECKS = { noPromise, notNumber };

/**
 * A reduction's or scan's combiner function, checked: what it returns must be
 * a number, as a body's result must (a string would make every later value
 * NaN, or the result a string, and the loop would still resolve).
 */
export function checkedCombiner(f: (a: number, b: number) => unknown): (a: number, b: number) => number {
  return (a, b) => {
    const r = f(a, b);
    if (typeof r !== 'number') {
      if (r !== null && (typeof r === 'object' || typeof r === 'function')) noPromise(r);
      throw new TypeError(`The combiner returned ${r === null ? 'null' : typeof r} where a number was expected`);
    }
    return r;
  };
}
