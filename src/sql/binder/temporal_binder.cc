#include "sql/binder/temporal_binder.h"

#include <cctype>
#include <cstdio>
#include <cstring>
#include <string>

#include "common/date_time.h"
#include "common/int128.h"
#include "common/str_cat.h"
#include "common/time_zone.h"
#include "sql/session_time.h"

namespace floe::sql {

namespace {

using columnar::TypeId;

// A constant of `type` holding `value` (a fixed-width value of its layout).
template <typename T>
BoundExprPtr Constant(LogicalType type, T value) {
  auto e = std::make_unique<BoundExpr>();
  e->kind = BoundExpr::Kind::kConstant;
  e->type = type;
  auto v = columnar::Vector::Make(type, MemoryPool::Default(), 1).ValueOrDie();
  std::memcpy(v->mutable_raw_data(), &value, sizeof(T));
  v->MakeConstant(1);
  e->constant = std::move(v);
  return e;
}

LogicalType DayTime() { return LogicalType(TypeId::kIntervalDayTime); }
LogicalType YearMonth() { return LogicalType(TypeId::kIntervalYearMonth); }

// ---- interval literals ----

enum Field : int { kYear = 0, kMonth, kDay, kHour, kMinute, kSecond };

int FieldOf(std::string_view name) {
  static const char* const kNames[] = {"year", "month", "day", "hour", "minute", "second"};
  for (int k = 0; k < 6; ++k) {
    if (name == kNames[k]) return k;
  }
  return -1;
}

// Reads an unsigned number at `*i`; false when there is none or it is huge.
bool Number(std::string_view s, size_t* i, int64_t* v) {
  const size_t start = *i;
  *v = 0;
  while (*i < s.size() && std::isdigit(static_cast<unsigned char>(s[*i]))) {
    if (*i - start >= 12) return false;
    *v = *v * 10 + (s[(*i)++] - '0');
  }
  return *i > start;
}

// Seconds with an optional fraction (up to microseconds) in microseconds.
bool Seconds(std::string_view s, size_t* i, int64_t* micros) {
  int64_t whole;
  if (!Number(s, i, &whole)) return false;
  int64_t frac = 0;
  int digits = 0;
  if (*i < s.size() && s[*i] == '.') {
    ++*i;
    while (*i < s.size() && std::isdigit(static_cast<unsigned char>(s[*i]))) {
      if (digits == 6) return false;
      frac = frac * 10 + (s[(*i)++] - '0');
      ++digits;
    }
    if (digits == 0) return false;
  }
  for (int k = digits; k < 6; ++k) frac *= 10;
  *micros = whole * kMicrosPerSecond + frac;
  return true;
}

// The value of an interval string for fields from..to: months for year to
// month, microseconds for day to second. Trino's formats: "y-m", "d h:m:s.f"
// with the fields present as the qualifier names them.
bool ParseInterval(std::string_view s, int from, int to, int64_t* value) {
  size_t i = 0;
  bool negative = false;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) negative = s[i++] == '-';
  int64_t total = 0;
  if (from <= kMonth) {
    int64_t a, b = 0;
    if (!Number(s, &i, &a)) return false;
    if (from == kYear && to == kMonth) {
      if (i >= s.size() || s[i++] != '-' || !Number(s, &i, &b) || b > 11) return false;
    }
    total = from == kYear ? a * 12 + b : a;
  } else {
    static const int64_t kUnit[] = {
        0, 0, kMicrosPerDay, 3600 * kMicrosPerSecond, 60 * kMicrosPerSecond, kMicrosPerSecond};
    for (int f = from; f <= to; ++f) {
      if (f > from) {
        const char sep = f == kHour ? ' ' : ':';
        if (i >= s.size() || s[i++] != sep) return false;
      }
      int64_t v;
      if (f == kSecond) {
        if (!Seconds(s, &i, &v)) return false;
      } else {
        if (!Number(s, &i, &v)) return false;
        // Trailing fields stay within their range; the leading one may be larger.
        if (f > from && ((f == kHour && v > 23) || (f == kMinute && v > 59))) return false;
        if (__builtin_mul_overflow(v, kUnit[f], &v)) return false;
      }
      if (f == kSecond && f > from && v >= 60 * kMicrosPerSecond) return false;
      if (__builtin_add_overflow(total, v, &total)) return false;
    }
  }
  if (i != s.size()) return false;
  *value = negative ? -total : total;
  return true;
}

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// ---- zones ----

// The zone a bound constant names: a string, or an interval day to second
// offset (AT TIME ZONE INTERVAL '2' HOUR). Null result for a NULL constant.
Result<const TimeZone*> ConstantZone(const BoundExpr& zone) {
  if (zone.kind != BoundExpr::Kind::kConstant) {
    return Status::NotSupported(
        "a time zone that is not a constant is not supported: floe keeps one zone per column");
  }
  if (zone.constant->IsNull(0)) return static_cast<const TimeZone*>(nullptr);
  if (zone.type.id() == TypeId::kVarchar) return TimeZone::Lookup(zone.constant->GetString(0));
  if (zone.type.id() == TypeId::kIntervalDayTime) {
    const int64_t micros = zone.constant->data<int64_t>()[0];
    const int64_t minutes = micros / (60 * kMicrosPerSecond);
    if (micros % (60 * kMicrosPerSecond) != 0 || minutes < -14 * 60 || minutes > 14 * 60)
      return Status::Invalid(
          "Invalid time zone offset interval: must be whole minutes within "
          "+-14:00");
    char name[16];
    const int64_t a = minutes < 0 ? -minutes : minutes;
    std::snprintf(name, sizeof(name), "%c%02d:%02d", minutes < 0 ? '-' : '+',
                  static_cast<int>(a / 60), static_cast<int>(a % 60));
    return TimeZone::Lookup(name);
  }
  return Status::Invalid("a time zone must be a varchar or an interval day to second: got ",
                         TypeName(zone.type));
}

int Precision(const Expr& e, int default_precision, Status* st) {
  if (e.type.parameters.empty()) return default_precision;
  const int64_t p = e.type.parameters[0];
  if (p < 0 || p > 12) {
    *st = Status::Invalid(e.text, " precision must be in range [0, 12]: ", p);
  } else if (p > 6) {
    *st = Status::NotSupported(e.text, "(", p,
                               "): precision above microseconds (6) is not supported yet");
  }
  return static_cast<int>(p);
}

int64_t Truncate(int64_t micros, int precision) {
  const int64_t unit = static_cast<int64_t>(PowerOfTen(6 - precision));
  return FloorDiv(micros, unit) * unit;
}

}  // namespace

Result<BoundExprPtr> BindIntervalLiteral(const Expr& e) {
  const int from = FieldOf(e.interval_from);
  const int to = e.interval_to.empty() ? from : FieldOf(e.interval_to);
  const std::string qualifier = Upper(
      e.interval_to.empty() ? e.interval_from : StrCat(e.interval_from, " TO ", e.interval_to));
  if (from < 0 || to < 0 || to < from || (from <= kMonth) != (to <= kMonth) ||
      (from == kMonth && to != kMonth)) {
    return Status::Invalid("Invalid interval qualifier: ", qualifier);
  }
  int64_t value;
  if (!ParseInterval(e.text, from, to, &value)) {
    return Status::Invalid("Invalid INTERVAL ", qualifier, " value: '", e.text, "'");
  }
  if (e.op == "-") value = -value;
  if (from <= kMonth) {
    if (value < INT32_MIN || value > INT32_MAX)
      return Status::Invalid("INTERVAL ", qualifier, " value out of range: '", e.text, "'");
    return Constant(YearMonth(), static_cast<int32_t>(value));
  }
  return Constant(DayTime(), value);
}

Result<BoundExprPtr> BindTemporalLiteral(const Expr& e) {
  const std::string& type = e.type.name;
  if (type == "time") {
    int64_t micros;
    int digits;
    if (!ParseTimeOfDay(e.text, &micros, &digits)) {
      // A zone after the time would make it a time with time zone.
      if (e.text.find_first_of("+-") != std::string::npos || e.text.find(' ') != std::string::npos)
        return Status::NotSupported("time with time zone is not supported yet: TIME '", e.text,
                                    "'");
      return Status::Invalid("'", e.text, "' is not a valid TIME literal");
    }
    return Constant(LogicalType::Time(digits), micros);
  }
  if (type == "timestamp" || type == "timestamp with time zone") {
    // TIMESTAMP '...' takes a zone from its text only; TIMESTAMP WITH TIME
    // ZONE '...' without one is in the session's.
    const bool zoned = type != "timestamp";
    auto parsed =
        ParseTimestampWithZone(e.text, zoned ? CurrentSessionTime().zone : nullptr, !zoned);
    if (!parsed.ok()) {
      if (parsed.status().message().starts_with("Time zone not supported")) return parsed.status();
      return Status::Invalid("'", e.text, "' is not a valid TIMESTAMP literal");
    }
    return Constant(LogicalType::TimestampTz(parsed->fraction_digits, parsed->zone->id()),
                    parsed->utc_micros);
  }
  return BoundExprPtr();
}

Result<BoundExprPtr> BindCurrent(const Expr& e) {
  const SessionTime session = CurrentSessionTime();
  const int64_t local = session.zone->UtcToLocal(session.start_micros);
  Status st;
  if (e.text == "current_date") {
    return Constant(LogicalType::Date(), static_cast<int32_t>(FloorDiv(local, kMicrosPerDay)));
  }
  const int p = Precision(e, 3, &st);
  FLOE_RETURN_NOT_OK(st);
  if (e.text == "current_timestamp") {
    return Constant(LogicalType::TimestampTz(p, session.zone->id()),
                    Truncate(session.start_micros, p));
  }
  if (e.text == "localtimestamp") return Constant(LogicalType::Timestamp(p), Truncate(local, p));
  if (e.text == "localtime" || e.text == "current_time") {
    return Constant(LogicalType::Time(p), Truncate(FloorMod(local, kMicrosPerDay), p));
  }
  return Status::NotSupported(e.text, " is not supported yet");
}

Result<BoundExprPtr> BindAtTimeZone(BoundExprPtr value, BoundExprPtr zone) {
  const TypeId v = value->type.id();
  if (v != TypeId::kTimestamp && v != TypeId::kTimestampTz && !IsUnknown(value->type)) {
    return Status::Invalid("Type of value must be a timestamp with or without time zone (actual ",
                           TypeName(value->type), ")");
  }
  FLOE_ASSIGN_OR_RETURN(const TimeZone* z, ConstantZone(*zone));
  const int p = IsUnknown(value->type) ? 3 : value->type.precision();
  if (z == nullptr) return BoundExpr::Null(LogicalType::TimestampTz(p));
  // The instants stay; only the zone they show in changes.
  if (v == TypeId::kTimestamp)
    value = BoundExpr::Cast(std::move(value),
                            LogicalType::TimestampTz(p, CurrentSessionTime().zone->id()));
  return BoundExpr::Cast(std::move(value), LogicalType::TimestampTz(p, z->id()));
}

Result<BoundExprPtr> BindExtract(std::string_view field, BoundExprPtr value) {
  static const std::pair<std::string_view, std::string_view> kFields[] = {
      {"YEAR", "year"},
      {"QUARTER", "quarter"},
      {"MONTH", "month"},
      {"WEEK", "week"},
      {"DAY", "day"},
      {"DAY_OF_MONTH", "day"},
      {"DAY_OF_WEEK", "day_of_week"},
      {"DOW", "day_of_week"},
      {"DAY_OF_YEAR", "day_of_year"},
      {"DOY", "day_of_year"},
      {"YEAR_OF_WEEK", "year_of_week"},
      {"YOW", "year_of_week"},
      {"HOUR", "hour"},
      {"MINUTE", "minute"},
      {"SECOND", "second"},
      {"TIMEZONE_HOUR", "timezone_hour"},
      {"TIMEZONE_MINUTE", "timezone_minute"}};
  for (const auto& [name, function] : kFields) {
    if (field != name) continue;
    std::vector<BoundExprPtr> args;
    const LogicalType type = value->type;
    args.push_back(std::move(value));
    auto call = MakeCall(function, std::move(args));
    if (!call.ok()) {
      return Status::Invalid("Cannot extract ", field, " from ", TypeName(type));
    }
    return call;
  }
  return Status::Invalid("Invalid EXTRACT field: ", field);
}

Result<BoundExprPtr> BindTemporalFunction(std::string_view name, std::vector<BoundExprPtr>* args) {
  if (name == "now" && args->empty()) {
    Expr current;
    current.kind = Expr::Kind::kCurrent;
    current.text = "current_timestamp";
    return BindCurrent(current);
  }
  if (name == "current_timezone" && args->empty()) {
    const std::string& zone = CurrentSessionTime().zone->name();
    BoundExprPtr s = BoundExpr::Varchar(zone);
    return s;
  }
  if ((name == "with_timezone" || name == "at_timezone") && args->size() == 2) {
    BoundExprPtr& value = (*args)[0];
    const TypeId v = value->type.id();
    const bool with = name == "with_timezone";
    if (!IsUnknown(value->type) && v != (with ? TypeId::kTimestamp : TypeId::kTimestampTz)) {
      return Status::Invalid(
          "Unexpected parameters (", TypeName(value->type), ", ", TypeName((*args)[1]->type),
          ") for function ", name, ". Expected: ", name,
          with ? "(timestamp(p), varchar(x))" : "(timestamp(p) with time zone, varchar(x))");
    }
    FLOE_ASSIGN_OR_RETURN(const TimeZone* z, ConstantZone(*(*args)[1]));
    const int p = IsUnknown(value->type) ? 3 : value->type.precision();
    if (z == nullptr) return BoundExpr::Null(LogicalType::TimestampTz(p));
    // with_timezone reads the wall clock in the zone; at_timezone keeps the
    // instant and shows it there.
    return BoundExpr::Cast(std::move(value), LogicalType::TimestampTz(p, z->id()));
  }
  return BoundExprPtr();
}

LogicalType CastTarget(const LogicalType& from, LogicalType to) {
  if (to.id() != TypeId::kTimestampTz) return to;
  const uint16_t zone =
      from.id() == TypeId::kTimestampTz ? from.time_zone() : CurrentSessionTime().zone->id();
  return LogicalType::TimestampTz(to.precision(), zone);
}

}  // namespace floe::sql
