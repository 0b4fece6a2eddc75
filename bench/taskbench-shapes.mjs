// The task shapes EPCC's taskbench times, as parfor regions with tasks: shared by bench/taskbench.mjs
// (against libgomp) and bench/ab-tasks.mjs (build against build). Each task runs a delay of `len`
// iterations; `inner` is the task instances a thread, `depth` the TREE test's tree depth.
//   PARALLEL_TASK  every thread of a region spawns `inner` tasks (the region's end waits for them)
//   MASTER_TASK    thread 0 alone spawns inner × T tasks, the others run them
//   TASK_WAIT      every thread spawns one task and waits for it, `inner` times
//   TREE           every thread spawns inner / (2^depth - 1) binary trees of `depth`, a delay in each node

export const tasks = {
  work(_ctx, { len, sink }) {
    let a = 0;
    for (let i = 0; i < len; i++) a += i;
    if (a < 0) sink[0] = a;
  },
  node(ctx, { len, sink }, depth) {
    let a = 0;
    for (let i = 0; i < len; i++) a += i;
    if (a < 0) sink[0] = a;
    if (depth > 1) {
      ctx.spawn('node', depth - 1);
      ctx.spawn('node', depth - 1);
    }
  },
};

export const regions = {
  PARALLEL_TASK: (ctx, { inner }) => {
    for (let j = 0; j < inner; j++) ctx.spawn('work');
  },
  MASTER_TASK: (ctx, { inner }) => {
    if (ctx.threadId === 0) for (let j = 0; j < inner * ctx.numThreads; j++) ctx.spawn('work');
  },
  TASK_WAIT: (ctx, { inner }) => {
    for (let j = 0; j < inner; j++) {
      ctx.spawn('work');
      ctx.wait();
    }
  },
  TREE: (ctx, { inner, depth }) => {
    const roots = Math.floor(inner / (2 ** depth - 1));
    for (let j = 0; j < roots; j++) ctx.spawn('node', depth);
  },
};
