#ifndef REEL_ANN_QUERY_H
#define REEL_ANN_QUERY_H
#include <stddef.h>
#include <stdint.h>

#include "reel_lut16.h"

// The per-query steps of ReelANN's ScaNNIndex around the code scan (reel_lut16.h): the
// quantized lookup table, the choice of leaves, a first threshold for the candidate buffer
// and the exact re-scoring of the kept candidates.

/// Fills the 8-bit table of a query (2 * blocks floats, zero-padded) for a codebook of
/// blocks x 16 centres x 2 floats: entry (b, j) is round((q_b . centre_bj - min_j q_b .
/// centre_bj) / scale), with one scale for all blocks so that a sum over the blocks fits in 16
/// bits (at most min(255, 65535 / blocks) per entry); the approximate score of a code is
/// bias + scale * (sum of its entries). `lut` is laid out as reel_lut16_scan reads it.
void reel_lut16_fill(const float *query, const float *codebook, size_t blocks, uint8_t *lut,
                     float *bias, float *scale);

/// The indices of the m largest of scores[0..<n], best first (ties: the lower index first;
/// NaN never before a number), into out[0..<m]. m <= n.
void reel_top_indices(const float *scores, size_t n, size_t m, int32_t *out);

/// Raises the buffer's threshold (never lowers it) to an approximate score `base + scale *
/// t` that at least (capacity + excluded_count) of sums[0..<valid] reach, so that offers
/// that could never be kept stop early: t is at most the rank's sum and within 1/256 of the
/// largest sum below it. No-op when valid is smaller than that rank.
void reel_lut16_seed_threshold(const uint16_t *sums, size_t valid, float base, float scale,
                               size_t excluded_count, reel_candidate_buffer *buffer);

/// Exact re-scoring: for the `count` slots (any order; sorted in place), the dot product of
/// `query` with slot_vectors[slot * d ..< slot * d + d] (NaN counts as -inf), and the best
/// k of them by (score descending, slot_rows[slot] ascending) into scores[0..<k] and
/// rows[0..<k]; when fewer than k, the rest is -inf and -1. `scratch_scores` and
/// `scratch_rows` hold `count` values.
void reel_rescore_top(const float *query, size_t d, const float *slot_vectors, int32_t *slots,
                      size_t count, const int32_t *slot_rows, size_t k, float *scratch_scores,
                      int32_t *scratch_rows, float *scores, int32_t *rows);

#endif
