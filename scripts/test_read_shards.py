#!/usr/bin/env python3
"""Tests for scripts/read_shards.py, the spec-only reader of Docs/ShardFormat.md.

Run::

    python3 scripts/test_read_shards.py            # needs numpy and zstandard

The last line printed is ``N passed, M failed``; the exit status is non-zero on any failure.

The script holds a minimal, test-only shard *writer* written from the same document (header,
zstd frames with content size and checksum, streams in every encoding, footer, trailer,
manifest), round-trips datasets through the reader, and corrupts files to check that every
defect is reported with the file (and block) that holds it.

To check shards written by Reel itself, set both::

    REEL_SHARDS_DIR=path/to/dataset REEL_SHARDS_JSONL=rows.jsonl python3 scripts/test_read_shards.py

where rows.jsonl is the output of ``reel cat DIR --format jsonl``. Every row is compared:
int columns exactly, float/double columns with a relative tolerance of 1e-6, strings exactly.
"""

from __future__ import annotations

import json
import math
import os
import random
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import traceback
from typing import Any, Callable

import numpy as np
import zstandard

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import read_shards as rs  # noqa: E402
from read_shards import Column, ShardFormatError, crc32c, open_dataset  # noqa: E402

SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "read_shards.py")

# ======================================================================================
# Test-only writer, from Docs/ShardFormat.md


WIDTH = {"int32": 4, "int64": 8, "float": 4, "double": 8}
DTYPE = {"int32": "<i4", "int64": "<i8", "float": "<f4", "double": "<f8"}
UNSIGNED = {4: np.dtype("<u4"), 8: np.dtype("<u8")}


def _valid_encodings(kind: str, width: int) -> list[int]:
    """Encodings the spec allows for a stream: delta only for integers, planes for widths 4/8."""
    encs = [0]
    if kind in ("int", "len") and width in (4, 8):
        encs.append(1)
    if width in (4, 8):
        encs.append(2)
    if 1 in encs and 2 in encs:
        encs.append(3)
    return encs


class Policy:
    """Chooses each stream's encoding: 'plain', 'auto' (as Reel's writer is described),
    'cycle' (rotates through every valid encoding) or a fixed int (masked to what is valid)."""

    def __init__(self, mode: str | int = "cycle"):
        self.mode = mode
        self.counter = 0

    def __call__(self, kind: str, width: int, values: np.ndarray | None) -> int:
        valid = _valid_encodings(kind, width)
        if self.mode == "plain":
            return 0
        if self.mode == "auto":
            enc = 0
            if 1 in valid and values is not None and len(values) > 1 and np.all(values[1:] >= values[:-1]):
                enc |= 1
            if 2 in valid:
                enc |= 2
            return enc
        if self.mode == "cycle":
            self.counter += 1
            return valid[self.counter % len(valid)]
        enc = int(self.mode)
        return enc if enc in valid else max(e for e in valid if e & enc == e)


def encode_stream(values: np.ndarray, width: int, encoding: int) -> bytes:
    """Apply delta (bit 0) then byte planes (bit 1) to the raw little-endian bytes."""
    values = np.ascontiguousarray(values)
    if encoding & 1:
        u = values.view(UNSIGNED[width])
        d = u.copy()
        d[1:] = u[1:] - u[:-1]  # wraps around
        values = d
    raw = values.tobytes()
    if encoding & 2:
        raw = np.frombuffer(raw, dtype=np.uint8).reshape(len(values), width).T.tobytes()
    return raw


def _stream(kind: str, width: int, values: np.ndarray, policy: Policy) -> dict:
    enc = policy(kind, width, values)
    return {"encoding": enc, "width": width, "count": len(values), "data": encode_stream(values, width, enc)}


def _bytes_stream(items: list) -> tuple[dict, np.ndarray]:
    encoded = [s if isinstance(s, bytes) else s.encode("utf-8") for s in items]
    data = b"".join(encoded)
    lengths = np.array([len(e) for e in encoded], dtype="<u4")
    return {"encoding": 0, "width": 1, "count": len(data), "data": data}, lengths


def block_streams(schema: list[Column], cols: dict[str, list], policy: Policy) -> list[dict]:
    """The streams of one block, in schema order (ShardFormat.md §3 'Block')."""
    streams = []
    for c in schema:
        vals = cols[c.name]
        if c.list:
            streams.append(_stream("len", 4, np.array([len(v) for v in vals], dtype="<u4"), policy))
            flat = [x for v in vals for x in v]
        else:
            flat = vals
        if c.type == "string":
            bytes_stream, lengths = _bytes_stream(flat)
            streams.append(_stream("len", 4, lengths, policy))
            streams.append(bytes_stream)
        else:
            kind = "float" if c.type in ("float", "double") else "int"
            streams.append(_stream(kind, WIDTH[c.type], np.array(flat, dtype=DTYPE[c.type]), policy))
    return streams


def serialize_streams(streams: list[dict], stream_count: int | None = None) -> bytes:
    out = [struct.pack("<I", len(streams) if stream_count is None else stream_count)]
    for s in streams:
        byte_length = s.get("byte_length", len(s["data"]))
        out.append(struct.pack("<BBHIQ", s["encoding"], s["width"], s.get("reserved", 0), s["count"], byte_length))
    out.extend(s["data"] for s in streams)
    return b"".join(out)


class Hooks:
    """Ways to make a writer produce bad data; each gets (shard, block, thing) and returns it."""

    streams: Callable[[int, int, list[dict]], list[dict]] | None = None
    payload: Callable[[int, int, bytes], bytes] | None = None
    frame: Callable[[int, int, bytes], bytes] | None = None
    footer: Callable[[int, dict], dict] | None = None
    compressor: Callable[[], Any] | None = None

    def __init__(self, **kw):
        self.__dict__.update(kw)


def write_shard(path: str, shard_index: int, schema: list[Column], cols: dict[str, list], block_rows: int,
                policy: Policy, level: int, hooks: Hooks) -> dict:
    rows = len(cols[schema[0].name]) if schema else 0
    cctx = hooks.compressor() if hooks.compressor else zstandard.ZstdCompressor(
        level=level, write_checksum=True, write_content_size=True)
    body = bytearray(struct.pack("<8sII", b"REELSHRD", 1, 0))
    blocks = []
    for b, start in enumerate(range(0, rows, block_rows)):
        end = min(start + block_rows, rows)
        streams = block_streams(schema, {k: v[start:end] for k, v in cols.items()}, policy)
        if hooks.streams:
            streams = hooks.streams(shard_index, b, streams)
        payload = serialize_streams(streams)
        if hooks.payload:
            payload = hooks.payload(shard_index, b, payload)
        frame = cctx.compress(payload)
        if hooks.frame:
            frame = hooks.frame(shard_index, b, frame)
        blocks.append({"offset": len(body), "length": len(frame), "rows": end - start, "first_row": start,
                       "uncompressed": len(payload), "crc32c": crc32c(frame)})
        body += frame
    footer = {"format": "reel-shard", "version": 1, "schema": [c.to_json() for c in schema], "rows": rows, "blocks": blocks}
    if hooks.footer:
        footer = hooks.footer(shard_index, footer)
    footer_bytes = json.dumps(footer, ensure_ascii=False).encode("utf-8")
    footer_offset = len(body)
    body += footer_bytes
    body += struct.pack("<QQII8s", footer_offset, len(footer_bytes), crc32c(footer_bytes), 1, b"REELTAIL")
    tmp = os.path.join(os.path.dirname(path), "." + os.path.basename(path) + ".tmp")
    with open(tmp, "wb") as f:
        f.write(body)
    os.replace(tmp, path)
    return {"file": os.path.basename(path), "rows": rows, "bytes": len(body), "blocks": len(blocks), "crc32c": crc32c(body)}


def write_dataset(directory: str, schema: list[Column], cols: dict[str, list], shard_rows: int = 1 << 30,
                  block_rows: int = 1 << 16, policy: Policy | str | int = "cycle", level: int = 3,
                  metadata: dict | None = None, hooks: Hooks | None = None) -> dict:
    """Write ``cols`` (column name → list of Python values) as a dataset; returns the manifest."""
    os.makedirs(directory, exist_ok=True)
    policy = policy if isinstance(policy, Policy) else Policy(policy)
    hooks = hooks or Hooks()
    rows = len(cols[schema[0].name]) if schema else 0
    generation = "%016x" % random.getrandbits(64)
    shards = []
    for i, start in enumerate(range(0, rows, shard_rows)):
        part = {k: v[start : start + shard_rows] for k, v in cols.items()}
        path = os.path.join(directory, f"part-{generation}-{i:05d}.reelshard")
        shards.append(write_shard(path, i, schema, part, block_rows, policy, level, hooks))
    manifest = {
        "format": "reel-shards", "version": 1, "schema": [c.to_json() for c in schema], "rows": rows,
        "bytes": sum(s["bytes"] for s in shards), "zstd_level": level,
        "fingerprint": "test_read_shards.py", "created": "2026-01-01T00:00:00Z",
        "shards": shards, "metadata": metadata or {},
    }
    write_manifest(directory, manifest)
    return manifest


def write_manifest(directory: str, manifest: dict) -> None:
    tmp = os.path.join(directory, ".manifest.json.tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(manifest, f, ensure_ascii=False, indent=1)
    os.replace(tmp, os.path.join(directory, "manifest.json"))


# ======================================================================================
# Test data

I32 = [-(2**31), 2**31 - 1, 0, -1, 1]
I64 = [-(2**63), 2**63 - 1, 0, -1, 2**40 + 7]
F32 = [float(np.float32(x)) for x in (math.nan, math.inf, -math.inf, -0.0, 1e-45, 3.4028234663852886e38, 0.1, -2.5)]
F64 = [math.nan, math.inf, -math.inf, -0.0, 5e-324, 1.7976931348623157e308, 0.1, -2.5]
STRS = ["", "é", "日本語", "🙂 emoji", "a\x00b", 'quote " back \\ nl \n tab \t', "plain ascii", "Ωμέγα"]

FULL_SCHEMA = [
    Column("i32", "int32", False), Column("i64", "int64", False), Column("f32", "float", False),
    Column("f64", "double", False), Column("s", "string", False),
    Column("li32", "int32", True), Column("li64", "int64", True), Column("lf32", "float", True),
    Column("lf64", "double", True), Column("ls", "string", True),
]


def make_full_data(n: int, seed: int = 1) -> dict[str, list]:
    rng = random.Random(seed)

    def pick(special, gen):
        return special[rng.randrange(len(special))] if rng.random() < 0.3 else gen()

    def f32():
        return float(np.float32(rng.uniform(-1e6, 1e6)))

    def rand_str():
        return "".join(rng.choice("abcxyzé日🙂 ") for _ in range(rng.randrange(0, 12)))

    def lst(gen):
        k = rng.choice([0, 0, 1, 2, 5, 17])
        return [gen() for _ in range(k)]

    gens = {
        "i32": lambda: pick(I32, lambda: rng.randrange(-(2**31), 2**31)),
        "i64": lambda: pick(I64, lambda: rng.randrange(-(2**63), 2**63)),
        "f32": lambda: pick(F32, f32),
        "f64": lambda: pick(F64, lambda: rng.uniform(-1e300, 1e300)),
        "s": lambda: pick(STRS, rand_str),
    }
    data: dict[str, list] = {c.name: [] for c in FULL_SCHEMA}
    for i in range(n):
        for c in FULL_SCHEMA:
            base = gens[c.name[1:] if c.list else c.name]
            data[c.name].append(lst(base) if c.list else base())
    # Make sure every special value appears, at fixed rows.
    for k in range(min(n, 8)):
        data["i32"][k], data["i64"][k] = I32[k % 5], I64[k % 5]
        data["f32"][k], data["f64"][k], data["s"][k] = F32[k], F64[k], STRS[k]
    if n < 3:
        return data
    data["li32"][0], data["li64"][0], data["lf32"][0], data["lf64"][0], data["ls"][0] = I32, I64, F32, F64, STRS
    data["li32"][1], data["li64"][1], data["lf32"][1], data["lf64"][1], data["ls"][1] = [], [], [], [], []
    data["ls"][2] = ["", "", ""]
    return data


def same(a: Any, b: Any) -> bool:
    """Exact equality where NaN equals NaN and -0.0 differs from 0.0."""
    if isinstance(a, list) or isinstance(b, list):
        return isinstance(a, list) and isinstance(b, list) and len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, float) or isinstance(b, float):
        if not (isinstance(a, float) and isinstance(b, float)):
            return False
        return (math.isnan(a) and math.isnan(b)) or (a == b and math.copysign(1, a) == math.copysign(1, b))
    return type(a) is type(b) and a == b


def column_as_python(col: Column, values: Any) -> list:
    if col.type == "string":
        return [list(v) for v in values] if col.list else list(values)
    return [v.tolist() for v in values] if col.list else values.tolist()


def check_batch_types(col: Column, values: Any) -> None:
    if col.type == "string":
        assert isinstance(values, list), col
        for v in values:
            if col.list:
                assert isinstance(v, list) and all(isinstance(x, str) for x in v), col
            else:
                assert isinstance(v, str), col
    elif col.list:
        assert isinstance(values, list) and all(isinstance(v, np.ndarray) and v.dtype == col.dtype for v in values), col
    else:
        assert isinstance(values, np.ndarray) and values.dtype == col.dtype, (col, getattr(values, "dtype", None))


def assert_dataset_equals(ds: rs.Dataset, schema: list[Column], data: dict[str, list]) -> None:
    got = ds.read_all()
    assert list(got) == [c.name for c in schema], list(got)
    for c in schema:
        check_batch_types(c, got[c.name])
        values = column_as_python(c, got[c.name])
        assert len(values) == len(data[c.name]), (c.name, len(values), len(data[c.name]))
        for i, (x, y) in enumerate(zip(values, data[c.name])):
            assert same(x, y), f"column {c.name} row {i}: read {x!r}, wrote {y!r}"


# ======================================================================================
# Tests

TESTS: list[Callable[[], None]] = []


def test(fn):
    TESTS.append(fn)
    return fn


class TempDir:
    def __enter__(self) -> str:
        self.path = tempfile.mkdtemp(prefix="reel-shards-test-")
        return self.path

    def __exit__(self, *exc) -> None:
        shutil.rmtree(self.path, ignore_errors=True)


def expect_error(fn: Callable[[], Any], file: str, contains: str, block: int | None | str = "any") -> ShardFormatError:
    try:
        fn()
    except ShardFormatError as e:
        assert os.path.basename(e.file) == os.path.basename(file), f"error names {e.file}, expected {file}: {e}"
        assert os.path.basename(file) in str(e), str(e)
        assert contains.lower() in str(e).lower(), f"{contains!r} not in {str(e)!r}"
        if block != "any":
            assert e.block == block, f"error names block {e.block}, expected {block}: {e}"
            if block is not None:
                assert f"block {block}" in str(e), str(e)
        return e
    raise AssertionError(f"no ShardFormatError (expected one containing {contains!r})")


def expect_problem(ds: rs.Dataset, *needles: str) -> list[str]:
    problems = ds.verify()
    assert problems, "verify() found no problem"
    assert any(all(n.lower() in p.lower() for n in needles) for p in problems), f"no problem with {needles}: {problems}"
    return problems


# --- CRC32C ---------------------------------------------------------------------------


@test
def crc32c_vectors():
    assert crc32c(b"123456789") == 0xE3069283
    assert crc32c(b"") == 0
    assert crc32c(bytes(32)) == 0x8A9136AA
    assert crc32c(b"\xff" * 32) == 0x62A8AB43
    assert crc32c(bytes(range(32))) == 0x46DD794E  # RFC 3720 B.4 test vectors
    assert crc32c(bytes(range(31, -1, -1))) == 0x113FDB5C
    assert crc32c(b"a") == 0xC1D04330
    assert crc32c(b"The quick brown fox jumps over the lazy dog") == 0x22620404


@test
def crc32c_fast_path_matches_table_loop():
    rng = np.random.default_rng(7)
    for n in [16383, 16384, 16385, 70001, 262144 + 13, 1 << 20]:
        data = rng.integers(0, 256, n, dtype=np.uint8).tobytes()
        slow = rs._crc_update_py(0xFFFFFFFF, data) ^ 0xFFFFFFFF
        assert crc32c(data) == slow, n
        cut = n // 3
        assert crc32c(data[cut:], crc32c(data[:cut])) == slow, n
    assert crc32c(bytearray(b"123456789")) == crc32c(memoryview(b"123456789")) == 0xE3069283


@test
def crc32c_speed():
    data = np.random.default_rng(1).integers(0, 256, 4 << 20, dtype=np.uint8).tobytes()
    crc32c(data[: 1 << 16])  # warm the tables
    t = time.perf_counter()
    crc32c(data)
    elapsed = time.perf_counter() - t
    assert elapsed < 1.0, f"CRC32C of 4 MiB took {elapsed:.2f} s"


# --- Round trips ------------------------------------------------------------------------


@test
def round_trip_all_types_many_shards_and_blocks():
    with TempDir() as d:
        data = make_full_data(1000)
        manifest = write_dataset(d, FULL_SCHEMA, data, shard_rows=400, block_rows=64,
                                 policy="cycle", metadata={"vocab": ["a", "b"], "n": 3})
        ds = open_dataset(d)
        assert ds.rows == 1000 and len(ds.shards) == 3, ds
        assert list(ds.schema) == FULL_SCHEMA
        assert ds.metadata == {"vocab": ["a", "b"], "n": 3}
        assert [s.rows for s in ds.shards] == [400, 400, 200]
        assert [s.first_row for s in ds.shards] == [0, 400, 800]
        assert sum(s.blocks for s in ds.shards) == 7 + 7 + 4
        assert_dataset_equals(ds, FULL_SCHEMA, data)
        batches = list(ds.iter_batches())
        assert len(batches) == 18 and sum(len(b["i32"]) for b in batches) == 1000
        for b in batches:
            for c in FULL_SCHEMA:
                check_batch_types(c, b[c.name])
        assert ds.verify() == [], ds.verify()
        assert manifest["rows"] == 1000


@test
def read_row_random_access():
    with TempDir() as d:
        data = make_full_data(1000, seed=2)
        write_dataset(d, FULL_SCHEMA, data, shard_rows=333, block_rows=50)
        ds = open_dataset(d)
        rows = [0, 1, 49, 50, 51, 332, 333, 334, 665, 666, 999] + random.Random(3).sample(range(1000), 60)
        for i in rows:
            row = ds.read_row(i)
            assert list(row) == [c.name for c in FULL_SCHEMA]
            for c in FULL_SCHEMA:
                assert same(row[c.name], data[c.name][i]), (i, c.name, row[c.name], data[c.name][i])
        assert same(ds.read_row(-1)["s"], data["s"][-1])
        assert ds.read_row(500, columns=["ls", "i64"]) == {"ls": data["ls"][500], "i64": data["i64"][500]}
        for bad in (1000, -1001):
            try:
                ds.read_row(bad)
            except IndexError:
                pass
            else:
                raise AssertionError(f"read_row({bad}) did not raise IndexError")
        shard = ds.shard(1)
        assert shard.block_for_row(0) == 0 and shard.block_for_row(49) == 0 and shard.block_for_row(50) == 1
        assert shard.block_for_row(332) == 6


@test
def projection():
    with TempDir() as d:
        data = make_full_data(300, seed=4)
        write_dataset(d, FULL_SCHEMA, data, shard_rows=120, block_rows=40)
        ds = open_dataset(d)
        got = ds.read_all(columns=["ls", "i32", "lf64"])
        assert list(got) == ["ls", "i32", "lf64"]
        for name in got:
            col = next(c for c in FULL_SCHEMA if c.name == name)
            assert same(column_as_python(col, got[name]), data[name]), name
        for b in ds.iter_batches(columns=["f32"]):
            assert list(b) == ["f32"]
        assert ds.read_all(columns=[]) == {}
        try:
            ds.read_all(columns=["nope"])
        except KeyError:
            pass
        else:
            raise AssertionError("unknown column accepted")


@test
def projection_does_not_decode_other_columns():
    # Invalid UTF-8 in column "s" of block 1: only reading "s" finds it.
    schema = [Column("i", "int32", False), Column("s", "string", False)]
    data = {"i": list(range(30)), "s": ["ok"] * 30}
    data["s"][15] = b"\xff\xfe"
    with TempDir() as d:
        write_dataset(d, schema, data, block_rows=10)
        ds = open_dataset(d)
        assert ds.read_all(columns=["i"])["i"].tolist() == list(range(30))
        shard = ds.shard_path(0)
        expect_error(lambda: ds.read_all(), shard, "utf-8", block=1)
        expect_error(lambda: ds.read_row(15), shard, "utf-8", block=1)
        assert ds.read_row(15, columns=["i"]) == {"i": 15}
        expect_problem(ds, "block 1", "utf-8")


@test
def every_encoding_round_trips():
    schema = [Column("ts", "int64", False), Column("id", "int32", False), Column("x", "double", False),
              Column("y", "float", False), Column("tags", "string", True), Column("ids", "int64", True),
              Column("name", "string", False)]
    rng = random.Random(5)
    n = 500
    ts = sorted(rng.randrange(-(2**62), 2**62) for _ in range(n))
    data = {
        "ts": ts,
        "id": [rng.randrange(-(2**31), 2**31) for _ in range(n)],  # not sorted: delta wraps around
        "x": [rng.uniform(-1, 1) for _ in range(n)],
        "y": [float(np.float32(rng.uniform(-1, 1))) for _ in range(n)],
        "tags": [[rng.choice(["", "a", "bb", "ç"]) for _ in range(rng.randrange(4))] for _ in range(n)],
        "ids": [sorted(rng.randrange(-(2**63), 2**63) for _ in range(rng.randrange(5))) for _ in range(n)],
        "name": ["n%d" % i for i in range(n)],
    }
    for mode in ["plain", 1, 2, 3, "auto", "cycle"]:
        with TempDir() as d:
            write_dataset(d, schema, data, shard_rows=200, block_rows=77, policy=mode)
            ds = open_dataset(d)
            assert_dataset_equals(ds, schema, data)
            assert ds.verify() == [], (mode, ds.verify())
            # The writer really used the encoding: inspect one payload's descriptors.
            payload = ds.shard(0).read_payload(0)
            (count,) = struct.unpack_from("<I", payload)
            assert count == 11, count
            encodings = {e for e, *_ in struct.iter_unpack("<BBHIQ", payload[4 : 4 + 16 * count])}
            if mode == 3:
                assert 3 in encodings, encodings
            if mode == "plain":
                assert encodings == {0}, encodings


@test
def delta_wraps_around():
    schema = [Column("a", "int32", False), Column("b", "int64", False)]
    data = {"a": [2**31 - 1, -(2**31), 2**31 - 1, 0], "b": [2**63 - 1, -(2**63), 0, 2**63 - 1]}
    with TempDir() as d:
        write_dataset(d, schema, data, policy=1)
        assert_dataset_equals(open_dataset(d), schema, data)


@test
def empty_strings_and_lists_only():
    schema = [Column("s", "string", False), Column("ls", "string", True), Column("li", "int64", True)]
    data = {"s": [""] * 20, "ls": [[]] * 10 + [[""]] * 10, "li": [[]] * 20}
    with TempDir() as d:
        write_dataset(d, schema, data, block_rows=10)
        ds = open_dataset(d)
        assert_dataset_equals(ds, schema, data)
        assert ds.verify() == []


@test
def empty_dataset():
    schema = [Column("a", "int32", False), Column("s", "string", False), Column("l", "double", True)]
    with TempDir() as d:
        write_dataset(d, schema, {"a": [], "s": [], "l": []})
        ds = open_dataset(d)
        assert ds.rows == 0 and ds.shards == ()
        got = ds.read_all()
        assert got["a"].dtype == np.int32 and len(got["a"]) == 0 and got["s"] == [] and got["l"] == []
        assert list(ds.iter_batches()) == [] and ds.verify() == []


@test
def single_row():
    with TempDir() as d:
        data = make_full_data(1, seed=9)
        write_dataset(d, FULL_SCHEMA, data)
        ds = open_dataset(d)
        assert_dataset_equals(ds, FULL_SCHEMA, data)
        assert same(ds.read_row(0)["lf32"], data["lf32"][0])


@test
def ignores_unlisted_files():
    schema = [Column("a", "int32", False)]
    with TempDir() as d:
        write_dataset(d, schema, {"a": [1, 2, 3]})
        with open(os.path.join(d, ".part-tmp.reelshard"), "wb") as f:
            f.write(b"garbage")
        with open(os.path.join(d, "part-0000000000000000-00000.reelshard"), "wb") as f:
            f.write(b"left over from an interrupted write")
        ds = open_dataset(d)
        assert ds.read_all()["a"].tolist() == [1, 2, 3] and ds.verify() == []


@test
def not_a_dataset():
    with TempDir() as d:
        expect_error(lambda: open_dataset(d), os.path.join(d, "manifest.json"), "not a dataset")


# --- Corruption -------------------------------------------------------------------------


def corrupt_dataset(d: str) -> tuple[rs.Dataset, dict[str, list]]:
    data = make_full_data(600, seed=11)
    write_dataset(d, FULL_SCHEMA, data, shard_rows=250, block_rows=50)
    return open_dataset(d), data


def flip(path: str, offset: int, mask: int = 0x40) -> None:
    with open(path, "r+b") as f:
        f.seek(offset)
        b = f.read(1)
        f.seek(offset)
        f.write(bytes([b[0] ^ mask]))


@test
def corrupt_block_byte():
    with TempDir() as d:
        ds, data = corrupt_dataset(d)
        shard = ds.shard(1)
        block = shard.blocks[2]
        flip(shard.path, block.offset + block.length // 2)
        ds = open_dataset(d)
        expect_error(lambda: ds.read_all(), shard.path, "CRC32C mismatch", block=2)
        expect_error(lambda: ds.read_row(250 + 120), shard.path, "CRC32C", block=2)
        assert same(ds.read_row(250 + 10)["ls"], data["ls"][260])  # other blocks still readable
        problems = expect_problem(ds, os.path.basename(shard.path), "block 2", "crc32c")
        expect_problem(ds, os.path.basename(shard.path), "whole-file")
        assert len(problems) == 2, problems


@test
def corrupt_block_without_crc_is_caught_by_zstd():
    with TempDir() as d:
        ds, _ = corrupt_dataset(d)
        shard = ds.shard(0)
        flip(shard.path, shard.blocks[3].offset + shard.blocks[3].length - 2)  # inside the XXH64 checksum
        ds = open_dataset(d)
        expect_error(lambda: list(ds.iter_batches(verify=False)), shard.path, "zstd", block=3)


@test
def corrupt_footer():
    with TempDir() as d:
        ds, _ = corrupt_dataset(d)
        shard = ds.shard(2)
        flip(shard.path, shard.footer_offset + shard.footer_length // 2, 0x01)
        ds = open_dataset(d)
        expect_error(lambda: ds.read_all(), shard.path, "footer CRC32C mismatch", block=None)
        expect_error(lambda: rs.Shard(shard.path), shard.path, "footer CRC32C", block=None)
        expect_problem(ds, os.path.basename(shard.path), "footer crc32c")


@test
def corrupt_trailer_magic():
    with TempDir() as d:
        ds, _ = corrupt_dataset(d)
        path = ds.shard_path(0)
        flip(path, os.path.getsize(path) - 3)
        ds = open_dataset(d)
        expect_error(lambda: ds.read_row(0), path, "trailer magic")
        expect_problem(ds, os.path.basename(path), "trailer magic")


@test
def corrupt_header_magic():
    with TempDir() as d:
        ds, _ = corrupt_dataset(d)
        path = ds.shard_path(1)
        flip(path, 0)
        ds = open_dataset(d)
        expect_error(lambda: ds.read_all(), path, "header magic")
        expect_problem(ds, os.path.basename(path), "header magic")


@test
def truncated_shard():
    with TempDir() as d:
        ds, _ = corrupt_dataset(d)
        path = ds.shard_path(1)
        size = os.path.getsize(path)
        with open(path, "r+b") as f:
            f.truncate(size - 10)
        ds = open_dataset(d)
        expect_error(lambda: ds.read_all(), path, "truncated")
        expect_problem(ds, os.path.basename(path), "truncated")
        expect_error(lambda: rs.Shard(path), path, "trailer magic")  # without the manifest's size
        with open(path, "r+b") as f:
            f.truncate(40)
        expect_error(lambda: rs.Shard(path), path, "at least 48")
        expect_problem(open_dataset(d), os.path.basename(path))


@test
def wrong_versions():
    with TempDir() as d:
        ds, _ = corrupt_dataset(d)
        p0, p1 = ds.shard_path(0), ds.shard_path(1)
        with open(p0, "r+b") as f:
            f.seek(8)
            f.write(struct.pack("<I", 2))
        with open(p1, "r+b") as f:
            f.seek(os.path.getsize(p1) - 12)
            f.write(struct.pack("<I", 2))
        ds = open_dataset(d)
        expect_error(lambda: ds.read_row(0), p0, "unknown format version 2 in header")
        expect_error(lambda: ds.read_row(300), p1, "unknown format version 2 in trailer")
        expect_problem(ds, os.path.basename(p0), "version 2")
        expect_problem(ds, os.path.basename(p1), "version 2")
        manifest_path = os.path.join(d, "manifest.json")
        manifest = json.load(open(manifest_path))
        manifest["version"] = 2
        write_manifest(d, manifest)
        expect_error(lambda: open_dataset(d), manifest_path, "unknown format version 2")
        manifest["version"], manifest["format"] = 1, "something-else"
        write_manifest(d, manifest)
        expect_error(lambda: open_dataset(d), manifest_path, "format")


@test
def footer_version_and_format():
    schema = [Column("a", "int32", False)]
    for change, needle in [({"version": 2}, "version 2"), ({"format": "reel-shards"}, "footer format")]:
        with TempDir() as d:
            write_dataset(d, schema, {"a": [1]}, hooks=Hooks(footer=lambda i, f, change=change: {**f, **change}))
            ds = open_dataset(d)
            expect_error(lambda: ds.read_all(), ds.shard_path(0), needle)
            expect_problem(ds, needle)


@test
def manifest_disagrees_with_shards():
    with TempDir() as d:
        ds, _ = corrupt_dataset(d)
        manifest_path = os.path.join(d, "manifest.json")
        original = json.load(open(manifest_path))

        m = json.loads(json.dumps(original))
        m["schema"][2]["type"] = "double"
        write_manifest(d, m)
        ds = open_dataset(d)
        expect_error(lambda: ds.read_all(), ds.shard_path(0), "disagrees with the manifest schema")
        expect_problem(ds, os.path.basename(ds.shard_path(0)), "schema")

        m = json.loads(json.dumps(original))
        m["schema"][0], m["schema"][1] = m["schema"][1], m["schema"][0]
        write_manifest(d, m)
        expect_error(lambda: open_dataset(d).read_row(0), ds.shard_path(0), "schema")

        m = json.loads(json.dumps(original))
        m["rows"] += 1
        write_manifest(d, m)
        expect_error(lambda: open_dataset(d), manifest_path, "shards hold")

        m = json.loads(json.dumps(original))
        m["shards"][1]["rows"] -= 1
        m["shards"][2]["rows"] += 1
        write_manifest(d, m)
        expect_error(lambda: open_dataset(d).read_all(), ds.shard_path(1), "manifest says")

        m = json.loads(json.dumps(original))
        m["shards"][0]["blocks"] += 1
        write_manifest(d, m)
        expect_error(lambda: open_dataset(d).read_all(), ds.shard_path(0), "blocks but the manifest says")

        m = json.loads(json.dumps(original))
        m["shards"][0]["crc32c"] ^= 1
        m["bytes"] += 1
        write_manifest(d, m)
        ds = open_dataset(d)
        assert len(ds.read_all()["i32"]) == 600  # the whole-file CRC is verify()'s job
        expect_problem(ds, "whole-file")
        expect_problem(ds, "manifest.json", "'bytes'")

        m = json.loads(json.dumps(original))
        m["shards"][0]["file"] = "../escape.reelshard"
        write_manifest(d, m)
        expect_error(lambda: open_dataset(d), manifest_path, "plain file name")

        write_manifest(d, original)
        os.remove(ds.shard_path(2))
        ds = open_dataset(d)
        expect_error(lambda: ds.read_all(), ds.shard_path(2), "cannot open")
        expect_problem(ds, os.path.basename(ds.shard_path(2)))


@test
def bad_footer_block_index():
    schema = [Column("a", "int32", False)]

    def gap(i, f):
        f["blocks"][1]["first_row"] += 1
        return f

    def outside(i, f):
        f["blocks"][0]["length"] += 10**6
        return f

    for hook, needle, block in [(gap, "contiguous", 1), (outside, "outside", 0)]:
        with TempDir() as d:
            write_dataset(d, schema, {"a": list(range(30))}, block_rows=10, hooks=Hooks(footer=hook))
            ds = open_dataset(d)
            expect_error(lambda: ds.read_all(), ds.shard_path(0), needle, block=block)
            expect_problem(ds, needle)


def _stream_case(hook_streams=None, hook_payload=None, hook_frame=None, compressor=None, data=None,
                 needle="", block=1, schema=None) -> None:
    schema = schema or [Column("i", "int32", False), Column("s", "string", False), Column("l", "double", True),
                        Column("ls", "string", True)]
    data = data or {"i": list(range(30)), "s": ["s%d" % i for i in range(30)],
                    "l": [[0.5] * (i % 3) for i in range(30)], "ls": [["x", "yz"][: i % 3] for i in range(30)]}

    def only(fn):
        return None if fn is None else (lambda i, b, x: fn(x) if b == block else x)

    hooks = Hooks(streams=only(hook_streams), payload=only(hook_payload), frame=only(hook_frame), compressor=compressor)
    with TempDir() as d:
        write_dataset(d, schema, data, block_rows=10, hooks=hooks)
        ds = open_dataset(d)
        expect_error(lambda: ds.read_all(), ds.shard_path(0), needle, block=block)
        expect_problem(ds, os.path.basename(ds.shard_path(0)), f"block {block}", needle)


@test
def malformed_streams():
    def edit(index, **changes):
        def fn(streams):
            streams[index] = {**streams[index], **changes}
            return streams
        return fn

    def drop_last_value(streams):  # column i: 9 values for 10 rows
        s = streams[0]
        streams[0] = {**s, "encoding": 0, "count": s["count"] - 1,
                      "data": np.arange(s["count"] - 1, dtype="<i4").tobytes()}
        return streams

    def short_string_bytes(streams):  # column s: lengths add up to one more than the bytes
        s = streams[2]
        streams[2] = {**s, "count": s["count"] - 1, "data": s["data"][:-1]}
        return streams

    def short_list_values(streams):  # column l: list lengths add up to more than the values
        s = streams[4]
        streams[4] = {**s, "encoding": 0, "count": 0, "data": b""}
        return streams

    def short_string_lengths(streams):  # column ls: fewer string lengths than list elements
        s = streams[6]
        streams[6] = {**s, "encoding": 0, "count": s["count"] - 1, "data": b"\x01\0\0\0" * (s["count"] - 1)}
        return streams

    _stream_case(hook_streams=edit(0, byte_length=41), needle="byte_length")
    _stream_case(hook_streams=edit(0, encoding=4), needle="unknown encoding")
    _stream_case(hook_streams=edit(0, reserved=1), needle="reserved")
    _stream_case(hook_streams=edit(0, width=8, count=5), needle="width 8, expected 4")
    _stream_case(hook_streams=edit(0, width=3, count=0, data=b""), needle="width 3")
    _stream_case(hook_streams=drop_last_value, needle="block has 10 rows")
    _stream_case(hook_streams=short_string_bytes, needle="sum to")
    _stream_case(hook_streams=short_list_values, needle="list lengths sum to")
    _stream_case(hook_streams=short_string_lengths, needle="list lengths sum to")
    _stream_case(hook_streams=lambda s: s[:-1], needle="streams")
    _stream_case(hook_streams=lambda s: s + [{"encoding": 0, "width": 1, "count": 0, "data": b""}], needle="streams")
    _stream_case(hook_payload=lambda p: p + b"\0", needle="streams end at")
    _stream_case(hook_payload=lambda p: p[:-1], needle="past the payload end")
    _stream_case(hook_payload=lambda p: struct.pack("<I", 10**6) + p[4:], needle="do not fit")
    _stream_case(hook_payload=lambda p: b"\0\0", needle="too short")
    _stream_case(hook_streams=edit(2, encoding=2), needle="byte planes")
    # Delta is only for integer streams: a double values stream must not use it.
    _stream_case(hook_streams=edit(4, encoding=1), needle="delta")


@test
def malformed_frames():
    def no_checksum():
        return zstandard.ZstdCompressor(level=3, write_checksum=False, write_content_size=True)

    class NoSize:
        def compress(self, data):
            return _frame_without_size(data)

    _stream_case(compressor=no_checksum, needle="no content checksum", block=0)
    _stream_case(compressor=NoSize, needle="no content-size", block=0)
    _stream_case(hook_frame=lambda f: f + b"junk", needle="follow the zstd frame")
    _stream_case(hook_frame=lambda f: f[:-6], needle="incomplete")
    _stream_case(hook_frame=lambda f: b"\0" * len(f), needle="not a zstd frame")


def _frame_without_size(data: bytes) -> bytes:
    cobj = zstandard.ZstdCompressor(level=3, write_checksum=True, write_content_size=False).compressobj()
    return cobj.compress(data) + cobj.flush()


@test
def uncompressed_size_mismatch():
    schema = [Column("a", "int64", False)]

    def hook(i, f):
        f["blocks"][0]["uncompressed"] += 1
        return f

    with TempDir() as d:
        write_dataset(d, schema, {"a": [1, 2]}, hooks=Hooks(footer=hook))
        ds = open_dataset(d)
        expect_error(lambda: ds.read_all(), ds.shard_path(0), "content size", block=0)


@test
def verify_never_raises():
    with TempDir() as d:
        ds, _ = corrupt_dataset(d)
        rng = random.Random(13)
        for trial in range(30):
            path = ds.shard_path(rng.randrange(3))
            size = os.path.getsize(path)
            if trial % 5 == 0:
                with open(path, "r+b") as f:
                    f.truncate(rng.randrange(size))
            else:
                flip(path, rng.randrange(size), 1 << rng.randrange(8))
            problems = open_dataset(d).verify()
            assert problems, f"trial {trial}: corruption not reported"
            assert all(isinstance(p, str) for p in problems)


# --- Command line -----------------------------------------------------------------------


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, SCRIPT, *args], capture_output=True, text=True, timeout=120)


@test
def cli_prints_json_lines():
    with TempDir() as d:
        data = make_full_data(200, seed=21)
        write_dataset(d, FULL_SCHEMA, data, shard_rows=90, block_rows=30)
        r = run_cli(d, "--limit", "95", "--columns", "ls,i64,f32")
        assert r.returncode == 0, r.stderr
        lines = r.stdout.splitlines()
        assert len(lines) == 95, len(lines)
        for i, line in enumerate(lines):
            row = json.loads(line)
            assert list(row) == ["ls", "i64", "f32"]
            assert row["ls"] == data["ls"][i] and row["i64"] == data["i64"][i]
            f = data["f32"][i]
            assert (math.isnan(f) and math.isnan(row["f32"])) or np.float32(row["f32"]) == np.float32(f)
        # Binary32 values are printed with their shortest decimal (0.1, not 0.10000000149011612).
        assert lines[6].endswith('"f32": 0.1}'), lines[6]
        full = os.path.join(d, "rows.jsonl")
        r = run_cli(d)
        assert r.returncode == 0, r.stderr
        with open(full, "w") as f:
            f.write(r.stdout)
        assert compare_to_jsonl(open_dataset(d), full) == []
        assert run_cli(d, "--columns", "nope").returncode == 2


@test
def cli_verify():
    with TempDir() as d:
        ds, _ = corrupt_dataset(d)
        r = run_cli(d, "--verify")
        assert r.returncode == 0 and r.stdout == "", (r.returncode, r.stdout, r.stderr)
        shard = ds.shard(0)
        flip(shard.path, shard.blocks[1].offset + 5)
        r = run_cli(d, "--verify")
        assert r.returncode == 1 and "block 1" in r.stdout and os.path.basename(shard.path) in r.stdout, r.stdout
        r = run_cli(d)
        assert r.returncode == 1 and "block 1" in r.stderr, r.stderr


# --- Reel-written shards (CI) -------------------------------------------------------------


def _json_float(v: Any) -> float | None:
    """A JSON value for a float column as a float: numbers, NaN/Infinity tokens, null → NaN,
    or strings naming NaN/infinity."""
    if isinstance(v, bool):
        return None
    if isinstance(v, (int, float)):
        return float(v)
    if v is None:
        return math.nan
    if isinstance(v, str):
        t = v.strip().lower().lstrip("+")
        if t == "nan" or t == "-nan":
            return math.nan
        if t in ("inf", "infinity"):
            return math.inf
        if t in ("-inf", "-infinity"):
            return -math.inf
    return None


def _value_matches(col: Column, got: Any, want: Any) -> bool:
    if col.list:
        return isinstance(want, list) and len(got) == len(want) and all(
            _value_matches(Column(col.name, col.type, False), g, w) for g, w in zip(got, want))
    if col.type == "string":
        return isinstance(want, str) and got == want
    if col.type in ("int32", "int64"):
        return type(want) is int and got == want
    w = _json_float(want)
    if w is None:
        return False
    if math.isnan(got) or math.isnan(w):
        return math.isnan(got) and math.isnan(w)
    if math.isinf(got) or math.isinf(w):
        return got == w
    if col.type == "float" and np.float32(w) == np.float32(got):
        return True  # the shortest binary32 decimal of a subnormal ("1e-45") is not within 1e-6
    return math.isclose(got, w, rel_tol=1e-6, abs_tol=0.0)


def compare_to_jsonl(ds: rs.Dataset, jsonl_path: str, max_report: int = 20) -> list[str]:
    """Compare every row of ``ds`` with the JSON-lines file; returns mismatch descriptions."""
    problems: list[str] = []
    names = ds.columns
    with open(jsonl_path, encoding="utf-8") as f:
        lines = [line for line in f if line.strip()]
    if len(lines) != ds.rows:
        problems.append(f"{jsonl_path} has {len(lines)} rows, the dataset {ds.rows}")
    row = 0
    for batch in ds.iter_batches():
        n = len(batch[names[0]]) if names else 0
        for j in range(n):
            if row >= len(lines) or len(problems) >= max_report:
                return problems
            want = json.loads(lines[row])
            if not isinstance(want, dict) or set(want) != set(names):
                problems.append(f"row {row}: keys {sorted(want) if isinstance(want, dict) else want!r}, schema {names}")
            else:
                for col in ds.schema:
                    got = rs._python_value(col, batch[col.name], j)
                    if not _value_matches(col, got, want[col.name]):
                        problems.append(f"row {row} column {col.name!r}: shards {got!r}, jsonl {want[col.name]!r}")
            row += 1
    return problems


@test
def compare_helpers():
    f = Column("x", "float", False)
    assert _value_matches(f, float(np.float32(0.1)), 0.1)
    assert _value_matches(f, math.nan, None) and _value_matches(f, math.nan, "NaN") and _value_matches(f, math.nan, math.nan)
    assert _value_matches(f, -math.inf, "-inf") and not _value_matches(f, math.inf, -math.inf)
    assert not _value_matches(f, 1.0, 1.00001)
    assert _value_matches(f, float(np.float32(1e-45)), 1e-45)  # subnormal printed shortest
    assert not _value_matches(Column("x", "double", False), 5e-324, 1e-323)
    i = Column("x", "int64", False)
    assert _value_matches(i, 2**63 - 1, 9223372036854775807)
    assert not _value_matches(i, 2**63 - 1, 9.223372036854776e18) and not _value_matches(i, 1, True)
    assert _value_matches(Column("x", "string", True), ["a", ""], ["a", ""])


def reel_shards_test() -> bool:
    """Compare Reel-written shards with `reel cat` output when CI provides them."""
    d, jsonl = os.environ.get("REEL_SHARDS_DIR"), os.environ.get("REEL_SHARDS_JSONL")
    if not (d and jsonl):
        return False

    @test
    def reel_written_shards_match_jsonl():
        ds = open_dataset(d)
        problems = ds.verify()
        assert problems == [], "verify() found:\n  " + "\n  ".join(problems)
        mismatches = compare_to_jsonl(ds, jsonl)
        assert mismatches == [], "mismatches:\n  " + "\n  ".join(mismatches)
        print(f"  ({ds.rows} rows in {len(ds.shards)} shards compared with {jsonl})")

    return True


# ======================================================================================


def main() -> int:
    if not reel_shards_test():
        print("note: REEL_SHARDS_DIR/REEL_SHARDS_JSONL not set; Reel-written shards not checked")
    passed = failed = 0
    for fn in TESTS:
        t = time.perf_counter()
        try:
            fn()
        except Exception:
            failed += 1
            print(f"FAIL {fn.__name__}")
            traceback.print_exc(file=sys.stdout)
        else:
            passed += 1
            print(f"ok   {fn.__name__} ({time.perf_counter() - t:.2f} s)")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
