#!/usr/bin/env python3
"""Golden vectors for Reel's MovieLens example generators (ReelMovieLens/Examples).

Run by hand (not in CI), from anywhere:

    pip install tensorflow-cpu pandas tensorflow-recommenders
    git -C <clone of tensorflow/examples> show \\
        HEAD:lite/examples/recommendation/ml/data/example_generation_movielens.py \\
        > /tmp/example_generation_movielens.py
    python3 scripts/golden/movielens_examples_golden.py /tmp/example_generation_movielens.py

It writes Fixtures/golden/movielens_examples.json (resolved relative to this file).

Both references are run as they are, not re-implemented:

* "sequential" cases import the given example_generation_movielens.py (the script the TFRS
  sequential-retrieval tutorial runs) and call its own `read_data` (on ratings.dat /
  movies.dat files written from the tables below), `convert_to_timelines` and
  `generate_examples_from_timelines(..., shuffle=False)`. With shuffle=False the split is
  deterministic: train = the first round(n * fraction) examples in generation order. The
  real run shuffles with Python's unseeded `random.shuffle`, which nothing can reproduce;
  Reel shuffles with its own seeded generator instead. The tf.train.Example protos are
  decoded back into lists for the JSON.
* "listwise" cases load tensorflow_recommenders/examples/movielens.py straight from the
  installed package's file (importing the package itself needs Keras 2) and call
  `sample_listwise` on a TFDS-shaped dataset (user_id, movie_title, user_rating). NumPy's
  RandomState draws cannot be reproduced in Swift, so the recorded rows document one real
  draw; the Swift tests check the deterministic parts: which users get lists, how many,
  their order, the list size, and that each list is a without-replacement sample of the
  user's (title, rating) pairs.

Movie titles are ASCII because read_data decodes with "unicode_escape".

File shape:

    {"generator", "tensorflow_version", "reference": {...},
     "cases": [{"name", "op", "params", "input", "output"}, ...]}

    sequential input:  {"ratings": [[user, movie, rating, timestamp], ...],
                        "movies": [[id, title, [genre, ...]], ...]}
    sequential output: {"timelines": [[user, [movie, ...]], ...],   # after filtering/sorting
                        "train": [example, ...], "test": [example, ...]}
       example = {"context_movie_id": [int], "context_movie_rating": [float],
                  "context_movie_genre": [str], "context_movie_year": [int],
                  "label_movie_id": [int]}
    listwise input:    same tables; the dataset has one row per rating in file order.
    listwise output:   {"rows": [{"user_id": str, "movie_title": [str],
                                  "user_rating": [float]}, ...]}
"""

import importlib.util
import json
import os
import sys
import tempfile
import warnings

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", ".."))
OUT = os.path.join(REPO, "Fixtures", "golden", "movielens_examples.json")

# ----------------------------------------------------------------------------- tables

MOVIES = [
    (1, "Toy Story (1995)", ["Animation", "Children's", "Comedy"]),
    (2, "Jumanji (1995)", ["Adventure", "Children's", "Fantasy"]),
    (3, "Heat (1995)", ["Action", "Crime", "Thriller"]),
    (4, "Shanghai Triad (Yao a yao yao dao waipo qiao) (1995)", ["Drama"]),
    (5, "Untitled", ["Drama"]),  # no year: 0
    (6, "1900 (Novecento) (1976)", ["Drama", "War"]),
    (7, "Remake (1999) of Original (2005)", ["Comedy"]),  # first (YYYY) wins: 1999
    (8, "Series (2005-2006)", ["Documentary"]),  # a range is no (YYYY): 0
    (9, "Kitchen Sink (1990)",
     ["Action", "Adventure", "Animation", "Children's", "Comedy", "Crime", "Documentary",
      "Drama"]),
    (10, "Brazil (1985)", ["Sci-Fi"]),
    (11, "Alien (1979)", ["Action", "Horror", "Sci-Fi", "Thriller"]),
    (12, "Casablanca (1942)", ["Drama", "Romance", "War"]),
    (13, "Fargo (1996)", ["Crime", "Drama", "Thriller"]),
    (14, "Vertigo (1958)", ["Mystery", "Thriller"]),
]

# (user, movie, rating, timestamp), in file order. Users first appear in the order
# 10, 20, 30, 40, 50, 60, 70.
RATINGS = [
    (10, 3, 4, 1003),
    (20, 1, 5, 2001),
    (10, 1, 5, 1001),
    (10, 2, 3, 1002),
    (10, 9, 1, 1004),  # dropped by min_rating 2
    (10, 4, 2, 1005),  # tie with the next row: file order is kept
    (10, 6, 4, 1005),
    (30, 1, 3, 3001),
    (10, 7, 5, 1007),
    (10, 8, 3, 1006),
    (20, 3, 4, 2000),
    (10, 10, 4, 1010),
    (10, 11, 2, 1009),
    (40, 1, 1, 4001),
    (10, 12, 5, 1011),
    (10, 13, 4, 1012),
    (10, 14, 3, 1013),
    (30, 2, 4, 3002),
    (20, 7, 2, 2002),
    (40, 2, 1, 4002),
    (40, 3, 5, 4003),
    (40, 4, 4, 4004),
    (50, 7, 3, 5000),  # user 50: three ratings at the same second
    (50, 5, 4, 5000),
    (50, 6, 5, 5000),
    (60, 9, 4, 6003),
    (60, 8, 5, 6001),
    (60, 12, 1, 6002),
    (60, 11, 3, 6004),
    (60, 13, 4, 6000),
    (70, 14, 5, 7000),  # a single rating
]

SEQUENTIAL_CASES = [
    # The tutorial's flags.
    ("tutorial_flags", dict(min_timeline_length=3, max_context_length=10,
                            max_context_movie_genre_length=10, min_rating=2,
                            train_data_fraction=0.9)),
    # The script's defaults for min_rating (None); short context and genre lists (truncation);
    # 24 examples * 0.4375 = 10.5 exactly: Python's round() gives 10 (half to even).
    ("no_min_rating_short_context", dict(min_timeline_length=2, max_context_length=3,
                                         max_context_movie_genre_length=4, min_rating=None,
                                         train_data_fraction=0.4375)),
    # Single-rating timelines pass min_timeline_length 1 but yield no examples; genre padding.
    ("min_length_one_high_rating", dict(min_timeline_length=1, max_context_length=2,
                                        max_context_movie_genre_length=12, min_rating=4,
                                        train_data_fraction=0.25)),
    ("all_test", dict(min_timeline_length=4, max_context_length=1,
                      max_context_movie_genre_length=1, min_rating=None,
                      train_data_fraction=0.0)),
    ("all_train", dict(min_timeline_length=3, max_context_length=10,
                       max_context_movie_genre_length=10, min_rating=3,
                       train_data_fraction=1.0)),
]

LISTWISE_CASES = [
    # (name, num_list_per_user, num_examples_per_list, seed)
    ("three_lists_of_two", 3, 2, 42),
    ("tutorial_test_split", 1, 5, 42),  # users 20, 30, 70 have fewer than 5 ratings
    ("exact_size_user", 4, 4, 7),  # user 40 has exactly 4 ratings
    ("larger_than_everyone", 2, 20, 42),  # nobody has 20 ratings: no rows
]

# ----------------------------------------------------------------------------- loading


def load_module(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def tables_input():
    return {
        "ratings": [list(r) for r in RATINGS],
        "movies": [[i, t, g] for i, t, g in MOVIES],
    }


# ----------------------------------------------------------------------------- sequential


def decode_example(example):
    feature = example.features.feature
    return {
        "context_movie_id": list(feature["context_movie_id"].int64_list.value),
        "context_movie_rating": [float(v)
                                 for v in feature["context_movie_rating"].float_list.value],
        "context_movie_genre": [b.decode("utf-8") for b in
                                feature["context_movie_genre"].bytes_list.value],
        "context_movie_year": list(feature["context_movie_year"].int64_list.value),
        "label_movie_id": list(feature["label_movie_id"].int64_list.value),
    }


def sequential_cases(reference):
    cases = []
    with tempfile.TemporaryDirectory() as data_dir:
        with open(os.path.join(data_dir, reference.RATINGS_FILE_NAME), "w") as f:
            for user, movie, rating, timestamp in RATINGS:
                f.write(f"{user}::{movie}::{rating}::{timestamp}\n")
        with open(os.path.join(data_dir, reference.MOVIES_FILE_NAME), "w") as f:
            for movie, title, genres in MOVIES:
                f.write(f"{movie}::{title}::{'|'.join(genres)}\n")
        for name, params in SEQUENTIAL_CASES:
            ratings_df, movies_df = reference.read_data(data_dir, min_rating=params["min_rating"])
            timelines, _ = reference.convert_to_timelines(ratings_df)
            train, test = reference.generate_examples_from_timelines(
                timelines=timelines,
                movies_df=movies_df,
                min_timeline_len=params["min_timeline_length"],
                max_context_len=params["max_context_length"],
                max_context_movie_genre_len=params["max_context_movie_genre_length"],
                train_data_fraction=params["train_data_fraction"],
                shuffle=False)
            cases.append({
                "name": name,
                "op": "sequential",
                "params": params,
                "input": tables_input(),
                "output": {
                    "timelines": [[int(user), [int(m.movie_id) for m in timeline]]
                                  for user, timeline in timelines.items()],
                    "train": [decode_example(e) for e in train],
                    "test": [decode_example(e) for e in test],
                },
            })
    return cases


# ----------------------------------------------------------------------------- listwise


def listwise_cases(tfrs_movielens):
    titles = {movie: title for movie, title, _ in MOVIES}
    dataset = tf.data.Dataset.from_tensor_slices({
        "user_id": np.array([str(r[0]).encode() for r in RATINGS]),
        "movie_title": np.array([titles[r[1]].encode() for r in RATINGS]),
        "user_rating": np.array([r[2] for r in RATINGS], dtype=np.float32),
    })
    cases = []
    for name, lists, size, seed in LISTWISE_CASES:
        out = tfrs_movielens.sample_listwise(
            dataset, num_list_per_user=lists, num_examples_per_list=size, seed=seed)
        rows = [{
            "user_id": row["user_id"].decode(),
            "movie_title": [t.decode() for t in row["movie_title"]],
            "user_rating": [float(r) for r in row["user_rating"]],
        } for row in out.as_numpy_iterator()]
        cases.append({
            "name": name,
            "op": "listwise",
            "params": {"num_list_per_user": lists, "num_examples_per_list": size,
                       "seed": seed},
            "input": tables_input(),
            "output": {"rows": rows},
        })
    return cases


def main():
    warnings.filterwarnings("ignore", message="Falling back to the 'python' engine")
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    reference = load_module("example_generation_movielens", sys.argv[1])
    tfrs_spec = importlib.util.find_spec("tensorflow_recommenders")
    if tfrs_spec is None:
        sys.exit("pip install tensorflow-recommenders")
    tfrs_file = os.path.join(os.path.dirname(tfrs_spec.origin), "examples", "movielens.py")
    tfrs_movielens = load_module("tfrs_examples_movielens", tfrs_file)
    import pandas  # noqa: F401  (read_data needs it; fail early with a clear message)

    cases = sequential_cases(reference) + listwise_cases(tfrs_movielens)
    root = {
        "generator": "scripts/golden/movielens_examples_golden.py",
        "tensorflow_version": tf.__version__,
        "reference": {
            "sequential": "tensorflow/examples lite/examples/recommendation/ml/data/"
                          "example_generation_movielens.py (last changed in 95c25641)",
            "listwise": "tensorflow_recommenders.examples.movielens.sample_listwise",
        },
        "cases": cases,
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump(root, f, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {len(cases)} cases to {OUT}")


if __name__ == "__main__":
    main()
