#include "sql/query_runner.h"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <thread>

#include "catalog/sql_catalog.h"
#include "io/file_io.h"
#include "sql/binder/query_binder.h"
#include "sql_test_tables.h"
#include "testing/fixture_tables.h"
#include "testing/temp_dir.h"

namespace floe::sql {
namespace {

// Digits 0..9 cross joined `n` times: 10^n rows, k = the number they spell.
std::string Digits(int n) {
  std::string from, k;
  for (int i = 0; i < n; ++i) {
    from += (i ? ", " : "") + std::string("(VALUES 0, 1, 2, 3, 4, 5, 6, 7, 8, 9) d") +
            std::to_string(i) + "(x)";
    k = i == 0 ? "d0.x" : "(" + k + ") * 10 + d" + std::to_string(i) + ".x";
  }
  return "(SELECT CAST(" + k + " AS bigint) AS k FROM " + from + ")";
}

class QueryRunnerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    catalog::SqlCatalogOptions options;
    options.database_path = dir_.Join("catalog.db");
    options.warehouse = dir_.Join("warehouse");
    options.file_io = io::LocalFileIO();
    catalog_ = catalog::SqlCatalog::Open(options).ValueOrDie();
    ASSERT_TRUE(catalog_->CreateNamespace({"test"}, {}).ok());
    resolver_ = std::make_unique<CatalogTableResolver>(catalog_.get(), "iceberg", "test");
  }

  Result<QueryResult> Run(const std::string& sql, int threads = 2, int64_t memory_limit = 0,
                          std::atomic<bool>* cancelled = nullptr) {
    QueryOptions options;
    options.resolver = resolver_.get();
    options.threads = threads;
    options.memory_limit = memory_limit;
    options.spill_directory = dir_.Join("spill");
    options.cancelled = cancelled;
    return RunStatement(sql, options);
  }

  std::string Text(const QueryResult& r) {
    std::string out;
    for (const auto& row : r.ToRows()) {
      for (size_t i = 0; i < row.size(); ++i) out += (i ? "|" : "") + row[i];
      out += "\n";
    }
    return out;
  }

  floe::testing::TempDir dir_;
  std::shared_ptr<catalog::SqlCatalog> catalog_;
  std::unique_ptr<CatalogTableResolver> resolver_;
};

TEST_F(QueryRunnerTest, SessionTimeZoneAndStartInstantBindCurrentTimestamp) {
  QueryOptions options;
  options.resolver = resolver_.get();
  options.time_zone = "Europe/Berlin";
  options.start_time_micros = 1719835200LL * 1000000 + 123456;  // 2024-07-01 12:00:00.123456 UTC
  auto r = RunStatement(
      "SELECT current_timestamp(6), current_date, CAST(TIMESTAMP '2024-01-01 00:00:00' AS "
      "timestamp with time zone) FROM " +
          Digits(3) + " WHERE k = 999",
      options);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(Text(*r),
            "2024-07-01 14:00:00.123456 Europe/Berlin|2024-07-01|2024-01-01 00:00:00.000 "
            "Europe/Berlin\n");
  options.time_zone = "Mars/Base";
  auto bad = RunStatement("SELECT 1", options);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(), "Time zone not supported: Mars/Base");
}

TEST_F(QueryRunnerTest, AggregationSpillsInsteadOfExceedingTheLimit) {
  // 10^6 groups of bigint and varchar keys: tens of MB in hash tables.
  const std::string sql =
      "SELECT count(*), sum(c), min(s), max(s), sum(total) FROM ("
      "SELECT k % 400000 AS g, count(*) AS c, max(CAST(k AS varchar)) AS s, sum(k) AS total FROM " +
      Digits(6) + " GROUP BY 1)";
  auto unlimited = Run(sql);
  ASSERT_TRUE(unlimited.ok()) << unlimited.status().ToString();
  EXPECT_EQ(Text(*unlimited), "400000|1000000|600000|999999|499999500000\n");
  for (int threads : {1, 2}) {
    auto limited = Run(sql, threads, 8 << 20);
    ASSERT_TRUE(limited.ok()) << limited.status().ToString();
    EXPECT_EQ(Text(*limited), Text(*unlimited)) << threads << " threads";
    // The query's counters say so too.
    EXPECT_GT(limited->counters.spill_bytes, 0);
    EXPECT_LE(limited->counters.peak_memory_bytes, 8 << 20);
  }
  EXPECT_EQ(unlimited->counters.spill_bytes, 0);
  EXPECT_GT(unlimited->counters.peak_memory_bytes, 8 << 20);
  auto analyzed = Run("EXPLAIN ANALYZE " + sql, 2, 8 << 20);
  ASSERT_TRUE(analyzed.ok()) << analyzed.status().ToString();
  const std::string plan = analyzed->ToRows()[0][0];
  EXPECT_EQ(plan.find("spilled: 0B"), std::string::npos) << plan;
  // Spill files are gone with the query.
  EXPECT_TRUE(!std::filesystem::exists(dir_.Join("spill")) ||
              std::filesystem::is_empty(dir_.Join("spill")));
}

TEST_F(QueryRunnerTest, SortSpillsSortedRunsAndMergesThem) {
  // 10^6 rows with a varchar payload: more than 8MB buffered.
  const std::string sql =
      "SELECT k, CAST(k * 7 AS varchar) FROM " + Digits(6) + " ORDER BY k % 1000 DESC, k";
  // Checks the order and the payload row by row as the rows stream out
  // (the whole result would not fit in the limit).
  struct Checker : ResultConsumer {
    int64_t i = 0;
    Status Consume(const columnar::Chunk& c) override {
      for (int64_t row = 0; row < c.size; ++row, ++i) {
        const int64_t k = c.columns[0]->data<int64_t>()[row];
        const int64_t expected = (999 - i / 1000) + (i % 1000) * 1000;
        if (k != expected) return Status::Invalid("row ", i, ": ", k, " instead of ", expected);
        if (c.columns[1]->GetString(row) != std::to_string(k * 7)) {
          return Status::Invalid("row ", i, ": payload ", c.columns[1]->GetString(row));
        }
      }
      return Status::OK();
    }
  };
  // With the limit: sorted runs merged; without: one in-memory sort on
  // every thread (parts sorted at once; three and more merged pairwise
  // first, the last two straight into the order, split by rank), its
  // output gathered by every thread.
  for (int64_t limit : {int64_t{8} << 20, int64_t{0}}) {
    for (int threads : {1, 2, 3, 5}) {
      if (limit > 0 && threads > 2) continue;
      Checker checker;
      QueryOptions options;
      options.resolver = resolver_.get();
      options.threads = threads;
      options.memory_limit = limit;
      options.spill_directory = dir_.Join("spill");
      options.consumer = &checker;
      auto r = RunStatement(sql, options);
      ASSERT_TRUE(r.ok()) << r.status().ToString();
      EXPECT_EQ(checker.i, 1000000) << "limit " << limit << ", threads " << threads;
      EXPECT_EQ(r->rows(), 0);
    }
  }
  auto analyzed = Run("EXPLAIN ANALYZE " + sql, 2, 8 << 20);
  ASSERT_TRUE(analyzed.ok()) << analyzed.status().ToString();
  EXPECT_EQ(analyzed->ToRows()[0][0].find("spilled: 0B"), std::string::npos);
}

TEST_F(QueryRunnerTest, HashJoinSpillsPartitionsOfBothSides) {
  // A build side of 10^6 rows (keys and a varchar payload): over 8MB.
  const std::string d = Digits(6);
  for (const char* join : {"JOIN", "LEFT JOIN", "FULL JOIN"}) {
    const std::string sql = std::string("SELECT count(*), count(b.k), sum(a.k), max(b.s) FROM ") +
                            "(SELECT k FROM " + d + " WHERE k % 2 = 0) a " + join +
                            " (SELECT k, CAST(k AS varchar) AS s FROM " + d +
                            " WHERE k % 3 = 0) b ON a.k = b.k";
    auto unlimited = Run(sql);
    ASSERT_TRUE(unlimited.ok()) << unlimited.status().ToString();
    auto limited = Run(sql, 2, 8 << 20);
    ASSERT_TRUE(limited.ok()) << join << ": " << limited.status().ToString();
    EXPECT_EQ(Text(*limited), Text(*unlimited)) << join;
    auto analyzed = Run("EXPLAIN ANALYZE " + sql, 2, 8 << 20);
    ASSERT_TRUE(analyzed.ok()) << analyzed.status().ToString();
    EXPECT_EQ(analyzed->ToRows()[0][0].find("spilled: 0B"), std::string::npos) << join;
  }
  // Multiples of 6 below 10^6: 166667 of them, summing to 6 * 166666 * 166667 / 2.
  auto inner =
      Run("SELECT count(*), sum(a.k) FROM (SELECT k FROM " + d +
              " WHERE k % 2 = 0) a JOIN (SELECT k FROM " + d + " WHERE k % 3 = 0) b ON a.k = b.k",
          2, 8 << 20);
  ASSERT_TRUE(inner.ok()) << inner.status().ToString();
  EXPECT_EQ(Text(*inner), "166667|83333166666\n");
}

TEST_F(QueryRunnerTest, NestedKeysAndStatesSpill) {
  // 400000 groups keyed by a row and an array, with array_agg and
  // approx_distinct states: the hash tables spill under 8MB.
  const std::string sql =
      "SELECT count(*), sum(cardinality(a)), sum(d) > 990000, max(g[1]), max(element_at(k, 1)) "
      "FROM ("
      "SELECT ROW(k % 400000, 'r') AS g, ARRAY[k % 400000] AS k, array_agg(k) AS a, "
      "approx_distinct(k) AS d FROM " +
      Digits(6) + " GROUP BY 1, 2)";
  auto unlimited = Run(sql);
  ASSERT_TRUE(unlimited.ok()) << unlimited.status().ToString();
  EXPECT_EQ(Text(*unlimited), "400000|1000000|true|399999|399999\n");
  auto limited = Run(sql, 2, 8 << 20);
  ASSERT_TRUE(limited.ok()) << limited.status().ToString();
  EXPECT_EQ(Text(*limited), Text(*unlimited));
}

TEST_F(QueryRunnerTest, OperatorsThatCannotSpillFailNamingTheLimit) {
  // count(DISTINCT) keeps its tuples in memory.
  auto r = Run("SELECT count(DISTINCT k) FROM " + Digits(6), 2, 4 << 20);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kOutOfMemory);
  EXPECT_NE(r.status().message().find("Query exceeded per-node memory limit of 4.00MB"),
            std::string::npos)
      << r.status().message();
  // The process lives on, and the next query runs.
  auto next = Run("SELECT count(*) FROM " + Digits(3));
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(Text(*next), "1000\n");
}

TEST_F(QueryRunnerTest, ResultsDoNotDependOnThreads) {
  const std::string sql = "SELECT k % 7, count(*), sum(k), min(k), max(k) FROM " + Digits(5) +
                          " WHERE k % 3 <> 0 GROUP BY 1 ORDER BY 1";
  auto one = Run(sql, 1);
  auto two = Run(sql, 2);
  auto four = Run(sql, 4);
  ASSERT_TRUE(one.ok() && two.ok() && four.ok());
  EXPECT_EQ(Text(*one), Text(*two));
  EXPECT_EQ(Text(*one), Text(*four));
  EXPECT_EQ(one->rows(), 7);
}

TEST_F(QueryRunnerTest, CancelledQueryStopsWithCancelled) {
  std::atomic<bool> cancelled{false};
  std::thread canceller([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    cancelled = true;
  });
  // A cross join of 10^8 rows would run for a long time.
  auto r = Run("SELECT count(*) FROM " + Digits(8) + " WHERE k % 2 = 0", 2, 0, &cancelled);
  canceller.join();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kCancelled) << r.status().ToString();
}

// A query's counters: what its scan read and what partition pruning and
// row-group statistics left out (the benchmarks report them).
TEST_F(QueryRunnerTest, CountersSayWhatTheScansReadAndPruned) {
  Session session;
  session.schema = "test";
  QueryOptions options;
  options.catalog = catalog_.get();
  options.session = &session;
  for (const char* sql :
       {"CREATE TABLE t (d date, v bigint) WITH (partitioning = ARRAY['d'])",
        "INSERT INTO t SELECT DATE '2025-01-01' + k % 3 * INTERVAL '1' DAY, k FROM "}) {
    std::string statement = sql;
    if (statement.rfind("INSERT", 0) == 0) statement += Digits(4);
    auto r = RunStatement(statement, options);
    ASSERT_TRUE(r.ok()) << statement << ": " << r.status().ToString();
  }
  auto r = Run("SELECT count(*), sum(v) FROM t WHERE d = DATE '2025-01-02'");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(Text(*r), "3333|16661667\n");
  const QueryCounters& c = r->counters;
  EXPECT_EQ(c.files_read, 1);
  EXPECT_EQ(c.files_pruned, 2);
  EXPECT_EQ(c.row_groups_read, 1);
  EXPECT_EQ(c.rows_read, 3333);
  EXPECT_GT(c.bytes_read, c.page_bytes_compressed);  // the footer too
  EXPECT_GT(c.page_bytes_compressed, 0);
  EXPECT_GT(c.page_bytes_uncompressed, 0);
  EXPECT_GE(c.decoded_bytes, 3333 * 8);
  EXPECT_GT(c.peak_memory_bytes, 0);
  // Row-group statistics rule the rest out.
  auto none = Run("SELECT count(*) FROM t WHERE v > 100000");
  ASSERT_TRUE(none.ok()) << none.status().ToString();
  EXPECT_EQ(Text(*none), "0\n");
  EXPECT_EQ(none->counters.files_read + none->counters.files_pruned, 3);
  EXPECT_EQ(none->counters.page_bytes_compressed, 0);
}

TEST_F(QueryRunnerTest, ExplainShowsPushedDownFilters) {
  auto r = Run(
      "EXPLAIN SELECT a.x FROM (VALUES 1, 2) a(x), (VALUES 2, 3) b(y) WHERE a.x = b.y AND a.x > 1");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const std::string plan = r->ToRows()[0][0];
  EXPECT_NE(plan.find("HashJoin INNER #0 = build.#0"), std::string::npos) << plan;
  EXPECT_NE(plan.find("Filter (#0 > 1)"), std::string::npos) << plan;
  // Through a subquery's projection, with its constant folded.
  auto through =
      Run("EXPLAIN (TYPE LOGICAL) SELECT y FROM (SELECT x + 1 AS y FROM (VALUES 1, 2) t(x)) "
          "WHERE y > 1 + 1");
  ASSERT_TRUE(through.ok()) << through.status().ToString();
  const std::string logical_plan = through->ToRows()[0][0];
  EXPECT_EQ(logical_plan, "Project (#0 + 1)\n  Filter ((#0 + 1) > 2)\n    Values 2 rows\n");
  auto logical = Run("EXPLAIN (TYPE LOGICAL) SELECT 1");
  ASSERT_TRUE(logical.ok()) << logical.status().ToString();
  EXPECT_NE(logical->ToRows()[0][0].find("Values 1 rows"), std::string::npos);
}

// Serves one fixture table (../shared/fixtures/iceberg) as table `t`.
class FixtureResolver : public TableResolver {
 public:
  explicit FixtureResolver(const floe::testing::FixtureTable& table) {
    handle_ = std::make_shared<TableHandle>();
    handle_->catalog = "iceberg";
    handle_->schema = "fixtures";
    handle_->table = "t";
    handle_->io = floe::testing::FixtureFileIO(table);
    const std::string path = floe::testing::LatestMetadataFile(table);
    handle_->metadata = std::make_shared<const iceberg::TableMetadata>(
        iceberg::TableMetadata::Parse(floe::testing::ReadFileOrDie(path), path).ValueOrDie());
  }
  Result<std::shared_ptr<TableHandle>> ResolveTable(const QualifiedName& name) override {
    if (name.parts.back() != "t")
      return Status::NotFound("Table '", name.ToSql(), "' does not exist");
    return handle_;
  }

 private:
  std::shared_ptr<TableHandle> handle_;
};

// Over every fixture table written by other engines (Spark, Impala, Trino,
// DuckDB, pg_lake: their metrics, schema evolution, deletes), count, min
// and max of each column answered from metadata equal the rows' answer.
TEST(AggregateFromMetadataTest, MatchesReadingTheRowsOnEveryFixture) {
  floe::testing::TempDir dir;
  int from_metadata = 0, fell_back = 0;
  for (const auto& table : floe::testing::FixtureTables()) {
    SCOPED_TRACE(table.name);
    FixtureResolver resolver(table);
    auto run = [&](const std::string& sql) {
      QueryOptions options;
      options.resolver = &resolver;
      options.threads = 2;
      options.spill_directory = dir.Join("spill");
      return RunStatement(sql, options);
    };
    auto text = [](const QueryResult& r) {
      std::string out;
      for (const auto& row : r.ToRows()) {
        for (size_t i = 0; i < row.size(); ++i) out += (i ? "|" : "") + row[i];
      }
      return out;
    };
    auto columns = run("SELECT * FROM t LIMIT 0");
    if (!columns.ok()) continue;  // a fixture floe cannot read yet
    for (const std::string& name : columns->names) {
      const std::string c = "\"" + name + "\"";
      std::string select = "count(*), count(" + c + "), min(" + c + "), max(" + c + ")";
      // Unorderable columns (maps, ...): count only.
      if (!run("SELECT " + select + " FROM t WHERE false").ok())
        select = "count(*), count(" + c + ")";
      // The same aggregate over rows: a filter keeps it from metadata.
      auto rows =
          run("SELECT " + select + " FROM t WHERE " + c + " IS NULL OR " + c + " IS NOT NULL");
      if (!rows.ok()) continue;  // a column floe cannot read yet
      auto metadata = run("SELECT " + select + " FROM t");
      ASSERT_TRUE(metadata.ok()) << name << ": " << metadata.status().ToString();
      EXPECT_EQ(text(*metadata), text(*rows)) << name;
      auto explain = run("EXPLAIN SELECT " + select + " FROM t");
      ASSERT_TRUE(explain.ok()) << explain.status().ToString();
      const bool shortcut = explain->ToRows()[0][0].find("from metadata") != std::string::npos;
      (shortcut ? from_metadata : fell_back)++;
    }
  }
  // Both paths are exercised (deletes, strings and missing metrics fall back).
  EXPECT_GT(from_metadata, 20);
  EXPECT_GT(fell_back, 20);
}

// EXPLAIN shows which aggregates metadata answers: a Values operator naming
// the files whose metrics it summed.
TEST(AggregateFromMetadataTest, ExplainShowsTheAnswerFromMetadata) {
  floe::testing::TempDir dir;
  auto warehouse = TestWarehouse::Make(dir.path()).ValueOrDie();
  ASSERT_TRUE(
      warehouse
          ->Load("m", "g",
                 "SELECT * FROM (VALUES (1, -5, 'a', 0e0, 2.5e0), (2, NULL, NULL, NULL, NULL), "
                 "(3, 100, 'z', 1e0, -1.5e0)) t(g, i, s, z, y)")
          .ok());
  auto explain = [&](const std::string& sql) {
    auto r = warehouse->Run("EXPLAIN " + sql);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? r->ToRows()[0][0] : std::string();
  };
  for (const char* sql :
       {"SELECT count(*) FROM m", "SELECT count(*), count(i), min(i), max(i) FROM m",
        "SELECT count(s), max(y), min(y) FROM m",
        "SELECT max(i) + 1, count(*) FROM (SELECT i, s FROM m)"}) {
    EXPECT_NE(explain(sql).find("Values 1 row from metadata: 3 files"), std::string::npos) << sql;
  }
  // Not exact (truncated string bounds, a zero double bound) or not a
  // plain count/min/max of the whole table: the rows are read.
  for (const char* sql :
       {"SELECT min(s) FROM m", "SELECT min(z) FROM m", "SELECT sum(i) FROM m",
        "SELECT count(DISTINCT i) FROM m", "SELECT max(i) FILTER (WHERE i < 50) FROM m",
        "SELECT max(i) FROM m WHERE i IS NULL OR i IS NOT NULL",
        "SELECT g, max(i) FROM m GROUP BY g", "SELECT max(i + 1) FROM m"}) {
    const std::string plan = explain(sql);
    EXPECT_EQ(plan.find("from metadata"), std::string::npos) << sql << "\n" << plan;
    EXPECT_NE(plan.find("HashAggregate"), std::string::npos) << sql << "\n" << plan;
  }
  // An empty table has no file.
  ASSERT_TRUE(warehouse->Load("e", "", "SELECT * FROM (VALUES 1) t(a) WHERE a > 5").ok());
  EXPECT_NE(explain("SELECT count(*), min(a) FROM e").find("Values 1 row from metadata: 0 files"),
            std::string::npos);
}

// Delete files make record counts and bounds inexact: the rows are read.
TEST(AggregateFromMetadataTest, DeleteFilesReadTheRows) {
  floe::testing::TempDir dir;
  FixtureResolver resolver(floe::testing::FixtureTableNamed("impala-iceberg_v2_delete_positional"));
  QueryOptions options;
  options.resolver = &resolver;
  options.spill_directory = dir.Join("spill");
  auto plan = RunStatement("EXPLAIN SELECT count(*), min(id), max(id) FROM t", options);
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  EXPECT_NE(plan->ToRows()[0][0].find("HashAggregate"), std::string::npos) << plan->ToRows()[0][0];
  auto rows = RunStatement("SELECT count(*), min(id), max(id) FROM t", options);
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_EQ(rows->ToRows(), (std::vector<std::vector<std::string>>{{"2", "1", "3"}}));
}

// Tables of very different sizes for join ordering (as in join_order.test).
class JoinOrderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    warehouse_ = TestWarehouse::Make(dir_.path()).ValueOrDie();
    ASSERT_TRUE(warehouse_
                    ->Load("big", "",
                           "SELECT x AS id, x % 10 AS s1, x % 5 AS s2, x % 3 AS s3 "
                           "FROM UNNEST(sequence(1, 5000)) t(x)")
                    .ok());
    ASSERT_TRUE(warehouse_
                    ->Load("small1", "",
                           "SELECT x AS k, 'a' || CAST(x AS varchar) AS name1 "
                           "FROM UNNEST(sequence(0, 9)) t(x)")
                    .ok());
    ASSERT_TRUE(warehouse_
                    ->Load("small2", "",
                           "SELECT x AS k, 'b' || CAST(x AS varchar) AS name2 "
                           "FROM UNNEST(sequence(0, 4)) t(x)")
                    .ok());
    ASSERT_TRUE(
        warehouse_->Load("mid", "", "SELECT x AS k, x % 3 AS k3 FROM UNNEST(sequence(0, 99)) t(x)")
            .ok());
  }

  std::string Explain(const std::string& sql) {
    auto r = warehouse_->Run("EXPLAIN " + sql);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? r->ToRows()[0][0] : std::string();
  }

  floe::testing::TempDir dir_;
  std::unique_ptr<TestWarehouse> warehouse_;
};

// The line of `plan` holding `needle` first and its indentation (-1: none).
int Indent(const std::string& plan, const std::string& needle) {
  const size_t at = plan.find(needle);
  if (at == std::string::npos) return -1;
  const size_t line = plan.rfind('\n', at) + 1;  // npos + 1 == 0
  return static_cast<int>(plan.find_first_not_of(' ', line) - line);
}

// The big table is the probe side of the bottom join of a left-deep tree,
// whatever order the query names the tables in, and no cross product is
// built while a condition connects the tables.
TEST_F(JoinOrderTest, BigTableIsTheProbeSideAtTheBottom) {
  for (const char* sql :
       {"SELECT count(*) FROM small1, small2, big WHERE big.s1 = small1.k AND big.s2 = small2.k",
        "SELECT count(*) FROM small1 JOIN small2 ON small1.k = small2.k "
        "JOIN mid ON mid.k3 = small2.k JOIN big ON big.s1 = mid.k",
        "SELECT * FROM small2, big, small1 WHERE big.s2 = small2.k AND big.s1 = small1.k",
        // Below a left join: the inner joins under it are ordered alone.
        "SELECT count(*) FROM small1 JOIN small2 ON small1.k = small2.k "
        "JOIN big ON big.s1 = small1.k LEFT JOIN mid ON mid.k = big.id"}) {
    const std::string plan = Explain(sql);
    const int big = Indent(plan, "TableScan iceberg.test.big");
    ASSERT_GE(big, 0) << plan;
    // The first scan (the probe input of the bottom join) and the deepest.
    EXPECT_EQ(plan.find("TableScan"), plan.find("TableScan iceberg.test.big")) << sql << "\n"
                                                                               << plan;
    for (const char* other : {"small1", "small2", "mid"}) {
      EXPECT_LE(Indent(plan, std::string("TableScan iceberg.test.") + other), big) << sql << "\n"
                                                                                   << plan;
    }
    EXPECT_EQ(plan.find("NestedLoopJoin"), std::string::npos) << sql << "\n" << plan;
  }
  // The smaller of the connected tables is joined first, the mid table
  // (connected to big only through small1) after small1.
  const std::string plan = Explain(
      "SELECT count(*) FROM mid, small1, small2, big WHERE big.s1 = small1.k AND "
      "big.s2 = small2.k AND mid.k = small1.k");
  EXPECT_GT(Indent(plan, "TableScan iceberg.test.small2"),
            Indent(plan, "TableScan iceberg.test.small1"))
      << plan;
  EXPECT_GT(Indent(plan, "TableScan iceberg.test.small1"),
            Indent(plan, "TableScan iceberg.test.mid"))
      << plan;
}

// A projection on top keeps the written column order and names.
TEST_F(JoinOrderTest, OutputColumnsKeepTheirOrderAndNames) {
  auto r = warehouse_->Run(
      "SELECT * FROM small2, big, small1 WHERE big.s2 = small2.k AND big.s1 = small1.k AND "
      "big.id = 7");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->names,
            (std::vector<std::string>{"k", "name2", "id", "s1", "s2", "s3", "k", "name1"}));
  EXPECT_EQ(r->ToRows(),
            (std::vector<std::vector<std::string>>{{"2", "b2", "7", "7", "2", "1", "7", "a7"}}));
}

// A condition that is not deterministic keeps the written order (here a
// cross product of the small tables first).
TEST_F(JoinOrderTest, NonDeterministicConditionKeepsTheWrittenOrder) {
  const std::string plan = Explain(
      "SELECT count(*) FROM small1, small2, big WHERE big.s1 = small1.k AND big.s2 = small2.k "
      "AND random() >= 0");
  EXPECT_NE(plan.find("NestedLoopJoin"), std::string::npos) << plan;
}

}  // namespace
}  // namespace floe::sql

namespace floe::sql {
namespace {

// SHOW CREATE TABLE prints what CREATE TABLE was given, in Trino's form
// (the location is the warehouse's, so checked by its start).
TEST(StatementTest, ShowCreateTableRoundTripsTheDefinition) {
  floe::testing::TempDir dir;
  auto warehouse = TestWarehouse::Make(dir.path()).ValueOrDie();
  ASSERT_TRUE(warehouse
                  ->Run("CREATE TABLE sales (order_id bigint NOT NULL, order_ts timestamp(6), "
                        "amount decimal(12, 2) COMMENT 'money') COMMENT 'orders' WITH "
                        "(partitioning = ARRAY['day(order_ts)', 'bucket(order_id, 4)'], "
                        "sorted_by = ARRAY['order_id DESC'])")
                  .ok());
  auto r = warehouse->Run("SHOW CREATE TABLE sales");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const std::string text = r->ToRows()[0][0];
  const std::string head =
      "CREATE TABLE iceberg.test.sales (\n"
      "   order_id bigint NOT NULL,\n"
      "   order_ts timestamp(6),\n"
      "   amount decimal(12,2) COMMENT 'money'\n"
      ")\n"
      "COMMENT 'orders'\n"
      "WITH (\n"
      "   format = 'PARQUET',\n"
      "   format_version = 2,\n"
      "   location = '" +
      dir.path();
  EXPECT_EQ(text.substr(0, head.size()), head) << text;
  const std::string tail =
      "partitioning = ARRAY['day(order_ts)', 'bucket(order_id, 4)'],\n"
      "   sorted_by = ARRAY['order_id DESC NULLS LAST']\n"
      ")";
  ASSERT_GE(text.size(), tail.size());
  EXPECT_EQ(text.substr(text.size() - tail.size()), tail) << text;
  // The statement it prints creates the same table again.
  auto again = warehouse->Run("CREATE SCHEMA copy");
  ASSERT_TRUE(again.ok());
  std::string copy = text;
  copy.replace(copy.find("iceberg.test.sales"), 18, "iceberg.copy.sales");
  const size_t loc = copy.find("   location = ");
  copy.erase(loc, copy.find('\n', loc) - loc + 1);
  auto created = warehouse->Run(copy);
  ASSERT_TRUE(created.ok()) << created.status().ToString() << "\n" << copy;
  auto copied = warehouse->Run("SHOW CREATE TABLE copy.sales");
  ASSERT_TRUE(copied.ok());
  const std::string copied_text = copied->ToRows()[0][0];
  EXPECT_EQ(copied_text.substr(copied_text.size() - tail.size()), tail);
}

}  // namespace
}  // namespace floe::sql

namespace floe::sql {
namespace {

// Time travel to each INSERT's snapshot (ids read from "t$snapshots")
// returns the table as it was then.
TEST(StatementTest, TimeTravelReturnsEarlierStates) {
  floe::testing::TempDir dir;
  auto warehouse = TestWarehouse::Make(dir.path()).ValueOrDie();
  ASSERT_TRUE(warehouse->Run("CREATE TABLE t (x bigint)").ok());
  for (int i = 1; i <= 3; ++i) {
    auto r = warehouse->Run("INSERT INTO t SELECT y FROM UNNEST(sequence(1, " +
                            std::to_string(i * 10) + ")) u(y)");
    ASSERT_TRUE(r.ok()) << r.status().ToString();
  }
  auto snapshots = warehouse->Run(
      "SELECT CAST(snapshot_id AS varchar) FROM \"t$snapshots\" ORDER BY committed_at, "
      "snapshot_id");
  ASSERT_TRUE(snapshots.ok()) << snapshots.status().ToString();
  const auto ids = snapshots->ToRows();
  ASSERT_EQ(ids.size(), 3u);
  int64_t expected = 0;
  for (int i = 0; i < 3; ++i) {
    expected += (i + 1) * 10;
    auto r = warehouse->Run("SELECT count(*) FROM t FOR VERSION AS OF " + ids[i][0]);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_EQ(r->ToRows()[0][0], std::to_string(expected)) << "snapshot " << ids[i][0];
  }
  auto main = warehouse->Run("SELECT count(*) FROM t FOR VERSION AS OF 'main'");
  ASSERT_TRUE(main.ok()) << main.status().ToString();
  EXPECT_EQ(main->ToRows()[0][0], "60");
}

}  // namespace
}  // namespace floe::sql
