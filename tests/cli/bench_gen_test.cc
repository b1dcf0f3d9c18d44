// `floe bench gen` as a user runs it: deterministic rows (any split into
// files gives the same rows), CSV and JSON lines, and the window options.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "testing/temp_dir.h"

namespace floe {
namespace {

const std::string kFloe = std::string(FLOE_BINARY_DIR) + "/floe";

int RunFloe(const std::string& args, std::string* out) {
  return testing::RunCommand(kFloe + " " + args + " 2>&1", out);
}

std::string ReadAll(const std::string& path) {
  std::ifstream f(path);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

// The data lines of the CSV files sales-00000.csv ... in order.
std::string CsvRows(const std::string& dir, int files) {
  std::string rows;
  for (int k = 0; k < files; ++k) {
    char name[32];
    std::snprintf(name, sizeof(name), "/sales-%05d.csv", k);
    std::string text = ReadAll(dir + name);
    const size_t header = text.find('\n');
    EXPECT_EQ(
        text.substr(0, header),
        "order_id,order_ts,order_date,customer_id,product_id,store_id,amount,quantity,status");
    rows += text.substr(header + 1);
  }
  return rows;
}

TEST(BenchGenTest, RowsDependOnlyOnTheirIndex) {
  testing::TempDir dir;
  std::string out;
  ASSERT_EQ(RunFloe("bench gen --rows 10000 --files 1 --out " + dir.Join("one"), &out), 0) << out;
  ASSERT_EQ(RunFloe("bench gen --rows 10000 --files 3 --out " + dir.Join("three"), &out), 0) << out;
  const std::string one = CsvRows(dir.Join("one"), 1);
  EXPECT_EQ(std::count(one.begin(), one.end(), '\n'), 10000);
  EXPECT_EQ(one, CsvRows(dir.Join("three"), 3));
  // BENCHMARKS.md's window: 2025-01-01 .. 2025-12-31, order ids 1..N.
  EXPECT_EQ(one.substr(0, 13), "1,2025-01-01 ");
  const size_t last = one.rfind('\n', one.size() - 2);
  EXPECT_EQ(one.substr(last + 1, 17), "10000,2025-12-31 ");
}

TEST(BenchGenTest, JsonLinesAndAnotherWindow) {
  testing::TempDir dir;
  std::string out;
  ASSERT_EQ(RunFloe("bench gen --rows 100 --files 1 --format jsonl --days 30 --end '2026-11-30 "
                    "23:59:59' --out " +
                        dir.path(),
                    &out),
            0)
      << out;
  const std::string text = ReadAll(dir.Join("sales-00000.jsonl"));
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 100);
  EXPECT_EQ(text.substr(0, 37), "{\"order_id\":1,\"order_ts\":\"2026-11-01 ");
  EXPECT_NE(text.find("{\"order_id\":100,\"order_ts\":\"2026-11-30 "), std::string::npos);
  EXPECT_NE(text.find("\"status\":\""), std::string::npos);
  EXPECT_NE(RunFloe("bench gen --rows 10 --end yesterday --out " + dir.path(), &out), 0);
  EXPECT_NE(out.find("is not a timestamp"), std::string::npos) << out;
  EXPECT_NE(RunFloe("bench gen --rows 10 --format xml --out " + dir.path(), &out), 0);
}

}  // namespace
}  // namespace floe
