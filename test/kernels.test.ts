// The bundled kernels: parallel output equals the serial reference byte for byte,
// for every schedule, sync and async, on 1-4 threads.
import { compareBufferSources } from 'typed-array-utils';
import { describe, expect, it } from 'vitest';
import * as fill from '../kernels/fill.mjs';
import * as mandelbrot from '../kernels/mandelbrot.mjs';
import { team } from './helpers.js';

const t = team({ threads: 4 });
const schedules = [{ schedule: 'static' }, { schedule: 'static', chunk: 7 }, { schedule: 'dynamic' },
  { schedule: 'dynamic', chunk: 16 }, { schedule: 'guided' }, { schedule: 'auto' }] as const;

for (const k of [fill, mandelbrot]) {
  describe(k.name, () => {
    const size = k.quickSize / 2;
    const expected = k.serial(size);
    for (const threads of [1, 2, 3, 4]) {
      it(`matches the serial reference on ${threads} thread(s), every schedule, sync and async`, async () => {
        for (const sched of schedules) {
          for (const sync of [false, true]) {
            const { shared, output, iterations } = k.setup(size);
            const opts = { ...sched, threads, shared };
            if (sync) t.parallelForSync(0, iterations, k.body, opts);
            else await t.parallelFor(0, iterations, k.body, opts);
            expect(compareBufferSources(output, expected), `${k.name} ${JSON.stringify(sched)} sync=${sync}`).toBe(true);
          }
        }
      });
    }
  });
}
