// `floe inspect` as a user runs it: outputs, exit codes, error messages.
#include <gtest/gtest.h>

#include <algorithm>

#include "testing/temp_dir.h"

namespace floe {
namespace {

const std::string kFloe = std::string(FLOE_BINARY_DIR) + "/floe";

int RunFloe(const std::string& args, std::string* out) {
  return testing::RunCommand(kFloe + " " + args + " 2>&1", out);
}

TEST(InspectTest, ParquetMetadataShowsSchemaRowGroupsAndStatistics) {
  std::string out;
  ASSERT_EQ(RunFloe("inspect " + testing::FixturesDir() + "/parquet/data/alltypes_plain.parquet", &out), 0) << out;
  EXPECT_NE(out.find("rows: 8"), std::string::npos) << out;
  EXPECT_NE(out.find("id: integer (optional, INT32)"), std::string::npos) << out;
  EXPECT_NE(out.find("column timestamp_col: INT96 UNCOMPRESSED"), std::string::npos) << out;
  EXPECT_NE(out.find("created_by: impala version 1.3.0"), std::string::npos) << out;
}

TEST(InspectTest, RowsAsCsvAndJson) {
  std::string out;
  ASSERT_EQ(RunFloe("inspect " + testing::FixturesDir() + "/parquet/data/alltypes_plain.parquet --rows 1", &out), 0);
  EXPECT_EQ(out, "4,true,0,0,0,0,0.0,0.0,30 33 2f 30 31 2f 30 39,30,2009-03-01 00:00:00.000000\n");
  ASSERT_EQ(RunFloe("inspect " + testing::FixturesDir() + "/avro/weather.avro --rows 1 --format json", &out), 0);
  EXPECT_EQ(out, "{\"station\":\"011990-99999\",\"time\":-619524000000,\"temp\":0}\n");
  ASSERT_EQ(RunFloe("inspect " + testing::FixturesDir() + "/avro/weather.avro --rows all", &out), 0);
  EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 5);
}

TEST(InspectTest, AvroMetadataShowsCodecAndSchemaAttributes) {
  std::string dir = testing::FixturesDir() + "/iceberg/pglake-spark_generated_iceberg_test/metadata/";
  std::string list;
  ASSERT_EQ(testing::RunCommand("ls " + dir + " | grep -m1 'snap-.*avro'", &list), 0);
  list.pop_back();
  std::string out;
  ASSERT_EQ(RunFloe("inspect " + dir + list, &out), 0) << out;
  EXPECT_NE(out.find("codec: deflate"), std::string::npos) << out;
  EXPECT_NE(out.find("\"field-id\": 500"), std::string::npos) << out;  // manifest_path
}

TEST(InspectTest, BadInputGivesAClearErrorAndExitCode) {
  std::string out;
  EXPECT_EQ(RunFloe("inspect /nonexistent.parquet", &out), 1);
  EXPECT_NE(out.find("/nonexistent.parquet"), std::string::npos) << out;
  EXPECT_EQ(RunFloe("inspect " + testing::FixturesDir() + "/parquet/impala_bad_data/bad_metadata_len.parquet", &out), 1);
  EXPECT_NE(out.find("footer length 4294967295"), std::string::npos) << out;
  EXPECT_EQ(RunFloe("inspect " + testing::FixturesDir() + "/README.md", &out), 1);
  EXPECT_NE(out.find("not a Parquet (PAR1) or Avro"), std::string::npos) << out;
  EXPECT_EQ(RunFloe("inspect x --rows lots", &out), 2);
  EXPECT_EQ(RunFloe("frobnicate", &out), 2);
  EXPECT_NE(out.find("unknown command 'frobnicate'"), std::string::npos);
}

}  // namespace
}  // namespace floe
