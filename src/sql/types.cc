#include "sql/types.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>

#include "common/str_cat.h"
#include "common/utf8.h"
#include "sql/session_time.h"

namespace floe::sql {

using columnar::TypeId;

LogicalType UnknownType() { return LogicalType(); }
bool IsUnknown(const LogicalType& t) { return t.id() == TypeId::kInvalid; }

bool IsIntegral(const LogicalType& t) {
  switch (t.id()) {
    case TypeId::kTinyInt:
    case TypeId::kSmallInt:
    case TypeId::kInteger:
    case TypeId::kBigInt:
      return true;
    default:
      return false;
  }
}

bool IsNumeric(const LogicalType& t) {
  return IsIntegral(t) || t.id() == TypeId::kDecimal || t.id() == TypeId::kReal ||
         t.id() == TypeId::kDouble;
}

bool IsOrderable(const LogicalType& t) {
  switch (t.id()) {
    case TypeId::kMap:
      return false;
    case TypeId::kList:
      return IsOrderable(t.element());
    case TypeId::kStruct:
      for (const auto& f : t.fields()) {
        if (!IsOrderable(f.type)) return false;
      }
      return true;
    default:
      return true;
  }
}

std::string TypeName(const LogicalType& t) { return IsUnknown(t) ? "unknown" : t.ToString(); }

namespace {

// Rank of the integral types, narrowest first.
int IntegralRank(TypeId id) {
  switch (id) {
    case TypeId::kTinyInt:
      return 1;
    case TypeId::kSmallInt:
      return 2;
    case TypeId::kInteger:
      return 3;
    case TypeId::kBigInt:
      return 4;
    default:
      return 0;
  }
}

int DecimalDigits(TypeId id) {
  switch (id) {
    case TypeId::kTinyInt:
      return 3;
    case TypeId::kSmallInt:
      return 5;
    case TypeId::kInteger:
      return 10;
    case TypeId::kBigInt:
      return 19;
    default:
      return 0;
  }
}

LogicalType Decimal(int precision, int scale) {
  precision = std::clamp(precision, 1, 38);
  scale = std::clamp(scale, 0, precision);
  return LogicalType::Decimal(precision, scale);
}

}  // namespace

LogicalType AsDecimal(const LogicalType& t) {
  if (IsIntegral(t)) return LogicalType::Decimal(DecimalDigits(t.id()), 0);
  return t;
}

Result<LogicalType> ResolveType(const TypeSyntax& s) {
  const std::string& n = s.name;
  auto params = [&](size_t most) -> Status {
    if (s.parameters.size() > most) {
      return Status::Invalid("type ", s.ToSql(), " takes at most ", most, " parameter",
                             most == 1 ? "" : "s");
    }
    return Status::OK();
  };
  auto no_params = [&]() { return params(0); };
  struct Simple {
    const char* name;
    LogicalType type;
  };
  const Simple simple[] = {{"boolean", LogicalType::Boolean()},
                           {"tinyint", LogicalType::TinyInt()},
                           {"smallint", LogicalType::SmallInt()},
                           {"integer", LogicalType::Integer()},
                           {"int", LogicalType::Integer()},
                           {"bigint", LogicalType::BigInt()},
                           {"real", LogicalType::Real()},
                           {"double", LogicalType::Double()},
                           {"date", LogicalType::Date()},
                           {"varbinary", LogicalType::Varbinary()},
                           {"uuid", LogicalType::Uuid()},
                           {"interval day to second", LogicalType(TypeId::kIntervalDayTime)},
                           {"interval year to month", LogicalType(TypeId::kIntervalYearMonth)}};
  for (const Simple& simple_type : simple) {
    if (n == simple_type.name) {
      FLOE_RETURN_NOT_OK(no_params());
      return simple_type.type;
    }
  }
  if (n == "decimal" || n == "numeric") {
    FLOE_RETURN_NOT_OK(params(2));
    int64_t p = s.parameters.empty() ? 38 : s.parameters[0];
    int64_t sc = s.parameters.size() > 1 ? s.parameters[1] : 0;
    if (p < 1 || p > 38) return Status::Invalid("DECIMAL precision must be in range [1, 38]: ", p);
    if (sc < 0 || sc > p)
      return Status::Invalid("DECIMAL scale must be in range [0, precision (", p, ")]: ", sc);
    return LogicalType::Decimal(static_cast<int>(p), static_cast<int>(sc));
  }
  if (n == "varchar" || n == "char") {
    FLOE_RETURN_NOT_OK(params(1));
    if (n == "char") return Status::NotSupported("char(n) is not supported yet: use varchar");
    if (s.parameters.empty()) return LogicalType::Varchar();
    if (s.parameters[0] < 1)
      return Status::Invalid("VARCHAR length must be positive: ", s.parameters[0]);
    return LogicalType::Varchar(s.parameters[0]);
  }
  const bool tz = n.size() > 15 && n.compare(n.size() - 15, 15, " with time zone") == 0;
  const std::string base = tz ? n.substr(0, n.size() - 15) : n;
  if (base == "timestamp" || base == "time") {
    FLOE_RETURN_NOT_OK(params(1));
    int64_t p = s.parameters.empty() ? 3 : s.parameters[0];  // Trino's default precision
    if (p < 0 || p > 12)
      return Status::Invalid(base == "time" ? "TIME" : "TIMESTAMP",
                             " precision must be in range [0, 12]: ", p);
    if (p > 6)
      return Status::NotSupported(s.ToSql(),
                                  ": precision above microseconds (6) is not supported yet");
    if (base == "time") {
      if (tz) return Status::NotSupported("time with time zone is not supported yet");
      return LogicalType::Time(static_cast<int>(p));
    }
    return tz ? LogicalType::TimestampTz(static_cast<int>(p))
              : LogicalType::Timestamp(static_cast<int>(p));
  }
  if (n == "array") {
    if (s.children.size() != 1) return Status::Invalid("array takes one element type");
    FLOE_ASSIGN_OR_RETURN(LogicalType e, ResolveType(s.children[0]));
    return LogicalType::List(e);
  }
  if (n == "map") {
    if (s.children.size() != 2) return Status::Invalid("map takes a key and a value type");
    FLOE_ASSIGN_OR_RETURN(LogicalType k, ResolveType(s.children[0]));
    FLOE_ASSIGN_OR_RETURN(LogicalType v, ResolveType(s.children[1]));
    return LogicalType::Map(k, v);
  }
  if (n == "row") {
    std::vector<columnar::StructField> fields;
    for (size_t i = 0; i < s.children.size(); ++i) {
      FLOE_ASSIGN_OR_RETURN(LogicalType t, ResolveType(s.children[i]));
      std::string name = i < s.field_names.size() ? s.field_names[i] : "";
      if (name.empty()) name = StrCat("field", i);
      fields.push_back({std::move(name), t});
    }
    return LogicalType::Struct(std::move(fields));
  }
  return Status::Invalid("Unknown type: ", n);
}

bool CanCoerce(const LogicalType& from, const LogicalType& to) {
  if (from == to || IsUnknown(from)) return true;
  const TypeId f = from.id(), t = to.id();
  if (IsIntegral(from)) {
    if (IsIntegral(to)) return IntegralRank(t) >= IntegralRank(f);
    if (t == TypeId::kReal || t == TypeId::kDouble) return true;
    if (t == TypeId::kDecimal) return to.precision() - to.scale() >= DecimalDigits(f);
    return false;
  }
  if (f == TypeId::kDecimal) {
    if (t == TypeId::kReal || t == TypeId::kDouble) return true;
    return t == TypeId::kDecimal && to.scale() >= from.scale() &&
           to.precision() - to.scale() >= from.precision() - from.scale();
  }
  if (f == TypeId::kReal) return t == TypeId::kDouble;
  if (f == TypeId::kVarchar)
    return t == TypeId::kVarchar && (to.max_length() < 0 || (from.max_length() >= 0 &&
                                                             to.max_length() >= from.max_length()));
  if (f == TypeId::kDate) return t == TypeId::kTimestamp || t == TypeId::kTimestampTz;
  if (f == TypeId::kTimestamp) {
    return (t == TypeId::kTimestamp || t == TypeId::kTimestampTz) &&
           to.precision() >= from.precision();
  }
  if (f == TypeId::kTimestampTz)
    return t == TypeId::kTimestampTz && to.precision() >= from.precision();
  if (f == TypeId::kTime) return t == TypeId::kTime && to.precision() >= from.precision();
  if (f == TypeId::kList) return t == TypeId::kList && CanCoerce(from.element(), to.element());
  if (f == TypeId::kMap)
    return t == TypeId::kMap && CanCoerce(from.key(), to.key()) &&
           CanCoerce(from.value(), to.value());
  if (f == TypeId::kStruct) {
    if (t != TypeId::kStruct || from.fields().size() != to.fields().size()) return false;
    for (size_t i = 0; i < from.fields().size(); ++i) {
      if (!CanCoerce(from.fields()[i].type, to.fields()[i].type)) return false;
    }
    return true;
  }
  return false;
}

std::optional<LogicalType> CommonSuperType(const LogicalType& a, const LogicalType& b) {
  if (a == b) return a;
  if (IsUnknown(a)) return b;
  if (IsUnknown(b)) return a;
  const TypeId x = a.id(), y = b.id();
  if (IsNumeric(a) && IsNumeric(b)) {
    if (x == TypeId::kDouble || y == TypeId::kDouble) return LogicalType::Double();
    if (x == TypeId::kReal || y == TypeId::kReal) return LogicalType::Real();
    if (IsIntegral(a) && IsIntegral(b)) return IntegralRank(x) >= IntegralRank(y) ? a : b;
    LogicalType da = AsDecimal(a), db = AsDecimal(b);
    int scale = std::max(da.scale(), db.scale());
    int integer_digits = std::max(da.precision() - da.scale(), db.precision() - db.scale());
    // Trino caps at 38 digits, keeping the integer part.
    return Decimal(std::min(38, integer_digits + scale),
                   std::min(scale, std::max(0, 38 - integer_digits)));
  }
  if (x == TypeId::kVarchar && y == TypeId::kVarchar) {
    if (a.max_length() < 0 || b.max_length() < 0) return LogicalType::Varchar();
    return LogicalType::Varchar(std::max(a.max_length(), b.max_length()));
  }
  auto temporal = [](const LogicalType& t) {
    return t.id() == TypeId::kDate || t.id() == TypeId::kTimestamp ||
           t.id() == TypeId::kTimestampTz;
  };
  if (temporal(a) && temporal(b)) {
    int p =
        std::max(x == TypeId::kDate ? 0 : a.precision(), y == TypeId::kDate ? 0 : b.precision());
    if (x == TypeId::kTimestampTz && y == TypeId::kTimestampTz)
      return LogicalType::TimestampTz(p, a.time_zone());  // instants: a's zone shows them
    // A timestamp without a zone becomes an instant in the session's zone
    // (Trino's implicit cast).
    if (x == TypeId::kTimestampTz || y == TypeId::kTimestampTz)
      return LogicalType::TimestampTz(p, CurrentSessionTime().zone->id());
    return LogicalType::Timestamp(p);
  }
  if (x == TypeId::kTime && y == TypeId::kTime)
    return LogicalType::Time(std::max(a.precision(), b.precision()));
  if (x == TypeId::kList && y == TypeId::kList) {
    auto e = CommonSuperType(a.element(), b.element());
    if (!e) return std::nullopt;
    return LogicalType::List(*e);
  }
  if (x == TypeId::kMap && y == TypeId::kMap) {
    auto k = CommonSuperType(a.key(), b.key());
    auto v = CommonSuperType(a.value(), b.value());
    if (!k || !v) return std::nullopt;
    return LogicalType::Map(*k, *v);
  }
  if (x == TypeId::kStruct && y == TypeId::kStruct && a.fields().size() == b.fields().size()) {
    std::vector<columnar::StructField> fields;
    for (size_t i = 0; i < a.fields().size(); ++i) {
      auto t = CommonSuperType(a.fields()[i].type, b.fields()[i].type);
      if (!t) return std::nullopt;
      fields.push_back({a.fields()[i].name, *t});
    }
    return LogicalType::Struct(std::move(fields));
  }
  return std::nullopt;
}

LogicalType DecimalAddType(const LogicalType& a, const LogicalType& b) {
  LogicalType x = AsDecimal(a), y = AsDecimal(b);
  int s = std::max(x.scale(), y.scale());
  return Decimal(
      std::min(38, 1 + s + std::max(x.precision() - x.scale(), y.precision() - y.scale())), s);
}

LogicalType DecimalMultiplyType(const LogicalType& a, const LogicalType& b) {
  LogicalType x = AsDecimal(a), y = AsDecimal(b);
  return Decimal(std::min(38, x.precision() + y.precision()), x.scale() + y.scale());
}

LogicalType DecimalDivideType(const LogicalType& a, const LogicalType& b) {
  LogicalType x = AsDecimal(a), y = AsDecimal(b);
  int s = std::max(x.scale(), y.scale());
  return Decimal(std::min(38, x.precision() + y.scale() + std::max(y.scale() - x.scale(), 0)), s);
}

LogicalType DecimalModulusType(const LogicalType& a, const LogicalType& b) {
  LogicalType x = AsDecimal(a), y = AsDecimal(b);
  int s = std::max(x.scale(), y.scale());
  return Decimal(std::min(38, std::min(y.precision() - y.scale(), x.precision() - x.scale()) + s),
                 s);
}

Result<LogicalType> LiteralType(Expr::LiteralKind kind, std::string_view text) {
  switch (kind) {
    case Expr::LiteralKind::kInteger: {
      std::string digits(text);
      errno = 0;
      char* end = nullptr;
      long long v = std::strtoll(digits.c_str(), &end, 10);
      if (errno == ERANGE || end == digits.c_str() || *end != '\0') {
        return Status::Invalid("Invalid numeric literal: ", text);
      }
      return v >= INT32_MIN && v <= INT32_MAX ? LogicalType::Integer() : LogicalType::BigInt();
    }
    case Expr::LiteralKind::kDecimal: {
      // Digits before and after the point, leading zeros of the integer part not counted.
      std::string_view t = text;
      if (!t.empty() && (t[0] == '-' || t[0] == '+')) t.remove_prefix(1);
      size_t dot = t.find('.');
      std::string_view whole = dot == std::string_view::npos ? t : t.substr(0, dot);
      std::string_view frac =
          dot == std::string_view::npos ? std::string_view() : t.substr(dot + 1);
      while (!whole.empty() && whole[0] == '0') whole.remove_prefix(1);
      int scale = static_cast<int>(frac.size());
      int precision = std::max(1, static_cast<int>(whole.size()) + scale);
      if (precision > 38)
        return Status::Invalid("Decimal literal ", text, " has more than 38 digits");
      return LogicalType::Decimal(precision, scale);
    }
    case Expr::LiteralKind::kDouble:
      return LogicalType::Double();
    case Expr::LiteralKind::kBoolean:
      return LogicalType::Boolean();
    case Expr::LiteralKind::kString:
      return LogicalType::Varchar(Utf8CodePoints(text));  // 'abc' is varchar(3)
    case Expr::LiteralKind::kBinary:
      return LogicalType::Varbinary();
    case Expr::LiteralKind::kNull:
      return UnknownType();
    case Expr::LiteralKind::kTyped:
      break;
  }
  return Status::Invalid("no literal type for ", text);
}

}  // namespace floe::sql
