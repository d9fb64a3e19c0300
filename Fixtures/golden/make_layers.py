#!/usr/bin/env python3
"""Golden vectors for ReelTensor's layers, losses, kernels and optimizers.

Run by hand (not in CI), from anywhere:

    pip install tensorflow-cpu tf-keras   # produced with tensorflow 2.21.0 + tf-keras 2.21.0
    TF_USE_LEGACY_KERAS=1 python3 Fixtures/golden/make_layers.py

TF_USE_LEGACY_KERAS=1 makes `tf.keras` resolve to Keras 2 (the `tf_keras` package), which is
what the TFRS tutorials use. The script sets it itself before importing TensorFlow. If
tf_keras is not importable it falls back to Keras 3; "keras_package" in the JSON records which
one produced the file.

It writes Fixtures/golden/layers.json (relative to this file).

File shape (as preprocessing.json):

    {"generator": "Fixtures/golden/make_layers.py",
     "tensorflow_version": ..., "keras_version": ..., "keras_package": "tf_keras" | "keras",
     "cases": [{"name", "op", "params", "input", "output"}, ...]}

Every tensor is {"shape": [...], "values": [...]} (row-major float32 values as Python
floats; integer tensors hold ints). "input" and "output" are objects of named tensors.
Gradients are of L = sum(y * upstream) for the case's output y and the recorded "upstream"
(random weights), taken with tf.GradientTape; sparse (IndexedSlices) gradients are recorded
dense.

Ops:

* "dense": params {activation, use_bias}; input x, kernel, bias, upstream; output y, dx,
  dkernel, dbias.
* "embedding": params {mask_zero}; input table, ids [b, t], upstream; output y, mask (0/1),
  dtable.
* "loss": params {loss, reduction}; loss in categorical_crossentropy (from_logits=True),
  sparse_categorical_crossentropy (from_logits=True), mean_squared_error,
  binary_crossentropy (probabilities), binary_crossentropy_logits; reduction in none, sum,
  sum_over_batch_size. input y_true, y_pred, optional sample_weight; output loss, dy_pred
  (gradient of the sum of the loss values).
* "global_average_pooling_1d": input x [b, t, d], mask [b, t] (0/1), upstream; output y, dx.
* "l2_normalize" / "log_softmax" / "softmax": last axis; input x, upstream; output y, dx.
* "top_k": params {k}; input x; output values, indices (tf.math.top_k, sorted).
* "optimizer": params {optimizer, config}; input weight, steps (a list of gradients, each
  either a dense tensor or {"indices", "values", "dense_shape"}); output weights (after each
  step).
* "retrieval_step": two embedding towers, in-batch softmax (TFRS Retrieval's loss:
  CategoricalCrossentropy(from_logits=True, reduction=SUM) against eye(n)) and one Adagrad
  step; input users, movies, user_ids, movie_ids, learning_rate; output loss, users, movies.
"""

import json
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

try:
    import tf_keras as keras  # noqa: E402

    KERAS_PACKAGE = "tf_keras"
except ImportError:  # pragma: no cover
    import keras  # noqa: E402

    KERAS_PACKAGE = "keras"

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "layers.json")

CASES = []
RNG = np.random.default_rng(20261129)


def tensor(a):
    a = a.numpy() if hasattr(a, "numpy") else np.asarray(a)
    if isinstance(a, tf.IndexedSlices):
        a = tf.convert_to_tensor(a).numpy()
    shape = list(a.shape)
    flat = a.reshape(-1)
    if a.dtype.kind in ("i", "u", "b"):
        values = [int(x) for x in flat]
    else:
        values = [float(x) for x in flat.astype(np.float32)]
    return {"shape": shape, "values": values}


def dense_grad(g):
    if isinstance(g, tf.IndexedSlices):
        return tf.convert_to_tensor(g)
    return g


def uniform(shape, low=-1.0, high=1.0):
    return RNG.uniform(low, high, size=shape).astype(np.float32)


def add(name, op, params, inputs, outputs):
    CASES.append({"name": name, "op": op, "params": params,
                  "input": {k: tensor(v) for k, v in inputs.items()},
                  "output": {k: tensor(v) for k, v in outputs.items()}})


# ---------------------------------------------------------------- layers

def dense_cases():
    for activation in ["linear", "relu", "sigmoid", "tanh"]:
        for use_bias in [True, False]:
            x = uniform((5, 4), -2, 2)
            kernel = uniform((4, 3))
            bias = uniform((3,))
            upstream = uniform((5, 3), 0.5, 1.5)
            layer = keras.layers.Dense(3, activation=activation, use_bias=use_bias)
            layer.build((None, 4))
            layer.set_weights([kernel, bias] if use_bias else [kernel])
            xt = tf.constant(x)
            with tf.GradientTape() as tape:
                tape.watch(xt)
                y = layer(xt)
                loss = tf.reduce_sum(y * upstream)
            grads = tape.gradient(loss, [xt] + layer.trainable_variables)
            outputs = {"y": y, "dx": grads[0], "dkernel": grads[1]}
            if use_bias:
                outputs["dbias"] = grads[2]
            add("dense_%s_%s" % (activation, "bias" if use_bias else "nobias"), "dense",
                {"activation": activation, "use_bias": use_bias},
                {"x": x, "kernel": kernel, "bias": bias, "upstream": upstream}, outputs)


def embedding_cases():
    for mask_zero in [False, True]:
        table = uniform((7, 3))
        ids = np.array([[1, 0, 6, 1], [3, 3, 3, 0]], dtype=np.int32)
        upstream = uniform((2, 4, 3), 0.5, 1.5)
        layer = keras.layers.Embedding(7, 3, mask_zero=mask_zero)
        layer.build((None, 4))
        layer.set_weights([table])
        with tf.GradientTape() as tape:
            y = layer(ids)
            loss = tf.reduce_sum(y * upstream)
        g = tape.gradient(loss, layer.trainable_variables)[0]
        mask = layer.compute_mask(ids)
        mask = np.ones(ids.shape, np.int32) if mask is None else tf.cast(mask, tf.int32)
        add("embedding_mask_zero_%s" % str(mask_zero).lower(), "embedding",
            {"mask_zero": mask_zero},
            {"table": table, "ids": ids, "upstream": upstream},
            {"y": y, "mask": mask, "dtable": dense_grad(g)})


# ---------------------------------------------------------------- losses

REDUCTIONS = {"none": keras.losses.Reduction.NONE, "sum": keras.losses.Reduction.SUM,
              "sum_over_batch_size": keras.losses.Reduction.SUM_OVER_BATCH_SIZE}


def loss_case(name, loss, reduction, y_true, y_pred, sample_weight=None):
    red = REDUCTIONS[reduction]
    fn = {
        "categorical_crossentropy":
            lambda: keras.losses.CategoricalCrossentropy(from_logits=True, reduction=red),
        "sparse_categorical_crossentropy":
            lambda: keras.losses.SparseCategoricalCrossentropy(from_logits=True, reduction=red),
        "mean_squared_error": lambda: keras.losses.MeanSquaredError(reduction=red),
        "binary_crossentropy": lambda: keras.losses.BinaryCrossentropy(reduction=red),
        "binary_crossentropy_logits":
            lambda: keras.losses.BinaryCrossentropy(from_logits=True, reduction=red),
    }[loss]()
    pred = tf.constant(y_pred)
    with tf.GradientTape() as tape:
        tape.watch(pred)
        value = fn(y_true, pred, sample_weight=sample_weight)
    grad = tape.gradient(value, pred)
    inputs = {"y_true": y_true, "y_pred": y_pred}
    if sample_weight is not None:
        inputs["sample_weight"] = sample_weight
    add(name, "loss", {"loss": loss, "reduction": reduction}, inputs,
        {"loss": value, "dy_pred": grad})


def loss_cases():
    logits = uniform((4, 6), -4, 4)
    soft = RNG.dirichlet(np.ones(6), size=4).astype(np.float32)
    classes = np.array([0, 5, 2, 2], dtype=np.int32)
    weights = np.array([1.0, 0.5, 2.0, 0.0], dtype=np.float32)
    one_hot = np.eye(6, dtype=np.float32)[classes]
    big = np.array([[1000.0, -1000.0, 3.0], [50.0, 50.0, 50.0]], dtype=np.float32)
    probs = uniform((5, 2), 0.02, 0.98)
    probs[0, 0] = 0.0
    probs[1, 1] = 1.0
    probs[2, 0] = 1e-9
    labels01 = RNG.integers(0, 2, size=(5, 2)).astype(np.float32)
    labels01[0, 0] = 1.0
    labels01[1, 1] = 0.0
    regression = uniform((5, 1), 1, 5)
    targets = np.round(uniform((5, 1), 1, 5))
    w5 = np.array([1.0, 2.0, 0.5, 0.0, 1.0], dtype=np.float32)
    for reduction in ["none", "sum", "sum_over_batch_size"]:
        loss_case("cce_soft_%s" % reduction, "categorical_crossentropy", reduction, soft, logits)
        loss_case("cce_onehot_weighted_%s" % reduction, "categorical_crossentropy", reduction,
                  one_hot, logits, weights)
        loss_case("scce_weighted_%s" % reduction, "sparse_categorical_crossentropy", reduction,
                  classes, logits, weights)
        loss_case("mse_%s" % reduction, "mean_squared_error", reduction, targets, regression)
        loss_case("mse_weighted_%s" % reduction, "mean_squared_error", reduction, targets,
                  regression, w5)
        loss_case("bce_probabilities_%s" % reduction, "binary_crossentropy", reduction,
                  labels01, probs)
        loss_case("bce_logits_weighted_%s" % reduction, "binary_crossentropy_logits", reduction,
                  labels01, uniform((5, 2), -30, 30), w5)
    loss_case("cce_extreme_logits_sum", "categorical_crossentropy", "sum",
              np.eye(2, 3, dtype=np.float32), big)


# ---------------------------------------------------------------- kernels

def pooling_cases():
    x = uniform((3, 4, 2))
    mask = np.array([[1, 1, 0, 0], [1, 1, 1, 1], [0, 1, 0, 1]], dtype=np.int32)
    upstream = uniform((3, 2), 0.5, 1.5)
    xt = tf.constant(x)
    layer = keras.layers.GlobalAveragePooling1D()
    with tf.GradientTape() as tape:
        tape.watch(xt)
        y = layer(xt, mask=tf.constant(mask.astype(bool)))
        loss = tf.reduce_sum(y * upstream)
    add("global_average_pooling_1d_mask", "global_average_pooling_1d", {},
        {"x": x, "mask": mask, "upstream": upstream}, {"y": y, "dx": tape.gradient(loss, xt)})


def unary_cases():
    x = uniform((4, 5), -3, 3)
    x[1] = 0.0
    x[2] = x[2] * 1e-7
    for op, fn in [("l2_normalize", lambda t: tf.math.l2_normalize(t, axis=-1)),
                   ("log_softmax", tf.nn.log_softmax), ("softmax", tf.nn.softmax)]:
        upstream = uniform((4, 5), 0.5, 1.5)
        xt = tf.constant(x)
        with tf.GradientTape() as tape:
            tape.watch(xt)
            y = fn(xt)
            loss = tf.reduce_sum(y * upstream)
        add(op, op, {}, {"x": x, "upstream": upstream}, {"y": y, "dx": tape.gradient(loss, xt)})


def top_k_cases():
    x = np.array([[0.5, 0.9, 0.1, 0.9, 0.5, 0.5, -1.0, 0.9],
                  [3.0, 2.0, 1.0, 0.0, -1.0, -2.0, -3.0, -4.0],
                  [0.0] * 8], dtype=np.float32)
    for k in [1, 3, 8]:
        result = tf.math.top_k(x, k=k, sorted=True)
        add("top_k_%d" % k, "top_k", {"k": k}, {"x": x},
            {"values": result.values, "indices": result.indices})


# ---------------------------------------------------------------- optimizers

def optimizer_case(name, make, config, weight, steps):
    var = tf.Variable(weight)
    optimizer = make(**config)
    after = []
    for step in steps:
        if isinstance(step, dict):
            grad = tf.IndexedSlices(tf.constant(step["values"]), tf.constant(step["indices"]),
                                    tf.constant(weight.shape, dtype=tf.int64))
        else:
            grad = tf.constant(step)
        optimizer.apply_gradients([(grad, var)])
        after.append(var.numpy().copy())
    encoded = []
    for step in steps:
        if isinstance(step, dict):
            encoded.append({"indices": tensor(step["indices"]), "values": tensor(step["values"])})
        else:
            encoded.append(tensor(step))
    CASES.append({"name": name, "op": "optimizer",
                  "params": {"optimizer": name.split("_")[0], "config": config},
                  "input": {"weight": tensor(weight), "steps": encoded},
                  "output": {"weights": [tensor(w) for w in after]}})


def optimizer_cases():
    weight = uniform((5, 3))
    dense_steps = [uniform((5, 3)), uniform((5, 3)), uniform((5, 3))]
    sparse_steps = [
        {"indices": np.array([4, 1, 4], dtype=np.int32), "values": uniform((3, 3))},
        {"indices": np.array([0, 1], dtype=np.int32), "values": uniform((2, 3))},
    ]
    optimizers = [
        ("adagrad", keras.optimizers.Adagrad, {"learning_rate": 0.1}),
        ("sgd", keras.optimizers.SGD, {"learning_rate": 0.05}),
        ("sgd_momentum", keras.optimizers.SGD, {"learning_rate": 0.05, "momentum": 0.9}),
        ("sgd_nesterov", keras.optimizers.SGD,
         {"learning_rate": 0.05, "momentum": 0.9, "nesterov": True}),
        ("adam", keras.optimizers.Adam, {"learning_rate": 0.01}),
    ]
    for label, make, config in optimizers:
        optimizer_case("%s_dense" % label, make, config, weight, dense_steps)
        optimizer_case("%s_sparse" % label, make, config, weight, sparse_steps)


def retrieval_step_case():
    users = uniform((10, 4), -0.05, 0.05) * 10
    movies = uniform((12, 4), -0.05, 0.05) * 10
    user_ids = np.array([1, 7, 7, 0, 9, 3], dtype=np.int32)
    movie_ids = np.array([11, 2, 5, 2, 0, 11], dtype=np.int32)
    u = tf.Variable(users)
    m = tf.Variable(movies)
    optimizer = keras.optimizers.Adagrad(learning_rate=0.1)
    loss_fn = keras.losses.CategoricalCrossentropy(from_logits=True,
                                                   reduction=keras.losses.Reduction.SUM)
    with tf.GradientTape() as tape:
        q = tf.gather(u, user_ids)
        c = tf.gather(m, movie_ids)
        scores = tf.matmul(q, c, transpose_b=True)
        labels = tf.eye(6, 6)
        loss = loss_fn(labels, scores)
    grads = tape.gradient(loss, [u, m])
    optimizer.apply_gradients(zip(grads, [u, m]))
    add("retrieval_step_adagrad", "retrieval_step", {},
        {"users": users, "movies": movies, "user_ids": user_ids, "movie_ids": movie_ids,
         "learning_rate": np.float32(0.1)},
        {"loss": loss, "users": u, "movies": m})


def main():
    dense_cases()
    embedding_cases()
    loss_cases()
    pooling_cases()
    unary_cases()
    top_k_cases()
    optimizer_cases()
    retrieval_step_case()
    names = [c["name"] for c in CASES]
    assert len(names) == len(set(names)), "duplicate case names"
    doc = {"generator": "Fixtures/golden/make_layers.py",
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


if __name__ == "__main__":
    main()
