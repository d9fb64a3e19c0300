#!/usr/bin/env python3
"""Keras side of Benchmarks/compare_preprocess.sh: StringLookup over user ids and
TextVectorization over movie titles (one per rating), adapt and apply, on the same MovieLens
folder Reel reads. Not in CI.

    python3 Benchmarks/preprocess_compare.py DIR [--rows N] [--batch-size 65536] [--json]

Only layer work is timed: reading the CSV files (polars) and building the tensors is not.
Keras gets its fast paths: adapt over a batched tf.data.Dataset; apply as the TFRS tutorials
do, `dataset.map(layer)` iterated to the end (and, for comparison, eager calls per batch).
"""

import argparse
import json
import os
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")

import numpy as np  # noqa: E402
import polars as pl  # noqa: E402
import tensorflow as tf  # noqa: E402

try:
    import tf_keras as keras  # noqa: E402
except ImportError:  # pragma: no cover
    import keras  # noqa: E402


def best(repeats, fn):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def load(folder, rows):
    ratings = pl.read_csv(os.path.join(folder, "ratings.csv"), columns=["userId", "movieId"],
                          n_rows=rows or None)
    movies = pl.read_csv(os.path.join(folder, "movies.csv"), columns=["movieId", "title"])
    joined = ratings.join(movies, on="movieId", how="left", maintain_order="left")
    users = joined["userId"].cast(pl.Utf8).to_numpy().astype(object)
    titles = joined["title"].to_numpy().astype(object)
    return users, titles


def main():
    p = argparse.ArgumentParser()
    p.add_argument("folder")
    p.add_argument("--rows", type=int, default=0)
    p.add_argument("--batch-size", type=int, default=65536)
    p.add_argument("--repeats", type=int, default=2)
    p.add_argument("--skip-text", action="store_true")
    p.add_argument("--json", action="store_true")
    a = p.parse_args()

    users, titles = load(a.folder, a.rows)
    out = {"rows": len(users), "batch_size": a.batch_size, "tensorflow_version": tf.__version__,
           "keras_version": keras.__version__}
    user_ds = tf.data.Dataset.from_tensor_slices(tf.constant(users, dtype=tf.string)).batch(a.batch_size)

    lookup = keras.layers.StringLookup()
    out["string_lookup_adapt_seconds"] = best(a.repeats, lambda: lookup.adapt(user_ds))
    out["string_lookup_vocabulary_size"] = int(lookup.vocabulary_size())

    def apply_map():
        total = 0
        for b in user_ds.map(lookup, num_parallel_calls=tf.data.AUTOTUNE):
            total += int(tf.reduce_sum(b))
        out["string_lookup_checksum"] = total

    def apply_eager():
        for b in user_ds:
            lookup(b)

    out["string_lookup_apply_seconds"] = best(a.repeats, apply_map)
    out["string_lookup_apply_eager_seconds"] = best(a.repeats, apply_eager)

    if not a.skip_text:
        title_ds = tf.data.Dataset.from_tensor_slices(tf.constant(titles, dtype=tf.string)).batch(a.batch_size)
        text = keras.layers.TextVectorization()
        out["text_vectorization_adapt_seconds"] = best(a.repeats, lambda: text.adapt(title_ds))
        out["text_vectorization_vocabulary_size"] = int(text.vocabulary_size())

        def text_map():
            total = 0
            for b in title_ds.map(text, num_parallel_calls=tf.data.AUTOTUNE):
                total += int(tf.reduce_sum(b))
            out["text_vectorization_checksum"] = total

        out["text_vectorization_apply_seconds"] = best(a.repeats, text_map)

    if a.json:
        print(json.dumps(out, sort_keys=True))
    else:
        for k in sorted(out):
            print(f"{k}: {out[k]}")


if __name__ == "__main__":
    sys.exit(main())
