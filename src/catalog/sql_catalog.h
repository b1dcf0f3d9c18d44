#pragma once

// The SQL catalog: table pointers and namespace properties in a database,
// in the tables Iceberg's JDBC catalog uses (iceberg_tables,
// iceberg_namespace_properties), so that Java's JdbcCatalog and PyIceberg's
// SqlCatalog can open the same database. SQLite today; the statements are
// kept portable for PostgreSQL.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "catalog/catalog.h"

namespace floe::catalog {

/// Where SqlCatalogOptions::testing_swap_hook is called during a commit.
enum class SwapPhase : uint8_t {
  /// Before the compare-and-swap UPDATE is sent: an error returned means
  /// the UPDATE never ran, and the commit sees that error from it.
  kBeforeSwap,
  /// After the UPDATE ran: an error returned replaces its answer, as when
  /// the acknowledgement of an executed statement is lost.
  kAfterSwap,
  /// Before each read-back of the table's pointer that learns the outcome
  /// of a failed swap: an error returned makes that read fail.
  kCheckState,
};

/// How to open a SqlCatalog.
struct SqlCatalogOptions {
  /// The catalog_name column: several catalogs may share one database.
  std::string name = "iceberg";
  /// The SQLite database file (created when missing).
  std::string database_path;
  /// Where new tables go: <warehouse>/<ns levels joined by '/'>/<table>.
  /// A local path or a URI; only ever used through `file_io`.
  std::string warehouse;
  /// Every metadata file is read and written through this.
  std::shared_ptr<io::FileIO> file_io;
  /// Idle database connections kept for reuse.
  int max_idle_connections = 4;
  /// Test seam around the commit's compare-and-swap (see SwapPhase); not
  /// set in production. Called from the committing thread.
  std::function<Status(SwapPhase phase, const TableIdentifier& table,
                       const std::string& new_metadata_location)>
      testing_swap_hook;
};

/// A Catalog on SQLite in the JDBC catalog's schema. Thread-safe, and safe
/// across processes sharing the database file: every table change is a
/// single compare-and-swap on metadata_location (WAL journal, synchronous
/// FULL, so an acknowledged commit survives power loss). Commits retry on
/// concurrent changes per the table's commit.retry.* properties.
class SqlCatalog : public Catalog {
 public:
  /// Opens (creating if needed) the database and its two tables. Invalid
  /// when an option is missing; IOError when the database cannot be opened.
  static Result<std::shared_ptr<SqlCatalog>> Open(SqlCatalogOptions options);
  ~SqlCatalog() override;
  SqlCatalog(const SqlCatalog&) = delete;
  SqlCatalog& operator=(const SqlCatalog&) = delete;

  const std::string& name() const override { return options_.name; }
  std::shared_ptr<io::FileIO> file_io() const override { return options_.file_io; }

  Status CreateNamespace(const Namespace& ns,
                         const std::map<std::string, std::string>& properties) override;
  Result<std::vector<Namespace>> ListNamespaces(const Namespace& parent) override;
  Result<bool> NamespaceExists(const Namespace& ns) override;
  /// The namespace's properties; "location" defaults to its warehouse
  /// directory, as in Java.
  Result<std::map<std::string, std::string>> LoadNamespaceProperties(const Namespace& ns) override;
  Status UpdateNamespaceProperties(const Namespace& ns,
                                   const std::map<std::string, std::string>& updates,
                                   const std::vector<std::string>& removals) override;
  /// Invalid when the namespace holds tables, views or other namespaces.
  Status DropNamespace(const Namespace& ns) override;

  Result<std::vector<TableIdentifier>> ListTables(const Namespace& ns) override;
  Result<bool> TableExists(const TableIdentifier& id) override;
  Result<LoadedTable> CreateTable(const TableIdentifier& id,
                                  const TableCreation& creation) override;
  Result<LoadedTable> LoadTable(const TableIdentifier& id) override;
  Result<LoadedTable> RegisterTable(const TableIdentifier& id,
                                    const std::string& metadata_location) override;
  /// With `purge`, deletes TableFiles() after the row is gone,
  /// best effort (as Java does): failures to delete are not reported.
  Status DropTable(const TableIdentifier& id, bool purge) override;
  Status RenameTable(const TableIdentifier& from, const TableIdentifier& to) override;
  Result<LoadedTable> CommitTable(const TableIdentifier& id,
                                  const std::vector<iceberg::TableRequirement>& requirements,
                                  const std::vector<iceberg::TableUpdate>& updates) override;

 private:
  class Database;
  enum class SwapOutcome : uint8_t { kSwapped, kNotSwapped };

  SqlCatalog(SqlCatalogOptions options, std::unique_ptr<Database> db);
  Result<std::optional<std::string>> ReadMetadataLocation(const TableIdentifier& id);
  Result<iceberg::TableMetadata> ReadMetadata(const TableIdentifier& id,
                                              const std::string& location);
  Status WriteMetadata(const std::string& location, const iceberg::TableMetadata& metadata);
  /// The compare-and-swap; when it fails, reads the pointer back (per the
  /// commit.status-check.* properties) to learn whether it happened.
  /// CommitStateUnknown when that cannot be learned.
  Result<SwapOutcome> Swap(const TableIdentifier& id, const std::string& old_location,
                           const std::string& new_location,
                           const std::map<std::string, std::string>& properties);
  std::string DefaultTableLocation(const TableIdentifier& id) const;

  SqlCatalogOptions options_;
  std::unique_ptr<Database> db_;
};

}  // namespace floe::catalog
