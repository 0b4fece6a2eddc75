// Every generated page and picture is what bench/results/latest.json renders to: the README's speed
// tables, docs/benchmarks.md, docs/handout.md and docs/img/*.svg quote one committed bench run, and a
// figure that is not in that file fails here. (Regenerate with npm run bench -- --write-docs.)
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');
const results = JSON.parse(read('bench/results/latest.json'));
const { renderDocs } = (await import('../bench/write-docs.mjs')) as unknown as {
  renderDocs(results: unknown, readme: string, wasmPage: string): Record<string, string>;
};

describe('the generated pages come from the committed results file', () => {
  const files = renderDocs(results, read('README.md'), read('docs/wasm.md'));
  for (const path of Object.keys(files)) {
    it(`${path} is what bench/results/latest.json renders to`, () => {
      expect(read(path)).toBe(files[path]);
    });
  }

  it('the results file names its commit, machine and date, and holds the pages’ own runs', () => {
    expect(results.info.commit).toMatch(/^[0-9a-f]{7,}/);
    expect(results.info.cpu).toBeTruthy();
    expect(results.docs.date).toMatch(/^\d{4}-\d\d-\d\d/);
    expect(results.docs.handout.sweep.length).toBeGreaterThan(0);
    expect(results.docs.timelines.runs.map((r: { schedule: string }) => r.schedule)).toEqual(['static', 'dynamic,8', 'guided']);
  });
});
