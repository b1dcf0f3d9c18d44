#include <gtest/gtest.h>

#include <cstdio>

#include "catalog/catalog_table_operations.h"
#include "catalog/sql_catalog.h"
#include "common/str_cat.h"
#include "iceberg/data_reader.h"
#include "iceberg/data_writer.h"
#include "iceberg/snapshot_update.h"
#include "iceberg/table_scan.h"
#include "testing/temp_dir.h"

namespace floe {
namespace {

using iceberg::DataFile;
using iceberg::Expression;
using iceberg::Literal;
using iceberg::TypeId;

const std::string kInterop = std::string(FLOE_SOURCE_DIR) + "/tests/interop";
const catalog::TableIdentifier kTable{{"demo"}, "sales"};

std::string Quote(const std::string& s) { return "'" + s + "'"; }

iceberg::NestedField Field(int32_t id, const char* name, bool required, TypeId type) {
  return iceberg::NestedField::Of(id, name, required, iceberg::Type::Primitive(type));
}

struct Row {
  int64_t id;
  std::string region;
  double amount;
};

// Writes `rows` (all of one region) as a data file of the table.
DataFile WriteRows(iceberg::TableOperations* ops, const std::vector<Row>& rows) {
  const auto& md = ops->current();
  std::string path =
      md.location + "/data/region=" + rows[0].region + "/" + iceberg::NewUuid() + ".parquet";
  auto w =
      iceberg::DataFileWriter::Make(ops->io(), path, md, *md.current_schema(), *md.default_spec(),
                                    {Literal::Bytes(TypeId::kString, rows[0].region)})
          .ValueOrDie();
  int64_t n = static_cast<int64_t>(rows.size());
  auto ids = columnar::Vector::Make(columnar::LogicalType::BigInt(), MemoryPool::Default(), n)
                 .ValueOrDie();
  auto regions = columnar::Vector::Make(columnar::LogicalType::Varchar(), MemoryPool::Default(), n)
                     .ValueOrDie();
  auto amounts = columnar::Vector::Make(columnar::LogicalType::Double(), MemoryPool::Default(), n)
                     .ValueOrDie();
  for (int64_t i = 0; i < n; ++i) {
    ids->mutable_data<int64_t>()[i] = rows[i].id;
    EXPECT_TRUE(regions->SetString(i, rows[i].region).ok());
    amounts->mutable_data<double>()[i] = rows[i].amount;
  }
  for (auto* v : {ids.get(), regions.get(), amounts.get()}) v->set_size(n);
  columnar::Chunk chunk;
  chunk.columns = {ids, regions, amounts};
  chunk.size = n;
  EXPECT_TRUE(w->Write(chunk).ok());
  return w->Close().ValueOrDie();
}

std::vector<Row> Rows(const std::string& region, int64_t first, int64_t n) {
  std::vector<Row> out;
  for (int64_t i = 0; i < n; ++i)
    out.push_back({first + i, region, static_cast<double>(first + i) * 1.25});
  return out;
}

// floe's rows of the current snapshot as JSON lines; returns the count.
int64_t DumpRows(iceberg::TableOperations* ops, const std::string& out_path) {
  auto plan = iceberg::PlanScan(ops->io(), ops->current(), {}).ValueOrDie();
  iceberg::ScanTaskReadOptions options;
  options.schema = &plan.schema;
  options.field_ids = {1, 2, 3};
  options.specs = &ops->current().specs;
  std::string text;
  int64_t rows = 0;
  for (const auto& task : plan.tasks) {
    auto reader = iceberg::ScanTaskReader::Open(ops->io(), task, options).ValueOrDie();
    columnar::Chunk chunk;
    while (reader->Next(&chunk).ValueOrDie()) {
      for (int64_t k = 0; k < chunk.live_rows(); ++k) {
        int64_t i = chunk.selection ? chunk.selection->indices()[k] : k;
        text += StrCat("{\"id\":", chunk.columns[0]->data<int64_t>()[i], ",\"region\":\"",
                       std::string(chunk.columns[1]->GetString(i)), "\",\"amount\":\"",
                       chunk.columns[2]->data<double>()[i], "\"}\n");
        ++rows;
      }
    }
  }
  floe::testing::WriteFileOrDie(out_path, text);
  return rows;
}

TEST(IcebergInteropTest, TablesFloeWritesReadTheSameWithPython3AvroAndDuckDB) {
  std::string out;
  if (floe::testing::RunCommand(
          "cd " + Quote(kInterop) + " && test -d node_modules/@duckdb/node-api", &out) != 0) {
    GTEST_SKIP() << "npm peers missing: run scripts/install-deps.sh";
  }
  floe::testing::TempDir dir;
  catalog::SqlCatalogOptions options;
  options.database_path = dir.Join("catalog.db");
  options.warehouse = dir.Join("warehouse");
  options.file_io = io::LocalFileIO();
  auto cat = catalog::SqlCatalog::Open(options).ValueOrDie();
  ASSERT_TRUE(cat->CreateNamespace({"demo"}, {}).ok());
  catalog::TableCreation creation;
  creation.schema = iceberg::Schema(
      0, {Field(1, "id", true, TypeId::kLong), Field(2, "region", false, TypeId::kString),
          Field(3, "amount", false, TypeId::kDouble)});
  creation.spec.fields = {{2, 1000, "region", iceberg::Transform::Identity()}};
  ASSERT_TRUE(cat->CreateTable(kTable, creation).ok());
  auto ops = catalog::CatalogTableOperations::Load(cat, kTable).ValueOrDie();

  auto eu =
      Expression::Predicate(Expression::Op::kEq, "region", {Literal::Bytes(TypeId::kString, "eu")});
  auto us =
      Expression::Predicate(Expression::Op::kEq, "region", {Literal::Bytes(TypeId::kString, "us")});
  const std::vector<std::vector<std::vector<Row>>> appends = {
      {Rows("eu", 0, 10), Rows("us", 10, 10)},
      {Rows("asia", 20, 5), Rows("eu", 25, 5)},
      {Rows("us", 30, 5)}};
  // Stages: three appends, an overwrite of eu, a delete of us.
  for (int stage = 0; stage < 5; ++stage) {
    SCOPED_TRACE("stage " + std::to_string(stage));
    if (stage < 3) {
      iceberg::AppendFiles append(ops.get(), true);
      for (const auto& rows : appends[static_cast<size_t>(stage)])
        append.AppendFile(WriteRows(ops.get(), rows));
      ASSERT_TRUE(append.Commit().ok());
    } else if (stage == 3) {
      iceberg::OverwriteFiles overwrite(ops.get(), iceberg::OverwriteFiles::Kind::kOverwrite);
      overwrite.DeleteByFilter(eu);
      overwrite.AddFile(WriteRows(ops.get(), Rows("eu", 100, 3)));
      ASSERT_TRUE(overwrite.Commit().ok());
    } else {
      iceberg::OverwriteFiles del(ops.get(), iceberg::OverwriteFiles::Kind::kDelete);
      del.DeleteByFilter(us);
      ASSERT_TRUE(del.Commit().ok());
    }
    const int64_t expected_rows[] = {20, 30, 35, 23, 8};
    std::string rows_path = dir.Join("floe_rows.jsonl"), files_path = dir.Join("files.txt");
    int64_t floe_rows = DumpRows(ops.get(), rows_path);
    EXPECT_EQ(floe_rows, expected_rows[stage]);
    // python3-avro: spec field names and ids, required metadata fields, and
    // the live files' record counts.
    ASSERT_EQ(floe::testing::RunCommand(
                  "/usr/bin/python3 -W ignore " + Quote(kInterop + "/iceberg/check_table.py") +
                      " " + Quote(ops->metadata_location()) + " " + Quote(files_path) + " 2>&1",
                  &out),
              0)
        << out;
    EXPECT_EQ(std::stoll(out), floe_rows) << out;
    // DuckDB: the data files those manifests name hold exactly floe's rows.
    ASSERT_EQ(floe::testing::RunCommand(
                  "cd " + Quote(kInterop) + " && node iceberg/duckdb_rows.mjs " +
                      Quote(files_path) + " " + Quote(rows_path) + " id,region,amount 2>&1",
                  &out),
              0)
        << out;
  }
}

}  // namespace
}  // namespace floe
