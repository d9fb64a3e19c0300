#ifndef REEL_NEAREST_H
#define REEL_NEAREST_H
#include <stddef.h>
#include <stdint.h>

// Nearest centroids in squared L2 distance without a distance matrix (ReelANN's k-means): the
// centroids are packed into panels of 16 (reel_pack_panels16 in reel_topk.h) and every point
// is scored against them in registers (6 points x 16 centroids per tile with AVX2 + FMA).

/// For each row x of points[n][d], writes to index[i] the centroid j (of k, packed in
/// `panels`, with norms[j] = ||c_j||^2) that minimizes ||c_j||^2 - 2 x . c_j (ties: the lower
/// j; NaN values never win, so an all-NaN row gets 0), and when `distance` is not NULL the
/// squared distance ||x||^2 + ||c_j||^2 - 2 x . c_j, clamped at 0. `avx2` selects the AVX2
/// path (only when reel_kernels_avx2() is 1); the portable path uses the same formula.
void reel_nearest_centroids(const float *points, size_t n, size_t d, const float *panels,
                            const float *norms, size_t k, int32_t *index, float *distance,
                            int avx2);

#endif
