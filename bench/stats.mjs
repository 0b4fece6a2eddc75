// Small statistics helpers for the bench: medians over repeated runs.
export function summarize(samples) {
  const s = [...samples].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
  return { median, min: s[0], max: s[s.length - 1], n: s.length };
}

/** `reps` timed calls of `fn` (sync or async) after one untimed warm-up: { median, min, max, n } in ms. */
export async function timeRuns(fn, reps = 7) {
  await fn();
  const s = [];
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    await fn();
    s.push(performance.now() - t0);
  }
  return summarize(s);
}

/** The median of timeRuns. */
export async function medianTime(fn, reps = 7) {
  return (await timeRuns(fn, reps)).median;
}

export function fmtTime(ms) {
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms >= 1) return `${ms.toFixed(1)} ms`;
  return `${(ms * 1000).toFixed(2)} µs`;
}

export function table(rows, columns) {
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c] ?? '').length)));
  const line = (cells) => cells.map((v, k) => String(v ?? '').padEnd(widths[k])).join('  ');
  return [line(columns), line(widths.map((w) => '-'.repeat(w))), ...rows.map((r) => line(columns.map((c) => r[c])))].join('\n');
}
