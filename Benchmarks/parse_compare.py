#!/usr/bin/env python3
"""Times pandas.read_csv and polars.read_csv on a MovieLens ratings.csv (side by side with
`reel bench parse`; see Benchmarks/compare_parse.sh). Not run in CI.

    python3 Benchmarks/parse_compare.py /tmp/ml-25m/ratings.csv --json
"""
import argparse
import json
import os
import time


def best_of(runs, fn):
    best = float("inf")
    rows = 0
    for _ in range(runs):
        start = time.perf_counter()
        rows = fn()
        best = min(best, time.perf_counter() - start)
    return best, rows


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("path")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    size = os.path.getsize(args.path)
    result = {"bytes": size}
    import pandas as pd
    import polars as pl

    dtypes = {"userId": "int32", "movieId": "int32", "rating": "float32", "timestamp": "int64"}
    seconds, rows = best_of(args.runs, lambda: len(pd.read_csv(args.path, dtype=dtypes, engine="c")))
    result.update(pandas_rows=rows, pandas_seconds=seconds, pandas_rows_per_second=rows / seconds,
                  pandas_megabytes_per_second=size / seconds / 1e6, pandas_version=pd.__version__)
    schema = {"userId": pl.Int32, "movieId": pl.Int32, "rating": pl.Float32, "timestamp": pl.Int64}
    seconds, rows = best_of(args.runs, lambda: pl.read_csv(args.path, schema=schema).height)
    result.update(polars_rows=rows, polars_seconds=seconds, polars_rows_per_second=rows / seconds,
                  polars_megabytes_per_second=size / seconds / 1e6, polars_version=pl.__version__)
    if args.json:
        print(json.dumps(result, sort_keys=True))
    else:
        for lib in ("pandas", "polars"):
            print(f"{lib}: {result[lib + '_rows']} rows in {result[lib + '_seconds']:.3f} s = "
                  f"{result[lib + '_rows_per_second'] / 1e6:.1f}M rows/s, "
                  f"{result[lib + '_megabytes_per_second']:.0f} MB/s")


if __name__ == "__main__":
    main()
