#pragma once

// The spec's single-value binary serialization (Appendix D), used for
// column bounds in manifests and partition bounds in manifest lists:
// little-endian ints, longs, floats and doubles; UTF-8 strings; raw
// binaries and fixed; big-endian UUIDs; decimals as their unscaled value in
// minimal big-endian two's complement.

#include <string>
#include <string_view>

#include "common/result.h"
#include "iceberg/transform.h"

namespace floe::iceberg {

/// The bytes of a non-null literal.
std::string ToSingleValueBytes(const Literal& v);

/// The literal of type `type` serialized in `bytes`. A bound written
/// before a type promotion reads as the wider type (4-byte int bounds of a
/// long column, float bounds of a double column). Corruption when the
/// length does not fit the type.
Result<Literal> FromSingleValueBytes(const Type& type, std::string_view bytes);

}  // namespace floe::iceberg
