#!/usr/bin/env python3
"""TensorFlow side of Benchmarks/compare_step.sh: one training step of the TFRS
basic-retrieval and basic-ranking models in tf-keras, shaped as `reel bench step` shapes them.
Not in CI.

    python3 Benchmarks/tf_step.py [--steps 10] [--warm-up 2] [--batch 8192] [--ml1m] [--json]

--ml1m also times both steps with MovieLens-1M vocabularies (6040 users, 3706 movies).

- retrieval: Embedding(943, 32) and Embedding(1682, 32) towers, scores = q · cᵀ over the
  batch, TFRS Retrieval's loss (CategoricalCrossentropy(from_logits=True, reduction=SUM)
  against tf.eye(batch)), Adagrad(0.1).
- ranking: user and movie Embedding(32), concatenated, Dense(256, relu) → Dense(64, relu) →
  Dense(1), MeanSquaredError, Adagrad(0.1).

Each step is one `tf.function` call (traced during warm-up) on one of four pre-drawn batches;
the loss is fetched to the host so the step has finished when the clock stops. Reports the
median of the timed steps.
"""

import argparse
import json
import os
import statistics
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

try:
    import tf_keras as keras  # noqa: E402
except ImportError:  # pragma: no cover
    import keras  # noqa: E402


def batches(users, movies, batch, seed=1):
    rng = np.random.default_rng(seed)
    return [(tf.constant(rng.integers(0, users, batch, dtype=np.int32)),
             tf.constant(rng.integers(0, movies, batch, dtype=np.int32)),
             tf.constant(rng.integers(1, 6, (batch, 1)).astype(np.float32)))
            for _ in range(4)]


def retrieval_step(users, movies, dim):
    user_embedding = keras.layers.Embedding(users, dim)
    movie_embedding = keras.layers.Embedding(movies, dim)
    optimizer = keras.optimizers.Adagrad(learning_rate=0.1)
    loss_fn = keras.losses.CategoricalCrossentropy(
        from_logits=True, reduction=keras.losses.Reduction.SUM)

    @tf.function
    def step(user_ids, movie_ids, _ratings):
        with tf.GradientTape() as tape:
            q = user_embedding(user_ids)
            c = movie_embedding(movie_ids)
            scores = tf.linalg.matmul(q, c, transpose_b=True)
            labels = tf.eye(tf.shape(scores)[0], tf.shape(scores)[1])
            loss = loss_fn(labels, scores)
        variables = user_embedding.trainable_variables + movie_embedding.trainable_variables
        optimizer.apply_gradients(zip(tape.gradient(loss, variables), variables))
        return loss

    return step


def ranking_step(users, movies, dim):
    user_embedding = keras.layers.Embedding(users, dim)
    movie_embedding = keras.layers.Embedding(movies, dim)
    mlp = keras.Sequential([keras.layers.Dense(256, activation="relu"),
                            keras.layers.Dense(64, activation="relu"),
                            keras.layers.Dense(1)])
    optimizer = keras.optimizers.Adagrad(learning_rate=0.1)
    loss_fn = keras.losses.MeanSquaredError()

    @tf.function
    def step(user_ids, movie_ids, ratings):
        with tf.GradientTape() as tape:
            x = tf.concat([user_embedding(user_ids), movie_embedding(movie_ids)], axis=1)
            loss = loss_fn(ratings, mlp(x))
        variables = (user_embedding.trainable_variables + movie_embedding.trainable_variables
                     + mlp.trainable_variables)
        optimizer.apply_gradients(zip(tape.gradient(loss, variables), variables))
        return loss

    return step


def median_ms(step, data, steps, warm_up):
    for i in range(warm_up):
        step(*data[i % len(data)]).numpy()
    times = []
    for i in range(steps):
        start = time.perf_counter()
        loss = step(*data[(warm_up + i) % len(data)]).numpy()
        times.append(time.perf_counter() - start)
        assert np.isfinite(loss), loss
    return statistics.median(times) * 1e3, min(times) * 1e3


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=10)
    parser.add_argument("--warm-up", type=int, default=2)
    parser.add_argument("--batch", type=int, default=8192)
    parser.add_argument("--ml1m", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    out = {"tensorflow_version": tf.__version__, "keras_version": keras.__version__,
           "steps": args.steps, "warm_up": max(args.warm_up, 1), "batch": args.batch}
    runs = [("retrieval", retrieval_step, 943, 1682), ("ranking", ranking_step, 943, 1682)]
    if args.ml1m:
        runs.append(("retrieval_ml1m", retrieval_step, 6040, 3706))
        runs.append(("ranking_ml1m", ranking_step, 6040, 3706))
    for key, make, users, movies in runs:
        data = batches(users, movies, args.batch)
        median, best = median_ms(make(users, movies, 32), data, args.steps, max(args.warm_up, 1))
        out[key + "_step_ms"] = median
        out[key + "_min_step_ms"] = best
    if args.json:
        print(json.dumps(out, sort_keys=True))
    else:
        for key, value in out.items():
            print(f"{key}: {value}")


if __name__ == "__main__":
    main()
