/** What a spawned thread (worker or watcher) gets from Node: its start data. */
import { createRequire, syncBuiltinESMExports } from 'node:module';
import { type MessagePort, parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import type { PortLike } from './types.js';

/**
 * The thread's start data, taken once: `workerData` is then cleared, so code
 * running on this thread (a loop body) cannot reach the team's control block
 * through it by accident.
 */
export function threadData<T>(): T {
  const data = workerData as T;
  const wt = createRequire(import.meta.url)('node:worker_threads') as { workerData: unknown };
  wt.workerData = null;
  syncBuiltinESMExports();
  return data;
}

/** Call `cb` with the exit code when this thread ends through process.exit() (or its event loop empties). */
export function onThreadExit(cb: (code: number) => void): void {
  process.on('exit', cb);
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
