#pragma once

// Inside RunStatement: the query path (plan, execute) and the other
// statements (DDL, DML, session), which use it for INSERT and CTAS.

#include "sql/parser/ast.h"
#include "sql/plan/logical_plan.h"
#include "sql/query_runner.h"

namespace floe::iceberg {
class SnapshotUpdate;
struct TableMetadata;
}  // namespace floe::iceberg

namespace floe::sql {

class PhysicalOperator;

/// Binds and optimizes `query` (tables through options.resolver).
Result<LogicalOpPtr> PlanQuery(const Query& query, const QueryOptions& options);

/// Runs an optimized plan: its rows collected, or streamed to
/// options.consumer, or given to `sink` (a write); with `analyze`, the
/// EXPLAIN ANALYZE text instead.
Result<QueryResult> ExecutePlan(const LogicalOp& plan, const QueryOptions& options, bool analyze,
                                PhysicalOperator* sink = nullptr);

/// After `plan` (which read external files) ran: warns of rows its file
/// scans rejected and stores them in their rejects tables (created when
/// missing); `target` is the table a load wrote to ("" for a query).
Status FinishFileScans(const LogicalOp& plan, const QueryOptions& options,
                       const std::string& target, QueryResult* result);
/// For a load of `plan` into `table` (metadata `md`): records its source
/// files and their sizes in the new snapshot's summary (floe.source-files),
/// and warns of files an earlier snapshot of the table recorded already.
void RecordSourceFiles(const LogicalOp& plan, const iceberg::TableMetadata& md,
                       const std::string& table, iceberg::SnapshotUpdate* update,
                       std::vector<std::string>* warnings);
/// CREATE/DROP SCHEMA and TABLE, CTAS, INSERT, USE, SHOW ..., DESCRIBE,
/// SET/RESET SESSION, against options.catalog and options.session.
Result<QueryResult> RunOtherStatement(const Statement& stmt, const QueryOptions& options);

/// The session properties floe knows (SHOW SESSION lists them; SET SESSION
/// accepts only these), and the options they set for a statement.
Status ApplySessionProperties(const Session& session, QueryOptions* options);

}  // namespace floe::sql
