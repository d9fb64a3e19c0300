#ifndef REEL_KERNELS_H
#define REEL_KERNELS_H
#include <stddef.h>

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

#endif
