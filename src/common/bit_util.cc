#include "common/bit_util.h"

namespace floe::bit_util {

int64_t CountSetBits(const uint8_t* bits, int64_t offset, int64_t n) {
  int64_t count = 0;
  int64_t i = offset;
  int64_t end = offset + n;
  while (i < end && (i & 63) != 0) count += GetBit(bits, i++);
  for (; i + 64 <= end; i += 64) count += __builtin_popcountll(LoadLE<uint64_t>(bits + i / 8));
  while (i < end) count += GetBit(bits, i++);
  return count;
}

}  // namespace floe::bit_util
