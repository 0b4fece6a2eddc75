/** The Web Worker entry: start data arrives as the first message; definitions are awaited. */
import { browserThreadIO, onFirstMessage } from '../platform/browser-thread.js';
import type { WorkerInit } from './messages.js';
import { runWorker } from './worker-loop.js';

onFirstMessage((init) => { void runWorker(init as WorkerInit, browserThreadIO); });
