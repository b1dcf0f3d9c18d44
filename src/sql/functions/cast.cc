// CAST and TRY_CAST. Conversions follow Trino's operators: integer casts
// are range-checked, doubles round half away from zero to integers
// (Guava's DoubleMath.roundToLong(x, HALF_UP)), decimals round half up,
// varchar is parsed after Java's String.trim and numbers print as Java
// prints them.

#include "sql/functions/cast.h"

#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <string_view>

#include "columnar/value_format.h"
#include "common/bit_util.h"
#include "common/date_time.h"
#include "common/int128.h"
#include "common/str_cat.h"
#include "common/time_zone.h"
#include "common/utf8.h"
#include "sql/functions/nested_internal.h"

namespace floe::sql {

using columnar::StringView;
using columnar::TypeId;
using columnar::Vector;
using columnar::VectorKind;
using VectorPtr = std::shared_ptr<Vector>;

namespace {

bool Live(const uint8_t* live, int64_t i) { return live == nullptr || bit_util::GetBit(live, i); }

int64_t IntegralAt(const Vector& v, int64_t i) {
  const int64_t k = v.kind() == VectorKind::kConstant ? 0 : i;
  switch (v.type().id()) {
    case TypeId::kTinyInt:
      return v.data<int8_t>()[k];
    case TypeId::kSmallInt:
      return v.data<int16_t>()[k];
    case TypeId::kInteger:
      return v.data<int32_t>()[k];
    default:
      return v.data<int64_t>()[k];
  }
}

int128_t DecimalAt(const Vector& v, int64_t i) {
  const int64_t k = v.kind() == VectorKind::kConstant ? 0 : i;
  return v.type().precision() <= 18 ? v.data<int64_t>()[k] : v.data<int128_t>()[k];
}

double FloatingAt(const Vector& v, int64_t i) {
  const int64_t k = v.kind() == VectorKind::kConstant ? 0 : i;
  return v.type().id() == TypeId::kReal ? v.data<float>()[k] : v.data<double>()[k];
}

void StoreDecimal(Vector* out, int64_t i, int128_t v) {
  if (out->type().precision() <= 18) {
    out->mutable_data<int64_t>()[i] = static_cast<int64_t>(v);
  } else {
    out->mutable_data<int128_t>()[i] = v;
  }
}

void StoreFloating(Vector* out, int64_t i, double v) {
  if (out->type().id() == TypeId::kReal) {
    out->mutable_data<float>()[i] = static_cast<float>(v);
  } else {
    out->mutable_data<double>()[i] = v;
  }
}

std::string DecimalText(int128_t v, int scale) {
  std::string s;
  AppendDecimal(v, scale, &s);
  return s;
}

std::string DoubleText(double d, bool real) {
  std::string s;
  if (real) {
    columnar::AppendJavaFloat(static_cast<float>(d), &s);
  } else {
    columnar::AppendJavaDouble(d, &s);
  }
  return s;
}

bool FitsIntegral(int64_t v, TypeId to) {
  switch (to) {
    case TypeId::kTinyInt:
      return v >= INT8_MIN && v <= INT8_MAX;
    case TypeId::kSmallInt:
      return v >= INT16_MIN && v <= INT16_MAX;
    case TypeId::kInteger:
      return v >= INT32_MIN && v <= INT32_MAX;
    default:
      return true;
  }
}

void StoreIntegral(Vector* out, int64_t i, int64_t v) {
  switch (out->type().id()) {
    case TypeId::kTinyInt:
      out->mutable_data<int8_t>()[i] = static_cast<int8_t>(v);
      break;
    case TypeId::kSmallInt:
      out->mutable_data<int16_t>()[i] = static_cast<int16_t>(v);
      break;
    case TypeId::kInteger:
      out->mutable_data<int32_t>()[i] = static_cast<int32_t>(v);
      break;
    default:
      out->mutable_data<int64_t>()[i] = v;
      break;
  }
}

// Rescales an unscaled decimal from scale `from` to `to`, half up.
int128_t Rescale(int128_t v, int from, int to) {
  return to >= from ? v * PowerOfTen(to - from) : DivideRoundHalfUp(v, PowerOfTen(from - to));
}

// Microseconds rounded to `precision` fractional second digits, half up
// (Trino rounds when a timestamp loses precision).
int64_t RoundMicros(int64_t micros, int precision) {
  if (precision >= 6) return micros;
  const int64_t unit = static_cast<int64_t>(PowerOfTen(6 - precision));
  return FloorDiv(micros + unit / 2, unit) * unit;
}

// The names Trino's varchar casts use in their messages.
const char* CastTargetName(TypeId t) {
  switch (t) {
    case TypeId::kBoolean:
      return "BOOLEAN";
    case TypeId::kTinyInt:
      return "TINYINT";
    case TypeId::kSmallInt:
      return "SMALLINT";
    case TypeId::kInteger:
      return "INT";
    case TypeId::kBigInt:
      return "BIGINT";
    case TypeId::kReal:
      return "REAL";
    default:
      return "DOUBLE";
  }
}

// Java's String.trim: strips code units <= ' ' at both ends.
std::string_view JavaTrim(std::string_view s) {
  while (!s.empty() && static_cast<unsigned char>(s.front()) <= ' ') s.remove_prefix(1);
  while (!s.empty() && static_cast<unsigned char>(s.back()) <= ' ') s.remove_suffix(1);
  return s;
}

// Long.parseLong: an optional sign and decimal digits, no overflow.
bool ParseInteger(std::string_view s, int64_t* v) {
  if (!s.empty() && s[0] == '+') s.remove_prefix(1);
  if (s.empty() || s[0] == '+') return false;
  auto r = std::from_chars(s.data(), s.data() + s.size(), *v);
  return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

// Double.parseDouble: decimal or scientific notation with an optional sign
// and a trailing type suffix (d, D, f, F), "NaN" and "[+-]Infinity".
bool ParseJavaDouble(std::string_view s, double* v) {
  bool negative = false;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s == "NaN") {
    *v = std::numeric_limits<double>::quiet_NaN();
    return true;
  }
  if (s == "Infinity") {
    *v = negative ? -std::numeric_limits<double>::infinity()
                  : std::numeric_limits<double>::infinity();
    return true;
  }
  if (!s.empty() && (s.back() == 'd' || s.back() == 'D' || s.back() == 'f' || s.back() == 'F'))
    s.remove_suffix(1);
  if (s.empty() || !(std::isdigit(static_cast<unsigned char>(s[0])) || s[0] == '.')) return false;
  auto r = std::from_chars(s.data(), s.data() + s.size(), *v, std::chars_format::general);
  if (r.ptr != s.data() + s.size()) return false;
  if (r.ec == std::errc::result_out_of_range) {
    // Java rounds overflow to infinity and underflow to zero.
    bool big =
        s.find_first_of("eE") != std::string_view::npos && s[s.find_first_of("eE") + 1] != '-';
    *v = big ? std::numeric_limits<double>::infinity() : 0.0;
  } else if (r.ec != std::errc()) {
    return false;
  }
  if (negative) *v = -*v;
  return true;
}

enum class DecimalParse : uint8_t { kOk, kNotNumber, kTooLarge };

// Decimal text ("-12.345", "+.5", "7.") to an unscaled value of
// decimal(precision, scale), extra fraction digits rounded half up.
DecimalParse ParseDecimal(std::string_view s, int precision, int scale, int128_t* v) {
  bool negative = false;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  size_t dot = s.find('.');
  std::string_view whole = s.substr(0, dot);
  std::string_view fraction = dot == std::string_view::npos ? "" : s.substr(dot + 1);
  if (whole.empty() && fraction.empty()) return DecimalParse::kNotNumber;
  for (std::string_view part : {whole, fraction}) {
    for (char c : part) {
      if (c < '0' || c > '9') return DecimalParse::kNotNumber;
    }
  }
  while (!whole.empty() && whole[0] == '0') whole.remove_prefix(1);
  if (static_cast<int>(whole.size()) > precision - scale) return DecimalParse::kTooLarge;
  int128_t r = 0;
  for (char c : whole) r = r * 10 + (c - '0');
  for (int k = 0; k < scale; ++k)
    r = r * 10 +
        (static_cast<size_t>(k) < fraction.size() ? fraction[static_cast<size_t>(k)] - '0' : 0);
  if (fraction.size() > static_cast<size_t>(scale) && fraction[static_cast<size_t>(scale)] >= '5')
    ++r;
  if (r >= PowerOfTen(precision)) return DecimalParse::kTooLarge;
  *v = negative ? -r : r;
  return DecimalParse::kOk;
}

// A double rounded half away from zero to int64; false for NaN and values
// beyond the int64 range.
bool RoundToInt64(double d, int64_t* v) {
  double r = std::round(d);
  if (!(r >= -9223372036854775808.0 && r < 9223372036854775808.0)) return false;
  *v = static_cast<int64_t>(r);
  return true;
}

// A double as decimal(precision, scale): its shortest round-trip digits
// (Java's BigDecimal.valueOf) rounded half up. False when it does not fit.
bool DoubleToDecimal(double d, int precision, int scale, int128_t* v) {
  if (!std::isfinite(d)) return false;
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof(buf), d, std::chars_format::fixed);
  if (r.ec != std::errc()) return false;
  return ParseDecimal(std::string_view(buf, static_cast<size_t>(r.ptr - buf)), precision, scale,
                      v) == DecimalParse::kOk;
}

// Row i of a boolean, number, date, time or timestamp vector as Trino's
// CAST(... AS varchar) writes it.
void AppendCastText(const Vector& v, int64_t i, std::string* out) {
  const int64_t k = v.kind() == VectorKind::kConstant ? 0 : i;
  const LogicalType& t = v.type();
  switch (t.id()) {
    case TypeId::kBoolean:
      out->append(v.data<uint8_t>()[k] != 0 ? "true" : "false");
      break;
    case TypeId::kTinyInt:
    case TypeId::kSmallInt:
    case TypeId::kInteger:
    case TypeId::kBigInt:
      out->append(std::to_string(IntegralAt(v, i)));
      break;
    case TypeId::kReal:
      columnar::AppendJavaFloat(v.data<float>()[k], out);
      break;
    case TypeId::kDouble:
      columnar::AppendJavaDouble(v.data<double>()[k], out);
      break;
    case TypeId::kDecimal:
      AppendDecimal(DecimalAt(v, i), t.scale(), out);
      break;
    case TypeId::kDate:
      AppendDate(v.data<int32_t>()[k], out);
      break;
    case TypeId::kTime:
      AppendTimeOfDay(v.data<int64_t>()[k], t.precision(), out);
      break;
    case TypeId::kTimestamp:
      AppendTimestamp(v.data<int64_t>()[k], t.precision(), out);
      break;
    case TypeId::kTimestampTz:
      AppendTimestampWithZone(v.data<int64_t>()[k], t.precision(), *TimeZone::FromId(t.time_zone()),
                              out);
      break;
    case TypeId::kIntervalDayTime:
      AppendIntervalDayTime(v.data<int64_t>()[k], out);
      break;
    case TypeId::kIntervalYearMonth:
      AppendIntervalYearMonth(v.data<int32_t>()[k], out);
      break;
    default:
      break;
  }
}

bool CastsToVarchar(TypeId t) {
  switch (t) {
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
    case TypeId::kTimestampTz:
    case TypeId::kIntervalDayTime:
    case TypeId::kIntervalYearMonth:
      return true;
    default:
      return false;
  }
}

bool IsFloating(TypeId t) { return t == TypeId::kReal || t == TypeId::kDouble; }

// Parses row text `s` as a value of `to` into row i of `out`.
Status ParseInto(std::string_view s, Vector* out, int64_t i) {
  const LogicalType& to = out->type();
  const TypeId t = to.id();
  switch (t) {
    case TypeId::kBoolean: {
      // Trino's VarcharOperators: 1/t/true and 0/f/false, any case, untrimmed.
      auto is = [&](std::string_view word) {
        if (s.size() != word.size()) return false;
        for (size_t k = 0; k < s.size(); ++k) {
          if (std::tolower(static_cast<unsigned char>(s[k])) != word[k]) return false;
        }
        return true;
      };
      if (is("1") || is("t") || is("true")) {
        out->mutable_data<uint8_t>()[i] = 1;
      } else if (is("0") || is("f") || is("false")) {
        out->mutable_data<uint8_t>()[i] = 0;
      } else {
        return Status::Invalid("Cannot cast '", s, "' to BOOLEAN");
      }
      return Status::OK();
    }
    case TypeId::kTinyInt:
    case TypeId::kSmallInt:
    case TypeId::kInteger:
    case TypeId::kBigInt: {
      int64_t v;
      if (!ParseInteger(JavaTrim(s), &v) || !FitsIntegral(v, t))
        return Status::Invalid("Cannot cast '", s, "' to ", CastTargetName(t));
      StoreIntegral(out, i, v);
      return Status::OK();
    }
    case TypeId::kReal:
    case TypeId::kDouble: {
      double v;
      if (!ParseJavaDouble(JavaTrim(s), &v))
        return Status::Invalid("Cannot cast '", s, "' to ", CastTargetName(t));
      StoreFloating(out, i, v);
      return Status::OK();
    }
    case TypeId::kDecimal: {
      int128_t v = 0;
      switch (ParseDecimal(JavaTrim(s), to.precision(), to.scale(), &v)) {
        case DecimalParse::kOk:
          StoreDecimal(out, i, v);
          return Status::OK();
        case DecimalParse::kNotNumber:
          return Status::Invalid("Cannot cast VARCHAR '", s, "' to DECIMAL(", to.precision(), ", ",
                                 to.scale(), "). Value is not a number.");
        case DecimalParse::kTooLarge:
          return Status::Invalid("Cannot cast VARCHAR '", s, "' to DECIMAL(", to.precision(), ", ",
                                 to.scale(), "). Value too large.");
      }
      return Status::OK();
    }
    case TypeId::kDate: {
      int64_t days;
      if (!ParseDate(JavaTrim(s), &days) || days < INT32_MIN || days > INT32_MAX)
        return Status::Invalid("Value cannot be cast to date: ", s);
      out->mutable_data<int32_t>()[i] = static_cast<int32_t>(days);
      return Status::OK();
    }
    case TypeId::kTimestamp: {
      int64_t micros;
      int digits;
      if (!ParseTimestamp(JavaTrim(s), &micros, &digits))
        return Status::Invalid("Value cannot be cast to timestamp: ", s);
      out->mutable_data<int64_t>()[i] = RoundMicros(micros, to.precision());
      return Status::OK();
    }
    case TypeId::kTimestampTz: {
      // A zone in the text places the wall clock; without one it is in the
      // target's zone (the session's). The value then shows in the target's
      // zone: floe keeps one zone per column.
      auto parsed = ParseTimestampWithZone(JavaTrim(s), TimeZone::FromId(to.time_zone()), false);
      if (!parsed.ok()) {
        if (parsed.status().message().starts_with("Time zone not supported"))
          return parsed.status();
        return Status::Invalid("Value cannot be cast to timestamp with time zone: ", s);
      }
      out->mutable_data<int64_t>()[i] = RoundMicros(parsed->utc_micros, to.precision());
      return Status::OK();
    }
    case TypeId::kTime: {
      int64_t micros;
      int digits;
      if (!ParseTimeOfDay(JavaTrim(s), &micros, &digits))
        return Status::Invalid("Value cannot be cast to time: ", s);
      out->mutable_data<int64_t>()[i] =
          FloorMod(RoundMicros(micros, to.precision()), kMicrosPerDay);
      return Status::OK();
    }
    default:
      return Status::NotSupported("Cannot cast varchar to ", TypeName(to), " yet");
  }
}

}  // namespace

Result<VectorPtr> CastVector(const Vector& input, int64_t n, const LogicalType& to,
                             MemoryPool* pool, const uint8_t* live, bool try_cast) {
  const LogicalType& from = input.type();
  const bool constant = input.kind() == VectorKind::kConstant;
  const int64_t rows = constant ? 1 : n;
  const TypeId f = from.id(), t = to.id();
  if (constant && input.IsNull(0)) {
    // A NULL (of any type, "unknown" included) casts to a NULL.
    FLOE_ASSIGN_OR_RETURN(VectorPtr null, Vector::Make(to, pool, 1));
    std::memset(null->mutable_raw_data(), 0, static_cast<size_t>(to.fixed_width()));
    FLOE_RETURN_NOT_OK(null->EnsureValidity());
    null->SetNull(0);
    null->MakeConstant(n);
    return null;
  }
  if (from.is_nested() || to.is_nested()) {
    return functions::CastNested(input, n, to, pool, live, try_cast);
  }
  FLOE_ASSIGN_OR_RETURN(VectorPtr out, Vector::Make(to, pool, rows));
  out->set_size(rows);
  // Rows skipped (NULL, not live or failed under TRY_CAST) must still hold
  // something harmless: string views are read by later kernels on all rows.
  if (to.is_string_like())
    std::memset(out->mutable_raw_data(), 0, static_cast<size_t>(rows * to.fixed_width()));
  // NULLs stay NULL; rows that are not live come out NULL and are not checked.
  if (constant) live = nullptr;
  auto valid = [&](int64_t i) { return !IsUnknown(from) && !input.IsNull(i) && Live(live, i); };
  if (input.validity() != nullptr || IsUnknown(from) || live != nullptr) {
    FLOE_RETURN_NOT_OK(out->EnsureValidity());
    for (int64_t i = 0; i < rows; ++i) {
      if (!valid(i)) out->SetNull(i);
    }
  }
  // A row that does not convert: the error, or with TRY_CAST a NULL.
  auto fail = [&](int64_t i, Status st) -> Status {
    if (!try_cast) return st;
    FLOE_RETURN_NOT_OK(out->EnsureValidity());
    out->SetNull(i);
    return Status::OK();
  };
  auto same_bits = [&]() {
    std::memcpy(out->mutable_raw_data(), input.raw_data(),
                static_cast<size_t>(rows * to.fixed_width()));
    if (to.is_string_like()) out->KeepAliveHeapsOf(input);
  };
  const bool temporal_from = f == TypeId::kTimestamp || f == TypeId::kTimestampTz;
  if (IsUnknown(from)) {
    std::memset(out->mutable_raw_data(), 0, static_cast<size_t>(rows * to.fixed_width()));
  } else if (f == TypeId::kVarchar && t == TypeId::kVarchar) {
    same_bits();
    // CAST to varchar(n) truncates to n code points (Trino's VarcharOperators).
    if (to.max_length() >= 0 && (from.max_length() < 0 || from.max_length() > to.max_length())) {
      for (int64_t i = 0; i < rows; ++i) {
        std::string_view s = input.GetString(i);
        size_t keep = Utf8PrefixBytes(s, to.max_length());
        if (keep < s.size())
          out->mutable_data<StringView>()[i] = StringView(s.data(), static_cast<uint32_t>(keep));
      }
    }
  } else if (from == to ||
             (temporal_from && (t == TypeId::kTimestamp || t == TypeId::kTimestampTz)) ||
             (f == TypeId::kTime && t == TypeId::kTime)) {
    // Microseconds throughout; a lower precision rounds. Between timestamp
    // and timestamp with time zone the wall clock is read in (or shown in)
    // the zone of the type with the zone: the session's for a cast the
    // binder made, the value's own for timestamp with time zone.
    same_bits();
    if (f == TypeId::kTimestamp && t == TypeId::kTimestampTz) {
      const TimeZone& zone = *TimeZone::FromId(to.time_zone());
      int64_t* d = out->mutable_data<int64_t>();
      if (!zone.is_fixed() || zone.OffsetAt(0) != 0) {
        for (int64_t i = 0; i < rows; ++i) d[i] = zone.LocalToUtc(d[i]);
      }
    } else if (f == TypeId::kTimestampTz && t == TypeId::kTimestamp) {
      const TimeZone& zone = *TimeZone::FromId(from.time_zone());
      int64_t* d = out->mutable_data<int64_t>();
      for (int64_t i = 0; i < rows; ++i) d[i] = zone.UtcToLocal(d[i]);
    }
    if (f != TypeId::kTime && from != to && to.precision() < from.precision()) {
      int64_t* d = out->mutable_data<int64_t>();
      for (int64_t i = 0; i < rows; ++i) d[i] = RoundMicros(d[i], to.precision());
    } else if (f == TypeId::kTime && to.precision() < from.precision()) {
      int64_t* d = out->mutable_data<int64_t>();
      for (int64_t i = 0; i < rows; ++i)
        d[i] = FloorMod(RoundMicros(d[i], to.precision()), kMicrosPerDay);
    }
  } else if (IsIntegral(from) && IsIntegral(to)) {
    for (int64_t i = 0; i < rows; ++i) {
      int64_t v = IntegralAt(input, i);
      if (valid(i) && !FitsIntegral(v, t)) {
        FLOE_RETURN_NOT_OK(fail(i, Status::Invalid("Out of range for ", to.ToString(), ": ", v)));
        v = 0;
      }
      StoreIntegral(out.get(), i, v);
    }
  } else if ((IsIntegral(from) || f == TypeId::kBoolean) && IsFloating(t)) {
    for (int64_t i = 0; i < rows; ++i) {
      int64_t v =
          f == TypeId::kBoolean ? input.data<uint8_t>()[constant ? 0 : i] : IntegralAt(input, i);
      StoreFloating(out.get(), i, static_cast<double>(v));
    }
  } else if (IsFloating(f) && IsFloating(t)) {
    for (int64_t i = 0; i < rows; ++i) StoreFloating(out.get(), i, FloatingAt(input, i));
  } else if (f == TypeId::kDecimal && IsFloating(t)) {
    const double scale = static_cast<double>(PowerOfTen(from.scale()));
    for (int64_t i = 0; i < rows; ++i)
      StoreFloating(out.get(), i, static_cast<double>(DecimalAt(input, i)) / scale);
  } else if ((IsIntegral(from) || f == TypeId::kDecimal || f == TypeId::kBoolean) &&
             t == TypeId::kDecimal) {
    const int128_t limit = PowerOfTen(to.precision());
    for (int64_t i = 0; i < rows; ++i) {
      StoreDecimal(out.get(), i, 0);
      if (!valid(i)) continue;
      int128_t v = f == TypeId::kDecimal
                       ? Rescale(DecimalAt(input, i), from.scale(), to.scale())
                       : Rescale(f == TypeId::kBoolean ? input.data<uint8_t>()[constant ? 0 : i]
                                                       : IntegralAt(input, i),
                                 0, to.scale());
      if (v >= limit || v <= -limit) {
        std::string text = f == TypeId::kDecimal ? DecimalText(DecimalAt(input, i), from.scale())
                                                 : std::to_string(IntegralAt(input, i));
        FLOE_RETURN_NOT_OK(fail(i, Status::Invalid("Cannot cast ", from.ToString(), " '", text,
                                                   "' to ", to.ToString())));
        continue;
      }
      StoreDecimal(out.get(), i, v);
    }
  } else if (IsFloating(f) && IsIntegral(to)) {
    for (int64_t i = 0; i < rows; ++i) {
      StoreIntegral(out.get(), i, 0);
      if (!valid(i)) continue;
      double d = FloatingAt(input, i);
      int64_t v;
      if (!RoundToInt64(d, &v) || !FitsIntegral(v, t)) {
        FLOE_RETURN_NOT_OK(fail(i, Status::Invalid("Out of range for ", to.ToString(), ": ",
                                                   DoubleText(d, f == TypeId::kReal))));
        continue;
      }
      StoreIntegral(out.get(), i, v);
    }
  } else if (IsFloating(f) && t == TypeId::kDecimal) {
    for (int64_t i = 0; i < rows; ++i) {
      StoreDecimal(out.get(), i, 0);
      if (!valid(i)) continue;
      double d = FloatingAt(input, i);
      int128_t v;
      if (!DoubleToDecimal(d, to.precision(), to.scale(), &v)) {
        FLOE_RETURN_NOT_OK(
            fail(i, Status::Invalid("Cannot cast ", from.ToString(), " '",
                                    DoubleText(d, f == TypeId::kReal), "' to ", to.ToString())));
        continue;
      }
      StoreDecimal(out.get(), i, v);
    }
  } else if (f == TypeId::kDecimal && IsIntegral(to)) {
    for (int64_t i = 0; i < rows; ++i) {
      StoreIntegral(out.get(), i, 0);
      if (!valid(i)) continue;
      int128_t v = Rescale(DecimalAt(input, i), from.scale(), 0);
      if (v < INT64_MIN || v > INT64_MAX || !FitsIntegral(static_cast<int64_t>(v), t)) {
        FLOE_RETURN_NOT_OK(
            fail(i, Status::Invalid("Out of range for ", to.ToString(), ": ",
                                    DecimalText(DecimalAt(input, i), from.scale()))));
        continue;
      }
      StoreIntegral(out.get(), i, static_cast<int64_t>(v));
    }
  } else if (f == TypeId::kBoolean && IsIntegral(to)) {
    for (int64_t i = 0; i < rows; ++i)
      StoreIntegral(out.get(), i, input.data<uint8_t>()[constant ? 0 : i] != 0 ? 1 : 0);
  } else if ((IsIntegral(from) || IsFloating(f) || f == TypeId::kDecimal) &&
             t == TypeId::kBoolean) {
    uint8_t* o = out->mutable_data<uint8_t>();
    for (int64_t i = 0; i < rows; ++i) {
      o[i] = IsIntegral(from) ? IntegralAt(input, i) != 0
             : IsFloating(f)  ? FloatingAt(input, i) != 0
                              : DecimalAt(input, i) != 0;
    }
  } else if (f == TypeId::kDate && (t == TypeId::kTimestamp || t == TypeId::kTimestampTz)) {
    // A date with time zone is its midnight in the target's zone.
    const TimeZone* zone = t == TypeId::kTimestampTz ? TimeZone::FromId(to.time_zone()) : nullptr;
    for (int64_t i = 0; i < rows; ++i) {
      const int64_t local = int64_t{input.data<int32_t>()[constant ? 0 : i]} * kMicrosPerDay;
      out->mutable_data<int64_t>()[i] = zone != nullptr ? zone->LocalToUtc(local) : local;
    }
  } else if (temporal_from && (t == TypeId::kDate || t == TypeId::kTime)) {
    // The local date or time of day (in the value's zone with a zone).
    const TimeZone* zone = f == TypeId::kTimestampTz ? TimeZone::FromId(from.time_zone()) : nullptr;
    for (int64_t i = 0; i < rows; ++i) {
      int64_t v = input.data<int64_t>()[constant ? 0 : i];
      if (zone != nullptr) v = zone->UtcToLocal(v);
      if (t == TypeId::kDate) {
        out->mutable_data<int32_t>()[i] = static_cast<int32_t>(FloorDiv(v, kMicrosPerDay));
      } else {
        out->mutable_data<int64_t>()[i] =
            FloorMod(RoundMicros(FloorMod(v, kMicrosPerDay), to.precision()), kMicrosPerDay);
      }
    }
  } else if (f == TypeId::kVarchar &&
             (t == TypeId::kBoolean || IsNumeric(to) || t == TypeId::kDate ||
              t == TypeId::kTimestamp || t == TypeId::kTimestampTz || t == TypeId::kTime)) {
    std::memset(out->mutable_raw_data(), 0, static_cast<size_t>(rows * to.fixed_width()));
    for (int64_t i = 0; i < rows; ++i) {
      if (!valid(i)) continue;
      Status st = ParseInto(input.GetString(i), out.get(), i);
      if (!st.ok()) {
        if (st.code() != StatusCode::kInvalid) return st;
        FLOE_RETURN_NOT_OK(fail(i, std::move(st)));
      }
    }
  } else if (CastsToVarchar(f) && t == TypeId::kVarchar) {
    std::string text;
    for (int64_t i = 0; i < rows; ++i) {
      if (!valid(i)) continue;
      text.clear();
      AppendCastText(input, i, &text);
      if (to.max_length() >= 0 && static_cast<int64_t>(text.size()) > to.max_length()) {
        // Trino fails rather than truncating a number's text.
        FLOE_RETURN_NOT_OK(
            fail(i, Status::Invalid("Value ", text, " cannot be represented as ", to.ToString())));
        continue;
      }
      FLOE_RETURN_NOT_OK(out->SetString(i, text));
    }
  } else {
    return Status::NotSupported("Cannot cast ", TypeName(from), " to ", TypeName(to), " yet");
  }
  if (constant) out->MakeConstant(n);
  return out;
}

}  // namespace floe::sql
