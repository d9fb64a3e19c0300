#!/usr/bin/env python3
"""Golden vectors for Reel's Keras-preprocessing-compatible layers.

Run by hand (not in CI), from anywhere:

    pip install tensorflow-cpu tf-keras   # produced with tensorflow 2.21.0 + tf-keras 2.21.0
    TF_USE_LEGACY_KERAS=1 python3 Fixtures/golden/make_preprocessing.py [--all]

With --all it then runs the other preprocessing generators beside it (hashing,
discretization, text), each writing its own preprocessing_*.json.

TF_USE_LEGACY_KERAS=1 makes `tf.keras` resolve to Keras 2 (the `tf_keras` package), which is
what the TFRS tutorials use. The script sets it itself before importing TensorFlow. If
tf_keras is not importable it falls back to Keras 3; "keras_package" in the JSON records which
one produced the file.

It writes Fixtures/golden/preprocessing.json (relative to this file).

File shape:

    {"generator": "Fixtures/golden/make_preprocessing.py",
     "tensorflow_version": ..., "keras_version": ..., "keras_package": "tf_keras" | "keras",
     "cases": [{"name", "op", "params", "input", "output", ...extra keys}, ...]}

Ops:

* "normalization": params {"axis": -1 | null, "mean"?, "variance"?, "invert"?}.
  "adapt" (when present) is a 2-D list [n, d] passed to ONE `layer.adapt(np.array(adapt,
  float32))` call. "input"/"output" are 2-D float lists (output is the float32 result
  converted to Python floats). "mean"/"variance" are the layer's adapted/given weights,
  flattened. With axis null they are single-element lists.
* "discretization": params {"bin_boundaries"}; input list of floats (float32), output ints.
* "string_lookup" / "integer_lookup": params {"vocabulary", "num_oov_indices", "mask_token",
  "oov_token", "max_tokens", "invert", "output_mode"}; "adapt" (when vocabulary is null) is a
  1-D list passed to one `layer.adapt(...)` call. "vocabulary_out" is layer.get_vocabulary().
  int mode: input is a 1-D list, output 1-D. one_hot: input 1-D (or [n, 1]), output 2-D
  [n, vocab_size].
  multi_hot/count: input is a 2-D list (equal-length rows), output 2-D [rows, vocab_size].
  invert: input is a list of indices, output the tokens.
  Error cases carry "output": null, "error": the Python exception class name, and
  "error_stage": "construct" | "adapt" | "call" (where it was raised).
  Non-int output values are float32 (0.0/1.0 or counts).
"""

import json
import os
import sys

from golden_env import np, tf, keras, KERAS_PACKAGE, tolist  # noqa: E402  (sets TF_USE_LEGACY_KERAS first)

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "preprocessing.json")

CASES = []


def f32list(a):
    return [float(x) for x in np.asarray(a, dtype=np.float32).reshape(-1)]


def f32rows(a):
    a = np.asarray(a, dtype=np.float32)
    return [[float(x) for x in row] for row in a]


def vocab_list(v):
    out = []
    for x in v:
        if isinstance(x, bytes):
            x = x.decode("utf-8")
        elif isinstance(x, (np.integer,)):
            x = int(x)
        out.append(x)
    return out


# ---------------------------------------------------------------- normalization

def norm_case(name, input, adapt=None, axis=-1, mean=None, variance=None, invert=False):
    kwargs = {"axis": axis, "invert": invert}
    params = {"axis": axis}
    if mean is not None:
        kwargs["mean"] = mean
        kwargs["variance"] = variance
        params["mean"] = mean
        params["variance"] = variance
    if invert:
        params["invert"] = True
    layer = keras.layers.Normalization(**kwargs)
    if adapt is not None:
        layer.adapt(np.array(adapt, dtype=np.float32))
    x = np.array(input, dtype=np.float32)
    y = layer(x)
    case = {"name": name, "op": "normalization", "params": params}
    if adapt is not None:
        case["adapt"] = f32rows(adapt)
    case["input"] = f32rows(input)
    case["output"] = tolist(y)
    case["mean"] = f32list(layer.mean)
    case["variance"] = f32list(layer.variance)
    CASES.append(case)


def normalization_cases():
    a1 = [[1.0], [2.0], [3.0], [4.0], [5.0]]
    norm_case("norm_d1_basic", [[0.0], [3.0], [6.0], [-2.5]], adapt=a1)
    norm_case("norm_d1_axisnone", [[0.0], [3.0], [6.0]], adapt=a1, axis=None)
    a3 = [[1.0, -10.0, 7.0], [2.0, -20.0, 7.0], [4.0, 30.0, 7.0], [8.0, 0.5, 7.0]]
    norm_case("norm_d3_const_col", [[0.0, 0.0, 7.0], [3.75, 0.125, 8.0], [-1.0, -100.0, 6.0]],
              adapt=a3)
    norm_case("norm_d3_axisnone", [[0.0, 0.0, 7.0], [3.75, 0.125, 8.0]], adapt=a3, axis=None)
    big = [[1.0e9, -3.0e6], [1.5e9, -1.0e6], [2.0e9, 4.0e6], [1.2e9, 2.5e6]]
    norm_case("norm_d2_large", [[1.0e9, 0.0], [1.425e9, 625000.0], [3.0e9, -5.0e6]], adapt=big)
    ts = [[8.74724731e8], [8.74724750e8], [8.93286638e8], [8.81250949e8], [8.89751712e8],
          [9.78300760e8], [8.75071561e8]]
    norm_case("norm_timestamps_axisnone", [[8.74724731e8], [9.0e8], [9.78300760e8]], adapt=ts,
              axis=None)
    norm_case("norm_constant_d1", [[5.0], [5.0], [6.0], [4.0]], adapt=[[5.0], [5.0], [5.0]])
    norm_case("norm_single_row", [[1.0, 2.0], [0.0, 0.0]], adapt=[[1.0, 2.0]])
    neg = [[-1.0, -0.001], [-2.0, -0.002], [-3.5, -0.004], [-7.25, 0.003], [-0.5, 0.0]]
    norm_case("norm_d2_negative_small", [[-1.0, 0.0], [0.0, 0.01], [-10.0, -0.01]], adapt=neg)
    rng = np.random.RandomState(7)
    r = (rng.randn(37, 3) * np.array([1.0, 100.0, 0.01]) + np.array([0.0, -50.0, 3.0]))
    r = r.astype(np.float32).tolist()
    norm_case("norm_d3_random37", [row for row in r[:5]] + [[0.0, 0.0, 0.0]], adapt=r)
    # given mean / variance
    norm_case("norm_given_scalar", [[0.0], [2.0], [4.0]], mean=2.0, variance=4.0)
    norm_case("norm_given_vector", [[0.0, 1.0, 2.0], [3.0, 4.0, 5.0]], mean=[1.0, 2.0, 3.0],
              variance=[1.0, 0.25, 9.0])
    norm_case("norm_given_zero_variance", [[1.0, 1.0], [2.0, 0.0]], mean=[1.0, 0.0],
              variance=[0.0, 1.0])
    norm_case("norm_given_scalar_axisnone", [[0.0, 10.0], [20.0, -5.0]], axis=None, mean=5.0,
              variance=25.0)
    # invert
    norm_case("norm_invert_given", [[-1.0, 0.0], [1.0, 2.0]], mean=[10.0, -3.0],
              variance=[4.0, 0.0], invert=True)
    norm_case("norm_invert_adapt_d1", [[-1.0], [0.0], [1.5]], adapt=a1, invert=True)
    norm_case("norm_invert_adapt_d3", [[0.0, 0.0, 0.0], [1.0, -1.0, 2.0]], adapt=a3, invert=True)
    norm_case("norm_invert_given_axisnone", [[-2.0, 0.5], [1.0, 0.0]], axis=None, mean=1.5,
              variance=0.25, invert=True)
    norm_case("norm_invert_constant_adapt", [[0.0], [1.0], [-3.0]], adapt=[[5.0], [5.0]],
              invert=True)
    norm_case("norm_invert_axisnone", [[0.0, 1.0, -1.0]], adapt=a3, axis=None, invert=True)


# ---------------------------------------------------------------- discretization

def disc_case(name, boundaries, input):
    layer = keras.layers.Discretization(bin_boundaries=boundaries)
    y = layer(np.array(input, dtype=np.float32))
    CASES.append({"name": name, "op": "discretization", "params": {"bin_boundaries": boundaries},
                  "input": f32list(input), "output": tolist(y)})


def discretization_cases():
    disc_case("disc_basic", [0.0, 1.0, 2.0],
              [-1.0, -0.0001, 0.0, 0.5, 0.9999, 1.0, 1.5, 2.0, 2.5, 100.0])
    disc_case("disc_negative", [-10.0, -5.0, -1.5, 0.0],
              [-100.0, -10.0, -9.99, -5.0, -4.0, -1.5, -1.4, -0.0, 0.0, 3.0])
    disc_case("disc_single_boundary", [3.5], [3.4, 3.5, 3.6, -3.5, 0.0])
    disc_case("disc_fractional", [0.1, 0.2, 0.3], [0.1, 0.2, 0.3, 0.15, 0.25, 0.35, 0.05])
    b = np.linspace(0.0, 1.0, 11).astype(np.float32).tolist()
    disc_case("disc_linspace11", b, [0.0, 0.05, 0.1, 0.3, 0.55, 0.7, 0.95, 1.0, 1.2, -0.2])
    b = np.linspace(8.74e8, 8.94e8, num=5).astype(np.float32).tolist()
    disc_case("disc_timestamps", b, [8.73e8, 8.74e8, 8.79e8, 8.8e8, 8.89e8, 8.94e8, 9.0e8])


# ---------------------------------------------------------------- lookups

def lookup_case(name, kind, input, vocabulary=None, adapt=None, num_oov_indices=1,
                mask_token=None, oov_token=None, max_tokens=None, invert=False,
                output_mode="int", expect_error=False):
    if oov_token is None:
        oov_token = "[UNK]" if kind == "string" else -1
    params = {"vocabulary": vocabulary, "num_oov_indices": num_oov_indices,
              "mask_token": mask_token, "oov_token": oov_token, "max_tokens": max_tokens,
              "invert": invert, "output_mode": output_mode}
    cls = keras.layers.StringLookup if kind == "string" else keras.layers.IntegerLookup
    case = {"name": name, "op": "string_lookup" if kind == "string" else "integer_lookup",
            "params": params}
    if adapt is not None:
        case["adapt"] = adapt
    case["input"] = input
    try:
        _run_lookup(case, cls, kind, input, vocabulary, adapt, num_oov_indices, mask_token,
                    oov_token, max_tokens, invert, output_mode)
    except (ValueError, tf.errors.InvalidArgumentError) as e:
        if not expect_error:
            raise
        case["output"] = None
        case["error"] = type(e).__name__
        case["error_stage"] = case.get("_stage", "?")
        case.pop("_stage", None)
        CASES.append(case)
        return
    assert not expect_error, name + " did not raise"
    case.pop("_stage", None)
    CASES.append(case)


def _run_lookup(case, cls, kind, input, vocabulary, adapt, num_oov_indices, mask_token,
                oov_token, max_tokens, invert, output_mode):
    case["_stage"] = "construct"
    layer = cls(max_tokens=max_tokens, num_oov_indices=num_oov_indices,
                mask_token=mask_token, oov_token=oov_token, vocabulary=vocabulary,
                invert=invert, output_mode=output_mode)
    case["_stage"] = "adapt"
    if adapt is not None:
        if kind == "string":
            layer.adapt(np.array(adapt, dtype=object))
        else:
            layer.adapt(np.array(adapt, dtype=np.int64))
    case["_stage"] = "call"
    if invert:
        x = np.array(input, dtype=np.int64)
    elif kind == "string":
        x = tf.constant(input, dtype=tf.string)
    else:
        x = np.array(input, dtype=np.int64)
    y = layer(x)
    case["output"] = tolist(y)
    case["vocabulary_out"] = vocab_list(layer.get_vocabulary())
    case["vocabulary_size"] = int(layer.vocabulary_size())


def string_lookup_cases():
    v = ["a", "b", "c"]
    inp = ["a", "b", "c", "d", "", "[UNK]", "A"]
    for oov in (0, 1):
        for mask in (None, ""):
            nm = "str_vocab_oov%d_mask%s" % (oov, "none" if mask is None else "empty")
            i = inp if oov == 1 else [s for s in inp if s in v or (mask == "" and s == "")]
            lookup_case(nm, "string", i, vocabulary=v, num_oov_indices=oov, mask_token=mask)
    # adapt with ties, unicode, empty string
    ad = ["b", "a", "c", "a", "b", "d", "é", "日本", "é", "", "", "zz", "Z", "a", "[UNK]"]
    probe = ["a", "b", "c", "d", "é", "日本", "", "zz", "Z", "nope", "[UNK]"]
    lookup_case("str_adapt_ties_oov1", "string", probe, adapt=ad)
    lookup_case("str_adapt_ties_oov1_mask", "string", probe, adapt=ad, mask_token="")
    lookup_case("str_adapt_ties_oov0", "string",
                [s for s in probe if s not in ("nope", "[UNK]")], adapt=ad, num_oov_indices=0)
    lookup_case("str_adapt_ties_oov0_mask", "string",
                [s for s in probe if s not in ("nope", "[UNK]")], adapt=ad, num_oov_indices=0,
                mask_token="")
    lookup_case("str_adapt_max1_error", "string", probe, adapt=ad, max_tokens=1,
                expect_error=True)
    lookup_case("str_vocab_oov0_oov_input_error", "string", ["a", "d"], vocabulary=v,
                num_oov_indices=0, expect_error=True)
    lookup_case("int_vocab_oov0_oov_input_error", "int", [10, 40], vocabulary=[10, 20, 30],
                num_oov_indices=0, expect_error=True)
    for mt in (2, 3, 5, 100):
        lookup_case("str_adapt_max%d_oov1" % mt, "string", probe, adapt=ad, max_tokens=mt)
    # max_tokens == mask + OOV slots leaves room for zero learned tokens: adapt fails.
    lookup_case("str_adapt_max2_oov1_mask_error", "string", probe, adapt=ad, max_tokens=2,
                mask_token="", expect_error=True)
    lookup_case("str_adapt_max4_oov1_mask", "string", probe, adapt=ad, max_tokens=4,
                mask_token="")
    lookup_case("str_adapt_max3_oov0", "string", ["b", "a"], adapt=ad, max_tokens=3,
                num_oov_indices=0)
    lookup_case("str_adapt_max3_oov0_mask", "string", ["é", "", "a"], adapt=ad, max_tokens=3,
                num_oov_indices=0, mask_token="")
    # all-tie ordering
    ties = ["apple", "Banana", "banana", "cherry", "aa", "a", "b", "ab", "ä", "z"]
    lookup_case("str_adapt_all_ties", "string", ties + ["q"], adapt=ties)
    # Canonically equivalent spellings are different bytes, hence different tokens in TF.
    nfc, nfd = "caf\u00e9", "cafe\u0301"
    lookup_case("str_adapt_canonical_equivalents", "string", [nfd, nfc, "cafe", "caf"],
                adapt=[nfc, nfc, nfd, "cafe", nfd, nfd])
    lookup_case("str_vocab_canonical_equivalents", "string", [nfd, nfc, "e\u0301", "\u00e9"],
                vocabulary=[nfc, nfd, "\u00e9"])
    cnt = ["x"] * 3 + ["y"] * 3 + ["w"] * 2 + ["v"] * 1 + ["u"] * 5 + ["t"] * 2
    lookup_case("str_adapt_counts", "string", ["u", "x", "y", "t", "w", "v", "s"], adapt=cnt)
    lookup_case("str_custom_oov_token", "string", ["a", "zz", "<oov>"], vocabulary=v,
                oov_token="<oov>")
    # invert
    lookup_case("str_invert_oov1", "string", [0, 1, 2, 3], vocabulary=v, invert=True)
    lookup_case("str_invert_oov1_mask", "string", [0, 1, 2, 3, 4], vocabulary=v, invert=True,
                mask_token="")
    lookup_case("str_invert_oov0", "string", [0, 1, 2], vocabulary=v, invert=True,
                num_oov_indices=0)
    lookup_case("str_invert_oov0_mask", "string", [0, 1, 2, 3], vocabulary=v, invert=True,
                num_oov_indices=0, mask_token="")
    lookup_case("str_invert_adapt", "string", [0, 1, 2, 3, 4, 5], adapt=cnt, invert=True)
    lookup_case("str_invert_out_of_range", "string", [0, 3, 4, 99], vocabulary=v, invert=True)
    # non-int output modes
    lookup_case("str_one_hot", "string", ["a", "b", "c", "d", ""], vocabulary=v,
                output_mode="one_hot")
    lookup_case("str_one_hot_mask", "string", ["a", "b", "c", "d"], vocabulary=v,
                output_mode="one_hot", mask_token="")
    lookup_case("str_one_hot_mask_input", "string", ["a", "", "d", ""], vocabulary=v,
                output_mode="one_hot", mask_token="")
    # a trailing dimension of 1 is replaced by the one-hot dimension (output stays 2-D)
    lookup_case("str_one_hot_col", "string", [["a"], ["d"], ["c"]], vocabulary=v,
                output_mode="one_hot")
    lookup_case("str_one_hot_adapt", "string", ["u", "x", "zz"], adapt=cnt, output_mode="one_hot")
    mh_in = [["a", "a", "b"], ["c", "d", "d"], ["", "b", "q"], ["c", "c", "c"]]
    lookup_case("str_multi_hot", "string", mh_in, vocabulary=v, output_mode="multi_hot")
    lookup_case("str_multi_hot_mask", "string", mh_in, vocabulary=v, output_mode="multi_hot",
                mask_token="")
    lookup_case("str_count", "string", mh_in, vocabulary=v, output_mode="count")
    lookup_case("str_count_mask", "string", mh_in, vocabulary=v, output_mode="count",
                mask_token="")
    lookup_case("str_count_adapt_max4", "string", [["u", "x", "y", "y"], ["t", "t", "u", "w"]],
                adapt=cnt, max_tokens=4, output_mode="count")
    lookup_case("str_multi_hot_adapt", "string", [["u", "x", "y", "y"], ["t", "t", "u", "w"]],
                adapt=cnt, output_mode="multi_hot")


def integer_lookup_cases():
    v = [10, 20, 30]
    inp = [10, 20, 30, 40, 0, -1, -10]
    for oov in (0, 1):
        for mask in (None, 0):
            nm = "int_vocab_oov%d_mask%s" % (oov, "none" if mask is None else "0")
            i = inp if oov == 1 else [s for s in inp if s in v or (mask == 0 and s == 0)]
            lookup_case(nm, "int", i, vocabulary=v, num_oov_indices=oov, mask_token=mask)
    ad = [5, 3, 3, 7, 5, 9, 1, 0, 0, -1, -4, 100, 9, 3, 12, 2]
    probe = [5, 3, 7, 9, 1, 0, -1, -4, 100, 12, 2, 42]
    lookup_case("int_adapt_ties_oov1", "int", probe, adapt=ad)
    lookup_case("int_adapt_ties_oov1_mask", "int", probe, adapt=ad, mask_token=0)
    lookup_case("int_adapt_ties_oov0", "int", [p for p in probe if p not in (-1, 42)], adapt=ad,
                num_oov_indices=0)
    lookup_case("int_adapt_ties_oov0_mask", "int", [p for p in probe if p not in (-1, 42)],
                adapt=ad, num_oov_indices=0, mask_token=0)
    for mt in (2, 4, 6):
        lookup_case("int_adapt_max%d_oov1" % mt, "int", probe, adapt=ad, max_tokens=mt)
    lookup_case("int_adapt_max4_oov1_mask", "int", probe, adapt=ad, max_tokens=4, mask_token=0)
    # all-tie ordering with multi-digit numbers (numeric vs. string order)
    ties = [1, 2, 10, 11, 100, -5, -50, 9, 20, 3]
    lookup_case("int_adapt_all_ties", "int", ties + [7], adapt=ties)
    lookup_case("int_adapt_large_ids", "int", [2 ** 40, 2 ** 40 + 1, 7],
                adapt=[2 ** 40, 2 ** 40 + 1, 2 ** 40 + 1])
    lookup_case("int_invert_oov1", "int", [0, 1, 2, 3], vocabulary=v, invert=True)
    lookup_case("int_invert_oov1_mask", "int", [0, 1, 2, 3, 4], vocabulary=v, invert=True,
                mask_token=0)
    lookup_case("int_invert_oov0", "int", [0, 1, 2], vocabulary=v, invert=True,
                num_oov_indices=0)
    lookup_case("int_invert_out_of_range", "int", [0, 3, 4, 99, -1, -7], vocabulary=v,
                invert=True)
    lookup_case("int_invert_adapt", "int", [0, 1, 2, 3], adapt=ad, invert=True)
    lookup_case("int_one_hot", "int", [10, 20, 30, 40], vocabulary=v, output_mode="one_hot")
    lookup_case("int_multi_hot", "int", [[10, 10, 40], [30, 20, 0]], vocabulary=v,
                output_mode="multi_hot")
    lookup_case("int_one_hot_mask_input", "int", [10, 0, 40], vocabulary=v,
                output_mode="one_hot", mask_token=0)
    lookup_case("int_count_mask", "int", [[10, 10, 40], [30, 20, 0]], vocabulary=v,
                output_mode="count", mask_token=0)


def main():
    normalization_cases()
    discretization_cases()
    string_lookup_cases()
    integer_lookup_cases()
    names = [c["name"] for c in CASES]
    assert len(names) == len(set(names)), "duplicate case names"
    doc = {"generator": "Fixtures/golden/make_preprocessing.py",
           "tensorflow_version": tf.__version__,
           "keras_version": keras.__version__,
           "keras_package": KERAS_PACKAGE,
           "cases": CASES}
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, separators=(",", ":"))
        f.write("\n")
    counts = {}
    for c in CASES:
        counts[c["op"]] = counts.get(c["op"], 0) + 1
    print("wrote %d cases to %s: %s (keras %s via %s)" % (
        len(CASES), os.path.normpath(OUT), counts, keras.__version__, KERAS_PACKAGE),
        file=sys.stderr)


def run_all_generators():
    """--all: the other preprocessing generators in this folder, one after another."""
    import subprocess
    for script in ("make_preprocessing_hashing.py", "make_preprocessing_discretization.py",
                   "make_preprocessing_text.py"):
        subprocess.run([sys.executable, os.path.join(HERE, script)], check=True)


if __name__ == "__main__":
    main()
    if "--all" in sys.argv[1:]:
        run_all_generators()
