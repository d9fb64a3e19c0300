"""Writes small .npy fixtures with NumPy for the ReelANN .npy reader tests (run by hand).

    python3 Fixtures/golden/make_npy.py

Every float array holds a[i, j] = (i * cols + j) * 0.25 - 1.5, every id vector 10 * i - 3, so
the Swift tests can check values without a JSON file.
"""
import os

import numpy as np

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "npy")
os.makedirs(OUT, exist_ok=True)


def grid(rows, cols, dtype):
    return (np.arange(rows * cols, dtype=np.float64).reshape(rows, cols) * 0.25 - 1.5).astype(dtype)


def ids(n, dtype):
    return (np.arange(n) * 10 - 3).astype(dtype)


np.save(os.path.join(OUT, "f4_3x5.npy"), grid(3, 5, np.float32))
np.save(os.path.join(OUT, "f8_4x3.npy"), grid(4, 3, np.float64))
np.save(os.path.join(OUT, "f4_vector7.npy"), grid(1, 7, np.float32)[0])
np.save(os.path.join(OUT, "i8_ids6.npy"), ids(6, np.int64))
np.save(os.path.join(OUT, "i4_ids5.npy"), ids(5, np.int32))
np.save(os.path.join(OUT, "f4_fortran_3x4.npy"), np.asfortranarray(grid(3, 4, np.float32)))
np.save(os.path.join(OUT, "f2_2x2.npy"), grid(2, 2, np.float16))
np.save(os.path.join(OUT, "f4_big_endian_2x2.npy"), grid(2, 2, ">f4"))
np.save(os.path.join(OUT, "f4_3d.npy"), grid(2, 6, np.float32).reshape(2, 3, 2))
with open(os.path.join(OUT, "f4_v2_2x3.npy"), "wb") as f:
    np.lib.format.write_array(f, grid(2, 3, np.float32), version=(2, 0))
# A 4x4 float32 file cut short by 10 bytes.
full = os.path.join(OUT, "f4_4x4.npy")
np.save(full, grid(4, 4, np.float32))
with open(full, "rb") as f:
    data = f.read()
os.remove(full)
with open(os.path.join(OUT, "f4_truncated_4x4.npy"), "wb") as f:
    f.write(data[:-10])
print("wrote", sorted(os.listdir(OUT)))
