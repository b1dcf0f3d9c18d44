#include "iceberg/table_scan.h"

#include <gtest/gtest.h>

#include <set>

#include "testing/fixture_tables.h"
#include "testing/temp_dir.h"

namespace floe::iceberg {
namespace {

using Op = Expression::Op;

struct Fixture {
  floe::testing::FixtureTable table;
  std::shared_ptr<io::FileIO> io;
  TableMetadata metadata;
};

Fixture Load(const std::string& name) {
  Fixture f;
  f.table = floe::testing::FixtureTableNamed(name);
  f.io = floe::testing::FixtureFileIO(f.table);
  std::string path = floe::testing::LatestMetadataFile(f.table);
  f.metadata = TableMetadata::Parse(floe::testing::ReadFileOrDie(path), path).ValueOrDie();
  return f;
}

Result<ScanPlan> Plan(const Fixture& f, ScanOptions options = {}) {
  return PlanScan(f.io.get(), f.metadata, options);
}

TEST(IcebergTableScanTest, PlansEveryFixtureTableOrNamesWhatIsNotSupported) {
  for (const auto& t : floe::testing::FixtureTables()) {
    SCOPED_TRACE(t.name);
    Fixture f = Load(t.name);
    auto plan = Plan(f);
    if (t.name == "impala-iceberg_mixed_file_format_test") {
      ASSERT_TRUE(plan.status().IsNotSupported());
      EXPECT_NE(plan.status().message().find("ORC data files are not supported yet"),
                std::string::npos)
          << plan.status().ToString();
      continue;
    }
    if (t.name == "impala-iceberg_v3_deletion_vectors") {
      ASSERT_TRUE(plan.status().IsNotSupported());
      EXPECT_NE(plan.status().message().find("deletion vectors"), std::string::npos)
          << plan.status().ToString();
      continue;
    }
    if (t.name == "impala-trino_variant") {
      ASSERT_TRUE(plan.status().IsNotSupported());
      EXPECT_NE(plan.status().message().find("variant"), std::string::npos)
          << plan.status().ToString();
      continue;
    }
    ASSERT_TRUE(plan.ok()) << plan.status().ToString();
    EXPECT_GT(plan->tasks.size(), 0u);
    std::set<std::string> paths;
    for (const auto& task : plan->tasks) {
      EXPECT_TRUE(paths.insert(task.file->file_path).second)
          << "listed twice: " << task.file->file_path;
      EXPECT_TRUE(*f.io->Exists(task.file->file_path)) << task.file->file_path;
      for (const auto& d : task.deletes) EXPECT_TRUE(*f.io->Exists(d->file_path)) << d->file_path;
    }
    EXPECT_EQ(plan->metrics.data_files, static_cast<int64_t>(plan->tasks.size()));
  }
}

TEST(IcebergTableScanTest, MatchesPositionDeletesByPartitionAndSequenceNumber) {
  Fixture f = Load("impala-iceberg_v2_partitioned_position_deletes");
  auto plan = Plan(f).ValueOrDie();
  ASSERT_EQ(plan.tasks.size(), 3u);
  for (const auto& task : plan.tasks) {
    // One delete file per partition, written by Hive after the inserts.
    ASSERT_EQ(task.deletes.size(), 1u) << task.file->file_path;
    EXPECT_EQ(task.deletes[0]->content, FileContent::kPositionDeletes);
    EXPECT_EQ(task.deletes[0]->partition[0].s, task.file->partition[0].s);
  }
  EXPECT_EQ(plan.metrics.delete_files, 3);
}

TEST(IcebergTableScanTest, AppliesEqualityDeletesOnlyToOlderDataFiles) {
  Fixture f = Load("impala-iceberg_v2_delete_equality_nulls");
  auto plan = Plan(f).ValueOrDie();
  ASSERT_EQ(plan.tasks.size(), 2u);
  // The data file written after the equality delete keeps its rows.
  int with = 0, without = 0;
  for (const auto& task : plan.tasks) (task.deletes.empty() ? without : with)++;
  EXPECT_EQ(with, 1);
  EXPECT_EQ(without, 1);
}

TEST(IcebergTableScanTest, PrunesByPartitionAndColumnBounds) {
  Fixture f = Load("impala-iceberg_partitioned");
  auto all = Plan(f).ValueOrDie();
  ASSERT_EQ(all.tasks.size(), 20u);
  ScanOptions options;
  options.filter =
      Expression::Predicate(Op::kEq, "action", {Literal::Bytes(TypeId::kString, "click")});
  auto clicks = Plan(f, options).ValueOrDie();
  EXPECT_GT(clicks.tasks.size(), 0u);
  EXPECT_LT(clicks.tasks.size(), 20u);
  for (const auto& task : clicks.tasks) EXPECT_EQ(task.file->partition[1].s, "click");
  EXPECT_EQ(clicks.metrics.files_skipped_by_partition,
            20 - static_cast<int64_t>(clicks.tasks.size()));

  // id bounds: no file holds ids above a billion.
  options.filter = Expression::Predicate(Op::kGt, "id", {Literal::Int(TypeId::kLong, 1000000000)});
  auto none = Plan(f, options).ValueOrDie();
  EXPECT_EQ(none.tasks.size(), 0u);
  EXPECT_EQ(none.metrics.files_skipped_by_metrics, 20);

  options.filter =
      Expression::Predicate(Op::kEq, "no_such_column", {Literal::Int(TypeId::kLong, 1)});
  auto bad = Plan(f, options);
  EXPECT_TRUE(bad.status().IsInvalid());
  EXPECT_NE(bad.status().message().find("no_such_column"), std::string::npos);
}

TEST(IcebergTableScanTest, SelectsSnapshotsByIdTimeAndRef) {
  Fixture f = Load("pglake-v3_branches_tags");
  ASSERT_GE(f.metadata.refs.size(), 3u);
  for (const auto& [name, ref] : f.metadata.refs) {
    ScanOptions options;
    options.ref = name;
    auto plan = Plan(f, options).ValueOrDie();
    ASSERT_TRUE(plan.snapshot.has_value());
    EXPECT_EQ(plan.snapshot->snapshot_id, ref.snapshot_id) << name;
  }
  ScanOptions missing;
  missing.ref = "no_such_branch";
  EXPECT_TRUE(Plan(f, missing).status().IsNotFound());
  const Snapshot& first = f.metadata.snapshots.front();
  ScanOptions by_id;
  by_id.snapshot_id = first.snapshot_id;
  EXPECT_EQ(Plan(f, by_id)->snapshot->snapshot_id, first.snapshot_id);
  ScanOptions by_time;
  by_time.as_of_timestamp_ms = first.timestamp_ms - 1;
  EXPECT_TRUE(Plan(f, by_time).status().IsNotFound());
}

TEST(IcebergTableScanTest, CachesDecodedManifests) {
  Fixture f = Load("pglake-spark_generated_iceberg_test");
  ManifestCache cache(64 << 20);
  ScanOptions options;
  options.cache = &cache;
  auto first = Plan(f, options).ValueOrDie();
  EXPECT_EQ(first.metrics.manifests_from_cache, 0);
  auto second = Plan(f, options).ValueOrDie();
  EXPECT_EQ(second.metrics.manifests_from_cache, second.metrics.manifests_read);
  EXPECT_EQ(second.tasks.size(), first.tasks.size());
  EXPECT_GT(cache.bytes(), 0);
  ManifestCache tiny(1);
  options.cache = &tiny;
  ASSERT_TRUE(Plan(f, options).ok());
  EXPECT_EQ(tiny.bytes(), 0);
}

}  // namespace
}  // namespace floe::iceberg

namespace floe::iceberg {
namespace {

// Spark and Trino name partition directories field=value; floe names them
// the same way (checked against the fixture tables' real data paths).
TEST(IcebergTableScanTest, PartitionPathsMatchThoseSparkWrote) {
  int checked = 0;
  for (const char* name : {"impala-iceberg_partitioned", "pglake-v3_partitioned_bucket",
                           "pglake-v3_partitioned_truncate", "pglake-v3_partitioned_temporal",
                           "pglake-v3_partitioned_multi", "impala-iceberg_timestamptz_part",
                           "duckdb-equality_deletes_mytable_partitioned"}) {
    SCOPED_TRACE(name);
    Fixture f = Load(name);
    auto plan = Plan(f).ValueOrDie();
    for (const auto& task : plan.tasks) {
      const PartitionSpec* spec = f.metadata.SpecById(task.file->spec_id);
      TypePtr type = PartitionTypeOf(f.metadata, task.file->spec_id).ValueOrDie();
      if (spec->fields.empty()) continue;
      std::string dir = "/" + spec->PartitionPath(task.file->partition, *type) + "/";
      EXPECT_NE(task.file->file_path.find(dir), std::string::npos)
          << task.file->file_path << " lacks " << dir;
      ++checked;
    }
  }
  EXPECT_GT(checked, 30);
  PartitionSpec spec;
  spec.fields = {{1, 1000, "city", Transform::Identity()}};
  NestedField city;
  city.id = 1000;
  city.name = "city";
  city.type = Type::Primitive(TypeId::kString);
  // URL-encoded as Java's URLEncoder does: space '+', other bytes %XX.
  EXPECT_EQ(spec.PartitionPath({Literal::Bytes(TypeId::kString, "S\xc3\xa3o Paulo/x=1")},
                               *Type::Struct({city})),
            "city=S%C3%A3o+Paulo%2Fx%3D1");
  EXPECT_EQ(spec.PartitionPath({Literal::Null(TypeId::kString)}, *Type::Struct({city})),
            "city=null");
}

}  // namespace
}  // namespace floe::iceberg
