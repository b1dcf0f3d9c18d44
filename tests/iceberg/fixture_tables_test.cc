// Reads the metadata, manifest lists and manifests of every Iceberg table
// in ../shared/fixtures (written by Spark, Flink, Trino, Hive, Impala, NiFi,
// PyIceberg and the Java API).

#include <gtest/gtest.h>

#include <set>

#include "iceberg/manifest.h"
#include "iceberg/table_metadata.h"
#include "testing/fixture_tables.h"
#include "testing/temp_dir.h"

namespace floe::iceberg {
namespace {

TEST(IcebergFixtureTablesTest, EveryManifestOfEverySnapshotReads) {
  auto tables = floe::testing::FixtureTables();
  ASSERT_EQ(tables.size(), 36u);
  int64_t manifests_read = 0;
  for (const auto& table : tables) {
    SCOPED_TRACE(table.name);
    auto io = floe::testing::FixtureFileIO(table);
    std::string latest = floe::testing::LatestMetadataFile(table);
    EXPECT_EQ(TableMetadata::Parse(floe::testing::ReadFileOrDie(latest), latest)->format_version,
              table.format_version);
    // Entries of each content in the manifests any snapshot of any
    // metadata file names, each manifest counted once, as the README does.
    int entries_by_content[3] = {0, 0, 0};
    std::set<std::string> seen;
    for (const auto& info : io::LocalFileIO()->List(table.dir + "/metadata/").ValueOrDie()) {
      const std::string suffix = ".metadata.json";
      if (info.path.size() < suffix.size() ||
          info.path.compare(info.path.size() - suffix.size(), suffix.size(), suffix) != 0)
        continue;
      auto metadata =
          TableMetadata::Parse(floe::testing::ReadFileOrDie(info.path), info.path).ValueOrDie();
      for (const Snapshot& snapshot : metadata.snapshots) {
        auto manifests = SnapshotManifests(io.get(), metadata, snapshot);
        ASSERT_TRUE(manifests.ok()) << manifests.status().ToString();
        for (const ManifestFile& m : *manifests) {
          if (!seen.insert(m.manifest_path).second) continue;
          auto ptype = PartitionTypeOf(metadata, m.partition_spec_id);
          ASSERT_TRUE(ptype.ok()) << ptype.status().ToString();
          auto entries = ReadManifest(io.get(), m, *ptype);
          ASSERT_TRUE(entries.ok()) << entries.status().ToString();
          ++manifests_read;
          for (const ManifestEntry& e : *entries) {
            EXPECT_EQ(e.data_file.partition.size(), (*ptype)->fields().size());
            EXPECT_TRUE(e.sequence_number.has_value());
            EXPECT_LE(*e.sequence_number, snapshot.sequence_number);
            ++entries_by_content[static_cast<int>(e.data_file.content)];
          }
        }
      }
    }
    EXPECT_EQ(entries_by_content[0], table.data_files);
    EXPECT_EQ(entries_by_content[1], table.position_delete_files);
    EXPECT_EQ(entries_by_content[2], table.equality_delete_files);
  }
  EXPECT_GT(manifests_read, 100);
}

}  // namespace
}  // namespace floe::iceberg
