#!/usr/bin/env bash
# The whole test suite, as the README and CI run it:
#   1. system packages, 2. release build with no warnings from Reel's own code,
#   3. every test (debug), 4. the pipeline tests under ThreadSanitizer,
#   5. the shard tests under AddressSanitizer, 6. the shard-reader fuzzer (built, run briefly).
# Each stage prints how long it took. The sanitizer and fuzzer builds run in the background while
# the debug tests run (XCTest leaves a core idle much of the time); their logs are printed only
# when a build fails.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$SECONDS
stage_start=$SECONDS
stage() { echo "   ($((SECONDS - stage_start)) s)"; stage_start=$SECONDS; echo "== $1"; }
log=$(mktemp)
logs=$(mktemp -d)
background=""
stop_background() {
  # The builds run in their own process group (set -m below); a failed stage stops all of them.
  # SIGINT, not SIGTERM: on SIGINT swift build also stops the compilers it started.
  if [ -n "$background" ]; then kill -INT -- "-$background" 2>/dev/null || true; fi
}
trap 'stop_background; rm -rf "$log" "$logs"' EXIT
# A command that fails outside the checks below (e.g. `swift test` exiting non-zero with no
# matching line) would otherwise end the run silently.
trap 'echo "FAILED (exit $?); the stage'"'"'s last output lines:"; tail -30 "$log"' ERR

echo "== system packages"
scripts/install-deps.sh

stage "release build (warnings in Sources/ fail the run)"
swift build -c release 2>&1 | tee "$log" | grep -E "^(error|warning)|Compiling|Build" | tail -3
if grep -E "^/.*/(Sources|Tests)/.*(warning|error):" "$log" | grep -v "/.build" | sort -u | grep .; then
  echo "FAILED: the release build has warnings or errors (listed above)"; exit 1
fi

stage "debug build with tests"
swift build --build-tests 2>&1 | tee "$log" | tail -1

# The sanitizer runs declare only the test targets they run (REEL_TEST_TARGETS, see Package.swift),
# so they compile the pipeline or shard modules, not the whole package, a second and third time.
tsan() { REEL_TEST_TARGETS=ReelPipelineTests swift "$1" --sanitize=thread --scratch-path .build-tsan "${@:2}"; }
asan() { REEL_TEST_TARGETS=ReelShardsTests swift "$1" --sanitize=address --scratch-path .build-asan "${@:2}"; }
build_in_background() {
  # One build at a time: the machine may have only 2 cores and the debug tests use one of them.
  tsan build --build-tests >"$logs/tsan" 2>&1 || { echo tsan >"$logs/failed"; return; }
  asan build --build-tests >"$logs/asan" 2>&1 || { echo asan >"$logs/failed"; return; }
  swift build --package-path Fuzz -c debug --sanitize=fuzzer --sanitize=address -Xswiftc -sanitize=fuzzer \
    >"$logs/fuzz" 2>&1 || echo fuzz >"$logs/failed"
}
set -m
build_in_background &
background=$!
set +m
finish_background() {
  [ -z "$background" ] && return
  wait "$background"
  background=""
  if [ -f "$logs/failed" ]; then
    failed=$(cat "$logs/failed")
    grep -E "error" "$logs/$failed" | head -40
    echo "FAILED: the $failed build (output above)"; exit 1
  fi
}

stage "tests (while the sanitizer and fuzzer builds run)"
swift test --skip-build 2>&1 | tee "$log" | grep -E "error|failed|Executed .* tests" | tail -20
grep -q "with 0 failures" "$log" || { echo "FAILED: tests"; exit 1; }

stage "waiting for the sanitizer and fuzzer builds"
finish_background

stage "pipeline tests under ThreadSanitizer"
tsan test --skip-build --filter ReelPipelineTests 2>&1 | tee "$log" \
  | grep -E "WARNING: ThreadSanitizer|error|failed|Executed .* tests" | tail -20
if grep -q "ThreadSanitizer" "$log"; then echo "FAILED: ThreadSanitizer reports"; exit 1; fi
grep -q "with 0 failures" "$log" || { echo "FAILED: tests under ThreadSanitizer"; exit 1; }

stage "shard tests under AddressSanitizer"
# Leak detection is off: XCTest on Linux keeps test-case objects alive, which LeakSanitizer
# reports; memory errors (overflows, use-after-free) still fail the run.
ASAN_OPTIONS=detect_leaks=0 asan test --skip-build --filter ReelShardsTests 2>&1 \
  | tee "$log" | grep -E "ERROR: AddressSanitizer|error|failed|Executed .* tests" | tail -20
if grep -q "ERROR: AddressSanitizer" "$log"; then echo "FAILED: AddressSanitizer reports"; exit 1; fi
grep -q "with 0 failures" "$log" || { echo "FAILED: shard tests under AddressSanitizer"; exit 1; }

stage "shard reader fuzzer (libFuzzer + ASan, 20 s)"
scripts/fuzz.sh 20 | tee "$log"
grep -q "DONE" "$log" || { echo "FAILED: the fuzzer found a crash (see above)"; exit 1; }

echo "   ($((SECONDS - stage_start)) s)"
echo "all tests passed in $((SECONDS - start)) s"
