"""An independent Delta Lake reader for the interop tests: pyarrow and json only, following PROTOCOL.md.

Replays the log of a table folder (the newest complete checkpoint at or before the version, then the JSON commits
after it) into the live files, reads them with pyarrow, puts the partition values back as columns, and prints
{"version", "columns", "types", "partitionColumns", "files", "rows"} as JSON. Values are printed canonically:
integers and floats as numbers, dates as 'YYYY-MM-DD', timestamps as microseconds since the epoch (UTC), decimals as
strings, lists as lists.

usage: read_delta.py TABLE_DIR [VERSION]
"""
import json
import os
import re
import sys
import urllib.parse

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq


def list_log(root):
    log = os.path.join(root, "_delta_log")
    commits, parts = {}, {}
    for name in os.listdir(log):
        m = re.fullmatch(r"(\d{20})\.json", name)
        if m:
            commits[int(m.group(1))] = os.path.join(log, name)
            continue
        m = re.fullmatch(r"(\d{20})\.checkpoint(?:\.(\d{10})\.(\d{10}))?\.parquet", name)
        if m:
            v = int(m.group(1))
            n = int(m.group(3)) if m.group(3) else 1
            parts.setdefault((v, n), []).append(os.path.join(log, name))
    checkpoints = {v: sorted(files) for (v, n), files in parts.items() if len(files) == n}
    return commits, checkpoints


def checkpoint_actions(files):
    for f in files:
        table = pq.read_table(f)
        for row in table.to_pylist():
            for kind in ("add", "remove", "metaData", "protocol"):
                value = row.get(kind)
                if value is not None:
                    yield {kind: value}


def as_dict(m):
    # pyarrow gives a Parquet map as a list of (key, value) pairs
    if m is None:
        return {}
    return dict(m) if isinstance(m, list) else m


def replay(root, version):
    commits, checkpoints = list_log(root)
    latest = max(list(commits) + list(checkpoints))
    target = latest if version is None else version
    start = max([v for v in checkpoints if v <= target], default=-1)
    files, metadata, protocol = {}, None, None

    def apply(action):
        nonlocal metadata, protocol
        if "add" in action:
            a = action["add"]
            files[urllib.parse.unquote(a["path"])] = as_dict(a["partitionValues"])
        elif "remove" in action:
            files.pop(urllib.parse.unquote(action["remove"]["path"]), None)
        elif "metaData" in action:
            metadata = action["metaData"]
        elif "protocol" in action:
            protocol = action["protocol"]

    if start >= 0:
        for action in checkpoint_actions(checkpoints[start]):
            apply(action)
    for v in range(start + 1, target + 1):
        with open(commits[v], encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    apply(json.loads(line))
    return target, files, metadata, protocol


def partition_array(text, delta_type, n):
    if text is None or text == "":
        return pa.nulls(n)
    if delta_type in ("byte", "short", "integer", "long"):
        return pa.array([int(text)] * n, pa.int64())
    if delta_type in ("float", "double"):
        return pa.array([float(text)] * n, pa.float64())
    if delta_type == "boolean":
        return pa.array([text == "true"] * n)
    return pa.array([text] * n, pa.string())  # string, date (YYYY-MM-DD), decimal: their text is the canonical form


def canonical(column, delta_type):
    t = column.type
    if pa.types.is_timestamp(t):
        return pc.cast(pc.cast(column, pa.timestamp("us", tz=t.tz)), pa.int64()).to_pylist()
    if pa.types.is_date(t):
        return [None if d is None else d.isoformat() for d in column.to_pylist()]
    if pa.types.is_decimal(t):
        return [None if d is None else str(d) for d in column.to_pylist()]
    return column.to_pylist()


def main():
    root = sys.argv[1]
    version = int(sys.argv[2]) if len(sys.argv) > 2 else None
    target, files, metadata, protocol = replay(root, version)
    schema = json.loads(metadata["schemaString"])
    names = [f["name"] for f in schema["fields"]]
    types = {f["name"]: f["type"] for f in schema["fields"]}
    part_cols = metadata["partitionColumns"]
    rows = []
    for path, values in sorted(files.items()):
        data = pq.read_table(os.path.join(root, path))
        cols = []
        for name in names:
            if name in part_cols:
                cols.append(partition_array(values.get(name), types[name], data.num_rows).to_pylist())
            else:
                cols.append(canonical(data.column(name), types[name]))
        rows.extend(list(r) for r in zip(*cols))
    print(json.dumps({"version": target, "protocol": protocol, "columns": names, "types": [types[n] for n in names],
                      "partitionColumns": part_cols, "files": len(files), "rows": rows}))


if __name__ == "__main__":
    main()
