// Fused scoring and threshold filtering for exact top-k; see include/reel_topk.h.
#include "reel_topk.h"
#include <string.h>

void reel_pack_panels16(const float *c, size_t n, size_t d, float *out) {
  size_t panels = (n + 15) / 16;
  for (size_t p = 0; p < panels; p++) {
    float *panel = out + p * 16 * d;
    size_t lanes = n - p * 16 < 16 ? n - p * 16 : 16;
    if (lanes < 16) memset(panel, 0, 16 * d * sizeof(float));
    for (size_t l = 0; l < lanes; l++) {
      const float *row = c + (p * 16 + l) * d;
      for (size_t k = 0; k < d; k++) panel[k * 16 + l] = row[k];
    }
  }
}

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include "reel_tile6x16.h"

// Appends the lanes of (a0, a1) (columns col..col+15) that pass threshold t, limited to `valid`
// lanes.
REEL_AVX2 static inline size_t emit(__m256 a0, __m256 a1, float t, int32_t query, size_t col,
                                    unsigned valid, int32_t *hq, int32_t *hc, float *hs,
                                    size_t count) {
  __m256 tv = _mm256_set1_ps(t);
  unsigned mask = (unsigned)_mm256_movemask_ps(_mm256_cmp_ps(a0, tv, _CMP_NLE_UQ)) |
                  ((unsigned)_mm256_movemask_ps(_mm256_cmp_ps(a1, tv, _CMP_NLE_UQ)) << 8);
  mask &= valid;
  if (!mask) return count;
  float s[16];
  _mm256_storeu_ps(s, a0);
  _mm256_storeu_ps(s + 8, a1);
  while (mask) {
    unsigned l = (unsigned)__builtin_ctz(mask);
    mask &= mask - 1;
    hq[count] = query;
    hc[count] = (int32_t)(col + l);
    hs[count] = s[l];
    count++;
  }
  return count;
}

REEL_AVX2 size_t reel_dot_hits_avx2(const float *q, size_t m, size_t d, const float *panels,
                                    size_t n, const float *thresholds, int32_t *hq, int32_t *hc,
                                    float *hs) {
  size_t count = 0;
  size_t np = (n + 15) / 16;
  size_t i = 0;
  for (; i + 6 <= m; i += 6) {
    const float *q0 = q + i * d, *q1 = q0 + d, *q2 = q1 + d, *q3 = q2 + d, *q4 = q3 + d,
                *q5 = q4 + d;
    const float *const rows[6] = {q0, q1, q2, q3, q4, q5};
    for (size_t p = 0; p < np; p++) {
      __m256 acc[12];
      reel_tile6x16(rows, panels + p * 16 * d, 16, d, acc);
      size_t col = p * 16;
      unsigned valid = n - col >= 16 ? 0xffffu : (1u << (n - col)) - 1u;
      for (size_t r = 0; r < 6; r++) {
        count = emit(acc[2 * r], acc[2 * r + 1], thresholds[i + r], (int32_t)(i + r), col, valid,
                     hq, hc, hs, count);
      }
    }
  }
  for (; i < m; i++) {
    const float *q0 = q + i * d;
    for (size_t p = 0; p < np; p++) {
      __m256 a0, a1;
      reel_tile1x16(q0, panels + p * 16 * d, 16, d, &a0, &a1);
      size_t col = p * 16;
      unsigned valid = n - col >= 16 ? 0xffffu : (1u << (n - col)) - 1u;
      count = emit(a0, a1, thresholds[i], (int32_t)i, col, valid, hq, hc, hs, count);
    }
  }
  return count;
}

#else

size_t reel_dot_hits_avx2(const float *q, size_t m, size_t d, const float *panels, size_t n,
                          const float *thresholds, int32_t *hq, int32_t *hc, float *hs) {
  // Not called: reel_kernels_avx2() is 0 on this CPU.
  (void)q; (void)m; (void)d; (void)panels; (void)n; (void)thresholds;
  (void)hq; (void)hc; (void)hs;
  return 0;
}

#endif
