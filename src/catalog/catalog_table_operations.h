#pragma once

#include <memory>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "iceberg/table_operations.h"

namespace floe::catalog {

/// A catalog table as Iceberg's write path sees it: current metadata from
/// the catalog, commits through Catalog::CommitTable. One writer at a time.
class CatalogTableOperations final : public iceberg::TableOperations {
 public:
  /// Loads the table; NotFound when it does not exist.
  static Result<std::unique_ptr<CatalogTableOperations>> Load(std::shared_ptr<Catalog> catalog,
                                                              TableIdentifier id);

  io::FileIO* io() const override { return io_.get(); }
  const iceberg::TableMetadata& current() const override { return table_.metadata; }
  std::string metadata_location() const override { return table_.metadata_location; }
  Status Refresh() override;
  Status Commit(const std::vector<iceberg::TableRequirement>& requirements,
                const std::vector<iceberg::TableUpdate>& updates) override;

 private:
  CatalogTableOperations() = default;
  std::shared_ptr<Catalog> catalog_;
  std::shared_ptr<io::FileIO> io_;
  LoadedTable table_;
};

}  // namespace floe::catalog
