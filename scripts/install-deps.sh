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

# The interop tests run Python readers when python3 exists: scripts/read_shards.py (shards:
# numpy, zstandard) and scripts/safetensors_interop.py (weight files: numpy, safetensors).
if command -v python3 >/dev/null 2>&1 && ! python3 -c "import numpy, zstandard, safetensors" >/dev/null 2>&1; then
  echo "installing Python packages for the interop tests: numpy zstandard safetensors"
  python3 -m pip install -q numpy zstandard safetensors || echo "warning: could not install numpy/zstandard/safetensors; the interop tests will be skipped"
fi
