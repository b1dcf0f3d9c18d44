#include "iceberg/table_writer.h"

#include <gtest/gtest.h>

#include <set>

#include "iceberg/data_reader.h"
#include "iceberg/snapshot_update.h"
#include "iceberg/table_scan.h"
#include "iceberg/table_update.h"
#include "testing/temp_dir.h"

namespace floe::iceberg {
namespace {

constexpr int64_t kDayMicros = 86400LL * 1000000;
constexpr int64_t kJan1 = 1704067200LL * 1000000;  // 2024-01-01T00:00:00

// A table (id long, ts timestamp, region string) partitioned by day(ts)
// and region.
class TableWriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    schema_ = Schema(0, {NestedField::Required(1, "id", Type::Primitive(TypeId::kLong)),
                         NestedField::Optional(2, "ts", Type::Primitive(TypeId::kTimestamp)),
                         NestedField::Optional(3, "region", Type::Primitive(TypeId::kString))});
    PartitionSpec spec;
    spec.fields = {{2, 1000, "ts_day", Transform::Day()},
                   {3, 1001, "region", Transform::Identity()}};
    metadata_ = NewTableMetadata(schema_, spec, SortOrder{}, dir_.Join("t"), properties_, 1000)
                    .ValueOrDie();
  }

  // `n` rows with ids from `first`: day (id % 3), region eu/us alternating,
  // every seventh region NULL.
  columnar::Chunk Rows(int64_t first, int64_t n) {
    auto ids = columnar::Vector::Make(columnar::LogicalType::BigInt(), MemoryPool::Default(), n)
                   .ValueOrDie();
    auto ts = columnar::Vector::Make(columnar::LogicalType::Timestamp(6), MemoryPool::Default(), n)
                  .ValueOrDie();
    auto region = columnar::Vector::Make(columnar::LogicalType::Varchar(), MemoryPool::Default(), n)
                      .ValueOrDie();
    EXPECT_TRUE(region->EnsureValidity().ok());
    for (int64_t i = 0; i < n; ++i) {
      int64_t id = first + i;
      ids->mutable_data<int64_t>()[i] = id;
      ts->mutable_data<int64_t>()[i] = kJan1 + (id % 3) * kDayMicros + id;
      if (id % 7 == 0) {
        region->SetNull(i);
      } else {
        EXPECT_TRUE(region->SetString(i, id % 2 == 0 ? "eu" : "us").ok());
      }
    }
    for (auto* v : {ids.get(), ts.get(), region.get()}) v->set_size(n);
    columnar::Chunk chunk;
    chunk.columns = {ids, ts, region};
    chunk.size = n;
    return chunk;
  }

  floe::testing::TempDir dir_;
  Schema schema_;
  std::map<std::string, std::string> properties_;
  TableMetadata metadata_;
  std::shared_ptr<io::FileIO> io_ = io::LocalFileIO();
};

TEST_F(TableWriterTest, RoutesRowsToPartitionsNamedAsSparkNamesThem) {
  auto writer = TableWriter::Make(io_.get(), metadata_).ValueOrDie();
  ASSERT_TRUE(writer->Write(Rows(0, 100)).ok());
  ASSERT_TRUE(writer->Write(Rows(100, 100)).ok());
  auto files = writer->Finish().ValueOrDie();
  // 3 days x (eu, us, null).
  ASSERT_EQ(files.size(), 9u);
  int64_t rows = 0;
  std::set<std::string> dirs;
  for (const DataFile& f : files) {
    rows += f.record_count;
    std::string dir = f.file_path.substr(0, f.file_path.rfind('/'));
    dirs.insert(dir.substr(dir.find("/data/") + 6));
    EXPECT_TRUE(*io_->Exists(f.file_path));
    EXPECT_EQ(f.partition.size(), 2u);
  }
  EXPECT_EQ(rows, 200);
  EXPECT_EQ(dirs.count("ts_day=2024-01-01/region=eu"), 1u);
  EXPECT_EQ(dirs.count("ts_day=2024-01-03/region=null"), 1u);

  // Committed and read back: every row in its partition, none lost.
  InMemoryTable table(io_, metadata_);
  auto ops = table.NewOperations();
  AppendFiles append(ops.get(), false);
  for (const DataFile& f : files) append.AppendFile(f);
  ASSERT_TRUE(append.Commit().ok());
  ScanOptions options;
  options.filter =
      Expression::Predicate(Expression::Op::kEq, "region", {Literal::Bytes(TypeId::kString, "eu")});
  auto md = table.metadata();
  auto plan = PlanScan(io_.get(), md, options).ValueOrDie();
  EXPECT_EQ(plan.tasks.size(), 3u);
  ScanTaskReadOptions read;
  read.schema = &plan.schema;
  read.field_ids = {1, 3};
  int64_t eu = 0;
  for (const auto& task : plan.tasks) {
    auto reader = ScanTaskReader::Open(io_.get(), task, read).ValueOrDie();
    columnar::Chunk chunk;
    while (reader->Next(&chunk).ValueOrDie()) {
      for (int64_t k = 0; k < chunk.live_rows(); ++k) {
        int64_t i = chunk.selection ? chunk.selection->indices()[k] : k;
        int64_t id = chunk.columns[0]->data<int64_t>()[i];
        EXPECT_EQ(chunk.columns[1]->GetString(i), "eu");
        EXPECT_TRUE(id % 2 == 0 && id % 7 != 0) << id;
        ++eu;
      }
    }
  }
  int64_t expected = 0;
  for (int64_t id = 0; id < 200; ++id) expected += id % 2 == 0 && id % 7 != 0;
  EXPECT_EQ(eu, expected);
}

TEST_F(TableWriterTest, RollsFilesAtTheTargetSizeAndAbortDeletesThem) {
  PartitionSpec none;
  none.spec_id = -1;  // assigned when added
  auto unpartitioned =
      ApplyUpdates(metadata_,
                   {TableUpdate::AddPartitionSpec(none), TableUpdate::SetDefaultSpec(-1),
                    TableUpdate::SetProperties({{"write.parquet.row-group-size-bytes", "1000"},
                                                {"write.target-file-size-bytes", "2000"}})},
                   2000)
          .ValueOrDie();
  auto writer = TableWriter::Make(io_.get(), unpartitioned, {0, "query-1"}).ValueOrDie();
  for (int i = 0; i < 20; ++i) ASSERT_TRUE(writer->Write(Rows(i * 500, 500)).ok());
  auto files = writer->Finish().ValueOrDie();
  EXPECT_GT(files.size(), 3u);
  int64_t rows = 0;
  for (const DataFile& f : files) {
    rows += f.record_count;
    EXPECT_NE(f.file_path.find("/data/query-1-"), std::string::npos) << f.file_path;
  }
  EXPECT_EQ(rows, 10000);

  auto doomed = TableWriter::Make(io_.get(), metadata_).ValueOrDie();
  ASSERT_TRUE(doomed->Write(Rows(0, 50)).ok());
  auto partial = doomed->Finish().ValueOrDie();
  doomed->Abort();
  for (const DataFile& f : partial) EXPECT_FALSE(*io_->Exists(f.file_path));
}

}  // namespace
}  // namespace floe::iceberg
