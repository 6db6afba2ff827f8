/** Plain-text rendering of alimentar's registry results (tables and cells: ../../common/format). */
import type { DatasetInfo, VersionEntry } from '../../alimentar/registry/types';
import { cell, renderTable } from '../../common/format';

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
