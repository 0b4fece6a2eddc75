/** The Node worker entry: start data from workerData, messages drained synchronously. */
import { WorkerBlock } from '../../core/worker.js';
import { onThreadExit, receive, threadData } from '../../platform/node.js';
import type { WorkerInit } from '../messages.js';
import { runWorker } from './loop.js';

const init = threadData<WorkerInit>();
// A body that calls process.exit() ends only this thread: leave the code where a
// blocked caller can read it (it sees no 'exit' event until it returns).
onThreadExit((code) => new WorkerBlock(init.control).setExitCode(init.index, code));
void runWorker(init, { receive });
