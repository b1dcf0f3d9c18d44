#include "sql/parser/parser.h"

#include <gtest/gtest.h>

#include "sql/parser/lexer.h"

namespace floe::sql {
namespace {

std::unique_ptr<Statement> Parse(const std::string& sql) {
  auto s = ParseStatement(sql);
  EXPECT_TRUE(s.ok()) << sql << "\n" << s.status().ToString();
  return s.ok() ? std::move(*s) : nullptr;
}

std::string Error(const std::string& sql) {
  auto s = ParseStatement(sql);
  EXPECT_FALSE(s.ok()) << sql;
  return s.ok() ? "" : s.status().message();
}

std::string Expr(const std::string& sql) {
  auto e = ParseExpression(sql);
  EXPECT_TRUE(e.ok()) << sql << "\n" << e.status().ToString();
  return e.ok() ? (*e)->ToSql() : "";
}

TEST(SqlLexerTest, TokensKeepPositionsQuotesAndNumbers) {
  auto tokens =
      Tokenize(
          "SELECT \"Sales$Snapshots\", 'it''s', x'0aFF', 1_000, 1.5, 2e3 -- c\n/* c */ ? <> != ||")
          .ValueOrDie();
  ASSERT_EQ(tokens.size(), 17u);
  EXPECT_EQ(tokens[0].text, "select");
  EXPECT_EQ(tokens[0].raw, "SELECT");
  EXPECT_EQ(tokens[1].kind, Token::Kind::kQuotedIdentifier);
  EXPECT_EQ(tokens[1].text, "Sales$Snapshots");
  EXPECT_EQ(tokens[3].text, "it's");
  EXPECT_EQ(tokens[5].kind, Token::Kind::kBinary);
  EXPECT_EQ(tokens[5].text, "0aFF");
  EXPECT_EQ(tokens[7].text, "1000");
  EXPECT_EQ(tokens[9].kind, Token::Kind::kDecimal);
  EXPECT_EQ(tokens[11].kind, Token::Kind::kDouble);
  EXPECT_EQ(tokens[12].kind, Token::Kind::kParameter);
  EXPECT_EQ(tokens[12].pos.line, 2);
  EXPECT_EQ(tokens[12].pos.column, 9);
  EXPECT_EQ(tokens[14].text, "!=");
  EXPECT_EQ(Tokenize("SELECT 'abc").status().message(), "line 1:8: unterminated string");
  EXPECT_EQ(Tokenize("SELECT 1 /* x").status().message(), "line 1:10: unterminated comment");
  EXPECT_EQ(Tokenize("SELECT a # b").status().message(), "line 1:10: unexpected character '#'");
  EXPECT_EQ(Tokenize("SELECT \"\"").status().message(),
            "line 1:8: zero-length delimited identifier not allowed");
}

TEST(SqlParserTest, OperatorPrecedence) {
  EXPECT_EQ(Expr("1 + 2 * 3 - 4"), "((1 + (2 * 3)) - 4)");
  EXPECT_EQ(Expr("a OR b AND NOT c"), "(a OR (b AND (NOT c)))");
  EXPECT_EQ(Expr("a || b + 1"), "(a || (b + 1))");
  EXPECT_EQ(Expr("-x * 2"), "((-x) * 2)");
  EXPECT_EQ(Expr("-9223372036854775808"), "(-9223372036854775808)");
  EXPECT_EQ(Expr("x NOT BETWEEN 1 AND 2 AND y"), "((x NOT BETWEEN 1 AND 2) AND y)");
  EXPECT_EQ(Expr("x NOT IN (1, 2)"), "(x NOT IN (1, 2))");
  EXPECT_EQ(Expr("name LIKE 'a!%' ESCAPE '!'"), "(name LIKE 'a!%' ESCAPE '!')");
  EXPECT_EQ(Expr("a IS NOT NULL AND b IS DISTINCT FROM c"),
            "((a IS NOT NULL) AND (b IS DISTINCT FROM c))");
  EXPECT_EQ(Expr("x = 1 = true"), "((x = 1) = TRUE)");
  EXPECT_EQ(Expr("ts AT TIME ZONE 'UTC' + INTERVAL '1' DAY"),
            "((ts AT TIME ZONE 'UTC') + INTERVAL '1' DAY)");
}

TEST(SqlParserTest, ExpressionForms) {
  EXPECT_EQ(Expr("CASE WHEN a THEN 1 WHEN b THEN 2 ELSE 3 END"),
            "CASE WHEN a THEN 1 WHEN b THEN 2 ELSE 3 END");
  EXPECT_EQ(Expr("case x when 1 then 'a' end"), "CASE x WHEN 1 THEN 'a' END");
  EXPECT_EQ(Expr("CAST(x AS decimal(12,2))"), "CAST(x AS decimal(12, 2))");
  EXPECT_EQ(Expr("try_cast(x AS timestamp(3) with time zone)"),
            "TRY_CAST(x AS timestamp(3) with time zone)");
  EXPECT_EQ(Expr("cast(x as row(a bigint, b array(varchar)))"),
            "CAST(x AS row(a bigint, b array(varchar)))");
  EXPECT_EQ(Expr("DATE '2025-12-31'"), "DATE '2025-12-31'");
  EXPECT_EQ(Expr("TIMESTAMP '2025-12-31 23:00:00'"), "TIMESTAMP '2025-12-31 23:00:00'");
  EXPECT_EQ(Expr("INTERVAL '2' HOUR"), "INTERVAL '2' HOUR");
  EXPECT_EQ(Expr("interval '1-2' year to month"), "INTERVAL '1-2' YEAR TO MONTH");
  EXPECT_EQ(Expr("EXTRACT(year FROM d)"), "EXTRACT(YEAR FROM d)");
  EXPECT_EQ(Expr("count(*)"), "count(*)");
  EXPECT_EQ(Expr("count(DISTINCT customer_id)"), "count(DISTINCT customer_id)");
  EXPECT_EQ(Expr("sum(x) FILTER (WHERE y > 0)"), "sum(x) FILTER (WHERE (y > 0))");
  EXPECT_EQ(Expr("array_agg(x ORDER BY y DESC)"), "array_agg(x ORDER BY y DESC)");
  EXPECT_EQ(Expr("lag(x, 1) IGNORE NULLS OVER (PARTITION BY s ORDER BY d)"),
            "lag(x, 1) IGNORE NULLS OVER (PARTITION BY s ORDER BY d)");
  EXPECT_EQ(Expr("sum(a) over (order by d rows between 6 preceding and current row)"),
            "sum(a) OVER (ORDER BY d ROWS BETWEEN 6 PRECEDING AND CURRENT ROW)");
  EXPECT_EQ(Expr("ARRAY[1, 2][1]"), "ARRAY[1, 2][1]");
  EXPECT_EQ(Expr("ROW(1, 'a')"), "ROW(1, 'a')");
  EXPECT_EQ(Expr("(1, 'a')"), "(1, 'a')");
  EXPECT_EQ(Expr("transform(xs, x -> x + 1)"), "transform(xs, (x) -> (x + 1))");
  EXPECT_EQ(Expr("current_date"), "CURRENT_DATE");
  EXPECT_EQ(Expr("current_timestamp(3)"), "CURRENT_TIMESTAMP(3)");
  EXPECT_EQ(Expr("\"t\".\"Order Id\""), "t.\"Order Id\"");
  EXPECT_EQ(Expr("x = ANY (SELECT 1)"), "(x = ANY (SELECT 1))");
  EXPECT_EQ(Expr("date"), "date");  // a column named date
  EXPECT_EQ(Expr("X'00ff'"), "X'00ff'");
  // Parentheses that open like a subquery but hold an expression.
  EXPECT_EQ(Expr("((SELECT 1) + 1)"), "((SELECT 1) + 1)");
  EXPECT_EQ(Expr("x IN ((SELECT 1), 2)"), "(x IN ((SELECT 1), 2))");
  EXPECT_EQ(Expr("x IN ((SELECT 1))"), "(x IN ((SELECT 1)))");  // a parenthesized subquery
  EXPECT_EQ(Expr("(((SELECT 1) + 1) + 1)"), "(((SELECT 1) + 1) + 1)");
  EXPECT_EQ(Expr("((SELECT 1) UNION (SELECT 2))"), "((SELECT 1) UNION (SELECT 2))");
}

TEST(SqlParserTest, QueriesRoundTrip) {
  const char* queries[] = {
      "SELECT * FROM iceberg.demo.sales",
      "SELECT order_date, SUM(amount) FROM iceberg.demo.sales GROUP BY order_date",
      "SELECT status, count(*) FROM sales WHERE order_ts >= TIMESTAMP '2025-12-31 23:00:00' GROUP "
      "BY status",
      "SELECT date_trunc('hour', order_ts), count(*), SUM(amount) FROM sales GROUP BY 1 ORDER BY 1",
      "SELECT s.region, o.order_date, sum(o.amount) FROM sales o JOIN stores s ON o.store_id = "
      "s.store_id "
      "GROUP BY s.region, o.order_date",
      "SELECT customer_id, SUM(amount) s, count(*) FROM sales GROUP BY 1 ORDER BY s DESC LIMIT 10",
      "WITH daily AS (SELECT store_id, order_date, sum(amount) AS total FROM sales GROUP BY 1, 2) "
      "SELECT store_id, order_date, sum(total) OVER (PARTITION BY store_id ORDER BY order_date "
      "ROWS BETWEEN 6 PRECEDING AND CURRENT ROW) FROM daily",
      "SELECT a FROM t UNION ALL SELECT b FROM u INTERSECT SELECT c FROM v EXCEPT SELECT d FROM w",
      "SELECT * FROM a LEFT JOIN b USING (id) FULL OUTER JOIN c ON b.x = c.x CROSS JOIN d, e",
      "SELECT * FROM (SELECT 1 AS x) t (y) WHERE EXISTS (SELECT 1 FROM u WHERE u.y = t.y)",
      "SELECT x FROM t WHERE x IN (SELECT y FROM u) AND x NOT IN (1, 2, 3)",
      "SELECT region, segment, count(*) FROM c GROUP BY GROUPING SETS ((region), (segment), ())",
      "SELECT a, b, sum(c) FROM t GROUP BY ROLLUP (a, b) HAVING sum(c) > 10",
      "SELECT a, b FROM t GROUP BY CUBE (a, b)",
      "SELECT a, grouping(a, t.b) FROM t GROUP BY ROLLUP (a, t.b)",
      "SELECT DISTINCT a FROM t ORDER BY a DESC NULLS FIRST OFFSET 5 ROWS FETCH FIRST 3 ROWS WITH "
      "TIES",
      "VALUES (1, 'a'), (2, 'b')",
      "SELECT * FROM (VALUES (1), (2)) AS v (x)",
      "SELECT * FROM \"sales$snapshots\"",
      "SELECT * FROM iceberg.demo.sales FOR VERSION AS OF 123456789",
      "SELECT * FROM sales FOR TIMESTAMP AS OF TIMESTAMP '2025-12-31 00:00:00'",
      "SELECT * FROM TABLE(read_csv('s3://bucket/*.csv'))",
      "SELECT * FROM read_parquet('data/*.parquet') p",
      "SELECT * FROM read_csv(ARRAY['a.csv', 'b.csv'], header => true, skip => 1, columns => "
      "DESCRIPTOR(id bigint, \"name\" varchar(10)), types => DESCRIPTOR(x))",
      "SELECT * FROM UNNEST(ARRAY[1, 2]) WITH ORDINALITY AS u (x, i)",
      "SELECT t.*, u.a FROM t, u",
      "SELECT rank() OVER w FROM t WINDOW w AS (PARTITION BY a ORDER BY b)",
      "TABLE sales",
      "(SELECT 1) UNION (SELECT 2) ORDER BY 1 LIMIT 1",
      "SELECT 1 LIMIT ALL",
      "EXPLAIN ANALYZE SELECT * FROM t",
      "EXPLAIN (TYPE DISTRIBUTED) SELECT * FROM t",
      "SELECT \"select\", \"From\" FROM \"group\"",
      "SELECT CASE WHEN x IS NULL THEN 0 ELSE x END FROM t",
      "WITH RECURSIVE r (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 10) SELECT * FROM "
      "r",
      // Statements (issue 5).
      "CREATE SCHEMA IF NOT EXISTS iceberg.demo WITH (location = 's3://bucket/demo')",
      "DROP SCHEMA IF EXISTS demo CASCADE",
      "CREATE TABLE IF NOT EXISTS iceberg.demo.sales (order_id bigint NOT NULL COMMENT 'the id', "
      "order_ts timestamp(6), amount decimal(12, 2), tags array(varchar)) COMMENT 'orders' WITH "
      "(partitioning = ARRAY['day(order_ts)', 'bucket(order_id, 16)'], format_version = 2)",
      "CREATE TABLE t2 (a, b) WITH (sorted_by = ARRAY['a']) AS SELECT 1, 2 WITH NO DATA",
      "CREATE TABLE t3 AS (SELECT * FROM t)",
      "DROP TABLE IF EXISTS demo.t",
      "INSERT INTO t (a, b) SELECT x, y FROM u",
      "INSERT INTO t VALUES (1, 'a'), (2, NULL)",
      "INSERT INTO t (SELECT 1)",
      "USE iceberg.demo",
      "SHOW CATALOGS",
      "SHOW SCHEMAS FROM iceberg LIKE 'd%'",
      "SHOW TABLES FROM demo LIKE 's%'",
      "SHOW COLUMNS FROM demo.sales",
      "SHOW CREATE TABLE sales",
      "SHOW SESSION LIKE 'query%'",
      "SET SESSION query_max_memory = '8GB'",
      "RESET SESSION query_max_memory",
  };
  for (const char* q : queries) {
    SCOPED_TRACE(q);
    auto first = Parse(q);
    ASSERT_NE(first, nullptr);
    std::string printed = first->ToSql();
    auto second = Parse(printed);
    ASSERT_NE(second, nullptr) << printed;
    EXPECT_EQ(second->ToSql(), printed);
  }
}

TEST(SqlParserTest, StructureOfAQuery) {
  auto s = Parse(
      "WITH c AS (SELECT 1) SELECT DISTINCT a AS x, t.* FROM t JOIN u ON t.id = u.id WHERE a > 1 "
      "GROUP BY a HAVING count(*) > 1 ORDER BY x LIMIT 5;");
  ASSERT_EQ(s->kind, Statement::Kind::kQuery);
  const Query& q = *s->query;
  ASSERT_EQ(q.with.size(), 1u);
  EXPECT_EQ(q.with[0].name, "c");
  const QuerySpec& spec = *q.body->select;
  EXPECT_TRUE(spec.distinct);
  ASSERT_EQ(spec.select.size(), 2u);
  EXPECT_EQ(spec.select[0].alias, "x");
  EXPECT_EQ(spec.select[1].expr->kind, Expr::Kind::kStar);
  EXPECT_EQ(spec.select[1].expr->name.parts, std::vector<std::string>{"t"});
  ASSERT_EQ(spec.from.size(), 1u);
  EXPECT_EQ(spec.from[0]->kind, Relation::Kind::kJoin);
  EXPECT_EQ(spec.from[0]->join_type, Relation::JoinType::kInner);
  EXPECT_NE(spec.where, nullptr);
  EXPECT_EQ(spec.group_by.size(), 1u);
  EXPECT_NE(spec.having, nullptr);
  EXPECT_EQ(q.order_by.size(), 1u);
  EXPECT_EQ(q.limit->text, "5");
  // Unquoted names are lower-cased, quoted ones kept.
  auto n = Parse("SELECT Order_ID, \"Order_ID\" FROM Iceberg.Demo.Sales");
  const auto& items = n->query->body->select->select;
  EXPECT_EQ(items[0].expr->name.parts[0], "order_id");
  EXPECT_EQ(items[1].expr->name.parts[0], "Order_ID");
  EXPECT_EQ(n->query->body->select->from[0]->name.parts,
            (std::vector<std::string>{"iceberg", "demo", "sales"}));
}

TEST(SqlParserTest, ErrorsNameLineColumnAndToken) {
  EXPECT_EQ(Error("SELECT * FORM t"), "line 1:10: mismatched input 'FORM'. Expecting: <EOF>");
  EXPECT_EQ(Error("SELECT a,\nFROM t"),
            "line 2:1: mismatched input 'FROM'. Expecting: <expression>");
  EXPECT_EQ(Error("SELECT"), "line 1:7: mismatched input '<EOF>'. Expecting: <expression>");
  EXPECT_EQ(Error("SELEC 1"),
            "line 1:1: mismatched input 'SELEC'. Expecting: SELECT, WITH, VALUES, TABLE, EXPLAIN, "
            "CREATE, DROP, INSERT, USE, SHOW, DESCRIBE, SET, RESET, '('");
  EXPECT_EQ(Error("SELECT * FROM t WHERE"),
            "line 1:22: mismatched input '<EOF>'. Expecting: <expression>");
  EXPECT_EQ(Error("SELECT CAST(x AS) FROM t"),
            "line 1:17: mismatched input ')'. Expecting: <type>");
  EXPECT_EQ(Error("SELECT * FROM a JOIN b"),
            "line 1:23: mismatched input '<EOF>'. Expecting: ON, USING");
  EXPECT_EQ(Error("SELECT * FROM select"),
            "line 1:15: mismatched input 'select'. Expecting: <identifier>, '(', LATERAL, UNNEST, "
            "TABLE, VALUES");
  EXPECT_EQ(Error("SELECT (1"), "line 1:10: mismatched input '<EOF>'. Expecting: ')'");
  EXPECT_EQ(Error("SELECT 1 2"), "line 1:10: mismatched input '2'. Expecting: <EOF>");
  EXPECT_NE(Error("SELECT * FROM a NATURAL JOIN b").find("NATURAL JOIN is not supported"),
            std::string::npos);
}

TEST(SqlParserTest, DeepNestingIsAnErrorNotACrash) {
  std::string deep = "SELECT " + std::string(100000, '(') + "1" + std::string(100000, ')');
  EXPECT_NE(Error(deep).find("nests deeper than 200 levels"), std::string::npos);
  std::string minus = "SELECT ";
  for (int i = 0; i < 50000; ++i) minus += "- ";  // "--" would start a comment
  minus += "1";
  EXPECT_NE(Error(minus).find("nests deeper"), std::string::npos);
  std::string nots = "SELECT 1 WHERE " + std::string(0, ' ');
  for (int i = 0; i < 5000; ++i) nots += "NOT ";
  EXPECT_NE(Error(nots + "x").find("nests deeper"), std::string::npos);
}

TEST(SqlParserTest, LongOperatorChainsAreBoundedToo) {
  // Left-deep trees from loops, not recursion: bounded so that nothing that
  // walks the tree (destruction included) recurses too deep.
  auto chain = [](const std::string& head, const std::string& link, int n) {
    std::string s = head;
    for (int i = 0; i < n; ++i) s += link;
    return s;
  };
  EXPECT_NE(Error(chain("SELECT 1", " + 1", 100000)).find("nests deeper than 1000 operators"),
            std::string::npos);
  EXPECT_NE(Error(chain("SELECT 1", " AND true", 5000)).find("nests deeper"), std::string::npos);
  EXPECT_NE(Error(chain("SELECT 1", " UNION SELECT 1", 5000)).find("nests deeper"),
            std::string::npos);
  EXPECT_NE(Error(chain("SELECT 1 FROM t", " JOIN t ON true", 5000)).find("nests deeper"),
            std::string::npos);
  EXPECT_NE(Error(chain("SELECT a[1]", "[1]", 5000)).find("nests deeper"), std::string::npos);
  // A tall chain whose deepest operand (the first) is a subquery with a tall chain.
  std::string inner = chain("SELECT 1", " + 1", 600);
  EXPECT_NE(Error(chain("SELECT (" + inner + ")", " + 1", 600)).find("nests deeper"),
            std::string::npos);
  EXPECT_NE(
      Error(chain("SELECT 1 FROM (" + inner + ") u", " JOIN t ON true", 600)).find("nests deeper"),
      std::string::npos);
  EXPECT_NE(Error(chain("(" + inner + ")", " UNION SELECT 1", 600)).find("nests deeper"),
            std::string::npos);
  EXPECT_NE(Parse(chain("SELECT 1", " + 1", 500)), nullptr);
  EXPECT_NE(Parse(chain("SELECT 1 FROM t", " JOIN t ON true", 500)), nullptr);
}

TEST(SqlParserTest, Scripts) {
  auto stmts = ParseStatements("SELECT 1; ; SELECT 2;\nEXPLAIN SELECT 3").ValueOrDie();
  ASSERT_EQ(stmts.size(), 3u);
  EXPECT_EQ(stmts[2]->kind, Statement::Kind::kExplain);
  EXPECT_FALSE(ParseStatements("SELECT 1 SELECT 2").ok());
}

}  // namespace
}  // namespace floe::sql
