// docs/exercises: every starter and solution runs, and prints what docs/exercises/README.md promises.
// Times are printed by the programs, never asserted here. The starters run on the default team of 2;
// the solutions' self-checks on a team of 3 (and 1 where the check depends on the size), since a student's laptop is not this machine
// (bench/results/issue-27-exercises.txt has a run of every solution on 1, 3 and 8).
// Files run one at a time (vitest.config.ts), so this file runs two programs at once, which keeps
// both cores busy; nothing here depends on timing.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, type ExpectStatic, expect, it } from 'vitest';
import { idleCores, selfChecks, speedups, verdict } from '../docs/exercises/check.mjs';
import { limiter } from './helpers.js';

const root = fileURLToPath(new URL('..', import.meta.url));

// At most two programs at a time: each runs a team of its own.
const slot = limiter(2);

/**
 * Runs an exercise program on a team of `threads`; asserts (with the test's own expect) that it ran
 * clean. Tests that read the same run share it, unless `fresh` asks for a run of their own.
 */
const runs = new Map<string, Promise<string>>();
function run(x: ExpectStatic, file: string, threads = 2, fresh = false): Promise<string> {
  const key = `${file}@${threads}`;
  if (!fresh && runs.has(key)) return runs.get(key)!;
  const result = spawnExercise(x, file, threads);
  if (!fresh) runs.set(key, result);
  return result;
}
function spawnExercise(x: ExpectStatic, file: string, threads: number): Promise<string> {
  return slot(
    () =>
      new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [`docs/exercises/${file}`], {
          cwd: root,
          env: { ...process.env, PARFOR_NUM_THREADS: String(threads) },
          timeout: 120_000,
        });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d) => {
          stdout += d;
        });
        child.stderr.on('data', (d) => {
          stderr += d;
        });
        child.on('error', reject);
        child.on('close', (status) => {
          try {
            x(stderr, file).toBe('');
            x(status, file).toBe(0);
            resolve(stdout);
          } catch (e) {
            reject(e);
          }
        });
      }),
  );
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
  '13-bug-hunt',
  '14-tasks',
  '15-particles',
];

describe('exercises', () => {
  it.concurrent.for(EXERCISES)('%s: the starter runs as it is', { timeout: 120_000 }, async (name, { expect }) => {
    const out = await run(expect, `${name}/start.mjs`);
    expect(out.trim().length).toBeGreaterThan(0);
    if (name === '01-first-call') expect(out).toContain('same result: true');
  });

  // Every solution on 3 (03 on 2, see below); the one whose check depends on the team's size (08) on 1 too. The starters run on 2.
  it.concurrent.for(
    EXERCISES.filter((n) => n !== '04-race').flatMap((n) =>
      // 03 tries every team size up to PARFOR_NUM_THREADS itself, so 2 covers 1 and 2.
      (n === '08-false-sharing' ? [1, 3] : n === '03-threads' ? [2] : [3]).map((threads) => [n, threads] as const),
    ),
  )(
    '%s: the solution gets the same result as the serial code on a team of %i',
    { timeout: 120_000 },
    async ([name, threads], { expect }) => {
      const checks = selfChecks(await run(expect, `${name}/solution.mjs`, threads));
      expect(checks.length, name).toBeGreaterThan(0);
      expect(checks.filter((c) => !c.ok)).toEqual([]);
    },
  );

  it.concurrent('01: the solution times the team start and three calls', async ({ expect }) => {
    const out = await run(expect, '01-first-call/solution.mjs', 3);
    for (const label of ['team start', 'call 1', 'call 2', 'call 3']) expect(out).toContain(label);
  }, 120_000);

  it.concurrent('02: the solution says where parallel first wins (or that it did not)', async ({ expect }) => {
    expect(await run(expect, '02-crossover/solution.mjs', 3)).toMatch(/parallel first wins at n = \d+|parallel did not win/);
  }, 120_000);

  it.concurrent('04: the race starter loses updates at least once in five runs; the solution is exact both ways', async ({ expect }) => {
    const lost: number[] = [];
    for (let k = 0; k < 5 && !lost.some((x) => x > 0); k++) {
      const m = /lost (\d+)/.exec(await run(expect, '04-race/start.mjs', 2, k > 0));
      lost.push(Number(m?.[1]));
    }
    expect(
      lost.some((x) => x > 0),
      `lost per run: ${lost.join(', ')}`,
    ).toBe(true);
    for (const threads of [1, 3]) {
      const out = await run(expect, '04-race/solution.mjs', threads);
      expect(out).toContain('atomicAdd:      expected 2000000, got 2000000');
      expect(out).toContain('parallelReduce: expected 2000000, got 2000000');
    }
  }, 120_000);

  it.concurrent('07: the solution and the starter print the same sum', async ({ expect }) => {
    const want = /sum: (-?[\d.]+)/.exec(await run(expect, '07-from-joblib/start.mjs'))?.[1];
    const out = await run(expect, '07-from-joblib/solution.mjs', 3);
    expect(out).toContain(`sum: ${want}`);
    expect(out).toMatch(/parallelReduce sum: -?[\d.]+/);
  }, 120_000);

  it.concurrent('13: on one thread the bug hunt is wrong the same way every run (module state); the solution is exact', async ({
    expect,
  }) => {
    const counts = await Promise.all(
      [1, 2].map(async () => {
        const out = await run(expect, '13-bug-hunt/start.mjs', 1, true);
        expect(out).toContain('same result: false');
        return /parallel: (\d+)/.exec(out)?.[1];
      }),
    );
    expect(counts[0]).toBe(counts[1]);
    expect(await run(expect, '13-bug-hunt/solution.mjs', 3)).toMatch(/parallel: (\d+), \1, \1 points outside/);
  }, 120_000);

  it('15: the particle check fails a one-sided push, a missed pair and a lost force', () => {
    // Three broken force computations on the same state; the check must fail each.
    const script = `
      import { addForce, check, forceAll, init } from './docs/exercises/15-particles/particles.mjs';
      const acc = new Float64Array(2);
      const forces = (s, keep) => {
        for (let i = 0; i < s.n; i++) {
          acc[0] = 0; acc[1] = 0;
          for (let j = 0; j < s.n; j++) if (j !== i && keep(i, j)) addForce(i, j, s, acc);
          s.ax[i] = acc[0]; s.ay[i] = acc[1];
        }
      };
      const all = (s) => { for (let i = 0; i < s.n; i++) forceAll(i, s); };
      const result = {};
      const right = init(400);
      all(right);
      result.right = check(right);
      // one step with one-sided pushes (i feels j only when i < j): the momentum is no longer 0
      const oneSided = init(400);
      forces(oneSided, (i, j) => i < j);
      for (let i = 0; i < oneSided.n; i++) { oneSided.vx[i] += oneSided.ax[i] * 0.0005; oneSided.vy[i] += oneSided.ay[i] * 0.0005; }
      all(oneSided);
      result.oneSided = check(oneSided);
      // pairs whose indices add up to an odd number miss each other both ways: momentum holds, forces do not
      const missed = init(400);
      forces(missed, (i, j) => (i + j) % 2 === 0);
      result.missedPair = check(missed);
      // the particle pushed hardest loses its force
      const lost = init(400);
      all(lost);
      let k = 0;
      for (let i = 0; i < lost.n; i++) if (Math.abs(lost.ax[i]) > Math.abs(lost.ax[k])) k = i;
      lost.ax[k] = 0;
      result.lost = check(lost);
      console.log(JSON.stringify(result));
      process.exit(0);
    `;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    const result = JSON.parse(r.stdout);
    expect(result.right.ok, JSON.stringify(result.right)).toBe(true);
    expect(result.right.pairs).toBeGreaterThan(0);
    expect(result.oneSided.ok).toBe(false);
    expect(result.oneSided.momentum).toBeGreaterThan(1e-9);
    expect(result.missedPair.ok).toBe(false);
    expect(result.missedPair.forceError).toBeGreaterThan(1e-9);
    expect(result.lost.ok).toBe(false);
  }, 60_000);
});

describe('npm run exercise (docs/exercises/check.mjs)', () => {
  const check = (args: string[], cwd = root) =>
    spawnSync(process.execPath, [join(root, 'docs/exercises/check.mjs'), ...args], {
      cwd,
      encoding: 'utf8',
      timeout: 120_000,
      env: { ...process.env, PARFOR_NUM_THREADS: '2', INIT_CWD: cwd },
    });

  it('passes a solution, fails the unfixed starter, and names a bad exercise number', () => {
    const good = check(['13', '--solution']);
    expect(good.status, good.stdout + good.stderr).toBe(0);
    expect(good.stdout).toContain('correct: yes');
    expect(good.stdout).toContain('speedup: this exercise has no speedup floor');
    const bad = check(['13']);
    expect(bad.status).toBe(1);
    expect(bad.stdout).toContain('correct: no — a self-check failed');
    const wrong = check(['99']);
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toContain('got: "99"');
    expect(wrong.stderr).toContain('15  15-particles');
  }, 120_000);

  it("checks a student's own file, relative to where npm was run", () => {
    const dir = mkdtempSync(join(tmpdir(), 'parfor-exercise-'));
    try {
      writeFileSync(join(dir, 'mine.mjs'), "console.log('same result: true');\n");
      writeFileSync(join(dir, 'silent.mjs'), "console.log('42');\n");
      writeFileSync(join(dir, 'throws.mjs'), "throw new Error('oops');\n");
      const mine = check(['7', '--file', 'mine.mjs'], dir);
      expect(mine.status, mine.stdout + mine.stderr).toBe(0);
      const silent = check(['7', '--file', 'silent.mjs'], dir);
      expect(silent.status).toBe(1);
      expect(silent.stdout).toContain('printed no self-check line');
      const throws = check(['7', '--file', 'throws.mjs'], dir);
      expect(throws.status).toBe(1);
      expect(throws.stdout).toContain('exited with status 1');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('skips the speedup floor without 4 idle cores and says why; applies it with them', () => {
    const out = 'same result: true\nspeedup, a: 1.20×\nspeedup, b: 2.40×\n';
    expect(selfChecks(out)).toEqual([{ line: 'same result: true', ok: true }]);
    expect(speedups(out)).toEqual([
      { label: 'a', x: 1.2 },
      { label: 'b', x: 2.4 },
    ]);
    expect(idleCores(8, 3.5)).toBe(4);
    expect(idleCores(2, 3)).toBe(0);
    const skipped = verdict({ status: 0, output: out, floor: 2, measured: false, idle: 1 });
    expect(skipped.ok).toBe(true);
    expect(skipped.lines.join('\n')).toMatch(
      /not checked — the floor \(2× on 4 threads\) needs 4 idle cores, and this machine has about 1/,
    );
    expect(verdict({ status: 0, output: out, floor: 2, measured: true, idle: 6 })).toEqual({
      ok: true,
      lines: ['correct: yes (same result: true)', 'speedup: yes — best 2.4× (b) on 4 threads, floor 2×'],
    });
    const slow = verdict({ status: 0, output: out, floor: 3, measured: true, idle: 6 });
    expect(slow.ok).toBe(false);
    expect(slow.lines[1]).toBe('speedup: no — best 2.4× (b) on 4 threads, floor 3×');
    const none = verdict({ status: 0, output: 'same result: true', floor: 2, measured: true, idle: 6 });
    expect(none.ok).toBe(false);
    const wrong = verdict({ status: 0, output: 'same result: true\nsame histogram: false', floor: undefined, measured: false, idle: 0 });
    expect(wrong).toEqual({
      ok: false,
      lines: ['correct: no — a self-check failed:', '  same histogram: false', 'speedup: this exercise has no speedup floor'],
    });
  });
});
