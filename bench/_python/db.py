"""polars baseline of `npm run bench -- db` (driven by bench/_baselines.ts, not run by hand).

Rebuilds WORKLOADS.md's database table bit-exactly (id int32, g = id % 1000 int32, x = uniform(80, n) f64), prints the
checksum of x, then times one query per stdin line "<case> <threads>" with the method of bench/_stats.ts. polars reads
its thread count once, at import, so the pool is sized from the first request (every request of a run uses the same).
A reply carries the query's answer digest ("quality") so a fast wrong answer shows.
"""
import json
import os
import sys

import numpy as np

import workloads as w


def main(argv):
    w.selftest()
    scale = float(argv[argv.index("--scale") + 1]) if "--scale" in argv else 1.0
    threads = argv[argv.index("--threads") + 1] if "--threads" in argv else "2"
    os.environ["POLARS_MAX_THREADS"] = threads
    import polars as pl

    n = int(10_000_000 * scale)
    ids = np.arange(n, dtype=np.int32)
    x = w.uniform(80, n)
    df = pl.DataFrame({"id": ids, "g": ids % np.int32(1000), "x": x})
    print(json.dumps({"label": f"polars {pl.__version__}", "checksums": {"dbX": w.checksum(x)}}), flush=True)
    queries = {
        "q1_group_by": (lambda: df.group_by("g").agg(pl.len(), pl.col("x").sum().alias("sum_x"), pl.col("x").mean().alias("avg_x")),
                        lambda r: {"groups": r.height, "sum": float(r["sum_x"].sum())}),
        "q2_filtered_sum": (lambda: df.filter(pl.col("x") > 0.5).select(pl.col("x").sum()),
                            lambda r: {"sum": float(r.item())}),
        "q3_top10": (lambda: df.top_k(10, by="x"),
                     lambda r: {"first": float(r["x"].max())}),
    }
    for line in sys.stdin:
        name, _threads = line.split()
        fn, quality = queries[name]
        last = {}

        def timed():
            last["r"] = fn()

        median = w.measure(timed, max_reps=15, budget_s=1.0, min_reps=5)
        print(json.dumps({"name": name, "threads": int(threads), "median_s": median, "kernel": "",
                          "quality": quality(last["r"])}), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
