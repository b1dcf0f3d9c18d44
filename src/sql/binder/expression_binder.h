#pragma once

// Binding expressions: names resolved against the columns in scope, literals
// typed as Trino types them, operators resolved with implicit coercions made
// explicit. Errors as Trino's, with line and column, and the closest column
// name when one is unknown.

#include <string>
#include <vector>

#include "common/result.h"
#include "sql/exec/bound_expression.h"
#include "sql/parser/ast.h"

namespace floe::sql {

/// One column visible to an expression: the relation (alias or table name)
/// it comes from, its name, and its type; its index is its position in the
/// scope (the column of the input chunk).
struct ScopeColumn {
  std::string relation;
  std::string name;
  LogicalType type;
  /// Not found by unqualified names (the right side's copy of a USING column).
  bool hidden = false;
};

/// A hook of the query binder: sees every expression node before it is
/// bound, and may bind it itself (an aggregate call to the aggregate's
/// output column, a GROUP BY expression to its group column).
class ExprInterceptor {
 public:
  virtual ~ExprInterceptor() = default;
  /// The bound form of `e`, or null to bind it as usual.
  virtual Result<BoundExprPtr> Intercept(const Expr& e) = 0;
};

/// The columns an expression can see.
struct Scope {
  std::vector<ScopeColumn> columns;
  ExprInterceptor* interceptor = nullptr;  // not owned; may be null
  /// Columns from this index on belong to an enclosing query (a correlated
  /// subquery's outer scope): a name resolves to them only when no column
  /// before it has the name. -1: none.
  int outer_start = -1;
};

/// Binds `expr` against `scope`. Supported so far: column references
/// (optionally qualified), literals (numbers, strings, booleans, NULL, DATE
/// and TIMESTAMP literals), arithmetic, comparisons, AND/OR/NOT, IS [NOT]
/// NULL, [NOT] BETWEEN, [NOT] IN lists and CAST; other forms are
/// NotSupported naming them. Invalid: "line 1:8: Column 'amout' cannot be
/// resolved. Did you mean 'amount'?".
Result<BoundExprPtr> BindExpression(const Expr& expr, const Scope& scope);

/// The Levenshtein distance between two names (ASCII case-insensitive).
int EditDistance(std::string_view a, std::string_view b);

}  // namespace floe::sql
