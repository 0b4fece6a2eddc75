/**
 * The helpers that compilers insert into the functions they transform, for
 * bodies that travel as source text.
 *
 * tsx and esbuild with `keepNames` wrap every named inner function in
 * `__name(fn, "fn")`; tsc below ES2018 turns an object rest into `__rest(…)`;
 * Babel and SWC down-levelling call `_objectSpread2`, `_sliced_to_array`,
 * `_classCallCheck`, … The compiler defines these once, at the top of the
 * module, so a body's source text names them but does not carry them. Each
 * thread compiles a body with the helpers its text names in scope
 * (compile.ts), written here from their documented behaviour: the body runs
 * the same as in the module it was written in.
 *
 * Not provided: the async and generator helpers (`__awaiter`, `__generator`,
 * `_asyncToGenerator`, `_regeneratorRuntime`; a body is synchronous), helpers
 * reached through an import (`tslib_1.__rest`, `@babel/runtime`), and values a
 * compiler hoists out of the body (Babel's `_excluded` key lists, the WeakMaps
 * behind lowered `#private` fields). Those still fail, with the hint in
 * team/dispatch/region.ts.
 *
 * Imports nothing but the intrinsics, so the `bodies/` layer may use it.
 * @module
 */

import { apply } from '../../intrinsics.js';

// Captured once, like src/intrinsics.ts: a body may replace the globals on its thread.
const { defineProperty, defineProperties, getOwnPropertyDescriptors, getOwnPropertySymbols, setPrototypeOf, create, assign } = Object;
const { hasOwnProperty: hasOwn, propertyIsEnumerable: isEnumerable } = Object.prototype;
const slice = Array.prototype.slice;
const arrayFrom = Array.from;
const isArray = Array.isArray;
const pow = (x: number, y: number): number => x ** y;

type Obj = Record<PropertyKey, unknown>;

const own = (o: unknown, k: PropertyKey): boolean => apply(hasOwn, o, [k]) as boolean;
const enumerable = (o: unknown, k: PropertyKey): boolean => apply(isEnumerable, o, [k]) as boolean;

/** A property key as `ToPropertyKey` makes it: a symbol stays, anything else becomes its string. */
const toKey = (k: unknown): PropertyKey => (typeof k === 'symbol' ? k : `${k as string}`);

/** Define `key` as an ordinary data property (over a setter, if one is inherited), as a class field does. */
function defineField(o: Obj, key: unknown, value: unknown): Obj {
  const k = toKey(key);
  if (k in o) defineProperty(o, k, { value, enumerable: true, configurable: true, writable: true });
  else o[k] = value;
  return o;
}

/** The own enumerable keys of `o`, strings then symbols (what object spread copies). */
function spreadKeys(o: unknown): PropertyKey[] {
  if (o == null) return [];
  const keys: PropertyKey[] = [];
  for (const k in o as Obj) if (own(o, k)) keys.push(k);
  for (const s of getOwnPropertySymbols(o)) if (enumerable(o, s)) keys.push(s);
  return keys;
}

/** Copy the own enumerable properties of `source` into `target` as fields. */
function spreadInto(target: Obj, source: unknown): Obj {
  for (const k of spreadKeys(source)) defineField(target, k, (source as Obj)[k]);
  return target;
}

/** An object rest: `source`'s own enumerable properties but those in `excluded`. */
function objectRest(source: unknown, excluded: readonly PropertyKey[], symbols = true): Obj {
  const out: Obj = {};
  if (source == null) return out;
  for (const k of spreadKeys(source)) {
    if (typeof k === 'symbol' && !symbols) continue;
    // An own data property, as the native rest makes: a key named `__proto__` must not set the prototype.
    if (!excluded.includes(k)) defineProperty(out, k, { value: (source as Obj)[k], enumerable: true, configurable: true, writable: true });
  }
  return out;
}

/** The first `n` values of an iterable (all of them when `n` is undefined), as an array destructuring reads them. */
function readValues(o: unknown, n?: number): unknown[] {
  if (n === undefined) return isArray(o) ? o : arrayFrom(o as Iterable<unknown>);
  if (isArray(o)) return o;
  const out: unknown[] = [];
  if (n <= 0) return out;
  for (const v of o as Iterable<unknown>) {
    out.push(v);
    if (out.length >= n) break;
  }
  return out;
}

function checkClassCall(instance: unknown, ctor: unknown): void {
  if (!(instance instanceof (ctor as new () => unknown))) throw new TypeError('Cannot call a class as a function');
}

interface MemberDescriptor extends PropertyDescriptor {
  key: unknown;
}

function defineMembers(target: object, members: readonly MemberDescriptor[] | undefined): void {
  for (const m of members ?? []) {
    const { key, ...d } = m;
    d.enumerable = d.enumerable ?? false;
    d.configurable = true;
    if ('value' in d) d.writable = true;
    defineProperty(target, toKey(key), d);
  }
}

function createClass<C extends { prototype: object }>(ctor: C, proto?: MemberDescriptor[], statics?: MemberDescriptor[]): C {
  defineMembers(ctor.prototype, proto);
  defineMembers(ctor, statics);
  defineProperty(ctor, 'prototype', { writable: false });
  return ctor;
}

function inherit(derived: { prototype: object }, base: unknown): void {
  if (typeof base !== 'function' && base !== null) throw new TypeError(`Class extends value ${String(base)} is not a constructor or null`);
  setPrototypeOf(derived, base);
  derived.prototype = create(base === null ? null : (base.prototype as object | null), {
    constructor: { value: derived, writable: true, configurable: true },
  });
}

/** Babel's and SWC's object spread: odd arguments are copied as fields, even ones with their descriptors (`{ ...a, b }`). */
function objectSpread(target: Obj, ...sources: unknown[]): Obj {
  sources.forEach((s, i) => {
    if (i % 2 === 0) spreadInto(target, s);
    else if (s != null) defineProperties(target, getOwnPropertyDescriptors(s));
  });
  return target;
}

const spreadProps = (target: Obj, source: unknown): Obj =>
  source == null ? target : defineProperties(target, getOwnPropertyDescriptors(source));
const setName = (fn: object, name: string): object => defineProperty(fn, 'name', { value: name, configurable: true });
const publicField = (o: Obj, key: unknown, value: unknown): unknown => {
  defineField(o, key, value);
  return value;
};
const spreadArray = (to: unknown[], from: ArrayLike<unknown>, pack?: boolean): unknown[] =>
  to.concat(pack || !isArray(from) ? apply(slice, from, []) : from);
const templateObject = (cooked: string[], raw: string[]): string[] => defineProperty(cooked, 'raw', { value: raw });
const toArray = (o: unknown): unknown[] => (isArray(o) ? o : arrayFrom(o as Iterable<unknown>));
const spreadable = (o: unknown): unknown[] => arrayFrom(o as Iterable<unknown>);
const arrayLike = (o: ArrayLike<unknown>, len?: number): unknown[] => {
  const n = len == null || len > o.length ? o.length : len;
  const out = new Array<unknown>(n);
  for (let i = 0; i < n; i++) out[i] = o[i];
  return out;
};
const withHoles = (o: unknown): unknown[] | undefined => (isArray(o) ? o : undefined);
const checkInstance = (left: unknown, right: unknown): boolean => {
  const has = right != null ? (right as { [Symbol.hasInstance]?: unknown })[Symbol.hasInstance] : undefined;
  return typeof has === 'function' ? !!apply(has, right, [left]) : left instanceof (right as new () => unknown);
};
const emptyDestructuring = (o: unknown): void => {
  if (o == null) throw new TypeError(`Cannot destructure ${String(o)}`);
};
const readOnly = (name: string): never => {
  throw new TypeError(`"${name}" is read-only`);
};
const typeOf = (o: unknown): string => typeof o;
const values = (o: unknown): Iterator<unknown> => {
  const it = o as { [Symbol.iterator]?: () => Iterator<unknown>; length?: number };
  if (typeof it?.[Symbol.iterator] === 'function') return it[Symbol.iterator]!();
  if (typeof it?.length === 'number') return apply(slice, it, [])[Symbol.iterator]();
  throw new TypeError('Object is not iterable.');
};

/**
 * Each helper by the names the compilers give it: esbuild and tsx (`__name`,
 * `__publicField`, …), tsc (`__rest`, `__assign`, …), Babel (`_objectSpread2`,
 * `_slicedToArray`, …) and SWC (`_object_spread`, `_sliced_to_array`, …).
 */
export const HELPERS: Readonly<Record<string, (...args: never[]) => unknown>> = Object.freeze({
  // esbuild, tsx
  __name: setName,
  __publicField: publicField,
  __spreadValues: spreadInto,
  __spreadProps: spreadProps,
  __objRest: objectRest,
  __pow: pow,
  __restKey: toKey,
  // tsc
  __rest: objectRest,
  __assign: assign,
  __spreadArray: spreadArray,
  __read: readValues,
  __spread: (...arrays: unknown[]) => ([] as unknown[]).concat(...arrays.map(spreadable)),
  __values: values,
  __extends: inherit,
  __makeTemplateObject: templateObject,
  // Babel
  _defineProperty: defineField,
  _objectSpread: objectSpread,
  _objectSpread2: objectSpread,
  _objectWithoutProperties: objectRest,
  _objectWithoutPropertiesLoose: (s: unknown, e: readonly PropertyKey[]) => objectRest(s, e, false),
  _extends: assign,
  _slicedToArray: readValues,
  _toArray: toArray,
  _toConsumableArray: spreadable,
  _arrayLikeToArray: arrayLike,
  _iterableToArray: spreadable,
  _arrayWithHoles: withHoles,
  _classCallCheck: checkClassCall,
  _createClass: createClass,
  _inherits: inherit,
  _instanceof: checkInstance,
  _typeof: typeOf,
  _objectDestructuringEmpty: emptyDestructuring,
  _readOnlyError: readOnly,
  _taggedTemplateLiteral: (strings: string[], raw?: string[]) => templateObject(strings, raw ?? strings.slice()),
  // SWC (which shares `_inherits` and `_instanceof` with Babel)
  _define_property: defineField,
  _object_spread: objectSpread,
  _object_spread_props: spreadProps,
  _object_without_properties: objectRest,
  _object_without_properties_loose: (s: unknown, e: readonly PropertyKey[]) => objectRest(s, e, false),
  _sliced_to_array: readValues,
  _to_array: toArray,
  _to_consumable_array: spreadable,
  _array_like_to_array: arrayLike,
  _iterable_to_array: spreadable,
  _array_with_holes: withHoles,
  _class_call_check: checkClassCall,
  _create_class: createClass,
  _type_of: typeOf,
  _object_destructuring_empty: emptyDestructuring,
  _read_only_error: readOnly,
  _tagged_template_literal: (strings: string[], raw?: string[]) => templateObject(strings, raw ?? strings.slice()),
});

const NAMES = new RegExp(`(?<![\\w$.])(${Object.keys(HELPERS).join('|')})(?![\\w$])`, 'g');

/**
 * The helpers a source text names, in the order first named: the parameters
 * its compiled function gets. Empty for almost every body (a plain scan).
 */
export function helpersNamedIn(source: string): string[] {
  if (!source.includes('_')) return [];
  const names = new Set<string>();
  for (const m of source.matchAll(NAMES)) names.add(m[1]!);
  return [...names];
}
