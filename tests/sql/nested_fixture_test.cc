// SQL over an Iceberg fixture with a nested column: the map<string, string>
// `metadata` of duckdb-map_stats through SELECT, ORDER BY, GROUP BY, JOIN
// and UNNEST.

#include <gtest/gtest.h>

#include <string>

#include "iceberg/table_metadata.h"
#include "sql/binder/query_binder.h"
#include "sql/plan/logical_plan.h"
#include "sql/query_runner.h"
#include "testing/fixture_tables.h"
#include "testing/temp_dir.h"

namespace floe::sql {
namespace {

// Serves the fixture as table `t`.
class FixtureResolver : public TableResolver {
 public:
  explicit FixtureResolver(const std::string& name) {
    auto table = floe::testing::FixtureTableNamed(name);
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

class NestedFixtureTest : public ::testing::Test {
 protected:
  Result<QueryResult> Run(const std::string& sql, int threads = 2) {
    QueryOptions options;
    options.resolver = &resolver_;
    options.threads = threads;
    options.spill_directory = dir_.Join("spill");
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
  FixtureResolver resolver_{"duckdb-map_stats"};
};

TEST_F(NestedFixtureTest, MapColumnThroughOperators) {
  auto all = Run("SELECT count(*), count(metadata), sum(cardinality(metadata)) FROM t");
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  const auto rows = all->ToRows();
  ASSERT_EQ(rows.size(), 1u);
  const std::string count = rows[0][0];
  // Grouping by the map, joining on it and sorting by a row holding its
  // keys keep every row.
  auto grouped =
      Run("SELECT sum(c) FROM (SELECT metadata, count(*) AS c FROM t GROUP BY metadata)");
  ASSERT_TRUE(grouped.ok()) << grouped.status().ToString();
  EXPECT_EQ(Text(*grouped), count + "\n");
  auto joined =
      Run("SELECT count(*) FROM (SELECT DISTINCT metadata AS m FROM t) a JOIN "
          "(SELECT DISTINCT metadata AS m FROM t) b ON a.m = b.m");
  auto distinct = Run("SELECT count(*) FROM (SELECT DISTINCT metadata FROM t)");
  ASSERT_TRUE(joined.ok()) << joined.status().ToString();
  ASSERT_TRUE(distinct.ok()) << distinct.status().ToString();
  EXPECT_EQ(Text(*joined), Text(*distinct));
  auto sorted =
      Run("SELECT count(*) FROM (SELECT ROW(array_sort(map_keys(metadata)), input) AS r FROM t "
          "ORDER BY r)");
  ASSERT_TRUE(sorted.ok()) << sorted.status().ToString();
  EXPECT_EQ(Text(*sorted), count + "\n");
  // UNNEST of the map: one row per entry.
  auto entries = Run("SELECT count(*) FROM t CROSS JOIN UNNEST(metadata) AS e(k, v)");
  ASSERT_TRUE(entries.ok()) << entries.status().ToString();
  EXPECT_EQ(Text(*entries), rows[0][2] == "NULL" ? "0\n" : rows[0][2] + "\n");
  // Maps have no order.
  auto unordered = Run("SELECT metadata FROM t ORDER BY metadata");
  ASSERT_FALSE(unordered.ok());
  EXPECT_NE(unordered.status().message().find("is not orderable"), std::string::npos);
}

}  // namespace
}  // namespace floe::sql
