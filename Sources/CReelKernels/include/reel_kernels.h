#ifndef REEL_KERNELS_H
#define REEL_KERNELS_H
#include <stddef.h>
#include <stdint.h>

// Row kernels for softmax sweeps, compiled for AVX2 + FMA through function target attributes
// (no compiler flags) and used only when the CPU has both; callers check
// reel_kernels_avx2() first and otherwise use their portable code.

/// 1 when the CPU has AVX2 and FMA (the functions below may be called), else 0.
int reel_kernels_avx2(void);

/// The largest of `count` floats: -infinity for none, NaN if any is NaN.
float reel_row_max_avx2(const float *x, size_t count);

/// Sum of exp(x[i] - shift) for `shift` >= every x[i]; also stores each term in out[i] when
/// `out` is not NULL (out may equal x). Terms below exp(-87.34) are 0.
float reel_row_exp_shifted_avx2(const float *x, float *out, size_t count, float shift);

/// x[i] *= factor.
void reel_row_scale_avx2(float *x, size_t count, float factor);

// Products with a small inner dimension d (a multiple of 8), for the fused retrieval loss.
// Row-major; `ld*` is the distance between rows of a wide matrix. Callers pad it (nc + 16
// rather than a power of two such as 8192) so that a column walk does not map every row to
// the same cache set.

/// s[rows][nc] (row stride lds) = alpha * q[rows][d] · ct, where ct = cᵀ is [d][nc] (row
/// stride ldct).
void reel_scores_avx2(const float *q, const float *ct, size_t ldct, float *s, size_t lds,
                      size_t rows, size_t nc, size_t d, float alpha);

/// dq[rows][d] = g[rows][nc] (row stride ldg) · c[nc][d].
void reel_rows_times_matrix_avx2(const float *g, size_t ldg, const float *c, float *dq,
                                 size_t rows, size_t nc, size_t d);

/// dc[nc][d] += gᵀ · q, for g [rows][nc] (row stride ldg) and q [rows][d].
void reel_accumulate_transposed_product_avx2(const float *g, size_t ldg, const float *q, float *dc,
                                             size_t rows, size_t nc, size_t d);

// The sweeps of the folded embedding → Dense operation (ReelTensor's embeddingDense). `p` and
// `dp` hold one row of n floats (n a multiple of 8) per touched table row; example i reads
// rows rows[i * tables + t], t < tables.

/// y[i] = bias + sum over t of p[rows[i * tables + t]] for first <= i < last (bias NULL: 0),
/// then max(0, ·) when relu (NaN stays NaN).
void reel_gather_add_rows_avx2(const float *p, size_t n, const int32_t *rows, size_t tables,
                               const float *bias, float *y, size_t first, size_t last, int relu);

/// For every example i < batch and columns lo <= j < hi (multiples of 8): v = g[i][j], zeroed
/// where mask[i][j] <= 0 or NaN when mask is not NULL; dp[rows[i * tables + t]][j] += v for
/// every t, and bias[j] += v when bias is not NULL.
void reel_scatter_add_rows_avx2(const float *g, const float *mask, size_t n, const int32_t *rows,
                                size_t tables, float *dp, float *bias, size_t batch, size_t lo,
                                size_t hi);

#endif
