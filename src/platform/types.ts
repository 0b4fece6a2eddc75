/**
 * The small interface the engine is written against. `platform/node.ts`
 * implements it over `worker_threads`; a Web Worker adapter can sit beside it.
 */

/** One side of a message channel. */
export interface PortLike {
  postMessage(message: unknown, transfer?: readonly unknown[]): void;
  close(): void;
}

/** A spawned thread, as the team sees it. */
export interface WorkerLike {
  postMessage(message: unknown, transfer?: readonly unknown[]): void;
  terminate(): Promise<unknown>;
  /** Keep the process alive while this thread exists. */
  ref(): void;
  /** Let the process exit even though this thread exists. */
  unref(): void;
  /** Called once when the thread has gone, with its exit code. */
  onExit(cb: (code: number) => void): void;
  /** Called when the thread fails with an uncaught error. */
  onError(cb: (error: unknown) => void): void;
  /**
   * Whether the thread has ended, answered without this thread's event loop, so that a thread
   * blocked in `Atomics.wait` can ask: true once it has ended, false while it runs, undefined
   * while this cannot be told (before the thread came online). Absent where the platform has no
   * such answer (browsers, Bun, Deno): there a watcher thread sees deaths instead.
   */
  gone?(): boolean | undefined;
}

/** How a spawned thread takes messages off a port. */
export interface ThreadIO {
  /** One queued message, or undefined, without waiting (Node's receiveMessageOnPort); always undefined where unsupported. */
  receive(port: PortLike): unknown;
  /**
   * The next message, waiting for it: for platforms without a synchronous
   * receive (browsers). With `ms`, undefined after that long, and the wait is
   * withdrawn: the message that arrives later is kept for the next call.
   */
  next?: (port: PortLike, ms?: number) => Promise<unknown>;
}

/** Which bundled entry a spawned thread runs. */
export type Entry = 'worker' | 'watcher';

export interface Platform {
  readonly name: string;
  /** Logical processors this process may use. */
  availableParallelism(): number;
  /** An environment variable, or undefined. */
  env(name: string): string | undefined;
  /** Whether this thread may block in `Atomics.wait`. */
  canBlock(): boolean;
  /**
   * How many threads on the whole machine are running or ready to run at
   * this moment (Linux: the fourth field of /proc/loadavg), or -1 where the
   * platform cannot tell. Read without allocating.
   */
  runnable(): number;
  spawn(entry: Entry, data: unknown, transfer: readonly unknown[], resourceLimits?: Record<string, number>): WorkerLike;
  channel(): { port1: PortLike; port2: PortLike };
  /** Take one queued message off a port without waiting, or undefined (always undefined in browsers). */
  receive(port: PortLike): unknown;
  /** The next message on a port, waiting at most `ms` for it, else undefined (browsers, where `receive` cannot). */
  receiveAsync?: (port: PortLike, ms: number) => Promise<unknown>;
  /** Import an ES module synchronously (for synchronous loops on kernels). */
  importSync(url: string): Record<string, unknown>;
  /** The bytes at a URL (a wasm module): file: URLs from disk in Node, anything fetch() reads. */
  loadBytes(url: string): Promise<Uint8Array>;
}
