#pragma once

// Normalized sort keys: each row's ORDER BY values encoded into bytes that
// compare (as unsigned big-endian integers) the way the values sort —
// NULLS FIRST/LAST and DESC included — so that a sort compares two words
// instead of dispatching on types per comparison. Strings contribute an
// 8-byte prefix; rows whose prefixes tie are compared in full.

#include <cstdint>
#include <memory>
#include <vector>

#include "columnar/vector.h"
#include "sql/plan/logical_plan.h"

namespace floe::sql {

/// One row's normalized key: 24 bytes as three big-endian words.
struct NormalizedKey {
  uint64_t w[3] = {0, 0, 0};
  uint32_t row = 0;
  /// <0, 0, >0 as the keys order.
  int Compare(const NormalizedKey& o) const {
    for (int i = 0; i < 3; ++i) {
      if (w[i] != o.w[i]) return w[i] < o.w[i] ? -1 : 1;
    }
    return 0;
  }
};

/// Bytes a normalized key holds.
inline constexpr int kNormalizedKeyBytes = 24;

/// Encodes rows 0..n-1 of `values` (flat vectors, one per key of `keys`)
/// into `out`. Returns false when the keys do not fit: more than 24 bytes,
/// or a type without an encoding (nested values) — the caller then
/// compares values. *exact: no string prefix (equal keys are equal rows).
/// Large inputs are encoded on up to `threads` threads.
bool NormalizeSortKeys(const std::vector<SortKey>& keys,
                       const std::vector<std::shared_ptr<columnar::Vector>>& values, int64_t n,
                       std::vector<NormalizedKey>* out, bool* exact, int threads = 1);

/// Orders row a of `x` against row b of `y` (flat key values, one vector per
/// key of `keys`; only the keys' directions are used): <0 when a sorts
/// first. NULLS FIRST/LAST hold whatever the direction, as in Trino.
int CompareKeyRows(const std::vector<SortKey>& keys,
                   const std::vector<std::shared_ptr<columnar::Vector>>& x, int64_t a,
                   const std::vector<std::shared_ptr<columnar::Vector>>& y, int64_t b);

}  // namespace floe::sql
