#pragma once

// Iceberg metadata tables ("sales$snapshots") as Trino's connector has them.

#include <string>

#include "common/result.h"
#include "sql/parser/ast.h"
#include "sql/plan/logical_plan.h"

namespace floe::sql {

/// A table property of CREATE TABLE ... WITH (...).
struct TablePropertyInfo {
  std::string name, default_value, type, description;
};
/// The properties floe's Iceberg catalog takes, as Trino's connector names them.
const std::vector<TablePropertyInfo>& IcebergTableProperties();

/// Whether `name` is a table of the `system` catalog (system.runtime.queries).
bool IsSystemTableName(const QualifiedName& name);
/// system.runtime.queries (this process's running and recent statements)
/// and system.metadata.table_properties (for `catalog`) as Values.
Result<LogicalOpPtr> BindSystemTable(const QualifiedName& name, const std::string& catalog);

/// Whether a table name names a metadata table ("t$files").
bool IsMetadataTableName(const std::string& name);

/// The rows of metadata table `kind` ("snapshots", "history", "refs",
/// "properties", "files", "manifests", "partitions") of the table, as a
/// Values operator with Trino's columns. NotFound for other kinds.
Result<LogicalOpPtr> BindMetadataTable(const TableHandle& handle, const std::string& kind);

}  // namespace floe::sql
