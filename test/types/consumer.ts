// A user's TypeScript, type-checked against the built declarations (test/types.test.ts).
import {
  createTeam,
  LoopBodyError,
  type LoopOptions,
  parallelFor,
  parallelForSync,
  parallelReduce,
  SharedMatrix,
  sharedArray,
} from 'parfor';

// `shared` typed by an interface: the body's parameters get its types.
interface Inputs {
  out: Float64Array;
  scale: number;
}
const inputs: Inputs = { out: sharedArray(Float64Array, 10), scale: 2 };
await parallelFor(
  0,
  10,
  (i, { out, scale }) => {
    out[i] = i * scale;
  },
  { shared: inputs },
);

// An options object held in a variable, with no `as const`.
const opts = { schedule: 'dynamic', chunk: 4, shared: { M: new SharedMatrix(4, 4) } };
parallelForSync(
  0,
  4,
  (i, { M }) => {
    M.set(i, i, 1);
  },
  opts,
);
const typed: LoopOptions = { schedule: 'guided,8', threads: 2 };
void typed;

// sharedArray's buffer is a SharedArrayBuffer.
const sab: SharedArrayBuffer = sharedArray(Int32Array, 4).buffer;
void sab;

const total: number = await parallelReduce(0, 100, (i) => i, { op: '+' });
void total;
const team = createTeam({ threads: 2 });
try {
  await team.parallelFor(0, 1, () => {});
} catch (e) {
  if (e instanceof LoopBodyError) console.log(e.index, e.range);
} finally {
  await team.close();
}
