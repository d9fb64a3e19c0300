#!/usr/bin/env python3
"""Golden vectors for Reel's tf.data-compatible pipeline stages.

Run by hand (not in CI), from the repository root:

    pip install tensorflow-cpu        # produced with tensorflow-cpu 2.21.0, Python 3.11
    python3 scripts/golden/pipeline_golden.py

It writes Fixtures/golden/pipeline.json (path is resolved relative to this file, so the
working directory does not matter). The committed file was produced by TensorFlow 2.21.0;
the exact version is recorded in the JSON ("tensorflow_version").

File shape:

    {"generator": "scripts/golden/pipeline_golden.py",
     "tensorflow_version": "<tf.__version__>",
     "cases": [{"name", "op", "params", "input", "output", "cardinality"}, ...]}

Conventions (every value is an int64 unless noted):

* "input" is fed with tf.data.Dataset.from_tensor_slices(np.array(input, int64)), so the
  source cardinality is known. For "unbatch" the input is a 2-D list (rows of equal length).
* "padded_batch" / "bucket_by_sequence_length": input is a list of variable-length int lists,
  fed with Dataset.from_generator(output_signature=TensorSpec([None], int64)) followed by
  .apply(tf.data.experimental.assert_cardinality(len(input))) so that the source has a known
  cardinality like an in-memory array source would (from_generator alone reports -2).
* "choose_from_datasets": "input" is the choice list (same as params["choices"]); the sources
  are params["sources"].
* "cardinality" is int(ds.cardinality()) of the final dataset: -1 infinite, -2 unknown.
  For "window" the final dataset is window(...).flat_map(lambda w: w.batch(size)), and for
  "group_by_window" it is the group_by_window dataset, so those are -2 (unknown) by nature.
* "%" in predicates / key functions is TensorFlow's int64 `%`, i.e. floor modulo
  (Python semantics: -1 % 3 == 2), not C/Swift truncating remainder.
"""

import json
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", ".."))
OUT = os.path.join(REPO, "Fixtures", "golden", "pipeline.json")

I64 = tf.int64


# ----------------------------------------------------------------------------- helpers


def src(values):
    """1-D int64 source from a python list (empty list allowed)."""
    return tf.data.Dataset.from_tensor_slices(np.array(values, dtype=np.int64).reshape(-1))


def src2d(rows, row_length):
    """2-D int64 source: elements are rows of length row_length."""
    arr = np.array(rows, dtype=np.int64).reshape(len(rows), row_length)
    return tf.data.Dataset.from_tensor_slices(arr)


def ragged_src(seqs):
    """Variable-length int64 vectors, known cardinality."""
    seqs = [list(map(int, s)) for s in seqs]

    def gen():
        for s in seqs:
            yield np.array(s, dtype=np.int64)

    ds = tf.data.Dataset.from_generator(
        gen, output_signature=tf.TensorSpec(shape=[None], dtype=I64)
    )
    return ds.apply(tf.data.experimental.assert_cardinality(len(seqs)))


def to_py(x):
    if isinstance(x, tuple):
        return [to_py(v) for v in x]
    if isinstance(x, dict):
        return {k: to_py(v) for k, v in x.items()}
    if hasattr(x, "tolist"):
        return x.tolist()
    return x


def collect(ds):
    return [to_py(e) for e in ds.as_numpy_iterator()]


CASES = []
NAMES = set()


def add(name, op, params, inp, ds):
    assert name not in NAMES, name
    NAMES.add(name)
    CASES.append(
        {
            "name": name,
            "op": op,
            "params": params,
            "input": inp,
            "output": collect(ds),
            "cardinality": int(ds.cardinality()),
        }
    )


def rng_list(n, start=0):
    return list(range(start, start + n))


# ----------------------------------------------------------------------------- batch


def gen_batch():
    combos = [
        ([], 3),
        (rng_list(1), 1),
        (rng_list(10), 1),
        (rng_list(10), 3),
        (rng_list(10), 5),
        (rng_list(10), 10),
        (rng_list(10), 11),
        (rng_list(7), 2),
        (rng_list(3), 100),
    ]
    for inp, bs in combos:
        for drop in (False, True):
            add(
                f"batch_n{len(inp)}_bs{bs}_{'drop' if drop else 'keep'}",
                "batch",
                {"batch_size": bs, "drop_remainder": drop},
                inp,
                src(inp).batch(bs, drop_remainder=drop),
            )


# ----------------------------------------------------------------------------- padded_batch


def gen_padded_batch():
    seqs_a = [[1], [2, 2], [3, 3, 3], [4], [5, 5, 5, 5, 5], [6, 6]]
    seqs_empty_elems = [[], [], [7]]
    seqs_all_empty = [[], []]
    combos = [
        ("empty_input", [], 2, False, None, 0),
        ("a_bs1", seqs_a, 1, False, None, 0),
        ("a_bs2", seqs_a, 2, False, None, 0),
        ("a_bs4", seqs_a, 4, False, None, 0),
        ("a_bs4_drop", seqs_a, 4, True, None, 0),
        ("a_bs6", seqs_a, 6, False, None, -1),
        ("a_bs10", seqs_a, 10, False, None, 9),
        ("a_bs10_drop", seqs_a, 10, True, None, 0),
        ("a_bs4_len5", seqs_a, 4, False, 5, 0),
        ("a_bs4_len8_pad-7", seqs_a, 4, False, 8, -7),
        ("a_bs3_len5_drop", seqs_a, 3, True, 5, 0),
        ("empty_elems_bs2", seqs_empty_elems, 2, False, None, 0),
        ("empty_elems_bs3_len2", seqs_empty_elems, 3, False, 2, 1),
        ("all_empty_elems_bs2", seqs_all_empty, 2, False, None, 0),
        ("all_empty_elems_bs2_len3", seqs_all_empty, 2, False, 3, 4),
    ]
    for tag, seqs, bs, drop, plen, pval in combos:
        shapes = [None] if plen is None else [plen]
        ds = ragged_src(seqs).padded_batch(
            bs,
            padded_shapes=shapes,
            padding_values=tf.constant(pval, I64),
            drop_remainder=drop,
        )
        add(
            f"padded_batch_{tag}",
            "padded_batch",
            {"batch_size": bs, "drop_remainder": drop, "padded_length": plen, "padding_value": pval},
            seqs,
            ds,
        )


# ----------------------------------------------------------------------------- unbatch


def gen_unbatch():
    combos = [
        ("empty", [], 3),
        ("1x1", [[5]], 1),
        ("3x2", [[0, 1], [2, 3], [4, 5]], 2),
        ("2x4", [[0, 1, 2, 3], [4, 5, 6, 7]], 4),
        ("4x1", [[9], [8], [7], [6]], 1),
        ("2x0", [[], []], 0),
    ]
    for tag, rows, k in combos:
        add(f"unbatch_{tag}", "unbatch", {}, rows, src2d(rows, k).unbatch())


# ----------------------------------------------------------------------------- rebatch


def gen_rebatch():
    combos = [
        # (n, input_batch_size, batch_size, drop_remainder)
        (7, 4, 3, False),  # docstring example
        (7, 4, 3, True),
        (6, 2, 3, False),  # docstring example
        (8, 4, [2, 1, 1], False),  # docstring example
        (8, 4, [2, 1, 1], True),
        (7, 4, [2, 1], False),
        (7, 4, [5, 1], False),
        (7, 4, [5, 1], True),
        (10, 3, 4, False),
        (10, 3, 4, True),
        (10, 3, 1, False),
        (10, 3, 10, False),
        (10, 3, 10, True),
        (10, 3, 12, False),
        (10, 3, 12, True),
        (10, 5, [3], False),
        (0, 4, 3, False),
        (1, 4, 3, False),
        (1, 4, 3, True),
    ]
    # Zero entries in a batch-size list are legal in tf.data and emit an empty batch [] without
    # reading input (unless end of input was already observed). rebatch([0]) alone never ends,
    # so only finite combinations are recorded. Named rebatch_zero_* so tests can skip them.
    zero_combos = [
        (10, 2, [3, 0, 2], False),
        (3, 3, [3, 0], False),
        (3, 3, [3, 0], True),
        (4, 2, [0, 2], False),
        (3, 2, [2, 0], False),
        (3, 2, [2, 0], True),
        (4, 2, [2, 0], False),
        (5, 2, [2, 0], True),
        (0, 2, [0, 1], False),
        (0, 2, [1, 0], False),
    ]
    for n, ibs, bs, drop in combos + zero_combos:
        inp = rng_list(n)
        zero = "zero_" if isinstance(bs, list) and 0 in bs else ""
        bs_tag = "-".join(map(str, bs)) if isinstance(bs, list) else str(bs)
        add(
            f"rebatch_{zero}n{n}_in{ibs}_bs{bs_tag}_{'drop' if drop else 'keep'}",
            "rebatch",
            {"input_batch_size": ibs, "batch_size": bs, "drop_remainder": drop},
            inp,
            src(inp).batch(ibs).rebatch(bs, drop_remainder=drop),
        )


# ----------------------------------------------------------------------------- window


def gen_window():
    combos = [(0, 1, 1, 1), (0, 3, 1, 1), (0, 3, 5, 2)]
    for n in (2, 7, 10):
        for size in (1, 3, 4):
            for shift in (1, size, size + 2):
                for stride in (1, 2, 3):
                    combos.append((n, size, shift, stride))
    # a few extras: shift < size with big stride, size > input
    combos += [(10, 5, 2, 2), (10, 2, 7, 1), (3, 5, 1, 1), (3, 5, 5, 1), (5, 5, 5, 1), (5, 5, 1, 1)]
    seen = set()
    for n, size, shift, stride in combos:
        if (n, size, shift, stride) in seen:
            continue
        seen.add((n, size, shift, stride))
        inp = rng_list(n)
        for drop in (False, True):
            ds = src(inp).window(size, shift=shift, stride=stride, drop_remainder=drop)
            ds = ds.flat_map(lambda w, size=size: w.batch(size))
            add(
                f"window_n{n}_size{size}_shift{shift}_stride{stride}_{'drop' if drop else 'keep'}",
                "window",
                {"size": size, "shift": shift, "stride": stride, "drop_remainder": drop},
                inp,
                ds,
            )


# ----------------------------------------------------------------------------- group_by_window


def gen_group_by_window():
    combos = [
        ("empty", [], 2, 2),
        ("n10_k2_w2", rng_list(10), 2, 2),
        ("n10_k2_w3", rng_list(10), 2, 3),
        ("n10_k3_w2", rng_list(10), 3, 2),
        ("n10_k1_w4", rng_list(10), 1, 4),
        ("n10_k5_w1", rng_list(10), 5, 1),
        ("n10_k3_w100", rng_list(10), 3, 100),
        # first-seen key order differs from ascending key order; all windows partial at end
        ("desc_k3_w5", [2, 1, 0, 5, 4], 3, 5),
        ("mixed_k4_w3", [7, 3, 2, 11, 6, 1, 15, 9, 0, 5, 13], 4, 3),
        ("reverse_k4_w2", list(range(13, -1, -1)), 4, 2),
        ("reverse_k5_w3", list(range(19, -1, -1)), 5, 3),
        ("negatives_k3_w2", [-1, -2, -3, 4, -5, 6, 7], 3, 2),
        # wide key space: flush order is ascending key (std::map), not first-seen order
        ("wide_k1000_w5", [500, -3, 7, 999, 20, 3, -1000, 1500], 1000, 5),
        ("wide_k1000_w2", [999, 998, 5, 999, 0, 998, 5, 4, 1004], 1000, 2),
    ]
    for tag, inp, nk, ws in combos:
        ds = src(inp).group_by_window(
            key_func=lambda x, nk=nk: x % nk,
            reduce_func=lambda k, w, ws=ws: w.batch(ws),
            window_size=ws,
        )
        add(f"group_by_window_{tag}", "group_by_window", {"num_keys": nk, "window_size": ws}, inp, ds)


# ----------------------------------------------------------------------------- bucket_by_sequence_length


def gen_bucket():
    lens1 = [1, 5, 2, 7, 3, 3, 8, 1, 4, 6, 2, 9, 5, 1]
    seqs1 = [[i + 1] * l for i, l in enumerate(lens1)]
    lens2 = [3, 1, 2, 3, 1, 2, 2, 4, 0, 1]
    seqs2 = [[i + 1] * l for i, l in enumerate(lens2)]
    short = [[1] * 1, [2] * 2, [3] * 1, [4] * 4, [5] * 3]  # all < 5 for pad_to_bucket_boundary
    combos = [
        # tag, seqs, boundaries, batch_sizes, pad_to_boundary, drop, padding_value
        ("empty", [], [3], [2, 2], False, False, 0),
        ("s1_b3-6_bs2-2-2", seqs1, [3, 6], [2, 2, 2], False, False, 0),
        ("s1_b3-6_bs2-3-1", seqs1, [3, 6], [2, 3, 1], False, False, -1),
        ("s1_b3-6_bs2-3-4_drop", seqs1, [3, 6], [2, 3, 4], False, True, 0),
        ("s1_b3-6_bs3-3-3", seqs1, [3, 6], [3, 3, 3], False, False, 0),
        ("s1_b5_bs100-100", seqs1, [5], [100, 100], False, False, 0),
        ("s1_b5_bs100-100_drop", seqs1, [5], [100, 100], False, True, 0),
        ("s1_b2-4-8-16_bs1-1-1-1-1", seqs1, [2, 4, 8, 16], [1, 1, 1, 1, 1], False, False, 0),
        ("s2_b2_bs2-2", seqs2, [2], [2, 2], False, False, 0),
        ("s2_b1-3_bs2-2-2", seqs2, [1, 3], [2, 2, 2], False, False, 9),
        ("s2_b10_bs3-3_padb", seqs2, [10], [3, 3], True, False, 0),
        ("s2_b2-5_bs2-2-2_padb", seqs2, [2, 5], [2, 2, 2], True, False, 0),
        ("s2_b2-5_bs2-2-2_padb_drop", seqs2, [2, 5], [2, 2, 2], True, True, 0),
        ("short_b2-5_bs2-2-2_padb", short, [2, 5], [2, 2, 2], True, False, 0),
        ("short_b3-5_bs1-2-3_padb_pad-1", short, [3, 5], [1, 2, 3], True, False, -1),
    ]
    for tag, seqs, bounds, bsizes, padb, drop, pval in combos:
        ds = ragged_src(seqs).bucket_by_sequence_length(
            element_length_func=lambda x: tf.shape(x)[0],
            bucket_boundaries=bounds,
            bucket_batch_sizes=bsizes,
            padding_values=tf.constant(pval, I64),
            pad_to_bucket_boundary=padb,
            drop_remainder=drop,
        )
        add(
            f"bucket_by_sequence_length_{tag}",
            "bucket_by_sequence_length",
            {
                "bucket_boundaries": bounds,
                "bucket_batch_sizes": bsizes,
                "pad_to_bucket_boundary": padb,
                "drop_remainder": drop,
                "padding_value": pval,
            },
            seqs,
            ds,
        )


# ----------------------------------------------------------------------------- interleave / flat_map


def inner(x):
    return tf.data.Dataset.range(x * 100, x * 100 + (x % 4) + 1)


def gen_interleave():
    inputs = {
        "empty": [],
        "one3": [3],
        "n4": [0, 1, 2, 3],
        "n6": [3, 1, 2, 0, 7, 5],
        "n9": rng_list(9, 1),
    }
    combos = [
        ("empty", 2, 1),
        ("one3", 1, 1),
        ("one3", 4, 2),
        ("n4", 1, 1),
        ("n4", 2, 1),
        ("n4", 4, 1),
        ("n4", 8, 1),
        ("n4", 2, 2),
        ("n4", 3, 5),
        ("n6", 2, 1),
        ("n6", 3, 2),
        ("n6", 4, 3),
        ("n6", 10, 1),
        ("n6", 10, 2),
        ("n9", 3, 1),
        ("n9", 3, 2),
        ("n9", 2, 4),
        ("n9", 5, 1),
    ]
    for tag, cl, bl in combos:
        inp = inputs[tag]
        ds = src(inp).interleave(inner, cycle_length=cl, block_length=bl)
        add(f"interleave_{tag}_cl{cl}_bl{bl}", "interleave", {"cycle_length": cl, "block_length": bl}, inp, ds)


def gen_flat_map():
    for tag, inp in [("empty", []), ("one0", [0]), ("n4", [0, 1, 2, 3]), ("n6", [3, 1, 2, 0, 7, 5])]:
        add(f"flat_map_{tag}", "flat_map", {}, inp, src(inp).flat_map(inner))


# ----------------------------------------------------------------------------- shard


def gen_shard():
    combos = [
        ([], 2, 0),
        (rng_list(10), 1, 0),
        (rng_list(10), 3, 0),
        (rng_list(10), 3, 1),
        (rng_list(10), 3, 2),
        (rng_list(10), 5, 4),
        (rng_list(3), 5, 2),
        (rng_list(3), 5, 4),
        (rng_list(10), 10, 9),
    ]
    for inp, ns, idx in combos:
        add(
            f"shard_n{len(inp)}_ns{ns}_i{idx}",
            "shard",
            {"num_shards": ns, "index": idx},
            inp,
            src(inp).shard(ns, idx),
        )


# ----------------------------------------------------------------------------- take / skip / take_while / repeat


def gen_take_skip():
    for op in ("take", "skip"):
        for inp, c in [([], 3), ([], -1), (rng_list(5), 0), (rng_list(5), 1), (rng_list(5), 3),
                       (rng_list(5), 5), (rng_list(5), 8), (rng_list(5), -1), (rng_list(5), -5)]:
            ds = src(inp).take(c) if op == "take" else src(inp).skip(c)
            add(f"{op}_n{len(inp)}_c{c}", op, {"count": c}, inp, ds)


def gen_take_while():
    for tag, inp, lim in [
        ("empty", [], 3),
        ("asc_l0", rng_list(6), 0),
        ("asc_l3", rng_list(6), 3),
        ("asc_l100", rng_list(6), 100),
        ("nonmono_l5", [1, 4, 7, 2, 3, 9, 0], 5),
        ("first_fails", [9, 1, 2], 5),
    ]:
        ds = src(inp).take_while(lambda x, lim=lim: x < lim)
        add(f"take_while_{tag}", "take_while", {"limit": lim}, inp, ds)


def gen_repeat():
    for inp, c in [([], 3), (rng_list(3), 0), (rng_list(3), 1), (rng_list(3), 3), ([7], 4)]:
        add(f"repeat_n{len(inp)}_c{c}", "repeat", {"count": c}, inp, src(inp).repeat(c))


# ----------------------------------------------------------------------------- enumerate / scan / unique


def gen_enumerate():
    for inp, st in [([], 0), ([10, 20, 30], 0), ([10, 20, 30], 5), ([10, 20, 30], -2), ([4], 100)]:
        add(f"enumerate_n{len(inp)}_s{st}", "enumerate", {"start": st}, inp, src(inp).enumerate(start=st))


def gen_scan():
    for tag, inp in [("empty", []), ("one", [5]), ("asc", rng_list(6, 1)), ("mixed", [3, -1, 4, -1, 5, -9, 2])]:
        ds = src(inp).scan(tf.constant(0, I64), lambda s, x: (s + x, s + x))
        add(f"scan_{tag}", "scan", {"initial": 0}, inp, ds)


def gen_unique():
    for tag, inp in [
        ("empty", []),
        ("one", [3]),
        ("dups", [1, 2, 1, 3, 2, 2, 4, 1]),
        ("all_same", [7, 7, 7, 7]),
        ("neg", [-1, 0, -1, 1, 0, -2]),
        ("distinct", [5, 4, 3, 2, 1]),
    ]:
        add(f"unique_{tag}", "unique", {}, inp, src(inp).unique())


# ----------------------------------------------------------------------------- concatenate / zip


def gen_concat_zip():
    pairs = [
        ("both_empty", [], []),
        ("left_empty", [], [1, 2]),
        ("right_empty", [1, 2], []),
        ("equal", [0, 1, 2], [10, 11, 12]),
        ("left_longer", [0, 1, 2, 3, 4], [10, 11]),
        ("right_longer", [0, 1], [10, 11, 12, 13]),
    ]
    for tag, a, b in pairs:
        add(f"concatenate_{tag}", "concatenate", {"other": b}, a, src(a).concatenate(src(b)))
        add(f"zip_{tag}", "zip", {"other": b}, a, tf.data.Dataset.zip((src(a), src(b))))


# ----------------------------------------------------------------------------- choose_from_datasets


def gen_choose():
    s3 = [[0, 1, 2], [10, 11], [20, 21, 22, 23]]
    combos = [
        ("basic", s3, [0, 1, 2, 0, 1, 2, 0, 2, 2]),
        ("exhaust_mid", s3, [1, 1, 1, 0, 2, 0]),
        ("exhaust_then_many", s3, [0, 0, 0, 0, 1, 0, 2, 1, 1, 2]),
        ("choices_short", s3, [2, 0]),
        ("no_choices", s3, []),
        ("empty_source_first", [[], [5, 6]], [0, 1, 1, 0]),
        ("all_exhausted", [[1], [2]], [0, 1, 0, 1, 0, 1]),
        ("single_source", [[4, 5, 6]], [0, 0, 0, 0, 0]),
    ]
    for tag, sources, choices in combos:
        for stop in (True, False):
            dss = [src(s) for s in sources]
            ds = tf.data.Dataset.choose_from_datasets(
                dss, src(choices), stop_on_empty_dataset=stop
            )
            add(
                f"choose_from_datasets_{tag}_{'stop' if stop else 'nostop'}",
                "choose_from_datasets",
                {"sources": sources, "choices": choices, "stop_on_empty_dataset": stop},
                choices,
                ds,
            )


# ----------------------------------------------------------------------------- filter


def gen_filter():
    for tag, inp, mod, rem in [
        ("empty", [], 2, 0),
        ("even", rng_list(10), 2, 0),
        ("odd", rng_list(10), 2, 1),
        ("m3r2", rng_list(10), 3, 2),
        ("none", [1, 3, 5], 2, 0),
        ("all", [2, 4, 6], 2, 0),
        ("neg_m3r1", list(range(-6, 7)), 3, 1),
        ("neg_m3r2", list(range(-6, 7)), 3, 2),
        ("m1r0", [5, -5, 0], 1, 0),
    ]:
        ds = src(inp).filter(lambda x, mod=mod, rem=rem: tf.equal(x % mod, rem))
        add(f"filter_{tag}", "filter", {"mod": mod, "rem": rem}, inp, ds)


# ----------------------------------------------------------------------------- main


def main():
    gen_batch()
    gen_padded_batch()
    gen_unbatch()
    gen_rebatch()
    gen_window()
    gen_group_by_window()
    gen_bucket()
    gen_interleave()
    gen_flat_map()
    gen_shard()
    gen_take_skip()
    gen_take_while()
    gen_repeat()
    gen_enumerate()
    gen_scan()
    gen_unique()
    gen_concat_zip()
    gen_choose()
    gen_filter()

    doc = {
        "generator": "scripts/golden/pipeline_golden.py",
        "tensorflow_version": tf.__version__,
        "cases": CASES,
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    text = json.dumps(doc, separators=(",", ":"))
    with open(OUT, "w") as f:
        f.write(text)
        f.write("\n")
    counts = {}
    for c in CASES:
        counts[c["op"]] = counts.get(c["op"], 0) + 1
    print(f"wrote {OUT}: {len(CASES)} cases, {len(text)} bytes, tf {tf.__version__}", file=sys.stderr)
    for op, n in counts.items():
        print(f"  {op}: {n}", file=sys.stderr)


if __name__ == "__main__":
    main()
