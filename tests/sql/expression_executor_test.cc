#include "sql/exec/expression_executor.h"

#include <gtest/gtest.h>

#include "columnar/value_format.h"

namespace floe::sql {
namespace {

using columnar::Chunk;
using columnar::Vector;
using Kind = BoundExpr::Kind;

constexpr int64_t kMax = std::numeric_limits<int64_t>::max();

// a bigint [1, 2, NULL, max]; b integer [10, 0, 3, 1];
// c decimal(12,2) [1.50, -2.25, NULL, 100.00]; s varchar ['a', 'b', NULL, 'd'].
Chunk TestChunk() {
  auto pool = MemoryPool::Default();
  auto a = Vector::Make(LogicalType::BigInt(), pool, 4).ValueOrDie();
  auto b = Vector::Make(LogicalType::Integer(), pool, 4).ValueOrDie();
  auto c = Vector::Make(LogicalType::Decimal(12, 2), pool, 4).ValueOrDie();
  auto s = Vector::Make(LogicalType::Varchar(), pool, 4).ValueOrDie();
  int64_t av[] = {1, 2, 0, kMax};
  int32_t bv[] = {10, 0, 3, 1};
  int64_t cv[] = {150, -225, 0, 10000};
  const char* sv[] = {"a", "b", "", "d"};
  for (int i = 0; i < 4; ++i) {
    a->mutable_data<int64_t>()[i] = av[i];
    b->mutable_data<int32_t>()[i] = bv[i];
    c->mutable_data<int64_t>()[i] = cv[i];
    EXPECT_TRUE(s->SetString(i, sv[i]).ok());
  }
  for (auto* v : {a.get(), c.get(), s.get()}) {
    EXPECT_TRUE(v->EnsureValidity().ok());
    v->SetNull(2);
  }
  for (auto* v : {a.get(), b.get(), c.get(), s.get()}) v->set_size(4);
  Chunk chunk;
  chunk.columns = {a, b, c, s};
  chunk.size = 4;
  return chunk;
}

BoundExprPtr A() { return BoundExpr::Column(0, LogicalType::BigInt()); }
BoundExprPtr B() { return BoundExpr::Column(1, LogicalType::Integer()); }
BoundExprPtr C() { return BoundExpr::Column(2, LogicalType::Decimal(12, 2)); }
BoundExprPtr S() { return BoundExpr::Column(3, LogicalType::Varchar()); }

BoundExprPtr Call(const char* op, BoundExprPtr x, BoundExprPtr y) {
  std::vector<BoundExprPtr> args;
  args.push_back(std::move(x));
  args.push_back(std::move(y));
  auto e = MakeCall(op, std::move(args));
  EXPECT_TRUE(e.ok()) << e.status().ToString();
  return std::move(e).ValueOrDie();
}

// The rows of a result as text, NULL as "NULL".
std::string Rows(const Vector& v, int64_t n) {
  std::string out;
  for (int64_t i = 0; i < n; ++i) {
    if (i > 0) out += ",";
    columnar::AppendValueText(v, i, &out, "NULL");
  }
  return out;
}

std::string Eval(const BoundExpr& e, const Chunk& chunk) {
  ExpressionExecutor exec(MemoryPool::Default());
  auto v = exec.Evaluate(e, chunk);
  if (!v.ok()) return "error: " + v.status().message();
  EXPECT_EQ((*v)->type(), e.type) << e.ToString();
  return Rows(**v, chunk.size);
}

TEST(SqlExpressionTest, IntegerArithmeticChecksOverflowAndDivisionByZero) {
  Chunk chunk = TestChunk();
  auto plus = Call("+", A(), BoundExpr::Integer(1));
  EXPECT_EQ(plus->ToString(), "(#0 + CAST(1 AS bigint))");
  EXPECT_EQ(Eval(*plus, chunk), "error: bigint addition overflow: 9223372036854775807 + 1");
  // The row that overflows is filtered out: no error.
  Chunk selected = TestChunk();
  selected.selection = columnar::SelectionVector::Make(MemoryPool::Default(), 4).ValueOrDie();
  for (uint32_t i = 0; i < 3; ++i) selected.selection->mutable_indices()[i] = i;
  selected.selection->set_size(3);
  EXPECT_EQ(Eval(*plus, selected).substr(0, 9), "2,3,NULL,");
  EXPECT_EQ(Eval(*Call("*", B(), B()), chunk), "100,0,9,1");
  EXPECT_EQ(Eval(*Call("/", BoundExpr::Integer(7), B()), chunk), "error: Division by zero");
  EXPECT_EQ(Eval(*Call("/", B(), BoundExpr::Integer(-3)), chunk),
            "-3,0,-1,0");  // truncates toward zero
  EXPECT_EQ(Eval(*Call("%", BoundExpr::Integer(-7), BoundExpr::Integer(3)), chunk).substr(0, 2),
            "-1");
  EXPECT_EQ(Eval(*Call("-", BoundExpr::BigInt(std::numeric_limits<int64_t>::min()),
                       BoundExpr::Integer(1)),
                 chunk),
            "error: bigint subtraction overflow: -9223372036854775808 - 1");
}

TEST(SqlExpressionTest, DecimalArithmeticFollowsTrinoTypes) {
  Chunk chunk = TestChunk();
  auto plus = Call("+", C(), BoundExpr::Integer(1));
  EXPECT_EQ(plus->type.ToString(), "decimal(13,2)");
  EXPECT_EQ(Eval(*plus, chunk), "2.50,-1.25,NULL,101.00");
  auto times = Call("*", C(), C());
  EXPECT_EQ(times->type.ToString(), "decimal(24,4)");
  EXPECT_EQ(Eval(*times, chunk), "2.2500,5.0625,NULL,10000.0000");
  auto div = Call("/", C(), BoundExpr::Integer(3));
  EXPECT_EQ(div->type.ToString(), "decimal(12,2)");
  EXPECT_EQ(Eval(*div, chunk), "0.50,-0.75,NULL,33.33");  // rounded half up
  auto huge = Call("*", BoundExpr::Decimal(int128_t{1} << 100, 38, 0),
                   BoundExpr::Decimal(int128_t{1} << 100, 38, 0));
  EXPECT_EQ(Eval(*huge, chunk).substr(0, 23), "error: Decimal overflow");
  EXPECT_EQ(Eval(*Call("/", C(), BoundExpr::Decimal(0, 3, 1)), chunk), "error: Division by zero");
}

TEST(SqlExpressionTest, MixedTypesCoerceAsTrinoDoes) {
  Chunk chunk = TestChunk();
  auto mixed = Call("+", B(), BoundExpr::Double(0.5));
  EXPECT_EQ(mixed->type.ToString(), "double");
  EXPECT_EQ(Eval(*mixed, chunk), "10.5,0.5,3.5,1.5");
  auto dec_double = Call("*", C(), BoundExpr::Double(2));
  EXPECT_EQ(dec_double->type.ToString(), "double");
  EXPECT_EQ(Eval(*dec_double, chunk), "3.0,-4.5,NULL,200.0");
  std::vector<BoundExprPtr> bad;
  bad.push_back(S());
  bad.push_back(A());
  EXPECT_EQ(MakeCall("+", std::move(bad)).status().message(),
            "Cannot apply operator: varchar + bigint");
  auto null_plus = Call("+", BoundExpr::Null(), A());
  EXPECT_EQ(null_plus->type.ToString(), "bigint");
  EXPECT_EQ(Eval(*null_plus, chunk), "NULL,NULL,NULL,NULL");
}

TEST(SqlExpressionTest, ComparisonsAndThreeValuedLogic) {
  Chunk chunk = TestChunk();
  EXPECT_EQ(Eval(*Call("=", S(), BoundExpr::Varchar("b")), chunk), "false,true,NULL,false");
  EXPECT_EQ(Eval(*Call("<", A(), B()), chunk), "true,false,NULL,false");
  EXPECT_EQ(Eval(*Call(">=", C(), BoundExpr::Decimal(15, 2, 1)), chunk), "true,false,NULL,true");
  // Short-circuit: the division runs only where b <> 0.
  auto guarded =
      BoundExpr::Logical(Kind::kAnd, Call("<>", B(), BoundExpr::Integer(0)),
                         Call(">", Call("/", BoundExpr::Integer(10), B()), BoundExpr::Integer(1)));
  EXPECT_EQ(Eval(*guarded, chunk), "false,false,true,true");
  // NULL AND false = false, NULL AND true = NULL, NULL OR true = true.
  auto null_bool = [] { return BoundExpr::Null(LogicalType::Boolean()); };
  EXPECT_EQ(Eval(*BoundExpr::Logical(Kind::kAnd, null_bool(), BoundExpr::Boolean(false)), chunk)
                .substr(0, 5),
            "false");
  EXPECT_EQ(Eval(*BoundExpr::Logical(Kind::kAnd, null_bool(), BoundExpr::Boolean(true)), chunk)
                .substr(0, 4),
            "NULL");
  EXPECT_EQ(Eval(*BoundExpr::Logical(Kind::kOr, null_bool(), BoundExpr::Boolean(true)), chunk)
                .substr(0, 4),
            "true");
  EXPECT_EQ(Eval(*BoundExpr::Logical(Kind::kOr, null_bool(), BoundExpr::Boolean(false)), chunk)
                .substr(0, 4),
            "NULL");
  EXPECT_EQ(Eval(*BoundExpr::Not(Call("=", S(), BoundExpr::Varchar("b"))), chunk),
            "true,false,NULL,true");
  EXPECT_EQ(Eval(*BoundExpr::IsNull(C(), false), chunk), "false,false,true,false");
  EXPECT_EQ(Eval(*BoundExpr::IsNull(C(), true), chunk), "true,true,false,true");
}

TEST(SqlExpressionTest, CastsCheckRanges) {
  Chunk chunk = TestChunk();
  EXPECT_EQ(Eval(*BoundExpr::Cast(A(), LogicalType::Integer()), chunk),
            "error: Out of range for integer: 9223372036854775807");
  EXPECT_EQ(Eval(*BoundExpr::Cast(C(), LogicalType::Decimal(3, 1)), chunk),
            "error: Cannot cast decimal(12,2) '100.00' to decimal(3,1)");
  EXPECT_EQ(Eval(*BoundExpr::Cast(C(), LogicalType::Decimal(5, 1)), chunk),
            "1.5,-2.3,NULL,100.0");  // half up
  EXPECT_EQ(Eval(*BoundExpr::Cast(B(), LogicalType::Decimal(5, 2)), chunk), "10.00,0.00,3.00,1.00");
  EXPECT_EQ(Eval(*BoundExpr::Cast(BoundExpr::Null(), LogicalType::Date()), chunk),
            "NULL,NULL,NULL,NULL");
}

}  // namespace
}  // namespace floe::sql
