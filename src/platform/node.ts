/** The Node.js platform adapter: worker_threads behind the Platform interface. */
import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { MessageChannel, MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { Entry, Platform, PortLike, WorkerLike } from './types.js';

const here = import.meta.url;

/** Flags of this process that must not reach a worker (they make it fail to start). */
const NOT_FOR_WORKERS = /^--(input-type|eval|print|test|watch|check|interactive)\b|^-[epic]$/;

function workerExecArgv(): string[] {
  return process.execArgv.filter((a) => !NOT_FOR_WORKERS.test(a));
}

function wrap(worker: Worker): WorkerLike {
  return {
    postMessage: (m, t) => worker.postMessage(m, t as never),
    terminate: () => worker.terminate(),
    ref: () => worker.ref(),
    unref: () => worker.unref(),
    onExit: (cb) => { worker.once('exit', cb); },
    onError: (cb) => { worker.on('error', cb); },
  };
}

export const platform: Platform = {
  name: 'node',
  availableParallelism: () => availableParallelism(),
  env: (name) => process.env[name],
  // Node lets every thread block; the main thread blocking is the point of sync loops.
  canBlock: () => true,
  spawn(entry: Entry, data, transfer, resourceLimits) {
    const url = new URL(`./${entry}.js`, here);
    const worker = new Worker(url, {
      workerData: data, transferList: transfer as never, resourceLimits, execArgv: workerExecArgv(),
      // Workers share the process's stdio; do not make them wait on a pipe.
      stdout: false, stderr: false,
      name: `parfor-${entry}`,
    });
    return wrap(worker);
  },
  channel() {
    const { port1, port2 } = new MessageChannel();
    return { port1, port2 };
  },
  receive(port: PortLike) {
    const m = receiveMessageOnPort(port as MessagePort);
    return m === undefined ? undefined : m.message;
  },
  importSync(url) {
    const path = url.startsWith('file:') ? fileURLToPath(url) : url;
    return createRequire(here)(path) as Record<string, unknown>;
  },
};
