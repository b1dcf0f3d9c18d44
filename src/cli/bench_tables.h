#pragma once

// BENCHMARKS.md's tables written as Iceberg tables (`floe bench gen
// --format iceberg`, the SQL benchmark's driver): in one commit, or in
// history mode one commit per hour of the window.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "catalog/sql_catalog.h"
#include "columnar/vector.h"
#include "common/result.h"

namespace floe::cli {

/// A warehouse directory's SQLite catalog as `floe sql --warehouse DIR`
/// opens it: DIR/catalog.db, table data under DIR/warehouse.
Result<std::shared_ptr<catalog::SqlCatalog>> OpenWarehouse(const std::string& dir);

/// A table to generate: its columns and rows by index range.
struct GeneratedTable {
  std::vector<std::string> names;
  std::vector<columnar::LogicalType> types;
  int day_column = -1;  // partitioned by day() of this column; -1: unpartitioned
  int64_t rows = 0;
  std::function<Result<columnar::Chunk>(int64_t first, int64_t n, MemoryPool* pool)> make;
};

struct IcebergWriteOptions {
  /// Appends of consecutive row ranges, equal in rows: 1 writes the table
  /// in one commit; history mode makes one per hour of the window.
  int64_t commits = 1;
  bool merge_append = true;  // Java's newAppend; false: fast append (a manifest per commit)
};

/// Creates `id` (and its namespace) and fills it with table.rows rows,
/// showing progress on stderr. A table that exists is left as it is:
/// returns false then, true when it was written.
Result<bool> WriteIcebergTable(const std::shared_ptr<catalog::SqlCatalog>& catalog,
                               const catalog::TableIdentifier& id, const GeneratedTable& table,
                               const IcebergWriteOptions& options = {});

}  // namespace floe::cli
