/**
 * The module import graph of a JavaScript / TypeScript source tree: one node per source file (label 'Module', id its
 * path relative to the tree, with '/'), one edge per module it imports: type 'IMPORTS', or 'IMPORTS_TYPE' when every
 * import of that module is erased at compile time (so runtime cycles can be told from type-only ones). Imports that
 * lead nowhere become 'Unresolved' nodes (nothing is dropped silently); packages become 'Package' nodes on request.
 */
import { promises as fsp, statSync } from 'node:fs';
import * as path from 'node:path';
import { validators } from '../../common/validate';
import { argumentError, describe, typeError } from '../errors';
import { Graph } from '../graph';
import { GraphNotFoundError } from '../store-errors';
import { typescript, type ImportKind } from './module-imports';
import { parseSource, type FileImports } from './parse-files';
import { parseInWorkers } from './parse-pool';
import { resolveSpecifier, SOURCE_EXTENSIONS } from './resolve';

const { expectOptions, expectString, expectBoolean } = validators(argumentError);

/** Options of {@link importGraph}. */
export interface ImportGraphOptions {
  /** Add a 'Package' node per imported package (bare specifiers, node: builtins) and edges to them (default false). */
  packages?: boolean;
  /** Skip files and folders whose tree-relative path matches (node_modules and dot folders are always skipped). */
  exclude?: RegExp;
}

/** Files read at once. */
const CONCURRENCY = 32;

function isSource(name: string): boolean {
  return SOURCE_EXTENSIONS.some((e) => name.endsWith(e)) && !/\.d\.[cm]?ts$/.test(name);
}

/** Every source file under `dir`, absolute, sorted. */
async function sourceFiles(dir: string, exclude: RegExp | undefined): Promise<string[]> {
  const out: string[] = [];
  const walk = async (folder: string): Promise<void> => {
    const entries = await fsp.readdir(folder, { withFileTypes: true });
    for (const entry of entries) {
      const full = path.join(folder, entry.name);
      if (exclude?.test(path.relative(dir, full).split(path.sep).join('/'))) continue;
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && !entry.name.startsWith('.')) await walk(full);
      } else if (entry.isFile() && isSource(entry.name)) {
        out.push(full);
      }
    }
  };
  await walk(dir);
  return out.sort();
}

/** The checked arguments and the tree's source files. */
async function treeOf(dir: string, options: ImportGraphOptions | undefined): Promise<{ root: string; packages: boolean; files: string[] }> {
  const opts = expectOptions<ImportGraphOptions>(options, 'options', { packages: true, exclude: true });
  const packages = opts.packages === undefined ? false : expectBoolean(opts.packages, 'options.packages');
  if (opts.exclude !== undefined && !(opts.exclude instanceof RegExp)) throw typeError(`Expected a RegExp for options.exclude but received ${describe(opts.exclude)}`);
  expectString(dir, 'dir');
  const root = path.resolve(dir);
  const st = await fsp.stat(root).catch(() => undefined);
  if (st === undefined || !st.isDirectory()) throw new GraphNotFoundError(`Expected a source folder at ${dir} but ${st === undefined ? 'there is none' : 'it is a file'}`);
  typescript();
  return { root, packages, files: await sourceFiles(root, opts.exclude) };
}

/** The graph of the parsed files (see the module comment). */
function graphOf(root: string, files: string[], parsed: FileImports[], packages: boolean): Graph {
  const known = new Set(files);
  const exists = (f: string) => known.has(f) || statSync(f, { throwIfNoEntry: false })?.isFile() === true;
  const rel = (f: string) => path.relative(root, f).split(path.sep).join('/');
  const g = new Graph({ directed: true });
  for (const { file, entry } of parsed) g.addNode(rel(file), { label: 'Module', properties: { entry } });
  for (const { file, imports } of parsed) {
    // one edge per imported module: runtime when any import of it is, with the first kind and specifier that named it
    const targets = new Map<string, { label: string; kind: ImportKind; specifier: string; typeOnly: boolean }>();
    for (const { specifier, kind, typeOnly } of imports) {
      const r = resolveSpecifier(file, specifier, exists);
      if (r.kind === 'package' && !packages) continue;
      const id = r.kind === 'package' ? r.name : rel(r.file);
      const label = r.kind === 'package' ? 'Package' : r.kind === 'unresolved' ? 'Unresolved' : known.has(r.file) ? 'Module' : 'File';
      const seen = targets.get(id);
      if (seen === undefined) targets.set(id, { label, kind, specifier, typeOnly });
      else seen.typeOnly &&= typeOnly;
    }
    for (const [id, t] of targets) {
      if (!g.hasNode(id)) g.addNode(id, { label: t.label, properties: { entry: false } });
      g.addEdge(rel(file), id, { type: t.typeOnly ? 'IMPORTS_TYPE' : 'IMPORTS', properties: { kind: t.kind, specifier: t.specifier } });
    }
  }
  return g;
}

/**
 * Builds the module import graph of a source tree (see the module comment), parsing on the calling thread (files
 * are read asynchronously; {@link importGraphAsync} parses on worker threads too). Node properties: `entry` (the
 * file starts with a '#!' line: an executable). Edge properties: `kind` (import, export, require, dynamic,
 * import-equals: the first that named the module) and `specifier` (as written).
 * @param dir - the tree's root folder
 * @param options - `packages`, `exclude`
 * @returns the graph
 * @throws GraphNotFoundError for a missing folder; GraphError `ERR_TRUENO_GRAPH_NO_PARSER` without the typescript
 *   package; TypeError for bad options
 * @example
 * const g = await importGraph('./src');
 * console.log(circularDependencies(g, { edgeType: 'IMPORTS' }));
 */
export async function importGraph(dir: string, options?: ImportGraphOptions): Promise<Graph> {
  const { root, packages, files } = await treeOf(dir, options);
  const parsed: FileImports[] = [];
  for (let i = 0; i < files.length; i += CONCURRENCY) {
    parsed.push(...await Promise.all(files.slice(i, i + CONCURRENCY).map(async (file) => parseSource(file, await fsp.readFile(file, 'utf8')))));
  }
  return graphOf(root, files, parsed, packages);
}

/**
 * {@link importGraph} with the reading and parsing on worker threads (one per core, at most 4): the event loop stays
 * free while a large tree is parsed (about 3.5 s of CPU on this repository). The same graph as importGraph.
 * @param dir - the tree's root folder
 * @param options - `packages`, `exclude`
 * @returns the graph
 * @throws as importGraph; a file that cannot be read rejects with its fs error (code kept)
 * @example
 * const g = await importGraphAsync('./src', { packages: true });
 * console.log(godNodes(g));
 */
export async function importGraphAsync(dir: string, options?: ImportGraphOptions): Promise<Graph> {
  const { root, packages, files } = await treeOf(dir, options);
  return graphOf(root, files, await parseInWorkers(files), packages);
}
