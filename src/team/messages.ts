/**
 * Messages between the team and its threads (data only). In the steady state
 * none are sent: a region starts through the control block alone. These
 * carry what changes rarely (a new body, new shared values) and what goes
 * wrong (error details), and are always drained synchronously with
 * `receiveMessageOnPort`, never through event listeners.
 */
import type { BodyDef } from './bodies/compile.js';
import type { WireError } from './error-wire.js';
import type { PostedView } from './shared/posted-view.js';
import type { Encoded } from './shared/values.js';

/** Start data of a worker (its `workerData`). */
export interface WorkerInit {
  control: SharedArrayBuffer;
  /** Team slot. */
  index: number;
  /** Generation of the slot this worker fills (see W_STATE). */
  gen: number;
  /** Polls of the wake word before sleeping. */
  spins: number;
  /** Team → worker: DefineBody / DefineShared. */
  inbox: unknown;
  /** Worker → team: Report. */
  outbox: unknown;
  /** Held only so the watcher sees it close when this thread ends. */
  lifeline: unknown;
  /** The team's stats ledger (core/stats-ledger.ts), when it was created with `{ stats: true }`. */
  stats?: SharedArrayBuffer;
}

/** Start data of the watcher thread. */
export interface WatcherInit {
  control: SharedArrayBuffer;
}

/** Team → worker: a body the next regions may use. */
export interface DefineBody {
  type: 'body';
  id: number;
  def: BodyDef;
  /** Body ids the worker may forget (bounded cache, see bodies/registry.ts). */
  evict: number[];
}

/** Team → worker: the shared values regions with this id receive. */
export interface DefineShared {
  type: 'shared';
  id: number;
  value: Encoded | null;
  /** The loop's own output array (parallelMap), shared memory, in its posted form. */
  extra: ArrayBufferView | PostedView | undefined;
}

/** Team → worker: the buffer traced loops record into (sent once). */
export interface DefineTrace {
  type: 'trace';
  buffer: SharedArrayBuffer;
}

/** Team → worker: the task arena parallelTasks calls use (sent once, core/tasks.ts). */
export interface DefineTasks {
  type: 'tasks';
  buffer: SharedArrayBuffer;
  threads: number;
}

export type InboxMessage = DefineBody | DefineShared | DefineTrace | DefineTasks;

/** Worker → team: details of the error this worker raised first. */
export interface Report {
  type: 'error';
  epoch: number;
  error: WireError;
}

/** Team → watcher: watch this worker's lifeline. */
export interface Watch {
  index: number;
  gen: number;
  lifeline: unknown;
}
