#include "iceberg/table_metadata.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "common/buffer.h"
#include "io/file_io.h"
#include "testing/temp_dir.h"

namespace floe::iceberg {
namespace {

std::string ReadText(const std::string& path) {
  auto buf = io::LocalFileIO()->ReadFile(path, MemoryPool::Default()).ValueOrDie();
  return std::string(reinterpret_cast<const char*>(buf->data()), static_cast<size_t>(buf->size()));
}

// The value with every object's members in key order (writers differ in order only).
json::Value Normalized(const json::Value& v) {
  if (v.is_array()) {
    json::Value out = json::Value::Array();
    for (const auto& item : v.items()) out.Append(Normalized(item));
    return out;
  }
  if (!v.is_object()) return v;
  std::vector<json::Value::Member> members;
  for (const auto& [k, m] : v.members()) members.emplace_back(k, Normalized(m));
  std::sort(members.begin(), members.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  return json::Value::Object(std::move(members));
}

std::vector<std::string> FixtureMetadataFiles() {
  std::vector<std::string> out;
  for (const auto& f :
       io::LocalFileIO()->List(floe::testing::FixturesDir() + "/iceberg/").ValueOrDie()) {
    const std::string suffix = ".metadata.json";
    if (f.path.size() > suffix.size() &&
        f.path.compare(f.path.size() - suffix.size(), suffix.size(), suffix) == 0) {
      out.push_back(f.path);
    }
  }
  return out;
}

TEST(IcebergTableMetadataTest, EveryFixtureParsesAndSurvivesARewrite) {
  auto files = FixtureMetadataFiles();
  ASSERT_GT(files.size(), 100u);
  int v1 = 0, v2 = 0, v3 = 0;
  for (const auto& path : files) {
    std::string text = ReadText(path);
    auto m = TableMetadata::Parse(text, path);
    ASSERT_TRUE(m.ok()) << m.status().ToString();
    (m->format_version == 1 ? v1 : m->format_version == 2 ? v2 : v3)++;
    json::Value original = json::Parse(text).ValueOrDie();
    json::Value written = m->ToJson();
    // Every top-level field of the original is still there, unknown ones unchanged.
    for (const auto& [key, value] : original.members()) {
      const json::Value* w = written.Find(key);
      ASSERT_NE(w, nullptr) << path << ": " << key << " was dropped";
      if (key == "properties" || key == "statistics" || key == "partition-statistics" ||
          key == "location" || key == "table-uuid" || key == "last-updated-ms" ||
          key == "last-sequence-number" || key == "format-version" || key == "last-column-id" ||
          key == "current-schema-id" || key == "default-spec-id" || key == "snapshot-log" ||
          key == "metadata-log") {
        EXPECT_EQ(Normalized(*w), Normalized(value)) << path << ": " << key;
      }
    }
    // Reading what floe wrote gives the same metadata back.
    auto again = TableMetadata::FromJson(written, path);
    ASSERT_TRUE(again.ok()) << again.status().ToString();
    EXPECT_EQ(again->ToJson(), written) << path;
    EXPECT_EQ(again->snapshots.size(), m->snapshots.size());
    for (size_t i = 0; i < m->snapshots.size(); ++i) {
      EXPECT_EQ(again->snapshots[i].manifest_list, m->snapshots[i].manifest_list);
      EXPECT_EQ(again->snapshots[i].summary, m->snapshots[i].summary);
    }
    // Schemas and specs are consistent with each other.
    for (const auto& spec : m->specs) {
      if (spec.spec_id != m->default_spec_id) continue;
      auto t = spec.PartitionType(*m->current_schema());
      EXPECT_TRUE(t.ok()) << path << ": " << t.status().ToString();
    }
  }
  EXPECT_GT(v1, 0);
  EXPECT_GT(v2, 0);
  EXPECT_GT(v3, 0);
}

const char* kV2 =
    R"J({"format-version":2,"table-uuid":"9c12d441-03fe-4693-9a96-a0705ddf69c1","location":"s3://b/t",
 "last-sequence-number":2,"last-updated-ms":1700000000000,"last-column-id":3,"current-schema-id":0,
 "schemas":[{"type":"struct","schema-id":0,"fields":[{"id":1,"name":"id","required":true,"type":"long"},
   {"id":2,"name":"ts","required":false,"type":"timestamptz"},{"id":3,"name":"s","required":false,"type":"string"}]}],
 "default-spec-id":0,"partition-specs":[{"spec-id":0,"fields":[
   {"name":"ts_day","transform":"day","source-id":2,"field-id":1000},
   {"name":"id_bucket","transform":"bucket[16]","source-id":1,"field-id":1001}]}],
 "last-partition-id":1001,"default-sort-order-id":1,"sort-orders":[{"order-id":0,"fields":[]},
   {"order-id":1,"fields":[{"transform":"identity","source-id":3,"direction":"desc","null-order":"nulls-last"}]}],
 "properties":{"write.parquet.compression-codec":"zstd"},"current-snapshot-id":22,
 "refs":{"main":{"snapshot-id":22,"type":"branch"},"v1":{"snapshot-id":11,"type":"tag","max-ref-age-ms":1000}},
 "snapshots":[{"sequence-number":1,"snapshot-id":11,"timestamp-ms":1700000000000,
   "summary":{"operation":"append","added-data-files":"1"},"manifest-list":"s3://b/t/metadata/snap-11.avro","schema-id":0},
  {"sequence-number":2,"snapshot-id":22,"parent-snapshot-id":11,"timestamp-ms":1700000001000,
   "summary":{"operation":"overwrite"},"manifest-list":"s3://b/t/metadata/snap-22.avro","schema-id":0,"first-row-id":7}],
 "snapshot-log":[{"timestamp-ms":1700000000000,"snapshot-id":11},{"timestamp-ms":1700000001000,"snapshot-id":22}],
 "metadata-log":[{"timestamp-ms":1700000000000,"metadata-file":"s3://b/t/metadata/00000-a.metadata.json"}],
 "some-future-field":{"x":[1,2]}})J";

TEST(IcebergTableMetadataTest, FieldsAreModeledAndUnknownOnesKept) {
  auto m = TableMetadata::Parse(kV2, "t.metadata.json");
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->current_snapshot()->snapshot_id, 22);
  EXPECT_EQ(m->current_snapshot()->operation(), "overwrite");
  EXPECT_EQ(*m->current_snapshot()->parent_snapshot_id, 11);
  EXPECT_FALSE(m->refs.at("v1").is_branch);
  EXPECT_EQ(*m->refs.at("v1").max_ref_age_ms, 1000);
  EXPECT_TRUE(m->SortOrderById(1)->fields[0].descending);
  EXPECT_FALSE(m->SortOrderById(1)->fields[0].nulls_first);
  EXPECT_EQ(m->Property("write.parquet.compression-codec"), "zstd");
  EXPECT_EQ(m->Property("missing", "dflt"), "dflt");
  auto pt = m->default_spec()->PartitionType(*m->current_schema()).ValueOrDie();
  ASSERT_EQ(pt->fields().size(), 2u);
  EXPECT_EQ(pt->fields()[0].type->id(), TypeId::kDate);
  EXPECT_EQ(pt->fields()[1].type->id(), TypeId::kInt);
  EXPECT_EQ(pt->fields()[1].id, 1001);
  json::Value out = m->ToJson();
  EXPECT_EQ(*out.Find("some-future-field"), json::Parse(R"J({"x":[1,2]})J").ValueOrDie());
  EXPECT_EQ(out.Find("snapshots")->items()[1].Find("first-row-id")->AsInt64(), 7);
  EXPECT_EQ(json::Parse(m->ToJsonString()).ValueOrDie(), out);
}

// Summaries are optional in v1: a snapshot without one is written without
// one (an empty summary would lack its operation and not read back).
TEST(IcebergTableMetadataTest, V1SnapshotWithoutSummaryRoundTrips) {
  const char* v1 = R"J({"format-version":1,"table-uuid":"2d1d7fdc-e16f-431a-aaf1-ccc37bee65cc",
 "location":"/w/t","last-updated-ms":1662457721334,"last-column-id":1,
 "schema":{"type":"struct","schema-id":0,"fields":[{"id":1,"name":"i","required":false,"type":"int"}]},
 "partition-spec":[],"properties":{},"current-snapshot-id":5,
 "snapshots":[{"snapshot-id":5,"timestamp-ms":1662457721334,"manifest-list":"/w/t/metadata/snap-5.avro"}]})J";
  auto m = TableMetadata::Parse(v1, "v1.metadata.json");
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_TRUE(m->snapshots[0].summary.empty());
  const json::Value written = m->ToJson();
  auto again = TableMetadata::FromJson(written, "again.json");
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(again->ToJson(), written);
}

TEST(IcebergTableMetadataTest, BadMetadataNamesTheFileAndField) {
  struct Case {
    std::string from, to, error;
  } cases[] = {
      {R"J("last-column-id":3)J", R"J("last-column-id":"3")J",
       "t.metadata.json: last-column-id: an integer is required"},
      {R"J("current-schema-id":0)J", R"J("current-schema-id":5)J",
       "current-schema-id 5 is not among the schemas"},
      {R"J("current-snapshot-id":22)J", R"J("current-snapshot-id":99)J",
       "current-snapshot-id 99 is not among the snapshots"},
      {R"J("manifest-list":"s3://b/t/metadata/snap-22.avro")J", R"J("manifest-list":22)J",
       "snapshots[1].manifest-list: a string is required"},
      {R"J("transform":"bucket[16]")J", R"J("transform":"bucket[x]")J",
       "partition-specs[0].fields[1].transform"},
      {R"J("v1":{"snapshot-id":11)J", R"J("v1":{"snapshot-id":12)J",
       "refs.v1.snapshot-id: snapshot 12 is not among"},
      {R"J("format-version":2)J", R"J("format-version":4)J", "format-version 4 is not supported"},
      {R"J("location":"s3://b/t",)J", "", "location: missing"},
  };
  for (const auto& c : cases) {
    std::string text = kV2;
    size_t at = text.find(c.from);
    ASSERT_NE(at, std::string::npos) << c.from;
    text.replace(at, c.from.size(), c.to);
    auto m = TableMetadata::Parse(text, "t.metadata.json");
    ASSERT_FALSE(m.ok()) << c.to;
    EXPECT_NE(m.status().message().find(c.error), std::string::npos) << m.status().ToString();
    EXPECT_NE(m.status().message().find("t.metadata.json"), std::string::npos);
  }
  // Truncated JSON names the file and the position.
  auto truncated = TableMetadata::Parse(std::string(kV2).substr(0, 300), "t.metadata.json");
  ASSERT_FALSE(truncated.ok());
  EXPECT_NE(truncated.status().message().find("t.metadata.json"), std::string::npos);
}

}  // namespace
}  // namespace floe::iceberg
