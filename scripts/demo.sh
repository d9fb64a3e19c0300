#!/usr/bin/env bash
# Builds Reel in release mode and runs the main job on the bundled fixture data (no download).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
swift build -c release --product reel 2>&1 | grep -E "error|warning: .*Sources|Compiling reel|Build" | tail -3
.build/release/reel demo "$@"
