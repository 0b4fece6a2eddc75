// What a team costs to start, against the floor: spawning 2 bare worker_threads (an eval'd CommonJS
// one-liner) until each has posted a first message, alternated with createTeam({ threads: 2 }) +
// ready() and then one empty parallelForSync (which waits for anything ready() left starting).
// Medians of ROUNDS (21; with 9, runs of one build differed by 0.1x) alternating rounds. A third side:
// 2 bare workers whose file holds parfor's worker bundle inside a function that is never called, so
// each worker parses all of it (as a team's workers must) and runs none of it: what loading that much
// code costs before parfor does anything.
//   node bench/start-cost.mjs
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { createTeam } from 'parfor';

const ROUNDS = Number(process.env.ROUNDS ?? 21);
const dir = mkdtempSync(join(tmpdir(), 'parfor-start-'));
const parsedOnly = join(dir, 'parsed-only.cjs');
const bundle = readFileSync(fileURLToPath(import.meta.resolve('parfor/worker')), 'utf8');
writeFileSync(parsedOnly, `function neverCalled() {\n${bundle}\n}\nrequire('node:worker_threads').parentPort.postMessage(1);\n`);
const bare = async (n, file) => {
  const t0 = performance.now();
  const ws = Array.from({ length: n }, () =>
    file === undefined ? new Worker('require("worker_threads").parentPort.postMessage(1)', { eval: true }) : new Worker(file),
  );
  await Promise.all(ws.map((w) => new Promise((r) => w.once('message', r))));
  const t = performance.now() - t0;
  await Promise.all(ws.map((w) => w.terminate()));
  return t;
};
const empty = () => {};
const team = async () => {
  const t0 = performance.now();
  const t = createTeam({ threads: 2 });
  await t.ready();
  const ready = performance.now() - t0;
  const t1 = performance.now();
  t.parallelForSync(0, 2, empty);
  const first = performance.now() - t1;
  await t.close();
  return { ready, first };
};
const a = [];
const parsed = [];
const ready = [];
const first = [];
for (let r = 0; r < ROUNDS; r++) {
  a.push(await bare(2));
  parsed.push(await bare(2, parsedOnly));
  const t = await team();
  ready.push(t.ready);
  first.push(t.first);
}
const med = (x) => [...x].sort((p, q) => p - q)[x.length >> 1];
const f = (x) => x.toFixed(1);
console.log(
  `bare 2 workers to first message ${f(med(a))} ms; team of 2 ready ${f(med(ready))} ms (×${(med(ready) / med(a)).toFixed(2)}); ` +
    `first sync loop after ready ${med(first).toFixed(2)} ms; ready + first loop ×${((med(ready) + med(first)) / med(a)).toFixed(2)}; ` +
    `bare 2 parsing the worker bundle ${f(med(parsed))} ms (×${(med(parsed) / med(a)).toFixed(2)})`,
);
rmSync(dir, { recursive: true, force: true });
