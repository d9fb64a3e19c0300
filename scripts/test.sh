#!/usr/bin/env bash
# The whole test suite, as the README and CI run it:
#   1. system packages, 2. release build with no warnings from Reel's own code,
#   3. every test (debug), 4. the pipeline tests under ThreadSanitizer,
#   5. the shard tests under AddressSanitizer, 6. the shard-reader fuzzer (built, run briefly).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh

echo "== release build (warnings in Sources/ fail the run)"
log=$(mktemp)
swift build -c release 2>&1 | tee "$log" | grep -E "^(error|warning)|Compiling|Build" | tail -3
if grep -E "^/.*/(Sources|Tests)/.*(warning|error):" "$log" | grep -v "/.build" | sort -u | grep .; then
  echo "FAILED: the release build has warnings or errors (listed above)"; exit 1
fi

echo "== tests"
swift build --build-tests 2>&1 | tail -1
swift test --skip-build 2>&1 | tee "$log" | grep -E "error|failed|Executed .* tests" | tail -20
grep -q "with 0 failures" "$log" || { echo "FAILED: tests"; exit 1; }

# The sanitizer runs declare only the test targets they run (REEL_TEST_TARGETS, see Package.swift),
# so they compile the pipeline or shard modules, not the whole package, a second and third time.
echo "== pipeline tests under ThreadSanitizer"
REEL_TEST_TARGETS=ReelPipelineTests swift test --sanitize=thread --scratch-path .build-tsan --filter ReelPipelineTests 2>&1 | tee "$log" \
  | grep -E "WARNING: ThreadSanitizer|error|failed|Executed .* tests" | tail -20
if grep -q "ThreadSanitizer" "$log"; then echo "FAILED: ThreadSanitizer reports"; exit 1; fi
grep -q "with 0 failures" "$log" || { echo "FAILED: tests under ThreadSanitizer"; exit 1; }
echo "== shard tests under AddressSanitizer"
# Leak detection is off: XCTest on Linux keeps test-case objects alive, which LeakSanitizer
# reports; memory errors (overflows, use-after-free) still fail the run.
ASAN_OPTIONS=detect_leaks=0 REEL_TEST_TARGETS=ReelShardsTests swift test --sanitize=address --scratch-path .build-asan --filter ReelShardsTests 2>&1 \
  | tee "$log" | grep -E "ERROR: AddressSanitizer|error|failed|Executed .* tests" | tail -20
if grep -q "ERROR: AddressSanitizer" "$log"; then echo "FAILED: AddressSanitizer reports"; exit 1; fi
grep -q "with 0 failures" "$log" || { echo "FAILED: shard tests under AddressSanitizer"; exit 1; }

echo "== shard reader fuzzer (libFuzzer + ASan, 20 s)"
scripts/fuzz.sh 20 | tee "$log"
grep -q "DONE" "$log" || { echo "FAILED: the fuzzer found a crash (see above)"; exit 1; }

echo "all tests passed"
