/**
 * Captured variables, caught on the calling thread before any thread runs.
 *
 * A body travels as source text and is compiled at global scope on every
 * thread, so a name it uses that it does not declare must be a global. This
 * file finds the names a function's text uses without declaring (from the
 * tokens of tokens.ts: no parser, so every guess it makes errs towards
 * reporting less) and checks them against the globals of this thread.
 *
 * What it never reports: a name the text declares anywhere (parameters,
 * `var`/`let`/`const`, functions, classes, `catch`), the operand of a
 * `typeof` (feature tests such as `typeof process !== 'undefined'`, anywhere
 * in the text), property names, labels, and the compiler helpers parfor
 * provides (helpers.ts). What it misses is still caught where it runs, as a
 * ReferenceError with a hint (dispatch/region.ts). A minifier that wrote a
 * constant's value into the text leaves nothing to find: that is what the
 * ESLint rule (parfor/eslint) is for.
 */

import type { BodyDef } from './compile.js';
import { HELPERS } from './helpers.js';
import { type Token, tokenize } from './tokens.js';

/** Words that are never a variable a body reads: keywords, literals, and the contextual words that are almost never names. */
const RESERVED = new Set(
  (
    'break case catch class const continue debugger default delete do else enum export extends false finally for function if ' +
    'import in instanceof new null return super switch this throw true try typeof var void while with yield let static ' +
    'implements interface package private protected public await async get set of as from arguments accessor'
  ).split(' '),
);
/** Keywords whose parenthesised head is followed by a block, not a function's parameters. */
const CONTROL = new Set(['if', 'while', 'for', 'switch', 'with']);
/** What comes before a name that a `:` follows when the name is an object key or a label. */
const KEY_OR_LABEL_AFTER = new Set(['{', ',', ';', '}', ':', ')', 'else', 'do']);
/** Words that end a declaration's initializer (a statement after an omitted semicolon). Not `in`
 * or `of`: inside an initializer `in` is an operator and `of` may be a name (`b = of(x)`, as a
 * minifier writes); they end a declaration only right after its binding (`for (const x of xs)`). */
const ENDS_DECLARATION = new Set(['var', 'let', 'const', 'if', 'for', 'while', 'do', 'return', 'switch', 'try']);

/**
 * The names `source` (a function's text) uses without declaring, in order of
 * first use, or undefined where the text holds something the tokenizer does
 * not read (then nothing is known).
 */
export function freeNames(source: string): string[] | undefined {
  const toks = tokenize(source);
  if (toks === undefined) return undefined;
  const declared = declaredNames(toks);
  const classBodies = classBodyBraces(toks);
  const tested = new Set<string>();
  for (let k = 1; k < toks.length; k++) {
    const t = toks[k]!;
    const prev = toks[k - 1]!;
    if (t.kind === 'name' && prev.kind === 'name' && prev.text === 'typeof') tested.add(t.text);
  }
  const free = new Set<string>();
  for (let k = 0; k < toks.length; k++) {
    const t = toks[k]!;
    if (t.kind !== 'name' || RESERVED.has(t.text) || declared.has(t.text) || tested.has(t.text)) continue;
    if (classBodies.has(t.parent) || !isReference(toks, k)) continue;
    free.add(t.text);
  }
  return [...free];
}

/**
 * The names in `source` that would be captured variables on this thread:
 * free, not a global here, and not a compiler helper parfor provides.
 */
export function capturedNames(source: string): string[] {
  const free = freeNames(source);
  if (free === undefined) return [];
  return free.filter((name) => !(name in globalThis) && !Object.hasOwn(HELPERS, name));
}

/**
 * Throw a TypeError naming every captured variable of a body definition's
 * functions (the body, its combiner, `init` and `merge`, a table's tasks),
 * before it is registered.
 */
export function checkCaptures(def: BodyDef): void {
  if (def.from === 'source') check(def.source, 'the loop body');
  if (def.combine !== undefined && 'source' in def.combine) check(def.combine.source, "the reduction's combiner");
  if (def.local !== undefined) {
    check(def.local.init, "the loop's 'init'");
    if (def.local.merge !== undefined) check(def.local.merge, "the loop's 'merge'");
  }
  if (def.from === 'tasks') {
    def.entries.forEach((e, k) => {
      if ('source' in e) check(e.source, `task '${def.names[k]}'`, TASK_CAPTURE_HINT);
    });
  }
}

/**
 * What a body that uses a variable from around it should do instead (the
 * message of the check below, and the hint on a ReferenceError from a thread).
 */
export const CAPTURE_HINT =
  'loop bodies run on other threads and cannot see variables from the scope around them: ' +
  "pass values through the 'shared' option, or import them in a kernel module";
/** The same, for a task function. */
export const TASK_CAPTURE_HINT =
  "task functions run on other threads and cannot see variables from the scope around them: pass values through the 'shared' option or as task arguments";
/** What to do about a helper a compiler put outside the body, after its name. */
export const HELPER_HINT =
  'is something a compiler put outside the body: an async or generator helper, a helper imported ' +
  "from tslib or @babel/runtime, or a value Babel hoists (an object rest's key list). A body travels to other " +
  'threads as source text; parfor gives it the common helpers (__name, __rest, _objectSpread2, …) but not these: ' +
  'compile it for a newer target (ES2018 or later), without importHelpers or the runtime transform, or put the ' +
  'body in a kernel module';

/** What compilers insert that parfor does not provide (helpers.ts has the ones it does), by name. */
const OUTSIDE_HELPER =
  /^(__awaiter|__generator|__async|__asyncValues|__await|__asyncGenerator|__decorate|__param|__metadata|__privateGet|__privateSet|__privateAdd|__privateMethod|__classPrivateFieldGet|__classPrivateFieldSet|_asyncToGenerator|_async_to_generator|_regeneratorRuntime|_regenerator|_ts_generator|_ts_decorate|_classPrivateFieldGet2?|_classPrivateFieldSet2?|_class_private_field_get|_class_private_field_set|_excluded\d*|tslib_\d+)$/;

/** Whether `name` is a helper a compiler put outside the code it compiled, which parfor does not provide. */
export function isOutsideHelper(name: string): boolean {
  // Babel's runtime transform binds an imported helper as the helper's name plus a number (`_slicedToArray2`).
  const imported = /\d$/.test(name) && Object.hasOwn(HELPERS, name.replace(/\d+$/, ''));
  return OUTSIDE_HELPER.test(name) || imported;
}

/**
 * Throw a TypeError if `source`, the text of `what`, uses captured variables
 * or helpers a compiler left outside it, naming every one; `hint` says what
 * to do instead (a task function's differs).
 */
export function check(source: string, what: string, hint = CAPTURE_HINT): void {
  const names = capturedNames(source);
  if (names.length === 0) return;
  const helpers = names.filter(isOutsideHelper);
  const captured = names.filter((n) => !isOutsideHelper(n));
  const parts: string[] = [];
  if (captured.length > 0) {
    parts.push(
      `${listOf(captured)}, which ${captured.length === 1 ? 'is' : 'are'} not defined on the threads that run it ` +
        `(${hint}; a global that only workers have can be read as globalThis.${captured[0]})`,
    );
  }
  if (helpers.length > 0) parts.push(`${listOf(helpers.map((h) => `\`${h}\``))}, which ${HELPER_HINT}`);
  throw new TypeError(`Cannot use ${what} as it uses ${parts.join('; and ')}`);
}

/** `a`, `a and b`, `a, b and c`. */
function listOf(names: readonly string[]): string {
  return names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** Whether the name at `k` is read or written as a variable (not a property, key, label or method name). */
function isReference(toks: readonly Token[], k: number): boolean {
  const prev = toks[k - 1];
  const next = toks[k + 1];
  if (prev !== undefined && prev.kind === 'punct' && (prev.text === '.' || prev.text === '?.')) return false;
  if (prev !== undefined && prev.kind === 'name' && (prev.text === 'break' || prev.text === 'continue')) return false;
  if (next === undefined || next.kind !== 'punct') return true;
  // `key: value` (after `{` or `,`) and `label:` (where a statement starts); otherwise a ternary's `x :` or `case x:`.
  if (next.text === ':') return prev !== undefined && !KEY_OR_LABEL_AFTER.has(prev.text);
  // `name(params) {`: a method's name.
  if (next.text === '(' && toks[next.match + 1]?.text === '{') return false;
  return true;
}

/**
 * Every name the text declares, wherever (its scopes are not told apart: a
 * name declared in one block and used in another is never reported).
 */
function declaredNames(toks: readonly Token[]): Set<string> {
  const declared = new Set<string>();
  const group = (open: number): void => {
    for (let j = open + 1; j < toks[open]!.match; j++) {
      const t = toks[j]!;
      if (t.kind === 'name' && !RESERVED.has(t.text)) declared.add(t.text);
    }
  };
  for (let k = 0; k < toks.length; k++) {
    const t = toks[k]!;
    const next = toks[k + 1];
    if (t.kind === 'name') {
      if (t.text === 'function' || t.text === 'class') {
        const name = toks[k + (next?.text === '*' ? 2 : 1)];
        if (name?.kind === 'name' && !RESERVED.has(name.text)) declared.add(name.text);
      } else if (t.text === 'var' || t.text === 'let' || t.text === 'const') bindings(toks, k, declared, group);
      else if (next?.text === '=>') declared.add(t.text);
    } else if (t.text === '(' && t.kind === 'punct') {
      // Parameters: `(…) =>`, and `(…) {` after a function or method name or `catch`.
      const after = toks[t.match + 1];
      const before = toks[k - 1];
      if (after?.text === '=>' || (after?.text === '{' && !(before?.kind === 'name' && CONTROL.has(before.text)))) group(k);
    }
  }
  return declared;
}

/** The names bound by the `var`, `let` or `const` at `k`: each binding, its initializer skipped up to a `,` at its depth. */
function bindings(toks: readonly Token[], k: number, declared: Set<string>, group: (open: number) => void): void {
  const depth = toks[k]!.depth;
  let j = k + 1;
  for (;;) {
    const t = toks[j];
    if (t === undefined) return;
    if (t.kind === 'name') {
      declared.add(t.text);
      j++;
    } else if (t.text === '{' || t.text === '[') {
      group(j);
      j = t.match + 1;
    } else return;
    const next = toks[j];
    if (next?.kind === 'name' && (next.text === 'in' || next.text === 'of')) return; // a for-in/of head
    for (; ; j++) {
      const u = toks[j];
      if (u === undefined || u.depth < depth) return;
      if (u.depth > depth) continue;
      if (u.text === ',' && u.kind === 'punct') break;
      if (u.text === ';' || (u.kind === 'name' && ENDS_DECLARATION.has(u.text))) return;
    }
    j++;
  }
}

/** The indices of the `{` of each class body: names directly inside are members, not variables. */
function classBodyBraces(toks: readonly Token[]): Set<number> {
  const bodies = new Set<number>();
  for (let k = 0; k < toks.length; k++) {
    const c = toks[k]!;
    if (c.kind !== 'name' || c.text !== 'class') continue;
    for (let j = k + 1; j < toks.length && toks[j]!.depth >= c.depth; j++) {
      if (toks[j]!.text === '{' && toks[j]!.depth === c.depth) {
        bodies.add(j);
        break;
      }
    }
  }
  return bodies;
}
