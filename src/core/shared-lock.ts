/**
 * SharedLock: a mutual-exclusion lock in shared memory (OpenMP's
 * `omp_lock_t`), its two words and every Atomics call made on them (the
 * protocol, L1-L4, is in core/README.md). Passed in `shared`, it arrives in
 * every thread as a SharedLock over the same words (team/shared/values.ts).
 * The class lives here, with its words, and reaches the package entry through
 * api/lock.ts (data/ may not import core/).
 *
 * - word 0 (STATE): lock-word.ts's three-state futex mutex, 0 free, 1 held,
 *   2 held with waiters;
 * - word 1 (HOLDER): the holding thread's token (threadToken below),
 *   0 while free. Written by the holder only, with plain stores: after it took
 *   STATE, and back to 0 before it lets STATE go (the atomic operations on
 *   STATE order them). Only a thread comparing it with its own token relies on
 *   it, and a thread always sees its own stores (L4).
 */
import { describe } from '../describe.js';
import { LockError, sharedMemoryMissing } from '../errors.js';
import { atomics, math } from '../intrinsics.js';
import { lockWord, unlockWord } from './lock-word.js';
import { waitChange } from './wait.js';

const STATE = 0;
const HOLDER = 1;
/** Bytes a lock's words take: a 64-byte line of their own, so that two locks never share one. */
export const LOCK_BYTES = 64;
/** Compare-exchanges a locker tries before it sleeps. */
const SPINS = 100;
/** How long a blocked locker sleeps before it looks again (a wake is never lost; this bounds a missed one). */
const SLICE_MS = 50;

/** L1: take the lock if it is free. */
export function tryLockAt(i32: Int32Array, token: number): boolean {
  if (atomics.compareExchange(i32, STATE, 0, 1) !== 0) return false;
  i32[HOLDER] = token;
  return true;
}

/** L2: take the lock, spinning briefly and then sleeping with Atomics.wait (which throws where the thread may not block). */
export function lockAt(i32: Int32Array, token: number): void {
  lockWord(i32, STATE, SPINS, SLICE_MS);
  i32[HOLDER] = token;
}

/**
 * L2 without blocking the thread (a browser's main thread): the same
 * protocol, with the sleep replaced by Atomics.waitAsync (or polling where
 * there is none, core/wait.ts).
 */
export async function lockAsyncAt(i32: Int32Array, token: number): Promise<void> {
  for (let k = 0; k < SPINS; k++) if (tryLockAt(i32, token)) return;
  for (;;) {
    // Mark the word "held with waiters", as lockWord does before it sleeps; 0 back means it was free: ours.
    if (atomics.exchange(i32, STATE, 2) === 0) break;
    await waitChange(i32, STATE, 2);
  }
  i32[HOLDER] = token;
}

/** L3: let the lock go if `token` holds it (false, and nothing changed, when it does not). */
export function unlockAt(i32: Int32Array, token: number): boolean {
  if (!heldBy(i32, token) || i32[STATE] === 0) return false;
  i32[HOLDER] = 0; // published by unlockWord's atomic subtraction, before STATE can be taken again
  unlockWord(i32, STATE);
  return true;
}

/**
 * L4: whether the thread with `token` holds the lock. A plain read: only that
 * thread ever writes its token there, and a thread sees its own stores, so
 * the answer is exact for the caller's own token whatever other threads do.
 */
export function heldBy(i32: Int32Array, token: number): boolean {
  return i32[HOLDER] === token;
}

/** Whether some thread holds the lock now (a snapshot of STATE). */
export function lockedAt(i32: Int32Array): boolean {
  return atomics.load(i32, STATE) !== 0;
}

/** Marks SharedLock instances across copies of this module (ESM, CJS, workers). */
const BRAND = Symbol.for('parfor.SharedLock');
/** Where this thread's token lives: one per thread, whichever copy of parfor asks. */
const TOKEN = Symbol.for('parfor.threadToken');

/**
 * This thread's token, the lock's record of who holds it: a random non-zero
 * 31-bit integer made on first use and kept on the thread's global object, so
 * that every copy of parfor on the thread (and every lock) sees the same one.
 * Two threads draw the same token with a probability of about n² / 2^32 for n
 * threads; they would then see each other's hold as their own.
 */
/** This copy's cache of the thread's token (the global property is the one every copy reads first). */
let cachedToken = 0;

function threadToken(): number {
  if (cachedToken !== 0) return cachedToken;
  const g = globalThis as unknown as Record<symbol, number | undefined>;
  let t = g[TOKEN];
  if (t === undefined) {
    t = 1 + math.floor(math.random() * 0x7ffffffe);
    Object.defineProperty(globalThis, TOKEN, { value: t, enumerable: false, configurable: false, writable: false });
  }
  cachedToken = t;
  return t;
}

/**
 * A lock every thread of a loop, region or task tree can take, one at a time:
 * the shared-memory counterpart of OpenMP's `omp_set_lock` /
 * `omp_unset_lock`. It spins briefly, then sleeps with `Atomics.wait`; on a
 * thread that may not block (a browser's main thread) use `acquireAsync()`.
 * The thread that acquired it must release it; it is not recursive.
 *
 * @example
 * ```ts
 * const lock = new SharedLock();
 * const best = sharedArray(Float64Array, 2);    // [score, index]
 * await parallelFor(0, n, (i, { lock, best, score }) => {
 *   const s = score(i);
 *   if (s > best[0]) lock.withLock(() => { if (s > best[0]) { best[0] = s; best[1] = i; } });
 * }, { shared: { lock, best } });
 * ```
 */
export class SharedLock {
  /** The lock's words (core/shared-lock.ts), over a SharedArrayBuffer of its own. */
  readonly words: Int32Array;

  constructor() {
    if (typeof SharedArrayBuffer === 'undefined') throw sharedMemoryMissing('create a SharedLock');
    this.words = new Int32Array(new SharedArrayBuffer(LOCK_BYTES));
    Object.defineProperty(this, BRAND, { value: true });
  }

  /**
   * Take the lock, waiting while another thread holds it. A `LockError` if
   * this thread holds it already. On a thread that may not block (a
   * browser's main thread) it takes a free lock, but one that stays held past
   * its brief spin is a `TypeError`: there, use `acquireAsync()`.
   */
  acquire(): void {
    const token = this.notMine('acquire');
    try {
      lockAt(this.words, token);
    } catch (e) {
      // Only Atomics.wait throws here: this thread may not sleep.
      throw new TypeError(
        "Cannot acquire the SharedLock by waiting on this thread, as it may not block (a browser's main thread): use await lock.acquireAsync()",
        { cause: e },
      );
    }
  }

  /** Take the lock without blocking the thread: resolves once this thread holds it. The same errors as `acquire()`. */
  acquireAsync(): Promise<void> {
    try {
      return lockAsyncAt(this.words, this.notMine('acquire'));
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /** Take the lock if it is free: true when this thread now holds it. A `LockError` if this thread holds it already. */
  tryAcquire(): boolean {
    return tryLockAt(this.words, this.notMine('acquire'));
  }

  /** Let the lock go. A `LockError` if this thread does not hold it (another does, or none). */
  release(): void {
    if (!unlockAt(this.words, threadToken())) {
      const held = lockedAt(this.words);
      throw new LockError(
        `Cannot release the SharedLock as this thread does not hold it (${held ? 'another thread holds it' : 'it is free'})`,
      );
    }
  }

  /**
   * Run `fn` holding the lock, and release it however `fn` ends; returns
   * what `fn` returns. `fn` must be synchronous: a promise it returns would
   * outlive the lock, so that is a TypeError (after the release).
   */
  withLock<T>(fn: () => T): T {
    if (typeof fn !== 'function') throw new TypeError(`Cannot run withLock as its argument must be a function: received ${describe(fn)}`);
    this.acquire();
    let r: T;
    try {
      r = fn();
    } finally {
      this.release();
    }
    if (typeof r === 'object' && r !== null && typeof (r as { then?: unknown }).then === 'function') {
      throw new TypeError(
        'Cannot use withLock with a function that returns a promise: the lock would be released before the promise settles (use acquireAsync and release around the awaits)',
      );
    }
    return r;
  }

  /** Whether some thread holds the lock now (a snapshot, for diagnostics). */
  get locked(): boolean {
    return lockedAt(this.words);
  }

  /** This thread's token, once checked not to be the holder's (locks are not recursive). */
  private notMine(what: string): number {
    const token = threadToken();
    if (heldBy(this.words, token)) {
      throw new LockError(`Cannot ${what} the SharedLock as this thread holds it already (it is not recursive: release it first)`);
    }
    return token;
  }
}

/** Whether `v` is a SharedLock (from any copy of parfor). */
export function isSharedLock(v: unknown): v is SharedLock {
  return typeof v === 'object' && v !== null && (v as Record<symbol, unknown>)[BRAND] === true;
}

/** A SharedLock over words that arrived from another thread (team/shared/values.ts). */
export function lockOver(words: Int32Array): SharedLock {
  const lock = Object.create(SharedLock.prototype) as SharedLock;
  Object.defineProperty(lock, 'words', { value: words, enumerable: true });
  Object.defineProperty(lock, BRAND, { value: true });
  return lock;
}
