// Scalar functions and casts, from SQL text: parsed, bound and evaluated.
// Expected values are Trino's (its documentation and documented semantics).

#include <gtest/gtest.h>

#include "columnar/value_format.h"
#include "common/date_time.h"
#include "sql/binder/expression_binder.h"
#include "sql/exec/expression_executor.h"
#include "sql/parser/parser.h"

namespace floe::sql {
namespace {

using columnar::Vector;

// t(id bigint, name varchar, x double, amount decimal(10,2), day date, ts timestamp(6)):
//   (1, 'alice', 2.5, 12.35, 2024-02-29, 2024-02-29 13:45:30.123456)
//   (2, 'Ωμέγα', -2.5, -0.50, 1969-12-31, 1969-12-31 23:59:59.999999)
//   (NULL, NULL, NULL, NULL, NULL, NULL)
Scope TestScope() {
  return Scope{{{"t", "id", LogicalType::BigInt()},
                {"t", "name", LogicalType::Varchar()},
                {"t", "x", LogicalType::Double()},
                {"t", "amount", LogicalType::Decimal(10, 2)},
                {"t", "day", LogicalType::Date()},
                {"t", "ts", LogicalType::Timestamp(6)}}};
}

columnar::Chunk TestChunk() {
  auto pool = MemoryPool::Default();
  auto id = Vector::Make(LogicalType::BigInt(), pool, 3).ValueOrDie();
  auto name = Vector::Make(LogicalType::Varchar(), pool, 3).ValueOrDie();
  auto x = Vector::Make(LogicalType::Double(), pool, 3).ValueOrDie();
  auto amount = Vector::Make(LogicalType::Decimal(10, 2), pool, 3).ValueOrDie();
  auto day = Vector::Make(LogicalType::Date(), pool, 3).ValueOrDie();
  auto ts = Vector::Make(LogicalType::Timestamp(6), pool, 3).ValueOrDie();
  const int64_t leap = DaysFromCivil(2024, 2, 29), eve = DaysFromCivil(1969, 12, 31);
  id->mutable_data<int64_t>()[0] = 1;
  id->mutable_data<int64_t>()[1] = 2;
  id->mutable_data<int64_t>()[2] = 0;
  EXPECT_TRUE(name->SetString(0, "alice").ok());
  EXPECT_TRUE(name->SetString(1, "Ωμέγα").ok());
  EXPECT_TRUE(name->SetString(2, "").ok());
  x->mutable_data<double>()[0] = 2.5;
  x->mutable_data<double>()[1] = -2.5;
  x->mutable_data<double>()[2] = 0;
  amount->mutable_data<int64_t>()[0] = 1235;
  amount->mutable_data<int64_t>()[1] = -50;
  amount->mutable_data<int64_t>()[2] = 0;
  day->mutable_data<int32_t>()[0] = static_cast<int32_t>(leap);
  day->mutable_data<int32_t>()[1] = static_cast<int32_t>(eve);
  day->mutable_data<int32_t>()[2] = 0;
  ts->mutable_data<int64_t>()[0] =
      leap * kMicrosPerDay + ((13 * 60 + 45) * 60 + 30) * kMicrosPerSecond + 123456;
  ts->mutable_data<int64_t>()[1] = (eve + 1) * kMicrosPerDay - 1;
  ts->mutable_data<int64_t>()[2] = 0;
  columnar::Chunk chunk;
  for (auto v : {id, name, x, amount, day, ts}) {
    EXPECT_TRUE(v->EnsureValidity().ok());
    v->SetNull(2);
    v->set_size(3);
    chunk.columns.push_back(v);
  }
  chunk.size = 3;
  return chunk;
}

Result<std::shared_ptr<Vector>> Evaluate(const std::string& sql, const columnar::Chunk& chunk,
                                         LogicalType* type) {
  FLOE_ASSIGN_OR_RETURN(auto parsed, ParseExpression(sql));
  FLOE_ASSIGN_OR_RETURN(auto bound, BindExpression(*parsed, TestScope()));
  *type = bound->type;
  ExpressionExecutor exec(MemoryPool::Default());
  return exec.Evaluate(*bound, chunk);
}

// The rows of `sql` over the test table, comma-separated, NULL as "NULL";
// "error: ..." when binding or evaluation fails.
std::string Rows(const std::string& sql) {
  LogicalType type;
  auto v = Evaluate(sql, TestChunk(), &type);
  if (!v.ok()) return "error: " + v.status().message();
  std::string out;
  for (int64_t i = 0; i < 3; ++i) {
    if (i > 0) out += ",";
    columnar::AppendValueText(**v, i, &out, "NULL");
  }
  return out;
}

// The value of a constant expression (evaluated on one row).
std::string Value(const std::string& sql) {
  columnar::Chunk one;
  one.size = 1;
  LogicalType type;
  auto v = Evaluate(sql, one, &type);
  if (!v.ok()) return "error: " + v.status().message();
  std::string out;
  columnar::AppendValueText(**v, 0, &out, "NULL");
  return out;
}

// The type `sql` binds to.
std::string TypeOf(const std::string& sql) {
  auto parsed = ParseExpression(sql);
  if (!parsed.ok()) return "parse error: " + parsed.status().message();
  auto bound = BindExpression(**parsed, TestScope());
  if (!bound.ok()) return "error: " + bound.status().message();
  return TypeName((*bound)->type);
}

TEST(SqlFunctionsTest, Smoke) {
  EXPECT_EQ(Rows("upper(name) || '-' || cast(id AS varchar)"), "ALICE-1,ΩΜΈΓΑ-2,NULL");
  EXPECT_EQ(Value("abs(-5)"), "5");
  EXPECT_EQ(TypeOf("abs(-5)"), "integer");
  EXPECT_EQ(Value("abs('x')"),
            "error: line 1:1: Unexpected parameters (varchar(1)) for function abs. Expected: "
            "abs(tinyint), abs(smallint), abs(integer), abs(bigint), abs(decimal(p,s)), abs(real), "
            "abs(double)");
}

}  // namespace
}  // namespace floe::sql
