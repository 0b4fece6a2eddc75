/**
 * describe(): how every error message shows a received value. Imports
 * nothing, so every layer may use it.
 */

/** A short description of any value for error messages: type and a preview. */
export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'undefined';
  switch (typeof v) {
    case 'number':
      return `number ${Object.is(v, -0) ? '-0' : String(v)}`;
    case 'bigint':
      return `bigint ${v}n`;
    case 'string':
      return `string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
    case 'boolean':
      return `boolean ${v}`;
    case 'symbol':
      return `symbol ${String(v)}`;
    case 'function':
      return `function ${v.name || '(anonymous)'}`;
    default: {
      if (ArrayBuffer.isView(v)) {
        const shared = typeof SharedArrayBuffer !== 'undefined' && v.buffer instanceof SharedArrayBuffer ? 'shared ' : 'non-shared ';
        return `${shared}${v.constructor.name}(${'length' in v ? (v as { length: number }).length : v.byteLength})`;
      }
      const proto = Object.getPrototypeOf(v);
      const name = proto === null ? 'null-prototype object' : (proto.constructor?.name ?? 'object');
      return name === 'Object' ? 'object' : `${name === 'Array' ? 'array' : `instance of ${name}`}`;
    }
  }
}

/** Names in a message: `a, b or c`. */
export function oneOf(names: readonly string[]): string {
  return names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}
