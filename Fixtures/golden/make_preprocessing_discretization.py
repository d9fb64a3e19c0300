#!/usr/bin/env python3
"""Golden vectors for Reel's Keras `Discretization` adapt/output modes and `Normalization` axes.

Run by hand (not in CI), from anywhere:

    pip install tensorflow-cpu tf-keras   # produced with tensorflow 2.21.0 + tf-keras 2.21.0
    TF_USE_LEGACY_KERAS=1 python3 Fixtures/golden/make_preprocessing_discretization.py

Same conventions as make_preprocessing.py (whose layout this file extends). It writes
Fixtures/golden/preprocessing_discretization.json:

    {"generator", "tensorflow_version", "keras_version", "keras_package", "numpy_version",
     "datasets": {name: [float, ...]},
     "cases": [{"name", "op", "params", "input", "output", ...extra keys}, ...]}

Numbers: data values are short decimals; both Keras and Reel convert them (as float64) to
float32. Keras's float32 results are written as the shortest decimal that converts (through float64)
back to the same float32 (the script asserts it). Non-finite
numbers are the strings "Infinity", "-Infinity", "NaN" (the JSON stays strict).

Ops:

* "discretization_adapt": `Discretization(num_bins, epsilon)` then ONE `adapt` call.
  params {"num_bins", "epsilon"}. The data is one of:
    - "adapt" (or "adapt_dataset", a key of "datasets"): a 1-D list passed as
      `np.array(adapt, float32)` with `batch_size=params["batch_size"]` (null: Keras's
      default, 32 values per batch);
    - "adapt_rows": a 2-D list [n, d] passed as a numpy array; Keras batches ROWS
      (`batch_size` rows per update, each update sees batch_size * d values);
    - "adapt_batches": a list of lists; a `tf.data.Dataset` whose elements are exactly these
      batches (one `update_state` each).
  "bin_boundaries" is layer.bin_boundaries after adapt, "summary" the layer's final summary
  weight [[values], [weights]]. "input"/"output": the adapted layer applied (int mode) to a
  1-D probe.
  "keras_quirk" (when present) explains a result that is faithful to Keras but surprising.
* "discretization_call": given `bin_boundaries` and `output_mode` ("int", "one_hot",
  "multi_hot", "count"); "input" is 1-D or 2-D; "output" is Keras's result (int64 indices
  or float32 encodings). "output_shape" is its shape.
* "discretization_error": a case Keras rejects: "output": null, "error": the exception
  class name, "error_stage": "construct" | "adapt" | "call". params as above plus
  "bin_boundaries" when given.
* "discretization_reel_rejects": inputs Keras accepts silently with a meaningless result
  (NaN); "keras_output" records what Keras did; Reel raises instead (documented difference).
* "normalization_axis": `Normalization(axis, mean?, variance?, invert?)` over rank-2 or
  rank-3 inputs. params {"axis": int | [int, ...] | null, "mean"?, "variance"?, "invert"?,
  "batch_size"?}. "adapt"/"input"/"output" are nested lists (2-D or 3-D); "mean"/"variance"
  are the layer's weights flattened (row-major) with shape "stat_shape" (the kept axes).
  Errors as above with op "normalization_axis_error".
"""

import json
import math
import os
import sys

from golden_env import np, tf, keras, KERAS_PACKAGE  # noqa: E402  (sets TF_USE_LEGACY_KERAS first)

tf.get_logger().setLevel("ERROR")

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "preprocessing_discretization.json")

CASES = []
DATASETS = {}


def num(x):
    """A float32 result as JSON: exact float64 of the float32, or a string if not finite."""
    x = np.float32(x)
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    # The shortest decimal that rounds (via float64, as a JSON reader does) to the same float32.
    short = float(np.format_float_positional(x, unique=True, trim="-"))
    assert np.float32(short) == x, x
    return short


def data_num(x):
    """A data value as JSON (short decimal, or a string if not finite)."""
    x = float(x)
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    return x


def nested(a, f):
    if isinstance(a, (list, tuple, np.ndarray)):
        return [nested(v, f) for v in a]
    return f(a)


def to_output(t):
    a = t.numpy() if hasattr(t, "numpy") else np.asarray(t)
    if a.dtype.kind == "f":
        return nested(a.tolist(), num)
    return a.astype(np.int64).tolist()


def f32(values):
    return np.array(values, dtype=np.float64).astype(np.float32)


# ---------------------------------------------------------------- data

def make_data():
    rng = np.random.RandomState(20240521)
    sets = {}
    for n in (1, 5, 31, 32, 33, 1000, 10000):
        sets["uniform_%d" % n] = np.round(rng.uniform(-5.0, 5.0, n), 4)
    for n in (33, 1000, 10000):
        sets["normal_%d" % n] = np.round(rng.normal(3.0, 2.0, n), 4)
    for n in (1000, 10000):
        sets["skewed_%d" % n] = np.round(rng.lognormal(0.0, 1.5, n), 4)
    for n in (32, 1000, 10000):
        sets["ties_%d" % n] = rng.choice([0.0, 1.0, 1.0, 1.0, 2.5, 7.0, 7.0], n)
    for n in (5, 33, 1000):
        sets["integers_%d" % n] = rng.randint(0, 100, n).astype(np.float64)
    # sorted and reverse-sorted input: the per-batch sort matters
    sets["ramp_1000"] = np.arange(1000, dtype=np.float64)
    sets["ramp_desc_1000"] = np.arange(1000, dtype=np.float64)[::-1] * 0.5
    sets["timestamps_1000"] = np.round(rng.uniform(8.74e8, 8.94e8, 1000), 0)
    for k, v in sets.items():
        DATASETS[k] = [data_num(x) for x in v]
    return sets


# ---------------------------------------------------------------- discretization

def probe_for(boundaries, data):
    b = np.array(boundaries, dtype=np.float32)
    finite = b[np.isfinite(b)]
    probe = list(finite) + list(np.nextafter(finite, np.float32(-np.inf)))
    d = np.asarray(data, dtype=np.float32).reshape(-1)
    probe += list(d[:: max(1, len(d) // 25)][:25])
    probe += [np.float32(-1e30), np.float32(1e30)]
    return [float(np.float32(x)) for x in probe]


def adapt_case(name, num_bins, epsilon=0.01, dataset=None, values=None, rows=None,
               batches=None, batch_size=None, quirk=None):
    params = {"num_bins": num_bins, "epsilon": epsilon, "batch_size": batch_size}
    case = {"name": name, "op": "discretization_adapt", "params": params}
    layer = keras.layers.Discretization(num_bins=num_bins, epsilon=epsilon)
    if dataset is not None:
        case["adapt_dataset"] = dataset
        data = f32(SETS[dataset])
        layer.adapt(data, batch_size=batch_size)
    elif values is not None:
        case["adapt"] = [data_num(x) for x in values]
        data = f32(values)
        layer.adapt(data, batch_size=batch_size)
    elif rows is not None:
        case["adapt_rows"] = nested(rows, data_num)
        data = f32(rows)
        layer.adapt(data, batch_size=batch_size)
    else:
        case["adapt_batches"] = [[data_num(x) for x in b] for b in batches]
        parts = [f32(b) for b in batches]
        ds = tf.data.Dataset.from_generator(
            lambda: iter(parts), output_signature=tf.TensorSpec(shape=(None,), dtype=tf.float32))
        layer.adapt(ds)
        data = np.concatenate(parts) if parts else np.zeros([0], np.float32)
    boundaries = [float(x) for x in layer.bin_boundaries]
    case["bin_boundaries"] = [num(x) for x in boundaries]
    s = layer.summary.numpy()
    case["summary"] = [[num(x) for x in s[0]], [num(x) for x in s[1]]]
    probe = probe_for(boundaries, data)
    case["input"] = [num(x) for x in probe]
    case["output"] = to_output(layer(np.array(probe, dtype=np.float32)))
    if quirk:
        case["keras_quirk"] = quirk
    CASES.append(case)


def call_case(name, boundaries, input, output_mode="int"):
    layer = keras.layers.Discretization(bin_boundaries=boundaries, output_mode=output_mode)
    y = layer(np.array(input, dtype=np.float32))
    CASES.append({"name": name, "op": "discretization_call",
                  "params": {"bin_boundaries": nested(boundaries, data_num), "output_mode": output_mode},
                  "input": nested(input, data_num), "output": to_output(y),
                  "output_shape": list(y.shape)})


def error_case(name, stage_fn, params, input=None, note=None):
    case = {"name": name, "op": "discretization_error", "params": params}
    if input is not None:
        case["input"] = nested(input, data_num)
    stage = {"s": "construct"}
    try:
        stage_fn(stage)
    except Exception as e:  # noqa: BLE001 - recording Keras's exception class is the point
        case["output"] = None
        case["error"] = type(e).__name__
        case["error_stage"] = stage["s"]
        if note:
            case["note"] = note
        CASES.append(case)
        return
    raise AssertionError(name + " did not raise")


def discretization_error_cases():
    def both(st):
        keras.layers.Discretization(num_bins=3, bin_boundaries=[0.0, 1.0])
    error_case("disc_error_both", both, {"num_bins": 3, "bin_boundaries": [0.0, 1.0]})

    def negative(st):
        keras.layers.Discretization(num_bins=-1)
    error_case("disc_error_num_bins_negative", negative, {"num_bins": -1})

    def zero(st):
        layer = keras.layers.Discretization(num_bins=0)
        st["s"] = "adapt"
        layer.adapt(np.array([1.0, 2.0, 3.0], np.float32))
    error_case("disc_error_num_bins_zero", zero, {"num_bins": 0}, input=[1.0, 2.0, 3.0],
               note="Keras accepts num_bins=0 and fails dividing by it in adapt; Reel "
                    "rejects num_bins < 1 when constructing")

    def neither(st):
        layer = keras.layers.Discretization()
        st["s"] = "adapt"
        layer.adapt(np.array([1.0, 2.0, 3.0], np.float32))
    error_case("disc_error_neither", neither, {}, input=[1.0, 2.0, 3.0],
               note="Keras constructs a layer with neither argument (it maps everything to "
                    "bin 0) and fails in adapt; Reel rejects it when constructing")

    def empty(st):
        layer = keras.layers.Discretization(num_bins=3)
        st["s"] = "adapt"
        layer.adapt(np.zeros([0], np.float32))
    error_case("disc_error_adapt_empty", empty, {"num_bins": 3}, input=[])

    def adapt_given(st):
        layer = keras.layers.Discretization(bin_boundaries=[0.0, 1.0])
        st["s"] = "adapt"
        layer.adapt(np.array([1.0, 2.0], np.float32))
    error_case("disc_error_adapt_with_boundaries", adapt_given, {"bin_boundaries": [0.0, 1.0]},
               input=[1.0, 2.0])

    def unsorted(st):
        layer = keras.layers.Discretization(bin_boundaries=[1.0, 0.0])
        st["s"] = "call"
        layer(np.array([0.5], np.float32))
    error_case("disc_error_unsorted_boundaries", unsorted, {"bin_boundaries": [1.0, 0.0]},
               input=[0.5], note="Keras checks at call (Bucketize); Reel when constructing")

    def one_hot_wide(st):
        layer = keras.layers.Discretization(bin_boundaries=[0.0, 1.0], output_mode="one_hot")
        st["s"] = "call"
        layer(np.array([[0.5, 2.0], [1.0, -1.0]], np.float32))
    error_case("disc_error_one_hot_rank3", one_hot_wide,
               {"bin_boundaries": [0.0, 1.0], "output_mode": "one_hot"},
               input=[[0.5, 2.0], [1.0, -1.0]])

    def bad_mode(st):
        keras.layers.Discretization(bin_boundaries=[0.0], output_mode="tf_idf")
    error_case("disc_error_output_mode", bad_mode, {"bin_boundaries": [0.0], "output_mode": "tf_idf"})

    # NaN: Keras does not raise; it produces NaN boundaries (adapt) or the last bin (call).
    layer = keras.layers.Discretization(num_bins=2)
    layer.adapt(np.array([1.0, np.nan, 3.0, 2.0], np.float32))
    CASES.append({"name": "disc_nan_adapt", "op": "discretization_reel_rejects",
                  "params": {"num_bins": 2, "epsilon": 0.01, "stage": "adapt"},
                  "input": [1.0, "NaN", 3.0, 2.0],
                  "keras_output": [num(x) for x in layer.bin_boundaries], "output": None})
    layer = keras.layers.Discretization(bin_boundaries=[0.0, 1.0])
    CASES.append({"name": "disc_nan_call", "op": "discretization_reel_rejects",
                  "params": {"bin_boundaries": [0.0, 1.0], "stage": "call"},
                  "input": [0.5, "NaN"],
                  "keras_output": to_output(layer(np.array([0.5, np.nan], np.float32))),
                  "output": None})


def discretization_adapt_cases():
    # sizes x distributions, Keras's default batching (32 values per update)
    for n in (1, 5, 31, 32, 33, 1000, 10000):
        adapt_case("adapt_uniform_%d_bins4" % n, 4, dataset="uniform_%d" % n)
    adapt_case("adapt_uniform_1000_bins10", 10, dataset="uniform_1000")
    adapt_case("adapt_normal_33_bins3", 3, dataset="normal_33")
    adapt_case("adapt_normal_1000_bins10", 10, dataset="normal_1000")
    adapt_case("adapt_normal_10000_bins20", 20, dataset="normal_10000")
    adapt_case("adapt_skewed_1000_bins8", 8, dataset="skewed_1000")
    adapt_case("adapt_skewed_10000_bins16", 16, dataset="skewed_10000")
    adapt_case("adapt_ties_32_bins3", 3, dataset="ties_32")
    adapt_case("adapt_ties_1000_bins5", 5, dataset="ties_1000")
    adapt_case("adapt_ties_10000_bins7", 7, dataset="ties_10000")
    adapt_case("adapt_integers_5_bins2", 2, dataset="integers_5")
    adapt_case("adapt_integers_33_bins4", 4, dataset="integers_33")
    adapt_case("adapt_integers_1000_bins10", 10, dataset="integers_1000")
    adapt_case("adapt_ramp_1000_bins4", 4, dataset="ramp_1000")
    adapt_case("adapt_ramp_desc_1000_bins6", 6, dataset="ramp_desc_1000")
    adapt_case("adapt_timestamps_1000_bins5", 5, dataset="timestamps_1000")
    # batch sizes
    for bs in (1, 7, 100, 1000, 4096):
        adapt_case("adapt_normal_1000_bins10_batch%d" % bs, 10, dataset="normal_1000",
                   batch_size=bs)
    adapt_case("adapt_uniform_10000_bins4_batch10000", 4, dataset="uniform_10000",
               batch_size=10000)
    adapt_case("adapt_skewed_10000_bins16_batch512", 16, dataset="skewed_10000", batch_size=512)
    # epsilon
    for eps in (0.1, 0.001):
        tag = str(eps).replace(".", "p")
        adapt_case("adapt_normal_1000_bins10_eps%s" % tag, 10, epsilon=eps, dataset="normal_1000")
        adapt_case("adapt_normal_10000_bins10_eps%s_batch1000" % tag, 10, epsilon=eps,
                   dataset="normal_10000", batch_size=1000)
    adapt_case("adapt_ties_1000_bins5_eps0p1_batch100", 5, epsilon=0.1, dataset="ties_1000",
               batch_size=100)
    adapt_case("adapt_uniform_33_bins4_eps0p3", 4, epsilon=0.3, dataset="uniform_33")
    # num_bins 1..50 (49 gives 50 bins: len(np.arange(0, 1, 1/49)) == 50)
    for nb in range(1, 51):
        quirk = None
        if len(np.arange(0.0, 1.0, 1.0 / nb)) != nb:
            quirk = ("num_bins=%d gives %d boundaries: len(np.arange(0.0, 1.0, 1/%d)) == %d"
                     % (nb, len(np.arange(0.0, 1.0, 1.0 / nb)) - 1, nb,
                        len(np.arange(0.0, 1.0, 1.0 / nb))))
        adapt_case("adapt_uniform_1000_nb%d_batch100" % nb, nb, dataset="uniform_1000",
                   batch_size=100, quirk=quirk)
    adapt_case("adapt_uniform_5_bins10", 10, dataset="uniform_5",
               quirk="fewer summary points than bins: the boundaries are the summary values "
                     "without the last")
    # explicit (uneven) batches through tf.data
    rng = np.random.RandomState(99)
    x = np.round(rng.normal(0.0, 1.0, 777), 3)
    cuts = [0, 1, 40, 41, 300, 301, 333, 500, 777]
    batches = [x[a:b].tolist() for a, b in zip(cuts, cuts[1:])]
    adapt_case("adapt_dataset_uneven_batches", 6, batches=batches)
    adapt_case("adapt_dataset_uneven_batches_eps0p1", 6, epsilon=0.1, batches=batches)
    adapt_case("adapt_dataset_empty_batch_inside", 4,
               batches=[x[:200].tolist(), [], x[200:400].tolist()],
               quirk="an empty batch is not a no-op: merging it re-compresses the summary")
    adapt_case("adapt_dataset_single_values", 3, batches=[[v] for v in x[:150].tolist()])
    # 2-D numpy: batches of rows
    rows = np.round(rng.uniform(0.0, 10.0, (70, 3)), 2)
    adapt_case("adapt_rows_70x3_default_batch", 5, rows=rows.tolist())
    adapt_case("adapt_rows_70x3_batch16", 5, rows=rows.tolist(), batch_size=16)
    # infinities
    inf_vals = np.round(rng.normal(0.0, 1.0, 200), 3).tolist()
    adapt_case("adapt_inf_one_pos", 4, values=inf_vals[:50] + [np.inf] + inf_vals[50:])
    adapt_case("adapt_inf_pos_neg", 3, values=[1.0, np.inf, np.inf, 2.0, -np.inf])
    adapt_case("adapt_inf_many", 5, values=[np.inf] * 30 + inf_vals[:100] + [-np.inf] * 40)
    adapt_case("adapt_inf_all_pos", 2, values=[np.inf] * 10)
    # signed zeros and constants
    adapt_case("adapt_constant_1000", 4, values=[2.5] * 1000)
    adapt_case("adapt_signed_zeros", 3, values=[0.0, -0.0, 1.0, -1.0] * 20)
    # TensorFlow's CPU kernels treat subnormal floats as 0 when comparing (sort, Bucketize)
    sub = [1e-40, -1e-40, 3e-41, 0.0, 1.0, -2e-39, 5e-45, -0.0, 2.0, 1e-39] * 12
    adapt_case("adapt_subnormals", 4, values=sub,
               quirk="subnormals sort as 0 (TensorFlow's denormals-are-zero), keeping their order")
    adapt_case("adapt_subnormals_compressed", 7, epsilon=0.1, values=sub, batch_size=40)
    adapt_case("adapt_subnormals_final_compress", 2, values=[1e-40, -1e-40, 3e-41, 0.0, 1.0],
               quirk="the final compression runs eagerly, where subnormals are not flushed")


def discretization_call_cases():
    b = [0.0, 1.0, 2.0]
    v1 = [-1.0, 0.0, 0.5, 1.0, 2.0, 7.0, 1.5]
    v2 = [[-1.0, 0.0, 0.5], [1.0, 2.0, 7.0], [1.5, 1.5, -3.0]]
    col = [[-1.0], [0.5], [2.0]]
    for mode in ("int", "one_hot", "multi_hot", "count"):
        call_case("call_%s_1d" % mode, b, v1, mode)
        call_case("call_%s_col" % mode, b, col, mode)
        if mode != "one_hot":
            call_case("call_%s_2d" % mode, b, v2, mode)
    call_case("call_int_inf_boundaries", [float("-inf"), 0.0, float("inf")],
              [-np.inf, -1.0, 0.0, 1.0, np.inf], "int")
    call_case("call_count_empty_boundaries", [], [[1.0, 2.0], [3.0, -4.0]], "count")
    call_case("call_int_subnormal_input", [0.0], [-1e-45, -1e-39, -1.2e-38, -0.0, 1e-45], "int")
    call_case("call_int_subnormal_boundary", [1e-40, 1.0], [0.0, -1e-45, 2e-40, 1e-30, -1e-30],
              "int")
    call_case("call_int_duplicate_boundaries", [0.0, 1.0, 1.0, 2.0], [0.5, 1.0, 1.5, 2.0], "int")


# ---------------------------------------------------------------- normalization axis

def norm_case(name, input, adapt=None, axis=-1, mean=None, variance=None, invert=False,
              batch_size=None):
    kwargs = {"axis": axis, "invert": invert}
    params = {"axis": list(axis) if isinstance(axis, tuple) else axis}
    if mean is not None:
        kwargs["mean"] = mean
        kwargs["variance"] = variance
        params["mean"] = mean
        params["variance"] = variance
    if invert:
        params["invert"] = True
    if batch_size is not None:
        params["batch_size"] = batch_size
    layer = keras.layers.Normalization(**kwargs)
    if adapt is not None:
        layer.adapt(np.array(adapt, dtype=np.float32), batch_size=batch_size)
    y = layer(np.array(input, dtype=np.float32))
    case = {"name": name, "op": "normalization_axis", "params": params}
    if adapt is not None:
        case["adapt"] = nested(adapt, data_num)
    case["input"] = nested(input, data_num)
    case["output"] = to_output(y)
    m = np.asarray(layer.mean)
    stat_shape = [int(np.asarray(input).shape[d]) for d in layer._keep_axis]
    case["stat_shape"] = stat_shape
    case["mean"] = [num(x) for x in m.reshape(-1)]
    case["variance"] = [num(x) for x in np.asarray(layer.variance).reshape(-1)]
    CASES.append(case)


def norm_error_case(name, fn, params, input=None):
    case = {"name": name, "op": "normalization_axis_error", "params": params}
    if input is not None:
        case["input"] = nested(input, data_num)
    stage = {"s": "construct"}
    try:
        fn(stage)
    except Exception as e:  # noqa: BLE001
        case["output"] = None
        case["error"] = type(e).__name__
        case["error_stage"] = stage["s"]
        CASES.append(case)
        return
    raise AssertionError(name + " did not raise")


def normalization_axis_cases():
    rng = np.random.RandomState(5)
    x3 = np.round(rng.normal(0.0, 1.0, (70, 4, 3)) * np.array([1.0, 10.0, 0.1])
                  + np.array([0.0, 5.0, -2.0]), 3)
    probe3 = np.round(rng.normal(0.0, 3.0, (3, 4, 3)), 3)
    for axis, tag in ((-1, "last"), (2, "2"), (1, "1"), ((1, 2), "1_2"), ((2, 1), "2_1"),
                      (None, "none"), ((-2, -1), "m2_m1")):
        norm_case("norm3_adapt_axis_%s" % tag, probe3.tolist(), adapt=x3.tolist(), axis=axis)
    norm_case("norm3_adapt_axis_last_batch7", probe3.tolist(), adapt=x3.tolist(), axis=-1,
              batch_size=7)
    norm_case("norm3_adapt_axis_1_2_batch1", probe3.tolist(), adapt=x3[:20].tolist(),
              axis=(1, 2), batch_size=1)
    norm_case("norm3_invert_axis_1_2", probe3.tolist(), adapt=x3.tolist(), axis=(1, 2),
              invert=True)
    norm_case("norm3_invert_axis_last", probe3.tolist(), adapt=x3.tolist(), axis=-1, invert=True)
    # given statistics with broadcasting
    norm_case("norm3_given_scalar_axis_1_2", probe3.tolist(), axis=(1, 2), mean=1.5,
              variance=4.0)
    norm_case("norm3_given_lastdim_axis_1_2", probe3.tolist(), axis=(1, 2),
              mean=[1.0, -1.0, 0.5], variance=[1.0, 4.0, 0.25])
    norm_case("norm3_given_full_axis_1_2", probe3.tolist(), axis=(1, 2),
              mean=np.arange(12.0).reshape(4, 3).tolist(),
              variance=(np.arange(12.0).reshape(4, 3) + 1).tolist())
    norm_case("norm3_given_axis_last", probe3.tolist(), axis=-1, mean=[0.0, 5.0, -2.0],
              variance=[1.0, 100.0, 0.01])
    norm_case("norm3_given_axis_1", probe3.tolist(), axis=1, mean=[0.0, 1.0, 2.0, 3.0],
              variance=[1.0, 2.0, 3.0, 4.0], invert=True)
    # rank 2 with int / tuple axes and batching
    x2 = np.round(rng.normal(0.0, 1.0, (100, 3)) * np.array([2.0, 0.5, 30.0]), 3)
    probe2 = np.round(rng.normal(0.0, 2.0, (4, 3)), 3)
    norm_case("norm2_adapt_axis_1", probe2.tolist(), adapt=x2.tolist(), axis=1)
    norm_case("norm2_adapt_axis_tuple_m1", probe2.tolist(), adapt=x2.tolist(), axis=(-1,))
    norm_case("norm2_adapt_axis_none_batch5", probe2.tolist(), adapt=x2.tolist(), axis=None,
              batch_size=5)
    norm_case("norm2_adapt_axis_last_batch3", probe2.tolist(), adapt=x2.tolist(), batch_size=3)
    # errors
    def out_of_range(st):
        layer = keras.layers.Normalization(axis=3)
        st["s"] = "adapt"
        layer.adapt(x3[:4])
    norm_error_case("norm_error_axis_out_of_range", out_of_range, {"axis": 3},
                    input=x3[:4].tolist())

    def mean_only(st):
        keras.layers.Normalization(mean=1.0)
    norm_error_case("norm_error_mean_without_variance", mean_only, {"axis": -1, "mean": 1.0})

    def adapt_given(st):
        layer = keras.layers.Normalization(mean=1.0, variance=1.0)
        st["s"] = "adapt"
        layer.adapt(np.array([[1.0], [2.0]], np.float32))
    norm_error_case("norm_error_adapt_given", adapt_given, {"axis": -1, "mean": 1.0,
                                                            "variance": 1.0},
                    input=[[1.0], [2.0]])


def main():
    global SETS
    SETS = make_data()
    discretization_adapt_cases()
    discretization_call_cases()
    discretization_error_cases()
    normalization_axis_cases()
    names = [c["name"] for c in CASES]
    assert len(names) == len(set(names)), "duplicate case names"
    doc = {"generator": "Fixtures/golden/make_preprocessing_discretization.py",
           "tensorflow_version": tf.__version__,
           "keras_version": keras.__version__,
           "keras_package": KERAS_PACKAGE,
           "numpy_version": np.__version__,
           "datasets": DATASETS,
           "cases": CASES}
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
        f.write("\n")
    counts = {}
    for c in CASES:
        counts[c["op"]] = counts.get(c["op"], 0) + 1
    print("wrote %d cases to %s: %s (keras %s via %s)" % (
        len(CASES), os.path.normpath(OUT), counts, keras.__version__, KERAS_PACKAGE),
        file=sys.stderr)


if __name__ == "__main__":
    main()
