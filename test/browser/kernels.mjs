// A kernel module for the browser test (no imports: module workers have no import maps).
export function square(i, { out }) {
  out[i] = i * i;
}
