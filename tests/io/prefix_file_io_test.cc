#include "io/prefix_file_io.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "common/json.h"
#include "testing/fixture_tables.h"
#include "testing/temp_dir.h"

namespace floe::io {
namespace {

std::string Contents(FileIO* fs, const std::string& path) {
  auto buf = fs->ReadFile(path, MemoryPool::Default()).ValueOrDie();
  return std::string(reinterpret_cast<const char*>(buf->data()), static_cast<size_t>(buf->size()));
}

TEST(PrefixMappingFileIOTest, OpensFixtureManifestListsByTheirOriginalPaths) {
  // One of each location form: scheme-less absolute, hdfs://, s3://,
  // relative file:// and plain relative.
  for (const char* name :
       {"impala-iceberg_non_partitioned", "impala-iceberg_column_case_sensitivity_issue",
        "pglake-spark_generated_iceberg_test", "duckdb-map_stats", "duckdb-null_stats"}) {
    floe::testing::FixtureTable table = floe::testing::FixtureTableNamed(name);
    SCOPED_TRACE(table.dir);
    const std::string& dir = table.dir;
    auto fs = PrefixMappingFileIO(LocalFileIO(), {{table.prefix, dir}});
    std::string metadata_path = floe::testing::LatestMetadataFile(table);
    ASSERT_FALSE(metadata_path.empty());
    auto metadata = json::Parse(floe::testing::ReadFileOrDie(metadata_path)).ValueOrDie();
    EXPECT_EQ(metadata.GetString("location").ValueOrDie(), table.prefix);
    const json::Value* snapshots = metadata.Find("snapshots");
    ASSERT_TRUE(snapshots != nullptr && snapshots->is_array() && !snapshots->items().empty());
    for (const json::Value& snapshot : snapshots->items()) {
      std::string manifest_list = snapshot.GetString("manifest-list").ValueOrDie();
      ASSERT_EQ(manifest_list.rfind(table.prefix + "/", 0), 0u) << manifest_list;
      auto file = fs->OpenInput(manifest_list).ValueOrDie();
      EXPECT_EQ(file->path(), manifest_list);
      uint8_t magic[4];
      ASSERT_TRUE(file->ReadAt(0, 4, magic).ok());
      EXPECT_EQ(std::string(reinterpret_cast<char*>(magic), 4), std::string("Obj\x01", 4));
      EXPECT_TRUE(*fs->Exists(manifest_list));
    }
    // A listing comes back under the original names.
    auto listing = fs->List(table.prefix + "/metadata/").ValueOrDie();
    ASSERT_FALSE(listing.empty());
    for (const FileInfo& f : listing) {
      EXPECT_EQ(f.path.rfind(table.prefix + "/metadata/", 0), 0u) << f.path;
    }
    std::string latest_name = metadata_path.substr(dir.size());
    bool listed = false;
    for (const FileInfo& f : listing) listed |= f.path == table.prefix + latest_name;
    EXPECT_TRUE(listed);
  }
}

TEST(PrefixMappingFileIOTest, MapsOnlyAtPathBoundariesAndFirstMatchWins) {
  auto base = MemoryFileIO();
  ASSERT_TRUE(base->WriteFile("mem://fixture/t/x", "mapped").ok());
  ASSERT_TRUE(base->WriteFile("mem://fixture/t2/x", "second").ok());
  ASSERT_TRUE(base->WriteFile("/w/tbl-other/x", "unmapped").ok());
  auto fs = PrefixMappingFileIO(
      base,
      {{"/w/tbl", "mem://fixture/t"}, {"/w/tbl", "mem://never"}, {"s3://b/", "mem://fixture/t2/"}});
  EXPECT_EQ(Contents(fs.get(), "/w/tbl/x"), "mapped");
  EXPECT_EQ(Contents(fs.get(), "s3://b/x"), "second");
  // "/w/tbl-other" is not under "/w/tbl": it passes through unchanged.
  EXPECT_EQ(Contents(fs.get(), "/w/tbl-other/x"), "unmapped");
  EXPECT_TRUE(fs->OpenInput("/w/tbl/missing").status().IsNotFound());

  // Listing the bare prefix skips the base's sibling "mem://fixture/t2",
  // which no name under "/w/tbl" reaches.
  auto listing = fs->List("/w/tbl").ValueOrDie();
  ASSERT_EQ(listing.size(), 1u);
  EXPECT_EQ(listing[0].path, "/w/tbl/x");
  EXPECT_EQ(listing[0].size, 6);
}

TEST(PrefixMappingFileIOTest, WritesLandUnderTheMappedPrefix) {
  auto base = MemoryFileIO();
  auto fs = PrefixMappingFileIO(base, {{"s3://bucket/table", "mem://local/table"}});
  auto out = fs->OpenOutput("s3://bucket/table/data/a.parquet").ValueOrDie();
  EXPECT_EQ(out->path(), "s3://bucket/table/data/a.parquet");
  ASSERT_TRUE(out->Append("abc").ok());
  ASSERT_TRUE(out->Sync().ok());
  ASSERT_TRUE(out->Close().ok());
  EXPECT_EQ(Contents(base.get(), "mem://local/table/data/a.parquet"), "abc");
  ASSERT_TRUE(
      fs->Rename("s3://bucket/table/data/a.parquet", "s3://bucket/table/data/b.parquet").ok());
  EXPECT_EQ(Contents(base.get(), "mem://local/table/data/b.parquet"), "abc");
  ASSERT_TRUE(fs->WriteFileAtomic("s3://bucket/table/metadata/version-hint.text", "3").ok());
  EXPECT_EQ(Contents(base.get(), "mem://local/table/metadata/version-hint.text"), "3");
  ASSERT_TRUE(fs->Delete("s3://bucket/table/data/b.parquet").ok());
  EXPECT_FALSE(*base->Exists("mem://local/table/data/b.parquet"));
}

}  // namespace
}  // namespace floe::io
