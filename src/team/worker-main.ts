/** The Node worker entry: start data from workerData, messages drained synchronously. */
import { receive, threadData } from '../platform/node-thread.js';
import type { WorkerInit } from './messages.js';
import { runWorker } from './worker-loop.js';

void runWorker(threadData<WorkerInit>(), { receive });
