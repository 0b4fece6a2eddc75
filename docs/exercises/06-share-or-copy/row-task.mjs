// The copying way (exercise 6): a pool task computes one row into a fresh array and returns it; the
// pool copies it back to the main thread, as joblib's default backend sends results back.
import { fillRow } from '../kernels.mjs';

export default function rowTask({ i, n }) {
  const row = new Float64Array(n);
  fillRow(0, { M: { cols: n, data: row } }); // row 0 of a one-row matrix…
  for (let j = 0; j < n; j++) row[j] += i * i; // …plus i², which makes it row i
  return row;
}
