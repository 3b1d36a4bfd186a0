import { findCell, type HttpBenchResult } from './run-http-bench.js';
import { WORKLOADS, type WorkloadName } from './workloads.js';

/*
 * The scaling runs as an SVG line chart, written by hand (a few dozen elements need no charting library): the
 * stub's req/s for each read over the number of stored items, on a log axis, with the spread between rounds as a bar.
 */

const W = 640;
const H = 360;
const M = { left: 64, right: 140, top: 40, bottom: 48 };
const COLOURS: Partial<Record<WorkloadName, string>> = { get: '#1f77b4', list: '#d62728', filter: '#2ca02c' };

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const fmt = (n: number) => (n >= 1000 ? `${Math.round(n / 100) / 10}k` : String(Math.round(n)));

/** Round steps for the y axis: 1, 2 or 5 times a power of ten, about five of them. */
function yTicks(max: number): number[] {
  const raw = max / 5;
  const power = 10 ** Math.floor(Math.log10(raw || 1));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? raw;
  const ticks: number[] = [];
  for (let v = 0; v <= max + step / 2; v += step) ticks.push(v);
  return ticks;
}

export function scalingChart(result: HttpBenchResult): string | null {
  const scaling = result.scaling;
  if (!scaling || scaling.targets.length === 0) return null;
  const conns = result.options.connections[0] ?? 10;
  const sizes = scaling.targets.map((t) => Number(/(\d+) items/.exec(t.target)?.[1]));
  const reads: WorkloadName[] = ['get', 'list', 'filter'];
  const series = reads.map((w) => ({
    workload: w,
    points: scaling.targets.map((t, i) => ({
      size: sizes[i] as number,
      cell: findCell(scaling.cells, t.target, w, conns),
    })),
  }));
  const maxY = Math.max(1, ...series.flatMap((s) => s.points.map((p) => p.cell?.rps.max ?? 0)));
  const ticks = yTicks(maxY);
  const top = ticks[ticks.length - 1] ?? maxY;
  const [lo, hi] = [Math.min(...sizes), Math.max(...sizes)];
  const plotW = W - M.left - M.right;
  const plotH = H - M.top - M.bottom;
  const x = (size: number) =>
    M.left +
    (hi === lo ? plotW / 2 : ((Math.log10(size) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo))) * plotW);
  const y = (v: number) => M.top + plotH - (v / top) * plotH;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="#fff"/>`,
    `<text x="${M.left}" y="22" font-size="14" font-weight="bold">${esc(`The stub over stored items: req/s at ${conns} connections (median of ${result.options.rounds})`)}</text>`,
  ];
  for (const t of ticks) {
    parts.push(
      `<line x1="${M.left}" x2="${W - M.right}" y1="${y(t)}" y2="${y(t)}" stroke="#ddd"/>`,
      `<text x="${M.left - 8}" y="${y(t) + 4}" text-anchor="end">${fmt(t)}</text>`,
    );
  }
  for (const size of sizes) {
    parts.push(
      `<line x1="${x(size)}" x2="${x(size)}" y1="${M.top + plotH}" y2="${M.top + plotH + 5}" stroke="#333"/>`,
      `<text x="${x(size)}" y="${M.top + plotH + 20}" text-anchor="middle">${fmt(size)}</text>`,
    );
  }
  parts.push(
    `<line x1="${M.left}" x2="${W - M.right}" y1="${M.top + plotH}" y2="${M.top + plotH}" stroke="#333"/>`,
    `<text x="${M.left + plotW / 2}" y="${H - 10}" text-anchor="middle">stored access packages (log scale)</text>`,
    `<text transform="translate(16 ${M.top + plotH / 2}) rotate(-90)" text-anchor="middle">req/s</text>`,
  );
  series.forEach((s, index) => {
    const colour = COLOURS[s.workload] ?? '#000';
    const points = s.points.filter((p) => p.cell && Number.isFinite(p.cell.rps.median));
    if (points.length > 1) {
      const d = points.map(
        (p, i) => `${i ? 'L' : 'M'}${x(p.size).toFixed(1)} ${y(p.cell?.rps.median ?? 0).toFixed(1)}`,
      );
      parts.push(`<path d="${d.join(' ')}" fill="none" stroke="${colour}" stroke-width="2"/>`);
    }
    for (const p of points) {
      const cell = p.cell;
      if (!cell) continue;
      parts.push(
        `<line x1="${x(p.size)}" x2="${x(p.size)}" y1="${y(cell.rps.min)}" y2="${y(cell.rps.max)}" stroke="${colour}" stroke-width="1"/>`,
        `<circle cx="${x(p.size)}" cy="${y(cell.rps.median)}" r="3.5" fill="${colour}"><title>${esc(`${s.workload}, ${p.size} items: ${Math.round(cell.rps.median)} req/s, p99 ${cell.p99Ms.median.toFixed(2)} ms`)}</title></circle>`,
      );
    }
    const ly = M.top + 10 + index * 20;
    const label = WORKLOADS.find((w) => w.name === s.workload)?.title ?? s.workload;
    parts.push(
      `<line x1="${W - M.right + 12}" x2="${W - M.right + 32}" y1="${ly}" y2="${ly}" stroke="${colour}" stroke-width="2"/>`,
      `<text x="${W - M.right + 38}" y="${ly + 4}">${esc(label)}</text>`,
    );
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
