/**
 * Whether the current thread is running loop iterations. A body that calls
 * parallelFor again (from a kernel module) then runs that inner loop serially
 * on its own thread, as OpenMP does with nesting disabled. The counter lives
 * on one object stored under a global symbol, so every copy of parfor loaded
 * in a thread (ESM and CJS builds, the worker bundle) shares it, and the hot
 * path only touches a plain object.
 */
const KEY = Symbol.for('parfor.inLoop');

type Flag = { depth: number };
const g = globalThis as { [KEY]?: Flag };
g[KEY] ??= { depth: 0 };
const flag: Flag = g[KEY];

export function inLoopThread(): boolean {
  return flag.depth > 0;
}

export function enterLoopThread(): void {
  flag.depth++;
}

export function leaveLoopThread(): void {
  flag.depth--;
}
