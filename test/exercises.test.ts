// docs/exercises: every starter and solution runs, and prints what docs/exercises/README.md promises.
// Times are printed by the programs, never asserted here. The starters run on the default team of 2;
// the solutions' self-checks on a team of 3 (and 1 where the check depends on the size), since a student's laptop is not this machine
// (bench/results/issue-27-exercises.txt has a run of every solution on 1, 3 and 8).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
function run(file: string, threads = 2) {
  const r = spawnSync(process.execPath, [`docs/exercises/${file}`], {
    cwd: root,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, PARFOR_NUM_THREADS: String(threads) },
  });
  expect(r.stderr, file).toBe('');
  expect(r.status, file).toBe(0);
  return r.stdout;
}
const EXERCISES = [
  '01-first-call',
  '02-crossover',
  '03-threads',
  '04-race',
  '05-schedules',
  '06-share-or-copy',
  '07-from-joblib',
  '08-false-sharing',
  '09-pi',
  '10-histogram',
  '11-caching',
  '12-processes',
];

describe('exercises', () => {
  it.each(EXERCISES)(
    '%s: the starter runs as it is',
    (name) => {
      const out = run(`${name}/start.mjs`);
      expect(out.trim().length).toBeGreaterThan(0);
      if (name === '01-first-call') expect(out).toContain('same result: true');
    },
    120_000,
  );

  // Every solution on 3; the one whose check depends on the team's size (08) on 1 too. The starters run on 2.
  it.each(
    EXERCISES.filter((n) => n !== '04-race').flatMap((n) =>
      (n === '08-false-sharing' ? [1, 3] : [3]).map((threads) => [n, threads] as const),
    ),
  )(
    '%s: the solution gets the same result as the serial code on a team of %i',
    (name, threads) => {
      expect(run(`${name}/solution.mjs`, threads)).toMatch(/same (result|image as serial|matrix): true/);
    },
    120_000,
  );

  it('01: the solution times the team start and three calls', () => {
    const out = run('01-first-call/solution.mjs');
    for (const label of ['team start', 'call 1', 'call 2', 'call 3']) expect(out).toContain(label);
  }, 120_000);

  it('02: the solution says where parallel first wins (or that it did not)', () => {
    expect(run('02-crossover/solution.mjs')).toMatch(/parallel first wins at n = \d+|parallel did not win/);
  }, 120_000);

  it('04: the race starter loses updates at least once in five runs; the solution is exact both ways', () => {
    const lost: number[] = [];
    for (let k = 0; k < 5 && !lost.some((x) => x > 0); k++) {
      const m = /lost (\d+)/.exec(run('04-race/start.mjs'));
      lost.push(Number(m?.[1]));
    }
    expect(
      lost.some((x) => x > 0),
      `lost per run: ${lost.join(', ')}`,
    ).toBe(true);
    for (const threads of [1, 3]) {
      const out = run('04-race/solution.mjs', threads);
      expect(out).toContain('atomicAdd:      expected 2000000, got 2000000');
      expect(out).toContain('parallelReduce: expected 2000000, got 2000000');
    }
  }, 120_000);

  it('07: the solution and the starter print the same sum', () => {
    const want = /sum: (-?[\d.]+)/.exec(run('07-from-joblib/start.mjs'))?.[1];
    const out = run('07-from-joblib/solution.mjs');
    expect(out).toContain(`sum: ${want}`);
    expect(out).toMatch(/parallelReduce sum: -?[\d.]+/);
  }, 120_000);
});
