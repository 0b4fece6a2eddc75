// The unbalanced tree of bench/tasks.mjs (UTS-style binomial tree), as a kernel module: the task that
// parfor's threads import, and the serial walk that checks it, share one hash and one rule for a
// node's children. The root has `b0` children; every other node has 5 with probability 199/1000,
// else none. A node costs `work` rounds of the hash (UTS hashes with SHA-1).

/** murmur3's 32-bit finaliser. */
export function fmix(v) {
  v ^= v >>> 16;
  v = Math.imul(v, 0x85ebca6b);
  v ^= v >>> 13;
  v = Math.imul(v, 0xc2b2ae35);
  v ^= v >>> 16;
  return v >>> 0;
}

/** A node's hash after its work. */
function worked(h, work) {
  let x = h;
  for (let k = 0; k < work; k++) x = fmix(x + k);
  return x;
}

function childrenOf(x, depth, b0) {
  return depth === 0 ? b0 : fmix(x) % 1000 < 199 ? 5 : 0;
}

/** The task: its work, then its children as tasks; returns its subtree's size. Past 64 queued children (the root has 2,000) a spawn runs the child at once, as libgomp does past its cut-off. */
export function utsTask(ctx, { b0, work }, h, depth) {
  const x = worked(h, work);
  const children = childrenOf(x, depth, b0);
  if (children === 0) return 1;
  const hs = [];
  for (let i = 0; i < children; i++) hs.push(ctx.spawn('uts', fmix(x + i + 1), depth + 1));
  ctx.wait();
  let n = 1;
  for (const hd of hs) n += ctx.result(hd);
  return n;
}

/** The same tree walked serially: its size. */
export function utsSerial(h, depth, b0, work) {
  const x = worked(h, work);
  const children = childrenOf(x, depth, b0);
  let n = 1;
  for (let i = 0; i < children; i++) n += utsSerial(fmix(x + i + 1), depth + 1, b0, work);
  return n;
}
