// EPCC tests of two parfor checkouts and of libgomp while the machine is busy: each run is a fresh
// process (bench/epcc-js.mjs of that checkout, or kernels/c's EPCC build), in A, B, C order, beside
// a busy process that spins for the whole run (`busy`), for its first MS milliseconds (`transient`,
// a moment of load at start-up), or not at all (`idle`). Prints each run's overhead per construct
// (µs: mean and median over EPCC's 20 outer repetitions, and the worst), then per side the median
// of the runs' means.
//   node bench/epcc-load.mjs <checkout A> <checkout B> <idle|busy|transient:MS> [rounds=4] [TEST...]
import { spawn, spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { whyNoC } from './c-reference.mjs';
import { summarize } from './stats.mjs';

const [a, b, scenario, roundsArg, ...named] = process.argv.slice(2);
if (b === undefined || !/^(idle|busy|transient:\d+)$/.test(scenario ?? '')) {
  throw new Error('usage: node bench/epcc-load.mjs <checkout A> <checkout B> <idle|busy|transient:MS> [rounds] [TEST...]');
}
const rounds = Number(roundsArg ?? 4);
const tests = named.length > 0 ? named : ['ORDERED', 'BARRIER'];
const cBinary = fileURLToPath(new URL('../kernels/c/build/parfor-c-epcc', import.meta.url));
const sides = [
  ['A', process.execPath, [resolve(a, 'bench/epcc-js.mjs')]],
  ['B', process.execPath, [resolve(b, 'bench/epcc-js.mjs')]],
];
const noC = whyNoC();
if (!noC) sides.push(['libgomp', cBinary, []]);
else console.log(`# libgomp skipped: ${noC}`);

/** A process that keeps one core busy for `ms` milliseconds (Infinity: until killed). */
function busy(ms) {
  const end = Number.isFinite(ms) ? `Date.now() + ${ms}` : 'Infinity';
  return spawn(process.execPath, ['-e', `const e = ${end}; while (Date.now() < e) {}`], { stdio: 'ignore' });
}

/** EPCC's overhead of one JSON line: times minus the mean reference, in µs. */
function overhead(line) {
  const r = JSON.parse(line);
  const ref = r.ref.reduce((s, x) => s + x, 0) / r.ref.length;
  const ov = r.times.map((t) => t - ref);
  return { test: r.test, mean: ov.reduce((s, x) => s + x, 0) / ov.length, ...summarize(ov) };
}

const means = {};
console.log(`# ${scenario}, ${rounds} rounds, 2 threads, load before ${(await import('node:os')).loadavg()[0].toFixed(2)}`);
console.log('side       test       mean     median      worst');
const load = scenario === 'busy' ? busy(Infinity) : undefined;
try {
  for (let r = 0; r < rounds; r++) {
    for (const [side, command, args] of sides) {
      const moment = scenario.startsWith('transient:') ? busy(Number(scenario.slice(10))) : undefined;
      const out = spawnSync(command, [...args, '2', '20', '1000', '0.1', ...tests], { encoding: 'utf8', timeout: 600_000 });
      if (out.status !== 0) throw new Error(`${side} failed: ${out.stderr}`);
      if (moment !== undefined) await new Promise((done) => moment.on('exit', done));
      for (const line of out.stdout.trim().split('\n')) {
        const o = overhead(line);
        const key = `${side} ${o.test}`;
        if (means[key] === undefined) means[key] = [];
        means[key].push(o.mean);
        console.log(
          `${side.padEnd(10)} ${o.test.padEnd(9)} ${o.mean.toFixed(3).padStart(8)} ${o.median.toFixed(3).padStart(10)} ${o.max.toFixed(3).padStart(10)}`,
        );
      }
    }
  }
} finally {
  load?.kill();
}
console.log("\nmedian of the runs' means (µs), and their range");
for (const [key, m] of Object.entries(means)) {
  const s = summarize(m);
  console.log(`${key.padEnd(20)} ${s.median.toFixed(3).padStart(8)}   ${s.min.toFixed(3)}-${s.max.toFixed(3)}`);
}
