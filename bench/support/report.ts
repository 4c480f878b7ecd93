import fs from 'node:fs';
import path from 'node:path';
import type { LoadResult } from './load';

/** One line of the table: a measurement, what it is compared with in the same run, and its target. */
export type BenchRow = {
  scenario: string;
  unit: 'req/s' | 'ops/s' | 'ms';
  result: LoadResult;
  baseline?: { name: string; result: LoadResult };
  /** throughput: rate ÷ baseline rate; p99: p99 ÷ baseline p99. */
  ratio?: { kind: 'throughput' | 'p99'; value: number };
  target?: string;
  met?: boolean;
  rssMb?: number;
};

export type ListPoint = { claims: number; p50: number; p99: number };

const fixed = (value: number | undefined, digits = 0): string => (value === undefined || Number.isNaN(value) ? '—' : value.toFixed(digits));
const ms = (value: number): string => fixed(value, value < 10 ? 2 : 1);

/** Connection errors, failed operations and 4xx/5xx answers (a 304 is the expected answer, not an error). */
export const failures = (result: LoadResult): number => result.errors + (result.statusCodes['4xx'] ?? 0) + (result.statusCodes['5xx'] ?? 0);

export function markdownTable(rows: BenchRow[]): string {
  return [
    '| scenario | rate | p50 ms | p99 ms | errors | baseline (same run) | baseline rate | baseline p99 ms | ratio | target | server RSS MB |',
    '| --- | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | --- | ---: |',
    ...rows.map((row) =>
      [
        row.scenario,
        row.unit === 'ms' ? '—' : `${fixed(row.result.requestsPerSecond)} ${row.unit}`,
        ms(row.result.p50),
        ms(row.result.p99),
        String(failures(row.result)),
        row.baseline?.name ?? '—',
        row.baseline ? `${fixed(row.baseline.result.requestsPerSecond)} ${row.unit}` : '—',
        row.baseline ? ms(row.baseline.result.p99) : '—',
        row.ratio ? `${fixed(row.ratio.value, 2)} (${row.ratio.kind === 'p99' ? 'p99' : 'rate'})` : '—',
        row.target ? `${row.target} ${row.met ? 'met' : 'MISSED'}` : '—',
        fixed(row.rssMb),
      ].join(' | '),
    ).map((line) => `| ${line} |`),
  ].join('\n');
}

/** Claim list p50 and p99 against the number of claims, log scale, as a self-contained SVG. */
export function listLatencySvg(points: ListPoint[], title: string): string {
  const [width, height, left, right, top, bottom] = [640, 360, 60, 20, 40, 50];
  const xs = points.map((point) => Math.log10(point.claims));
  const [xMin, xMax] = [Math.min(...xs) - 0.2, Math.max(...xs) + 0.2];
  const yMax = Math.max(1, ...points.map((point) => point.p99)) * 1.2;
  const x = (claims: number) => left + ((Math.log10(claims) - xMin) / (xMax - xMin)) * (width - left - right);
  const y = (value: number) => height - bottom - (value / yMax) * (height - top - bottom);
  const line = (key: 'p50' | 'p99', colour: string) =>
    `<polyline fill="none" stroke="${colour}" stroke-width="2" points="${points.map((point) => `${x(point.claims).toFixed(1)},${y(point[key]).toFixed(1)}`).join(' ')}"/>` +
    points.map((point) => `<circle cx="${x(point.claims).toFixed(1)}" cy="${y(point[key]).toFixed(1)}" r="4" fill="${colour}"/>` +
      `<text x="${(x(point.claims) + 6).toFixed(1)}" y="${(y(point[key]) - 6).toFixed(1)}" font-size="11" fill="${colour}">${ms(point[key])} ms</text>`).join('');
  const ticks = Array.from({ length: 5 }, (_, index) => (yMax / 4) * index);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif">
<rect width="100%" height="100%" fill="white"/>
<text x="${width / 2}" y="22" text-anchor="middle" font-size="14">${title}</text>
${ticks.map((tick) => `<line x1="${left}" x2="${width - right}" y1="${y(tick).toFixed(1)}" y2="${y(tick).toFixed(1)}" stroke="#ddd"/><text x="${left - 6}" y="${(y(tick) + 4).toFixed(1)}" text-anchor="end" font-size="11">${fixed(tick, 1)}</text>`).join('\n')}
${points.map((point) => `<text x="${x(point.claims).toFixed(1)}" y="${height - bottom + 18}" text-anchor="middle" font-size="11">${point.claims.toLocaleString('en')}</text>`).join('\n')}
<text x="${width / 2}" y="${height - 10}" text-anchor="middle" font-size="12">claims in the database (log scale)</text>
<text x="16" y="${height / 2}" text-anchor="middle" font-size="12" transform="rotate(-90 16 ${height / 2})">latency, ms</text>
${line('p99', '#c0392b')}
${line('p50', '#2c7fb8')}
<text x="${width - right - 90}" y="${top + 10}" font-size="12" fill="#c0392b">p99</text>
<text x="${width - right - 50}" y="${top + 10}" font-size="12" fill="#2c7fb8">p50</text>
</svg>
`;
}

export function writeResults(dir: string, name: string, files: { json: unknown; markdown: string; svg: string }): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, `${name}.json`), `${JSON.stringify(files.json, null, 2)}\n`);
  fs.writeFileSync(path.join(dir, `${name}.md`), files.markdown);
  fs.writeFileSync(path.join(dir, 'list-latency.svg'), files.svg);
}
