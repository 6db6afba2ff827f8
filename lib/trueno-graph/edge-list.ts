/**
 * Edge lists written by other tools: a Parquet, Arrow IPC, CSV or JSON file with one row per edge (pyarrow's
 * `pq.write_table`, igraph's `get_edge_dataframe()` through pandas, networkx's `to_pandas_edgelist`), read through
 * alimentar.
 */
import type { Format } from '../alimentar/formats/detect';
import { ArrowDataset } from '../alimentar/dataset';
import { validators } from '../common/validate';
import { argumentError, rangeError } from './errors';
import type { Graph } from './graph';
import type { Table } from 'apache-arrow';
import type { GraphFactory } from './persist';

const { expectOptions, expectString, expectBoolean } = validators(argumentError);

/** Options of {@link readEdgeList}. */
export interface EdgeListOptions {
  /** The source column (default the first of src, source, from). */
  src?: string;
  /** The target column (default the first of dst, target, to). */
  dst?: string;
  /** The weight column (default 'weight' when present; null: unweighted, and a 'weight' column is left out). */
  weight?: string | null;
  /** The edge type column (default 'type' when present; null: no types, and a 'type' column is left out). */
  type?: string | null;
  /** Whether edges have a direction (default true). */
  directed?: boolean;
  /** The file's format (default from its extension, else its content). */
  format?: Format;
}

/**
 * Reads an edge-list file into a graph (node ids: the values of the endpoint columns; the other columns become edge
 * properties).
 * @param factory - the Graph class (see {@link GraphFactory})
 * @param file - a local path or URL
 * @param options - column names, `directed`, `format`
 * @returns the graph
 * @throws alimentar's NotFoundError / ParquetError / CsvParseError for a file that is missing or does not decode;
 *   RangeError for missing columns or invalid ids and weights
 * @example const g = await Graph.readEdgeList('edges.parquet', { directed: false });
 */
export async function readEdgeList(factory: GraphFactory, file: string, options?: EdgeListOptions): Promise<Graph> {
  const opts = expectOptions<EdgeListOptions>(options, 'options', { src: true, dst: true, weight: true, type: true, directed: true, format: true });
  expectString(file, 'file');
  const directed = opts.directed === undefined ? true : expectBoolean(opts.directed, 'options.directed');
  const read = (await ArrowDataset.open(file, opts.format === undefined ? undefined : { format: opts.format })).toTable();
  const dropped = (['weight', 'type'] as const).filter((name) => opts[name] === null);
  const table = read.select(read.schema.fields.map((f) => f.name).filter((n) => !(dropped as readonly string[]).includes(n)));
  const found = opts.src === undefined || opts.dst === undefined ? endpointColumns(table, file) : undefined;
  const src = opts.src === undefined ? found!.src : expectString(opts.src, 'options.src');
  const dst = opts.dst === undefined ? found!.dst : expectString(opts.dst, 'options.dst');
  const optional = (given: string | null | undefined, fallback: string, name: string) => {
    if (given === null) return undefined;
    if (given !== undefined) return expectString(given, name);
    return table.getChild(fallback) === null ? undefined : fallback;
  };
  return factory.fromTable(table, { src, dst, weight: optional(opts.weight, 'weight', 'options.weight'), type: optional(opts.type, 'type', 'options.type'), directed });
}

const SRC_NAMES = ['src', 'source', 'from'];
const DST_NAMES = ['dst', 'target', 'to'];

/**
 * The endpoint columns of an edge list: the first of the usual names present (src/source/from, dst/target/to).
 * @param table - the edge list
 * @param where - its file, for the error
 * @returns the two column names
 * @throws RangeError when either is missing
 */
export function endpointColumns(table: Table, where: string): { src: string; dst: string } {
  const names = table.schema.fields.map((f) => f.name);
  const src = SRC_NAMES.find((n) => names.includes(n));
  const dst = DST_NAMES.find((n) => names.includes(n));
  if (src === undefined || dst === undefined) {
    throw rangeError(`Expected source and target columns (${SRC_NAMES.join('/')} and ${DST_NAMES.join('/')}) in ${where} but received columns ${names.join(', ')}`);
  }
  return { src, dst };
}
