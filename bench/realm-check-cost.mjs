// What parfor's defences against a body that changes built-ins cost, measured in isolation:
// (a) calling Atomics through a captured reference (src/intrinsics.ts) against the global, and
// (b) the realm check (src/team/thread/realm.ts) over its list of built-ins, compiled into one
// function of `===` tests as the worker does, against the same checks written as a loop.
// Standalone: it reads the list from the source file and imports nothing of parfor.
//   node bench/realm-check-cost.mjs
import { readFileSync } from 'node:fs';

const src = readFileSync(new URL('../src/team/thread/realm.ts', import.meta.url), 'utf8');
const list = src
  .slice(src.indexOf('export const WATCHED'), src.indexOf('];'))
  .match(/'[^']+'/g)
  .map((s) => s.slice(1, -1));
const resolve = (path) => path.split('.').reduce((o, k) => (o == null ? undefined : o[k]), globalThis);
const present = list.filter((p) => resolve(p) !== undefined);
const values = present.map(resolve);
const names = values.map((_, i) => `v${i}`);
const compiled = new Function(
  ...names,
  `return function realmIntact() { return ${present.map((p, i) => `${p} === v${i}`).join(' && ')}; };`,
)(...values);
function looped() {
  for (let i = 0; i < present.length; i++) if (resolve(present[i]) !== values[i]) return false;
  return true;
}

const i32 = new Int32Array(new SharedArrayBuffer(1024));
const load = Atomics.load;
const add = Atomics.add;
function globalAtomics(n) {
  let s = 0;
  for (let k = 0; k < n; k++) {
    s += Atomics.load(i32, k & 15);
    Atomics.add(i32, 20, 1);
  }
  return s;
}
function capturedAtomics(n) {
  let s = 0;
  for (let k = 0; k < n; k++) {
    s += load(i32, k & 15);
    add(i32, 20, 1);
  }
  return s;
}

function perCall(f, n) {
  f(1e5);
  const out = [];
  for (let r = 0; r < 5; r++) {
    const t0 = performance.now();
    f(n);
    out.push(((performance.now() - t0) * 1e6) / n);
  }
  return out.sort((a, b) => a - b)[2];
}
const times = (check) => (n) => {
  let ok = 0;
  for (let i = 0; i < n; i++) if (check()) ok++;
  return ok;
};
console.log(`Atomics.load + Atomics.add, global:   ${perCall(globalAtomics, 2e7).toFixed(2)} ns per pair`);
console.log(`Atomics.load + Atomics.add, captured: ${perCall(capturedAtomics, 2e7).toFixed(2)} ns per pair`);
console.log(`realm check of ${present.length} built-ins, compiled: ${perCall(times(compiled), 2e6).toFixed(1)} ns per check`);
console.log(`the same checks as a loop:             ${perCall(times(looped), 2e5).toFixed(1)} ns per check`);
