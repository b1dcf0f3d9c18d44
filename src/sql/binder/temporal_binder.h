#pragma once

// Binding the temporal forms of Trino's SQL: INTERVAL, TIME and zoned
// TIMESTAMP literals, current_date and friends (the statement's start
// instant from the session, one value for every row), AT TIME ZONE,
// EXTRACT, and the functions whose result type depends on a constant zone
// (with_timezone, at_timezone).
//
// floe keeps a timestamp with time zone as a UTC instant and one zone per
// column, in its type (LogicalType::time_zone()): a zone that changes the
// result type must therefore be a constant; per-row zones are NotSupported.

#include <string_view>
#include <vector>

#include "common/result.h"
#include "sql/exec/bound_expression.h"
#include "sql/parser/ast.h"

namespace floe::sql {

/// INTERVAL '1 02:03:04.5' DAY TO SECOND and the like, as a constant of
/// interval day to second (microseconds) or interval year to month
/// (months). Invalid for text that does not fit the qualifier.
Result<BoundExprPtr> BindIntervalLiteral(const Expr& e);

/// TIME '10:00:00.5' and TIMESTAMP '2024-01-01 10:00 Europe/Berlin' (a
/// timestamp with time zone in the literal's zone); null for other typed
/// literals, which the caller binds.
Result<BoundExprPtr> BindTemporalLiteral(const Expr& e);

/// current_date, current_time, current_timestamp[(p)], localtime[(p)],
/// localtimestamp[(p)]: constants of the session's start instant and zone.
/// current_time is a time (floe has no time with time zone).
Result<BoundExprPtr> BindCurrent(const Expr& e);

/// `value AT TIME ZONE zone`: a timestamp with time zone shown in `zone`
/// (a timestamp is first read in the session's zone). NotSupported when
/// `zone` is not a constant.
Result<BoundExprPtr> BindAtTimeZone(BoundExprPtr value, BoundExprPtr zone);

/// EXTRACT(field FROM value) as the function of that field (year(), ...).
Result<BoundExprPtr> BindExtract(std::string_view field, BoundExprPtr value);

/// now(), current_timezone(), with_timezone(ts, zone), at_timezone(tstz,
/// zone); null (and `args` untouched) when `name` is none of them.
Result<BoundExprPtr> BindTemporalFunction(std::string_view name, std::vector<BoundExprPtr>* args);

/// The type CAST(value AS to) produces: a timestamp with time zone keeps
/// the value's zone, or takes the session's for a value without one.
LogicalType CastTarget(const LogicalType& from, LogicalType to);

}  // namespace floe::sql
