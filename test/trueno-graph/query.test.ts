import { Graph } from '../../lib/trueno-graph';

/** main -> parse -> lex -> util, main -> log, parse -> parse (recursion), Module nodes imported by functions. */
function callGraph(): Graph {
  const g = new Graph();
  for (const [id, exported, lines] of [['main', true, 10], ['parse', true, 200], ['lex', false, 90], ['util', false, 5], ['log', true, 20]] as const) {
    g.addNode(id, { label: 'Function', properties: { exported, lines } });
  }
  g.addNode('fs', { label: 'Module', properties: { builtin: true } });
  g.addEdge('main', 'parse', { type: 'CALLS' });
  g.addEdge('parse', 'lex', { type: 'CALLS' });
  g.addEdge('lex', 'util', { type: 'CALLS' });
  g.addEdge('main', 'log', { type: 'CALLS' });
  g.addEdge('parse', 'parse', { type: 'CALLS' });
  g.addEdge('log', 'fs', { type: 'IMPORTS' });
  return g;
}

describe('g.nodes() selection', () => {
  const g = callGraph();

  it('selects every node, by label, by property value or test, by ids', () => {
    expect(g.nodes().count()).toBe(6);
    expect(g.nodes({ label: 'Module' }).externalIds()).toEqual(['fs']);
    expect(g.nodes({ label: ['Module', 'Function'] }).count()).toBe(6);
    expect(g.nodes({ label: 'Class' }).count()).toBe(0);
    expect(g.nodes({ label: 'Function', where: { exported: true } }).externalIds()).toEqual(['main', 'parse', 'log']);
    expect(g.nodes({ where: { lines: (n) => (n as number) > 50 } }).externalIds()).toEqual(['parse', 'lex']);
    expect(g.nodes({ where: (node) => node.id.toString().startsWith('l') }).externalIds()).toEqual(['lex', 'log']);
    expect(g.nodes({ ids: ['util', 'main'] }).ids()).toEqual(Int32Array.of(0, 3));
  });

  it('refuses malformed selectors and unknown ids', () => {
    expect(() => g.nodes('Function' as never)).toThrow(/Expected a selector object \{ label, where, ids \} or a function for selector but received 'Function'/);
    expect(() => g.nodes({ label: 3 as never })).toThrow(/Expected a non-empty string or array of them for selector.label but received 3/);
    expect(() => g.nodes({ where: 'x' as never })).toThrow(TypeError);
    expect(() => g.nodes({ ids: ['nope'] })).toThrow(/Expected a node of the graph for id but received 'nope'/);
  });
});

describe('walks', () => {
  const g = callGraph();
  const main = () => g.nodes({ ids: ['main'] });

  it('follows out-edges of a type for k steps', () => {
    expect(main().out('CALLS').externalIds()).toEqual(['parse', 'log']);
    expect(main().out('CALLS', { depth: 2 }).externalIds()).toEqual(['parse', 'lex', 'log']);
    expect(main().out('CALLS', { depth: Infinity }).externalIds()).toEqual(['parse', 'lex', 'util', 'log']);
    expect(main().out(null, { depth: Infinity }).externalIds()).toEqual(['parse', 'lex', 'util', 'log', 'fs']);
    expect(main().out(['CALLS', 'IMPORTS'], { depth: 2 }).externalIds()).toEqual(['parse', 'lex', 'log', 'fs']);
    expect(main().out('NOT_A_TYPE').count()).toBe(0);
  });

  it('includes a start node only when a walk reaches it again', () => {
    expect(g.nodes({ ids: ['parse'] }).out('CALLS').externalIds()).toEqual(['parse', 'lex']);
    expect(main().out('CALLS', { depth: 5 }).externalIds()).not.toContain('main');
  });

  it('walks in and both, and chains steps and filters', () => {
    expect(g.nodes({ ids: ['util'] }).in('CALLS', { depth: Infinity }).externalIds()).toEqual(['main', 'parse', 'lex']);
    expect(g.nodes({ ids: ['log'] }).both().externalIds()).toEqual(['main', 'fs']);
    const q = g.nodes({ label: 'Function', where: { exported: true } }).out('CALLS', { depth: 2 }).filter({ where: { exported: false } });
    expect(q.externalIds()).toEqual(['lex', 'util']);
    expect(q.filter((n) => n.properties.lines === 5).externalIds()).toEqual(['util']);
  });

  it('walks an undirected graph the same in every direction', () => {
    const u = Graph.fromEdges({ src: ['a', 'b'], dst: ['b', 'c'], directed: false });
    for (const step of ['out', 'in', 'both'] as const) expect(u.nodes({ ids: ['a'] })[step](null, { depth: 2 }).externalIds()).toEqual(['a', 'b', 'c']);
  });

  it('collects as rows and as an Arrow Table with the node columns', () => {
    const t = main().out('CALLS').toTable();
    expect(t.schema.fields.map((f) => f.name)).toEqual(['id', 'label', 'exported', 'lines', 'builtin']);
    expect(t.toArray().map((r) => r.toJSON())).toEqual([
      { id: 'parse', label: 'Function', exported: true, lines: 200, builtin: null },
      { id: 'log', label: 'Function', exported: true, lines: 20, builtin: null },
    ]);
    expect(main().rows()).toEqual([{ id: 'main', dense: 0, label: 'Function', properties: { exported: true, lines: 10, builtin: null } }]);
    expect(g.nodes({ label: 'Class' }).toTable().numRows).toBe(0);
  });

  it('refuses bad depths and types', () => {
    for (const depth of [0, -1, 1.5, NaN]) expect(() => main().out('CALLS', { depth })).toThrow(/Expected a positive integer or Infinity for options.depth/);
    expect(() => main().out('CALLS', { depth: '2' as never })).toThrow(TypeError);
    expect(() => main().out(5 as never)).toThrow(/for types but received 5/);
    expect(() => main().in('CALLS', 3 as never)).toThrow(/Expected an options object for options but received 3/);
  });
});
