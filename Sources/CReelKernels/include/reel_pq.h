#ifndef REEL_PQ_H
#define REEL_PQ_H
#include <stddef.h>
#include <stdint.h>

// Product-quantization encoding for ReelANN, blocks of 2 dimensions with 16 centres each:
// nearest centres, and anisotropic (score-aware) coordinate descent (see
// ProductQuantizer+Anisotropic.swift).

/// The nearest centre (squared L2, the first among equals, NaN never) of each block of
/// `count` rows (row i's residual at residuals[i * stride ..< +2 * blocks]) into
/// codes[i * blocks + b]; 0 when no distance is below +inf. `centres_x` / `centres_y` as for
/// reel_pq_refine_anisotropic; `avx2` only when reel_kernels_avx2() is 1 (same codes).
void reel_pq_encode_nearest(const float *residuals, size_t count, size_t stride, size_t blocks,
                            const float *centres_x, const float *centres_y, uint8_t *codes,
                            int avx2);

/// Refines the codes of `count` rows in place by `sweeps` passes of coordinate descent on
/// the loss |e|^2 + (weights[i] - 1) * (e . u_i)^2: row i's residual is residuals[i * stride
/// ..< +2 * blocks], its unit direction directions[i * stride ..< +2 * blocks] and its codes
/// codes[i * blocks ..< +blocks] (on entry, e.g. the nearest centres). `centres_x` and
/// `centres_y` hold the 16 centres of each block (blocks * 16 floats each). Each block's code
/// is the first centre of least loss with the other blocks fixed. Float arithmetic without
/// fused multiply-adds, the same on both paths; `avx2` only when reel_kernels_avx2() is 1.
void reel_pq_refine_anisotropic(const float *residuals, const float *directions,
                                const float *weights, size_t count, size_t stride,
                                size_t blocks, const float *centres_x, const float *centres_y,
                                size_t sweeps, uint8_t *codes, int avx2);

#endif
