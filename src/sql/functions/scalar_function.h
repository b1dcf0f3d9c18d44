#pragma once

// Scalar functions and operators: resolution by name and argument types
// (Trino's rules: operands coerced to a common type, decimal result types
// per DecimalOperators) to a vector kernel. Kernels run type-specialized
// loops over whole vectors: no per-row dispatch.

#include <string>
#include <string_view>
#include <vector>

#include "columnar/vector.h"
#include "common/result.h"
#include "sql/types.h"

namespace floe::sql {

/// What a kernel computes over: `n` rows of `args` (each flat or constant,
/// already of the bound argument types) into `out` (flat, size n, its
/// validity already the AND of the arguments'). Kernels compute every row;
/// they check for errors (overflow, division by zero) on valid rows only.
struct KernelContext {
  std::vector<const columnar::Vector*> args;
  int64_t n = 0;
  columnar::Vector* out = nullptr;
};

using ScalarKernel = Status (*)(const KernelContext& ctx);

/// A function resolved for concrete argument types.
struct BoundFunction {
  std::string name;
  std::vector<LogicalType> arg_types;  // each argument is cast to this first
  LogicalType result_type;
  ScalarKernel kernel = nullptr;
};

/// Resolves an operator ("+", "-", "*", "/", "%", "negate", "=", "<>", "<",
/// "<=", ">", ">=") or function for `args`. Invalid as Trino says it:
/// "Cannot apply operator: varchar + bigint".
Result<BoundFunction> ResolveFunction(std::string_view name, const std::vector<LogicalType>& args);

/// One row of SHOW FUNCTIONS.
struct FunctionListing {
  std::string name;
  std::string return_type;     // "" where it depends on the arguments' types
  std::string argument_types;  // "bigint, double"
  std::string function_type;   // "scalar", "aggregate", "window"
};
/// Every function SQL can call by name, one row per signature where known,
/// sorted by name.
std::vector<FunctionListing> ListFunctions();

}  // namespace floe::sql
