#include "query_generator.h"

#include <cstdio>
#include <utility>

// The grammar, roughly (every piece is written in both dialects at once):
//
//   query      := select | aggregate | set_operation | derived
//   select     := SELECT [DISTINCT] scalar, ... | * FROM from [WHERE where] [order]
//   aggregate  := SELECT key, ..., agg, ... FROM from [WHERE where]
//                 [GROUP BY key, ... | ordinals] [HAVING agg_pred] [order]
//   set_op     := select_core (UNION | INTERSECT | EXCEPT) [ALL|DISTINCT] select_core ...
//   derived    := WITH q AS (inner) SELECT ... FROM q [JOIN t3 | JOIN q] ...
//                 | SELECT ... FROM (inner) q ...
//   inner      := a grouped aggregate | a top-N (ORDER BY all columns LIMIT n)
//   from       := t | t JOIN t ON keys [AND pred | OR pred] (inner, left, right,
//                 full; keys of the same or of different types, or computed)
//                 | t CROSS JOIN t3 | t, t WHERE keys | three-way joins
//   where      := pred [AND subquery_pred]
//   subquery   := e [NOT] IN (SELECT ... [UNION [ALL] SELECT ...])
//                 | [NOT] EXISTS (correlated on one or two equalities)
//                 | e op (SELECT agg ...) uncorrelated or correlated;
//                 subqueries nest two deep
//   order      := ORDER BY every output column by ordinal, directions and
//                 NULLS FIRST/LAST at random [LIMIT n [OFFSET m]]
//   scalar     := column | literal | arithmetic (+ - * / % mod, / and % by
//                 NULLIF(e, 0) mostly; mixed integer/decimal/double) | CASE
//                 (both forms) | COALESCE | NULLIF | CAST | TRY_CAST | abs
//                 | sign | floor | ceil | round | greatest | least | upper
//                 | lower | || | substr | replace | lpad | rpad | reverse
//                 | trim | length | strpos | year/month/day | date_diff
//                 | date_add | decimal division (outputs only)
//   pred       := comparisons | IS [NOT] NULL | [NOT] BETWEEN | [NOT] IN list
//                 | [NOT] LIKE [ESCAPE] | starts_with | IS [NOT] DISTINCT FROM
//                 | NOT | AND | OR
//   agg        := count(*) | count([DISTINCT] e) | sum | avg | min | max
//                 | count_if | bool_and | bool_or | stddev | variance, some
//                 with FILTER
//
// Values stay small enough that sums of products do not overflow bigint
// (Trino fails there while DuckDB's sum is a 128-bit HUGEINT).

namespace floe::sql {

namespace {

using Expr = QueryGenerator::Expr;

bool IsIntegral(DiffType t) { return t == DiffType::kBigint || t == DiffType::kInteger; }
bool IsDecimal(DiffType t) { return t == DiffType::kDecimal || t == DiffType::kWideDecimal; }
bool IsNumeric(DiffType t) { return IsIntegral(t) || IsDecimal(t) || t == DiffType::kDouble; }

Expr Same(std::string text, DiffType t, bool inexact = false) {
  return Expr{text, text, t, inexact};
}

// f(a, b, ...) in both dialects.
Expr Call(const std::string& name, const std::vector<Expr>& args, DiffType t) {
  Expr e{name + "(", name + "(", t, false};
  for (size_t i = 0; i < args.size(); ++i) {
    e.floe += (i ? ", " : "") + args[i].floe;
    e.duck += (i ? ", " : "") + args[i].duck;
    e.inexact = e.inexact || args[i].inexact;
  }
  e.floe += ")";
  e.duck += ")";
  return e;
}

Expr Binary(const Expr& a, const std::string& op, const Expr& b, DiffType t) {
  return Expr{"(" + a.floe + " " + op + " " + b.floe + ")",
              "(" + a.duck + " " + op + " " + b.duck + ")", t, a.inexact || b.inexact};
}

std::string FormatCents(int64_t cents) {
  char buf[64];
  const int64_t a = cents < 0 ? -cents : cents;
  std::snprintf(buf, sizeof(buf), "%s%lld.%02lld", cents < 0 ? "-" : "",
                static_cast<long long>(a / 100), static_cast<long long>(a % 100));
  return buf;
}

// 2024-01-01 plus `days` (-31..120), as DATE 'yyyy-mm-dd'.
std::string DateLiteral(int days) {
  static const int kMonthDays[] = {31, 29, 31, 30, 31};
  int year = 2024, month = 1;
  if (days < 0) {
    year = 2023;
    month = 12;
    days += 31;
  } else {
    while (month <= 5 && days >= kMonthDays[month - 1]) days -= kMonthDays[month++ - 1];
  }
  char buf[64];
  std::snprintf(buf, sizeof(buf), "DATE '%04d-%02d-%02d'", year, month, days + 1);
  return buf;
}

// A decimal(30,4) value: a few common ones, else up to 20 integer digits.
template <typename Uniform>
std::string WideDecimalText(Uniform uniform) {
  static const char* kCommon[] = {"0.0000", "1.5000", "-2.2500", "99999999999999999999.9999",
                                  "0.0001"};
  if (uniform(100) < 30) return kCommon[uniform(5)];
  std::string s = uniform(2) ? "-" : "";
  const uint64_t digits = 1 + uniform(20);
  s.push_back(static_cast<char>('1' + uniform(9)));
  for (uint64_t i = 1; i < digits; ++i) s.push_back(static_cast<char>('0' + uniform(10)));
  s.push_back('.');
  for (int i = 0; i < 4; ++i) s.push_back(static_cast<char>('0' + uniform(10)));
  return s;
}

const std::vector<std::string>& VarcharPool() {
  // Skewed by repetition; '' and the LIKE metacharacters on purpose; upper
  // case sorts before lower case in both engines (binary collation).
  static const std::vector<std::string> kPool = {
      "a", "a", "a", "b", "b", "ab", "abc", "B", "Zed", "x y", "", "a%b", "a_c", "bb", "12", "-3",
      "007", "\u00e9", "\u00dcn\u00ef",
      // Longer than the 12 bytes a StringView holds inline.
      "a string longer than twelve bytes", "abcdefghijklmnopqrstuvwxyz",
      "abcdefghijklmnopqrstuvwxyz"};
  return kPool;
}

std::string Quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') out += "'";
    out.push_back(c);
  }
  return out + "'";
}

}  // namespace

const char* DiffTypeName(DiffType t) {
  switch (t) {
    case DiffType::kBigint:
      return "bigint";
    case DiffType::kInteger:
      return "integer";
    case DiffType::kDouble:
      return "double";
    case DiffType::kDecimal:
      return "decimal(12,2)";
    case DiffType::kWideDecimal:
      return "decimal(30,4)";
    case DiffType::kVarchar:
      return "varchar";
    case DiffType::kDate:
      return "date";
    case DiffType::kBoolean:
      return "boolean";
  }
  return "?";
}

std::vector<DiffTable> DifferentialTables(int64_t rows) {
  using T = DiffType;
  return {
      {"t1",
       {{"a", T::kBigint},
        {"b", T::kInteger},
        {"c", T::kDouble},
        {"d", T::kDecimal},
        {"s", T::kVarchar},
        {"dt", T::kDate},
        {"f", T::kBoolean}},
       "",
       rows},
      {"t2",
       {{"k", T::kBigint},
        {"n", T::kInteger},
        {"m", T::kDecimal},
        {"s2", T::kVarchar},
        {"dt2", T::kDate},
        {"big", T::kWideDecimal}},
       "s2",
       std::max<int64_t>(1, rows / 2)},
      {"t3", {{"k3", T::kBigint}, {"label", T::kVarchar}, {"w", T::kDouble}}, "", 20},
  };
}

std::string TableRowsSql(const DiffTable& table, uint64_t seed) {
  std::mt19937_64 rng(seed * 0x9E3779B97F4A7C15ull + table.name.size() * 7919 + table.name.back());
  auto uniform = [&](uint64_t n) { return rng() % n; };
  std::vector<int> null_percent;
  for (size_t c = 0; c < table.columns.size(); ++c) null_percent.push_back(1 + uniform(20));
  static const int kHot[] = {0, 0, 0, 0, 1, 1, 1, 2, 2, 3, 4, 5, 6, 7, 8, 9};
  std::string values;
  for (int64_t r = 0; r < table.rows; ++r) {
    values += r ? ",\n(" : "(";
    for (size_t c = 0; c < table.columns.size(); ++c) {
      const DiffColumn& col = table.columns[c];
      if (c) values += ", ";
      if (static_cast<int>(uniform(100)) < null_percent[c]) {
        values += "NULL";
        continue;
      }
      switch (col.type) {
        case DiffType::kBigint: {
          int64_t v;
          if (col.name == "k3") {
            v = r;  // the dimension's key: unique
          } else if (uint64_t p = uniform(100); p < 50) {
            v = kHot[uniform(16)];
          } else if (p < 85) {
            v = 10 + static_cast<int64_t>(uniform(290));
          } else {
            v = static_cast<int64_t>(uniform(2000001)) - 1000000;
          }
          values += std::to_string(v);
          break;
        }
        case DiffType::kInteger:
          values += std::to_string(static_cast<int64_t>(uniform(101)) - 50);
          break;
        case DiffType::kDouble: {
          // Multiples of 1/8: exact in binary and in decimal text.
          char buf[64];
          std::snprintf(buf, sizeof(buf), "%.3fE0",
                        (static_cast<double>(uniform(16001)) - 8000) / 8.0);
          values += buf;
          break;
        }
        case DiffType::kDecimal: {
          static const int64_t kCommon[] = {0, 150, 225, -310, 9999};
          int64_t cents = uniform(100) < 30 ? kCommon[uniform(5)]
                                            : static_cast<int64_t>(uniform(20000001)) - 10000000;
          values += FormatCents(cents);
          break;
        }
        case DiffType::kWideDecimal:
          values += WideDecimalText([&](uint64_t n) { return uniform(n); });
          break;
        case DiffType::kVarchar:
          values += Quote(VarcharPool()[uniform(VarcharPool().size())]);
          break;
        case DiffType::kDate:
          values += DateLiteral(static_cast<int>(uniform(91)));
          break;
        case DiffType::kBoolean:
          values += uniform(2) ? "true" : "false";
          break;
      }
    }
    values += ")";
  }
  std::string select, names;
  for (size_t c = 0; c < table.columns.size(); ++c) {
    const DiffColumn& col = table.columns[c];
    select += (c ? ", CAST(v" : "CAST(v") + std::to_string(c) + " AS " + DiffTypeName(col.type) +
              ") AS " + col.name;
    names += (c ? ", v" : "v") + std::to_string(c);
  }
  return "SELECT " + select + " FROM (VALUES\n" + values + ") AS rows(" + names + ")";
}

QueryGenerator::QueryGenerator(uint64_t seed, std::vector<DiffTable> tables)
    : rng_(seed), tables_(std::move(tables)) {}

std::string QueryGenerator::Alias() { return "x" + std::to_string(++alias_counter_); }

Expr QueryGenerator::Literal(DiffType t) {
  if (Chance(4)) return Same(std::string("CAST(NULL AS ") + DiffTypeName(t) + ")", t);
  switch (t) {
    case DiffType::kBigint: {
      uint64_t p = Uniform(100);
      if (p < 60) return Same(std::to_string(Uniform(10)), t);
      if (p < 90) return Same(std::to_string(10 + Uniform(290)), t);
      if (p < 95) return Same("3000000000", t);  // a bigint literal
      return Same("(-" + std::to_string(Uniform(1000000)) + ")", t);
    }
    case DiffType::kInteger: {
      int64_t v = static_cast<int64_t>(Uniform(121)) - 60;
      return Same(v < 0 ? "(" + std::to_string(v) + ")" : std::to_string(v), t);
    }
    case DiffType::kDouble: {
      char buf[64];
      double v = (static_cast<double>(Uniform(801)) - 400) / 4.0;
      std::snprintf(buf, sizeof(buf), v < 0 ? "(%.2fE0)" : "%.2fE0", v);
      return Same(buf, t);
    }
    case DiffType::kDecimal: {
      static const int64_t kCommon[] = {0, 150, 225, -310, 9999, 5, 100000};
      int64_t cents =
          Chance(50) ? kCommon[Uniform(7)] : static_cast<int64_t>(Uniform(200001)) - 100000;
      std::string text = FormatCents(cents);
      return Same(cents < 0 ? "(" + text + ")" : text, t);
    }
    case DiffType::kWideDecimal: {
      std::string text = WideDecimalText([&](uint64_t n) { return Uniform(n); });
      return Same(text[0] == '-' ? "(" + text + ")" : text, t);
    }
    case DiffType::kVarchar: {
      if (Chance(15)) return Same(Pick(std::vector<std::string>{"'zz'", "'A'", "'a '"}), t);
      return Same(Quote(Pick(VarcharPool())), t);
    }
    case DiffType::kDate:
      return Same(DateLiteral(static_cast<int>(Uniform(152)) - 31), t);
    case DiffType::kBoolean:
      return Same(Chance(50) ? "true" : "false", t);
  }
  return Same("NULL", t);
}

Expr QueryGenerator::Column(const Scope& scope, DiffType t, bool* found) {
  std::vector<std::string> names;
  for (const Relation& r : scope) {
    for (const DiffColumn& c : r.table->columns) {
      if (c.type == t) names.push_back(r.alias + "." + c.name);
    }
  }
  *found = !names.empty();
  if (names.empty()) return Literal(t);
  return Same(Pick(names), t);
}

Expr QueryGenerator::Integral(const Scope& scope, DiffType t, int depth) {
  const bool big = t == DiffType::kBigint;
  // An operand: for bigint results either integral type will do.
  auto operand = [&]() {
    return Scalar(scope, big && Chance(30) ? DiffType::kInteger : t, depth - 1);
  };
  switch (Uniform(big ? 23 : 14)) {
    case 0:
      return Binary(operand(), "+", operand(), t);
    case 1:
      return Binary(operand(), "-", operand(), t);
    case 2:
      return Binary(operand(), "*", Same(std::to_string(Uniform(11)), DiffType::kInteger), t);
    case 3: {
      // Trino's integer division truncates; DuckDB's `/` is a double
      // division, its `//` truncates (and gives NULL for a zero divisor,
      // where Trino fails: divisors are guarded by NULLIF, mostly).
      Expr a = operand(), b = operand();
      const bool guard = !Chance(5);
      std::string div = guard ? "NULLIF(" + b.floe + ", 0)" : b.floe;
      std::string ddiv = guard ? "NULLIF(" + b.duck + ", 0)" : b.duck;
      return Expr{"(" + a.floe + " / " + div + ")", "(" + a.duck + " // " + ddiv + ")", t, false};
    }
    case 4: {
      Expr a = operand(), b = operand();
      return Expr{"(" + a.floe + " % NULLIF(" + b.floe + ", 0))",
                  "(" + a.duck + " % NULLIF(" + b.duck + ", 0))", t, false};
    }
    case 5:
      return Call("abs", {operand()}, t);
    case 6: {
      Expr a = operand();
      return Expr{"(-" + a.floe + ")", "(-" + a.duck + ")", t, a.inexact};
    }
    case 7: {
      Expr c = Predicate(scope, depth - 1), a = operand(), b = operand();
      return Expr{"CASE WHEN " + c.floe + " THEN " + a.floe + " ELSE " + b.floe + " END",
                  "CASE WHEN " + c.duck + " THEN " + a.duck + " ELSE " + b.duck + " END", t, false};
    }
    case 8:
      return Call("coalesce", {operand(), operand()}, t);
    case 9:
      return Call("nullif", {operand(), operand()}, t);
    case 10: {
      // Trino's greatest is NULL when any argument is; DuckDB's skips NULLs.
      Expr a = operand(), b = operand();
      std::string fn = Chance(50) ? "greatest" : "least";
      return Expr{fn + "(" + a.floe + ", " + b.floe + ")",
                  "CASE WHEN " + a.duck + " IS NULL OR " + b.duck + " IS NULL THEN NULL ELSE " +
                      fn + "(" + a.duck + ", " + b.duck + ") END",
                  t, false};
    }
    case 11: {
      // mod(): by zero Trino fails and DuckDB gives NULL, as for %.
      Expr a = operand(), b = operand();
      return Expr{"mod(" + a.floe + ", NULLIF(" + b.floe + ", 0))",
                  "mod(" + a.duck + ", NULLIF(" + b.duck + ", 0))", t, false};
    }
    case 12: {
      // The simple CASE form.
      Expr x = operand();
      Expr e{"CASE " + x.floe, "CASE " + x.duck, t, false};
      const int whens = 1 + static_cast<int>(Uniform(3));
      for (int i = 0; i < whens; ++i) {
        Expr w = Literal(x.type), r = operand();
        e.floe += " WHEN " + w.floe + " THEN " + r.floe;
        e.duck += " WHEN " + w.duck + " THEN " + r.duck;
      }
      if (Chance(60)) {
        Expr r = operand();
        e.floe += " ELSE " + r.floe;
        e.duck += " ELSE " + r.duck;
      }
      e.floe += " END";
      e.duck += " END";
      return e;
    }
    case 13: {
      // TRY_CAST of strings, some of them numbers ('12', '-3', '007').
      Expr a = Scalar(scope, DiffType::kVarchar, depth - 1);
      // DuckDB also reads '1.5' as an integer (rounded); Trino takes only
      // digits with an optional sign, around them whitespace (trimmed).
      return Expr{"TRY_CAST(" + a.floe + " AS " + DiffTypeName(t) + ")",
                  "CASE WHEN regexp_full_match(" + a.duck +
                      ", '\\s*[+-]?[0-9]+\\s*') THEN TRY_CAST(trim(" + a.duck + ") AS " +
                      DiffTypeName(t) + ") END",
                  t, false};
    }
    case 16:
      return Call("length", {Scalar(scope, DiffType::kVarchar, depth - 1)}, t);
    case 17:
      return Call("strpos",
                  {Scalar(scope, DiffType::kVarchar, depth - 1), Literal(DiffType::kVarchar)}, t);
    case 18:
      return Call("sign", {operand()}, t);
    case 19: {
      Expr a = Call(Chance(50) ? "floor" : "ceil", {Scalar(scope, DiffType::kDecimal, depth - 1)},
                    DiffType::kDecimal);
      return Expr{"CAST(" + a.floe + " AS bigint)", "CAST(" + a.duck + " AS bigint)", t, false};
    }
    case 20: {
      // Rarely, a product that may overflow bigint: both engines fail.
      Expr a = operand(), b = operand();
      return Binary(a, "*", b, t);
    }
    case 21: {
      Expr d = Scalar(scope, DiffType::kDate, depth - 1);
      return Call(Pick(std::vector<std::string>{"year", "month", "day"}), {d}, t);
    }
    case 22: {
      Expr a = Scalar(scope, DiffType::kDate, depth - 1),
           b = Scalar(scope, DiffType::kDate, depth - 1);
      return Call("date_diff", {Same("'day'", DiffType::kVarchar), a, b}, t);
    }
    case 14: {
      Expr a = Scalar(scope, DiffType::kInteger, depth - 1);
      return Expr{"CAST(" + a.floe + " AS bigint)", "CAST(" + a.duck + " AS bigint)", t, false};
    }
    case 15: {
      // Both round half away from zero when a decimal becomes an integer.
      Expr a = Scalar(scope, DiffType::kDecimal, depth - 1);
      return Expr{"CAST(" + a.floe + " AS bigint)", "CAST(" + a.duck + " AS bigint)", t, false};
    }
    default: {
      Expr a = operand(), b = operand();
      return Binary(a, "+", b, t);
    }
  }
}

Expr QueryGenerator::Scalar(const Scope& scope, DiffType t, int depth) {
  if (t == DiffType::kBoolean) return Predicate(scope, depth);
  if (depth <= 0 || Chance(35)) {
    bool found = false;
    if (Chance(75)) {
      Expr c = Column(scope, t, &found);
      if (found) return c;
    }
    return Literal(t);
  }
  if (IsIntegral(t)) return Integral(scope, t, depth);
  auto same = [&]() { return Scalar(scope, t, depth - 1); };
  auto case_when = [&]() {
    Expr c = Predicate(scope, depth - 1), a = same(), b = same();
    return Expr{"CASE WHEN " + c.floe + " THEN " + a.floe + " ELSE " + b.floe + " END",
                "CASE WHEN " + c.duck + " THEN " + a.duck + " ELSE " + b.duck + " END", t,
                a.inexact || b.inexact};
  };
  switch (t) {
    case DiffType::kDouble:
      switch (Uniform(9)) {
        case 7: {
          // Mixed: a decimal or an integer with a double is a double.
          Expr a =
              Scalar(scope, Pick(std::vector<DiffType>{DiffType::kDecimal, DiffType::kInteger}),
                     depth - 1);
          return Binary(a, Chance(50) ? "+" : "*", same(), t);
        }
        case 0:
          return Binary(same(), "+", same(), t);
        case 1:
          return Binary(same(), "-", same(), t);
        case 2:
          return Binary(same(), "*", same(), t);
        case 3: {
          Expr a = same(), b = same();
          return Expr{"(" + a.floe + " / NULLIF(" + b.floe + ", 0))",
                      "(" + a.duck + " / NULLIF(" + b.duck + ", 0))", t, false};
        }
        case 4: {
          Expr a = Scalar(scope, Chance(50) ? DiffType::kInteger : DiffType::kBigint, depth - 1);
          return Expr{"CAST(" + a.floe + " AS double)", "CAST(" + a.duck + " AS double)", t, false};
        }
        case 5:
          return case_when();
        default:
          return Call(Chance(50) ? "abs" : "coalesce", {same()}, t);
      }
    case DiffType::kDecimal:
      switch (Uniform(9)) {
        case 7: {
          // Mixed: an integer with a decimal(12,2) is a decimal of scale 2.
          Expr a = Scalar(scope, Chance(50) ? DiffType::kInteger : DiffType::kBigint, depth - 1);
          return Chance(50) ? Binary(a, "+", same(), t) : Binary(same(), "-", a, t);
        }
        case 0:
          return Binary(same(), "+", same(), t);
        case 1:
          return Binary(same(), "-", same(), t);
        case 2:
          return Binary(same(), "*", Same(std::to_string(Uniform(5)), DiffType::kInteger), t);
        case 3:
          return Call("abs", {same()}, t);
        case 4:
          return case_when();
        case 5:
          return Call("coalesce", {same(), same()}, t);
        case 6: {
          // A column only: wider values would overflow decimal(12,2) (an
          // error in both engines, but not one worth comparing).
          bool found = false;
          Expr a = Column(scope, Chance(50) ? DiffType::kInteger : DiffType::kBigint, &found);
          return Expr{"CAST(" + a.floe + " AS decimal(12,2))",
                      "CAST(" + a.duck + " AS decimal(12,2))", t, false};
        }
        default: {
          // Trino's round keeps the decimal's scale; DuckDB's lowers it to
          // the digits kept (which shows in CAST(... AS varchar)).
          Expr a = same();
          std::string digits = std::to_string(Uniform(2));
          return Expr{"round(" + a.floe + ", " + digits + ")",
                      "CAST(round(" + a.duck + ", " + digits + ") AS DECIMAL(38,2))", t, false};
        }
      }
    case DiffType::kWideDecimal:
      switch (Uniform(8)) {
        case 0:
          return Binary(same(), "+", same(), t);
        case 1:
          return Binary(same(), "-", same(), t);
        case 2: {
          // DuckDB keeps a product of 18 digits or fewer in 64 bits (and fails
          // where it overflows); Trino widens decimal(p,s) * integer to p + 10 digits.
          Expr a = same();
          const std::string n = std::to_string(Uniform(5));
          return Expr{"(" + a.floe + " * " + n + ")",
                      "(CAST(" + a.duck + " AS DECIMAL(38,4)) * " + n + ")", t, false};
        }
        case 3:
          return Call("abs", {same()}, t);
        case 4:
          return case_when();
        case 5:
          return Call("coalesce", {same(), same()}, t);
        case 6: {
          Expr a = Scalar(scope, DiffType::kDecimal, depth - 1);
          return Expr{"CAST(" + a.floe + " AS decimal(30,4))",
                      "CAST(" + a.duck + " AS decimal(30,4))", t, false};
        }
        default: {
          Expr a = same();
          std::string digits = std::to_string(Uniform(4));
          return Expr{"round(" + a.floe + ", " + digits + ")",
                      "CAST(round(" + a.duck + ", " + digits + ") AS DECIMAL(38,4))", t, false};
        }
      }
    case DiffType::kVarchar:
      switch (Uniform(12)) {
        case 0:
          return Call("upper", {same()}, t);
        case 1:
          return Call("lower", {same()}, t);
        case 2:
          return Binary(same(), "||", same(), t);
        case 3:
          return Call("substr",
                      {same(), Same("1", DiffType::kInteger),
                       Same(std::to_string(Uniform(3)), DiffType::kInteger)},
                      t);
        case 4:
          return case_when();
        case 5:
          return Call("coalesce", {same(), same()}, t);
        case 6: {
          Expr a = Scalar(
              scope,
              Pick(std::vector<DiffType>{DiffType::kInteger, DiffType::kBigint, DiffType::kDecimal,
                                         DiffType::kWideDecimal, DiffType::kDate}),
              depth - 1);
          return Expr{"CAST(" + a.floe + " AS varchar)", "CAST(" + a.duck + " AS varchar)", t,
                      false};
        }
        case 7:
          return Call(Chance(50) ? "lpad" : "rpad",
                      {same(), Same(std::to_string(Uniform(5)), DiffType::kInteger),
                       Same(Chance(50) ? "'xy'" : "'-'", t)},
                      t);
        case 8:
          return Call("reverse", {same()}, t);
        case 9:
          return Call(Pick(std::vector<std::string>{"trim", "ltrim", "rtrim"}),
                      {Binary(Same("' '", t), "||", Binary(same(), "||", Same("' '", t), t), t)},
                      t);
        default:
          return Call("replace", {same(), Same("'a'", t), Same("'q'", t)}, t);
      }
    case DiffType::kDate:
      switch (Uniform(3)) {
        case 0:
          return case_when();
        case 1:
          return Call("coalesce", {same(), same()}, t);
        default: {
          // Trino's date_add(unit, n, date); DuckDB adds days as integers.
          Expr d = same();
          std::string n = std::to_string(static_cast<int>(Uniform(61)) - 30);
          return Expr{"date_add('day', " + n + ", " + d.floe + ")",
                      "(" + d.duck + " + CAST(" + n + " AS INTEGER))", t, false};
        }
      }
    default:
      return Literal(t);
  }
}

Expr QueryGenerator::Operand(const Scope& scope, DiffType t, int depth) {
  if (Chance(60)) {
    bool found = false;
    Expr c = Column(scope, t, &found);
    if (found) return c;
  }
  return Scalar(scope, t, depth);
}

namespace {

// The value of a numeric literal's text ("(-1.5)", "2.25E0"), for ordering.
double LiteralValue(const std::string& text) {
  std::string s;
  for (char c : text) {
    if (c != '(' && c != ')') s.push_back(c);
  }
  return std::strtod(s.c_str(), nullptr);
}

}  // namespace

Expr QueryGenerator::Comparison(const Scope& scope, int depth) {
  static const std::vector<std::string> kOps = {"=", "<>", "<", "<=", ">", ">="};
  const std::string& op = Pick(kOps);
  switch (Uniform(6)) {
    case 0:
    case 1:
    case 2: {
      static const std::vector<DiffType> kNumeric = {DiffType::kBigint, DiffType::kInteger,
                                                     DiffType::kDouble, DiffType::kDecimal,
                                                     DiffType::kWideDecimal};
      Expr a = Operand(scope, Pick(kNumeric), depth - 1);
      Expr b = Chance(60) ? Literal(Pick(kNumeric)) : Scalar(scope, Pick(kNumeric), depth - 1);
      return Binary(a, op, b, DiffType::kBoolean);
    }
    case 3: {
      Expr a = Operand(scope, DiffType::kVarchar, depth - 1);
      Expr b =
          Chance(60) ? Literal(DiffType::kVarchar) : Scalar(scope, DiffType::kVarchar, depth - 1);
      return Binary(a, op, b, DiffType::kBoolean);
    }
    case 4: {
      Expr a = Operand(scope, DiffType::kDate, depth - 1);
      Expr b = Chance(60) ? Literal(DiffType::kDate) : Scalar(scope, DiffType::kDate, depth - 1);
      return Binary(a, op, b, DiffType::kBoolean);
    }
    default: {
      bool found = false;
      Expr a = Column(scope, DiffType::kBoolean, &found);
      return Binary(a, Chance(50) ? "=" : "<>", Literal(DiffType::kBoolean), DiffType::kBoolean);
    }
  }
}

Expr QueryGenerator::Predicate(const Scope& scope, int depth) {
  static const std::vector<DiffType> kAny = {
      DiffType::kBigint,      DiffType::kInteger, DiffType::kDouble, DiffType::kDecimal,
      DiffType::kWideDecimal, DiffType::kVarchar, DiffType::kDate};
  if (depth <= 0) return Comparison(scope, 0);
  switch (Uniform(12)) {
    case 0:
    case 1:
    case 2:
      return Comparison(scope, depth);
    case 3: {
      Expr a = Scalar(scope, Pick(kAny), depth - 1);
      std::string is = Chance(50) ? " IS NULL" : " IS NOT NULL";
      return Expr{"(" + a.floe + is + ")", "(" + a.duck + is + ")", DiffType::kBoolean, false};
    }
    case 4: {
      DiffType t = Pick(kAny);
      Expr a = Operand(scope, t, depth - 1), lo = Literal(t), hi = Literal(t);
      // Mostly lo <= hi (as text for dates and strings: close enough).
      const bool swap =
          IsNumeric(t) ? LiteralValue(lo.floe) > LiteralValue(hi.floe) : lo.floe > hi.floe;
      if (swap && Chance(85)) std::swap(lo, hi);
      std::string nt = Chance(25) ? " NOT" : "";
      return Expr{"(" + a.floe + nt + " BETWEEN " + lo.floe + " AND " + hi.floe + ")",
                  "(" + a.duck + nt + " BETWEEN " + lo.duck + " AND " + hi.duck + ")",
                  DiffType::kBoolean, false};
    }
    case 5: {
      DiffType t = Pick(kAny);
      Expr a = Scalar(scope, t, depth - 1);
      std::string nt = Chance(30) ? " NOT IN (" : " IN (";
      std::string list;
      // Now and then a long list.
      int n = Chance(10) ? 10 + static_cast<int>(Uniform(30)) : 1 + static_cast<int>(Uniform(4));
      for (int i = 0; i < n; ++i) list += (i ? ", " : "") + Literal(t).floe;
      return Expr{"(" + a.floe + nt + list + "))", "(" + a.duck + nt + list + "))",
                  DiffType::kBoolean, false};
    }
    case 6: {
      static const std::vector<std::string> kPatterns = {"'a%'", "'%b'", "'%b%'", "'_'",  "'a_c'",
                                                         "'%'",  "''",   "'A%'",  "'%y'", "'a%b'"};
      static const std::vector<std::string> kEscaped = {"'a!%b'", "'a!_c'", "'%!%%'", "'!_%'"};
      Expr a = Scalar(scope, DiffType::kVarchar, depth - 1);
      if (Chance(15)) {
        Expr p = Literal(DiffType::kVarchar);
        return Call("starts_with", {a, p}, DiffType::kBoolean);
      }
      std::string like = (Chance(25) ? " NOT LIKE " : " LIKE ") +
                         (Chance(20) ? Pick(kEscaped) + " ESCAPE '!'" : Pick(kPatterns));
      return Expr{"(" + a.floe + like + ")", "(" + a.duck + like + ")", DiffType::kBoolean, false};
    }
    case 7: {
      Expr a = Predicate(scope, depth - 1);
      return Expr{"(NOT " + a.floe + ")", "(NOT " + a.duck + ")", DiffType::kBoolean, false};
    }
    case 8:
      return Binary(Predicate(scope, depth - 1), "AND", Predicate(scope, depth - 1),
                    DiffType::kBoolean);
    case 9:
      return Binary(Predicate(scope, depth - 1), "OR", Predicate(scope, depth - 1),
                    DiffType::kBoolean);
    case 10: {
      DiffType t = Pick(kAny);
      Expr a = Scalar(scope, t, depth - 1), b = Scalar(scope, t, depth - 1);
      return Binary(a, Chance(50) ? "IS DISTINCT FROM" : "IS NOT DISTINCT FROM", b,
                    DiffType::kBoolean);
    }
    default: {
      bool found = false;
      Expr f = Column(scope, DiffType::kBoolean, &found);
      if (found) return f;
      return Comparison(scope, depth);
    }
  }
}

Expr QueryGenerator::Aggregate(const Scope& scope, DiffType* type) {
  static const std::vector<DiffType> kNumeric = {DiffType::kBigint, DiffType::kInteger,
                                                 DiffType::kDouble, DiffType::kDecimal,
                                                 DiffType::kWideDecimal};
  static const std::vector<DiffType> kOrderable = {
      DiffType::kBigint,      DiffType::kInteger, DiffType::kDouble, DiffType::kDecimal,
      DiffType::kWideDecimal, DiffType::kVarchar, DiffType::kDate};
  Expr e;
  switch (Uniform(10)) {
    case 0:
      e = Same("count(*)", DiffType::kBigint);
      break;
    case 1:
      e = Call("count", {Scalar(scope, Pick(kOrderable), 1)}, DiffType::kBigint);
      break;
    case 2: {
      Expr a = Scalar(scope, Pick(kOrderable), 1);
      e = Expr{"count(DISTINCT " + a.floe + ")", "count(DISTINCT " + a.duck + ")",
               DiffType::kBigint, false};
      break;
    }
    case 3: {
      Expr a = Scalar(scope, Pick(kNumeric), 1);
      // sum of integers is bigint in Trino (HUGEINT in DuckDB); of doubles
      // it depends on the order of addition.
      DiffType t = IsIntegral(a.type) ? DiffType::kBigint : a.type;
      e = Call("sum", {a}, t);
      e.inexact = a.inexact || t == DiffType::kDouble;
      break;
    }
    case 4: {
      // avg: double for integers and doubles in both; for decimals Trino
      // keeps the decimal type (rounded half up) while DuckDB gives a double,
      // compared to within half a unit of the last decimal place.
      Expr a = Scalar(scope, Pick(kNumeric), 1);
      e = Call("avg", {a}, IsDecimal(a.type) ? a.type : DiffType::kDouble);
      e.inexact = true;
      break;
    }
    case 5:
    case 6: {
      Expr a = Scalar(scope, Pick(kOrderable), 1);
      e = Call(Chance(50) ? "min" : "max", {a}, a.type);
      break;
    }
    case 7: {
      // Trino's count_if counts (0 without rows); DuckDB's is a sum (NULL).
      Expr p = Predicate(scope, 1);
      e = Expr{"count_if(" + p.floe + ")", "count(CASE WHEN " + p.duck + " THEN 1 END)",
               DiffType::kBigint, false};
      break;
    }
    case 8:
      e = Call(Chance(50) ? "bool_and" : "bool_or", {Predicate(scope, 1)}, DiffType::kBoolean);
      break;
    default: {
      Expr a = Scalar(scope, DiffType::kDouble, 1);
      e = Call(Pick(std::vector<std::string>{"stddev", "variance", "stddev_pop", "var_pop"}), {a},
               DiffType::kDouble);
      e.inexact = true;
      break;
    }
  }
  if (Chance(12)) {
    Expr p = Predicate(scope, 1);
    e.floe += " FILTER (WHERE " + p.floe + ")";
    e.duck += " FILTER (WHERE " + p.duck + ")";
  }
  *type = e.type;
  return e;
}

Expr QueryGenerator::AggregatePredicate(const Scope& scope) {
  DiffType t;
  Expr a = Aggregate(scope, &t);
  for (int i = 0; i < 4 && a.inexact; ++i) a = Aggregate(scope, &t);
  if (a.inexact) {
    a = Same("count(*)", DiffType::kBigint);
    t = DiffType::kBigint;
  }
  static const std::vector<std::string> kOps = {"=", "<>", "<", "<=", ">", ">="};
  Expr b = t == DiffType::kBoolean ? Literal(DiffType::kBoolean)
           : IsNumeric(t)          ? Literal(Chance(50) ? DiffType::kInteger : t)
                                   : Literal(t);
  Expr p = Binary(a, t == DiffType::kBoolean ? "=" : Pick(kOps), b, DiffType::kBoolean);
  if (Chance(25)) {
    Expr q = AggregatePredicate(scope);
    p = Binary(p, Chance(50) ? "AND" : "OR", q, DiffType::kBoolean);
  }
  return p;
}

Expr QueryGenerator::SubqueryPredicate(const Scope& scope) {
  // Columns by class, for IN and correlation: integral, decimal, varchar, date.
  struct Ref {
    std::string name;
    DiffType type;
  };
  auto klass = [](DiffType t) {
    return IsIntegral(t) ? DiffType::kBigint : IsDecimal(t) ? DiffType::kDecimal : t;
  };
  std::vector<Ref> outer;
  for (const Relation& r : scope) {
    for (const DiffColumn& c : r.table->columns) {
      if (c.type != DiffType::kDouble && c.type != DiffType::kBoolean) {
        outer.push_back({r.alias + "." + c.name, c.type});
      }
    }
  }
  const DiffTable* inner = &tables_[Uniform(tables_.size())];
  const std::string alias = Alias();
  Scope inner_scope = {{alias, inner}};
  std::vector<Ref> inner_cols;
  for (const DiffColumn& c : inner->columns) inner_cols.push_back({alias + "." + c.name, c.type});
  auto matching = [&](const Ref& o) {
    std::vector<Ref> m;
    for (const Ref& i : inner_cols) {
      if (klass(i.type) == klass(o.type)) m.push_back(i);
    }
    return m;
  };
  std::vector<std::pair<Ref, Ref>> pairs;
  for (const Ref& o : outer) {
    for (const Ref& i : matching(o)) pairs.push_back({o, i});
  }
  auto inner_where = [&](const std::string& correlation) {
    Expr w{"", "", DiffType::kBoolean, false};
    if (!correlation.empty()) w = Same(correlation, DiffType::kBoolean);
    if (Chance(60)) {
      Expr p = Predicate(inner_scope, 1);
      w = w.floe.empty() ? p : Binary(w, "AND", p, DiffType::kBoolean);
    }
    if (subquery_depth_ < 2 && Chance(15)) {
      // A subquery inside the subquery.
      ++subquery_depth_;
      Expr p = SubqueryPredicate(inner_scope);
      --subquery_depth_;
      w = w.floe.empty() ? p : Binary(w, "AND", p, DiffType::kBoolean);
    }
    return w.floe.empty() ? Same("", DiffType::kBoolean)
                          : Expr{" WHERE " + w.floe, " WHERE " + w.duck, DiffType::kBoolean, false};
  };
  static const std::vector<std::string> kOps = {"=", "<>", "<", "<=", ">", ">="};
  const std::string from = " FROM " + inner->name + " " + alias;
  uint64_t kind = pairs.empty() ? 2 : Uniform(4);
  if (kind == 0) {
    // [NOT] IN (SELECT ...)
    const auto& [o, i] = Pick(pairs);
    Expr w = inner_where("");
    std::string in = Chance(35) ? " NOT IN " : " IN ";
    std::string more;
    if (Chance(15) && (klass(i.type) == DiffType::kBigint || i.type == DiffType::kVarchar)) {
      // A set operation as the subquery.
      const std::string za = Alias();
      more = std::string(Chance(50) ? " UNION SELECT " : " UNION ALL SELECT ") + za +
             (i.type == DiffType::kVarchar ? ".label" : ".k3") + " FROM t3 " + za;
    }
    return Expr{o.name + in + "(SELECT " + i.name + from + w.floe + more + ")",
                o.name + in + "(SELECT " + i.name + from + w.duck + more + ")", DiffType::kBoolean,
                false};
  }
  if (kind == 1) {
    // [NOT] EXISTS, correlated on an equality.
    const auto& [o, i] = Pick(pairs);
    std::string correlation = i.name + " = " + o.name;
    if (Chance(20)) {
      // Two correlated equalities.
      const auto& [o2, i2] = Pick(pairs);
      correlation += " AND " + o2.name + " = " + i2.name;
    }
    Expr w = inner_where(correlation);
    std::string ex = Chance(35) ? "NOT EXISTS " : "EXISTS ";
    return Expr{ex + "(SELECT 1" + from + w.floe + ")", ex + "(SELECT 1" + from + w.duck + ")",
                DiffType::kBoolean, false};
  }
  // A scalar subquery compared with an outer expression: uncorrelated, or
  // correlated on an equality. Exact aggregates only: the comparison must not
  // hinge on the last bits of a double.
  const bool correlated = kind == 3;
  std::string correlation;
  if (correlated) {
    const auto& [o, i] = Pick(pairs);
    correlation = i.name + " = " + o.name;
  }
  Expr agg;
  DiffType t;
  switch (Uniform(4)) {
    case 0:
      agg = Same("count(*)", DiffType::kBigint);
      break;
    case 1: {
      Expr a = Scalar(inner_scope, Chance(50) ? DiffType::kInteger : DiffType::kDecimal, 1);
      agg = Call("sum", {a}, a.type == DiffType::kDecimal ? DiffType::kDecimal : DiffType::kBigint);
      break;
    }
    default: {
      static const std::vector<DiffType> kOrderable = {DiffType::kBigint,  DiffType::kInteger,
                                                       DiffType::kDecimal, DiffType::kWideDecimal,
                                                       DiffType::kVarchar, DiffType::kDate};
      Expr a = Scalar(inner_scope, Pick(kOrderable), 1);
      agg = Call(Chance(50) ? "min" : "max", {a}, a.type);
      break;
    }
  }
  t = agg.type;
  Expr w = inner_where(correlation);
  Expr lhs = Scalar(scope,
                    IsNumeric(t) ? Pick(std::vector<DiffType>{DiffType::kBigint, DiffType::kInteger,
                                                              DiffType::kDecimal})
                                 : t,
                    1);
  const std::string& op = Pick(kOps);
  return Expr{lhs.floe + " " + op + " (SELECT " + agg.floe + from + w.floe + ")",
              lhs.duck + " " + op + " (SELECT " + agg.duck + from + w.duck + ")",
              DiffType::kBoolean, false};
}

QueryGenerator::FromClause QueryGenerator::From(Scope* scope) {
  // Joinable column pairs between tables: t1.a, t2.k and t3.k3 share keys;
  // t1.b ~ t2.n, t1.s ~ t2.s2 ~ t3.label and t1.dt ~ t2.dt2 share values too.
  const DiffTable* t3 = &tables_[2];
  static const std::vector<std::vector<std::string>> kEdges = {
      {"0", "1", "a", "k"},    {"0", "1", "a", "k"}, {"0", "2", "a", "k3"},
      {"1", "2", "k", "k3"},   {"0", "1", "b", "n"}, {"0", "1", "s", "s2"},
      {"0", "1", "dt", "dt2"}, {"0", "0", "a", "a"}, {"0", "2", "s", "label"},
      {"1", "1", "k", "k"},    {"0", "1", "b", "k"}, {"0", "1", "d", "n"},
      {"0", "1", "c", "n"},    {"0", "1", "a", "m"}, {"1", "1", "m", "big"},
      {"0", "1", "d", "big"}};  // the last ones join keys of different types
  auto table = [&](const std::string& i) { return &tables_[std::stoi(i)]; };
  const uint64_t shape = Uniform(10);
  if (shape < 3) {
    const DiffTable* t = &tables_[Uniform(2) == 0 ? 0 : Uniform(tables_.size())];
    std::string alias = Alias();
    scope->push_back({alias, t});
    return {t->name + " " + alias, t->name + " " + alias, false};
  }
  const auto& e = Pick(kEdges);
  const DiffTable* l = table(e[0]);
  const DiffTable* r = table(e[1]);
  std::string la = Alias(), ra = Alias();
  scope->push_back({la, l});
  scope->push_back({ra, r});
  std::string lkey = la + "." + e[2];
  if (Chance(15)) {
    // A key computed from the column.
    DiffType lt = DiffType::kBigint;
    for (const DiffColumn& c : l->columns) {
      if (c.name == e[2]) lt = c.type;
    }
    if (IsNumeric(lt)) lkey = "(" + lkey + " + 1)";
    if (lt == DiffType::kVarchar) lkey = "lower(" + lkey + ")";
  }
  std::string on = lkey + " = " + ra + "." + e[3];
  std::string fl = l->name + " " + la, fd = fl;
  if (shape == 3) {
    // A comma join: the condition goes to WHERE.
    fl += ", " + r->name + " " + ra + " WHERE " + on;
    return {fl, fl, true};
  }
  if (shape == 4 && (r == t3 || l == t3)) {
    fl += " CROSS JOIN " + r->name + " " + ra;
    return {fl, fl, false};
  }
  static const std::vector<std::string> kJoins = {" JOIN ",           " JOIN ",      " LEFT JOIN ",
                                                  " RIGHT JOIN ",     " FULL JOIN ", " INNER JOIN ",
                                                  " LEFT OUTER JOIN "};
  const std::string& join = Pick(kJoins);
  Expr cond = Same(on, DiffType::kBoolean);
  if (Chance(25)) {
    Expr extra = Predicate(*scope, 1);
    cond = Binary(cond, "AND", extra, DiffType::kBoolean);
  } else if (Chance(10)) {
    // A disjunction: no equi-join keys (a nested-loop join, outer ones too).
    Expr extra = Predicate(*scope, 1);
    cond = Binary(cond, "OR", extra, DiffType::kBoolean);
  } else if (Chance(8) && join == " JOIN ") {
    cond = Binary(Scalar(*scope, DiffType::kInteger, 0), "<", Scalar(*scope, DiffType::kInteger, 0),
                  DiffType::kBoolean);
    cond = Binary(Same(on, DiffType::kBoolean), "AND", cond, DiffType::kBoolean);
  }
  fl += join + r->name + " " + ra + " ON " + cond.floe;
  fd += join + r->name + " " + ra + " ON " + cond.duck;
  if (shape >= 8 && r != t3 && l != t3) {
    // A third table, keyed by k3.
    std::string za = Alias();
    std::string key = Chance(50) ? la + "." + e[2] : ra + "." + e[3];
    const DiffColumn* kc = nullptr;
    for (const Relation& rel : *scope) {
      for (const DiffColumn& c : rel.table->columns) {
        if (rel.alias + "." + c.name == key) kc = &c;
      }
    }
    if (kc != nullptr && (kc->type == DiffType::kBigint || kc->type == DiffType::kVarchar)) {
      const std::string j = Chance(50) ? " LEFT JOIN " : " JOIN ";
      const std::string on3 = key + " = " + za + (kc->type == DiffType::kBigint ? ".k3" : ".label");
      fl += j + t3->name + " " + za + " ON " + on3;
      fd += j + t3->name + " " + za + " ON " + on3;
      scope->push_back({za, t3});
    }
  }
  return {fl, fd, false};
}

void QueryGenerator::AppendOrderBy(size_t columns, bool limit, std::string* floe,
                                   std::string* duck) {
  // ORDER BY every output column (by ordinal, in a random order), so that
  // the order is total up to identical rows. Trino puts NULLs last in
  // both directions unless told; DuckDB is always told.
  std::vector<size_t> order(columns);
  for (size_t i = 0; i < order.size(); ++i) order[i] = i + 1;
  for (size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[Uniform(i)]);
  *floe += " ORDER BY ";
  *duck += " ORDER BY ";
  for (size_t i = 0; i < order.size(); ++i) {
    const bool desc = Chance(40);
    const int nulls = static_cast<int>(Uniform(4));  // 0, 1: default; 2: FIRST; 3: LAST
    std::string item = std::to_string(order[i]) + (desc ? " DESC" : (Chance(30) ? " ASC" : ""));
    *floe += (i ? ", " : "") + item +
             (nulls == 2   ? " NULLS FIRST"
              : nulls == 3 ? " NULLS LAST"
                           : "");
    *duck += (i ? ", " : "") + std::to_string(order[i]) + (desc ? " DESC" : " ASC") +
             (nulls == 2 ? " NULLS FIRST" : " NULLS LAST");
  }
  if (!limit) return;
  static const std::vector<int> kLimits = {0, 1, 2, 3, 3, 5, 5, 10, 10, 50, 50, 1000};
  const int n = Pick(kLimits);
  if (Chance(25)) {
    const int offset = static_cast<int>(Uniform(5));
    *floe += " OFFSET " + std::to_string(offset) + " LIMIT " + std::to_string(n);
    *duck += " LIMIT " + std::to_string(n) + " OFFSET " + std::to_string(offset);
  } else {
    *floe += " LIMIT " + std::to_string(n);
    *duck += " LIMIT " + std::to_string(n);
  }
}

GeneratedQuery QueryGenerator::Finish(const std::vector<Expr>& outputs, std::string floe,
                                      std::string duck, bool allow_limit) {
  GeneratedQuery q;
  bool inexact = false;
  for (const Expr& e : outputs) inexact = inexact || e.inexact;
  if (Chance(45)) {
    q.ordered = !inexact;
    AppendOrderBy(outputs.size(), q.ordered && allow_limit && Chance(60), &floe, &duck);
  }
  q.floe_sql = std::move(floe);
  q.duckdb_sql = std::move(duck);
  return q;
}

namespace {

// "SELECT e0 AS c0, e1 AS c1" in both dialects.
std::pair<std::string, std::string> SelectList(const std::vector<Expr>& outputs, size_t first = 0) {
  std::string f, d;
  for (size_t i = 0; i < outputs.size(); ++i) {
    const std::string as = " AS c" + std::to_string(first + i);
    f += (i ? ", " : "") + outputs[i].floe + as;
    d += (i ? ", " : "") + outputs[i].duck + as;
  }
  return {f, d};
}

const std::vector<DiffType>& AllTypes() {
  static const std::vector<DiffType> kAll = {
      DiffType::kBigint,      DiffType::kInteger, DiffType::kDouble, DiffType::kDecimal,
      DiffType::kWideDecimal, DiffType::kVarchar, DiffType::kDate,   DiffType::kBoolean};
  return kAll;
}

}  // namespace

GeneratedQuery QueryGenerator::SelectQuery() {
  Scope scope;
  FromClause from = From(&scope);
  std::vector<Expr> outputs;
  const bool star = Chance(5);
  if (star) {
    for (const Relation& r : scope) {
      for (const DiffColumn& c : r.table->columns)
        outputs.push_back(Same(r.alias + "." + c.name, c.type));
    }
  } else {
    const int n = 1 + static_cast<int>(Uniform(4));
    for (int i = 0; i < n; ++i) outputs.push_back(Scalar(scope, Pick(AllTypes()), 2));
    if (Chance(10)) {
      // Decimal division: Trino's result keeps a decimal scale, rounded half
      // up; DuckDB's is a double. An output only, compared to within half a
      // unit in floe's last place.
      Expr a = Scalar(scope, DiffType::kDecimal, 1);
      Expr b =
          Scalar(scope, Pick(std::vector<DiffType>{DiffType::kDecimal, DiffType::kInteger}), 1);
      outputs.push_back(Expr{"(" + a.floe + " / NULLIF(" + b.floe + ", 0))",
                             "CAST(" + a.duck + " AS DOUBLE) / NULLIF(" + b.duck + ", 0)",
                             DiffType::kDecimal, true});
    }
  }
  if (!star && Chance(10)) {
    // A correlated scalar subquery in the select list.
    for (const Relation& r : scope) {
      for (const DiffColumn& c : r.table->columns) {
        if (c.type == DiffType::kBigint && outputs.size() < 5) {
          const std::string alias = Alias();
          const std::string sub = "(SELECT count(*) FROM t3 " + alias + " WHERE " + alias +
                                  ".k3 = " + r.alias + "." + c.name + ")";
          outputs.push_back(Same(sub, DiffType::kBigint));
        }
      }
    }
  }
  auto [fl, dk] = SelectList(outputs);
  if (star) fl = dk = "*";
  // DISTINCT over values that differ in their last bits between the engines
  // would keep different numbers of rows.
  bool inexact = false;
  for (const Expr& e : outputs) inexact = inexact || e.inexact;
  const std::string distinct = !inexact && Chance(20) ? "DISTINCT " : "";
  std::string f = "SELECT " + distinct + fl + " FROM " + from.floe;
  std::string d = "SELECT " + distinct + dk + " FROM " + from.duck;
  std::vector<Expr> where;
  if (Chance(65)) where.push_back(Predicate(scope, 2));
  if (Chance(25)) where.push_back(SubqueryPredicate(scope));
  for (size_t i = 0; i < where.size(); ++i) {
    const bool first = i == 0 && !from.has_where;
    f += (first ? " WHERE " : " AND ") + where[i].floe;
    d += (first ? " WHERE " : " AND ") + where[i].duck;
  }
  return Finish(outputs, f, d, true);
}

GeneratedQuery QueryGenerator::AggregateQuery() {
  Scope scope;
  FromClause from = From(&scope);
  std::vector<Expr> keys, outputs;
  const int nkeys = static_cast<int>(Uniform(4));
  for (int i = 0; i < nkeys; ++i) {
    DiffType t = Pick(AllTypes());
    bool found = false;
    Expr k = Chance(60) ? Column(scope, t, &found) : Scalar(scope, t, 1);
    keys.push_back(k);
    outputs.push_back(k);
  }
  const int naggs = 1 + static_cast<int>(Uniform(3));
  for (int i = 0; i < naggs; ++i) {
    DiffType t;
    outputs.push_back(Aggregate(scope, &t));
  }
  auto [fl, dk] = SelectList(outputs);
  std::string f = "SELECT " + fl + " FROM " + from.floe;
  std::string d = "SELECT " + dk + " FROM " + from.duck;
  std::vector<Expr> where;
  if (Chance(60)) where.push_back(Predicate(scope, 2));
  if (Chance(15)) where.push_back(SubqueryPredicate(scope));
  for (size_t i = 0; i < where.size(); ++i) {
    const bool first = i == 0 && !from.has_where;
    f += (first ? " WHERE " : " AND ") + where[i].floe;
    d += (first ? " WHERE " : " AND ") + where[i].duck;
  }
  if (!keys.empty()) {
    // A key written as a bare integer literal would read as an ordinal.
    bool ordinals = Chance(50);
    for (const Expr& k : keys) {
      ordinals = ordinals || k.floe.find_first_not_of("0123456789()-") == std::string::npos;
    }
    f += " GROUP BY ";
    d += " GROUP BY ";
    for (size_t i = 0; i < keys.size(); ++i) {
      f += (i ? ", " : "") + (ordinals ? std::to_string(i + 1) : keys[i].floe);
      d += (i ? ", " : "") + (ordinals ? std::to_string(i + 1) : keys[i].duck);
    }
  }
  if (Chance(keys.empty() ? 5 : 30)) {
    Expr h = AggregatePredicate(scope);
    f += " HAVING " + h.floe;
    d += " HAVING " + h.duck;
  }
  return Finish(outputs, f, d, true);
}

GeneratedQuery QueryGenerator::SetOperationQuery() {
  std::vector<DiffType> types;
  const int ncols = 1 + static_cast<int>(Uniform(2));
  for (int i = 0; i < ncols; ++i) types.push_back(Pick(AllTypes()));
  auto operand = [&](std::vector<Expr>* outs) {
    Scope scope;
    FromClause from = From(&scope);
    std::vector<Expr> cols;
    for (DiffType t : types) cols.push_back(Scalar(scope, t, 1));
    auto [fl, dk] = SelectList(cols);
    std::string f = "SELECT " + fl + " FROM " + from.floe;
    std::string d = "SELECT " + dk + " FROM " + from.duck;
    if (Chance(70)) {
      Expr p = Predicate(scope, 2);
      f += (from.has_where ? " AND " : " WHERE ") + p.floe;
      d += (from.has_where ? " AND " : " WHERE ") + p.duck;
    }
    if (outs->empty()) *outs = cols;
    for (size_t i = 0; i < cols.size(); ++i) (*outs)[i].inexact |= cols[i].inexact;
    return std::pair<std::string, std::string>{f, d};
  };
  std::vector<Expr> outputs;
  auto [f, d] = operand(&outputs);
  const int n = 1 + (Chance(25) ? 1 : 0);
  static const std::vector<std::string> kOps = {" UNION ",     " UNION ALL ",     " INTERSECT ",
                                                " EXCEPT ",    " UNION DISTINCT ", " INTERSECT ALL ",
                                                " EXCEPT ALL "};
  for (int i = 0; i < n; ++i) {
    const std::string& op = Pick(kOps);
    auto [rf, rd] = operand(&outputs);
    f += op + rf;
    d += op + rd;
  }
  return Finish(outputs, f, d, true);
}

GeneratedQuery QueryGenerator::DerivedTableQuery() {
  // The inner query: a grouped aggregate with exact results, seen by the
  // outer query as a table of known column types.
  Scope inner;
  FromClause from = From(&inner);
  auto derived = std::make_unique<DiffTable>();
  derived->name = "q";
  std::vector<Expr> cols;
  std::vector<Expr> keys;
  // Or a top-N: rows in a total order, the first n of them.
  const bool top_n = Chance(30);
  const int nkeys = top_n ? 0 : 1 + static_cast<int>(Uniform(2));
  for (int i = 0; top_n && i < 1 + static_cast<int>(Uniform(3)); ++i) {
    cols.push_back(Scalar(inner, Pick(AllTypes()), 1));
  }
  for (int i = 0; i < nkeys; ++i) {
    bool found = false;
    Expr k = Column(inner,
                    Pick(std::vector<DiffType>{DiffType::kBigint, DiffType::kVarchar,
                                               DiffType::kDate, DiffType::kInteger}),
                    &found);
    keys.push_back(k);
    cols.push_back(k);
  }
  const int naggs = top_n ? 0 : 1 + static_cast<int>(Uniform(3));
  for (int i = 0; i < naggs; ++i) {
    DiffType t;
    Expr a = Aggregate(inner, &t);
    for (int tries = 0; tries < 4 && a.inexact; ++tries) a = Aggregate(inner, &t);
    if (a.inexact) a = Same("count(*)", DiffType::kBigint);
    cols.push_back(a);
  }
  for (size_t i = 0; i < cols.size(); ++i)
    derived->columns.push_back({"g" + std::to_string(i), cols[i].type});
  std::string f = "SELECT ", d = "SELECT ";
  for (size_t i = 0; i < cols.size(); ++i) {
    f += (i ? ", " : "") + cols[i].floe + " AS g" + std::to_string(i);
    d += (i ? ", " : "") + cols[i].duck + " AS g" + std::to_string(i);
  }
  f += " FROM " + from.floe;
  d += " FROM " + from.duck;
  if (Chance(50)) {
    Expr p = Predicate(inner, 1);
    f += (from.has_where ? " AND " : " WHERE ") + p.floe;
    d += (from.has_where ? " AND " : " WHERE ") + p.duck;
  }
  if (top_n) {
    AppendOrderBy(cols.size(), true, &f, &d);
  } else {
    f += " GROUP BY ";
    d += " GROUP BY ";
    for (size_t i = 0; i < keys.size(); ++i) {
      f += (i ? ", " : "") + std::to_string(i + 1);
      d += (i ? ", " : "") + std::to_string(i + 1);
    }
  }
  const DiffTable* q = derived.get();
  derived_.clear();
  derived_.push_back(std::move(derived));

  Scope scope;
  const std::string qa = Alias();
  scope.push_back({qa, q});
  const bool with = Chance(50);
  std::string of = with ? "WITH q AS (" + f + ") SELECT " : "SELECT ";
  std::string od = with ? "WITH q AS (" + d + ") SELECT " : "SELECT ";
  std::string source_f = with ? "q " + qa : "(" + f + ") " + qa;
  std::string source_d = with ? "q " + qa : "(" + d + ") " + qa;
  if (q->columns[0].type == DiffType::kBigint && Chance(40)) {
    const std::string za = Alias();
    const std::string j =
        (Chance(50) ? " LEFT JOIN t3 " : " JOIN t3 ") + za + " ON " + qa + ".g0 = " + za + ".k3";
    source_f += j;
    source_d += j;
    scope.push_back({za, &tables_[2]});
  } else if (with && Chance(25)) {
    // The CTE twice: joined with itself on its first column.
    const std::string qb = Alias();
    const std::string j =
        (Chance(50) ? " LEFT JOIN q " : " JOIN q ") + qb + " ON " + qa + ".g0 = " + qb + ".g0";
    source_f += j;
    source_d += j;
    scope.push_back({qb, q});
  }
  std::vector<Expr> outputs;
  const int n = 1 + static_cast<int>(Uniform(3));
  for (int i = 0; i < n; ++i) outputs.push_back(Scalar(scope, Pick(q->columns).type, 1));
  auto [fl, dk] = SelectList(outputs);
  of += fl + " FROM " + source_f;
  od += dk + " FROM " + source_d;
  if (Chance(70)) {
    Expr p = Predicate(scope, 2);
    of += " WHERE " + p.floe;
    od += " WHERE " + p.duck;
  }
  return Finish(outputs, of, od, true);
}

GeneratedQuery QueryGenerator::Next() {
  alias_counter_ = 0;
  const uint64_t kind = Uniform(100);
  if (kind < 35) return SelectQuery();
  if (kind < 75) return AggregateQuery();
  if (kind < 87) return SetOperationQuery();
  return DerivedTableQuery();
}

}  // namespace floe::sql
