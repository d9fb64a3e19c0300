#ifndef REEL_TOPK_H
#define REEL_TOPK_H
#include <stddef.h>
#include <stdint.h>

// Exact top-k by dot product without a score matrix (ReelRecommenders' BruteForce): a block of
// candidates is packed into panels of 16, every query row is scored against it in registers
// (6 queries x 16 candidates per tile, AVX2 + FMA) and only the scores that pass the query's
// current threshold leave the registers, as "hits". The caller keeps the per-query selection
// and raises the thresholds between blocks.

/// Packs rows c[n][d] into ceil(n / 16) panels of d x 16 floats (panel p, dimension k,
/// lane l = row 16p + l), zero-padded; `out` holds ceil(n / 16) * 16 * d floats.
void reel_pack_panels16(const float *c, size_t n, size_t d, float *out);

/// For queries q[m][d] (row stride d) and the packed panels of n candidates, appends every
/// (query i, column j) whose score s = q_i . c_j satisfies !(s <= thresholds[i]) (s above
/// the threshold, or either one NaN) to hit_query / hit_column / hit_score, in increasing
/// column order per query. Returns the hit count (at most m * n: the arrays' capacity).
/// Call only when reel_kernels_avx2() is 1. Each score is a sequential fused multiply-add
/// sum over k = 0..<d.
size_t reel_dot_hits_avx2(const float *q, size_t m, size_t d, const float *panels, size_t n,
                          const float *thresholds, int32_t *hit_query, int32_t *hit_column,
                          float *hit_score);

#endif
