"""igraph and networkit baselines of `npm run bench -- graph` (driven by bench/_baselines.ts, not run by hand).

Rebuilds WORKLOADS.md's graph (100k nodes, 1M candidate edges, self-loops and repeats dropped, directed) bit-exactly,
prints the checksums of src and dst, then times one case per stdin line "<case>:<library> <threads>" with the method
of bench/_stats.ts. Cases: csr_build (the graph object from the numpy edge list, both adjacency indexes), louvain
(community_multilevel / PLM without refinement on the graph made undirected, run once), pagerank
(damping 0.85; igraph: PRPACK, an exact solve; networkit: power iteration, L1 norm, tol 1e-10), bfs (from node 0
along out-edges, distances), scc and wcc; igraph only: betweenness (from the --bc-sources ids) and clustering (local
clustering of every node, mode "zero"). A reply carries a digest of the answer ("quality") so a fast wrong answer
shows; csr_build's carries the resident-memory growth per edge of the graph object.
"""
import json
import os
import sys

import numpy as np

import workloads as w


def graph_workload(scale):
    n, m0 = round(100_000 * scale), round(1_000_000 * scale)
    src = np.floor(n * w.uniform(70, m0)).astype(np.int64)
    dst = np.floor(n * w.uniform(71, m0)).astype(np.int64)
    keep = src != dst
    src, dst = src[keep], dst[keep]
    _, first = np.unique(src * n + dst, return_index=True)
    first.sort()
    return n, src[first].astype(np.int32), dst[first].astype(np.int32)


def rss():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def main(argv):
    w.selftest()
    scale = float(argv[argv.index("--scale") + 1]) if "--scale" in argv else 1.0
    threads = int(argv[argv.index("--threads") + 1]) if "--threads" in argv else 2
    bc_sources = [int(x) for x in argv[argv.index("--bc-sources") + 1].split(",")] if "--bc-sources" in argv else [0]
    import igraph as ig
    import networkit as nk

    nk.setNumberOfThreads(threads)
    n, src, dst = graph_workload(scale)
    m = len(src)
    print(json.dumps({"label": f"igraph {ig.__version__}", "checksums": {"graphSrc": w.checksum(src), "graphDst": w.checksum(dst)}}), flush=True)
    edges = np.stack([src, dst], axis=1)

    def ig_build():
        return ig.Graph(n=n, edges=edges, directed=True)

    def nk_build():
        return nk.GraphFromCoo((np.ones(m), (src.astype(np.uint64), dst.astype(np.uint64))), n=n, directed=True, weighted=False)

    before = rss()
    gi = ig_build()
    ig_bytes = rss() - before
    before = rss()
    gk = nk_build()
    gk.indexEdges()
    nk_bytes = rss() - before

    def nk_pagerank():
        pr = nk.centrality.PageRank(gk, damp=0.85, tol=1e-10, normalized=True, distributeSinks=nk.centrality.SinkHandling.DistributeSinks)
        pr.norm = nk.centrality.Norm.L1_NORM
        pr.run()
        return pr.scores()

    def nk_bfs():
        b = nk.distance.BFS(gk, 0, storePaths=False)
        b.run()
        return b.getDistances()

    def nk_scc():
        c = nk.components.StronglyConnectedComponents(gk)
        c.run()
        return c

    def nk_wcc():
        c = nk.components.WeaklyConnectedComponents(gk)
        c.run()
        return c

    gi_undirected = ig.Graph(n=n, edges=edges, directed=False)
    gk_undirected = nk.graphtools.toUndirected(gk)

    def nk_louvain():
        plm = nk.community.PLM(gk_undirected, refine=False, gamma=1.0)
        plm.run()
        p = plm.getPartition()
        return nk.community.Modularity().getQuality(p, gk_undirected), p.numberOfSubsets()

    def reached(d):
        return float(sum(1 for x in d if x < 1e300 and x == x))

    cases = {
        "csr_build:igraph": (ig_build, lambda r: {"edges": float(r.ecount()), "bytes_per_edge": ig_bytes / m}),
        "csr_build:networkit": (nk_build, lambda r: {"edges": float(r.numberOfEdges()), "bytes_per_edge": nk_bytes / m}),
        "pagerank:igraph": (lambda: gi.pagerank(damping=0.85, directed=True), lambda r: {"max": max(r), "node0": r[0]}),
        "pagerank:networkit": (nk_pagerank, lambda r: {"max": max(r) / sum(r), "node0": r[0] / sum(r)}),
        "bfs:igraph": (lambda: gi.bfs(0, mode="out"), lambda r: {"reached": float(len(r[0])), "depth": float(len(r[1]) - 2)}),
        "bfs:networkit": (nk_bfs, lambda r: {"reached": reached(r), "depth": max(x for x in r if x < 1e300)}),
        "scc:igraph": (lambda: gi.connected_components(mode="strong"), lambda r: {"count": float(len(r)), "largest": float(max(r.sizes()))}),
        "scc:networkit": (nk_scc, lambda r: {"count": float(r.numberOfComponents()), "largest": float(max(r.getComponentSizes().values()))}),
        "wcc:igraph": (lambda: gi.connected_components(mode="weak"), lambda r: {"count": float(len(r)), "largest": float(max(r.sizes()))}),
        "wcc:networkit": (nk_wcc, lambda r: {"count": float(r.numberOfComponents()), "largest": float(max(r.getComponentSizes().values()))}),
        "betweenness:igraph": (lambda: gi.betweenness(sources=bc_sources), lambda r: {"max": max(r), "sum": sum(r)}),
        "clustering:igraph": (lambda: gi.transitivity_local_undirected(mode="zero"), lambda r: {"average": sum(r) / len(r)}),
        "louvain:igraph": (lambda: gi_undirected.community_multilevel(), lambda r: {"modularity": r.modularity, "count": float(len(r))}),
        "louvain:networkit": (nk_louvain, lambda r: {"modularity": r[0], "count": float(r[1])}),
    }
    for line in sys.stdin:
        name, _threads = line.split()
        fn, quality = cases[name]
        last = {}

        def timed():
            last["r"] = fn()

        # Louvain runs once (igraph takes minutes on the full graph)
        once = name.startswith("louvain:")
        median = w.measure(timed, warmup=0 if once else 1, max_reps=1 if once else 10, budget_s=2.0, min_reps=1 if once else 3)
        library = name.split(":")[1]
        version = ig.__version__ if library == "igraph" else nk.__version__
        print(json.dumps({"name": name, "threads": threads, "median_s": median, "kernel": "", "label": f"{library} {version}",
                          "quality": quality(last["r"])}), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
