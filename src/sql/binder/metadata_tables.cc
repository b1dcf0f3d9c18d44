// Iceberg metadata tables as Trino's Iceberg connector names them
// (https://trino.io/docs/current/connector/iceberg.html#metadata-tables):
// "t$snapshots", "t$history", "t$refs", "t$properties", "t$files",
// "t$manifests", "t$partitions", with Trino's columns. Their rows come from
// the table's metadata (and, for files, manifests and partitions, from the
// current snapshot's manifests) when the query is bound.

#include "sql/binder/metadata_tables.h"

#include <algorithm>
#include <functional>
#include <map>
#include <set>
#include <type_traits>

#include "common/date_time.h"
#include "common/str_cat.h"
#include "iceberg/manifest.h"
#include "iceberg/table_scan.h"
#include "sql/query_registry.h"

namespace floe::sql {

namespace {

using columnar::Vector;

// A one-row constant of `type` written by `fill`.
BoundExprPtr Constant(const LogicalType& type, const std::function<Status(Vector*)>& fill) {
  auto v = Vector::Make(type, MemoryPool::Default(), 1).ValueOrDie();
  if (!fill(v.get()).ok()) return BoundExpr::Null(type);
  v->set_size(1);
  v->MakeConstant(1);
  auto e = std::make_unique<BoundExpr>();
  e->kind = BoundExpr::Kind::kConstant;
  e->type = type;
  e->constant = std::move(v);
  return e;
}

BoundExprPtr TimestampTzMillis(int64_t ms) {
  // timestamp(3) with time zone in UTC, held as microseconds.
  return Constant(LogicalType::TimestampTz(3), [&](Vector* v) {
    v->mutable_data<int64_t>()[0] = ms * 1000;
    return Status::OK();
  });
}

BoundExprPtr OptionalBigInt(const std::optional<int64_t>& v) {
  return v ? BoundExpr::BigInt(*v) : BoundExpr::Null(LogicalType::BigInt());
}

BoundExprPtr OptionalInteger(const std::optional<int64_t>& v) {
  return v ? BoundExpr::Integer(static_cast<int32_t>(*v)) : BoundExpr::Null(LogicalType::Integer());
}

// A map constant of `entries` (key and value types given).
template <typename K, typename V>
BoundExprPtr MapOf(const LogicalType& key_type, const LogicalType& value_type,
                   const std::vector<std::pair<K, V>>& entries) {
  const LogicalType type = LogicalType::Map(key_type, value_type);
  return Constant(type, [&](Vector* v) {
    auto& keys = *v->children()[0];
    auto& values = *v->children()[1];
    const int64_t n = static_cast<int64_t>(entries.size());
    FLOE_RETURN_NOT_OK(keys.Reserve(std::max<int64_t>(n, 1)));
    FLOE_RETURN_NOT_OK(values.Reserve(std::max<int64_t>(n, 1)));
    auto set = [](Vector* out, int64_t i, const auto& x) -> Status {
      using T = std::decay_t<decltype(x)>;
      if constexpr (std::is_same_v<T, std::string>) {
        return out->SetString(i, x);
      } else {
        out->mutable_data<T>()[i] = x;
        return Status::OK();
      }
    };
    for (int64_t i = 0; i < n; ++i) {
      FLOE_RETURN_NOT_OK(set(&keys, i, entries[static_cast<size_t>(i)].first));
      FLOE_RETURN_NOT_OK(set(&values, i, entries[static_cast<size_t>(i)].second));
    }
    keys.set_size(n);
    values.set_size(n);
    v->mutable_list_entries()[0] = {0, static_cast<uint32_t>(n)};
    return Status::OK();
  });
}

BoundExprPtr StringMap(const std::vector<std::pair<std::string, std::string>>& entries) {
  return MapOf(LogicalType::Varchar(), LogicalType::Varchar(), entries);
}

// map(integer, bigint) of per-column counts (Trino's $files columns).
BoundExprPtr CountMap(const std::vector<std::pair<int32_t, int64_t>>& entries) {
  return MapOf(LogicalType::Integer(), LogicalType::BigInt(), entries);
}

struct Table {
  std::vector<PlanColumn> columns;
  std::vector<std::vector<BoundExprPtr>> rows;
};

Table Snapshots(const iceberg::TableMetadata& md) {
  Table t;
  t.columns = {{"committed_at", LogicalType::TimestampTz(3)},
               {"snapshot_id", LogicalType::BigInt()},
               {"parent_id", LogicalType::BigInt()},
               {"operation", LogicalType::Varchar()},
               {"manifest_list", LogicalType::Varchar()},
               {"summary", LogicalType::Map(LogicalType::Varchar(), LogicalType::Varchar())}};
  for (const auto& s : md.snapshots) {
    std::vector<BoundExprPtr> row;
    row.push_back(TimestampTzMillis(s.timestamp_ms));
    row.push_back(BoundExpr::BigInt(s.snapshot_id));
    row.push_back(OptionalBigInt(s.parent_snapshot_id));
    row.push_back(BoundExpr::Varchar(s.operation()));
    row.push_back(BoundExpr::Varchar(s.manifest_list));
    std::vector<std::pair<std::string, std::string>> summary;
    for (const auto& [k, v] : s.summary) {
      if (k != "operation") summary.emplace_back(k, v);
    }
    row.push_back(StringMap(summary));
    t.rows.push_back(std::move(row));
  }
  return t;
}

// Whether `id` is an ancestor of (or is) the current snapshot.
bool IsCurrentAncestor(const iceberg::TableMetadata& md, int64_t id) {
  const iceberg::Snapshot* s = md.current_snapshot();
  std::set<int64_t> seen;
  while (s != nullptr && seen.insert(s->snapshot_id).second) {
    if (s->snapshot_id == id) return true;
    if (!s->parent_snapshot_id) return false;
    s = md.SnapshotById(*s->parent_snapshot_id);
  }
  return false;
}

Table History(const iceberg::TableMetadata& md) {
  Table t;
  t.columns = {{"made_current_at", LogicalType::TimestampTz(3)},
               {"snapshot_id", LogicalType::BigInt()},
               {"parent_id", LogicalType::BigInt()},
               {"is_current_ancestor", LogicalType::Boolean()}};
  for (const auto& e : md.snapshot_log) {
    const iceberg::Snapshot* s = md.SnapshotById(e.snapshot_id);
    std::vector<BoundExprPtr> row;
    row.push_back(TimestampTzMillis(e.timestamp_ms));
    row.push_back(BoundExpr::BigInt(e.snapshot_id));
    row.push_back(OptionalBigInt(s ? s->parent_snapshot_id : std::nullopt));
    row.push_back(BoundExpr::Boolean(IsCurrentAncestor(md, e.snapshot_id)));
    t.rows.push_back(std::move(row));
  }
  return t;
}

Table Refs(const iceberg::TableMetadata& md) {
  Table t;
  t.columns = {{"name", LogicalType::Varchar()},
               {"type", LogicalType::Varchar()},
               {"snapshot_id", LogicalType::BigInt()},
               {"max_reference_age_in_ms", LogicalType::BigInt()},
               {"min_snapshots_to_keep", LogicalType::Integer()},
               {"max_snapshot_age_in_ms", LogicalType::BigInt()}};
  for (const auto& [name, ref] : md.refs) {
    std::vector<BoundExprPtr> row;
    row.push_back(BoundExpr::Varchar(name));
    row.push_back(BoundExpr::Varchar(ref.is_branch ? "BRANCH" : "TAG"));
    row.push_back(BoundExpr::BigInt(ref.snapshot_id));
    row.push_back(OptionalBigInt(ref.max_ref_age_ms));
    row.push_back(OptionalInteger(ref.min_snapshots_to_keep
                                      ? std::optional<int64_t>(*ref.min_snapshots_to_keep)
                                      : std::nullopt));
    row.push_back(OptionalBigInt(ref.max_snapshot_age_ms));
    t.rows.push_back(std::move(row));
  }
  return t;
}

Table Properties(const iceberg::TableMetadata& md) {
  Table t;
  t.columns = {{"key", LogicalType::Varchar()}, {"value", LogicalType::Varchar()}};
  for (const auto& [k, v] : md.properties) {
    std::vector<BoundExprPtr> row;
    row.push_back(BoundExpr::Varchar(k));
    row.push_back(BoundExpr::Varchar(v));
    t.rows.push_back(std::move(row));
  }
  return t;
}

int32_t ContentCode(iceberg::FileContent c) {
  switch (c) {
    case iceberg::FileContent::kData:
      return 0;
    case iceberg::FileContent::kPositionDeletes:
      return 1;
    case iceberg::FileContent::kEqualityDeletes:
      return 2;
  }
  return 0;
}

// The partition tuple as Trino prints it in $files and $partitions: a
// row of the partition fields, here as their text ("{order_ts_day=2025-01-01}").
std::string PartitionText(const iceberg::TableMetadata& md, const iceberg::PartitionSpec* spec,
                          const std::vector<iceberg::Literal>& values) {
  const iceberg::Schema* schema = md.current_schema();
  std::string out = "{";
  for (size_t i = 0; i < values.size(); ++i) {
    std::string name = StrCat("field", i), text = "null";
    if (spec != nullptr && i < spec->fields.size()) {
      const iceberg::PartitionField& f = spec->fields[i];
      name = f.name;
      const iceberg::NestedField* source =
          schema != nullptr ? schema->FindField(f.source_id) : nullptr;
      if (source != nullptr) {
        text = f.transform.ToHumanString(values[i], *f.transform.ResultType(source->type));
      }
    }
    out += StrCat(i ? ", " : "", name, "=", text);
  }
  return out + "}";
}

Result<Table> Files(const TableHandle& handle) {
  const iceberg::TableMetadata& md = *handle.metadata;
  Table t;
  t.columns = {
      {"content", LogicalType::Integer()},
      {"file_path", LogicalType::Varchar()},
      {"file_format", LogicalType::Varchar()},
      {"partition", LogicalType::Varchar()},
      {"record_count", LogicalType::BigInt()},
      {"file_size_in_bytes", LogicalType::BigInt()},
      {"column_sizes", LogicalType::Map(LogicalType::Integer(), LogicalType::BigInt())},
      {"value_counts", LogicalType::Map(LogicalType::Integer(), LogicalType::BigInt())},
      {"null_value_counts", LogicalType::Map(LogicalType::Integer(), LogicalType::BigInt())},
      {"nan_value_counts", LogicalType::Map(LogicalType::Integer(), LogicalType::BigInt())},
      {"spec_id", LogicalType::Integer()}};
  if (md.current_snapshot() == nullptr) return t;
  FLOE_ASSIGN_OR_RETURN(iceberg::ScanPlan plan,
                        iceberg::PlanScan(handle.io.get(), md, iceberg::ScanOptions{}));
  std::set<std::string> seen;
  auto add = [&](const iceberg::DataFile& f) {
    if (!seen.insert(f.file_path).second) return;
    std::vector<BoundExprPtr> row;
    row.push_back(BoundExpr::Integer(ContentCode(f.content)));
    row.push_back(BoundExpr::Varchar(f.file_path));
    row.push_back(BoundExpr::Varchar(f.file_format));
    row.push_back(BoundExpr::Varchar(PartitionText(md, md.SpecById(f.spec_id), f.partition)));
    row.push_back(BoundExpr::BigInt(f.record_count));
    row.push_back(BoundExpr::BigInt(f.file_size_in_bytes));
    row.push_back(CountMap(f.column_sizes));
    row.push_back(CountMap(f.value_counts));
    row.push_back(CountMap(f.null_value_counts));
    row.push_back(CountMap(f.nan_value_counts));
    row.push_back(BoundExpr::Integer(f.spec_id));
    t.rows.push_back(std::move(row));
  };
  for (const auto& task : plan.tasks) {
    add(*task.file);
    for (const auto& d : task.deletes) add(*d);
  }
  return t;
}

Result<Table> Partitions(const TableHandle& handle) {
  const iceberg::TableMetadata& md = *handle.metadata;
  Table t;
  t.columns = {{"partition", LogicalType::Varchar()},
               {"record_count", LogicalType::BigInt()},
               {"file_count", LogicalType::BigInt()},
               {"total_size", LogicalType::BigInt()}};
  if (md.current_snapshot() == nullptr) return t;
  FLOE_ASSIGN_OR_RETURN(iceberg::ScanPlan plan,
                        iceberg::PlanScan(handle.io.get(), md, iceberg::ScanOptions{}));
  struct Sums {
    int64_t records = 0, files = 0, bytes = 0;
  };
  std::map<std::string, Sums> by_partition;
  for (const auto& task : plan.tasks) {
    const iceberg::DataFile& f = *task.file;
    Sums& s = by_partition[PartitionText(md, md.SpecById(f.spec_id), f.partition)];
    s.records += f.record_count;
    s.files += 1;
    s.bytes += f.file_size_in_bytes;
  }
  for (const auto& [partition, s] : by_partition) {
    std::vector<BoundExprPtr> row;
    row.push_back(BoundExpr::Varchar(partition));
    row.push_back(BoundExpr::BigInt(s.records));
    row.push_back(BoundExpr::BigInt(s.files));
    row.push_back(BoundExpr::BigInt(s.bytes));
    t.rows.push_back(std::move(row));
  }
  return t;
}

Result<Table> Manifests(const TableHandle& handle) {
  const iceberg::TableMetadata& md = *handle.metadata;
  Table t;
  t.columns = {{"path", LogicalType::Varchar()},
               {"length", LogicalType::BigInt()},
               {"partition_spec_id", LogicalType::Integer()},
               {"added_snapshot_id", LogicalType::BigInt()},
               {"added_data_files_count", LogicalType::Integer()},
               {"added_rows_count", LogicalType::BigInt()},
               {"existing_data_files_count", LogicalType::Integer()},
               {"existing_rows_count", LogicalType::BigInt()},
               {"deleted_data_files_count", LogicalType::Integer()},
               {"deleted_rows_count", LogicalType::BigInt()}};
  const iceberg::Snapshot* current = md.current_snapshot();
  if (current == nullptr) return t;
  FLOE_ASSIGN_OR_RETURN(auto manifests, iceberg::SnapshotManifests(handle.io.get(), md, *current));
  for (const auto& m : manifests) {
    std::vector<BoundExprPtr> row;
    row.push_back(BoundExpr::Varchar(m.manifest_path));
    row.push_back(BoundExpr::BigInt(m.manifest_length));
    row.push_back(BoundExpr::Integer(m.partition_spec_id));
    row.push_back(BoundExpr::BigInt(m.added_snapshot_id));
    row.push_back(OptionalInteger(m.added_files_count));
    row.push_back(OptionalBigInt(m.added_rows_count));
    row.push_back(OptionalInteger(m.existing_files_count));
    row.push_back(OptionalBigInt(m.existing_rows_count));
    row.push_back(OptionalInteger(m.deleted_files_count));
    row.push_back(OptionalBigInt(m.deleted_rows_count));
    t.rows.push_back(std::move(row));
  }
  return t;
}

BoundExprPtr OptionalVarchar(const std::string& s) {
  return s.empty() ? BoundExpr::Null(LogicalType::Varchar()) : BoundExpr::Varchar(s);
}

// system.runtime.queries: the statements of this process, running and recent.
Table RuntimeQueries() {
  Table t;
  const LogicalType ts = LogicalType::TimestampTz(3);
  t.columns = {{"query_id", LogicalType::Varchar()},
               {"state", LogicalType::Varchar()},
               {"user", LogicalType::Varchar()},
               {"source", LogicalType::Varchar()},
               {"query", LogicalType::Varchar()},
               {"resource_group_id", LogicalType::List(LogicalType::Varchar())},
               {"queued_time_ms", LogicalType::BigInt()},
               {"analysis_time_ms", LogicalType::BigInt()},
               {"planning_time_ms", LogicalType::BigInt()},
               {"created", ts},
               {"started", ts},
               {"last_heartbeat", ts},
               {"end", ts},
               {"error_type", LogicalType::Varchar()},
               {"error_code", LogicalType::Varchar()}};
  const int64_t now = NowMillis();
  for (const QueryInfo& q : QueryRegistry::Global().List()) {
    std::vector<BoundExprPtr> row;
    row.push_back(BoundExpr::Varchar(q.query_id));
    row.push_back(BoundExpr::Varchar(q.state));
    row.push_back(BoundExpr::Varchar(q.user));
    row.push_back(OptionalVarchar(q.source));
    row.push_back(BoundExpr::Varchar(q.query));
    row.push_back(BoundExpr::Null(LogicalType::List(LogicalType::Varchar())));
    row.push_back(
        BoundExpr::BigInt(0));  // no queueing yet (admission control comes with the server)
    row.push_back(BoundExpr::Null(LogicalType::BigInt()));
    row.push_back(BoundExpr::Null(LogicalType::BigInt()));
    row.push_back(TimestampTzMillis(q.created_ms));
    row.push_back(TimestampTzMillis(q.created_ms));
    row.push_back(TimestampTzMillis(q.end_ms != 0 ? q.end_ms : now));
    row.push_back(q.end_ms != 0 ? TimestampTzMillis(q.end_ms) : BoundExpr::Null(ts));
    row.push_back(OptionalVarchar(q.error_type));
    row.push_back(OptionalVarchar(q.error_code));
    t.rows.push_back(std::move(row));
  }
  return t;
}

// system.metadata.table_properties: what CREATE TABLE ... WITH (...) takes.
Table TableProperties(const std::string& catalog) {
  Table t;
  t.columns = {{"catalog_name", LogicalType::Varchar()},
               {"property_name", LogicalType::Varchar()},
               {"default_value", LogicalType::Varchar()},
               {"type", LogicalType::Varchar()},
               {"description", LogicalType::Varchar()}};
  for (const TablePropertyInfo& p : IcebergTableProperties()) {
    std::vector<BoundExprPtr> row;
    row.push_back(BoundExpr::Varchar(catalog));
    row.push_back(BoundExpr::Varchar(p.name));
    row.push_back(BoundExpr::Varchar(p.default_value));
    row.push_back(BoundExpr::Varchar(p.type));
    row.push_back(BoundExpr::Varchar(p.description));
    t.rows.push_back(std::move(row));
  }
  return t;
}

LogicalOpPtr ValuesOf(Table t) {
  auto op = std::make_unique<LogicalOp>();
  op->kind = LogicalOp::Kind::kValues;
  op->columns = std::move(t.columns);
  op->rows = std::move(t.rows);
  return op;
}

}  // namespace

const std::vector<TablePropertyInfo>& IcebergTableProperties() {
  static const std::vector<TablePropertyInfo> kProperties = {
      {"format", "PARQUET", "varchar", "File format for the table (PARQUET)"},
      {"format_version", "2", "integer", "Iceberg table format version"},
      {"location", "", "varchar", "File system location URI for the table"},
      {"partitioning", "[]", "array(varchar)",
       "Partition transforms: 'day(order_ts)', 'bucket(id, 16)', 'truncate(name, 4)', ..."},
      {"sorted_by", "[]", "array(varchar)", "Sort order of the rows written: 'col [DESC]', ..."},
  };
  return kProperties;
}

bool IsSystemTableName(const QualifiedName& name) {
  return name.parts.size() == 3 && name.parts[0] == "system";
}

Result<LogicalOpPtr> BindSystemTable(const QualifiedName& name, const std::string& catalog) {
  const std::string table = name.parts[1] + "." + name.parts[2];
  if (table == "runtime.queries") return ValuesOf(RuntimeQueries());
  if (table == "metadata.table_properties") return ValuesOf(TableProperties(catalog));
  return Status::NotFound("Table 'system.", table,
                          "' does not exist (system has runtime.queries and "
                          "metadata.table_properties)");
}

bool IsMetadataTableName(const std::string& name) { return name.find('$') != std::string::npos; }

Result<LogicalOpPtr> BindMetadataTable(const TableHandle& handle, const std::string& kind) {
  const iceberg::TableMetadata& md = *handle.metadata;
  Table t;
  if (kind == "snapshots") {
    t = Snapshots(md);
  } else if (kind == "history") {
    t = History(md);
  } else if (kind == "refs") {
    t = Refs(md);
  } else if (kind == "properties") {
    t = Properties(md);
  } else if (kind == "files") {
    FLOE_ASSIGN_OR_RETURN(t, Files(handle));
  } else if (kind == "partitions") {
    FLOE_ASSIGN_OR_RETURN(t, Partitions(handle));
  } else if (kind == "manifests") {
    FLOE_ASSIGN_OR_RETURN(t, Manifests(handle));
  } else {
    return Status::NotFound("Table '", handle.FullName(), "$", kind, "' does not exist");
  }
  auto op = std::make_unique<LogicalOp>();
  op->kind = LogicalOp::Kind::kValues;
  op->columns = std::move(t.columns);
  op->rows = std::move(t.rows);
  return op;
}

}  // namespace floe::sql
