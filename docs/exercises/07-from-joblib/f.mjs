// The function the joblib program maps (exercise 7), in a module so that workers can import it.
export function f(i) {
  return Math.sqrt(i) * Math.sin(i);
}
