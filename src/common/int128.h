#pragma once

#include <string>

namespace floe {

using int128_t = __int128;
using uint128_t = unsigned __int128;

/// Appends the decimal digits of `v` (with '-' when negative).
void AppendInt128(int128_t v, std::string* out);
/// Appends `unscaled` / 10^scale in plain notation: "-12.50", "0.05".
void AppendDecimal(int128_t unscaled, int scale, std::string* out);
/// The shortest big-endian two's complement bytes of `v` (at least one):
/// how Iceberg serializes decimal bounds and hashes decimals.
std::string MinimalBigEndian(int128_t v);
/// 10^k. REQUIRES: 0 <= k <= 38.
int128_t PowerOfTen(int k);
/// x / y rounded half away from zero (Java's RoundingMode.HALF_UP, which
/// Trino uses for decimals). REQUIRES: y != 0.
int128_t DivideRoundHalfUp(int128_t x, int128_t y);

}  // namespace floe
