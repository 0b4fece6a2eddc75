// What one loop call allocates on the calling thread, and where: V8's sampling heap profiler
// (through node:inspector, with objects already collected included), over CALLS calls of each
// construct after 20,000 warm ones, all constructs in one process (as a program mixes them).
// Prints bytes per call and the three heaviest allocation sites (function:line, innermost first).
//   node bench/alloc-sites.mjs [dist/index.js of a build]      (default: the package, parfor)
import { Session } from 'node:inspector/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const lib = await import(process.argv[2] === undefined ? 'parfor' : pathToFileURL(resolve(process.argv[2])).href);
const CALLS = Number(process.env.CALLS ?? 50_000);
const team = lib.createTeam({ threads: 2 });
await team.ready();
const empty = () => {};
const zero = () => 0;
const withBarrier = (ctx) => ctx.barrier();
const never = () => false;
const dynamic = { schedule: 'dynamic' };
const ordered = { schedule: 'static', chunk: 1, ordered: true };
const options = { shared: { a: 1, xs: new Float64Array(new SharedArrayBuffer(64)) } };
const constructs = [
  ['parallelForSync', () => team.parallelForSync(0, 2, empty)],
  ['parallelForSync with options', () => team.parallelForSync(0, 2, empty, options)],
  ['parallelReduceSync', () => team.parallelReduceSync(0, 2, zero)],
  ['parallelSync', () => team.parallelSync(empty)],
  ['parallelSync with a barrier', () => team.parallelSync(withBarrier)],
  ['parallelForSync dynamic', () => team.parallelForSync(0, 2, empty, dynamic)],
  ['parallelForSync ordered', () => team.parallelForSync(0, 2, empty, ordered)],
  ['parallelFindSync', () => team.parallelFindSync(0, 2, never)],
];
const session = new Session();
session.connect();
await session.post('HeapProfiler.enable');
for (const [name, run] of constructs) {
  for (let k = 0; k < 20_000; k++) run();
  await session.post('HeapProfiler.startSampling', {
    samplingInterval: 64,
    includeObjectsCollectedByMinorGC: true,
    includeObjectsCollectedByMajorGC: true,
  });
  for (let k = 0; k < CALLS; k++) run();
  const { profile } = await session.post('HeapProfiler.stopSampling');
  const sites = new Map();
  let total = 0;
  const walk = (node, stack) => {
    const frame = `${node.callFrame.functionName || '(anonymous)'}:${node.callFrame.lineNumber + 1}`;
    const here = [...stack, frame];
    if (node.selfSize > 0) {
      const key = here.slice(-3).reverse().join(' < ');
      sites.set(key, (sites.get(key) ?? 0) + node.selfSize);
      total += node.selfSize;
    }
    for (const c of node.children) walk(c, here);
  };
  walk(profile.head, []);
  const top = [...sites]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([k, v]) => `${(v / CALLS).toFixed(1)} B ${k}`);
  console.log(`${name}: ${(total / CALLS).toFixed(1)} B per call sampled; ${top.join(' | ')}`);
}
await team.close();
