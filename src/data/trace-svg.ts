/** Render a loop trace as an SVG timeline: one lane per thread, one bar per chunk. */

import { describe } from '../describe.js';
import { isFiniteNumber, isSafeInteger, math } from '../intrinsics.js';

/** The shape traceToSVG reads (what `trace: true` resolves with). */
export interface TraceLike {
  schedule: string;
  threads: number;
  start: number;
  end: number;
  chunks: ReadonlyArray<{ threadId: number; lo: number; hi: number; start: number; end: number }>;
}

export interface TraceSVGOptions {
  width?: number;
  /** Height of one thread's lane. */
  laneHeight?: number;
  title?: string;
  /**
   * The time the axis spans, in ms (default: this trace's own length). Give
   * several traces the same span to compare them on one time axis.
   */
  span?: number;
}

const COLORS = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2', '#edc948', '#b07aa1', '#ff9da7'];

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/**
 * An SVG document (a string) showing when each thread ran which chunk, so
 * static, dynamic and guided schedules can be seen side by side.
 *
 * @example
 * ```ts
 * const trace = await parallelFor(0, 2000, body, { schedule: 'guided', trace: true });
 * writeFileSync('guided.svg', traceToSVG(trace, { title: 'guided' }));
 * ```
 */
export function traceToSVG(trace: TraceLike, options: TraceSVGOptions = {}): string {
  if (typeof trace !== 'object' || trace === null || !Array.isArray(trace.chunks) || !isSafeInteger(trace.threads) || trace.threads < 0) {
    throw new TypeError(`Cannot draw the trace as it must be what a loop with 'trace: true' resolves with: received ${describe(trace)}`);
  }
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`Cannot draw the trace as its options must be an object: received ${describe(options)}`);
  }
  if (options.span !== undefined && !(typeof options.span === 'number' && options.span > 0 && isFiniteNumber(options.span))) {
    throw new RangeError(`Cannot draw the trace as 'span' must be a positive number of ms: received ${describe(options.span)}`);
  }
  const width = options.width ?? 800;
  const lane = options.laneHeight ?? 28;
  const left = 70;
  const top = 34;
  const plot = width - left - 20;
  const ran = math.max(1e-9, ...trace.chunks.map((c) => c.end));
  const total = math.max(ran, options.span ?? 0);
  const height = top + trace.threads * lane + 34;
  const x = (t: number) => left + (plot * t) / total;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="${left}" y="20" font-size="14">${esc(options.title ?? `schedule ${trace.schedule}`)} · ${trace.end - trace.start} iterations · ${trace.chunks.length} chunks · ${ran.toFixed(2)} ms</text>`,
  ];
  for (let t = 0; t < trace.threads; t++) {
    const y = top + t * lane;
    parts.push(`<text x="8" y="${y + lane / 2 + 4}">thread ${t}</text>`);
    parts.push(`<line x1="${left}" x2="${left + plot}" y1="${y + lane - 2}" y2="${y + lane - 2}" stroke="#ddd"/>`);
  }
  for (const c of trace.chunks) {
    const y = top + c.threadId * lane + 3;
    const w = math.max(0.5, x(c.end) - x(c.start));
    parts.push(
      `<rect x="${x(c.start).toFixed(2)}" y="${y}" width="${w.toFixed(2)}" height="${lane - 8}" fill="${COLORS[c.threadId % COLORS.length]}" stroke="white" stroke-width="0.5">` +
        `<title>thread ${c.threadId}: [${c.lo}, ${c.hi}) ${(c.end - c.start).toFixed(3)} ms</title></rect>`,
    );
  }
  const axisY = top + trace.threads * lane + 16;
  for (let k = 0; k <= 4; k++) {
    const t = (total * k) / 4;
    // The outer labels are anchored inward so neither is cut off at the edge.
    const anchor = k === 0 ? 'start' : k === 4 ? 'end' : 'middle';
    parts.push(`<text x="${x(t).toFixed(1)}" y="${axisY}" text-anchor="${anchor}" fill="#555">${t.toFixed(1)} ms</text>`);
  }
  parts.push('</svg>');
  return parts.join('\n');
}
