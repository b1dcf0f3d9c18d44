#include "iceberg/expression.h"

#include <gtest/gtest.h>

#include "iceberg/single_value.h"

namespace floe::iceberg {
namespace {

using Op = Expression::Op;

NestedField Field(int32_t id, const char* name, TypePtr type) {
  return NestedField::Optional(id, name, std::move(type));
}

Schema TestSchema() {
  return Schema(0, {Field(1, "id", Type::Primitive(TypeId::kLong)),
                    Field(2, "name", Type::Primitive(TypeId::kString)),
                    Field(3, "ts", Type::Primitive(TypeId::kTimestamp)),
                    Field(4, "x", Type::Primitive(TypeId::kDouble))});
}

ExprPtr Pred(Op op, const char* col, Literal v) {
  return Expression::Predicate(op, col, {std::move(v)});
}
Literal L(int64_t v) { return Literal::Int(TypeId::kLong, v); }
Literal S(const char* v) { return Literal::Bytes(TypeId::kString, v); }

constexpr int64_t kHourMicros = 3600LL * 1000000;

TEST(IcebergExpressionTest, BindsNamesPushesNotDownAndConvertsLiterals) {
  Schema schema = TestSchema();
  auto e = Expression::Not(Expression::And(Pred(Op::kLt, "ID", Literal::Int(TypeId::kInt, 5)),
                                           Pred(Op::kEq, "name", S("a"))));
  EXPECT_TRUE(Bind(e, schema).status().IsInvalid());
  auto bound = Bind(e, schema, /*case_sensitive=*/false).ValueOrDie();
  EXPECT_EQ(bound->op(), Op::kOr);
  EXPECT_EQ(bound->left()->op(), Op::kGtEq);
  EXPECT_EQ(bound->left()->field_id(), 1);
  EXPECT_EQ(bound->left()->literal().type, TypeId::kLong);
  EXPECT_EQ(bound->right()->op(), Op::kNotEq);
  EXPECT_EQ(bound->ToString(), "(ID >= 5 OR name != 'a')");
  auto bad = Bind(Pred(Op::kEq, "name", L(3)), schema);
  EXPECT_NE(bad.status().message().find("long literal cannot be compared with a string column"),
            std::string::npos)
      << bad.status().ToString();
}

TEST(IcebergExpressionTest, ProjectsInclusivelyThroughEachTransform) {
  Schema schema = TestSchema();
  PartitionSpec spec;
  spec.fields = {{1, 1000, "id_bucket", Transform::Bucket(4)},
                 {2, 1001, "name_trunc", Transform::Truncate(2)},
                 {3, 1002, "ts_hour", Transform::Hour()},
                 {1, 1003, "id", Transform::Identity()}};
  auto project = [&](ExprPtr e) {
    return ProjectInclusive(Bind(e, schema).ValueOrDie(), spec, schema).ValueOrDie()->ToString();
  };
  int32_t bucket = Transform::Bucket(4).Apply(L(7))->i;
  EXPECT_EQ(project(Pred(Op::kEq, "id", L(7))),
            "(id_bucket = " + std::to_string(bucket) + " AND id = 7)");
  EXPECT_EQ(project(Pred(Op::kLt, "id", L(7))), "id < 7");  // a bucket says nothing about ranges
  EXPECT_EQ(project(Pred(Op::kStartsWith, "name", S("a"))), "name_trunc STARTS WITH 'a'");
  EXPECT_EQ(project(Pred(Op::kStartsWith, "name", S("abc"))), "name_trunc = 'ab'");
  EXPECT_EQ(project(Pred(Op::kGtEq, "name", S("abc"))), "name_trunc >= 'ab'");
  // ts < 10:00 exactly: rows up to 09:59:59.999999, so hours up to 9.
  EXPECT_EQ(project(Pred(Op::kLt, "ts", Literal::Int(TypeId::kTimestamp, 10 * kHourMicros))),
            "ts_hour <= 9");
  EXPECT_EQ(project(Pred(Op::kGt, "ts", Literal::Int(TypeId::kTimestamp, 10 * kHourMicros))),
            "ts_hour >= 10");
  EXPECT_EQ(project(Pred(Op::kNotEq, "name", S("abc"))), "true");
  EXPECT_EQ(project(Expression::Predicate(Op::kIsNull, "ts")), "ts_hour IS NULL");
  auto strict =
      ProjectStrict(
          Bind(Pred(Op::kLt, "ts", Literal::Int(TypeId::kTimestamp, 10 * kHourMicros)), schema)
              .ValueOrDie(),
          spec, schema)
          .ValueOrDie();
  EXPECT_EQ(strict->ToString(), "ts_hour < 10");
}

TEST(IcebergExpressionTest, PrunesManifestsBySummaries) {
  Schema schema = TestSchema();
  PartitionSpec spec;
  spec.fields = {{1, 1000, "id", Transform::Identity()}};
  TypePtr ptype = spec.PartitionType(schema).ValueOrDie();
  ManifestFile m;
  m.partitions.push_back({false, false, ToSingleValueBytes(L(10)), ToSingleValueBytes(L(20))});
  auto might = [&](ExprPtr e) {
    auto p = ProjectInclusive(Bind(e, schema).ValueOrDie(), spec, schema).ValueOrDie();
    return ManifestMightMatch(p, m, *ptype);
  };
  EXPECT_TRUE(might(Pred(Op::kEq, "id", L(15))));
  EXPECT_FALSE(might(Pred(Op::kEq, "id", L(21))));
  EXPECT_FALSE(might(Pred(Op::kLt, "id", L(10))));
  EXPECT_TRUE(might(Pred(Op::kLtEq, "id", L(10))));
  EXPECT_FALSE(might(Pred(Op::kGt, "id", L(20))));
  EXPECT_FALSE(might(Expression::Predicate(Op::kIn, "id", {L(1), L(30)})));
  EXPECT_TRUE(might(Expression::Predicate(Op::kIn, "id", {L(1), L(19)})));
  EXPECT_FALSE(might(Expression::Predicate(Op::kIsNull, "id")));
  EXPECT_TRUE(might(Expression::Or(Pred(Op::kEq, "id", L(1)), Pred(Op::kEq, "id", L(12)))));
  m.partitions[0] = {true, false, std::nullopt, std::nullopt};  // only nulls
  EXPECT_FALSE(might(Pred(Op::kEq, "id", L(15))));
  EXPECT_FALSE(might(Expression::Predicate(Op::kNotNull, "id")));
  EXPECT_TRUE(might(Expression::Predicate(Op::kIsNull, "id")));
}

TEST(IcebergExpressionTest, EvaluatesColumnMetricsInclusivelyAndStrictly) {
  Schema schema = TestSchema();
  DataFile f;
  f.record_count = 10;
  f.value_counts = {{1, 10}, {2, 10}, {4, 10}};
  f.null_value_counts = {{1, 0}, {2, 10}, {4, 0}};
  f.nan_value_counts = {{4, 2}};
  f.lower_bounds = {{1, ToSingleValueBytes(L(100))},
                    {4, ToSingleValueBytes(Literal::Double(TypeId::kDouble, 1.0))}};
  f.upper_bounds = {{1, ToSingleValueBytes(L(200))},
                    {4, ToSingleValueBytes(Literal::Double(TypeId::kDouble, 2.0))}};
  auto eval = [&](ExprPtr e) { return MetricsEvaluator(Bind(e, schema).ValueOrDie(), schema); };
  EXPECT_TRUE(eval(Pred(Op::kEq, "id", L(150))).MightMatch(f));
  EXPECT_FALSE(eval(Pred(Op::kEq, "id", L(250))).MightMatch(f));
  EXPECT_FALSE(eval(Pred(Op::kLt, "id", L(100))).MightMatch(f));
  EXPECT_TRUE(eval(Pred(Op::kLt, "id", L(300))).MustMatch(f));
  EXPECT_FALSE(eval(Pred(Op::kLt, "id", L(150))).MustMatch(f));
  EXPECT_FALSE(eval(Pred(Op::kEq, "name", S("a"))).MightMatch(f));  // all null
  EXPECT_TRUE(eval(Expression::Predicate(Op::kIsNull, "name")).MustMatch(f));
  EXPECT_FALSE(eval(Expression::Predicate(Op::kIsNull, "id")).MightMatch(f));
  EXPECT_TRUE(eval(Expression::Predicate(Op::kIsNan, "x")).MightMatch(f));
  EXPECT_FALSE(eval(Pred(Op::kLt, "x", Literal::Double(TypeId::kDouble, 5)))
                   .MustMatch(f));  // NaNs do not match
  EXPECT_TRUE(
      eval(Pred(Op::kEq, "ts", Literal::Int(TypeId::kTimestamp, 1))).MightMatch(f));  // no metrics
  f.record_count = 0;
  EXPECT_FALSE(eval(Expression::True()).MightMatch(f));
}

}  // namespace
}  // namespace floe::iceberg
