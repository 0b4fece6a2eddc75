/** What `trace: true` resolves with (built by the engine, team/dispatch/result.ts). */
export type { Trace, TraceRecord } from '../team/dispatch/result.js';
