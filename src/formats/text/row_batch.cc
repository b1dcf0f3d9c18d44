#include "formats/text/row_batch.h"

#include <cstring>

#include "common/bit_util.h"

namespace floe::formats::text {

namespace {

// Removes the rows whose `drop` byte is non-zero from equally long flat
// vectors (`rows` rows each), keeping the order of the rest; returns the
// rows left.
int64_t RemoveRows(const std::vector<std::shared_ptr<columnar::Vector>>& columns,
                   const std::vector<uint8_t>& drop, int64_t rows) {
  int64_t kept = 0;
  for (int64_t i = 0; i < rows; ++i) kept += drop[i] == 0;
  for (const auto& v : columns) {
    const int64_t width = v->type().fixed_width();
    uint8_t* data = v->mutable_raw_data();
    uint8_t* validity = v->mutable_validity();
    int64_t out = 0;
    for (int64_t i = 0; i < rows; ++i) {
      if (drop[i]) continue;
      if (out != i) {
        std::memcpy(data + out * width, data + i * width, static_cast<size_t>(width));
        if (validity) bit_util::SetBitTo(validity, out, bit_util::GetBit(validity, i));
      }
      ++out;
    }
    v->set_size(out);
  }
  return kept;
}

}  // namespace

void RowBatch::Reset(int64_t capacity) {
  columns_.clear();
  capacity_ = capacity;
  rows_ = 0;
  drop_.assign(static_cast<size_t>(capacity), 0);
  any_drop_ = false;
}

void RowBatch::AddRows(int64_t n) {
  rows_ += n;
  for (auto& v : columns_) v->set_size(rows_);
}

int64_t RowBatch::Emit(columnar::Chunk* out, ReadProgress* progress) {
  const int64_t rows = any_drop_ ? RemoveRows(columns_, drop_, rows_) : rows_;
  if (rows == 0) return 0;
  out->columns = columns_;
  out->size = rows;
  out->selection = nullptr;
  if (progress != nullptr) progress->rows_read.fetch_add(rows, std::memory_order_relaxed);
  return rows;
}

Status SetNullAt(columnar::Vector* v, int64_t row) {
  if (v->validity() == nullptr) FLOE_RETURN_NOT_OK(v->EnsureValidity());
  v->SetNull(row);
  return Status::OK();
}

Status AddRejectedRow(RejectedRow row, RejectSink* sink, ReadProgress* progress) {
  FLOE_RETURN_NOT_OK(sink->Add(std::move(row)));
  if (progress != nullptr) progress->rows_rejected.fetch_add(1, std::memory_order_relaxed);
  return Status::OK();
}

}  // namespace floe::formats::text
