#!/usr/bin/env node
import { createTeam } from 'parfor';
// One bench variant in a process of its own, so its peak RSS is its own:
//   node bench/variant.mjs KERNEL VARIANT SIZE THREADS REPEAT
// Prints one JSON line: { stats, hash | value, bytesCopied, maxRssMb }.
// VARIANT: serial | parfor:<schedule> | parfor-sync:<schedule> | piscina | piscina-move | piscina-batch | piscina-shared | threads
//          (jacobi: serial | region | region-sync | sweeps | sweeps-sync)
import Piscina from 'piscina';
import { concatBufferSources } from 'typed-array-utils';
import { fnv1a } from './c-reference.mjs';
import { timeRuns } from './stats.mjs';

const [name, variant, sizeText, threadsText, repeatText] = process.argv.slice(2);
const size = Number(sizeText);
const threads = Number(threadsText);
const repeat = Number(repeatText);
const k = await import(`../kernels/${name}.mjs`);

const timeIt = (fn) => timeRuns(fn, repeat);

let stats;
let hash;
let value;
let bytesCopied = 0;
const [kind, schedule] = variant.split(':');
const team = kind.startsWith('parfor') || kind.startsWith('region') || kind.startsWith('sweeps') ? createTeam({ threads }) : undefined;
await team?.ready();

if (k.kind === 'jacobi') {
  const g = k.setup(size, kind === 'serial' ? (len) => new Float64Array(len) : undefined);
  const { a, b, sweeps, par } = g;
  const reset = () => k.reset(g);
  const n = size;
  const run = {
    serial: () => k.serial(n, g),
    region: () => team.parallel(k.regionBody, { shared: { a, b, n, sweeps } }),
    'region-sync': () => team.parallelSync(k.regionBody, { shared: { a, b, n, sweeps } }),
    sweeps: async () => {
      for (let s = 0; s < sweeps; s++) {
        par[0] = s % 2;
        await team.parallelFor(1, n - 1, k.rowBody, { shared: { a, b, n, par } });
      }
    },
    'sweeps-sync': () => {
      for (let s = 0; s < sweeps; s++) {
        par[0] = s % 2;
        team.parallelForSync(1, n - 1, k.rowBody, { shared: { a, b, n, par } });
      }
    },
  }[kind];
  stats = await timeIt(async () => {
    reset();
    await run();
  });
  hash = fnv1a(k.result(g));
} else if (k.kind === 'reduce') {
  const { shared, iterations, scale } = k.setup(size);
  const run =
    kind === 'serial'
      ? () => {
          value = k.serial(size);
        }
      : kind === 'parfor-sync'
        ? () => {
            value = scale * team.parallelReduceSync(0, iterations, k.body, { schedule, shared });
          }
        : async () => {
            value = scale * (await team.parallelReduce(0, iterations, k.body, { schedule, shared }));
          };
  stats = await timeIt(run);
} else if (kind === 'threads') {
  // threads.js: the same row tasks through its Pool (which defers each task with setTimeout(0)).
  const { spawn, Pool, Worker } = await import('threads');
  const pool = Pool(() => spawn(new Worker('./threads-worker.mjs')), threads);
  let out;
  stats = await timeIt(async () => {
    const parts = await Promise.all(Array.from({ length: size }, (_, i) => pool.queue((w) => w.row(name, i, size))));
    bytesCopied = parts.reduce((s, p) => s + p.byteLength, 0);
    out = concatBufferSources(...parts);
  });
  hash = fnv1a(out);
  await pool.terminate();
} else if (kind === 'piscina-move' || kind === 'piscina-batch' || kind === 'piscina-shared') {
  // The fairer pools: rows moved (transferred) instead of copied; batches of BATCH rows per task,
  // copied back; batches written into the shared output by the pool's workers (nothing returned).
  const BATCH = 16;
  const pool = new Piscina({ filename: new URL('./pool-worker.mjs', import.meta.url).href, minThreads: threads, maxThreads: threads });
  const { output } = k.setup(size);
  let out;
  stats = await timeIt(async () => {
    if (kind === 'piscina-move') {
      const parts = await Promise.all(Array.from({ length: size }, (_, i) => pool.run({ kernel: name, i, size, move: true })));
      out = concatBufferSources(...parts);
    } else {
      const starts = Array.from({ length: Math.ceil(size / BATCH) }, (_, b) => b * BATCH);
      const shared = kind === 'piscina-shared' ? output : undefined;
      const parts = await Promise.all(starts.map((i) => pool.run({ kernel: name, i, size, rows: BATCH, out: shared })));
      if (shared === undefined) {
        bytesCopied = parts.reduce((s, p) => s + p.byteLength, 0);
        out = concatBufferSources(...parts);
      } else out = output;
    }
  });
  hash = fnv1a(out);
  await pool.destroy();
} else if (kind === 'piscina') {
  // One task per row, each returning its row, copied back and concatenated (joblib's way).
  const pool = new Piscina({ filename: new URL('./pool-worker.mjs', import.meta.url).href, minThreads: threads, maxThreads: threads });
  let out;
  stats = await timeIt(async () => {
    const parts = await Promise.all(Array.from({ length: size }, (_, i) => pool.run({ kernel: name, i, size })));
    bytesCopied = parts.reduce((s, p) => s + p.byteLength, 0);
    out = concatBufferSources(...parts);
  });
  hash = fnv1a(out);
  await pool.destroy();
} else {
  const { shared, output, iterations } = k.setup(size);
  const run =
    kind === 'serial'
      ? () => k.serial(size, output)
      : k.kind === 'map'
        ? kind === 'parfor-sync'
          ? () => team.parallelMapSync(0, iterations, k.body, { schedule, shared, out: output })
          : () => team.parallelMap(0, iterations, k.body, { schedule, shared, out: output })
        : kind === 'parfor-sync'
          ? () => team.parallelForSync(0, iterations, k.body, { schedule, shared })
          : () => team.parallelFor(0, iterations, k.body, { schedule, shared });
  stats = await timeIt(run);
  hash = fnv1a(output);
}
await team?.close();
const maxRssMb = process.resourceUsage().maxRSS / 1024;
process.stdout.write(`${JSON.stringify({ stats, hash, value, bytesCopied, maxRssMb })}\n`);
