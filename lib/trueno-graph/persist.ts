/**
 * A graph on disk: a folder with `nodes.parquet` (id, label, properties), `edges.parquet` (src and dst as rows of
 * nodes.parquet, weight, type, properties) and `graph.json`, the manifest naming both files' sizes and SHA-256.
 * Other tools read the Parquet files as they are (pyarrow, DuckDB, polars; igraph via pandas).
 *
 * A save commits atomically. The new files are written into the folder `.pending/` (each one durably: temporary
 * file, fsync, rename, folder fsync — alimentar's writeAtomic), and the manifest last: its rename is the commit point.
 * The files are then moved into place and the manifest after them. A save that dies before the commit point leaves
 * the old graph (the next save discards the partial `.pending/`); one that dies after it is finished by the next
 * save or load (roll forward). A load checks every file against the manifest, so a mixed or damaged folder is an
 * error, never a silently different graph.
 */
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { DataType, Table, type Vector } from 'apache-arrow';
import { PARQUET_COMPRESSIONS, readParquet, writeParquet, type ParquetCompression } from '../alimentar/formats/parquet';
import { hashFile, syncFolder, writeAtomic } from '../alimentar/storage/atomic-file';
import { validators } from '../common/validate';
import { argumentError, describe, rangeError } from './errors';
import type { Graph } from './graph';
import { CorruptGraphError, GraphNotFoundError } from './store-errors';
import { endpointColumns } from './edge-list';

const { expectOptions, expectString, expectBoolean, expectOneOf } = validators(argumentError);

/** The manifest's name. */
export const MANIFEST = 'graph.json';
/** The folder a save stages its files in. */
export const PENDING = '.pending';
/** The data files, in the order a save writes and moves them. */
const DATA_FILES = ['nodes.parquet', 'edges.parquet'] as const;
/** The manifest's format name and version. */
const FORMAT = 'trueno-graph';
const VERSION = 1;

/** What graph.json holds. */
export interface Manifest {
  format: typeof FORMAT;
  version: number;
  directed: boolean;
  weighted: boolean;
  numNodes: number;
  numEdges: number;
  /** The external ids' kind (null for a graph without nodes). */
  idKind: 'string' | 'number' | null;
  /** Size and SHA-256 of each data file. */
  files: Record<string, { size: number; sha256: string }>;
}

/** Options of {@link saveGraph}. */
export interface SaveOptions {
  /** Parquet codec (default 'zstd'). */
  compression?: ParquetCompression;
}

async function exists(file: string): Promise<boolean> {
  return fsp.access(file).then(() => true, () => false);
}

/**
 * Finishes a committed save (its manifest is in `.pending/`): moves its files into place, then the manifest.
 * A `.pending/` without a manifest is a save that did not commit: it is removed.
 * @param dir - the graph folder
 */
async function recover(dir: string): Promise<void> {
  const pending = path.join(dir, PENDING);
  if (!(await exists(pending))) return;
  if (!(await exists(path.join(pending, MANIFEST)))) {
    await fsp.rm(pending, { recursive: true, force: true });
    return;
  }
  for (const name of DATA_FILES) {
    // a file already moved by the interrupted save is no longer in .pending
    if (await exists(path.join(pending, name))) await fsp.rename(path.join(pending, name), path.join(dir, name));
  }
  await syncFolder(dir);
  await fsp.rename(path.join(pending, MANIFEST), path.join(dir, MANIFEST));
  await syncFolder(dir);
  await fsp.rm(pending, { recursive: true, force: true });
}

/**
 * Saves a graph to a folder (created when missing), replacing the graph there atomically (see the module comment).
 * @param graph - the graph
 * @param dir - the folder
 * @param options - `compression`
 * @returns the manifest written
 * @throws TypeError for a bad argument; what the file system throws (the previous graph stays as it was)
 */
export async function saveGraph(graph: Graph, dir: string, options?: SaveOptions): Promise<Manifest> {
  const opts = expectOptions<SaveOptions>(options, 'options', { compression: true });
  expectString(dir, 'dir');
  const compression = opts.compression === undefined ? 'zstd' : expectOneOf(opts.compression, PARQUET_COMPRESSIONS, 'options.compression');
  await fsp.mkdir(dir, { recursive: true });
  await recover(dir);
  const pending = path.join(dir, PENDING);
  await fsp.mkdir(pending, { recursive: true });
  const files: Manifest['files'] = {};
  const tables = { 'nodes.parquet': graph.nodeTable(), 'edges.parquet': graph.edgeTable() };
  for (const name of DATA_FILES) {
    const written = await writeAtomic(path.join(pending, name), writeParquet(tables[name], { compression }));
    files[name] = { size: written.size, sha256: written.sha256 };
  }
  const manifest: Manifest = {
    format: FORMAT, version: VERSION, directed: graph.directed, weighted: graph.weighted,
    numNodes: graph.numNodes, numEdges: graph.numEdges, idKind: graph.idKind ?? null, files,
  };
  await writeAtomic(path.join(pending, MANIFEST), JSON.stringify(manifest, null, 2) + '\n');
  await recover(dir);
  return manifest;
}

/** What builds the loaded graph: the Graph class (passed in, so this module needs Graph only as a type). */
export type GraphFactory = typeof Graph;

/** Options of {@link loadGraph}. */
export interface LoadOptions {
  /** For a folder without graph.json (an edge list written by another tool): whether edges are directed (default true). */
  directed?: boolean;
}

function corrupt(file: string, why: string, cause?: unknown): CorruptGraphError {
  return new CorruptGraphError(file, `Expected a valid trueno-graph file at ${file} but ${why}`, cause === undefined ? undefined : { cause });
}

function parseManifest(text: string, file: string): Manifest {
  let m: Manifest;
  try {
    m = JSON.parse(text) as Manifest;
  } catch (e) {
    throw corrupt(file, `it is not JSON (${(e as Error).message})`, e);
  }
  const ok = m !== null && typeof m === 'object' && m.format === FORMAT && typeof m.directed === 'boolean' && typeof m.weighted === 'boolean'
    && Number.isSafeInteger(m.numNodes) && Number.isSafeInteger(m.numEdges) && m.files !== null && typeof m.files === 'object'
    && DATA_FILES.every((f) => Number.isSafeInteger(m.files[f]?.size) && typeof m.files[f]?.sha256 === 'string');
  if (!ok) throw corrupt(file, 'it is not a trueno-graph manifest (format, directed, weighted, numNodes, numEdges, files)');
  if (m.version !== VERSION) throw corrupt(file, `it has version ${describe(m.version)}, and this reader knows version ${VERSION}`);
  return m;
}

/** Reads one data file, checked against the manifest. */
async function readChecked(dir: string, name: string, expected: { size: number; sha256: string }): Promise<Table> {
  const file = path.join(dir, name);
  if (!(await exists(file))) throw new GraphNotFoundError(`Expected ${file} (named by ${MANIFEST}) but it does not exist`);
  const found = await hashFile(file);
  if (found.size !== expected.size || found.sha256 !== expected.sha256) {
    throw corrupt(file, `it differs from what ${MANIFEST} records (${found.size} bytes, expected ${expected.size}; SHA-256 mismatch: truncated, damaged or replaced)`);
  }
  return readTable(file);
}

async function readTable(file: string): Promise<Table> {
  try {
    return readParquet(await fsp.readFile(file), {}, file);
  } catch (e) {
    throw corrupt(file, `it does not decode: ${(e as Error).message}`, e);
  }
}

function expectColumn(table: Table, name: string, file: string, check: (t: DataType) => boolean, what: string): Vector {
  const v = table.getChild(name);
  if (v === null || !check(v.type)) throw corrupt(file, `its column '${name}' is ${v === null ? 'missing' : `of type ${v.type}`} (expected ${what})`);
  return v;
}

/**
 * Loads a graph saved by {@link saveGraph}, or a folder holding an `edges.parquet` edge list written by another tool
 * (columns src/source/from and dst/target/to, optional weight and type) with an optional `nodes.parquet` (id column).
 * @param factory - the Graph class
 * @param dir - the folder
 * @param options - `directed`, for a folder without graph.json
 * @returns the graph
 * @throws GraphNotFoundError for a missing folder or file; CorruptGraphError for a file that does not match the
 *   manifest, does not decode, or has wrong columns
 */
export async function loadGraph(factory: GraphFactory, dir: string, options?: LoadOptions): Promise<Graph> {
  const opts = expectOptions<LoadOptions>(options, 'options', { directed: true });
  expectString(dir, 'dir');
  if (opts.directed !== undefined) expectBoolean(opts.directed, 'options.directed');
  const st = await fsp.stat(dir).catch(() => undefined);
  if (st === undefined) throw new GraphNotFoundError(`Expected a graph folder at ${dir} but there is none`);
  if (!st.isDirectory()) throw new GraphNotFoundError(`Expected a graph folder at ${dir} but it is a file`);
  await recover(dir);
  const manifestFile = path.join(dir, MANIFEST);
  if (!(await exists(manifestFile))) return loadForeign(factory, dir, opts.directed ?? true);
  const manifest = parseManifest(await fsp.readFile(manifestFile, 'utf8'), manifestFile);
  const [nodes, edges] = await Promise.all(DATA_FILES.map((f) => readChecked(dir, f, manifest.files[f])));
  const nodesFile = path.join(dir, 'nodes.parquet');
  const edgesFile = path.join(dir, 'edges.parquet');
  if (nodes.numRows !== manifest.numNodes) throw corrupt(nodesFile, `it has ${nodes.numRows} rows and ${MANIFEST} says ${manifest.numNodes}`);
  if (edges.numRows !== manifest.numEdges) throw corrupt(edgesFile, `it has ${edges.numRows} rows and ${MANIFEST} says ${manifest.numEdges}`);
  expectColumn(nodes, 'id', nodesFile, (t) => DataType.isUtf8(t) || DataType.isInt(t), 'strings or integers');
  const int32 = (t: DataType) => DataType.isInt(t) && t.bitWidth === 32;
  expectColumn(edges, 'src', edgesFile, int32, 'Int32');
  expectColumn(edges, 'dst', edgesFile, int32, 'Int32');
  if (manifest.weighted) expectColumn(edges, 'weight', edgesFile, DataType.isFloat, 'Float64');
  try {
    return factory.fromTable(edges, { src: 'src', dst: 'dst', weight: manifest.weighted ? 'weight' : undefined, type: 'type', directed: manifest.directed, endpoints: 'rows' }, { table: nodes, id: 'id', label: 'label' });
  } catch (e) {
    if ((e as { code?: string }).code === 'ERR_TRUENO_GRAPH_RANGE' || (e as { code?: string }).code === 'ERR_TRUENO_GRAPH_TYPE') {
      throw corrupt(path.join(dir, 'edges.parquet'), `its values do not form a graph: ${(e as Error).message}`, e);
    }
    throw e;
  }
}

async function loadForeign(factory: GraphFactory, dir: string, directed: boolean): Promise<Graph> {
  const edgesFile = path.join(dir, 'edges.parquet');
  if (!(await exists(edgesFile))) throw new GraphNotFoundError(`Expected a graph folder (${MANIFEST}, or at least edges.parquet) at ${dir} but it has neither`);
  const edges = await readTable(edgesFile);
  const nodesFile = path.join(dir, 'nodes.parquet');
  const nodes = (await exists(nodesFile)) ? await readTable(nodesFile) : undefined;
  const { src, dst } = endpointColumns(edges, edgesFile);
  const has = (n: string) => edges.getChild(n) !== null;
  return factory.fromTable(edges, { src, dst, weight: has('weight') ? 'weight' : undefined, type: has('type') ? 'type' : undefined, directed }, nodes);
}
