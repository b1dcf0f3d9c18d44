#include "cli/bench_tables.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>

#include "catalog/catalog_table_operations.h"
#include "common/str_cat.h"
#include "iceberg/data_reader.h"
#include "iceberg/snapshot_update.h"
#include "iceberg/table_writer.h"
#include "io/file_io.h"

namespace floe::cli {

Result<std::shared_ptr<catalog::SqlCatalog>> OpenWarehouse(const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status::IOError(dir, ": cannot create the warehouse directory: ", ec.message());
  catalog::SqlCatalogOptions options;
  options.database_path = dir + "/catalog.db";
  options.warehouse = dir + "/warehouse";
  options.file_io = io::LocalFileIO();
  return catalog::SqlCatalog::Open(options);
}

Result<bool> WriteIcebergTable(const std::shared_ptr<catalog::SqlCatalog>& catalog,
                               const catalog::TableIdentifier& id, const GeneratedTable& table,
                               const IcebergWriteOptions& options) {
  FLOE_ASSIGN_OR_RETURN(bool exists, catalog->TableExists(id));
  if (exists) return false;
  FLOE_ASSIGN_OR_RETURN(bool has_namespace, catalog->NamespaceExists(id.ns));
  if (!has_namespace) FLOE_RETURN_NOT_OK(catalog->CreateNamespace(id.ns, {}));
  std::vector<iceberg::NestedField> fields;
  int32_t next_id = static_cast<int32_t>(table.names.size()) + 1;
  for (size_t c = 0; c < table.names.size(); ++c) {
    FLOE_ASSIGN_OR_RETURN(auto type, iceberg::IcebergTypeOf(table.types[c], &next_id));
    fields.push_back(
        iceberg::NestedField::Optional(static_cast<int32_t>(c) + 1, table.names[c], type));
  }
  catalog::TableCreation creation;
  creation.schema = iceberg::Schema(0, std::move(fields));
  if (table.day_column >= 0) {
    creation.spec.fields = {{table.day_column + 1, 1000,
                             table.names[static_cast<size_t>(table.day_column)] + "_day",
                             iceberg::Transform::Day()}};
  }
  FLOE_RETURN_NOT_OK(catalog->CreateTable(id, creation).status());
  auto io = catalog->file_io();
  MemoryPool pool("bench gen");
  const int64_t commits =
      std::max<int64_t>(1, std::min(options.commits, std::max<int64_t>(table.rows, 1)));
  const bool tty = isatty(STDERR_FILENO) != 0;
  const auto t0 = std::chrono::steady_clock::now();
  double next_report = 0;
  const std::string name = id.name;
  for (int64_t k = 0; k < commits; ++k) {
    // Each commit writes with the table as it is now (its metadata moves on).
    FLOE_ASSIGN_OR_RETURN(auto ops, catalog::CatalogTableOperations::Load(catalog, id));
    FLOE_ASSIGN_OR_RETURN(auto writer, iceberg::TableWriter::Make(io.get(), ops->current()));
    const int64_t first = table.rows * k / commits, last = table.rows * (k + 1) / commits;
    constexpr int64_t kBatch = 65536;
    for (int64_t base = first; base < last; base += kBatch) {
      const int64_t n = std::min(kBatch, last - base);
      FLOE_ASSIGN_OR_RETURN(columnar::Chunk chunk, table.make(base, n, &pool));
      FLOE_RETURN_NOT_OK(writer->Write(chunk));
      const double secs =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      if (!tty || (secs < next_report && base + n < table.rows)) continue;
      next_report = secs + 0.5;
      const double done = static_cast<double>(base + n);
      std::fprintf(
          stderr, "\rbench gen %s: %lld / %lld rows, commit %lld / %lld, %.1f s, ETA %.0f s   ",
          name.c_str(), static_cast<long long>(base + n), static_cast<long long>(table.rows),
          static_cast<long long>(k + 1), static_cast<long long>(commits), secs,
          secs / done * (static_cast<double>(table.rows) - done));
    }
    FLOE_ASSIGN_OR_RETURN(auto files, writer->Finish());
    iceberg::AppendFiles append(ops.get(), options.merge_append);
    for (auto& f : files) append.AppendFile(std::move(f));
    FLOE_RETURN_NOT_OK(append.Commit().status());
  }
  if (tty) std::fputs("\r\033[K", stderr);
  std::fprintf(stderr, "bench gen: %s rows of %s in %s commit%s\n",
               WithThousands(table.rows).c_str(), id.ToString().c_str(),
               WithThousands(commits).c_str(), commits == 1 ? "" : "s");
  return true;
}

}  // namespace floe::cli
