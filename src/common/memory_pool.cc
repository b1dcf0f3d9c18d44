#include "common/memory_pool.h"

#include <cstdlib>
#include <cstring>

namespace floe {

namespace {
constexpr int64_t kAlignment = 64;
// A zero-size allocation returns this, never null, and is never freed.
alignas(kAlignment) uint8_t zero_size_area[1];
}  // namespace

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
  FLOE_ASSIGN_OR_RETURN(uint8_t * fresh, Allocate(new_size));
  if (old_size > 0 && new_size > 0) {
    std::memcpy(fresh, ptr, static_cast<size_t>(old_size < new_size ? old_size : new_size));
  }
  Free(ptr, old_size);
  return fresh;
}

void MemoryPool::Free(uint8_t* ptr, int64_t size) {
  if (ptr == nullptr || ptr == zero_size_area) return;
  std::free(ptr);
  Release(size);
}

}  // namespace floe
