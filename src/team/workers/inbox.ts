/**
 * One worker's inbox, and what the team has sent through it: the bodies
 * (bounded, least recently used first; the worker is told which it may
 * forget), the shared values and the trace buffer. Each definition goes to a
 * worker once, so a repeated loop posts nothing. A replacement worker gets a
 * new inbox, empty.
 */
import type { PortLike } from '../../platform/types.js';
import { Lru } from '../bodies/lru.js';
import { MAX_BODIES_PER_WORKER, type RegisteredBody } from '../bodies/registry.js';
import type { DefineBody, DefineShared, DefineTasks, DefineTrace } from '../messages.js';
import { postView } from '../shared/posted-view.js';
import type { Encoded } from '../shared/values.js';

export class WorkerInbox {
  /** Body ids this worker has, least recently used first. */
  private readonly bodies = new Lru<number, true>(MAX_BODIES_PER_WORKER);
  /** Shared-values id this worker has. */
  private sharedId = -1;
  /** Whether this worker has the team's trace buffer. */
  private hasTrace = false;
  /** Whether this worker has the team's task arena. */
  private hasTasks = false;

  /** `posted` is called once per message (the team's count). */
  constructor(
    readonly port: PortLike,
    private readonly posted: () => void,
  ) {}

  /** Post body `reg` unless the worker has it. */
  ensureBody(reg: RegisteredBody): void {
    if (this.bodies.get(reg.id) !== undefined) return;
    const evict = this.bodies.set(reg.id, true);
    const msg: DefineBody = { type: 'body', id: reg.id, def: reg.def, evict };
    this.post(msg);
  }

  /** Post shared values `id` unless the worker has them (id 0, "none", needs no message). */
  ensureShared(id: number, value: Encoded | null, extra: ArrayBufferView | undefined): void {
    if (this.sharedId === id || id === 0) return;
    const msg: DefineShared = { type: 'shared', id, value, extra: postView(extra) };
    this.post(msg);
    this.sharedId = id;
  }

  /** Post the trace buffer unless the worker has it. */
  ensureTrace(buffer: SharedArrayBuffer): void {
    if (this.hasTrace) return;
    const msg: DefineTrace = { type: 'trace', buffer };
    this.post(msg);
    this.hasTrace = true;
  }

  /** Post the task arena unless the worker has it. */
  ensureTasks(buffer: SharedArrayBuffer, threads: number): void {
    if (this.hasTasks) return;
    const msg: DefineTasks = { type: 'tasks', buffer, threads };
    this.post(msg);
    this.hasTasks = true;
  }

  private post(msg: DefineBody | DefineShared | DefineTrace | DefineTasks): void {
    this.port.postMessage(msg);
    this.posted();
  }
}
