#pragma once

// Iceberg metadata tables ("sales$snapshots") as Trino's connector has them.

#include <string>

#include "common/result.h"
#include "sql/plan/logical_plan.h"

namespace floe::sql {

/// Whether a table name names a metadata table ("t$files").
bool IsMetadataTableName(const std::string& name);

/// The rows of metadata table `kind` ("snapshots", "history", "refs",
/// "properties", "files", "manifests", "partitions") of the table, as a
/// Values operator with Trino's columns. NotFound for other kinds.
Result<LogicalOpPtr> BindMetadataTable(const TableHandle& handle, const std::string& kind);

}  // namespace floe::sql
