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

#endif
