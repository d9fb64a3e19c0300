// AVX2 + FMA row kernels for softmax sweeps; see include/reel_kernels.h. The vector exp is the
// same Cephes-style reduction and polynomial as ReelTensor's portable Swift one (VectorMath),
// with fused multiply-adds.
#include "reel_kernels.h"

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <immintrin.h>
#include <math.h>

int reel_kernels_avx2(void) {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}

#define REEL_AVX2 __attribute__((target("avx2,fma")))
#include "reel_tile6x16.h"

// e^x for x <= 0 (NaN stays NaN); 0 below -87.33654, where results would be denormal.
REEL_AVX2 static inline __m256 exp_non_positive(__m256 x) {
  const __m256 lower = _mm256_set1_ps(-87.33654f);
  __m256 below = _mm256_cmp_ps(x, lower, _CMP_LT_OQ);
  __m256 clamped = _mm256_max_ps(lower, x);  // the second operand wins for NaN: x
  __m256 n = _mm256_round_ps(_mm256_mul_ps(clamped, _mm256_set1_ps(1.44269504f)),
                             _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  __m256 r = _mm256_fnmadd_ps(n, _mm256_set1_ps(0.693359375f), clamped);
  r = _mm256_fmadd_ps(n, _mm256_set1_ps(2.12194440e-4f), r);
  __m256 p = _mm256_set1_ps(1.9875691500e-4f);
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.3981999507e-3f));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(8.3334519073e-3f));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(4.1665795894e-2f));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.6666665459e-1f));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(5.0000001201e-1f));
  p = _mm256_fmadd_ps(p, _mm256_mul_ps(r, r), r);
  p = _mm256_add_ps(p, _mm256_set1_ps(1.0f));
  __m256i bits = _mm256_slli_epi32(_mm256_add_epi32(_mm256_cvtps_epi32(n), _mm256_set1_epi32(127)), 23);
  __m256 result = _mm256_mul_ps(p, _mm256_castsi256_ps(bits));
  return _mm256_andnot_ps(below, result);
}

// Scalar tail through the same vector code, so every element gets the same rounding.
REEL_AVX2 static inline float exp_non_positive_scalar(float x) {
  return _mm256_cvtss_f32(exp_non_positive(_mm256_set1_ps(x)));
}

REEL_AVX2 float reel_row_max_avx2(const float *x, size_t count) {
  __m256 best = _mm256_set1_ps(-INFINITY);
  __m256 nan = _mm256_setzero_ps();
  size_t i = 0;
  for (; i + 8 <= count; i += 8) {
    __m256 v = _mm256_loadu_ps(x + i);
    nan = _mm256_or_ps(nan, _mm256_cmp_ps(v, v, _CMP_UNORD_Q));
    best = _mm256_max_ps(best, v);
  }
  float lanes[8];
  _mm256_storeu_ps(lanes, best);
  float result = lanes[0];
  for (int k = 1; k < 8; k++) result = lanes[k] > result ? lanes[k] : result;
  int saw_nan = _mm256_movemask_ps(nan) != 0;
  for (; i < count; i++) {
    if (x[i] != x[i]) saw_nan = 1;
    result = x[i] > result ? x[i] : result;
  }
  return saw_nan ? NAN : result;
}

REEL_AVX2 float reel_row_exp_shifted_avx2(const float *x, float *out, size_t count, float shift) {
  __m256 s = _mm256_set1_ps(shift);
  __m256 sum0 = _mm256_setzero_ps();
  __m256 sum1 = _mm256_setzero_ps();
  size_t i = 0;
  for (; i + 16 <= count; i += 16) {
    __m256 e0 = exp_non_positive(_mm256_sub_ps(_mm256_loadu_ps(x + i), s));
    __m256 e1 = exp_non_positive(_mm256_sub_ps(_mm256_loadu_ps(x + i + 8), s));
    if (out) {
      _mm256_storeu_ps(out + i, e0);
      _mm256_storeu_ps(out + i + 8, e1);
    }
    sum0 = _mm256_add_ps(sum0, e0);
    sum1 = _mm256_add_ps(sum1, e1);
  }
  for (; i + 8 <= count; i += 8) {
    __m256 e = exp_non_positive(_mm256_sub_ps(_mm256_loadu_ps(x + i), s));
    if (out) _mm256_storeu_ps(out + i, e);
    sum0 = _mm256_add_ps(sum0, e);
  }
  float lanes[8];
  _mm256_storeu_ps(lanes, _mm256_add_ps(sum0, sum1));
  float total = 0;
  for (int k = 0; k < 8; k++) total += lanes[k];
  for (; i < count; i++) {
    float e = exp_non_positive_scalar(x[i] - shift);
    if (out) out[i] = e;
    total += e;
  }
  return total;
}

REEL_AVX2 void reel_row_scale_avx2(float *x, size_t count, float factor) {
  __m256 f = _mm256_set1_ps(factor);
  size_t i = 0;
  for (; i + 8 <= count; i += 8) _mm256_storeu_ps(x + i, _mm256_mul_ps(_mm256_loadu_ps(x + i), f));
  for (; i < count; i++) x[i] *= factor;
}


// ---------------------------------------------------------------------------------------------
// Small-inner-dimension products for the fused retrieval loss (d = embedding size, a multiple
// of 8). OpenBLAS runs these skinny shapes at a fraction of its peak; these keep a block of
// outputs in registers and stream the long dimension once.

REEL_AVX2 void reel_scores_avx2(const float *q, const float *ct, size_t ldct, float *s,
                                size_t lds, size_t rows, size_t nc, size_t d, float alpha) {
  __m256 scale = _mm256_set1_ps(alpha);
  size_t j = 0;
  for (; j + 16 <= nc; j += 16) {
    size_t r = 0;
    for (; r + 6 <= rows; r += 6) {
      const float *const tile_rows[6] = {q + r * d,       q + (r + 1) * d, q + (r + 2) * d,
                                         q + (r + 3) * d, q + (r + 4) * d, q + (r + 5) * d};
      __m256 acc[12];
      reel_tile6x16(tile_rows, ct + j, ldct, d, acc);
      for (size_t t = 0; t < 6; t++) {
        float *out = s + (r + t) * lds + j;
        _mm256_storeu_ps(out, _mm256_mul_ps(acc[2 * t], scale));
        _mm256_storeu_ps(out + 8, _mm256_mul_ps(acc[2 * t + 1], scale));
      }
    }
    for (; r < rows; r++) {
      __m256 a0, a1;
      reel_tile1x16(q + r * d, ct + j, ldct, d, &a0, &a1);
      _mm256_storeu_ps(s + r * lds + j, _mm256_mul_ps(a0, scale));
      _mm256_storeu_ps(s + r * lds + j + 8, _mm256_mul_ps(a1, scale));
    }
  }
  for (; j < nc; j++) {
    for (size_t r = 0; r < rows; r++) {
      float total = 0;
      for (size_t k = 0; k < d; k++) total += q[r * d + k] * ct[k * ldct + j];
      s[r * lds + j] = total * alpha;
    }
  }
}

// dq[r][col..col+32) = sum_j g[r][j] * c[j][col..col+32), two rows at a time, over chunks of
// 512 candidates so the chunk of c (64 KB at d = 32) stays in cache for every row pair.
REEL_AVX2 void reel_rows_times_matrix_avx2(const float *g, size_t ldg, const float *c, float *dq,
                                           size_t rows, size_t nc, size_t d) {
  const size_t chunk = 512;
  for (size_t j0 = 0; j0 < nc; j0 += chunk) {
    size_t j1 = j0 + chunk < nc ? j0 + chunk : nc;
    int first = j0 == 0;
    size_t col = 0;
    for (; col + 32 <= d; col += 32) {
      size_t r = 0;
      for (; r + 2 <= rows; r += 2) {
        float *o0 = dq + r * d + col, *o1 = o0 + d;
        __m256 a00 = first ? _mm256_setzero_ps() : _mm256_loadu_ps(o0);
        __m256 a01 = first ? _mm256_setzero_ps() : _mm256_loadu_ps(o0 + 8);
        __m256 a02 = first ? _mm256_setzero_ps() : _mm256_loadu_ps(o0 + 16);
        __m256 a03 = first ? _mm256_setzero_ps() : _mm256_loadu_ps(o0 + 24);
        __m256 a10 = first ? _mm256_setzero_ps() : _mm256_loadu_ps(o1);
        __m256 a11 = first ? _mm256_setzero_ps() : _mm256_loadu_ps(o1 + 8);
        __m256 a12 = first ? _mm256_setzero_ps() : _mm256_loadu_ps(o1 + 16);
        __m256 a13 = first ? _mm256_setzero_ps() : _mm256_loadu_ps(o1 + 24);
        const float *g0 = g + r * ldg, *g1 = g0 + ldg;
        for (size_t j = j0; j < j1; j++) {
          const float *cj = c + j * d + col;
          __m256 c0 = _mm256_loadu_ps(cj), c1 = _mm256_loadu_ps(cj + 8);
          __m256 c2 = _mm256_loadu_ps(cj + 16), c3 = _mm256_loadu_ps(cj + 24);
          __m256 b = _mm256_broadcast_ss(g0 + j);
          a00 = _mm256_fmadd_ps(b, c0, a00);
          a01 = _mm256_fmadd_ps(b, c1, a01);
          a02 = _mm256_fmadd_ps(b, c2, a02);
          a03 = _mm256_fmadd_ps(b, c3, a03);
          b = _mm256_broadcast_ss(g1 + j);
          a10 = _mm256_fmadd_ps(b, c0, a10);
          a11 = _mm256_fmadd_ps(b, c1, a11);
          a12 = _mm256_fmadd_ps(b, c2, a12);
          a13 = _mm256_fmadd_ps(b, c3, a13);
        }
        _mm256_storeu_ps(o0, a00);
        _mm256_storeu_ps(o0 + 8, a01);
        _mm256_storeu_ps(o0 + 16, a02);
        _mm256_storeu_ps(o0 + 24, a03);
        _mm256_storeu_ps(o1, a10);
        _mm256_storeu_ps(o1 + 8, a11);
        _mm256_storeu_ps(o1 + 16, a12);
        _mm256_storeu_ps(o1 + 24, a13);
      }
      for (; r < rows; r++) {
        float *o = dq + r * d + col;
        __m256 a0 = first ? _mm256_setzero_ps() : _mm256_loadu_ps(o);
        __m256 a1 = first ? _mm256_setzero_ps() : _mm256_loadu_ps(o + 8);
        __m256 a2 = first ? _mm256_setzero_ps() : _mm256_loadu_ps(o + 16);
        __m256 a3 = first ? _mm256_setzero_ps() : _mm256_loadu_ps(o + 24);
        for (size_t j = j0; j < j1; j++) {
          const float *cj = c + j * d + col;
          __m256 b = _mm256_broadcast_ss(g + r * ldg + j);
          a0 = _mm256_fmadd_ps(b, _mm256_loadu_ps(cj), a0);
          a1 = _mm256_fmadd_ps(b, _mm256_loadu_ps(cj + 8), a1);
          a2 = _mm256_fmadd_ps(b, _mm256_loadu_ps(cj + 16), a2);
          a3 = _mm256_fmadd_ps(b, _mm256_loadu_ps(cj + 24), a3);
        }
        _mm256_storeu_ps(o, a0);
        _mm256_storeu_ps(o + 8, a1);
        _mm256_storeu_ps(o + 16, a2);
        _mm256_storeu_ps(o + 24, a3);
      }
    }
    for (; col < d; col += 8) {
      for (size_t r = 0; r < rows; r++) {
        float *o = dq + r * d + col;
        __m256 a = first ? _mm256_setzero_ps() : _mm256_loadu_ps(o);
        for (size_t j = j0; j < j1; j++)
          a = _mm256_fmadd_ps(_mm256_broadcast_ss(g + r * ldg + j), _mm256_loadu_ps(c + j * d + col), a);
        _mm256_storeu_ps(o, a);
      }
    }
  }
}

// dc[j][col..) += sum_r g[r][j] * q[r][col..) for two columns j at a time.
REEL_AVX2 void reel_accumulate_transposed_product_avx2(const float *g, size_t ldg,
                                                       const float *q, float *dc, size_t rows,
                                                       size_t nc, size_t d) {
  size_t col = 0;
  for (; col + 32 <= d; col += 32) {
    size_t j = 0;
    for (; j + 2 <= nc; j += 2) {
      float *o0 = dc + j * d + col, *o1 = o0 + d;
      __m256 a00 = _mm256_loadu_ps(o0), a01 = _mm256_loadu_ps(o0 + 8);
      __m256 a02 = _mm256_loadu_ps(o0 + 16), a03 = _mm256_loadu_ps(o0 + 24);
      __m256 a10 = _mm256_loadu_ps(o1), a11 = _mm256_loadu_ps(o1 + 8);
      __m256 a12 = _mm256_loadu_ps(o1 + 16), a13 = _mm256_loadu_ps(o1 + 24);
      for (size_t r = 0; r < rows; r++) {
        const float *qr = q + r * d + col;
        __m256 q0 = _mm256_loadu_ps(qr), q1 = _mm256_loadu_ps(qr + 8);
        __m256 q2 = _mm256_loadu_ps(qr + 16), q3 = _mm256_loadu_ps(qr + 24);
        __m256 b = _mm256_broadcast_ss(g + r * ldg + j);
        a00 = _mm256_fmadd_ps(b, q0, a00);
        a01 = _mm256_fmadd_ps(b, q1, a01);
        a02 = _mm256_fmadd_ps(b, q2, a02);
        a03 = _mm256_fmadd_ps(b, q3, a03);
        b = _mm256_broadcast_ss(g + r * ldg + j + 1);
        a10 = _mm256_fmadd_ps(b, q0, a10);
        a11 = _mm256_fmadd_ps(b, q1, a11);
        a12 = _mm256_fmadd_ps(b, q2, a12);
        a13 = _mm256_fmadd_ps(b, q3, a13);
      }
      _mm256_storeu_ps(o0, a00);
      _mm256_storeu_ps(o0 + 8, a01);
      _mm256_storeu_ps(o0 + 16, a02);
      _mm256_storeu_ps(o0 + 24, a03);
      _mm256_storeu_ps(o1, a10);
      _mm256_storeu_ps(o1 + 8, a11);
      _mm256_storeu_ps(o1 + 16, a12);
      _mm256_storeu_ps(o1 + 24, a13);
    }
    for (; j < nc; j++) {
      float *o = dc + j * d + col;
      __m256 a0 = _mm256_loadu_ps(o), a1 = _mm256_loadu_ps(o + 8);
      __m256 a2 = _mm256_loadu_ps(o + 16), a3 = _mm256_loadu_ps(o + 24);
      for (size_t r = 0; r < rows; r++) {
        const float *qr = q + r * d + col;
        __m256 b = _mm256_broadcast_ss(g + r * ldg + j);
        a0 = _mm256_fmadd_ps(b, _mm256_loadu_ps(qr), a0);
        a1 = _mm256_fmadd_ps(b, _mm256_loadu_ps(qr + 8), a1);
        a2 = _mm256_fmadd_ps(b, _mm256_loadu_ps(qr + 16), a2);
        a3 = _mm256_fmadd_ps(b, _mm256_loadu_ps(qr + 24), a3);
      }
      _mm256_storeu_ps(o, a0);
      _mm256_storeu_ps(o + 8, a1);
      _mm256_storeu_ps(o + 16, a2);
      _mm256_storeu_ps(o + 24, a3);
    }
  }
  for (; col < d; col += 8) {
    for (size_t j = 0; j < nc; j++) {
      __m256 a = _mm256_loadu_ps(dc + j * d + col);
      for (size_t r = 0; r < rows; r++)
        a = _mm256_fmadd_ps(_mm256_broadcast_ss(g + r * ldg + j), _mm256_loadu_ps(q + r * d + col), a);
      _mm256_storeu_ps(dc + j * d + col, a);
    }
  }
}

// The sweeps of the folded embedding → Dense operation. Each example reads (or updates) one
// random 1 KB-ish row per table; the loops prefetch the rows of the example `ahead` positions
// later, since an out-of-order core cannot look that far ahead by itself.
enum { reel_rows_ahead = 6 };

REEL_AVX2 void reel_gather_add_rows_avx2(const float *p, size_t n, const int32_t *rows,
                                         size_t tables, const float *bias, float *y,
                                         size_t first, size_t last, int relu) {
  const __m256 zero = _mm256_setzero_ps();
  for (size_t i = first; i < last; i++) {
    if (i + reel_rows_ahead < last) {
      const int32_t *next = rows + (i + reel_rows_ahead) * tables;
      for (size_t t = 0; t < tables; t++) {
        const char *row = (const char *)(p + (size_t)next[t] * n);
        for (size_t b = 0; b < n * sizeof(float); b += 64) _mm_prefetch(row + b, _MM_HINT_T0);
      }
    }
    const int32_t *r = rows + i * tables;
    float *out = y + i * n;
    for (size_t j = 0; j + 8 <= n; j += 8) {
      __m256 v = bias ? _mm256_loadu_ps(bias + j) : zero;
      for (size_t t = 0; t < tables; t++)
        v = _mm256_add_ps(v, _mm256_loadu_ps(p + (size_t)r[t] * n + j));
      if (relu) v = _mm256_max_ps(zero, v);  // NaN stays NaN (the second operand wins)
      _mm256_storeu_ps(out + j, v);
    }
  }
}

REEL_AVX2 void reel_scatter_add_rows_avx2(const float *g, const float *mask, size_t n,
                                          const int32_t *rows, size_t tables, float *dp,
                                          float *bias, size_t batch, size_t lo, size_t hi) {
  const __m256 zero = _mm256_setzero_ps();
  for (size_t i = 0; i < batch; i++) {
    if (i + reel_rows_ahead < batch) {
      const int32_t *next = rows + (i + reel_rows_ahead) * tables;
      for (size_t t = 0; t < tables; t++) {
        const char *row = (const char *)(dp + (size_t)next[t] * n + lo);
        for (size_t b = 0; b < (hi - lo) * sizeof(float); b += 64) __builtin_prefetch(row + b, 1, 3);
      }
    }
    const int32_t *r = rows + i * tables;
    const float *gi = g + i * n;
    const float *yi = mask ? mask + i * n : NULL;
    for (size_t j = lo; j + 8 <= hi; j += 8) {
      __m256 v = _mm256_loadu_ps(gi + j);
      if (yi) v = _mm256_and_ps(v, _mm256_cmp_ps(_mm256_loadu_ps(yi + j), zero, _CMP_GT_OQ));
      for (size_t t = 0; t < tables; t++) {
        float *target = dp + (size_t)r[t] * n + j;
        _mm256_storeu_ps(target, _mm256_add_ps(_mm256_loadu_ps(target), v));
      }
      if (bias) _mm256_storeu_ps(bias + j, _mm256_add_ps(_mm256_loadu_ps(bias + j), v));
    }
  }
}

#else

int reel_kernels_avx2(void) { return 0; }
float reel_row_max_avx2(const float *x, size_t count) { (void)x; (void)count; return 0; }
float reel_row_exp_shifted_avx2(const float *x, float *out, size_t count, float shift) {
  (void)x; (void)out; (void)count; (void)shift;
  return 0;
}
void reel_row_scale_avx2(float *x, size_t count, float factor) { (void)x; (void)count; (void)factor; }
void reel_scores_avx2(const float *q, const float *ct, size_t ldct, float *s, size_t lds,
                      size_t rows, size_t nc, size_t d, float alpha) {
  (void)q; (void)ct; (void)ldct; (void)s; (void)lds; (void)rows; (void)nc; (void)d; (void)alpha;
}
void reel_rows_times_matrix_avx2(const float *g, size_t ldg, const float *c, float *dq,
                                 size_t rows, size_t nc, size_t d) {
  (void)g; (void)ldg; (void)c; (void)dq; (void)rows; (void)nc; (void)d;
}
void reel_accumulate_transposed_product_avx2(const float *g, size_t ldg, const float *q, float *dc,
                                             size_t rows, size_t nc, size_t d) {
  (void)g; (void)ldg; (void)q; (void)dc; (void)rows; (void)nc; (void)d;
}

void reel_gather_add_rows_avx2(const float *p, size_t n, const int32_t *rows, size_t tables,
                               const float *bias, float *y, size_t first, size_t last, int relu) {
  (void)p; (void)n; (void)rows; (void)tables; (void)bias; (void)y; (void)first; (void)last;
  (void)relu;
}
void reel_scatter_add_rows_avx2(const float *g, const float *mask, size_t n, const int32_t *rows,
                                size_t tables, float *dp, float *bias, size_t batch, size_t lo,
                                size_t hi) {
  (void)g; (void)mask; (void)n; (void)rows; (void)tables; (void)dp; (void)bias; (void)batch;
  (void)lo; (void)hi;
}

#endif
