#pragma once

// The catalog seam: where table names map to their current metadata file.
// Implementations: the SQL catalog (Iceberg's JDBC-catalog schema on SQLite,
// later PostgreSQL), and later a REST catalog client. Commits take the REST
// spec's shape (requirements + updates, iceberg/table_update.h) so that the
// REST catalog server floe serves can sit on any implementation.

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "common/result.h"
#include "iceberg/table_metadata.h"
#include "iceberg/table_update.h"
#include "io/file_io.h"

namespace floe::catalog {

/// A namespace: one or more levels ("demo", or "a"."b").
using Namespace = std::vector<std::string>;

/// "a.b" for {"a","b"}.
std::string NamespaceToString(const Namespace& ns);

/// A table's name inside a catalog.
struct TableIdentifier {
  Namespace ns;
  std::string name;
  /// "demo.sales".
  std::string ToString() const;
  bool operator==(const TableIdentifier&) const = default;
};

/// A table as loaded: its metadata and the file it came from.
struct LoadedTable {
  TableIdentifier identifier;
  std::string metadata_location;
  iceberg::TableMetadata metadata;
};

/// What CreateTable needs.
struct TableCreation {
  iceberg::Schema schema;
  iceberg::PartitionSpec spec;    // spec_id 0; an empty spec = unpartitioned
  iceberg::SortOrder sort_order;  // order_id 0 = unsorted
  std::string location;           // empty: <warehouse>/<ns path>/<name>
  std::map<std::string, std::string> properties;
};

/// The catalog interface. Thread-safe: many threads (and processes, for the
/// SQL catalog) may use one catalog at once. Errors: NotFound for a missing
/// namespace or table, AlreadyExists, Conflict when a commit's
/// requirements do not hold (nothing changed), CommitStateUnknown when a
/// commit's outcome could not be determined (nothing deleted, caller must
/// check before retrying).
class Catalog {
 public:
  virtual ~Catalog() = default;

  /// The catalog's name ("iceberg").
  virtual const std::string& name() const = 0;
  /// Where data and metadata files are written and read.
  virtual std::shared_ptr<io::FileIO> file_io() const = 0;

  virtual Status CreateNamespace(const Namespace& ns,
                                 const std::map<std::string, std::string>& properties) = 0;
  /// The namespaces directly under `parent` (empty: the top level).
  virtual Result<std::vector<Namespace>> ListNamespaces(const Namespace& parent) = 0;
  virtual Result<bool> NamespaceExists(const Namespace& ns) = 0;
  virtual Result<std::map<std::string, std::string>> LoadNamespaceProperties(
      const Namespace& ns) = 0;
  virtual Status UpdateNamespaceProperties(const Namespace& ns,
                                           const std::map<std::string, std::string>& updates,
                                           const std::vector<std::string>& removals) = 0;
  /// Invalid ("not empty") when the namespace holds tables.
  virtual Status DropNamespace(const Namespace& ns) = 0;

  virtual Result<std::vector<TableIdentifier>> ListTables(const Namespace& ns) = 0;
  virtual Result<bool> TableExists(const TableIdentifier& id) = 0;
  /// Writes the first metadata file and registers it.
  virtual Result<LoadedTable> CreateTable(const TableIdentifier& id,
                                          const TableCreation& creation) = 0;
  virtual Result<LoadedTable> LoadTable(const TableIdentifier& id) = 0;
  /// Registers an existing metadata file under a new name.
  virtual Result<LoadedTable> RegisterTable(const TableIdentifier& id,
                                            const std::string& metadata_location) = 0;
  /// Removes the table from the catalog; with `purge`, also deletes every
  /// file its metadata reaches (data, deletes, manifests, lists, metadata).
  virtual Status DropTable(const TableIdentifier& id, bool purge) = 0;
  virtual Status RenameTable(const TableIdentifier& from, const TableIdentifier& to) = 0;

  /// Checks `requirements` against the current metadata, applies `updates`,
  /// writes the new metadata file and swaps the table's pointer to it
  /// atomically. Returns the table as committed.
  virtual Result<LoadedTable> CommitTable(
      const TableIdentifier& id, const std::vector<iceberg::TableRequirement>& requirements,
      const std::vector<iceberg::TableUpdate>& updates) = 0;
};

/// Every file of a table, for a purge: its metadata files, statistics,
/// manifest lists, manifests, data and delete files (manifests that cannot
/// be read are skipped, so a damaged table can still be purged).
std::vector<std::string> TableFiles(io::FileIO* io, const LoadedTable& table);

/// Deletes every file of `paths` through `io`, going on after a failure;
/// files already gone are not errors. Returns the first other error (with
/// the number of files that could not be deleted). Thread-safe if `io` is.
Status PurgeFiles(io::FileIO* io, const std::vector<std::string>& paths);

}  // namespace floe::catalog
