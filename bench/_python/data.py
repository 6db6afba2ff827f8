"""pyarrow baselines for bench/data.ts: reads the files the JS side wrote, single-threaded (use_threads=False), or
writes the table of a Parquet file into memory (write_parquet, write_csv, write_ipc, write_arrows), and prints
{"median_s": ...} for one case. Timing as time() in bench/data.ts: one warm-up, then repeat to a 2 s budget,
5 to 15 samples, report the median."""
import json, sys, time
import pyarrow as pa, pyarrow.csv as pc, pyarrow.json as pj, pyarrow.parquet as pq


def measure(fn, budget=2.0, min_reps=5, max_reps=15):
    fn()
    samples = []
    while len(samples) < min_reps or (len(samples) < max_reps and sum(samples) < budget):
        t0 = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t0)
    samples.sort()
    h = len(samples) // 2
    return samples[h] if len(samples) % 2 else (samples[h - 1] + samples[h]) / 2


case, path = sys.argv[1], sys.argv[2]
threads = len(sys.argv) > 3 and sys.argv[3] == 'threads'
if case == 'parquet':
    fn = lambda: pq.read_table(path, use_threads=threads)
elif case == 'csv':
    fn = lambda: pc.read_csv(path, read_options=pc.ReadOptions(use_threads=threads))
elif case == 'json':
    fn = lambda: pj.read_json(path, read_options=pj.ReadOptions(use_threads=threads))
elif case.startswith('write_'):
    # writes of the table in `path` (Parquet written by the JS side), into memory as the JS side encodes
    import pyarrow.ipc as ipc
    table = pq.read_table(path)
    fmt = case[len('write_'):]
    def write():
        sink = pa.BufferOutputStream()
        if fmt == 'parquet':
            pq.write_table(table, sink, compression='snappy')
        elif fmt == 'csv':
            pc.write_csv(table, sink)
        elif fmt == 'ipc':
            with ipc.new_file(sink, table.schema) as w:
                w.write_table(table)
        elif fmt == 'arrows':
            with ipc.new_stream(sink, table.schema) as w:
                w.write_table(table)
        else:
            raise SystemExit('unknown write format ' + fmt)
        return sink.getvalue()
    fn = write
elif case == 'check':
    t = pq.read_table(path)
    print(json.dumps({'rows': t.num_rows, 'sum_x': pa.compute.sum(t.column('x')).as_py()}))
    sys.exit(0)
else:
    raise SystemExit('unknown case ' + case)
print(json.dumps({'median_s': measure(fn), 'pyarrow': pa.__version__}))
