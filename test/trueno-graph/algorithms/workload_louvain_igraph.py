"""igraph's Louvain (community_multilevel) on WORKLOADS.md's graph at a scale (default 0.1: 10k nodes, 100k candidate
edges; the full graph takes igraph minutes), made undirected, for workload-louvain.test.ts: the edge-list checksums
and the modularity of three seeded runs."""
import json
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "..", "bench", "_python"))
import igraph as ig  # noqa: E402
import workloads as w  # noqa: E402
from graph import graph_workload  # noqa: E402

n, src, dst = graph_workload(float(sys.argv[1]) if len(sys.argv) > 1 else 0.1)
g = ig.Graph(n=n, edges=list(zip(src.tolist(), dst.tolist())), directed=False)
runs = []
for seed in range(3):
    random.seed(seed)
    ig.set_random_number_generator(random)
    runs.append(g.community_multilevel().modularity)
print(json.dumps({"checksums": [w.checksum(src), w.checksum(dst)], "modularity": runs}))
