#pragma once

// Running one statement end to end: parse, bind, optimize, plan, execute.
// The engine module adds sessions, admission control and auditing on top.

#include <atomic>
#include <string>
#include <string_view>
#include <vector>

#include "columnar/vector.h"
#include "common/memory_pool.h"
#include "common/result.h"
#include "sql/binder/query_binder.h"
#include "sql/query_counters.h"
#include "sql/session.h"

namespace floe::sql {

class LoadProgress;

/// Receives a query's result chunks as they are produced, in result order
/// (a client protocol streaming rows), one call at a time.
class ResultConsumer {
 public:
  virtual ~ResultConsumer() = default;
  /// `chunk` is compact (no selection vector); an error stops the query.
  virtual Status Consume(const columnar::Chunk& chunk) = 0;
};

/// What a statement runs with.
struct QueryOptions {
  /// The catalog statements resolve tables in and create, alter and drop
  /// them through (not owned). Queries may use `resolver` instead.
  catalog::Catalog* catalog = nullptr;
  /// The client's session (not owned; USE and SET SESSION change it). Null:
  /// a default session (schema "default"), `time_zone` below.
  Session* session = nullptr;
  /// Resolves table names; null: one over `catalog` with the session's
  /// catalog and schema.
  TableResolver* resolver = nullptr;
  MemoryPool* pool = nullptr;  // the pool the query's pool draws from; null: default
  /// The query's memory limit (Trino's query_max_memory); 0: 40% of RAM.
  /// Aggregations spill to disk rather than exceed it; what cannot spill
  /// fails with an error naming the limit.
  int64_t memory_limit = 0;
  /// Where spill files go (empty: $TMPDIR or /tmp).
  std::string spill_directory;
  int threads = 0;  // 0: one per core
  std::atomic<bool>* cancelled = nullptr;
  /// Streams the result here instead of collecting it (the QueryResult
  /// then has names and types but no chunks). Not owned.
  ResultConsumer* consumer = nullptr;
  /// Where scans of external files (read_csv, ...) report how far they
  /// got, for a progress line; null: nowhere. Not owned.
  LoadProgress* load_progress = nullptr;
  /// The session time zone (Trino's SET TIME ZONE): an IANA name, "UTC" or
  /// an offset "+02:00". Timestamps without a zone become instants in it;
  /// current_timestamp and casts to timestamp with time zone carry it.
  std::string time_zone = "UTC";
  /// The statement's start as UTC microseconds since the epoch, which
  /// current_timestamp, now() and current_date read; 0: the wall clock when
  /// the statement starts.
  int64_t start_time_micros = 0;
};

/// 40% of the machine's physical memory: the default query memory limit.
int64_t DefaultQueryMemoryLimit();

/// A statement's result: named, typed columns and their rows in chunks
/// (compact: no selection vectors).
struct QueryResult {
  /// Statements other than queries: what they did, as Trino's protocol
  /// names it ("CREATE TABLE", "INSERT", "SET SESSION"); empty for queries.
  /// Statements without a result set have no columns.
  std::string update_type;
  std::vector<std::string> names;
  std::vector<LogicalType> types;
  /// What the client should know though nothing failed: rows a load
  /// rejected, a file loaded twice (Trino's warnings).
  std::vector<std::string> warnings;
  /// The query's memory pool, which the chunks' vectors count against
  /// (declared first: it must outlive them).
  std::shared_ptr<MemoryPool> pool;
  std::vector<columnar::Chunk> chunks;
  /// What the query read, pruned, spilled and held at most.
  QueryCounters counters;
  int64_t rows() const;
  /// Each row as text cells, as the Trino CLI prints values (NULL as "NULL").
  std::vector<std::vector<std::string>> ToRows() const;
};

/// Runs one statement (a query, EXPLAIN or EXPLAIN ANALYZE). Errors as
/// Trino gives them, with line:column for the statement's own mistakes.
Result<QueryResult> RunStatement(std::string_view sql, const QueryOptions& options);

}  // namespace floe::sql
