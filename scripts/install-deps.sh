#!/usr/bin/env bash
# Installs the Debian packages Reel's build needs, only when they are missing.
# Runs as root (CI, fresh machines) or through sudo.
set -euo pipefail
packages=(libzstd-dev libopenblas-dev pkg-config)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "installing: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
fi

# The shard interop test runs the Python reader (scripts/read_shards.py) when python3 exists.
if command -v python3 >/dev/null 2>&1 && ! python3 -c "import numpy, zstandard" >/dev/null 2>&1; then
  echo "installing Python packages for the shard interop test: numpy zstandard"
  python3 -m pip install -q numpy zstandard || echo "warning: could not install numpy/zstandard; the interop test will be skipped"
fi
