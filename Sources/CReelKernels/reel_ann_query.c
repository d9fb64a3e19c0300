// Per-query steps of ReelANN's ScaNNIndex; see include/reel_ann_query.h.
#include "reel_ann_query.h"

#include <math.h>
#include <string.h>

// Table entries and approximate scores must round the same on every path: no FMA contraction.
#pragma STDC FP_CONTRACT OFF

// The 16 dot products of a query's block with the block's centres; returns their minimum.
static inline float block_values(const float *query, const float *codebook, size_t b,
                                 float out[16], float *highest) {
  float x = query[2 * b], y = query[2 * b + 1];
  const float *c = codebook + 32 * b;
  float lo = INFINITY, hi = -INFINITY;
  for (int j = 0; j < 16; j++) {
    float v = x * c[2 * j] + y * c[2 * j + 1];
    out[j] = v;
    lo = v < lo ? v : lo;
    hi = v > hi ? v : hi;
  }
  *highest = hi;
  return lo;
}

void reel_lut16_fill(const float *query, const float *codebook, size_t blocks, uint8_t *lut,
                     float *bias, float *scale) {
  float values[16], hi;
  float total = 0, widest = 0;
  for (size_t b = 0; b < blocks; b++) {
    float lo = block_values(query, codebook, b, values, &hi);
    total += lo;
    if (hi - lo > widest) widest = hi - lo;
  }
  float levels = (float)(65535 / blocks < 255 ? 65535 / blocks : 255);
  float s = widest > 0 ? widest / levels : 1;
  float inverse = 1 / s;
  for (size_t b = 0; b < blocks; b++) {
    float lo = block_values(query, codebook, b, values, &hi);
    for (int j = 0; j < 16; j++) {
      // Non-negative, so truncation after adding a half rounds to nearest (halves up).
      float q = (float)(int32_t)((values[j] - lo) * inverse + 0.5f);
      lut[16 * b + j] = (uint8_t)(q < levels ? q : levels);
    }
  }
  *bias = total;
  *scale = s;
}

// Whether (a, ia) ranks before (b, ib): larger first, NaN last, ties by the lower index.
static inline int before(float a, int32_t ia, float b, int32_t ib) {
  if (a != a) return 0;
  if (b != b) return 1;
  return a > b || (a == b && ia < ib);
}

void reel_top_indices(const float *scores, size_t n, size_t m, int32_t *out) {
  if (m == 0) return;
  size_t filled = 0;
  for (size_t i = 0; i < n; i++) {
    float s = scores[i];
    if (filled == m) {
      float worst = scores[out[m - 1]];
      // Fast path: a later index needs a strictly larger score (or a number over a NaN).
      if (!(s > worst) && worst == worst) continue;
      if (!before(s, (int32_t)i, worst, out[m - 1])) continue;
    }
    // Insertion into the sorted prefix.
    size_t at = filled < m ? filled : m - 1;
    while (at > 0 && before(s, (int32_t)i, scores[out[at - 1]], out[at - 1])) {
      out[at] = out[at - 1];
      at--;
    }
    out[at] = (int32_t)i;
    if (filled < m) filled++;
  }
}

void reel_lut16_seed_threshold(const uint16_t *sums, size_t valid, float base, float scale,
                               size_t excluded_count, reel_candidate_buffer *buffer) {
  size_t rank = buffer->capacity + excluded_count;  // 1-based rank of the seed
  if (valid < rank || rank == 0) return;
  uint16_t most = 0;
  for (size_t i = 0; i < valid; i++) most = sums[i] > most ? sums[i] : most;
  // A 256-bucket histogram of sum >> shift (four interleaved copies, so that runs of equal
  // buckets do not wait on each other); the seed is the floor of the bucket that holds the
  // rank-th largest sum: at least `rank` sums reach it, and it is at most one bucket low
  // (the buffer's own cuts tighten it later).
  unsigned shift = 0;
  while ((most >> shift) > 255) shift++;
  uint32_t counts[4][256];
  memset(counts, 0, sizeof counts);
  size_t i = 0;
  for (; i + 4 <= valid; i += 4) {
    counts[0][sums[i] >> shift]++;
    counts[1][sums[i + 1] >> shift]++;
    counts[2][sums[i + 2] >> shift]++;
    counts[3][sums[i + 3] >> shift]++;
  }
  for (; i < valid; i++) counts[0][sums[i] >> shift]++;
  size_t above = 0;
  int bucket = (int)(most >> shift);
  for (; bucket > 0; bucket--) {
    above += counts[0][bucket] + counts[1][bucket] + counts[2][bucket] + counts[3][bucket];
    if (above >= rank) break;
  }
  uint16_t floor_sum = (uint16_t)((unsigned)bucket << shift);
  float seed = base + scale * (float)floor_sum;
  if (seed > buffer->threshold) buffer->threshold = seed;
}

static void sort_slots(int32_t *x, size_t n) {
  for (size_t i = 1; i < n; i++) {
    int32_t v = x[i];
    size_t j = i;
    while (j > 0 && x[j - 1] > v) {
      x[j] = x[j - 1];
      j--;
    }
    x[j] = v;
  }
}

void reel_rescore_top(const float *query, size_t d, const float *slot_vectors, int32_t *slots,
                      size_t count, const int32_t *slot_rows, size_t k, float *scratch_scores,
                      int32_t *scratch_rows, float *scores, int32_t *rows) {
  // In slot order: a leaf's rows are contiguous, so the reads stream through memory.
  sort_slots(slots, count);
  // Ask for every vector first, so that the cache misses overlap.
  for (size_t i = 0; i < count; i++) {
    const char *vector = (const char *)(slot_vectors + (size_t)slots[i] * d);
    for (size_t off = 0; off < d * sizeof(float); off += 64) __builtin_prefetch(vector + off);
  }
  for (size_t i = 0; i < count; i++) {
    const float *x = slot_vectors + (size_t)slots[i] * d;
    float acc[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    size_t j = 0;
    for (; j + 8 <= d; j += 8) {
      for (int l = 0; l < 8; l++) acc[l] += query[j + l] * x[j + l];
    }
    float total = ((acc[0] + acc[4]) + (acc[1] + acc[5])) + ((acc[2] + acc[6]) + (acc[3] + acc[7]));
    for (; j < d; j++) total += query[j] * x[j];
    scratch_scores[i] = total != total ? -INFINITY : total;
    scratch_rows[i] = slot_rows[slots[i]];
  }
  // The best k by insertion into the output.
  size_t filled = 0;
  for (size_t i = 0; i < count; i++) {
    float s = scratch_scores[i];
    int32_t r = scratch_rows[i];
    if (filled == k && (k == 0 || !before(s, r, scores[k - 1], rows[k - 1]))) continue;
    size_t at = filled < k ? filled : k - 1;
    while (at > 0 && before(s, r, scores[at - 1], rows[at - 1])) {
      scores[at] = scores[at - 1];
      rows[at] = rows[at - 1];
      at--;
    }
    scores[at] = s;
    rows[at] = r;
    if (filled < k) filled++;
  }
  for (size_t i = filled; i < k; i++) {
    scores[i] = -INFINITY;
    rows[i] = -1;
  }
}
