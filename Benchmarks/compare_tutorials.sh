#!/usr/bin/env bash
# Reel vs TFRS on the basic-retrieval and basic-ranking tutorials (issue P6, "Quality bar" and
# "Performance"): the same recipe on the same MovieLens folder, seeds 1..N, both sides run
# alternately, each whole process timed by wall clock (start-up and `import tensorflow`
# included). Release build; not in CI.
#
#   Benchmarks/compare_tutorials.sh [--runs 5] [--data Fixtures/movielens/ml-100k]
#                                   [--tutorial basic-retrieval|basic-ranking]
#                                   [--only tfrs|reel] [--out FILE.jsonl]
#   Benchmarks/compare_tutorials.sh --from FILE.jsonl     (re-print the table of a saved run)
#
# Reel side:  .build/release/reel tutorial T --data PATH --seed S --json
# TFRS side:  python3 Benchmarks/tfrs_tutorial.py T --data PATH --seed S --json
# Seed s runs Reel first when s is odd and TFRS first when s is even, so load from elsewhere
# on the machine does not land on one side only. Every run is appended to FILE.jsonl (one
# object per run: side, tutorial, seed, wall_seconds, load before the run, the side's JSON).
#
# The table gives, per side, mean ± sample standard deviation over the seeds of top-100 and
# top-10 accuracy (retrieval) or RMSE (ranking), of the wall time and of the mean epoch time;
# the speed ratio is TFRS wall / Reel wall (means). Rule for "within noise": the difference
# of the means is at most twice its standard error,
#     |mean_reel − mean_tfrs| ≤ 2 · sqrt(std_reel² / n_reel + std_tfrs² / n_tfrs),
# i.e. a two-sided test at about the 5% level (Welch), using each side's seed-to-seed spread.
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=5
DATA=Fixtures/movielens/ml-100k
ONLY=""
FROM=""
OUT=""
TUTORIALS="basic-retrieval basic-ranking"
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) RUNS="$2"; shift 2 ;;
    --data) DATA="$2"; shift 2 ;;
    --only) ONLY="$2"; shift 2 ;;
    --tutorial) TUTORIALS="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    --from) FROM="$2"; shift 2 ;;
    -h|--help) sed -n '2,24p' "$0"; exit 0 ;;
    *) echo "compare_tutorials.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
case "$ONLY" in ""|tfrs|reel) ;; *) echo "compare_tutorials.sh: --only takes tfrs or reel" >&2; exit 2 ;; esac
case "$RUNS" in ''|*[!0-9]*) echo "compare_tutorials.sh: --runs takes a positive integer" >&2; exit 2 ;; esac

if [ -z "$FROM" ]; then
  [ -d "$DATA" ] || { echo "compare_tutorials.sh: --data $DATA: not a folder" >&2; exit 2; }
  if [ "$ONLY" != "tfrs" ]; then
    swift build -c release --product reel 2>&1 | tail -1
  fi
  if [ "$ONLY" != "reel" ]; then
    TF_USE_LEGACY_KERAS=1 python3 -c "import sys; sys.modules.setdefault('scann', None)
import tensorflow, tf_keras, tensorflow_recommenders" 2>/dev/null || {
      echo "compare_tutorials.sh: needs tensorflow-cpu, tf-keras and tensorflow-recommenders (pip install --no-deps)" >&2
      exit 2
    }
  fi
  OUT=${OUT:-/tmp/compare_tutorials-$(date -u +%Y%m%dT%H%M%S).jsonl}
  : > "$OUT"
  echo "runs are appended to $OUT" >&2
fi

python3 - "$RUNS" "$DATA" "$ONLY" "$TUTORIALS" "${FROM:-$OUT}" "$([ -n "$FROM" ] && echo summarize || echo run)" <<'PY'
import json, math, os, statistics, subprocess, sys, time

runs, data, only, tutorials, path, mode = sys.argv[1:7]
runs, tutorials = int(runs), tutorials.split()

def command(side, tutorial, seed):
    if side == "reel":
        return [".build/release/reel", "tutorial", tutorial, "--data", data,
                "--seed", str(seed), "--json"]
    return [sys.executable, "Benchmarks/tfrs_tutorial.py", tutorial, "--data", data,
            "--seed", str(seed), "--json"]

def load():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])

def run_one(side, tutorial, seed):
    before = load()
    start = time.perf_counter()
    p = subprocess.run(command(side, tutorial, seed), capture_output=True, text=True)
    wall = time.perf_counter() - start
    if p.returncode != 0:
        sys.exit(f"{side} {tutorial} seed {seed} failed ({p.returncode}):\n{p.stderr[-2000:]}")
    lines = [l for l in p.stdout.splitlines() if l.startswith("{")]
    if not lines:
        sys.exit(f"{side} {tutorial} seed {seed}: no JSON object on stdout")
    record = {"side": side, "tutorial": tutorial, "seed": seed, "wall_seconds": wall,
              "load_before": before, "result": json.loads(lines[-1])}
    with open(path, "a") as f:
        f.write(json.dumps(record) + "\n")
    metric = record["result"].get("top_100_categorical_accuracy", record["result"].get("rmse"))
    print(f"  {side:4} {tutorial} seed {seed}: {wall:7.2f} s wall, metric {metric:.4f} "
          f"(load {before})", file=sys.stderr, flush=True)
    return record

if mode == "run":
    sides = [s for s in ("reel", "tfrs") if not only or s == only]
    for seed in range(1, runs + 1):
        order = sides if seed % 2 == 1 else list(reversed(sides))
        for tutorial in tutorials:
            for side in order:
                run_one(side, tutorial, seed)

records = [json.loads(l) for l in open(path) if l.strip()]

def stats(values):
    if not values:
        return None
    mean = statistics.fmean(values)
    std = statistics.stdev(values) if len(values) > 1 else 0.0
    return mean, std, len(values)

def fmt(s, digits):
    return "–" if s is None else f"{s[0]:.{digits}f} ± {s[1]:.{digits}f}"

print(f"data {data if mode == 'run' else '(from ' + path + ')'}; mean ± sample std over seeds; "
      f"within noise: |Δmean| ≤ 2·sqrt(s_reel²/n + s_tfrs²/n)\n")
print("| tutorial | figure | Reel | TFRS | Δ (Reel − TFRS) | 2·SE | within noise |")
print("|---|---|---|---|---|---|---|")
for tutorial in sorted({r["tutorial"] for r in records}, key=lambda t: t != "basic-retrieval"):
    rows = [r for r in records if r["tutorial"] == tutorial]
    keys = ([("top_100_categorical_accuracy", "top-100 accuracy"),
             ("top_10_categorical_accuracy", "top-10 accuracy")]
            if tutorial == "basic-retrieval" else [("rmse", "RMSE")])
    def side_values(side, f):
        return [f(r) for r in rows if r["side"] == side]
    for key, label in keys:
        a = stats(side_values("reel", lambda r: r["result"][key]))
        b = stats(side_values("tfrs", lambda r: r["result"][key]))
        if a and b:
            diff = a[0] - b[0]
            bound = 2 * math.sqrt(a[1] ** 2 / a[2] + b[1] ** 2 / b[2])
            verdict = "yes" if abs(diff) <= bound else "**no**"
            print(f"| {tutorial} | {label} | {fmt(a, 4)} | {fmt(b, 4)} | {diff:+.4f} | "
                  f"{bound:.4f} | {verdict} |")
        else:
            print(f"| {tutorial} | {label} | {fmt(a, 4)} | {fmt(b, 4)} | – | – | – |")
    wall_a = stats(side_values("reel", lambda r: r["wall_seconds"]))
    wall_b = stats(side_values("tfrs", lambda r: r["wall_seconds"]))
    ratio = f"TFRS / Reel = **{wall_b[0] / wall_a[0]:.1f}×**" if wall_a and wall_b else "–"
    print(f"| {tutorial} | wall seconds (whole process) | {fmt(wall_a, 2)} | {fmt(wall_b, 2)} "
          f"| {ratio} | | |")
    def mean_epoch(side):
        return stats([statistics.fmean(r["result"]["epoch_seconds"]) for r in rows
                      if r["side"] == side and r["result"].get("epoch_seconds")])
    epoch_a, epoch_b = mean_epoch("reel"), mean_epoch("tfrs")
    print(f"| {tutorial} | seconds per epoch | {fmt(epoch_a, 2)} | {fmt(epoch_b, 2)} | | | |")

print("\nper run:")
for r in records:
    res = r["result"]
    metric = (f"top-100 {res['top_100_categorical_accuracy']:.4f} top-10 "
              f"{res['top_10_categorical_accuracy']:.4f}" if "top_100_categorical_accuracy" in res
              else f"rmse {res['rmse']:.4f}")
    epochs = ", ".join(f"{s:.2f}" for s in res.get("epoch_seconds", []))
    print(f"  {r['side']:4} {r['tutorial']:15} seed {r['seed']}: {metric}; wall "
          f"{r['wall_seconds']:.2f} s; epochs [{epochs}] s; load before {r['load_before']}")
PY
