// The browser build's port reader, run under Node (whose MessageChannel has the
// same onmessage): a wait that times out is withdrawn, so the message that
// arrives after it is kept for the next reader instead of going to a reader
// that has given up.
import { MessageChannel } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { browserThreadIO } from '../src/platform/browser.js';

describe('browser port reader', () => {
  it('keeps a message that arrives after a wait timed out, for the next wait', async () => {
    const { port1, port2 } = new MessageChannel();
    try {
      // Nothing has been posted: the wait gives up after 1 ms.
      expect(await browserThreadIO.next!(port1, 1)).toBeUndefined();
      port2.postMessage('late report');
      expect(await browserThreadIO.next!(port1, 1_000)).toBe('late report');
      // Messages that arrive while nobody waits are queued, in order.
      port2.postMessage(1);
      port2.postMessage(2);
      const first = await browserThreadIO.next!(port1);
      const second = await browserThreadIO.next!(port1);
      expect([first, second]).toEqual([1, 2]);
    } finally {
      port1.close();
      port2.close();
    }
  });
});
