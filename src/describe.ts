/**
 * describe(): how every error message shows a received value, and
 * messageOf(): how a thrown value is quoted in one. Neither ever throws.
 * Imports nothing, so every layer may use it.
 */

/**
 * A short description of any value for error messages: type and a preview.
 * Never throws, whatever the value's getters, prototype or proxy traps do.
 */
export function describe(v: unknown): string {
  try {
    return describeOrThrow(v);
  } catch {
    return typeof v === 'function' ? 'a function that cannot be described' : 'a value that cannot be described';
  }
}

function describeOrThrow(v: unknown): string {
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
    case 'function': {
      const name = (v as { name?: unknown }).name;
      return `function ${typeof name === 'string' && name !== '' ? name : '(anonymous)'}`;
    }
    default: {
      if (ArrayBuffer.isView(v)) {
        const shared = typeof SharedArrayBuffer !== 'undefined' && v.buffer instanceof SharedArrayBuffer ? 'shared ' : 'non-shared ';
        return `${shared}${v.constructor.name}(${'length' in v ? (v as { length: number }).length : v.byteLength})`;
      }
      const proto = Object.getPrototypeOf(v);
      const ctorName = proto === null ? undefined : proto.constructor?.name;
      const name = proto === null ? 'null-prototype object' : typeof ctorName === 'string' ? ctorName : 'object';
      return name === 'Object' ? 'object' : `${name === 'Array' ? 'array' : `instance of ${name}`}`;
    }
  }
}

/** Names in a message: `a, b or c`. */
export function oneOf(names: readonly string[]): string {
  return names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}

/** "Name: message" of an error, or a description of any other value; never throws. */
export function messageOf(e: unknown): string {
  if (isError(e)) return `${textOf(readKey(e, 'name'), 'Error')}: ${textOf(readKey(e, 'message'), '(the message could not be read)')}`;
  return safeString(e);
}

/** String(v), or a description of v when that throws (a toString that throws, a null-prototype object). */
export function safeString(v: unknown): string {
  try {
    return String(v);
  } catch {
    try {
      return describe(v);
    } catch {
      return 'a value that cannot be described';
    }
  }
}

/** `e instanceof Error`, false where even asking throws (a revoked proxy). */
export function isError(e: unknown): e is Error {
  try {
    return e instanceof Error;
  } catch {
    return false;
  }
}

/** `o[key]`, undefined where reading it throws (a getter that throws). */
export function readKey(o: object, key: string): unknown {
  try {
    return (o as Record<string, unknown>)[key];
  } catch {
    return undefined;
  }
}

/** A property read off a thrown value, as text (`fallback` when it is missing). */
export function textOf(v: unknown, fallback: string): string {
  return typeof v === 'string' ? v : v === undefined ? fallback : safeString(v);
}
