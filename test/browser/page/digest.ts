/** A dataset's fingerprint (rows, column names, per-column sums), computed alike in the page and in Node to compare. */
import type { Table } from 'apache-arrow';

/** What {@link digest} returns. */
export interface Digest { rows: number; columns: string[]; sums: number[] }

/**
 * @param table - the table
 * @returns rows, column names and the sum of each column (as numbers; NaN for a non-numeric one)
 */
export function digest(table: Table): Digest {
  const columns = table.schema.fields.map((f) => f.name);
  const sums = columns.map((name) => {
    let s = 0;
    for (const v of table.getChild(name)!) s += Number(v);
    return s;
  });
  return { rows: table.numRows, columns, sums };
}
