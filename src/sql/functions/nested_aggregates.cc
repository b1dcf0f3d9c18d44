// Aggregates with values of any type or with sketches as state
// (https://trino.io/docs/current/functions/aggregate.html): array_agg,
// map_agg, histogram, max_by/min_by, arbitrary over nested types,
// approx_distinct (HyperLogLog) and approx_percentile (a KLL sketch).
//
// Their states are one pointer to a heap object made on first use; values
// are kept in EncodeValue's form, so one implementation serves every type,
// and that form is also what spilling writes.

#include <cmath>
#include <cstring>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/bit_util.h"
#include "common/int128.h"
#include "common/str_cat.h"
#include "sql/exec/vector_operations.h"
#include "sql/functions/aggregate_function.h"
#include "sql/functions/nested_internal.h"
#include "sql/functions/sketches.h"

namespace floe::sql::functions {

namespace {

using columnar::PhysicalType;
using columnar::TypeId;
using columnar::Vector;

// ---- heap states ----

template <typename Obj>
struct Box {
  Obj* obj;
};

template <typename Obj>
Obj* Peek(const uint8_t* s) {
  return reinterpret_cast<const Box<Obj>*>(s)->obj;
}

template <typename Obj>
Obj& Get(uint8_t* s) {
  auto* b = reinterpret_cast<Box<Obj>*>(s);
  if (b->obj == nullptr) b->obj = new Obj();
  return *b->obj;
}

template <typename Obj>
Obj& Get(const AggregateInput& in, int64_t k) {
  return Get<Obj>(in.states[k] + in.offset);
}

template <typename Obj>
void BoxInit(uint8_t* s) {
  reinterpret_cast<Box<Obj>*>(s)->obj = nullptr;
}

template <typename Obj>
void BoxDestroy(uint8_t* s) {
  auto* b = reinterpret_cast<Box<Obj>*>(s);
  delete b->obj;
  b->obj = nullptr;
}

template <typename Obj>
Status BoxCombine(const uint8_t* src, uint8_t* dst) {
  const Obj* o = Peek<Obj>(src);
  if (o == nullptr) return Status::OK();
  return Get<Obj>(dst).Merge(*o);
}

// A presence byte, then the object's own form.
template <typename Obj>
void BoxSerialize(const uint8_t* s, std::string* out) {
  const Obj* o = Peek<Obj>(s);
  out->push_back(o != nullptr ? 1 : 0);
  if (o != nullptr) o->Serialize(out);
}

template <typename Obj>
size_t BoxDeserialize(const char* in, size_t size, uint8_t* s) {
  if (size < 1 || in[0] == 0) return 1;
  size_t pos = 1;
  Obj& o = Get<Obj>(s);
  // A malformed state leaves an empty one; spill files are our own writing.
  if (!o.Deserialize(std::string_view(in, size), &pos)) o = Obj();
  return pos;
}

template <typename T>
void Put(std::string* out, T v) {
  out->append(reinterpret_cast<const char*>(&v), sizeof(T));
}

template <typename T>
bool Take(std::string_view in, size_t* pos, T* v) {
  if (in.size() - *pos < sizeof(T)) return false;
  std::memcpy(v, in.data() + *pos, sizeof(T));
  *pos += sizeof(T);
  return true;
}

void PutBytes(std::string* out, const std::string& s) {
  Put<uint32_t>(out, static_cast<uint32_t>(s.size()));
  out->append(s);
}

bool TakeBytes(std::string_view in, size_t* pos, std::string* s) {
  uint32_t n;
  if (!Take(in, pos, &n) || in.size() - *pos < n) return false;
  s->assign(in.data() + *pos, n);
  *pos += n;
  return true;
}

template <typename Obj>
AggregateFunction Boxed(std::string_view name, std::vector<LogicalType> args, LogicalType result) {
  AggregateFunction f;
  f.name = std::string(name);
  f.arg_types = std::move(args);
  f.result_type = std::move(result);
  f.state_size = 16;
  f.init = BoxInit<Obj>;
  f.combine = BoxCombine<Obj>;
  f.destroy = BoxDestroy<Obj>;
  f.serialize = BoxSerialize<Obj>;
  f.deserialize = BoxDeserialize<Obj>;
  return f;
}

template <typename Obj>
Obj* StateAt(uint8_t* const* states, int32_t offset, int64_t k) {
  return Peek<Obj>(states[k] + offset);
}

// ---- array_agg and arbitrary ----

// Encoded values in input order.
struct ValueList {
  std::string bytes;
  int64_t count = 0;
  Status Merge(const ValueList& o) {
    bytes += o.bytes;
    count += o.count;
    return Status::OK();
  }
  void Serialize(std::string* out) const {
    Put<int64_t>(out, count);
    PutBytes(out, bytes);
  }
  bool Deserialize(std::string_view in, size_t* pos) {
    return Take(in, pos, &count) && TakeBytes(in, pos, &bytes);
  }
};

// array_agg keeps NULLs (Trino).
Status ArrayAggUpdate(const AggregateInput& in) {
  const Vector& v = *in.args[0];
  for (int64_t k = 0; k < in.n; ++k) {
    ValueList& l = Get<ValueList>(in, k);
    EncodeValue(v, in.Row(k), &l.bytes);
    ++l.count;
  }
  return Status::OK();
}

Status ArrayAggFinalize(uint8_t* const* states, int32_t offset, int64_t n, Vector* out,
                        int64_t out_offset) {
  Vector* child = out->children()[0].get();
  for (int64_t k = 0; k < n; ++k) {
    const ValueList* l = StateAt<ValueList>(states, offset, k);
    if (l == nullptr || l->count == 0) {
      FLOE_RETURN_NOT_OK(SetNullValue(out, out_offset + k));
      continue;
    }
    const int64_t base = child->size();
    size_t pos = 0;
    for (int64_t j = 0; j < l->count; ++j)
      FLOE_RETURN_NOT_OK(DecodeValue(l->bytes, &pos, child, base + j));
    child->set_size(base + l->count);
    out->mutable_list_entries()[out_offset + k] = {static_cast<uint32_t>(base),
                                                   static_cast<uint32_t>(l->count)};
    out->SetValid(out_offset + k);
  }
  return Status::OK();
}

// arbitrary(x): the first non-NULL value seen.
Status ArbitraryUpdate(const AggregateInput& in) {
  const Vector& v = *in.args[0];
  for (int64_t k = 0; k < in.n; ++k) {
    if (v.IsNull(in.Row(k))) continue;
    ValueList& l = Get<ValueList>(in, k);
    if (l.count > 0) continue;
    EncodeValue(v, in.Row(k), &l.bytes);
    l.count = 1;
  }
  return Status::OK();
}

Status ArbitraryCombine(const uint8_t* src, uint8_t* dst) {
  const ValueList* s = Peek<ValueList>(src);
  if (s == nullptr || s->count == 0) return Status::OK();
  ValueList& d = Get<ValueList>(dst);
  if (d.count == 0) d = *s;
  return Status::OK();
}

// One encoded value per state (arbitrary, max_by): NULL without one.
Status DecodeOne(const std::string* bytes, Vector* out, int64_t row) {
  if (bytes == nullptr) return SetNullValue(out, row);
  size_t pos = 0;
  return DecodeValue(*bytes, &pos, out, row);
}

Status ArbitraryFinalize(uint8_t* const* states, int32_t offset, int64_t n, Vector* out,
                         int64_t out_offset) {
  for (int64_t k = 0; k < n; ++k) {
    const ValueList* l = StateAt<ValueList>(states, offset, k);
    FLOE_RETURN_NOT_OK(
        DecodeOne(l != nullptr && l->count > 0 ? &l->bytes : nullptr, out, out_offset + k));
  }
  return Status::OK();
}

// ---- max_by / min_by ----

// A byte string ordered as the value is (memcmp order, then length): the
// comparison key of max_by's y. False for types without one (nested).
bool OrderKey(const Vector& v, int64_t row, std::string* key) {
  key->clear();
  auto put_u64 = [&](uint64_t u) {
    for (int b = 7; b >= 0; --b) key->push_back(static_cast<char>((u >> (b * 8)) & 0xff));
  };
  auto put_signed = [&](int64_t x) { put_u64(static_cast<uint64_t>(x) ^ (uint64_t{1} << 63)); };
  auto put_double = [&](double d) {
    if (d == 0) d = 0;  // -0.0 and 0.0 are equal
    uint64_t bits;
    if (std::isnan(d)) {
      bits = ~uint64_t{0};  // above every value
    } else {
      std::memcpy(&bits, &d, 8);
      bits = (bits >> 63) != 0 ? ~bits : bits ^ (uint64_t{1} << 63);
    }
    put_u64(bits);
  };
  switch (v.type().physical_type()) {
    case PhysicalType::kBool:
      put_signed(v.data<uint8_t>()[row]);
      return true;
    case PhysicalType::kInt8:
      put_signed(v.data<int8_t>()[row]);
      return true;
    case PhysicalType::kInt16:
      put_signed(v.data<int16_t>()[row]);
      return true;
    case PhysicalType::kInt32:
      put_signed(v.data<int32_t>()[row]);
      return true;
    case PhysicalType::kInt64:
      put_signed(v.data<int64_t>()[row]);
      return true;
    case PhysicalType::kInt128: {
      const int128_t x = v.data<int128_t>()[row];
      put_signed(static_cast<int64_t>(x >> 64));
      put_u64(static_cast<uint64_t>(x));
      return true;
    }
    case PhysicalType::kFloat:
      put_double(v.data<float>()[row]);
      return true;
    case PhysicalType::kDouble:
      put_double(v.data<double>()[row]);
      return true;
    case PhysicalType::kStringView:
      key->append(v.data<columnar::StringView>()[row].view());
      return true;
    default:
      return false;
  }
}

struct ByState {
  bool set = false;
  std::string key;    // OrderKey of y
  std::string value;  // EncodeValue of x
  int sign = 1;
  Status Merge(const ByState& o) {
    if (!o.set) return Status::OK();
    if (!set || (o.key.compare(key) * o.sign) > 0) *this = o;
    return Status::OK();
  }
  void Serialize(std::string* out) const {
    out->push_back(set ? 1 : 0);
    out->push_back(static_cast<char>(sign));
    PutBytes(out, key);
    PutBytes(out, value);
  }
  bool Deserialize(std::string_view in, size_t* pos) {
    uint8_t s;
    int8_t g;
    if (!Take(in, pos, &s) || !Take(in, pos, &g)) return false;
    set = s != 0;
    sign = g;
    return TakeBytes(in, pos, &key) && TakeBytes(in, pos, &value);
  }
};

template <int kSign>
Status ByUpdate(const AggregateInput& in) {
  const Vector& x = *in.args[0];
  const Vector& y = *in.args[1];
  std::string key;
  for (int64_t k = 0; k < in.n; ++k) {
    const int64_t r = in.Row(k);
    if (y.IsNull(r)) continue;
    if (!OrderKey(y, r, &key)) return Status::Internal("no order key for ", y.type().ToString());
    ByState& s = Get<ByState>(in, k);
    s.sign = kSign;
    if (s.set && key.compare(s.key) * kSign <= 0) continue;
    s.set = true;
    s.key = key;
    s.value.clear();
    EncodeValue(x, r, &s.value);
  }
  return Status::OK();
}

Status ByFinalize(uint8_t* const* states, int32_t offset, int64_t n, Vector* out,
                  int64_t out_offset) {
  for (int64_t k = 0; k < n; ++k) {
    const ByState* s = StateAt<ByState>(states, offset, k);
    FLOE_RETURN_NOT_OK(
        DecodeOne(s != nullptr && s->set ? &s->value : nullptr, out, out_offset + k));
  }
  return Status::OK();
}

// ---- histogram and map_agg ----

// Distinct encoded keys in first-seen order, with a count (histogram) or
// the first value seen (map_agg).
struct KeyedValues {
  std::vector<std::string> keys;
  std::vector<int64_t> counts;
  std::vector<std::string> values;
  std::unordered_map<std::string, size_t> index;

  // The slot of `key`, added when new (*added set).
  size_t Slot(const std::string& key, bool* added) {
    auto [it, inserted] = index.emplace(key, keys.size());
    *added = inserted;
    if (inserted) {
      keys.push_back(key);
      counts.push_back(0);
      values.emplace_back();
    }
    return it->second;
  }
  Status Merge(const KeyedValues& o) {
    for (size_t i = 0; i < o.keys.size(); ++i) {
      bool added;
      const size_t s = Slot(o.keys[i], &added);
      counts[s] += o.counts[i];
      if (added) values[s] = o.values[i];
    }
    return Status::OK();
  }
  void Serialize(std::string* out) const {
    Put<uint64_t>(out, keys.size());
    for (size_t i = 0; i < keys.size(); ++i) {
      PutBytes(out, keys[i]);
      Put<int64_t>(out, counts[i]);
      PutBytes(out, values[i]);
    }
  }
  bool Deserialize(std::string_view in, size_t* pos) {
    uint64_t n;
    if (!Take(in, pos, &n)) return false;
    for (uint64_t i = 0; i < n; ++i) {
      std::string key, value;
      int64_t count;
      if (!TakeBytes(in, pos, &key) || !Take(in, pos, &count) || !TakeBytes(in, pos, &value))
        return false;
      bool added;
      const size_t s = Slot(key, &added);
      counts[s] += count;
      if (added) values[s] = std::move(value);
    }
    return true;
  }
};

// histogram(x) and map_agg(k, v) skip NULL keys (Trino).
template <bool kHistogram>
Status KeyedUpdate(const AggregateInput& in) {
  const Vector& key_v = *in.args[0];
  std::string key;
  for (int64_t k = 0; k < in.n; ++k) {
    const int64_t r = in.Row(k);
    if (key_v.IsNull(r)) continue;
    key.clear();
    EncodeValue(key_v, r, &key);
    KeyedValues& s = Get<KeyedValues>(in, k);
    bool added;
    const size_t slot = s.Slot(key, &added);
    ++s.counts[slot];
    if (!kHistogram && added) EncodeValue(*in.args[1], r, &s.values[slot]);
  }
  return Status::OK();
}

template <bool kHistogram>
Status KeyedFinalize(uint8_t* const* states, int32_t offset, int64_t n, Vector* out,
                     int64_t out_offset) {
  Vector* keys = out->children()[0].get();
  Vector* values = out->children()[1].get();
  for (int64_t k = 0; k < n; ++k) {
    const KeyedValues* s = StateAt<KeyedValues>(states, offset, k);
    if (s == nullptr || s->keys.empty()) {
      FLOE_RETURN_NOT_OK(SetNullValue(out, out_offset + k));
      continue;
    }
    const int64_t base = keys->size();
    const int64_t m = static_cast<int64_t>(s->keys.size());
    FLOE_RETURN_NOT_OK(values->Reserve(base + m));
    for (int64_t j = 0; j < m; ++j) {
      size_t pos = 0;
      FLOE_RETURN_NOT_OK(DecodeValue(s->keys[static_cast<size_t>(j)], &pos, keys, base + j));
      if (kHistogram) {
        values->mutable_data<int64_t>()[base + j] = s->counts[static_cast<size_t>(j)];
        values->SetValid(base + j);
      } else {
        pos = 0;
        FLOE_RETURN_NOT_OK(DecodeValue(s->values[static_cast<size_t>(j)], &pos, values, base + j));
      }
    }
    keys->set_size(base + m);
    values->set_size(base + m);
    out->mutable_list_entries()[out_offset + k] = {static_cast<uint32_t>(base),
                                                   static_cast<uint32_t>(m)};
    out->SetValid(out_offset + k);
  }
  return Status::OK();
}

// ---- approx_distinct ----

constexpr double kMinStandardError = 0.0040625;
constexpr double kMaxStandardError = 0.26;

struct DistinctState {
  HyperLogLog hll;
  Status Merge(const DistinctState& o) {
    hll.Merge(o.hll);
    return Status::OK();
  }
  void Serialize(std::string* out) const { hll.Serialize(out); }
  bool Deserialize(std::string_view in, size_t* pos) { return hll.Deserialize(in, pos); }
};

Status DistinctUpdate(const AggregateInput& in) {
  const Vector& v = *in.args[0];
  int bits = HyperLogLog::IndexBitsForError(0.023);
  if (in.args[1] != nullptr && in.n > 0) {
    const Vector& e = *in.args[1];
    const double error = e.data<double>()[in.Row(0)];
    if (e.IsNull(in.Row(0)) || !(error >= kMinStandardError && error <= kMaxStandardError)) {
      return Status::Invalid("Max standard error must be in [", kMinStandardError, ", ",
                             kMaxStandardError, "]: ", error);
    }
    bits = HyperLogLog::IndexBitsForError(error);
  }
  std::vector<uint64_t> hashes(static_cast<size_t>(in.n));
  HashRows(v, in.rows, in.n, hashes.data(), false);
  for (int64_t k = 0; k < in.n; ++k) {
    if (v.IsNull(in.Row(k))) continue;
    auto* b = reinterpret_cast<Box<DistinctState>*>(in.states[k] + in.offset);
    if (b->obj == nullptr) {
      b->obj = new DistinctState{HyperLogLog(bits)};
    }
    b->obj->hll.AddHash(hashes[static_cast<size_t>(k)]);
  }
  return Status::OK();
}

Status DistinctUpdateOne(const AggregateInput& in) {
  AggregateInput with_error = in;
  const Vector* args[2] = {in.args[0], nullptr};
  with_error.args = args;
  return DistinctUpdate(with_error);
}

Status DistinctFinalize(uint8_t* const* states, int32_t offset, int64_t n, Vector* out,
                        int64_t out_offset) {
  int64_t* o = out->mutable_data<int64_t>();
  for (int64_t k = 0; k < n; ++k) {
    const DistinctState* s = StateAt<DistinctState>(states, offset, k);
    o[out_offset + k] = s == nullptr ? 0 : s->hll.Estimate();
  }
  return Status::OK();
}

// ---- approx_percentile ----

struct PercentileState {
  KllSketch sketch;
  std::vector<double> percentiles;
  Status Merge(const PercentileState& o) {
    sketch.Merge(o.sketch);
    if (percentiles.empty()) percentiles = o.percentiles;
    return Status::OK();
  }
  void Serialize(std::string* out) const {
    Put<uint32_t>(out, static_cast<uint32_t>(percentiles.size()));
    for (double p : percentiles) Put<double>(out, p);
    sketch.Serialize(out);
  }
  bool Deserialize(std::string_view in, size_t* pos) {
    uint32_t n;
    if (!Take(in, pos, &n) || n > (in.size() - *pos) / 8) return false;
    percentiles.resize(n);
    for (auto& p : percentiles) Take(in, pos, &p);
    return sketch.Deserialize(in, pos);
  }
};

Status ReadPercentiles(const Vector& p, int64_t row, std::vector<double>* out) {
  out->clear();
  if (p.IsNull(row)) return Status::Invalid("Percentile cannot be null");
  if (p.type().id() == TypeId::kList) {
    const columnar::ListEntry e = p.list_entries()[row];
    const Vector& values = *p.children()[0];
    for (uint32_t k = 0; k < e.length; ++k) {
      if (values.IsNull(e.offset + k)) return Status::Invalid("Percentile cannot be null");
      out->push_back(values.data<double>()[e.offset + k]);
    }
  } else {
    out->push_back(p.data<double>()[row]);
  }
  for (double q : *out) {
    if (!(q >= 0 && q <= 1)) return Status::Invalid("Percentile must be between 0 and 1");
  }
  return Status::OK();
}

Status PercentileUpdate(const AggregateInput& in) {
  const Vector& x = *in.args[0];
  const Vector& p = *in.args[1];
  for (int64_t k = 0; k < in.n; ++k) {
    const int64_t r = in.Row(k);
    if (x.IsNull(r)) continue;
    PercentileState& s = Get<PercentileState>(in, k);
    if (s.percentiles.empty()) FLOE_RETURN_NOT_OK(ReadPercentiles(p, r, &s.percentiles));
    double v;
    switch (x.type().id()) {
      case TypeId::kBigInt:
        v = static_cast<double>(x.data<int64_t>()[r]);
        break;
      case TypeId::kReal:
        v = x.data<float>()[r];
        break;
      default:
        v = x.data<double>()[r];
        break;
    }
    s.sketch.Add(v);
  }
  return Status::OK();
}

void StoreNumber(Vector* out, int64_t row, const LogicalType& t, double v) {
  switch (t.id()) {
    case TypeId::kBigInt:
      out->mutable_data<int64_t>()[row] = std::llround(v);
      break;
    case TypeId::kReal:
      out->mutable_data<float>()[row] = static_cast<float>(v);
      break;
    default:
      out->mutable_data<double>()[row] = v;
      break;
  }
  out->SetValid(row);
}

template <bool kArray>
Status PercentileFinalize(uint8_t* const* states, int32_t offset, int64_t n, Vector* out,
                          int64_t out_offset) {
  for (int64_t k = 0; k < n; ++k) {
    const PercentileState* s = StateAt<PercentileState>(states, offset, k);
    const int64_t row = out_offset + k;
    if (s == nullptr || s->sketch.count() == 0) {
      FLOE_RETURN_NOT_OK(SetNullValue(out, row));
      continue;
    }
    if (!kArray) {
      StoreNumber(out, row, out->type(), s->sketch.Quantile(s->percentiles[0]));
      continue;
    }
    Vector* child = out->children()[0].get();
    const int64_t base = child->size();
    const int64_t m = static_cast<int64_t>(s->percentiles.size());
    FLOE_RETURN_NOT_OK(child->Reserve(base + m));
    for (int64_t j = 0; j < m; ++j) {
      StoreNumber(child, base + j, child->type(),
                  s->sketch.Quantile(s->percentiles[static_cast<size_t>(j)]));
    }
    child->set_size(base + m);
    out->mutable_list_entries()[row] = {static_cast<uint32_t>(base), static_cast<uint32_t>(m)};
    out->SetValid(row);
  }
  return Status::OK();
}

Status Unexpected(std::string_view name, const std::vector<LogicalType>& args) {
  std::string types;
  for (size_t i = 0; i < args.size(); ++i) types += (i > 0 ? ", " : "") + TypeName(args[i]);
  return Status::Invalid("Unexpected parameters (", types, ") for function ", name);
}

// The type a value of `t` is stored as (NULL literals become boolean).
LogicalType Storable(const LogicalType& t) { return IsUnknown(t) ? LogicalType::Boolean() : t; }

}  // namespace

const std::vector<std::string_view>& NestedAggregateNames() {
  static const std::vector<std::string_view> kNames = {
      "array_agg", "map_agg",         "histogram",        "max_by",
      "min_by",    "approx_distinct", "approx_percentile"};
  return kNames;
}

bool IsNestedAggregateName(std::string_view name) {
  for (std::string_view n : NestedAggregateNames()) {
    if (name == n) return true;
  }
  return false;
}

Result<AggregateFunction> ResolveNestedAggregate(std::string_view name,
                                                 const std::vector<LogicalType>& args,
                                                 bool* found) {
  *found = true;
  if ((name == "arbitrary" || name == "any_value") && args.size() == 1 && args[0].is_nested()) {
    AggregateFunction f = Boxed<ValueList>(name, args, args[0]);
    f.update = ArbitraryUpdate;
    f.combine = ArbitraryCombine;
    f.finalize = ArbitraryFinalize;
    return f;
  }
  if (!IsNestedAggregateName(name)) {
    *found = false;
    return AggregateFunction();
  }
  if (name == "array_agg") {
    if (args.size() != 1) return Unexpected(name, args);
    const LogicalType t = Storable(args[0]);
    AggregateFunction f = Boxed<ValueList>(name, {t}, LogicalType::List(t));
    f.update = ArrayAggUpdate;
    f.finalize = ArrayAggFinalize;
    return f;
  }
  if (name == "max_by" || name == "min_by") {
    if (args.size() != 2 || !IsOrderable(args[1]) || args[1].is_nested()) {
      return Unexpected(name, args);
    }
    const LogicalType x = Storable(args[0]), y = Storable(args[1]);
    AggregateFunction f = Boxed<ByState>(name, {x, y}, x);
    f.update = name == "max_by" ? ByUpdate<1> : ByUpdate<-1>;
    f.finalize = ByFinalize;
    return f;
  }
  if (name == "histogram") {
    if (args.size() != 1 || IsUnknown(args[0])) return Unexpected(name, args);
    AggregateFunction f =
        Boxed<KeyedValues>(name, args, LogicalType::Map(args[0], LogicalType::BigInt()));
    f.update = KeyedUpdate<true>;
    f.finalize = KeyedFinalize<true>;
    return f;
  }
  if (name == "map_agg") {
    if (args.size() != 2 || IsUnknown(args[0])) return Unexpected(name, args);
    const LogicalType v = Storable(args[1]);
    AggregateFunction f = Boxed<KeyedValues>(name, {args[0], v}, LogicalType::Map(args[0], v));
    f.update = KeyedUpdate<false>;
    f.finalize = KeyedFinalize<false>;
    return f;
  }
  if (name == "approx_distinct") {
    if (args.empty() || args.size() > 2) return Unexpected(name, args);
    if (args.size() == 2 && !(IsNumeric(args[1]) || IsUnknown(args[1])))
      return Unexpected(name, args);
    std::vector<LogicalType> types;
    types.reserve(2);
    types.push_back(Storable(args[0]));
    if (args.size() == 2) types.push_back(LogicalType::Double());
    AggregateFunction f = Boxed<DistinctState>(name, types, LogicalType::BigInt());
    f.update = args.size() == 2 ? DistinctUpdate : DistinctUpdateOne;
    f.finalize = DistinctFinalize;
    return f;
  }
  // approx_percentile(x, p) and (x, array(p)): bigint, real or double x.
  if (args.size() != 2 || !IsNumeric(args[0])) return Unexpected(name, args);
  LogicalType x = IsIntegral(args[0])             ? LogicalType::BigInt()
                  : args[0].id() == TypeId::kReal ? LogicalType::Real()
                                                  : LogicalType::Double();
  const bool array = args[1].id() == TypeId::kList;
  if (array ? !CanCoerce(args[1].element(), LogicalType::Double())
            : !CanCoerce(args[1], LogicalType::Double())) {
    return Unexpected(name, args);
  }
  const LogicalType p = array ? LogicalType::List(LogicalType::Double()) : LogicalType::Double();
  AggregateFunction f = Boxed<PercentileState>(name, {x, p}, array ? LogicalType::List(x) : x);
  f.update = PercentileUpdate;
  f.finalize = array ? PercentileFinalize<true> : PercentileFinalize<false>;
  return f;
}

}  // namespace floe::sql::functions
