/**
 * The watcher's steps (core/README.md, "Death"): the watcher thread declares
 * a worker dead when its lifeline closes (markDead, block.ts), and says once
 * that it listens.
 */
import { atomics } from '../intrinsics.js';
import { ControlBlock } from './block.js';
import { WATCHER_READY } from './layout.js';

export class WatcherBlock extends ControlBlock {
  /** The watcher listens for worker deaths (the dispatcher waits for this before a sync loop can block). */
  markReady(): void {
    atomics.store(this.i32, WATCHER_READY, 1);
    atomics.notify(this.i32, WATCHER_READY);
  }
}
