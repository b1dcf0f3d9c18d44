#pragma once

// Expressions after binding: every node typed, functions resolved to
// kernels, implicit coercions made explicit as casts. The binder builds
// them from the syntax tree; the executor evaluates them on chunks.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "columnar/vector.h"
#include "common/int128.h"
#include "common/result.h"
#include "sql/functions/scalar_function.h"
#include "sql/types.h"

namespace floe::sql {

struct BoundExpr;
using BoundExprPtr = std::unique_ptr<BoundExpr>;

struct BoundExpr {
  enum class Kind : uint8_t {
    kColumn,    // column: index in the input chunk
    kConstant,  // constant: a constant vector holding the value (or NULL)
    kCall,      // function applied to args
    kCast,      // args[0] converted to type
    kAnd,       // args (two), three-valued logic
    kOr,
    kNot,             // args[0]
    kIsNull,          // args[0]; negated: IS NOT NULL
    kCase,            // args: (when, then)*, [else]: the first true condition's value, else NULL
    kCoalesce,        // args: the first non-NULL, evaluated lazily
    kTry,             // args[0], NULL where evaluating it fails
    kIsDistinctFrom,  // args[0..1] of one type; negated: IS NOT DISTINCT FROM; never NULL
    kLike,            // args: value, pattern[, escape]; negated: NOT LIKE
  };
  Kind kind = Kind::kConstant;
  LogicalType type;
  int column = -1;
  std::shared_ptr<const columnar::Vector> constant;
  BoundFunction function;
  std::vector<BoundExprPtr> args;
  bool negated = false;
  bool try_cast = false;

  /// "(#0 + CAST(1 AS bigint))", for EXPLAIN and tests.
  std::string ToString() const;
  /// A deep copy (constant vectors are shared: they are immutable).
  BoundExprPtr Clone() const;

  static BoundExprPtr Column(int index, LogicalType type);
  /// A NULL of `type` (unknown by default).
  static BoundExprPtr Null(LogicalType type = UnknownType());
  static BoundExprPtr Boolean(bool v);
  static BoundExprPtr Integer(int32_t v);
  static BoundExprPtr BigInt(int64_t v);
  static BoundExprPtr Double(double v);
  /// A decimal(precision, scale) with unscaled value `v`.
  static BoundExprPtr Decimal(int128_t v, int precision, int scale);
  static BoundExprPtr Varchar(std::string_view v);
  static BoundExprPtr Cast(BoundExprPtr arg, LogicalType to, bool try_cast = false);
  static BoundExprPtr Not(BoundExprPtr arg);
  static BoundExprPtr IsNull(BoundExprPtr arg, bool negated);
  static BoundExprPtr Logical(Kind kind, BoundExprPtr a, BoundExprPtr b);  // kAnd or kOr
};

/// Resolves `name` for the arguments' types and wraps arguments whose type
/// differs from the function's in casts. Invalid as ResolveFunction says.
Result<BoundExprPtr> MakeCall(std::string_view name, std::vector<BoundExprPtr> args);

}  // namespace floe::sql
