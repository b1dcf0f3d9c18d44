#pragma once

// The table functions that read external files: read_csv, read_json and
// read_parquet, with DuckDB's option names and Trino's call syntax
// (`name => value`, `columns => DESCRIPTOR(id bigint, name varchar)`).

#include "common/result.h"
#include "sql/parser/ast.h"
#include "sql/plan/logical_plan.h"

namespace floe::sql {

class TableResolver;

/// Whether `name` is one of the file-reading table functions.
bool IsFileTableFunction(const QualifiedName& name);

/// Binds a call of a file-reading table function (a kFunction relation):
/// expands its paths (a path, an array of paths, globs) through the
/// resolver's FileIO for them, infers or takes the columns, and returns a
/// kFileScan node. Errors name the argument or file at fault.
Result<LogicalOpPtr> BindFileTableFunction(const Relation& call, TableResolver* resolver);

}  // namespace floe::sql
