// The bench's progress line: what runs, the time so far, and an estimate of the time left, from
// each suite's duration in the last run with the same settings (bench/results/last-run.json), else
// from the durations measured on 2 cores (bench/results/issue-26-bench-durations.txt).
import { readFileSync } from 'node:fs';

/** Seconds a suite took: the tour's at 3 timed runs a variant, the full run's at 7. */
const MEASURED = {
  tour: { overhead: 14, kernels: 219, ceiling: 37 },
  full: { overhead: 14, dispatch: 28, epcc: 81, kernels: 363, ceiling: 70, wasm: 244, tasks: 181 },
};

const clock = (s) => `${Math.floor(s / 60)}:${String(Math.floor(s % 60)).padStart(2, '0')}`;

/** Each suite's expected seconds, and whether they are worth showing (a --quick run has none until one is recorded). */
function expectations(repeat, quick) {
  const expected = { ...MEASURED.full, ...(repeat <= 3 ? MEASURED.tour : {}) };
  try {
    const last = JSON.parse(readFileSync(new URL('./results/last-run.json', import.meta.url), 'utf8'));
    if (last.info?.repeat === repeat && last.info?.quick === quick && last.info.seconds) {
      return { expected: { ...expected, ...last.info.seconds }, estimated: true };
    }
  } catch {
    /* no earlier run */
  }
  return { expected, estimated: !quick };
}

/**
 * `progress(text)` rewrites the terminal's status line; `suite(name, fn)` runs a planned suite,
 * timed and announced on a line of its own (seen in logs too); `seconds` holds each suite's
 * duration; `total()` is the time so far.
 */
export function tracker({ planned, repeat, quick }) {
  const { expected, estimated } = expectations(repeat, quick);
  const started = performance.now();
  const seconds = {};
  let current = null;
  let currentStart = started;
  const left = () => {
    const inCurrent = current ? Math.max(0, expected[current] - (performance.now() - currentStart) / 1000) : 0;
    const after = planned.slice(planned.indexOf(current) + 1).reduce((sum, s) => sum + expected[s], 0);
    return inCurrent + after;
  };
  const total = () => clock((performance.now() - started) / 1000);
  const status = () => `${total()} elapsed${estimated ? `, ~${clock(left())} left` : ''}`;
  const progress = (text) => {
    if (process.stderr.isTTY) process.stderr.write(`\r\x1b[2K[${status()}] ${text}`.slice(0, process.stderr.columns || 120));
  };
  async function suite(name, fn) {
    if (!planned.includes(name)) return;
    current = name;
    currentStart = performance.now();
    console.log(`\n== ${name} (suite ${planned.indexOf(name) + 1} of ${planned.length}; ${status()})`);
    await fn();
    seconds[name] = Math.round((performance.now() - currentStart) / 1000);
    progress('');
  }
  return { progress, suite, seconds, total };
}
