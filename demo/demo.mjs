// The demo page: render with parfor (async, on Web Workers), compare with a serial render on
// this thread, colour rows by thread, and draw the trace.
import { createTeam, sharedArray, traceToSVG } from '../dist/browser/index.js';

const $ = (id) => document.getElementById(id);
const COLORS = [
  [78, 121, 167],
  [242, 142, 43],
  [89, 161, 79],
  [225, 87, 89],
  [118, 183, 178],
  [237, 201, 72],
  [176, 122, 161],
  [255, 157, 167],
];
const MAX_ITER = 500;

/** One image row: the escape iteration of each pixel (the same code as kernels/mandelbrot.mjs). */
const row = (i, { img, owner, size, maxIter }, ctx) => {
  const y0 = -1 + (2.5 * i) / size;
  for (let j = 0; j < size; j++) {
    const x0 = -2 + (2.5 * j) / size;
    let x = 0,
      y = 0,
      k = 0;
    while (k < maxIter) {
      const x2 = x * x,
        y2 = y * y;
      if (x2 + y2 > 4) break;
      y = 2 * x * y + y0;
      x = x2 - y2 + x0;
      k++;
    }
    img[i * size + j] = k;
  }
  owner[i] = ctx.threadId;
};

let team;
/** `id`'s number, kept within [min, max] (the field shows what was used). */
function field(id, min, max) {
  const input = $(id);
  const v = Math.round(Number(input.value));
  const clamped = Number.isFinite(v) ? Math.min(max, Math.max(min, v)) : min;
  input.value = String(clamped);
  return clamped;
}

/** The median of three timed calls of `fn` after one untimed one (which warms up the JIT). */
async function timed(fn) {
  await fn();
  const ms = [];
  let last;
  for (let k = 0; k < 3; k++) {
    const t0 = performance.now();
    last = await fn();
    ms.push(performance.now() - t0);
  }
  return { ms: ms.sort((a, b) => a - b)[1], last };
}

async function render() {
  // A size past the field's max would keep the page busy for minutes: sizes are capped.
  const size = field('size', 50, 2000);
  const threads = field('threads', 1, 16);
  const schedule = $('schedule').value;
  // An empty chunk field means the schedule's own default: plain `static` (one block a thread).
  const chunk = $('chunk').value.trim() === '' ? undefined : field('chunk', 1, size);
  if (!team || team.size !== threads) {
    await team?.close();
    team = createTeam({ threads });
    await team.ready();
  }
  const img = sharedArray(Int32Array, size * size);
  const owner = sharedArray(Int32Array, size);
  const opts = { shared: { img, owner, size, maxIter: MAX_ITER }, schedule, trace: true };
  if (schedule !== 'auto' && chunk !== undefined) opts.chunk = chunk;
  // Both sides warmed up and timed the same way, so the first render is not a JIT measurement.
  const { ms: parallelMs, last: trace } = await timed(() => team.parallelFor(0, size, row, opts));
  const plain = { img: new Int32Array(size * size), owner: new Int32Array(size), size, maxIter: MAX_ITER };
  const { ms: serialMs } = await timed(() => {
    for (let i = 0; i < size; i++) row(i, plain, { threadId: 0 });
  });
  draw(img, owner, size);
  $('times').textContent =
    `parfor (${threads} thread${threads === 1 ? '' : 's'}, ${trace.schedule}): ${parallelMs.toFixed(1)} ms · serial on this thread: ${serialMs.toFixed(1)} ms · speedup ${(serialMs / parallelMs).toFixed(2)}×${serialMs / parallelMs > threads * 1.005 ? ` (above ${threads}×, which ${threads} thread${threads === 1 ? '' : 's'} cannot truly give: the serial time was slow, or caches helped)` : ''} (medians of 3 after a warm-up)`;
  $('timeline').innerHTML = traceToSVG(trace, { width: 520, title: `schedule ${trace.schedule}` });
  $('legend').innerHTML = Array.from(
    { length: threads },
    (_, t) => `<span style="background: rgb(${COLORS[t % 8]})"></span>thread ${t}`,
  ).join('');
  window.__demo = {
    parallelMs,
    serialMs,
    chunks: trace.chunks.length,
    rowsByThread: Array.from({ length: threads }, (_, t) => owner.filter((o) => o === t).length),
  };
}

function draw(img, owner, size) {
  const canvas = $('image');
  canvas.width = size;
  canvas.height = size;
  const ctx = canvas.getContext('2d');
  const data = ctx.createImageData(size, size);
  const tint = $('overlay').checked;
  for (let i = 0; i < size; i++) {
    const c = COLORS[owner[i] % COLORS.length];
    for (let j = 0; j < size; j++) {
      const k = img[i * size + j];
      const v = k >= MAX_ITER ? 0 : 255 * Math.sqrt(k / MAX_ITER);
      const p = 4 * (i * size + j);
      data.data[p] = tint ? 0.55 * v + 0.45 * c[0] : v;
      data.data[p + 1] = tint ? 0.55 * v + 0.45 * c[1] : v;
      data.data[p + 2] = tint ? 0.55 * v + 0.45 * c[2] : v;
      data.data[p + 3] = 255;
    }
  }
  ctx.putImageData(data, 0, 0);
}

$('threads').value = String(Math.min(navigator.hardwareConcurrency || 2, 8));
$('render').addEventListener('click', () => {
  render().catch(showError);
});
function showError(e) {
  $('times').textContent = `${e.name}: ${e.message}`;
  window.__demo = { error: `${e.name}: ${e.message}` };
}
if (!globalThis.crossOriginIsolated) showError(new Error('this page is not cross-origin isolated: serve it with npm run demo'));
else render().catch(showError);
