// The bundled kernels: parallel output equals the serial reference byte for byte,
// for every schedule, sync and async, on 1-4 threads.
import { compareBufferSources } from 'typed-array-utils';
import { describe, expect, it } from 'vitest';
import * as fill from '../kernels/fill.mjs';
import * as mandelbrot from '../kernels/mandelbrot.mjs';
import * as matmul from '../kernels/matmul.mjs';
import * as sumto from '../kernels/sumto.mjs';
import { team } from './helpers.js';

const t = team({ threads: 4 });
const schedules = [
  { schedule: 'static' },
  { schedule: 'static', chunk: 7 },
  { schedule: 'dynamic' },
  { schedule: 'dynamic', chunk: 16 },
  { schedule: 'guided' },
  { schedule: 'adaptive' },
  { schedule: 'auto' },
] as const;

for (const k of [fill, mandelbrot, matmul, sumto]) {
  describe(k.name, () => {
    const size = k.quickSize / 2;
    const expected = k.serial(size);
    for (const threads of [1, 2, 3, 4]) {
      it(`matches the serial reference on ${threads} thread(s), every schedule, sync and async`, async () => {
        for (const sched of schedules) {
          for (const sync of [false, true]) {
            const { shared, output, iterations } = k.setup(size);
            const opts = { ...sched, threads, shared };
            if ((k as { kind?: string }).kind === 'map') {
              if (sync) t.parallelMapSync(0, iterations, k.body as never, { ...opts, out: output as Float64Array });
              else await t.parallelMap(0, iterations, k.body as never, { ...opts, out: output as Float64Array });
            } else if (sync) t.parallelForSync(0, iterations, k.body as never, opts);
            else await t.parallelFor(0, iterations, k.body as never, opts);
            expect(
              compareBufferSources(output as BufferSource, expected as BufferSource),
              `${k.name} ${JSON.stringify(sched)} sync=${sync}`,
            ).toBe(true);
          }
        }
      });
    }
  });
}
