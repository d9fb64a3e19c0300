#!/usr/bin/env bash
# Builds Reel in release mode and runs the main job on the bundled fixture data (no download):
# the pipeline demo, then MovieLens preprocessing of the synthetic ml-100k fixture into
# train/test shard datasets, which are inspected and verified.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
swift build -c release --product reel 2>&1 | grep -E "error|warning: .*Sources|Compiling reel|Build" | tail -3
.build/release/reel demo "$@"
out=$(mktemp -d)
echo
echo "== reel preprocess movielens Fixtures/movielens/ml-100k --out $out --split temporal:0.8"
.build/release/reel preprocess movielens Fixtures/movielens/ml-100k --out "$out" --split temporal:0.8
.build/release/reel inspect "$out/train" --rows 3
.build/release/reel verify "$out/test"
echo
echo "== the adapted preprocessing layers the manifest carries, applied (reel cat --preprocess)"
.build/release/reel cat "$out/train" --preprocess --limit 3 \
  --columns user_id,user_index,movie_title,movie_title_tokens,timestamp_normalized,timestamp_bucket
