#ifndef REEL_LUT16_H
#define REEL_LUT16_H
#include <stddef.h>
#include <stdint.h>

// Asymmetric scoring of 4-bit product-quantization codes with 8-bit lookup tables (ScaNN's
// "LUT16"), for ReelANN.
//
// Points come in groups of 32 and blocks in pairs (`blocks` is even). A group's codes take
// blocks * 16 bytes: for each block pair p, 32 bytes, the first 16 for block 2p and the next
// 16 for block 2p + 1; byte j of a block holds point j's code in its low nibble and point
// j + 16's in its high nibble. The table takes blocks * 16 bytes in the same pairing: 16
// entries of block 2p, then 16 of block 2p + 1.
//
// out[g * 32 + j] = sum over blocks b of lut[b][code of point j of group g in block b], in
// 16-bit arithmetic: the caller keeps blocks * max(lut) <= 65535.

/// Portable version (any CPU).
void reel_lut16_scan(const uint8_t *codes, size_t groups, size_t blocks, const uint8_t *lut,
                     uint16_t *out);

/// AVX2 version (byte shuffles); call only when reel_kernels_avx2() is 1. Same results.
void reel_lut16_scan_avx2(const uint8_t *codes, size_t groups, size_t blocks, const uint8_t *lut,
                          uint16_t *out);

// The best `capacity` approximate candidates of a query (ReelANN's CandidateBuffer):
// candidates with score >= threshold are appended to `scores` / `slots` (room for
// 2 * capacity); when full, reel_candidate_buffer_shrink cuts them back to the best
// `capacity` (earlier ones among ties at the cut) and raises the threshold to the cut score.
typedef struct reel_candidate_buffer {
  float *scores;
  int32_t *slots;
  float *scratch;  // 2 * capacity floats
  size_t count;
  size_t capacity;
  float threshold;
} reel_candidate_buffer;

/// Cuts the buffer to its best `capacity` candidates (no-op when count <= capacity).
void reel_candidate_buffer_shrink(reel_candidate_buffer *b);

/// The value of rank `rank` (0 = largest) among x[0..<count] (reordered in place).
float reel_select_rank(float *x, size_t count, size_t rank);

/// Scans `groups` groups (as reel_lut16_scan) and offers slot first_slot + t, for t < valid,
/// with approximate score `base + scale * sum_t` (float arithmetic, no fused multiply-add) to
/// the buffer unless its row slot_rows[first_slot + t] is in `excluded` (sorted ascending).
/// `avx2` selects the AVX2 scan (only when reel_kernels_avx2() is 1); both give the same
/// buffer.
void reel_lut16_scan_collect(const uint8_t *codes, size_t groups, size_t blocks,
                             const uint8_t *lut, size_t valid, float base, float scale,
                             int32_t first_slot, const int32_t *slot_rows,
                             const int32_t *excluded, size_t excluded_count,
                             reel_candidate_buffer *buffer, int avx2);

/// Offers slot first_slot + t for t < valid with the approximate score `base + scale *
/// sums[t]` to the buffer as reel_lut16_scan_collect does, from sums already computed.
void reel_lut16_offer_sums(const uint16_t *sums, size_t valid, float base, float scale,
                           int32_t first_slot, const int32_t *slot_rows, const int32_t *excluded,
                           size_t excluded_count, reel_candidate_buffer *buffer);

#endif
