/**
 * A shared buffer the threads of a traced loop append chunk records to:
 * [threadId, lo, hi, start, end] (times in ms since the epoch, as
 * timeOrigin + now(), comparable across threads).
 * Header: int32 [count, dropped] in the first 128-byte slot; records after.
 */
import { atomics, math, now, timeOrigin } from '../intrinsics.js';

const HEADER_BYTES = 128;
const FIELDS = 5;

/** Records one trace buffer holds; chunks past it are counted as dropped. */
export const TRACE_CAPACITY = 1 << 16;

export interface TraceRecord {
  threadId: number;
  lo: number;
  hi: number;
  /** Milliseconds from the loop's dispatch. */
  start: number;
  end: number;
}

export class TraceBuffer {
  readonly buffer: SharedArrayBuffer;
  private readonly head: Int32Array;
  private readonly rec: Float64Array;

  constructor(buffer = new SharedArrayBuffer(HEADER_BYTES + TRACE_CAPACITY * FIELDS * 8)) {
    this.buffer = buffer;
    this.head = new Int32Array(buffer, 0, 2);
    this.rec = new Float64Array(buffer, HEADER_BYTES);
  }

  reset(): void {
    atomics.store(this.head, 0, 0);
    atomics.store(this.head, 1, 0);
  }

  /** Append one record (any thread). */
  record(threadId: number, lo: number, hi: number, start: number, end: number): void {
    const k = atomics.add(this.head, 0, 1);
    if (k >= TRACE_CAPACITY) {
      atomics.add(this.head, 1, 1);
      return;
    }
    const r = this.rec;
    const at = k * FIELDS;
    r[at] = threadId;
    r[at + 1] = lo;
    r[at + 2] = hi;
    r[at + 3] = start;
    r[at + 4] = end;
  }

  /** The records of the loop just joined, times made relative to `origin`, sorted by start. */
  read(origin: number): { chunks: TraceRecord[]; dropped: number } {
    const n = math.min(atomics.load(this.head, 0), TRACE_CAPACITY);
    const chunks: TraceRecord[] = [];
    for (let k = 0; k < n; k++) {
      const at = k * FIELDS;
      const r = this.rec;
      chunks.push({ threadId: r[at]!, lo: r[at + 1]!, hi: r[at + 2]!, start: r[at + 3]! - origin, end: r[at + 4]! - origin });
    }
    chunks.sort((a, b) => a.start - b.start || a.threadId - b.threadId);
    return { chunks, dropped: atomics.load(this.head, 1) };
  }
}

/** Milliseconds since the epoch, comparable between threads. */
export function wallClock(): number {
  return timeOrigin + now();
}
