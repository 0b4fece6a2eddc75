// Checks an exercise: `npm run exercise -- N` runs exercise N's start.mjs (your edited copy), then
// says whether its self-check passed and, where the machine has the cores for it, whether it reached
// the exercise's speedup floor.
//
//   npm run exercise -- 9               your docs/exercises/09-pi/start.mjs
//   npm run exercise -- 9 --solution    the solution, for comparison
//   npm run exercise -- 9 --file my.mjs another file of yours, checked as exercise 9
//
// Correctness: the program must exit normally and print at least one self-check line ("same
// result: true", "same histogram: …", "checked …: …"), all of them true. Speed: a program that
// prints "speedup, <label>: <x>×" lines is run on a team of 4 threads when 4 cores are idle, and its
// best speedup must reach the floor below; on a smaller or busier machine the check is skipped,
// with the reason, because a floor measured on borrowed cores says nothing about the program.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Speedup floors on 4 threads: half of ideal, for the exercises whose point is a speedup. */
export const FLOORS = { 3: 2, 5: 2, 9: 2, 14: 2, 15: 1.5 };
export const FLOOR_THREADS = 4;

const here = new URL('.', import.meta.url);
/** The exercise folders, by number: { 1: '01-first-call', … }. */
export function exercises() {
  const out = {};
  for (const d of readdirSync(here, { withFileTypes: true })) {
    const m = /^(\d\d)-/.exec(d.name);
    if (d.isDirectory() && m) out[Number(m[1])] = d.name;
  }
  return out;
}

/** The self-check lines of a program's output, each with its verdict. */
export function selfChecks(output) {
  return [...output.matchAll(/^.*\b(?:same [^:\n]*|checked[^:\n]*): (true|false)\b.*$/gm)].map((m) => ({
    line: m[0].trim(),
    ok: m[1] === 'true',
  }));
}

/** The speedups a program printed ("speedup, <label>: <x>×"). */
export function speedups(output) {
  return [...output.matchAll(/^speedup, ([^:\n]*): ([\d.]+)×/gm)].map((m) => ({ label: m[1], x: Number(m[2]) }));
}

/** About how many logical cores are idle: the count minus the 1-minute load (0 load on Windows). */
export function idleCores(cores = availableParallelism(), load = loadavg()[0]) {
  return Math.max(0, Math.floor(cores - load));
}

/**
 * The verdict on one run: { ok, lines } where lines explain it. `floor` is the exercise's speedup
 * floor (undefined: none); `measured` says whether this run was the one on FLOOR_THREADS threads.
 */
export function verdict({ status, output, floor, measured, idle }) {
  const lines = [];
  let ok = true;
  if (status !== 0) {
    lines.push(`correct: no — the program exited with status ${status}`);
    return { ok: false, lines };
  }
  const checks = selfChecks(output);
  if (checks.length === 0) {
    lines.push('correct: no — the program printed no self-check line ("same result: true" or the like)');
    ok = false;
  } else if (checks.every((c) => c.ok)) {
    lines.push(`correct: yes (${checks.length === 1 ? checks[0].line : `${checks.length} self-checks true`})`);
  } else {
    ok = false;
    lines.push('correct: no — a self-check failed:');
    for (const c of checks.filter((c) => !c.ok)) lines.push(`  ${c.line}`);
  }
  if (floor === undefined) {
    lines.push('speedup: this exercise has no speedup floor');
  } else if (!measured) {
    lines.push(
      `speedup: not checked — the floor (${floor}× on ${FLOOR_THREADS} threads) needs ${FLOOR_THREADS} idle cores, ` +
        `and this machine has about ${idle} (its logical cores less its load). Times on shared cores say little.`,
    );
  } else {
    const got = speedups(output);
    if (got.length === 0) {
      ok = false;
      lines.push(`speedup: no — the program printed no "speedup, <label>: <x>×" line to check against ${floor}×`);
    } else {
      const best = got.reduce((a, b) => (b.x > a.x ? b : a));
      const pass = best.x >= floor;
      ok &&= pass;
      lines.push(`speedup: ${pass ? 'yes' : 'no'} — best ${best.x}× (${best.label}) on ${FLOOR_THREADS} threads, floor ${floor}×`);
    }
  }
  return { ok, lines };
}

/** Runs `file` with node, echoing its output; resolves to { status, output }. */
function run(file, env) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [file], { env, stdio: ['inherit', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => {
      output += d;
      process.stdout.write(d);
    });
    child.stderr.on('data', (d) => process.stderr.write(d));
    child.on('close', (code, signal) => resolve({ status: code ?? signal, output }));
  });
}

async function main(argv) {
  const n = Number(argv[0]);
  const all = exercises();
  if (!Number.isInteger(n) || !all[n]) {
    const list = Object.entries(all)
      .map(([k, d]) => `  ${k.padStart(2)}  ${d}`)
      .join('\n');
    console.error(
      `usage: npm run exercise -- N [--solution | --file path]\nN is one of:\n${list}\ngot: ${JSON.stringify(argv[0] ?? null)}`,
    );
    return 2;
  }
  const fileAt = argv.indexOf('--file');
  if (fileAt >= 0 && !argv[fileAt + 1]) {
    console.error('--file needs a path after it');
    return 2;
  }
  // npm runs scripts from the package's folder and keeps the caller's in INIT_CWD
  const file =
    fileAt >= 0
      ? resolve(process.env.INIT_CWD ?? process.cwd(), argv[fileAt + 1])
      : fileURLToPath(new URL(`${all[n]}/${argv.includes('--solution') ? 'solution' : 'start'}.mjs`, here));
  const floor = FLOORS[n];
  const idle = idleCores();
  const measured = floor !== undefined && idle >= FLOOR_THREADS;
  const env = { ...process.env };
  if (measured) env.PARFOR_NUM_THREADS = String(FLOOR_THREADS);
  console.log(`exercise ${n}: node ${file}${measured ? ` (PARFOR_NUM_THREADS=${FLOOR_THREADS})` : ''}\n`);
  const { status, output } = await run(file, env);
  const v = verdict({ status, output, floor, measured, idle });
  console.log(`\n${v.lines.join('\n')}`);
  return v.ok ? 0 : 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exitCode = await main(process.argv.slice(2));
