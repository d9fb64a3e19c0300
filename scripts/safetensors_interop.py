#!/usr/bin/env python3
"""Interop check between Reel's weight files and Python's `safetensors` package.

Used by Tests/ReelTensorTests/SafeTensorsInteropTests.swift (skipped when python3, numpy or
safetensors is missing; `pip install safetensors numpy`).

    python3 scripts/safetensors_interop.py read FILE    # print FILE's tensors and metadata as JSON
    python3 scripts/safetensors_interop.py write FILE   # write a file with safetensors.numpy,
                                                        # then print what it holds as JSON

The JSON is {"metadata": {...}, "tensors": {name: {"dtype", "shape", "values"}}}, values
flattened row-major (floats as Python floats, integers as ints).
"""

import json
import sys

import numpy as np
from safetensors import safe_open
from safetensors.numpy import load_file, save_file


def describe(path):
    tensors = load_file(path)
    with safe_open(path, framework="numpy") as f:
        metadata = f.metadata() or {}
    out = {}
    for name, array in tensors.items():
        kind = {np.dtype(np.float32): "F32", np.dtype(np.int64): "I64"}.get(array.dtype, str(array.dtype))
        flat = array.reshape(-1)
        values = [int(x) for x in flat] if array.dtype.kind == "i" else [float(x) for x in flat]
        out[name] = {"dtype": kind, "shape": list(array.shape), "values": values}
    return {"metadata": metadata, "tensors": out}


def write(path):
    rng = np.random.default_rng(7)
    tensors = {
        "user/embeddings": rng.standard_normal((5, 3)).astype(np.float32),
        "dense/bias": np.array([0.5, -1.25, 3e-8, 1e30], dtype=np.float32),
        "scalar": np.array(2.5, dtype=np.float32),
        "empty": np.zeros((0, 4), dtype=np.float32),
        "optimizer/iterations": np.array(42, dtype=np.int64),
        "counts": np.array([[1, -2], [3, 2**40]], dtype=np.int64),
    }
    save_file(tensors, path, metadata={"format": "python", "note": "written by safetensors.numpy"})


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in ("read", "write"):
        sys.exit(__doc__)
    if sys.argv[1] == "write":
        write(sys.argv[2])
    print(json.dumps(describe(sys.argv[2])))


if __name__ == "__main__":
    main()
