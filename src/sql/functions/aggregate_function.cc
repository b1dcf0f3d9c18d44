#include "sql/functions/aggregate_function.h"

#include <cmath>
#include <cstring>
#include <new>
#include <string>

#include "common/bit_util.h"
#include "common/int128.h"
#include "common/str_cat.h"
#include "sql/functions/nested_internal.h"

namespace floe::sql {

namespace {

using columnar::PhysicalType;
using columnar::StringView;
using columnar::TypeId;
using columnar::Vector;

inline bool ArgValid(const Vector& v, int64_t row) {
  const uint8_t* validity = v.validity();
  return validity == nullptr || bit_util::GetBit(validity, row);
}

inline void SetOutNull(Vector* out, int64_t i) {
  (void)out->EnsureValidity();
  out->SetNull(i);
}

template <typename S>
S* StateOf(const AggregateInput& in, int64_t k) {
  return reinterpret_cast<S*>(in.states[k] + in.offset);
}

// ---- count(*), count(x), count_if(b) ----

struct CountState {
  int64_t count;
};

void CountInit(uint8_t* s) { reinterpret_cast<CountState*>(s)->count = 0; }

Status CountStarUpdate(const AggregateInput& in) {
  if (in.single_state) {
    if (in.n > 0) StateOf<CountState>(in, 0)->count += in.n;
    return Status::OK();
  }
  for (int64_t k = 0; k < in.n; ++k) ++StateOf<CountState>(in, k)->count;
  return Status::OK();
}

Status CountUpdate(const AggregateInput& in) {
  const Vector& v = *in.args[0];
  if (v.validity() == nullptr) return CountStarUpdate(in);
  for (int64_t k = 0; k < in.n; ++k) {
    if (ArgValid(v, in.Row(k))) ++StateOf<CountState>(in, k)->count;
  }
  return Status::OK();
}

Status CountIfUpdate(const AggregateInput& in) {
  const Vector& v = *in.args[0];
  const uint8_t* b = v.data<uint8_t>();
  for (int64_t k = 0; k < in.n; ++k) {
    const int64_t r = in.Row(k);
    if (ArgValid(v, r) && b[r]) ++StateOf<CountState>(in, k)->count;
  }
  return Status::OK();
}

Status CountCombine(const uint8_t* src, uint8_t* dst) {
  reinterpret_cast<CountState*>(dst)->count += reinterpret_cast<const CountState*>(src)->count;
  return Status::OK();
}

Status CountFinalize(uint8_t* const* states, int32_t offset, int64_t n, Vector* out,
                     int64_t out_offset) {
  int64_t* o = out->mutable_data<int64_t>() + out_offset;
  for (int64_t k = 0; k < n; ++k) o[k] = reinterpret_cast<CountState*>(states[k] + offset)->count;
  return Status::OK();
}

// ---- sum and avg ----
// Integers sum into int64 (Trino: sum(integer) is bigint and overflow is an
// error), floats into double, decimals into int128 (sum(decimal(p,s)) is
// decimal(38,s)).

template <typename Acc>
struct SumState {
  Acc sum;
  int64_t count;
};

template <typename Acc>
void SumInit(uint8_t* s) {
  auto* st = reinterpret_cast<SumState<Acc>*>(s);
  st->sum = 0;
  st->count = 0;
}

Status Overflow(const char* what) { return Status::Invalid(what, " overflow"); }

constexpr int128_t kDecimalLimit = static_cast<int128_t>(10000000000000000000ULL) *
                                   static_cast<int128_t>(10000000000000000000ULL);  // 10^38

template <typename In, typename Acc>
Status SumUpdate(const AggregateInput& in) {
  const Vector& v = *in.args[0];
  const In* data = v.data<In>();
  const bool nulls = v.validity() != nullptr;
  if constexpr (std::is_same_v<In, int64_t> && std::is_same_v<Acc, int128_t>) {
    // Short decimals into 128 bits cannot overflow the accumulator within
    // any realistic row count; the 38-digit limit is checked as states
    // combine and finish.
    if (in.single_state && !nulls && in.n > 0) {
      int128_t sum = 0;
      for (int64_t k = 0; k < in.n; ++k) sum += data[in.Row(k)];
      auto* st = StateOf<SumState<Acc>>(in, 0);
      st->sum += sum;
      st->count += in.n;
      return Status::OK();
    }
    for (int64_t k = 0; k < in.n; ++k) {
      const int64_t r = in.Row(k);
      if (nulls && !ArgValid(v, r)) continue;
      auto* st = StateOf<SumState<Acc>>(in, k);
      st->sum += data[r];
      ++st->count;
    }
    return Status::OK();
  }
  if constexpr (std::is_same_v<Acc, double>) {
    if (in.single_state && !nulls && in.n > 0) {
      double sum = 0;
      for (int64_t k = 0; k < in.n; ++k) sum += static_cast<double>(data[in.Row(k)]);
      auto* st = StateOf<SumState<Acc>>(in, 0);
      st->sum += sum;
      st->count += in.n;
      return Status::OK();
    }
  }
  for (int64_t k = 0; k < in.n; ++k) {
    const int64_t r = in.Row(k);
    if (nulls && !ArgValid(v, r)) continue;
    auto* st = StateOf<SumState<Acc>>(in, k);
    if constexpr (std::is_same_v<Acc, int64_t>) {
      if (__builtin_add_overflow(st->sum, static_cast<int64_t>(data[r]), &st->sum))
        return Overflow("bigint addition");
    } else if constexpr (std::is_same_v<Acc, int128_t>) {
      // Long decimals: each value is below 10^38, so the sum stays within
      // 128 bits as long as it is checked against 10^38 at every step.
      st->sum += static_cast<int128_t>(data[r]);
      if (st->sum >= kDecimalLimit || st->sum <= -kDecimalLimit) return Overflow("Decimal");
    } else {
      st->sum += static_cast<Acc>(data[r]);
    }
    ++st->count;
  }
  return Status::OK();
}

template <typename Acc>
Status SumCombine(const uint8_t* src, uint8_t* dst) {
  auto* s = reinterpret_cast<const SumState<Acc>*>(src);
  auto* d = reinterpret_cast<SumState<Acc>*>(dst);
  if constexpr (std::is_same_v<Acc, int64_t>) {
    if (__builtin_add_overflow(d->sum, s->sum, &d->sum)) return Overflow("bigint addition");
  } else {
    d->sum += s->sum;
    if constexpr (std::is_same_v<Acc, int128_t>) {
      if (d->sum >= kDecimalLimit || d->sum <= -kDecimalLimit) return Overflow("Decimal");
    }
  }
  d->count += s->count;
  return Status::OK();
}

// Out: the output vector's physical type.
template <typename Acc, typename Out>
Status SumFinalize(uint8_t* const* states, int32_t offset, int64_t n, Vector* out,
                   int64_t out_offset) {
  Out* o = out->mutable_data<Out>();
  for (int64_t k = 0; k < n; ++k) {
    auto* st = reinterpret_cast<SumState<Acc>*>(states[k] + offset);
    if (st->count == 0) {
      SetOutNull(out, out_offset + k);
      continue;
    }
    if constexpr (std::is_same_v<Acc, int128_t>) {
      if (st->sum >= kDecimalLimit || st->sum <= -kDecimalLimit) return Overflow("Decimal");
    }
    o[out_offset + k] = static_cast<Out>(st->sum);
  }
  return Status::OK();
}

// kDecimal: avg(decimal) keeps the decimal type; otherwise the mean is a
// double (avg of integers sums in 128 bits, so Acc alone does not tell).
template <typename Acc, typename Out, bool kDecimal = std::is_same_v<Acc, int128_t>>
Status AvgFinalize(uint8_t* const* states, int32_t offset, int64_t n, Vector* out,
                   int64_t out_offset) {
  Out* o = out->mutable_data<Out>();
  for (int64_t k = 0; k < n; ++k) {
    auto* st = reinterpret_cast<SumState<Acc>*>(states[k] + offset);
    if (st->count == 0) {
      SetOutNull(out, out_offset + k);
      continue;
    }
    if constexpr (kDecimal) {
      // avg(decimal(p,s)) is decimal(p,s), rounded half up (Trino).
      o[out_offset + k] = static_cast<Out>(DivideRoundHalfUp(st->sum, st->count));
    } else {
      o[out_offset + k] =
          static_cast<Out>(static_cast<double>(st->sum) / static_cast<double>(st->count));
    }
  }
  return Status::OK();
}

// ---- min, max, arbitrary ----

template <typename T>
struct ExtremeState {
  T value;
  bool set;
};

template <typename T>
void ExtremeInit(uint8_t* s) {
  std::memset(s, 0, sizeof(ExtremeState<T>));
}

template <typename T, int kSign>  // kSign: -1 min, +1 max, 0 arbitrary (first value)
inline bool Better(const T& candidate, const T& current) {
  if constexpr (kSign == 0) {
    return false;
  } else if constexpr (std::is_floating_point_v<T>) {
    // NaN is above every value in Trino's ordering.
    const bool cn = std::isnan(candidate), un = std::isnan(current);
    if (cn || un) return kSign > 0 ? (cn && !un) : (!cn && un);
    return kSign > 0 ? candidate > current : candidate < current;
  } else {
    return kSign > 0 ? candidate > current : candidate < current;
  }
}

template <typename T, int kSign>
Status ExtremeUpdate(const AggregateInput& in) {
  const Vector& v = *in.args[0];
  const T* data = v.data<T>();
  const bool nulls = v.validity() != nullptr;
  if constexpr (kSign != 0) {
    if (in.single_state && !nulls && in.n > 0) {
      T best = data[in.Row(0)];
      for (int64_t k = 1; k < in.n; ++k) {
        const T x = data[in.Row(k)];
        if (Better<T, kSign>(x, best)) best = x;
      }
      auto* st = StateOf<ExtremeState<T>>(in, 0);
      if (!st->set || Better<T, kSign>(best, st->value)) {
        st->value = best;
        st->set = true;
      }
      return Status::OK();
    }
  }
  for (int64_t k = 0; k < in.n; ++k) {
    const int64_t r = in.Row(k);
    if (nulls && !ArgValid(v, r)) continue;
    auto* st = StateOf<ExtremeState<T>>(in, k);
    if (!st->set || Better<T, kSign>(data[r], st->value)) {
      st->value = data[r];
      st->set = true;
    }
  }
  return Status::OK();
}

template <typename T, int kSign>
Status ExtremeCombine(const uint8_t* src, uint8_t* dst) {
  auto* s = reinterpret_cast<const ExtremeState<T>*>(src);
  auto* d = reinterpret_cast<ExtremeState<T>*>(dst);
  if (s->set && (!d->set || Better<T, kSign>(s->value, d->value))) *d = *s;
  return Status::OK();
}

template <typename T>
Status ExtremeFinalize(uint8_t* const* states, int32_t offset, int64_t n, Vector* out,
                       int64_t out_offset) {
  T* o = out->mutable_data<T>();
  for (int64_t k = 0; k < n; ++k) {
    auto* st = reinterpret_cast<ExtremeState<T>*>(states[k] + offset);
    if (!st->set) {
      SetOutNull(out, out_offset + k);
      continue;
    }
    o[out_offset + k] = st->value;
  }
  return Status::OK();
}

// Strings own their bytes: the state holds a heap string.
struct StringExtremeState {
  std::string* value;
};

void StringExtremeInit(uint8_t* s) { reinterpret_cast<StringExtremeState*>(s)->value = nullptr; }
void StringExtremeDestroy(uint8_t* s) { delete reinterpret_cast<StringExtremeState*>(s)->value; }

// Spilled as a set flag, then length and bytes.
void StringExtremeSerialize(const uint8_t* s, std::string* out) {
  const std::string* v = reinterpret_cast<const StringExtremeState*>(s)->value;
  out->push_back(v != nullptr ? 1 : 0);
  if (v == nullptr) return;
  const uint32_t n = static_cast<uint32_t>(v->size());
  out->append(reinterpret_cast<const char*>(&n), 4);
  out->append(*v);
}
size_t StringExtremeDeserialize(const char* in, size_t size, uint8_t* s) {
  auto* st = reinterpret_cast<StringExtremeState*>(s);
  if (size < 1 || in[0] == 0) return 1;
  uint32_t n = 0;
  if (size >= 5) std::memcpy(&n, in + 1, 4);
  n = static_cast<uint32_t>(std::min<size_t>(n, size >= 5 ? size - 5 : 0));
  delete st->value;
  st->value = new std::string(in + 5, n);
  return 5 + n;
}

template <int kSign>
inline bool BetterString(std::string_view candidate, const std::string& current) {
  if constexpr (kSign == 0) return false;
  const int c = candidate.compare(current);
  return kSign > 0 ? c > 0 : c < 0;
}

template <int kSign>
Status StringExtremeUpdate(const AggregateInput& in) {
  const Vector& v = *in.args[0];
  const StringView* data = v.data<StringView>();
  const bool nulls = v.validity() != nullptr;
  for (int64_t k = 0; k < in.n; ++k) {
    const int64_t r = in.Row(k);
    if (nulls && !ArgValid(v, r)) continue;
    auto* st = StateOf<StringExtremeState>(in, k);
    std::string_view s = data[r].view();
    if (st->value == nullptr) {
      st->value = new std::string(s);
    } else if (BetterString<kSign>(s, *st->value)) {
      st->value->assign(s);
    }
  }
  return Status::OK();
}

template <int kSign>
Status StringExtremeCombine(const uint8_t* src, uint8_t* dst) {
  auto* s = reinterpret_cast<const StringExtremeState*>(src);
  auto* d = reinterpret_cast<StringExtremeState*>(dst);
  if (s->value == nullptr) return Status::OK();
  if (d->value == nullptr) {
    d->value = new std::string(*s->value);
  } else if (BetterString<kSign>(*s->value, *d->value)) {
    *d->value = *s->value;
  }
  return Status::OK();
}

Status StringExtremeFinalize(uint8_t* const* states, int32_t offset, int64_t n, Vector* out,
                             int64_t out_offset) {
  for (int64_t k = 0; k < n; ++k) {
    auto* st = reinterpret_cast<StringExtremeState*>(states[k] + offset);
    if (st->value == nullptr) {
      SetOutNull(out, out_offset + k);
      continue;
    }
    FLOE_RETURN_NOT_OK(out->SetString(out_offset + k, *st->value));
  }
  return Status::OK();
}

// ---- bool_and, bool_or ----

struct BoolState {
  uint8_t value;
  uint8_t set;
};

void BoolInit(uint8_t* s) { std::memset(s, 0, sizeof(BoolState)); }

template <bool kAnd>
Status BoolUpdate(const AggregateInput& in) {
  const Vector& v = *in.args[0];
  const uint8_t* data = v.data<uint8_t>();
  for (int64_t k = 0; k < in.n; ++k) {
    const int64_t r = in.Row(k);
    if (!ArgValid(v, r)) continue;
    auto* st = StateOf<BoolState>(in, k);
    st->value = st->set ? (kAnd ? (st->value & data[r]) : (st->value | data[r])) : data[r];
    st->set = 1;
  }
  return Status::OK();
}

template <bool kAnd>
Status BoolCombine(const uint8_t* src, uint8_t* dst) {
  auto* s = reinterpret_cast<const BoolState*>(src);
  auto* d = reinterpret_cast<BoolState*>(dst);
  if (!s->set) return Status::OK();
  d->value = d->set ? (kAnd ? (d->value & s->value) : (d->value | s->value)) : s->value;
  d->set = 1;
  return Status::OK();
}

Status BoolFinalize(uint8_t* const* states, int32_t offset, int64_t n, Vector* out,
                    int64_t out_offset) {
  uint8_t* o = out->mutable_data<uint8_t>();
  for (int64_t k = 0; k < n; ++k) {
    auto* st = reinterpret_cast<BoolState*>(states[k] + offset);
    if (!st->set) {
      SetOutNull(out, out_offset + k);
      continue;
    }
    o[out_offset + k] = st->value;
  }
  return Status::OK();
}

// ---- variance and standard deviation (Welford; Chan et al. to combine) ----

struct MomentState {
  int64_t count;
  double mean;
  double m2;
};

void MomentInit(uint8_t* s) { std::memset(s, 0, sizeof(MomentState)); }

Status MomentUpdate(const AggregateInput& in) {
  const Vector& v = *in.args[0];
  const double* data = v.data<double>();
  for (int64_t k = 0; k < in.n; ++k) {
    const int64_t r = in.Row(k);
    if (!ArgValid(v, r)) continue;
    auto* st = StateOf<MomentState>(in, k);
    ++st->count;
    const double delta = data[r] - st->mean;
    st->mean += delta / static_cast<double>(st->count);
    st->m2 += delta * (data[r] - st->mean);
  }
  return Status::OK();
}

Status MomentCombine(const uint8_t* src, uint8_t* dst) {
  auto* s = reinterpret_cast<const MomentState*>(src);
  auto* d = reinterpret_cast<MomentState*>(dst);
  if (s->count == 0) return Status::OK();
  if (d->count == 0) {
    *d = *s;
    return Status::OK();
  }
  const double n = static_cast<double>(d->count + s->count);
  const double delta = s->mean - d->mean;
  d->m2 +=
      s->m2 + delta * delta * static_cast<double>(d->count) * static_cast<double>(s->count) / n;
  d->mean += delta * static_cast<double>(s->count) / n;
  d->count += s->count;
  return Status::OK();
}

// kSample: divide by n - 1 (NULL for fewer than two rows); kSqrt: stddev.
template <bool kSample, bool kSqrt>
Status MomentFinalize(uint8_t* const* states, int32_t offset, int64_t n, Vector* out,
                      int64_t out_offset) {
  double* o = out->mutable_data<double>();
  for (int64_t k = 0; k < n; ++k) {
    auto* st = reinterpret_cast<MomentState*>(states[k] + offset);
    const int64_t denominator = kSample ? st->count - 1 : st->count;
    if (denominator <= 0) {
      SetOutNull(out, out_offset + k);
      continue;
    }
    const double var = st->m2 / static_cast<double>(denominator);
    o[out_offset + k] = kSqrt ? std::sqrt(var) : var;
  }
  return Status::OK();
}

// ---- resolution ----

Status Unexpected(std::string_view name, const std::vector<LogicalType>& args) {
  std::string types;
  for (size_t i = 0; i < args.size(); ++i) types += (i > 0 ? ", " : "") + TypeName(args[i]);
  return Status::Invalid("Unexpected parameters (", types, ") for function ", name);
}

template <typename S>
constexpr int32_t StateSize() {
  return static_cast<int32_t>((sizeof(S) + 15) / 16 * 16);  // int128 states need 16-byte alignment
}

AggregateFunction Count(std::string_view name) {
  AggregateFunction f;
  f.name = std::string(name);
  f.result_type = LogicalType::BigInt();
  f.state_size = StateSize<CountState>();
  f.init = CountInit;
  f.combine = CountCombine;
  f.finalize = CountFinalize;
  return f;
}

template <int kSign>
Result<AggregateFunction> Extreme(std::string_view name, const LogicalType& t) {
  AggregateFunction f;
  f.name = std::string(name);
  f.arg_types = {t};
  f.result_type = t;
  switch (t.physical_type()) {
#define FLOE_EXTREME(PT, T)                      \
  case PhysicalType::PT:                         \
    f.state_size = StateSize<ExtremeState<T>>(); \
    f.init = ExtremeInit<T>;                     \
    f.update = ExtremeUpdate<T, kSign>;          \
    f.combine = ExtremeCombine<T, kSign>;        \
    f.finalize = ExtremeFinalize<T>;             \
    return f;
    FLOE_EXTREME(kBool, uint8_t)
    FLOE_EXTREME(kInt8, int8_t)
    FLOE_EXTREME(kInt16, int16_t)
    FLOE_EXTREME(kInt32, int32_t)
    FLOE_EXTREME(kInt64, int64_t)
    FLOE_EXTREME(kInt128, int128_t)
    FLOE_EXTREME(kFloat, float)
    FLOE_EXTREME(kDouble, double)
#undef FLOE_EXTREME
    case PhysicalType::kStringView:
      f.state_size = StateSize<StringExtremeState>();
      f.init = StringExtremeInit;
      f.update = StringExtremeUpdate<kSign>;
      f.combine = StringExtremeCombine<kSign>;
      f.finalize = StringExtremeFinalize;
      f.destroy = StringExtremeDestroy;
      f.serialize = StringExtremeSerialize;
      f.deserialize = StringExtremeDeserialize;
      return f;
    case PhysicalType::kListEntry:
    case PhysicalType::kNone:
      break;
  }
  return Unexpected(name, {t});
}

template <typename In, typename Acc>
void SetSum(AggregateFunction* f) {
  f->state_size = StateSize<SumState<Acc>>();
  f->init = SumInit<Acc>;
  f->update = SumUpdate<In, Acc>;
  f->combine = SumCombine<Acc>;
}

Result<AggregateFunction> SumOrAvg(std::string_view name, const LogicalType& t) {
  const bool avg = name == "avg";
  AggregateFunction f;
  f.name = std::string(name);
  f.arg_types = {t};
  switch (t.id()) {
    case TypeId::kTinyInt:
    case TypeId::kSmallInt:
    case TypeId::kInteger:
    case TypeId::kBigInt: {
      // Integers are widened to bigint first.
      f.arg_types = {LogicalType::BigInt()};
      SetSum<int64_t, int64_t>(&f);
      if (avg) {
        // Averages sum into a wider accumulator so that they cannot overflow
        // (SumUpdate/SumCombine of 128 bits); only the result is a double.
        SetSum<int64_t, int128_t>(&f);
        f.result_type = LogicalType::Double();
        f.finalize = AvgFinalize<int128_t, double, false>;
      } else {
        f.result_type = LogicalType::BigInt();
        f.finalize = SumFinalize<int64_t, int64_t>;
      }
      return f;
    }
    case TypeId::kReal:
      SetSum<float, double>(&f);
      f.result_type = LogicalType::Real();
      f.finalize = avg ? AvgFinalize<double, float> : SumFinalize<double, float>;
      return f;
    case TypeId::kDouble:
      SetSum<double, double>(&f);
      f.result_type = LogicalType::Double();
      f.finalize = avg ? AvgFinalize<double, double> : SumFinalize<double, double>;
      return f;
    case TypeId::kDecimal: {
      if (t.precision() <= 18) {
        SetSum<int64_t, int128_t>(&f);
      } else {
        SetSum<int128_t, int128_t>(&f);
      }
      f.result_type = avg ? t : LogicalType::Decimal(38, t.scale());
      const bool small_out = f.result_type.precision() <= 18;
      if (avg) {
        f.finalize = small_out ? AvgFinalize<int128_t, int64_t> : AvgFinalize<int128_t, int128_t>;
      } else {
        f.finalize = SumFinalize<int128_t, int128_t>;
      }
      return f;
    }
    default:
      break;
  }
  return Unexpected(name, {t});
}

}  // namespace

const std::vector<std::string_view>& AggregateFunctionNames() {
  static const std::vector<std::string_view> kNames = [] {
    std::vector<std::string_view> names = {
        "count",     "count_if",  "sum",      "avg",         "min",       "max",
        "arbitrary", "any_value", "bool_and", "bool_or",     "every",     "variance",
        "var_samp",  "var_pop",   "stddev",   "stddev_samp", "stddev_pop"};
    for (std::string_view n : functions::NestedAggregateNames()) names.push_back(n);
    return names;
  }();
  return kNames;
}

const std::vector<std::string_view>& WindowFunctionNames() {
  static const std::vector<std::string_view> kNames = {
      "row_number", "rank", "dense_rank",  "percent_rank", "cume_dist", "ntile",
      "lag",        "lead", "first_value", "last_value",   "nth_value"};
  return kNames;
}

bool IsAggregateFunctionName(std::string_view name) {
  for (std::string_view n : AggregateFunctionNames()) {
    if (name == n) return true;
  }
  return false;
}

Result<AggregateFunction> ResolveAggregate(std::string_view name,
                                           const std::vector<LogicalType>& args_in) {
  bool nested = false;
  auto nested_function = functions::ResolveNestedAggregate(name, args_in, &nested);
  if (nested) return nested_function;
  std::vector<LogicalType> args = args_in;
  for (auto& a : args) {
    if (IsUnknown(a)) a = LogicalType::Boolean();  // count(NULL), max(NULL)
  }
  if (name == "count") {
    if (args.empty()) {
      AggregateFunction f = Count(name);
      f.update = CountStarUpdate;
      return f;
    }
    if (args.size() == 1) {
      AggregateFunction f = Count(name);
      f.arg_types = {args[0]};
      f.update = CountUpdate;
      return f;
    }
    return Unexpected(name, args);
  }
  if (args.size() != 1) return Unexpected(name, args);
  const LogicalType& t = args[0];
  if (name == "count_if") {
    if (t.id() != TypeId::kBoolean) return Unexpected(name, args);
    AggregateFunction f = Count(name);
    f.arg_types = {t};
    f.update = CountIfUpdate;
    return f;
  }
  if (name == "sum" || name == "avg") return SumOrAvg(name, t);
  if (name == "min" || name == "max") {
    if (!IsOrderable(t)) return Unexpected(name, args);
    return name == "min" ? Extreme<-1>(name, t) : Extreme<1>(name, t);
  }
  if (name == "arbitrary" || name == "any_value") return Extreme<0>(name, t);
  if (name == "bool_and" || name == "every" || name == "bool_or") {
    if (t.id() != TypeId::kBoolean) return Unexpected(name, args);
    AggregateFunction f;
    f.name = std::string(name);
    f.arg_types = {t};
    f.result_type = t;
    f.state_size = StateSize<BoolState>();
    f.init = BoolInit;
    const bool is_and = name != "bool_or";
    f.update = is_and ? BoolUpdate<true> : BoolUpdate<false>;
    f.combine = is_and ? BoolCombine<true> : BoolCombine<false>;
    f.finalize = BoolFinalize;
    return f;
  }
  if (name == "variance" || name == "var_samp" || name == "var_pop" || name == "stddev" ||
      name == "stddev_samp" || name == "stddev_pop") {
    if (!IsNumeric(t)) return Unexpected(name, args);
    AggregateFunction f;
    f.name = std::string(name);
    f.arg_types = {LogicalType::Double()};
    f.result_type = LogicalType::Double();
    f.state_size = StateSize<MomentState>();
    f.init = MomentInit;
    f.update = MomentUpdate;
    f.combine = MomentCombine;
    const bool pop = name == "var_pop" || name == "stddev_pop";
    const bool sqrt = name.rfind("stddev", 0) == 0;
    f.finalize = pop ? (sqrt ? MomentFinalize<false, true> : MomentFinalize<false, false>)
                     : (sqrt ? MomentFinalize<true, true> : MomentFinalize<true, false>);
    return f;
  }
  return Status::Invalid("Function '", name, "' not registered");
}

}  // namespace floe::sql
