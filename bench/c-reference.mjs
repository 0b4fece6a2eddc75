// The C OpenMP reference rows: kernels/c/kernels.c built with gcc -O2 -fopenmp when gcc is
// present (once, into kernels/c/build/), run as a child process, its output hash compared with
// the JS reference's. Without gcc the bench prints one line and goes on.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('../kernels/c/', import.meta.url));
const source = `${dir}kernels.c`;
const binary = `${dir}build/parfor-c`;
const overheadSource = `${dir}overhead.c`;
const overheadBinary = `${dir}build/parfor-c-overhead`;
const dispatchSource = `${dir}dispatch.c`;
const dispatchBinary = `${dir}build/parfor-c-dispatch`;
const epccSource = `${dir}epcc.c`;
const epccBinary = `${dir}build/parfor-c-epcc`;
/**
 * The same kernels at -O3 -march=native (the wasm suite's second C row), when gcc takes those flags.
 * -ffp-contract=off: no fused multiply-add, which would round differently from JS and wasm (the
 * Mandelbrot image then differs in a few pixels).
 */
const nativeBinary = `${dir}build/parfor-c-native`;
let nativeState; // as `state`, for nativeBinary
let state; // undefined: not tried; string: why it is unavailable; true: built

/** Build the C reference if needed; returns why it cannot run, or null when it can. */
export function whyNoC() {
  if (state === undefined) {
    try {
      execFileSync('gcc', ['--version'], { stdio: 'ignore' });
    } catch {
      state = 'gcc not found: C OpenMP rows skipped';
      return state;
    }
    try {
      mkdirSync(`${dir}build`, { recursive: true });
      buildStale(binary, source, ['-O2']);
      buildStale(overheadBinary, overheadSource, ['-O2']);
      buildStale(dispatchBinary, dispatchSource, ['-O2']);
      // -O1, as EPCC's own makefiles suggest: the delay loop must stay a loop.
      buildStale(epccBinary, epccSource, ['-O1']);
      state = true;
    } catch (e) {
      state = `gcc -fopenmp failed (${firstLine(e)}): C OpenMP rows skipped`;
    }
  }
  return state === true ? null : state;
}

/** Compile `src` into `bin` with gcc, `flags` and -fopenmp, unless `bin` is newer than `src`. */
function buildStale(bin, src, flags) {
  if (existsSync(bin) && statSync(bin).mtimeMs >= statSync(src).mtimeMs) return;
  execFileSync('gcc', [...flags, '-fopenmp', '-o', bin, src], { stdio: ['ignore', 'ignore', 'pipe'] });
}

/** The first line of a failed command's error output. */
const firstLine = (e) => String(e.stderr ?? e.message).split('\n')[0];

/** Build the -O3 -march=native reference if needed; returns why it cannot run, or null when it can. */
export function whyNoNativeC() {
  const plain = whyNoC();
  if (plain !== null) return plain;
  if (nativeState === undefined) {
    try {
      buildStale(nativeBinary, source, ['-O3', '-march=native', '-ffp-contract=off']);
      nativeState = true;
    } catch (e) {
      nativeState = `gcc -O3 -march=native failed (${firstLine(e)}): that C row skipped`;
    }
  }
  return nativeState === true ? null : nativeState;
}

/** Run one kernel in C: { median, min, max } in ms, and hash or value. `native`: the -O3 -march=native build. */
export function runC(kernel, size, repeat, threads, schedule, native = false) {
  const r = spawnSync(native ? nativeBinary : binary, [kernel, String(size), String(repeat), String(threads), schedule], {
    encoding: 'utf8',
    timeout: 600_000,
  });
  if (r.status !== 0) throw new Error(`parfor-c ${kernel} failed: ${r.stderr}`);
  const j = JSON.parse(r.stdout);
  return {
    stats: { median: j.median * 1000, min: j.min * 1000, max: j.max * 1000, n: repeat },
    hash: j.hash,
    value: j.value,
    maxRssMb: j.maxRssMb,
  };
}

/** libgomp's overheads (µs per construct) on `threads` threads: rows for the overhead table. */
export function runCOverhead(threads, samples) {
  const r = spawnSync(overheadBinary, [String(threads), String(samples)], { encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) throw new Error(`parfor-c-overhead failed: ${r.stderr}`);
  return r.stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
}

/**
 * Per-call times (µs) of `calls` libgomp constructs (`for`, `reduce`, `region` or `tasks`, kernels/c/dispatch.c)
 * on `threads` threads, after `warm` untimed ones, and the means of 20 batches of 1,000 timed whole
 * (EPCC's method): { calls, batches }.
 */
export function runCDispatch(construct, threads, calls, warm) {
  const r = spawnSync(dispatchBinary, [construct, String(threads), String(calls), String(warm)], {
    encoding: 'utf8',
    timeout: 120_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`parfor-c-dispatch failed: ${r.stderr}`);
  const lines = r.stdout.trim().split('\n');
  return { batches: lines[0].split(' ').map(Number), calls: Float64Array.from(lines.slice(1), Number) };
}

/**
 * libgomp's side of the EPCC suite (kernels/c/epcc.c): for each of `tests`, its reference's and its
 * own `outer` timed runs in µs per construct, after a `delayUs` delay was calibrated and each
 * run sized to at least `testUs`: one object per test, as bench/epcc-js.mjs prints.
 */
export function runCEpcc(threads, outer, testUs, delayUs, tests) {
  const r = spawnSync(epccBinary, [String(threads), String(outer), String(testUs), String(delayUs), ...tests], {
    encoding: 'utf8',
    timeout: 600_000,
  });
  if (r.status !== 0) throw new Error(`parfor-c-epcc failed: ${r.stderr}`);
  return r.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
}

/** FNV-1a (32-bit) of a typed array's bytes: the same hash kernels.c prints. */
export function fnv1a(view) {
  const b = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
  let h = 2166136261;
  for (let i = 0; i < b.length; i++) {
    h ^= b[i];
    h = Math.imul(h, 16777619) >>> 0;
  }
  return h;
}
