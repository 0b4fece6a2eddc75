// Renders docs/handout.md: the course handout's exercises, walked in JavaScript with parfor. Every
// number on the page comes from bench/results/latest.json (the suites' tables, and under `docs` the
// handout's own runs, measured by bench/docs-measure.mjs in the same `npm run bench -- --write-docs`),
// so the page can be checked against that one file (test/docs.test.ts). Written by bench/write-docs.mjs.
import { fmtTime } from './stats.mjs';

/** The text of docs/handout.md, from the results of one full bench run. */
export function renderHandout(results) {
  const h = results.docs.handout;
  const { sweep, verbose: lines } = h;
  const { racy, atomic, atomicMs, reduced, reduceMs } = h.race;
  const n = h.race.n;
  const threads = results.docs.threads;
  const crossover = sweep.find((r) => r.parallel < r.serial);
  /** An overhead row's median from the same run, in µs (or divided into another unit). */
  const overhead = (prefix, per = 1, unit = 'µs') => {
    const row = results.overhead?.find((r) => r.construct.startsWith(prefix));
    return row === undefined ? '(not measured)' : `${(row.median / per).toFixed(per === 1 ? 1 : 0)} ${unit}`;
  };
  const fill = results.kernels.find((k) => k.name === 'fill');
  const row = (prefix) => fill?.rows.find((r) => r.variant.startsWith(prefix));
  const serialFill = row('serial');
  const bestFill = fill?.rows.filter((r) => r.variant.startsWith('parfor')).sort((a, b) => a.stats.median - b.stats.median)[0];
  const poolFill = row('piscina');
  const shownFill = fill?.rows.find((r) => r.variant === 'parfor dynamic,16');
  const mb = (r) => (r?.maxRssMb === undefined ? 'n/a' : `${r.maxRssMb.toFixed(0)} MB`);

  /** parfor auto against the fastest parfor row of each kernel whose loop is uneven, from the kernels suite. */
  const autoLine = () => {
    const parts = [];
    for (const name of ['mandelbrot', 'sumto']) {
      const k = results.kernels.find((x) => x.name === name);
      const auto = k?.rows.find((r) => r.variant === 'parfor auto');
      const best = k?.rows.filter((r) => r.variant.startsWith('parfor')).sort((a, b) => a.stats.median - b.stats.median)[0];
      if (auto && best) {
        parts.push(
          auto === best
            ? `on ${name} (${k.size}), \`auto\` was the fastest parfor schedule (${fmtTime(auto.stats.median)})`
            : `on ${name} (${k.size}), \`auto\` took ${fmtTime(auto.stats.median)} and the fastest, ${best.variant.replace('parfor ', '')}, ${fmtTime(best.stats.median)} (${(auto.stats.median / best.stats.median).toFixed(2)}×)`,
        );
      }
    }
    if (!parts.length) return '';
    return (
      `In this run, ${parts.join('; ')}. Each variant runs in a process of its own, and on this machine the same ` +
      'schedule moves by 10% or more between processes (bench/README.md, Noise), so differences that small are noise. ' +
      '[benchmarks.md](benchmarks.md) has every schedule, and ' +
      '[schedules.md](schedules.md#auto) compares `auto` before and after it learned.'
    );
  };

  const md = `# Parallel loops in JavaScript: the handout, with parfor

Generated from one run of \`npm run bench -- --write-docs\` (\`bench/results/latest.json\`, commit ${results.info.commit}) on ${results.docs.date.slice(0, 10)}:
Node ${results.docs.node}, ${results.docs.cores} cores (${results.info.cpu}), ${threads} threads. Every number below comes from that run; run it again on
your machine to see yours.

A CPU has a few cores, and a program that uses one of them leaves the others idle. parfor splits a
loop's iterations between a *team* of worker threads that share memory. Each thread writes its
results straight into a shared array, so nothing is copied back. This page works through the
exercises of a parallel-programming handout written for Python and joblib, here in JavaScript.
To work through them yourself, with starter files and solutions, see [the exercise sheet](exercises/README.md).

**Reading the numbers.** Every ratio on this page is a speedup: the time of what is compared
against, divided by the time measured. Above 1× is faster, below 1× slower. A speedup above T× on
T threads is marked †, with a note under its table on what such a figure means. Where a page of results gives a range, it is
the range of the runs it names, not the best of them.

## 1. Time it: a small loop is not faster in parallel

The handout's "silly function" sums the numbers below \`i\`:

\`\`\`js
function sumTo(i) { let s = 0; for (let j = 0; j < i; j++) s += j; return s; }

const serial = Array.from({ length: n }, (_, i) => sumTo(i));               // one core
const parallel = await parallelMap(0, n, sumTo, { schedule: 'dynamic', chunk: 16 }); // a team
\`\`\`

(In a real program, \`sumTo\` lives in a module and is passed as \`kernel(url, 'sumTo')\`, as in
\`kernels/sumto.mjs\`, because a loop body cannot see functions defined around it.) Timed with
\`performance.now()\`, median of 7 runs:

| n | serial | parfor | speedup of parfor over serial |
|---|---|---|---|
${sweep.map((r) => `| ${r.n} | ${fmtTime(r.serial)} | ${fmtTime(r.parallel)} | ${speedup(r.serial / r.parallel, threads)} |`).join('\n')}
${beyond(sweep.map((r) => ({ S: r.serial / r.parallel, T: threads })))}
${
  sweep[0] && sweep[0].parallel > sweep[0].serial
    ? 'For small n the parallel version loses.'
    : `In this run the parallel version won even at n = ${sweep[0]?.n}, the smallest size tried: the loop's work already outweighed the overhead below.`
} Every call pays for starting the loop on the other threads
and waiting for them: an empty async loop costs ${overhead('parallelFor (async)')} here (the overhead table in
[benchmarks.md](benchmarks.md)). The very first call pays more: it starts the team, ${overhead('team of', 1000, 'ms')} for
${threads} workers. (Each median above comes after one untimed call, so the team start is not in it.)

## 2. Grow n until parallel wins

Work grows like n² (iteration i costs i steps), while the overhead stays the same. ${
    crossover
      ? `On this machine the parallel loop first wins at n = ${crossover.n} (${fmtTime(crossover.parallel)} against ${fmtTime(crossover.serial)}).`
      : 'On this machine the parallel loop did not win within the sizes tried; try larger n.'
  }
The bench draws the whole curve for \`sumTo\` and for the matrix fill:

![serial vs parallel as n grows](img/crossover.svg)

## 3. The matrix fill, over rows

The handout fills an n×n matrix with \`M[i,j] = i² + j²\`, one row per task. With parfor the rows are
loop iterations, and the matrix is shared:

\`\`\`js
const M = new SharedMatrix(n, n);
await parallelFor(0, n, (i, { M }) => {
  const row = M.row(i);
  for (let j = 0; j < row.length; j++) row[j] = i * i + j * j;
}, { shared: { M }, schedule: 'dynamic', chunk: 16 });
\`\`\`

${
  fill && shownFill
    ? `For n = ${fill.size}, \`npm run bench\` measured ${fmtTime(serialFill.stats.median)} serially and ${fmtTime(shownFill.stats.median)} for this code (${shownFill.speedup.toFixed(2)}×)${
        bestFill !== shownFill
          ? `; the fastest variant in that run, ${bestFill.variant}, took ${fmtTime(bestFill.stats.median)} (${bestFill.speedup.toFixed(2)}×)`
          : ''
      }.
This loop writes ${((fill.size * fill.size * 8) / 1e6).toFixed(0)} MB and does two multiplications per element; section 8 looks at
what limits its speedup. \`npm run bench:ceiling\` shows what raw threads reach on the same machine.`
    : 'Run `npm run bench` first to see the fill measured here.'
}

## 4. What is going on: \`verbose\`

joblib's \`verbose\` prints what the pool is doing; parfor's does too. These lines are from \`parallelMap(0, 20000, sumTo, { schedule: 'dynamic', chunk: 16, verbose: 5 })\`:

\`\`\`
${lines.join('\n')}
\`\`\`

The counts come from counters that each thread updates in shared memory, so no message is sent per
chunk.

## 5. Schedules on an uneven loop

Rows of the Mandelbrot set cost very different amounts: the rows through the black body take up to
500 steps per pixel, and the rows outside it take a few. \`static\` gives each thread one block of
rows, so the thread holding the expensive rows finishes last. \`dynamic\` hands out small chunks as
threads become free. \`guided\` starts with large chunks and shrinks them; here its first chunk is
half the image. Each lane below is a thread and each bar a chunk, from \`trace: true\`, and the
three share one time axis:

![static](img/timeline-static.svg)
![dynamic,8](img/timeline-dynamic-8.svg)
![guided](img/timeline-guided.svg)

To try schedules yourself, \`npm run demo\` serves a page that renders the Mandelbrot set with
parfor in your browser, colours each row by the thread that computed it, and draws the same
timeline for the schedule, chunk and thread count you pick (empty the chunk field for plain
\`static\`, one block a thread; with a chunk, \`static\` deals chunks round-robin, which balances
the rows):

![the demo](img/demo.png)

**Chunk size, and joblib's automatic batching.** joblib's \`batch_size='auto'\` groups tasks until a
batch takes at least 0.2 s, because sending a batch to a worker process costs a message each way,
pickled. A parfor chunk costs one atomic add on shared memory: ${overhead('dynamic,1 claim', 0.001, 'ns')} per chunk in this run,
against ${overhead('piscina, empty task')} for an empty task's round trip through a message pool. parfor's \`auto\` learns the other way round. A body's first \`auto\` loop has about 16 chunks per
thread (\`dynamic\` with chunk ⌈n / (16·T)⌉). Once that loop has been timed, the body's later \`auto\`
loops take chunks of about 5 µs of work, but no fewer than 16 and no more than 64 per thread. The
point is not the claims, which cost little either way, but the balance: a loop ends when its last
chunk does, and smaller last chunks end it together. ${autoLine()}

## 6. A race, and two fixes

Many threads adding to one shared number:

\`\`\`js
const s = sharedArray(Float64Array, 1);
await parallelFor(0, ${n}, (i, { s }) => { s[0] += 1; }, { shared: { s }, schedule: 'dynamic', chunk: 64 });
\`\`\`

This gave **${racy}**, not ${n}: ${n - racy} additions were lost. Each \`s[0] += 1\` reads, adds and
writes back, and another thread's write can land in between. Run it again and the total changes,
and some runs come out right: the threads only collide when their read-add-write steps overlap,
which depends on timing. A race can hide for many runs, which is what makes it hard to find;
[exercise 4](exercises/README.md) adds 2,000,000 times, so that it shows on most runs.

- \`ctx.atomicAdd(s, 0, 1)\` makes each addition indivisible: **${atomic}** (${fmtTime(atomicMs)}), but every
  addition now contends for the same memory word.
- \`parallelReduce(0, n, () => 1)\` gives each thread a private sum and adds the partials once at the
  end: **${reduced}** (${fmtTime(reduceMs)}). This is OpenMP's \`reduction\`, and the right tool here.

## 7. Sharing versus copying

A message-passing pool (piscina, threads.js, joblib's process backends) sends each task's result back
as a copy, and the main thread assembles them: joblib pickles every returned row. joblib does avoid
copies elsewhere: NumPy *arguments* larger than \`max_nbytes\` (1 MB) reach the workers memory-mapped,
and with \`require='sharedmem'\` (threads) or an \`np.memmap\` output array the workers write in place,
as parfor's do. parfor's threads write into the shared result directly. Both, on the same fill, from
the same bench run:

${
  fill && poolFill
    ? `| | time | peak RSS | bytes through postMessage |
|---|---|---|---|
| serial | ${fmtTime(serialFill.stats.median)} | ${mb(serialFill)} | 0 |
| parfor (${bestFill.variant}) | ${fmtTime(bestFill.stats.median)} | ${mb(bestFill)} | 0 |
| piscina, one task per row | ${fmtTime(poolFill.stats.median)} | ${mb(poolFill)} | ${(poolFill.bytesCopied / 1e6).toFixed(0)} MB |
${fill.rows
  .filter((r) => r.variant.startsWith('piscina') && r !== poolFill)
  .map(
    (r) => `| ${r.variant} | ${fmtTime(r.stats.median)} | ${mb(r)} | ${r.bytesCopied ? `${(r.bytesCopied / 1e6).toFixed(0)} MB` : '0'} |`,
  )
  .join('\n')}

Copying ${(poolFill.bytesCopied / 1e6).toFixed(0)} MB of rows, and holding them until they are assembled, made the pool ${(poolFill.stats.median / bestFill.stats.median).toFixed(0)}× slower and
${(poolFill.maxRssMb - bestFill.maxRssMb).toFixed(0)} MB heavier than sharing. A pool can do better: moving each row
(a transfer: the buffer changes owner, nothing is copied) saves the copy but not the per-task
message; batching 16 rows per task, as joblib's \`batch_size\` does, cuts the messages 16-fold; and a
pool whose workers write into a \`SharedArrayBuffer\` passed with each task (shared by reference) copies
nothing back. That last pool is parfor's model again, with one message per batch instead of none.`
    : 'Run `npm run bench` first to see this table.'
}

The fill is the case most favourable to sharing: much data, little work per byte. Where each row is
expensive and small, copying it back costs little, and the pool's one task per row balances well.
From the same run, speedup over serial JS, for the four pools and the fastest parfor variant:

${['mandelbrot', 'matmul']
  .map((name) => {
    const k = results?.kernels.find((x) => x.name === name);
    const pool = k?.rows.find((r) => r.variant.startsWith('piscina'));
    const best = k?.rows.filter((r) => r.variant.startsWith('parfor')).sort((a, b) => a.stats.median - b.stats.median)[0];
    return k && pool && best
      ? `- ${name} (size ${k.size}): piscina rows ${pool.speedup.toFixed(2)}×, ${(pool.bytesCopied / 1e6).toFixed(0)} MB copied; ${k.rows
          .filter((r) => r.variant.startsWith('piscina') && r !== pool)
          .map((r) => `${r.variant.replace('piscina ', '')} ${r.speedup.toFixed(2)}×`)
          .join('; ')}; fastest parfor (${best.variant.replace('parfor ', '')}) ${best.speedup.toFixed(2)}×`
      : `- ${name}: run \`npm run bench\` first`;
  })
  .join('\n')}

## 8. What limits the speedup: the cores, or memory

Two threads can at most halve the time, and only when the cores are what the loop waits for. The
same run timed C OpenMP on 1 and on 2 threads, and each kernel on hand-written \`worker_threads\`
workers with no library (\`npm run bench:ceiling\`):

| kernel | C OpenMP, speedup of 2 threads over 1 | parfor, speedup over hand-written workers (async; 1.00: parfor adds nothing) |
|---|---|---|
${['fill', 'matmul', 'mandelbrot', 'pi']
  .map((name) => {
    const k = results.kernels.find((x) => x.name === name);
    const c1 = k?.rows.find((r) => r.variant.startsWith('C OpenMP') && r.variant.endsWith(' 1 thread'));
    const c2 = k?.rows.find((r) => r.variant.startsWith('C OpenMP') && r.variant.endsWith(' 2 threads'));
    const ceil = results.ceiling?.kernels.find((c) => c.name === name);
    const bare = ceil?.variants['bare worker_threads']?.median;
    const firstParfor = ceil && Object.entries(ceil.variants).find(([v]) => v.startsWith('parfor') && !v.endsWith('sync'));
    const cText = c1 && c2 ? `${(c1.stats.median / c2.stats.median).toFixed(2)}×` : '–';
    const ceilText = bare && firstParfor ? `${(bare / firstParfor[1].median).toFixed(2)}×` : '–';
    return k ? `| ${name} (${k.size}) | ${cText} | ${ceilText} |` : '';
  })
  .filter(Boolean)
  .join('\n')}

${limits(results)}
${amdahl(results)}`;
  return md;
}

/**
 * Section 8's reading of its table, from the same run: which kernels C speeds up on a second core
 * and which it does not, how close parfor is to the hand-written workers, and what the run says
 * about the fill (on this VM its 2-thread gain moves a lot between runs, so nothing is asserted
 * that the numbers do not show).
 */
function limits(results) {
  const gains = [];
  const ceil = [];
  for (const name of ['fill', 'matmul', 'mandelbrot', 'pi']) {
    const k = results.kernels.find((x) => x.name === name);
    const c1 = k?.rows.find((r) => r.variant.startsWith('C OpenMP') && r.variant.endsWith(' 1 thread'));
    const c2 = k?.rows.find((r) => r.variant.startsWith('C OpenMP') && r.variant.endsWith(' 2 threads'));
    if (c1 && c2) gains.push({ name, g: c1.stats.median / c2.stats.median });
    const cc = results.ceiling?.kernels.find((x) => x.name === name);
    const bare = cc?.variants['bare worker_threads']?.median;
    const first = cc && Object.entries(cc.variants).find(([v]) => v.startsWith('parfor') && !v.endsWith('sync'));
    if (bare && first) ceil.push(bare / first[1].median);
  }
  const list = (xs) => xs.map((x) => `${x.name} (${x.g.toFixed(2)}×)`).join(', ');
  const halves = gains.filter((x) => x.g >= 1.8 && x.g <= 2.1);
  const more = gains.filter((x) => x.g > 2.1);
  const less = gains.filter((x) => x.g < 1.8);
  const out = [];
  if (halves.length) out.push(`In C, a second core about halves the time of ${list(halves)}.`);
  if (more.length) {
    out.push(
      `${halves.length ? 'It more than halves' : 'In C, a second core more than halves'} the time of ${list(more)}: ` +
        "more than two cores can give, so something besides the thread count helped, and this run does not say what (noise, or the second core's own cache).",
    );
  }
  if (less.length) {
    out.push(
      `It gains less on ${list(less)}: ${less.length > 1 ? 'these kernels read or write' : 'this kernel reads or writes'} much memory per operation, so memory can be what ${less.length > 1 ? 'they wait' : 'it waits'} on.`,
    );
  }
  if (ceil.length) {
    out.push(
      `The last column shows what parfor adds on top: against the hand-written workers it runs at ${Math.min(...ceil).toFixed(2)}–${Math.max(...ceil).toFixed(2)}× for these kernels (below 1×: slower than them).`,
    );
  }
  const k = results.docs.threadsSweep?.kernels.find((x) => x.name === 'fill');
  const two = k?.runs.find((r) => r.threads === 2);
  const w = results.wasm?.rows.filter((r) => r.kernel.startsWith('fill'));
  const simd = w?.find((r) => /^parfor \+ wasm SIMD [^ ]+$/.test(r.variant));
  const c = w?.find((r) => /^C OpenMP [^-]/.test(r.variant));
  if (k && two) {
    out.push(
      `The fill's gain moves a lot between runs on this VM (every run: \`bench/results/issue-13-runs.txt\`): section 9's smaller fill (${k.size}²) gains ${(k.serial / two.ms).toFixed(2)}× on two threads in this same run.`,
    );
  }
  if (simd && c && simd.median < 0.9 * c.median) {
    out.push(
      `And [wasm.md](wasm.md)'s SIMD fill writes the 5000² matrix ${(c.median / simd.median).toFixed(2)}× as fast as C's, so C's fill does not run at the memory's speed. Whether the limit is memory, the cost of touching a 200 MB buffer's pages, or C's integer-to-double conversions was not measured.`,
    );
  }
  return out.join(' ');
}

/** A speedup S on T threads as a table cell: marked † when it is above T, which T threads cannot truly give. */
export function speedup(S, T) {
  return `${S.toFixed(2)}×${S > T * 1.005 ? ' †' : ''}`;
}

/**
 * The note under a table with a speedup above T (issue 27: such a result was shown as a success):
 * `items` are the table's speedups S with their thread counts T. T threads do at most T times the
 * work of one, so a measured S above T says the serial time it is divided by was slow (timed at
 * another moment of a shared machine, or before the code was warm), or that T cores held in their
 * caches what one core had to fetch from memory.
 */
export function beyond(items) {
  const over = items.filter(({ S, T }) => S > T * 1.005);
  if (over.length === 0) return '';
  const list = over.map(({ S, T }) => `${S.toFixed(2)}× on ${T}`);
  const listed = list.length === 1 ? list[0] : `${list.slice(0, -1).join(', ')} and ${list[list.length - 1]}`;
  return `
† Above T× on T threads (here ${listed}), which T threads cannot truly give: each does at most one
thread's work at a time. Such a figure means the serial time it is divided by was slow (timed at
another moment on a shared machine, or with code not yet warm), or that T cores held in their
caches what one core had to fetch from memory. Read it as about T×, not as a gain beyond it.
`;
}

/** The Karp–Flatt metric: the serial fraction e that Amdahl's law would need to give speedup S on T threads. */
export function karpFlatt(S, T) {
  return (1 / S - 1 / T) / (1 - 1 / T);
}

/** The † note of section 9's table: every kernel and thread count above T×. */
function beyondRows(sw) {
  return beyond(sw.kernels.flatMap((k) => k.runs.map((r) => ({ S: k.serial / r.ms, T: r.threads }))));
}

/** Section 9: Amdahl's law and a threads sweep (results.docs.threadsSweep; picture docs/img/threads.svg). */
function amdahl(results) {
  const sw = results.docs.threadsSweep;
  if (sw === undefined) throw new Error('bench/results/latest.json has no docs.threadsSweep: run npm run bench -- --write-docs');
  const rows = [];
  for (const k of sw.kernels) {
    for (const r of k.runs) {
      const S = k.serial / r.ms;
      const e = r.threads > 1 ? karpFlatt(S, r.threads).toFixed(2) : '–';
      rows.push(
        `| ${k.name} (${k.size}) | ${r.threads} | ${fmtTime(r.ms)} | ${speedup(S, r.threads)} | ${(S / r.threads).toFixed(2)} | ${e} |`,
      );
    }
  }
  const at = (name, T) => {
    const k = sw.kernels.find((x) => x.name === name);
    const r = k?.runs.find((x) => x.threads === T);
    return k && r ? { S: k.serial / r.ms, e: T > 1 ? karpFlatt(k.serial / r.ms, T) : NaN, serial: k.serial } : undefined;
  };
  const c = sw.cores;
  const most = Math.max(...sw.kernels.flatMap((k) => k.runs.map((r) => r.threads)));
  const m = at('mandelbrot', c);
  const f = at('fill', c);
  const mMost = at('mandelbrot', most);
  return `
## 9. Amdahl's law: how far more threads go

If a fraction *f* of a program's time cannot be shared out, *T* threads give at most a speedup of
S(T) = 1 / (f + (1 − f) / T), however large T grows: with f = 0.1, never more than 10×. Turned around,
a measured speedup S on T threads says what *f* would have to be: e = (1/S − 1/T) / (1 − 1/T),
the Karp–Flatt metric. A small e means the work is shared out well. An e that grows with T points at
an overhead that grows with T.

The same run timed each loop serially, then on one team of ${most} threads, using 1 to ${most} of them
(\`threads: T\` in the options), on this ${c}-core machine:

| kernel | threads T | time | speedup S over serial | efficiency S ÷ T | Karp–Flatt e |
|---|---|---|---|---|---|
${rows.join('\n')}
${beyondRows(sw)}
![speedup against threads](img/threads.svg)

${
  m && f
    ? `On ${c} threads, ${[m, f].map((x, k) => `${k === 0 ? 'Mandelbrot' : 'the fill'}'s e is ${x.e.toFixed(2)}${x.e < 0 ? ' (below 0, which only a speedup above T gives: no serial fraction is visible at this precision, see †)' : x.e <= 0.1 ? ' (almost all of its time is shared out)' : `: as if ${(100 * x.e).toFixed(0)}% of its time could not be shared out`}`).join(', and ')}.
No line of either loop runs serially, so a larger e would mean that something the loop waits on does
not double with the threads, which Amdahl's law cannot tell apart from serial code. Past ${c} threads
the machine has no more cores. The extra threads take turns on the same ${c} cores, so the speedup
stays near ${c}× at best${mMost ? ` (Mandelbrot on ${most}: ${mMost.S.toFixed(2)}×)` : ''}, and e grows with T: the overhead of taking turns.
\`createTeam()\` sizes the default team to the number of cores for that reason.`
    : ''
}
`;
}
