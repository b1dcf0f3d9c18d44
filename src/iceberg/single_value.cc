#include "iceberg/single_value.h"

#include <cstring>

#include "common/int128.h"

namespace floe::iceberg {

namespace {

template <typename T>
void PutLE(T v, std::string* out) {
  char buf[sizeof(T)];
  std::memcpy(buf, &v, sizeof(T));  // little-endian hosts only (x86-64, arm64)
  out->append(buf, sizeof(T));
}

template <typename T>
T GetLE(std::string_view b) {
  T v;
  std::memcpy(&v, b.data(), sizeof(T));
  return v;
}

}  // namespace

std::string ToSingleValueBytes(const Literal& v) {
  std::string out;
  switch (v.type) {
    case TypeId::kBoolean:
      out.push_back(v.i != 0 ? 1 : 0);
      break;
    case TypeId::kInt:
    case TypeId::kDate:
      PutLE(static_cast<int32_t>(v.i), &out);
      break;
    case TypeId::kLong:
    case TypeId::kTime:
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
    case TypeId::kTimestampNs:
    case TypeId::kTimestampTzNs:
      PutLE(v.i, &out);
      break;
    case TypeId::kFloat:
      PutLE(static_cast<float>(v.d), &out);
      break;
    case TypeId::kDouble:
      PutLE(v.d, &out);
      break;
    case TypeId::kDecimal:
      out = MinimalBigEndian(v.i128);
      break;
    case TypeId::kString:
    case TypeId::kUuid:
    case TypeId::kFixed:
    case TypeId::kBinary:
      out = v.s;
      break;
    case TypeId::kStruct:
    case TypeId::kList:
    case TypeId::kMap:
    case TypeId::kVariant:
    case TypeId::kUnknown:
    case TypeId::kGeometry:
    case TypeId::kGeography:
      break;
  }
  return out;
}

Result<Literal> FromSingleValueBytes(const Type& type, std::string_view b) {
  auto bad = [&](const char* expected) {
    return Status::Corruption("a ", type.ToString(), " bound of ", b.size(), " bytes (expected ",
                              expected, ")");
  };
  switch (type.id()) {
    case TypeId::kBoolean:
      if (b.size() != 1) return bad("1");
      return Literal::Int(TypeId::kBoolean, b[0] != 0 ? 1 : 0);
    case TypeId::kInt:
    case TypeId::kDate:
      if (b.size() != 4) return bad("4");
      return Literal::Int(type.id(), GetLE<int32_t>(b));
    case TypeId::kLong:
    case TypeId::kTime:
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
    case TypeId::kTimestampNs:
    case TypeId::kTimestampTzNs:
      if (b.size() == 4 && type.id() == TypeId::kLong)
        return Literal::Int(type.id(), GetLE<int32_t>(b));
      if (b.size() != 8) return bad("8");
      return Literal::Int(type.id(), GetLE<int64_t>(b));
    case TypeId::kFloat:
      if (b.size() != 4) return bad("4");
      return Literal::Double(TypeId::kFloat, GetLE<float>(b));
    case TypeId::kDouble:
      if (b.size() == 4) return Literal::Double(TypeId::kDouble, GetLE<float>(b));
      if (b.size() != 8) return bad("8");
      return Literal::Double(TypeId::kDouble, GetLE<double>(b));
    case TypeId::kDecimal: {
      if (b.empty() || b.size() > 16) return bad("1 to 16");
      int128_t v = static_cast<int8_t>(b[0]) < 0 ? -1 : 0;
      for (char c : b)
        v = static_cast<int128_t>(static_cast<uint128_t>(v) << 8 | static_cast<uint8_t>(c));
      return Literal::Decimal(v);
    }
    case TypeId::kUuid:
      if (b.size() != 16) return bad("16");
      return Literal::Bytes(TypeId::kUuid, std::string(b));
    case TypeId::kFixed:
      if (static_cast<int64_t>(b.size()) > type.length()) return bad("at most the fixed length");
      return Literal::Bytes(TypeId::kFixed, std::string(b));
    case TypeId::kString:
    case TypeId::kBinary:
      return Literal::Bytes(type.id(), std::string(b));
    case TypeId::kStruct:
    case TypeId::kList:
    case TypeId::kMap:
    case TypeId::kVariant:
    case TypeId::kUnknown:
    case TypeId::kGeometry:
    case TypeId::kGeography:
      break;
  }
  return Status::NotSupported("bounds of ", type.ToString(), " values");
}

}  // namespace floe::iceberg
