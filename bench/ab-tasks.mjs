// Two parfor builds in one process on the task paths EPCC's taskbench times (PARALLEL_TASK,
// MASTER_TASK, TASK_WAIT, TREE): a regression check fairer than separate runs on a noisy machine.
//   node bench/ab-tasks.mjs <dist/index.js of build A> <of build B> [THREADS] [BLOCKS]
// One team alive at a time (an idle team's workers would take a core from the other's): each block
// makes a team of build A and one of build B in turn (the order swapped each block), runs each test
// 10 times to warm up (a new team compiles its task table anew, and that code must warm up) and
// times 10 more. The delay in each task is LEN iterations of a sum loop (env LEN, default 169:
// about 0.1 µs here, EPCC's delay); INNER tasks a thread (env, default 10,000).
// Then the unbalanced tree of bench/tasks.mjs (3 warm-up runs, 5 timed). Prints the median µs a task
// (the delay included) per build and B over A.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { summarize } from './stats.mjs';
import { regions, tasks } from './taskbench-shapes.mjs';

const [a, b, threadsArg, blocksArg] = process.argv.slice(2);
if (!a || !b) throw new Error('usage: node bench/ab-tasks.mjs <dist/index.js of build A> <of build B> [threads] [blocks]');
const libs = await Promise.all([a, b].map((p) => import(pathToFileURL(resolve(p)).href)));
const threads = Number(threadsArg ?? 2);
const blocks = Number(blocksArg ?? 6);
const INNER = Number(process.env.INNER ?? 10_000);
const LEN = Number(process.env.LEN ?? 169);

// And the unbalanced tree of bench/tasks.mjs (349,591 nodes, one task each, bench/uts.mjs), per node.
const UTS = { url: new URL('./uts.mjs', import.meta.url), nodes: 349_591 };
const names = [...Object.keys(regions), 'UTS'];
const times = names.map(() => [[], []]);
for (let blk = 0; blk < blocks; blk++) {
  for (const which of blk % 2 ? [1, 0] : [0, 1]) {
    const P = libs[which];
    const team = P.createTeam({ threads });
    await team.ready();
    const shared = { len: LEN, sink: P.sharedArray(Float64Array, 1), inner: INNER, depth: 5 };
    const uts = { uts: P.kernel(UTS.url, 'utsTask') };
    const utsShared = { shared: { b0: 2000, work: 64 } };
    for (let k = 0; k < names.length; k++) {
      const isUts = names[k] === 'UTS';
      for (let r = 0; r < (isUts ? 8 : 20); r++) {
        const t0 = performance.now();
        if (!isUts) team.parallelSync(regions[names[k]], { tasks, shared });
        else if (team.parallelTasksSync(uts, 'uts', [1, 0], utsShared) !== UTS.nodes) throw new Error('the tree counted wrong');
        const us = (performance.now() - t0) * 1e3;
        if (r >= (isUts ? 3 : 10)) times[k][which].push(us / (isUts ? UTS.nodes : INNER));
      }
    }
    await team.close();
  }
}
console.log(`# node bench/ab-tasks.mjs ${a} ${b} ${threads} ${blocks}   INNER=${INNER} LEN=${LEN}`);
for (let k = 0; k < names.length; k++) {
  const [ma, mb] = times[k].map((xs) => summarize(xs).median);
  console.log(`${names[k].padEnd(14)} A ${ma.toFixed(3)} µs a task   B ${mb.toFixed(3)}   B / A ${(mb / ma).toFixed(3)}`);
}
