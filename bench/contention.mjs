// Dispatch under contention: PROCS processes at once (default 2), each with a team of THREADS
// threads (default 2) running empty parallelForSync calls, against the same number of libgomp
// programs at once running `parallel for` on as many threads (kernels/c/dispatch.c). Rounds
// alternate parfor and libgomp; each prints µs per call, mean over its calls, for every process of
// the round, and the median of those means per side. With more than one process, also one process
// alone of each, for the uncontended figure. PROCS=1 THREADS=8 is the oversubscribed scenario: one
// process whose team has more threads than the machine has cores.
//   node bench/contention.mjs [rounds]        PROCS=n, THREADS=n, CALLS=n (default 20,000 after 5,000 warm)
import { fileURLToPath } from 'node:url';
import { whyNoC } from './c-reference.mjs';
import { output } from './child.mjs';

const rounds = Number(process.argv[2] ?? 3);
const procs = Number(process.env.PROCS ?? 2);
const threads = String(Number(process.env.THREADS ?? 2));
const calls = Number(process.env.CALLS ?? 20_000);
const warm = 5_000;
const jsChild = fileURLToPath(new URL('./dispatch-js.mjs', import.meta.url));
const cBinary = fileURLToPath(new URL('../kernels/c/build/parfor-c-dispatch', import.meta.url));

/** Run `n` copies of a command at once; resolve with each one's mean µs per call. */
function together(n, command, args) {
  return Promise.all(Array.from({ length: n }, () => output(command, args).then(meanOf)));
}

/** Mean µs per call from either program's output. */
function meanOf(out) {
  let times;
  if (out.startsWith('{')) times = JSON.parse(out).calls;
  else times = out.trim().split('\n').slice(1).map(Number);
  return times.reduce((a, b) => a + b, 0) / times.length;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const js = (n) =>
  together(n, process.execPath, [
    '--min-semi-space-size=64',
    '--max-semi-space-size=64',
    jsChild,
    'for',
    threads,
    String(calls),
    String(warm),
  ]);
const c = (n) => together(n, cBinary, ['for', threads, String(calls), String(warm)]);

const noC = whyNoC();
if (noC !== null) console.log(noC);
const rows = { parforAlone: [], parfor: [], gompAlone: [], gomp: [] };
for (let r = 0; r < rounds; r++) {
  if (procs > 1) {
    rows.parforAlone.push(...(await js(1)));
    if (noC === null) rows.gompAlone.push(...(await c(1)));
  }
  const p = await js(procs);
  rows.parfor.push(...p);
  if (noC === null) rows.gomp.push(...(await c(procs)));
  console.log(
    `round ${r + 1}: parfor ${procs} at once, ${threads} threads each, ${p.map((x) => x.toFixed(1)).join(', ')} µs/call` +
      (noC === null
        ? `; libgomp ${rows.gomp
            .slice(-procs)
            .map((x) => x.toFixed(1))
            .join(', ')}`
        : ''),
  );
}
const line = (name, xs) => `${name.padEnd(28)} ${xs.length ? `${median(xs).toFixed(2)} µs/call (median of ${xs.length})` : '—'}`;
console.log(line('parfor alone', rows.parforAlone));
console.log(line(`parfor, ${procs} processes at once`, rows.parfor));
if (noC === null) {
  console.log(line('libgomp alone', rows.gompAlone));
  console.log(line(`libgomp, ${procs} processes at once`, rows.gomp));
  console.log(`parfor / libgomp at once: ${(median(rows.parfor) / median(rows.gomp)).toFixed(2)}×`);
}
