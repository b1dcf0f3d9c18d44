#include "sql_test_tables.h"

#include "catalog/catalog_table_operations.h"
#include "catalog/sql_catalog.h"
#include "iceberg/data_reader.h"
#include "iceberg/snapshot_update.h"
#include "iceberg/table_writer.h"
#include "io/file_io.h"
#include "sql/exec/expression_executor.h"

namespace floe::sql {

namespace {

catalog::TableIdentifier Identifier(const std::string& name, const std::string& default_ns) {
  auto dot = name.find('.');
  if (dot == std::string::npos) return {{default_ns}, name};
  return {{name.substr(0, dot)}, name.substr(dot + 1)};
}

}  // namespace

TestWarehouse::~TestWarehouse() = default;

Result<std::unique_ptr<TestWarehouse>> TestWarehouse::Make(const std::string& dir,
                                                           const std::string& default_namespace) {
  std::unique_ptr<TestWarehouse> w(new TestWarehouse());
  w->default_namespace_ = default_namespace;
  w->session_.schema = default_namespace;
  w->io_ = io::LocalFileIO();
  catalog::SqlCatalogOptions options;
  options.database_path = dir + "/catalog.db";
  options.warehouse = dir + "/warehouse";
  options.file_io = w->io_;
  FLOE_ASSIGN_OR_RETURN(w->catalog_, catalog::SqlCatalog::Open(options));
  FLOE_RETURN_NOT_OK(w->catalog_->CreateNamespace({default_namespace}, {}));
  w->resolver_ =
      std::make_unique<CatalogTableResolver>(w->catalog_.get(), "iceberg", default_namespace);
  return w;
}

Result<QueryResult> TestWarehouse::Run(const std::string& sql, int threads,
                                       const std::string& time_zone, int64_t start_time_micros) {
  QueryOptions options;
  // Statements (CREATE, INSERT, USE, SET SESSION) go through the catalog
  // and the warehouse's session; tables resolve in its current schema.
  options.catalog = catalog_.get();
  session_.time_zone = time_zone;
  options.session = &session_;
  options.threads = threads;
  options.start_time_micros = start_time_micros;
  return RunStatement(sql, options);
}

Status TestWarehouse::Load(const std::string& name, const std::string& partition,
                           const std::string& sql) {
  FLOE_ASSIGN_OR_RETURN(QueryResult result, Run(sql));
  catalog::TableIdentifier id = Identifier(name, default_namespace_);
  FLOE_ASSIGN_OR_RETURN(bool exists, catalog_->NamespaceExists(id.ns));
  if (!exists) FLOE_RETURN_NOT_OK(catalog_->CreateNamespace(id.ns, {}));
  std::vector<iceberg::NestedField> fields;
  int32_t next_id = static_cast<int32_t>(result.types.size()) + 1;
  std::vector<LogicalType> stored;
  for (size_t c = 0; c < result.types.size(); ++c) {
    FLOE_ASSIGN_OR_RETURN(auto t, iceberg::IcebergTypeOf(result.types[c], &next_id));
    FLOE_ASSIGN_OR_RETURN(LogicalType back, iceberg::ColumnarTypeOf(*t));
    stored.push_back(back);
    fields.push_back(
        iceberg::NestedField::Optional(static_cast<int32_t>(c) + 1, result.names[c], t));
  }
  catalog::TableCreation creation;
  creation.schema = iceberg::Schema(0, std::move(fields));
  if (!partition.empty()) {
    const iceberg::NestedField* f = creation.schema.FindField(partition);
    if (f == nullptr) return Status::Invalid("no column ", partition, " to partition by");
    creation.spec.fields = {{f->id, 1000, partition, iceberg::Transform::Identity()}};
  }
  FLOE_ASSIGN_OR_RETURN(auto loaded, catalog_->CreateTable(id, creation));
  FLOE_ASSIGN_OR_RETURN(auto writer, iceberg::TableWriter::Make(io_.get(), loaded.metadata));
  for (auto& chunk : result.chunks) {
    for (size_t c = 0; c < chunk.columns.size(); ++c) {
      if (chunk.columns[c]->type() != stored[c]) {
        FLOE_ASSIGN_OR_RETURN(chunk.columns[c], CastVector(*chunk.columns[c], chunk.size, stored[c],
                                                           MemoryPool::Default()));
      }
    }
    FLOE_RETURN_NOT_OK(writer->Write(chunk));
  }
  FLOE_ASSIGN_OR_RETURN(auto files, writer->Finish());
  FLOE_ASSIGN_OR_RETURN(auto ops, catalog::CatalogTableOperations::Load(catalog_, id));
  iceberg::AppendFiles append(ops.get(), false);
  for (auto& f : files) append.AppendFile(f);
  return append.Commit().status();
}

Result<std::string> TestWarehouse::TableLocation(const std::string& name) {
  FLOE_ASSIGN_OR_RETURN(auto loaded, catalog_->LoadTable(Identifier(name, default_namespace_)));
  return loaded.metadata.location;
}

}  // namespace floe::sql
