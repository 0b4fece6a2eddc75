/** What a Web Worker needs from the platform: its start message, and awaited messages on ports. */
import type { PortLike, ThreadIO } from './types.js';

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
  next(port) {
    const q = queueOf(port);
    if (q.items.length > 0) return Promise.resolve(q.items.shift());
    return new Promise((resolve) => q.waiting.push(resolve));
  },
};

export function onFirstMessage(cb: (data: unknown) => void): void {
  const scope = globalThis as unknown as { addEventListener(t: string, f: (e: MessageEvent) => void, o: object): void };
  scope.addEventListener('message', (e: MessageEvent) => cb(e.data), { once: true });
}
