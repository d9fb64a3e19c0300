// The AVX2 LUT16 accumulation of one group of 32 codes, shared by the plain scan
// (reel_lut16.c) and the scan with candidate collection (reel_lut16_collect.c). Private to
// CReelKernels; include only inside an x86-64 GCC/Clang section.
#ifndef REEL_LUT16_GROUP_H
#define REEL_LUT16_GROUP_H
#include <immintrin.h>
#include <stddef.h>
#include <stdint.h>

#ifndef REEL_AVX2
#define REEL_AVX2 __attribute__((target("avx2,fma")))
#endif

// Sums a 16-bit accumulator's two 128-bit lanes (the same points, even and odd blocks).
REEL_AVX2 static inline __m128i reel_lut16_fold(__m256i acc) {
  return _mm_add_epi16(_mm256_castsi256_si128(acc), _mm256_extracti128_si256(acc, 1));
}

/// The table sums of the group of codes at `c` (layout of reel_lut16.h): sums[0] holds points
/// 0..7, sums[1] 8..15, sums[2] 16..23 and sums[3] 24..31, as 16-bit lanes.
REEL_AVX2 static inline void reel_lut16_group(const uint8_t *c, size_t blocks,
                                              const uint8_t *lut, __m128i sums[4]) {
  const __m256i nibble = _mm256_set1_epi8(0x0f);
  const __m256i low_byte = _mm256_set1_epi16(0x00ff);
  // 16-bit lanes: even/odd points of 0..15 (lo) and of 16..31 (hi).
  __m256i lo_even = _mm256_setzero_si256(), lo_odd = _mm256_setzero_si256();
  __m256i hi_even = _mm256_setzero_si256(), hi_odd = _mm256_setzero_si256();
  for (size_t p = 0; p < blocks / 2; p++) {
    __m256i table = _mm256_loadu_si256((const __m256i *)(lut + 32 * p));
    __m256i x = _mm256_loadu_si256((const __m256i *)(c + 32 * p));
    __m256i lo = _mm256_and_si256(x, nibble);
    __m256i hi = _mm256_and_si256(_mm256_srli_epi16(x, 4), nibble);
    __m256i vlo = _mm256_shuffle_epi8(table, lo);
    __m256i vhi = _mm256_shuffle_epi8(table, hi);
    lo_even = _mm256_add_epi16(lo_even, _mm256_and_si256(vlo, low_byte));
    lo_odd = _mm256_add_epi16(lo_odd, _mm256_srli_epi16(vlo, 8));
    hi_even = _mm256_add_epi16(hi_even, _mm256_and_si256(vhi, low_byte));
    hi_odd = _mm256_add_epi16(hi_odd, _mm256_srli_epi16(vhi, 8));
  }
  __m128i le = reel_lut16_fold(lo_even), lodd = reel_lut16_fold(lo_odd);
  __m128i he = reel_lut16_fold(hi_even), hodd = reel_lut16_fold(hi_odd);
  sums[0] = _mm_unpacklo_epi16(le, lodd);
  sums[1] = _mm_unpackhi_epi16(le, lodd);
  sums[2] = _mm_unpacklo_epi16(he, hodd);
  sums[3] = _mm_unpackhi_epi16(he, hodd);
}

#endif
