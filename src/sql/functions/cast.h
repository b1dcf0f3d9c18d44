#pragma once

// CAST and TRY_CAST between SQL types, with Trino's conversions and messages.

#include <cstdint>
#include <memory>

#include "columnar/vector.h"
#include "common/memory_pool.h"
#include "common/result.h"
#include "sql/types.h"

namespace floe::sql {

/// Converts `input` (n rows, flat or constant) to `to`, as Trino's CAST does:
/// between numbers (integers range-checked, doubles rounded half away from
/// zero to integers, decimals rescaled half up), booleans and numbers,
/// varchar to and from booleans, numbers, dates and timestamps (text trimmed
/// like Java's String.trim, numbers printed as Trino prints them), date to
/// and from timestamps, timestamp precisions (rounded), varchar lengths
/// (truncated), and NULL to anything. Rows not set in `live` (a bitmap;
/// null: all) come out NULL unchecked. Invalid names the value that does not
/// convert ("Cannot cast 'abc' to INT", "Out of range for integer:
/// 3000000000"); with `try_cast` such rows come out NULL instead. NotSupported
/// for other pairs of types.
Result<std::shared_ptr<columnar::Vector>> CastVector(const columnar::Vector& input, int64_t n,
                                                     const LogicalType& to, MemoryPool* pool,
                                                     const uint8_t* live = nullptr,
                                                     bool try_cast = false);

}  // namespace floe::sql
