#pragma once

// Binding queries: names resolved against tables (through the catalog),
// CTEs, subqueries and select aliases; aggregates, GROUP BY, HAVING,
// DISTINCT, ORDER BY, LIMIT, set operations and joins turned into a logical
// plan. Errors as Trino's, with line:column.

#include <memory>
#include <string>

#include "common/result.h"
#include "sql/parser/ast.h"
#include "sql/plan/logical_plan.h"

namespace floe::catalog {
class Catalog;
}

namespace floe::sql {

/// Resolves the table names of a query.
class TableResolver {
 public:
  virtual ~TableResolver() = default;
  /// The table `name` (table, schema.table or catalog.schema.table) names.
  /// NotFound as Trino says it: "Table 'iceberg.demo.x' does not exist".
  virtual Result<std::shared_ptr<TableHandle>> ResolveTable(const QualifiedName& name) = 0;
  /// The storage that external files named `path` (read_csv('...')) are
  /// read through: by default the local file system for plain paths and
  /// file:// URIs; NotSupported for other schemes.
  virtual Result<std::shared_ptr<io::FileIO>> ExternalFileIO(const std::string& path);
  /// The name SQL knows the resolver's catalog by ("iceberg").
  virtual std::string CatalogName() const { return "iceberg"; }
};

/// Tables of one catalog, known to SQL as `catalog_name` (Trino's
/// "iceberg"), with `default_schema` for unqualified names.
class CatalogTableResolver : public TableResolver {
 public:
  /// `catalog` must outlive the resolver.
  CatalogTableResolver(catalog::Catalog* catalog, std::string catalog_name,
                       std::string default_schema);
  Result<std::shared_ptr<TableHandle>> ResolveTable(const QualifiedName& name) override;
  std::string CatalogName() const override { return catalog_name_; }

 private:
  catalog::Catalog* catalog_;
  std::string catalog_name_;
  std::string default_schema_;
};

/// The logical plan of `query`; its output columns carry the names a
/// client sees. Tables are loaded through `resolver` as the binder meets them.
Result<LogicalOpPtr> BindQuery(const Query& query, TableResolver* resolver);

}  // namespace floe::sql
