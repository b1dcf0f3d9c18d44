#pragma once

// Tables for SQL tests: a fresh SQLite catalog over a local warehouse, with
// Iceberg tables created from the rows of a query. Shared by the
// sqllogictest runner and the differential test against DuckDB.

#include <memory>
#include <string>

#include "common/result.h"
#include "common/status.h"
#include "sql/query_runner.h"

namespace floe::catalog {
class SqlCatalog;
}
namespace floe::io {
class FileIO;
}

namespace floe::sql {

/// A SQLite catalog (`<dir>/catalog.db`) with its warehouse in
/// `<dir>/warehouse` and one namespace for unqualified table names. Not
/// thread-safe; `dir` must outlive the object.
class TestWarehouse {
 public:
  /// Opens the catalog in `dir` (an existing, empty directory) and creates
  /// `default_namespace`.
  static Result<std::unique_ptr<TestWarehouse>> Make(const std::string& dir,
                                                     const std::string& default_namespace = "test");
  ~TestWarehouse();

  /// Runs `sql` against the catalog with `threads` threads (0: one per
  /// core), in session time zone `time_zone`, started at `start_time_micros`
  /// (0: now).
  Result<QueryResult> Run(const std::string& sql, int threads = 2,
                          const std::string& time_zone = "UTC", int64_t start_time_micros = 0);

  /// Creates the table `name` ("t" in the default namespace or "ns.t")
  /// holding the rows of `sql`, optionally partitioned by the identity of
  /// column `partition`. Columns keep the query's names; types are those
  /// Iceberg stores (varchar(n) as varchar, and so on).
  Status Load(const std::string& name, const std::string& partition, const std::string& sql);

  /// The directory holding the table's files (its data under `data/`).
  Result<std::string> TableLocation(const std::string& name);

  TableResolver* resolver() { return resolver_.get(); }

 private:
  TestWarehouse() = default;

  std::string default_namespace_;
  std::shared_ptr<io::FileIO> io_;
  std::shared_ptr<catalog::SqlCatalog> catalog_;
  std::unique_ptr<CatalogTableResolver> resolver_;
  Session session_;
};

}  // namespace floe::sql
