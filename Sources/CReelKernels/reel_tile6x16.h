// The AVX2 register tile shared by the panel kernels (reel_topk.c, reel_nearest.c) and the
// retrieval-loss scores (reel_kernels.c): the dot products of 6 rows with 16 columns stored
// dimension-major, 16 consecutive floats per dimension at a stride of `ld` floats (a packed
// panel of reel_pack_panels16 has ld = 16).
// Private to CReelKernels; include only inside an x86-64 GCC/Clang section.
#ifndef REEL_TILE6X16_H
#define REEL_TILE6X16_H
#include <immintrin.h>
#include <stddef.h>

#ifndef REEL_AVX2
#define REEL_AVX2 __attribute__((target("avx2,fma")))
#endif

/// acc[2r] and acc[2r + 1] get the dot products of row r (rows[r], d floats) with columns 0..7
/// and 8..15 (column values of dimension k at panel[k * ld ..< k * ld + 16]): sequential fused
/// multiply-adds over k = 0..<d.
REEL_AVX2 static inline void reel_tile6x16(const float *const rows[6], const float *panel,
                                           size_t ld, size_t d, __m256 acc[12]) {
  __m256 a00 = _mm256_setzero_ps(), a01 = _mm256_setzero_ps();
  __m256 a10 = _mm256_setzero_ps(), a11 = _mm256_setzero_ps();
  __m256 a20 = _mm256_setzero_ps(), a21 = _mm256_setzero_ps();
  __m256 a30 = _mm256_setzero_ps(), a31 = _mm256_setzero_ps();
  __m256 a40 = _mm256_setzero_ps(), a41 = _mm256_setzero_ps();
  __m256 a50 = _mm256_setzero_ps(), a51 = _mm256_setzero_ps();
  const float *q0 = rows[0], *q1 = rows[1], *q2 = rows[2], *q3 = rows[3], *q4 = rows[4],
              *q5 = rows[5];
  for (size_t k = 0; k < d; k++) {
    __m256 c0 = _mm256_loadu_ps(panel + ld * k);
    __m256 c1 = _mm256_loadu_ps(panel + ld * k + 8);
    __m256 x = _mm256_broadcast_ss(q0 + k);
    a00 = _mm256_fmadd_ps(x, c0, a00);
    a01 = _mm256_fmadd_ps(x, c1, a01);
    x = _mm256_broadcast_ss(q1 + k);
    a10 = _mm256_fmadd_ps(x, c0, a10);
    a11 = _mm256_fmadd_ps(x, c1, a11);
    x = _mm256_broadcast_ss(q2 + k);
    a20 = _mm256_fmadd_ps(x, c0, a20);
    a21 = _mm256_fmadd_ps(x, c1, a21);
    x = _mm256_broadcast_ss(q3 + k);
    a30 = _mm256_fmadd_ps(x, c0, a30);
    a31 = _mm256_fmadd_ps(x, c1, a31);
    x = _mm256_broadcast_ss(q4 + k);
    a40 = _mm256_fmadd_ps(x, c0, a40);
    a41 = _mm256_fmadd_ps(x, c1, a41);
    x = _mm256_broadcast_ss(q5 + k);
    a50 = _mm256_fmadd_ps(x, c0, a50);
    a51 = _mm256_fmadd_ps(x, c1, a51);
  }
  acc[0] = a00; acc[1] = a01; acc[2] = a10; acc[3] = a11; acc[4] = a20; acc[5] = a21;
  acc[6] = a30; acc[7] = a31; acc[8] = a40; acc[9] = a41; acc[10] = a50; acc[11] = a51;
}

/// The dot products of one row with the 16 candidates of `panel`, as reel_tile6x16 does them.
REEL_AVX2 static inline void reel_tile1x16(const float *row, const float *panel, size_t ld,
                                           size_t d, __m256 *a0, __m256 *a1) {
  __m256 s0 = _mm256_setzero_ps(), s1 = _mm256_setzero_ps();
  for (size_t k = 0; k < d; k++) {
    __m256 x = _mm256_broadcast_ss(row + k);
    s0 = _mm256_fmadd_ps(x, _mm256_loadu_ps(panel + ld * k), s0);
    s1 = _mm256_fmadd_ps(x, _mm256_loadu_ps(panel + ld * k + 8), s1);
  }
  *a0 = s0;
  *a1 = s1;
}

#endif
