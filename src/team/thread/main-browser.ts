/** The Web Worker entry: start data arrives as the first message; definitions are awaited. */
import { browserThreadIO, onFirstMessage } from '../../platform/browser.js';
import type { WorkerInit } from '../messages.js';
import { runWorker } from './loop.js';

// A body that closed its worker would leave the team waiting for a thread that is gone (browsers
// report no worker exit): closing is refused, and the body's loop fails with this error.
(globalThis as { close?: () => void }).close = () => {
  throw new TypeError('A loop body cannot close the worker it runs on: the team owns its workers (use team.close())');
};
onFirstMessage((init) => {
  void runWorker(init as WorkerInit, browserThreadIO);
});
