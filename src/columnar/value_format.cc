#include "columnar/value_format.h"

#include <charconv>
#include <cmath>
#include <cstring>
#include <string_view>

#include "columnar/vector.h"
#include "common/date_time.h"
#include "common/json.h"
#include "common/int128.h"
#include "common/time_zone.h"

namespace floe::columnar {

namespace {

// Java's Double.toString: plain notation with at least one fractional digit
// for 1e-3 <= |d| < 1e7, else "d.dddE[-]n", always from the shortest digits
// that round-trip.
template <typename F>
void AppendJavaFloating(F d, std::string* out) {
  if (std::isnan(d)) {
    out->append("NaN");
    return;
  }
  if (std::isinf(d)) {
    out->append(d > 0 ? "Infinity" : "-Infinity");
    return;
  }
  if (d == 0) {
    out->append(std::signbit(d) ? "-0.0" : "0.0");
    return;
  }
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof(buf), d, std::chars_format::scientific);
  std::string_view sci(buf, static_cast<size_t>(res.ptr - buf));
  bool negative = sci[0] == '-';
  if (negative) sci.remove_prefix(1);
  size_t e_pos = sci.find('e');
  std::string digits;
  for (size_t k = 0; k < e_pos; ++k) {
    if (sci[k] != '.') digits.push_back(sci[k]);
  }
  int exponent = std::atoi(std::string(sci.substr(e_pos + 1)).c_str());
  while (digits.size() > 1 && digits.back() == '0') digits.pop_back();
  if (negative) out->push_back('-');
  F magnitude = d < 0 ? -d : d;
  if (magnitude >= F(1e-3) && magnitude < F(1e7)) {
    if (exponent >= 0) {
      size_t int_digits = static_cast<size_t>(exponent) + 1;
      if (digits.size() <= int_digits) {
        out->append(digits);
        out->append(int_digits - digits.size(), '0');
        out->append(".0");
      } else {
        out->append(digits, 0, int_digits);
        out->push_back('.');
        out->append(digits, int_digits, std::string::npos);
      }
    } else {
      out->append("0.");
      out->append(static_cast<size_t>(-exponent - 1), '0');
      out->append(digits);
    }
  } else {
    out->push_back(digits[0]);
    out->push_back('.');
    if (digits.size() > 1) {
      out->append(digits, 1, std::string::npos);
    } else {
      out->push_back('0');
    }
    out->push_back('E');
    out->append(std::to_string(exponent));
  }
}

void AppendHex(std::string_view bytes, std::string* out, bool spaced) {
  static const char* kHex = "0123456789abcdef";
  for (size_t k = 0; k < bytes.size(); ++k) {
    if (spaced && k > 0) out->push_back(' ');
    unsigned char c = static_cast<unsigned char>(bytes[k]);
    out->push_back(kHex[c >> 4]);
    out->push_back(kHex[c & 15]);
  }
}

void AppendUuid(int128_t v, std::string* out) {
  unsigned char bytes[16];
  uint128_t u = static_cast<uint128_t>(v);
  for (int k = 15; k >= 0; --k) {
    bytes[k] = static_cast<unsigned char>(u & 0xff);
    u >>= 8;
  }
  static const char* kHex = "0123456789abcdef";
  for (int k = 0; k < 16; ++k) {
    if (k == 4 || k == 6 || k == 8 || k == 10) out->push_back('-');
    out->push_back(kHex[bytes[k] >> 4]);
    out->push_back(kHex[bytes[k] & 15]);
  }
}

// Appends the scalar at physical position `p` of flat data `v` (text form).
void AppendScalarText(const Vector& v, int64_t p, std::string* out) {
  const LogicalType& t = v.type();
  switch (t.id()) {
    case TypeId::kBoolean: out->append(v.data<uint8_t>()[p] ? "true" : "false"); break;
    case TypeId::kTinyInt: out->append(std::to_string(v.data<int8_t>()[p])); break;
    case TypeId::kSmallInt: out->append(std::to_string(v.data<int16_t>()[p])); break;
    case TypeId::kInteger: out->append(std::to_string(v.data<int32_t>()[p])); break;
    case TypeId::kBigInt: out->append(std::to_string(v.data<int64_t>()[p])); break;
    case TypeId::kReal: AppendJavaFloating(v.data<float>()[p], out); break;
    case TypeId::kDouble: AppendJavaFloating(v.data<double>()[p], out); break;
    case TypeId::kDecimal:
      if (t.precision() <= 18) {
        AppendDecimal(v.data<int64_t>()[p], t.scale(), out);
      } else {
        AppendDecimal(v.data<int128_t>()[p], t.scale(), out);
      }
      break;
    case TypeId::kDate: AppendDate(v.data<int32_t>()[p], out); break;
    case TypeId::kTime: AppendTimeOfDay(v.data<int64_t>()[p], t.precision(), out); break;
    case TypeId::kTimestamp: AppendTimestamp(v.data<int64_t>()[p], t.precision(), out); break;
    case TypeId::kTimestampTz:
      AppendTimestampWithZone(v.data<int64_t>()[p], t.precision(),
                              *TimeZone::FromId(t.time_zone()), out);
      break;
    case TypeId::kVarchar: out->append(v.data<StringView>()[p].view()); break;
    case TypeId::kVarbinary: AppendHex(v.data<StringView>()[p].view(), out, true); break;
    case TypeId::kUuid: AppendUuid(v.data<int128_t>()[p], out); break;
    case TypeId::kIntervalDayTime: AppendIntervalDayTime(v.data<int64_t>()[p], out); break;
    case TypeId::kIntervalYearMonth: AppendIntervalYearMonth(v.data<int32_t>()[p], out); break;
    default: out->append("?"); break;
  }
}

// Resolves row i of v to (vector holding the value, physical position).
const Vector& Resolve(const Vector& v, int64_t i, int64_t* pos) {
  *pos = v.ValueIndex(i);
  return v.kind() == VectorKind::kDictionary ? *v.dictionary() : v;
}

}  // namespace

void AppendJavaDouble(double d, std::string* out) { AppendJavaFloating(d, out); }
void AppendJavaFloat(float f, std::string* out) { AppendJavaFloating(f, out); }

void AppendValueText(const Vector& v, int64_t i, std::string* out, const char* null_text) {
  if (v.IsNull(i)) {
    out->append(null_text);
    return;
  }
  int64_t p;
  const Vector& src = Resolve(v, i, &p);
  const LogicalType& t = v.type();
  switch (t.id()) {
    case TypeId::kStruct: {
      out->push_back('{');
      for (size_t f = 0; f < t.fields().size(); ++f) {
        if (f) out->append(", ");
        out->append(t.fields()[f].name);
        out->push_back('=');
        AppendValueText(*src.children()[f], p, out, "NULL");
      }
      out->push_back('}');
      return;
    }
    case TypeId::kList: {
      ListEntry e = src.list_entries()[p];
      out->push_back('[');
      for (uint32_t k = 0; k < e.length; ++k) {
        if (k) out->append(", ");
        AppendValueText(*src.children()[0], e.offset + k, out, "NULL");
      }
      out->push_back(']');
      return;
    }
    case TypeId::kMap: {
      ListEntry e = src.list_entries()[p];
      out->push_back('{');
      for (uint32_t k = 0; k < e.length; ++k) {
        if (k) out->append(", ");
        AppendValueText(*src.children()[0], e.offset + k, out, "NULL");
        out->push_back('=');
        AppendValueText(*src.children()[1], e.offset + k, out, "NULL");
      }
      out->push_back('}');
      return;
    }
    default: AppendScalarText(src, p, out); return;
  }
}

void AppendValueJson(const Vector& v, int64_t i, std::string* out) {
  if (v.IsNull(i)) {
    out->append("null");
    return;
  }
  int64_t p;
  const Vector& src = Resolve(v, i, &p);
  const LogicalType& t = v.type();
  switch (t.id()) {
    case TypeId::kBoolean:
    case TypeId::kTinyInt:
    case TypeId::kSmallInt:
    case TypeId::kInteger:
    case TypeId::kBigInt:
      AppendScalarText(src, p, out);
      return;
    case TypeId::kDecimal: {
      // A string, as Trino's client protocol sends decimals: JSON numbers
      // lose digits past 2^53 in most readers.
      std::string s;
      AppendScalarText(src, p, &s);
      json::AppendQuoted(s, out);
      return;
    }
    case TypeId::kReal:
    case TypeId::kDouble: {
      double d = t.id() == TypeId::kReal ? src.data<float>()[p] : src.data<double>()[p];
      if (std::isfinite(d)) {
        AppendScalarText(src, p, out);
      } else {
        std::string s;
        AppendScalarText(src, p, &s);
        json::AppendQuoted(s, out);
      }
      return;
    }
    case TypeId::kStruct: {
      out->push_back('{');
      for (size_t f = 0; f < t.fields().size(); ++f) {
        if (f) out->push_back(',');
        json::AppendQuoted(t.fields()[f].name, out);
        out->push_back(':');
        AppendValueJson(*src.children()[f], p, out);
      }
      out->push_back('}');
      return;
    }
    case TypeId::kList: {
      ListEntry e = src.list_entries()[p];
      out->push_back('[');
      for (uint32_t k = 0; k < e.length; ++k) {
        if (k) out->push_back(',');
        AppendValueJson(*src.children()[0], e.offset + k, out);
      }
      out->push_back(']');
      return;
    }
    case TypeId::kMap: {
      ListEntry e = src.list_entries()[p];
      out->push_back('{');
      for (uint32_t k = 0; k < e.length; ++k) {
        if (k) out->push_back(',');
        std::string key;
        AppendValueText(*src.children()[0], e.offset + k, &key, "NULL");
        json::AppendQuoted(key, out);
        out->push_back(':');
        AppendValueJson(*src.children()[1], e.offset + k, out);
      }
      out->push_back('}');
      return;
    }
    default: {
      std::string s;
      AppendScalarText(src, p, &s);
      json::AppendQuoted(s, out);
      return;
    }
  }
}

}  // namespace floe::columnar
