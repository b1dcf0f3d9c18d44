#pragma once

// Aggregate functions: a fixed-size state per group, updated a vector at a
// time. The hash aggregate keeps every group's states in one row of its
// state arena; `update` gets a state pointer per input row (rows of the
// same group point at the same state), so one type-specialized loop serves
// grouped and global aggregation alike.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "columnar/vector.h"
#include "common/result.h"
#include "sql/types.h"

namespace floe::sql {

/// The vectors an update reads: n input rows, row k at position rows[k]
/// (rows null: k) of each argument vector (flat, of the function's
/// argument types); states[k] + offset is row k's state.
struct AggregateInput {
  const columnar::Vector* const* args = nullptr;
  const uint32_t* rows = nullptr;
  int64_t n = 0;
  uint8_t** states = nullptr;
  int32_t offset = 0;
  /// Every row updates the same state (an aggregate without GROUP BY).
  bool single_state = false;
  int64_t Row(int64_t k) const { return rows ? rows[k] : k; }
};

/// An aggregate function resolved for concrete argument types.
struct AggregateFunction {
  std::string name;
  std::vector<LogicalType> arg_types;  // arguments are cast to these first
  LogicalType result_type;
  int32_t state_size = 0;  // bytes, a multiple of 16 (the alignment of every state)
  void (*init)(uint8_t* state) = nullptr;
  Status (*update)(const AggregateInput& input) = nullptr;
  /// Folds `src` into `dst` (parallel partial states; both initialized).
  Status (*combine)(const uint8_t* src, uint8_t* dst) = nullptr;
  /// Writes the result of states[k] + offset to out row out_offset + k.
  /// REQUIRES: out is flat, of result_type, with capacity for the rows.
  Status (*finalize)(uint8_t* const* states, int32_t offset, int64_t n, columnar::Vector* out,
                     int64_t out_offset) = nullptr;
  /// Frees what a state owns beyond its bytes (null: nothing).
  void (*destroy)(uint8_t* state) = nullptr;
  /// For spilling: appends a state's bytes to `out`, and restores a state
  /// (initialized) from the front of `in`, returning the bytes it used.
  /// Null: the state is plain bytes (state_size of them).
  void (*serialize)(const uint8_t* state, std::string* out) = nullptr;
  size_t (*deserialize)(const char* in, size_t size, uint8_t* state) = nullptr;
};

/// Whether `name` is an aggregate function (count, sum, ...).
bool IsAggregateFunctionName(std::string_view name);
/// Every aggregate function's name, and the window functions proper
/// (row_number, rank, lag, ...; aggregates take OVER too).
const std::vector<std::string_view>& AggregateFunctionNames();
const std::vector<std::string_view>& WindowFunctionNames();

/// Resolves aggregate `name` for `args` (count(*) has none). Invalid as
/// Trino says it: "Unexpected parameters (varchar) for function sum".
Result<AggregateFunction> ResolveAggregate(std::string_view name,
                                           const std::vector<LogicalType>& args);

}  // namespace floe::sql
