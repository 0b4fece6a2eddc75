/** What a spawned thread (worker or watcher) gets from Node: its start data. */
import { parentPort, receiveMessageOnPort, workerData, type MessagePort } from 'node:worker_threads';
import type { PortLike } from './types.js';

export function threadData<T>(): T {
  return workerData as T;
}

export function receive(port: PortLike): unknown {
  const m = receiveMessageOnPort(port as MessagePort);
  return m === undefined ? undefined : m.message;
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
