// parfor keeps working whatever flags Node was started with (issue 10): per-process V8 flags,
// source maps, the inspector, the CPU profiler, --import, and a script given with -e.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const dist = fileURLToPath(new URL('../dist/index.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'parfor-flags-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** An async loop, a sync loop and a reduce, each checked; prints OK. */
const program = `
import { createTeam, sharedArray } from ${JSON.stringify(dist)};
const t = createTeam({ threads: 2 });
const out = sharedArray(Int32Array, 1000);
await t.parallelFor(0, 1000, (i, { out }) => { out[i] = i; }, { shared: { out }, schedule: 'dynamic' });
t.parallelForSync(0, 1000, (i, { out }) => { out[i] += i; }, { shared: { out } });
const sum = t.parallelReduceSync(0, 1000, (i, { out }) => out[i], { shared: { out } });
await t.close();
console.log(sum === 999000 ? 'OK' : 'WRONG ' + sum);
`;
const file = join(dir, 'app.mjs');
writeFileSync(file, program);

function run(args: string[]) {
  return spawnSync(process.execPath, args, { encoding: 'utf8', timeout: 60_000, cwd: dir });
}

describe('Node launch flags', () => {
  it.each([
    [['--max-old-space-size=4096']],
    [['--expose-gc']],
    [['--stack-size=900']],
    [['--enable-source-maps']],
    [['--inspect=127.0.0.1:0']],
    [['--cpu-prof', `--cpu-prof-dir=${dir}`]],
    [['--import', 'data:text/javascript,globalThis.__imported = true']],
    [['--no-warnings', '--max-old-space-size=2048', '--expose-gc']],
  ])(
    'node %j app.mjs',
    (flags) => {
      const r = run([...flags, file]);
      expect(r.stderr).not.toMatch(/ERR_WORKER_INVALID_EXEC_ARGV|Error \[/);
      expect(r.stdout.trim()).toBe('OK');
      expect(r.status).toBe(0);
    },
    60_000,
  );

  it('node --input-type=module -e (with a V8 flag too)', () => {
    const r = run(['--max-old-space-size=4096', '--input-type=module', '-e', program]);
    expect(r.stderr).not.toMatch(/ERR_WORKER_INVALID_EXEC_ARGV|ERR_INPUT_TYPE_NOT_ALLOWED/);
    expect(r.stdout.trim()).toBe('OK');
    expect(r.status).toBe(0);
  }, 60_000);
});
