#include "common/memory_pool.h"

#include <sys/mman.h>

#include <bit>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <utility>
#include <vector>

namespace floe {

namespace {
constexpr int64_t kAlignment = 64;
// A zero-size allocation returns this, never null, and is never freed.
alignas(kAlignment) uint8_t zero_size_area[1];

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kCacheLargeBlocks = false;  // ASan must see every large block's bounds
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer)
constexpr bool kCacheLargeBlocks = false;
#else
constexpr bool kCacheLargeBlocks = true;
#endif
#else
constexpr bool kCacheLargeBlocks = true;
#endif

// Blocks of at least this size are mapped from the kernel directly and, once
// freed, kept for reuse: scans allocate and free page and column-chunk
// buffers of the same few sizes over and over, and handing the kernel's
// fresh pages out each time costs a page fault per 4 KiB (a third of the
// time of a Parquet scan, measured). malloc would return them to the kernel
// the same way (mmap threshold, heap trimming).
constexpr size_t kLargeBlock = size_t{256} << 10;

// Size classes of large blocks: four per power of two, so a block is at most
// 25% larger than asked (and a multiple of 64 KiB, hence of the page size).
size_t LargeClass(size_t size) {
  size_t step = std::bit_floor(size) / 4;
  return (size + step - 1) / step * step;
}

class LargeBlockCache {
 public:
  static LargeBlockCache& Instance() {
    static LargeBlockCache* cache = new LargeBlockCache();  // never destroyed: pools may outlive statics
    return *cache;
  }

  void* Allocate(size_t cls) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      // The most recently freed block of the class: its pages are most likely resident.
      for (size_t i = blocks_.size(); i-- > 0;) {
        if (blocks_[i].first == cls) {
          void* p = blocks_[i].second;
          blocks_.erase(blocks_.begin() + static_cast<std::ptrdiff_t>(i));
          cached_ -= cls;
          return p;
        }
      }
    }
    void* p = mmap(nullptr, cls, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    return p == MAP_FAILED ? nullptr : p;
  }

  void Free(void* p, size_t cls) {
    std::vector<std::pair<size_t, void*>> evicted;
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (cls <= capacity_) {
        blocks_.emplace_back(cls, p);
        cached_ += cls;
        p = nullptr;
      }
      evicted = TakeOverCapacityLocked();
    }
    if (p != nullptr) munmap(p, cls);
    Unmap(evicted);
  }

  void SetCapacity(size_t bytes) {
    std::vector<std::pair<size_t, void*>> evicted;
    {
      std::lock_guard<std::mutex> lock(mu_);
      capacity_ = bytes;
      evicted = TakeOverCapacityLocked();
    }
    Unmap(evicted);
  }

  size_t cached() {
    std::lock_guard<std::mutex> lock(mu_);
    return cached_;
  }

 private:
  std::mutex mu_;
  std::vector<std::pair<size_t, void*>> blocks_;  // (size class, block), oldest first
  size_t cached_ = 0;
  size_t capacity_ = size_t{256} << 20;

  // Removes the oldest blocks until the cache fits its capacity; the caller
  // unmaps them outside the lock.
  std::vector<std::pair<size_t, void*>> TakeOverCapacityLocked() {
    size_t drop = 0;
    while (cached_ > capacity_ && drop < blocks_.size()) cached_ -= blocks_[drop++].first;
    std::vector<std::pair<size_t, void*>> evicted(blocks_.begin(), blocks_.begin() + static_cast<std::ptrdiff_t>(drop));
    blocks_.erase(blocks_.begin(), blocks_.begin() + static_cast<std::ptrdiff_t>(drop));
    return evicted;
  }

  static void Unmap(const std::vector<std::pair<size_t, void*>>& blocks) {
    for (const auto& [size, block] : blocks) munmap(block, size);
  }
};
}  // namespace

void MemoryPool::SetBlockCacheCapacity(int64_t bytes) {
  LargeBlockCache::Instance().SetCapacity(static_cast<size_t>(bytes < 0 ? 0 : bytes));
}

int64_t MemoryPool::block_cache_bytes() { return static_cast<int64_t>(LargeBlockCache::Instance().cached()); }

MemoryPool::MemoryPool(std::string name, int64_t limit, MemoryPool* parent)
    : name_(std::move(name)), limit_(limit), parent_(parent) {}

MemoryPool::~MemoryPool() = default;

MemoryPool* MemoryPool::Default() {
  static MemoryPool* pool = new MemoryPool("default");
  return pool;
}

Status MemoryPool::Reserve(int64_t bytes) {
  if (bytes < 0) return Status::Internal("negative memory reservation");
  int64_t fail_after = fail_after_.load(std::memory_order_relaxed);
  if (fail_after >= 0) {
    if (bytes > fail_after) {
      return Status::OutOfMemory("memory pool '", name_, "': injected failure");
    }
    fail_after_.fetch_sub(bytes, std::memory_order_relaxed);
  }
  int64_t now = allocated_.fetch_add(bytes, std::memory_order_relaxed) + bytes;
  if (now > limit_) {
    allocated_.fetch_sub(bytes, std::memory_order_relaxed);
    return Status::OutOfMemory("memory limit of '", name_, "' exceeded: ", limit_,
                               " bytes allowed, ", now - bytes, " in use, ", bytes,
                               " more requested");
  }
  if (parent_ != nullptr) {
    Status st = parent_->Reserve(bytes);
    if (!st.ok()) {
      allocated_.fetch_sub(bytes, std::memory_order_relaxed);
      return st;
    }
  }
  int64_t peak = peak_.load(std::memory_order_relaxed);
  while (now > peak && !peak_.compare_exchange_weak(peak, now, std::memory_order_relaxed)) {
  }
  return Status::OK();
}

void MemoryPool::Release(int64_t bytes) {
  allocated_.fetch_sub(bytes, std::memory_order_relaxed);
  if (parent_ != nullptr) parent_->Release(bytes);
}

void MemoryPool::TestingFailAfter(int64_t bytes) { fail_after_.store(bytes); }

Result<uint8_t*> MemoryPool::Allocate(int64_t size) {
  if (size < 0) return Status::Internal("negative allocation size");
  if (size == 0) return zero_size_area;
  FLOE_RETURN_NOT_OK(Reserve(size));
  if (kCacheLargeBlocks && static_cast<size_t>(size) >= kLargeBlock) {
    void* p = LargeBlockCache::Instance().Allocate(LargeClass(static_cast<size_t>(size)));
    if (p == nullptr) {
      Release(size);
      return Status::OutOfMemory("cannot allocate ", size, " bytes");
    }
    return static_cast<uint8_t*>(p);
  }
  // aligned_alloc needs a size that is a multiple of the alignment.
  size_t rounded = (static_cast<size_t>(size) + kAlignment - 1) & ~static_cast<size_t>(kAlignment - 1);
  void* p = std::aligned_alloc(kAlignment, rounded);
  if (p == nullptr) {
    Release(size);
    return Status::OutOfMemory("cannot allocate ", size, " bytes");
  }
  return static_cast<uint8_t*>(p);
}

Result<uint8_t*> MemoryPool::Reallocate(uint8_t* ptr, int64_t old_size, int64_t new_size) {
  if (kCacheLargeBlocks && old_size > 0 && new_size > 0 && static_cast<size_t>(old_size) >= kLargeBlock &&
      static_cast<size_t>(new_size) >= kLargeBlock &&
      LargeClass(static_cast<size_t>(old_size)) == LargeClass(static_cast<size_t>(new_size))) {
    // The block already has room: only the accounting changes.
    if (new_size > old_size) {
      FLOE_RETURN_NOT_OK(Reserve(new_size - old_size));
    } else {
      Release(old_size - new_size);
    }
    return ptr;
  }
  FLOE_ASSIGN_OR_RETURN(uint8_t * fresh, Allocate(new_size));
  if (old_size > 0 && new_size > 0) {
    std::memcpy(fresh, ptr, static_cast<size_t>(old_size < new_size ? old_size : new_size));
  }
  Free(ptr, old_size);
  return fresh;
}

void MemoryPool::Free(uint8_t* ptr, int64_t size) {
  if (ptr == nullptr || ptr == zero_size_area) return;
  if (kCacheLargeBlocks && static_cast<size_t>(size) >= kLargeBlock) {
    LargeBlockCache::Instance().Free(ptr, LargeClass(static_cast<size_t>(size)));
  } else {
    std::free(ptr);
  }
  Release(size);
}

}  // namespace floe
