"""igraph's answers on WORKLOADS.md's graph (100k nodes, 1M candidate edges, directed) for workload-walks.test.ts:
the edge-list checksums, triangles and clustering of its simple undirected view (local clustering with mode "zero",
transitivity, the triangle count), and betweenness from 16 sources (igraph's betweenness(sources=...), the sum a
sampled betweenness scales)."""
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "..", "bench", "_python"))
import igraph as ig  # noqa: E402
import workloads as w  # noqa: E402
from graph import graph_workload  # noqa: E402

n, src, dst = graph_workload(float(sys.argv[1]) if len(sys.argv) > 1 else 1.0)
g = ig.Graph(n=n, edges=list(zip(src.tolist(), dst.tolist())), directed=True)
u = g.as_undirected()
u.simplify()
sources = list(range(0, n, n // 16))[:16]
print(json.dumps({
    "checksums": [w.checksum(src), w.checksum(dst)],
    "triangles": len(u.list_triangles()),
    "local": u.transitivity_local_undirected(mode="zero"),
    "transitivity": u.transitivity_undirected(),
    "average": u.transitivity_avglocal_undirected(mode="zero"),
    "sources": sources,
    "betweenness": g.betweenness(sources=sources),
}))
