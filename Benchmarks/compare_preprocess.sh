#!/usr/bin/env bash
# Side by side in one run: Reel's StringLookup / TextVectorization vs Keras (tf-keras) on the
# same synthetic ml-25m-format release (25M ratings: user ids, and the title of each rating's
# movie). Release build; not in CI. Checks that both sides produce the same indices (checksums).
#   Benchmarks/compare_preprocess.sh      (WORK=/tmp/reel-bench-pre ROWS=0 (all) by default)
set -euo pipefail
cd "$(dirname "$0")/.."
WORK=${WORK:-/tmp/reel-bench-pre}
ROWS=${ROWS:-0}
swift build -c release --product reel 2>&1 | tail -1
if [ ! -f "$WORK/ml-25m/ratings.csv" ]; then
  .build/release/reel synth movielens --release 25m --seed 1 --users 162541 --movies 62423 --ratings 25000095 --out "$WORK"
fi
python3 -c "import polars, tensorflow, tf_keras" 2>/dev/null || python3 -m pip install -q polars tensorflow-cpu tf-keras
reel=$(.build/release/reel bench preprocess "$WORK/ml-25m" --rows "$ROWS" --repeats 2 --json)
keras=$(python3 Benchmarks/preprocess_compare.py "$WORK/ml-25m" --rows "$ROWS" --repeats 2 --json 2>/dev/null)
python3 - "$reel" "$keras" <<'PY'
import json, sys
r, k = json.loads(sys.argv[1]), json.loads(sys.argv[2])
rows = r["rows"]
assert rows == k["rows"], (rows, k["rows"])
print(f"{rows} rows, batches of {r['batch_size']}; Keras {k['keras_version']} (TF {k['tensorflow_version']})\n")
print("| step | Reel s | Reel M rows/s | Keras s | Keras M rows/s | Reel / Keras |")
print("|---|---|---|---|---|---|")
def row(label, rkey, kkey):
    if rkey not in r or kkey not in k:
        return
    rs, ks = r[rkey], k[kkey]
    print(f"| {label} | {rs:.3f} | {rows/rs/1e6:.1f} | {ks:.3f} | {rows/ks/1e6:.2f} | {ks/rs:.1f}x |")
row("StringLookup adapt (user ids)", "string_lookup_adapt_seconds", "string_lookup_adapt_seconds")
row("StringLookup adapt, 2 threads", "string_lookup_adapt_2_threads_seconds", "string_lookup_adapt_seconds")
row("StringLookup apply", "string_lookup_apply_seconds", "string_lookup_apply_seconds")
row("StringLookup apply, 2 threads", "string_lookup_apply_2_threads_seconds", "string_lookup_apply_seconds")
row("TextVectorization adapt (titles)", "text_vectorization_adapt_seconds", "text_vectorization_adapt_seconds")
row("TextVectorization adapt, 2 threads", "text_vectorization_adapt_2_threads_seconds", "text_vectorization_adapt_seconds")
row("TextVectorization apply", "text_vectorization_apply_seconds", "text_vectorization_apply_seconds")
row("TextVectorization apply, 2 threads", "text_vectorization_apply_2_threads_seconds", "text_vectorization_apply_seconds")
print()
for key in ("string_lookup_vocabulary_size", "string_lookup_checksum", "text_vectorization_vocabulary_size", "text_vectorization_checksum"):
    if key in r and key in k:
        same = "same" if r[key] == k[key] else "DIFFERENT"
        print(f"{key}: Reel {r[key]}, Keras {k[key]} ({same})")
PY
