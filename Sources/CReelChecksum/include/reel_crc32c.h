#ifndef REEL_CRC32C_H
#define REEL_CRC32C_H
#include <stddef.h>
#include <stdint.h>

/// Extends a CRC-32C (Castagnoli) over `length` bytes. Start with `crc = 0` for a new checksum.
/// Uses the SSE4.2 `crc32` instruction when the CPU has it, a table otherwise.
uint32_t reel_crc32c_extend(uint32_t crc, const void *data, size_t length);

/// Whether the hardware path is in use (for benchmarks and tests).
int reel_crc32c_hardware(void);

#endif
