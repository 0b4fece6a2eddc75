// The loop-kinds table of docs/architecture.md, rendered from src/kinds/table.ts.
// `npm run docs:kinds` writes it between the markers; test/kinds.test.ts checks the page matches.
import type { LoopKind } from '../src/kinds/kind.js';
import { SHAPES } from '../src/kinds/shape.js';

const RESULT = {
  nothing: 'undefined (a Trace with `trace: true`)',
  out: 'the output array',
  reduce: 'the combined number',
  root: "the root task's value",
  find: 'the lowest hit, or -1',
  any: 'a boolean: some hit',
  all: 'a boolean: no miss',
} as const;

export function renderKindsTable(kinds: Record<string, LoopKind>): string {
  const rows = Object.entries(kinds).map(([id, k]) => {
    const result = k.result === 'nothing' && !k.options.includes('trace') ? 'undefined' : RESULT[k.result];
    const extra = [
      k.partial ? 'per-thread partial' : '',
      k.secondPass ? 'second pass after a barrier' : '',
      k.wholeChunks ? 'whole chunks' : '',
      !k.pieces ? 'chunks never cut' : '',
      k.regionContext ? 'region ctx' : '',
      k.tasks ? 'task scheduler as ctx' : '',
    ].filter(Boolean);
    return (
      `| \`${id}\` | \`${k.fn}${SHAPES[k.shape].args}\` / \`${k.fn}Sync\` | ${k.summary} | \`${k.signature}\` | ` +
      `${k.options.map((o) => `\`${o}\``).join(', ') || '–'} | ${k.schedules} | ${k.params.join(', ') || '–'} | ${result} | ${extra.join(', ') || '–'} |`
    );
  });
  return [
    '| kind | functions | what it does | body | own options | schedules | descriptor params | returns | thread results |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}
