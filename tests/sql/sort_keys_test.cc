#include "sql/exec/sort_keys.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "sql/exec/vector_operations.h"

namespace floe::sql {
namespace {

using columnar::LogicalType;
using columnar::Vector;

// Random rows of (double, bigint, varchar) with NULLs, NaN, -0.0 and shared
// string prefixes: the normalized order must equal the value comparison's.
TEST(SortKeysTest, OrderMatchesValueComparison) {
  std::mt19937_64 rng(7);
  const int64_t n = 5000;
  auto d = Vector::Make(LogicalType::Double(), MemoryPool::Default(), n).ValueOrDie();
  auto b = Vector::Make(LogicalType::BigInt(), MemoryPool::Default(), n).ValueOrDie();
  auto s = Vector::Make(LogicalType::Varchar(), MemoryPool::Default(), n).ValueOrDie();
  for (auto* v : {d.get(), b.get(), s.get()}) {
    ASSERT_TRUE(v->EnsureValidity().ok());
    v->set_size(n);
  }
  const double specials[] = {0.0, -0.0, NAN, INFINITY, -INFINITY, 1.5, -1.5};
  for (int64_t i = 0; i < n; ++i) {
    d->mutable_data<double>()[i] =
        rng() % 3 == 0 ? specials[rng() % 7] : double(int64_t(rng() % 200) - 100) / 8;
    b->mutable_data<int64_t>()[i] =
        int64_t(rng() % 50) - 25 + (rng() % 10 == 0 ? INT64_MIN / 2 : 0);
    ASSERT_TRUE(s->SetString(i, std::string("prefix__") + std::to_string(rng() % 30)).ok());
    if (rng() % 10 == 0) d->SetNull(i);
    if (rng() % 10 == 0) b->SetNull(i);
    if (rng() % 10 == 0) s->SetNull(i);
  }
  std::vector<std::shared_ptr<Vector>> all = {d, b, s};
  for (int variant = 0; variant < 8; ++variant) {
    std::vector<SortKey> keys(2);
    std::vector<std::shared_ptr<Vector>> values;
    for (int k = 0; k < 2; ++k) {
      keys[k].expr = BoundExpr::Column(k, all[(variant + k) % 3]->type());
      keys[k].descending = (variant >> k) & 1;
      keys[k].nulls_first = (variant >> 2) & 1;
      values.push_back(all[(variant + k) % 3]);
    }
    std::vector<NormalizedKey> normalized;
    bool exact;
    ASSERT_TRUE(NormalizeSortKeys(keys, values, n, &normalized, &exact));
    auto compare = [&](uint32_t x, uint32_t y) {
      for (int k = 0; k < 2; ++k) {
        const Vector& v = *values[k];
        const bool xn = v.IsNull(x), yn = v.IsNull(y);
        if (xn || yn) {
          if (xn == yn) continue;
          return (keys[k].nulls_first ? xn : yn) ? -1 : 1;
        }
        int c = CompareValues(v, x, v, y);
        if (c != 0) return keys[k].descending ? -c : c;
      }
      return 0;
    };
    for (int t = 0; t < 20000; ++t) {
      const uint32_t x = uint32_t(rng() % n), y = uint32_t(rng() % n);
      const NormalizedKey& a = normalized[x];
      const NormalizedKey& c = normalized[y];
      const int byKey = a.Compare(c);
      const int byValue = compare(x, y);
      if (byKey != 0) {
        ASSERT_EQ(byKey, byValue < 0 ? -1 : (byValue > 0 ? 1 : 0))
            << "variant " << variant << " rows " << x << ", " << y;
      } else if (exact) {
        ASSERT_EQ(byValue, 0) << "variant " << variant << " rows " << x << ", " << y;
      }
    }
  }
}

}  // namespace
}  // namespace floe::sql
