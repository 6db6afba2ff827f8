"""Writes graphs-networkx.json: standard graphs (edge lists) and what networkx / igraph compute on them, the truth
test/trueno-graph/algorithms/parity.test.ts checks trueno-graph's algorithms against.

Run with the baseline Python (networkx 3.6, python-igraph 1.0):
  $SOVEREIGN_PYTHON test/trueno-graph/algorithms/graphs_networkx.py > test/trueno-graph/algorithms/graphs-networkx.json

PageRank uses trueno-graph's stopping rule: networkx stops when sum |x' - x| < n * tol, so tol = TOL / n here stops
at the iteration where trueno-graph (sum |x' - x| < TOL) stops.
"""
import json
import random

import igraph as ig
import networkx as nx

TOL = 1e-10


def dense(g):
    """The graph relabelled 0..n-1 in node order, and the edge arrays in edge order."""
    index = {v: i for i, v in enumerate(g.nodes())}
    edges = list(g.edges(data=True))
    src = [index[u] for u, _, _ in edges]
    dst = [index[v] for _, v, _ in edges]
    w = [float(d.get("weight", 1.0)) for _, _, d in edges]
    h = nx.DiGraph() if g.is_directed() else nx.Graph()
    h.add_nodes_from(range(len(index)))
    for s, t, x in zip(src, dst, w):
        h.add_edge(s, t, weight=x)
    return h, src, dst, w


def partition(labels_sets):
    return sorted(sorted(c) for c in labels_sets)


def case(name, g, weighted, sources=(0,)):
    h, src, dst, w = dense(g)
    n = h.number_of_nodes()
    weight = "weight" if weighted else None
    out = {"name": name, "directed": h.is_directed(), "n": n, "src": src, "dst": dst, "weights": w if weighted else None}
    out["tol"] = TOL
    out["pagerank"] = [nx.pagerank(h, alpha=0.85, tol=TOL / n, max_iter=10000, weight=weight)[v] for v in range(n)]
    pers = {v: (1.0 if v % 3 == 0 else 0.0) for v in range(n)}
    out["personalization"] = [pers[v] for v in range(n)]
    out["pagerankPersonalized"] = [nx.pagerank(h, alpha=0.9, personalization=pers, tol=TOL / n, max_iter=10000, weight=weight)[v] for v in range(n)]
    out["bfs"] = {str(s): [nx.single_source_shortest_path_length(h, s).get(v, -1) for v in range(n)] for s in sources}
    if weighted:
        out["dijkstra"] = {str(s): [nx.single_source_dijkstra_path_length(h, s, weight="weight").get(v, None) for v in range(n)] for s in sources}
    und = h.to_undirected() if h.is_directed() else h
    out["wcc"] = partition(nx.weakly_connected_components(h) if h.is_directed() else nx.connected_components(h))
    out["scc"] = partition(nx.strongly_connected_components(h)) if h.is_directed() else out["wcc"]
    out["betweenness"] = [nx.betweenness_centrality(h, normalized=True, weight=weight)[v] for v in range(n)]
    out["betweennessRaw"] = [nx.betweenness_centrality(h, normalized=False, weight=weight)[v] for v in range(n)]
    simple = nx.Graph(und)
    simple.remove_edges_from(nx.selfloop_edges(simple))
    tri = nx.triangles(simple)
    out["triangles"] = [tri[v] for v in range(n)]
    cl = nx.clustering(simple)
    out["clustering"] = [cl[v] for v in range(n)]
    out["averageClustering"] = nx.average_clustering(simple)
    out["transitivity"] = nx.transitivity(simple)
    mst = nx.minimum_spanning_tree(nx.Graph(und) if not weighted else und, weight="weight", algorithm="kruskal")
    out["mstWeight"] = sum(d.get("weight", 1.0) for _, _, d in mst.edges(data=True)) if weighted else mst.number_of_edges()
    out["mstEdges"] = mst.number_of_edges()
    ug = ig.Graph(n=n, edges=list(zip(src, dst)), directed=False)
    if weighted:
        ug.es["weight"] = w
    cm = ug.community_multilevel(weights="weight" if weighted else None, resolution=1)
    out["louvainIgraph"] = cm.modularity
    out["louvainNetworkx"] = nx.community.modularity(und, nx.community.louvain_communities(und, weight=weight, seed=1), weight=weight)
    return out


def random_directed(n, m, seed):
    rnd = random.Random(seed)
    g = nx.DiGraph()
    g.add_nodes_from(range(n))
    while g.number_of_edges() < m:
        u, v = rnd.randrange(n), rnd.randrange(n)
        if u != v:
            g.add_edge(u, v)
    return g


def main():
    karate = nx.karate_club_graph()
    for _, _, d in karate.edges(data=True):
        d.pop("weight", None)
    lesmis = nx.les_miserables_graph()
    cases = [
        case("karate", karate, False, sources=(0, 33)),
        case("lesmis", lesmis, True, sources=(0, 11)),
        case("florentine", nx.florentine_families_graph(), False),
        case("davis", nx.davis_southern_women_graph(), False),
        case("random-directed", random_directed(300, 900, 7), False, sources=(0, 5)),
    ]
    print(json.dumps({"networkx": nx.__version__, "igraph": ig.__version__, "cases": cases}))


main()
