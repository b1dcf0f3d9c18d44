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

TEST(SqlFunctionsTest, CallsAndConcatenationBindAndEvaluate) {
  EXPECT_EQ(Rows("upper(name) || '-' || cast(id AS varchar)"), "ALICE-1,ΩΜΈΓΑ-2,NULL");
  EXPECT_EQ(TypeOf("abs(-5)"), "integer");
  EXPECT_EQ(Value("abs('x')"),
            "error: line 1:1: Unexpected parameters (varchar(1)) for function abs. Expected: "
            "abs(tinyint), abs(smallint), abs(integer), abs(bigint), abs(decimal(p,s)), abs(real), "
            "abs(double)");
  EXPECT_EQ(Value("no_such_function(1)"),
            "error: line 1:1: Function 'no_such_function' not registered for (integer)");
  EXPECT_EQ(Value("sqrt('x')"),
            "error: line 1:1: Unexpected parameters (varchar(1)) for function sqrt. Expected: "
            "sqrt(double)");
}

TEST(SqlFunctionsTest, CastsParseVarcharAsTrinoDoes) {
  EXPECT_EQ(Value("CAST('  42 ' AS integer)"), "42");
  EXPECT_EQ(Value("CAST('-17' AS tinyint)"), "-17");
  EXPECT_EQ(Value("CAST('+9223372036854775807' AS bigint)"), "9223372036854775807");
  EXPECT_EQ(Value("CAST('abc' AS integer)"), "error: Cannot cast 'abc' to INT");
  EXPECT_EQ(Value("CAST('1.5' AS bigint)"), "error: Cannot cast '1.5' to BIGINT");
  EXPECT_EQ(Value("CAST('3000000000' AS integer)"), "error: Cannot cast '3000000000' to INT");
  EXPECT_EQ(Value("CAST('300' AS tinyint)"), "error: Cannot cast '300' to TINYINT");
  EXPECT_EQ(Value("TRY_CAST('abc' AS integer)"), "NULL");
  EXPECT_EQ(Value("TRY_CAST('12' AS integer)"), "12");
  EXPECT_EQ(Value("CAST('1e3' AS double)"), "1000.0");
  EXPECT_EQ(Value("CAST(' -2.5 ' AS double)"), "-2.5");
  EXPECT_EQ(Value("CAST('NaN' AS double)"), "NaN");
  EXPECT_EQ(Value("CAST('-Infinity' AS double)"), "-Infinity");
  EXPECT_EQ(Value("CAST('1.5x' AS double)"), "error: Cannot cast '1.5x' to DOUBLE");
  EXPECT_EQ(Value("CAST('0.1' AS real)"), "0.1");
  EXPECT_EQ(Value("CAST('true' AS boolean)"), "true");
  EXPECT_EQ(Value("CAST('FALSE' AS boolean)"), "false");
  EXPECT_EQ(Value("CAST('1' AS boolean)"), "true");
  EXPECT_EQ(Value("CAST('yes' AS boolean)"), "error: Cannot cast 'yes' to BOOLEAN");
  EXPECT_EQ(Value("CAST('12.345' AS decimal(5,2))"), "12.35");
  EXPECT_EQ(Value("CAST(' -0.5 ' AS decimal(3,2))"), "-0.50");
  EXPECT_EQ(Value("CAST('abc' AS decimal(5,2))"),
            "error: Cannot cast VARCHAR 'abc' to DECIMAL(5, 2). Value is not a number.");
  EXPECT_EQ(Value("CAST('1234' AS decimal(5,2))"),
            "error: Cannot cast VARCHAR '1234' to DECIMAL(5, 2). Value too large.");
  EXPECT_EQ(Value("CAST(' 2024-02-29 ' AS date)"), "2024-02-29");
  EXPECT_EQ(Value("CAST('2023-02-29' AS date)"), "error: Value cannot be cast to date: 2023-02-29");
  EXPECT_EQ(Value("TRY_CAST('2023-02-29' AS date)"), "NULL");
  EXPECT_EQ(Value("CAST('2024-02-29 13:45:30.5' AS timestamp(3))"), "2024-02-29 13:45:30.500");
  EXPECT_EQ(Value("CAST('2024-02-29' AS timestamp)"), "2024-02-29 00:00:00.000");
  EXPECT_EQ(Value("CAST('noon' AS timestamp)"), "error: Value cannot be cast to timestamp: noon");
  EXPECT_EQ(Rows("TRY_CAST(name AS integer)"), "NULL,NULL,NULL");
}

TEST(SqlFunctionsTest, CastsFormatValuesAsVarchar) {
  EXPECT_EQ(Value("CAST(1e10 AS varchar)"), "1.0E10");
  EXPECT_EQ(Value("CAST(0.001e0 AS varchar)"), "0.001");
  EXPECT_EQ(Value("CAST(1.5e-4 AS varchar)"), "1.5E-4");
  EXPECT_EQ(Value("CAST(CAST(0.1 AS real) AS varchar)"), "0.1");
  EXPECT_EQ(Value("CAST(-42 AS varchar)"), "-42");
  EXPECT_EQ(Value("CAST(true AS varchar)"), "true");
  EXPECT_EQ(Rows("CAST(x AS varchar)"), "2.5,-2.5,NULL");
  EXPECT_EQ(Rows("CAST(amount AS varchar)"), "12.35,-0.50,NULL");
  EXPECT_EQ(Rows("CAST(day AS varchar)"), "2024-02-29,1969-12-31,NULL");
  EXPECT_EQ(Rows("CAST(ts AS varchar)"),
            "2024-02-29 13:45:30.123456,1969-12-31 23:59:59.999999,NULL");
  EXPECT_EQ(Value("CAST(12345 AS varchar(3))"),
            "error: Value 12345 cannot be represented as varchar(3)");
  EXPECT_EQ(Value("CAST('abcdef' AS varchar(3))"), "abc");
  EXPECT_EQ(Rows("CAST(name AS varchar(2))"), "al,Ωμ,NULL");
}

TEST(SqlFunctionsTest, CastsBetweenNumbersBooleansAndTimes) {
  // Doubles round half away from zero to integers.
  EXPECT_EQ(Rows("CAST(x AS integer)"), "3,-3,NULL");
  EXPECT_EQ(Value("CAST(1e10 AS integer)"), "error: Out of range for integer: 1.0E10");
  EXPECT_EQ(Value("CAST(nan() AS bigint)"), "error: Out of range for bigint: NaN");
  EXPECT_EQ(Value("TRY_CAST(1e10 AS integer)"), "NULL");
  EXPECT_EQ(Rows("CAST(x AS decimal(3,1))"), "2.5,-2.5,NULL");
  EXPECT_EQ(Value("CAST(123.456e0 AS decimal(5,2))"), "123.46");
  EXPECT_EQ(Value("CAST(1e5 AS decimal(5,2))"),
            "error: Cannot cast double '100000.0' to decimal(5,2)");
  EXPECT_EQ(Rows("CAST(amount AS integer)"), "12,-1,NULL");
  EXPECT_EQ(Value("CAST(true AS integer)"), "1");
  EXPECT_EQ(Value("CAST(false AS double)"), "0.0");
  EXPECT_EQ(Value("CAST(0 AS boolean)"), "false");
  EXPECT_EQ(Value("CAST(-3 AS boolean)"), "true");
  EXPECT_EQ(Value("CAST(0.5e0 AS boolean)"), "true");
  EXPECT_EQ(Rows("CAST(ts AS date)"), "2024-02-29,1969-12-31,NULL");
  EXPECT_EQ(Rows("CAST(day AS timestamp)"), "2024-02-29 00:00:00.000,1969-12-31 00:00:00.000,NULL");
  // A lower precision rounds (half up), carrying into the next day.
  EXPECT_EQ(Rows("CAST(ts AS timestamp(3))"),
            "2024-02-29 13:45:30.123,1970-01-01 00:00:00.000,NULL");
  EXPECT_EQ(Value("CAST(300 AS tinyint)"), "error: Out of range for tinyint: 300");
}

TEST(SqlFunctionsTest, MathOnIntegersAndDecimalsKeepsTrinosTypes) {
  EXPECT_EQ(Value("abs(-9223372036854775807 - 1)"),
            "error: Value -9223372036854775808 is out of range for abs(bigint)");
  EXPECT_EQ(Rows("abs(amount)"), "12.35,0.50,NULL");
  EXPECT_EQ(TypeOf("abs(amount)"), "decimal(10,2)");
  EXPECT_EQ(Rows("ceil(amount)"), "13,0,NULL");
  EXPECT_EQ(Rows("floor(amount)"), "12,-1,NULL");
  EXPECT_EQ(TypeOf("floor(amount)"), "decimal(9,0)");
  EXPECT_EQ(TypeOf("ceiling(CAST(1 AS decimal(5,0)))"), "decimal(5,0)");
  EXPECT_EQ(Rows("round(amount)"), "12,-1,NULL");
  EXPECT_EQ(Rows("round(amount, 1)"), "12.40,-0.50,NULL");
  EXPECT_EQ(TypeOf("round(amount, 1)"), "decimal(11,2)");
  EXPECT_EQ(Value("round(99.95, 1)"), "100.00");
  EXPECT_EQ(Rows("truncate(amount)"), "12,0,NULL");
  EXPECT_EQ(TypeOf("truncate(amount)"), "decimal(8,0)");
  EXPECT_EQ(Value("round(1250, -2)"), "1300");
  EXPECT_EQ(Value("round(-1250, -2)"), "-1300");
  EXPECT_EQ(Value("round(1249, -2)"), "1200");
  EXPECT_EQ(Value("round(7)"), "7");
  EXPECT_EQ(TypeOf("floor(7)"), "integer");
  EXPECT_EQ(Value("sign(-7)"), "-1");
  EXPECT_EQ(Rows("sign(amount)"), "1,-1,NULL");
  EXPECT_EQ(Value("mod(-7, 3)"), "-1");
  EXPECT_EQ(Value("mod(7.5, 2)"), "1.5");
  EXPECT_EQ(Value("mod(7, 0)"), "error: Division by zero");
  EXPECT_EQ(Rows("mod(id, 2)"), "1,0,NULL");
}

TEST(SqlFunctionsTest, MathOnDoubles) {
  EXPECT_EQ(Rows("round(x)"), "3.0,-3.0,NULL");
  EXPECT_EQ(Value("round(1.25e0, 1)"), "1.3");
  EXPECT_EQ(Value("round(-1.25e0, 1)"), "-1.3");
  EXPECT_EQ(Rows("truncate(x)"), "2.0,-2.0,NULL");
  EXPECT_EQ(Rows("ceil(x)"), "3.0,-2.0,NULL");
  EXPECT_EQ(Rows("floor(x)"), "2.0,-3.0,NULL");
  EXPECT_EQ(Rows("abs(x)"), "2.5,2.5,NULL");
  EXPECT_EQ(Rows("sign(x)"), "1.0,-1.0,NULL");
  EXPECT_EQ(Value("sqrt(16)"), "4.0");
  EXPECT_EQ(Value("sqrt(-1)"), "NaN");
  EXPECT_EQ(Value("cbrt(27)"), "3.0");
  EXPECT_EQ(Value("power(2, 10)"), "1024.0");
  EXPECT_EQ(Value("pow(2, -1)"), "0.5");
  EXPECT_EQ(Value("exp(0)"), "1.0");
  EXPECT_EQ(Value("ln(1)"), "0.0");
  EXPECT_EQ(Value("ln(0)"), "-Infinity");
  EXPECT_EQ(Value("log2(8)"), "3.0");
  EXPECT_EQ(Value("log10(1000)"), "3.0");
  EXPECT_EQ(Value("log(2, 8)"), "3.0");
  EXPECT_EQ(Value("pi()"), "3.141592653589793");
  EXPECT_EQ(Value("e()"), "2.718281828459045");
  EXPECT_EQ(Value("degrees(pi())"), "180.0");
  EXPECT_EQ(Value("radians(180)"), "3.141592653589793");
  EXPECT_EQ(Value("sin(0)"), "0.0");
  EXPECT_EQ(Value("cos(0)"), "1.0");
  EXPECT_EQ(Value("atan2(1, 1) * 4"), "3.141592653589793");
  EXPECT_EQ(Value("nan()"), "NaN");
  EXPECT_EQ(Value("infinity()"), "Infinity");
  EXPECT_EQ(Value("is_nan(nan())"), "true");
  EXPECT_EQ(Value("is_nan(1)"), "false");
  EXPECT_EQ(Value("is_infinite(-infinity())"), "true");
  EXPECT_EQ(Value("is_finite(infinity())"), "false");
  EXPECT_EQ(Value("is_finite(1)"), "true");
  EXPECT_EQ(Value("random() >= 0 AND random() < 1"), "true");
  EXPECT_EQ(Value("rand() >= 0"), "true");
  EXPECT_EQ(Value("random(10) BETWEEN 0 AND 9"), "true");
  EXPECT_EQ(Value("random(0)"), "error: bound must be positive: 0");
  EXPECT_EQ(Value("sqrt(NULL)"), "NULL");
}

TEST(SqlFunctionsTest, GreatestAndLeastUseTheCommonType) {
  EXPECT_EQ(Value("greatest(1, 2.5, 3)"), "3.0");
  EXPECT_EQ(TypeOf("greatest(1, 2.5, 3)"), "decimal(11,1)");
  EXPECT_EQ(Rows("greatest(x, 1)"), "2.5,1.0,NULL");
  EXPECT_EQ(Rows("least(id, 1)"), "1,1,NULL");
  EXPECT_EQ(Value("least('b', 'a', 'c')"), "a");
  EXPECT_EQ(Value("greatest(1, NULL)"), "NULL");
  EXPECT_EQ(Rows("greatest(day, DATE '2000-01-01')"), "2024-02-29,2000-01-01,NULL");
  EXPECT_EQ(Value("greatest(nan(), 1)"), "error: Invalid argument to greatest(): NaN");
  EXPECT_EQ(Value("greatest(1, 'a')"),
            "error: line 1:1: Unexpected parameters (integer, varchar(1)) for function greatest. "
            "Expected: greatest(E, E...) for an orderable type E");
}

TEST(SqlFunctionsTest, StringFunctionsCountCodePoints) {
  EXPECT_EQ(Rows("length(name)"), "5,5,NULL");
  EXPECT_EQ(Value("length('')"), "0");
  EXPECT_EQ(Value("lower('ÀÉÎ ΑΒΓ ДЖЁ Ő')"), "àéî αβγ джё ő");
  EXPECT_EQ(Value("upper('àéî αβγς джё ÿ')"), "ÀÉÎ ΑΒΓΣ ДЖЁ Ÿ");
  // Per code point, as Trino maps case: ß has no one-character upper case.
  EXPECT_EQ(Value("upper('straße')"), "STRAßE");
  EXPECT_EQ(Value("lower('')"), "");
  EXPECT_EQ(TypeOf("lower(CAST(name AS varchar(5)))"), "varchar(5)");
  EXPECT_EQ(Value("substr('hello', 2)"), "ello");
  EXPECT_EQ(Value("substr('hello', -3)"), "llo");
  EXPECT_EQ(Value("substr('hello', -3, 2)"), "ll");
  EXPECT_EQ(Value("substr('hello', 0)"), "");
  EXPECT_EQ(Value("substr('hello', 6)"), "");
  EXPECT_EQ(Value("substr('hello', -6)"), "");
  EXPECT_EQ(Value("substr('hello', 2, 0)"), "");
  EXPECT_EQ(Value("substr('hello', 4, 100)"), "lo");
  EXPECT_EQ(Rows("substring(name, 2, 3)"), "lic,μέγ,NULL");
  EXPECT_EQ(Rows("substr(name, -2)"), "ce,γα,NULL");
  EXPECT_EQ(Value("concat('a', 'b', 'c')"), "abc");
  EXPECT_EQ(Value("concat('a')"),
            "error: line 1:1: There must be two or more concatenation arguments");
  EXPECT_EQ(Value("'a' || NULL"), "NULL");
  EXPECT_EQ(TypeOf("'ab' || 'cde'"), "varchar(5)");
  EXPECT_EQ(TypeOf("name || 'x'"), "varchar");
  EXPECT_EQ(Value("'[' || ltrim('  a ') || ']'"), "[a ]");
  EXPECT_EQ(Value("'[' || rtrim('  a ') || ']'"), "[  a]");
  EXPECT_EQ(Value("ltrim('ααβα', 'α')"), "βα");
  EXPECT_EQ(Value("lpad('7', 3, '0')"), "007");
  EXPECT_EQ(Value("rpad('ab', 5, 'xy')"), "abxyx");
  EXPECT_EQ(Value("lpad('hello', 3, 'x')"), "hel");
  EXPECT_EQ(Value("lpad('Ω', 3, 'é')"), "ééΩ");
  EXPECT_EQ(Value("lpad('a', 3, '')"), "error: Padding string must not be empty");
  EXPECT_EQ(Value("replace('banana', 'a', 'o')"), "bonono");
  EXPECT_EQ(Value("replace('banana', 'a')"), "bnn");
  EXPECT_EQ(Value("replace('abc', '', '-')"), "-a-b-c-");
  EXPECT_EQ(Value("strpos('Ωμέγα', 'γ')"), "4");
  EXPECT_EQ(Value("strpos('abc', 'z')"), "0");
  EXPECT_EQ(Value("strpos('abc', '')"), "1");
  EXPECT_EQ(Value("starts_with('floe', 'fl')"), "true");
  EXPECT_EQ(Value("starts_with('floe', 'oe')"), "false");
  EXPECT_EQ(Value("reverse('Ωμέγα')"), "αγέμΩ");
  EXPECT_EQ(Value("reverse('')"), "");
  EXPECT_EQ(Value("split_part('a,b,c', ',', 2)"), "b");
  EXPECT_EQ(Value("split_part('a,,c', ',', 2)"), "");
  EXPECT_EQ(Value("split_part('a,b,c', ',', 4)"), "NULL");
  EXPECT_EQ(Value("split_part('a::b', '::', 2)"), "b");
  EXPECT_EQ(Value("split_part('a,b,c', ',', 0)"), "error: Index must be greater than zero");
  EXPECT_EQ(Value("chr(937)"), "Ω");
  EXPECT_EQ(Value("chr(-1)"), "error: Not a valid Unicode code point: -1");
  EXPECT_EQ(Value("codepoint('Ω')"), "937");
  EXPECT_EQ(Value("to_utf8('ab')"), "61 62");
  EXPECT_EQ(Value("length(to_utf8('é'))"), "2");
  EXPECT_EQ(Value("from_utf8(to_utf8('héllo'))"), "héllo");
  EXPECT_EQ(Rows("upper(name) IS NULL"), "false,false,true");
}

// TRIM is reserved syntax (TRIM([BOTH | LEADING | TRAILING] [chars] FROM s))
// that the parser does not read yet: the function is called directly.
std::string CallTrim(std::vector<std::string_view> args) {
  std::vector<BoundExprPtr> bound;
  for (std::string_view a : args) bound.push_back(BoundExpr::Varchar(a));
  auto call = MakeCall("trim", std::move(bound));
  if (!call.ok()) return "error: " + call.status().message();
  columnar::Chunk one;
  one.size = 1;
  ExpressionExecutor exec(MemoryPool::Default());
  auto v = exec.Evaluate(**call, one);
  if (!v.ok()) return "error: " + v.status().message();
  std::string out;
  columnar::AppendValueText(**v, 0, &out, "NULL");
  return out;
}

TEST(SqlFunctionsTest, TrimRemovesWhitespaceOrGivenCharacters) {
  EXPECT_EQ(CallTrim({"  a b \t\n "}), "a b");
  EXPECT_EQ(CallTrim({"\u3000a\u2003"}), "a");  // ideographic and em space
  EXPECT_EQ(CallTrim({"\u00a0a"}), "\u00a0a");  // no-break space is not whitespace in Java
  EXPECT_EQ(CallTrim({""}), "");
  EXPECT_EQ(CallTrim({"xxaxx", "x"}), "a");
  EXPECT_EQ(CallTrim({"abcba", "ab"}), "c");
}

TEST(SqlFunctionsTest, RegularExpressions) {
  // Examples from Trino's documentation of the regexp functions.
  EXPECT_EQ(Value(R"(regexp_like('1a 2b 14m', '\d+b'))"), "true");
  EXPECT_EQ(Value(R"(regexp_like('1a 2b 14m', '^\d+b'))"), "false");
  EXPECT_EQ(Value(R"(regexp_extract('1a 2b 14m', '\d+'))"), "1");
  EXPECT_EQ(Value(R"(regexp_extract('1a 2b 14m', '(\d+)([a-z]+)', 2))"), "a");
  EXPECT_EQ(Value(R"(regexp_extract('abc', '\d'))"), "NULL");
  EXPECT_EQ(Value(R"(regexp_extract('1a', '(\d+)([a-z]+)', 3))"),
            "error: Pattern has 2 groups. Cannot access group 3");
  EXPECT_EQ(Value(R"(regexp_replace('1a 2b 14m', '\d+[ab] '))"), "14m");
  EXPECT_EQ(Value(R"(regexp_replace('1a 2b 14m', '(\d+)([ab]) ', '3c$2 '))"), "3ca 3cb 14m");
  EXPECT_EQ(Value(R"(regexp_replace('abc', '', '-'))"), "-a-b-c-");
  EXPECT_EQ(Value(R"(regexp_replace('a.b', '\.', '\$'))"), "a$b");
  EXPECT_EQ(Value(R"(regexp_count('1a 2b 14m', '\s*[a-z]+\s*'))"), "3");
  EXPECT_EQ(Value(R"(regexp_count('ααα', 'α'))"), "3");
  const char* text = "'I have 23 apples, 5 pears and 13 oranges'";
  EXPECT_EQ(Value(std::string("regexp_position(") + text + R"(, '\b\d+\b'))"), "8");
  EXPECT_EQ(Value(std::string("regexp_position(") + text + R"(, '\b\d+\b', 5))"), "8");
  EXPECT_EQ(Value(std::string("regexp_position(") + text + R"(, '\b\d+\b', 12))"), "19");
  EXPECT_EQ(Value(std::string("regexp_position(") + text + R"(, '\b\d+\b', 12, 2))"), "31");
  EXPECT_EQ(Value(std::string("regexp_position(") + text + R"(, '\b\d+\b', 12, 3))"), "-1");
  EXPECT_EQ(Value("regexp_position('Ωμέγα', 'γ')"), "4");
  // A pattern from a column is compiled per distinct value.
  EXPECT_EQ(Rows("regexp_like('alice', name)"), "true,false,NULL");
  EXPECT_EQ(Rows("regexp_replace(name, '[aeiouέα]', '_')"), "_l_c_,Ωμ_γ_,NULL");
  auto bad = Value("regexp_like('a', 'x(')");
  EXPECT_EQ(bad.rfind("error: Invalid regular expression 'x(': ", 0), 0u) << bad;
}

TEST(SqlFunctionsTest, DateAndTimeFields) {
  EXPECT_EQ(Rows("year(day)"), "2024,1969,NULL");
  EXPECT_EQ(Rows("month(day)"), "2,12,NULL");
  EXPECT_EQ(Rows("day(day)"), "29,31,NULL");
  EXPECT_EQ(Rows("day_of_month(ts)"), "29,31,NULL");
  EXPECT_EQ(Rows("quarter(day)"), "1,4,NULL");
  // 2024-02-29 was a Thursday, 1969-12-31 a Wednesday (ISO: Monday = 1).
  EXPECT_EQ(Rows("day_of_week(day)"), "4,3,NULL");
  EXPECT_EQ(Rows("dow(ts)"), "4,3,NULL");
  EXPECT_EQ(Rows("day_of_year(day)"), "60,365,NULL");
  EXPECT_EQ(Rows("doy(ts)"), "60,365,NULL");
  // 1969-12-31 lies in ISO week 1 of 1970.
  EXPECT_EQ(Rows("week(day)"), "9,1,NULL");
  EXPECT_EQ(Rows("week_of_year(day)"), "9,1,NULL");
  EXPECT_EQ(Rows("year_of_week(day)"), "2024,1970,NULL");
  EXPECT_EQ(Value("week(DATE '2021-01-03')"), "53");
  EXPECT_EQ(Value("yow(DATE '2021-01-03')"), "2020");
  EXPECT_EQ(Rows("hour(ts)"), "13,23,NULL");
  EXPECT_EQ(Rows("minute(ts)"), "45,59,NULL");
  EXPECT_EQ(Rows("second(ts)"), "30,59,NULL");
  EXPECT_EQ(Rows("millisecond(ts)"), "123,999,NULL");
  EXPECT_EQ(TypeOf("year(day)"), "bigint");
  EXPECT_EQ(Value("year('x')"),
            "error: line 1:1: Unexpected parameters (varchar(1)) for function year. Expected: "
            "year(date), year(timestamp(p)), year(timestamp(p) with time zone)");
  EXPECT_EQ(Value("hour(DATE '2024-01-01')"),
            "error: line 1:1: Unexpected parameters (date) for function hour. Expected: "
            "hour(time(p)), hour(timestamp(p)), hour(timestamp(p) with time zone)");
  EXPECT_EQ(Rows("last_day_of_month(day)"), "2024-02-29,1969-12-31,NULL");
  EXPECT_EQ(Value("last_day_of_month(DATE '2023-02-10')"), "2023-02-28");
  EXPECT_EQ(Rows("last_day_of_month(ts)"), "2024-02-29,1969-12-31,NULL");
}

TEST(SqlFunctionsTest, DateTruncAddAndDiff) {
  EXPECT_EQ(Rows("date_trunc('month', day)"), "2024-02-01,1969-12-01,NULL");
  EXPECT_EQ(Rows("date_trunc('week', day)"), "2024-02-26,1969-12-29,NULL");
  EXPECT_EQ(Value("date_trunc('quarter', DATE '2024-05-17')"), "2024-04-01");
  EXPECT_EQ(Value("date_trunc('year', DATE '2024-05-17')"), "2024-01-01");
  EXPECT_EQ(Rows("date_trunc('hour', ts)"),
            "2024-02-29 13:00:00.000000,1969-12-31 23:00:00.000000,NULL");
  EXPECT_EQ(Rows("date_trunc('MINUTE', ts)"),
            "2024-02-29 13:45:00.000000,1969-12-31 23:59:00.000000,NULL");
  EXPECT_EQ(Rows("date_trunc('second', ts)"),
            "2024-02-29 13:45:30.000000,1969-12-31 23:59:59.000000,NULL");
  EXPECT_EQ(Rows("date_trunc('year', ts)"),
            "2024-01-01 00:00:00.000000,1969-01-01 00:00:00.000000,NULL");
  EXPECT_EQ(TypeOf("date_trunc('day', ts)"), "timestamp(6)");
  EXPECT_EQ(Value("date_trunc('hour', DATE '2024-01-01')"),
            "error: 'hour' is not a valid DATE field");
  EXPECT_EQ(Rows("date_trunc('fortnight', ts)"),
            "error: 'fortnight' is not a valid Timestamp field");

  EXPECT_EQ(Rows("date_add('day', 1, day)"), "2024-03-01,1970-01-01,NULL");
  EXPECT_EQ(Value("date_add('month', 1, DATE '2024-01-31')"), "2024-02-29");
  EXPECT_EQ(Value("date_add('quarter', -1, DATE '2024-05-31')"), "2024-02-29");
  EXPECT_EQ(Rows("date_add('year', 1, day)"), "2025-02-28,1970-12-31,NULL");
  EXPECT_EQ(Rows("date_add('week', -1, day)"), "2024-02-22,1969-12-24,NULL");
  EXPECT_EQ(Rows("date_add('hour', 11, ts)"),
            "2024-03-01 00:45:30.123456,1970-01-01 10:59:59.999999,NULL");
  EXPECT_EQ(Rows("date_add('millisecond', 1, ts)"),
            "2024-02-29 13:45:30.124456,1970-01-01 00:00:00.000999,NULL");
  EXPECT_EQ(Rows("date_add('month', 1, ts)"),
            "2024-03-29 13:45:30.123456,1970-01-31 23:59:59.999999,NULL");
  EXPECT_EQ(Value("date_add('hour', 1, DATE '2024-01-01')"),
            "error: 'hour' is not a valid DATE field");
  auto overflow = Value("date_add('day', 9223372036854775807, TIMESTAMP '2024-01-01 00:00:00')");
  EXPECT_EQ(overflow.rfind("error: Value out of range for date_add: 9223372036854775807", 0), 0u)
      << overflow;

  EXPECT_EQ(Rows("date_diff('day', DATE '2024-01-01', day)"), "59,-19724,NULL");
  EXPECT_EQ(Value("date_diff('week', DATE '2024-01-01', DATE '2024-01-15')"), "2");
  EXPECT_EQ(Value("date_diff('month', DATE '2024-01-31', DATE '2024-02-29')"), "1");
  EXPECT_EQ(Value("date_diff('month', DATE '2024-01-15', DATE '2024-02-14')"), "0");
  EXPECT_EQ(Value("date_diff('month', DATE '2024-02-14', DATE '2024-01-15')"), "0");
  EXPECT_EQ(Value("date_diff('month', DATE '2024-03-15', DATE '2024-01-15')"), "-2");
  EXPECT_EQ(Value("date_diff('year', DATE '2020-02-29', DATE '2021-02-28')"), "1");
  EXPECT_EQ(Value("date_diff('quarter', DATE '2024-01-01', DATE '2024-12-31')"), "3");
  EXPECT_EQ(Value("date_diff('hour', TIMESTAMP '2024-01-01 00:00:00', "
                  "TIMESTAMP '2024-01-01 05:59:59')"),
            "5");
  EXPECT_EQ(Value("date_diff('hour', TIMESTAMP '2024-01-01 05:59:59', "
                  "TIMESTAMP '2024-01-01 00:00:00')"),
            "-5");
  EXPECT_EQ(Value("date_diff('second', DATE '2024-01-01', TIMESTAMP '2024-01-01 00:01:00')"), "60");
}

TEST(SqlFunctionsTest, UnixTimeFormattingAndParsing) {
  EXPECT_EQ(Value("from_unixtime(0)"), "1970-01-01 00:00:00.000 UTC");
  EXPECT_EQ(Value("from_unixtime(1.5e9)"), "2017-07-14 02:40:00.000 UTC");
  EXPECT_EQ(Value("from_unixtime(-1.5)"), "1969-12-31 23:59:58.500 UTC");
  EXPECT_EQ(TypeOf("from_unixtime(0)"), "timestamp(3) with time zone");
  EXPECT_EQ(Value("to_unixtime(from_unixtime(1234567890.5))"), "1.2345678905E9");
  EXPECT_EQ(Rows("to_unixtime(ts)"), "1.709214330123456E9,-1.0E-6,NULL");

  EXPECT_EQ(Rows("date_format(ts, '%Y-%m-%d %H:%i:%s')"),
            "2024-02-29 13:45:30,1969-12-31 23:59:59,NULL");
  EXPECT_EQ(Rows("date_format(ts, '%W %M %e %r')"),
            "Thursday February 29 01:45:30 PM,Wednesday December 31 11:59:59 PM,NULL");
  EXPECT_EQ(Rows("date_format(ts, '%a %b %c %d %f %j %y %%')"),
            "Thu Feb 2 29 123456 060 24 %,Wed Dec 12 31 999999 365 69 %,NULL");
  EXPECT_EQ(Rows("date_format(ts, '%D')"), "error: %D not supported in date format string");
  EXPECT_EQ(Rows("format_datetime(ts, 'yyyy-MM-dd HH:mm:ss.SSS')"),
            "2024-02-29 13:45:30.123,1969-12-31 23:59:59.999,NULL");
  EXPECT_EQ(Rows("format_datetime(ts, 'EEE, d MMM yyyy h:mm a')"),
            "Thu, 29 Feb 2024 1:45 PM,Wed, 31 Dec 1969 11:59 PM,NULL");
  EXPECT_EQ(Rows("format_datetime(ts, 'EEEE MMMM yy')"),
            "Thursday February 24,Wednesday December 69,NULL");
  EXPECT_EQ(Rows("format_datetime(ts, 'yyyy ''at'' HH')"), "2024 at 13,1969 at 23,NULL");

  EXPECT_EQ(Value("date('2024-02-29')"), "2024-02-29");
  EXPECT_EQ(Rows("date(ts)"), "2024-02-29,1969-12-31,NULL");
  EXPECT_EQ(Value("from_iso8601_date('2020-05-11')"), "2020-05-11");
  EXPECT_EQ(Value("from_iso8601_date('2020-05')"), "2020-05-01");
  EXPECT_EQ(Value("from_iso8601_date('2020-13-01')"), "error: Invalid format: \"2020-13-01\"");
  // floe keeps no zone per value: the instant comes back in UTC.
  EXPECT_EQ(Value("from_iso8601_timestamp('2020-05-11T11:15:05.055+01:00')"),
            "2020-05-11 10:15:05.055 UTC");
  EXPECT_EQ(Value("from_iso8601_timestamp('2020-05-11T11:15:05Z')"), "2020-05-11 11:15:05.000 UTC");
  EXPECT_EQ(Value("from_iso8601_timestamp('2020-05-11')"), "2020-05-11 00:00:00.000 UTC");
}

TEST(SqlFunctionsTest, NullsPropagateAndSkippedRowsRaiseNoErrors) {
  EXPECT_EQ(Rows("substr(name, NULL)"), "NULL,NULL,NULL");
  EXPECT_EQ(Rows("lpad(name, 7, '*')"), "**alice,**Ωμέγα,NULL");
  EXPECT_EQ(Rows("concat(name, '/', name)"), "alice/alice,Ωμέγα/Ωμέγα,NULL");
  EXPECT_EQ(Rows("date_add('day', id, day)"), "2024-03-01,1970-01-02,NULL");
  EXPECT_EQ(Rows("regexp_extract(name, NULL)"), "NULL,NULL,NULL");
  // Rows the left side of AND decides are not evaluated on the right, so
  // their failures (a cast, a bad index) are not errors.
  EXPECT_EQ(Rows("id > 5 AND CAST(name AS integer) > 0"), "false,false,NULL");
  EXPECT_EQ(Rows("id > 5 AND split_part(name, 'x', 0) = ''"), "false,false,NULL");
  EXPECT_EQ(Rows("id > 1 AND CAST(name AS integer) > 0"), "error: Cannot cast 'Ωμέγα' to INT");
  EXPECT_EQ(Rows("id < 2 OR TRY_CAST(name AS integer) > 0"), "true,NULL,NULL");
}

}  // namespace
}  // namespace floe::sql
