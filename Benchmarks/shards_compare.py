#!/usr/bin/env python3
"""tf.data/TFRecord (GZIP) and polars/CSV references for `reel bench shards`.

Usage:
    pip install tensorflow-cpu polars      # the `zstd` CLI must be on PATH too
    python3 Benchmarks/shards_compare.py --csv /tmp/reel-bench-shards/ratings.csv \
        --workdir /tmp/reel-bench-shards [--rows-limit N] [--read-runs R] [--json]

The input is the CSV written by `reel generate ratings ... --csv FILE`
(header `userId,movieId,rating,timestamp`, LF line ends). Measured:

1. tfrecord_write_rows_per_second
   The CSV is loaded with polars into numpy columns (user Int32, movie Int32, rating Float32,
   timestamp Int64; NOT timed). Timed: numpy columns -> one tf.train.Example per row
   (features userId/movieId/timestamp as int64_list, rating as float_list) ->
   tf.io.TFRecordWriter(WORKDIR/ratings.tfrecord.gz, TFRecordOptions(compression_type="GZIP"),
   zlib default level), including closing the file. The fastest reasonable Python route was
   used: one tf.train.Example is built once and its four values are overwritten per row before
   SerializeToString() (same bytes as building a fresh Example per row; measured on this
   2-vCPU VM: ~185k rows/s vs ~28k rows/s for a fresh Example per row, and serializing to a
   list then tf.data.experimental.TFRecordWriter was ~2x slower). With --rows-limit N > 0
   only the first N rows are written (and then read back); tfrecord_rows_measured says how many.
   tfrecord_bytes is the size of that file.

2. tfdata_read_rows_per_second / tfdata_shuffled_read_rows_per_second
       tf.data.TFRecordDataset(file, "GZIP", buffer_size=8 MiB)
         [.shuffle(--shuffle-buffer, default 100_000 rows, seed=1)]
         .batch(8192)
         .map(lambda b: tf.io.parse_example(b, 4 FixedLenFeature specs),
              num_parallel_calls=AUTOTUNE)
         .prefetch(AUTOTUNE)
   iterated to the end with Dataset.reduce (C++ loop, no Python per batch); the row count and
   the sum of movieId are checked against the written data. One warm-up pass over the first
   200_000 records, then best of --read-runs (default 2) full passes.

3. polars_csv_read_rows_per_second: pl.read_csv(FILE) (default type inference), best of
   --csv-runs (default 3), all rows of the CSV (not limited by --rows-limit).

4. csv_bytes, csv_zstd3_bytes: size of the CSV and of `zstd -3 -q -c FILE` (single-threaded
   zstd CLI, the same level Reel's shards use by default).

Progress goes to stderr in --json mode; stdout then holds one JSON object.
"""

import argparse
import json
import os
import subprocess
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np  # noqa: E402
import polars as pl  # noqa: E402
import tensorflow as tf  # noqa: E402

COLUMNS = ("userId", "movieId", "rating", "timestamp")
CSV_SCHEMA = {"userId": pl.Int32, "movieId": pl.Int32, "rating": pl.Float32, "timestamp": pl.Int64}
FEATURES = {
    "userId": tf.io.FixedLenFeature([], tf.int64),
    "movieId": tf.io.FixedLenFeature([], tf.int64),
    "rating": tf.io.FixedLenFeature([], tf.float32),
    "timestamp": tf.io.FixedLenFeature([], tf.int64),
}
WRITE_CHUNK = 1 << 20  # rows converted from numpy to Python scalars at a time (bounds memory)
WARMUP_RECORDS = 200_000


# ----------------------------------------------------------------------------- load (untimed)


def load_columns(csv, rows_limit):
    df = pl.read_csv(csv, schema_overrides=CSV_SCHEMA, n_rows=rows_limit if rows_limit > 0 else None)
    return {c: df[c].to_numpy() for c in COLUMNS}


# ----------------------------------------------------------------------------- TFRecord write


def write_tfrecord(path, cols):
    """Timed: numpy columns -> serialized tf.train.Example rows -> GZIP TFRecord file."""
    n = len(cols["userId"])
    if os.path.exists(path):
        os.remove(path)
    example = tf.train.Example()
    feature = example.features.feature
    fu = feature["userId"].int64_list.value
    fm = feature["movieId"].int64_list.value
    fr = feature["rating"].float_list.value
    ft = feature["timestamp"].int64_list.value
    for v in (fu, fm, fr, ft):
        v.append(0)
    serialize = example.SerializeToString
    options = tf.io.TFRecordOptions(compression_type="GZIP")

    start = time.perf_counter()
    with tf.io.TFRecordWriter(path, options) as writer:
        write = writer.write
        for lo in range(0, n, WRITE_CHUNK):
            hi = min(n, lo + WRITE_CHUNK)
            for u, m, r, t in zip(
                cols["userId"][lo:hi].tolist(),
                cols["movieId"][lo:hi].tolist(),
                cols["rating"][lo:hi].tolist(),
                cols["timestamp"][lo:hi].tolist(),
            ):
                fu[0] = u
                fm[0] = m
                fr[0] = r
                ft[0] = t
                write(serialize())
    return time.perf_counter() - start


# ----------------------------------------------------------------------------- tf.data read


def _parse(batch):
    return tf.io.parse_example(batch, FEATURES)


def make_read(path, batch_rows, shuffle_buffer=0, take=-1):
    ds = tf.data.TFRecordDataset(path, compression_type="GZIP", buffer_size=8 << 20)
    if take >= 0:
        ds = ds.take(take)
    if shuffle_buffer > 0:
        ds = ds.shuffle(shuffle_buffer, seed=1, reshuffle_each_iteration=False)
    return ds.batch(batch_rows).map(_parse, num_parallel_calls=tf.data.AUTOTUNE).prefetch(tf.data.AUTOTUNE)


def _accumulate(state, batch):
    rows, movie_sum = state
    return (
        rows + tf.cast(tf.shape(batch["movieId"])[0], tf.int64),
        movie_sum + tf.reduce_sum(batch["movieId"]),
    )


def consume(ds):
    rows, movie_sum = ds.reduce((tf.constant(0, tf.int64), tf.constant(0, tf.int64)), _accumulate)
    return int(rows), int(movie_sum)


def time_read(path, batch_rows, shuffle_buffer, runs, expect, log, label):
    t0 = time.perf_counter()
    consume(make_read(path, batch_rows, shuffle_buffer, take=WARMUP_RECORDS))
    log(f"{label} warm-up ({WARMUP_RECORDS:,} records): {time.perf_counter() - t0:.2f} s")
    best = float("inf")
    for i in range(runs):
        t0 = time.perf_counter()
        got = consume(make_read(path, batch_rows, shuffle_buffer))
        dt = time.perf_counter() - t0
        if got != expect:
            raise SystemExit(f"{label}: read (rows, sum movieId) = {got}, expected {expect}")
        log(f"{label} run {i + 1}/{runs}: {dt:.2f} s ({expect[0] / dt:,.0f} rows/s)")
        best = min(best, dt)
    return best


# ----------------------------------------------------------------------------- CSV side


def time_polars(csv, runs, log):
    best = float("inf")
    rows = None
    for i in range(runs):
        t0 = time.perf_counter()
        df = pl.read_csv(csv)
        dt = time.perf_counter() - t0
        rows = df.height
        del df
        log(f"polars read_csv run {i + 1}/{runs}: {dt:.3f} s ({rows / dt:,.0f} rows/s)")
        best = min(best, dt)
    return rows, best


def zstd3_size(csv):
    t0 = time.perf_counter()
    proc = subprocess.run(["zstd", "-3", "-q", "-c", csv], stdout=subprocess.PIPE, check=True)
    return len(proc.stdout), time.perf_counter() - t0


# ----------------------------------------------------------------------------- main


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--csv", required=True, help="CSV written by `reel generate ratings --csv`")
    ap.add_argument("--workdir", required=True, help="directory for ratings.tfrecord.gz")
    ap.add_argument(
        "--rows-limit", type=int, default=0,
        help="write/read only the first N rows as TFRecord (0 = all rows, the default; "
        "25M rows take ~2.5 min to write on a 2-vCPU VM)",
    )
    ap.add_argument("--batch-rows", type=int, default=8192)
    ap.add_argument("--shuffle-buffer", type=int, default=100_000, help="tf.data shuffle buffer, rows")
    ap.add_argument("--read-runs", type=int, default=2, help="timed tf.data passes per figure; best is reported")
    ap.add_argument("--csv-runs", type=int, default=3, help="timed polars read_csv runs; best is reported")
    ap.add_argument("--json", action="store_true", help="print one JSON object on stdout")
    args = ap.parse_args(argv)

    def log(msg):
        print(msg, file=sys.stderr if args.json else sys.stdout, flush=True)

    os.makedirs(args.workdir, exist_ok=True)
    tfrecord = os.path.join(args.workdir, "ratings.tfrecord.gz")
    load_start = os.getloadavg()[0]
    log(
        f"tensorflow {tf.__version__}, polars {pl.__version__}, {os.cpu_count()} CPUs, "
        f"load average {load_start:.2f}"
    )

    # --- CSV facts first (cheap, and they do not depend on TensorFlow).
    csv_bytes = os.path.getsize(args.csv)
    zstd_bytes, zstd_seconds = zstd3_size(args.csv)
    log(f"csv: {csv_bytes:,} bytes; zstd -3: {zstd_bytes:,} bytes ({zstd_seconds:.1f} s)")
    csv_rows, polars_best = time_polars(args.csv, args.csv_runs, log)

    # --- TFRecord write.
    t0 = time.perf_counter()
    cols = load_columns(args.csv, args.rows_limit)
    n = len(cols["userId"])
    expect = (n, int(cols["movieId"].astype(np.int64).sum()))
    log(f"loaded {n:,} rows into numpy with polars in {time.perf_counter() - t0:.1f} s (not timed)")
    write_seconds = write_tfrecord(tfrecord, cols)
    del cols
    tfrecord_bytes = os.path.getsize(tfrecord)
    log(f"tfrecord write: {n:,} rows in {write_seconds:.1f} s ({n / write_seconds:,.0f} rows/s), "
        f"{tfrecord_bytes:,} bytes")

    # --- tf.data reads.
    plain = time_read(tfrecord, args.batch_rows, 0, args.read_runs, expect, log, "tf.data read")
    shuffled = time_read(
        tfrecord, args.batch_rows, args.shuffle_buffer, args.read_runs, expect, log, "tf.data shuffled read"
    )

    result = {
        "tensorflow_version": tf.__version__,
        "polars_version": pl.__version__,
        "csv_rows": csv_rows,
        "csv_bytes": csv_bytes,
        "csv_zstd3_bytes": zstd_bytes,
        "polars_csv_read_rows_per_second": csv_rows / polars_best,
        "polars_csv_read_seconds": polars_best,
        "polars_csv_read_runs": args.csv_runs,
        "tfrecord_rows_measured": n,
        "tfrecord_bytes": tfrecord_bytes,
        "tfrecord_write_seconds": write_seconds,
        "tfrecord_write_rows_per_second": n / write_seconds,
        "tfdata_read_seconds": plain,
        "tfdata_read_rows_per_second": n / plain,
        "tfdata_shuffled_read_seconds": shuffled,
        "tfdata_shuffled_read_rows_per_second": n / shuffled,
        "tfdata_shuffle_buffer": args.shuffle_buffer,
        "tfdata_read_runs": args.read_runs,
        "batch_rows": args.batch_rows,
        "load_average_start": load_start,
        "load_average_end": os.getloadavg()[0],
    }
    if args.json:
        print(json.dumps(result))
        return
    limited = "" if n == csv_rows else f" (measured on the first {n:,} of {csv_rows:,} rows)"
    print()
    print(f"tf.data / TFRecord GZIP (TensorFlow {tf.__version__}){limited}")
    print(f"  write:          {n / write_seconds:,.0f} rows/s ({write_seconds:.1f} s), {tfrecord_bytes:,} bytes "
          f"({tfrecord_bytes / n:.2f} bytes/row)")
    print(f"  read:           {n / plain:,.0f} rows/s ({plain:.2f} s, batches of {args.batch_rows}, best of {args.read_runs})")
    print(f"  shuffled read:  {n / shuffled:,.0f} rows/s ({shuffled:.2f} s, shuffle({args.shuffle_buffer:,}))")
    print(f"polars {pl.__version__} CSV")
    print(f"  read_csv:       {csv_rows / polars_best:,.0f} rows/s ({polars_best:.3f} s, {csv_rows:,} rows, best of {args.csv_runs})")
    print(f"  csv bytes:      {csv_bytes:,} ({csv_bytes / csv_rows:.2f} bytes/row)")
    print(f"  zstd -3 bytes:  {zstd_bytes:,} ({zstd_bytes / csv_rows:.2f} bytes/row)")


if __name__ == "__main__":
    main()
