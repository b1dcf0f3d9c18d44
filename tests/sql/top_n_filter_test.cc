// The top-N cutoff handed to the scan (sql/exec/top_n_filter.h): results
// equal those of the same query without it, and the scan drops rows.

#include "sql/exec/top_n_filter.h"

#include <gtest/gtest.h>

#include "sql_test_tables.h"
#include "testing/temp_dir.h"

namespace floe::sql {
namespace {

class TopNFilterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    warehouse_ = TestWarehouse::Make(dir_.path()).ValueOrDie();
    // 60,000 rows: k 0..59999, v a permutation of them, s with NULLs and
    // many ties, d a decimal, name a string.
    ASSERT_TRUE(warehouse_
                    ->Load("big", "",
                           "SELECT CAST(k AS bigint) AS k, CAST((k * 7919) % 60000 AS integer) "
                           "AS v, IF(k % 13 = 0, NULL, CAST(k % 1000 AS integer)) AS s, "
                           "CAST(k AS decimal(12, 2)) / 4 AS d, 'row ' || CAST(k AS varchar) AS "
                           "name FROM (SELECT a.x * 1000 + b.x AS k FROM UNNEST(sequence(0, 59)) "
                           "a(x), UNNEST(sequence(0, 999)) b(x))")
                    .ok());
  }

  std::string Text(const std::string& sql) {
    auto r = warehouse_->Run(sql, 2);
    EXPECT_TRUE(r.ok()) << sql << ": " << r.status().ToString();
    if (!r.ok()) return "";
    std::string out;
    for (const auto& row : r->ToRows()) {
      for (size_t i = 0; i < row.size(); ++i) out += (i ? "|" : "") + row[i];
      out += "\n";
    }
    return out;
  }

  floe::testing::TempDir dir_;
  std::unique_ptr<TestWarehouse> warehouse_;
};

TEST_F(TopNFilterTest, ResultsMatchTheQueryWithoutTheCutoffAndRowsAreDropped) {
  // Keys as plain columns get the cutoff; the same keys as expressions
  // (`+ 0`) do not, and give the reference result.
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"v DESC", "v + 0 DESC"},
      {"v", "v + 0"},
      {"s DESC NULLS FIRST, k", "s + 0 DESC NULLS FIRST, k + 0"},
      {"s NULLS LAST, k DESC", "s + 0 NULLS LAST, k + 0 DESC"},
      {"d DESC", "d + 0 DESC"},
      {"name DESC", "name || '' DESC"},
  };
  for (const auto& [with, without] : cases) {
    for (const std::string tail : {"LIMIT 7", "OFFSET 3 LIMIT 5", "FETCH FIRST 4 ROWS WITH TIES"}) {
      const std::string a = "SELECT k, v, s, d, name FROM big ORDER BY " + with + " " + tail;
      const std::string b = "SELECT k, v, s, d, name FROM big ORDER BY " + without + " " + tail;
      const std::string expected = Text(b);
      EXPECT_FALSE(expected.empty()) << b;
      EXPECT_EQ(Text(a), expected) << a;
    }
  }
  // Through a projection and a filter the scan did not take.
  EXPECT_EQ(Text("SELECT x, v FROM (SELECT k AS x, v FROM big WHERE random() >= 0) ORDER BY v "
                 "DESC LIMIT 3"),
            Text("SELECT x, v FROM (SELECT k AS x, v FROM big WHERE random() >= 0) ORDER BY v "
                 "+ 0 DESC LIMIT 3"));
  // Ties at the cutoff: s has 60 rows per value; WITH TIES keeps them all.
  EXPECT_EQ(Text("SELECT count(*) FROM (SELECT s FROM big ORDER BY s DESC FETCH FIRST 1 ROWS "
                 "WITH TIES)"),
            "56\n");

  auto analyzed = warehouse_->Run("EXPLAIN ANALYZE SELECT * FROM big ORDER BY v DESC LIMIT 10", 2);
  ASSERT_TRUE(analyzed.ok()) << analyzed.status().ToString();
  const std::string plan = analyzed->ToRows()[0][0];
  const size_t at = plan.find("rows dropped by the top-N cutoff: ");
  ASSERT_NE(at, std::string::npos) << plan;
  const int64_t dropped = std::stoll(plan.substr(at + 34));
  EXPECT_GT(dropped, 30000) << plan;
  // In key order, every batch after the first few is rejected on k alone:
  // the other columns of those batches are never decoded.
  auto ordered = warehouse_->Run("EXPLAIN ANALYZE SELECT * FROM big ORDER BY k LIMIT 10", 2);
  ASSERT_TRUE(ordered.ok()) << ordered.status().ToString();
  const std::string ordered_plan = ordered->ToRows()[0][0];
  const size_t early = ordered_plan.find("batches filtered early: ");
  ASSERT_NE(early, std::string::npos) << ordered_plan;
  EXPECT_GE(std::stoll(ordered_plan.substr(early + 24)), 25) << ordered_plan;
  // An expression key gets no cutoff.
  auto plain = warehouse_->Run("EXPLAIN ANALYZE SELECT * FROM big ORDER BY v + 1 DESC LIMIT 10", 2);
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(plain->ToRows()[0][0].find("top-N cutoff"), std::string::npos);
}

}  // namespace
}  // namespace floe::sql
