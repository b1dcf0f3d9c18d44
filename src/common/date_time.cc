#include "common/date_time.h"

#include <chrono>

#include <cstdio>

namespace floe {

// Days <-> civil date by the era method (400-year cycles of 146097 days),
// valid for the whole proleptic Gregorian calendar.
CivilDate CivilFromDays(int64_t days) {
  days += 719468;
  const int64_t era = FloorDiv(days, 146097);
  const int64_t doe = days - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return CivilDate{yoe + era * 400 + (month <= 2), month, day};
}

int64_t DaysFromCivil(int64_t year, int month, int day) {
  year -= month <= 2;
  const int64_t era = FloorDiv(year, 400);
  const int64_t yoe = year - era * 400;
  const int64_t mp = month > 2 ? month - 3 : month + 9;
  const int64_t doy = (153 * mp + 2) / 5 + day - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

bool AddMonthsToMicros(int64_t micros, int64_t months, int64_t* out) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const int64_t days = FloorDiv(micros, kMicrosPerDay);
  const CivilDate c = CivilFromDays(days);
  if (months > 12 * 300000000LL || months < -12 * 300000000LL) return false;
  const int64_t total = c.year * 12 + (c.month - 1) + months;
  const int64_t year = FloorDiv(total, 12);
  const int month = static_cast<int>(FloorMod(total, 12)) + 1;
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  const int last = kDays[month - 1] + (month == 2 && leap ? 1 : 0);
  const int64_t new_days = DaysFromCivil(year, month, c.day < last ? c.day : last);
  return !__builtin_mul_overflow(new_days, kMicrosPerDay, out) &&
         !__builtin_add_overflow(*out, micros - days * kMicrosPerDay, out);
}

void AppendDate(int64_t days, std::string* out) {
  CivilDate d = CivilFromDays(days);
  char buf[40];
  int n;
  if (d.year >= 0 && d.year <= 9999) {
    n = std::snprintf(buf, sizeof(buf), "%04lld-%02d-%02d", static_cast<long long>(d.year), d.month,
                      d.day);
  } else {
    n = std::snprintf(buf, sizeof(buf), "%+05lld-%02d-%02d", static_cast<long long>(d.year),
                      d.month, d.day);
  }
  out->append(buf, static_cast<size_t>(n));
}

void AppendTimeOfDay(int64_t micros_of_day, int precision, std::string* out) {
  int64_t secs = micros_of_day / kMicrosPerSecond;
  int64_t frac = micros_of_day % kMicrosPerSecond;
  char buf[32];
  int n =
      std::snprintf(buf, sizeof(buf), "%02lld:%02lld:%02lld", static_cast<long long>(secs / 3600),
                    static_cast<long long>(secs / 60 % 60), static_cast<long long>(secs % 60));
  out->append(buf, static_cast<size_t>(n));
  if (precision > 0) {
    if (precision > 6) precision = 6;
    std::snprintf(buf, sizeof(buf), ".%06lld", static_cast<long long>(frac));
    out->append(buf, static_cast<size_t>(1 + precision));
  }
}

void AppendTimestamp(int64_t micros, int precision, std::string* out) {
  int64_t days = FloorDiv(micros, kMicrosPerDay);
  AppendDate(days, out);
  out->push_back(' ');
  AppendTimeOfDay(micros - days * kMicrosPerDay, precision, out);
}

void AppendIntervalDayTime(int64_t micros, std::string* out) {
  const bool negative = micros < 0;
  const uint64_t a = negative ? static_cast<uint64_t>(0) - static_cast<uint64_t>(micros)
                              : static_cast<uint64_t>(micros);
  const uint64_t millis = a / 1000;
  char buf[64];
  int n = std::snprintf(buf, sizeof(buf), "%s%llu %02llu:%02llu:%02llu.%03llu", negative ? "-" : "",
                        static_cast<unsigned long long>(millis / 86400000),
                        static_cast<unsigned long long>(millis / 3600000 % 24),
                        static_cast<unsigned long long>(millis / 60000 % 60),
                        static_cast<unsigned long long>(millis / 1000 % 60),
                        static_cast<unsigned long long>(millis % 1000));
  out->append(buf, static_cast<size_t>(n));
}

void AppendIntervalYearMonth(int64_t months, std::string* out) {
  const bool negative = months < 0;
  const uint64_t a = negative ? static_cast<uint64_t>(0) - static_cast<uint64_t>(months)
                              : static_cast<uint64_t>(months);
  char buf[48];
  int n = std::snprintf(buf, sizeof(buf), "%s%llu-%llu", negative ? "-" : "",
                        static_cast<unsigned long long>(a / 12),
                        static_cast<unsigned long long>(a % 12));
  out->append(buf, static_cast<size_t>(n));
}

int64_t NowMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

namespace {

// Reads 1+ digits at `*i` into `*v` (at most `max_digits`).
bool Digits(std::string_view t, size_t* i, int max_digits, int64_t* v, int* count = nullptr) {
  int n = 0;
  *v = 0;
  while (*i < t.size() && t[*i] >= '0' && t[*i] <= '9' && n < max_digits) {
    *v = *v * 10 + (t[*i] - '0');
    ++*i;
    ++n;
  }
  if (count != nullptr) *count = n;
  return n > 0;
}

bool ParseDatePart(std::string_view t, size_t* i, int64_t* days) {
  bool negative = false;
  if (*i < t.size() && (t[*i] == '-' || t[*i] == '+')) negative = t[(*i)++] == '-';
  int64_t y, m, d;
  if (!Digits(t, i, 9, &y) || *i >= t.size() || t[*i] != '-') return false;
  ++*i;
  if (!Digits(t, i, 2, &m) || *i >= t.size() || t[*i] != '-') return false;
  ++*i;
  if (!Digits(t, i, 2, &d)) return false;
  if (negative) y = -y;
  if (m < 1 || m > 12 || d < 1) return false;
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (d > kDays[m - 1] + (m == 2 && leap ? 1 : 0)) return false;
  *days = DaysFromCivil(y, static_cast<int>(m), static_cast<int>(d));
  return true;
}

}  // namespace

bool ParseDate(std::string_view text, int64_t* days) {
  size_t i = 0;
  return ParseDatePart(text, &i, days) && i == text.size();
}

bool ParseTimestamp(std::string_view t, int64_t* micros, int* fraction_digits) {
  size_t i = 0;
  int64_t days;
  if (!ParseDatePart(t, &i, &days)) return false;
  int64_t h = 0, mi = 0, s = 0, frac = 0;
  int digits = 0;
  if (i < t.size()) {
    if (t[i] != ' ' && t[i] != 'T') return false;
    ++i;
    if (!Digits(t, &i, 2, &h) || i >= t.size() || t[i] != ':') return false;
    ++i;
    if (!Digits(t, &i, 2, &mi)) return false;
    if (i < t.size() && t[i] == ':') {
      ++i;
      if (!Digits(t, &i, 2, &s)) return false;
      if (i < t.size() && t[i] == '.') {
        ++i;
        if (!Digits(t, &i, 12, &frac, &digits) || digits > 6) return false;
      }
    }
    if (i != t.size() || h > 23 || mi > 59 || s > 59) return false;
  }
  for (int k = digits; k < 6; ++k) frac *= 10;
  *micros = days * kMicrosPerDay + ((h * 60 + mi) * 60 + s) * kMicrosPerSecond + frac;
  *fraction_digits = digits;
  return true;
}

bool ParseTimeOfDay(std::string_view t, int64_t* micros, int* fraction_digits) {
  size_t i = 0;
  int64_t h = 0, mi = 0, s = 0, frac = 0;
  int digits = 0;
  if (!Digits(t, &i, 2, &h) || i >= t.size() || t[i] != ':') return false;
  ++i;
  if (!Digits(t, &i, 2, &mi)) return false;
  if (i < t.size() && t[i] == ':') {
    ++i;
    if (!Digits(t, &i, 2, &s)) return false;
    if (i < t.size() && t[i] == '.') {
      ++i;
      if (!Digits(t, &i, 12, &frac, &digits) || digits > 6) return false;
    }
  }
  if (i != t.size() || h > 23 || mi > 59 || s > 59) return false;
  for (int k = digits; k < 6; ++k) frac *= 10;
  *micros = ((h * 60 + mi) * 60 + s) * kMicrosPerSecond + frac;
  *fraction_digits = digits;
  return true;
}

}  // namespace floe
