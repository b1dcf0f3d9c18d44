// Trino's mathematical functions
// (https://trino.io/docs/current/functions/math.html): integer variants
// keep their type and fail on overflow, decimal variants type their results
// as Trino's MathFunctions do, floating-point ones follow java.lang.Math.

#include <cmath>
#include <limits>
#include <numbers>
#include <random>

#include "common/str_cat.h"
#include "sql/functions/function_registry.h"

namespace floe::sql::functions {

namespace {

using columnar::TypeId;
using columnar::Vector;
using kernels::Input;
using kernels::Valid;

LogicalType TinyInt() { return LogicalType::TinyInt(); }
LogicalType SmallInt() { return LogicalType::SmallInt(); }
LogicalType Int() { return LogicalType::Integer(); }
LogicalType BigInt() { return LogicalType::BigInt(); }
LogicalType Real() { return LogicalType::Real(); }
LogicalType Double() { return LogicalType::Double(); }
LogicalType Bool() { return LogicalType::Boolean(); }

Status Bind(BoundFunction* f, std::vector<LogicalType> params, LogicalType result,
            ScalarKernel kernel) {
  f->arg_types = std::move(params);
  f->result_type = std::move(result);
  f->kernel = kernel;
  return Status::OK();
}

bool IsDecimal(const LogicalType& t) { return t.id() == TypeId::kDecimal; }

template <typename T>
const char* IntName() {
  if constexpr (std::is_same_v<T, int8_t>) return "tinyint";
  if constexpr (std::is_same_v<T, int16_t>) return "smallint";
  if constexpr (std::is_same_v<T, int32_t>) return "integer";
  return "bigint";
}

// ---- abs, sign ----

template <typename T>
Status AbsInt(T* out, T x) {
  if (x == std::numeric_limits<T>::min())
    return Status::Invalid("Value ", int64_t{x}, " is out of range for abs(", IntName<T>(), ")");
  *out = x < 0 ? static_cast<T>(-x) : x;
  return Status::OK();
}

Status DecimalAbs(const KernelContext& ctx) {
  for (int64_t i = 0; i < ctx.n; ++i) {
    int128_t v = DecimalAt(*ctx.args[0], i);
    StoreDecimal(ctx.out, i, v < 0 ? -v : v);
  }
  return Status::OK();
}

template <typename T>
T Sign(T x) {
  if constexpr (std::is_floating_point_v<T>) {
    if (std::isnan(x)) return x;
  }
  return x > 0 ? T{1} : x < 0 ? T{-1} : T{0};
}

Status DecimalSign(const KernelContext& ctx) {
  for (int64_t i = 0; i < ctx.n; ++i) {
    int128_t v = DecimalAt(*ctx.args[0], i);
    StoreDecimal(ctx.out, i, v > 0 ? 1 : v < 0 ? -1 : 0);
  }
  return Status::OK();
}

template <typename T>
T Identity(T x) {
  return x;
}

#define FLOE_INTEGER_OVERLOADS(fn)                                \
  Overload{{TinyInt()}, TinyInt(), Kernel<fn<int8_t>>()},         \
      Overload{{SmallInt()}, SmallInt(), Kernel<fn<int16_t>>()},  \
      Overload{{Int()}, Int(), Kernel<fn<int32_t>>()}, Overload { \
    {BigInt()}, BigInt(), Kernel<fn<int64_t>>()                   \
  }

Status ResolveAbs(const std::vector<LogicalType>& a, BoundFunction* f) {
  if (a.size() == 1 && IsDecimal(a[0])) return Bind(f, {a[0]}, a[0], DecimalAbs);
  MatchOverloads(a,
                 {FLOE_INTEGER_OVERLOADS(AbsInt),
                  {{Real()}, Real(), Kernel<[](float x) { return std::fabs(x); }>()},
                  {{Double()}, Double(), Kernel<[](double x) { return std::fabs(x); }>()}},
                 f);
  return Status::OK();
}

Status ResolveSign(const std::vector<LogicalType>& a, BoundFunction* f) {
  if (a.size() == 1 && IsDecimal(a[0]))
    return Bind(f, {a[0]}, LogicalType::Decimal(1, 0), DecimalSign);
  MatchOverloads(a,
                 {FLOE_INTEGER_OVERLOADS(Sign),
                  {{Real()}, Real(), Kernel<Sign<float>>()},
                  {{Double()}, Double(), Kernel<Sign<double>>()}},
                 f);
  return Status::OK();
}

// ---- rounding ----

enum class Rounding : uint8_t { kFloor, kCeiling, kHalfUp, kDown };

// v / d (d > 0) rounded as `mode` says.
int128_t RoundedDivide(int128_t v, int128_t d, Rounding mode) {
  int128_t q = v / d, r = v % d;
  switch (mode) {
    case Rounding::kFloor:
      return r < 0 ? q - 1 : q;
    case Rounding::kCeiling:
      return r > 0 ? q + 1 : q;
    case Rounding::kHalfUp:
      return DivideRoundHalfUp(v, d);
    case Rounding::kDown:
      return q;
  }
  return q;
}

// decimal(p, s) to decimal(., 0): the result type always has room.
template <Rounding kMode>
Status DecimalToWhole(const KernelContext& ctx) {
  const int128_t unit = PowerOfTen(ctx.args[0]->type().scale());
  for (int64_t i = 0; i < ctx.n; ++i)
    StoreDecimal(ctx.out, i, RoundedDivide(DecimalAt(*ctx.args[0], i), unit, kMode));
  return Status::OK();
}

// round(decimal(p, s), d) and truncate(decimal(p, s), d): keep the scale,
// drop digits beyond d fraction digits (d may be negative).
template <Rounding kMode>
Status DecimalRoundDigits(const KernelContext& ctx) {
  const int scale = ctx.args[0]->type().scale();
  const int128_t limit = PowerOfTen(ctx.out->type().precision());
  Input<int32_t> digits(*ctx.args[1]);
  for (int64_t i = 0; i < ctx.n; ++i) {
    if (!Valid(*ctx.out, i)) {
      StoreDecimal(ctx.out, i, 0);
      continue;
    }
    int128_t v = DecimalAt(*ctx.args[0], i);
    const int64_t drop = int64_t{scale} - digits[i];
    int128_t r = v;
    if (drop > 38) {
      r = 0;
    } else if (drop > 0) {
      const int128_t unit = PowerOfTen(static_cast<int>(drop));
      r = RoundedDivide(v, unit, kMode) * unit;
    }
    if (r >= limit || r <= -limit) {
      std::string text;
      AppendDecimal(v, scale, &text);
      return Status::Invalid("Decimal overflow: round(", text, ", ", digits[i], ") does not fit ",
                             ctx.out->type().ToString());
    }
    StoreDecimal(ctx.out, i, r);
  }
  return Status::OK();
}

LogicalType WholeDecimal(const LogicalType& t) {
  // Trino: decimal(p - s + min(s, 1), 0), at least one digit.
  return LogicalType::Decimal(std::max(1, t.precision() - t.scale() + std::min(t.scale(), 1)), 0);
}

// Java's Math.round-based round(x, d) of Trino's MathFunctions, half away from zero.
template <typename T>
T RoundFloat(T x, int32_t d) {
  if (std::isnan(x) || std::isinf(x)) return x;
  const double factor = std::pow(10.0, d);
  const double scaled = static_cast<double>(x) * factor;
  if (std::fabs(scaled) >= 4503599627370496.0) return x;  // 2^52: no fraction left
  double r = std::round(std::fabs(scaled)) / factor;
  return static_cast<T>(x < 0 ? -r : r);
}

template <typename T>
T RoundFloat0(T x) {
  return RoundFloat<T>(x, 0);
}

template <typename T>
Status RoundInt(T* out, T x, int32_t d) {
  if (d >= 0) {
    *out = x;
    return Status::OK();
  }
  if (d < -18) {
    *out = 0;
    return Status::OK();
  }
  const int64_t unit = static_cast<int64_t>(PowerOfTen(-d));
  const int64_t v = x;
  const int64_t rem = v % unit;
  int128_t r = v - rem;
  if (rem * 2 >= unit) r += unit;
  if (rem * 2 <= -unit) r -= unit;
  if (r < std::numeric_limits<T>::min() || r > std::numeric_limits<T>::max())
    return Status::Invalid("Value ", v, " is out of range for round(", IntName<T>(), ", ", d, ")");
  *out = static_cast<T>(r);
  return Status::OK();
}

Status ResolveFloorCeil(const std::vector<LogicalType>& a, BoundFunction* f, bool floor) {
  if (a.size() == 1 && IsDecimal(a[0])) {
    return Bind(f, {a[0]}, WholeDecimal(a[0]),
                floor ? DecimalToWhole<Rounding::kFloor> : DecimalToWhole<Rounding::kCeiling>);
  }
  if (floor) {
    MatchOverloads(a,
                   {FLOE_INTEGER_OVERLOADS(Identity),
                    {{Real()}, Real(), Kernel<[](float x) { return std::floor(x); }>()},
                    {{Double()}, Double(), Kernel<[](double x) { return std::floor(x); }>()}},
                   f);
  } else {
    MatchOverloads(a,
                   {FLOE_INTEGER_OVERLOADS(Identity),
                    {{Real()}, Real(), Kernel<[](float x) { return std::ceil(x); }>()},
                    {{Double()}, Double(), Kernel<[](double x) { return std::ceil(x); }>()}},
                   f);
  }
  return Status::OK();
}

Status ResolveFloor(const std::vector<LogicalType>& a, BoundFunction* f) {
  return ResolveFloorCeil(a, f, true);
}
Status ResolveCeil(const std::vector<LogicalType>& a, BoundFunction* f) {
  return ResolveFloorCeil(a, f, false);
}

Status ResolveRound(const std::vector<LogicalType>& a, BoundFunction* f) {
  if (a.size() == 1 && IsDecimal(a[0]))
    return Bind(f, {a[0]}, WholeDecimal(a[0]), DecimalToWhole<Rounding::kHalfUp>);
  if (a.size() == 2 && IsDecimal(a[0]) && CanCoerce(a[1], Int())) {
    return Bind(f, {a[0], Int()},
                LogicalType::Decimal(std::min(38, a[0].precision() + 1), a[0].scale()),
                DecimalRoundDigits<Rounding::kHalfUp>);
  }
  MatchOverloads(a,
                 {FLOE_INTEGER_OVERLOADS(Identity),
                  {{Real()}, Real(), Kernel<RoundFloat0<float>>()},
                  {{Double()}, Double(), Kernel<RoundFloat0<double>>()},
                  {{TinyInt(), Int()}, TinyInt(), Kernel<RoundInt<int8_t>>()},
                  {{SmallInt(), Int()}, SmallInt(), Kernel<RoundInt<int16_t>>()},
                  {{Int(), Int()}, Int(), Kernel<RoundInt<int32_t>>()},
                  {{BigInt(), Int()}, BigInt(), Kernel<RoundInt<int64_t>>()},
                  {{Real(), Int()}, Real(), Kernel<RoundFloat<float>>()},
                  {{Double(), Int()}, Double(), Kernel<RoundFloat<double>>()}},
                 f);
  return Status::OK();
}

Status ResolveTruncate(const std::vector<LogicalType>& a, BoundFunction* f) {
  if (a.size() == 1 && IsDecimal(a[0])) {
    return Bind(f, {a[0]}, LogicalType::Decimal(std::max(1, a[0].precision() - a[0].scale()), 0),
                DecimalToWhole<Rounding::kDown>);
  }
  if (a.size() == 2 && IsDecimal(a[0]) && CanCoerce(a[1], Int()))
    return Bind(f, {a[0], Int()}, a[0], DecimalRoundDigits<Rounding::kDown>);
  MatchOverloads(a,
                 {{{Real()}, Real(), Kernel<[](float x) { return std::trunc(x); }>()},
                  {{Double()}, Double(), Kernel<[](double x) { return std::trunc(x); }>()}},
                 f);
  return Status::OK();
}

// ---- double functions ----

template <double (*kFn)(double)>
Status ResolveUnaryDouble(const std::vector<LogicalType>& a, BoundFunction* f) {
  MatchOverloads(a, {{{Double()}, Double(), Kernel<kFn>()}}, f);
  return Status::OK();
}

template <double (*kFn)(double, double)>
Status ResolveBinaryDouble(const std::vector<LogicalType>& a, BoundFunction* f) {
  MatchOverloads(a, {{{Double(), Double()}, Double(), Kernel<kFn>()}}, f);
  return Status::OK();
}

double Sqrt(double x) { return std::sqrt(x); }
// glibc's cbrt may be an ulp off for exact cubes, which Java's is not (cbrt(27) = 3.0).
double Cbrt(double x) {
  const double r = std::cbrt(x), whole = std::round(r);
  return whole * whole * whole == x ? whole : r;
}
double Exp(double x) { return std::exp(x); }
double Ln(double x) { return std::log(x); }
double Log2(double x) { return std::log2(x); }
double Log10(double x) { return std::log10(x); }
double Degrees(double x) { return x * (180.0 / std::numbers::pi); }
double Radians(double x) { return x / 180.0 * std::numbers::pi; }
double Sin(double x) { return std::sin(x); }
double Cos(double x) { return std::cos(x); }
double Tan(double x) { return std::tan(x); }
double Asin(double x) { return std::asin(x); }
double Acos(double x) { return std::acos(x); }
double Atan(double x) { return std::atan(x); }
double Sinh(double x) { return std::sinh(x); }
double Cosh(double x) { return std::cosh(x); }
double Tanh(double x) { return std::tanh(x); }
double Atan2(double y, double x) { return std::atan2(y, x); }
double Power(double x, double y) { return std::pow(x, y); }
double Log(double base, double x) { return std::log(x) / std::log(base); }

template <bool (*kFn)(double)>
Status ResolveDoublePredicate(const std::vector<LogicalType>& a, BoundFunction* f) {
  MatchOverloads(a, {{{Double()}, Bool(), Kernel<kFn>()}}, f);
  return Status::OK();
}

bool IsNan(double x) { return std::isnan(x); }
bool IsFinite(double x) { return std::isfinite(x); }
bool IsInfinite(double x) { return std::isinf(x); }

// Named functions rather than double template arguments, which clang 14
// (the fuzz and sanitizer builds) does not take.
double PiValue() { return std::numbers::pi; }
double EValue() { return std::numbers::e; }
double InfinityValue() { return std::numeric_limits<double>::infinity(); }
double NanValue() { return std::numeric_limits<double>::quiet_NaN(); }

template <double (*kFn)()>
Status ResolveConstant(const std::vector<LogicalType>& a, BoundFunction* f) {
  if (a.empty()) return Bind(f, {}, Double(), Kernel<kFn>());
  return Status::OK();
}

// ---- random ----

std::mt19937_64& Generator() {
  thread_local std::mt19937_64 generator{std::random_device{}()};
  return generator;
}

double RandomDouble() { return std::uniform_real_distribution<double>(0.0, 1.0)(Generator()); }

template <typename T>
Status RandomBelow(T* out, T bound) {
  if (bound <= 0) return Status::Invalid("bound must be positive: ", int64_t{bound});
  *out = std::uniform_int_distribution<T>(0, static_cast<T>(bound - 1))(Generator());
  return Status::OK();
}

Status ResolveRandom(const std::vector<LogicalType>& a, BoundFunction* f) {
  if (a.empty()) return Bind(f, {}, Double(), Kernel<RandomDouble>());
  MatchOverloads(a,
                 {{{SmallInt()}, SmallInt(), Kernel<RandomBelow<int16_t>>()},
                  {{Int()}, Int(), Kernel<RandomBelow<int32_t>>()},
                  {{BigInt()}, BigInt(), Kernel<RandomBelow<int64_t>>()}},
                 f);
  return Status::OK();
}

// ---- mod ----

Status ResolveMod(const std::vector<LogicalType>& a, BoundFunction* f) {
  if (a.size() != 2 || !(IsNumeric(a[0]) || IsUnknown(a[0])) ||
      !(IsNumeric(a[1]) || IsUnknown(a[1]))) {
    return Status::OK();
  }
  // mod(n, m) is the % operator: same types, same division-by-zero error.
  FLOE_ASSIGN_OR_RETURN(BoundFunction op, ResolveFunction("%", a));
  op.name = "mod";
  *f = std::move(op);
  return Status::OK();
}

// ---- greatest, least ----

template <typename T, bool kGreatest>
Status Extreme(const KernelContext& ctx) {
  std::vector<Input<T>> in;
  for (const Vector* v : ctx.args) in.emplace_back(*v);
  T* out = ctx.out->mutable_data<T>();
  for (int64_t i = 0; i < ctx.n; ++i) {
    T best = in[0][i];
    for (size_t k = 1; k < in.size(); ++k) {
      T v = in[k][i];
      if (kGreatest ? v > best : v < best) best = v;
    }
    if constexpr (std::is_floating_point_v<T>) {
      // Trino rejects NaN rather than picking an order for it.
      if (Valid(*ctx.out, i)) {
        for (const auto& x : in) {
          if (std::isnan(x[i]))
            return Status::Invalid("Invalid argument to ", kGreatest ? "greatest" : "least",
                                   "(): NaN");
        }
      }
    }
    out[i] = best;
  }
  return Status::OK();
}

template <bool kGreatest>
Status ExtremeString(const KernelContext& ctx) {
  for (int64_t i = 0; i < ctx.n; ++i) {
    if (!Valid(*ctx.out, i)) {
      ctx.out->mutable_data<columnar::StringView>()[i] = columnar::StringView();
      continue;
    }
    size_t best = 0;
    for (size_t k = 1; k < ctx.args.size(); ++k) {
      int c = ctx.args[k]->GetString(i).compare(ctx.args[best]->GetString(i));
      if (kGreatest ? c > 0 : c < 0) best = k;
    }
    // The chosen argument's bytes stay alive with the output.
    ctx.out->mutable_data<columnar::StringView>()[i] =
        columnar::StringView(ctx.args[best]->GetString(i));
  }
  for (const Vector* v : ctx.args) ctx.out->KeepAliveHeapsOf(*v);
  return Status::OK();
}

template <bool kGreatest>
ScalarKernel ExtremeKernel(const LogicalType& t) {
  switch (t.id()) {
    case TypeId::kBoolean:
      return Extreme<uint8_t, kGreatest>;
    case TypeId::kTinyInt:
      return Extreme<int8_t, kGreatest>;
    case TypeId::kSmallInt:
      return Extreme<int16_t, kGreatest>;
    case TypeId::kInteger:
    case TypeId::kDate:
      return Extreme<int32_t, kGreatest>;
    case TypeId::kBigInt:
    case TypeId::kTime:
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
      return Extreme<int64_t, kGreatest>;
    case TypeId::kReal:
      return Extreme<float, kGreatest>;
    case TypeId::kDouble:
      return Extreme<double, kGreatest>;
    case TypeId::kDecimal:
      return t.precision() <= 18 ? Extreme<int64_t, kGreatest> : Extreme<int128_t, kGreatest>;
    case TypeId::kVarchar:
      return ExtremeString<kGreatest>;
    default:
      return nullptr;
  }
}

template <bool kGreatest>
Status ResolveExtreme(const std::vector<LogicalType>& a, BoundFunction* f) {
  if (a.empty()) return Status::OK();
  std::optional<LogicalType> common = a[0];
  for (size_t i = 1; i < a.size() && common; ++i) common = CommonSuperType(*common, a[i]);
  if (!common) return Status::OK();
  LogicalType t = IsUnknown(*common) ? BigInt() : *common;
  ScalarKernel k = ExtremeKernel<kGreatest>(t);
  if (k == nullptr) return Status::OK();
  return Bind(f, std::vector<LogicalType>(a.size(), t), t, k);
}

#undef FLOE_INTEGER_OVERLOADS

constexpr FunctionEntry kMath[] = {
    {"abs", ResolveAbs,
     "abs(tinyint), abs(smallint), abs(integer), abs(bigint), abs(decimal(p,s)), abs(real), "
     "abs(double)"},
    {"sign", ResolveSign,
     "sign(tinyint), sign(smallint), sign(integer), sign(bigint), sign(decimal(p,s)), "
     "sign(real), sign(double)"},
    {"ceil", ResolveCeil,
     "ceil(tinyint), ceil(smallint), ceil(integer), ceil(bigint), ceil(decimal(p,s)), "
     "ceil(real), ceil(double)"},
    {"ceiling", ResolveCeil,
     "ceiling(tinyint), ceiling(smallint), ceiling(integer), ceiling(bigint), "
     "ceiling(decimal(p,s)), ceiling(real), ceiling(double)"},
    {"floor", ResolveFloor,
     "floor(tinyint), floor(smallint), floor(integer), floor(bigint), floor(decimal(p,s)), "
     "floor(real), floor(double)"},
    {"round", ResolveRound,
     "round(tinyint), round(smallint), round(integer), round(bigint), round(decimal(p,s)), "
     "round(real), round(double), round(tinyint, integer), round(smallint, integer), "
     "round(integer, integer), round(bigint, integer), round(decimal(p,s), integer), "
     "round(real, integer), round(double, integer)"},
    {"truncate", ResolveTruncate,
     "truncate(decimal(p,s)), truncate(decimal(p,s), integer), truncate(real), "
     "truncate(double)"},
    {"sqrt", ResolveUnaryDouble<Sqrt>, "sqrt(double)"},
    {"cbrt", ResolveUnaryDouble<Cbrt>, "cbrt(double)"},
    {"exp", ResolveUnaryDouble<Exp>, "exp(double)"},
    {"ln", ResolveUnaryDouble<Ln>, "ln(double)"},
    {"log2", ResolveUnaryDouble<Log2>, "log2(double)"},
    {"log10", ResolveUnaryDouble<Log10>, "log10(double)"},
    {"log", ResolveBinaryDouble<Log>, "log(double, double)"},
    {"power", ResolveBinaryDouble<Power>, "power(double, double)"},
    {"pow", ResolveBinaryDouble<Power>, "pow(double, double)"},
    {"degrees", ResolveUnaryDouble<Degrees>, "degrees(double)"},
    {"radians", ResolveUnaryDouble<Radians>, "radians(double)"},
    {"sin", ResolveUnaryDouble<Sin>, "sin(double)"},
    {"cos", ResolveUnaryDouble<Cos>, "cos(double)"},
    {"tan", ResolveUnaryDouble<Tan>, "tan(double)"},
    {"asin", ResolveUnaryDouble<Asin>, "asin(double)"},
    {"acos", ResolveUnaryDouble<Acos>, "acos(double)"},
    {"atan", ResolveUnaryDouble<Atan>, "atan(double)"},
    {"sinh", ResolveUnaryDouble<Sinh>, "sinh(double)"},
    {"cosh", ResolveUnaryDouble<Cosh>, "cosh(double)"},
    {"tanh", ResolveUnaryDouble<Tanh>, "tanh(double)"},
    {"atan2", ResolveBinaryDouble<Atan2>, "atan2(double, double)"},
    {"is_nan", ResolveDoublePredicate<IsNan>, "is_nan(double)"},
    {"is_finite", ResolveDoublePredicate<IsFinite>, "is_finite(double)"},
    {"is_infinite", ResolveDoublePredicate<IsInfinite>, "is_infinite(double)"},
    {"pi", ResolveConstant<PiValue>, "pi()"},
    {"e", ResolveConstant<EValue>, "e()"},
    {"nan", ResolveConstant<NanValue>, "nan()"},
    {"infinity", ResolveConstant<InfinityValue>, "infinity()"},
    {"random", ResolveRandom, "random(), random(smallint), random(integer), random(bigint)"},
    {"rand", ResolveRandom, "rand(), rand(smallint), rand(integer), rand(bigint)"},
    {"mod", ResolveMod,
     "mod(tinyint, tinyint), mod(smallint, smallint), mod(integer, integer), mod(bigint, "
     "bigint), mod(decimal(p,s), decimal(p,s)), mod(real, real), mod(double, double)"},
    {"greatest", ResolveExtreme<true>, "greatest(E, E...) for an orderable type E"},
    {"least", ResolveExtreme<false>, "least(E, E...) for an orderable type E"},
};

}  // namespace

std::span<const FunctionEntry> MathFunctions() { return kMath; }

}  // namespace floe::sql::functions
