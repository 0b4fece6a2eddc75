// Process-level behaviour, each in a fresh Node process: exiting without
// shutdown(), a loop in flight keeping the process alive, environment
// variables, and the CommonJS build.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

function run(code: string, env: Record<string, string> = {}, type: 'mjs' | 'cjs' = 'mjs') {
  const r = spawnSync(process.execPath, [type === 'mjs' ? '--input-type=module' : '--input-type=commonjs', '-e', code], {
    cwd: root,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 20_000,
  });
  return { out: r.stdout.trim(), err: r.stderr, status: r.status, signal: r.signal };
}

describe('process lifetime', () => {
  it('a script that never calls shutdown() exits by itself', () => {
    const r = run(`
      import { parallelFor, parallelForSync, sharedArray } from 'parfor';
      const out = sharedArray(Int32Array, 100);
      await parallelFor(0, 100, (i, { out }) => { out[i] = i; }, { shared: { out } });
      parallelForSync(0, 100, (i, { out }) => { out[i] += 1; }, { shared: { out } });
      console.log(out[99]);`);
    expect(r.signal).toBeNull();
    expect(r.status).toBe(0);
    expect(r.out).toBe('100');
  });

  it('a loop in flight keeps the process alive until it settles (no await at top level)', () => {
    const r = run(`
      import { parallelFor, sharedArray } from 'parfor';
      const out = sharedArray(Float64Array, 4);
      parallelFor(0, 4, (i, { out }) => { let s = 0; for (let k = 0; k < 3e7; k++) s += k % 7; out[i] = s; }, { shared: { out } })
        .then(() => console.log('settled', out.every((v) => v > 0)));`);
    expect(r.status).toBe(0);
    expect(r.out).toBe('settled true');
  });

  it('ready() on a fresh team keeps the process alive until the workers are up', () => {
    const r = run(`
      import { createTeam } from 'parfor';
      const t = createTeam({ threads: 2 });
      t.ready().then(() => console.log('ready', t.size));`);
    expect(r.out).toBe('ready 2');
  });
});

describe('environment', () => {
  it('PARFOR_NUM_THREADS, then OMP_NUM_THREADS size the default team', () => {
    const code = `import { getDefaultTeam } from 'parfor'; console.log(getDefaultTeam().size);`;
    expect(run(code, { PARFOR_NUM_THREADS: '3', OMP_NUM_THREADS: '5' }).out).toBe('3');
    expect(run(code, { OMP_NUM_THREADS: '5,2' }).out).toBe('5');
    const bad = run(code, { PARFOR_NUM_THREADS: 'many' });
    expect(bad.status).not.toBe(0);
    expect(bad.err).toMatch(/RangeError: Cannot size the default team from PARFOR_NUM_THREADS .*received "many"/);
  });

  it("OMP_SCHEDULE decides what schedule 'runtime' means", () => {
    const code = `
      import { parallelFor, sharedArray } from 'parfor';
      const owner = sharedArray(Int32Array, 8);
      await parallelFor(0, 8, (i, { owner }, ctx) => { owner[i] = ctx.threadId; }, { schedule: 'runtime', threads: 2, shared: { owner } });
      console.log([...owner].join(''));`;
    // static,1 deals iterations round-robin: a deterministic owner pattern.
    expect(run(code, { OMP_SCHEDULE: 'static,1', PARFOR_NUM_THREADS: '2' }).out).toBe('01010101');
    expect(run(code, { OMP_SCHEDULE: 'static', PARFOR_NUM_THREADS: '2' }).out).toBe('00001111');
    expect(run(code, { OMP_SCHEDULE: 'sometimes' }).err).toMatch(/OMP_SCHEDULE.*received "sometimes"/);
  });
});

describe('PARFOR_WAKE', () => {
  it('together: workers that sleep between loops are woken by one notify, and every loop is right, on teams of 1, 3 and 8; a bad value is a RangeError', () => {
    // 'block' makes every worker sleep after every region, so each loop below wakes sleepers.
    const code = `
      import { createTeam, sharedArray } from 'parfor';
      const right = [];
      for (const threads of [1, 3, 8]) {
        const t = createTeam({ threads, waitPolicy: 'block' });
        const out = sharedArray(Int32Array, 30);
        for (let r = 1; r <= 100; r++) {
          if (r % 2) t.parallelForSync(0, 30, (i, { out }) => { out[i] += 1; }, { shared: { out } });
          else await t.parallelFor(0, 30, (i, { out }) => { out[i] += 1; }, { shared: { out }, schedule: 'dynamic' });
          // A loop on fewer threads than the team: the sleepers outside it wake and must sleep again.
          t.parallelForSync(0, 2, (i, { out }) => { out[i] += 0; }, { shared: { out } });
        }
        right.push(out.every((v) => v === 100));
        await t.close();
      }
      console.log(right.join(' '));`;
    expect(run(code, { PARFOR_WAKE: 'together' }).out).toBe('true true true');
    expect(run(code, { PARFOR_WAKE: 'EACH' }).out).toBe('true true true'); // any case, as PARFOR_WAIT_POLICY
    const bad = run(code, { PARFOR_WAKE: 'sometimes' });
    expect(bad.status).not.toBe(0);
    expect(bad.err).toMatch(/RangeError: Cannot use PARFOR_WAKE as it must be one of auto, each, together: received "sometimes"/);
  });
});

describe('unsupported environments', () => {
  it('without SharedArrayBuffer, creating a team is an UnsupportedEnvironmentError naming the COOP/COEP headers', () => {
    const r = run(`
      delete globalThis.SharedArrayBuffer;
      const { createTeam, UnsupportedEnvironmentError } = await import('parfor');
      try { createTeam({ threads: 1 }); console.log('no error'); }
      catch (e) { console.log(e instanceof UnsupportedEnvironmentError, e.message); }`);
    expect(r.out).toMatch(
      /^true .*SharedArrayBuffer is not available.*Cross-Origin-Opener-Policy: same-origin.*Cross-Origin-Embedder-Policy: require-corp/,
    );
  });
});

describe('packaging', () => {
  it('the CommonJS build runs loops (workers found next to it)', () => {
    const r = run(
      `
      const { createTeam, sharedArray, SharedMatrix } = require('parfor');
      const t = createTeam({ threads: 2 });
      const M = new SharedMatrix(10, 10);
      t.parallelForSync(0, 10, (i, { M }) => { for (let j = 0; j < 10; j++) M.set(i, j, i * 10 + j); }, { shared: { M } });
      t.parallelFor(0, 10, (i, { M }) => { M.set(i, 0, -1); }, { shared: { M } }).then(() => { console.log(M.get(9, 9), M.get(5, 0)); return t.close(); });`,
      {},
      'cjs',
    );
    expect(r.err).toBe('');
    expect(r.out).toBe('99 -1');
  });
});
