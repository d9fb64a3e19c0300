#!/usr/bin/env python3
"""The TFRS basic-retrieval and basic-ranking tutorials, run on a MovieLens folder: the
TensorFlow side of Benchmarks/compare_tutorials.sh. Not in CI.

    python3 Benchmarks/tfrs_tutorial.py basic-retrieval|basic-ranking \
        --data Fixtures/movielens/ml-100k [--seed 42] [--epochs 3] [--json]

The model code follows the tutorials on tensorflow.org/recommenders (examples/basic_retrieval
and examples/basic_ranking) with tf-keras 2 and TFRS 0.7.7:

- user ids and movie titles as strings, StringLookup(vocabulary=unique values,
  mask_token=None) followed by Embedding(len(vocabulary) + 1, 32);
- retrieval: tfrs.tasks.Retrieval(metrics=FactorizedTopK(candidates=movies.batch(128)
  .map(movie_model))) over every movie of the movies file (duplicate titles included, as the
  TFDS movies split has them); the metrics are computed in training too, as in the tutorial;
- ranking: concat(user, movie embeddings) → Dense(256, relu) → Dense(64, relu) → Dense(1),
  tfrs.tasks.Ranking(loss=MeanSquaredError(), metrics=[RootMeanSquaredError()]);
- Adagrad(learning_rate=0.1); ratings.shuffle(100_000, seed, reshuffle_each_iteration=False),
  take 80% / skip 80%; train.shuffle(100_000).batch(8192).cache(), test.batch(4096).cache();
  fit 3 epochs, then evaluate on the test split.

The only departure from the tutorials is the input: instead of tensorflow_datasets, the
MovieLens files are read here with plain Python (ml-100k u.data + u.item, ml-1m / ml-10m
ratings.dat + movies.dat, or ratings.csv + movies.csv releases; text decoded as UTF-8, or as
Latin-1 where it is not valid UTF-8, as in the real ml-100k and ml-1m), into the same
features (user_id string, movie_title string, user_rating float32) and fed with
tf.data.Dataset.from_tensor_slices. With 100,000 ratings the split is exactly the
tutorial's take(80_000) / skip(80_000).

Python's, NumPy's and TensorFlow's seeds are all set from --seed (the tutorial uses 42).

--json prints one JSON object: task, train_rows, test_rows, epochs, epoch_seconds (wall time
of each fit epoch), total_seconds (from process start, so `import tensorflow` is included),
loss (as Keras's evaluate reports it: TFRS's test_step returns the last test batch's loss),
and top_{1,5,10,50,100}_categorical_accuracy (retrieval) or rmse (ranking), plus
tensorflow_version, keras_version, tfrs_version, seed, and the vocabulary sizes users and movies.
"""

import time

_T0 = time.time()


def _process_start():
    """Wall-clock time at which this process started (Linux /proc), else the import time of
    this module."""
    try:
        import os
        with open("/proc/self/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        start_ticks = int(fields[19])          # field 22 (starttime), after pid and comm
        with open("/proc/uptime") as f:
            uptime = float(f.read().split()[0])
        ticks = os.sysconf("SC_CLK_TCK")
        started = time.time() - (uptime - start_ticks / ticks)
        return min(started, _T0)
    except (OSError, ValueError, IndexError):
        return _T0


PROCESS_START = _process_start()

import argparse  # noqa: E402
import csv  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import random  # noqa: E402
import sys  # noqa: E402

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ["TF_USE_LEGACY_KERAS"] = "1"

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import tf_keras as keras  # noqa: E402
# TFRS imports ScaNN when it is installed, and a ScaNN wheel built against another
# TensorFlow fails to load (undefined absl symbol) with an error TFRS does not catch. None of
# this uses ScaNN: make the import fail as "not installed".
sys.modules.setdefault("scann", None)
import tensorflow_recommenders as tfrs  # noqa: E402


# ---------------------------------------------------------------- MovieLens reading

def _lines(path):
    """The file's lines, decoded as UTF-8 or, when that fails (ml-100k and ml-1m titles),
    as Latin-1."""
    with open(path, "rb") as f:
        data = f.read()
    try:
        return data.decode("utf-8").splitlines()
    except UnicodeDecodeError:
        return data.decode("latin-1").splitlines()


def _read_csv(path):
    with open(path, "r", encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    if not rows:
        raise ValueError(f"{path}: empty file")
    return rows[0], rows[1:]


def read_movielens(folder):
    """(user_ids, movie_titles, ratings, all_movie_titles) of a MovieLens folder: the
    ratings in file order and one title per row of the movies file."""
    def has(name):
        return os.path.exists(os.path.join(folder, name))

    titles = {}
    movie_rows = []
    users, movies, ratings = [], [], []
    if has("u.data") and has("u.item"):
        # ml-100k: u.item is "id|title|date|..." (Latin-1 in the real release);
        # u.data is "user\tmovie\trating\ttimestamp".
        for n, line in enumerate(_lines(os.path.join(folder, "u.item")), 1):
            if not line:
                continue
            parts = line.split("|")
            if len(parts) < 2:
                raise ValueError(f"{folder}/u.item line {n}: expected id|title|...")
            titles[parts[0]] = parts[1]
            movie_rows.append(parts[1])
        for n, line in enumerate(_lines(os.path.join(folder, "u.data")), 1):
            if not line:
                continue
            parts = line.split("\t")
            if len(parts) < 3:
                raise ValueError(f"{folder}/u.data line {n}: expected user\\tmovie\\trating")
            users.append(parts[0])
            movies.append(parts[1])
            ratings.append(float(parts[2]))
    elif has("ratings.dat") and has("movies.dat"):
        # ml-1m / ml-10m: "id::title::genres" (Latin-1 in ml-1m, UTF-8 in ml-10m);
        # "user::movie::rating::timestamp".
        for n, line in enumerate(_lines(os.path.join(folder, "movies.dat")), 1):
            if not line:
                continue
            parts = line.split("::")
            if len(parts) < 2:
                raise ValueError(f"{folder}/movies.dat line {n}: expected id::title::genres")
            titles[parts[0]] = parts[1]
            movie_rows.append(parts[1])
        for n, line in enumerate(_lines(os.path.join(folder, "ratings.dat")), 1):
            if not line:
                continue
            parts = line.split("::")
            if len(parts) < 3:
                raise ValueError(f"{folder}/ratings.dat line {n}: expected user::movie::rating")
            users.append(parts[0])
            movies.append(parts[1])
            ratings.append(float(parts[2]))
    elif has("ratings.csv") and has("movies.csv"):
        # ml-20m / ml-25m / ml-latest(-small): CSV with a header, UTF-8.
        header, rows = _read_csv(os.path.join(folder, "movies.csv"))
        mi, ti = header.index("movieId"), header.index("title")
        for row in rows:
            titles[row[mi]] = row[ti]
            movie_rows.append(row[ti])
        header, rows = _read_csv(os.path.join(folder, "ratings.csv"))
        ui, mi, ri = header.index("userId"), header.index("movieId"), header.index("rating")
        for row in rows:
            users.append(row[ui])
            movies.append(row[mi])
            ratings.append(float(row[ri]))
    else:
        raise ValueError(f"{folder}: not a MovieLens folder (no u.data + u.item, "
                         "ratings.dat + movies.dat, or ratings.csv + movies.csv)")
    try:
        movie_titles = [titles[m] for m in movies]
    except KeyError as e:
        raise ValueError(f"{folder}: a rating names movie {e} that the movies file lacks")
    if not users:
        raise ValueError(f"{folder}: no ratings")
    return users, movie_titles, np.asarray(ratings, dtype=np.float32), movie_rows


# ---------------------------------------------------------------- the tutorials' models

class RetrievalModel(tfrs.Model):
    def __init__(self, user_model, movie_model, task):
        super().__init__()
        self.movie_model = movie_model
        self.user_model = user_model
        self.task = task

    def compute_loss(self, features, training=False):
        user_embeddings = self.user_model(features["user_id"])
        positive_movie_embeddings = self.movie_model(features["movie_title"])
        return self.task(user_embeddings, positive_movie_embeddings)


class RankingModel(keras.Model):
    def __init__(self, unique_user_ids, unique_movie_titles, embedding_dimension):
        super().__init__()
        self.user_embeddings = keras.Sequential([
            keras.layers.StringLookup(vocabulary=unique_user_ids, mask_token=None),
            keras.layers.Embedding(len(unique_user_ids) + 1, embedding_dimension)])
        self.movie_embeddings = keras.Sequential([
            keras.layers.StringLookup(vocabulary=unique_movie_titles, mask_token=None),
            keras.layers.Embedding(len(unique_movie_titles) + 1, embedding_dimension)])
        self.ratings = keras.Sequential([
            keras.layers.Dense(256, activation="relu"),
            keras.layers.Dense(64, activation="relu"),
            keras.layers.Dense(1)])

    def call(self, inputs):
        user_id, movie_title = inputs
        user_embedding = self.user_embeddings(user_id)
        movie_embedding = self.movie_embeddings(movie_title)
        return self.ratings(tf.concat([user_embedding, movie_embedding], axis=1))


class MovielensRankingModel(tfrs.models.Model):
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
        rating_predictions = self(features)
        return self.task(labels=labels, predictions=rating_predictions)


class EpochTimer(keras.callbacks.Callback):
    def __init__(self):
        super().__init__()
        self.seconds = []
        self._start = None

    def on_epoch_begin(self, epoch, logs=None):
        self._start = time.perf_counter()

    def on_epoch_end(self, epoch, logs=None):
        self.seconds.append(time.perf_counter() - self._start)


# ---------------------------------------------------------------- main

def unique_utf8(strings):
    """The sorted unique values as UTF-8 bytes (what np.unique gives the tutorials on the
    TFDS byte strings)."""
    return np.unique(np.asarray([s.encode("utf-8") for s in strings], dtype=object))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("tutorial", choices=["basic-retrieval", "basic-ranking"])
    parser.add_argument("--data", required=True, help="a MovieLens folder")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    if not os.path.isdir(args.data):
        sys.exit(f"tfrs_tutorial.py: --data {args.data}: not a folder")

    keras.utils.set_random_seed(args.seed)   # Python, NumPy and TensorFlow
    random.seed(args.seed)
    np.random.seed(args.seed)
    tf.random.set_seed(args.seed)

    users, titles, ratings, movie_rows = read_movielens(args.data)
    n = len(users)
    n_train = int(0.8 * n)
    retrieval = args.tutorial == "basic-retrieval"
    features = {"movie_title": np.asarray(titles, dtype=object),
                "user_id": np.asarray(users, dtype=object)}
    if not retrieval:
        features["user_rating"] = ratings
    dataset = tf.data.Dataset.from_tensor_slices(features)

    shuffled = dataset.shuffle(100_000, seed=args.seed, reshuffle_each_iteration=False)
    train = shuffled.take(n_train)
    test = shuffled.skip(n_train).take(n - n_train)

    embedding_dimension = 32
    unique_user_ids = unique_utf8(users)
    if retrieval:
        movies = tf.data.Dataset.from_tensor_slices(np.asarray(movie_rows, dtype=object))
        unique_movie_titles = unique_utf8(movie_rows)
        user_model = keras.Sequential([
            keras.layers.StringLookup(vocabulary=unique_user_ids, mask_token=None),
            keras.layers.Embedding(len(unique_user_ids) + 1, embedding_dimension)])
        movie_model = keras.Sequential([
            keras.layers.StringLookup(vocabulary=unique_movie_titles, mask_token=None),
            keras.layers.Embedding(len(unique_movie_titles) + 1, embedding_dimension)])
        metrics = tfrs.metrics.FactorizedTopK(candidates=movies.batch(128).map(movie_model))
        task = tfrs.tasks.Retrieval(metrics=metrics)
        model = RetrievalModel(user_model, movie_model, task)
    else:
        unique_movie_titles = unique_utf8(titles)
        model = MovielensRankingModel(
            RankingModel(unique_user_ids, unique_movie_titles, embedding_dimension))
    model.compile(optimizer=keras.optimizers.Adagrad(learning_rate=0.1))

    cached_train = train.shuffle(100_000).batch(8192).cache()
    cached_test = test.batch(4096).cache()

    timer = EpochTimer()
    model.fit(cached_train, epochs=args.epochs, verbose=0, callbacks=[timer])
    result = model.evaluate(cached_test, return_dict=True, verbose=0)
    total = time.time() - PROCESS_START

    out = {"task": args.tutorial, "train_rows": n_train, "test_rows": n - n_train,
           "epochs": args.epochs, "epoch_seconds": [round(s, 4) for s in timer.seconds],
           "total_seconds": round(total, 4), "loss": float(result["loss"])}
    if retrieval:
        for k in (1, 5, 10, 50, 100):
            out[f"top_{k}_categorical_accuracy"] = float(
                result[f"factorized_top_k/top_{k}_categorical_accuracy"])
    else:
        out["rmse"] = float(result["root_mean_squared_error"])
    out.update({"seed": args.seed, "tensorflow_version": tf.__version__,
                "keras_version": keras.__version__, "tfrs_version": tfrs.__version__,
                "users": int(len(unique_user_ids)), "movies": int(len(unique_movie_titles))})
    if args.json:
        print(json.dumps(out))
    else:
        for key, value in out.items():
            print(f"{key}: {value}")


if __name__ == "__main__":
    main()
