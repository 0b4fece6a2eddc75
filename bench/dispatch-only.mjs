// Some constructs of the dispatch suite alone (bench/dispatch.mjs: parfor against libgomp, alternating
// child processes, 5 rounds of 20,000 calls after 5,000 warm), printed as a table.
//   node bench/dispatch-only.mjs CONSTRUCT[,CONSTRUCT…] [threads=2]
import { dispatchSuite } from './dispatch.mjs';

const only = (process.argv[2] ?? 'for').split(',');
const threads = Number(process.argv[3] ?? 2);
const rows = await dispatchSuite({ quick: false, threads, progress: (m) => process.stderr.write(`${m}\n`), only });
console.log(JSON.stringify(rows, null, 1));
