#pragma once

// Internal to sql/functions: the table of named scalar functions (math,
// string, date/time) that ResolveFunction falls back to, and the templates
// their kernels are made from. Included only by the kernel files.

#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "columnar/vector.h"
#include "common/int128.h"
#include "sql/functions/kernels_internal.h"
#include "sql/functions/scalar_function.h"

namespace floe::sql::functions {

/// Binds one function name for concrete argument types: sets `out`'s
/// arg_types, result_type and kernel, or leaves out->kernel null when no
/// signature accepts `args` (the caller then reports Trino's "Unexpected
/// parameters"). A non-OK status is an error other than a mismatch.
using Resolver = Status (*)(const std::vector<LogicalType>& args, BoundFunction* out);

/// A named function: its resolver and the signatures listed when the
/// arguments match none ("abs(bigint), abs(double)").
struct FunctionEntry {
  std::string_view name;
  Resolver resolve;
  std::string_view expected;
};

/// The functions of math_functions.cc, string_functions.cc and
/// datetime_functions.cc: static tables, one entry per name (aliases
/// included), safe to read from any thread.
std::span<const FunctionEntry> MathFunctions();
std::span<const FunctionEntry> StringFunctions();
std::span<const FunctionEntry> DateTimeFunctions();

/// The operators on dates, times, timestamps and intervals ("+", "-",
/// "*", "/", "negate"; temporal_arithmetic.cc): sets `out` as a Resolver
/// does, or leaves out->kernel null when `args` are not such operands.
Status ResolveTemporalOperator(std::string_view op, const std::vector<LogicalType>& args,
                               BoundFunction* out);

/// One fixed signature.
struct Overload {
  std::vector<LogicalType> params;
  LogicalType result;
  ScalarKernel kernel;
};

/// Picks the first overload that every argument coerces to (callers list
/// the most specific first, as Trino prefers exact and narrower matches).
inline void MatchOverloads(const std::vector<LogicalType>& args,
                           std::initializer_list<Overload> overloads, BoundFunction* out) {
  for (const Overload& o : overloads) {
    if (o.params.size() != args.size()) continue;
    bool ok = true;
    for (size_t i = 0; i < args.size() && ok; ++i) ok = CanCoerce(args[i], o.params[i]);
    if (!ok) continue;
    out->arg_types = o.params;
    out->result_type = o.result;
    out->kernel = o.kernel;
    return;
  }
}

// ---- value access ----

/// Row access to an argument: numbers and booleans (as bool) by value,
/// varchar/varbinary as string_view.
template <typename T>
struct Reader {
  kernels::Input<T> in;
  explicit Reader(const columnar::Vector& v) : in(v) {}
  T operator[](int64_t i) const { return in[i]; }
};
template <>
struct Reader<bool> {
  kernels::Input<uint8_t> in;
  explicit Reader(const columnar::Vector& v) : in(v) {}
  bool operator[](int64_t i) const { return in[i] != 0; }
};
template <>
struct Reader<std::string_view> {
  const columnar::Vector* v;
  explicit Reader(const columnar::Vector& vec) : v(&vec) {}
  std::string_view operator[](int64_t i) const { return v->GetString(i); }
};

/// Row writes to the output: numbers, bool (one byte) and strings.
template <typename T>
struct Writer {
  T* data;
  explicit Writer(columnar::Vector* out) : data(out->mutable_data<T>()) {}
  Status Set(int64_t i, T v) {
    data[i] = v;
    return Status::OK();
  }
  void Skip(int64_t i) { data[i] = T{}; }
};
template <>
struct Writer<bool> {
  uint8_t* data;
  explicit Writer(columnar::Vector* out) : data(out->mutable_data<uint8_t>()) {}
  Status Set(int64_t i, bool v) {
    data[i] = v ? 1 : 0;
    return Status::OK();
  }
  void Skip(int64_t i) { data[i] = 0; }
};
template <>
struct Writer<std::string> {
  columnar::Vector* out;
  explicit Writer(columnar::Vector* o) : out(o) {}
  Status Set(int64_t i, const std::string& s) { return out->SetString(i, s); }
  // Null rows hold an empty view: later kernels may read every row.
  void Skip(int64_t i) { out->mutable_data<columnar::StringView>()[i] = columnar::StringView(); }
};

/// The return and parameter types of a function pointer type.
template <typename F>
struct FnTraits;
template <typename R, typename... A>
struct FnTraits<R (*)(A...)> {
  using Ret = R;
  using Args = std::tuple<A...>;
};

/// The row loop of Kernel<kFn>(): reads each valid row's arguments, calls
/// kFn and stores its value.
template <auto kFn, typename Out, typename... In, size_t... I>
Status RunKernel(const KernelContext& ctx, std::index_sequence<I...>) {
  std::tuple<Reader<In>...> in{Reader<In>(*ctx.args[I])...};
  Writer<Out> w(ctx.out);
  Out value{};
  for (int64_t i = 0; i < ctx.n; ++i) {
    if (!kernels::Valid(*ctx.out, i)) {
      w.Skip(i);
      continue;
    }
    if constexpr (std::is_same_v<typename FnTraits<decltype(+kFn)>::Ret, Status>) {
      if constexpr (std::is_same_v<Out, std::string>) value.clear();
      FLOE_RETURN_NOT_OK(kFn(&value, std::get<I>(in)[i]...));
      FLOE_RETURN_NOT_OK(w.Set(i, value));
    } else {
      FLOE_RETURN_NOT_OK(w.Set(i, kFn(std::get<I>(in)[i]...)));
    }
  }
  return Status::OK();
}

template <auto kFn, typename Tuple>
struct KernelOf;
// `Out fn(In...)`: a value per row.
template <auto kFn, typename... In>
struct KernelOf<kFn, std::tuple<In...>> {
  static Status Run(const KernelContext& ctx) {
    using Out = typename FnTraits<decltype(+kFn)>::Ret;
    return RunKernel<kFn, Out, std::decay_t<In>...>(ctx, std::index_sequence_for<In...>{});
  }
};
// `Status fn(Out*, In...)`: may fail (checked on valid rows only) or build
// a string in place (the string is cleared before each row).
template <auto kFn, typename Out, typename... In>
struct KernelOf<kFn, std::tuple<Out*, In...>> {
  static Status Run(const KernelContext& ctx) {
    static_assert(std::is_same_v<typename FnTraits<decltype(+kFn)>::Ret, Status>);
    return RunKernel<kFn, Out, std::decay_t<In>...>(ctx, std::index_sequence_for<In...>{});
  }
};

/// The kernel applying `kFn` row by row to the valid rows: either
/// `Out fn(In...)` or `Status fn(Out*, In...)` (In: numbers, bool,
/// std::string_view; Out: numbers, bool, std::string). Null rows are
/// skipped and hold zero or an empty string.
template <auto kFn>
ScalarKernel Kernel() {
  return &KernelOf<kFn, typename FnTraits<decltype(+kFn)>::Args>::Run;
}

// ---- decimals ----

/// Row i of a decimal vector (flat or constant), widened to int128.
inline int128_t DecimalAt(const columnar::Vector& v, int64_t i) {
  const int64_t k = v.kind() == columnar::VectorKind::kConstant ? 0 : i;
  return v.type().precision() <= 18 ? v.data<int64_t>()[k] : v.data<int128_t>()[k];
}

/// Stores an unscaled decimal at row i of `out` (of its decimal type).
inline void StoreDecimal(columnar::Vector* out, int64_t i, int128_t v) {
  if (out->type().precision() <= 18) {
    out->mutable_data<int64_t>()[i] = static_cast<int64_t>(v);
  } else {
    out->mutable_data<int128_t>()[i] = v;
  }
}

/// "Unexpected parameters (varchar) for function abs. Expected: ..." as Trino says it.
Status UnexpectedParameters(std::string_view name, const std::vector<LogicalType>& args,
                            std::string_view expected);

}  // namespace floe::sql::functions
