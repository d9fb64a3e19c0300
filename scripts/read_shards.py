#!/usr/bin/env python3
"""Read a Reel shard dataset (Docs/ShardFormat.md, format version 1).

This reader was written from the format document alone, to show that the document is
complete enough to read Reel's shards without Reel. It needs Python 3.11, numpy and
zstandard (``pip install zstandard``) and nothing else.

Command line::

    python3 scripts/read_shards.py DIR                      # every row as a JSON line
    python3 scripts/read_shards.py DIR --limit 10 --columns user,items
    python3 scripts/read_shards.py DIR --verify             # check every checksum; exit 1 on problems

Each row is printed as one JSON object ``{"column": value, ...}`` in schema order (or in
the order given by ``--columns``). Numbers are JSON numbers; ``float`` (binary32) values are
printed with the shortest decimal that round-trips in binary32; NaN and infinities are
printed as ``NaN``, ``Infinity`` and ``-Infinity`` (as Python's json module does).

Library::

    from read_shards import open_dataset
    ds = open_dataset("data/")
    ds.schema, ds.rows, ds.shards, ds.metadata
    for batch in ds.iter_batches(columns=["user", "items"]):   # one batch per block
        batch["user"]    # numpy array for scalar numeric columns
        batch["items"]   # list of numpy arrays for list columns
    ds.read_all()        # the whole dataset as one batch
    ds.read_row(12345)   # one row as a dict of plain Python values
    ds.verify()          # list of problem strings, empty when everything checks out

Batches hold, per column: a numpy array (scalar int32/int64/float/double), a list of str
(scalar string), a list of numpy arrays (list of numbers) or a list of lists of str (list of
strings). Every defect found in the data raises ``ShardFormatError``, whose message names
the file, the block (where there is one) and the reason.
"""

from __future__ import annotations

import argparse
import bisect
import functools
import json
import math
import os
import struct
import sys
from dataclasses import dataclass
from typing import Any, Iterator, Sequence

import numpy as np

try:
    import zstandard
except ImportError:  # pragma: no cover - reported when a block is first decoded
    zstandard = None

__all__ = [
    "ShardFormatError",
    "Column",
    "ShardEntry",
    "BlockInfo",
    "Shard",
    "Dataset",
    "crc32c",
    "open_dataset",
    "main",
]

# --------------------------------------------------------------------------------------
# Constants (ShardFormat.md §1 and §3)

MANIFEST_NAME = "manifest.json"
MANIFEST_FORMAT = "reel-shards"
FOOTER_FORMAT = "reel-shard"
FORMAT_VERSION = 1

HEADER_MAGIC = b"REELSHRD"
TRAILER_MAGIC = b"REELTAIL"
HEADER_SIZE = 16
TRAILER_SIZE = 32
MIN_SHARD_SIZE = HEADER_SIZE + TRAILER_SIZE  # 48

ENC_DELTA = 0x01
ENC_PLANES = 0x02
DESCRIPTOR_SIZE = 16
_DESCRIPTOR_DTYPE = np.dtype(
    [("encoding", "u1"), ("width", "u1"), ("reserved", "<u2"), ("count", "<u4"), ("byte_length", "<u8")]
)

# Element dtype of each numeric column type; "string" has none.
NUMERIC_DTYPES: dict[str, np.dtype] = {
    "int32": np.dtype("<i4"),
    "int64": np.dtype("<i8"),
    "float": np.dtype("<f4"),
    "double": np.dtype("<f8"),
}
TYPES = (*NUMERIC_DTYPES, "string")
_LENGTH_DTYPE = np.dtype("<u4")
_UNSIGNED = {4: np.dtype("<u4"), 8: np.dtype("<u8")}


class ShardFormatError(Exception):
    """The data does not follow the shard format.

    ``file`` is the path of the offending file (a shard or ``manifest.json``), ``block`` the
    block index within that shard when the defect is inside a block (else None), and
    ``reason`` what is wrong. ``str(error)`` is ``"<file>: block <n>: <reason>"``.
    """

    def __init__(self, file: str | os.PathLike, reason: str, block: int | None = None):
        self.file = os.fspath(file)
        self.block = block
        self.reason = reason
        where = self.file if block is None else f"{self.file}: block {block}"
        super().__init__(f"{where}: {reason}")


# --------------------------------------------------------------------------------------
# CRC32C (ShardFormat.md §4)

_CRC_POLY = 0x82F63B78  # reflected 0x1EDC6F41


def _make_crc_table() -> list[int]:
    table = []
    for n in range(256):
        c = n
        for _ in range(8):
            c = (c >> 1) ^ _CRC_POLY if c & 1 else c >> 1
        table.append(c)
    return table


_CRC_TABLE = _make_crc_table()
_CRC_TABLE_NP = np.array(_CRC_TABLE, dtype=np.uint32)
_CRC_NUMPY_THRESHOLD = 1 << 14  # below this many bytes the plain loop is faster


def _crc_update_py(reg: int, data: bytes | memoryview) -> int:
    """Advance the raw (unconditioned) CRC register over ``data``, one byte at a time."""
    table = _CRC_TABLE
    for b in data:
        reg = table[(reg ^ b) & 0xFF] ^ (reg >> 8)
    return reg


@functools.lru_cache(maxsize=64)
def _zero_shift_tables(n: int) -> tuple[tuple[int, ...], ...]:
    """Byte tables for the linear map 'advance the raw register over n zero bytes'.

    The raw CRC register update is linear over GF(2), so the register after ``n`` zero bytes
    is M^n·reg. We compute M^n on the 32 basis vectors and tabulate it per register byte, so
    applying it costs four lookups.
    """
    basis = np.array([1 << i for i in range(32)], dtype=np.uint32)
    for _ in range(n):
        basis = _CRC_TABLE_NP[basis & 0xFF] ^ (basis >> 8)
    cols = [int(v) for v in basis]
    tables = []
    for j in range(4):
        tab = [0] * 256
        for v in range(1, 256):
            low = v & -v
            tab[v] = tab[v ^ low] ^ cols[8 * j + low.bit_length() - 1]
        tables.append(tuple(tab))
    return tuple(tables)


def _crc_update_numpy(reg: int, data: bytes | memoryview) -> int:
    """Advance the raw register over ``data`` with numpy.

    The data is cut into K lanes of L bytes, the lanes' registers (each started from 0) are
    advanced together one byte column at a time, and the lanes are then combined with
    reg = M^L·reg ^ lane_k (Horner), using the zero-shift tables. The remaining < L bytes go
    through the plain loop.
    """
    n = len(data)
    lane = max(256, math.isqrt(n))
    lanes = n // lane
    body = np.frombuffer(data, dtype=np.uint8, count=lanes * lane).reshape(lanes, lane).T.copy()
    regs = np.zeros(lanes, dtype=np.uint32)
    table = _CRC_TABLE_NP
    for i in range(lane):
        regs = table[(regs ^ body[i]) & 0xFF] ^ (regs >> 8)
    t0, t1, t2, t3 = _zero_shift_tables(lane)
    for r in regs.tolist():
        reg = t0[reg & 0xFF] ^ t1[(reg >> 8) & 0xFF] ^ t2[(reg >> 16) & 0xFF] ^ t3[reg >> 24] ^ r
    return _crc_update_py(reg, memoryview(data)[lanes * lane :])


def crc32c(data: bytes | bytearray | memoryview, crc: int = 0) -> int:
    """CRC-32C (Castagnoli) of ``data``; pass a previous result as ``crc`` to continue it.

    Small inputs use a 256-entry table loop; large ones a numpy lane-parallel path (a few MB
    in well under a second).
    """
    data = memoryview(data).cast("B")
    reg = crc ^ 0xFFFFFFFF
    if len(data) >= _CRC_NUMPY_THRESHOLD:
        reg = _crc_update_numpy(reg, data)
    else:
        reg = _crc_update_py(reg, data)
    return reg ^ 0xFFFFFFFF


def crc32c_file(path: str | os.PathLike, chunk: int = 8 << 20) -> int:
    """CRC-32C of a whole file, read in chunks."""
    crc = 0
    with open(path, "rb") as f:
        while piece := f.read(chunk):
            crc = crc32c(piece, crc)
    return crc


# --------------------------------------------------------------------------------------
# Schema (ShardFormat.md §2)


@dataclass(frozen=True)
class Column:
    """One column: ``{"name": ..., "type": ..., "list": ...}``."""

    name: str
    type: str
    list: bool

    @property
    def dtype(self) -> np.dtype | None:
        """Element dtype of a numeric column, None for strings."""
        return NUMERIC_DTYPES.get(self.type)

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "type": self.type, "list": self.list}

    def __str__(self) -> str:
        return f"{self.name}:{'list<' + self.type + '>' if self.list else self.type}"


def _parse_schema(value: Any, file: str) -> tuple[Column, ...]:
    if not isinstance(value, list):
        raise ShardFormatError(file, f"'schema' must be a list, got {type(value).__name__}")
    columns = []
    for i, c in enumerate(value):
        if not isinstance(c, dict):
            raise ShardFormatError(file, f"schema column {i} is not an object")
        name, typ, is_list = c.get("name"), c.get("type"), c.get("list")
        if not isinstance(name, str):
            raise ShardFormatError(file, f"schema column {i}: 'name' must be a string")
        if typ not in TYPES:
            raise ShardFormatError(file, f"schema column {name!r}: unknown type {typ!r} (known: {', '.join(TYPES)})")
        if not isinstance(is_list, bool):
            raise ShardFormatError(file, f"schema column {name!r}: 'list' must be true or false")
        columns.append(Column(name, typ, is_list))
    names = [c.name for c in columns]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise ShardFormatError(file, f"schema has duplicate column names {dupes}")
    return tuple(columns)


def _schema_str(schema: Sequence[Column]) -> str:
    return "[" + ", ".join(str(c) for c in schema) + "]"


# Streams of each column kind (ShardFormat.md §3 "Block"): (role, width or None for the
# column's element width, kind) where kind is "len" (u32 lengths), "bytes", "int" or "float".
def _column_streams(col: Column) -> list[tuple[str, int, str]]:
    if col.type == "string":
        streams = [("string lengths", 4, "len"), ("string bytes", 1, "bytes")]
    else:
        dtype = NUMERIC_DTYPES[col.type]
        streams = [("values", dtype.itemsize, "float" if dtype.kind == "f" else "int")]
    if col.list:
        streams.insert(0, ("list lengths", 4, "len"))
    return streams


# --------------------------------------------------------------------------------------
# Small JSON helpers


def _get_int(obj: dict, key: str, file: str, what: str, block: int | None = None) -> int:
    v = obj.get(key)
    if type(v) is not int or v < 0:
        raise ShardFormatError(file, f"{what}: {key!r} must be a non-negative integer, got {v!r}", block)
    return v


def _get_object(value: Any, file: str, what: str) -> dict:
    if not isinstance(value, dict):
        raise ShardFormatError(file, f"{what} must be a JSON object, got {type(value).__name__}")
    return value


# --------------------------------------------------------------------------------------
# Shard


@dataclass(frozen=True)
class BlockInfo:
    """One entry of a footer's block index."""

    index: int
    offset: int
    length: int
    rows: int
    first_row: int
    uncompressed: int
    crc32c: int


@dataclass(frozen=True)
class _Stream:
    encoding: int
    width: int
    count: int
    byte_length: int
    offset: int  # of the stream's data within the payload


class Shard:
    """One ``.reelshard`` file: header, trailer and footer are read and checked on creation.

    ``expected_schema``/``expected_rows``/``expected_blocks``/``expected_bytes`` are what the
    manifest says about this shard; a disagreement raises ShardFormatError. ``data`` may hold
    the whole file already in memory (used by ``verify``).
    """

    def __init__(
        self,
        path: str | os.PathLike,
        *,
        expected_schema: Sequence[Column] | None = None,
        expected_rows: int | None = None,
        expected_blocks: int | None = None,
        expected_bytes: int | None = None,
        data: bytes | None = None,
    ):
        self.path = os.fspath(path)
        self._data = data
        self._cache: tuple[tuple, dict] | None = None  # ((block, columns), decoded batch)
        try:
            self.size = len(data) if data is not None else os.path.getsize(self.path)
        except OSError as e:
            raise ShardFormatError(self.path, f"cannot open shard: {e.strerror or e}") from None
        if expected_bytes is not None and self.size != expected_bytes:
            hint = " (truncated?)" if self.size < expected_bytes else ""
            raise ShardFormatError(self.path, f"file is {self.size} bytes but the manifest says {expected_bytes}{hint}")
        if self.size < MIN_SHARD_SIZE:
            raise ShardFormatError(self.path, f"file is {self.size} bytes; a shard has at least {MIN_SHARD_SIZE} (truncated?)")

        self._check_header(self._read(0, HEADER_SIZE))
        self.footer_offset, self.footer_length = self._check_trailer(self._read(self.size - TRAILER_SIZE, TRAILER_SIZE))
        footer_bytes = self._read(self.footer_offset, self.footer_length)
        self.footer = self._parse_footer(footer_bytes)
        self.schema: tuple[Column, ...] = _parse_schema(self.footer.get("schema"), self.path)
        self.rows: int = _get_int(self.footer, "rows", self.path, "footer")
        self.blocks: tuple[BlockInfo, ...] = self._parse_blocks(self.footer.get("blocks"))
        self._first_rows = [b.first_row for b in self.blocks]

        if expected_schema is not None and tuple(expected_schema) != self.schema:
            raise ShardFormatError(
                self.path,
                f"footer schema {_schema_str(self.schema)} disagrees with the manifest schema {_schema_str(expected_schema)}",
            )
        if expected_rows is not None and expected_rows != self.rows:
            raise ShardFormatError(self.path, f"footer says {self.rows} rows but the manifest says {expected_rows}")
        if expected_blocks is not None and expected_blocks != len(self.blocks):
            raise ShardFormatError(self.path, f"footer lists {len(self.blocks)} blocks but the manifest says {expected_blocks}")

    # -- low level -----------------------------------------------------------------------

    def _read(self, offset: int, length: int, block: int | None = None) -> bytes:
        if self._data is not None:
            chunk = self._data[offset : offset + length]
        else:
            try:
                with open(self.path, "rb") as f:
                    f.seek(offset)
                    chunk = f.read(length)
            except OSError as e:
                raise ShardFormatError(self.path, f"cannot read: {e.strerror or e}", block) from None
        if len(chunk) != length:
            raise ShardFormatError(
                self.path, f"wanted {length} bytes at offset {offset}, file ends after {len(chunk)} (truncated?)", block
            )
        return chunk

    def _check_header(self, header: bytes) -> None:
        magic, version, reserved = struct.unpack("<8sII", header)
        if magic != HEADER_MAGIC:
            raise ShardFormatError(self.path, f"bad header magic {magic!r}, expected {HEADER_MAGIC!r}")
        if version != FORMAT_VERSION:
            raise ShardFormatError(self.path, f"unknown format version {version} in header (this reader knows {FORMAT_VERSION})")
        if reserved != 0:
            raise ShardFormatError(self.path, f"header reserved field is {reserved}, must be 0")

    def _check_trailer(self, trailer: bytes) -> tuple[int, int]:
        footer_offset, footer_length, footer_crc, version, magic = struct.unpack("<QQII8s", trailer)
        if magic != TRAILER_MAGIC:
            raise ShardFormatError(self.path, f"bad trailer magic {magic!r}, expected {TRAILER_MAGIC!r} (truncated or not a shard?)")
        if version != FORMAT_VERSION:
            raise ShardFormatError(self.path, f"unknown format version {version} in trailer (this reader knows {FORMAT_VERSION})")
        limit = self.size - TRAILER_SIZE
        if footer_offset < HEADER_SIZE or footer_offset > limit or footer_length > limit - footer_offset:
            raise ShardFormatError(
                self.path,
                f"footer at offset {footer_offset}, length {footer_length} lies outside the file "
                f"(bytes {HEADER_SIZE}..{limit} are available)",
            )
        self._footer_crc = footer_crc
        return footer_offset, footer_length

    def _parse_footer(self, footer_bytes: bytes) -> dict:
        actual = crc32c(footer_bytes)
        if actual != self._footer_crc:
            raise ShardFormatError(
                self.path, f"footer CRC32C mismatch: trailer says {self._footer_crc:#010x}, footer bytes give {actual:#010x}"
            )
        try:
            footer = json.loads(footer_bytes.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as e:
            raise ShardFormatError(self.path, f"footer is not UTF-8 JSON: {e}") from None
        footer = _get_object(footer, self.path, "footer")
        if footer.get("format") != FOOTER_FORMAT:
            raise ShardFormatError(self.path, f"footer format is {footer.get('format')!r}, expected {FOOTER_FORMAT!r}")
        if footer.get("version") != FORMAT_VERSION:
            raise ShardFormatError(self.path, f"unknown format version {footer.get('version')!r} in footer")
        return footer

    def _parse_blocks(self, value: Any) -> tuple[BlockInfo, ...]:
        if not isinstance(value, list):
            raise ShardFormatError(self.path, "footer 'blocks' must be a list")
        blocks = []
        next_row = 0
        for i, b in enumerate(value):
            if not isinstance(b, dict):
                raise ShardFormatError(self.path, "footer block entry is not an object", i)
            fields = {k: _get_int(b, k, self.path, "footer entry", i) for k in ("offset", "length", "rows", "first_row", "uncompressed", "crc32c")}
            info = BlockInfo(index=i, **fields)
            if info.crc32c > 0xFFFFFFFF:
                raise ShardFormatError(self.path, f"footer crc32c {info.crc32c} does not fit in 32 bits", i)
            if info.offset < HEADER_SIZE or info.offset + info.length > self.footer_offset:
                raise ShardFormatError(
                    self.path,
                    f"block at offset {info.offset}, length {info.length} lies outside the block area "
                    f"({HEADER_SIZE}..{self.footer_offset})",
                    i,
                )
            if info.first_row != next_row:
                raise ShardFormatError(self.path, f"first_row is {info.first_row}, expected {next_row} (blocks must be contiguous)", i)
            next_row += info.rows
            blocks.append(info)
        if next_row != self.rows:
            raise ShardFormatError(self.path, f"blocks hold {next_row} rows but the footer says {self.rows}")
        return tuple(blocks)

    def layout_problems(self) -> list[str]:
        """Gaps or overlaps between header, blocks, footer and trailer (not an error for reading)."""
        problems = []
        pos = HEADER_SIZE
        for b in sorted(self.blocks, key=lambda b: b.offset):
            if b.offset != pos:
                what = "gap" if b.offset > pos else "overlap"
                problems.append(f"{self.path}: block {b.index}: starts at {b.offset}, previous data ends at {pos} ({what})")
            pos = max(pos, b.offset + b.length)
        if self.footer_offset != pos:
            problems.append(f"{self.path}: footer starts at {self.footer_offset}, last block ends at {pos}")
        if self.footer_offset + self.footer_length != self.size - TRAILER_SIZE:
            problems.append(
                f"{self.path}: footer ends at {self.footer_offset + self.footer_length}, trailer starts at {self.size - TRAILER_SIZE}"
            )
        return problems

    # -- blocks --------------------------------------------------------------------------

    def read_payload(self, index: int, verify: bool = True) -> bytes:
        """The decompressed payload of block ``index`` (CRC32C checked when ``verify``)."""
        info = self.blocks[index]
        raw = self._read(info.offset, info.length, index)
        if verify:
            actual = crc32c(raw)
            if actual != info.crc32c:
                raise ShardFormatError(
                    self.path, f"block CRC32C mismatch: footer says {info.crc32c:#010x}, data gives {actual:#010x}", index
                )
        return _zstd_decode(raw, info.uncompressed, self.path, index)

    def decode_block(self, index: int, columns: Sequence[str] | None = None, verify: bool = True) -> dict[str, Any]:
        """Decode block ``index``; only the streams of ``columns`` (default: all) are decoded."""
        wanted = _resolve_columns(self.schema, columns)
        payload = self.read_payload(index, verify)
        return _decode_payload(payload, self.schema, self.blocks[index].rows, wanted, self.path, index)

    def iter_batches(self, columns: Sequence[str] | None = None, verify: bool = True) -> Iterator[dict[str, Any]]:
        for i in range(len(self.blocks)):
            yield self.decode_block(i, columns, verify)

    def block_for_row(self, row: int) -> int:
        """Index of the block holding shard row ``row`` (binary search over first_row)."""
        if not 0 <= row < self.rows:
            raise IndexError(f"row {row} out of range for {self.path} ({self.rows} rows)")
        return bisect.bisect_right(self._first_rows, row) - 1

    def read_row(self, row: int, columns: Sequence[str] | None = None, verify: bool = True) -> dict[str, Any]:
        """Shard row ``row`` as a dict of plain Python values. The last decoded block is cached."""
        index = self.block_for_row(row)
        names = [c.name for c in self.schema] if columns is None else list(columns)
        key = (index, tuple(names))
        if self._cache is None or self._cache[0] != key:
            self._cache = (key, self.decode_block(index, names, verify))
        batch = self._cache[1]
        by_name = {c.name: c for c in self.schema}
        j = row - self.blocks[index].first_row
        return {n: _python_value(by_name[n], batch[n], j) for n in names}


def _zstd_decode(raw: bytes, uncompressed: int, file: str, block: int) -> bytes:
    """Decode exactly one zstd frame holding ``uncompressed`` bytes, with content checksum."""
    if zstandard is None:
        raise RuntimeError("the 'zstandard' module is needed: pip install zstandard")
    try:
        params = zstandard.get_frame_parameters(raw)
    except zstandard.ZstdError as e:
        raise ShardFormatError(file, f"not a zstd frame: {e}", block) from None
    if params.content_size == zstandard.CONTENTSIZE_UNKNOWN:
        raise ShardFormatError(file, "zstd frame has no content-size field", block)
    if params.content_size != uncompressed:
        raise ShardFormatError(file, f"zstd frame content size {params.content_size} but the footer says {uncompressed}", block)
    if not params.has_checksum:
        raise ShardFormatError(file, "zstd frame has no content checksum", block)
    try:
        dobj = zstandard.ZstdDecompressor().decompressobj()
        payload = dobj.decompress(raw)
    except zstandard.ZstdError as e:
        raise ShardFormatError(file, f"zstd decode failed: {e}", block) from None
    if not dobj.eof:
        raise ShardFormatError(file, "zstd frame is incomplete", block)
    if dobj.unused_data:
        raise ShardFormatError(file, f"{len(dobj.unused_data)} bytes follow the zstd frame inside the block", block)
    if len(payload) != uncompressed:
        raise ShardFormatError(file, f"decompressed {len(payload)} bytes, footer says {uncompressed}", block)
    return payload


# --------------------------------------------------------------------------------------
# Block payload decoding (ShardFormat.md §3 "Block" and "Stream encodings")


def _resolve_columns(schema: Sequence[Column], columns: Sequence[str] | None) -> list[str] | None:
    if columns is None:
        return None
    if isinstance(columns, str):
        raise TypeError("columns must be a sequence of column names, not a string")
    known = {c.name for c in schema}
    unknown = [c for c in columns if c not in known]
    if unknown:
        raise KeyError(f"unknown column(s) {unknown}; the schema has {[c.name for c in schema]}")
    return list(columns)


def _parse_streams(payload: bytes, file: str, block: int) -> list[_Stream]:
    if len(payload) < 4:
        raise ShardFormatError(file, f"payload is {len(payload)} bytes, too short for the stream count", block)
    (count,) = struct.unpack_from("<I", payload, 0)
    data_start = 4 + DESCRIPTOR_SIZE * count
    if data_start > len(payload):
        raise ShardFormatError(file, f"{count} stream descriptors do not fit in the {len(payload)}-byte payload", block)
    descriptors = np.frombuffer(payload, dtype=_DESCRIPTOR_DTYPE, count=count, offset=4)
    streams = []
    pos = data_start
    for i, (encoding, width, reserved, n, byte_length) in enumerate(descriptors.tolist()):
        where = f"stream {i}"
        if encoding & ~(ENC_DELTA | ENC_PLANES):
            raise ShardFormatError(file, f"{where}: unknown encoding bits {encoding:#04x}", block)
        if width not in (1, 4, 8):
            raise ShardFormatError(file, f"{where}: width {width} is not 1, 4 or 8", block)
        if reserved != 0:
            raise ShardFormatError(file, f"{where}: reserved field is {reserved}, must be 0", block)
        if byte_length != n * width:
            raise ShardFormatError(file, f"{where}: byte_length {byte_length} != count {n} x width {width}", block)
        if byte_length > len(payload) - pos:
            raise ShardFormatError(
                file, f"{where}: {byte_length} bytes at payload offset {pos} run past the payload end {len(payload)}", block
            )
        streams.append(_Stream(encoding, width, n, byte_length, pos))
        pos += byte_length
    if pos != len(payload):
        raise ShardFormatError(file, f"streams end at payload offset {pos} but the payload has {len(payload)} bytes", block)
    return streams


def _decode_numbers(payload: bytes, s: _Stream, dtype: np.dtype) -> np.ndarray:
    """Undo byte planes, then delta; returns a fresh (writable, aligned) array."""
    if s.encoding & ENC_PLANES:
        raw = np.frombuffer(payload, dtype=np.uint8, count=s.byte_length, offset=s.offset)
        values = raw.reshape(s.width, s.count).T.copy().view(dtype).reshape(s.count)
    else:
        values = np.frombuffer(payload, dtype=dtype, count=s.count, offset=s.offset).copy()
    if s.encoding & ENC_DELTA:
        unsigned = _UNSIGNED[s.width]
        values = np.cumsum(values.view(unsigned), dtype=unsigned).view(dtype)
    return values


def _offsets(lengths: np.ndarray) -> np.ndarray:
    """Lengths → offsets by a running sum starting at 0 (len(lengths) + 1 entries)."""
    offsets = np.zeros(len(lengths) + 1, dtype=np.int64)
    np.cumsum(lengths, dtype=np.int64, out=offsets[1:])
    return offsets


def _decode_strings(payload: bytes, s: _Stream, offsets: np.ndarray, col: str, file: str, block: int) -> list[str]:
    data = payload[s.offset : s.offset + s.byte_length]
    bounds = offsets.tolist()
    if data.isascii():  # byte offsets are character offsets: decode once and slice
        text = data.decode("ascii")
        return [text[a:b] for a, b in zip(bounds, bounds[1:])]
    out = []
    for i, (a, b) in enumerate(zip(bounds, bounds[1:])):
        try:
            out.append(data[a:b].decode("utf-8"))
        except UnicodeDecodeError as e:
            raise ShardFormatError(file, f"column {col!r}: string {i} is not valid UTF-8 ({e.reason})", block) from None
    return out


def _decode_payload(
    payload: bytes, schema: Sequence[Column], rows: int, wanted: list[str] | None, file: str, block: int
) -> dict[str, Any]:
    """Walk every column's stream descriptors; decode the streams of the wanted columns."""
    streams = _parse_streams(payload, file, block)
    layouts = [_column_streams(c) for c in schema]
    expected = sum(len(layout) for layout in layouts)
    if len(streams) != expected:
        raise ShardFormatError(file, f"block has {len(streams)} streams, the schema needs {expected}", block)
    wanted_set = None if wanted is None else set(wanted)
    decoded: dict[str, Any] = {}
    pos = 0
    for col, layout in zip(schema, layouts):
        col_streams = streams[pos : pos + len(layout)]
        pos += len(layout)
        for (role, width, kind), s in zip(layout, col_streams):
            where = f"column {col.name!r} {role} stream"
            if s.width != width:
                raise ShardFormatError(file, f"{where}: width {s.width}, expected {width}", block)
            if s.encoding & ENC_DELTA and kind not in ("int", "len"):
                raise ShardFormatError(file, f"{where}: delta encoding is only for integer streams", block)
            if s.encoding & ENC_PLANES and width == 1:
                raise ShardFormatError(file, f"{where}: byte planes are only for widths 4 and 8", block)
        first_role = layout[0][0]
        if col_streams[0].count != rows:
            raise ShardFormatError(
                file, f"column {col.name!r} {first_role} stream has {col_streams[0].count} elements, block has {rows} rows", block
            )
        if wanted_set is None or col.name in wanted_set:
            decoded[col.name] = _decode_column(payload, col, col_streams, file, block)
    if wanted is None:
        return decoded
    return {name: decoded[name] for name in wanted}


def _check_total(offsets: np.ndarray, stream: _Stream, col: Column, what: str, file: str, block: int) -> None:
    total = int(offsets[-1])
    if total != stream.count:
        raise ShardFormatError(
            file, f"column {col.name!r}: {what} sum to {total} but the next stream has {stream.count} elements", block
        )


def _decode_column(payload: bytes, col: Column, streams: list[_Stream], file: str, block: int) -> Any:
    if not col.list:
        if col.type != "string":
            return _decode_numbers(payload, streams[0], col.dtype)
        offsets = _offsets(_decode_numbers(payload, streams[0], _LENGTH_DTYPE))
        _check_total(offsets, streams[1], col, "string lengths", file, block)
        return _decode_strings(payload, streams[1], offsets, col.name, file, block)

    list_offsets = _offsets(_decode_numbers(payload, streams[0], _LENGTH_DTYPE))
    _check_total(list_offsets, streams[1], col, "list lengths", file, block)
    if col.type != "string":
        values = _decode_numbers(payload, streams[1], col.dtype)
        return np.split(values, list_offsets[1:-1]) if len(list_offsets) > 1 else []
    str_offsets = _offsets(_decode_numbers(payload, streams[1], _LENGTH_DTYPE))
    _check_total(str_offsets, streams[2], col, "string lengths", file, block)
    strings = _decode_strings(payload, streams[2], str_offsets, col.name, file, block)
    bounds = list_offsets.tolist()
    return [strings[a:b] for a, b in zip(bounds, bounds[1:])]


def _python_value(col: Column, values: Any, j: int) -> Any:
    """Row ``j`` of a decoded column as a plain Python value (int, float, str or list)."""
    v = values[j]
    if col.type == "string":
        return list(v) if col.list else v
    return v.tolist() if col.list else v.item()


# --------------------------------------------------------------------------------------
# Dataset (ShardFormat.md §1)


@dataclass(frozen=True)
class ShardEntry:
    """One ``shards[]`` entry of the manifest; ``first_row`` is its first row in the dataset."""

    file: str
    rows: int
    bytes: int
    blocks: int
    crc32c: int
    first_row: int


class Dataset:
    """A dataset directory, opened from its ``manifest.json``. Shards are opened lazily."""

    def __init__(self, path: str | os.PathLike):
        self.path = os.fspath(path)
        self.manifest_path = os.path.join(self.path, MANIFEST_NAME)
        mp = self.manifest_path
        try:
            with open(mp, "rb") as f:
                raw = f.read()
        except FileNotFoundError:
            raise ShardFormatError(mp, "no manifest.json: the directory is not a dataset") from None
        except OSError as e:
            raise ShardFormatError(mp, f"cannot read: {e.strerror or e}") from None
        try:
            manifest = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as e:
            raise ShardFormatError(mp, f"not UTF-8 JSON: {e}") from None
        self.manifest: dict[str, Any] = _get_object(manifest, mp, "manifest")
        if manifest.get("format") != MANIFEST_FORMAT:
            raise ShardFormatError(mp, f"format is {manifest.get('format')!r}, expected {MANIFEST_FORMAT!r}")
        if manifest.get("version") != FORMAT_VERSION:
            raise ShardFormatError(mp, f"unknown format version {manifest.get('version')!r} (this reader knows {FORMAT_VERSION})")
        self.schema: tuple[Column, ...] = _parse_schema(manifest.get("schema"), mp)
        self.rows: int = _get_int(manifest, "rows", mp, "manifest")
        self.bytes: int | None = manifest.get("bytes")
        self.metadata: dict[str, Any] = _get_object(manifest.get("metadata", {}), mp, "'metadata'")
        shards = manifest.get("shards")
        if not isinstance(shards, list):
            raise ShardFormatError(mp, "'shards' must be a list")
        entries = []
        first_row = 0
        for i, s in enumerate(shards):
            s = _get_object(s, mp, f"shards[{i}]")
            name = s.get("file")
            if not isinstance(name, str) or not name or name in (".", "..") or "/" in name or "\\" in name:
                raise ShardFormatError(mp, f"shards[{i}]: 'file' must be a plain file name, got {name!r}")
            what = f"shards[{i}] ({name})"
            crc = _get_int(s, "crc32c", mp, what)
            if crc > 0xFFFFFFFF:
                raise ShardFormatError(mp, f"{what}: crc32c {crc} does not fit in 32 bits")
            entries.append(
                ShardEntry(
                    name, _get_int(s, "rows", mp, what), _get_int(s, "bytes", mp, what), _get_int(s, "blocks", mp, what), crc, first_row
                )
            )
            first_row += entries[-1].rows
        if first_row != self.rows:
            raise ShardFormatError(mp, f"'rows' is {self.rows} but the shards hold {first_row}")
        self.shards: tuple[ShardEntry, ...] = tuple(entries)
        self._first_rows = [e.first_row for e in entries]
        self._open: dict[int, Shard] = {}

    def __repr__(self) -> str:
        return f"Dataset({self.path!r}, rows={self.rows}, shards={len(self.shards)}, schema={_schema_str(self.schema)})"

    @property
    def columns(self) -> list[str]:
        return [c.name for c in self.schema]

    def shard_path(self, i: int) -> str:
        return os.path.join(self.path, self.shards[i].file)

    def shard(self, i: int, data: bytes | None = None) -> Shard:
        """Open shard ``i`` (header, trailer and footer checked against the manifest)."""
        if data is None and i in self._open:
            return self._open[i]
        e = self.shards[i]
        shard = Shard(
            self.shard_path(i),
            expected_schema=self.schema,
            expected_rows=e.rows,
            expected_blocks=e.blocks,
            expected_bytes=e.bytes,
            data=data,
        )
        if data is None:
            self._open[i] = shard
        return shard

    def _iter_blocks(self, columns: Sequence[str] | None, verify: bool) -> Iterator[tuple[int, dict[str, Any]]]:
        columns = _resolve_columns(self.schema, columns)
        for i in range(len(self.shards)):
            shard = self.shard(i)
            for b in range(len(shard.blocks)):
                yield shard.blocks[b].rows, shard.decode_block(b, columns, verify)

    def iter_batches(self, columns: Sequence[str] | None = None, verify: bool = True) -> Iterator[dict[str, Any]]:
        """Yield one batch (column name → values) per block, in row order.

        ``verify`` checks each block's CRC32C before decoding it (the zstd content checksum is
        always checked). The whole-file CRC32C of the manifest is checked only by verify().
        """
        for _, batch in self._iter_blocks(columns, verify):
            yield batch

    def read_all(self, columns: Sequence[str] | None = None, verify: bool = True) -> dict[str, Any]:
        """The whole dataset as one batch."""
        names = self.columns if columns is None else _resolve_columns(self.schema, columns)
        by_name = {c.name: c for c in self.schema}
        parts: dict[str, list] = {n: [] for n in names}
        for batch in self.iter_batches(names, verify):
            for n in names:
                parts[n].append(batch[n])
        out: dict[str, Any] = {}
        for n in names:
            col = by_name[n]
            if col.type != "string" and not col.list:
                out[n] = np.concatenate(parts[n]) if parts[n] else np.empty(0, dtype=col.dtype)
            else:
                out[n] = [v for part in parts[n] for v in part]
        return out

    def read_row(self, i: int, columns: Sequence[str] | None = None, verify: bool = True) -> dict[str, Any]:
        """Row ``i`` of the dataset (negative counts from the end) as plain Python values.

        Only the shard holding the row is opened and only the block holding it is decoded
        (binary search over the manifest's shard rows, then over the footer's first_row).
        """
        columns = _resolve_columns(self.schema, columns)
        if i < 0:
            i += self.rows
        if not 0 <= i < self.rows:
            raise IndexError(f"row index out of range ({self.rows} rows)")
        s = bisect.bisect_right(self._first_rows, i) - 1
        return self.shard(s).read_row(i - self.shards[s].first_row, columns, verify)

    def verify(self) -> list[str]:
        """Check everything and return the problems found (empty list: all good). Never raises
        on corrupt data.

        Checks: manifest totals, each shard's size and whole-file CRC32C against the manifest,
        header, trailer, footer CRC32C and contents, footer schema/rows/blocks against the
        manifest, file layout, and for each block its CRC32C, zstd frame (content size and
        content checksum) and the full structure of every stream, including UTF-8.
        """
        problems: list[str] = []
        mp = self.manifest_path
        total_bytes = sum(e.bytes for e in self.shards)
        if self.bytes is not None and self.bytes != total_bytes:
            problems.append(f"{mp}: 'bytes' is {self.bytes!r} but the shards' bytes add up to {total_bytes}")
        names = [e.file for e in self.shards]
        for dup in sorted({n for n in names if names.count(n) > 1}):
            problems.append(f"{mp}: shard file {dup!r} is listed more than once")
        for i, entry in enumerate(self.shards):
            path = self.shard_path(i)
            try:
                with open(path, "rb") as f:
                    data = f.read()
            except OSError as e:
                problems.append(f"{path}: cannot read: {e.strerror or e}")
                continue
            try:
                actual = crc32c(data)
                if actual != entry.crc32c:
                    problems.append(f"{path}: whole-file CRC32C mismatch: manifest says {entry.crc32c:#010x}, file gives {actual:#010x}")
                shard = self.shard(i, data=data)
            except ShardFormatError as e:
                problems.append(str(e))
                continue
            except Exception as e:  # never raise from verify
                problems.append(f"{path}: unexpected error: {e!r}")
                continue
            problems.extend(shard.layout_problems())
            for b in range(len(shard.blocks)):
                try:
                    shard.decode_block(b, None, verify=True)
                except ShardFormatError as e:
                    problems.append(str(e))
                except Exception as e:
                    problems.append(f"{path}: block {b}: unexpected error: {e!r}")
        return problems


def open_dataset(path: str | os.PathLike) -> Dataset:
    """Open the dataset directory ``path`` (reads and checks manifest.json)."""
    return Dataset(path)


# --------------------------------------------------------------------------------------
# Command line


def _json_column(col: Column, values: Any) -> list:
    """A decoded column as JSON-ready Python values (binary32 as its shortest decimal)."""
    if col.type == "float":
        def conv(a):
            return [float(str(x)) for x in a]
    elif col.type == "string":
        def conv(a):
            return list(a)
    else:
        def conv(a):
            return a.tolist()
    return [conv(v) for v in values] if col.list else conv(values)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Print or verify a Reel shard dataset (Docs/ShardFormat.md).")
    parser.add_argument("dir", help="dataset directory (holding manifest.json)")
    parser.add_argument("--limit", type=int, default=None, help="print at most N rows")
    parser.add_argument("--columns", default=None, help="comma-separated columns to print (default: all)")
    parser.add_argument("--verify", action="store_true", help="check every checksum and structure; print problems; exit 1 if any")
    parser.add_argument("--no-crc", action="store_true", help="skip block CRC32C checks while printing rows")
    args = parser.parse_args(argv)

    try:
        ds = open_dataset(args.dir)
        if args.verify:
            problems = ds.verify()
            for p in problems:
                print(p)
            blocks = sum(e.blocks for e in ds.shards)
            status = f"{len(problems)} problem(s)" if problems else "ok"
            print(f"{status}: {len(ds.shards)} shards, {blocks} blocks, {ds.rows} rows checked", file=sys.stderr)
            return 1 if problems else 0

        columns = [c.strip() for c in args.columns.split(",") if c.strip()] if args.columns else None
        try:
            names = ds.columns if columns is None else _resolve_columns(ds.schema, columns)
        except KeyError as e:
            print(f"error: {e.args[0]}", file=sys.stderr)
            return 2
        by_name = {c.name: c for c in ds.schema}
        remaining = args.limit
        out = sys.stdout
        for rows, batch in ds._iter_blocks(names, verify=not args.no_crc):
            if remaining is not None and remaining <= 0:
                break
            n = rows if remaining is None else min(rows, remaining)
            cols = {name: _json_column(by_name[name], batch[name][:n]) for name in names}
            for j in range(n):
                out.write(json.dumps({name: cols[name][j] for name in names}, ensure_ascii=False) + "\n")
            if remaining is not None:
                remaining -= n
        out.flush()
        return 0
    except ShardFormatError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
