// Code scanning with candidate collection for ReelANN; see include/reel_lut16.h.
#include <math.h>
#include <string.h>

#include "reel_lut16.h"

// Approximate scores must round the same in every path: no contraction into FMA.
#pragma STDC FP_CONTRACT OFF

static inline void swap_float(float *x, size_t i, size_t j) {
  float t = x[i];
  x[i] = x[j];
  x[j] = t;
}

float reel_select_rank(float *x, size_t count, size_t rank) {
  size_t lo = 0, hi = count - 1;
  while (lo < hi) {
    // Median of three as the pivot, then a three-way partition (larger | equal | smaller).
    size_t mid = lo + (hi - lo) / 2;
    float a = x[lo], b = x[mid], c = x[hi];
    float ab_lo = a < b ? a : b, ab_hi = a < b ? b : a;
    float m = ab_hi < c ? ab_hi : c;
    float pivot = ab_lo > m ? ab_lo : m;
    size_t lt = lo, i = lo, gt = hi;
    while (i <= gt) {
      if (x[i] > pivot) {
        swap_float(x, lt++, i++);
      } else if (x[i] < pivot) {
        swap_float(x, i, gt);
        if (gt == 0) break;
        gt--;
      } else {
        i++;
      }
    }
    if (rank < lt) {
      hi = lt - 1;
    } else if (rank > gt) {
      lo = gt + 1;
    } else {
      return pivot;
    }
  }
  return x[lo];
}

void reel_candidate_buffer_shrink(reel_candidate_buffer *b) {
  if (b->count <= b->capacity) return;
  size_t count = b->count;
  memcpy(b->scratch, b->scores, count * sizeof(float));
  float kth = reel_select_rank(b->scratch, count, b->capacity - 1);
  size_t above = 0;
  for (size_t i = 0; i < count; i++) above += b->scores[i] > kth;
  size_t ties = b->capacity - above;
  size_t w = 0;
  for (size_t i = 0; i < count; i++) {
    float s = b->scores[i];
    if (s > kth || (s == kth && ties > 0)) {
      if (!(s > kth)) ties--;
      b->scores[w] = s;
      b->slots[w] = b->slots[i];
      w++;
    }
  }
  b->count = w;
  b->threshold = kth;
}

static inline int contains_sorted(const int32_t *x, size_t n, int32_t value) {
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (x[mid] < value) lo = mid + 1; else hi = mid;
  }
  return lo < n && x[lo] == value;
}

// The smallest table sum that can reach the buffer's threshold, with a safety margin for
// rounding (exact scores are checked afterwards): sums below it are skipped unseen.
static inline uint32_t least_sum(const reel_candidate_buffer *b, float base, float scale) {
  float t = b->threshold;
  if (!(t > -INFINITY) || !(scale > 0)) return 0;
  double bound = ((double)t - (double)base) / (double)scale;
  bound -= 2.0 + 1e-5 * (fabs((double)t) + fabs((double)base)) / (double)scale;
  if (!(bound > 0)) return 0;
  if (bound > 65536.0) return 65536;
  return (uint32_t)bound;
}

// Offers slot t of the current group (sum s).
static inline void offer(reel_candidate_buffer *b, uint16_t s, float base, float scale,
                         int32_t slot, const int32_t *slot_rows, const int32_t *excluded,
                         size_t excluded_count) {
  float approx = base + scale * (float)s;
  if (!(approx >= b->threshold)) return;
  if (excluded_count && contains_sorted(excluded, excluded_count, slot_rows[slot])) return;
  b->scores[b->count] = approx;
  b->slots[b->count] = slot;
  b->count++;
  if (b->count == 2 * b->capacity) reel_candidate_buffer_shrink(b);
}

void reel_lut16_offer_sums(const uint16_t *sums, size_t valid, float base, float scale,
                           int32_t first_slot, const int32_t *slot_rows, const int32_t *excluded,
                           size_t excluded_count, reel_candidate_buffer *b) {
  for (size_t g = 0; g * 32 < valid; g++) {
    uint32_t least = least_sum(b, base, scale);
    size_t n = valid - g * 32 < 32 ? valid - g * 32 : 32;
    for (size_t t = g * 32; t < g * 32 + n; t++) {
      if (sums[t] < least) continue;
      offer(b, sums[t], base, scale, first_slot + (int32_t)t, slot_rows, excluded,
            excluded_count);
    }
  }
}

static void collect_portable(const uint8_t *codes, size_t groups, size_t blocks,
                             const uint8_t *lut, size_t valid, float base, float scale,
                             int32_t first_slot, const int32_t *slot_rows,
                             const int32_t *excluded, size_t excluded_count,
                             reel_candidate_buffer *b) {
  uint16_t sums[32];
  for (size_t g = 0; g < groups && g * 32 < valid; g++) {
    reel_lut16_scan(codes + g * blocks * 16, 1, blocks, lut, sums);
    size_t n = valid - g * 32 < 32 ? valid - g * 32 : 32;
    reel_lut16_offer_sums(sums, n, base, scale, first_slot + (int32_t)(g * 32), slot_rows,
                          excluded, excluded_count, b);
  }
}

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include "reel_lut16_group.h"

// 1 bits for the 16-bit lanes of x that are >= least (unsigned), two bits per lane.
REEL_AVX2 static inline unsigned at_least(__m128i x, __m128i least) {
  return (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi16(_mm_max_epu16(x, least), x));
}

REEL_AVX2 static void collect_avx2(const uint8_t *codes, size_t groups, size_t blocks,
                                   const uint8_t *lut, size_t valid, float base, float scale,
                                   int32_t first_slot, const int32_t *slot_rows,
                                   const int32_t *excluded, size_t excluded_count,
                                   reel_candidate_buffer *b) {
  for (size_t g = 0; g < groups; g++) {
    uint32_t least = least_sum(b, base, scale);
    if (least > 65535) continue;
    __m128i s4[4];
    reel_lut16_group(codes + g * blocks * 16, blocks, lut, s4);
    __m128i s0 = s4[0], s1 = s4[1], s2 = s4[2], s3 = s4[3];
    __m128i lv = _mm_set1_epi16((short)(uint16_t)least);
    uint64_t mask = (uint64_t)at_least(s0, lv) | ((uint64_t)at_least(s1, lv) << 16) |
                    ((uint64_t)at_least(s2, lv) << 32) | ((uint64_t)at_least(s3, lv) << 48);
    size_t n = valid - g * 32 < 32 ? valid - g * 32 : 32;
    if (n < 32) mask &= (1ull << (2 * n)) - 1;
    if (!mask) continue;
    uint16_t sums[32];
    _mm_storeu_si128((__m128i *)(sums + 0), s0);
    _mm_storeu_si128((__m128i *)(sums + 8), s1);
    _mm_storeu_si128((__m128i *)(sums + 16), s2);
    _mm_storeu_si128((__m128i *)(sums + 24), s3);
    mask &= 0x5555555555555555ull;  // one bit per lane
    while (mask) {
      size_t t = (size_t)__builtin_ctzll(mask) / 2;
      mask &= mask - 1;
      offer(b, sums[t], base, scale, first_slot + (int32_t)(g * 32 + t), slot_rows, excluded,
            excluded_count);
    }
  }
}

void reel_lut16_scan_collect(const uint8_t *codes, size_t groups, size_t blocks,
                             const uint8_t *lut, size_t valid, float base, float scale,
                             int32_t first_slot, const int32_t *slot_rows,
                             const int32_t *excluded, size_t excluded_count,
                             reel_candidate_buffer *buffer, int avx2) {
  if (avx2) {
    collect_avx2(codes, groups, blocks, lut, valid, base, scale, first_slot, slot_rows, excluded,
                 excluded_count, buffer);
  } else {
    collect_portable(codes, groups, blocks, lut, valid, base, scale, first_slot, slot_rows,
                     excluded, excluded_count, buffer);
  }
}

#else

void reel_lut16_scan_collect(const uint8_t *codes, size_t groups, size_t blocks,
                             const uint8_t *lut, size_t valid, float base, float scale,
                             int32_t first_slot, const int32_t *slot_rows,
                             const int32_t *excluded, size_t excluded_count,
                             reel_candidate_buffer *buffer, int avx2) {
  (void)avx2;
  collect_portable(codes, groups, blocks, lut, valid, base, scale, first_slot, slot_rows,
                   excluded, excluded_count, buffer);
}

#endif
