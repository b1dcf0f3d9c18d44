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

namespace floe::sql {

/// What a statement runs with.
struct QueryOptions {
  TableResolver* resolver = nullptr;  // required for queries that read tables
  MemoryPool* pool = nullptr;         // the query's pool (its memory limit); null: default
  int threads = 0;                    // 0: one per core
  std::atomic<bool>* cancelled = nullptr;
};

/// A statement's result: named, typed columns and their rows in chunks
/// (compact: no selection vectors).
struct QueryResult {
  std::vector<std::string> names;
  std::vector<LogicalType> types;
  std::vector<columnar::Chunk> chunks;
  int64_t rows() const;
  /// Each row as text cells, as the Trino CLI prints values (NULL as "NULL").
  std::vector<std::vector<std::string>> ToRows() const;
};

/// Runs one statement (a query, EXPLAIN or EXPLAIN ANALYZE). Errors as
/// Trino gives them, with line:column for the statement's own mistakes.
Result<QueryResult> RunStatement(std::string_view sql, const QueryOptions& options);

}  // namespace floe::sql
