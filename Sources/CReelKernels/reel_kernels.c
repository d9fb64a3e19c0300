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

#else

int reel_kernels_avx2(void) { return 0; }
float reel_row_max_avx2(const float *x, size_t count) { (void)x; (void)count; return 0; }
float reel_row_exp_shifted_avx2(const float *x, float *out, size_t count, float shift) {
  (void)x; (void)out; (void)count; (void)shift;
  return 0;
}
void reel_row_scale_avx2(float *x, size_t count, float factor) { (void)x; (void)count; (void)factor; }

#endif
