#pragma once

// Inside RunStatement: the query path (plan, execute) and the other
// statements (DDL, DML, session), which use it for INSERT and CTAS.

#include "sql/parser/ast.h"
#include "sql/plan/logical_plan.h"
#include "sql/query_runner.h"

namespace floe::sql {

class PhysicalOperator;

/// Binds and optimizes `query` (tables through options.resolver).
Result<LogicalOpPtr> PlanQuery(const Query& query, const QueryOptions& options);

/// Runs an optimized plan: its rows collected, or streamed to
/// options.consumer, or given to `sink` (a write); with `analyze`, the
/// EXPLAIN ANALYZE text instead.
Result<QueryResult> ExecutePlan(const LogicalOp& plan, const QueryOptions& options, bool analyze,
                                PhysicalOperator* sink = nullptr);

/// CREATE/DROP SCHEMA and TABLE, CTAS, INSERT, USE, SHOW ..., DESCRIBE,
/// SET/RESET SESSION, against options.catalog and options.session.
Result<QueryResult> RunOtherStatement(const Statement& stmt, const QueryOptions& options);

/// The session properties floe knows (SHOW SESSION lists them; SET SESSION
/// accepts only these), and the options they set for a statement.
Status ApplySessionProperties(const Session& session, QueryOptions* options);

}  // namespace floe::sql
