#!/usr/bin/env bash
# Side-by-side: Reel zstd shards vs tf.data/TFRecord (GZIP) vs polars/CSV on the same synthetic
# ratings table (user Int32, movie Int32, rating Float, timestamp Int64).
#
# Usage (from anywhere; the script cd's to the repository root):
#   Benchmarks/compare_shards.sh                       # 25M rows, WORK=/tmp/reel-bench-shards
#   ROWS=2000000 WORK=/tmp/x Benchmarks/compare_shards.sh
#   TF_ARGS="--rows-limit 2000000 --read-runs 1" Benchmarks/compare_shards.sh
#   RENDER_ONLY=1 Benchmarks/compare_shards.sh       # only re-print the table from $WORK's outputs
#
# Needs a release binary (.build/release/reel; build it with `swift build -c release --product reel`
# first, this script does not build), python3 with tensorflow-cpu and polars, and the zstd CLI.
#
# Steps:
#   1. reel generate ratings --rows $ROWS --output $WORK/shards --csv $WORK/ratings.csv --overwrite
#      (its "wrote ... rows/s" line is the Reel write figure: synthetic generation + shard write,
#      the CSV is written afterwards and not timed)
#   2. reel bench shards $WORK/shards --json                 (best of 3, batches of 8192 rows)
#   3. python3 Benchmarks/shards_compare.py --csv $WORK/ratings.csv --workdir $WORK --json $TF_ARGS
#   4. prints a markdown table: metric | Reel | tf.data/TFRecord GZIP | polars CSV | ratio
#      (if `reel bench shards --json` reports write_rows_per_second, i.e. a write of the table from
#      memory, it gets its own row next to the tf.data write, which is also from memory)
# Raw outputs are kept in $WORK/{generate.out,reel_bench.json,compare.json}.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

ROWS="${ROWS:-25000000}"
WORK="${WORK:-/tmp/reel-bench-shards}"
REEL="${REEL:-.build/release/reel}"

if [[ -z "${RENDER_ONLY:-}" ]]; then
if [[ ! -x "$REEL" ]]; then
  echo "error: $REEL not found; build it first: swift build -c release --product reel" >&2
  exit 1
fi
mkdir -p "$WORK"
LOAD_START="$(cut -d' ' -f1 /proc/loadavg)"
echo "$LOAD_START" >"$WORK/load_start"

echo "==> $REEL generate ratings --rows $ROWS --output $WORK/shards --csv $WORK/ratings.csv --overwrite" >&2
"$REEL" generate ratings --rows "$ROWS" --output "$WORK/shards" --csv "$WORK/ratings.csv" --overwrite \
  | tee "$WORK/generate.out" >&2

echo "==> $REEL bench shards $WORK/shards --json" >&2
"$REEL" bench shards "$WORK/shards" --json >"$WORK/reel_bench.json"
cat "$WORK/reel_bench.json" >&2

echo "==> python3 Benchmarks/shards_compare.py --csv $WORK/ratings.csv --workdir $WORK --json ${TF_ARGS:-}" >&2
# shellcheck disable=SC2086
python3 Benchmarks/shards_compare.py --csv "$WORK/ratings.csv" --workdir "$WORK" --json ${TF_ARGS:-} \
  >"$WORK/compare.json"
cut -d' ' -f1 /proc/loadavg >"$WORK/load_end"
fi

python3 - "$WORK" <<'PY'
import json
import os
import re
import sys

work = sys.argv[1]


def last_json_object(path):
    found = None
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line.startswith("{"):
                try:
                    found = json.loads(line)
                except json.JSONDecodeError:
                    pass
    if found is None:
        sys.exit(f"no JSON object in {path}")
    return found


gen_text = open(os.path.join(work, "generate.out")).read()
m = re.search(r"wrote (\d+) rows to .*?: (\d+) shards, (\d+) bytes, ([\d.]+) s", gen_text)
if not m:
    sys.exit(f"could not parse `reel generate` output:\n{gen_text}")
gen_rows, gen_shards, gen_bytes, gen_seconds = int(m[1]), int(m[2]), int(m[3]), float(m[4])
reel = last_json_object(os.path.join(work, "reel_bench.json"))
cmp_ = last_json_object(os.path.join(work, "compare.json"))

shard_dir = os.path.join(work, "shards")
dir_bytes = sum(os.path.getsize(os.path.join(shard_dir, f)) for f in os.listdir(shard_dir))

rows = reel["rows"]
tf_rows = cmp_["tfrecord_rows_measured"]
csv_rows = cmp_["csv_rows"]
assert rows == gen_rows == csv_rows, (rows, gen_rows, csv_rows)
limited = tf_rows != rows
tf_note = f" ¹" if limited else ""


def rate(v):
    return f"{v:,.0f} rows/s"


def size(v):
    return f"{v:,} B ({v / 2**20:,.1f} MiB)"


def ratio(a, b, what):
    return f"{a / b:,.2f}× {what}"


reel_write = gen_rows / gen_seconds
tf_bpr = cmp_["tfrecord_bytes"] / tf_rows
out = []
out.append(
    f"Ratings table: {rows:,} rows (user Int32, movie Int32, rating Float, timestamp Int64), "
    f"{os.cpu_count()} CPUs; TensorFlow {cmp_['tensorflow_version']}, polars {cmp_['polars_version']}. "
    f"1-min load average: {open(os.path.join(work, 'load_start')).read().strip()} at start, "
    f"{cmp_['load_average_start']:.2f} before the Python part, {open(os.path.join(work, 'load_end')).read().strip()} at the end."
)
out.append("")
out.append("| metric | Reel (zstd-3 shards) | tf.data / TFRecord GZIP | polars CSV | ratio |")
out.append("|---|---:|---:|---:|---|")
out.append(
    f"| write (rows/s) | {rate(reel_write)} (`reel generate`, incl. generation; {gen_seconds:.2f} s, shards: {gen_shards}) "
    f"| {rate(cmp_['tfrecord_write_rows_per_second'])}{tf_note} ({cmp_['tfrecord_write_seconds']:.1f} s) "
    f"| – | Reel {ratio(reel_write, cmp_['tfrecord_write_rows_per_second'], 'tf.data')} |"
)
if "write_rows_per_second" in reel:
    out.append(
        f"| write from memory (rows/s) | {rate(reel['write_rows_per_second'])} (`reel bench shards`, best of 3) "
        f"| {rate(cmp_['tfrecord_write_rows_per_second'])}{tf_note} (numpy columns → file) "
        f"| – | Reel {ratio(reel['write_rows_per_second'], cmp_['tfrecord_write_rows_per_second'], 'tf.data')} |"
    )
tf_bytes_cell = size(cmp_["tfrecord_bytes"]) + tf_note
if limited:
    tf_bytes_cell += f"; ≈{tf_bpr * rows / 2**20:,.1f} MiB for {rows:,} rows"
out.append(
    f"| bytes on disk | {size(reel['bytes'])} | {tf_bytes_cell} "
    f"| CSV {size(cmp_['csv_bytes'])}; zstd -3 {size(cmp_['csv_zstd3_bytes'])} "
    f"| Reel = {reel['bytes'] / (tf_bpr * rows):.1%} of TFRecord GZIP, "
    f"{reel['bytes'] / cmp_['csv_zstd3_bytes']:.1%} of zstd -3 CSV, {reel['bytes'] / cmp_['csv_bytes']:.1%} of CSV |"
)
out.append(
    f"| bytes per row | {reel['bytes'] / rows:.2f} | {tf_bpr:.2f} "
    f"| CSV {cmp_['csv_bytes'] / csv_rows:.2f}; zstd -3 {cmp_['csv_zstd3_bytes'] / csv_rows:.2f} | |"
)
out.append(
    f"| full read, 8192-row batches (rows/s) | {rate(reel['read_rows_per_second'])} "
    f"| {rate(cmp_['tfdata_read_rows_per_second'])}{tf_note} ({cmp_['tfdata_read_seconds']:.1f} s) "
    f"| {rate(cmp_['polars_csv_read_rows_per_second'])} ({cmp_['polars_csv_read_seconds']:.2f} s, "
    f"`pl.read_csv`, whole table) "
    f"| Reel {ratio(reel['read_rows_per_second'], cmp_['tfdata_read_rows_per_second'], 'tf.data')}, "
    f"{ratio(reel['read_rows_per_second'], cmp_['polars_csv_read_rows_per_second'], 'polars')} |"
)
out.append(
    f"| shuffled full read, 8192-row batches (rows/s) | {rate(reel['shuffled_read_rows_per_second'])} "
    f"(global: block permutation + window shuffle) "
    f"| {rate(cmp_['tfdata_shuffled_read_rows_per_second'])}{tf_note} ({cmp_['tfdata_shuffled_read_seconds']:.1f} s, "
    f"`shuffle({cmp_['tfdata_shuffle_buffer']:,})` before batch) | – "
    f"| Reel {ratio(reel['shuffled_read_rows_per_second'], cmp_['tfdata_shuffled_read_rows_per_second'], 'tf.data')} |"
)
out.append("")
out.append(
    f"bytes on disk: Reel shards vs zstd -3 CSV: {reel['bytes']:,} / {cmp_['csv_zstd3_bytes']:,} = "
    f"{reel['bytes'] / cmp_['csv_zstd3_bytes']:.1%} "
    f"(shard directory incl. manifest: {dir_bytes:,} B = {dir_bytes / cmp_['csv_zstd3_bytes']:.1%})"
)
out.append("")
out.append(
    f"Reel: write = `reel generate ratings` (synthetic generation + shard write, zstd -3); reads = "
    f"`reel bench shards` best of 3. tf.data: write = numpy columns → tf.train.Example → "
    f"TFRecordWriter(GZIP), CSV loading not timed; reads = TFRecordDataset(GZIP) → [shuffle] → "
    f"batch({cmp_['batch_rows']}) → parse_example, best of {cmp_['tfdata_read_runs']} after a warm-up. "
    f"polars: best of {cmp_['polars_csv_read_runs']}."
)
if limited:
    out.append("")
    out.append(
        f"¹ tf.data figures measured on the first {tf_rows:,} of {rows:,} rows (--rows-limit); "
        f"rows/s are rates on that prefix, TFRecord bytes are for that prefix "
        f"(the full-table size is extrapolated from bytes/row)."
    )
print("\n".join(out))
PY
