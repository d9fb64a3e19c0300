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
* "global_average_pooling_1d": input x [b, t, d], optional mask [b, t] (0/1), upstream;
  output y, dx.
* "l2_normalize" / "log_softmax" / "softmax": last axis; input x, upstream; output y, dx.
* "top_k": params {k}; input x; output values, indices (tf.math.top_k, sorted).
* "optimizer": params {optimizer, config}; input weight, steps (a list of gradients, each
  either a dense tensor or {"indices", "values", "dense_shape"}); output weights (after each
  step).
* "retrieval_step": two embedding towers, in-batch softmax (TFRS Retrieval's loss:
  CategoricalCrossentropy(from_logits=True, reduction=SUM) against eye(n)) and one Adagrad
  step; input users, movies, user_ids, movie_ids, learning_rate; output loss, users, movies.
* "gru": keras.layers.GRU(units) with its defaults (reset_after=True); params {units,
  return_sequences, use_bias}; input x [b, t, d], kernel, recurrent_kernel, optional bias,
  optional mask [b, t] (0/1), optional initial_state, upstream; output y, dx, dkernel,
  drecurrent_kernel, optional dbias, optional dinitial_state.
* "cross": tfrs.layers.dcn.Cross; params {projection_dim (null = full rank), diag_scale,
  use_bias, preactivation, two_inputs}; input x0, optional x, kernel (full rank) or u_kernel
  and v_kernel (low rank), optional bias, upstream; output y, dx0, optional dx, dkernel or
  du_kernel and dv_kernel, optional dbias, weight_matrix (kernel, or u_kernel @ v_kernel).
* "dropout": keras.layers.Dropout(rate) where it is the identity (rate 0, or training
  False); params {rate, training}; input x, upstream; output y, dx.
* "l2": keras.regularizers.L2(l2)(w); params {l2}; input w; output loss, dw.
* "regularized_layer": a layer with L2 regularizers; L = sum(y * upstream) + sum(losses);
  params {layer: "dense" | "cross_low_rank" | "gru", the regularizer factors}; input x,
  the weights (as in the layer's own op), upstream; output y, losses (layer.losses in order),
  and the gradients of L for every weight (d + weight name).
* "mlp": a keras.Sequential of Dense layers; params {sizes (input first), activation,
  final_activation}; input x, kernel_i, bias_i, upstream; output y, dx, dkernel_i, dbias_i.
* "orthogonal": the deterministic part of keras.initializers.Orthogonal (its
  _generate_init_val after the random draw); params {shape, gain}; input a (the normal
  matrix [max(rows, cols), min(rows, cols)]); output q (shape `shape`).
"""

import json
import os
import sys

from golden_env import np, tf, keras, KERAS_PACKAGE, tensor  # noqa: E402  (sets TF_USE_LEGACY_KERAS first)
import tensorflow_recommenders as tfrs  # noqa: E402  (installed --no-deps; needs legacy Keras)


HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "layers.json")

CASES = []
RNG = np.random.default_rng(20261129)


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


# ---------------------------------------------------------------- recurrent and DCN layers

def gru_case(name, b, t, d, units, mask=None, return_sequences=False, use_bias=True,
             initial_state=False):
    x = uniform((b, t, d))
    kernel = uniform((d, 3 * units), -0.6, 0.6)
    recurrent = uniform((units, 3 * units), -0.6, 0.6)
    bias = uniform((2, 3 * units), -0.3, 0.3)
    h0 = uniform((b, units), -0.8, 0.8) if initial_state else None
    upstream = uniform((b, t, units) if return_sequences else (b, units), 0.5, 1.5)
    layer = keras.layers.GRU(units, return_sequences=return_sequences, use_bias=use_bias)
    layer.build((None, t, d))
    layer.set_weights([kernel, recurrent, bias] if use_bias else [kernel, recurrent])
    xt = tf.constant(x)
    h0t = tf.constant(h0) if h0 is not None else None
    with tf.GradientTape() as tape:
        tape.watch(xt)
        if h0t is not None:
            tape.watch(h0t)
        kwargs = {}
        if mask is not None:
            kwargs["mask"] = tf.constant(mask.astype(bool))
        if h0t is not None:
            kwargs["initial_state"] = h0t
        y = layer(xt, **kwargs)
        loss = tf.reduce_sum(y * upstream)
    sources = [xt] + layer.trainable_variables + ([h0t] if h0t is not None else [])
    grads = tape.gradient(loss, sources)
    inputs = {"x": x, "kernel": kernel, "recurrent_kernel": recurrent, "upstream": upstream}
    outputs = {"y": y, "dx": grads[0], "dkernel": grads[1], "drecurrent_kernel": grads[2]}
    if use_bias:
        inputs["bias"] = bias
        outputs["dbias"] = grads[3]
    if mask is not None:
        inputs["mask"] = mask.astype(np.int32)
    if h0 is not None:
        inputs["initial_state"] = h0
        outputs["dinitial_state"] = grads[-1]
    add(name, "gru", {"units": units, "return_sequences": return_sequences,
                      "use_bias": use_bias}, inputs, outputs)


def gru_cases():
    gru_case("gru_3units_unmasked", 2, 4, 5, 3)
    gru_case("gru_1step", 2, 1, 3, 2)
    gru_case("gru_4units_masked", 3, 6, 2, 4, mask=np.array(
        [[1, 1, 1, 0, 0, 0], [0, 0, 1, 1, 1, 1], [1, 0, 1, 0, 0, 1]]))
    gru_case("gru_all_masked_row", 2, 3, 3, 2, mask=np.array([[0, 0, 0], [1, 1, 0]]))
    gru_case("gru_sequences_unmasked", 2, 3, 4, 3, return_sequences=True)
    gru_case("gru_sequences_masked", 3, 5, 4, 5, return_sequences=True, mask=np.array(
        [[1, 1, 0, 0, 0], [0, 1, 1, 0, 1], [1, 1, 1, 1, 1]]))
    gru_case("gru_initial_state_masked", 3, 4, 3, 4, initial_state=True, mask=np.array(
        [[0, 1, 1, 1], [1, 1, 0, 0], [0, 0, 0, 0]]))
    gru_case("gru_initial_state_sequences", 2, 4, 3, 3, initial_state=True,
             return_sequences=True, mask=np.array([[0, 0, 1, 0], [1, 0, 1, 1]]))
    gru_case("gru_no_bias", 2, 3, 4, 3, use_bias=False)
    lengths = [10, 7, 3, 1]
    gru_case("gru_8units_10steps_padded", 4, 10, 6, 8, mask=np.array(
        [[1 if i < n else 0 for i in range(10)] for n in lengths]))


def cross_case(name, b, d, projection_dim=None, diag_scale=0.0, use_bias=True,
               preactivation=None, two_inputs=False):
    x0 = uniform((b, d))
    x = uniform((b, d)) if two_inputs else None
    upstream = uniform((b, d), 0.5, 1.5)
    layer = tfrs.layers.dcn.Cross(projection_dim=projection_dim, diag_scale=diag_scale,
                                  use_bias=use_bias, preactivation=preactivation)
    layer(tf.constant(x0))  # builds the inner Dense layers
    inputs = {"x0": x0, "upstream": upstream}
    if projection_dim is None:
        kernel = uniform((d, d), -0.7, 0.7)
        bias = uniform((d,), -0.3, 0.3)
        layer._dense.set_weights([kernel, bias] if use_bias else [kernel])
        inputs["kernel"] = kernel
        weight_matrix = kernel
    else:
        u = uniform((d, projection_dim), -0.7, 0.7)
        v = uniform((projection_dim, d), -0.7, 0.7)
        bias = uniform((d,), -0.3, 0.3)
        layer._dense_u.set_weights([u])
        layer._dense_v.set_weights([v, bias] if use_bias else [v])
        inputs["u_kernel"] = u
        inputs["v_kernel"] = v
        weight_matrix = tf.matmul(u, v)
    if use_bias:
        inputs["bias"] = bias
    if x is not None:
        inputs["x"] = x
    x0t = tf.constant(x0)
    xt = tf.constant(x) if x is not None else None
    with tf.GradientTape() as tape:
        tape.watch(x0t)
        if xt is not None:
            tape.watch(xt)
        y = layer(x0t, xt)
        loss = tf.reduce_sum(y * upstream)
    weights = layer.trainable_variables
    grads = tape.gradient(loss, [x0t] + ([xt] if xt is not None else []) + weights)
    outputs = {"y": y, "dx0": grads[0], "weight_matrix": weight_matrix}
    rest = grads[1:]
    if xt is not None:
        outputs["dx"] = rest[0]
        rest = rest[1:]
    names = (["dkernel"] if projection_dim is None else ["du_kernel", "dv_kernel"])
    names += ["dbias"] if use_bias else []
    assert len(names) == len(rest), (names, [w.name for w in weights])
    outputs.update(dict(zip(names, rest)))
    add(name, "cross", {"projection_dim": projection_dim, "diag_scale": diag_scale,
                        "use_bias": use_bias, "preactivation": preactivation or "linear",
                        "two_inputs": two_inputs}, inputs, outputs)


def cross_cases():
    cross_case("cross_full_rank", 4, 5)
    cross_case("cross_full_rank_diag_no_bias", 3, 4, diag_scale=0.5, use_bias=False)
    cross_case("cross_full_rank_two_inputs", 3, 6, two_inputs=True)
    cross_case("cross_full_rank_tanh_preactivation", 3, 4, preactivation="tanh")
    cross_case("cross_low_rank", 4, 6, projection_dim=2)
    cross_case("cross_low_rank_diag", 3, 5, projection_dim=3, diag_scale=1.0)
    cross_case("cross_low_rank_no_bias_two_inputs", 3, 6, projection_dim=2, use_bias=False,
               two_inputs=True)


def dropout_cases():
    for rate, training in [(0.0, True), (0.5, False), (0.0, False)]:
        x = uniform((3, 4))
        upstream = uniform((3, 4), 0.5, 1.5)
        layer = keras.layers.Dropout(rate)
        xt = tf.constant(x)
        with tf.GradientTape() as tape:
            tape.watch(xt)
            y = layer(xt, training=training)
            loss = tf.reduce_sum(y * upstream)
        add("dropout_rate_%g_training_%s" % (rate, str(training).lower()), "dropout",
            {"rate": rate, "training": training}, {"x": x, "upstream": upstream},
            {"y": y, "dx": tape.gradient(loss, xt)})


def l2_cases():
    for factor, shape in [(0.01, (4, 3)), (0.3, (5,)), (1e-4, (2, 3, 2))]:
        w = uniform(shape, -2, 2)
        wt = tf.Variable(w)
        with tf.GradientTape() as tape:
            loss = keras.regularizers.L2(factor)(wt)
        add("l2_%g" % factor, "l2", {"l2": factor}, {"w": w},
            {"loss": loss, "dw": tape.gradient(loss, wt)})


def regularized_case(name, kind, layer, x, weights, weight_names, params):
    upstream_shape = None
    xt = tf.constant(x)
    if kind == "gru":
        layer.build((None,) + x.shape[1:])
    else:
        layer.build((None, x.shape[-1]))
    y = layer(xt)  # builds sub-layers (Cross)
    if kind == "cross_low_rank":
        layer._dense_u.set_weights([weights[0]])
        layer._dense_v.set_weights(weights[1:])
    else:
        layer.set_weights(weights)
    upstream = uniform(tuple(y.shape), 0.5, 1.5)
    with tf.GradientTape() as tape:
        y = layer(xt)
        losses = list(layer.losses)
        loss = tf.reduce_sum(y * upstream) + tf.add_n(losses)
    grads = tape.gradient(loss, layer.trainable_variables)
    inputs = {"x": x, "upstream": upstream}
    inputs.update(dict(zip(weight_names, weights)))
    outputs = {"y": y, "losses": tf.stack(losses)}
    outputs.update({"d" + n: g for n, g in zip(weight_names, grads)})
    params = dict(params)
    params["layer"] = kind
    add(name, "regularized_layer", params, inputs, outputs)


def regularized_cases():
    regularized_case(
        "regularized_dense", "dense",
        keras.layers.Dense(3, activation="relu", kernel_regularizer=keras.regularizers.L2(0.01),
                           bias_regularizer=keras.regularizers.L2(0.5)),
        uniform((4, 5)), [uniform((5, 3)), uniform((3,))], ["kernel", "bias"],
        {"kernel_l2": 0.01, "bias_l2": 0.5})
    regularized_case(
        "regularized_cross_low_rank", "cross_low_rank",
        tfrs.layers.dcn.Cross(projection_dim=2, kernel_regularizer=keras.regularizers.L2(0.05),
                              bias_regularizer=keras.regularizers.L2(0.2)),
        uniform((3, 5)), [uniform((5, 2)), uniform((2, 5)), uniform((5,))],
        ["u_kernel", "v_kernel", "bias"], {"kernel_l2": 0.05, "bias_l2": 0.2})
    regularized_case(
        "regularized_gru", "gru",
        keras.layers.GRU(3, kernel_regularizer=keras.regularizers.L2(0.01),
                         recurrent_regularizer=keras.regularizers.L2(0.02),
                         bias_regularizer=keras.regularizers.L2(0.03)),
        uniform((2, 3, 4)), [uniform((4, 9), -0.6, 0.6), uniform((3, 9), -0.6, 0.6),
                             uniform((2, 9), -0.3, 0.3)],
        ["kernel", "recurrent_kernel", "bias"],
        {"kernel_l2": 0.01, "recurrent_l2": 0.02, "bias_l2": 0.03})


def mlp_case(name, sizes, activation, final_activation):
    x = uniform((5, sizes[0]), -2, 2)
    layers = [keras.layers.Dense(n, activation=activation if i < len(sizes) - 2
                                 else final_activation)
              for i, n in enumerate(sizes[1:])]
    model = keras.Sequential(layers)
    model.build((None, sizes[0]))
    weights = []
    for i in range(len(sizes) - 1):
        weights += [uniform((sizes[i], sizes[i + 1])), uniform((sizes[i + 1],), -0.5, 0.5)]
    model.set_weights(weights)
    upstream = uniform((5, sizes[-1]), 0.5, 1.5)
    xt = tf.constant(x)
    with tf.GradientTape() as tape:
        tape.watch(xt)
        y = model(xt)
        loss = tf.reduce_sum(y * upstream)
    grads = tape.gradient(loss, [xt] + model.trainable_variables)
    inputs = {"x": x, "upstream": upstream}
    outputs = {"y": y, "dx": grads[0]}
    for i in range(len(sizes) - 1):
        inputs["kernel_%d" % i] = weights[2 * i]
        inputs["bias_%d" % i] = weights[2 * i + 1]
        outputs["dkernel_%d" % i] = grads[1 + 2 * i]
        outputs["dbias_%d" % i] = grads[2 + 2 * i]
    add(name, "mlp", {"sizes": sizes, "activation": activation,
                      "final_activation": final_activation}, inputs, outputs)


def mlp_cases():
    mlp_case("mlp_relu_4_6_3_1", [4, 6, 3, 1], "relu", "linear")
    mlp_case("mlp_tanh_5_4_2_sigmoid", [5, 4, 2], "tanh", "sigmoid")


def pooling_unmasked_case():
    x = uniform((2, 3, 4))
    upstream = uniform((2, 4), 0.5, 1.5)
    xt = tf.constant(x)
    with tf.GradientTape() as tape:
        tape.watch(xt)
        y = keras.layers.GlobalAveragePooling1D()(xt)
        loss = tf.reduce_sum(y * upstream)
    add("global_average_pooling_1d_no_mask", "global_average_pooling_1d", {},
        {"x": x, "upstream": upstream}, {"y": y, "dx": tape.gradient(loss, xt)})


def orthogonal_cases():
    for shape, gain in [((3, 9), 1.0), ((6, 4), 1.0), ((2, 3, 4), 1.0), ((5, 5), 2.0)]:
        rows = int(np.prod(shape[:-1]))
        cols = shape[-1]
        a = RNG.standard_normal((max(rows, cols), min(rows, cols))).astype(np.float32)
        # tf_keras Orthogonal._generate_init_val after `a = random_normal(flat_shape)`:
        q, r = tf.linalg.qr(a, full_matrices=False)
        q *= tf.sign(tf.linalg.tensor_diag_part(r))
        if rows < cols:
            q = tf.linalg.matrix_transpose(q)
        q = gain * tf.reshape(q, shape)
        add("orthogonal_%s_gain_%g" % ("x".join(map(str, shape)), gain), "orthogonal",
            {"shape": list(shape), "gain": gain}, {"a": a}, {"q": q})


def main():
    dense_cases()
    embedding_cases()
    loss_cases()
    pooling_cases()
    unary_cases()
    top_k_cases()
    optimizer_cases()
    retrieval_step_case()
    gru_cases()
    cross_cases()
    dropout_cases()
    l2_cases()
    regularized_cases()
    mlp_cases()
    orthogonal_cases()
    pooling_unmasked_case()
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
