// Compile the AssemblyScript kernels (kernels/wasm/*.ts) and test modules (test/fixtures/wasm/*.ts)
// to WebAssembly, each beside its source in a build/ folder (ignored by git). The flags make a module
// that every thread can instantiate over one shared memory: it imports its memory (shared, up to
// 4 GiB), has no runtime (no allocator, no garbage collector) and no assertions. The output depends
// only on the source and these flags (test/wasm.test.ts rebuilds one and compares the bytes).
import { mkdirSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const ASC_FLAGS = [
  '-O3',
  '--runtime',
  'stub',
  '--noAssert',
  '--importMemory',
  '--sharedMemory',
  '--maximumMemory',
  '65536',
  '--enable',
  'simd,threads',
];

export const WASM_DIRS = ['kernels/wasm', 'test/fixtures/wasm'];

/** Compile one source to `outFile`; throws with asc's diagnostics when it fails. */
export async function compileWasm(source, outFile, extra = []) {
  const { default: asc } = await import('assemblyscript/asc');
  let log = '';
  const sink = {
    write(s) {
      log += s;
    },
  };
  const { error } = await asc.main([source, ...ASC_FLAGS, ...extra, '-o', outFile], { stdout: sink, stderr: sink });
  if (error) throw new Error(`asc failed on ${source}:\n${log || error.message}`);
}

/** Compile every .ts file of the wasm source folders into its build/ folder. */
export async function buildWasm() {
  for (const dir of WASM_DIRS) {
    const sources = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'));
    mkdirSync(join(dir, 'build'), { recursive: true });
    for (const f of sources) await compileWasm(join(dir, f), join(dir, 'build', `${basename(f, '.ts')}.wasm`));
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) await buildWasm();
