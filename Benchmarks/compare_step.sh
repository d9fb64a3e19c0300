#!/usr/bin/env bash
# Side by side in one run: one training step of the TFRS basic-retrieval and basic-ranking
# models in Reel (`reel bench step`) and in TensorFlow / tf-keras (Benchmarks/tf_step.py), same
# shapes, same optimizer (Adagrad 0.1), batch 8192. Release build; not in CI.
#   Benchmarks/compare_step.sh            (STEPS=10 WARMUP=2 BATCH=8192 EXTRA="--ml1m" by default)
# Reel and TF alternate (Reel, TF, Reel, TF) and each figure is the better of its two medians,
# so a burst of load from elsewhere on the machine does not land on one side only.
set -euo pipefail
cd "$(dirname "$0")/.."
STEPS=${STEPS:-10}
WARMUP=${WARMUP:-2}
BATCH=${BATCH:-8192}
EXTRA=${EXTRA:---ml1m}
swift build -c release --product reel 2>&1 | tail -1
python3 -c "import tensorflow, tf_keras" 2>/dev/null || python3 -m pip install -q tensorflow-cpu tf-keras
runs=()
for round in 1 2; do
  runs+=("$(.build/release/reel bench step --json --steps "$STEPS" --warm-up "$WARMUP" --batch "$BATCH" $EXTRA)")
  runs+=("$(python3 Benchmarks/tf_step.py --json --steps "$STEPS" --warm-up "$WARMUP" --batch "$BATCH" $EXTRA 2>/dev/null)")
done
python3 - "${runs[@]}" <<'PY'
import json, sys
r1, t1, r2, t2 = (json.loads(a) for a in sys.argv[1:5])
def best(a, b, key):
    return min(x[key] for x in (a, b) if key in x) if key in a or key in b else None
print(f"batch {r1['batch']}, median of {r1['steps']} steps after {r1['warm_up']} warm-up steps, "
      f"better of two alternating rounds; TensorFlow {t1['tensorflow_version']} / tf-keras {t1['keras_version']}")
gflops = max(r1["sgemm_gflops"], r2["sgemm_gflops"])
print(f"sgemm 1024³: {gflops:.1f} GFLOP/s (best round)\n")
print("| step | Reel ms | TF ms | speed-up | Reel × FLOP bound |")
print("|---|---|---|---|---|")
for key, label in [("retrieval", "retrieval, 943 × 1682, dim 32"),
                   ("retrieval_ml1m", "retrieval, 6040 × 3706, dim 32"),
                   ("ranking", "ranking, 943 × 1682, embeddings + MLP 256-64-1"),
                   ("ranking_ml1m", "ranking, 6040 × 3706, embeddings + MLP 256-64-1")]:
    rk = best(r1, r2, key + "_step_ms")
    tk = best(t1, t2, key + "_step_ms")
    if rk is None or tk is None:
        continue
    bound = r1[key + "_matmul_gflop"] / gflops * 1e3
    print(f"| {label} | {rk:.1f} | {tk:.1f} | {tk / rk:.1f}x | {rk / bound:.2f}x |")
PY
