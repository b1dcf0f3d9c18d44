// Comparison operators (=, <>, <, <=, >, >=) on two values of one type.
// Floating-point comparisons follow IEEE 754 (NaN compares false except
// <>); strings compare by their UTF-8 bytes, which is code-point order.

#include <cstring>
#include <string_view>

#include "sql/functions/kernels_internal.h"

namespace floe::sql::kernels {

using columnar::TypeId;

namespace {

enum class Cmp : uint8_t { kEq, kNe, kLt, kLe, kGt, kGe };

template <Cmp kCmp, typename T>
inline bool Compare(const T& x, const T& y) {
  if constexpr (kCmp == Cmp::kEq) return x == y;
  if constexpr (kCmp == Cmp::kNe) return x != y;
  if constexpr (kCmp == Cmp::kLt) return x < y;
  if constexpr (kCmp == Cmp::kLe) return x <= y;
  if constexpr (kCmp == Cmp::kGt) return x > y;
  if constexpr (kCmp == Cmp::kGe) return x >= y;
  return false;
}

template <typename T, Cmp kCmp>
Status FixedKernel(const KernelContext& ctx) {
  Input<T> a(*ctx.args[0]), b(*ctx.args[1]);
  uint8_t* out = ctx.out->mutable_data<uint8_t>();
  for (int64_t i = 0; i < ctx.n; ++i) out[i] = Compare<kCmp>(a[i], b[i]) ? 1 : 0;
  return Status::OK();
}

template <Cmp kCmp>
Status StringKernel(const KernelContext& ctx) {
  const columnar::Vector& a = *ctx.args[0];
  const columnar::Vector& b = *ctx.args[1];
  uint8_t* out = ctx.out->mutable_data<uint8_t>();
  for (int64_t i = 0; i < ctx.n; ++i) {
    // A NULL row's string may be anything (a CASE leaves the rows it does
    // not produce unwritten): it is not read.
    if (!Valid(*ctx.out, i)) {
      out[i] = 0;
      continue;
    }
    std::string_view x = a.GetString(i), y = b.GetString(i);
    out[i] = Compare<kCmp>(x.compare(y), 0) ? 1 : 0;
  }
  return Status::OK();
}

template <Cmp kCmp>
ScalarKernel ForType(const LogicalType& t) {
  switch (t.id()) {
    case TypeId::kBoolean:
      return FixedKernel<uint8_t, kCmp>;
    case TypeId::kTinyInt:
      return FixedKernel<int8_t, kCmp>;
    case TypeId::kSmallInt:
      return FixedKernel<int16_t, kCmp>;
    case TypeId::kInteger:
    case TypeId::kDate:
    case TypeId::kIntervalYearMonth:
      return FixedKernel<int32_t, kCmp>;
    case TypeId::kBigInt:
    case TypeId::kTime:
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
    case TypeId::kIntervalDayTime:
      return FixedKernel<int64_t, kCmp>;
    case TypeId::kReal:
      return FixedKernel<float, kCmp>;
    case TypeId::kDouble:
      return FixedKernel<double, kCmp>;
    case TypeId::kDecimal:
      return t.precision() <= 18 ? FixedKernel<int64_t, kCmp> : FixedKernel<int128_t, kCmp>;
    case TypeId::kUuid:
      return FixedKernel<int128_t, kCmp>;
    case TypeId::kVarchar:
    case TypeId::kVarbinary:
      return StringKernel<kCmp>;
    default:
      return nullptr;
  }
}

}  // namespace

ScalarKernel ComparisonKernel(std::string_view op, const LogicalType& type) {
  if (op == "=") return ForType<Cmp::kEq>(type);
  if (op == "<>") return ForType<Cmp::kNe>(type);
  if (op == "<") return ForType<Cmp::kLt>(type);
  if (op == "<=") return ForType<Cmp::kLe>(type);
  if (op == ">") return ForType<Cmp::kGt>(type);
  if (op == ">=") return ForType<Cmp::kGe>(type);
  return nullptr;
}

}  // namespace floe::sql::kernels
