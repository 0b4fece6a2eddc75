// A kernel module for test/bundler/kernel-app.mjs (self-contained: a bundler copies it as it is).
export function cube(i, { out }) {
  out[i] = i * i * i;
}
