#pragma once

#include <cstdint>
#include <cstring>

namespace floe::bit_util {

/// Bitmaps are LSB-first within each byte (bit i is byte i/8, bit i%8), as in
/// Parquet's bit-packing and Arrow's validity bitmaps.
inline bool GetBit(const uint8_t* bits, int64_t i) { return (bits[i >> 3] >> (i & 7)) & 1; }
inline void SetBit(uint8_t* bits, int64_t i) { bits[i >> 3] |= static_cast<uint8_t>(1u << (i & 7)); }
inline void ClearBit(uint8_t* bits, int64_t i) {
  bits[i >> 3] &= static_cast<uint8_t>(~(1u << (i & 7)));
}
inline void SetBitTo(uint8_t* bits, int64_t i, bool v) {
  bits[i >> 3] = static_cast<uint8_t>((bits[i >> 3] & ~(1u << (i & 7))) | (static_cast<unsigned>(v) << (i & 7)));
}
inline int64_t BytesForBits(int64_t bits) { return (bits + 7) >> 3; }
inline int64_t RoundUp(int64_t v, int64_t multiple) { return (v + multiple - 1) / multiple * multiple; }

/// Little-endian loads and stores of unaligned values (x86-64 and aarch64
/// are little-endian; floe does not support big-endian hosts).
template <typename T>
inline T LoadLE(const void* p) {
  T v;
  std::memcpy(&v, p, sizeof(T));
  return v;
}
template <typename T>
inline void StoreLE(void* p, T v) {
  std::memcpy(p, &v, sizeof(T));
}
inline uint32_t ByteSwap32(uint32_t v) { return __builtin_bswap32(v); }
inline uint64_t ByteSwap64(uint64_t v) { return __builtin_bswap64(v); }

/// Number of bits needed to represent `v` (0 for 0).
inline int BitWidth(uint64_t v) { return v == 0 ? 0 : 64 - __builtin_clzll(v); }

/// Counts set bits in the first `n` bits.
int64_t CountSetBits(const uint8_t* bits, int64_t offset, int64_t n);

}  // namespace floe::bit_util
