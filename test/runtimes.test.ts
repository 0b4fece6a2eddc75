// The runtime matrix (issue 10): test/runtimes/matrix.mjs under Node 20 (this process's node),
// Node 22, Node 24, Deno and Bun. The other runtimes are registry packages that hold their
// binaries (test/runtimes/package.json, installed with `npm ci --prefix test/runtimes`); where they
// are not installed the suite prints one line naming them and skips them, and with
// PARFOR_REQUIRE_RUNTIMES=1 (set by .ci/run) a missing one fails instead.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const matrix = here('./runtimes/matrix.mjs');
const bin = here('./runtimes/node_modules/');

interface Runtime {
  name: string;
  exe: string;
  args: string[];
}
const runtimes: Runtime[] = [
  { name: 'node 20', exe: process.execPath, args: [] },
  { name: 'node 22', exe: `${bin}node22/bin/node`, args: [] },
  { name: 'node 24', exe: `${bin}node24/bin/node`, args: [] },
  // Deno needs read access here for the files this matrix loads from the repository (its kernel
  // and wasm files; an installed parfor's files under node_modules need none); env access is not needed
  // (an unreadable PARFOR_NUM_THREADS counts as unset).
  { name: 'deno', exe: `${bin}@deno/linux-x64-glibc/deno`, args: ['run', '--allow-read'] },
  { name: 'bun', exe: `${bin}@oven/bun-linux-x64/bin/bun`, args: [] },
];
const present = runtimes.filter((r) => existsSync(r.exe));
const missing = runtimes.filter((r) => !existsSync(r.exe)).map((r) => r.name);
if (missing.length > 0) {
  const msg = `${missing.join(', ')} not installed (npm ci --prefix test/runtimes installs them)`;
  if (process.env.PARFOR_REQUIRE_RUNTIMES === '1') throw new Error(`The runtime matrix is required here but ${msg}`);
  console.warn(`runtime matrix: ${msg}; skipped`);
}

function run(r: Runtime): Promise<Record<string, string | number>> {
  return new Promise((resolve, reject) => {
    execFile(
      r.exe,
      [...r.args, matrix],
      { timeout: 90_000, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } },
      (err, stdout, stderr) => {
        const line = stdout.trim().split('\n').pop() ?? '';
        try {
          resolve(JSON.parse(line));
        } catch {
          reject(new Error(`${r.name} printed no result (${err?.message ?? 'exit 0'}):\n${stdout}\n${stderr}`));
        }
      },
    );
  });
}

describe('runtime matrix', () => {
  it.each(present.map((r) => [r.name, r] as const))(
    '%s: README example, reduce, adaptive schedule, tasks, random task trees (fast-check), error, kernel module, strict bodies, a wasm kernel, capture rules',
    async (_name, r) => {
      const res = await run(r);
      for (const c of ['example', 'reduce', 'adaptive', 'tasks', 'taskTrees', 'constructs', 'error', 'kernel', 'strict', 'wasm'])
        expect([c, res[c]]).toEqual([c, 'pass']);
      // A captured variable is refused before any thread runs, on every runtime...
      expect(res.captureModuleConst).toBe('refused');
      expect(res.captureObject).toBe('refused');
      // ...except the one case docs/bundlers.md describes: Bun writes a function-local `const`
      // bound to a literal into the body's source text, so there the body runs.
      expect(res.captureLocalLiteral).toBe(r.name === 'bun' ? 'ran 18' : 'refused');
    },
    120_000,
  );
});
