#include "cli/statement_splitter.h"

#include <gtest/gtest.h>

namespace floe::cli {
namespace {

std::vector<std::string> Sql(const StatementSplit& split) {
  std::vector<std::string> out;
  for (const auto& s : split.complete) out.push_back(s.sql);
  return out;
}

TEST(StatementSplitterTest, SplitsAtSemicolonsAndKeepsThePartialStatement) {
  StatementSplit split = SplitStatements("SELECT 1;\n  SELECT 2 ;SELECT\n3");
  EXPECT_EQ(Sql(split), (std::vector<std::string>{"SELECT 1", "SELECT 2"}));
  EXPECT_EQ(split.partial, "SELECT\n3");
  EXPECT_EQ(split.consumed, std::string("SELECT 1;\n  SELECT 2 ;").size());
}

TEST(StatementSplitterTest, IgnoresTerminatorsInQuotesAndComments) {
  StatementSplit split = SplitStatements(
      "SELECT 'a;b', 'it''s;' AS \"x;\"\"y\" -- not; here\n"
      "/* nor; here */ FROM t;");
  ASSERT_EQ(split.complete.size(), 1u);
  EXPECT_EQ(split.complete[0].sql,
            "SELECT 'a;b', 'it''s;' AS \"x;\"\"y\" -- not; here\n/* nor; here */ FROM t");
  EXPECT_EQ(split.partial, "");
}

TEST(StatementSplitterTest, UnterminatedQuoteOrCommentWaitsForMore) {
  EXPECT_TRUE(SplitStatements("SELECT 'abc;\n").complete.empty());
  EXPECT_TRUE(SplitStatements("SELECT 1 /* ; \n").complete.empty());
  EXPECT_TRUE(SplitStatements("SELECT \"a;").complete.empty());
  EXPECT_EQ(Sql(SplitStatements("SELECT 'abc;\n';")),
            (std::vector<std::string>{"SELECT 'abc;\n'"}));
}

TEST(StatementSplitterTest, BackslashGAsksForVerticalOutput) {
  StatementSplit split = SplitStatements("SELECT 1\\G SELECT 2; SELECT '\\G'");
  ASSERT_EQ(split.complete.size(), 2u);
  EXPECT_EQ(split.complete[0].sql, "SELECT 1");
  EXPECT_TRUE(split.complete[0].vertical);
  EXPECT_EQ(split.complete[1].sql, "SELECT 2");
  EXPECT_FALSE(split.complete[1].vertical);
  EXPECT_EQ(split.partial, " SELECT '\\G'");
}

TEST(StatementSplitterTest, DropsEmptyStatements) {
  StatementSplit split = SplitStatements(";; -- only a comment\n; /* and */ ; SELECT 1;");
  EXPECT_EQ(Sql(split), (std::vector<std::string>{"SELECT 1"}));
  EXPECT_TRUE(IsEmptyStatement("  -- x\n /* y */ \n"));
  EXPECT_FALSE(IsEmptyStatement("-- x\nSELECT"));
  EXPECT_FALSE(IsEmptyStatement("'--'"));
}

TEST(StatementSplitterTest, EndOfInputEndsTheLastStatement) {
  EXPECT_EQ(Sql(SplitStatements("SELECT 1; SELECT 2\n", true)),
            (std::vector<std::string>{"SELECT 1", "SELECT 2"}));
  EXPECT_EQ(Sql(SplitStatements("SELECT 1; -- done\n", true)),
            (std::vector<std::string>{"SELECT 1"}));
}

}  // namespace
}  // namespace floe::cli
