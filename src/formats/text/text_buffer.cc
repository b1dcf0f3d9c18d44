#include "formats/text/text_buffer.h"

#include <algorithm>
#include <cstring>

namespace floe::formats::text {

Result<std::unique_ptr<TextBuffer>> TextBuffer::Make(std::unique_ptr<TextInputStream> stream,
                                                     int64_t block_size, int64_t max_record_bytes,
                                                     MemoryPool* pool) {
  std::unique_ptr<TextBuffer> b(new TextBuffer());
  b->base_ = stream->start_offset();
  b->stream_ = std::move(stream);
  b->max_record_bytes_ = std::max<int64_t>(max_record_bytes, 16);
  b->capacity_ = std::clamp<int64_t>(block_size, 16, b->max_record_bytes_);
  FLOE_ASSIGN_OR_RETURN(b->buffer_, Buffer::Make(pool, b->capacity_));
  return b;
}

Status TextBuffer::Refill() {
  if (eof_) return Status::OK();
  const int64_t kept = end_ - pos_;
  if (pos_ > 0) {
    std::memmove(buffer_->mutable_data(), buffer_->data() + pos_, static_cast<size_t>(kept));
    base_ += pos_;
    pos_ = 0;
    end_ = kept;
  }
  // Grow while the unfinished record takes most of the window, so that
  // each retry of it reads a good share of new bytes (no quadratic rescans).
  if (kept > capacity_ - capacity_ / 4) {
    if (kept >= max_record_bytes_) {
      return Status::Invalid("a record is longer than ", max_record_bytes_, " bytes");
    }
    int64_t grown = std::min(capacity_ * 2, max_record_bytes_);
    FLOE_RETURN_NOT_OK(buffer_->Reserve(grown));
    capacity_ = grown;
  }
  FLOE_ASSIGN_OR_RETURN(int64_t got,
                        stream_->Read(buffer_->mutable_data() + end_, capacity_ - end_));
  end_ += got;
  if (got == 0) eof_ = true;
  return Status::OK();
}

Status TextBuffer::SkipByteOrderMark() {
  while (end_ - pos_ < 3 && !eof_) FLOE_RETURN_NOT_OK(Refill());
  if (end_ - pos_ >= 3 && std::memcmp(data() + pos_, "\xEF\xBB\xBF", 3) == 0) pos_ += 3;
  return Status::OK();
}

}  // namespace floe::formats::text
