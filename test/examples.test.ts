// The examples in examples/ (the README's among them) run and print what they claim.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const run = (file: string) =>
  spawnSync(process.execPath, [file], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, PARFOR_NUM_THREADS: '2' },
  });

describe('examples', () => {
  it('README example prints the matrix values and the threads that ran the ends', () => {
    const r = run('examples/readme.mjs');
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('25 200 0 1');
  });

  it('schedules example prints one owner row per schedule', () => {
    const r = run('examples/schedules.mjs');
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[0]).toBe(`static     ${'0'.repeat(20)}${'1'.repeat(20)}`);
    expect(lines[1]).toBe(`static,4   ${'00001111'.repeat(5)}`);
    for (const l of lines.slice(2)) expect(l).toMatch(/^\S+\s+[01]{40}$/);
  });

  it('wasm example multiplies matrices with a SIMD kernel and matches plain JS', () => {
    const r = run('examples/wasm.mjs');
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('C[7,300] = -3.25, JS: -3.25, equal: true');
  });
});
