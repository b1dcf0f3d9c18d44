#pragma once

#include <cstdint>
#include <cstring>
#include <memory>

#include "common/memory_pool.h"

namespace floe {

/// A growable, 64-byte aligned byte buffer counted against a MemoryPool.
/// Vectors hold their values and string bytes in Buffers, shared through
/// std::shared_ptr so that a slice or a dictionary keeps its bytes alive.
/// Not thread-safe for writing.
class Buffer {
 public:
  /// REQUIRES: `pool` outlives the buffer.
  static Result<std::shared_ptr<Buffer>> Make(MemoryPool* pool, int64_t capacity = 0);
  /// A buffer that only points at `size` bytes owned by someone else, who
  /// must keep them alive for the buffer's lifetime (e.g. a mapped file).
  static std::shared_ptr<Buffer> Wrap(const uint8_t* data, int64_t size);
  /// A buffer holding a copy of the bytes.
  static Result<std::shared_ptr<Buffer>> CopyOf(MemoryPool* pool, const void* data, int64_t size);

  ~Buffer();
  Buffer(const Buffer&) = delete;
  Buffer& operator=(const Buffer&) = delete;

  uint8_t* mutable_data() { return data_; }
  const uint8_t* data() const { return data_; }
  int64_t size() const { return size_; }
  int64_t capacity() const { return capacity_; }
  MemoryPool* pool() const { return pool_; }

  /// Ensures capacity >= `capacity` (contents kept).
  Status Reserve(int64_t capacity);
  /// Sets the size, growing the capacity geometrically when needed.
  Status Resize(int64_t size);
  /// Appends bytes at the end, growing as needed.
  Status Append(const void* bytes, int64_t n) {
    if (size_ + n > capacity_) FLOE_RETURN_NOT_OK(Reserve(Grown(size_ + n)));
    if (n > 0) std::memcpy(data_ + size_, bytes, static_cast<size_t>(n));
    size_ += n;
    return Status::OK();
  }

 private:
  Buffer(MemoryPool* pool, uint8_t* data, int64_t capacity, bool owned)
      : pool_(pool), data_(data), capacity_(capacity), owned_(owned) {}
  int64_t Grown(int64_t needed) const {
    int64_t c = capacity_ < 64 ? 64 : capacity_;
    while (c < needed) c *= 2;
    return c;
  }

  MemoryPool* pool_;
  uint8_t* data_;
  int64_t size_ = 0;
  int64_t capacity_;
  bool owned_;
};

}  // namespace floe
