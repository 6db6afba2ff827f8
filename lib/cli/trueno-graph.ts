#!/usr/bin/env node
/**
 * `trueno-graph`: the graph database from the command line. Import an edge-list file (Parquet, Arrow IPC, CSV, JSON)
 * into a graph folder (nodes.parquet + edges.parquet + graph.json, which pyarrow, DuckDB and igraph read), print its
 * statistics, PageRank, a shortest path and its components, and analyze the import graph of a JS/TS source tree
 * (circular imports, dead modules, hubs). Exit codes are listed in `trueno-graph --help`
 * (lib/cli/trueno-graph/exit-codes.ts).
 */
// every Tensor method's op, for the Tensors this entry hands out (tensor-ops.ts)
import '../trueno/tensor-ops';
import { Option } from 'commander';
import { FORMATS, type Format } from '../alimentar/formats/detect';
import { renderTable, toJson } from '../common/format';
import { Graph } from '../trueno-graph/graph';
import type { NodeId } from '../trueno-graph/ids';
import { EXIT } from './shared/exit-codes';
import { createProgram, runProgram, usageError, wantsJson, type CliIo } from './shared/program';
import { analysisText, analyzeTree } from './trueno-graph/analyze';
import { CLI_CODES, CliError } from './trueno-graph/errors';
import { EXIT_HELP, exitCodeOf } from './trueno-graph/exit-codes';

export type { CliIo } from './shared/program';

const EXAMPLES = `Examples:
  trueno-graph import edges.parquet ./karate --undirected
  trueno-graph stats ./karate
  trueno-graph pagerank ./karate --top 5
  trueno-graph path ./karate 0 33
  trueno-graph components ./karate --strong
  trueno-graph analyze ./src --root cli.ts`;

/** The parser of a positive integer option. */
function positiveInt(option: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isSafeInteger(n) || n < 1) throw usageError(`Expected a positive integer for ${option} but received '${value}'`);
    return n;
  };
}

/** The parser of a number in (0, 1). */
function fraction(option: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (value.trim() === '' || !(n > 0 && n < 1)) throw usageError(`Expected a number in (0, 1) for ${option} but received '${value}'`);
    return n;
  };
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** A node id from the command line: an integer for a graph whose ids are integers, else the text itself. */
function nodeArg(g: Graph, text: string, name: string): NodeId {
  if (g.idKind !== 'number') return text;
  const n = Number(text);
  if (text.trim() === '' || !Number.isSafeInteger(n)) throw usageError(`Expected an integer node id for ${name} (this graph's ids are integers) but received '${text}'`);
  return n;
}

/**
 * Runs the CLI.
 * @param argv - the arguments after `node trueno-graph`
 * @param io - streams (default the process's)
 * @returns the exit code
 * @example
 * process.exitCode = await main(['pagerank', './karate', '--top', '5', '--json']);
 */
export async function main(argv: string[], io: CliIo = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  const program = createProgram('trueno-graph', 'A graph database: graph folders of Parquet files, graph algorithms, import analysis of JS/TS trees', EXIT_HELP, io);
  program.addHelpText('after', `\n${EXAMPLES}`);
  const out = (text: string) => io.stdout.write(text.endsWith('\n') ? text : text + '\n');
  const emit = (value: unknown, text: () => string) => out(wantsJson(program) ? toJson(value) : text());

  program.command('import <file> <graph>')
    .description('read an edge-list file (Parquet, Arrow IPC, CSV/TSV, JSON) into a graph folder, replacing the graph there')
    .option('--src <column>', 'the source column (default: src, source or from)')
    .option('--dst <column>', 'the target column (default: dst, target or to)')
    .option('--weight <column>', "the weight column (default: 'weight' when present)")
    .option('--type <column>', "the edge type column (default: 'type' when present)")
    .option('--undirected', 'edges have no direction')
    .addOption(new Option('--format <format>', "the file's format (default: from the extension, else the content)").choices(FORMATS as string[]))
    .action(async (file: string, dir: string, opts: { src?: string; dst?: string; weight?: string; type?: string; undirected?: boolean; format?: Format }) => {
      const g = await Graph.readEdgeList(file, { src: opts.src, dst: opts.dst, weight: opts.weight, type: opts.type, directed: !opts.undirected, format: opts.format })
        .catch((e: { code?: string; message?: string }) => {
          // the library's argument errors here are about the file's columns and values: a data error of the file
          if (e?.code !== 'ERR_TRUENO_GRAPH_TYPE' && e?.code !== 'ERR_TRUENO_GRAPH_RANGE') throw e;
          throw new CliError(`${file} is not an edge list: ${e.message}`, CLI_CODES.BAD_EDGE_LIST, { cause: e });
        });
      await g.save(dir);
      emit({ graph: dir, file, nodes: g.numNodes, edges: g.numEdges, directed: g.directed, weighted: g.weighted },
        () => `imported ${g.numNodes} nodes and ${g.numEdges} edges from ${file} into ${dir}`);
    });

  program.command('stats <graph>').description('nodes, edges, labels and types, degrees, self-loops and weak components').action(async (dir: string) => {
    const g = await Graph.load(dir);
    const d = g.degreeStats();
    const p = g.internals();
    let selfLoops = 0;
    for (let e = 0, src = p.src.view(), dst = p.dst.view(); e < g.numEdges; e++) if (src[e] === dst[e]) selfLoops++;
    const components = g.numNodes === 0 ? 0 : g.connectedComponents().count;
    const stats = {
      nodes: g.numNodes, edges: g.numEdges, directed: g.directed, weighted: g.weighted, nodeLabels: g.nodeLabels, edgeTypes: g.edgeTypes,
      selfLoops, weakComponents: components,
      degree: { min: d.min, max: d.max, mean: d.mean, median: d.median, maxNode: d.argmax < 0 ? null : g.externalId(d.argmax) },
    };
    emit(stats, () => renderTable(['statistic', 'value'], [
      ['nodes', String(g.numNodes)], ['edges', String(g.numEdges)], ['directed', String(g.directed)], ['weighted', String(g.weighted)],
      ['node labels', g.nodeLabels.join(', ') || '-'], ['edge types', g.edgeTypes.join(', ') || '-'], ['self-loops', String(selfLoops)],
      ['weak components', String(components)],
      ['degree min / median / mean / max', g.numNodes === 0 ? '-' : `${d.min} / ${d.median} / ${d.mean.toFixed(3)} / ${d.max} (${String(stats.degree.maxNode)})`],
    ]));
  });

  program.command('pagerank <graph>').description('the nodes of highest PageRank')
    .option('--top <n>', 'how many nodes', positiveInt('--top'), 20)
    .option('--damping <d>', 'the damping factor', fraction('--damping'), 0.85)
    .action(async (dir: string, opts: { top: number; damping: number }) => {
      const g = await Graph.load(dir);
      const ranks = await g.pagerankAsync({ damping: opts.damping });
      const order = Array.from(ranks.keys()).sort((a, b) => ranks[b] - ranks[a] || a - b).slice(0, opts.top);
      const rows = order.map((v, i) => ({ rank: i + 1, id: g.externalId(v), pagerank: ranks[v] }));
      emit(rows, () => renderTable(['rank', 'id', 'pagerank'], rows.map((r) => [String(r.rank), String(r.id), r.pagerank.toFixed(6)])));
    });

  program.command('path <graph> <from> <to>').description('one shortest path (by weight when the graph has weights, else by hops)')
    .option('--hops', 'count hops even when the graph has weights')
    .action(async (dir: string, fromText: string, toText: string, opts: { hops?: boolean }) => {
      const g = await Graph.load(dir);
      const from = nodeArg(g, fromText, '<from>');
      const to = nodeArg(g, toText, '<to>');
      const { distance, path } = g.shortestPath(from, to, { weighted: opts.hops ? false : g.weighted });
      if (path.length === 0) throw new CliError(`Expected a path from ${fromText} to ${toText} but there is none`, CLI_CODES.NO_PATH);
      const nodes = g.externalIds(path);
      emit({ from, to, distance, path: nodes }, () => `${nodes.join(' -> ')}  (distance ${distance})`);
    });

  program.command('components <graph>').description('connected components (weak; --strong for strongly connected), largest first')
    .option('--strong', 'strongly connected components')
    .option('--top <n>', 'how many components to list', positiveInt('--top'), 10)
    .action(async (dir: string, opts: { strong?: boolean; top: number }) => {
      const g = await Graph.load(dir);
      const c = opts.strong ? await g.stronglyConnectedComponentsAsync() : await g.connectedComponentsAsync();
      const first = new Int32Array(c.count).fill(-1);
      for (let v = c.labels.length - 1; v >= 0; v--) first[c.labels[v]] = v;
      const list = Array.from(c.sizes.keys()).sort((a, b) => c.sizes[b] - c.sizes[a] || a - b).slice(0, opts.top)
        .map((k) => ({ component: k, size: c.sizes[k], example: g.externalId(first[k]) }));
      emit({ kind: opts.strong ? 'strong' : 'weak', count: c.count, largest: list }, () => `${c.count} ${opts.strong ? 'strongly' : 'weakly'} connected components\n`
        + renderTable(['component', 'size', 'example node'], list.map((r) => [String(r.component), String(r.size), String(r.example)])));
    });

  program.command('analyze <src-dir>').description('the import graph of a JS/TS source tree: circular imports, dead modules, hubs')
    .option('--root <file>', 'an entry point (repeatable; default: top-level index files and #! scripts)', collect, [])
    .option('--include-types', 'count type-only imports in cycles')
    .option('--top <n>', 'most hubs listed', positiveInt('--top'), 20)
    .action(async (dir: string, opts: { root: string[]; includeTypes?: boolean; top: number }) => {
      const analysis = await analyzeTree(dir, { roots: opts.root, includeTypes: opts.includeTypes === true });
      emit(analysis, () => analysisText(analysis, opts.top));
    });

  return runProgram(program, argv, io, exitCodeOf, 'ERR_TRUENO_GRAPH_INTERNAL');
}

if (require.main === module) {
  // `trueno-graph ... | head` closes stdout early: stop quietly instead of reporting EPIPE as a crash
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? EXIT.OK);
    throw err;
  });
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
