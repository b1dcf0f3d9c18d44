#pragma once

#include <cstdint>
#include <string>
#include <string_view>

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

/// Adds `months` to a timestamp (microseconds, no zone) keeping the time of
/// day, the day clamped to the new month's last (Joda's plusMonths, which
/// Trino uses: 2024-01-31 + 1 month = 2024-02-29). False on overflow.
bool AddMonthsToMicros(int64_t micros, int64_t months, int64_t* out);

/// The wall clock in milliseconds since the epoch.
int64_t NowMillis();

/// "2025-01-31" (years outside 0..9999 get a sign or more digits).
void AppendDate(int64_t days, std::string* out);
/// "10:00:00.000000" with `precision` fractional digits (0..6).
void AppendTimeOfDay(int64_t micros_of_day, int precision, std::string* out);
/// "2025-01-31 10:00:00.000000" with `precision` fractional digits.
void AppendTimestamp(int64_t micros, int precision, std::string* out);

/// Trino's interval day to second text, "-1 02:03:04.500": days, then the
/// clock to milliseconds (microseconds beyond are not shown).
void AppendIntervalDayTime(int64_t micros, std::string* out);
/// Trino's interval year to month text, "1-2" (years-months), "-0-3".
void AppendIntervalYearMonth(int64_t months, std::string* out);

/// Parses "2025-01-31" (SQL DATE literal text: 1-4+ digit year, optional
/// sign) into days since the epoch; false when it is not a valid date.
bool ParseDate(std::string_view text, int64_t* days);
/// Parses "2025-01-31 10:00:00[.ffffff]" (or with 'T'; seconds and the time
/// optional) into microseconds since the epoch, and the number of fractional
/// digits written; false when invalid (more than 6 fractional digits too).
bool ParseTimestamp(std::string_view text, int64_t* micros, int* fraction_digits);

/// Parses "10:00[:00[.ffffff]]" (a TIME literal) into microseconds of the
/// day and the number of fractional digits written; false when invalid.
bool ParseTimeOfDay(std::string_view text, int64_t* micros, int* fraction_digits);

}  // namespace floe
