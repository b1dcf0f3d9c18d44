// Arithmetic operators with Trino's semantics: integer overflow and
// division by zero are errors, integer division truncates, decimals keep
// exact values (rounding half up when dividing) and fail when a result
// needs more digits than its type has, doubles follow IEEE 754.

#include <cmath>
#include <limits>
#include <string>
#include <type_traits>

#include "common/str_cat.h"
#include "sql/functions/kernels_internal.h"

namespace floe::sql::kernels {

using columnar::TypeId;
using columnar::Vector;

namespace {

const char* OpName(char op) {
  switch (op) {
    case '+':
      return "addition";
    case '-':
      return "subtraction";
    case '*':
      return "multiplication";
    case '/':
      return "division";
    case '%':
      return "modulus";
  }
  return "arithmetic";
}

std::string Decimal(int128_t v, int scale) {
  std::string s;
  AppendDecimal(v, scale, &s);
  return s;
}

// ---- integers ----

template <typename T, char kOp>
Status IntegerKernel(const KernelContext& ctx) {
  Input<T> a(*ctx.args[0]), b(*ctx.args[1]);
  T* out = ctx.out->mutable_data<T>();
  const int64_t n = ctx.n;
  bool bad = false;
  if constexpr (kOp == '+' || kOp == '-' || kOp == '*') {
    for (int64_t i = 0; i < n; ++i) {
      T r;
      bool o = kOp == '+'   ? __builtin_add_overflow(a[i], b[i], &r)
               : kOp == '-' ? __builtin_sub_overflow(a[i], b[i], &r)
                            : __builtin_mul_overflow(a[i], b[i], &r);
      out[i] = r;
      bad |= o;
    }
  } else {
    // Division and modulus: zero divisors and MIN / -1 are checked per row.
    for (int64_t i = 0; i < n; ++i) {
      T y = b[i];
      T x = a[i];
      bool zero = y == 0;
      bool overflow = y == -1 && x == std::numeric_limits<T>::min();
      bad |= zero | overflow;
      T safe = zero || overflow ? 1 : y;
      out[i] = kOp == '/' ? static_cast<T>(x / safe) : static_cast<T>(x % safe);
    }
  }
  if (!bad) return Status::OK();
  // Find the first valid row that failed, for the message.
  for (int64_t i = 0; i < n; ++i) {
    if (!Valid(*ctx.out, i)) continue;
    T x = a[i], y = b[i], r;
    if constexpr (kOp == '/' || kOp == '%') {
      if (y == 0) return Status::Invalid("Division by zero");
      if (y == -1 && x == std::numeric_limits<T>::min()) {
        return Status::Invalid(ctx.out->type().ToString(), " ", OpName(kOp),
                               " overflow: ", int64_t{x}, " ", kOp, " ", int64_t{y});
      }
    } else {
      bool o = kOp == '+'   ? __builtin_add_overflow(x, y, &r)
               : kOp == '-' ? __builtin_sub_overflow(x, y, &r)
                            : __builtin_mul_overflow(x, y, &r);
      if (o) {
        return Status::Invalid(ctx.out->type().ToString(), " ", OpName(kOp),
                               " overflow: ", int64_t{x}, " ", kOp, " ", int64_t{y});
      }
    }
  }
  return Status::OK();  // only null rows overflowed
}

template <typename T>
Status IntegerNegate(const KernelContext& ctx) {
  Input<T> a(*ctx.args[0]);
  T* out = ctx.out->mutable_data<T>();
  bool bad = false;
  for (int64_t i = 0; i < ctx.n; ++i) {
    bad |= a[i] == std::numeric_limits<T>::min();
    out[i] = static_cast<T>(-static_cast<std::make_unsigned_t<T>>(a[i]));
  }
  if (bad) {
    for (int64_t i = 0; i < ctx.n; ++i) {
      if (Valid(*ctx.out, i) && a[i] == std::numeric_limits<T>::min()) {
        return Status::Invalid(ctx.out->type().ToString(), " negation overflow: ", int64_t{a[i]});
      }
    }
  }
  return Status::OK();
}

// ---- floating point ----

template <typename T, char kOp>
Status FloatKernel(const KernelContext& ctx) {
  Input<T> a(*ctx.args[0]), b(*ctx.args[1]);
  T* out = ctx.out->mutable_data<T>();
  for (int64_t i = 0; i < ctx.n; ++i) {
    if constexpr (kOp == '+') out[i] = a[i] + b[i];
    if constexpr (kOp == '-') out[i] = a[i] - b[i];
    if constexpr (kOp == '*') out[i] = a[i] * b[i];
    if constexpr (kOp == '/') out[i] = a[i] / b[i];
    if constexpr (kOp == '%') out[i] = static_cast<T>(std::fmod(a[i], b[i]));
  }
  return Status::OK();
}

template <typename T>
Status FloatNegate(const KernelContext& ctx) {
  Input<T> a(*ctx.args[0]);
  T* out = ctx.out->mutable_data<T>();
  for (int64_t i = 0; i < ctx.n; ++i) out[i] = -a[i];
  return Status::OK();
}

// ---- decimals ----

// A decimal argument's unscaled values, widened to int128.
struct DecimalInput {
  const int64_t* small = nullptr;
  const int128_t* large = nullptr;
  int64_t stride;
  int scale;
  explicit DecimalInput(const Vector& v)
      : stride(v.kind() == columnar::VectorKind::kConstant ? 0 : 1), scale(v.type().scale()) {
    if (v.type().precision() <= 18) {
      small = v.data<int64_t>();
    } else {
      large = v.data<int128_t>();
    }
  }
  int128_t operator[](int64_t i) const {
    return small != nullptr ? small[i * stride] : large[i * stride];
  }
};

template <char kOp>
Status DecimalKernel(const KernelContext& ctx) {
  DecimalInput a(*ctx.args[0]), b(*ctx.args[1]);
  const LogicalType& rt = ctx.out->type();
  const int rs = rt.scale();
  const int128_t limit = PowerOfTen(rt.precision());
  const bool small_out = rt.precision() <= 18;
  int64_t* out_small = small_out ? ctx.out->mutable_data<int64_t>() : nullptr;
  int128_t* out_large = small_out ? nullptr : ctx.out->mutable_data<int128_t>();
  // Scales to bring the operands to before the operation.
  const int128_t up_a = PowerOfTen(kOp == '*'   ? 0
                                   : kOp == '/' ? rs + b.scale - a.scale
                                                : rs - a.scale);
  const int128_t up_b = PowerOfTen(kOp == '*' || kOp == '/' ? 0 : rs - b.scale);
  for (int64_t i = 0; i < ctx.n; ++i) {
    if (!Valid(*ctx.out, i)) {
      if (small_out) {
        out_small[i] = 0;
      } else {
        out_large[i] = 0;
      }
      continue;
    }
    int128_t x, y = b[i], r;
    if (__builtin_mul_overflow(a[i], up_a, &x) || __builtin_mul_overflow(y, up_b, &y)) {
      return Status::Invalid("Decimal overflow: ", Decimal(a[i], a.scale), " ", kOp, " ",
                             Decimal(b[i], b.scale));
    }
    bool overflow = false;
    if constexpr (kOp == '+') overflow = __builtin_add_overflow(x, y, &r);
    if constexpr (kOp == '-') overflow = __builtin_sub_overflow(x, y, &r);
    if constexpr (kOp == '*') overflow = __builtin_mul_overflow(x, y, &r);
    if constexpr (kOp == '/' || kOp == '%') {
      if (y == 0) return Status::Invalid("Division by zero");
      r = kOp == '/' ? DivideRoundHalfUp(x, y) : x % y;
    }
    if (overflow || r >= limit || r <= -limit) {
      return Status::Invalid("Decimal overflow: ", Decimal(a[i], a.scale), " ", kOp, " ",
                             Decimal(b[i], b.scale), " does not fit ", rt.ToString());
    }
    if (small_out) {
      out_small[i] = static_cast<int64_t>(r);
    } else {
      out_large[i] = r;
    }
  }
  return Status::OK();
}

Status DecimalNegate(const KernelContext& ctx) {
  DecimalInput a(*ctx.args[0]);
  const bool small_out = ctx.out->type().precision() <= 18;
  for (int64_t i = 0; i < ctx.n; ++i) {
    if (small_out) {
      ctx.out->mutable_data<int64_t>()[i] = static_cast<int64_t>(-a[i]);
    } else {
      ctx.out->mutable_data<int128_t>()[i] = -a[i];
    }
  }
  return Status::OK();
}

template <char kOp>
ScalarKernel ForOp(const LogicalType& t) {
  switch (t.id()) {
    case TypeId::kTinyInt:
      return IntegerKernel<int8_t, kOp>;
    case TypeId::kSmallInt:
      return IntegerKernel<int16_t, kOp>;
    case TypeId::kInteger:
      return IntegerKernel<int32_t, kOp>;
    case TypeId::kBigInt:
      return IntegerKernel<int64_t, kOp>;
    case TypeId::kReal:
      return FloatKernel<float, kOp>;
    case TypeId::kDouble:
      return FloatKernel<double, kOp>;
    case TypeId::kDecimal:
      return DecimalKernel<kOp>;
    default:
      return nullptr;
  }
}

}  // namespace

ScalarKernel ArithmeticKernel(char op, const LogicalType& result) {
  switch (op) {
    case '+':
      return ForOp<'+'>(result);
    case '-':
      return ForOp<'-'>(result);
    case '*':
      return ForOp<'*'>(result);
    case '/':
      return ForOp<'/'>(result);
    case '%':
      return ForOp<'%'>(result);
  }
  return nullptr;
}

ScalarKernel NegateKernel(const LogicalType& t) {
  switch (t.id()) {
    case TypeId::kTinyInt:
      return IntegerNegate<int8_t>;
    case TypeId::kSmallInt:
      return IntegerNegate<int16_t>;
    case TypeId::kInteger:
      return IntegerNegate<int32_t>;
    case TypeId::kBigInt:
      return IntegerNegate<int64_t>;
    case TypeId::kReal:
      return FloatNegate<float>;
    case TypeId::kDouble:
      return FloatNegate<double>;
    case TypeId::kDecimal:
      return DecimalNegate;
    default:
      return nullptr;
  }
}

}  // namespace floe::sql::kernels
