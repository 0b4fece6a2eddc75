// One schedule grammar: a loop's `schedule` option, OMP_SCHEDULE and a region's
// ctx.loop accept the same strings and refuse the same strings with the same
// error (class and message after the opening that names the source), the one
// difference being that OMP_SCHEDULE may not say `runtime`. Options and
// ctx.loop are driven through the package, as a user calls them; OMP_SCHEDULE,
// which a process reads once, through the function that reads it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRuntime } from '../src/schedule/parse.js';
import { team } from './helpers.js';

const t = team({ threads: 2 });

/** Accepted, or the error's class and its message after the source's opening. */
type Outcome = { ok: true } | { ok: false; name: string; rest: string };

function outcome(e: unknown, opening: string): Outcome {
  const err = e as Error;
  expect(err.message.startsWith(`${opening} `), `${err.message} should open with ${opening}`).toBe(true);
  return { ok: false, name: err.name, rest: err.message.slice(opening.length) };
}

function viaOptions(s: string): Outcome {
  try {
    t.parallelForSync(0, 4, () => {}, { schedule: s, threads: 1 });
    return { ok: true };
  } catch (e) {
    return outcome(e, 'Cannot run parallelForSync');
  }
}

function viaCtxLoop(s: string): Outcome {
  try {
    t.parallelSync((ctx: any, sh: { s: string }) => ctx.loop(0, 4, () => {}, sh.s), { shared: { s }, threads: 1 });
    return { ok: true };
  } catch (e) {
    // A region's body error arrives as LoopBodyError, with the thrown error as its cause.
    expect((e as Error).name).toBe('LoopBodyError');
    return outcome((e as Error).cause, 'Cannot run ctx.loop');
  }
}

function viaEnvironment(s: string): Outcome {
  try {
    parseRuntime(s);
    return { ok: true };
  } catch (e) {
    return outcome(e, 'Cannot use OMP_SCHEDULE');
  }
}

/** Mixed case, as a user might type a name. */
const cased = (w: string) =>
  fc
    .array(fc.boolean(), { minLength: w.length, maxLength: w.length })
    .map((up) => [...w].map((c, i) => (up[i] ? c.toUpperCase() : c)).join(''));
const space = fc.constantFrom('', ' ', '  ', '\t');
const modifier = fc.constantFrom('', 'monotonic:', 'nonmonotonic:', 'nonmonotonic :', 'MONOTONIC:', 'simd:', 'monotonic', 'mono:');
const name = fc
  .constantFrom('static', 'dynamic', 'guided', 'adaptive', 'auto', 'runtime', 'stat', 'dynamics', 'fastest', '')
  .chain((w) => cased(w));
const chunk = fc.oneof(
  fc.constant(''),
  fc.constantFrom(',0', ',1', ',007', ',-1', ',1.5', ',', ',1e3', ',0x10', ', 16', ',9007199254740991', ',9007199254740992'),
  fc.nat().map((n) => `,${n}`),
);
/** Strings near the grammar (most of them in it), and arbitrary ones. */
const text = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(space, modifier, space, name, space, chunk, space).map((p) => p.join('')) },
  { weight: 1, arbitrary: fc.string({ maxLength: 24 }) },
);

describe('one schedule grammar', () => {
  it('options, ctx.loop and OMP_SCHEDULE accept and refuse the same strings with the same errors', () => {
    let accepted = 0;
    fc.assert(
      fc.property(text, (s) => {
        const options = viaOptions(s);
        expect(viaCtxLoop(s)).toEqual(options);
        const env = viaEnvironment(s);
        const trimmed = s.trim() === '';
        if (trimmed) {
          // Blank OMP_SCHEDULE is unset; a blank schedule option is not a schedule.
          expect(env).toEqual({ ok: true });
          expect(options.ok).toBe(false);
        } else if (options.ok && /runtime/i.test(s)) {
          expect(env).toMatchObject({ ok: false, name: 'RangeError', rest: expect.stringContaining("names 'runtime'") });
        } else {
          expect(env).toEqual(options);
        }
        if (options.ok) accepted++;
      }),
      { numRuns: 300 },
    );
    // The generator reaches both sides of the grammar.
    expect(accepted).toBeGreaterThan(30);
  });

  it("accepts 'adaptive' with or without a grain, and refuses it as monotonic (a thief may take lower iterations)", () => {
    for (const s of ['adaptive', 'Adaptive , 32', 'nonmonotonic:adaptive', 'nonmonotonic: adaptive,4'])
      expect(viaOptions(s)).toEqual({ ok: true });
    for (const s of ['monotonic:adaptive', 'MONOTONIC : adaptive,8']) {
      expect(viaOptions(s)).toMatchObject({
        ok: false,
        name: 'RangeError',
        rest: expect.stringContaining("schedule 'adaptive' cannot be monotonic"),
      });
      expect(viaCtxLoop(s)).toEqual(viaOptions(s));
      expect(viaEnvironment(s)).toEqual(viaOptions(s));
    }
  });

  it('names what it received in every refusal, and the grammar in a malformed one', () => {
    expect(viaOptions('dynamic;4')).toEqual({
      ok: false,
      name: 'RangeError',
      rest: expect.stringMatching(/^ as its schedule must be \[monotonic: \| nonmonotonic:\].*received "dynamic;4"$/),
    });
    expect(viaCtxLoop('Guided , 0')).toEqual({
      ok: false,
      name: 'RangeError',
      rest: ' as the chunk in its schedule must be a positive safe integer: received "Guided , 0"',
    });
    expect(viaEnvironment('auto,2')).toEqual({
      ok: false,
      name: 'RangeError',
      rest: ` as schedule 'auto' takes no chunk (as in OpenMP): received "auto,2"`,
    });
  });
});
