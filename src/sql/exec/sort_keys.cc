#include "sql/exec/sort_keys.h"

#include <cmath>
#include <cstring>
#include <thread>

#include "common/int128.h"
#include "sql/exec/vector_operations.h"

namespace floe::sql {

using columnar::PhysicalType;
using columnar::StringView;
using columnar::Vector;

namespace {

// Bytes a key's value takes (after its one null byte); 0: no encoding.
int ValueWidth(const LogicalType& t) {
  switch (t.physical_type()) {
    case PhysicalType::kBool:
    case PhysicalType::kInt8:
      return 1;
    case PhysicalType::kInt16:
      return 2;
    case PhysicalType::kInt32:
      return 4;
    case PhysicalType::kInt64:
    case PhysicalType::kFloat:  // as its double image
    case PhysicalType::kDouble:
    case PhysicalType::kStringView:
      return 8;  // strings: a prefix
    case PhysicalType::kInt128:
      return 16;
    case PhysicalType::kListEntry:
    case PhysicalType::kNone:
      return 0;
  }
  return 0;
}

// Writes `bytes` big-endian bytes of `v` at p.
inline void PutBigEndian(uint8_t* p, uint64_t v, int bytes) {
  for (int i = bytes - 1; i >= 0; --i) {
    p[i] = static_cast<uint8_t>(v);
    v >>= 8;
  }
}

// The order-preserving unsigned image of row i's value.
void EncodeValue(const Vector& v, int64_t i, uint8_t* p) {
  switch (v.type().physical_type()) {
    case PhysicalType::kBool:
      p[0] = v.data<uint8_t>()[i] != 0;
      return;
    case PhysicalType::kInt8:
      p[0] = static_cast<uint8_t>(v.data<int8_t>()[i]) ^ 0x80;
      return;
    case PhysicalType::kInt16:
      PutBigEndian(p, static_cast<uint16_t>(v.data<int16_t>()[i]) ^ 0x8000, 2);
      return;
    case PhysicalType::kInt32:
      PutBigEndian(p, static_cast<uint32_t>(v.data<int32_t>()[i]) ^ 0x80000000u, 4);
      return;
    case PhysicalType::kInt64:
      PutBigEndian(p, static_cast<uint64_t>(v.data<int64_t>()[i]) ^ (uint64_t{1} << 63), 8);
      return;
    case PhysicalType::kInt128: {
      const int128_t x = v.data<int128_t>()[i];
      const uint64_t hi =
          static_cast<uint64_t>(static_cast<uint128_t>(x) >> 64) ^ (uint64_t{1} << 63);
      PutBigEndian(p, hi, 8);
      PutBigEndian(p + 8, static_cast<uint64_t>(x), 8);
      return;
    }
    case PhysicalType::kFloat:
    case PhysicalType::kDouble: {
      double d = v.type().physical_type() == PhysicalType::kFloat ? v.data<float>()[i]
                                                                  : v.data<double>()[i];
      if (d == 0) d = 0;                                                // -0.0 sorts as 0.0
      if (std::isnan(d)) d = std::numeric_limits<double>::quiet_NaN();  // above +inf (Trino)
      uint64_t bits;
      std::memcpy(&bits, &d, 8);
      bits = (bits >> 63) ? ~bits : bits | (uint64_t{1} << 63);
      PutBigEndian(p, bits, 8);
      return;
    }
    case PhysicalType::kStringView: {
      const StringView& s = v.data<StringView>()[i];
      std::memset(p, 0, 8);
      std::memcpy(p, s.data(), std::min<uint32_t>(s.size(), 8));
      return;
    }
    case PhysicalType::kListEntry:
    case PhysicalType::kNone:
      return;
  }
}

// Row i's normalized key into (*out)[i]; `buf` is scratch.
void EncodeRow(const std::vector<SortKey>& keys, const std::vector<std::shared_ptr<Vector>>& values,
               const std::vector<int>& widths, size_t encoded, int64_t i, uint8_t* buf,
               std::vector<NormalizedKey>* out) {
  std::memset(buf, 0, kNormalizedKeyBytes);
  uint8_t* p = buf;
  for (size_t k = 0; k < encoded; ++k) {
    const Vector& v = *values[k];
    const bool null = v.IsNull(i);
    // NULLS FIRST/LAST hold whatever the direction (Trino).
    *p++ = keys[k].nulls_first ? (null ? 0 : 1) : (null ? 1 : 0);
    if (!null) {
      EncodeValue(v, i, p);
      if (keys[k].descending) {
        for (int b = 0; b < widths[k]; ++b) p[b] = static_cast<uint8_t>(~p[b]);
      }
    }
    p += widths[k];
  }
  NormalizedKey& key = (*out)[static_cast<size_t>(i)];
  for (int word = 0; word < 3; ++word) {
    uint64_t x = 0;
    for (int b = 0; b < 8; ++b) x = (x << 8) | buf[word * 8 + b];
    key.w[word] = x;
  }
  key.row = static_cast<uint32_t>(i);
}

}  // namespace

bool NormalizeSortKeys(const std::vector<SortKey>& keys,
                       const std::vector<std::shared_ptr<Vector>>& values, int64_t n,
                       std::vector<NormalizedKey>* out, bool* exact, int threads) {
  // Keys are encoded up to the first string: bytes after a prefix that
  // ties must not decide (the full comparison does).
  int total = 0;
  *exact = true;
  std::vector<int> widths;
  size_t encoded = 0;
  for (; encoded < keys.size(); ++encoded) {
    const LogicalType& t = values[encoded]->type();
    const int w = ValueWidth(t);
    if (w == 0) return false;
    widths.push_back(w);
    total += 1 + w;
    if (t.physical_type() == PhysicalType::kStringView) {
      *exact = false;
      ++encoded;
      break;
    }
  }
  if (total > kNormalizedKeyBytes) return false;
  out->resize(static_cast<size_t>(n));
  // Rows [begin, end): each thread encodes a range of its own.
  auto encode = [&](int64_t begin, int64_t end) {
    uint8_t buf[kNormalizedKeyBytes];
    for (int64_t i = begin; i < end; ++i) EncodeRow(keys, values, widths, encoded, i, buf, out);
  };
  const int64_t parts = n >= 65536 ? std::max(1, threads) : 1;
  std::vector<std::thread> workers;
  for (int64_t t = 1; t < parts; ++t)
    workers.emplace_back(encode, n * t / parts, n * (t + 1) / parts);
  encode(0, n / parts);
  for (auto& w : workers) w.join();
  return true;
}

int CompareKeyRows(const std::vector<SortKey>& keys,
                   const std::vector<std::shared_ptr<columnar::Vector>>& x, int64_t a,
                   const std::vector<std::shared_ptr<columnar::Vector>>& y, int64_t b) {
  for (size_t i = 0; i < keys.size(); ++i) {
    const bool an = x[i]->IsNull(a), bn = y[i]->IsNull(b);
    if (an || bn) {
      if (an == bn) continue;
      return (keys[i].nulls_first ? an : bn) ? -1 : 1;
    }
    const int c = CompareValues(*x[i], a, *y[i], b);
    if (c != 0) return keys[i].descending ? -c : c;
  }
  return 0;
}

}  // namespace floe::sql
