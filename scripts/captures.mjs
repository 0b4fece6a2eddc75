// What each runtime and build does to a loop body that reads a constant from the code around it
// (issue 26, item 2). A body travels as source text, so the capture is refused on the calling thread unless a
// tool wrote the constant's value into the body's text first. Two programs: `const k = 3` at module
// level, and inside a function. Each is run as written under every runtime found, and bundled by
// esbuild (parfor external) plain and minified, then run by Node. Prints a Markdown table.
//   node scripts/captures.mjs
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'parfor-captures-'));
mkdirSync(join(dir, 'node_modules'));
symlinkSync(root, join(dir, 'node_modules/parfor'));
writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'captures', private: true, type: 'module' }));

const loop = `const team = createTeam({ threads: 2 });
  const out = sharedArray(Int32Array, 2);
  try {
    await team.parallelFor(0, 2, (i, { out }) => { out[i] = i * k; }, { shared: { out } });
    console.log(out[1] === 3 ? 'runs' : 'wrong');
  } catch (e) {
    // Refused on the calling thread (a TypeError naming the variables), or failed on the threads.
    const names = /uses (.+?), which/.exec(e.message)?.[1];
    console.log(e instanceof TypeError && names ? 'refused before running: ' + names : 'fails: ' + (e.cause?.message ?? e.message));
  }
  await team.close();`;
const programs = {
  'module-level `const k = 3`': `import { createTeam, sharedArray } from 'parfor';\nconst k = 3;\n${loop}\n`,
  'function-local `const k = 3`': `import { createTeam, sharedArray } from 'parfor';\nasync function main() {\n  const k = 3;\n  ${loop}\n}\nawait main();\n`,
};

const rt = (p) => join(root, 'test/runtimes/node_modules', p);
const runtimes = [
  ['Node 20 (this one)', process.execPath, []],
  ['Node 22', rt('node22/bin/node'), []],
  ['Node 24', rt('node24/bin/node'), []],
  ['Deno', rt('@deno/linux-x64-glibc/deno'), ['run', '-A']],
  ['Bun', rt('@oven/bun-linux-x64/bin/bun'), []],
].filter(([, bin]) => existsSync(bin));

const run = (bin, args, file) => {
  const r = spawnSync(bin, [...args, file], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
  return (r.stdout.trim().split('\n').at(-1) || r.stderr.trim().split('\n')[0] || `exit ${r.status}`).slice(0, 60);
};

const rows = [];
for (const [name, bin, args] of runtimes)
  rows.push([
    `${name}, as written`,
    ...Object.values(programs).map((code, k) => {
      writeFileSync(join(dir, `p${k}.mjs`), code);
      return run(bin, args, `p${k}.mjs`);
    }),
  ]);
for (const [name, minify] of [
  ['esbuild bundle', false],
  ['esbuild bundle --minify', true],
]) {
  rows.push([
    `${name}, run by Node`,
    ...Object.values(programs).map((code, k) => {
      writeFileSync(join(dir, `src${k}.mjs`), code);
      buildSync({
        entryPoints: [join(dir, `src${k}.mjs`)],
        bundle: true,
        external: ['parfor'],
        format: 'esm',
        platform: 'node',
        minify,
        outfile: join(dir, `b${k}.mjs`),
        logLevel: 'silent',
      });
      return run(process.execPath, [], `b${k}.mjs`);
    }),
  ]);
}
// Vite's production build (its minifier, Oxc) and webpack's (Terser), both for Node, parfor external.
const { build: vite } = await import('vite');
const webpack = (await import('webpack')).default;
for (const [name, bundle] of [
  [
    'Vite build (production, minified)',
    async (src, out) => {
      await vite({
        configFile: false,
        logLevel: 'silent',
        root: dir,
        build: {
          ssr: src,
          outDir: join(dir, out),
          minify: true,
          emptyOutDir: true,
          rollupOptions: { external: ['parfor'], output: { entryFileNames: 'main.mjs' } },
        },
      });
      return join(out, 'main.mjs');
    },
  ],
  [
    'webpack (production, target node)',
    (src, out) =>
      new Promise((resolve, reject) =>
        webpack(
          {
            mode: 'production',
            target: 'node20',
            entry: src,
            experiments: { outputModule: true, topLevelAwait: true },
            externalsType: 'module',
            externals: { parfor: 'parfor' },
            output: { path: join(dir, out), filename: 'main.mjs', module: true, library: { type: 'module' } },
          },
          (err, stats) =>
            err || stats.hasErrors() ? reject(err ?? new Error(stats.toString('errors-only'))) : resolve(join(out, 'main.mjs')),
        ),
      ),
  ],
]) {
  const cells = [];
  for (const [k, code] of Object.values(programs).entries()) {
    writeFileSync(join(dir, `src${k}.mjs`), code);
    try {
      cells.push(run(process.execPath, [], await bundle(join(dir, `src${k}.mjs`), `${name.split(' ')[0]}${k}`)));
    } catch (e) {
      cells.push(`build failed: ${String(e.message).split('\n')[0].slice(0, 40)}`);
    }
  }
  rows.push([`${name}, run by Node`, ...cells]);
}
console.log(`| runtime or build | ${Object.keys(programs).join(' | ')} |`);
console.log(
  `|---|${Object.keys(programs)
    .map(() => '---')
    .join('|')}|`,
);
for (const r of rows) console.log(`| ${r.join(' | ')} |`);
rmSync(dir, { recursive: true, force: true });
