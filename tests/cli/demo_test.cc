// The README's demo as a new user runs it: `make up` (scripts/demo.sh)
// generates sales CSV files, loads them into iceberg.demo.sales with
// read_csv and prints the example queries; `make etl` (scripts/etl.sh)
// appends the next hour. Small row counts, a warehouse of its own.
#include <gtest/gtest.h>

#include <algorithm>

#include "testing/temp_dir.h"

namespace floe {
namespace {

int RunScript(const std::string& script, const std::string& warehouse, std::string* out) {
  const std::string env = "FLOE='" + std::string(FLOE_BINARY_DIR) + "/floe' WAREHOUSE='" +
                          warehouse + "' DEMO_ROWS=72000 ";
  return testing::RunCommand(env + std::string(FLOE_SOURCE_DIR) + "/scripts/" + script + " 2>&1",
                             out);
}

int Floe(const std::string& warehouse, const std::string& sql, std::string* out) {
  return testing::RunCommand(std::string(FLOE_BINARY_DIR) + "/floe sql --warehouse '" +
                                 warehouse + "' --output-format csv -c \"" + sql + "\" 2>&1",
                             out);
}

TEST(DemoTest, UpLoadsTheSalesAndEtlAppendsAnHour) {
  testing::TempDir dir;
  const std::string warehouse = dir.Join("warehouse");
  std::string out;
  ASSERT_EQ(RunScript("demo.sh", warehouse, &out), 0) << out;
  EXPECT_NE(out.find("loaded 72000 rows"), std::string::npos) << out;
  // Both example queries ran: ten first rows, then one sum per day (30
  // days ending at the last full hour touch 31 dates, or 30 at midnight).
  EXPECT_NE(out.find("(10 rows)"), std::string::npos) << out;
  EXPECT_TRUE(out.find("(31 rows)") != std::string::npos ||
              out.find("(30 rows)") != std::string::npos)
      << out;
  std::string result;
  ASSERT_EQ(Floe(warehouse,
                 "SELECT count(*), count(DISTINCT order_id), min(order_id), max(order_id), "
                 "count(DISTINCT order_date) >= 30 FROM iceberg.demo.sales",
                 &result),
            0)
      << result;
  EXPECT_EQ(result, "\"72000\",\"72000\",\"1\",\"72000\",\"true\"\n");
  // Each day is a partition.
  ASSERT_EQ(Floe(warehouse, "SELECT count(*) >= 30 FROM iceberg.demo.\\\"sales\\$partitions\\\"",
                 &result),
            0)
      << result;
  EXPECT_EQ(result, "\"true\"\n");

  // Again: the table is kept, the queries run.
  ASSERT_EQ(RunScript("demo.sh", warehouse, &out), 0) << out;
  EXPECT_NE(out.find("exists already (72000 rows)"), std::string::npos) << out;

  // make etl: 72000 / 720 = 100 more orders in the hour after the newest.
  ASSERT_EQ(RunScript("etl.sh", warehouse, &out), 0) << out;
  ASSERT_EQ(Floe(warehouse,
                 "SELECT count(*), max(order_id), count_if(order_id > 72000 AND order_ts > m) "
                 "FROM iceberg.demo.sales, (SELECT max(order_ts) AS m FROM iceberg.demo.sales "
                 "WHERE order_id <= 72000)",
                 &result),
            0)
      << result;
  EXPECT_EQ(result, "\"72100\",\"72100\",\"100\"\n");
  ASSERT_EQ(RunScript("etl.sh", warehouse, &out), 0) << out;
  ASSERT_EQ(Floe(warehouse, "SELECT count(*) FROM iceberg.demo.\\\"sales\\$snapshots\\\"", &result),
            0)
      << result;
  EXPECT_EQ(result, "\"3\"\n");
}

}  // namespace
}  // namespace floe
