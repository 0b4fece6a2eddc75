// The copying way (exercise 6): a pool task computes one row into a fresh array and returns it; the
// pool copies it back to the main thread, as joblib's process backends pickle each result back.
import { fillRowOnly } from '../kernels.mjs';

export default function rowTask({ i, n }) {
  return fillRowOnly(i, n);
}
