#pragma once

// Trino's type system on floe's columnar types: type names as written in
// SQL, implicit coercions, common super types, the result types of decimal
// arithmetic, and the types of literals
// (https://trino.io/docs/current/language/types.html and Trino's
// TypeCoercion / DecimalOperators rules).

#include <optional>
#include <string>
#include <string_view>

#include "columnar/logical_type.h"
#include "common/result.h"
#include "sql/parser/ast.h"

namespace floe::sql {

using columnar::LogicalType;

/// The type of NULL before anything gives it one (Trino's "unknown"):
/// coerces to every type.
LogicalType UnknownType();
bool IsUnknown(const LogicalType& t);

bool IsIntegral(const LogicalType& t);  // tinyint, smallint, integer, bigint
bool IsNumeric(const LogicalType& t);   // integral, decimal, real, double
/// Any type that `=` and `<` apply to (not row/array/map of incomparable types).
bool IsOrderable(const LogicalType& t);

/// Trino's name of a type ("decimal(12,2)", "varchar(10)",
/// "timestamp(3) with time zone", "unknown").
std::string TypeName(const LogicalType& t);

/// The type `syntax` names, with Trino's defaults (decimal = decimal(38,0),
/// timestamp = timestamp(3), time = time(3)); precisions beyond what floe
/// holds (timestamp(9)) are NotSupported; unknown names are Invalid
/// ("Unknown type: varchr").
Result<LogicalType> ResolveType(const TypeSyntax& syntax);

/// Whether a value of `from` may be used where `to` is expected without a
/// CAST (Trino's implicit coercions: widening integers, integers and
/// decimals to wider decimals, real and double; real to double; varchar(n)
/// to longer varchar; date to timestamp; timestamp(p) to higher precision
/// and to timestamp with time zone; element-wise for array, map and row).
bool CanCoerce(const LogicalType& from, const LogicalType& to);

/// The narrowest type both coerce to (CASE branches, UNION columns, IN
/// lists, comparisons), or nullopt when there is none.
std::optional<LogicalType> CommonSuperType(const LogicalType& a, const LogicalType& b);

/// The decimal type an integral type widens to (tinyint -> decimal(3,0),
/// integer -> decimal(10,0), bigint -> decimal(19,0)); decimals as they are.
LogicalType AsDecimal(const LogicalType& t);

/// Result types of decimal arithmetic, Trino's rules (precision capped at 38).
LogicalType DecimalAddType(const LogicalType& a, const LogicalType& b);       // + and -
LogicalType DecimalMultiplyType(const LogicalType& a, const LogicalType& b);  // *
LogicalType DecimalDivideType(const LogicalType& a, const LogicalType& b);    // /
LogicalType DecimalModulusType(const LogicalType& a, const LogicalType& b);   // %

/// The type of a numeric literal as written: integer when it fits 32 bits,
/// else bigint (Invalid beyond 64 bits); "1.50" is decimal(3,2); "1e3" is
/// double.
Result<LogicalType> LiteralType(Expr::LiteralKind kind, std::string_view text);

}  // namespace floe::sql
