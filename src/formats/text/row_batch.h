#pragma once

// The chunk a text reader (CSV, JSON lines) fills: one flat vector per
// column, converted a few records at a time; rows rejected after some of
// their values were stored are dropped when the chunk is handed out.

#include <cstdint>
#include <memory>
#include <vector>

#include "columnar/vector.h"
#include "common/result.h"
#include "formats/text/rejects.h"

namespace floe::formats::text {

class RowBatch {
 public:
  /// Starts an empty batch of at most `capacity` rows; its vectors are made
  /// by the first MakeColumns (a range may have no rows at all).
  void Reset(int64_t capacity);
  /// Makes the vectors (of columns[i].type) unless this batch has them.
  template <typename Columns>
  Status MakeColumns(const Columns& columns, MemoryPool* pool) {
    if (!columns_.empty()) return Status::OK();
    for (const auto& col : columns) {
      FLOE_ASSIGN_OR_RETURN(auto v, columnar::Vector::Make(col.type, pool, capacity_));
      columns_.push_back(std::move(v));
    }
    return Status::OK();
  }
  columnar::Vector* column(size_t c) const { return columns_[c].get(); }
  /// Rows converted so far, dropped ones included; the next row's index.
  int64_t rows() const { return rows_; }
  int64_t capacity() const { return capacity_; }
  /// Counts `n` more converted rows (every vector's size follows).
  void AddRows(int64_t n);
  /// Marks row `row` to be left out of the chunk.
  void Drop(int64_t row) {
    drop_[static_cast<size_t>(row)] = 1;
    any_drop_ = true;
  }
  bool dropped(int64_t row) const { return drop_[static_cast<size_t>(row)] != 0; }
  /// Hands the rows not dropped to `out` (flat vectors, no selection) and
  /// counts them in `progress` (nullable); returns how many.
  int64_t Emit(columnar::Chunk* out, ReadProgress* progress);

 private:
  std::vector<std::shared_ptr<columnar::Vector>> columns_;
  int64_t capacity_ = 0;
  int64_t rows_ = 0;
  std::vector<uint8_t> drop_;
  bool any_drop_ = false;
};

/// Sets row `row` of `v` NULL (making its validity first when it has none).
Status SetNullAt(columnar::Vector* v, int64_t row);

/// Gives a rejected row to `sink` and counts it in `progress` (nullable).
Status AddRejectedRow(RejectedRow row, RejectSink* sink, ReadProgress* progress);

}  // namespace floe::formats::text
