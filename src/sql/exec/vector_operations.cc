#include "sql/exec/vector_operations.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "common/bit_util.h"
#include "common/int128.h"

namespace floe::sql {

using columnar::PhysicalType;
using columnar::StringView;
using columnar::Vector;
using columnar::VectorKind;

namespace {

// The vector holding the values and the position of row i in it.
struct ValueSource {
  const Vector* values;  // flat
  const Vector* outer;
  int64_t Index(int64_t i) const { return outer->ValueIndex(i); }
};

ValueSource SourceOf(const Vector& v) {
  return {v.kind() == VectorKind::kDictionary ? v.dictionary().get() : &v, &v};
}

template <typename T>
void GatherFixed(const Vector& src, const uint32_t* rows, int64_t n, Vector* dst, int64_t offset) {
  ValueSource s = SourceOf(src);
  const T* in = s.values->data<T>();
  T* out = dst->mutable_data<T>() + offset;
  if (src.kind() == VectorKind::kFlat) {
    if (rows == nullptr) {
      std::memcpy(out, in, static_cast<size_t>(n) * sizeof(T));
    } else {
      for (int64_t k = 0; k < n; ++k) out[k] = in[rows[k]];
    }
    return;
  }
  for (int64_t k = 0; k < n; ++k) out[k] = in[s.Index(rows ? rows[k] : k)];
}

Status GatherStrings(const Vector& src, const uint32_t* rows, int64_t n, Vector* dst,
                     int64_t offset) {
  ValueSource s = SourceOf(src);
  const StringView* in = s.values->data<StringView>();
  StringView* out = dst->mutable_data<StringView>();
  const bool nulls = src.validity() != nullptr || s.values->validity() != nullptr;
  for (int64_t k = 0; k < n; ++k) {
    const int64_t row = rows ? rows[k] : k;
    // A NULL's view may be garbage: never follow it.
    if (nulls && src.IsNull(row)) {
      out[offset + k] = StringView();
      continue;
    }
    const StringView& v = in[s.Index(row)];
    if (v.is_inline()) {
      out[offset + k] = v;
    } else {
      FLOE_RETURN_NOT_OK(dst->SetString(offset + k, v.view()));
    }
  }
  return Status::OK();
}

inline uint64_t Mix(uint64_t h) {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return h;
}

inline uint64_t HashBytes(const char* p, size_t n) {
  uint64_t h = 0x9e3779b97f4a7c15ULL ^ (n * 0x100000001b3ULL);
  while (n >= 8) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    h = (h ^ Mix(w)) * 0x9ddfea08eb382d69ULL;
    p += 8;
    n -= 8;
  }
  if (n > 0) {
    uint64_t w = 0;
    std::memcpy(&w, p, n);
    h = (h ^ Mix(w)) * 0x9ddfea08eb382d69ULL;
  }
  return Mix(h);
}

template <typename T>
inline uint64_t HashValue(const T& v) {
  if constexpr (std::is_same_v<T, StringView>) {
    return HashBytes(v.data(), v.size());
  } else if constexpr (std::is_same_v<T, double> || std::is_same_v<T, float>) {
    double d = static_cast<double>(v);
    if (d == 0) d = 0;  // -0.0 and 0.0 hash alike
    if (std::isnan(d)) return 0x7ff8000000000000ULL;
    uint64_t bits;
    std::memcpy(&bits, &d, 8);
    return Mix(bits);
  } else if constexpr (std::is_same_v<T, int128_t>) {
    return Mix(static_cast<uint64_t>(v) ^ Mix(static_cast<uint64_t>(v >> 64)));
  } else {
    return Mix(static_cast<uint64_t>(static_cast<int64_t>(v)));
  }
}

constexpr uint64_t kNullHash = 0x5bd1e9955bd1e995ULL;

template <typename T>
void HashTyped(const Vector& v, const uint32_t* rows, int64_t n, uint64_t* hashes, bool combine) {
  ValueSource s = SourceOf(v);
  const T* in = s.values->data<T>();
  const bool has_nulls = v.validity() != nullptr || s.values->validity() != nullptr;
  if (!has_nulls && v.kind() == VectorKind::kFlat) {
    // The common case: one typed loop.
    for (int64_t k = 0; k < n; ++k) {
      const uint64_t h = HashValue(in[rows ? rows[k] : k]);
      hashes[k] = combine ? (hashes[k] * 0x9e3779b97f4a7c15ULL) ^ h : h;
    }
    return;
  }
  if (v.kind() == VectorKind::kDictionary && v.validity() == nullptr &&
      s.values->validity() == nullptr && s.values->size() <= n) {
    // A small dictionary (a low-cardinality string column): hash each
    // entry once, then look the rows' hashes up.
    const int64_t entries = s.values->size();
    std::vector<uint64_t> dict(static_cast<size_t>(entries));
    for (int64_t e = 0; e < entries; ++e) dict[static_cast<size_t>(e)] = HashValue(in[e]);
    const int32_t* idx = v.indices();
    for (int64_t k = 0; k < n; ++k) {
      const uint64_t h = dict[static_cast<size_t>(idx[rows ? rows[k] : k])];
      hashes[k] = combine ? (hashes[k] * 0x9e3779b97f4a7c15ULL) ^ h : h;
    }
    return;
  }
  for (int64_t k = 0; k < n; ++k) {
    const int64_t row = rows ? rows[k] : k;
    uint64_t h;
    if (has_nulls && v.IsNull(row)) {
      h = kNullHash;
    } else {
      h = HashValue(in[s.Index(row)]);
    }
    hashes[k] = combine ? (hashes[k] * 0x9e3779b97f4a7c15ULL) ^ h : h;
  }
}

template <typename T>
int Compare(const T& a, const T& b) {
  if constexpr (std::is_same_v<T, StringView>) {
    int c = std::memcmp(a.data(), b.data(), std::min(a.size(), b.size()));
    if (c != 0) return c;
    return a.size() < b.size() ? -1 : (a.size() > b.size() ? 1 : 0);
  } else if constexpr (std::is_same_v<T, double> || std::is_same_v<T, float>) {
    // Trino orders NaN above every other value.
    const bool an = std::isnan(a), bn = std::isnan(b);
    if (an || bn) return an && bn ? 0 : (an ? 1 : -1);
    return a < b ? -1 : (a > b ? 1 : 0);
  } else {
    return a < b ? -1 : (a > b ? 1 : 0);
  }
}

template <typename T>
bool Equal(const T& a, const T& b) {
  if constexpr (std::is_same_v<T, double> || std::is_same_v<T, float>) {
    return Compare(a, b) == 0;
  } else {
    return a == b;
  }
}

// ---- nested values ----
// Rows, arrays and maps are handled value by value, recursively: they are
// rare as keys and sort columns, and the flat typed loops above stay as
// they were. Every level may be flat, constant or dictionary encoded.

const Vector& Resolve(const Vector& v, int64_t i, int64_t* pos) {
  *pos = v.ValueIndex(i);
  return v.kind() == VectorKind::kDictionary ? *v.dictionary() : v;
}

// An array's or map's entry, empty when null or out of its element
// vector's bounds (garbage under a null parent row).
columnar::ListEntry EntryAt(const Vector& values, int64_t p) {
  columnar::ListEntry e = values.list_entries()[p];
  const int64_t limit = values.children().empty() ? 0 : values.children()[0]->size();
  if (static_cast<int64_t>(e.offset) + e.length > limit) e.length = 0;
  return e;
}

uint64_t HashOne(const Vector& v, int64_t i);
bool EqualOne(const Vector& a, int64_t i, const Vector& b, int64_t j);
int CompareOne(const Vector& a, int64_t i, const Vector& b, int64_t j);

uint64_t HashOne(const Vector& v, int64_t i) {
  if (v.IsNull(i)) return kNullHash;
  int64_t p;
  const Vector& s = Resolve(v, i, &p);
  const LogicalType& t = v.type();
  switch (t.id()) {
    case columnar::TypeId::kStruct: {
      uint64_t h = 0x27d4eb2f165667c5ULL;
      for (const auto& c : s.children()) h = (h * 0x9e3779b97f4a7c15ULL) ^ HashOne(*c, p);
      return h;
    }
    case columnar::TypeId::kList: {
      const columnar::ListEntry e = EntryAt(s, p);
      uint64_t h = Mix(e.length + 0x165667b19e3779f9ULL);
      for (uint32_t k = 0; k < e.length; ++k)
        h = (h * 0x9e3779b97f4a7c15ULL) ^ HashOne(*s.children()[0], e.offset + k);
      return h;
    }
    case columnar::TypeId::kMap: {
      // Entry order does not matter for map equality: sum the entry hashes.
      const columnar::ListEntry e = EntryAt(s, p);
      uint64_t h = Mix(e.length + 0x85ebca77c2b2ae63ULL);
      for (uint32_t k = 0; k < e.length; ++k) {
        h += Mix(HashOne(*s.children()[0], e.offset + k) * 31 +
                 HashOne(*s.children()[1], e.offset + k));
      }
      return h;
    }
    default:
      break;
  }
#define FLOE_HASH_ONE(T) return HashValue<T>(s.data<T>()[p]);
  switch (t.physical_type()) {
    case PhysicalType::kBool:
      FLOE_HASH_ONE(uint8_t)
    case PhysicalType::kInt8:
      FLOE_HASH_ONE(int8_t)
    case PhysicalType::kInt16:
      FLOE_HASH_ONE(int16_t)
    case PhysicalType::kInt32:
      FLOE_HASH_ONE(int32_t)
    case PhysicalType::kInt64:
      FLOE_HASH_ONE(int64_t)
    case PhysicalType::kInt128:
      FLOE_HASH_ONE(int128_t)
    case PhysicalType::kFloat:
      FLOE_HASH_ONE(float)
    case PhysicalType::kDouble:
      FLOE_HASH_ONE(double)
    case PhysicalType::kStringView:
      FLOE_HASH_ONE(StringView)
    default:
      return 0;
  }
#undef FLOE_HASH_ONE
}

// Compares two non-null scalar values (resolved positions).
int CompareScalar(const Vector& a, int64_t i, const Vector& b, int64_t j) {
#define FLOE_COMPARE_ONE(T) return Compare<T>(a.data<T>()[i], b.data<T>()[j]);
  switch (a.type().physical_type()) {
    case PhysicalType::kBool:
      FLOE_COMPARE_ONE(uint8_t)
    case PhysicalType::kInt8:
      FLOE_COMPARE_ONE(int8_t)
    case PhysicalType::kInt16:
      FLOE_COMPARE_ONE(int16_t)
    case PhysicalType::kInt32:
      FLOE_COMPARE_ONE(int32_t)
    case PhysicalType::kInt64:
      FLOE_COMPARE_ONE(int64_t)
    case PhysicalType::kInt128:
      FLOE_COMPARE_ONE(int128_t)
    case PhysicalType::kFloat:
      FLOE_COMPARE_ONE(float)
    case PhysicalType::kDouble:
      FLOE_COMPARE_ONE(double)
    case PhysicalType::kStringView:
      FLOE_COMPARE_ONE(StringView)
    default:
      return 0;
  }
#undef FLOE_COMPARE_ONE
}

bool EqualOne(const Vector& a, int64_t i, const Vector& b, int64_t j) {
  const bool an = a.IsNull(i), bn = b.IsNull(j);
  if (an || bn) return an && bn;
  int64_t p, q;
  const Vector& x = Resolve(a, i, &p);
  const Vector& y = Resolve(b, j, &q);
  switch (a.type().id()) {
    case columnar::TypeId::kStruct:
      for (size_t c = 0; c < x.children().size(); ++c) {
        if (!EqualOne(*x.children()[c], p, *y.children()[c], q)) return false;
      }
      return true;
    case columnar::TypeId::kList: {
      const columnar::ListEntry e = EntryAt(x, p), f = EntryAt(y, q);
      if (e.length != f.length) return false;
      for (uint32_t k = 0; k < e.length; ++k) {
        if (!EqualOne(*x.children()[0], e.offset + k, *y.children()[0], f.offset + k)) return false;
      }
      return true;
    }
    case columnar::TypeId::kMap: {
      // Map keys are distinct: equal when every key of x maps to an equal value in y.
      const columnar::ListEntry e = EntryAt(x, p), f = EntryAt(y, q);
      if (e.length != f.length) return false;
      for (uint32_t k = 0; k < e.length; ++k) {
        bool found = false;
        for (uint32_t l = 0; l < f.length && !found; ++l) {
          if (!EqualOne(*x.children()[0], e.offset + k, *y.children()[0], f.offset + l)) continue;
          found = true;
          if (!EqualOne(*x.children()[1], e.offset + k, *y.children()[1], f.offset + l))
            return false;
        }
        if (!found) return false;
      }
      return true;
    }
    default:
      return CompareScalar(x, p, y, q) == 0;
  }
}

int CompareOne(const Vector& a, int64_t i, const Vector& b, int64_t j) {
  const bool an = a.IsNull(i), bn = b.IsNull(j);
  if (an || bn) return an == bn ? 0 : (an ? 1 : -1);
  int64_t p, q;
  const Vector& x = Resolve(a, i, &p);
  const Vector& y = Resolve(b, j, &q);
  switch (a.type().id()) {
    case columnar::TypeId::kStruct:
      for (size_t c = 0; c < x.children().size(); ++c) {
        const int r = CompareOne(*x.children()[c], p, *y.children()[c], q);
        if (r != 0) return r;
      }
      return 0;
    case columnar::TypeId::kList: {
      const columnar::ListEntry e = EntryAt(x, p), f = EntryAt(y, q);
      for (uint32_t k = 0; k < e.length && k < f.length; ++k) {
        const int r = CompareOne(*x.children()[0], e.offset + k, *y.children()[0], f.offset + k);
        if (r != 0) return r;
      }
      return e.length < f.length ? -1 : (e.length > f.length ? 1 : 0);
    }
    case columnar::TypeId::kMap:
      return 0;
    default:
      return CompareScalar(x, p, y, q);
  }
}

// The values (not the validity) of nested rows, see GatherRows.
Status GatherNested(const Vector& src, const uint32_t* rows, int64_t n, Vector* dst,
                    int64_t offset) {
  const Vector& values = src.kind() == VectorKind::kDictionary ? *src.dictionary() : src;
  std::vector<uint32_t> positions(static_cast<size_t>(n));
  for (int64_t k = 0; k < n; ++k)
    positions[static_cast<size_t>(k)] = static_cast<uint32_t>(src.ValueIndex(rows ? rows[k] : k));
  if (src.type().id() == columnar::TypeId::kStruct) {
    // Fields are aligned with their row. Under a null row they may hold
    // anything (a dangling string view): they are not read but nulled.
    bool nulls = false;
    for (int64_t k = 0; k < n && !nulls; ++k) nulls = src.IsNull(rows ? rows[k] : k);
    for (size_t c = 0; c < values.children().size(); ++c) {
      Vector* child = dst->children()[c].get();
      if (!nulls) {
        FLOE_RETURN_NOT_OK(GatherRows(*values.children()[c], positions.data(), n, child, offset));
        continue;
      }
      for (int64_t k = 0; k < n; ++k) {
        if (src.IsValid(rows ? rows[k] : k)) {
          FLOE_RETURN_NOT_OK(GatherRows(*values.children()[c], &positions[static_cast<size_t>(k)],
                                        1, child, offset + k));
        } else {
          FLOE_RETURN_NOT_OK(SetNullValue(child, offset + k));
        }
      }
    }
    return Status::OK();
  }
  const int64_t base = dst->children()[0]->size();
  std::vector<uint32_t> elements;
  columnar::ListEntry* out = dst->mutable_list_entries() + offset;
  for (int64_t k = 0; k < n; ++k) {
    const int64_t row = rows ? rows[k] : k;
    columnar::ListEntry e{0, 0};
    if (src.IsValid(row)) e = EntryAt(values, positions[static_cast<size_t>(k)]);
    if (base + static_cast<int64_t>(elements.size()) + e.length > UINT32_MAX) {
      return Status::Invalid("arrays of more than 2^32 elements in one vector");
    }
    out[k] = {static_cast<uint32_t>(base + static_cast<int64_t>(elements.size())), e.length};
    for (uint32_t l = 0; l < e.length; ++l) elements.push_back(e.offset + l);
  }
  const int64_t count = static_cast<int64_t>(elements.size());
  for (size_t c = 0; c < values.children().size(); ++c) {
    Vector* child = dst->children()[c].get();
    FLOE_RETURN_NOT_OK(GatherRows(*values.children()[c], elements.data(), count, child, base));
    child->set_size(base + count);
  }
  return Status::OK();
}

template <typename T>
void Put(std::string* out, const T& v) {
  out->append(reinterpret_cast<const char*>(&v), sizeof(T));
}

template <typename T>
bool Take(std::string_view in, size_t* pos, T* v) {
  if (in.size() - *pos < sizeof(T)) return false;
  std::memcpy(v, in.data() + *pos, sizeof(T));
  *pos += sizeof(T);
  return true;
}

}  // namespace

Status SetNullValue(Vector* v, int64_t row) {
  if (v->capacity() <= row) FLOE_RETURN_NOT_OK(v->Reserve(row + 1));
  if (v->size() <= row) v->set_size(row + 1);
  FLOE_RETURN_NOT_OK(v->EnsureValidity());
  v->SetNull(row);
  const LogicalType& t = v->type();
  if (t.id() == columnar::TypeId::kStruct) {
    for (auto& c : v->children()) FLOE_RETURN_NOT_OK(SetNullValue(c.get(), row));
  } else if (t.physical_type() == PhysicalType::kListEntry) {
    v->mutable_list_entries()[row] = {static_cast<uint32_t>(v->children()[0]->size()), 0};
  } else if (t.fixed_width() > 0) {
    std::memset(v->mutable_raw_data() + row * t.fixed_width(), 0,
                static_cast<size_t>(t.fixed_width()));
  }
  return Status::OK();
}

void EncodeValue(const Vector& v, int64_t i, std::string* out) {
  if (v.IsNull(i)) {
    out->push_back(0);
    return;
  }
  out->push_back(1);
  int64_t p;
  const Vector& s = Resolve(v, i, &p);
  const LogicalType& t = v.type();
  switch (t.id()) {
    case columnar::TypeId::kStruct:
      for (const auto& c : s.children()) EncodeValue(*c, p, out);
      return;
    case columnar::TypeId::kList:
    case columnar::TypeId::kMap: {
      const columnar::ListEntry e = EntryAt(s, p);
      Put<uint32_t>(out, e.length);
      for (uint32_t k = 0; k < e.length; ++k) {
        for (const auto& c : s.children()) EncodeValue(*c, e.offset + k, out);
      }
      return;
    }
    default:
      break;
  }
  if (t.physical_type() == PhysicalType::kStringView) {
    const StringView& sv = s.data<StringView>()[p];
    Put<uint32_t>(out, sv.size());
    out->append(sv.data(), sv.size());
    return;
  }
  const int width = t.fixed_width();
  out->append(reinterpret_cast<const char*>(s.raw_data()) + p * width, static_cast<size_t>(width));
}

Status DecodeValue(std::string_view in, size_t* pos, Vector* dst, int64_t row) {
  auto truncated = [] { return Status::Corruption("truncated encoded value"); };
  if (dst->capacity() <= row) FLOE_RETURN_NOT_OK(dst->Reserve(row + 1));
  if (dst->size() <= row) dst->set_size(row + 1);
  uint8_t present;
  if (!Take(in, pos, &present)) return truncated();
  const LogicalType& t = dst->type();
  if (present == 0) return SetNullValue(dst, row);
  dst->SetValid(row);
  switch (t.id()) {
    case columnar::TypeId::kStruct:
      for (auto& c : dst->children()) FLOE_RETURN_NOT_OK(DecodeValue(in, pos, c.get(), row));
      return Status::OK();
    case columnar::TypeId::kList:
    case columnar::TypeId::kMap: {
      uint32_t count;
      if (!Take(in, pos, &count)) return truncated();
      // Every element takes at least one byte: a bound on the count.
      if (count > in.size() - *pos) return truncated();
      const int64_t base = dst->children()[0]->size();
      dst->mutable_list_entries()[row] = {static_cast<uint32_t>(base), count};
      for (uint32_t k = 0; k < count; ++k) {
        for (auto& c : dst->children()) FLOE_RETURN_NOT_OK(DecodeValue(in, pos, c.get(), base + k));
      }
      return Status::OK();
    }
    default:
      break;
  }
  if (t.physical_type() == PhysicalType::kStringView) {
    uint32_t length;
    if (!Take(in, pos, &length) || in.size() - *pos < length) return truncated();
    FLOE_RETURN_NOT_OK(dst->SetString(row, in.substr(*pos, length)));
    *pos += length;
    return Status::OK();
  }
  const size_t width = static_cast<size_t>(t.fixed_width());
  if (in.size() - *pos < width) return truncated();
  std::memcpy(dst->mutable_raw_data() + row * static_cast<int64_t>(width), in.data() + *pos, width);
  *pos += width;
  return Status::OK();
}

#define FLOE_DISPATCH_PHYSICAL(ptype, MACRO) \
  switch (ptype) {                           \
    case PhysicalType::kBool:                \
      MACRO(uint8_t);                        \
    case PhysicalType::kInt8:                \
      MACRO(int8_t);                         \
    case PhysicalType::kInt16:               \
      MACRO(int16_t);                        \
    case PhysicalType::kInt32:               \
      MACRO(int32_t);                        \
    case PhysicalType::kInt64:               \
      MACRO(int64_t);                        \
    case PhysicalType::kInt128:              \
      MACRO(int128_t);                       \
    case PhysicalType::kFloat:               \
      MACRO(float);                          \
    case PhysicalType::kDouble:              \
      MACRO(double);                         \
    case PhysicalType::kStringView:          \
      MACRO(StringView);                     \
    case PhysicalType::kListEntry:           \
    case PhysicalType::kNone:                \
      break;                                 \
  }

Status GatherRows(const Vector& src, const uint32_t* rows, int64_t n, Vector* dst,
                  int64_t dst_offset) {
  if (dst->capacity() < dst_offset + n) {
    FLOE_RETURN_NOT_OK(dst->Reserve(std::max(dst_offset + n, dst->capacity() * 2)));
  }
  const PhysicalType pt = src.type().physical_type();
  if (src.type().is_nested()) {
    FLOE_RETURN_NOT_OK(GatherNested(src, rows, n, dst, dst_offset));
  } else if (pt == PhysicalType::kStringView) {
    FLOE_RETURN_NOT_OK(GatherStrings(src, rows, n, dst, dst_offset));
  } else {
#define FLOE_GATHER(T)                           \
  GatherFixed<T>(src, rows, n, dst, dst_offset); \
  break;
    FLOE_DISPATCH_PHYSICAL(pt, FLOE_GATHER)
#undef FLOE_GATHER
  }
  // Validity: only when some source row is null.
  const bool src_nulls = src.validity() != nullptr || (src.kind() == VectorKind::kDictionary &&
                                                       src.dictionary()->validity() != nullptr);
  if (src_nulls) {
    FLOE_RETURN_NOT_OK(dst->EnsureValidity());
    for (int64_t k = 0; k < n; ++k) {
      if (src.IsNull(rows ? rows[k] : k)) {
        dst->SetNull(dst_offset + k);
      } else {
        dst->SetValid(dst_offset + k);
      }
    }
  } else if (dst->validity() != nullptr) {
    for (int64_t k = 0; k < n; ++k) dst->SetValid(dst_offset + k);
  }
  if (dst->size() < dst_offset + n) dst->set_size(dst_offset + n);
  return Status::OK();
}

Result<std::shared_ptr<Vector>> FlatVector(const std::shared_ptr<Vector>& v, int64_t n,
                                           MemoryPool* pool) {
  if (v->kind() == VectorKind::kFlat) return v;
  FLOE_ASSIGN_OR_RETURN(auto out, Vector::Make(v->type(), pool, std::max<int64_t>(n, 1)));
  FLOE_RETURN_NOT_OK(GatherRows(*v, nullptr, n, out.get(), 0));
  return out;
}

Result<columnar::Chunk> CompactChunk(const columnar::Chunk& chunk, MemoryPool* pool) {
  columnar::Chunk out;
  const int64_t n = chunk.live_rows();
  out.size = n;
  const uint32_t* rows = chunk.selection ? chunk.selection->indices() : nullptr;
  for (const auto& col : chunk.columns) {
    if (rows == nullptr && col->kind() == VectorKind::kFlat) {
      out.columns.push_back(col);
      continue;
    }
    FLOE_ASSIGN_OR_RETURN(auto v, Vector::Make(col->type(), pool, std::max<int64_t>(n, 1)));
    FLOE_RETURN_NOT_OK(GatherRows(*col, rows, n, v.get(), 0));
    out.columns.push_back(std::move(v));
  }
  return out;
}

Status SelectTrue(const Vector& predicate, columnar::Chunk* chunk, MemoryPool* pool) {
  FLOE_ASSIGN_OR_RETURN(auto selection,
                        columnar::SelectionVector::Make(pool, std::max<int64_t>(chunk->size, 1)));
  uint32_t* out = selection->mutable_indices();
  int64_t kept = 0;
  const int64_t live = chunk->live_rows();
  const uint32_t* in = chunk->selection ? chunk->selection->indices() : nullptr;
  if (predicate.kind() == VectorKind::kConstant) {
    const bool pass = predicate.IsValid(0) && predicate.data<uint8_t>()[0] != 0;
    if (!pass) {
      selection->set_size(0);
      chunk->selection = std::move(selection);
    }
    return Status::OK();
  }
  ValueSource s = SourceOf(predicate);
  const uint8_t* values = s.values->data<uint8_t>();
  const bool nulls = predicate.validity() != nullptr || s.values->validity() != nullptr;
  if (!nulls && predicate.kind() == VectorKind::kFlat) {
    for (int64_t k = 0; k < live; ++k) {
      const uint32_t i = in ? in[k] : static_cast<uint32_t>(k);
      out[kept] = i;
      kept += values[i] != 0;
    }
  } else {
    for (int64_t k = 0; k < live; ++k) {
      const uint32_t i = in ? in[k] : static_cast<uint32_t>(k);
      if (predicate.IsValid(i) && values[s.Index(i)] != 0) out[kept++] = i;
    }
  }
  selection->set_size(kept);
  chunk->selection = std::move(selection);
  return Status::OK();
}

void HashRows(const Vector& v, const uint32_t* rows, int64_t n, uint64_t* hashes, bool combine) {
  if (v.type().is_nested()) {
    for (int64_t k = 0; k < n; ++k) {
      const uint64_t h = HashOne(v, rows ? rows[k] : k);
      hashes[k] = combine ? (hashes[k] * 0x9e3779b97f4a7c15ULL) ^ h : h;
    }
    return;
  }
#define FLOE_HASH(T)                         \
  HashTyped<T>(v, rows, n, hashes, combine); \
  return;
  FLOE_DISPATCH_PHYSICAL(v.type().physical_type(), FLOE_HASH)
#undef FLOE_HASH
  for (int64_t k = 0; k < n; ++k) hashes[k] = combine ? hashes[k] * 31 : 0;
}

bool ValuesEqual(const Vector& a, int64_t i, const Vector& b, int64_t j) {
  const bool an = a.IsNull(i), bn = b.IsNull(j);
  if (an || bn) return an && bn;
  if (a.type().is_nested()) return EqualOne(a, i, b, j);
#define FLOE_EQUAL(T) return Equal<T>(a.data<T>()[i], b.data<T>()[j]);
  FLOE_DISPATCH_PHYSICAL(a.type().physical_type(), FLOE_EQUAL)
#undef FLOE_EQUAL
  return false;
}

bool RowsEqual(const Vector& a, int64_t i, const Vector& b, int64_t j) {
  const bool an = a.IsNull(i), bn = b.IsNull(j);
  if (an || bn) return an && bn;
  ValueSource sa = SourceOf(a), sb = SourceOf(b);
  return ValuesEqual(*sa.values, sa.Index(i), *sb.values, sb.Index(j));
}

namespace {

RowEquality::Side SideOf(const Vector& v) {
  RowEquality::Side s;
  const Vector& values = v.kind() == VectorKind::kDictionary ? *v.dictionary() : v;
  s.data = values.raw_data();
  s.indices = v.kind() == VectorKind::kDictionary ? v.indices() : nullptr;
  s.constant = v.kind() == VectorKind::kConstant;
  s.outer_validity = v.validity();
  s.value_validity = v.kind() == VectorKind::kDictionary ? values.validity() : nullptr;
  return s;
}

inline bool SideNull(const RowEquality::Side& s, int64_t i, int64_t index) {
  if (s.outer_validity != nullptr && !bit_util::GetBit(s.outer_validity, s.constant ? 0 : i)) {
    return true;
  }
  return s.value_validity != nullptr && !bit_util::GetBit(s.value_validity, index);
}

}  // namespace

RowEquality::RowEquality(const Vector& a, const Vector& b)
    : a_(&a), b_(&b), sa_(SideOf(a)), sb_(SideOf(b)), fn_(&Generic) {
  if (a.type().is_nested() || b.type().physical_type() != a.type().physical_type()) return;
#define FLOE_TYPED(T) \
  fn_ = &Typed<T>;    \
  break;
  FLOE_DISPATCH_PHYSICAL(a.type().physical_type(), FLOE_TYPED)
#undef FLOE_TYPED
}

template <typename T>
bool RowEquality::Typed(const RowEquality& e, int64_t i, int64_t j) {
  const int64_t ia = e.sa_.Index(i), jb = e.sb_.Index(j);
  const bool an = SideNull(e.sa_, i, ia), bn = SideNull(e.sb_, j, jb);
  if (an || bn) return an && bn;
  return Equal<T>(reinterpret_cast<const T*>(e.sa_.data)[ia],
                  reinterpret_cast<const T*>(e.sb_.data)[jb]);
}

bool RowEquality::Generic(const RowEquality& e, int64_t i, int64_t j) {
  return RowsEqual(*e.a_, i, *e.b_, j);
}

int CompareValues(const Vector& a, int64_t i, const Vector& b, int64_t j) {
  const bool an = a.IsNull(i), bn = b.IsNull(j);
  if (an || bn) return an == bn ? 0 : (an ? 1 : -1);
  if (a.type().is_nested()) return CompareOne(a, i, b, j);
#define FLOE_COMPARE(T) return Compare<T>(a.data<T>()[i], b.data<T>()[j]);
  FLOE_DISPATCH_PHYSICAL(a.type().physical_type(), FLOE_COMPARE)
#undef FLOE_COMPARE
  return 0;
}

#undef FLOE_DISPATCH_PHYSICAL

Result<ColumnBuffer> ColumnBuffer::Make(const std::vector<LogicalType>& types, MemoryPool* pool) {
  ColumnBuffer b;
  b.pool_ = pool;
  for (const auto& t : types) {
    FLOE_ASSIGN_OR_RETURN(auto v, Vector::Make(t, pool, 0));
    b.columns_.push_back(std::move(v));
  }
  return b;
}

Status ColumnBuffer::Grow(int64_t rows) {
  for (auto& c : columns_) {
    if (c->capacity() < rows) {
      FLOE_RETURN_NOT_OK(c->Reserve(std::max<int64_t>({rows, c->capacity() * 2, 1024})));
    }
  }
  return Status::OK();
}

Status ColumnBuffer::Append(const columnar::Chunk& chunk) {
  const int64_t n = chunk.live_rows();
  if (n == 0) return Status::OK();
  FLOE_RETURN_NOT_OK(Grow(rows_ + n));
  const uint32_t* rows = chunk.selection ? chunk.selection->indices() : nullptr;
  for (size_t c = 0; c < columns_.size(); ++c) {
    FLOE_RETURN_NOT_OK(GatherRows(*chunk.columns[c], rows, n, columns_[c].get(), rows_));
  }
  rows_ += n;
  return Status::OK();
}

Status ColumnBuffer::AppendRow(const std::vector<const Vector*>& columns, int64_t row) {
  FLOE_RETURN_NOT_OK(Grow(rows_ + 1));
  const uint32_t r = static_cast<uint32_t>(row);
  for (size_t c = 0; c < columns_.size(); ++c) {
    FLOE_RETURN_NOT_OK(GatherRows(*columns[c], &r, 1, columns_[c].get(), rows_));
  }
  ++rows_;
  return Status::OK();
}

Status ColumnBuffer::AppendBuffer(const ColumnBuffer& other) {
  if (other.rows_ == 0) return Status::OK();
  FLOE_RETURN_NOT_OK(Grow(rows_ + other.rows_));
  for (size_t c = 0; c < columns_.size(); ++c) {
    FLOE_RETURN_NOT_OK(
        GatherRows(*other.columns_[c], nullptr, other.rows_, columns_[c].get(), rows_));
  }
  rows_ += other.rows_;
  return Status::OK();
}

namespace {
// A vector's buffers with its children's (elements of arrays and maps).
int64_t VectorBytes(const Vector& v) {
  int64_t total = v.capacity() * std::max(1, v.type().fixed_width());
  for (const auto& c : v.children()) total += VectorBytes(*c);
  return total;
}
}  // namespace

int64_t ColumnBuffer::bytes() const {
  int64_t total = 0;
  for (const auto& c : columns_) total += VectorBytes(*c);
  return total;
}

}  // namespace floe::sql
