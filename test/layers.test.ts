// The layers of docs/architecture.md, checked against the source: every file in src/ is in the
// page's table (and every file the table names exists), and imports point down only. In
// particular api/ imports from team/ nothing but the engine (team/dispatch/engine.ts) and types,
// so the front door cannot drift back into the team's internals.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const src = join(root, 'src');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [relative(src, p)];
  });
}
const FILES = filesUnder(src).filter((f) => f.endsWith('.ts') || f.endsWith('.md'));

/** The files each row of the Layers table names, by directory ('' for src/ itself). */
function table(): Map<string, Set<string>> {
  const doc = readFileSync(join(root, 'docs/architecture.md'), 'utf8');
  const section = doc.slice(doc.indexOf('## Layers'), doc.indexOf('\n## ', doc.indexOf('## Layers') + 5));
  const rows = new Map<string, Set<string>>();
  for (const line of section.split('\n')) {
    if (!line.startsWith('| `')) continue;
    const [, layer, files] = line.split('|').map((c) => c.trim());
    const names = (c: string) => [...c.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
    if (layer!.endsWith('/`')) {
      const dir = names(layer!)[0]!.replace(/\/$/, '');
      rows.set(dir, new Set(names(files!)));
    } else {
      for (const f of names(layer!)) rows.set('', (rows.get('') ?? new Set()).add(f));
    }
  }
  return rows;
}

describe('docs/architecture.md, Layers', () => {
  it('names every file in src/, and only files that exist', () => {
    const rows = table();
    const listed = new Set([...rows].flatMap(([dir, files]) => [...files].map((f) => (dir === '' ? f : `${dir}/${f}`))));
    const missing = FILES.filter((f) => !listed.has(f));
    const extra = [...listed].filter((f) => !FILES.includes(f));
    expect({ missing, extra }).toEqual({ missing: [], extra: [] });
  });

  it('names every test file that imports src/ directly (the rest import the package, as a user would)', () => {
    const doc = readFileSync(join(root, 'docs/architecture.md'), 'utf8');
    const paragraph = doc.slice(doc.indexOf('test files that step internals directly'), doc.indexOf('## Control block layout'));
    const named = [...paragraph.matchAll(/`([\w-]+\.test\.ts)`/g)].map((m) => m[1]).sort();
    const tests = join(root, 'test');
    const stepping = readdirSync(tests)
      .filter((f) => f.endsWith('.ts') && /from '\.\.\/src\//.test(readFileSync(join(tests, f), 'utf8')))
      .sort();
    expect(named).toEqual(stepping);
  });
});

/** What each file imports: specifier resolved to a path under src/, and whether only types. */
function imports(file: string): Array<{ to: string; typeOnly: boolean }> {
  const text = readFileSync(join(src, file), 'utf8');
  const out: Array<{ to: string; typeOnly: boolean }> = [];
  for (const m of text.matchAll(/^(import|export)\s+(type\s+)?[^;]*?from\s+'(\.[^']+)';/gms)) {
    const to = relative(src, join(dirname(join(src, file)), m[3]!)).replace(/\.js$/, '.ts');
    // `import { type A, type B }` with every name a type is type-only too.
    const braces = /\{([^}]*)\}/.exec(m[0])?.[1];
    const allTypes = braces?.split(',').every((n) => n.trim() === '' || n.trim().startsWith('type ')) === true;
    out.push({ to, typeOnly: m[2] !== undefined || allTypes });
  }
  return out;
}

/** The layer of a file, as the page names them, bottom first. */
function layerOf(file: string): string {
  if (['intrinsics.ts', 'errors.ts', 'describe.ts'].includes(file)) return 'base';
  if (file === 'index.ts') return 'index';
  return file.split('/')[0]!;
}
/** Which layers each layer may import values from (its own included). */
const MAY_IMPORT: Record<string, string[]> = {
  base: ['base'],
  core: ['base', 'core', 'data'],
  schedule: ['base', 'core', 'schedule'],
  data: ['base', 'data'],
  platform: ['base', 'platform'],
  kinds: ['base', 'data', 'kinds'],
  team: ['base', 'core', 'schedule', 'data', 'platform', 'kinds', 'team'],
  api: ['base', 'core', 'schedule', 'data', 'platform', 'kinds', 'api', 'team'],
  index: ['base', 'api', 'data'],
  // The ESLint plugin (parfor/eslint) is an entry of its own and stands alone.
  lint: ['lint'],
};
/** Within team/, bottom first: a module imports from its own step or those below. */
const TEAM_ORDER = ['team/messages.ts', 'team/error-wire.ts', 'team/shared', 'team/bodies', 'team/thread', 'team/workers', 'team/dispatch'];
const teamRank = (f: string) => {
  const k = TEAM_ORDER.findIndex((p) => f === p || f.startsWith(`${p}/`));
  return k <= 2 ? 0 : k; // messages, error-wire and shared/ form the bottom step together
};

describe('imports point down only', () => {
  it('every layer imports values only from itself and the layers below it', () => {
    const wrong: string[] = [];
    for (const file of FILES.filter((f) => f.endsWith('.ts'))) {
      const from = layerOf(file);
      for (const { to, typeOnly } of imports(file)) {
        if (typeOnly) continue;
        if (!MAY_IMPORT[from]!.includes(layerOf(to))) wrong.push(`${file} → ${to}`);
        if (from === 'team' && layerOf(to) === 'team' && teamRank(to) > teamRank(file)) wrong.push(`${file} → ${to} (up within team/)`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('api/ imports from team/ only the engine, and types', () => {
    const wrong = FILES.filter((f) => f.startsWith('api/')).flatMap((file) =>
      imports(file)
        .filter(({ to, typeOnly }) => to.startsWith('team/') && !typeOnly && to !== 'team/dispatch/engine.ts')
        .map(({ to }) => `${file} → ${to}`),
    );
    expect(wrong).toEqual([]);
  });
});
