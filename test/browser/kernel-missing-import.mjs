// A kernel module whose import is missing (test/browser/page.html): the error must name the import.
import { twice } from './not-there.mjs';

export function f(i, { out }) {
  out[i] = twice(i);
}
