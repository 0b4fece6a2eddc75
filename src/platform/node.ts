/**
 * The Node.js platform: worker_threads behind the Platform interface for the
 * team, and what a spawned thread (worker or watcher) needs from Node, below.
 * The thread entries import only the thread half, so their bundles leave the
 * spawning half (and its `new Worker(new URL(...))`) out.
 */

import { openSync, readSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { MessageChannel, type MessagePort, Worker as NodeWorker, parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { fetchBytes } from './fetch-bytes.js';
import type { Entry, Platform, PortLike, WorkerLike } from './types.js';

const here = import.meta.url;

/**
 * The machine's runnable threads now: the numerator of /proc/loadavg's fourth
 * field ("2/245"), read into one buffer through a descriptor kept open (so a
 * reading allocates nothing: ~3 µs here). -1 where there is no such file.
 */
function runnable(): number {
  if (loadavg.fd === -1) return -1;
  try {
    if (loadavg.fd === undefined) loadavg.fd = openSync('/proc/loadavg', 'r');
    const bytes = loadavg.bytes;
    const n = readSync(loadavg.fd, bytes, 0, bytes.length, 0);
    let i = 0;
    for (let spaces = 0; i < n && spaces < 3; i++) if (bytes[i] === 32) spaces++;
    let count = 0;
    let digits = 0;
    for (; i < n && bytes[i]! >= 48 && bytes[i]! <= 57; i++, digits++) count = count * 10 + bytes[i]! - 48;
    return digits > 0 ? count : -1;
  } catch {
    loadavg.fd = -1; // not Linux, or no /proc: never asked again
    return -1;
  }
}
const loadavg: { fd: number | undefined; bytes: Uint8Array } = { fd: undefined, bytes: new Uint8Array(128) };

/** Flags of this process that make a worker fail to start when it inherits them. */
const NOT_FOR_WORKERS = /^--(input-type|eval|print|test|watch|check|interactive)\b|^-[epic]$/;
/** Flags a worker is given when the others cannot be inherited as a whole (names without a value). */
const KEEP = new Set([
  '--import',
  '--require',
  '-r',
  '--loader',
  '--experimental-loader',
  '--conditions',
  '-C',
  '--enable-source-maps',
  '--no-warnings',
  '--no-deprecation',
  '--experimental-vm-modules',
  '--experimental-strip-types',
  '--experimental-transform-types',
  '--experimental-detect-module',
  '--experimental-require-module',
]);
const TAKES_VALUE = new Set(['--import', '--require', '-r', '--loader', '--experimental-loader', '--conditions', '-C']);

/**
 * The execArgv for a worker. Usually undefined: the worker inherits this
 * process's flags the way Node does it, which accepts per-process V8 flags
 * such as --max-old-space-size or --expose-gc (they apply to the whole process
 * anyway). Only when a flag would stop the worker from starting (a script given
 * with -e, --input-type, --test, --watch) is an explicit list passed: the
 * flags that matter to the code a worker loads (loaders, --import, --require,
 * conditions, source maps). An explicit list may not hold V8 flags.
 */
function workerExecArgv(): string[] | undefined {
  const argv = process.execArgv;
  if (!argv.some((a) => NOT_FOR_WORKERS.test(a))) return undefined;
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const name = a.includes('=') ? a.slice(0, a.indexOf('=')) : a;
    if (!KEEP.has(name)) continue;
    out.push(a);
    if (!a.includes('=') && TAKES_VALUE.has(name) && i + 1 < argv.length) out.push(argv[++i]!);
  }
  return out;
}

function wrap(worker: NodeWorker): WorkerLike {
  const like: WorkerLike = {
    postMessage: (m, t) => worker.postMessage(m, t as never),
    terminate: () => worker.terminate(),
    ref: () => worker.ref(),
    unref: () => worker.unref(),
    onExit: (cb) => {
      worker.once('exit', cb);
    },
    onError: (cb) => {
      worker.on('error', cb);
    },
  };
  if (nodeItself) {
    // A worker's eventLoopUtilization() is answered by its native handle, not by either event
    // loop, and reports idle: -1 once the worker's thread has stopped (process.exit, a crash,
    // heap exhaustion, terminate()): 0.04-0.07 ms after the exit on Node 20, 22 and 24
    // (bench/death-probe.mjs, bench/results/issue-25-start.txt). Before 'online' it says nothing.
    let online = false;
    worker.once('online', () => {
      online = true;
    });
    like.gone = () => {
      if (!online) return undefined;
      const { idle, active } = worker.performance.eventLoopUtilization();
      // All zeros: the handle cannot tell yet (its event loop has not turned, or Node has not
      // taken the worker's 'online' message), which is not "running".
      return idle < 0 ? true : idle === 0 && active === 0 ? undefined : false;
    };
  }
  return like;
}

/**
 * Node itself, not a runtime that imitates its API: Bun answers a worker's eventLoopUtilization()
 * with zeros after the thread ended, and Deno has no worker.performance.
 */
const nodeItself =
  typeof (globalThis as { Bun?: unknown }).Bun === 'undefined' && typeof (globalThis as { Deno?: unknown }).Deno === 'undefined';

/**
 * `createRequire`, taken from `process.getBuiltinModule` where Node has it (20.16+): webpack's Node
 * target rewrites a direct `createRequire(…)` call at build time (and warns that it cannot), while a
 * value looked up at run time is left alone. Older Node uses the import.
 */
function requireFrom(base: string): (id: string) => unknown {
  const getBuiltin = (process as { getBuiltinModule?: (id: string) => { createRequire?: typeof createRequire } }).getBuiltinModule;
  const make = (typeof getBuiltin === 'function' ? getBuiltin('node:module')?.createRequire : undefined) ?? createRequire;
  return make(base);
}

export const platform: Platform = {
  name: 'node',
  availableParallelism: () => availableParallelism(),
  env(name) {
    // Deno without --allow-env throws on reading a variable: unreadable means "not set".
    try {
      return process.env[name];
    } catch {
      return undefined;
    }
  },
  // Node lets every thread block; the main thread blocking is the point of sync loops.
  canBlock: () => true,
  runnable,
  spawn(entry: Entry, data, transfer, resourceLimits) {
    const options = {
      workerData: data,
      transferList: transfer as never,
      resourceLimits,
      execArgv: workerExecArgv(),
      // Workers share the process's stdio; do not make them wait on a pipe.
      stdout: false,
      stderr: false,
      name: `parfor-${entry}`,
    };
    // Written out literally, once per entry file: bundlers that follow
    // `new Worker(new URL('./x.js', import.meta.url))` (webpack's Node target) then emit the
    // thread entries with the bundle instead of pointing at the build machine's files.
    const worker =
      entry === 'worker'
        ? new NodeWorker(new URL('./worker.cjs', import.meta.url), options)
        : new NodeWorker(new URL('./watcher.cjs', import.meta.url), options);
    return wrap(worker);
  },
  channel() {
    const { port1, port2 } = new MessageChannel();
    return { port1, port2 };
  },
  receive,
  importSync(url) {
    const path = url.startsWith('file:') ? fileURLToPath(url) : url;
    return requireFrom(here)(path) as Record<string, unknown>;
  },
  async loadBytes(url) {
    // Node's fetch() reads no file: URLs.
    if (url.startsWith('file:')) return new Uint8Array(await readFile(fileURLToPath(url)));
    return fetchBytes(url);
  },
};

// ---- the spawned thread's side --------------------------------------------------

/** One queued message on a port, or undefined, without waiting: the one port reader of both sides. */
export function receive(port: PortLike): unknown {
  const m = receiveMessageOnPort(port as MessagePort);
  return m === undefined ? undefined : m.message;
}

/**
 * The thread's start data, taken once: `workerData` is then cleared, so code
 * running on this thread (a loop body) cannot reach the team's control block
 * through it by accident.
 *
 * Only the thread entries call this, and they are CommonJS files (dist/worker.cjs and
 * watcher.cjs), where `require` returns worker_threads' exports object itself. An ES module's
 * `import { workerData }` reads a copy of that object made when worker_threads is first imported
 * on this thread, after this. Only a copy made earlier, by a preload (`--import`, NODE_OPTIONS) or
 * by a runtime other than Node, needs `syncBuiltinESMExports()` to see the change; loading
 * `node:module` for it costs a starting worker about 0.5 ms, so a plain Node start skips it
 * (bench/results/issue-25-start.txt).
 */
export function threadData<T>(): T {
  const data = workerData as T;
  const wt = require('node:worker_threads') as { workerData: unknown };
  wt.workerData = null;
  if (!plainNodeStart()) (require('node:module') as { syncBuiltinESMExports(): void }).syncBuiltinESMExports();
  return data;
}

/** Node, with no flags and no NODE_OPTIONS: no code ran on this thread before its entry file. */
function plainNodeStart(): boolean {
  return nodeItself && process.execArgv.length === 0 && !process.env.NODE_OPTIONS;
}

/** Call `cb` with the exit code when this thread ends through process.exit() (or its event loop empties). */
export function onThreadExit(cb: (code: number) => void): void {
  process.on('exit', cb);
}

/** Call `cb` once the other end of `port` is gone (its thread exited). */
export function onPortClose(port: PortLike, cb: () => void): void {
  (port as MessagePort).on('close', cb);
  (port as MessagePort).start();
}

/** Listen for messages from the thread that spawned this one. */
export function onParentMessage(cb: (message: unknown) => void): void {
  parentPort!.on('message', cb);
}
