// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78) with an SSE4.2 fast path selected at
// run time. The hardware function is compiled with a target attribute, so no compiler flags are
// needed and the package stays usable as a dependency.
#include "reel_crc32c.h"
#include <pthread.h>
#include <string.h>

static uint32_t table[8][256];
static int hardware = 0;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void build_table(void) {
  for (uint32_t i = 0; i < 256; i++) {
    uint32_t c = i;
    for (int k = 0; k < 8; k++) c = (c & 1) ? (c >> 1) ^ 0x82F63B78u : c >> 1;
    table[0][i] = c;
  }
  for (uint32_t i = 0; i < 256; i++) {
    for (int t = 1; t < 8; t++) table[t][i] = (table[t - 1][i] >> 8) ^ table[0][table[t - 1][i] & 0xFF];
  }
}

static uint32_t extend_software(uint32_t crc, const unsigned char *p, size_t n) {
  crc = ~crc;
  while (n >= 8) {
    uint64_t word;
    memcpy(&word, p, 8);
    word ^= crc;
    crc = table[7][word & 0xFF] ^ table[6][(word >> 8) & 0xFF] ^ table[5][(word >> 16) & 0xFF] ^
          table[4][(word >> 24) & 0xFF] ^ table[3][(word >> 32) & 0xFF] ^
          table[2][(word >> 40) & 0xFF] ^ table[1][(word >> 48) & 0xFF] ^ table[0][word >> 56];
    p += 8;
    n -= 8;
  }
  while (n--) crc = (crc >> 8) ^ table[0][(crc ^ *p++) & 0xFF];
  return ~crc;
}

#if defined(__x86_64__)
__attribute__((target("sse4.2"))) static uint32_t extend_hardware(uint32_t crc, const unsigned char *p, size_t n) {
  uint64_t c = ~crc;
  while (n >= 8) {
    uint64_t word;
    memcpy(&word, p, 8);
    c = __builtin_ia32_crc32di(c, word);
    p += 8;
    n -= 8;
  }
  uint32_t c32 = (uint32_t)c;
  while (n--) c32 = __builtin_ia32_crc32qi(c32, *p++);
  return ~c32;
}
#endif

int reel_crc32c_hardware(void) {
#if defined(__x86_64__)
  return __builtin_cpu_supports("sse4.2") ? 1 : 0;
#else
  return 0;
#endif
}

static void initialize(void) {
  build_table();
  hardware = reel_crc32c_hardware();
}

uint32_t reel_crc32c_extend(uint32_t crc, const void *data, size_t length) {
  pthread_once(&once, initialize);
#if defined(__x86_64__)
  if (hardware) return extend_hardware(crc, (const unsigned char *)data, length);
#endif
  return extend_software(crc, (const unsigned char *)data, length);
}
