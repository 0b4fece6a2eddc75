// The package as a user installs it: `npm pack`, install the tarball into a fresh project, then run
// it from ESM and CommonJS and type-check TypeScript consumers under node16, nodenext and bundler
// resolution (a CommonJS .cts consumer without skipLibCheck included).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { transformSync } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { limiter } from './helpers.js';
import { installPacked, root } from './packed.js';

const tsc = join(root, 'node_modules/typescript/bin/tsc');
const dir = mkdtempSync(join(tmpdir(), 'parfor-consumer-'));

beforeAll(() => installPacked(dir), 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const program = (load: string) => `${load}
const t = createTeam({ threads: 2 });
const out = sharedArray(Int32Array, 100);
t.parallelForSync(0, 100, (i, { out }) => { out[i] = i; }, { shared: { out } });
Promise.resolve(t.parallelReduce(0, 100, (i, { out }) => out[i], { shared: { out } }))
  .then((s) => { console.log(s === 4950 ? 'OK' : 'WRONG ' + s); return t.close(); });
`;

function node(file: string, code: string) {
  writeFileSync(join(dir, file), code);
  return spawnSync(process.execPath, [file], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
}

interface Checked {
  status: number | null;
  output: string;
}
type Consumer = [name: string, options: Record<string, unknown>, file: string, code: string];

/** Type-check one consumer project with the packed package's declarations (tsc, in a child process). */
function typecheck([name, options, file, code]: Consumer): Promise<Checked> {
  const config = `${name.replace(/\W+/g, '-')}.tsconfig.json`;
  writeFileSync(join(dir, file), code);
  writeFileSync(
    join(dir, config),
    JSON.stringify({
      compilerOptions: { strict: true, noEmit: true, skipLibCheck: false, types: [], target: 'ES2022', ...options },
      files: [file],
    }),
  );
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [tsc, '-p', config], { cwd: dir, timeout: 120_000 });
    let output = '';
    child.stdout.on('data', (d) => {
      output += d;
    });
    child.stderr.on('data', (d) => {
      output += d;
    });
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, output }));
  });
}

// Each tsc run takes ~2 s of one core: the consumers are checked two at a time, all queued by the
// first test that asks, and each test reads its own result.
const slot = limiter(2);
const checks = new Map<string, Promise<Checked>>();
function checked(name: string): Promise<Checked> {
  if (checks.size === 0)
    for (const c of consumers)
      checks.set(
        c[0],
        slot(() => typecheck(c)),
      );
  return checks.get(name)!;
}

const tsUser = `import { createTeam, LoopBodyError, sharedArray } from 'parfor';
interface In { out: Int32Array }
const shared: In = { out: sharedArray(Int32Array, 4) };
const opts = { schedule: 'dynamic', shared };
createTeam({ threads: 1 }).parallelForSync(0, 4, (i, { out }) => { out[i] = i; }, opts);
export const isBodyError = (e: unknown): boolean => e instanceof LoopBodyError;
`;

// `await using`: Node 20 cannot parse it, so it is lowered by esbuild (its __using helpers call
// Symbol.asyncDispose), as tsx or a bundler would. The loop called before the scope ends finishes.
const disposing = `import { createTeam, sharedArray, TeamClosedError } from 'parfor';
const out = sharedArray(Int32Array, 8);
let kept: ReturnType<typeof createTeam>;
{
  await using team = createTeam({ threads: 2 });
  kept = team;
  void team.parallelFor(0, 8, (i, { out }) => { out[i] = i + 1; }, { shared: { out } });
}
const late = await kept.parallelFor(0, 1, () => {}).catch((e: unknown) => e);
console.log(kept.closed, out.join(), late instanceof TeamClosedError);
`;

/** The TypeScript consumers checked against the packed declarations: name, compiler options, file, code. */
const consumers: Consumer[] = [
  ['node16-cts', { module: 'node16', moduleResolution: 'node16' }, 'user.cts', tsUser],
  ['node16-mts', { module: 'node16', moduleResolution: 'node16' }, 'user.mts', tsUser],
  ['nodenext', { module: 'nodenext', moduleResolution: 'nodenext' }, 'next.mts', tsUser],
  ['bundler', { module: 'esnext', moduleResolution: 'bundler' }, 'bundled.ts', tsUser],
  ['lib ESNext', { module: 'nodenext', moduleResolution: 'nodenext', lib: ['ESNext', 'DOM'] }, 'using-esnext.mts', disposing],
  [
    'lib ES2022 with esnext.disposable',
    { module: 'nodenext', moduleResolution: 'nodenext', lib: ['ES2022', 'esnext.disposable', 'DOM'] },
    'using-es2022.mts',
    disposing,
  ],
];

describe('the packed package', () => {
  it('runs from an ES module', () => {
    const r = node('esm.mjs', program("import { createTeam, sharedArray } from 'parfor';"));
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('OK');
  });

  it('runs from CommonJS', () => {
    const r = node('cjs.cjs', program("const { createTeam, sharedArray } = require('parfor');"));
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('OK');
  });

  it.each(['node16-cts', 'node16-mts', 'nodenext', 'bundler'])(
    'type-checks a TypeScript consumer: %s',
    async (name) => {
      const r = await checked(name);
      expect(r.output).toBe('');
      expect(r.status).toBe(0);
    },
    240_000,
  );

  it('closes a team with `await using` (Symbol.asyncDispose), after the loops already called', () => {
    const js = transformSync(disposing, { loader: 'ts', format: 'esm', target: 'es2022' }).code;
    expect(js).toContain('__using');
    const r = node('using.mjs', js);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('true 1,2,3,4,5,6,7,8 true');
  });

  it.each(['lib ESNext', 'lib ES2022 with esnext.disposable'])(
    'type-checks `await using team = createTeam()`: %s',
    async (name) => {
      const r = await checked(name);
      expect(r.output).toBe('');
      expect(r.status).toBe(0);
    },
    240_000,
  );

  // What ships (issue 26): at most 1 MB unpacked (source maps are left out, the code is minified
  // with its names kept: scripts/build.mjs), and every relative link in a shipped Markdown file
  // points at a file that ships.
  it('its ESLint plugin (parfor/eslint) reports a capture from the ESLint CLI, with an ES module or a CommonJS config', async () => {
    const eslint = join(root, 'node_modules/eslint/bin/eslint.js');
    writeFileSync(
      join(dir, 'lint-me.mjs'),
      "import { parallelFor } from 'parfor';\nconst k = 3;\nawait parallelFor(0, 4, (i) => i * k);\n",
    );
    const configs = {
      'eslint.config.mjs': "import parfor from 'parfor/eslint';\nexport default [parfor.configs.recommended];\n",
      'eslint.config.cjs': "const parfor = require('parfor/eslint').default;\nmodule.exports = [parfor.configs.recommended];\n",
    };
    for (const [file, text] of Object.entries(configs)) {
      writeFileSync(join(dir, file), text);
      const r = spawnSync(process.execPath, [eslint, '--config', file, 'lint-me.mjs'], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
      expect([file, r.status]).toEqual([file, 1]);
      expect(r.stdout).toMatch(/3:36\s+error\s+'k' is a variable from the code around this function.*parfor\/no-captures/);
      rmSync(join(dir, file));
    }
    // Its types, from ESM and CommonJS consumers.
    const consumers = {
      'lint-esm.mts':
        "import parfor from 'parfor/eslint';\nexport const on: 'error' = parfor.configs.recommended.rules['parfor/no-captures'];\n",
      'lint-cjs.cts': "import lint = require('parfor/eslint');\nexport const name: string = lint.default.meta.name;\n",
    };
    const results = await Promise.all(
      Object.entries(consumers).map(([file, code]) =>
        slot(() => typecheck([file.slice(0, -4), { module: 'nodenext', moduleResolution: 'nodenext' }, file, code])),
      ),
    );
    expect(results.map((r) => r.output)).toEqual(['', '']);
  }, 120_000);

  it('is at most 1 MB unpacked, and its Markdown links resolve inside it', () => {
    const pkg = join(dir, 'node_modules/parfor');
    const files = readdirSync(pkg, { recursive: true })
      .map(String)
      .filter((f) => statSync(join(pkg, f)).isFile());
    const bytes = files.reduce((sum, f) => sum + statSync(join(pkg, f)).size, 0);
    expect(bytes).toBeLessThanOrEqual(1_000_000);
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
    const dead: string[] = [];
    for (const md of files.filter((f) => f.endsWith('.md'))) {
      for (const [, target] of readFileSync(join(pkg, md), 'utf8').matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^(https?:|mailto:|#)/.test(target!)) continue;
        const path = join(dirname(md), target!.replace(/#.*$/, ''));
        if (!existsSync(join(pkg, path))) dead.push(`${md} -> ${target}`);
      }
    }
    expect(dead).toEqual([]);
  });
});
