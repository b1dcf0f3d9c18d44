#include "sql/exec/table_scan.h"

#include <gtest/gtest.h>

#include "iceberg/snapshot_update.h"
#include "iceberg/table_operations.h"
#include "iceberg/table_update.h"
#include "iceberg/table_writer.h"
#include "io/file_io.h"
#include "sql/binder/expression_binder.h"
#include "sql/parser/parser.h"
#include "testing/temp_dir.h"

namespace floe::sql {
namespace {

using iceberg::NestedField;
using iceberg::Type;

// A table (id long, region string, ts timestamp) partitioned by region:
// ids 0..299, region eu / us / asia by id / 100, committed in one append.
class SqlTableScanTest : public ::testing::Test {
 protected:
  void SetUp() override {
    iceberg::Schema schema(
        0, {NestedField::Required(1, "id", Type::Primitive(iceberg::TypeId::kLong)),
            NestedField::Optional(2, "region", Type::Primitive(iceberg::TypeId::kString)),
            NestedField::Optional(3, "ts", Type::Primitive(iceberg::TypeId::kTimestamp))});
    iceberg::PartitionSpec spec;
    spec.fields = {{2, 1000, "region", iceberg::Transform::Identity()}};
    auto md =
        iceberg::NewTableMetadata(schema, spec, iceberg::SortOrder{}, dir_.Join("t"), {}, 1000)
            .ValueOrDie();
    table_ = std::make_unique<iceberg::InMemoryTable>(io_, md);
    auto writer = iceberg::TableWriter::Make(io_.get(), md).ValueOrDie();
    const char* regions[] = {"eu", "us", "asia"};
    auto pool = MemoryPool::Default();
    auto ids = columnar::Vector::Make(columnar::LogicalType::BigInt(), pool, 300).ValueOrDie();
    auto region = columnar::Vector::Make(columnar::LogicalType::Varchar(), pool, 300).ValueOrDie();
    auto ts = columnar::Vector::Make(columnar::LogicalType::Timestamp(6), pool, 300).ValueOrDie();
    for (int64_t i = 0; i < 300; ++i) {
      ids->mutable_data<int64_t>()[i] = i;
      EXPECT_TRUE(region->SetString(i, regions[i / 100]).ok());
      ts->mutable_data<int64_t>()[i] = i * 1000000;
    }
    for (auto* v : {ids.get(), region.get(), ts.get()}) v->set_size(300);
    columnar::Chunk chunk;
    chunk.columns = {ids, region, ts};
    chunk.size = 300;
    ASSERT_TRUE(writer->Write(chunk).ok());
    auto files = writer->Finish().ValueOrDie();
    auto ops = table_->NewOperations();
    iceberg::AppendFiles append(ops.get(), false);
    for (auto& f : files) append.AppendFile(f);
    ASSERT_TRUE(append.Commit().ok());
  }

  // Rows passing `where`, and the scan's stats.
  int64_t Count(const std::string& where, TableScanStats* stats = nullptr,
                std::string* pushed = nullptr) {
    Scope scope{{{"t", "id", columnar::LogicalType::BigInt()},
                 {"t", "region", columnar::LogicalType::Varchar()},
                 {"t", "ts", columnar::LogicalType::Timestamp(6)}}};
    auto filter = BindExpression(*ParseExpression(where).ValueOrDie(), scope).ValueOrDie();
    auto md = table_->metadata();
    if (pushed != nullptr)
      *pushed = ToIcebergFilter(*filter, {1, 2, 3}, *md.current_schema())->ToString();
    auto scan =
        TableScan::Make(io_.get(), md, {}, {1, 2, 3}, std::move(filter), MemoryPool::Default())
            .ValueOrDie();
    int64_t rows = 0;
    columnar::Chunk chunk;
    while (scan->Next(&chunk).ValueOrDie()) {
      for (int64_t k = 0; k < chunk.live_rows(); ++k) {
        int64_t i = chunk.selection ? chunk.selection->indices()[k] : k;
        EXPECT_GE(chunk.columns[0]->data<int64_t>()[i], 0);
        ++rows;
      }
    }
    if (stats != nullptr) *stats = scan->stats();
    return rows;
  }

  floe::testing::TempDir dir_;
  std::shared_ptr<io::FileIO> io_ = io::LocalFileIO();
  std::unique_ptr<iceberg::InMemoryTable> table_;
};

TEST_F(SqlTableScanTest, PushesSimpleConjunctsAndFiltersEveryRow) {
  TableScanStats stats;
  std::string pushed;
  EXPECT_EQ(Count("region = 'eu' AND id >= 50", &stats, &pushed), 50);
  EXPECT_EQ(pushed, "(region = 'eu' AND id >= 50)");
  EXPECT_EQ(stats.files_read, 1);  // us and asia pruned by their partition
  EXPECT_EQ(stats.planning.files_skipped_by_partition, 2);
  EXPECT_EQ(stats.rows_read, 100);
  EXPECT_EQ(stats.rows_out, 50);

  // Column bounds prune too: ids of us are 100..199.
  EXPECT_EQ(Count("150 <= id AND id < 160", &stats, &pushed), 10);
  EXPECT_EQ(pushed, "(id >= 150 AND id < 160)");
  EXPECT_EQ(stats.files_read, 1);
  EXPECT_EQ(stats.planning.files_skipped_by_metrics, 2);

  // What Iceberg cannot use still filters rows.
  EXPECT_EQ(Count("id % 2 = 0", &stats, &pushed), 150);
  EXPECT_EQ(pushed, "true");
  EXPECT_EQ(stats.files_read, 3);
  EXPECT_EQ(Count("id % 2 = 0 AND region <> 'eu'", &stats, &pushed), 100);
  EXPECT_EQ(pushed, "region != 'eu'");
  EXPECT_EQ(Count("region = 'eu' OR id % 2 = 0", &stats, &pushed), 200);
  EXPECT_EQ(pushed, "true");  // an OR with a part Iceberg cannot prune by keeps every file
  EXPECT_EQ(Count("ts >= TIMESTAMP '1970-01-01 00:04:10'", &stats, &pushed), 50);
  EXPECT_EQ(stats.files_read, 1);
  EXPECT_EQ(Count("region IS NULL", &stats), 0);
  EXPECT_EQ(Count("NOT (region = 'us')", &stats), 200);
}

// Writes `chunks` (each a row group of its own when the table's
// properties say so) into one data file of `table` and commits it.
void WriteOneFile(io::FileIO* io, iceberg::InMemoryTable* table,
                  const std::vector<columnar::Chunk>& chunks) {
  auto writer = iceberg::TableWriter::Make(io, table->metadata()).ValueOrDie();
  for (const auto& c : chunks) ASSERT_TRUE(writer->Write(c).ok());
  auto files = writer->Finish().ValueOrDie();
  ASSERT_EQ(files.size(), 1u);
  auto ops = table->NewOperations();
  iceberg::AppendFiles append(ops.get(), false);
  append.AppendFile(files[0]);
  ASSERT_TRUE(append.Commit().ok());
}

// The scan of columns 1 and 2 of `table` filtered by `where` (over `scope`).
std::unique_ptr<TableScan> ScanWhere(io::FileIO* io, iceberg::InMemoryTable& table,
                                     const Scope& scope, const std::string& where) {
  auto filter = BindExpression(*ParseExpression(where).ValueOrDie(), scope).ValueOrDie();
  return TableScan::Make(io, table.metadata(), {}, {1, 2}, std::move(filter), MemoryPool::Default())
      .ValueOrDie();
}

// A file of ten row groups (ids 0..299 in order, 30 per group) and a
// position delete in the last group: statistics skip groups, positions
// still line up.
TEST(SqlTableScanRowGroups, SkipsRowGroupsTheFilterRulesOut) {
  floe::testing::TempDir dir;
  auto io = io::LocalFileIO();
  iceberg::Schema schema(
      0, {NestedField::Required(1, "id", Type::Primitive(iceberg::TypeId::kLong)),
          NestedField::Optional(2, "name", Type::Primitive(iceberg::TypeId::kString))});
  auto md =
      iceberg::NewTableMetadata(schema, iceberg::PartitionSpec{}, iceberg::SortOrder{},
                                dir.Join("t"), {{"write.parquet.row-group-size-bytes", "1"}}, 1000)
          .ValueOrDie();
  iceberg::InMemoryTable table(io, md);
  std::vector<columnar::Chunk> chunks;
  for (int g = 0; g < 10; ++g) {
    auto ids = columnar::Vector::Make(columnar::LogicalType::BigInt(), MemoryPool::Default(), 30)
                   .ValueOrDie();
    auto names = columnar::Vector::Make(columnar::LogicalType::Varchar(), MemoryPool::Default(), 30)
                     .ValueOrDie();
    for (int i = 0; i < 30; ++i) {
      ids->mutable_data<int64_t>()[i] = g * 30 + i;
      ASSERT_TRUE(names->SetString(i, "n" + std::to_string(g * 30 + i)).ok());
    }
    ids->set_size(30);
    names->set_size(30);
    columnar::Chunk chunk;
    chunk.columns = {ids, names};
    chunk.size = 30;
    chunks.push_back(chunk);
  }
  ASSERT_NO_FATAL_FAILURE(WriteOneFile(io.get(), &table, chunks));

  Scope scope{{{"t", "id", columnar::LogicalType::BigInt()},
               {"t", "name", columnar::LogicalType::Varchar()}}};
  auto count = [&](const std::string& where, TableScanStats* stats) {
    auto scan = ScanWhere(io.get(), table, scope, where);
    int64_t rows = 0;
    columnar::Chunk chunk;
    while (scan->Next(&chunk).ValueOrDie()) {
      for (int64_t k = 0; k < chunk.live_rows(); ++k) {
        const int64_t i = chunk.selection ? chunk.selection->indices()[k] : k;
        EXPECT_EQ(chunk.columns[1]->GetString(i),
                  "n" + std::to_string(chunk.columns[0]->data<int64_t>()[i]));
        ++rows;
      }
    }
    *stats = scan->stats();
    return rows;
  };
  TableScanStats stats;
  EXPECT_EQ(count("id >= 275", &stats), 25);
  EXPECT_EQ(stats.row_groups, 10);
  EXPECT_EQ(stats.row_groups_skipped, 9);
  // Each row group is a morsel of its own (from the file's split offsets).
  EXPECT_EQ(stats.morsels, 10);
  EXPECT_EQ(stats.files_read, 1);
  EXPECT_EQ(stats.rows_read, 30);
  EXPECT_EQ(count("id BETWEEN 40 AND 70 AND name <> 'x'", &stats), 31);
  EXPECT_EQ(stats.row_groups_skipped, 8);  // only groups 1 and 2 hold ids 40..70
  // String bounds compare bytes: 'n150' lies within [n0, n9] (group 0),
  // [n100, n99] (group 3) and [n150, n179] (group 5); the rest are ruled out.
  EXPECT_EQ(count("name = 'n150'", &stats), 1);
  EXPECT_EQ(stats.row_groups_skipped, 7);
  EXPECT_EQ(count("id % 2 = 0", &stats), 150);
  EXPECT_EQ(stats.row_groups_skipped, 0);
}

// Ten row groups whose min/max cannot tell them apart (every group holds
// "a" and "z", 0 and 1000): an = or IN on a dictionary-encoded column
// skips the groups whose dictionary lacks the values.
TEST(SqlTableScanRowGroups, DictionariesRuleOutRowGroupsStatisticsCannot) {
  floe::testing::TempDir dir;
  auto io = io::LocalFileIO();
  iceberg::Schema schema(
      0, {NestedField::Optional(1, "status", Type::Primitive(iceberg::TypeId::kString)),
          NestedField::Optional(2, "code", Type::Primitive(iceberg::TypeId::kInt))});
  auto md =
      iceberg::NewTableMetadata(schema, iceberg::PartitionSpec{}, iceberg::SortOrder{},
                                dir.Join("t"), {{"write.parquet.row-group-size-bytes", "1"}}, 1000)
          .ValueOrDie();
  iceberg::InMemoryTable table(io, md);
  std::vector<columnar::Chunk> chunks;
  const int64_t n = 1000;
  for (int g = 0; g < 10; ++g) {
    auto status = columnar::Vector::Make(columnar::LogicalType::Varchar(), MemoryPool::Default(), n)
                      .ValueOrDie();
    auto code = columnar::Vector::Make(columnar::LogicalType::Integer(), MemoryPool::Default(), n)
                    .ValueOrDie();
    for (int64_t i = 0; i < n; ++i) {
      const int64_t r = i % 3;
      ASSERT_TRUE(status->SetString(i, r == 0 ? "a" : r == 1 ? "z" : "m" + std::to_string(g)).ok());
      code->mutable_data<int32_t>()[i] = r == 0 ? 0 : r == 1 ? 1000 : g * 10;
    }
    status->set_size(n);
    code->set_size(n);
    columnar::Chunk chunk;
    chunk.columns = {status, code};
    chunk.size = n;
    chunks.push_back(chunk);
  }
  ASSERT_NO_FATAL_FAILURE(WriteOneFile(io.get(), &table, chunks));

  Scope scope{{{"t", "status", columnar::LogicalType::Varchar()},
               {"t", "code", columnar::LogicalType::Integer()}}};
  auto count = [&](const std::string& where, TableScanStats* stats) {
    auto scan = ScanWhere(io.get(), table, scope, where);
    int64_t rows = 0;
    columnar::Chunk chunk;
    while (scan->Next(&chunk).ValueOrDie()) rows += chunk.live_rows();
    *stats = scan->stats();
    return rows;
  };
  TableScanStats stats;
  EXPECT_EQ(count("status = 'm3'", &stats), 333);
  EXPECT_EQ(stats.row_groups, 10);
  EXPECT_EQ(stats.row_groups_skipped, 9);
  EXPECT_EQ(stats.row_groups_skipped_by_dictionary, 9);
  EXPECT_EQ(count("code IN (30, 70, 5)", &stats), 666);
  EXPECT_EQ(stats.row_groups_skipped_by_dictionary, 8);
  EXPECT_EQ(count("status = 'm3' OR code = 50", &stats), 666);
  EXPECT_EQ(stats.row_groups_skipped_by_dictionary, 8);
  EXPECT_EQ(count("status = 'm3' AND code = 1000", &stats), 0);
  EXPECT_EQ(stats.row_groups_skipped_by_dictionary, 9);
  // Values every dictionary has, and other predicates: nothing skipped.
  EXPECT_EQ(count("status = 'a'", &stats), 3340);
  EXPECT_EQ(stats.row_groups_skipped, 0);
  EXPECT_EQ(count("status <> 'm3'", &stats), 9667);
  EXPECT_EQ(stats.row_groups_skipped, 0);
}

// One row group of 20,000 rows in id order with small pages: a filter on id
// rejects whole batches on the id column alone, and the name column of
// those batches is never decoded (its pages there never decompressed).
TEST(SqlTableScanLateMaterialization, OtherColumnsAreDecodedOnlyForBatchesWithRows) {
  floe::testing::TempDir dir;
  auto io = io::LocalFileIO();
  iceberg::Schema schema(
      0, {NestedField::Required(1, "id", Type::Primitive(iceberg::TypeId::kLong)),
          NestedField::Optional(2, "name", Type::Primitive(iceberg::TypeId::kString))});
  auto md =
      iceberg::NewTableMetadata(schema, iceberg::PartitionSpec{}, iceberg::SortOrder{},
                                dir.Join("t"), {{"write.parquet.page-size-bytes", "4096"}}, 1000)
          .ValueOrDie();
  iceberg::InMemoryTable table(io, md);
  std::vector<columnar::Chunk> chunks;
  const int64_t n = 20000;
  auto ids = columnar::Vector::Make(columnar::LogicalType::BigInt(), MemoryPool::Default(), n)
                 .ValueOrDie();
  auto names = columnar::Vector::Make(columnar::LogicalType::Varchar(), MemoryPool::Default(), n)
                   .ValueOrDie();
  ASSERT_TRUE(names->EnsureValidity().ok());
  for (int64_t i = 0; i < n; ++i) {
    ids->mutable_data<int64_t>()[i] = i;
    if (i % 11 == 0) {
      names->SetNull(i);
    } else {
      ASSERT_TRUE(names->SetString(i, "name-" + std::to_string(i * 7919 % 100003)).ok());
    }
  }
  ids->set_size(n);
  names->set_size(n);
  columnar::Chunk chunk;
  chunk.columns = {ids, names};
  chunk.size = n;
  chunks.push_back(chunk);
  ASSERT_NO_FATAL_FAILURE(WriteOneFile(io.get(), &table, chunks));

  Scope scope{{{"t", "id", columnar::LogicalType::BigInt()},
               {"t", "name", columnar::LogicalType::Varchar()}}};
  auto check = [&](const std::string& where, TableScanStats* stats) {
    auto scan = ScanWhere(io.get(), table, scope, where);
    int64_t rows = 0;
    columnar::Chunk out;
    while (true) {
      auto more = scan->Next(&out);
      EXPECT_TRUE(more.ok()) << more.status().ToString();
      if (!more.ok() || !*more) break;
      for (int64_t k = 0; k < out.live_rows(); ++k) {
        const int64_t i = out.selection ? out.selection->indices()[k] : k;
        const int64_t id = out.columns[0]->data<int64_t>()[i];
        if (id % 11 == 0) {
          EXPECT_TRUE(out.columns[1]->IsNull(i)) << id;
        } else {
          EXPECT_EQ(out.columns[1]->GetString(i), "name-" + std::to_string(id * 7919 % 100003));
        }
        ++rows;
      }
    }
    *stats = scan->stats();
    return rows;
  };
  TableScanStats stats;
  EXPECT_EQ(check("id >= 19000", &stats), 1000);
  EXPECT_EQ(stats.row_groups_skipped, 0);  // one row group: its statistics cannot help
  EXPECT_GE(stats.batches_filtered, 8);    // the batches before row 18,432
  EXPECT_GT(stats.pages_skipped, 0);
  // Rows from several places, the name column also in the filter.
  EXPECT_EQ(check("(id < 100 OR id BETWEEN 9000 AND 9099) AND name IS NOT NULL", &stats), 181);
  EXPECT_GE(stats.batches_filtered, 7);
  // Nothing filters: nothing is skipped.
  EXPECT_EQ(check("id % 2 = 0", &stats), 10000);
  EXPECT_EQ(stats.batches_filtered, 0);
  EXPECT_EQ(stats.pages_skipped, 0);
}

}  // namespace
}  // namespace floe::sql
