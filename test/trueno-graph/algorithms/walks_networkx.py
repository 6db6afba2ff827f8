"""Writes walks-networkx.json: for the graphs of graphs_networkx.py, what networkx and igraph give for DFS (preorder
and postorder, neighbours in id order), k-hop neighbourhoods and betweenness from a subset of sources (igraph's
betweenness(sources=...), the sum a sampled betweenness scales), checked by walks.test.ts on every backend.

Run with the baseline Python (networkx 3.6, python-igraph 1.0):
  $SOVEREIGN_PYTHON test/trueno-graph/algorithms/walks_networkx.py > test/trueno-graph/algorithms/walks-networkx.json
"""
import json
from pathlib import Path

import igraph as ig
import networkx as nx


def sorted_copy(h):
    """The graph with each node's neighbours inserted in id order, so networkx walks them as trueno-graph's CSR."""
    s = nx.DiGraph() if h.is_directed() else nx.Graph()
    s.add_nodes_from(range(h.number_of_nodes()))
    for u in range(h.number_of_nodes()):
        for v in sorted(h.adj[u]):
            s.add_edge(u, v, **h.adj[u][v])
    return s


def case(c):
    n, directed, weighted = c["n"], c["directed"], c["weights"] is not None
    h = nx.DiGraph() if directed else nx.Graph()
    h.add_nodes_from(range(n))
    for i, (u, v) in enumerate(zip(c["src"], c["dst"])):
        h.add_edge(u, v, weight=c["weights"][i] if weighted else 1.0)
    s = sorted_copy(h)
    out = {"name": c["name"]}
    out["dfsPreorder"] = list(nx.dfs_preorder_nodes(s, 0))
    out["dfsPostorder"] = list(nx.dfs_postorder_nodes(s, 0))
    rev = s.reverse() if directed else s
    out["dfsPreorderIn"] = list(nx.dfs_preorder_nodes(sorted_copy(rev), 0))
    out["kHop2"] = sorted(v for v, d in nx.single_source_shortest_path_length(h, 0, cutoff=2).items() if d > 0)
    out["kHop3In"] = sorted(v for v, d in nx.single_source_shortest_path_length(rev, 0, cutoff=3).items() if d > 0)
    sources = list(range(0, n, 3))
    g = ig.Graph(n=n, edges=list(zip(c["src"], c["dst"])), directed=directed)
    if weighted:
        g.es["weight"] = c["weights"]
    out["subsetSources"] = sources
    out["betweennessSubset"] = g.betweenness(sources=sources, weights="weight" if weighted else None)
    return out


def main():
    here = Path(__file__).parent
    graphs = json.loads((here / "graphs-networkx.json").read_text())["cases"]
    print(json.dumps({"networkx": nx.__version__, "igraph": ig.__version__, "cases": [case(c) for c in graphs]}))


main()
