/**
 * The watcher thread. Its only job: notice when a worker thread ends and say
 * so in the control block, waking whoever waits. A calling thread blocked in
 * a synchronous loop cannot see `exit` events itself; this thread's event
 * loop is always free, and each worker holds one end of a "lifeline"
 * channel whose other end is here, which closes when the worker's thread ends
 * (exit, crash, out of memory or terminate).
 */
import { WatcherBlock } from '../../core/watcher.js';
import { onParentMessage, onPortClose, threadData } from '../../platform/node.js';
import type { PortLike } from '../../platform/types.js';
import type { Watch, WatcherInit } from '../messages.js';

const init = threadData<WatcherInit>();
const ctl = new WatcherBlock(init.control);

onParentMessage((m) => {
  const { index, gen, lifeline } = m as Watch;
  onPortClose(lifeline as PortLike, () => ctl.markDead(index, gen));
});
ctl.markReady();
