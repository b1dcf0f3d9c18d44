#pragma once

#include <atomic>
#include <cstdint>
#include <string>

#include "common/result.h"

namespace floe {

/// Counts bytes against a limit, optionally also against a parent pool (a
/// query's pool under the server's pool). Every buffer of a query's vectors
/// is allocated through its pool, so a query cannot exceed its memory budget.
/// Thread-safe.
class MemoryPool {
 public:
  static constexpr int64_t kUnlimited = INT64_MAX;

  /// `parent` (nullable) must outlive this pool.
  explicit MemoryPool(std::string name, int64_t limit = kUnlimited, MemoryPool* parent = nullptr);
  ~MemoryPool();
  MemoryPool(const MemoryPool&) = delete;
  MemoryPool& operator=(const MemoryPool&) = delete;

  /// The process-wide pool without a limit, for tools and tests.
  static MemoryPool* Default();

  /// Returns 64-byte aligned memory of `size` bytes, or OutOfMemory when the
  /// limit of this pool or an ancestor would be exceeded.
  Result<uint8_t*> Allocate(int64_t size);
  /// Grows or shrinks an allocation, keeping min(old, new) bytes.
  Result<uint8_t*> Reallocate(uint8_t* ptr, int64_t old_size, int64_t new_size);
  void Free(uint8_t* ptr, int64_t size);

  /// Accounts `bytes` allocated elsewhere (e.g. a hash table's std::vector).
  Status Reserve(int64_t bytes);
  void Release(int64_t bytes);

  /// Fails every allocation once `bytes` more are allocated (fault injection).
  void TestingFailAfter(int64_t bytes);

  /// Freed blocks of 256 KiB and more are kept (process-wide, up to this
  /// many bytes, 256 MiB by default) and handed out again, so that scans
  /// reusing buffers of the same sizes don't fault in fresh pages each time.
  static void SetBlockCacheCapacity(int64_t bytes);
  /// Bytes of freed blocks held for reuse now.
  static int64_t block_cache_bytes();

  int64_t bytes_allocated() const { return allocated_.load(std::memory_order_relaxed); }
  int64_t peak_bytes() const { return peak_.load(std::memory_order_relaxed); }
  int64_t limit() const { return limit_; }
  const std::string& name() const { return name_; }

 private:
  std::string name_;
  int64_t limit_;
  MemoryPool* parent_;
  std::atomic<int64_t> allocated_{0};
  std::atomic<int64_t> peak_{0};
  std::atomic<int64_t> fail_after_{-1};
};

}  // namespace floe
