/**
 * The browser platform adapter: module Web Workers behind the Platform
 * interface. The build puts it in place of platform/node.ts for the `browser`
 * export condition. The worker URL is written as
 * `new Worker(new URL('./worker.js', import.meta.url), { type: 'module' })`
 * so that bundlers (webpack 5, Vite, Parcel) find and emit the worker file.
 * Below it, what the Web Worker itself needs; one port reader serves both
 * sides (a queue per port, so a message that arrives while nobody awaits one
 * is kept, never dropped).
 */
import { UnsupportedEnvironmentError } from '../errors.js';
import { fetchBytes } from './fetch-bytes.js';
import type { Entry, Platform, PortLike, ThreadIO, WorkerLike } from './types.js';

function wrap(worker: Worker): WorkerLike {
  const exits: Array<(code: number) => void> = [];
  let gone = false;
  // Browsers fire no exit event: a worker is gone when we terminate it, or when its script fails.
  const exited = (code: number) => {
    if (gone) return;
    gone = true;
    for (const cb of exits.splice(0)) cb(code);
  };
  const errorHandlers: Array<(e: unknown) => void> = [];
  worker.addEventListener('error', (e) => {
    e.preventDefault();
    for (const cb of errorHandlers) cb(e.error ?? new Error(e.message || 'The worker failed to load or crashed'));
    worker.terminate();
    exited(1);
  });
  return {
    postMessage: (m, t) => worker.postMessage(m, (t ?? []) as Transferable[]),
    terminate: async () => {
      worker.terminate();
      exited(1);
    },
    ref() {
      /* a page has no process to keep alive */
    },
    unref() {
      /* idem */
    },
    onExit: (cb) => {
      if (gone) cb(1);
      else exits.push(cb);
    },
    onError: (cb) => {
      errorHandlers.push(cb);
    },
  };
}

export const platform: Platform = {
  name: 'browser',
  availableParallelism: () => (typeof navigator !== 'undefined' && navigator.hardwareConcurrency) || 4,
  env: () => undefined,
  // The main thread of a page must never block; parfor's browser build runs async loops only.
  canBlock: () => false,
  spawn(entry: Entry, data, transfer) {
    if (entry !== 'worker')
      throw new UnsupportedEnvironmentError('The browser build has no watcher thread: synchronous loops are Node only');
    const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module', name: 'parfor-worker' });
    worker.postMessage(data, transfer as Transferable[]);
    return wrap(worker);
  },
  channel() {
    const c = new MessageChannel();
    return { port1: c.port1, port2: c.port2 };
  },
  receive: () => undefined,
  runnable: () => -1,
  // One queue per port, listening from the first call on: a message that arrives while nobody
  // awaits one is kept for the next call, never dropped, and so is one that arrives after a
  // wait timed out.
  receiveAsync: (port: PortLike, ms: number) => browserThreadIO.next!(port, ms),
  importSync() {
    throw new UnsupportedEnvironmentError('Cannot load a kernel module synchronously in a browser: use the async loop functions');
  },
  loadBytes: fetchBytes,
};

// ---- the Web Worker's side ---------------------------------------------------------

/** What a Web Worker needs from the platform: its start message, and awaited messages on ports. */
const queues = new WeakMap<object, { items: unknown[]; waiting: Array<(m: unknown) => void> }>();

function queueOf(port: PortLike) {
  let q = queues.get(port);
  if (q === undefined) {
    const created = { items: [] as unknown[], waiting: [] as Array<(m: unknown) => void> };
    (port as MessagePort).onmessage = (e: MessageEvent) => {
      const w = created.waiting.shift();
      if (w) w(e.data);
      else created.items.push(e.data);
    };
    queues.set(port, created);
    q = created;
  }
  return q;
}

export const browserThreadIO: ThreadIO = {
  receive: () => undefined,
  next(port, ms) {
    const q = queueOf(port);
    if (q.items.length > 0) return Promise.resolve(q.items.shift());
    return new Promise((resolve) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const take = (m: unknown) => {
        if (timer !== undefined) clearTimeout(timer);
        resolve(m);
      };
      q.waiting.push(take);
      if (ms === undefined) return;
      // Withdraw the wait before giving up, so a message that comes later goes to the queue.
      timer = setTimeout(() => {
        const k = q.waiting.indexOf(take);
        if (k >= 0) q.waiting.splice(k, 1);
        resolve(undefined);
      }, ms);
    });
  },
};

export function onFirstMessage(cb: (data: unknown) => void): void {
  const scope = globalThis as unknown as { addEventListener(t: string, f: (e: MessageEvent) => void, o: object): void };
  scope.addEventListener('message', (e: MessageEvent) => cb(e.data), { once: true });
}
