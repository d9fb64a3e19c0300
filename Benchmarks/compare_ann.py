"""Recall@k / queries-per-second curves of faiss-cpu and ScaNN on the .npy files Reel uses.

    pip install faiss-cpu scann numpy
    reel synth vectors --count 1000000 --dim 64 --centres 1000 --noise 0.5 --queries 2000 \
        --seed 1 --out /tmp/ann
    python3 Benchmarks/compare_ann.py --items /tmp/ann/items.npy --queries /tmp/ann/queries.npy

faiss rows: IndexFlatIP, IVF-PQ (generic 4-bit PQ) + IndexRefineFlat, and IVF-PQ fast scan
("IVF1000,PQ32x4fs", SIMD 4-bit lookup tables) + IndexRefineFlat.

Not run in CI. Prints one JSON object per line: {"library", "setting", "recall_at_k",
"queries_per_second", "build_seconds"}. Queries run as one batch (faiss: all cores through
OpenMP; scann: search_batched_parallel), best of --repeats timings, the same as `reel bench ann`.
Recall is against exact inner-product top k computed by faiss IndexFlatIP (also timed).
"""
import argparse
import json
import sys
import time

import numpy as np

# scann's package __init__ imports its TensorFlow ops when TensorFlow is installed, and these
# fail to load against some TensorFlow builds; the pybind API needs no TensorFlow.
sys.modules.setdefault("tensorflow", None)


def best_time(fn, repeats):
    best = float("inf")
    result = None
    for _ in range(repeats):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def recall(found, exact):
    k = exact.shape[1]
    hits = sum(len(set(f[:k].tolist()) & set(e.tolist())) for f, e in zip(found, exact))
    return hits / exact.size


def emit(library, setting, rec, qps, build):
    print(json.dumps({"library": library, "setting": setting, "recall_at_k": round(rec, 4),
                      "queries_per_second": round(qps, 1), "build_seconds": round(build, 2)}),
          flush=True)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--items", required=True)
    p.add_argument("--queries", required=True)
    p.add_argument("-k", type=int, default=10)
    p.add_argument("--leaves", type=int, default=1000)
    p.add_argument("--leaves-to-search", default="5,10,20,40")
    p.add_argument("--reorder", default="20,50,100,200")
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--threshold", type=float, default=0.2,
                   help="scann anisotropic_quantization_threshold")
    p.add_argument("--skip", default="", help="comma-separated: flat,ivfpq,fastscan,scann")
    a = p.parse_args()
    items = np.ascontiguousarray(np.load(a.items), dtype=np.float32)
    queries = np.ascontiguousarray(np.load(a.queries), dtype=np.float32)
    n, d = items.shape
    nq = len(queries)
    k = a.k
    searched = [int(x) for x in a.leaves_to_search.split(",")]
    reorders = [int(x) for x in a.reorder.split(",")]
    skip = set(a.skip.split(","))

    import faiss
    t0 = time.perf_counter()
    flat = faiss.IndexFlatIP(d)
    flat.add(items)
    flat_build = time.perf_counter() - t0
    seconds, (_, exact) = best_time(lambda: flat.search(queries, k), 1)
    if "flat" not in skip:
        emit("faiss IndexFlatIP", "exact", 1.0, nq / seconds, flat_build)

    if "ivfpq" not in skip:
        # IVF with PQ of 2 dims per 4-bit code (as Reel), inner product, exact refinement.
        t0 = time.perf_counter()
        quantizer = faiss.IndexFlatIP(d)
        ivf = faiss.IndexIVFPQ(quantizer, d, a.leaves, d // 2, 4, faiss.METRIC_INNER_PRODUCT)
        ivf.train(items[np.random.default_rng(0).choice(n, min(n, 100_000), replace=False)])
        refine = faiss.IndexRefineFlat(ivf)
        refine.add(items)
        ivf_build = time.perf_counter() - t0
        for nprobe in searched:
            ivf.nprobe = nprobe
            for r in reorders:
                refine.k_factor = max(1.0, r / k)
                seconds, (_, found) = best_time(lambda: refine.search(queries, k), a.repeats)
                emit("faiss IVF-PQ+refine", {"nprobe": nprobe, "reorder": r},
                     recall(found, exact), nq / seconds, ivf_build)

    if "fastscan" not in skip:
        # faiss's SIMD 4-bit PQ ("fast scan", the same LUT16 idea as ScaNN and Reel): IVF with
        # 2 dims per 4-bit code, exact refinement of the best `reorder`.
        t0 = time.perf_counter()
        fast = faiss.index_factory(d, f"IVF{a.leaves},PQ{d // 2}x4fs", faiss.METRIC_INNER_PRODUCT)
        fast.train(items[np.random.default_rng(0).choice(n, min(n, 100_000), replace=False)])
        refined = faiss.IndexRefineFlat(fast)
        refined.add(items)
        fast_build = time.perf_counter() - t0
        ivf_fast = faiss.extract_index_ivf(fast)
        for nprobe in searched:
            ivf_fast.nprobe = nprobe
            for r in reorders:
                refined.k_factor = max(1.0, r / k)
                seconds, (_, found) = best_time(lambda: refined.search(queries, k), a.repeats)
                emit(f"faiss IVF{a.leaves},PQ{d // 2}x4fs+refine", {"nprobe": nprobe, "reorder": r},
                     recall(found, exact), nq / seconds, fast_build)

    if "scann" not in skip:
        import scann
        t0 = time.perf_counter()
        searcher = (scann.scann_ops_pybind.builder(items, k, "dot_product")
                    .tree(num_leaves=a.leaves, num_leaves_to_search=searched[0],
                          training_sample_size=min(n, 100_000))
                    .score_ah(2, anisotropic_quantization_threshold=a.threshold)
                    .reorder(max(reorders)).build())
        scann_build = time.perf_counter() - t0
        for leaves in searched:
            for r in reorders:
                seconds, (found, _) = best_time(
                    lambda: searcher.search_batched_parallel(
                        queries, final_num_neighbors=k, pre_reorder_num_neighbors=r,
                        leaves_to_search=leaves), a.repeats)
                emit("scann", {"leaves_to_search": leaves, "reorder": r},
                     recall(found, exact), nq / seconds, scann_build)


if __name__ == "__main__":
    main()
