#pragma once

// A top-N's cutoff handed to the scan below it (a dynamic filter): once the
// top-N holds N rows, a row that does not sort before the worst of them
// cannot be in the result, so the scan drops it right after decoding the
// key columns — and, through late materialization, never decodes the other
// columns of batches where no row beats the cutoff.

#include <atomic>
#include <memory>
#include <mutex>
#include <vector>

#include "columnar/vector.h"
#include "common/memory_pool.h"
#include "common/result.h"
#include "sql/plan/logical_plan.h"

namespace floe::sql {

class TopNFilter {
 public:
  /// `keys` are column references into the scan's output (their
  /// directions those of the top-N); `with_ties`: rows equal to the cutoff
  /// are kept.
  TopNFilter(std::vector<SortKey> keys, bool with_ties);

  /// The scan's output columns the filter reads.
  std::vector<size_t> Columns() const;

  /// Offers a new cutoff (one row per key vector, the keys' types); kept
  /// when tighter than the current one. Thread-safe.
  void Publish(const std::vector<std::shared_ptr<columnar::Vector>>& cutoff);

  /// Narrows chunk->selection to rows that beat the cutoff (all rows until
  /// one is published). Thread-safe.
  Status Apply(columnar::Chunk* chunk, MemoryPool* pool) const;

  /// Rows Apply has dropped.
  int64_t rows_dropped() const { return rows_dropped_.load(); }

 private:
  using Cutoff = std::vector<std::shared_ptr<columnar::Vector>>;
  std::vector<SortKey> keys_;
  bool with_ties_;
  mutable std::mutex mu_;
  std::shared_ptr<const Cutoff> cutoff_;
  mutable std::atomic<int64_t> rows_dropped_{0};
};

}  // namespace floe::sql
