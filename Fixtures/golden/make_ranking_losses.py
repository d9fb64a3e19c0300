#!/usr/bin/env python3
"""Golden vectors for Reel's listwise ranking losses and NDCG metric (ReelRecommenders
ListRanking/), computed with tensorflow_ranking itself. Run by hand, not in CI:

    pip install tensorflow-ranking --no-deps
    python3 Fixtures/golden/make_ranking_losses.py

tensorflow_ranking 0.5.5's package __init__ imports `tensorflow.estimator`, which TF 2.21 no
longer has, so `import tensorflow_ranking` fails. Its Keras losses and metrics do not need the
estimator: this script registers empty package modules for `tensorflow_ranking`,
`tensorflow_ranking.python` and `tensorflow_ranking.python.keras` (pointing at the installed
folders) and imports the unmodified `python/keras/losses.py` and `python/keras/metrics.py`
(with `losses_impl.py`, `metrics_impl.py`, `utils.py`) from the installed wheel.

Cases: for each (labels, scores) batch, the loss with the default reduction
(SUM_OVER_BATCH_SIZE), its gradient with respect to the scores, and the NDCG metric.
Padding is a label < 0. ListMLE shuffles tied labels at random (TF's RNG): for batches with
ties the script records every distinct value seen over 200 seeds (`list_mle_values`); Reel
must produce one of them. NDCG breaks score ties at random too; cases have no score ties.
"""

import importlib.util
import json
import os
import sys
import types

from golden_env import np, tf, KERAS_PACKAGE, tolist, keras  # noqa: F401

spec = importlib.util.find_spec("tensorflow_ranking")
root = os.path.dirname(spec.origin)
for name, sub in [("tensorflow_ranking", ""), ("tensorflow_ranking.python", "python"),
                  ("tensorflow_ranking.python.keras", "python/keras")]:
    module = types.ModuleType(name)
    module.__path__ = [os.path.join(root, sub)]
    sys.modules[name] = module
from tensorflow_ranking.python.keras import losses as tfr_losses  # noqa: E402
from tensorflow_ranking.python.keras import metrics as tfr_metrics  # noqa: E402

try:
    from importlib.metadata import version
    TFR_VERSION = version("tensorflow-ranking")
except Exception:  # pragma: no cover
    TFR_VERSION = "unknown"


def loss_and_grad(loss, labels, scores):
    s = tf.Variable(scores, dtype=tf.float32)
    with tf.GradientTape() as tape:
        value = loss(tf.constant(labels, tf.float32), s)
    return float(value.numpy()), tolist(tape.gradient(value, s))


def ndcg(labels, scores):
    m = tfr_metrics.NDCGMetric()
    m.update_state(tf.constant(labels, tf.float32), tf.constant(scores, tf.float32))
    return float(m.result().numpy())


def has_label_ties(labels):
    for row in labels:
        valid = [x for x in row if x >= 0]
        if len(set(valid)) != len(valid):
            return True
    return False


rng = np.random.RandomState(7)
cases = [
    ("doc_example", [[1., 0.]], [[0.6, 0.8]]),
    ("three_lists", [[0., 1., 2.], [2., 1., 0.], [1., 3., 2.]],
     [[0.3, 0.1, 0.5], [1.2, -0.4, 0.7], [0.0, 2.0, -1.0]]),
    ("padding", [[1., 0., 2., -1.], [3., -1., 1., 2.]],
     [[0.3, 0.1, 0.5, 0.2], [0.9, 0.4, -0.3, 1.1]]),
    ("all_zero_labels", [[0., 0., 0.], [1., 0., 2.]], [[0.1, 0.4, 0.2], [0.3, 0.2, 0.1]]),
    ("all_padding_list", [[-1., -1., -1.], [2., 1., 0.]], [[0.1, 0.2, 0.3], [0.2, 0.9, 0.1]]),
    ("ratings_no_ties", [[5., 3., 1., 4., 2.], [2., 4., 5., 1., 3.]],
     rng.normal(size=(2, 5)).round(4).tolist()),
    ("ratings_with_ties", [[4., 4., 3., 5., 1.], [3., 3., 3., 2., 5.]],
     rng.normal(size=(2, 5)).round(4).tolist()),
    ("large_margin", [[1., 2.], [3., 1.]], [[-3.0, 4.0], [5.0, -2.0]]),
]

out = {
    "generator": "Fixtures/golden/make_ranking_losses.py",
    "tensorflow_version": tf.__version__,
    "tensorflow_ranking_version": TFR_VERSION,
    "keras_package": KERAS_PACKAGE,
    "cases": [],
}
for name, labels, scores in cases:
    case = {"name": name, "labels": labels, "scores": scores}
    for key, loss in [("mean_squared", tfr_losses.MeanSquaredLoss()),
                      ("pairwise_hinge", tfr_losses.PairwiseHingeLoss())]:
        value, grad = loss_and_grad(loss, labels, scores)
        case[key] = value
        case[key + "_gradient"] = grad
    if has_label_ties(labels):
        seen = set()
        for seed in range(200):
            tf.random.set_seed(seed)
            value, _ = loss_and_grad(tfr_losses.ListMLELoss(), labels, scores)
            seen.add(round(value, 5))
        case["list_mle_values"] = sorted(seen)
    else:
        value, grad = loss_and_grad(tfr_losses.ListMLELoss(), labels, scores)
        case["list_mle"] = value
        case["list_mle_gradient"] = grad
    case["ndcg"] = ndcg(labels, scores)
    out["cases"].append(case)

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "ranking_losses.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1, sort_keys=True)
    f.write("\n")
print("wrote", path, len(out["cases"]), "cases")
