// Minimal SVG charts for docs/benchmarks.md: grouped bars and a log-log line chart.
// Tableau 20: ten hues, each dark and light, so a chart with up to 20 series gives each its own colour.
const COLORS = [
  '#4e79a7',
  '#a0cbe8',
  '#f28e2b',
  '#ffbe7d',
  '#59a14f',
  '#8cd17d',
  '#b6992d',
  '#f1ce63',
  '#499894',
  '#86bcb6',
  '#e15759',
  '#ff9d9a',
  '#79706e',
  '#bab0ac',
  '#d37295',
  '#fabfd2',
  '#b07aa1',
  '#d4a6c8',
  '#9d7660',
  '#d7b5a6',
];
/** A round tick step (1, 2, 2.5 or 5 times a power of ten) that cuts 0..max into 4 to 8 parts. */
export function tickStep(max) {
  const raw = max / 5;
  const p = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 2.5, 5, 10].map((m) => m * p).find((s) => max / s <= 8) ?? 10 * p;
}
const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

/**
 * groups: [{ label, bars: [{ label, value }] }]; references: dashed lines, each { value, label } (or a
 * bare number), e.g. 1× (serial) and the thread count (ideal). Bars take the ten dark hues, so up to
 * ten series can be told apart.
 */
export function barChart({ title, groups, yLabel, references = [] }) {
  const refs = references.map((r) => (typeof r === 'number' ? { value: r, label: `${r}×` } : r));
  const labels = [...new Set(groups.flatMap((g) => g.bars.map((b) => b.label)))];
  const W = 1000,
    H = Math.max(420, 60 + labels.length * 18),
    L = 60,
    B = 70,
    T = 40,
    R = 280;
  const top = Math.max(...refs.map((r) => r.value), ...groups.flatMap((g) => g.bars.map((b) => b.value))) * 1.05;
  const step = tickStep(top);
  const max = Math.ceil(top / step) * step;
  const gw = (W - L - R) / groups.length;
  const bw = (gw * 0.8) / labels.length;
  const y = (v) => T + (H - T - B) * (1 - v / max);
  const out = frame({ W, H, L, T, B, R, title, yLabel });
  for (let k = 0; k * step <= max + 1e-9; k++) {
    const v = k * step;
    out.push(
      `<line x1="${L}" x2="${W - R}" y1="${y(v)}" y2="${y(v)}" stroke="#eee"/><text x="${L - 6}" y="${y(v) + 4}" text-anchor="end">${Number(v.toFixed(2))}</text>`,
    );
  }
  groups.forEach((g, gi) => {
    const x0 = L + gi * gw + gw * 0.1;
    g.bars.forEach((b) => {
      const k = labels.indexOf(b.label);
      out.push(
        `<rect x="${(x0 + k * bw).toFixed(1)}" y="${y(b.value).toFixed(1)}" width="${(bw - 1).toFixed(1)}" height="${(y(0) - y(b.value)).toFixed(1)}" fill="${COLORS[(2 * k) % COLORS.length]}"><title>${esc(g.label)} · ${esc(b.label)}: ${b.value.toFixed(2)}</title></rect>`,
      );
    });
    out.push(`<text x="${x0 + gw * 0.4}" y="${H - B + 18}" text-anchor="middle">${esc(g.label)}</text>`);
  });
  // the reference lines after the bars, so their labels stay readable over them
  for (const r of refs) {
    out.push(
      `<line x1="${L}" x2="${W - R}" y1="${y(r.value)}" y2="${y(r.value)}" stroke="#888" stroke-dasharray="4 3"/><text x="${W - R - 4}" y="${y(r.value) - 4}" text-anchor="end" fill="#444" stroke="white" stroke-width="3" paint-order="stroke">${esc(r.label)}</text>`,
    );
  }
  labels.forEach((l, k) => {
    out.push(
      `<rect x="${W - R + 12}" y="${T + k * 18}" width="12" height="12" fill="${COLORS[(2 * k) % COLORS.length]}"/><text x="${W - R + 30}" y="${T + k * 18 + 10}">${esc(l)}</text>`,
    );
  });
  out.push('</svg>');
  return out.join('\n');
}

/** The start of a chart: the canvas, the title and the axis labels (a bar chart has no x label). */
function frame({ W, H, L, T, B, R, title, xLabel, yLabel }) {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${L}" y="22" font-size="15">${esc(title)}</text>`,
    ...(xLabel === undefined ? [] : [`<text x="${L + (W - L - R) / 2}" y="${H - 10}" text-anchor="middle">${esc(xLabel)}</text>`]),
    `<text x="14" y="${T + (H - T - B) / 2}" transform="rotate(-90 14 ${T + (H - T - B) / 2})" text-anchor="middle">${esc(yLabel)}</text>`,
  ];
}

/** series: [{ label, points: [[x, y]] }], log-log axes. */
export function lineChart({ title, series, xLabel, yLabel }) {
  const W = 700,
    H = 420,
    L = 70,
    B = 50,
    T = 40,
    R = 170;
  const xs = series.flatMap((s) => s.points.map((p) => p[0]));
  const ys = series.flatMap((s) => s.points.map((p) => p[1]));
  const [x0, x1, y0, y1] = [
    Math.log10(Math.min(...xs)),
    Math.log10(Math.max(...xs)),
    Math.log10(Math.min(...ys)),
    Math.log10(Math.max(...ys)),
  ];
  const px = (v) => L + ((Math.log10(v) - x0) / (x1 - x0 || 1)) * (W - L - R);
  const py = (v) => T + (1 - (Math.log10(v) - y0) / (y1 - y0 || 1)) * (H - T - B);
  const out = frame({ W, H, L, T, B, R, title, xLabel, yLabel });
  for (const v of [...new Set(xs)]) out.push(`<text x="${px(v)}" y="${H - B + 16}" text-anchor="middle" fill="#555">${v}</text>`);
  for (let e = Math.floor(y0); e <= Math.ceil(y1); e++) {
    const v = 10 ** e;
    if (v < 10 ** y0 / 1.0001 || v > 10 ** y1 * 1.0001) continue;
    out.push(
      `<line x1="${L}" x2="${W - R}" y1="${py(v)}" y2="${py(v)}" stroke="#eee"/><text x="${L - 6}" y="${py(v) + 4}" text-anchor="end">${v >= 1 ? v : v.toPrecision(1)} ms</text>`,
    );
  }
  series.forEach((s, k) => {
    const c = COLORS[k % COLORS.length];
    out.push(
      `<polyline fill="none" stroke="${c}" stroke-width="2" points="${s.points.map(([x, y]) => `${px(x).toFixed(1)},${py(y).toFixed(1)}`).join(' ')}"/>`,
    );
    for (const [x, y] of s.points)
      out.push(
        `<circle cx="${px(x).toFixed(1)}" cy="${py(y).toFixed(1)}" r="3" fill="${c}"><title>${esc(s.label)} n=${x}: ${y.toFixed(3)} ms</title></circle>`,
      );
    out.push(
      `<rect x="${W - R + 12}" y="${T + k * 18}" width="12" height="12" fill="${c}"/><text x="${W - R + 30}" y="${T + k * 18 + 10}">${esc(s.label)}</text>`,
    );
  });
  out.push('</svg>');
  return out.join('\n');
}

/**
 * series: [{ label, points: [[x, y]], dashed? }], linear axes from 0, x ticks at the points'
 * x values: a speedup against thread count, with the ideal and a model as dashed series.
 */
export function linearChart({ title, series, xLabel, yLabel }) {
  const W = 700,
    H = 420,
    L = 60,
    B = 50,
    T = 40,
    R = 230;
  const xs = [...new Set(series.flatMap((s) => s.points.map((p) => p[0])))].sort((a, b) => a - b);
  const xMax = Math.max(...xs);
  const yMax = Math.ceil(Math.max(...series.flatMap((s) => s.points.map((p) => p[1]))) * 1.1 * 2) / 2;
  const px = (v) => L + (v / xMax) * (W - L - R);
  const py = (v) => T + (1 - v / yMax) * (H - T - B);
  const out = frame({ W, H, L, T, B, R, title, xLabel, yLabel });
  for (const v of xs) out.push(`<text x="${px(v)}" y="${H - B + 16}" text-anchor="middle" fill="#555">${v}</text>`);
  for (let v = 0; v <= yMax + 1e-9; v += 0.5) {
    out.push(
      `<line x1="${L}" x2="${W - R}" y1="${py(v)}" y2="${py(v)}" stroke="#eee"/><text x="${L - 6}" y="${py(v) + 4}" text-anchor="end">${v.toFixed(1)}</text>`,
    );
  }
  series.forEach((s, k) => {
    const c = s.dashed ? '#888' : COLORS[(2 * k) % COLORS.length];
    const dash = s.dashed ? ' stroke-dasharray="5 4"' : '';
    out.push(
      `<polyline fill="none" stroke="${c}" stroke-width="2"${dash} points="${s.points.map(([x, y]) => `${px(x).toFixed(1)},${py(y).toFixed(1)}`).join(' ')}"/>`,
    );
    if (!s.dashed) {
      for (const [x, y] of s.points)
        out.push(
          `<circle cx="${px(x).toFixed(1)}" cy="${py(y).toFixed(1)}" r="3" fill="${c}"><title>${esc(s.label)}, ${x}: ${y.toFixed(2)}</title></circle>`,
        );
    }
    out.push(
      `<line x1="${W - R + 12}" x2="${W - R + 30}" y1="${T + k * 18 + 6}" y2="${T + k * 18 + 6}" stroke="${c}" stroke-width="2"${dash}/><text x="${W - R + 36}" y="${T + k * 18 + 10}">${esc(s.label)}</text>`,
    );
  });
  out.push('</svg>');
  return out.join('\n');
}
