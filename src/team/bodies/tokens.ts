/**
 * A tokenizer for the source text of a function, just enough to tell names
 * from strings, comments, regular expressions and template text, and to
 * match brackets (free-names.ts reads the result). It does not validate:
 * the text came from `Function.prototype.toString`, so it already parsed.
 *
 * Where JavaScript's grammar needs a parser to decide (is this `/` a
 * division or the start of a regular expression?) the tokenizer picks the
 * reading that hides names rather than invents them, and on anything it
 * does not handle (a `\u` escape in a name, a decorator) it gives up:
 * `tokenize` returns undefined and no check is made.
 */

/** One token. `depth` counts the brackets around it; a bracket's own is its opener's. */
export interface Token {
  kind: 'name' | 'punct' | 'other';
  text: string;
  depth: number;
  /** The index of the bracket that encloses this token (-1 at the top level). */
  parent: number;
  /** For a bracket: the index of its partner. */
  match: number;
}

const NAME_START = /[$_\p{ID_Start}]/u;
const NAME = /[$_\p{ID_Continue}\u200c\u200d]*/uy;
const NUMBER = /(?:0[xXoObB][\da-fA-F_]+|(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][+-]?\d[\d_]*)?)n?/y;
const PUNCTS = [
  '>>>=',
  '...',
  '===',
  '!==',
  '**=',
  '<<=',
  '>>=',
  '>>>',
  '&&=',
  '||=',
  '??=',
  '=>',
  '==',
  '!=',
  '<=',
  '>=',
  '&&',
  '||',
  '??',
  '?.',
  '++',
  '--',
  '+=',
  '-=',
  '*=',
  '/=',
  '%=',
  '&=',
  '|=',
  '^=',
  '**',
  '<<',
  '>>',
]; // prettier-ignore
const SINGLE = '{}()[];,<>+-*/%&|^!~?:=.';
const OPEN: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
/** Words after which a `/` starts a regular expression (after any other name or a number, it divides). */
const BEFORE_REGEX = new Set([
  'return',
  'typeof',
  'instanceof',
  'in',
  'of',
  'new',
  'delete',
  'void',
  'throw',
  'case',
  'do',
  'else',
  'yield',
  'await',
]); // prettier-ignore
/** Keywords whose parenthesised head may be followed by a statement that starts with a regular expression. */
const HEADS = new Set(['if', 'while', 'for', 'with']);

/** The tokens of `src`, or undefined where it holds something this tokenizer does not read. */
export function tokenize(src: string): Token[] | undefined {
  const out: Token[] = [];
  const open: number[] = []; // indices of open brackets; -2 marks a template's `${`
  const n = src.length;
  let i = 0;
  let depth = 0; // brackets open around the next token (a template's `${` is not one)
  const push = (kind: Token['kind'], text: string): void => {
    const parent = open.length ? open[open.length - 1]! : -1;
    out.push({ kind, text, depth, parent: parent === -2 ? -1 : parent, match: -1 });
  };
  // Template text from i (just after ` or a `}` closing `${`): returns false at an unterminated template.
  const template = (): boolean => {
    for (; i < n; i++) {
      const c = src[i];
      if (c === '\\') i++;
      else if (c === '`') {
        i++;
        push('other', '`');
        return true;
      } else if (c === '$' && src[i + 1] === '{') {
        i += 2;
        push('other', '${');
        open.push(-2);
        return true;
      }
    }
    return false;
  };
  while (i < n) {
    const c = src[i]!;
    if (
      c === ' ' ||
      c === '\t' ||
      c === '\n' ||
      c === '\r' ||
      c === '\f' ||
      c === '\v' ||
      c === '\u00a0' ||
      c === '\ufeff' ||
      c === '\u2028' ||
      c === '\u2029'
    ) {
      i++;
      continue;
    }
    if (c === '/' && src[i + 1] === '/') {
      while (i < n && src[i] !== '\n' && src[i] !== '\r') i++;
      continue;
    }
    if (c === '/' && src[i + 1] === '*') {
      const end = src.indexOf('*/', i + 2);
      if (end < 0) return undefined;
      i = end + 2;
      continue;
    }
    if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < n && src[j] !== c) {
        if (src[j] === '\\') j++;
        else if (src[j] === '\n') return undefined;
        j++;
      }
      if (j >= n) return undefined;
      push('other', src.slice(i, j + 1));
      i = j + 1;
      continue;
    }
    if (c === '`') {
      i++;
      if (!template()) return undefined;
      continue;
    }
    if (c === '}' && open[open.length - 1] === -2) {
      open.pop();
      i++;
      if (!template()) return undefined;
      continue;
    }
    if ((c >= '0' && c <= '9') || (c === '.' && isDigit(src[i + 1]))) {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(src);
      if (m === null) return undefined;
      push('other', m[0]);
      i += m[0].length;
      continue;
    }
    if (NAME_START.test(c) || (c === '#' && NAME_START.test(src[i + 1] ?? ''))) {
      NAME.lastIndex = i + 1;
      const m = NAME.exec(src);
      const text = c + (m === null ? '' : m[0]);
      if (src[i + text.length] === '\\') return undefined; // a `\u` escape inside a name
      push(c === '#' ? 'other' : 'name', text); // a private name is never a variable
      i += text.length;
      continue;
    }
    if (c === '/' && regexAllowed(out)) {
      let j = i + 1;
      let inClass = false;
      for (; j < n; j++) {
        const r = src[j];
        if (r === '\n' || r === '\r') return undefined;
        if (r === '\\') j++;
        else if (r === '[') inClass = true;
        else if (r === ']') inClass = false;
        else if (r === '/' && !inClass) break;
      }
      if (j >= n) return undefined;
      j++;
      while (j < n && /[a-z]/.test(src[j]!)) j++;
      push('other', src.slice(i, j));
      i = j;
      continue;
    }
    if (c === '%' && NAME_START.test(src[i + 1] ?? '') && regexAllowed(out)) {
      // V8's natives syntax (`%IsSmi(x)`, under --allow-natives-syntax), where an operand starts: not a variable.
      NAME.lastIndex = i + 1;
      const m = NAME.exec(src);
      push('other', `%${m === null ? '' : m[0]}`);
      i += 1 + (m === null ? 0 : m[0].length);
      continue;
    }
    const p = PUNCTS.find((q) => src.startsWith(q, i));
    if (p !== undefined && !(p === '?.' && isDigit(src[i + 2]))) {
      push('punct', p);
      i += p.length;
      continue;
    }
    if (!SINGLE.includes(c)) return undefined; // `@`, a stray `#`, …
    if (c in OPEN) {
      push('punct', c);
      open.push(out.length - 1);
      depth++;
    } else if (c === ')' || c === ']' || c === '}') {
      const o = open.pop();
      const opener = o === undefined || o < 0 ? undefined : out[o];
      if (o === undefined || opener === undefined || OPEN[opener.text] !== c) return undefined;
      depth--;
      push('punct', c);
      const t = out[out.length - 1]!;
      t.depth = opener.depth;
      t.parent = opener.parent;
      t.match = o;
      opener.match = out.length - 1;
    } else push('punct', c);
    i++;
  }
  return open.length === 0 ? out : undefined;
}

/** Whether `c` is a decimal digit. */
function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

/**
 * Whether a `/` after these tokens starts a regular expression. Where only a
 * parser could tell (after a `}`), it does: reading a division as a pattern
 * hides the names up to the next `/`, while the other mistake would invent
 * names from the pattern's text.
 */
function regexAllowed(out: readonly Token[]): boolean {
  const prev = out[out.length - 1];
  if (prev === undefined) return true;
  if (prev.kind === 'name') return BEFORE_REGEX.has(prev.text);
  if (prev.kind === 'other') return prev.text === '${'; // after a string, number, pattern or template: a division
  if (prev.text === ']') return false;
  if (prev.text === ')') {
    const before = out[prev.match - 1];
    return before !== undefined && before.kind === 'name' && HEADS.has(before.text);
  }
  return prev.text !== '++' && prev.text !== '--';
}
