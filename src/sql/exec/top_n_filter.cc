#include "sql/exec/top_n_filter.h"

#include "sql/exec/sort_keys.h"
#include "sql/exec/vector_operations.h"

namespace floe::sql {

using columnar::PhysicalType;
using columnar::Vector;

TopNFilter::TopNFilter(std::vector<SortKey> keys, bool with_ties)
    : keys_(std::move(keys)), with_ties_(with_ties) {}

std::vector<size_t> TopNFilter::Columns() const {
  std::vector<size_t> out;
  for (const auto& k : keys_) out.push_back(static_cast<size_t>(k.expr->column));
  return out;
}

void TopNFilter::Publish(const std::vector<std::shared_ptr<Vector>>& cutoff) {
  if (cutoff.size() != keys_.size()) return;
  std::lock_guard<std::mutex> lock(mu_);
  if (cutoff_ != nullptr && CompareKeyRows(keys_, cutoff, 0, *cutoff_, 0) >= 0) return;
  cutoff_ = std::make_shared<const Cutoff>(cutoff);
}

namespace {

// One key of a fixed-width type without NULLs on either side: a typed loop.
template <typename T>
int64_t KeepBetter(const T* values, T cutoff, bool descending, bool keep_equal, const uint32_t* in,
                   int64_t n, uint32_t* out) {
  int64_t kept = 0;
  for (int64_t k = 0; k < n; ++k) {
    const uint32_t row = in ? in[k] : static_cast<uint32_t>(k);
    const T v = values[row];
    const bool better = descending ? cutoff < v : v < cutoff;
    out[kept] = row;
    kept += better || (keep_equal && !(v < cutoff) && !(cutoff < v));
  }
  return kept;
}

}  // namespace

Status TopNFilter::Apply(columnar::Chunk* chunk, MemoryPool* pool) const {
  std::shared_ptr<const Cutoff> cutoff;
  {
    std::lock_guard<std::mutex> lock(mu_);
    cutoff = cutoff_;
  }
  if (cutoff == nullptr) return Status::OK();
  const int64_t n = chunk->live_rows();
  if (n == 0) return Status::OK();
  Cutoff values;
  for (const auto& k : keys_) {
    FLOE_ASSIGN_OR_RETURN(
        auto v, FlatVector(chunk->columns[static_cast<size_t>(k.expr->column)], chunk->size, pool));
    values.push_back(std::move(v));
  }
  FLOE_ASSIGN_OR_RETURN(auto selection,
                        columnar::SelectionVector::Make(pool, std::max<int64_t>(chunk->size, 1)));
  const uint32_t* in = chunk->selection ? chunk->selection->indices() : nullptr;
  uint32_t* out = selection->mutable_indices();
  int64_t kept = -1;
  const Vector& v = *values[0];
  const Vector& c = *(*cutoff)[0];
  if (keys_.size() == 1 && v.validity() == nullptr && c.IsValid(0)) {
    const bool desc = keys_[0].descending;
    switch (v.type().physical_type()) {
      case PhysicalType::kInt32:
        kept = KeepBetter(v.data<int32_t>(), c.data<int32_t>()[0], desc, with_ties_, in, n, out);
        break;
      case PhysicalType::kInt64:
        kept = KeepBetter(v.data<int64_t>(), c.data<int64_t>()[0], desc, with_ties_, in, n, out);
        break;
      default:
        break;
    }
  }
  if (kept < 0) {
    kept = 0;
    for (int64_t k = 0; k < n; ++k) {
      const uint32_t row = in ? in[k] : static_cast<uint32_t>(k);
      const int cmp = CompareKeyRows(keys_, values, row, *cutoff, 0);
      if (cmp < 0 || (with_ties_ && cmp == 0)) out[kept++] = row;
    }
  }
  rows_dropped_ += n - kept;
  if (kept == n) return Status::OK();
  selection->set_size(kept);
  chunk->selection = std::move(selection);
  return Status::OK();
}

}  // namespace floe::sql
