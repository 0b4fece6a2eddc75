// Kernel modules that import other files, under each bundler, in Chromium (issue 26, item 3): the
// recipes of docs/bundlers.md ("Kernel modules that import other files"). The kernel
// (test/browser/kernel-with-import.mjs) imports ./kernel-util.mjs; each recipe makes the bundler emit
// it as a module of its own with that import inside, and the program loads it by URL on the workers.
// The last test is what happens without a recipe: the bundler copies the kernel as it is, its
// import is missing, and the error names the import.
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { build as viteBuild } from 'vite';
import { describe, expect, it } from 'vitest';
import { chromiumSuite } from './browser/chromium.js';
import { viteDevServer } from './browser/vite-dev.js';
import { webpackRun } from './webpack-run.js';

const { CHROMIUM, run } = chromiumSuite();
const root = fileURLToPath(new URL('..', import.meta.url));
const here = (p: string) => fileURLToPath(new URL(`./browser/${p}`, import.meta.url));
const CUBES = [0, 1, 8, 27, 64, 125, 216, 343];
const alias = { parfor: `${root}dist/browser/index.js` };

/** The program (and any other entry points) bundled by esbuild for the browser into `dir`, with parfor's worker beside it. */
async function esbuildApp(dir: string, entryPoints: Record<string, string>): Promise<void> {
  mkdirSync(dir, { recursive: true });
  await build({
    entryPoints,
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    conditions: ['browser'],
    alias,
    outdir: dir,
    logLevel: 'silent',
  });
  copyFileSync(`${root}dist/browser/worker.js`, `${dir}worker.js`);
  copyFileSync(here('bundled.html'), `${dir}index.html`);
}

describe.skipIf(CHROMIUM === undefined)('kernel modules that import other files, in Chromium', () => {
  it('esbuild: the kernel as a second entry point, bundled with its imports beside the program', async () => {
    const dir = here('.bundle/esbuild-kernels/');
    await esbuildApp(dir, { app: here('imports-esbuild.mjs'), 'kernel-with-import': here('kernel-with-import.mjs') });
    const { result, errors } = await run(true, '/test/browser/.bundle/esbuild-kernels/index.html', '__imports');
    expect(errors).toEqual([]);
    expect(result).toEqual(CUBES);
  }, 60_000);

  it('webpack 5 (web): the kernel as a second entry, emitted as an ES module (library type module)', async () => {
    const dir = here('.bundle/webpack-kernels/');
    const stats = await webpackRun({
      mode: 'production',
      target: 'web',
      entry: {
        app: here('imports-webpack.mjs'),
        kernel: { import: here('kernel-with-import.mjs'), library: { type: 'module' } },
      },
      experiments: { outputModule: true },
      output: {
        path: dir,
        filename: '[name].js',
        module: true,
        chunkFormat: 'module',
        publicPath: '/test/browser/.bundle/webpack-kernels/',
      },
      resolve: { alias },
      performance: { hints: false },
    });
    expect(stats.toJson({ all: false, errors: true }).errors).toEqual([]);
    copyFileSync(here('bundled.html'), `${dir}index.html`);
    const { result, errors } = await run(true, '/test/browser/.bundle/webpack-kernels/index.html', '__imports');
    expect(errors).toEqual([]);
    expect(result).toEqual(CUBES);
  }, 90_000);

  it('Vite 8 build: the kernel as a second input, its exports kept, emitted as kernel.js', async () => {
    const base = '/test/browser/.bundle/vite-kernels/';
    // import.meta.env.DEV follows NODE_ENV, which vitest sets to 'test': build as a user's `vite build` does.
    const nodeEnv = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      await viteBuild({
        root,
        logLevel: 'silent',
        configFile: false,
        base,
        resolve: { alias },
        build: {
          outDir: `${root}test/browser/.bundle/vite-kernels`,
          emptyOutDir: true,
          target: 'es2022',
          rollupOptions: {
            input: { index: here('imports-vite.html'), kernel: here('kernel-with-import.mjs') },
            preserveEntrySignatures: 'exports-only',
            output: { entryFileNames: (chunk) => (chunk.name === 'kernel' ? 'kernel.js' : 'assets/[name]-[hash].js') },
          },
        },
        worker: { format: 'es' },
      });
    } finally {
      process.env.NODE_ENV = nodeEnv;
    }
    // One self-contained module: the sibling's code is inside, no import is left.
    const emitted = readFileSync(here('.bundle/vite-kernels/kernel.js'), 'utf8');
    expect(emitted).toMatch(/export\s*\{/);
    expect(emitted).not.toMatch(/\bimport\b/);
    const { result, errors } = await run(true, `${base}test/browser/imports-vite.html`, '__imports');
    expect(errors).toEqual([]);
    expect(result).toEqual(CUBES);
  }, 90_000);

  it('Vite 8 dev server: the same program, the kernel served by Vite with its imports', async () => {
    const { result, errors } = await run(true, '/test/browser/imports-vite.html', '__imports', await viteDevServer());
    expect(errors).toEqual([]);
    expect(result).toEqual(CUBES);
  }, 90_000);

  it('without a recipe (the kernel copied as it is, its sibling not), the error names the missing import', async () => {
    const dir = here('.bundle/no-recipe/');
    await esbuildApp(dir, { app: here('imports-esbuild.mjs') });
    copyFileSync(here('kernel-with-import.mjs'), `${dir}kernel-with-import.js`);
    const { result, errors } = await run(true, '/test/browser/.bundle/no-recipe/index.html', '__imports');
    expect(errors).toEqual([]);
    expect(result).toMatch(
      /^BodySetupError: Cannot prepare the loop body on thread \d: TypeError: Failed to fetch dynamically imported module: .*\(its import '\.\/kernel-util\.mjs' \(http:\/\/127\.0\.0\.1:\d+\/test\/browser\/\.bundle\/no-recipe\/kernel-util\.mjs\) answered 404 Not Found\)$/,
    );
  }, 60_000);
});
