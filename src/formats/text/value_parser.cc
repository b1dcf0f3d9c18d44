#include "formats/text/value_parser.h"

#include <charconv>
#include <cmath>
#include <cstring>

#include "columnar/logical_type.h"
#include "columnar/vector.h"
#include "common/date_time.h"
#include "common/utf8.h"
#include "formats/text/rejects.h"

namespace floe::formats::text {

namespace {

// Timestamps are int64 microseconds: about 292,000 years either side of 1970.
constexpr int64_t kMaxTimestampDays = 106751990;

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (Lower(a[i]) != Lower(b[i])) return false;
  }
  return true;
}

// Reads between `min` and `max` digits at s[*i].
bool ReadDigits(std::string_view s, size_t* i, int min, int max, int64_t* out) {
  int64_t v = 0;
  int n = 0;
  while (*i < s.size() && n < max && IsDigit(s[*i])) {
    v = v * 10 + (s[*i] - '0');
    ++*i;
    ++n;
  }
  *out = v;
  return n >= min;
}

bool ValidDate(int64_t y, int64_t m, int64_t d) {
  if (m < 1 || m > 12 || d < 1) return false;
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return d <= kDays[m - 1] + (m == 2 && leap ? 1 : 0);
}

// [+-]Y{1,6}-M{1,2}-D{1,2} at s[*i].
bool ReadIsoDate(std::string_view s, size_t* i, int64_t* days) {
  bool negative = false;
  if (*i < s.size() && (s[*i] == '-' || s[*i] == '+')) negative = s[(*i)++] == '-';
  int64_t y, m, d;
  if (!ReadDigits(s, i, 1, 6, &y) || *i >= s.size() || s[*i] != '-') return false;
  ++*i;
  if (!ReadDigits(s, i, 1, 2, &m) || *i >= s.size() || s[*i] != '-') return false;
  ++*i;
  if (!ReadDigits(s, i, 1, 2, &d)) return false;
  if (negative) y = -y;
  if (!ValidDate(y, m, d)) return false;
  *days = DaysFromCivil(y, static_cast<int>(m), static_cast<int>(d));
  return true;
}

// h{1,2}:mm[:ss[.f{1,6}]] at s[*i].
bool ReadIsoTime(std::string_view s, size_t* i, int64_t* micros) {
  int64_t h, mi, sec = 0, frac = 0;
  if (!ReadDigits(s, i, 1, 2, &h) || *i >= s.size() || s[*i] != ':') return false;
  ++*i;
  if (!ReadDigits(s, i, 2, 2, &mi)) return false;
  if (*i < s.size() && s[*i] == ':') {
    ++*i;
    if (!ReadDigits(s, i, 2, 2, &sec)) return false;
    if (*i < s.size() && s[*i] == '.') {
      ++*i;
      size_t start = *i;
      if (!ReadDigits(s, i, 1, 6, &frac)) return false;
      for (size_t k = *i - start; k < 6; ++k) frac *= 10;
      if (*i < s.size() && IsDigit(s[*i])) return false;  // more than 6 digits
    }
  }
  if (h > 23 || mi > 59 || sec > 59) return false;
  *micros = ((h * 60 + mi) * 60 + sec) * kMicrosPerSecond + frac;
  return true;
}

const char* const kMonthNames[] = {"january",   "february", "march",    "april",
                                   "may",       "june",     "july",     "august",
                                   "september", "october",  "november", "december"};

// A month name, full or abbreviated to three letters, at s[*i].
bool ReadMonthName(std::string_view s, size_t* i, int64_t* month) {
  for (int m = 0; m < 12; ++m) {
    std::string_view full = kMonthNames[m];
    for (size_t len : {full.size(), size_t{3}}) {
      if (s.size() - *i >= len && EqualsIgnoreCase(s.substr(*i, len), full.substr(0, len))) {
        *i += len;
        *month = m + 1;
        return true;
      }
    }
  }
  return false;
}

}  // namespace

bool ParseBoolean(std::string_view s, bool* out) {
  s = Trim(s);
  if (s.empty() || s.size() > 5) return false;
  static const char* const kTrue[] = {"true", "t", "yes", "y", "1"};
  static const char* const kFalse[] = {"false", "f", "no", "n", "0"};
  for (const char* t : kTrue) {
    if (EqualsIgnoreCase(s, t)) {
      *out = true;
      return true;
    }
  }
  for (const char* f : kFalse) {
    if (EqualsIgnoreCase(s, f)) {
      *out = false;
      return true;
    }
  }
  return false;
}

bool ParseInt64(std::string_view s, int64_t* out) {
  s = Trim(s);
  size_t i = 0;
  bool negative = false;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    negative = s[0] == '-';
    i = 1;
  }
  if (i == s.size()) return false;
  uint64_t v = 0;
  for (; i < s.size(); ++i) {
    auto d = static_cast<unsigned>(s[i] - '0');
    if (d > 9) return false;
    if (v > (UINT64_MAX - d) / 10) return false;
    v = v * 10 + d;
  }
  if (negative) {
    if (v > static_cast<uint64_t>(INT64_MAX) + 1) return false;
    *out = static_cast<int64_t>(~v + 1);
  } else {
    if (v > static_cast<uint64_t>(INT64_MAX)) return false;
    *out = static_cast<int64_t>(v);
  }
  return true;
}

bool ParseDouble(std::string_view s, double* out) {
  s = Trim(s);
  // from_chars takes no '+'.
  if (!s.empty() && s[0] == '+') {
    s.remove_prefix(1);
    if (!s.empty() && s[0] == '-') return false;
  }
  if (s.empty()) return false;
  double v;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v, std::chars_format::general);
  if (ptr != s.data() + s.size()) return false;
  // Out of range: from_chars leaves v alone; C's strtod gives +-inf or 0.
  if (ec == std::errc::result_out_of_range) {
    size_t mantissa_end = s.find_first_of("eE");
    bool negative = s[0] == '-';
    bool tiny = mantissa_end != std::string_view::npos &&
                s.find('-', mantissa_end) != std::string_view::npos;
    v = tiny ? (negative ? -0.0 : 0.0) : (negative ? -HUGE_VAL : HUGE_VAL);
  } else if (ec != std::errc()) {
    return false;
  }
  *out = v;
  return true;
}

bool ParseDecimal(std::string_view s, int precision, int scale, int128_t* out) {
  s = Trim(s);
  size_t i = 0;
  bool negative = false;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    negative = s[0] == '-';
    i = 1;
  }
  const int128_t limit = PowerOfTen(precision);
  int128_t v = 0;
  int digits = 0, fraction_digits = 0;
  bool round_up = false, seen_point = false;
  for (; i < s.size(); ++i) {
    char c = s[i];
    if (c == '.' && !seen_point) {
      seen_point = true;
      continue;
    }
    if (!IsDigit(c)) return false;
    ++digits;
    if (seen_point) {
      if (fraction_digits >= scale) {
        // The first digit past the scale decides the rounding; later ones are dropped.
        if (fraction_digits == scale) round_up = c >= '5';
        ++fraction_digits;
        continue;
      }
      ++fraction_digits;
    }
    int d = c - '0';
    if (v > (limit - 1 - d) / 10) return false;
    v = v * 10 + d;
  }
  if (digits == 0) return false;
  for (int k = fraction_digits; k < scale; ++k) {
    v *= 10;
    if (v >= limit) return false;
  }
  if (round_up) ++v;
  if (v >= limit) return false;
  *out = negative ? -v : v;
  return true;
}

bool ParseIsoDate(std::string_view s, int32_t* days) {
  size_t i = 0;
  int64_t d;
  if (!ReadIsoDate(s, &i, &d) || i != s.size()) return false;
  *days = static_cast<int32_t>(d);
  return true;
}

bool ParseIsoTimestamp(std::string_view s, int64_t* micros) {
  size_t i = 0;
  int64_t days, time = 0;
  if (!ReadIsoDate(s, &i, &days)) return false;
  if (i < s.size()) {
    if (s[i] != ' ' && s[i] != 'T') return false;
    ++i;
    if (!ReadIsoTime(s, &i, &time)) return false;
    if (i < s.size() && s[i] == 'Z') ++i;
    if (i != s.size()) return false;
  }
  if (days > kMaxTimestampDays || days < -kMaxTimestampDays) return false;
  *micros = days * kMicrosPerDay + time;
  return true;
}

bool ParseIsoTime(std::string_view s, int64_t* micros) {
  size_t i = 0;
  return ReadIsoTime(s, &i, micros) && i == s.size();
}

bool IsValidUtf8(std::string_view s, size_t* bad_offset) {
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  const size_t n = s.size();
  size_t i = 0;
  while (i < n) {
    // ASCII runs eight bytes at a time.
    if (i + 8 <= n) {
      uint64_t word;
      std::memcpy(&word, p + i, 8);
      if ((word & 0x8080808080808080ull) == 0) {
        i += 8;
        continue;
      }
    }
    uint8_t c = p[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    int len;
    uint32_t cp;
    if (c >= 0xc2 && c <= 0xdf) {
      len = 2;
      cp = c & 0x1f;
    } else if (c >= 0xe0 && c <= 0xef) {
      len = 3;
      cp = c & 0x0f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      len = 4;
      cp = c & 0x07;
    } else {
      if (bad_offset) *bad_offset = i;
      return false;
    }
    if (i + len > n) {
      if (bad_offset) *bad_offset = i;
      return false;
    }
    for (int k = 1; k < len; ++k) {
      if ((p[i + k] & 0xc0) != 0x80) {
        if (bad_offset) *bad_offset = i;
        return false;
      }
      cp = (cp << 6) | (p[i + k] & 0x3f);
    }
    // Overlong forms, UTF-16 surrogates and code points past U+10FFFF.
    if ((len == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
        (len == 4 && (cp < 0x10000 || cp > 0x10ffff))) {
      if (bad_offset) *bad_offset = i;
      return false;
    }
    i += len;
  }
  return true;
}

Result<DateTimeFormat> DateTimeFormat::Make(std::string_view format) {
  DateTimeFormat f;
  f.text_ = std::string(format);
  for (size_t i = 0; i < format.size(); ++i) {
    char c = format[i];
    if (c != '%') {
      f.items_.push_back({0, c});
      continue;
    }
    if (i + 1 == format.size()) {
      return Status::Invalid("date format '", format, "' ends with a lone '%'");
    }
    char spec = format[++i];
    switch (spec) {
      case 'T':
        for (Item item : {Item{'H', 0}, Item{0, ':'}, Item{'M', 0}, Item{0, ':'}, Item{'S', 0}}) {
          f.items_.push_back(item);
        }
        break;
      case 'F':
        for (Item item : {Item{'Y', 0}, Item{0, '-'}, Item{'m', 0}, Item{0, '-'}, Item{'d', 0}}) {
          f.items_.push_back(item);
        }
        break;
      case '%':
        f.items_.push_back({0, '%'});
        break;
      case 'Y':
      case 'y':
      case 'm':
      case 'd':
      case 'e':
      case 'j':
      case 'H':
      case 'I':
      case 'M':
      case 'S':
      case 'f':
      case 'p':
      case 'b':
      case 'h':
      case 'B':
      case 'z':
        f.items_.push_back({spec, 0});
        break;
      default:
        return Status::Invalid(
            "date format '", format, "': unknown specifier %", spec,
            " (expected one of %Y %y %m %d %e %j %H %I %M %S %f %p %b %B %z %T %F %%)");
    }
  }
  return f;
}

bool DateTimeFormat::Parse(std::string_view s, int64_t* micros) const {
  int64_t year = 1970, month = 1, day = 1, day_of_year = -1, hour = 0, hour12 = -1, minute = 0,
          second = 0, frac = 0, offset_minutes = 0;
  int pm = -1;
  size_t i = 0;
  for (const Item& item : items_) {
    if (item.spec == 0) {
      if (item.literal == ' ') {
        if (i >= s.size() || s[i] != ' ') return false;
        while (i < s.size() && s[i] == ' ') ++i;
      } else {
        if (i >= s.size() || s[i] != item.literal) return false;
        ++i;
      }
      continue;
    }
    switch (item.spec) {
      case 'Y': {
        bool negative = false;
        if (i < s.size() && (s[i] == '-' || s[i] == '+')) negative = s[i++] == '-';
        if (!ReadDigits(s, &i, 1, 6, &year)) return false;
        if (negative) year = -year;
        break;
      }
      case 'y':
        if (!ReadDigits(s, &i, 2, 2, &year)) return false;
        year += year >= 69 ? 1900 : 2000;
        break;
      case 'm':
        if (!ReadDigits(s, &i, 1, 2, &month)) return false;
        break;
      case 'e':
        if (i < s.size() && s[i] == ' ') ++i;
        [[fallthrough]];
      case 'd':
        if (!ReadDigits(s, &i, 1, 2, &day)) return false;
        break;
      case 'j':
        if (!ReadDigits(s, &i, 1, 3, &day_of_year) || day_of_year < 1 || day_of_year > 366)
          return false;
        break;
      case 'H':
        if (!ReadDigits(s, &i, 1, 2, &hour) || hour > 23) return false;
        break;
      case 'I':
        if (!ReadDigits(s, &i, 1, 2, &hour12) || hour12 < 1 || hour12 > 12) return false;
        break;
      case 'M':
        if (!ReadDigits(s, &i, 1, 2, &minute) || minute > 59) return false;
        break;
      case 'S':
        if (!ReadDigits(s, &i, 1, 2, &second) || second > 59) return false;
        break;
      case 'f': {
        size_t start = i;
        int64_t ignored;
        if (!ReadDigits(s, &i, 1, 9, &ignored)) return false;
        frac = 0;
        for (size_t k = 0; k < 6; ++k) frac = frac * 10 + (start + k < i ? s[start + k] - '0' : 0);
        break;
      }
      case 'p':
        if (s.size() - i < 2) return false;
        if (EqualsIgnoreCase(s.substr(i, 2), "am")) {
          pm = 0;
        } else if (EqualsIgnoreCase(s.substr(i, 2), "pm")) {
          pm = 1;
        } else {
          return false;
        }
        i += 2;
        break;
      case 'b':
      case 'h':
      case 'B':
        if (!ReadMonthName(s, &i, &month)) return false;
        break;
      case 'z': {
        if (i < s.size() && s[i] == 'Z') {
          ++i;
          break;
        }
        if (i >= s.size() || (s[i] != '+' && s[i] != '-')) return false;
        bool negative = s[i++] == '-';
        int64_t h, m = 0;
        if (!ReadDigits(s, &i, 2, 2, &h)) return false;
        if (i < s.size() && s[i] == ':') ++i;
        if (i < s.size() && IsDigit(s[i]) && !ReadDigits(s, &i, 2, 2, &m)) return false;
        if (h > 23 || m > 59) return false;
        offset_minutes = (negative ? -1 : 1) * (h * 60 + m);
        break;
      }
      default:
        return false;
    }
  }
  if (i != s.size()) return false;
  if (hour12 >= 0) {
    hour = hour12 % 12 + (pm == 1 ? 12 : 0);
  } else if (pm == 1 && hour < 12) {
    hour += 12;
  }
  int64_t days;
  if (day_of_year > 0) {
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    if (day_of_year > (leap ? 366 : 365)) return false;
    days = DaysFromCivil(year, 1, 1) + day_of_year - 1;
  } else {
    if (!ValidDate(year, month, day)) return false;
    days = DaysFromCivil(year, static_cast<int>(month), static_cast<int>(day));
  }
  if (days > kMaxTimestampDays || days < -kMaxTimestampDays) return false;
  *micros = days * kMicrosPerDay +
            ((hour * 60 + minute - offset_minutes) * 60 + second) * kMicrosPerSecond + frac;
  return true;
}

bool ParseDate(std::string_view s, const TemporalFormats& formats, int32_t* days) {
  if (formats.date == nullptr) return ParseIsoDate(s, days);
  int64_t micros;
  if (!formats.date->Parse(s, &micros)) return false;
  *days = static_cast<int32_t>(FloorDiv(micros, kMicrosPerDay));
  return true;
}

bool ParseTimestamp(std::string_view s, const TemporalFormats& formats, int64_t* micros) {
  if (formats.timestamp == nullptr) return ParseIsoTimestamp(s, micros);
  return formats.timestamp->Parse(s, micros);
}

uint32_t CandidateTypes(std::string_view s, const TemporalFormats& formats) {
  uint32_t mask = kCandidateVarchar;
  std::string_view t = Trim(s);
  if (t.empty()) return mask;
  char c = t[0];
  if (EqualsIgnoreCase(t, "true") || EqualsIgnoreCase(t, "false")) return mask | kCandidateBoolean;
  bool numeric_start = IsDigit(c) || c == '-' || c == '+' || c == '.';
  if (numeric_start) {
    int64_t i;
    double d;
    if (ParseInt64(t, &i)) mask |= kCandidateBigInt | kCandidateDouble;
    // inf and nan stay text, as in DuckDB: the first digit must come early.
    size_t first = (c == '-' || c == '+') ? 1 : 0;
    if (first < t.size() && t[first] == '.') ++first;
    if (!(mask & kCandidateDouble) && first < t.size() && IsDigit(t[first]) && ParseDouble(t, &d)) {
      mask |= kCandidateDouble;
    }
    if (mask & kCandidateDouble) return mask;
  }
  // Temporal values are not trimmed: "2024-01-01 " is text.
  int64_t micros;
  int32_t days;
  if ((numeric_start || formats.date) && ParseDate(s, formats, &days)) mask |= kCandidateDate;
  if ((numeric_start || formats.timestamp) && ParseTimestamp(s, formats, &micros)) {
    mask |= kCandidateTimestamp;
  }
  if (IsDigit(c) && ParseIsoTime(s, &micros)) mask |= kCandidateTime;
  return mask;
}

columnar::LogicalType NarrowestCandidate(uint32_t mask) {
  using columnar::LogicalType;
  if (mask == kAllCandidates) return LogicalType::Varchar();
  if (mask & kCandidateBoolean) return LogicalType::Boolean();
  if (mask & kCandidateBigInt) return LogicalType::BigInt();
  if (mask & kCandidateDouble) return LogicalType::Double();
  if (mask & kCandidateTime) return LogicalType::Time(6);
  if (mask & kCandidateDate) return LogicalType::Date();
  if (mask & kCandidateTimestamp) return LogicalType::Timestamp(6);
  return LogicalType::Varchar();
}

Status CheckTextReadableType(const columnar::LogicalType& type) {
  using columnar::TypeId;
  switch (type.id()) {
    case TypeId::kBoolean:
    case TypeId::kTinyInt:
    case TypeId::kSmallInt:
    case TypeId::kInteger:
    case TypeId::kBigInt:
    case TypeId::kReal:
    case TypeId::kDouble:
    case TypeId::kDecimal:
    case TypeId::kDate:
    case TypeId::kTime:
    case TypeId::kTimestamp:
    case TypeId::kVarchar:
    case TypeId::kVarbinary:
      return Status::OK();
    default:
      return Status::NotSupported("values of type ", type.ToString(),
                                  " cannot be read from text; read them as varchar and cast");
  }
}

StoreResult StoreTextValue(std::string_view s, const TemporalFormats& formats, columnar::Vector* v,
                           int64_t row, Status* error) {
  using columnar::TypeId;
  const columnar::LogicalType& type = v->type();
  switch (type.id()) {
    case TypeId::kBoolean: {
      bool b;
      if (!ParseBoolean(s, &b)) return StoreResult::kBadValue;
      v->mutable_data<uint8_t>()[row] = b ? 1 : 0;
      return StoreResult::kOk;
    }
    case TypeId::kTinyInt:
    case TypeId::kSmallInt:
    case TypeId::kInteger:
    case TypeId::kBigInt: {
      int64_t i;
      if (!ParseInt64(s, &i)) return StoreResult::kBadValue;
      switch (type.id()) {
        case TypeId::kTinyInt:
          if (i < INT8_MIN || i > INT8_MAX) return StoreResult::kBadValue;
          v->mutable_data<int8_t>()[row] = static_cast<int8_t>(i);
          break;
        case TypeId::kSmallInt:
          if (i < INT16_MIN || i > INT16_MAX) return StoreResult::kBadValue;
          v->mutable_data<int16_t>()[row] = static_cast<int16_t>(i);
          break;
        case TypeId::kInteger:
          if (i < INT32_MIN || i > INT32_MAX) return StoreResult::kBadValue;
          v->mutable_data<int32_t>()[row] = static_cast<int32_t>(i);
          break;
        default:
          v->mutable_data<int64_t>()[row] = i;
          break;
      }
      return StoreResult::kOk;
    }
    case TypeId::kReal:
    case TypeId::kDouble: {
      double d;
      if (!ParseDouble(s, &d)) return StoreResult::kBadValue;
      if (type.id() == TypeId::kReal) {
        v->mutable_data<float>()[row] = static_cast<float>(d);
      } else {
        v->mutable_data<double>()[row] = d;
      }
      return StoreResult::kOk;
    }
    case TypeId::kDecimal: {
      int128_t d;
      if (!ParseDecimal(s, type.precision(), type.scale(), &d)) return StoreResult::kBadValue;
      if (type.precision() <= 18) {
        v->mutable_data<int64_t>()[row] = static_cast<int64_t>(d);
      } else {
        std::memcpy(v->mutable_raw_data() + row * 16, &d, 16);
      }
      return StoreResult::kOk;
    }
    case TypeId::kDate: {
      int32_t days;
      if (!ParseDate(s, formats, &days)) return StoreResult::kBadValue;
      v->mutable_data<int32_t>()[row] = days;
      return StoreResult::kOk;
    }
    case TypeId::kTime: {
      int64_t micros;
      if (!ParseIsoTime(s, &micros)) return StoreResult::kBadValue;
      v->mutable_data<int64_t>()[row] = micros;
      return StoreResult::kOk;
    }
    case TypeId::kTimestamp: {
      int64_t micros;
      if (!ParseTimestamp(s, formats, &micros)) return StoreResult::kBadValue;
      v->mutable_data<int64_t>()[row] = micros;
      return StoreResult::kOk;
    }
    case TypeId::kVarchar:
      if (!IsValidUtf8(s)) return StoreResult::kBadUtf8;
      if (type.max_length() >= 0 && Utf8CodePoints(s) > type.max_length())
        return StoreResult::kTooLong;
      [[fallthrough]];
    case TypeId::kVarbinary: {
      Status st = v->SetString(row, s);
      if (!st.ok()) {
        *error = std::move(st);
        return StoreResult::kOutOfMemory;
      }
      return StoreResult::kOk;
    }
    default:
      return StoreResult::kBadValue;
  }
}

std::string StoreFailureReason(StoreResult result, std::string_view s,
                               const columnar::LogicalType& type) {
  switch (result) {
    case StoreResult::kBadUtf8:
      return "invalid UTF-8";
    case StoreResult::kTooLong:
      return StrCat("value of ", Utf8CodePoints(s), " characters is longer than ", type.ToString());
    case StoreResult::kOutOfMemory:
      return "out of memory";
    default:
      return StrCat("cannot parse '", PrintableExcerpt(s), "' as ", type.ToString());
  }
}

}  // namespace floe::formats::text
