#include "sql/binder/expression_binder.h"

#include <gtest/gtest.h>

#include "columnar/value_format.h"
#include "common/date_time.h"
#include "sql/exec/expression_executor.h"
#include "sql/parser/parser.h"

namespace floe::sql {
namespace {

using columnar::Vector;

// sales(order_id bigint, amount decimal(12,2), region varchar, order_date date, ts timestamp(6)):
// (1, 5.00, 'eu', 2025-12-30, 2025-12-30 12:00), (2, 12.50, 'us', 2025-12-31, 2025-12-31 23:30),
// (3, NULL, 'asia', 2025-12-31, 2025-12-31 22:59:59.999999)
Scope SalesScope() {
  return Scope{{{"sales", "order_id", LogicalType::BigInt()},
                {"sales", "amount", LogicalType::Decimal(12, 2)},
                {"sales", "region", LogicalType::Varchar()},
                {"sales", "order_date", LogicalType::Date()},
                {"sales", "ts", LogicalType::Timestamp(6)}}};
}

columnar::Chunk SalesChunk() {
  auto pool = MemoryPool::Default();
  auto id = Vector::Make(LogicalType::BigInt(), pool, 3).ValueOrDie();
  auto amount = Vector::Make(LogicalType::Decimal(12, 2), pool, 3).ValueOrDie();
  auto region = Vector::Make(LogicalType::Varchar(), pool, 3).ValueOrDie();
  auto date = Vector::Make(LogicalType::Date(), pool, 3).ValueOrDie();
  auto ts = Vector::Make(LogicalType::Timestamp(6), pool, 3).ValueOrDie();
  const int64_t dec30 = DaysFromCivil(2025, 12, 30), dec31 = DaysFromCivil(2025, 12, 31);
  int64_t ids[] = {1, 2, 3};
  int64_t amounts[] = {500, 1250, 0};
  const char* regions[] = {"eu", "us", "asia"};
  int64_t days[] = {dec30, dec31, dec31};
  int64_t micros[] = {dec30 * kMicrosPerDay + 12 * 3600 * kMicrosPerSecond,
                      dec31 * kMicrosPerDay + (23 * 3600 + 1800) * kMicrosPerSecond,
                      dec31 * kMicrosPerDay + (23 * 3600) * kMicrosPerSecond - 1};
  for (int i = 0; i < 3; ++i) {
    id->mutable_data<int64_t>()[i] = ids[i];
    amount->mutable_data<int64_t>()[i] = amounts[i];
    EXPECT_TRUE(region->SetString(i, regions[i]).ok());
    date->mutable_data<int32_t>()[i] = static_cast<int32_t>(days[i]);
    ts->mutable_data<int64_t>()[i] = micros[i];
  }
  EXPECT_TRUE(amount->EnsureValidity().ok());
  amount->SetNull(2);
  for (auto* v : {id.get(), amount.get(), region.get(), date.get(), ts.get()}) v->set_size(3);
  columnar::Chunk chunk;
  chunk.columns = {id, amount, region, date, ts};
  chunk.size = 3;
  return chunk;
}

// Parses, binds and evaluates `sql` over the sales rows.
std::string Query(const std::string& sql) {
  auto parsed = ParseExpression(sql);
  if (!parsed.ok()) return "parse error: " + parsed.status().message();
  auto bound = BindExpression(**parsed, SalesScope());
  if (!bound.ok()) return "error: " + bound.status().message();
  ExpressionExecutor exec(MemoryPool::Default());
  auto v = exec.Evaluate(**bound, SalesChunk());
  if (!v.ok()) return "error: " + v.status().message();
  std::string out;
  for (int64_t i = 0; i < 3; ++i) {
    if (i > 0) out += ",";
    columnar::AppendValueText(**v, i, &out, "NULL");
  }
  return out;
}

TEST(SqlExpressionBinderTest, BindsAndEvaluatesWhereClauses) {
  EXPECT_EQ(Query("amount * 2 > 10 AND region = 'us'"), "false,true,false");
  EXPECT_EQ(Query("amount * 2 > 10 OR region = 'asia'"), "false,true,true");
  EXPECT_EQ(Query("order_date >= DATE '2025-12-31'"), "false,true,true");
  EXPECT_EQ(Query("ts >= TIMESTAMP '2025-12-31 23:00:00'"), "false,true,false");
  EXPECT_EQ(Query("sales.order_id BETWEEN 2 AND 3"), "false,true,true");
  EXPECT_EQ(Query("order_id NOT BETWEEN 2 AND 3"), "true,false,false");
  EXPECT_EQ(Query("region IN ('eu', 'us')"), "true,true,false");
  EXPECT_EQ(Query("region NOT IN ('eu')"), "false,true,true");
  EXPECT_EQ(Query("amount IS NULL"), "false,false,true");
  EXPECT_EQ(Query("amount + 0.005"), "5.005,12.505,NULL");
  EXPECT_EQ(Query("-order_id * 3"), "-3,-6,-9");
  EXPECT_EQ(Query("CAST(amount AS decimal(5,1))"), "5.0,12.5,NULL");
  EXPECT_EQ(Query("NOT (region = 'eu')"), "false,true,true");
  EXPECT_EQ(Query("order_id / (order_id - 1) > 0"), "error: Division by zero");
  EXPECT_EQ(Query("order_id > 1 AND 10 / (order_id - 1) > 1"), "false,true,true");
}

TEST(SqlExpressionBinderTest, ErrorsAreTrinosWithPositions) {
  EXPECT_EQ(Query("amout > 1"),
            "error: line 1:1: Column 'amout' cannot be resolved. Did you mean 'amount'?");
  EXPECT_EQ(Query("zzz > 1"), "error: line 1:1: Column 'zzz' cannot be resolved");
  EXPECT_EQ(Query("region + 1"), "error: line 1:8: Cannot apply operator: varchar + integer");
  EXPECT_EQ(Query("order_id AND true"),
            "error: line 1:1: Left side of logical expression must evaluate to a boolean: actual "
            "type bigint");
  EXPECT_EQ(Query("order_date >= DATE '2025-13-01'"),
            "error: line 1:15: '2025-13-01' is not a valid DATE literal");
  EXPECT_EQ(Query("other.region = 'eu'"),
            "error: line 1:1: Column 'other.region' cannot be resolved. Did you mean 'region'?");
  Scope two = SalesScope();
  two.columns.push_back({"stores", "region", LogicalType::Varchar()});
  auto parsed = ParseExpression("region = 'eu'").ValueOrDie();
  EXPECT_EQ(BindExpression(*parsed, two).status().message(),
            "line 1:1: Column 'region' is ambiguous");
  auto qualified = ParseExpression("stores.region = 'eu'").ValueOrDie();
  EXPECT_EQ(BindExpression(*qualified, two).ValueOrDie()->ToString(),
            "(#5 = CAST('eu' AS varchar))");
  EXPECT_EQ(EditDistance("amount", "AMOUT"), 1);
}

}  // namespace
}  // namespace floe::sql
