// `floe bench gen` as a user runs it: deterministic rows (any split into
// files gives the same rows), CSV and JSON lines, and the window options.
#include <gtest/gtest.h>

#include <algorithm>
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

// An hourly batch continues a table: ids after --first-id, times in the hour.
TEST(BenchGenTest, AnHourAfterAGivenId) {
  testing::TempDir dir;
  std::string out;
  ASSERT_EQ(RunFloe("bench gen --rows 3600 --files 1 --hours 1 --first-id 500 --end '2026-12-01 "
                    "10:59:59' --out " +
                        dir.path(),
                    &out),
            0)
      << out;
  const std::string rows = CsvRows(dir.path(), 1);
  EXPECT_EQ(std::count(rows.begin(), rows.end(), '\n'), 3600);
  EXPECT_EQ(rows.substr(0, 18), "501,2026-12-01 10:");
  const size_t last = rows.rfind('\n', rows.size() - 2);
  EXPECT_EQ(rows.substr(last + 1, 19), "4100,2026-12-01 10:");
  // Row 501 of a table generated from the start has the same values but
  // its time: the batch is that table's continuation.
  ASSERT_EQ(RunFloe("bench gen --rows 501 --files 1 --out " + dir.Join("all"), &out), 0) << out;
  const std::string all = CsvRows(dir.Join("all"), 1);
  const std::string row501 = all.substr(all.rfind('\n', all.size() - 2) + 1);
  auto without_times = [](const std::string& line) {
    // order_id, then order_ts and order_date (skipped), then the rest.
    const size_t a = line.find(','), b = line.find(',', a + 1), c = line.find(',', b + 1);
    return line.substr(0, a) + line.substr(c, line.find('\n') - c);
  };
  EXPECT_EQ(without_times(rows), without_times(row501));
  EXPECT_NE(RunFloe("bench gen --rows 10 --first-id -1 --out " + dir.path(), &out), 0);
}

// The dimension tables: fixed sizes, ids 1..N matching the sales rows' ids.
TEST(BenchGenTest, DimensionTables) {
  testing::TempDir dir;
  std::string out;
  ASSERT_EQ(RunFloe("bench gen --table stores --files 1 --out " + dir.path(), &out), 0) << out;
  const std::string text = ReadAll(dir.Join("stores-00000.csv"));
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 501);  // header + 500 stores
  EXPECT_EQ(text.substr(0, text.find('\n')), "store_id,name,city,region,opened");
  EXPECT_EQ(text.substr(text.find('\n') + 1, 11), "1,Store#001");
  EXPECT_NE(text.find("\n500,Store#500,"), std::string::npos);
  ASSERT_EQ(RunFloe("bench gen --table customers --rows 1000 --files 2 --format jsonl --out " +
                        dir.Join("c"),
                    &out),
            0)
      << out;
  const std::string json = ReadAll(dir.Join("c/customers-00001.jsonl"));
  EXPECT_EQ(json.rfind("{\"customer_id\":501,\"name\":\"Customer#000000501\",", 0), 0u)
      << json.substr(0, 80);
  EXPECT_NE(json.find("\"signup_date\":\"20"), std::string::npos);
  EXPECT_NE(RunFloe("bench gen --table orders --out " + dir.path(), &out), 0);
  EXPECT_NE(out.find("no table 'orders'"), std::string::npos) << out;
}

// --format iceberg: the table in one commit, partitioned by day, the same
// rows as the CSV files; --history: one commit per hour.
TEST(BenchGenTest, IcebergTableAndHistory) {
  testing::TempDir dir;
  std::string out;
  const std::string wh = dir.Join("wh");
  ASSERT_EQ(RunFloe("bench gen --rows 10000 --format iceberg --out " + wh, &out), 0) << out;
  EXPECT_NE(out.find("10,000 rows of demo.sales in 1 commit"), std::string::npos) << out;
  ASSERT_EQ(RunFloe("bench gen --rows 10000 --files 1 --out " + dir.Join("csv"), &out), 0) << out;
  const std::string csv = CsvRows(dir.Join("csv"), 1);
  auto query = [&](const std::string& sql) {
    std::string quoted = "'";
    for (char c : sql) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    std::string result;
    EXPECT_EQ(RunFloe("query --warehouse " + wh + " --format tsv " + quoted + "'", &result), 0)
        << result;
    return result;
  };
  // The last CSV row, as the table holds it.
  const size_t last = csv.rfind('\n', csv.size() - 2);
  std::string last_row = csv.substr(last + 1);
  std::replace(last_row.begin(), last_row.end(), ',', '\t');
  EXPECT_EQ(query("SELECT * FROM demo.sales WHERE order_id = 10000"), last_row);
  EXPECT_EQ(query("SELECT count(*), count(DISTINCT order_date) FROM demo.sales"), "10000\t365\n");
  EXPECT_EQ(query("SELECT count(*) FROM demo.\"sales$partitions\""), "365\n");
  EXPECT_EQ(query("SELECT count(*) FROM demo.\"sales$snapshots\""), "1\n");
  // Written again: left as it is.
  EXPECT_NE(RunFloe("bench gen --rows 10 --format iceberg --out " + wh, &out), 0);
  EXPECT_NE(out.find("already exists"), std::string::npos) << out;

  // History: 48 hours, 100 rows an hour, one fast-append commit (and
  // manifest) per hour, each hour's rows in its hour.
  ASSERT_EQ(RunFloe("bench gen --rows 4800 --hours 48 --history --append fast --format iceberg "
                    "--name hist.sales --out " +
                        wh,
                    &out),
            0)
      << out;
  EXPECT_EQ(query("SELECT count(*) FROM hist.\"sales$snapshots\""), "48\n");
  EXPECT_EQ(query("SELECT count(*) FROM hist.\"sales$manifests\""), "48\n");
  EXPECT_EQ(query("SELECT count(*), count(DISTINCT date_trunc('hour', order_ts)) FROM hist.sales"),
            "4800\t48\n");
  EXPECT_EQ(query("SELECT max(n), min(n) FROM (SELECT date_trunc('hour', order_ts) h, count(*) n "
                  "FROM hist.sales GROUP BY 1)"),
            "100\t100\n");
  // Each data file (one per commit) holds one hour.
  EXPECT_EQ(query("SELECT count(*) FROM hist.\"sales$files\""), "48\n");
  EXPECT_NE(RunFloe("bench gen --rows 10 --history --out " + dir.path(), &out), 0);
}

}  // namespace
}  // namespace floe
