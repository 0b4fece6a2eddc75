// The ESLint plugin (parfor/eslint, src/lint/eslint.ts): its rule reports a variable from the code
// around a function parfor ships as source, from the source as written, so the same code gets the
// same report whatever a minifier or runtime later does to it. Run with ESLint's own Linter, on
// JavaScript and on TypeScript (typescript-eslint's parser).
import { readFileSync } from 'node:fs';
import tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import * as P from 'parfor';
import parfor, { SHIPPING_CALLS } from 'parfor/eslint';
import { describe, expect, it } from 'vitest';

const linter = new Linter({ configType: 'flat' });

/** The rule's reports on `code`: `name@line`, in order. */
function lint(code: string, opts: { ts?: boolean; script?: boolean; functions?: string[] } = {}): string[] {
  const config = {
    files: ['**/*.*'],
    plugins: { parfor },
    rules: { 'parfor/no-captures': opts.functions ? ['error', { functions: opts.functions }] : 'error' },
    languageOptions: {
      ecmaVersion: 'latest' as const,
      sourceType: opts.script ? ('script' as const) : ('module' as const),
      ...(opts.ts ? { parser: tsParser } : {}),
    },
  };
  const messages = linter.verify(code, config as never, opts.ts ? 'file.ts' : 'file.js');
  for (const m of messages) if (m.ruleId !== 'parfor/no-captures') throw new Error(`${m.ruleId}: ${m.message}`);
  return messages.map((m) => `${/^'([^']+)'/.exec(m.message)?.[1]}@${m.line}`);
}

const head = "import { createTeam, parallelFor, parallelForSync, parallelReduce, parallelTasks, wasmKernel } from 'parfor';\n";

describe('parfor/no-captures', () => {
  it('reports a module-level and a function-local constant alike (a minifier or Bun may inline the second)', () => {
    const code = `${head}const k = 3;
await parallelFor(0, 8, (i, { out }) => { out[i] = i * k; });
function f() {
  const j = 2;
  return parallelForSync(0, 8, (i, { out }) => { out[i] = i * j; });
}`;
    expect(lint(code)).toEqual(['k@3', 'j@6']);
  });

  it('says what to do, once per name per function', () => {
    const [m] = linter.verify(`${head}const k = 1; parallelFor(0, 2, (i) => k + k);`, {
      plugins: { parfor },
      rules: { 'parfor/no-captures': 'error' },
    } as never);
    expect(m?.message).toBe(
      "'k' is a variable from the code around this function, which runs on other threads as source text and cannot see it: pass the value through the 'shared' option, or import it in a kernel module",
    );
    expect(lint(`${head}const k = 1; parallelFor(0, 2, (i) => k + k);`)).toEqual(['k@2']);
  });

  it('passes parameters, its own declarations, globals and its own name', () => {
    const code = `${head}parallelFor(0, 8, function body(i, { out }, ctx) {
  const sq = (x) => x * x;
  let t = 0;
  for (const v of [1, 2]) t += v;
  out[i] = Math.sqrt(sq(i)) + t + ctx.threadId + (i > 0 ? 0 : body.length);
});`;
    expect(lint(code)).toEqual([]);
  });

  it("checks methods of a team, 'init', 'merge', 'op', task tables and wasm imports; not onProgress", () => {
    const code = `${head}const k = 1, m = 2, o = 3, p = 4, w = 5, cb = [];
const team = createTeam();
team.parallelMapSync(0, 4, (i) => i + k);
parallelFor(0, 4, () => {}, { init: () => m, merge: () => void o, onProgress: (d) => cb.push(d) });
parallelReduce(0, 4, (i) => i, { op: (a, b) => a + b + p, identity: 0 });
parallelTasks({ root: (ctx) => w, leaf: (ctx) => 0 }, 'root');
wasmKernel('k.wasm', 'f', { imports: { env: { scale: (x) => x * k } } });`;
    expect(lint(code)).toEqual(['k@4', 'm@5', 'o@5', 'p@6', 'w@7', 'k@8']);
  });

  it('follows a function passed by name to its declaration', () => {
    const code = `${head}const k = 1;
const body = (i, { out }) => { out[i] = k; };
function other(i, { out }) { out[i] = k * 2; }
parallelFor(0, 4, body);
parallelFor(0, 4, other);`;
    expect(lint(code)).toEqual(['k@3', 'k@4']);
  });

  it('reports an import and a script-level var', () => {
    expect(lint(`${head}import { scale } from './util.js';\nparallelFor(0, 4, (i) => scale(i));`)).toEqual(['scale@3']);
    const script = "const { parallelFor } = require('parfor');\nvar k = 2;\nparallelFor(0, 4, (i) => i * k);";
    expect(lint(script, { script: true })).toEqual(['k@3']);
  });

  it("is quiet in a file that does not use parfor, except for the calls named in 'functions'", () => {
    const code = 'const k = 1;\nparallel(() => k);\nmyLoop(0, 4, (i) => i * k);';
    expect(lint(code)).toEqual([]);
    expect(lint(code, { functions: ['myLoop'] })).toEqual(['k@3']);
  });

  it('reads TypeScript: types and ambient declarations are not captures', () => {
    const code = `${head}import type { Shared } from 'parfor';
interface Row { out: Float64Array }
declare const later: number;
const k = 3;
parallelFor(0, 4, (i: number, s: Row & Shared) => { s.out[i] = (i as number) * k + (typeof later === 'number' ? later : 0); });`;
    expect(lint(code, { ts: true })).toEqual(['k@6']);
  });

  it('knows every parfor function that ships functions, and its config turns the rule on', () => {
    const api = Object.keys(P).filter((n) => /^parallel/.test(n) && typeof (P as Record<string, unknown>)[n] === 'function');
    const team = Object.getOwnPropertyNames(P.Team.prototype).filter((n) => /^parallel/.test(n));
    const rule = parfor.rules['no-captures'] as unknown as { create: unknown };
    expect(typeof rule.create).toBe('function');
    // Every loop function and method is known to the rule (wasmKernel, which ships its imports, too).
    const known = new Set(SHIPPING_CALLS);
    expect([...api, ...team, 'wasmKernel'].filter((n) => !known.has(n))).toEqual([]);
    expect(parfor.configs.recommended.rules).toEqual({ 'parfor/no-captures': 'error' });
    expect(parfor.meta.version).toBe(JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version);
  });
});
