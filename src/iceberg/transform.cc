#include "iceberg/transform.h"

#include <cmath>
#include <cstring>

#include "columnar/value_format.h"
#include "common/bit_util.h"
#include "common/date_time.h"
#include "common/str_cat.h"
#include "common/utf8.h"

namespace floe::iceberg {

namespace {

uint32_t Rotl32(uint32_t x, int r) { return (x << r) | (x >> (32 - r)); }

bool IsTemporalMicros(TypeId t) { return t == TypeId::kTimestamp || t == TypeId::kTimestampTz; }
bool IsTemporalNanos(TypeId t) { return t == TypeId::kTimestampNs || t == TypeId::kTimestampTzNs; }

// Micros since the epoch of a timestamp literal (nanos floored to micros).
int64_t Micros(const Literal& v) { return IsTemporalNanos(v.type) ? FloorDiv(v.i, 1000) : v.i; }

const char kBase64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string Base64(std::string_view in) {
  std::string out;
  size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    uint32_t n = (static_cast<uint8_t>(in[i]) << 16) | (static_cast<uint8_t>(in[i + 1]) << 8) |
                 static_cast<uint8_t>(in[i + 2]);
    for (int k = 18; k >= 0; k -= 6) out.push_back(kBase64[(n >> k) & 63]);
  }
  if (i + 1 == in.size()) {
    uint32_t n = static_cast<uint8_t>(in[i]) << 16;
    out.push_back(kBase64[(n >> 18) & 63]);
    out.push_back(kBase64[(n >> 12) & 63]);
    out += "==";
  } else if (i + 2 == in.size()) {
    uint32_t n = (static_cast<uint8_t>(in[i]) << 16) | (static_cast<uint8_t>(in[i + 1]) << 8);
    out.push_back(kBase64[(n >> 18) & 63]);
    out.push_back(kBase64[(n >> 12) & 63]);
    out.push_back(kBase64[(n >> 6) & 63]);
    out.push_back('=');
  }
  return out;
}

void AppendTwo(int64_t v, std::string* out) {
  out->push_back(static_cast<char>('0' + v / 10));
  out->push_back(static_cast<char>('0' + v % 10));
}

// java.time's LocalTime.toString: HH:mm, then :ss when not zero, then the
// fraction in groups of three digits.
void AppendJavaTime(int64_t micros_of_day, std::string* out) {
  int64_t secs = micros_of_day / kMicrosPerSecond, frac = micros_of_day % kMicrosPerSecond;
  AppendTwo(secs / 3600, out);
  out->push_back(':');
  AppendTwo(secs / 60 % 60, out);
  if (secs % 60 == 0 && frac == 0) return;
  out->push_back(':');
  AppendTwo(secs % 60, out);
  if (frac == 0) return;
  std::string digits = std::to_string(frac + kMicrosPerSecond).substr(1);  // 6 digits
  out->push_back('.');
  out->append(frac % 1000 == 0 ? digits.substr(0, 3) : digits);
}

std::string JavaTimestamp(int64_t micros, bool with_zone) {
  std::string out;
  AppendDate(FloorDiv(micros, kMicrosPerDay), &out);
  out.push_back('T');
  AppendJavaTime(FloorMod(micros, kMicrosPerDay), &out);
  if (with_zone) out.push_back('Z');
  return out;
}

}  // namespace

bool Literal::operator==(const Literal& o) const {
  if (type != o.type || is_null != o.is_null) return false;
  if (is_null) return true;
  return i == o.i && (d == o.d || (std::isnan(d) && std::isnan(o.d))) && i128 == o.i128 && s == o.s;
}

int CompareLiterals(const Literal& a, const Literal& b) {
  switch (a.type) {
    case TypeId::kFloat:
    case TypeId::kDouble: {
      bool an = std::isnan(a.d), bn = std::isnan(b.d);
      if (an || bn) return an == bn ? 0 : an ? 1 : -1;
      if (a.d == 0 && b.d == 0)
        return std::signbit(a.d) == std::signbit(b.d) ? 0 : std::signbit(a.d) ? -1 : 1;
      return a.d < b.d ? -1 : a.d > b.d;
    }
    case TypeId::kDecimal:
      return a.i128 < b.i128 ? -1 : a.i128 > b.i128;
    case TypeId::kString:
    case TypeId::kBinary:
    case TypeId::kFixed:
    case TypeId::kUuid: {
      int c = std::memcmp(a.s.data(), b.s.data(), std::min(a.s.size(), b.s.size()));
      if (c != 0) return c < 0 ? -1 : 1;
      return a.s.size() < b.s.size() ? -1 : a.s.size() > b.s.size();
    }
    default:
      return a.i < b.i ? -1 : a.i > b.i;
  }
}

int32_t Murmur3Hash32(const void* data, size_t size) {
  const uint8_t* p = static_cast<const uint8_t*>(data);
  const uint32_t c1 = 0xcc9e2d51, c2 = 0x1b873593;
  uint32_t h = 0;
  size_t blocks = size / 4;
  for (size_t b = 0; b < blocks; ++b) {
    uint32_t k = bit_util::LoadLE<uint32_t>(p + 4 * b);
    k *= c1;
    k = Rotl32(k, 15);
    k *= c2;
    h ^= k;
    h = Rotl32(h, 13);
    h = h * 5 + 0xe6546b64;
  }
  const uint8_t* tail = p + 4 * blocks;
  uint32_t k = 0;
  switch (size & 3) {
    case 3:
      k ^= static_cast<uint32_t>(tail[2]) << 16;
      [[fallthrough]];
    case 2:
      k ^= static_cast<uint32_t>(tail[1]) << 8;
      [[fallthrough]];
    case 1:
      k ^= tail[0];
      k *= c1;
      k = Rotl32(k, 15);
      k *= c2;
      h ^= k;
  }
  h ^= static_cast<uint32_t>(size);
  h ^= h >> 16;
  h *= 0x85ebca6b;
  h ^= h >> 13;
  h *= 0xc2b2ae35;
  h ^= h >> 16;
  return static_cast<int32_t>(h);
}

int32_t HashLiteral(const Literal& v) {
  switch (v.type) {
    case TypeId::kDecimal: {
      std::string b = MinimalBigEndian(v.i128);
      return Murmur3Hash32(b.data(), b.size());
    }
    case TypeId::kString:
    case TypeId::kBinary:
    case TypeId::kFixed:
    case TypeId::kUuid:
      return Murmur3Hash32(v.s.data(), v.s.size());
    case TypeId::kFloat:
    case TypeId::kDouble: {
      // hashDouble: the double's bits as a long (floats widened; -0.0 and NaN canonical).
      int64_t bits = 0x7ff8000000000000LL;
      if (!std::isnan(v.d)) {
        double d = v.d == 0 ? 0.0 : v.d;
        std::memcpy(&bits, &d, 8);
      }
      uint8_t buf[8];
      bit_util::StoreLE<int64_t>(buf, bits);
      return Murmur3Hash32(buf, 8);
    }
    default: {
      uint8_t buf[8];
      bit_util::StoreLE<int64_t>(buf, Micros(v));
      return Murmur3Hash32(buf, 8);
    }
  }
}

Result<Transform> Transform::Parse(std::string_view s) {
  auto param = [&](std::string_view prefix, Kind kind) -> Result<Transform> {
    std::string_view inner = s.substr(prefix.size(), s.size() - prefix.size() - 1);
    if (inner.empty() || inner.size() > 9)
      return Status::Invalid("transform '", s, "': bad parameter");
    int64_t n = 0;
    for (char c : inner) {
      if (c < '0' || c > '9') return Status::Invalid("transform '", s, "': bad parameter");
      n = n * 10 + (c - '0');
    }
    if (n <= 0) return Status::Invalid("transform '", s, "': the parameter must be positive");
    return Transform(kind, static_cast<int32_t>(n));
  };
  if (s == "identity") return Identity();
  if (s == "year") return Year();
  if (s == "month") return Month();
  if (s == "day") return Day();
  if (s == "hour") return Hour();
  if (s == "void") return Void();
  if (s.size() > 8 && s.substr(0, 7) == "bucket[" && s.back() == ']')
    return param("bucket[", kBucket);
  if (s.size() > 10 && s.substr(0, 9) == "truncate[" && s.back() == ']')
    return param("truncate[", kTruncate);
  return Status::Invalid("unknown partition transform '", s, "'");
}

std::string Transform::ToString() const {
  switch (kind_) {
    case kIdentity:
      return "identity";
    case kBucket:
      return StrCat("bucket[", param_, "]");
    case kTruncate:
      return StrCat("truncate[", param_, "]");
    case kYear:
      return "year";
    case kMonth:
      return "month";
    case kDay:
      return "day";
    case kHour:
      return "hour";
    case kVoid:
      return "void";
  }
  return "?";
}

bool Transform::CanApply(const Type& source) const {
  return source.is_primitive() && CanApply(source.id());
}

bool Transform::CanApply(TypeId t) const {
  switch (kind_) {
    case kIdentity:
      return t != TypeId::kVariant && t != TypeId::kGeometry && t != TypeId::kGeography &&
             t != TypeId::kStruct && t != TypeId::kList && t != TypeId::kMap;
    case kVoid:
      return true;
    case kBucket:
      return t == TypeId::kInt || t == TypeId::kLong || t == TypeId::kDecimal ||
             t == TypeId::kDate || t == TypeId::kTime || IsTemporalMicros(t) ||
             IsTemporalNanos(t) || t == TypeId::kString || t == TypeId::kUuid ||
             t == TypeId::kFixed || t == TypeId::kBinary;
    case kTruncate:
      return t == TypeId::kInt || t == TypeId::kLong || t == TypeId::kDecimal ||
             t == TypeId::kString || t == TypeId::kBinary;
    case kYear:
    case kMonth:
    case kDay:
      return t == TypeId::kDate || IsTemporalMicros(t) || IsTemporalNanos(t);
    case kHour:
      return IsTemporalMicros(t) || IsTemporalNanos(t);
  }
  return false;
}

TypeId Transform::ResultTypeId(TypeId source) const {
  switch (kind_) {
    case kBucket:
    case kYear:
    case kMonth:
    case kHour:
      return TypeId::kInt;
    case kDay:
      return TypeId::kDate;
    default:
      return source;
  }
}

TypePtr Transform::ResultType(const TypePtr& source) const {
  TypeId id = ResultTypeId(source->id());
  return id == source->id() ? source : Type::Primitive(id);
}

Result<Literal> Transform::Apply(const Literal& v) const {
  TypeId t = v.type;
  if (kind_ == kVoid || v.is_null) return Literal::Null(ResultTypeId(t));
  if (!CanApply(t)) {
    return Status::Invalid("transform ", ToString(), " does not apply to ", TypeIdName(t));
  }
  switch (kind_) {
    case kIdentity:
      return v;
    case kBucket:
      return Literal::Int(TypeId::kInt, (HashLiteral(v) & INT32_MAX) % param_);
    case kTruncate: {
      int64_t w = param_;
      switch (t) {
        case TypeId::kInt:
        case TypeId::kLong:
          return Literal::Int(t, v.i - FloorMod(v.i, w));
        case TypeId::kDecimal: {
          int128_t r = v.i128 % w;
          if (r < 0) r += w;
          return Literal::Decimal(v.i128 - r);
        }
        case TypeId::kString:
          return Literal::Bytes(t, v.s.substr(0, Utf8PrefixBytes(v.s, w)));
        default:
          return Literal::Bytes(t, v.s.substr(0, static_cast<size_t>(w)));
      }
    }
    case kYear:
    case kMonth:
    case kDay:
    case kHour: {
      int64_t days = t == TypeId::kDate ? v.i : FloorDiv(Micros(v), kMicrosPerDay);
      if (kind_ == kHour)
        return Literal::Int(TypeId::kInt, FloorDiv(Micros(v), 3600 * kMicrosPerSecond));
      if (kind_ == kDay) return Literal::Int(TypeId::kDate, days);
      CivilDate c = CivilFromDays(days);
      if (kind_ == kYear) return Literal::Int(TypeId::kInt, c.year - 1970);
      return Literal::Int(TypeId::kInt, (c.year - 1970) * 12 + (c.month - 1));
    }
    case kVoid:
      break;
  }
  return Literal::Null(ResultTypeId(t));
}

std::string Transform::ToHumanString(const Literal& v, const Type& result_type) const {
  if (v.is_null) return "null";
  switch (kind_) {
    case kYear:
      return std::to_string(1970 + v.i);
    case kMonth: {
      int64_t y = 1970 + FloorDiv(v.i, 12), m = FloorMod(v.i, 12) + 1;
      std::string out = std::to_string(y) + "-";
      AppendTwo(m, &out);
      return out;
    }
    case kDay: {
      std::string out;
      AppendDate(v.i, &out);
      return out;
    }
    case kHour: {
      std::string out;
      AppendDate(FloorDiv(v.i, 24), &out);
      out.push_back('-');
      AppendTwo(FloorMod(v.i, 24), &out);
      return out;
    }
    case kBucket:
      return std::to_string(v.i);
    default:
      return LiteralToString(v, result_type);
  }
}

std::string LiteralToString(const Literal& v, const Type& type) {
  if (v.is_null) return "null";
  switch (type.id()) {
    case TypeId::kBoolean:
      return v.i ? "true" : "false";
    case TypeId::kInt:
    case TypeId::kLong:
      return std::to_string(v.i);
    case TypeId::kFloat: {
      std::string out;
      columnar::AppendJavaFloat(static_cast<float>(v.d), &out);
      return out;
    }
    case TypeId::kDouble: {
      std::string out;
      columnar::AppendJavaDouble(v.d, &out);
      return out;
    }
    case TypeId::kDecimal: {
      std::string out;
      AppendDecimal(v.i128, type.scale(), &out);
      return out;
    }
    case TypeId::kDate: {
      std::string out;
      AppendDate(v.i, &out);
      return out;
    }
    case TypeId::kTime: {
      std::string out;
      AppendJavaTime(v.i, &out);
      return out;
    }
    case TypeId::kTimestamp:
    case TypeId::kTimestampNs:
      return JavaTimestamp(Micros(v), false);
    case TypeId::kTimestampTz:
    case TypeId::kTimestampTzNs:
      return JavaTimestamp(Micros(v), true);
    case TypeId::kString:
      return v.s;
    case TypeId::kUuid: {
      static const char* hex = "0123456789abcdef";
      std::string out;
      for (size_t i = 0; i < v.s.size(); ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
        out.push_back(hex[static_cast<uint8_t>(v.s[i]) >> 4]);
        out.push_back(hex[static_cast<uint8_t>(v.s[i]) & 15]);
      }
      return out;
    }
    case TypeId::kFixed:
    case TypeId::kBinary:
      return Base64(v.s);
    default:
      return v.s;
  }
}

}  // namespace floe::iceberg
