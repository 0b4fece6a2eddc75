// Every exercise's starter and solution (docs/exercises) on teams of 1, 3 and 8 threads (issue 27:
// a student's laptop is not the 2-core machine the tests run on): prints each program's self-check
// lines (read as `npm run exercise` reads them, docs/exercises/check.mjs), and exits non-zero if a
// solution has no self-check or a false one, or a program errs. The committed run is
// bench/results/issue-27-exercises.txt.
//   npm run -s build && node scripts/exercise-sizes.mjs [threads …]
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { selfChecks } from '../docs/exercises/check.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const sizes = process.argv.length > 2 ? process.argv.slice(2).map(Number) : [1, 3, 8];
const names = readdirSync(`${root}docs/exercises`).filter((n) => /^\d\d-/.test(n));
let failed = 0;
for (const threads of sizes) {
  for (const name of names) {
    for (const file of ['start.mjs', 'solution.mjs']) {
      const r = spawnSync(process.execPath, [`docs/exercises/${name}/${file}`], {
        cwd: root,
        encoding: 'utf8',
        timeout: 300_000,
        env: { ...process.env, PARFOR_NUM_THREADS: String(threads) },
      });
      const checks = selfChecks(r.stdout ?? '');
      const bad = r.status !== 0 || r.stderr !== '' || (file === 'solution.mjs' && (checks.length === 0 || checks.some((c) => !c.ok)));
      if (bad) failed++;
      console.log(
        `${String(threads).padStart(2)} threads  ${`${name}/${file}`.padEnd(30)} ${bad ? 'FAILED' : 'ok    '} ${checks.map((c) => c.line).join('; ')}${r.stderr ? ` stderr: ${r.stderr.split('\n')[0]}` : ''}`,
      );
    }
  }
}
process.exitCode = failed === 0 ? 0 : 1;
