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

}  // namespace floe
