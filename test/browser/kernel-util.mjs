// Imported by kernel-with-import.mjs.
export const cube = (x) => x * x * x;
