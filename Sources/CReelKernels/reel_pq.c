// Product-quantization encoding (nearest centres, anisotropic refinement); see include/reel_pq.h.
#include "reel_pq.h"

#include <math.h>

// Both paths must round identically: no contraction into fused multiply-adds.
#pragma STDC FP_CONTRACT OFF

// The parallel error sum_b (r_b - c_b) . u_b of row codes.
static float parallel_error(const float *r, const float *u, const uint8_t *code, size_t blocks,
                            const float *cx, const float *cy) {
  float s = 0;
  for (size_t b = 0; b < blocks; b++) {
    size_t j = code[b];
    s = s + ((r[2 * b] - cx[b * 16 + j]) * u[2 * b] + (r[2 * b + 1] - cy[b * 16 + j]) * u[2 * b + 1]);
  }
  return s;
}

static void refine_portable(const float *residuals, const float *directions,
                            const float *weights, size_t count, size_t stride, size_t blocks,
                            const float *cx, const float *cy, size_t sweeps, uint8_t *codes) {
  for (size_t i = 0; i < count; i++) {
    const float *r = residuals + i * stride, *u = directions + i * stride;
    uint8_t *code = codes + i * blocks;
    float w = weights[i] - 1;
    float s = parallel_error(r, u, code, blocks, cx, cy);
    for (size_t sweep = 0; sweep < sweeps; sweep++) {
      for (size_t b = 0; b < blocks; b++) {
        float x = r[2 * b], y = r[2 * b + 1], ux = u[2 * b], uy = u[2 * b + 1];
        size_t current = code[b];
        float other = s - ((x - cx[b * 16 + current]) * ux + (y - cy[b * 16 + current]) * uy);
        float best = INFINITY, best_parallel = 0;
        size_t best_j = current;
        for (size_t j = 0; j < 16; j++) {
          float ex = x - cx[b * 16 + j], ey = y - cy[b * 16 + j];
          float p = (other + ex * ux) + ey * uy;
          float loss = (ex * ex + ey * ey) + (w * p) * p;
          if (loss < best) {
            best = loss;
            best_j = j;
            best_parallel = p;
          }
        }
        code[b] = (uint8_t)best_j;
        s = best_parallel;
      }
    }
  }
}

static void nearest_portable(const float *residuals, size_t count, size_t stride, size_t blocks,
                             const float *cx, const float *cy, uint8_t *codes) {
  for (size_t i = 0; i < count; i++) {
    const float *r = residuals + i * stride;
    for (size_t b = 0; b < blocks; b++) {
      float x = r[2 * b], y = r[2 * b + 1];
      float best = INFINITY;
      size_t best_j = 0;
      for (size_t j = 0; j < 16; j++) {
        float dx = x - cx[b * 16 + j], dy = y - cy[b * 16 + j];
        float dist = dx * dx + dy * dy;
        if (dist < best) {
          best = dist;
          best_j = j;
        }
      }
      codes[i * blocks + b] = (uint8_t)best_j;
    }
  }
}

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <immintrin.h>

#define REEL_AVX2 __attribute__((target("avx2,fma")))

// The first of 16 lanes (l0: 0..7, l1: 8..15) with the least value below +inf, NaN never
// winning; `fallback` when there is none.
REEL_AVX2 static inline size_t first_least16(__m256 l0, __m256 l1, size_t fallback) {
  const __m256 inf = _mm256_set1_ps(INFINITY);
  l0 = _mm256_blendv_ps(l0, inf, _mm256_cmp_ps(l0, l0, _CMP_UNORD_Q));
  l1 = _mm256_blendv_ps(l1, inf, _mm256_cmp_ps(l1, l1, _CMP_UNORD_Q));
  __m256 m = _mm256_min_ps(l0, l1);
  m = _mm256_min_ps(m, _mm256_permute2f128_ps(m, m, 1));
  m = _mm256_min_ps(m, _mm256_shuffle_ps(m, m, _MM_SHUFFLE(1, 0, 3, 2)));
  m = _mm256_min_ps(m, _mm256_shuffle_ps(m, m, _MM_SHUFFLE(2, 3, 0, 1)));
  if (!(_mm256_cvtss_f32(m) < INFINITY)) return fallback;
  unsigned lanes = (unsigned)_mm256_movemask_ps(_mm256_cmp_ps(l0, m, _CMP_EQ_OQ)) |
                   ((unsigned)_mm256_movemask_ps(_mm256_cmp_ps(l1, m, _CMP_EQ_OQ)) << 8);
  return (size_t)__builtin_ctz(lanes);
}

REEL_AVX2 static void nearest_avx2(const float *residuals, size_t count, size_t stride,
                                   size_t blocks, const float *cx, const float *cy,
                                   uint8_t *codes) {
  for (size_t i = 0; i < count; i++) {
    const float *r = residuals + i * stride;
    for (size_t b = 0; b < blocks; b++) {
      __m256 xv = _mm256_set1_ps(r[2 * b]), yv = _mm256_set1_ps(r[2 * b + 1]);
      __m256 dx0 = _mm256_sub_ps(xv, _mm256_loadu_ps(cx + b * 16));
      __m256 dx1 = _mm256_sub_ps(xv, _mm256_loadu_ps(cx + b * 16 + 8));
      __m256 dy0 = _mm256_sub_ps(yv, _mm256_loadu_ps(cy + b * 16));
      __m256 dy1 = _mm256_sub_ps(yv, _mm256_loadu_ps(cy + b * 16 + 8));
      __m256 l0 = _mm256_add_ps(_mm256_mul_ps(dx0, dx0), _mm256_mul_ps(dy0, dy0));
      __m256 l1 = _mm256_add_ps(_mm256_mul_ps(dx1, dx1), _mm256_mul_ps(dy1, dy1));
      codes[i * blocks + b] = (uint8_t)first_least16(l0, l1, 0);
    }
  }
}

REEL_AVX2 static void refine_avx2(const float *residuals, const float *directions,
                                  const float *weights, size_t count, size_t stride,
                                  size_t blocks, const float *cx, const float *cy, size_t sweeps,
                                  uint8_t *codes) {
  for (size_t i = 0; i < count; i++) {
    const float *r = residuals + i * stride, *u = directions + i * stride;
    uint8_t *code = codes + i * blocks;
    float w = weights[i] - 1;
    __m256 wv = _mm256_set1_ps(w);
    float s = parallel_error(r, u, code, blocks, cx, cy);
    for (size_t sweep = 0; sweep < sweeps; sweep++) {
      for (size_t b = 0; b < blocks; b++) {
        float x = r[2 * b], y = r[2 * b + 1], ux = u[2 * b], uy = u[2 * b + 1];
        size_t current = code[b];
        float other = s - ((x - cx[b * 16 + current]) * ux + (y - cy[b * 16 + current]) * uy);
        __m256 xv = _mm256_set1_ps(x), yv = _mm256_set1_ps(y);
        __m256 uxv = _mm256_set1_ps(ux), uyv = _mm256_set1_ps(uy), ov = _mm256_set1_ps(other);
        __m256 ex0 = _mm256_sub_ps(xv, _mm256_loadu_ps(cx + b * 16));
        __m256 ex1 = _mm256_sub_ps(xv, _mm256_loadu_ps(cx + b * 16 + 8));
        __m256 ey0 = _mm256_sub_ps(yv, _mm256_loadu_ps(cy + b * 16));
        __m256 ey1 = _mm256_sub_ps(yv, _mm256_loadu_ps(cy + b * 16 + 8));
        __m256 p0 = _mm256_add_ps(_mm256_add_ps(ov, _mm256_mul_ps(ex0, uxv)), _mm256_mul_ps(ey0, uyv));
        __m256 p1 = _mm256_add_ps(_mm256_add_ps(ov, _mm256_mul_ps(ex1, uxv)), _mm256_mul_ps(ey1, uyv));
        __m256 l0 = _mm256_add_ps(_mm256_add_ps(_mm256_mul_ps(ex0, ex0), _mm256_mul_ps(ey0, ey0)),
                                  _mm256_mul_ps(_mm256_mul_ps(wv, p0), p0));
        __m256 l1 = _mm256_add_ps(_mm256_add_ps(_mm256_mul_ps(ex1, ex1), _mm256_mul_ps(ey1, ey1)),
                                  _mm256_mul_ps(_mm256_mul_ps(wv, p1), p1));
        // The least loss (NaN losses never win, as in the portable scan) ...
        __m256 m = _mm256_min_ps(l0, l1);
        m = _mm256_min_ps(m, _mm256_permute2f128_ps(m, m, 1));
        m = _mm256_min_ps(m, _mm256_shuffle_ps(m, m, _MM_SHUFFLE(1, 0, 3, 2)));
        m = _mm256_min_ps(m, _mm256_shuffle_ps(m, m, _MM_SHUFFLE(2, 3, 0, 1)));
        float least = _mm256_cvtss_f32(m);
        if (!(least < INFINITY)) {
          // Every loss NaN or infinite: the portable scan keeps the code, parallel error 0.
          int any_nan = _mm256_movemask_ps(_mm256_cmp_ps(l0, l0, _CMP_UNORD_Q)) |
                        _mm256_movemask_ps(_mm256_cmp_ps(l1, l1, _CMP_UNORD_Q));
          if (any_nan) {
            // Rare (NaN data): defer to the scalar scan for exact agreement.
            float best = INFINITY, best_parallel = 0;
            size_t best_j = current;
            for (size_t j = 0; j < 16; j++) {
              float ex = x - cx[b * 16 + j], ey = y - cy[b * 16 + j];
              float p = (other + ex * ux) + ey * uy;
              float loss = (ex * ex + ey * ey) + (w * p) * p;
              if (loss < best) { best = loss; best_j = j; best_parallel = p; }
            }
            code[b] = (uint8_t)best_j;
            s = best_parallel;
          } else {
            s = 0;
          }
          continue;
        }
        // ... and the first centre that has it.
        __m256 lv = _mm256_set1_ps(least);
        unsigned mask = (unsigned)_mm256_movemask_ps(_mm256_cmp_ps(l0, lv, _CMP_EQ_OQ)) |
                        ((unsigned)_mm256_movemask_ps(_mm256_cmp_ps(l1, lv, _CMP_EQ_OQ)) << 8);
        unsigned j = (unsigned)__builtin_ctz(mask);
        float ps[16];
        _mm256_storeu_ps(ps, p0);
        _mm256_storeu_ps(ps + 8, p1);
        code[b] = (uint8_t)j;
        s = ps[j];
      }
    }
  }
}

void reel_pq_refine_anisotropic(const float *residuals, const float *directions,
                                const float *weights, size_t count, size_t stride,
                                size_t blocks, const float *centres_x, const float *centres_y,
                                size_t sweeps, uint8_t *codes, int avx2) {
  if (avx2) {
    refine_avx2(residuals, directions, weights, count, stride, blocks, centres_x, centres_y,
                sweeps, codes);
  } else {
    refine_portable(residuals, directions, weights, count, stride, blocks, centres_x, centres_y,
                    sweeps, codes);
  }
}

void reel_pq_encode_nearest(const float *residuals, size_t count, size_t stride, size_t blocks,
                            const float *centres_x, const float *centres_y, uint8_t *codes,
                            int avx2) {
  if (avx2) {
    nearest_avx2(residuals, count, stride, blocks, centres_x, centres_y, codes);
  } else {
    nearest_portable(residuals, count, stride, blocks, centres_x, centres_y, codes);
  }
}

#else

void reel_pq_encode_nearest(const float *residuals, size_t count, size_t stride, size_t blocks,
                            const float *centres_x, const float *centres_y, uint8_t *codes,
                            int avx2) {
  (void)avx2;
  nearest_portable(residuals, count, stride, blocks, centres_x, centres_y, codes);
}

void reel_pq_refine_anisotropic(const float *residuals, const float *directions,
                                const float *weights, size_t count, size_t stride,
                                size_t blocks, const float *centres_x, const float *centres_y,
                                size_t sweeps, uint8_t *codes, int avx2) {
  (void)avx2;
  refine_portable(residuals, directions, weights, count, stride, blocks, centres_x, centres_y,
                  sweeps, codes);
}

#endif
