#!/usr/bin/env python3
"""Golden vectors for ReelTensor's learning-rate schedules and gradient clipping.

Run by hand (not in CI), from anywhere:

    pip install tensorflow-cpu tf-keras   # produced with tensorflow 2.21.0 + tf-keras 2.21.0
    TF_USE_LEGACY_KERAS=1 python3 Fixtures/golden/make_optimizers.py

It writes Fixtures/golden/optimizers.json (relative to this file), in the file shape of
layers.json (see make_layers.py):

    {"generator", "tensorflow_version", "keras_version", "keras_package",
     "cases": [{"name", "op", "params", "input", "output"}, ...]}

Every tensor is {"shape": [...], "values": [...]} (row-major; integer tensors hold ints).

Ops:

* "schedule": params {schedule: exponential | piecewise | cosine | inverse_time, config (the
  Keras constructor's keyword arguments)}; output rates: the schedule's float32 value at
  steps 0, 1, ..., 15.
* "optimizer_steps": params {optimizer: adagrad | sgd | adam, config (constructor keywords
  except learning_rate, e.g. momentum, clipnorm, clipvalue, global_clipnorm), schedule (null
  for a constant rate, else {schedule, config} as above), learning_rate (the constant rate,
  when schedule is null)}; input table [6, 3] and kernel [4, 3], steps: a list of
  {"table": {"indices", "values"} (tf.IndexedSlices, indices may repeat), "kernel": dense};
  output tables and kernels: the variables after each `apply_gradients` call, and rates:
  `optimizer.learning_rate` read before each step.
"""

import json
import os
import sys

from golden_env import np, tf, keras, KERAS_PACKAGE, tensor  # noqa: E402  (sets TF_USE_LEGACY_KERAS first)


HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "optimizers.json")

CASES = []
RNG = np.random.default_rng(20261130)


def uniform(shape, low=-1.0, high=1.0):
    return RNG.uniform(low, high, size=shape).astype(np.float32)


SCHEDULES = {
    "exponential": keras.optimizers.schedules.ExponentialDecay,
    "piecewise": keras.optimizers.schedules.PiecewiseConstantDecay,
    "cosine": keras.optimizers.schedules.CosineDecay,
    "inverse_time": keras.optimizers.schedules.InverseTimeDecay,
}

SCHEDULE_CONFIGS = [
    ("exponential", {"initial_learning_rate": 0.1, "decay_steps": 3, "decay_rate": 0.5}),
    ("exponential", {"initial_learning_rate": 0.1, "decay_steps": 3, "decay_rate": 0.5,
                     "staircase": True}),
    ("exponential", {"initial_learning_rate": 0.05, "decay_steps": 2, "decay_rate": 1.5}),
    ("piecewise", {"boundaries": [2, 5, 9], "values": [0.1, 0.05, 0.02, 0.001]}),
    ("cosine", {"initial_learning_rate": 0.1, "decay_steps": 8}),
    ("cosine", {"initial_learning_rate": 0.1, "decay_steps": 8, "alpha": 0.2}),
    ("cosine", {"initial_learning_rate": 0.0, "decay_steps": 6, "alpha": 0.1,
                "warmup_target": 0.2, "warmup_steps": 4}),
    ("cosine", {"initial_learning_rate": 0.01, "decay_steps": 5, "warmup_target": 0.1,
                "warmup_steps": 3}),
    ("inverse_time", {"initial_learning_rate": 0.1, "decay_steps": 2, "decay_rate": 0.5}),
    ("inverse_time", {"initial_learning_rate": 0.1, "decay_steps": 2, "decay_rate": 0.5,
                      "staircase": True}),
]


def schedule_cases():
    for i, (kind, config) in enumerate(SCHEDULE_CONFIGS):
        schedule = SCHEDULES[kind](**config)
        rates = np.array([float(schedule(tf.constant(step, tf.int64)).numpy())
                          for step in range(16)], dtype=np.float32)
        CASES.append({"name": "schedule_%d_%s" % (i, kind), "op": "schedule",
                      "params": {"schedule": kind, "config": config},
                      "input": {}, "output": {"rates": tensor(rates)}})


OPTIMIZERS = [
    ("adagrad", keras.optimizers.Adagrad, {}, 0.1),
    ("sgd", keras.optimizers.SGD, {}, 0.05),
    ("sgd_momentum", keras.optimizers.SGD, {"momentum": 0.9}, 0.05),
    ("sgd_nesterov", keras.optimizers.SGD, {"momentum": 0.9, "nesterov": True}, 0.05),
    ("adam", keras.optimizers.Adam, {}, 0.01),
]

CLIPPINGS = [
    ("clipnorm", {"clipnorm": 1.0}),
    ("clipvalue", {"clipvalue": 0.3}),
    ("global_clipnorm", {"global_clipnorm": 1.5}),
]


def steps_for_case():
    steps = []
    for indices in ([4, 1, 4], [0, 5], [2, 2, 2, 3]):
        steps.append({
            "indices": np.array(indices, dtype=np.int32),
            "values": uniform((len(indices), 3), -1.5, 1.5),
            "kernel": uniform((4, 3), -1.5, 1.5),
        })
    steps.append({"indices": np.array([1], dtype=np.int32), "values": uniform((1, 3)),
                  "kernel": uniform((4, 3))})
    return steps


def optimizer_case(name, label, make, config, rate, schedule):
    table0 = uniform((6, 3))
    kernel0 = uniform((4, 3))
    steps = steps_for_case()
    table = tf.Variable(table0)
    kernel = tf.Variable(kernel0)
    if schedule is None:
        optimizer = make(learning_rate=rate, **config)
    else:
        optimizer = make(learning_rate=SCHEDULES[schedule[0]](**schedule[1]), **config)
    tables, kernels, rates = [], [], []
    for step in steps:
        rates.append(float(tf.convert_to_tensor(
            optimizer.learning_rate if schedule is None
            else optimizer._learning_rate(optimizer.iterations)).numpy()))
        sparse = tf.IndexedSlices(tf.constant(step["values"]), tf.constant(step["indices"]),
                                  tf.constant([6, 3], dtype=tf.int64))
        optimizer.apply_gradients([(sparse, table), (tf.constant(step["kernel"]), kernel)])
        tables.append(table.numpy().copy())
        kernels.append(kernel.numpy().copy())
    CASES.append({
        "name": name, "op": "optimizer_steps",
        "params": {"optimizer": label.split("_")[0], "config": config,
                   "learning_rate": rate if schedule is None else None,
                   "schedule": None if schedule is None
                   else {"schedule": schedule[0], "config": schedule[1]}},
        "input": {"table": tensor(table0), "kernel": tensor(kernel0),
                  "steps": [{"table": {"indices": tensor(s["indices"]),
                                       "values": tensor(s["values"])},
                             "kernel": tensor(s["kernel"])} for s in steps]},
        "output": {"tables": [tensor(t) for t in tables],
                   "kernels": [tensor(k) for k in kernels],
                   "rates": tensor(np.array(rates, dtype=np.float32))},
    })


def optimizer_cases():
    schedules = [(kind, {**config}) for kind, config in SCHEDULE_CONFIGS]
    # Every optimizer with every schedule (shorter decays so 4 steps see them change).
    for label, make, extra, rate in OPTIMIZERS:
        for i, (kind, config) in enumerate(schedules):
            config = dict(config)
            if "initial_learning_rate" in config and label == "adam":
                config["initial_learning_rate"] = config["initial_learning_rate"] / 10
            if "warmup_target" in config and label == "adam":
                config["warmup_target"] = config["warmup_target"] / 10
            optimizer_case("%s_schedule_%d_%s" % (label, i, kind), label, make, extra, rate,
                           (kind, config))
    # Every optimizer with every clipping, with a constant rate and with a schedule.
    for label, make, extra, rate in OPTIMIZERS:
        for clip_label, clip in CLIPPINGS:
            optimizer_case("%s_%s" % (label, clip_label), label, make, {**extra, **clip}, rate,
                           None)
            optimizer_case("%s_%s_exponential" % (label, clip_label), label, make,
                           {**extra, **clip}, rate,
                           ("exponential", {"initial_learning_rate": rate, "decay_steps": 1,
                                            "decay_rate": 0.7}))


def main():
    schedule_cases()
    optimizer_cases()
    names = [c["name"] for c in CASES]
    assert len(names) == len(set(names)), "duplicate case names"
    doc = {"generator": "Fixtures/golden/make_optimizers.py",
           "tensorflow_version": tf.__version__,
           "keras_version": keras.__version__,
           "keras_package": KERAS_PACKAGE,
           "cases": CASES}
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
