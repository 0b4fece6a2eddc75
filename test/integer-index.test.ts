// Loop indices reach bodies as small integers (V8 Smis), on workers and on the caller, under every
// schedule and loop kind. The descriptor carries start/n/chunk in a Float64Array; a value read
// from one is a heap double in V8's interpreter, and an index derived from it made the body's own
// index arithmetic run on doubles: the matmul and fill kernels ran 1.2–1.5× slower on a parfor
// worker than on a bare worker (issue 12, docs/architecture.md "Integer indices"). V8's %IsSmi
// needs --allow-natives-syntax, so the check runs in a child process started with it (workers
// inherit the flag). Task arguments and results (issue 23) had the same defect: fib's leaves ran
// 1.55x slower than serial JS on one thread.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const dist = fileURLToPath(new URL('../dist/index.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'parfor-smi-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const program = `
import { createTeam, sharedArray } from ${JSON.stringify(dist)};
const t = createTeam({ threads: 2 });
await t.ready();
const bad = [];
const S = 1000, E = 1200, N = E - S;
for (const schedule of ['static', 'static,7', 'dynamic', 'dynamic,5', 'guided', 'guided,3', 'adaptive', 'adaptive,3', 'auto']) {
  for (const sync of [false, true]) {
    const out = sharedArray(Int32Array, E);
    const o = { schedule, shared: { out } };
    const f = (i, { out }) => { out[i] = %IsSmi(i) ? 1 : 2; };
    if (sync) t.parallelForSync(S, E, f, o); else await t.parallelFor(S, E, f, o);
    if (out.slice(S).some((v) => v !== 1)) bad.push('parallelFor ' + schedule + (sync ? ' sync' : ''));
    const r = (lo, hi, { out }) => { for (let i = lo; i < hi; i++) out[i] = %IsSmi(lo) && %IsSmi(hi) ? 3 : 4; };
    if (sync) t.parallelForRangeSync(S, E, r, o); else await t.parallelForRange(S, E, r, o);
    if (out.slice(S).some((v) => v !== 3)) bad.push('parallelForRange ' + schedule + (sync ? ' sync' : ''));
    const m = sync ? t.parallelMapSync(S, E, (i) => (%IsSmi(i) ? 1 : 2), { schedule }) : await t.parallelMap(S, E, (i) => (%IsSmi(i) ? 1 : 2), { schedule });
    if (m.some((v) => v !== 1)) bad.push('parallelMap ' + schedule + (sync ? ' sync' : ''));
    const z = sync ? t.parallelReduceSync(S, E, (i) => (%IsSmi(i) ? 0 : 1), { schedule }) : await t.parallelReduce(S, E, (i) => (%IsSmi(i) ? 0 : 1), { schedule });
    if (z !== 0) bad.push('parallelReduce ' + schedule + (sync ? ' sync' : ''));
    const g = sharedArray(Int32Array, 30 * 40);
    const d = (i, j, { g }) => { g[(i - 10) * 40 + (j - 20)] = %IsSmi(i) && %IsSmi(j) ? 1 : 2; };
    const o2 = { schedule, shared: { g } };
    if (sync) t.parallelFor2DSync([10, 40], [20, 60], d, o2); else await t.parallelFor2D([10, 40], [20, 60], d, o2);
    if (g.some((v) => v !== 1)) bad.push('parallelFor2D ' + schedule + (sync ? ' sync' : ''));
    // A reduction whose identity is a double (min: Infinity) must not turn later 2-D indices into doubles.
    const mn = sync ? t.parallelReduceSync(S, E, (i) => (%IsSmi(i) ? i : -1), { schedule, op: 'min' }) : await t.parallelReduce(S, E, (i) => (%IsSmi(i) ? i : -1), { schedule, op: 'min' });
    if (mn !== S) bad.push('parallelReduce min ' + schedule + (sync ? ' sync' : ''));
    g.fill(0);
    if (sync) t.parallelFor2DSync([10, 40], [20, 60], d, o2); else await t.parallelFor2D([10, 40], [20, 60], d, o2);
    if (g.some((v) => v !== 1)) bad.push('parallelFor2D after min ' + schedule + (sync ? ' sync' : ''));
    if (schedule === 'static') {
      const sc = sync ? t.parallelScanSync(S, E, (i) => (%IsSmi(i) ? 0 : 1)) : await t.parallelScan(S, E, (i) => (%IsSmi(i) ? 0 : 1));
      if (sc.some((v) => v !== 0)) bad.push('parallelScan ' + schedule + (sync ? ' sync' : ''));
    }
  }
  const out = sharedArray(Int32Array, E);
  if (schedule !== 'static,7' && schedule !== 'dynamic,5' && schedule !== 'guided,3' && schedule !== 'adaptive,3') {
    await t.parallel((ctx, { out, s }) => ctx.loop(1000, 1200, (i) => { out[i] = %IsSmi(i) ? 1 : 2; }, s), { shared: { out, s: schedule } });
    if (out.slice(S).some((v) => v !== 1)) bad.push('ctx.loop ' + schedule);
  }
}
// Task arguments and results travel as doubles in the task records: integral ones must come back as
// Smis, -0 as -0 and a fraction as itself.
const tasks = {
  t(ctx, { out }, n, z, f) {
    if (!%IsSmi(n) || !Object.is(z, -0) || f !== 1.5) out[0] = 2;
    if (n === 0) return 7;
    const h = ctx.spawn('t', n - 1, -0, 1.5);
    ctx.wait();
    const v = ctx.result(h);
    if (!%IsSmi(v)) out[1] = 2;
    return v + 1;
  },
};
for (const sync of [false, true]) {
  const out = sharedArray(Int32Array, 2);
  const o = { shared: { out } };
  const v = sync ? t.parallelTasksSync(tasks, 't', [40, -0, 1.5], o) : await t.parallelTasks(tasks, 't', [40, -0, 1.5], o);
  if (v !== 47 || out[0] !== 0) bad.push('task arguments' + (sync ? ' sync' : ''));
  if (out[1] !== 0) bad.push('task results' + (sync ? ' sync' : ''));
}
await t.close();
console.log(JSON.stringify(bad));
`;

describe('loop indices are small integers on every thread', () => {
  it('every loop kind and schedule, async and sync (checked with V8 %IsSmi in a child process)', () => {
    // A file, not -e: a worker inherits V8 flags only when the process was started from a file.
    writeFileSync(join(dir, 'smi.mjs'), program);
    const r = spawnSync(process.execPath, ['--allow-natives-syntax', join(dir, 'smi.mjs')], { encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout.trim())).toEqual([]);
  }, 60_000);
});
