#include "catalog/catalog_table_operations.h"

namespace floe::catalog {

Result<std::unique_ptr<CatalogTableOperations>> CatalogTableOperations::Load(
    std::shared_ptr<Catalog> catalog, TableIdentifier id) {
  auto ops = std::unique_ptr<CatalogTableOperations>(new CatalogTableOperations());
  FLOE_ASSIGN_OR_RETURN(ops->table_, catalog->LoadTable(id));
  ops->io_ = catalog->file_io();
  ops->catalog_ = std::move(catalog);
  return ops;
}

Status CatalogTableOperations::Refresh() {
  FLOE_ASSIGN_OR_RETURN(table_, catalog_->LoadTable(table_.identifier));
  return Status::OK();
}

Status CatalogTableOperations::Commit(const std::vector<iceberg::TableRequirement>& requirements,
                                      const std::vector<iceberg::TableUpdate>& updates) {
  FLOE_ASSIGN_OR_RETURN(table_, catalog_->CommitTable(table_.identifier, requirements, updates));
  return Status::OK();
}

}  // namespace floe::catalog
