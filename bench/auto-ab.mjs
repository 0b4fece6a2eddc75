// `auto` before and after it learned iteration costs (issue 14): the old rule (dynamic with
// ⌈n / 16T⌉, what a body's first auto loop still uses), auto as it is now (the untimed warm-up call
// teaches it the body's cost), and dynamic with ⌈n / 64T⌉ (the smallest chunk auto now picks),
// alternating round by round on one team. Not part of `npm run bench`; the runs are recorded in
// bench/results/issue-14-auto-ab.txt.
// Usage: node bench/auto-ab.mjs [rounds=9] [kernels=sumto,mandelbrot,fill,matmul]
import { createTeam } from 'parfor';

const T = 2;
const rounds = Number(process.argv[2] ?? 9);
const names = (process.argv[3] ?? 'sumto,mandelbrot,fill,matmul').split(',');
const team = createTeam({ threads: T });
await team.ready();
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
for (const name of names) {
  const k = await import(`../kernels/${name}.mjs`);
  const n = k.defaultSize;
  const st = k.setup(n);
  const iters = st.iterations ?? n;
  const variants = {
    'old auto': `dynamic,${Math.ceil(iters / (16 * T))}`,
    auto: 'auto',
    '64 chunks a thread': `dynamic,${Math.ceil(iters / (64 * T))}`,
  };
  const run = (schedule) =>
    k.kind === 'map'
      ? team.parallelMap(0, iters, k.body, { shared: st.shared, out: st.output, schedule })
      : team.parallelFor(0, iters, k.body, { shared: st.shared, schedule });
  const times = Object.fromEntries(Object.keys(variants).map((v) => [v, []]));
  for (const v of Object.keys(variants)) await run(variants[v]); // warm-up, and auto's first (learning) loop
  for (let r = 0; r < rounds; r++) {
    const order = Object.keys(variants);
    for (let j = 0; j < r % order.length; j++) order.push(order.shift());
    for (const v of order) {
      const t0 = performance.now();
      await run(variants[v]);
      times[v].push(performance.now() - t0);
    }
  }
  const base = median(times['old auto']);
  console.log(
    `${name} (${n}): ` +
      Object.entries(times)
        .map(([v, t]) => `${v} [${variants[v]}] ${median(t).toFixed(1)} ms (${(median(t) / base).toFixed(3)})`)
        .join(' | '),
  );
}
await team.close();
