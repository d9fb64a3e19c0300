#!/usr/bin/env bash
# Regenerates Fixtures/movielens/: synthetic samples of every MovieLens layout, written by
# `reel synth movielens` (invented data only; never commit real MovieLens files).
#   ml-100k          full ml-100k scale (943 users, 1682 movies, 100,000 ratings); the
#                    u1..u5/ua/ub split files are left out to keep the fixtures small
#                    (they are 7x u.data; `reel synth movielens --release 100k` writes them)
#   ml-1m, ml-10M100K, ml-25m, ml-latest-small   small samples
#   ml-1m-sequential/ml-1m                       ml-1m layout, 1000 users, 1200 movies,
#                    100,000 ratings: enough next-movie examples for sequential-retrieval
#   ml-100k-context/ml-100k                      full ml-100k scale with --time-effect (recent
#                    releases rated most; the context-features tutorial's data)
#   ml-latest-small.zip                          the same folder as the real zip lays it out
# The output is a pure function of the seeds below: rerunning gives identical bytes.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product reel 2>&1 | grep -E "error|warning: .*Sources|Build" | tail -3
reel=.build/release/reel
out=Fixtures/movielens
rm -rf "$out"
mkdir -p "$out"
"$reel" synth movielens --release 100k --seed 100 --out "$out" --no-splits
"$reel" synth movielens --release 1m --users 200 --movies 500 --ratings 10000 \
  --seed 101 --out "$out"
"$reel" synth movielens --release 10m --users 200 --movies 600 --ratings 10000 \
  --seed 102 --out "$out"
"$reel" synth movielens --release 25m --users 300 --movies 1000 --ratings 15000 \
  --seed 103 --out "$out"
"$reel" synth movielens --release 1m --users 1000 --movies 1200 --ratings 100000 \
  --seed 105 --out "$out/ml-1m-sequential"
"$reel" synth movielens --release 100k --seed 106 --out "$out/ml-100k-context" --no-splits \
  --time-effect --time-scale 30
"$reel" synth movielens --release latest-small --users 300 --movies 1000 --ratings 15000 \
  --seed 104 --out "$out" --zip
du -sh "$out"/*
du -sh "$out"
