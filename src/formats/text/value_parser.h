#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/int128.h"
#include "common/result.h"

namespace floe::columnar {
class LogicalType;
class Vector;
}  // namespace floe::columnar

namespace floe::formats::text {

// Parsers of values written as text (CSV fields, JSON strings). Each returns
// false when the text is not a value of its type; none allocates. Numbers
// and booleans may have spaces or tabs around them.

/// true/false, t/f, yes/no, y/n, 1/0, in any case.
bool ParseBoolean(std::string_view s, bool* out);
/// [+-]digits within int64.
bool ParseInt64(std::string_view s, int64_t* out);
/// A decimal number with optional fraction and exponent ("1e5", ".5",
/// "-2.5E-3"), or inf/infinity/nan with an optional sign.
bool ParseDouble(std::string_view s, double* out);
/// [+-]digits[.digits] as decimal(precision, scale): extra fraction digits
/// round half away from zero; false when the value needs more than
/// `precision` digits.
bool ParseDecimal(std::string_view s, int precision, int scale, int128_t* out);
/// ISO dates: [+-]Y-M-D, the year of 1 to 6 digits, month and day of 1 or 2.
bool ParseIsoDate(std::string_view s, int32_t* days);
/// An ISO date, optionally followed by ' ' or 'T', hh:mm[:ss[.f]] (up to 6
/// fractional digits) and a final 'Z', as microseconds since the epoch.
bool ParseIsoTimestamp(std::string_view s, int64_t* micros);
/// hh:mm[:ss[.f]] (up to 6 fractional digits) as microseconds of the day.
bool ParseIsoTime(std::string_view s, int64_t* micros);
/// Whether `s` is well-formed UTF-8 (no overlong forms, surrogates or code
/// points past U+10FFFF). On false, *bad_offset is where it goes wrong.
bool IsValidUtf8(std::string_view s, size_t* bad_offset = nullptr);

/// A strptime-like date/time format: %Y (year), %y (2-digit year,
/// 69..99 -> 19xx), %m, %d, %e (day, space-padded), %j (day of year), %H,
/// %I with %p (AM/PM), %M, %S, %f (fraction, 1..9 digits, kept to
/// microseconds), %b/%h/%B (month names in English), %z (Z, +hh, +hhmm or
/// +hh:mm; the value moves to UTC), %T (%H:%M:%S), %F (%Y-%m-%d), %%.
/// Numbers take 1 or 2 digits (the year up to 6); a space matches one or
/// more spaces; other characters match themselves.
class DateTimeFormat {
 public:
  DateTimeFormat() = default;
  /// Invalid naming the specifier when `format` has an unknown one.
  static Result<DateTimeFormat> Make(std::string_view format);
  /// Parses `s` whole, as microseconds since the epoch (fields not in the
  /// format: 1970, January, 1st, 00:00:00).
  bool Parse(std::string_view s, int64_t* micros) const;
  const std::string& text() const { return text_; }

 private:
  struct Item {
    char spec;  // 0: literal `literal`
    char literal;
  };
  std::string text_;
  std::vector<Item> items_;
};

/// How date and timestamp text is read: the ISO forms when a format is null.
struct TemporalFormats {
  const DateTimeFormat* date = nullptr;
  const DateTimeFormat* timestamp = nullptr;
};

/// Parses `s` as a date / timestamp with `formats` (ISO when none).
bool ParseDate(std::string_view s, const TemporalFormats& formats, int32_t* days);
bool ParseTimestamp(std::string_view s, const TemporalFormats& formats, int64_t* micros);

/// Types inference chooses among, narrowest first; a value rules out those
/// it cannot be (the inference of DuckDB's sniffer, whose types these are).
enum CandidateType : uint32_t {
  kCandidateBoolean = 1u << 0,  // true/false only (not 1/0, t/f)
  kCandidateBigInt = 1u << 1,
  kCandidateDouble = 1u << 2,  // not inf/nan, which stay text
  kCandidateTime = 1u << 3,
  kCandidateDate = 1u << 4,
  kCandidateTimestamp = 1u << 5,  // dates are timestamps too
  kCandidateVarchar = 1u << 6,
  kAllCandidates = (1u << 7) - 1,
};

/// The candidate types that text `s` (not NULL, not empty) fits.
uint32_t CandidateTypes(std::string_view s, const TemporalFormats& formats);
/// The narrowest type of a mask that ruled out others: boolean, bigint,
/// double, time(6), date, timestamp(6), else varchar (also when `mask` is
/// kAllCandidates: a column of NULLs only).
columnar::LogicalType NarrowestCandidate(uint32_t mask);

/// Whether StoreTextValue reads `type` (the types CSV and JSON readers
/// produce); NotSupported naming the type if not.
Status CheckTextReadableType(const columnar::LogicalType& type);

/// The outcome of StoreTextValue.
enum class StoreResult : uint8_t { kOk, kBadValue, kBadUtf8, kTooLong, kOutOfMemory };

/// Stores text `s` as row `row` of the flat vector `v`, whose type
/// CheckTextReadableType accepts: parsed for numbers, booleans and
/// temporal types, copied (after checking UTF-8 and varchar(n)'s length)
/// for strings. Sets nothing on failure; on kOutOfMemory, `*error` holds
/// the pool's error.
StoreResult StoreTextValue(std::string_view s, const TemporalFormats& formats, columnar::Vector* v,
                           int64_t row, Status* error);

/// The reason for a failed StoreTextValue, for messages: "cannot parse
/// 'abc' as bigint", "invalid UTF-8", "value longer than varchar(3)".
std::string StoreFailureReason(StoreResult result, std::string_view s,
                               const columnar::LogicalType& type);

}  // namespace floe::formats::text
