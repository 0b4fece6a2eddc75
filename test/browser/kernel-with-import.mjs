// A kernel module that imports a sibling file (test/browser-kernel-imports.test.ts): it runs only if
// the bundler keeps the import or bundles the two into one file.
import { cube } from './kernel-util.mjs';

export function cubes(i, { out }) {
  out[i] = cube(i);
}
