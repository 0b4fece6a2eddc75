/**
 * parfor's own references to the built-ins its code calls, taken once, when
 * this module is first evaluated on a thread: on a worker, before any loop
 * body has run there. A body runs with the whole power of JavaScript on its
 * thread and may replace `Atomics.load`, `Math.min` or `globalThis.Function`;
 * parfor's code keeps calling the originals, so it still claims, waits,
 * leaves and compiles correctly. (On a worker, the change is also detected
 * after the region and the worker replaced: team/thread/realm.ts.)
 *
 * Everything in src/ calls these built-ins through this module: Biome's
 * noRestrictedGlobals refuses the globals themselves (biome.jsonc).
 *
 * Calling a captured function costs what calling the global does: V8 speculates
 * on the call target from feedback either way (`node bench/realm-check-cost.mjs`;
 * the run is in bench/results/issue-21-runs.txt).
 *
 * Imports nothing, so every layer may use it.
 * @module
 */

/** The Atomics functions parfor uses. `waitAsync` is undefined where the platform lacks it (Firefox ESR 140). */
export const atomics = Object.freeze({
  load: Atomics.load,
  store: Atomics.store,
  add: Atomics.add,
  sub: Atomics.sub,
  compareExchange: Atomics.compareExchange,
  exchange: Atomics.exchange,
  wait: Atomics.wait,
  notify: Atomics.notify,
  waitAsync: (Atomics as { waitAsync?: typeof Atomics.waitAsync }).waitAsync,
});

/** The Math functions parfor uses (also passed to compiled chunk runners, see team/bodies/compile.ts). */
export const math = Object.freeze({
  floor: Math.floor,
  ceil: Math.ceil,
  min: Math.min,
  max: Math.max,
  random: Math.random,
});

/** The Function constructor: bodies, combiners and wasm imports are compiled with it on every thread. */
export const FunctionCtor: FunctionConstructor = Function;

/** `Function.prototype.toString`, called through `apply` (a body may replace either on the calling thread). */
export const functionToString = Function.prototype.toString;
export const apply = Reflect.apply;

/** BigInt conversion, for the 64-bit claim counters. */
export const toBigInt: BigIntConstructor = BigInt;

/** structuredClone, where the platform has it (errors and thrown values are copied with it). */
export const clone: typeof structuredClone | undefined = typeof structuredClone === 'function' ? structuredClone : undefined;

/** performance.now(), bound to the performance object it came from. */
export const now: () => number = performance.now.bind(performance);
/** The time origin of performance.now(), in ms since the epoch. */
export const timeOrigin: number = performance.timeOrigin;

/** Number conversion and tests. */
export const toNumber: NumberConstructor = Number;
export const isSafeInteger = Number.isSafeInteger;
export const isInteger = Number.isInteger;
export const isFiniteNumber = Number.isFinite;
export const isNaNNumber = Number.isNaN;

/** `Function.prototype[Symbol.hasInstance]`: the ordinary `instanceof` (errors.ts adds brands to it). */
export const ordinaryHasInstance: (this: unknown, v: unknown) => boolean = Function.prototype[Symbol.hasInstance];
