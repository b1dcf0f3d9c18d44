#pragma once

// Internal to sql/functions: arrays, maps and rows (nested_functions.cc) —
// their casts, comparisons and row-at-a-time access helpers shared with the
// aggregates of nested_aggregates.cc.

#include <cstdint>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "columnar/vector.h"
#include "common/memory_pool.h"
#include "common/result.h"
#include "sql/functions/function_registry.h"
#include "sql/functions/scalar_function.h"

namespace floe::sql {
struct AggregateFunction;
}

namespace floe::sql::functions {

/// The aggregates of nested_aggregates.cc: array_agg, map_agg, histogram,
/// max_by, min_by, approx_distinct, approx_percentile, and arbitrary over
/// nested types. Sets *found false (and returns an empty function) for
/// other names.
Result<AggregateFunction> ResolveNestedAggregate(std::string_view name,
                                                 const std::vector<LogicalType>& args, bool* found);
/// Whether `name` is one of them.
bool IsNestedAggregateName(std::string_view name);
const std::vector<std::string_view>& NestedAggregateNames();

/// Array, map and row functions (cardinality, element_at, map_keys, the
/// ARRAY and ROW constructors, ...), one entry per name.
std::span<const FunctionEntry> NestedFunctions();

/// CAST between array, map and row types: element-wise (fields by
/// position), with CastVector's rules, messages and `live`/`try_cast`
/// semantics. Invalid for other pairs involving a nested type.
Result<std::shared_ptr<columnar::Vector>> CastNested(const columnar::Vector& input, int64_t n,
                                                     const LogicalType& to, MemoryPool* pool,
                                                     const uint8_t* live, bool try_cast);

/// The comparison operator `op` ("=", "<>", "<", ...) on two values of
/// nested type `type`: equality for every nested type, order for arrays
/// and rows of orderable types (Trino). Sets out->kernel, or leaves it
/// null when the type does not support `op`.
void ResolveNestedComparison(std::string_view op, const LogicalType& type, BoundFunction* out);

/// Access to field `field` of row type `row`: a call of two arguments, the
/// row and the field index as an integer constant.
BoundFunction FieldAccessFunction(const LogicalType& row, int field);

/// The value's position in an argument vector (flat or constant).
inline int64_t ArgRow(const columnar::Vector& v, int64_t i) {
  return v.kind() == columnar::VectorKind::kConstant ? 0 : i;
}

/// The elements of row i of an array or map argument (flat or constant):
/// positions [offset, offset + length) of children()[0] (and [1]).
columnar::ListEntry ListAt(const columnar::Vector& v, int64_t i);

/// Appends `count` values of `src` (rows[0..count), null: 0..count) to the
/// element vector(s) of array row i of `out` and sets its entry. REQUIRES:
/// out is flat, of an array type whose element type is src's.
Status SetArrayRow(columnar::Vector* out, int64_t i, const columnar::Vector& src,
                   const uint32_t* rows, int64_t count);

}  // namespace floe::sql::functions
