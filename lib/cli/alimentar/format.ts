/** Plain-text rendering of the CLI's results (the `--json` form prints the objects themselves). */
import type { DatasetInfo, VersionEntry } from '../../alimentar/registry/types';

/** Int64 values as numbers when exact, else as decimal strings (JSON has no 64-bit integers). */
function bigintSafe(_key: string, v: unknown): unknown {
  if (typeof v !== 'bigint') return v;
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
}

/** Renders rows as an aligned text table. */
export function renderTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (c ?? '').padEnd(widths[i])).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** A cell's text: nulls as 'null', big integers and numbers as JS prints them. */
export function cell(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'object' && !(value instanceof Date)) return JSON.stringify(value, bigintSafe);
  return String(value);
}

/** JSON.stringify that writes bigint as a number when exact, else as a string. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, bigintSafe, 2);
}

/** The registry list / search table. */
export function renderDatasets(datasets: DatasetInfo[]): string {
  if (datasets.length === 0) return '(no datasets)';
  return renderTable(['name', 'latest', 'versions', 'rows', 'description'],
    datasets.map((d) => [d.name, d.latest.version, String(d.versions.length), cell(d.latest.rows), d.description]));
}

/** The registry show text. */
export function renderDataset(d: DatasetInfo): string {
  const versions = renderTable(['version', 'rows', 'size', 'format', 'created', 'sha256'],
    d.versions.map((v: VersionEntry) => [v.version, cell(v.rows), String(v.size), v.format, v.created, v.sha256.slice(0, 16)]));
  const schema = d.latest.schema ? d.latest.schema.map((f) => `  ${f.name}: ${f.type}${f.nullable ? '' : ' not null'}`).join('\n') : '  (unknown)';
  return `${d.name}${d.description ? ' - ' + d.description : ''}\n\n${versions}\n\nschema of ${d.latest.version}:\n${schema}`;
}
