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
#include "reel_lut16_group.h"

REEL_AVX2 void reel_lut16_scan_avx2(const uint8_t *codes, size_t groups, size_t blocks,
                                    const uint8_t *lut, uint16_t *out) {
  for (size_t g = 0; g < groups; g++) {
    __m128i sums[4];
    reel_lut16_group(codes + g * blocks * 16, blocks, lut, sums);
    for (int part = 0; part < 4; part++) {
      _mm_storeu_si128((__m128i *)(out + g * 32 + 8 * part), sums[part]);
    }
  }
}

#else

void reel_lut16_scan_avx2(const uint8_t *codes, size_t groups, size_t blocks, const uint8_t *lut,
                          uint16_t *out) {
  reel_lut16_scan(codes, groups, blocks, lut, out);
}

#endif
