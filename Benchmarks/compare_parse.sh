#!/usr/bin/env bash
# Side by side in one run: Reel's MovieLens ratings parser vs pandas and polars on the same
# 25M-row ml-25m-format ratings.csv from the synthetic generator. Release build; not in CI.
#   Benchmarks/compare_parse.sh            (ROWS=25000000 WORK=/tmp/reel-bench-parse by default)
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${ROWS:-25000000}
WORK=${WORK:-/tmp/reel-bench-parse}
mkdir -p "$WORK"
swift build -c release --product reel 2>&1 | tail -1
if [ ! -f "$WORK/ratings.csv" ]; then
  .build/release/reel generate ratings --rows "$ROWS" --output "$WORK/shards" --csv "$WORK/ratings.csv" --overwrite
fi
python3 -c "import pandas, polars" 2>/dev/null || python3 -m pip install -q pandas polars
reel=$(.build/release/reel bench parse "$WORK/ratings.csv" --json)
py=$(python3 Benchmarks/parse_compare.py "$WORK/ratings.csv" --json)
python3 - "$reel" "$py" <<'PY'
import json, sys
r, p = json.loads(sys.argv[1]), json.loads(sys.argv[2])
print(f"| parser | rows/s | MB/s | seconds |")
print(f"|---|---|---|---|")
print(f"| Reel | {r['rows_per_second']/1e6:.1f}M | {r['megabytes_per_second']:.0f} | {r['seconds']:.3f} |")
for lib in ("pandas", "polars"):
    print(f"| {lib} {p[lib + '_version']} | {p[lib + '_rows_per_second']/1e6:.1f}M | "
          f"{p[lib + '_megabytes_per_second']:.0f} | {p[lib + '_seconds']:.3f} |")
print(f"\nReel / polars: {r['rows_per_second'] / p['polars_rows_per_second']:.2f}x; "
      f"Reel / pandas: {r['rows_per_second'] / p['pandas_rows_per_second']:.2f}x")
PY
