#pragma once

#include <cstdint>
#include <string>

namespace floe {

/// A proleptic Gregorian calendar date.
struct CivilDate {
  int64_t year;
  int month;  // 1..12
  int day;    // 1..31
};

/// Days since 1970-01-01 to a civil date and back (valid for any int32 day count).
CivilDate CivilFromDays(int64_t days);
int64_t DaysFromCivil(int64_t year, int month, int day);

inline constexpr int64_t kMicrosPerSecond = 1000000;
inline constexpr int64_t kMicrosPerDay = 86400LL * kMicrosPerSecond;

/// Floor division and modulo (towards negative infinity), for pre-1970 values.
inline int64_t FloorDiv(int64_t a, int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}
inline int64_t FloorMod(int64_t a, int64_t b) { return a - FloorDiv(a, b) * b; }

/// "2025-01-31" (years outside 0..9999 get a sign or more digits).
/// The wall clock in milliseconds since the epoch.
int64_t NowMillis();

void AppendDate(int64_t days, std::string* out);
/// "10:00:00.000000" with `precision` fractional digits (0..6).
void AppendTimeOfDay(int64_t micros_of_day, int precision, std::string* out);
/// "2025-01-31 10:00:00.000000" with `precision` fractional digits.
void AppendTimestamp(int64_t micros, int precision, std::string* out);

}  // namespace floe
