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

int64_t NowMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace floe
