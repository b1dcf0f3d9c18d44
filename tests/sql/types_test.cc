#include "sql/types.h"

#include <gtest/gtest.h>

#include "sql/parser/parser.h"

namespace floe::sql {
namespace {

LogicalType T(const std::string& name) {
  auto e = ParseExpression("CAST(x AS " + name + ")").ValueOrDie();
  auto t = ResolveType(e->type);
  EXPECT_TRUE(t.ok()) << name << ": " << t.status().ToString();
  return t.ok() ? *t : LogicalType();
}

std::string Super(const std::string& a, const std::string& b) {
  auto t = CommonSuperType(T(a), T(b));
  return t ? TypeName(*t) : "none";
}

TEST(SqlTypesTest, ResolvesTrinoTypeNames) {
  EXPECT_EQ(TypeName(T("bigint")), "bigint");
  EXPECT_EQ(TypeName(T("decimal(12,2)")), "decimal(12,2)");
  EXPECT_EQ(TypeName(T("decimal")), "decimal(38,0)");
  EXPECT_EQ(TypeName(T("varchar(10)")), "varchar(10)");
  EXPECT_EQ(TypeName(T("timestamp")), "timestamp(3)");
  EXPECT_EQ(TypeName(T("timestamp(6) with time zone")), "timestamp(6) with time zone");
  EXPECT_EQ(TypeName(T("array(row(a bigint, b varchar))")), "array(row(a bigint, b varchar))");
  EXPECT_EQ(TypeName(T("map(varchar, double)")), "map(varchar, double)");
  EXPECT_EQ(TypeName(T("interval day to second")), "interval day to second");
  auto bad = [](const std::string& name) {
    return ResolveType(ParseExpression("CAST(x AS " + name + ")").ValueOrDie()->type).status();
  };
  EXPECT_EQ(bad("varchr").message(), "Unknown type: varchr");
  EXPECT_EQ(bad("decimal(39,0)").message(), "DECIMAL precision must be in range [1, 38]: 39");
  EXPECT_EQ(bad("decimal(5,6)").message(), "DECIMAL scale must be in range [0, precision (5)]: 6");
  EXPECT_TRUE(bad("timestamp(9)").IsNotSupported());
  EXPECT_TRUE(bad("bigint(3)").IsInvalid());
}

TEST(SqlTypesTest, ImplicitCoercionsAreTrinos) {
  EXPECT_TRUE(CanCoerce(T("integer"), T("bigint")));
  EXPECT_FALSE(CanCoerce(T("bigint"), T("integer")));
  EXPECT_TRUE(CanCoerce(T("bigint"), T("double")));
  EXPECT_TRUE(CanCoerce(T("integer"), T("decimal(10,0)")));
  EXPECT_FALSE(CanCoerce(T("integer"), T("decimal(9,0)")));
  EXPECT_TRUE(CanCoerce(T("decimal(5,2)"), T("decimal(12,2)")));
  EXPECT_FALSE(CanCoerce(T("decimal(5,2)"), T("decimal(5,1)")));
  EXPECT_TRUE(CanCoerce(T("real"), T("double")));
  EXPECT_FALSE(CanCoerce(T("double"), T("real")));
  EXPECT_TRUE(CanCoerce(T("varchar(3)"), T("varchar")));
  EXPECT_FALSE(CanCoerce(T("varchar"), T("varchar(3)")));
  EXPECT_FALSE(CanCoerce(T("varchar"), T("date")));  // Trino: no implicit varchar -> date
  EXPECT_TRUE(CanCoerce(T("date"), T("timestamp(6)")));
  EXPECT_TRUE(CanCoerce(T("timestamp(3)"), T("timestamp(6) with time zone")));
  EXPECT_TRUE(CanCoerce(UnknownType(), T("array(bigint)")));
  EXPECT_TRUE(CanCoerce(T("array(integer)"), T("array(bigint)")));
}

TEST(SqlTypesTest, CommonSuperTypes) {
  EXPECT_EQ(Super("integer", "bigint"), "bigint");
  EXPECT_EQ(Super("integer", "decimal(5,2)"), "decimal(12,2)");
  EXPECT_EQ(Super("bigint", "decimal(38,2)"), "decimal(38,2)");
  EXPECT_EQ(Super("decimal(10,2)", "decimal(5,4)"), "decimal(12,4)");
  EXPECT_EQ(Super("decimal(10,2)", "real"), "real");
  EXPECT_EQ(Super("bigint", "double"), "double");
  EXPECT_EQ(Super("varchar(3)", "varchar(5)"), "varchar(5)");
  EXPECT_EQ(Super("date", "timestamp(3)"), "timestamp(3)");
  EXPECT_EQ(Super("timestamp(6)", "timestamp(3) with time zone"), "timestamp(6) with time zone");
  EXPECT_EQ(Super("varchar", "bigint"), "none");
  EXPECT_EQ(Super("array(integer)", "array(double)"), "array(double)");
  EXPECT_EQ(TypeName(*CommonSuperType(UnknownType(), T("date"))), "date");
}

TEST(SqlTypesTest, DecimalArithmeticTypes) {
  // Trino: decimal(12,2) + decimal(12,2) -> decimal(13,2); * -> decimal(24,4);
  // / -> decimal(14,2); % -> decimal(12,2).
  EXPECT_EQ(TypeName(DecimalAddType(T("decimal(12,2)"), T("decimal(12,2)"))), "decimal(13,2)");
  EXPECT_EQ(TypeName(DecimalMultiplyType(T("decimal(12,2)"), T("decimal(12,2)"))), "decimal(24,4)");
  EXPECT_EQ(TypeName(DecimalDivideType(T("decimal(12,2)"), T("decimal(12,2)"))), "decimal(14,2)");
  EXPECT_EQ(TypeName(DecimalModulusType(T("decimal(12,2)"), T("decimal(5,1)"))), "decimal(6,2)");
  EXPECT_EQ(TypeName(DecimalAddType(T("decimal(38,2)"), T("bigint"))), "decimal(38,2)");
  EXPECT_EQ(TypeName(DecimalMultiplyType(T("integer"), T("decimal(3,1)"))), "decimal(13,1)");
}

TEST(SqlTypesTest, LiteralTypes) {
  EXPECT_EQ(TypeName(*LiteralType(Expr::LiteralKind::kInteger, "2147483647")), "integer");
  EXPECT_EQ(TypeName(*LiteralType(Expr::LiteralKind::kInteger, "2147483648")), "bigint");
  EXPECT_EQ(TypeName(*LiteralType(Expr::LiteralKind::kInteger, "-9223372036854775808")), "bigint");
  EXPECT_TRUE(LiteralType(Expr::LiteralKind::kInteger, "9223372036854775808").status().IsInvalid());
  EXPECT_EQ(TypeName(*LiteralType(Expr::LiteralKind::kDecimal, "1.50")), "decimal(3,2)");
  EXPECT_EQ(TypeName(*LiteralType(Expr::LiteralKind::kDecimal, "0.5")), "decimal(1,1)");
  EXPECT_EQ(TypeName(*LiteralType(Expr::LiteralKind::kDecimal, "-12.")), "decimal(2,0)");
  EXPECT_EQ(TypeName(*LiteralType(Expr::LiteralKind::kDouble, "1e3")), "double");
  EXPECT_EQ(TypeName(*LiteralType(Expr::LiteralKind::kString, "h\xc3\xa9llo")), "varchar(5)");
  EXPECT_EQ(TypeName(*LiteralType(Expr::LiteralKind::kNull, "")), "unknown");
}

}  // namespace
}  // namespace floe::sql
