#pragma once

// The seam between Iceberg's write path and a catalog: where a table's
// current metadata comes from and where a commit goes (Iceberg Java's
// TableOperations, with the REST spec's commit shape). The catalog module
// implements it for every catalog; tests use an in-memory one.

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "common/result.h"
#include "iceberg/table_metadata.h"
#include "iceberg/table_update.h"
#include "io/file_io.h"

namespace floe::iceberg {

/// One table's metadata and commits. An object is used by one writer at a
/// time; several objects (threads, processes) may work on one table.
class TableOperations {
 public:
  virtual ~TableOperations() = default;
  /// Where the table's files are read and written.
  virtual io::FileIO* io() const = 0;
  /// The metadata as last loaded or committed through this object.
  virtual const TableMetadata& current() const = 0;
  /// The metadata file current() came from ("" when the catalog keeps none).
  virtual std::string metadata_location() const { return ""; }
  /// Loads the table's current metadata.
  virtual Status Refresh() = 0;
  /// Commits `updates` if `requirements` hold; current() is then the new
  /// metadata. Conflict: a requirement failed and nothing changed.
  /// CommitStateUnknown: the outcome is unknown (nothing may be cleaned
  /// up). Any other error: the commit certainly failed.
  virtual Status Commit(const std::vector<TableRequirement>& requirements,
                        const std::vector<TableUpdate>& updates) = 0;
};

/// A table held in memory (its metadata files are not written), for tests
/// of the write path: commits are checked and applied atomically under a
/// mutex shared by every TableOperations opened on the same table object.
class InMemoryTable {
 public:
  /// REQUIRES: `io` is where data and manifest files go.
  InMemoryTable(std::shared_ptr<io::FileIO> io, TableMetadata initial);
  /// A new TableOperations on this table (loaded with its current metadata).
  std::unique_ptr<TableOperations> NewOperations();
  TableMetadata metadata() const;
  /// Fails the next `n` commits with `status` after they were validated
  /// (for tests; CommitStateUnknown ones are applied first, as a lost
  /// acknowledgement).
  void FailNextCommits(int n, Status status);

 private:
  friend class InMemoryTableOperations;
  Status Commit(const std::vector<TableRequirement>& requirements,
                const std::vector<TableUpdate>& updates, TableMetadata* out);
  std::shared_ptr<io::FileIO> io_;
  mutable std::mutex mu_;
  TableMetadata metadata_;
  int fail_next_ = 0;
  Status fail_status_;
};

}  // namespace floe::iceberg
