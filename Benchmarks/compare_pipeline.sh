#!/usr/bin/env bash
# Side-by-side: `reel bench pipeline` vs the same pipeline in tf.data.
#
# Usage (from anywhere; the script cd's to the repository root):
#   Benchmarks/compare_pipeline.sh
#   REEL_ARGS="--elements 2000000" TFDATA_ARGS="--elements 2000000 --heavy-elements 2000" \
#       Benchmarks/compare_pipeline.sh
#
# Steps:
#   1. swift build -c release --product reel
#   2. .build/release/reel bench pipeline --json $REEL_ARGS
#   3. python3 Benchmarks/tfdata_pipeline.py --json $TFDATA_ARGS   (needs `pip install tensorflow-cpu`)
#   4. prints: metric | reel | tf.data | ratio (reel / tf.data)
#
# For *_ns_per_element a ratio below 1 means Reel is faster; for *_speedup a ratio above 1
# means Reel scales better. Progress output of both tools goes to stderr; only the last
# JSON object each one prints on stdout is used.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

echo "==> swift build -c release --product reel" >&2
swift build -c release --product reel >&2

echo "==> .build/release/reel bench pipeline --json ${REEL_ARGS:-}" >&2
# shellcheck disable=SC2086
.build/release/reel bench pipeline --json ${REEL_ARGS:-} >"$TMP/reel.out"

echo "==> python3 Benchmarks/tfdata_pipeline.py --json ${TFDATA_ARGS:-}" >&2
# shellcheck disable=SC2086
python3 Benchmarks/tfdata_pipeline.py --json ${TFDATA_ARGS:-} >"$TMP/tfdata.out"

python3 - "$TMP/reel.out" "$TMP/tfdata.out" <<'PY'
import json
import sys


def last_json_object(path):
    """The last line of the file that parses as a JSON object (tools may print other text)."""
    found = None
    with open(path) as f:
        text = f.read()
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("{"):
            try:
                found = json.loads(line)
            except json.JSONDecodeError:
                pass
    if found is None:
        try:
            found = json.loads(text)  # pretty-printed multi-line JSON
        except json.JSONDecodeError:
            sys.exit(f"no JSON object found in output of {path}:\n{text}")
    return found


reel = last_json_object(sys.argv[1])
tfd = last_json_object(sys.argv[2])


def is_num(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def fmt(v):
    if v is None:
        return "-"
    if is_num(v):
        return f"{v:,.2f}" if abs(v) < 1e6 else f"{v:,.0f}"
    return str(v)


# Metrics both sides should report first, then anything else either side printed.
preferred = ["chain_ns_per_element", "parallel_map_speedup"]
keys = preferred + sorted((set(reel) | set(tfd)) - set(preferred) - {"tensorflow_version"})
rows = []
for k in keys:
    a, b = reel.get(k), tfd.get(k)
    if a is None and b is None:
        continue
    ratio = f"{a / b:.3f}" if is_num(a) and is_num(b) and b != 0 else "-"
    rows.append((k, fmt(a), fmt(b), ratio))

header = ("metric", "reel", f"tf.data {tfd.get('tensorflow_version', '?')}", "ratio (reel/tf.data)")
widths = [max(len(r[i]) for r in rows + [header]) for i in range(4)]
line = "  ".join(
    h.ljust(w) if i == 0 else h.rjust(w) for i, (h, w) in enumerate(zip(header, widths))
)
print(line)
print("  ".join("-" * w for w in widths))
for r in rows:
    print("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths))))
PY
