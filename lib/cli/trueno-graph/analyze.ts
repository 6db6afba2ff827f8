/**
 * `trueno-graph analyze <src-dir>`: the import graph of a source tree and what is wrong with it — circular imports
 * (runtime ones; type-only imports are erased and cannot make a load-order cycle, unless --include-types), modules no
 * entry point reaches, and hub modules (degree outliers, the rule printed with them).
 */
import * as path from 'node:path';
import { circularDependencies, deadCode, godNodes, type Cycle, type GodNodes } from '../../trueno-graph/code/analysis';
import { importGraphAsync } from '../../trueno-graph/code/import-graph';
import type { Graph } from '../../trueno-graph/graph';
import type { NodeId } from '../../trueno-graph/ids';
import { usageError } from '../shared/program';

/** Options of {@link analyzeTree}. */
export interface AnalyzeOptions {
  /** Entry points (paths relative to the tree or absolute); default: top-level index files and '#!' scripts. */
  roots: string[];
  /** Count type-only imports in cycles. */
  includeTypes: boolean;
}

/** What analyze reports. */
export interface Analysis {
  modules: number;
  imports: number;
  roots: NodeId[];
  cycles: Cycle[];
  deadModules: NodeId[];
  hubs: GodNodes;
  unresolved: { module: NodeId; specifier: string }[];
}

/** The default entry points: index.* at the top of the tree, and every file starting with '#!'. */
function defaultRoots(g: Graph): NodeId[] {
  return g.nodes({ label: 'Module' }).filter((n) => n.properties.entry === true || /^index\.[cm]?[jt]sx?$/.test(String(n.id))).externalIds();
}

/**
 * Analyzes a source tree.
 * @param dir - the tree
 * @param options - roots, includeTypes
 * @returns the findings
 * @throws a usage error for a root that is not a module of the tree
 */
export async function analyzeTree(dir: string, options: AnalyzeOptions): Promise<Analysis> {
  const g = await importGraphAsync(dir);
  const roots = options.roots.length === 0 ? defaultRoots(g) : options.roots.map((r) => {
    const id = path.relative(path.resolve(dir), path.resolve(dir, r)).split(path.sep).join('/');
    if (!g.hasNode(id) || g.node(id).label !== 'Module') throw usageError(`Expected a source file of ${dir} for --root but received '${r}'`);
    return id;
  });
  const unresolved = [];
  for (let e = 0; e < g.numEdges; e++) {
    const edge = g.edge(e);
    if (g.node(edge.dst).label === 'Unresolved') unresolved.push({ module: edge.src, specifier: String(edge.properties.specifier) });
  }
  return {
    modules: g.nodes({ label: 'Module' }).count(),
    imports: g.numEdges,
    roots,
    cycles: circularDependencies(g, { edgeType: options.includeTypes ? null : 'IMPORTS' }),
    deadModules: deadCode(g, roots, { label: 'Module' }).externalIds(),
    hubs: godNodes(g),
    unresolved,
  };
}

/**
 * The findings as text.
 * @param a - the analysis
 * @param top - most hubs listed
 * @returns the report
 */
export function analysisText(a: Analysis, top: number): string {
  const lines = [`${a.modules} modules, ${a.imports} imports; entry points: ${a.roots.length === 0 ? '(none found: use --root)' : a.roots.join(', ')}`, ''];
  lines.push(`circular imports: ${a.cycles.length}`);
  for (const c of a.cycles) lines.push(`  ${c.nodes.length} modules: ${[...c.cycle, c.cycle[0]].join(' -> ')}`);
  lines.push('', `dead modules (no entry point reaches them): ${a.deadModules.length}`);
  for (const m of a.deadModules) lines.push(`  ${m}`);
  lines.push('', `hubs: ${a.hubs.nodes.length} (rule: ${a.hubs.rule})`);
  for (const h of a.hubs.nodes.slice(0, top)) lines.push(`  ${h.id}  degree ${h.degree}`);
  if (a.unresolved.length > 0) {
    lines.push('', `unresolved imports: ${a.unresolved.length}`);
    for (const u of a.unresolved) lines.push(`  ${u.module}: '${u.specifier}'`);
  }
  return lines.join('\n');
}
