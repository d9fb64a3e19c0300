"""Shared setup of Reel's golden-vector generators (run by hand, never in CI).

Importing this module sets TF_USE_LEGACY_KERAS=1 before TensorFlow loads, so `keras` is
Keras 2 (the `tf_keras` package the TFRS tutorials use), falling back to Keras 3 when tf_keras
is missing; `KERAS_PACKAGE` records which. The generators import it from their own folder:

    from golden_env import np, tf, keras, KERAS_PACKAGE, tolist, tensor
"""

import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")

# The PyPI scann wheel is built against another TensorFlow ABI: importing it fails with
# NotFoundError, which TFRS's optional `import scann` does not catch. No generator uses ScaNN,
# so it is hidden (TFRS then treats it as not installed).
sys.modules.setdefault("scann", None)

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

try:
    import tf_keras as keras  # noqa: E402

    KERAS_PACKAGE = "tf_keras"
except ImportError:  # pragma: no cover
    import keras  # noqa: E402

    KERAS_PACKAGE = "keras"


def tolist(t):
    """A tensor or array as nested Python lists: strings decoded as UTF-8, floats as float,
    everything else as int64."""
    a = t.numpy() if hasattr(t, "numpy") else np.asarray(t)
    if a.dtype.kind in ("S", "O"):
        return np.vectorize(lambda b: b.decode("utf-8") if isinstance(b, bytes) else b,
                            otypes=[object])(a).tolist()
    if a.dtype.kind == "f":
        return np.vectorize(float, otypes=[object])(a).tolist()
    return a.astype(np.int64).tolist()


def tensor(a):
    """A tensor, array or tf.IndexedSlices (recorded dense) as {"shape", "values"}: row-major
    values, float32 values as Python floats (NaN as null: JSON has no NaN), integers and
    booleans as ints."""
    if isinstance(a, tf.IndexedSlices):
        a = tf.convert_to_tensor(a)
    a = a.numpy() if hasattr(a, "numpy") else np.asarray(a)
    flat = a.reshape(-1)
    if a.dtype.kind in ("i", "u", "b"):
        values = [int(x) for x in flat]
    else:
        values = [None if np.isnan(x) else float(x) for x in flat.astype(np.float32)]
    return {"shape": list(a.shape), "values": values}
