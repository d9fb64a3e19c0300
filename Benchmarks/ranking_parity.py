#!/usr/bin/env python3
"""Deterministic parity of Reel's basic-ranking training with TFRS: same initial weights,
same batches in the same order, then compare the weights after every epoch and the test RMSE.
Run by hand (not in CI):

    swift build --product reel
    python3 Benchmarks/ranking_parity.py --data Fixtures/movielens/ml-100k --seed 42 [--json]

Steps:

1. `reel train ranking --epochs 0 --out WORK/e0` writes the initial weights and the
   vocabularies; `reel train ranking --epochs E --out WORK/eE --export-batches WORK` (for
   E = 1..epochs) writes the weights after each epoch and, once, `batches.json`: every
   epoch's training rows in batch order and the test rows (Reel's split of the seed).
2. The TFRS basic-ranking tutorial model (as in Benchmarks/tfrs_tutorial.py: StringLookup →
   Embedding(·, 32) per feature, concat → Dense 256 relu → 64 relu → 1, tfrs.tasks.Ranking with
   MSE and RMSE, tf_keras Adagrad(0.1)) gets Reel's initial weights: the lookups use Reel's
   vocabularies (users.json, movies.json) in Reel's order with OOV at 0, so the embedding
   rows line up; Dense kernels are [in, out] on both sides.
3. It trains with `fit` on the exported batches, one epoch at a time (no shuffling), and after
   each epoch compares every variable with Reel's saved weights; finally both evaluate on the
   exported test rows in batches of 4096.

Needs tensorflow-cpu, tf-keras and tensorflow-recommenders (TF_USE_LEGACY_KERAS=1 is set here).
"""
import argparse
import json
import os
import struct
import subprocess
import sys
import tempfile

os.environ["TF_USE_LEGACY_KERAS"] = "1"
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import tf_keras as keras  # noqa: E402
# TFRS imports ScaNN when installed, and a ScaNN wheel built against another TF fails to load;
# nothing here uses it, so make the import fail as "not installed".
sys.modules.setdefault("scann", None)
import tensorflow_recommenders as tfrs  # noqa: E402


def read_safetensors(path):
    """{name: float32 array} of a safetensors file (F32 tensors only, as Reel writes them)."""
    with open(path, "rb") as f:
        data = f.read()
    (header_size,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + header_size])
    body = data[8 + header_size:]
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        if info["dtype"] != "F32":
            raise ValueError(f"{path}: {name} has dtype {info['dtype']}, expected F32")
        start, end = info["data_offsets"]
        out[name] = np.frombuffer(body[start:end], dtype="<f4").reshape(info["shape"]).copy()
    return out


class RankingModel(keras.Model):
    """The tutorial's ranking model, with the lookups' vocabularies given."""

    def __init__(self, users, movies, dimension):
        super().__init__()
        self.user_lookup = keras.layers.StringLookup(vocabulary=users, mask_token=None)
        self.user_embedding = keras.layers.Embedding(len(users) + 1, dimension)
        self.movie_lookup = keras.layers.StringLookup(vocabulary=movies, mask_token=None)
        self.movie_embedding = keras.layers.Embedding(len(movies) + 1, dimension)
        self.ratings = keras.Sequential([
            keras.layers.Dense(256, activation="relu"),
            keras.layers.Dense(64, activation="relu"),
            keras.layers.Dense(1)])

    def call(self, inputs):
        user_id, movie_title = inputs
        u = self.user_embedding(self.user_lookup(user_id))
        m = self.movie_embedding(self.movie_lookup(movie_title))
        return self.ratings(tf.concat([u, m], axis=1))


class TutorialModel(tfrs.models.Model):
    def __init__(self, ranking_model):
        super().__init__()
        self.ranking_model = ranking_model
        self.task = tfrs.tasks.Ranking(
            loss=keras.losses.MeanSquaredError(),
            metrics=[keras.metrics.RootMeanSquaredError()])

    def call(self, features):
        return self.ranking_model((features["user_id"], features["movie_title"]))

    def compute_loss(self, features, training=False):
        labels = features.pop("user_rating")
        return self.task(labels=labels, predictions=self(features))


def variables(model):
    """Reel's parameter names (Keras's layer naming: dense, dense_1, ...) → the TF variables."""
    r = model.ranking_model
    out = {"user_embedding/embeddings": r.user_embedding.embeddings,
           "movie_embedding/embeddings": r.movie_embedding.embeddings}
    for i, layer in enumerate(r.ratings.layers):
        name = "ratings/dense" if i == 0 else f"ratings/dense_{i}"
        out[name + "/kernel"] = layer.kernel
        out[name + "/bias"] = layer.bias
    return out


def features(rows):
    return {"user_id": np.asarray(rows["user_id"], dtype=object),
            "movie_title": np.asarray(rows["movie_title"], dtype=object),
            "user_rating": np.asarray(rows["user_rating"], dtype=np.float32)}


def reel(binary, args, extra):
    command = [binary, "train", "ranking", "--data", args.data, "--seed", str(args.seed),
               "--json"] + extra
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    return json.loads(done.stdout)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default="Fixtures/movielens/ml-100k")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--reel", default=".build/debug/reel", help="the reel executable")
    parser.add_argument("--work", help="folder for Reel's outputs (default: a temporary one)")
    parser.add_argument("--reuse", action="store_true",
                        help="reuse Reel's outputs already in --work instead of training again")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    work = args.work or tempfile.mkdtemp(prefix="ranking-parity-")

    reel_runs = {}
    for e in range(args.epochs + 1):
        extra = ["--epochs", str(e), "--out", os.path.join(work, f"e{e}")]
        if e == args.epochs:
            extra += ["--export-batches", work]
        summary = os.path.join(work, f"e{e}.json")
        if args.reuse and os.path.exists(summary):
            with open(summary) as f:
                reel_runs[e] = json.load(f)
        else:
            reel_runs[e] = reel(args.reel, args, extra)
            with open(summary, "w") as f:
                json.dump(reel_runs[e], f)
    with open(os.path.join(work, "batches.json")) as f:
        batches = json.load(f)
    with open(os.path.join(work, "e0", "users.json")) as f:
        users = json.load(f)
    with open(os.path.join(work, "e0", "movies.json")) as f:
        movies = json.load(f)

    tf.random.set_seed(args.seed)
    model = TutorialModel(RankingModel(users, movies, 32))
    model.compile(optimizer=keras.optimizers.Adagrad(learning_rate=0.1))
    first = features(batches["test"])
    model({k: v[:2] for k, v in first.items() if k != "user_rating"})  # builds the variables
    tf_vars = variables(model)
    initial = read_safetensors(os.path.join(work, "e0", "weights.safetensors"))
    if set(initial) != set(tf_vars):
        raise ValueError(f"Reel's weights {sorted(initial)} are not the model's {sorted(tf_vars)}")
    names = {t: t for t in tf_vars}
    for t, v in tf_vars.items():
        value = initial[names[t]]
        if tuple(v.shape) != value.shape:
            raise ValueError(f"{t}: TF shape {tuple(v.shape)}, Reel {names[t]} {value.shape}")
        v.assign(value)

    report = {"seed": args.seed, "data": args.data, "train_rows": len(batches["train_epochs"][0]
              ["user_id"]) if batches["train_epochs"] else 0,
              "test_rows": len(batches["test"]["user_id"]), "epochs": []}
    batch_size = batches["batch_size"]
    for e, rows in enumerate(batches["train_epochs"], start=1):
        data = tf.data.Dataset.from_tensor_slices(features(rows)).batch(batch_size)
        model.fit(data, epochs=1, verbose=0)
        reel_weights = read_safetensors(os.path.join(work, f"e{e}", "weights.safetensors"))
        worst_abs, worst_rel = 0.0, 0.0
        per_var = {}
        for t, v in tf_vars.items():
            a, b = v.numpy(), reel_weights[names[t]]
            where = np.unravel_index(int(np.argmax(np.abs(a - b))), a.shape)
            diff = float(np.abs(a - b)[where])
            rel = diff / max(float(np.max(np.abs(b))), 1e-12)
            per_var[t] = {"max_abs": diff, "max_rel": rel, "at": [int(i) for i in where],
                          "tf": float(a[where]), "reel": float(b[where])}
            worst_abs, worst_rel = max(worst_abs, diff), max(worst_rel, rel)
        report["epochs"].append({"epoch": e, "steps": e * -(-len(rows["user_id"]) // batch_size),
                                 "max_abs": worst_abs, "max_rel_to_largest": worst_rel,
                                 "variables": per_var})

    test = tf.data.Dataset.from_tensor_slices(features(batches["test"])).batch(
        batches["test_batch_size"])
    result = model.evaluate(test, return_dict=True, verbose=0)
    report["tf_rmse"] = float(result["root_mean_squared_error"])
    report["reel_rmse"] = float(reel_runs[args.epochs]["rmse"])
    report["work"] = work
    if args.json:
        print(json.dumps(report))
    else:
        for epoch in report["epochs"]:
            print(f"epoch {epoch['epoch']} (step {epoch['steps']}): max |TF - Reel| "
                  f"{epoch['max_abs']:.3g}, relative to the largest weight "
                  f"{epoch['max_rel_to_largest']:.3g}")
            for t, d in epoch["variables"].items():
                print(f"    {t}: {d['max_abs']:.3g} ({d['max_rel']:.3g}) at {d['at']}: "
                      f"TF {d['tf']:.7g}, Reel {d['reel']:.7g}")
        print(f"test RMSE: TF {report['tf_rmse']:.6f}, Reel {report['reel_rmse']:.6f} "
              f"({report['test_rows']} rows)")


if __name__ == "__main__":
    sys.exit(main())
