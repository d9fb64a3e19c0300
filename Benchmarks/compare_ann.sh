#!/usr/bin/env bash
# Approximate top-K side by side in one run: Reel's brute force and ScaNNIndex (`reel bench ann`,
# plain and anisotropic codebooks), faiss-cpu (IndexFlatIP, IVF-PQ + refine) and ScaNN (tree + AH
# + reorder) (Benchmarks/compare_ann.py) on the same .npy files: 1M × 64 float32, 1,000 Gaussian
# centres, noise 0.5, 2,000 queries from the same distribution. Release build; not in CI.
#   Benchmarks/compare_ann.sh      (DATA=/tmp/ann LEAVES=2,3,5,10 REORDER=20,30,50,100 T=2 REPEATS=5 SKIP=)
# SKIP: comma-separated Python rows to leave out (flat,ivfpq,fastscan,scann).
# Prints `uptime` before and after: figures are only comparable on a quiet machine.
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${DATA:-/tmp/ann}
LEAVES=${LEAVES:-2,3,5,10}
REORDER=${REORDER:-20,30,50,100}
T=${T:-2}
REPEATS=${REPEATS:-5}
SKIP=${SKIP:-}
swift build -c release --product reel 2>&1 | tail -1
python3 -c "import faiss, numpy" 2>/dev/null || python3 -m pip install -q faiss-cpu scann numpy
if [ ! -f "$DATA/items.npy" ]; then
  .build/release/reel synth vectors --count 1000000 --dim 64 --centres 1000 --noise 0.5 \
    --queries 2000 --seed 1 --out "$DATA"
fi
uptime
.build/release/reel bench ann --items "$DATA/items.npy" --queries "$DATA/queries.npy" -k 10 \
  --leaves 1000 --leaves-to-search "$LEAVES" --reorder "$REORDER" --repeats "$REPEATS"
.build/release/reel bench ann --items "$DATA/items.npy" --queries "$DATA/queries.npy" -k 10 \
  --leaves 1000 --leaves-to-search "$LEAVES" --reorder "$REORDER" --repeats "$REPEATS" \
  --anisotropic-threshold "$T"
OMP_NUM_THREADS=$(nproc) python3 Benchmarks/compare_ann.py --items "$DATA/items.npy" \
  --queries "$DATA/queries.npy" -k 10 --leaves 1000 --leaves-to-search "$LEAVES" \
  --reorder "$REORDER" --repeats "$REPEATS" --threshold "$T" --skip "$SKIP"
uptime
