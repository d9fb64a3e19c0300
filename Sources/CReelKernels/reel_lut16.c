// 4-bit code scanning with 8-bit lookup tables; see include/reel_lut16.h.
#include "reel_lut16.h"
#include <string.h>

void reel_lut16_scan(const uint8_t *codes, size_t groups, size_t blocks, const uint8_t *lut,
                     uint16_t *out) {
  for (size_t g = 0; g < groups; g++) {
    uint16_t acc[32];
    memset(acc, 0, sizeof acc);
    const uint8_t *c = codes + g * blocks * 16;
    for (size_t b = 0; b < blocks; b++) {
      const uint8_t *table = lut + b * 16;
      const uint8_t *block = c + b * 16;
      for (int j = 0; j < 16; j++) {
        acc[j] = (uint16_t)(acc[j] + table[block[j] & 15]);
        acc[j + 16] = (uint16_t)(acc[j + 16] + table[block[j] >> 4]);
      }
    }
    memcpy(out + g * 32, acc, sizeof acc);
  }
}

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <immintrin.h>

#define REEL_AVX2 __attribute__((target("avx2,fma")))

// Sums a 16-bit accumulator's two 128-bit lanes (the same points, even and odd blocks).
REEL_AVX2 static inline __m128i fold_lanes(__m256i acc) {
  return _mm_add_epi16(_mm256_castsi256_si128(acc), _mm256_extracti128_si256(acc, 1));
}

REEL_AVX2 void reel_lut16_scan_avx2(const uint8_t *codes, size_t groups, size_t blocks,
                                    const uint8_t *lut, uint16_t *out) {
  const __m256i nibble = _mm256_set1_epi8(0x0f);
  const __m256i low_byte = _mm256_set1_epi16(0x00ff);
  for (size_t g = 0; g < groups; g++) {
    const uint8_t *c = codes + g * blocks * 16;
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
    __m128i le = fold_lanes(lo_even), lodd = fold_lanes(lo_odd);
    __m128i he = fold_lanes(hi_even), hodd = fold_lanes(hi_odd);
    uint16_t *o = out + g * 32;
    _mm_storeu_si128((__m128i *)(o + 0), _mm_unpacklo_epi16(le, lodd));
    _mm_storeu_si128((__m128i *)(o + 8), _mm_unpackhi_epi16(le, lodd));
    _mm_storeu_si128((__m128i *)(o + 16), _mm_unpacklo_epi16(he, hodd));
    _mm_storeu_si128((__m128i *)(o + 24), _mm_unpackhi_epi16(he, hodd));
  }
}

#else

void reel_lut16_scan_avx2(const uint8_t *codes, size_t groups, size_t blocks, const uint8_t *lut,
                          uint16_t *out) {
  reel_lut16_scan(codes, groups, blocks, lut, out);
}

#endif
