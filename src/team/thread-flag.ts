/**
 * Whether the current thread is running loop iterations. A body that calls
 * parallelFor again (from a kernel module) then runs that inner loop serially
 * on its own thread, as OpenMP does with nesting disabled. A global symbol,
 * so every copy of parfor loaded in a thread sees the same flag.
 */
const KEY = Symbol.for('parfor.inLoop');

type Flagged = { [KEY]?: number };

export function inLoopThread(): boolean {
  return ((globalThis as Flagged)[KEY] ?? 0) > 0;
}

export function enterLoopThread(): void {
  const g = globalThis as Flagged;
  g[KEY] = (g[KEY] ?? 0) + 1;
}

export function leaveLoopThread(): void {
  const g = globalThis as Flagged;
  g[KEY] = (g[KEY] ?? 1) - 1;
}
