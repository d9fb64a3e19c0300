#!/usr/bin/env python3
"""Golden vectors for ReelRecommenders: TFRS tasks, metrics and top-K layers.

Run by hand (not in CI), from anywhere:

    pip install tensorflow-cpu tf-keras numpy
    pip install --no-deps tensorflow-recommenders==0.7.7
    python3 Fixtures/golden/make_recommenders.py   (or Fixtures/golden/make_tasks.py)

The script sets TF_USE_LEGACY_KERAS=1 before importing TensorFlow, so `tf.keras` (what TFRS
uses) is Keras 2 from the `tf_keras` package, as in the TFRS tutorials. It writes
Fixtures/golden/recommenders.json (relative to this file).

File shape (as layers.json):

    {"generator": "Fixtures/golden/make_recommenders.py", "tensorflow_version": ...,
     "keras_version": ..., "tfrs_version": ..., "cases": [{"name", "op", "params", "input",
     "output"}, ...]}

Every tensor is {"shape": [...], "values": [...]} (row-major; float32 values as Python
floats, NaN as null, integer and boolean tensors as ints). "input" and "output" are objects of named
tensors; metric results are scalar tensors named after the Keras metric.

Ops:

* "retrieval": tfrs.tasks.Retrieval. params {temperature, num_hard_negatives,
  remove_accidental_hits, reduction ("sum" = TFRS's default loss, "sum_over_batch_size" =
  CategoricalCrossentropy(from_logits=True) with Keras's default reduction)}. input queries
  ([n, d] or [n, heads, d]), candidates [m, d], optional sample_weight [n],
  candidate_sampling_probability [m], candidate_ids [m], score_mask [n, m] (0/1). output
  loss, dqueries, dcandidates (gradients of the loss), and with params.batch_metrics the
  results of CategoricalAccuracy and AUC(from_logits=True) over the final scores. The
  "retrieval_grid_*" cases run every combination of eight options (multi-head queries,
  temperature, logQ, remove_accidental_hits, score mask, num_hard_negatives, sample weights,
  extra candidates; the name spells them, e.g. H1T0Q1A0M1N0W1X0).
* "retrieval_metrics": a Retrieval task with FactorizedTopK(BruteForce index), batch metrics
  and a loss Mean, called on two batches. params {ks, id_based}. input index_candidates,
  index_ids, and per batch b (0, 1): queries_b, candidates_b, ids_b, weights_b. output
  loss_0, loss_1 and every metric's result.
* "factorized_top_k": tfrs.metrics.FactorizedTopK over a BruteForce index, two update
  batches. params {ks, id_based}. input index_candidates, optional index_ids, and per batch
  b: queries_b, true_candidates_b, optional true_ids_b, optional weights_b, optional
  exclusions_b ([n, e] ids removed from each query's ranking: TFRS's FactorizedTopK has no
  such argument, so these cases rank through BruteForce.query_with_exclusions under it).
  output one result per k, named "top_{k}".
* "ranking": tfrs.tasks.Ranking with metrics [RMSE, MAE, AUC], prediction_metrics [Mean],
  label_metrics [Mean], loss_metrics [Mean], two batches. params {loss: mse | mae | bce |
  bce_logits}. input labels_b, predictions_b, optional weights_b. output loss_b,
  dpredictions_b and each metric's result (names "rmse", "mae", "auc", "prediction_mean",
  "label_mean", "loss_mean").
* "metric": one Keras metric over two batches. params {metric: mean | rmse | mae | auc |
  categorical_accuracy, num_thresholds, from_logits}. input labels_b (not for mean),
  values_b (predictions), optional weights_b. output result.
* "brute_force": tfrs.layers.factorized_top_k.BruteForce. params {k}. input candidates,
  optional ids, queries, optional exclusions [n, e] (query_with_exclusions). output scores,
  ids.
"""

import json
import os
import sys

from golden_env import np, tf, keras, tensor  # noqa: E402  (sets TF_USE_LEGACY_KERAS, hides ScaNN)
import tensorflow_recommenders as tfrs  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "recommenders.json")

CASES = []
RNG = np.random.default_rng(20261130)


def uniform(shape, low=-1.0, high=1.0):
    return RNG.uniform(low, high, size=shape).astype(np.float32)


def integers(shape, low, high):
    return RNG.integers(low, high + 1, size=shape).astype(np.float32)


def add(name, op, params, inputs, outputs):
    CASES.append({"name": name, "op": op, "params": params,
                  "input": {k: tensor(v) for k, v in inputs.items() if v is not None},
                  "output": {k: tensor(v) for k, v in outputs.items()}})


# ---------------------------------------------------------------- Retrieval loss

def retrieval_case(name, n=6, m=None, d=8, heads=None, temperature=None,
                   num_hard_negatives=None, remove_accidental_hits=False,
                   reduction="sum", weights=False, probabilities=False, ids=None,
                   mask=None, batch_metrics=False, scale=1.0):
    m = n if m is None else m
    q = uniform((n, heads, d) if heads else (n, d)) * scale
    c = uniform((m, d)) * scale
    sample_weight = uniform((n,), 0.2, 2.0) if weights else None
    probability = uniform((m,), 1e-7, 0.5) if probabilities else None
    if probabilities:
        probability[0] = 2e-7   # clipped to 1e-6
    candidate_ids = None if ids is None else np.asarray(ids, dtype=np.int64)
    score_mask = None if mask is None else np.asarray(mask, dtype=bool)
    loss_fn = None
    if reduction == "sum_over_batch_size":
        loss_fn = keras.losses.CategoricalCrossentropy(from_logits=True)
    metrics = []
    if batch_metrics:
        metrics = [keras.metrics.CategoricalAccuracy(),
                   keras.metrics.AUC(from_logits=True)]
    task = tfrs.tasks.Retrieval(
        loss=loss_fn, temperature=temperature, num_hard_negatives=num_hard_negatives,
        remove_accidental_hits=remove_accidental_hits, batch_metrics=metrics)
    qt, ct = tf.constant(q), tf.constant(c)
    with tf.GradientTape() as tape:
        tape.watch([qt, ct])
        loss = task(
            qt, ct,
            sample_weight=None if sample_weight is None else tf.constant(sample_weight),
            candidate_sampling_probability=(
                None if probability is None else tf.constant(probability)),
            candidate_ids=None if candidate_ids is None else tf.constant(candidate_ids),
            score_mask=None if score_mask is None else tf.constant(score_mask))
    dq, dc = tape.gradient(loss, [qt, ct])
    outputs = {"loss": loss, "dqueries": dq, "dcandidates": dc}
    if batch_metrics:
        outputs["categorical_accuracy"] = metrics[0].result()
        outputs["auc"] = metrics[1].result()
    add(name, "retrieval",
        {"temperature": temperature, "num_hard_negatives": num_hard_negatives,
         "remove_accidental_hits": remove_accidental_hits, "reduction": reduction,
         "batch_metrics": batch_metrics},
        {"queries": q, "candidates": c, "sample_weight": sample_weight,
         "candidate_sampling_probability": probability, "candidate_ids": candidate_ids,
         "score_mask": None if score_mask is None else score_mask.astype(np.int32)},
        outputs)


def random_mask(n, m, keep_diagonal=True):
    mask = RNG.uniform(size=(n, m)) < 0.7
    if keep_diagonal:
        for i in range(n):
            mask[i, i] = True
    return mask


def retrieval_cases():
    dup6 = [11, 12, 11, 13, 12, 14]
    dup9 = [11, 12, 11, 13, 12, 14, 11, 15, 13]
    retrieval_case("retrieval_default")
    retrieval_case("retrieval_mean", reduction="sum_over_batch_size")
    retrieval_case("retrieval_temperature", temperature=0.2)
    retrieval_case("retrieval_logq", probabilities=True)
    retrieval_case("retrieval_temperature_logq", temperature=0.5, probabilities=True)
    retrieval_case("retrieval_weights", weights=True)
    retrieval_case("retrieval_extra_candidates", m=9)
    retrieval_case("retrieval_extra_logq_temperature_weights", m=9, temperature=0.3,
                   probabilities=True, weights=True)
    retrieval_case("retrieval_mean_weights_extra", m=9, weights=True,
                   reduction="sum_over_batch_size")
    retrieval_case("retrieval_accidental_hits", ids=dup6, remove_accidental_hits=True)
    retrieval_case("retrieval_accidental_hits_extra", m=9, ids=dup9,
                   remove_accidental_hits=True)
    retrieval_case("retrieval_ids_without_removal", ids=dup6)
    retrieval_case("retrieval_score_mask", mask=random_mask(6, 6))
    retrieval_case("retrieval_score_mask_extra_temperature", m=9, mask=random_mask(6, 9),
                   temperature=0.4)
    masked_positive = random_mask(6, 6)
    masked_positive[2, 2] = False
    retrieval_case("retrieval_score_mask_masks_positive", mask=masked_positive)
    retrieval_case("retrieval_hard_negatives_2", num_hard_negatives=2)
    retrieval_case("retrieval_hard_negatives_0", num_hard_negatives=0)
    retrieval_case("retrieval_hard_negatives_all", num_hard_negatives=10)
    retrieval_case("retrieval_hard_negatives_extra_weights", m=9, num_hard_negatives=3,
                   weights=True)
    retrieval_case("retrieval_hard_negatives_accidental_hits", m=9, ids=dup9,
                   remove_accidental_hits=True, num_hard_negatives=4, temperature=0.5)
    retrieval_case("retrieval_heads", heads=3)
    retrieval_case("retrieval_heads_temperature_hard_negatives", heads=2, m=9,
                   temperature=0.5, num_hard_negatives=3)
    retrieval_heads_tied_case()
    retrieval_case("retrieval_everything", m=9, ids=dup9, remove_accidental_hits=True,
                   mask=random_mask(6, 9), num_hard_negatives=3, temperature=0.7,
                   probabilities=True, weights=True, reduction="sum_over_batch_size")
    retrieval_case("retrieval_batch_metrics", m=9, batch_metrics=True, temperature=0.5)
    retrieval_case("retrieval_batch_metrics_hard_negatives", batch_metrics=True,
                   num_hard_negatives=2, weights=True)
    retrieval_case("retrieval_odd_dimension", d=5, m=7, temperature=0.3, probabilities=True)
    retrieval_case("retrieval_large", n=64, m=80, d=16, temperature=0.2, probabilities=True,
                   weights=True, scale=2.0)
    retrieval_case("retrieval_large_default", n=96, d=32, scale=3.0)


def retrieval_heads_tied_case():
    """Multi-vector queries whose first two heads are equal, so the max over heads ties."""
    n, heads, d = 6, 3, 4
    q = uniform((n, heads, d))
    q[:, 1, :] = q[:, 0, :]
    c = uniform((n, d))
    task = tfrs.tasks.Retrieval()
    qt, ct = tf.constant(q), tf.constant(c)
    with tf.GradientTape() as tape:
        tape.watch([qt, ct])
        loss = task(qt, ct)
    dq, dc = tape.gradient(loss, [qt, ct])
    add("retrieval_heads_tied", "retrieval",
        {"temperature": None, "num_hard_negatives": None, "remove_accidental_hits": False,
         "reduction": "sum", "batch_metrics": False},
        {"queries": q, "candidates": c},
        {"loss": loss, "dqueries": dq, "dcandidates": dc})


# ---------------------------------------------------------------- FactorizedTopK

def factorized_case(name, ks, index_candidates, index_ids, batches, id_based):
    if index_ids is None:
        layer = tfrs.layers.factorized_top_k.BruteForce(k=max(ks))
        layer.index(tf.constant(index_candidates))
    else:
        layer = tfrs.layers.factorized_top_k.BruteForce(k=max(ks))
        layer.index(tf.constant(index_candidates), tf.constant(index_ids))
    metric = tfrs.metrics.FactorizedTopK(candidates=layer, ks=ks)
    inputs = {"index_candidates": index_candidates, "index_ids": index_ids}
    for b, batch in enumerate(batches):
        q, c, true_ids, w = batch
        metric.update_state(
            tf.constant(q), tf.constant(c),
            true_candidate_ids=tf.constant(true_ids) if id_based else None,
            sample_weight=None if w is None else tf.constant(w))
        inputs.update({f"queries_{b}": q, f"true_candidates_{b}": c,
                       f"true_ids_{b}": true_ids if id_based else None,
                       f"weights_{b}": w})
    outputs = {f"top_{k}": r for k, r in zip(ks, metric.result())}
    add(name, "factorized_top_k", {"ks": list(ks), "id_based": id_based}, inputs, outputs)


def factorized_cases():
    # Integer-valued embeddings: every product is exact, so ties are exact in TF and Reel.
    n_index, d = 40, 3
    cands = integers((n_index, d), -2, 2)
    ids = np.arange(100, 100 + n_index, dtype=np.int64)
    ids[7] = ids[3]          # a duplicated id
    cands[9] = cands[4]      # a duplicated embedding

    def batch(size, weights=False, outside=False):
        rows = RNG.integers(0, n_index, size=size)
        q = integers((size, d), -2, 2)
        c = cands[rows].copy()
        if outside:
            c[0] = integers((d,), -3, 3)   # a true candidate not in the index
        return q, c, ids[rows], (uniform((size,), 0.5, 2.0) if weights else None)

    ks = (1, 2, 3, 5, 10)
    factorized_case("factorized_scores_ties", ks, cands, None,
                    [batch(8), batch(5, outside=True)], id_based=False)
    factorized_case("factorized_scores_ties_weights", ks, cands, ids,
                    [batch(8, weights=True), batch(6, weights=True)], id_based=False)
    factorized_case("factorized_ids_ties", ks, cands, ids,
                    [batch(8), batch(5)], id_based=True)
    factorized_case("factorized_ids_weights", ks, cands, ids,
                    [batch(7, weights=True), batch(4, weights=True)], id_based=True)
    # Default ks over 150 random candidates.
    big = uniform((150, 8))
    big_ids = np.arange(150, dtype=np.int64) * 3

    def big_batch(size):
        rows = RNG.integers(0, 150, size=size)
        return uniform((size, 8)), big[rows], big_ids[rows], None

    factorized_case("factorized_default_ks", (1, 5, 10, 50, 100), big, big_ids,
                    [big_batch(16), big_batch(9)], id_based=False)
    factorized_case("factorized_default_ks_ids", (1, 5, 10, 50, 100), big, big_ids,
                    [big_batch(16), big_batch(9)], id_based=True)


def retrieval_metrics_case(name, id_based):
    """A Retrieval task with every kind of metric, called on two batches."""
    n_index, d = 30, 4
    cands = integers((n_index, d), -2, 2)
    ids = np.arange(200, 200 + n_index, dtype=np.int64)
    layer = tfrs.layers.factorized_top_k.BruteForce(k=10)
    layer.index(tf.constant(cands), tf.constant(ids))
    ks = (1, 3, 10)
    factorized = tfrs.metrics.FactorizedTopK(candidates=layer, ks=ks)
    accuracy = keras.metrics.CategoricalAccuracy()
    loss_mean = keras.metrics.Mean()
    task = tfrs.tasks.Retrieval(metrics=factorized, batch_metrics=[accuracy],
                                loss_metrics=[loss_mean])
    inputs = {"index_candidates": cands, "index_ids": ids}
    outputs = {}
    for b, size in enumerate([7, 4]):
        rows = RNG.choice(n_index, size=size, replace=False)
        q = integers((size, d), -2, 2)
        c = cands[rows]
        w = uniform((size,), 0.5, 1.5)
        loss = task(tf.constant(q), tf.constant(c), sample_weight=tf.constant(w),
                    candidate_ids=tf.constant(ids[rows]) if id_based else None)
        inputs.update({f"queries_{b}": q, f"candidates_{b}": c, f"ids_{b}": ids[rows],
                       f"weights_{b}": w})
        outputs[f"loss_{b}"] = loss
    for k, r in zip(ks, factorized.result()):
        outputs[f"top_{k}"] = r
    outputs["categorical_accuracy"] = accuracy.result()
    outputs["loss_mean"] = loss_mean.result()
    add(name, "retrieval_metrics", {"ks": list(ks), "id_based": id_based}, inputs, outputs)


# ---------------------------------------------------------------- Ranking

def ranking_case(name, loss_name, batches):
    losses = {
        "mse": keras.losses.MeanSquaredError(),
        "mae": keras.losses.MeanAbsoluteError(),
        "bce": keras.losses.BinaryCrossentropy(),
        "bce_logits": keras.losses.BinaryCrossentropy(from_logits=True),
    }
    metrics = {"rmse": keras.metrics.RootMeanSquaredError(),
               "mae": keras.metrics.MeanAbsoluteError(),
               "auc": keras.metrics.AUC(from_logits=(loss_name == "bce_logits"))}
    prediction_mean, label_mean, loss_mean = (
        keras.metrics.Mean(), keras.metrics.Mean(), keras.metrics.Mean())
    task = tfrs.tasks.Ranking(
        loss=losses[loss_name], metrics=list(metrics.values()),
        prediction_metrics=[prediction_mean], label_metrics=[label_mean],
        loss_metrics=[loss_mean])
    inputs, outputs = {}, {}
    for b, (labels, predictions, weights) in enumerate(batches):
        p = tf.constant(predictions)
        with tf.GradientTape() as tape:
            tape.watch(p)
            loss = task(tf.constant(labels), p,
                        sample_weight=None if weights is None else tf.constant(weights))
        inputs.update({f"labels_{b}": labels, f"predictions_{b}": predictions,
                       f"weights_{b}": weights})
        outputs[f"loss_{b}"] = loss
        outputs[f"dpredictions_{b}"] = tape.gradient(loss, p)
    for key, metric in metrics.items():
        outputs[key] = metric.result()
    outputs["prediction_mean"] = prediction_mean.result()
    outputs["label_mean"] = label_mean.result()
    outputs["loss_mean"] = loss_mean.result()
    add(name, "ranking", {"loss": loss_name}, inputs, outputs)


def ranking_cases():
    def ratings(n, column=False, weights=False):
        labels = integers((n, 1) if column else (n,), 1, 5)
        return labels, uniform((n, 1), 0.5, 5.5), (uniform((n,), 0.2, 2) if weights else None)

    def clicks(n, logits=False, weights=False):
        labels = (RNG.uniform(size=(n, 1)) < 0.4).astype(np.float32)
        predictions = uniform((n, 1), -4, 4) if logits else uniform((n, 1), 0.0, 1.0)
        return labels, predictions, (uniform((n,), 0.2, 2) if weights else None)

    # The tutorial shape: [n] ratings against [n, 1] predictions (Keras squeezes).
    ranking_case("ranking_mse_tutorial_shapes", "mse", [ratings(9), ratings(4)])
    ranking_case("ranking_mse_weighted", "mse",
                 [ratings(9, column=True, weights=True), ratings(5, column=True, weights=True)])
    ranking_case("ranking_mae", "mae", [ratings(8, column=True), ratings(3, column=True)])
    ranking_case("ranking_bce", "bce", [clicks(12), clicks(7)])
    ranking_case("ranking_bce_weighted", "bce", [clicks(10, weights=True), clicks(6, weights=True)])
    ranking_case("ranking_bce_logits", "bce_logits",
                 [clicks(11, logits=True), clicks(5, logits=True, weights=True)])


# ---------------------------------------------------------------- single metrics

def metric_case(name, metric, make, batches, params=None):
    inputs = {}
    for b, (labels, values, weights) in enumerate(batches):
        w = None if weights is None else tf.constant(weights)
        if metric == "mean":
            make.update_state(tf.constant(values), sample_weight=w)
        else:
            make.update_state(tf.constant(labels), tf.constant(values), sample_weight=w)
        inputs.update({f"labels_{b}": labels, f"values_{b}": values, f"weights_{b}": weights})
    p = {"metric": metric}
    p.update(params or {})
    add(name, "metric", p, inputs, {"result": make.result()})


def metric_cases():
    metric_case("metric_mean_rows", "mean", keras.metrics.Mean(),
                [(None, uniform((5, 3)), uniform((5,), 0, 2)), (None, uniform((2, 3)), None)])
    metric_case("metric_rmse_columns", "rmse", keras.metrics.RootMeanSquaredError(),
                [(uniform((6, 2)), uniform((6, 2)), uniform((6,), 0, 2)),
                 (uniform((3, 2)), uniform((3, 2)), None)])
    # Keras quirk: [n] labels against [n, 1] predictions: each batch's MAE counts once.
    metric_case("metric_mae_rank1_batches", "mae", keras.metrics.MeanAbsoluteError(),
                [(uniform((6,)), uniform((6, 1)), None), (uniform((2,)), uniform((2, 1)), None)])
    metric_case("metric_mae_columns_weighted", "mae", keras.metrics.MeanAbsoluteError(),
                [(uniform((5, 3)), uniform((5, 3)), uniform((5,), 0, 2)),
                 (uniform((4, 3)), uniform((4, 3)), uniform((4,), 0, 2))])
    # AUC: values exactly on thresholds (i / 199), at and beyond 0 and 1, ties.
    on_grid = np.array([0, 1, 2, 50, 99, 100, 198, 199], dtype=np.float32) / 199
    extremes = np.array([-0.5, 0.0, 1.0, 1.5, 0.5, 0.5, 1e-9, 1 - 1e-7], dtype=np.float32)
    labels_a = np.array([0, 1, 0, 1, 1, 0, 1, 0], dtype=np.float32)
    labels_b = np.array([1, 0, 1, 0, 2, 0, 1, 1], dtype=np.float32)  # a label of 2 is positive
    metric_case("metric_auc_grid", "auc", keras.metrics.AUC(),
                [(labels_a, on_grid, None), (labels_b, extremes, None)])
    metric_case("metric_auc_weighted", "auc", keras.metrics.AUC(),
                [(labels_a[:, None], uniform((8, 1), 0, 1), uniform((8,), 0, 2)),
                 (labels_b[:, None], uniform((8, 1), 0, 1), uniform((8,), 0, 2))])
    metric_case("metric_auc_logits", "auc", keras.metrics.AUC(from_logits=True),
                [(labels_a, uniform((8,), -5, 5), None), (labels_b, uniform((8,), -5, 5), None)],
                {"from_logits": True})
    metric_case("metric_auc_7_thresholds", "auc", keras.metrics.AUC(num_thresholds=7),
                [(labels_a, uniform((8,), 0, 1), None), (labels_b, uniform((8,), 0, 1), None)],
                {"num_thresholds": 7})
    nan_values = uniform((8,), 0, 1)
    nan_values[2] = np.nan
    nan_values[4] = np.nan
    metric_case("metric_auc_nan", "auc", keras.metrics.AUC(),
                [(labels_a, nan_values, None), (labels_b, uniform((8,), 0, 1), None)])
    onehot = np.eye(4, dtype=np.float32)[[0, 2, 1, 3, 3]]
    tied = np.array([[1, 1, 0, 0], [0, 2, 2, 0], [0, 1, 0, 1], [0, 0, 0, 5], [3, 3, 3, 3]],
                    dtype=np.float32)
    metric_case("metric_categorical_accuracy_ties", "categorical_accuracy",
                keras.metrics.CategoricalAccuracy(),
                [(onehot, tied, None), (onehot[:3], uniform((3, 4)), uniform((3,), 0, 2))])


# ---------------------------------------------------------------- BruteForce

def brute_force_case(name, k, candidates, ids, queries, exclusions=None):
    layer = tfrs.layers.factorized_top_k.BruteForce(k=k)
    if ids is None:
        layer.index(tf.constant(candidates))
    else:
        layer.index(tf.constant(candidates), tf.constant(ids))
    if exclusions is None:
        scores, found = layer(tf.constant(queries), k=k)
    else:
        scores, found = layer.query_with_exclusions(
            tf.constant(queries), tf.constant(exclusions), k=k)
    add(name, "brute_force", {"k": k},
        {"candidates": candidates, "ids": ids, "queries": queries, "exclusions": exclusions},
        {"scores": scores, "ids": found})


def brute_force_cases():
    cands = integers((25, 3), -2, 2)
    cands[11] = cands[2]
    brute_force_case("brute_force_ties_row_ids", 6, cands, None, integers((5, 3), -2, 2))
    ids = (np.arange(25, dtype=np.int64) * 7) % 25 + 1000
    brute_force_case("brute_force_ties_ids", 25, cands, ids, integers((4, 3), -2, 2))
    big = uniform((300, 16))
    big_ids = np.arange(300, dtype=np.int64) + 5000
    brute_force_case("brute_force_random", 10, big, big_ids, uniform((9, 16)))
    # Exclusions where TFRS's soft penalty (score - 1e5) equals true removal: distinct scores
    # far below 1e5, and every excluded id among the k + e best.
    queries = uniform((3, 16))
    scores = queries @ big.T
    order = np.argsort(-scores, axis=1)
    exclusions = np.stack([big_ids[order[i, [0, 2, 5]]] for i in range(3)])
    brute_force_case("brute_force_exclusions", 5, big, big_ids, queries, exclusions)


# ---------------------------------------------------------------- added cases (appended last,
# so the random draws of every case above, and so their values, are unchanged)

# Option name → the letter used in the case names ("retrieval_grid_H1T0Q1A0M1N0W1X0").
GRID_OPTIONS = {"heads": "H", "temperature": "T", "logq": "Q", "accidental_hits": "A",
                "score_mask": "M", "hard_negatives": "N", "weights": "W",
                "extra_candidates": "X"}


def retrieval_grid_cases():
    """Every combination of the eight Retrieval options (2⁸ = 256 cases, small shapes):
    multi-head queries, temperature, logQ correction, remove_accidental_hits, score mask,
    num_hard_negatives, sample weights and extra candidates. The reduction alternates with
    the parity of the options, so each reduction also meets every combination of any seven
    of the eight options."""
    n, d = 5, 4
    for code in range(2 ** len(GRID_OPTIONS)):
        on = {name: bool(code >> bit & 1) for bit, name in enumerate(GRID_OPTIONS)}
        m = 8 if on["extra_candidates"] else n
        ids = [11, 12, 11, 13, 12, 14, 11, 15][:m]
        parity = bin(code).count("1") % 2
        name = "retrieval_grid_" + "".join(
            f"{letter}{int(on[key])}" for key, letter in GRID_OPTIONS.items())
        retrieval_case(
            name, n=n, m=m, d=d, heads=2 if on["heads"] else None,
            temperature=0.5 if on["temperature"] else None,
            probabilities=on["logq"],
            remove_accidental_hits=on["accidental_hits"],
            ids=ids if on["accidental_hits"] else None,
            mask=random_mask(n, m) if on["score_mask"] else None,
            num_hard_negatives=2 if on["hard_negatives"] else None,
            weights=on["weights"],
            reduction="sum_over_batch_size" if parity else "sum")


def retrieval_combination_cases():
    """Named combinations beyond the grid: larger shapes, ties under hard-negative mining,
    masked positives with the other options."""
    dup9 = [11, 12, 11, 13, 12, 14, 11, 15, 13]
    retrieval_case("retrieval_everything_sum", m=9, ids=dup9, remove_accidental_hits=True,
                   mask=random_mask(6, 9), num_hard_negatives=3, temperature=0.7,
                   probabilities=True, weights=True)
    retrieval_case("retrieval_accidental_hits_hard_negatives_temperature_logq_weights", m=9,
                   ids=dup9, remove_accidental_hits=True, num_hard_negatives=3,
                   temperature=0.25, probabilities=True, weights=True)
    retrieval_case("retrieval_heads_everything", heads=3, m=9, ids=dup9,
                   remove_accidental_hits=True, mask=random_mask(6, 9),
                   num_hard_negatives=4, temperature=0.6, probabilities=True, weights=True)
    masked_positive = random_mask(6, 9)
    masked_positive[1, 1] = False
    masked_positive[4, 4] = False
    retrieval_case("retrieval_masked_positive_hard_negatives_accidental_hits", m=9, ids=dup9,
                   remove_accidental_hits=True, mask=masked_positive, num_hard_negatives=2,
                   weights=True)
    retrieval_case("retrieval_batch_metrics_everything", m=9, ids=dup9,
                   remove_accidental_hits=True, mask=random_mask(6, 9), num_hard_negatives=3,
                   temperature=0.5, probabilities=True, weights=True, batch_metrics=True)
    retrieval_case("retrieval_large_everything", n=48, m=64, d=16,
                   ids=list(RNG.integers(0, 40, size=64)), remove_accidental_hits=True,
                   mask=random_mask(48, 64), num_hard_negatives=7, temperature=0.3,
                   probabilities=True, weights=True, scale=2.0)
    retrieval_hard_negative_ties_case()


def retrieval_hard_negative_ties_case():
    """Integer embeddings, so negatives tie exactly: which tied negatives hard-negative
    mining keeps decides where the gradient goes (tf.math.top_k keeps the lower index)."""
    n, d = 8, 2
    q = integers((n, d), -1, 1)
    c = integers((n, d), -1, 1)
    c[3] = c[1]
    c[5] = c[1]
    q[0] = [1, 0]
    q[2] = [0, 1]
    task = tfrs.tasks.Retrieval(num_hard_negatives=2)
    qt, ct = tf.constant(q), tf.constant(c)
    with tf.GradientTape() as tape:
        tape.watch([qt, ct])
        loss = task(qt, ct)
    dq, dc = tape.gradient(loss, [qt, ct])
    add("retrieval_hard_negatives_ties", "retrieval",
        {"temperature": None, "num_hard_negatives": 2, "remove_accidental_hits": False,
         "reduction": "sum", "batch_metrics": False},
        {"queries": q, "candidates": c},
        {"loss": loss, "dqueries": dq, "dcandidates": dc})


class ExcludingIndex:
    """A TFRS BruteForce index queried through `query_with_exclusions` with the exclusions of
    the current batch, so tfrs.metrics.FactorizedTopK (which has no exclusions argument)
    ranks each query over the corpus without its excluded ids: the expected values of
    Reel's `exclusions`. TFRS's exclusion is soft (score − 1e5 among the k + e best); the
    cases keep ids unique and k + e within the corpus so that it equals true removal."""

    def __init__(self, layer):
        self.layer = layer
        self.exclusions = None

    def is_exact(self):
        return True

    def __call__(self, queries, k):
        return self.layer.query_with_exclusions(queries, self.exclusions, k=k)


def factorized_exclusion_case(name, ks, index_candidates, index_ids, batches, id_based):
    layer = tfrs.layers.factorized_top_k.BruteForce(k=max(ks))
    layer.index(tf.constant(index_candidates), tf.constant(index_ids))
    excluding = ExcludingIndex(layer)
    metric = tfrs.metrics.FactorizedTopK(candidates=excluding, ks=ks)
    inputs = {"index_candidates": index_candidates, "index_ids": index_ids}
    for b, (q, c, true_ids, w, exclusions) in enumerate(batches):
        excluding.exclusions = tf.constant(exclusions)
        metric.update_state(
            tf.constant(q), tf.constant(c),
            true_candidate_ids=tf.constant(true_ids) if id_based else None,
            sample_weight=None if w is None else tf.constant(w))
        inputs.update({f"queries_{b}": q, f"true_candidates_{b}": c,
                       f"true_ids_{b}": true_ids if id_based else None,
                       f"weights_{b}": w, f"exclusions_{b}": exclusions})
    outputs = {f"top_{k}": r for k, r in zip(ks, metric.result())}
    add(name, "factorized_top_k", {"ks": list(ks), "id_based": id_based}, inputs, outputs)


def factorized_exclusion_cases():
    """FactorizedTopK with per-query exclusions (Reel's addition), id- and score-based, with
    tied scores; each batch excludes some queries' own true ids (an id-based miss) and ids
    among their best-scoring candidates."""
    n_index, d, e = 40, 3, 4
    cands = integers((n_index, d), -2, 2)
    cands[9] = cands[4]      # a duplicated embedding under distinct ids
    ids = np.arange(300, 300 + n_index, dtype=np.int64)

    def batch(size, weights=False):
        rows = RNG.choice(n_index, size=size, replace=False)
        q = integers((size, d), -2, 2)
        scores = q @ cands.T
        exclusions = np.zeros((size, e), dtype=np.int64)
        for i in range(size):
            best = [r for r in np.argsort(-scores[i], kind="stable") if r != rows[i]]
            chosen = list(best[:e - 1])
            chosen.append(rows[i] if i % 3 == 0 else best[e + i % 5])
            exclusions[i] = ids[chosen]
        w = uniform((size,), 0.5, 2.0) if weights else None
        return q, cands[rows].copy(), ids[rows], w, exclusions

    ks = (1, 2, 3, 5, 10)
    factorized_exclusion_case("factorized_ids_exclusions", ks, cands, ids,
                              [batch(8), batch(6, weights=True)], id_based=True)
    factorized_exclusion_case("factorized_scores_exclusions", ks, cands, ids,
                              [batch(8, weights=True), batch(5)], id_based=False)


def retrieval_metrics_extra_candidates_case():
    """A Retrieval task with FactorizedTopK (score mode) and extra negatives: TFRS slices the
    candidates to the queries' count before the factorized update."""
    n_index, d = 30, 4
    cands = integers((n_index, d), -2, 2)
    ids = np.arange(200, 200 + n_index, dtype=np.int64)
    layer = tfrs.layers.factorized_top_k.BruteForce(k=10)
    layer.index(tf.constant(cands), tf.constant(ids))
    ks = (1, 3, 10)
    factorized = tfrs.metrics.FactorizedTopK(candidates=layer, ks=ks)
    accuracy = keras.metrics.CategoricalAccuracy()
    loss_mean = keras.metrics.Mean()
    task = tfrs.tasks.Retrieval(metrics=factorized, batch_metrics=[accuracy],
                                loss_metrics=[loss_mean])
    inputs = {"index_candidates": cands, "index_ids": ids}
    outputs = {}
    for b, (size, extra) in enumerate([(6, 3), (4, 5)]):
        rows = RNG.choice(n_index, size=size + extra, replace=False)
        q = integers((size, d), -2, 2)
        c = cands[rows]
        w = uniform((size,), 0.5, 1.5)
        loss = task(tf.constant(q), tf.constant(c), sample_weight=tf.constant(w))
        inputs.update({f"queries_{b}": q, f"candidates_{b}": c, f"ids_{b}": ids[rows],
                       f"weights_{b}": w})
        outputs[f"loss_{b}"] = loss
    for k, r in zip(ks, factorized.result()):
        outputs[f"top_{k}"] = r
    outputs["categorical_accuracy"] = accuracy.result()
    outputs["loss_mean"] = loss_mean.result()
    add("retrieval_metrics_scores_extra_candidates", "retrieval_metrics",
        {"ks": list(ks), "id_based": False}, inputs, outputs)


def main():
    retrieval_cases()
    factorized_cases()
    retrieval_metrics_case("retrieval_metrics_scores", id_based=False)
    retrieval_metrics_case("retrieval_metrics_ids", id_based=True)
    ranking_cases()
    metric_cases()
    brute_force_cases()
    # Added later; they draw from RNG after every case above.
    retrieval_grid_cases()
    retrieval_combination_cases()
    factorized_exclusion_cases()
    retrieval_metrics_extra_candidates_case()
    names = [c["name"] for c in CASES]
    assert len(names) == len(set(names)), "duplicate case names"
    doc = {"generator": "Fixtures/golden/make_recommenders.py",
           "tensorflow_version": tf.__version__,
           "keras_version": keras.__version__,
           "keras_package": "tf_keras",
           "tfrs_version": tfrs.__version__,
           "cases": CASES}
    with open(OUT, "w") as f:
        json.dump(doc, f, separators=(",", ":"), allow_nan=False)
        f.write("\n")
    print(f"wrote {len(CASES)} cases to {OUT}")


if __name__ == "__main__":
    main()
