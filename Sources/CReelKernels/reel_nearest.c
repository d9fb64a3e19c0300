// Nearest centroids for k-means; see include/reel_nearest.h.
#include "reel_nearest.h"

#include <math.h>
#include <stdlib.h>

static float squared_norm(const float *x, size_t d) {
  float total = 0;
  for (size_t k = 0; k < d; k++) total += x[k] * x[k];
  return total;
}

static void finish(const float *x, size_t d, int32_t best, float value, int32_t *index,
                   float *distance) {
  *index = best;
  if (distance) {
    float dist = squared_norm(x, d) + value;
    *distance = dist > 0 ? dist : 0;
  }
}

static void nearest_portable(const float *points, size_t n, size_t d, const float *panels,
                             const float *norms, size_t k, int32_t *index, float *distance) {
  for (size_t i = 0; i < n; i++) {
    const float *x = points + i * d;
    float best = INFINITY;
    int32_t best_j = 0;
    for (size_t j = 0; j < k; j++) {
      const float *panel = panels + (j / 16) * 16 * d;
      size_t lane = j % 16;
      float dot = 0;
      for (size_t t = 0; t < d; t++) dot += x[t] * panel[16 * t + lane];
      float value = norms[j] - 2 * dot;
      if (value < best) {
        best = value;
        best_j = (int32_t)j;
      }
    }
    finish(x, d, best_j, best, index + i, distance ? distance + i : NULL);
  }
}

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include "reel_tile6x16.h"

// Folds the panel's 16 values (v0: lanes 0..7, v1: 8..15) into the running best of one row.
REEL_AVX2 static inline void keep_least(__m256 v0, __m256 v1, int32_t first, float *best,
                                        int32_t *best_j) {
  __m256 m = _mm256_min_ps(v0, v1);
  __m128 h = _mm_min_ps(_mm256_castps256_ps128(m), _mm256_extractf128_ps(m, 1));
  h = _mm_min_ps(h, _mm_movehl_ps(h, h));
  h = _mm_min_ss(h, _mm_shuffle_ps(h, h, 1));
  float least = _mm_cvtss_f32(h);
  if (!(least < *best)) return;
  __m256 lv = _mm256_set1_ps(least);
  unsigned m0 = (unsigned)_mm256_movemask_ps(_mm256_cmp_ps(v0, lv, _CMP_EQ_OQ));
  unsigned m1 = (unsigned)_mm256_movemask_ps(_mm256_cmp_ps(v1, lv, _CMP_EQ_OQ));
  unsigned lanes = m0 | (m1 << 8);
  if (!lanes) return;
  *best = least;
  *best_j = first + (int32_t)__builtin_ctz(lanes);
}

REEL_AVX2 static void nearest_avx2(const float *points, size_t n, size_t d, const float *panels,
                                   const float *norms, size_t k, int32_t *index,
                                   float *distance) {
  size_t np = (k + 15) / 16;
  // Norms padded to whole panels with +inf, so padding lanes never win.
  float *padded = malloc(np * 16 * sizeof(float));
  if (!padded) {
    nearest_portable(points, n, d, panels, norms, k, index, distance);
    return;
  }
  for (size_t j = 0; j < np * 16; j++) padded[j] = j < k ? norms[j] : INFINITY;
  const __m256 minus_two = _mm256_set1_ps(-2.0f);
  size_t i = 0;
  for (; i + 6 <= n; i += 6) {
    const float *const rows[6] = {points + i * d,       points + (i + 1) * d,
                                  points + (i + 2) * d, points + (i + 3) * d,
                                  points + (i + 4) * d, points + (i + 5) * d};
    float best[6] = {INFINITY, INFINITY, INFINITY, INFINITY, INFINITY, INFINITY};
    int32_t best_j[6] = {0, 0, 0, 0, 0, 0};
    for (size_t p = 0; p < np; p++) {
      __m256 acc[12];
      reel_tile6x16(rows, panels + p * 16 * d, 16, d, acc);
      __m256 n0 = _mm256_loadu_ps(padded + 16 * p), n1 = _mm256_loadu_ps(padded + 16 * p + 8);
      for (size_t r = 0; r < 6; r++) {
        keep_least(_mm256_fmadd_ps(minus_two, acc[2 * r], n0),
                   _mm256_fmadd_ps(minus_two, acc[2 * r + 1], n1), (int32_t)(16 * p), best + r,
                   best_j + r);
      }
    }
    for (size_t r = 0; r < 6; r++) {
      finish(rows[r], d, best_j[r], best[r], index + i + r, distance ? distance + i + r : NULL);
    }
  }
  for (; i < n; i++) {
    const float *x = points + i * d;
    float best = INFINITY;
    int32_t best_j = 0;
    for (size_t p = 0; p < np; p++) {
      __m256 a0, a1;
      reel_tile1x16(x, panels + p * 16 * d, 16, d, &a0, &a1);
      keep_least(_mm256_fmadd_ps(minus_two, a0, _mm256_loadu_ps(padded + 16 * p)),
                 _mm256_fmadd_ps(minus_two, a1, _mm256_loadu_ps(padded + 16 * p + 8)),
                 (int32_t)(16 * p), &best, &best_j);
    }
    finish(x, d, best_j, best, index + i, distance ? distance + i : NULL);
  }
  free(padded);
}

void reel_nearest_centroids(const float *points, size_t n, size_t d, const float *panels,
                            const float *norms, size_t k, int32_t *index, float *distance,
                            int avx2) {
  if (avx2) {
    nearest_avx2(points, n, d, panels, norms, k, index, distance);
  } else {
    nearest_portable(points, n, d, panels, norms, k, index, distance);
  }
}

#else

void reel_nearest_centroids(const float *points, size_t n, size_t d, const float *panels,
                            const float *norms, size_t k, int32_t *index, float *distance,
                            int avx2) {
  (void)avx2;
  nearest_portable(points, n, d, panels, norms, k, index, distance);
}

#endif
