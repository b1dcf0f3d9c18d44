// Trino's arithmetic on dates, times, timestamps and intervals
// (https://trino.io/docs/current/functions/datetime.html, "Date and time
// operators"): date, time and timestamps plus or minus intervals, interval
// arithmetic, interval times and divided by numbers, and the differences of
// two timestamps or two times as an interval day to second.
//
// Day-to-second intervals are exact microseconds: added to a timestamp with
// time zone they move the instant. Year-to-month intervals are calendar
// months: they move the wall clock (in the value's zone for timestamps with
// time zone) and clamp the day to the new month's last, as Joda's
// plusMonths does. A date takes whole days only.

#include <cmath>
#include <limits>
#include <string_view>

#include "common/date_time.h"
#include "common/time_zone.h"
#include "sql/functions/function_registry.h"

namespace floe::sql::functions {

namespace {

using columnar::TypeId;

Status OutOfRange(std::string_view what) {
  return Status::Invalid(what, " is out of range of its type");
}

// ---- dates ----

Status DatePlusMicros(int32_t* out, int32_t date, int64_t micros) {
  if (micros % kMicrosPerDay != 0)
    return Status::Invalid("Cannot add hour, minutes or seconds to a date");
  const int64_t d = int64_t{date} + micros / kMicrosPerDay;
  if (d < INT32_MIN || d > INT32_MAX) return OutOfRange("date + interval");
  *out = static_cast<int32_t>(d);
  return Status::OK();
}

Status DateMinusMicros(int32_t* out, int32_t date, int64_t micros) {
  if (micros % kMicrosPerDay != 0)
    return Status::Invalid("Cannot subtract hour, minutes or seconds from a date");
  const int64_t d = int64_t{date} - micros / kMicrosPerDay;
  if (d < INT32_MIN || d > INT32_MAX) return OutOfRange("date - interval");
  *out = static_cast<int32_t>(d);
  return Status::OK();
}

Status DatePlusMonths(int32_t* out, int32_t date, int32_t months) {
  int64_t micros;
  if (!AddMonthsToMicros(int64_t{date} * kMicrosPerDay, months, &micros))
    return OutOfRange("date + interval");
  const int64_t d = FloorDiv(micros, kMicrosPerDay);
  if (d < INT32_MIN || d > INT32_MAX) return OutOfRange("date + interval");
  *out = static_cast<int32_t>(d);
  return Status::OK();
}

Status DateMinusMonths(int32_t* out, int32_t date, int32_t months) {
  return DatePlusMonths(out, date, -months);
}

// ---- times: wrap around midnight ----

int64_t TimePlusMicros(int64_t time, int64_t micros) {
  return FloorMod(time + micros % kMicrosPerDay, kMicrosPerDay);
}
int64_t TimeMinusMicros(int64_t time, int64_t micros) {
  return FloorMod(time - micros % kMicrosPerDay, kMicrosPerDay);
}

// ---- timestamps (and instants of timestamps with time zone) ----

Status PlusMicros(int64_t* out, int64_t ts, int64_t micros) {
  if (__builtin_add_overflow(ts, micros, out)) return OutOfRange("timestamp + interval");
  return Status::OK();
}
Status MinusMicros(int64_t* out, int64_t ts, int64_t micros) {
  if (__builtin_sub_overflow(ts, micros, out)) return OutOfRange("timestamp - interval");
  return Status::OK();
}
Status PlusMonths(int64_t* out, int64_t ts, int32_t months) {
  if (!AddMonthsToMicros(ts, months, out)) return OutOfRange("timestamp + interval");
  return Status::OK();
}
Status MinusMonths(int64_t* out, int64_t ts, int32_t months) {
  return PlusMonths(out, ts, -months);
}

// Timestamp with time zone plus months: the wall clock in the value's zone
// moves, then maps back to an instant (preferring the original offset in
// an overlap, as Joda's zoned fields do). Not a Kernel<>: it needs the zone
// of the argument's type.
template <bool kTzFirst, int kSign>
Status TzPlusMonthsKernel(const KernelContext& ctx) {
  const columnar::Vector& tz_arg = *ctx.args[kTzFirst ? 0 : 1];
  const TimeZone& zone = *TimeZone::FromId(tz_arg.type().time_zone());
  kernels::Input<int64_t> ts(tz_arg);
  kernels::Input<int32_t> months(*ctx.args[kTzFirst ? 1 : 0]);
  int64_t* out = ctx.out->mutable_data<int64_t>();
  for (int64_t i = 0; i < ctx.n; ++i) {
    out[i] = 0;
    if (!kernels::Valid(*ctx.out, i)) continue;
    int64_t local;
    if (!AddMonthsToMicros(zone.UtcToLocal(ts[i]), kSign * int64_t{months[i]}, &local))
      return OutOfRange("timestamp with time zone + interval");
    out[i] = zone.LocalToUtc(local, ts[i]);
  }
  return Status::OK();
}

// ---- intervals ----

Status DayTimeAdd(int64_t* out, int64_t a, int64_t b) {
  if (__builtin_add_overflow(a, b, out)) return OutOfRange("interval day to second addition");
  return Status::OK();
}
Status DayTimeSubtract(int64_t* out, int64_t a, int64_t b) {
  if (__builtin_sub_overflow(a, b, out)) return OutOfRange("interval day to second subtraction");
  return Status::OK();
}
Status YearMonthAdd(int32_t* out, int32_t a, int32_t b) {
  if (__builtin_add_overflow(a, b, out)) return OutOfRange("interval year to month addition");
  return Status::OK();
}
Status YearMonthSubtract(int32_t* out, int32_t a, int32_t b) {
  if (__builtin_sub_overflow(a, b, out)) return OutOfRange("interval year to month subtraction");
  return Status::OK();
}
Status DayTimeNegate(int64_t* out, int64_t a) {
  if (a == INT64_MIN) return OutOfRange("interval day to second negation");
  *out = -a;
  return Status::OK();
}
Status YearMonthNegate(int32_t* out, int32_t a) {
  if (a == INT32_MIN) return OutOfRange("interval year to month negation");
  *out = -a;
  return Status::OK();
}

// The differences: timestamp - timestamp (and with time zone: instants),
// time - time.
Status Difference(int64_t* out, int64_t a, int64_t b) {
  if (__builtin_sub_overflow(a, b, out)) return OutOfRange("timestamp difference");
  return Status::OK();
}

template <typename T>
Status ScaleByInteger(T* out, T interval, int64_t factor) {
  int64_t r;
  if (__builtin_mul_overflow(int64_t{interval}, factor, &r) || r < std::numeric_limits<T>::min() ||
      r > std::numeric_limits<T>::max())
    return OutOfRange("interval multiplication");
  *out = static_cast<T>(r);
  return Status::OK();
}
template <typename T>
Status ScaleByIntegerSwapped(T* out, int64_t factor, T interval) {
  return ScaleByInteger(out, interval, factor);
}

// Interval times or divided by a double: the product truncated toward zero
// (Trino casts the double product to long).
template <typename T>
Status ScaleByDouble(T* out, T interval, double factor) {
  const double r = static_cast<double>(interval) * factor;
  if (!(r > static_cast<double>(std::numeric_limits<T>::min()) - 1 &&
        r < static_cast<double>(std::numeric_limits<T>::max())))
    return OutOfRange("interval multiplication");
  *out = static_cast<T>(std::trunc(r));
  return Status::OK();
}
template <typename T>
Status ScaleByDoubleSwapped(T* out, double factor, T interval) {
  return ScaleByDouble(out, interval, factor);
}
template <typename T>
Status DivideByDouble(T* out, T interval, double divisor) {
  if (divisor == 0) return Status::Invalid("Division by zero");
  const double r = static_cast<double>(interval) / divisor;
  if (!(r > static_cast<double>(std::numeric_limits<T>::min()) - 1 &&
        r < static_cast<double>(std::numeric_limits<T>::max())))
    return OutOfRange("interval division");
  *out = static_cast<T>(std::trunc(r));
  return Status::OK();
}

bool IsDayTime(const LogicalType& t) { return t.id() == TypeId::kIntervalDayTime; }
bool IsYearMonth(const LogicalType& t) { return t.id() == TypeId::kIntervalYearMonth; }
bool IsInterval(const LogicalType& t) { return IsDayTime(t) || IsYearMonth(t); }

void Bind(BoundFunction* f, LogicalType a, LogicalType b, LogicalType result, ScalarKernel k) {
  f->arg_types = {std::move(a), std::move(b)};
  f->result_type = std::move(result);
  f->kernel = k;
}

// The numeric operand of interval * n: bigint for integers, else double.
LogicalType ScaleOperand(const LogicalType& t) {
  return IsIntegral(t) || IsUnknown(t) ? LogicalType::BigInt() : LogicalType::Double();
}

}  // namespace

Status ResolveTemporalOperator(std::string_view op, const std::vector<LogicalType>& args,
                               BoundFunction* f) {
  const LogicalType day_time(TypeId::kIntervalDayTime);
  const LogicalType year_month(TypeId::kIntervalYearMonth);
  if (op == "negate") {
    if (args.size() != 1) return Status::OK();
    if (IsDayTime(args[0])) {
      f->arg_types = {day_time};
      f->result_type = day_time;
      f->kernel = Kernel<DayTimeNegate>();
    } else if (IsYearMonth(args[0])) {
      f->arg_types = {year_month};
      f->result_type = year_month;
      f->kernel = Kernel<YearMonthNegate>();
    }
    return Status::OK();
  }
  if (args.size() != 2) return Status::OK();
  const LogicalType& a = args[0];
  const LogicalType& b = args[1];
  const TypeId x = a.id(), y = b.id();
  const bool plus = op == "+", minus = op == "-";
  if (plus || minus) {
    // interval +- interval
    if (IsDayTime(a) && IsDayTime(b)) {
      Bind(f, a, b, day_time, plus ? Kernel<DayTimeAdd>() : Kernel<DayTimeSubtract>());
      return Status::OK();
    }
    if (IsYearMonth(a) && IsYearMonth(b)) {
      Bind(f, a, b, year_month, plus ? Kernel<YearMonthAdd>() : Kernel<YearMonthSubtract>());
      return Status::OK();
    }
    // value +- interval, and interval + value
    const bool interval_first = plus && IsInterval(a) && !IsInterval(b);
    const LogicalType& value = interval_first ? b : a;
    const LogicalType& interval = interval_first ? a : b;
    if (IsInterval(interval) && !IsInterval(value)) {
      const bool months = IsYearMonth(interval);
      ScalarKernel k = nullptr;
      switch (value.id()) {
        case TypeId::kDate:
          if (interval_first) {
            k = months ? Kernel<[](int32_t* o, int32_t m, int32_t d) {
              return DatePlusMonths(o, d, m);
            }>()
                       : Kernel<[](int32_t* o, int64_t m, int32_t d) {
                           return DatePlusMicros(o, d, m);
                         }>();
          } else if (plus) {
            k = months ? Kernel<DatePlusMonths>() : Kernel<DatePlusMicros>();
          } else {
            k = months ? Kernel<DateMinusMonths>() : Kernel<DateMinusMicros>();
          }
          break;
        case TypeId::kTime:
          if (months) break;  // Trino has no time + interval year to month
          if (interval_first) {
            k = Kernel<[](int64_t m, int64_t t) { return TimePlusMicros(t, m); }>();
          } else {
            k = plus ? Kernel<TimePlusMicros>() : Kernel<TimeMinusMicros>();
          }
          break;
        case TypeId::kTimestamp:
        case TypeId::kTimestampTz:
          if (months && value.id() == TypeId::kTimestampTz) {
            if (interval_first) {
              k = TzPlusMonthsKernel<false, 1>;
            } else {
              k = plus ? TzPlusMonthsKernel<true, 1> : TzPlusMonthsKernel<true, -1>;
            }
          } else if (interval_first) {
            k = months
                    ? Kernel<[](int64_t* o, int32_t m, int64_t t) { return PlusMonths(o, t, m); }>()
                    : Kernel<[](int64_t* o, int64_t m, int64_t t) {
                        return PlusMicros(o, t, m);
                      }>();
          } else if (plus) {
            k = months ? Kernel<PlusMonths>() : Kernel<PlusMicros>();
          } else {
            k = months ? Kernel<MinusMonths>() : Kernel<MinusMicros>();
          }
          break;
        default:
          break;
      }
      if (k != nullptr) Bind(f, a, b, value, k);
      return Status::OK();
    }
    // timestamp - timestamp, time - time: an interval day to second.
    if (minus) {
      auto common = CommonSuperType(a, b);
      if (common &&
          (common->id() == TypeId::kTimestamp || common->id() == TypeId::kTimestampTz ||
           common->id() == TypeId::kTime) &&
          x != TypeId::kDate && y != TypeId::kDate) {
        Bind(f, *common, *common, day_time, Kernel<Difference>());
      }
    }
    return Status::OK();
  }
  if (op == "*") {
    const bool interval_first = IsInterval(a);
    const LogicalType& interval = interval_first ? a : b;
    const LogicalType& number = interval_first ? b : a;
    if (!IsInterval(interval) || !(IsNumeric(number) || IsUnknown(number))) return Status::OK();
    const LogicalType n = ScaleOperand(number);
    const bool integral = n.id() == TypeId::kBigInt;
    ScalarKernel k;
    if (IsDayTime(interval)) {
      k = interval_first
              ? (integral ? Kernel<ScaleByInteger<int64_t>>() : Kernel<ScaleByDouble<int64_t>>())
              : (integral ? Kernel<ScaleByIntegerSwapped<int64_t>>()
                          : Kernel<ScaleByDoubleSwapped<int64_t>>());
    } else {
      k = interval_first
              ? (integral ? Kernel<ScaleByInteger<int32_t>>() : Kernel<ScaleByDouble<int32_t>>())
              : (integral ? Kernel<ScaleByIntegerSwapped<int32_t>>()
                          : Kernel<ScaleByDoubleSwapped<int32_t>>());
    }
    if (interval_first) {
      Bind(f, interval, n, interval, k);
    } else {
      Bind(f, n, interval, interval, k);
    }
    return Status::OK();
  }
  if (op == "/" && IsInterval(a) && (IsNumeric(b) || IsUnknown(b))) {
    Bind(f, a, LogicalType::Double(), a,
         IsDayTime(a) ? Kernel<DivideByDouble<int64_t>>() : Kernel<DivideByDouble<int32_t>>());
  }
  return Status::OK();
}

}  // namespace floe::sql::functions
