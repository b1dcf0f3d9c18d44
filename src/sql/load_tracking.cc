// ETL bookkeeping of statements that read external files (read_csv, ...):
// the rows their reads rejected (a warning, and the rejects table), and the
// source files a load records in its snapshot summary, so that loading a
// file twice by mistake is visible.

#include <map>
#include <set>

#include "catalog/catalog.h"
#include "catalog/catalog_table_operations.h"
#include "common/date_time.h"
#include "common/json.h"
#include "common/str_cat.h"
#include "iceberg/data_reader.h"
#include "iceberg/snapshot_update.h"
#include "iceberg/table_writer.h"
#include "sql/exec/file_scan.h"
#include "sql/statement_internal.h"

namespace floe::sql {

namespace {

constexpr const char* kSourceFilesKey = "floe.source-files";
// Beyond this many files a load's summary lists only the first ones.
constexpr size_t kMaxRecordedFiles = 1000;

// "t", "s.t" or "catalog.s.t" against the session.
Result<catalog::TableIdentifier> RejectsTableId(const std::string& name, const Session& session) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    const size_t dot = name.find('.', start);
    parts.push_back(AsciiLower(name.substr(start, dot - start)));
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  for (const auto& p : parts) {
    if (p.empty() || parts.size() > 3) {
      return Status::Invalid("rejects_table: '", name, "' is not a table name ([schema.]table)");
    }
  }
  if (parts.size() == 3 && parts[0] != session.catalog) {
    return Status::Invalid("rejects_table: catalog '", parts[0], "' does not exist");
  }
  catalog::TableIdentifier id;
  id.ns = {parts.size() >= 2 ? parts[parts.size() - 2] : session.schema};
  id.name = parts.back();
  return id;
}

struct RejectColumn {
  const char* name;
  LogicalType type;
};

const std::vector<RejectColumn>& RejectColumns() {
  static const std::vector<RejectColumn> kColumns = {
      {"loaded_at", LogicalType::TimestampTz(6)},
      {"source", LogicalType::Varchar()},
      {"target", LogicalType::Varchar()},
      {"file", LogicalType::Varchar()},
      {"line", LogicalType::BigInt()},
      {"column", LogicalType::BigInt()},
      {"column_name", LogicalType::Varchar()},
      {"raw_text", LogicalType::Varchar()},
      {"reason", LogicalType::Varchar()},
  };
  return kColumns;
}

// Appends the rejected rows to the table `id`, created when missing.
Status WriteRejects(catalog::Catalog* catalog, const catalog::TableIdentifier& id,
                    const std::string& source, const std::string& target,
                    const std::vector<formats::text::RejectedRow>& rows, int64_t now_micros) {
  FLOE_ASSIGN_OR_RETURN(bool exists, catalog->TableExists(id));
  if (!exists) {
    std::vector<iceberg::NestedField> fields;
    const auto& columns = RejectColumns();
    int32_t next_id = static_cast<int32_t>(columns.size()) + 1;
    for (size_t i = 0; i < columns.size(); ++i) {
      FLOE_ASSIGN_OR_RETURN(auto type, iceberg::IcebergTypeOf(columns[i].type, &next_id));
      fields.push_back(
          iceberg::NestedField::Optional(static_cast<int32_t>(i) + 1, columns[i].name, type));
    }
    catalog::TableCreation creation;
    creation.schema = iceberg::Schema(0, std::move(fields));
    FLOE_RETURN_NOT_OK(catalog->CreateTable(id, creation).status());
  }
  std::shared_ptr<catalog::Catalog> shared(catalog, [](catalog::Catalog*) {});
  FLOE_ASSIGN_OR_RETURN(auto ops, catalog::CatalogTableOperations::Load(shared, id));
  const iceberg::TableMetadata& md = ops->current();
  const iceberg::Schema* schema = md.current_schema();
  if (schema == nullptr) return Status::Corruption(id.ToString(), ": no current schema");
  // The table may be the user's own: its columns are matched by name.
  std::vector<int> column_of;  // per table field: the RejectColumns index, -1 none
  for (const auto& f : schema->fields()) {
    int found = -1;
    for (size_t k = 0; k < RejectColumns().size(); ++k) {
      if (f.name == RejectColumns()[k].name) found = static_cast<int>(k);
    }
    column_of.push_back(found);
  }
  FLOE_ASSIGN_OR_RETURN(auto writer, iceberg::TableWriter::Make(ops->io(), md));
  MemoryPool* pool = MemoryPool::Default();
  constexpr int64_t kBatch = 4096;
  for (size_t begin = 0; begin < rows.size(); begin += kBatch) {
    const int64_t n = std::min<int64_t>(kBatch, static_cast<int64_t>(rows.size() - begin));
    columnar::Chunk chunk;
    chunk.size = n;
    for (size_t f = 0; f < schema->fields().size(); ++f) {
      FLOE_ASSIGN_OR_RETURN(LogicalType type, iceberg::ColumnarTypeOf(*schema->fields()[f].type));
      FLOE_ASSIGN_OR_RETURN(auto v, columnar::Vector::Make(type, pool, n));
      v->set_size(n);
      FLOE_RETURN_NOT_OK(v->EnsureValidity());
      const int k = column_of[f];
      if (k >= 0 && type != RejectColumns()[static_cast<size_t>(k)].type) {
        return Status::Invalid("rejects table ", id.ToString(), ": column '",
                               schema->fields()[f].name, "' has the wrong type");
      }
      for (int64_t r = 0; r < n; ++r) {
        const auto& row = rows[begin + static_cast<size_t>(r)];
        switch (k) {
          case 0:
            v->mutable_data<int64_t>()[r] = now_micros;
            break;
          case 1:
            FLOE_RETURN_NOT_OK(v->SetString(r, source));
            break;
          case 2:
            FLOE_RETURN_NOT_OK(v->SetString(r, target));
            break;
          case 3:
            FLOE_RETURN_NOT_OK(v->SetString(r, row.file));
            break;
          case 4:
            v->mutable_data<int64_t>()[r] = row.line;
            break;
          case 5:
            v->mutable_data<int64_t>()[r] = row.column;
            break;
          case 6:
            FLOE_RETURN_NOT_OK(v->SetString(r, row.column_name));
            break;
          case 7:
            FLOE_RETURN_NOT_OK(v->SetString(r, row.raw_text));
            break;
          case 8:
            FLOE_RETURN_NOT_OK(v->SetString(r, row.reason));
            break;
          default:
            v->SetNull(r);
            break;
        }
        if (k == 2 && target.empty()) v->SetNull(r);
        if (k == 6 && row.column_name.empty()) v->SetNull(r);
      }
      chunk.columns.push_back(std::move(v));
    }
    Status st = writer->Write(chunk);
    if (!st.ok()) {
      writer->Abort();
      return st;
    }
  }
  auto files = writer->Finish();
  if (!files.ok()) {
    writer->Abort();
    return files.status();
  }
  iceberg::AppendFiles append(ops.get(), false);
  for (const auto& f : *files) append.AppendFile(f);
  auto committed = append.Commit();
  if (!committed.ok()) {
    if (committed.status().code() != StatusCode::kCommitStateUnknown) writer->Abort();
    return committed.status();
  }
  return Status::OK();
}

std::string TimestampText(int64_t millis) {
  std::string out;
  AppendTimestamp(millis * 1000, 0, &out);
  return out + " UTC";
}

}  // namespace

Status FinishFileScans(const LogicalOp& plan, const QueryOptions& options,
                       const std::string& target, QueryResult* result) {
  const Session defaults;
  const Session& session = options.session != nullptr ? *options.session : defaults;
  const int64_t now =
      options.start_time_micros != 0 ? options.start_time_micros : NowMillis() * 1000;
  for (const auto& spec : CollectFileScans(plan)) {
    if (spec->rejects == nullptr) continue;
    const int64_t count = spec->rejects->count();
    if (count == 0) continue;
    const std::string rows = StrCat(WithThousands(count), count == 1 ? " row" : " rows");
    if (spec->rejects_table.empty()) {
      result->warnings.push_back(StrCat(spec->function, ": ", rows,
                                        " rejected and not loaded (ignore_errors); name a "
                                        "rejects_table to keep them"));
      continue;
    }
    if (options.catalog == nullptr) {
      return Status::Invalid(spec->function, ": rejects_table needs a catalog");
    }
    FLOE_ASSIGN_OR_RETURN(catalog::TableIdentifier id,
                          RejectsTableId(spec->rejects_table, session));
    std::string source =
        spec->files.size() == 1 ? spec->files[0] : StrCat(spec->files.size(), " files");
    source = StrCat(spec->function, "(", source, ")");
    Status st = WriteRejects(options.catalog, id, source, target, spec->rejects->rows(), now);
    const std::string table =
        StrCat(session.catalog, ".", catalog::NamespaceToString(id.ns), ".", id.name);
    if (!st.ok()) {
      return Status(st.code(), StrCat("storing ", rows, " rejected by ", spec->function, " in ",
                                      table, ": ", st.message()));
    }
    result->warnings.push_back(
        StrCat(spec->function, ": ", rows, " rejected and not loaded; see ", table));
  }
  return Status::OK();
}

void RecordSourceFiles(const LogicalOp& plan, const iceberg::TableMetadata& md,
                       const std::string& table, iceberg::SnapshotUpdate* update,
                       std::vector<std::string>* warnings) {
  std::map<std::string, int64_t> files;  // path -> size
  for (const auto& spec : CollectFileScans(plan)) {
    for (size_t i = 0; i < spec->files.size(); ++i)
      files.emplace(spec->files[i], i < spec->file_sizes.size() ? spec->file_sizes[i] : -1);
  }
  if (files.empty()) return;
  // Files an earlier load of this table recorded with the same size.
  std::set<std::string> warned;
  for (const auto& s : md.snapshots) {
    const std::string recorded = s.SummaryValue(kSourceFilesKey);
    if (recorded.empty()) continue;
    auto parsed = json::Parse(recorded);
    if (!parsed.ok() || !parsed->is_array()) continue;
    for (const auto& item : parsed->items()) {
      auto path = item.GetString("path");
      auto size = item.GetInt64("size");
      if (!path.ok() || !size.ok()) continue;
      auto it = files.find(*path);
      if (it == files.end() || it->second != *size || !warned.insert(*path).second) continue;
      if (warned.size() > 5) continue;  // a few are enough to see the mistake
      warnings->push_back(StrCat(*path, " (", WithThousands(*size),
                                 " bytes) was already loaded into ", table, " by snapshot ",
                                 s.snapshot_id, " at ", TimestampText(s.timestamp_ms),
                                 "; its rows are now there twice"));
    }
  }
  if (warned.size() > 5) {
    warnings->push_back(StrCat(warned.size(), " of the files were loaded into ", table, " before"));
  }
  json::Value list = json::Value::Array();
  for (const auto& [path, size] : files) {
    if (list.items().size() == kMaxRecordedFiles) break;
    list.Append(json::Value::Object(
        {{"path", json::Value::String(path)}, {"size", json::Value::Int(size)}}));
  }
  update->SetSummary(kSourceFilesKey, json::Serialize(list));
  update->SetSummary("floe.source-file-count", std::to_string(files.size()));
}

}  // namespace floe::sql
