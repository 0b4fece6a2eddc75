// A small consumer program, bundled by esbuild in test/bundler.test.ts as a user would.
import { parallelMap, parallelReduce, shutdown } from 'parfor';

const squares = await parallelMap(0, 100, (i) => i * i, { schedule: 'dynamic', chunk: 8 });
const sum = await parallelReduce(0, 100, (i, { squares }) => squares[i], { shared: { squares } });
console.log(JSON.stringify({ last: squares[99], sum }));
await shutdown();
