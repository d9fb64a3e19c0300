#!/usr/bin/env bash
# Builds the libFuzzer target of the shard reader (Fuzz/, its own package) with the fuzzer and
# address sanitizers, then fuzzes for SECONDS (default 30) starting from Fuzz/Corpus.
# New inputs go to a temporary corpus, never into the repository.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}
swift build --package-path Fuzz -c debug --sanitize=fuzzer --sanitize=address -Xswiftc -sanitize=fuzzer 2>&1 \
  | grep -E "error:|Compiling|Build" | tail -2
corpus=$(mktemp -d)
trap 'rm -rf "$corpus"' EXIT
Fuzz/.build/debug/ShardReaderFuzzer -max_total_time="$seconds" -rss_limit_mb=4096 -print_final_stats=1 \
  "$corpus" Fuzz/Corpus/ShardReader 2>&1 | grep -E "INITED|DONE|ERROR|SUMMARY|crash|stat::number_of_executed_units" 
