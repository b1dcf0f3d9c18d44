// Trino's date and time functions
// (https://trino.io/docs/current/functions/datetime.html) on floe's
// temporal layouts: date as days, timestamp as microseconds since the epoch,
// time as microseconds of the day. Timestamps with time zone hold UTC
// instants and show in the zone of their type (one per column): fields,
// truncation, calendar arithmetic and formatting work on the wall clock in
// that zone, as Joda's zoned chronology does for Trino.
// Weeks are ISO 8601 (Monday first; week 1 holds the year's first
// Thursday), as Trino's week() and day_of_week() are.

#include <algorithm>
#include <cmath>
#include <string>
#include <string_view>

#include "common/date_time.h"
#include "common/str_cat.h"
#include "common/time_zone.h"
#include "sql/functions/function_registry.h"
#include "sql/session_time.h"

namespace floe::sql::functions {

namespace {

using columnar::TypeId;
using Args = std::vector<LogicalType>;

constexpr int64_t kMicrosPerMilli = 1000;
constexpr int64_t kMicrosPerMinute = 60 * kMicrosPerSecond;
constexpr int64_t kMicrosPerHour = 60 * kMicrosPerMinute;

// Microseconds since the epoch of a date (days) or timestamp (micros).
template <typename T>
int64_t Micros(T v) {
  if constexpr (std::is_same_v<T, int32_t>) {
    return int64_t{v} * kMicrosPerDay;
  } else {
    return v;
  }
}

int64_t DayNumber(int64_t micros) { return FloorDiv(micros, kMicrosPerDay); }
int64_t MicrosOfDay(int64_t micros) { return FloorMod(micros, kMicrosPerDay); }

// ISO day of the week, 1 = Monday (1970-01-01 was a Thursday).
int64_t IsoDayOfWeek(int64_t days) { return FloorMod(days + 3, 7) + 1; }

int64_t DayOfYear(int64_t days) {
  const CivilDate c = CivilFromDays(days);
  return days - DaysFromCivil(c.year, 1, 1) + 1;
}

// The ISO week-based year and week of a day.
void IsoWeek(int64_t days, int64_t* year, int64_t* week) {
  // The week's Thursday decides its year.
  const int64_t thursday = days - IsoDayOfWeek(days) + 4;
  *year = CivilFromDays(thursday).year;
  *week = (thursday - DaysFromCivil(*year, 1, 1)) / 7 + 1;
}

bool IsLeap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int64_t y, int m) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return kDays[m - 1] + (m == 2 && IsLeap(y) ? 1 : 0);
}

enum class Field : uint8_t {
  kYear,
  kQuarter,
  kMonth,
  kWeek,
  kDay,
  kDayOfWeek,
  kDayOfYear,
  kYearOfWeek,
  kHour,
  kMinute,
  kSecond,
  kMillisecond,
};

template <Field kField, typename T>
int64_t Extract(T v) {
  const int64_t micros = Micros(v);
  const int64_t days = DayNumber(micros);
  switch (kField) {
    case Field::kYear:
      return CivilFromDays(days).year;
    case Field::kQuarter:
      return (CivilFromDays(days).month - 1) / 3 + 1;
    case Field::kMonth:
      return CivilFromDays(days).month;
    case Field::kDay:
      return CivilFromDays(days).day;
    case Field::kDayOfWeek:
      return IsoDayOfWeek(days);
    case Field::kDayOfYear:
      return DayOfYear(days);
    case Field::kWeek:
    case Field::kYearOfWeek: {
      int64_t year, week;
      IsoWeek(days, &year, &week);
      return kField == Field::kWeek ? week : year;
    }
    case Field::kHour:
      return MicrosOfDay(micros) / kMicrosPerHour;
    case Field::kMinute:
      return MicrosOfDay(micros) / kMicrosPerMinute % 60;
    case Field::kSecond:
      return MicrosOfDay(micros) / kMicrosPerSecond % 60;
    case Field::kMillisecond:
      return MicrosOfDay(micros) / kMicrosPerMilli % 1000;
  }
  return 0;
}

bool IsTimestamp(const LogicalType& t) {
  return t.id() == TypeId::kTimestamp || t.id() == TypeId::kTimestampTz;
}

Status BindOne(BoundFunction* f, const LogicalType& arg, LogicalType result, ScalarKernel k) {
  f->arg_types = {arg};
  f->result_type = std::move(result);
  f->kernel = k;
  return Status::OK();
}

// year(x) and the like: date and timestamps; time too for the clock fields.
template <Field kField>
Status ResolveField(const Args& a, BoundFunction* f) {
  if (a.size() != 1) return Status::OK();
  constexpr bool kClock = kField == Field::kHour || kField == Field::kMinute ||
                          kField == Field::kSecond || kField == Field::kMillisecond;
  const LogicalType& t = a[0];
  if (t.id() == TypeId::kDate && !kClock)
    return BindOne(f, t, LogicalType::BigInt(), Kernel<Extract<kField, int32_t>>());
  // A timestamp with time zone is cast to its wall clock in its zone.
  if (t.id() == TypeId::kTimestampTz)
    return BindOne(f, LogicalType::Timestamp(t.precision()), LogicalType::BigInt(),
                   Kernel<Extract<kField, int64_t>>());
  if (IsTimestamp(t) || (kClock && t.id() == TypeId::kTime))
    return BindOne(f, t, LogicalType::BigInt(), Kernel<Extract<kField, int64_t>>());
  return Status::OK();
}

// ---- last_day_of_month ----

template <typename T>
int32_t LastDayOfMonth(T v) {
  const CivilDate c = CivilFromDays(DayNumber(Micros(v)));
  return static_cast<int32_t>(DaysFromCivil(c.year, c.month, DaysInMonth(c.year, c.month)));
}

Status ResolveLastDayOfMonth(const Args& a, BoundFunction* f) {
  if (a.size() != 1) return Status::OK();
  if (a[0].id() == TypeId::kDate)
    return BindOne(f, a[0], LogicalType::Date(), Kernel<LastDayOfMonth<int32_t>>());
  if (IsTimestamp(a[0]))
    return BindOne(f, LogicalType::Timestamp(a[0].precision()), LogicalType::Date(),
                   Kernel<LastDayOfMonth<int64_t>>());
  return Status::OK();
}

// ---- units: date_trunc, date_add, date_diff ----

enum class Unit : uint8_t {
  kMillisecond,
  kSecond,
  kMinute,
  kHour,
  kDay,
  kWeek,
  kMonth,
  kQuarter,
  kYear
};

// Parses a unit name (any case); date values take day and larger only.
Status ParseUnit(std::string_view text, bool date, Unit* unit) {
  std::string lower(text);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  static constexpr std::pair<std::string_view, Unit> kUnits[] = {
      {"millisecond", Unit::kMillisecond},
      {"second", Unit::kSecond},
      {"minute", Unit::kMinute},
      {"hour", Unit::kHour},
      {"day", Unit::kDay},
      {"week", Unit::kWeek},
      {"month", Unit::kMonth},
      {"quarter", Unit::kQuarter},
      {"year", Unit::kYear}};
  for (const auto& [name, u] : kUnits) {
    if (lower == name && (!date || u >= Unit::kDay)) {
      *unit = u;
      return Status::OK();
    }
  }
  return Status::Invalid("'", text, "' is not a valid ", date ? "DATE" : "Timestamp", " field");
}

int64_t FixedUnitMicros(Unit u) {
  switch (u) {
    case Unit::kMillisecond:
      return kMicrosPerMilli;
    case Unit::kSecond:
      return kMicrosPerSecond;
    case Unit::kMinute:
      return kMicrosPerMinute;
    case Unit::kHour:
      return kMicrosPerHour;
    case Unit::kDay:
      return kMicrosPerDay;
    case Unit::kWeek:
      return 7 * kMicrosPerDay;
    case Unit::kMonth:
    case Unit::kQuarter:
    case Unit::kYear:
      return 0;
  }
  return 0;
}

int64_t MonthsPer(Unit u) { return u == Unit::kYear ? 12 : u == Unit::kQuarter ? 3 : 1; }

int64_t Truncate(int64_t micros, Unit u) {
  const int64_t days = DayNumber(micros);
  switch (u) {
    case Unit::kWeek:
      return (days - IsoDayOfWeek(days) + 1) * kMicrosPerDay;
    case Unit::kMonth:
    case Unit::kQuarter:
    case Unit::kYear: {
      const CivilDate c = CivilFromDays(days);
      const int month = u == Unit::kYear      ? 1
                        : u == Unit::kQuarter ? (c.month - 1) / 3 * 3 + 1
                                              : c.month;
      return DaysFromCivil(c.year, month, 1) * kMicrosPerDay;
    }
    default: {
      const int64_t unit = FixedUnitMicros(u);
      return FloorDiv(micros, unit) * unit;
    }
  }
}

Status DateTruncDate(int32_t* out, std::string_view unit, int32_t days) {
  Unit u;
  FLOE_RETURN_NOT_OK(ParseUnit(unit, true, &u));
  *out = static_cast<int32_t>(DayNumber(Truncate(Micros(days), u)));
  return Status::OK();
}

Status DateTruncTimestamp(int64_t* out, std::string_view unit, int64_t micros) {
  Unit u;
  FLOE_RETURN_NOT_OK(ParseUnit(unit, false, &u));
  *out = Truncate(micros, u);
  return Status::OK();
}

bool AddMonths(int64_t micros, int64_t months, int64_t* out) {
  return AddMonthsToMicros(micros, months, out);
}

Status AddUnits(int64_t micros, Unit u, int64_t n, int64_t* out) {
  bool ok;
  if (const int64_t unit = FixedUnitMicros(u); unit != 0) {
    int64_t delta;
    ok = !__builtin_mul_overflow(n, unit, &delta) && !__builtin_add_overflow(micros, delta, out);
  } else {
    int64_t months;
    ok = !__builtin_mul_overflow(n, MonthsPer(u), &months) && AddMonths(micros, months, out);
  }
  if (!ok)
    return Status::Invalid("Value out of range for date_add: ", n, " added to ", micros, "us");
  return Status::OK();
}

Status DateAddDate(int32_t* out, std::string_view unit, int64_t n, int32_t days) {
  Unit u;
  FLOE_RETURN_NOT_OK(ParseUnit(unit, true, &u));
  int64_t micros;
  FLOE_RETURN_NOT_OK(AddUnits(Micros(days), u, n, &micros));
  const int64_t d = DayNumber(micros);
  if (d < INT32_MIN || d > INT32_MAX)
    return Status::Invalid("Value out of range for date_add: ", n, " ", unit, "(s)");
  *out = static_cast<int32_t>(d);
  return Status::OK();
}

Status DateAddTimestamp(int64_t* out, std::string_view unit, int64_t n, int64_t micros) {
  Unit u;
  FLOE_RETURN_NOT_OK(ParseUnit(unit, false, &u));
  return AddUnits(micros, u, n, out);
}

// Whole units from a to b, truncated toward zero; months as Joda counts
// them (b reached from a by adding whole months, clamping the day).
int64_t Difference(int64_t a, int64_t b, Unit u) {
  if (const int64_t unit = FixedUnitMicros(u); unit != 0) {
    // Divides in 128 bits: b - a may exceed int64.
    return static_cast<int64_t>((static_cast<int128_t>(b) - a) / unit);
  }
  if (b < a) return -Difference(b, a, u);
  const CivilDate ca = CivilFromDays(DayNumber(a)), cb = CivilFromDays(DayNumber(b));
  int64_t months = (cb.year - ca.year) * 12 + (cb.month - ca.month);
  int64_t reached;
  if (!AddMonths(a, months, &reached) || reached > b) --months;
  return months / MonthsPer(u);
}

Status DateDiffDate(int64_t* out, std::string_view unit, int32_t a, int32_t b) {
  Unit u;
  FLOE_RETURN_NOT_OK(ParseUnit(unit, true, &u));
  *out = Difference(Micros(a), Micros(b), u);
  return Status::OK();
}

Status DateDiffTimestamp(int64_t* out, std::string_view unit, int64_t a, int64_t b) {
  Unit u;
  FLOE_RETURN_NOT_OK(ParseUnit(unit, false, &u));
  *out = Difference(a, b, u);
  return Status::OK();
}

// ---- timestamps with time zone: the wall clock in the value's zone ----

// Runs fn(i, zone) over the valid rows, the zone that of argument `tz_arg`.
template <typename Fn>
Status ZonedRows(const KernelContext& ctx, size_t tz_arg, Fn fn) {
  const TimeZone& zone = *TimeZone::FromId(ctx.args[tz_arg]->type().time_zone());
  for (int64_t i = 0; i < ctx.n; ++i) {
    if (!kernels::Valid(*ctx.out, i)) continue;
    FLOE_RETURN_NOT_OK(fn(i, zone));
  }
  return Status::OK();
}

int64_t Row(const columnar::Vector& v, int64_t i) {
  return v.data<int64_t>()[v.kind() == columnar::VectorKind::kConstant ? 0 : i];
}

std::string_view StringRow(const columnar::Vector& v, int64_t i) {
  return v.GetString(v.kind() == columnar::VectorKind::kConstant ? 0 : i);
}

// Units of a day and more work on the wall clock and map back preferring
// the original offset; smaller ones on the instant shifted by its offset
// (Joda's ZonedDateTimeField for time fields).
Status TruncateZoned(int64_t utc, Unit u, const TimeZone& zone, int64_t* out) {
  if (u <= Unit::kHour) {
    const int64_t offset = zone.UtcToLocal(utc) - utc;
    *out = Truncate(utc + offset, u) - offset;
  } else {
    *out = zone.LocalToUtc(Truncate(zone.UtcToLocal(utc), u), utc);
  }
  return Status::OK();
}

Status DateTruncTz(const KernelContext& ctx) {
  int64_t* out = ctx.out->mutable_data<int64_t>();
  std::fill(out, out + ctx.n, 0);
  return ZonedRows(ctx, 1, [&](int64_t i, const TimeZone& zone) {
    Unit u;
    FLOE_RETURN_NOT_OK(ParseUnit(StringRow(*ctx.args[0], i), false, &u));
    return TruncateZoned(Row(*ctx.args[1], i), u, zone, &out[i]);
  });
}

Status DateAddTz(const KernelContext& ctx) {
  int64_t* out = ctx.out->mutable_data<int64_t>();
  std::fill(out, out + ctx.n, 0);
  return ZonedRows(ctx, 2, [&](int64_t i, const TimeZone& zone) {
    Unit u;
    FLOE_RETURN_NOT_OK(ParseUnit(StringRow(*ctx.args[0], i), false, &u));
    const int64_t n = Row(*ctx.args[1], i), utc = Row(*ctx.args[2], i);
    if (u <= Unit::kHour) return AddUnits(utc, u, n, &out[i]);
    int64_t local;
    FLOE_RETURN_NOT_OK(AddUnits(zone.UtcToLocal(utc), u, n, &local));
    out[i] = zone.LocalToUtc(local, utc);
    return Status::OK();
  });
}

Status DateDiffTz(const KernelContext& ctx) {
  int64_t* out = ctx.out->mutable_data<int64_t>();
  std::fill(out, out + ctx.n, 0);
  // Both arguments share the common type's zone.
  return ZonedRows(ctx, 1, [&](int64_t i, const TimeZone& zone) {
    Unit u;
    FLOE_RETURN_NOT_OK(ParseUnit(StringRow(*ctx.args[0], i), false, &u));
    const int64_t a = Row(*ctx.args[1], i), b = Row(*ctx.args[2], i);
    out[i] = u <= Unit::kHour ? Difference(a, b, u)
                              : Difference(zone.UtcToLocal(a), zone.UtcToLocal(b), u);
    return Status::OK();
  });
}

// The zone's offset at the instant: timezone_hour and timezone_minute.
template <bool kHours>
Status TimezoneField(const KernelContext& ctx) {
  int64_t* out = ctx.out->mutable_data<int64_t>();
  std::fill(out, out + ctx.n, 0);
  return ZonedRows(ctx, 0, [&](int64_t i, const TimeZone& zone) {
    const int64_t offset = zone.OffsetAt(FloorDiv(Row(*ctx.args[0], i), kMicrosPerSecond));
    // Java's integer division and remainder: -5:30 is -5 hours, -30 minutes.
    out[i] = kHours ? offset / 3600 : offset / 60 % 60;
    return Status::OK();
  });
}

Status ResolveTimezoneField(const Args& a, BoundFunction* f, ScalarKernel k) {
  if (a.size() == 1 && a[0].id() == TypeId::kTimestampTz)
    return BindOne(f, a[0], LogicalType::BigInt(), k);
  return Status::OK();
}

bool IsVarcharOrUnknown(const LogicalType& t) { return t.id() == TypeId::kVarchar || IsUnknown(t); }

LogicalType VarcharOf(const LogicalType& t) { return IsUnknown(t) ? LogicalType::Varchar() : t; }

Status ResolveDateTrunc(const Args& a, BoundFunction* f) {
  if (a.size() != 2 || !IsVarcharOrUnknown(a[0])) return Status::OK();
  f->arg_types = {VarcharOf(a[0]), a[1]};
  f->result_type = a[1];
  if (a[1].id() == TypeId::kDate) f->kernel = Kernel<DateTruncDate>();
  if (a[1].id() == TypeId::kTimestamp) f->kernel = Kernel<DateTruncTimestamp>();
  if (a[1].id() == TypeId::kTimestampTz) f->kernel = DateTruncTz;
  return Status::OK();
}

Status ResolveDateAdd(const Args& a, BoundFunction* f) {
  if (a.size() != 3 || !IsVarcharOrUnknown(a[0]) || !CanCoerce(a[1], LogicalType::BigInt()))
    return Status::OK();
  f->arg_types = {VarcharOf(a[0]), LogicalType::BigInt(), a[2]};
  f->result_type = a[2];
  if (a[2].id() == TypeId::kDate) f->kernel = Kernel<DateAddDate>();
  if (a[2].id() == TypeId::kTimestamp) f->kernel = Kernel<DateAddTimestamp>();
  if (a[2].id() == TypeId::kTimestampTz) f->kernel = DateAddTz;
  return Status::OK();
}

Status ResolveDateDiff(const Args& a, BoundFunction* f) {
  if (a.size() != 3 || !IsVarcharOrUnknown(a[0])) return Status::OK();
  auto common = CommonSuperType(a[1], a[2]);
  if (!common) return Status::OK();
  f->arg_types = {VarcharOf(a[0]), *common, *common};
  f->result_type = LogicalType::BigInt();
  if (common->id() == TypeId::kDate) f->kernel = Kernel<DateDiffDate>();
  if (common->id() == TypeId::kTimestamp) f->kernel = Kernel<DateDiffTimestamp>();
  if (common->id() == TypeId::kTimestampTz) f->kernel = DateDiffTz;
  return Status::OK();
}

// ---- unix time ----

Status FromUnixtime(int64_t* out, double seconds) {
  // Milliseconds, rounded as Java's Math.round does (half up).
  const double millis = std::floor(seconds * 1000 + 0.5);
  if (!(millis >= -9.2e15 && millis <= 9.2e15))
    return Status::Invalid("Value out of range for from_unixtime: ", seconds);
  *out = static_cast<int64_t>(millis) * kMicrosPerMilli;
  return Status::OK();
}

double ToUnixtime(int64_t micros) { return static_cast<double>(micros) / kMicrosPerSecond; }

// ---- formatting ----

constexpr std::string_view kMonthNames[] = {"January",   "February", "March",    "April",
                                            "May",       "June",     "July",     "August",
                                            "September", "October",  "November", "December"};
constexpr std::string_view kDayNames[] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                          "Friday", "Saturday", "Sunday"};

void AppendPadded(int64_t v, int width, std::string* out) {
  std::string digits = std::to_string(v < 0 ? -v : v);
  if (v < 0) out->push_back('-');
  if (static_cast<int>(digits.size()) < width)
    out->append(static_cast<size_t>(width) - digits.size(), '0');
  out->append(digits);
}

struct Fields {
  CivilDate date;
  int64_t days, hour, minute, second, micros;
  explicit Fields(int64_t ts)
      : date(CivilFromDays(DayNumber(ts))),
        days(DayNumber(ts)),
        hour(MicrosOfDay(ts) / kMicrosPerHour),
        minute(MicrosOfDay(ts) / kMicrosPerMinute % 60),
        second(MicrosOfDay(ts) / kMicrosPerSecond % 60),
        micros(MicrosOfDay(ts) % kMicrosPerSecond) {}
  int64_t Hour12() const { return hour % 12 == 0 ? 12 : hour % 12; }
};

// The zone a formatted value is in: its name and offset at the instant.
struct ZoneText {
  std::string_view name = "UTC";
  int32_t offset = 0;
};

// MySQL's date_format specifiers, those Trino supports.
Status DateFormatIn(std::string* out, int64_t ts, std::string_view format, const ZoneText&) {
  const Fields f(ts);
  for (size_t k = 0; k < format.size(); ++k) {
    if (format[k] != '%' || k + 1 == format.size()) {
      out->push_back(format[k]);
      continue;
    }
    const char c = format[++k];
    switch (c) {
      case 'a':
        out->append(kDayNames[IsoDayOfWeek(f.days) - 1].substr(0, 3));
        break;
      case 'b':
        out->append(kMonthNames[f.date.month - 1].substr(0, 3));
        break;
      case 'c':
        AppendPadded(f.date.month, 1, out);
        break;
      case 'd':
        AppendPadded(f.date.day, 2, out);
        break;
      case 'e':
        AppendPadded(f.date.day, 1, out);
        break;
      case 'f':
        AppendPadded(f.micros, 6, out);
        break;
      case 'H':
        AppendPadded(f.hour, 2, out);
        break;
      case 'h':
      case 'I':
        AppendPadded(f.Hour12(), 2, out);
        break;
      case 'i':
        AppendPadded(f.minute, 2, out);
        break;
      case 'j':
        AppendPadded(DayOfYear(f.days), 3, out);
        break;
      case 'k':
        AppendPadded(f.hour, 1, out);
        break;
      case 'l':
        AppendPadded(f.Hour12(), 1, out);
        break;
      case 'M':
        out->append(kMonthNames[f.date.month - 1]);
        break;
      case 'm':
        AppendPadded(f.date.month, 2, out);
        break;
      case 'p':
        out->append(f.hour < 12 ? "AM" : "PM");
        break;
      case 'r':
        AppendPadded(f.Hour12(), 2, out);
        out->push_back(':');
        AppendPadded(f.minute, 2, out);
        out->push_back(':');
        AppendPadded(f.second, 2, out);
        out->append(f.hour < 12 ? " AM" : " PM");
        break;
      case 'S':
      case 's':
        AppendPadded(f.second, 2, out);
        break;
      case 'T':
        AppendPadded(f.hour, 2, out);
        out->push_back(':');
        AppendPadded(f.minute, 2, out);
        out->push_back(':');
        AppendPadded(f.second, 2, out);
        break;
      case 'v': {
        int64_t year, week;
        IsoWeek(f.days, &year, &week);
        AppendPadded(week, 2, out);
        break;
      }
      case 'x': {
        int64_t year, week;
        IsoWeek(f.days, &year, &week);
        AppendPadded(year, 4, out);
        break;
      }
      case 'W':
        out->append(kDayNames[IsoDayOfWeek(f.days) - 1]);
        break;
      case 'Y':
        AppendPadded(f.date.year, 4, out);
        break;
      case 'y':
        AppendPadded(FloorMod(f.date.year, 100), 2, out);
        break;
      case '%':
        out->push_back('%');
        break;
      case 'D':
      case 'U':
      case 'u':
      case 'V':
      case 'w':
      case 'X':
        return Status::Invalid("%", c, " not supported in date format string");
      default:
        out->push_back(c);  // MySQL: any other character stands for itself
        break;
    }
  }
  return Status::OK();
}

// Joda-Time's DateTimeFormat patterns (the common letters). `ts` is the
// wall clock in `zone`.
Status FormatDatetimeIn(std::string* out, int64_t ts, std::string_view format,
                        const ZoneText& zone) {
  const Fields f(ts);
  for (size_t k = 0; k < format.size();) {
    const char c = format[k];
    if (c == '\'') {
      // Quoted literal text; '' is a quote.
      size_t end = k + 1;
      if (end < format.size() && format[end] == '\'') {
        out->push_back('\'');
        k += 2;
        continue;
      }
      while (end < format.size()) {
        if (format[end] == '\'') {
          if (end + 1 < format.size() && format[end + 1] == '\'') {
            out->push_back('\'');
            end += 2;
            continue;
          }
          break;
        }
        out->push_back(format[end++]);
      }
      k = end + 1;
      continue;
    }
    if (!std::isalpha(static_cast<unsigned char>(c))) {
      out->push_back(c);
      ++k;
      continue;
    }
    size_t run = k;
    while (run < format.size() && format[run] == c) ++run;
    const int count = static_cast<int>(run - k);
    k = run;
    switch (c) {
      case 'y':
      case 'Y':
      case 'x': {
        int64_t year = f.date.year;
        if (c == 'x') {
          int64_t week;
          IsoWeek(f.days, &year, &week);
        }
        // Two letters print the last two digits; more pad the whole year.
        AppendPadded(count == 2 ? FloorMod(year, 100) : year, count, out);
        break;
      }
      case 'M':
        if (count >= 4) {
          out->append(kMonthNames[f.date.month - 1]);
        } else if (count == 3) {
          out->append(kMonthNames[f.date.month - 1].substr(0, 3));
        } else {
          AppendPadded(f.date.month, count, out);
        }
        break;
      case 'd':
        AppendPadded(f.date.day, count, out);
        break;
      case 'D':
        AppendPadded(DayOfYear(f.days), count, out);
        break;
      case 'w': {
        int64_t year, week;
        IsoWeek(f.days, &year, &week);
        AppendPadded(week, count, out);
        break;
      }
      case 'e':
        AppendPadded(IsoDayOfWeek(f.days), count, out);
        break;
      case 'E':
        out->append(count >= 4 ? kDayNames[IsoDayOfWeek(f.days) - 1]
                               : kDayNames[IsoDayOfWeek(f.days) - 1].substr(0, 3));
        break;
      case 'a':
        out->append(f.hour < 12 ? "AM" : "PM");
        break;
      case 'H':
        AppendPadded(f.hour, count, out);
        break;
      case 'k':
        AppendPadded(f.hour == 0 ? 24 : f.hour, count, out);
        break;
      case 'h':
        AppendPadded(f.Hour12(), count, out);
        break;
      case 'K':
        AppendPadded(f.hour % 12, count, out);
        break;
      case 'm':
        AppendPadded(f.minute, count, out);
        break;
      case 's':
        AppendPadded(f.second, count, out);
        break;
      case 'S': {
        // Fraction of the second, truncated to `count` digits.
        std::string digits;
        AppendPadded(f.micros, 6, &digits);
        digits.resize(static_cast<size_t>(count), '0');
        out->append(digits);
        break;
      }
      case 'Z': {
        if (count >= 3) {
          out->append(zone.name);
          break;
        }
        const int32_t a = zone.offset < 0 ? -zone.offset : zone.offset;
        out->push_back(zone.offset < 0 ? '-' : '+');
        AppendPadded(a / 3600, 2, out);
        if (count == 2) out->push_back(':');
        AppendPadded(a / 60 % 60, 2, out);
        break;
      }
      case 'z':
        // floe keeps no zone abbreviations: the zone's name stands in.
        out->append(count >= 4 && zone.name == "UTC" ? "Coordinated Universal Time" : zone.name);
        break;
      case 'G':
        out->append(f.date.year > 0 ? "AD" : "BC");
        break;
      case 'C':
        AppendPadded(f.date.year / 100, count, out);
        break;
      default:
        return Status::Invalid("Illegal pattern component: ",
                               std::string(static_cast<size_t>(count), c));
    }
  }
  return Status::OK();
}

using FormatFn = Status (*)(std::string*, int64_t, std::string_view, const ZoneText&);

template <FormatFn kFormat>
Status FormatUtc(std::string* out, int64_t ts, std::string_view format) {
  return kFormat(out, ts, format, ZoneText());
}

// A timestamp with time zone formats its wall clock, naming its zone.
template <FormatFn kFormat>
Status FormatZoned(const KernelContext& ctx) {
  Writer<std::string> w(ctx.out);
  for (int64_t i = 0; i < ctx.n; ++i) w.Skip(i);
  std::string text;
  return ZonedRows(ctx, 0, [&](int64_t i, const TimeZone& zone) {
    const int64_t utc = Row(*ctx.args[0], i);
    const int64_t local = zone.UtcToLocal(utc);
    ZoneText z{zone.name(), static_cast<int32_t>((local - utc) / kMicrosPerSecond)};
    text.clear();
    FLOE_RETURN_NOT_OK(kFormat(&text, local, StringRow(*ctx.args[1], i), z));
    return w.Set(i, text);
  });
}

template <FormatFn kFormat>
Status ResolveFormat(const Args& a, BoundFunction* f) {
  if (a.size() != 2 || !IsVarcharOrUnknown(a[1])) return Status::OK();
  LogicalType t = a[0];
  if (t.id() == TypeId::kDate) t = LogicalType::Timestamp(0);
  if (!IsTimestamp(t)) return Status::OK();
  f->arg_types = {t, VarcharOf(a[1])};
  f->result_type = LogicalType::Varchar();
  f->kernel = t.id() == TypeId::kTimestampTz ? FormatZoned<kFormat> : Kernel<FormatUtc<kFormat>>();
  return Status::OK();
}

// ---- parsing ----

// from_iso8601_date: "2020-05-11" (also "2020-05" and "2020").
Status FromIso8601Date(int32_t* out, std::string_view s) {
  std::string text(s);
  if (s.size() == 4) text += "-01-01";
  if (s.size() == 7) text += "-01";
  int64_t days;
  if (!ParseDate(text, &days) || days < INT32_MIN || days > INT32_MAX)
    return Status::Invalid("Invalid format: \"", s, "\"");
  *out = static_cast<int32_t>(days);
  return Status::OK();
}

// from_iso8601_timestamp: "2020-05-11T11:15:05.055+01:00", "...Z", or no
// zone (the wall clock in `zone`, the session's); the result is the UTC
// instant.
Status FromIso8601TimestampIn(int64_t* out, std::string_view s, const TimeZone& zone) {
  std::string_view text = s;
  int64_t offset = 0;
  bool zoned = true;
  if (text.ends_with("Z")) {
    text.remove_suffix(1);
  } else if (text.size() > 6 && (text[text.size() - 6] == '+' || text[text.size() - 6] == '-') &&
             text[text.size() - 3] == ':') {
    std::string_view z = text.substr(text.size() - 6);
    int64_t h = (z[1] - '0') * 10 + (z[2] - '0'), m = (z[4] - '0') * 10 + (z[5] - '0');
    offset = (z[0] == '-' ? -1 : 1) * (h * 60 + m) * kMicrosPerMinute;
    text.remove_suffix(6);
  } else {
    zoned = false;
  }
  int64_t micros;
  int digits;
  std::string full(text);
  // The time may stop at the hour ("2020-05-11T11").
  if (full.size() == 13 && full[10] == 'T') full += ":00";
  if (full.size() == 10) full += "T00:00";
  if (!ParseTimestamp(full, &micros, &digits) || digits > 3)
    return Status::Invalid("Invalid format: \"", s, "\"");
  *out = zoned ? micros - offset : zone.LocalToUtc(micros);
  return Status::OK();
}

// The result type's zone (the session's) reads texts without an offset.
Status FromIso8601Timestamp(const KernelContext& ctx) {
  const TimeZone& zone = *TimeZone::FromId(ctx.out->type().time_zone());
  int64_t* out = ctx.out->mutable_data<int64_t>();
  for (int64_t i = 0; i < ctx.n; ++i) {
    out[i] = 0;
    if (!kernels::Valid(*ctx.out, i)) continue;
    FLOE_RETURN_NOT_OK(FromIso8601TimestampIn(&out[i], StringRow(*ctx.args[0], i), zone));
  }
  return Status::OK();
}

Status ResolveDate(const Args& a, BoundFunction* f) {
  if (a.size() != 1) return Status::OK();
  // date(x) is CAST(x AS date).
  if (a[0].id() == TypeId::kVarchar || IsUnknown(a[0]) || IsTimestamp(a[0]) ||
      a[0].id() == TypeId::kDate) {
    f->arg_types = {LogicalType::Date()};
    f->result_type = LogicalType::Date();
    f->kernel = Kernel<[](int32_t d) { return d; }>();
  }
  return Status::OK();
}

#define FLOE_DATE_FIELD(name, field)                                                 \
  FunctionEntry {                                                                    \
    name, ResolveField<field>,                                                       \
        name "(date), " name "(timestamp(p)), " name "(timestamp(p) with time zone)" \
  }
#define FLOE_CLOCK_FIELD(name, field)                                                   \
  FunctionEntry {                                                                       \
    name, ResolveField<field>,                                                          \
        name "(time(p)), " name "(timestamp(p)), " name "(timestamp(p) with time zone)" \
  }

constexpr FunctionEntry kDateTime[] = {
    FLOE_DATE_FIELD("year", Field::kYear),
    FLOE_DATE_FIELD("quarter", Field::kQuarter),
    FLOE_DATE_FIELD("month", Field::kMonth),
    FLOE_DATE_FIELD("week", Field::kWeek),
    FLOE_DATE_FIELD("week_of_year", Field::kWeek),
    FLOE_DATE_FIELD("day", Field::kDay),
    FLOE_DATE_FIELD("day_of_month", Field::kDay),
    FLOE_DATE_FIELD("day_of_week", Field::kDayOfWeek),
    FLOE_DATE_FIELD("dow", Field::kDayOfWeek),
    FLOE_DATE_FIELD("day_of_year", Field::kDayOfYear),
    FLOE_DATE_FIELD("doy", Field::kDayOfYear),
    FLOE_DATE_FIELD("year_of_week", Field::kYearOfWeek),
    FLOE_DATE_FIELD("yow", Field::kYearOfWeek),
    FLOE_CLOCK_FIELD("hour", Field::kHour),
    FLOE_CLOCK_FIELD("minute", Field::kMinute),
    FLOE_CLOCK_FIELD("second", Field::kSecond),
    FLOE_CLOCK_FIELD("millisecond", Field::kMillisecond),
    {"timezone_hour",
     [](const Args& a, BoundFunction* f) {
       return ResolveTimezoneField(a, f, TimezoneField<true>);
     },
     "timezone_hour(timestamp(p) with time zone)"},
    {"timezone_minute",
     [](const Args& a, BoundFunction* f) {
       return ResolveTimezoneField(a, f, TimezoneField<false>);
     },
     "timezone_minute(timestamp(p) with time zone)"},
    {"last_day_of_month", ResolveLastDayOfMonth,
     "last_day_of_month(date), last_day_of_month(timestamp(p)), "
     "last_day_of_month(timestamp(p) with time zone)"},
    {"date_trunc", ResolveDateTrunc,
     "date_trunc(varchar(x), date), date_trunc(varchar(x), timestamp(p)), "
     "date_trunc(varchar(x), timestamp(p) with time zone)"},
    {"date_add", ResolveDateAdd,
     "date_add(varchar(x), bigint, date), date_add(varchar(x), bigint, timestamp(p)), "
     "date_add(varchar(x), bigint, timestamp(p) with time zone)"},
    {"date_diff", ResolveDateDiff,
     "date_diff(varchar(x), date, date), date_diff(varchar(x), timestamp(p), timestamp(p)), "
     "date_diff(varchar(x), timestamp(p) with time zone, timestamp(p) with time zone)"},
    {"from_unixtime",
     [](const Args& a, BoundFunction* f) {
       MatchOverloads(a,
                      {{{LogicalType::Double()},
                        LogicalType::TimestampTz(3, CurrentSessionTime().zone->id()),
                        Kernel<FromUnixtime>()}},
                      f);
       return Status::OK();
     },
     "from_unixtime(double)"},
    {"to_unixtime",
     [](const Args& a, BoundFunction* f) {
       if (a.size() == 1 && (IsTimestamp(a[0]) || a[0].id() == TypeId::kDate)) {
         return BindOne(f, IsTimestamp(a[0]) ? a[0] : LogicalType::Timestamp(0),
                        LogicalType::Double(), Kernel<ToUnixtime>());
       }
       return Status::OK();
     },
     "to_unixtime(timestamp(p) with time zone)"},
    {"date_format", ResolveFormat<DateFormatIn>,
     "date_format(timestamp(p), varchar(x)), date_format(timestamp(p) with time zone, "
     "varchar(x))"},
    {"format_datetime", ResolveFormat<FormatDatetimeIn>,
     "format_datetime(timestamp(p), varchar(x)), format_datetime(timestamp(p) with time zone, "
     "varchar(x))"},
    {"date", ResolveDate,
     "date(varchar(x)), date(timestamp(p)), date(timestamp(p) with time zone)"},
    {"from_iso8601_date",
     [](const Args& a, BoundFunction* f) {
       MatchOverloads(
           a, {{{LogicalType::Varchar()}, LogicalType::Date(), Kernel<FromIso8601Date>()}}, f);
       return Status::OK();
     },
     "from_iso8601_date(varchar(x))"},
    {"from_iso8601_timestamp",
     [](const Args& a, BoundFunction* f) {
       MatchOverloads(a,
                      {{{LogicalType::Varchar()},
                        LogicalType::TimestampTz(3, CurrentSessionTime().zone->id()),
                        FromIso8601Timestamp}},
                      f);
       return Status::OK();
     },
     "from_iso8601_timestamp(varchar(x))"},
};

#undef FLOE_DATE_FIELD
#undef FLOE_CLOCK_FIELD

}  // namespace

std::span<const FunctionEntry> DateTimeFunctions() { return kDateTime; }

}  // namespace floe::sql::functions
