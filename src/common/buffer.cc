#include "common/buffer.h"

namespace floe {

Result<std::shared_ptr<Buffer>> Buffer::Make(MemoryPool* pool, int64_t capacity) {
  FLOE_ASSIGN_OR_RETURN(uint8_t * data, pool->Allocate(capacity));
  return std::shared_ptr<Buffer>(new Buffer(pool, data, capacity, true));
}

std::shared_ptr<Buffer> Buffer::Wrap(const uint8_t* data, int64_t size) {
  auto b = std::shared_ptr<Buffer>(new Buffer(nullptr, const_cast<uint8_t*>(data), size, false));
  b->size_ = size;
  return b;
}

Result<std::shared_ptr<Buffer>> Buffer::CopyOf(MemoryPool* pool, const void* data, int64_t size) {
  FLOE_ASSIGN_OR_RETURN(auto b, Make(pool, size));
  FLOE_RETURN_NOT_OK(b->Append(data, size));
  return b;
}

Buffer::~Buffer() {
  if (owned_) pool_->Free(data_, capacity_);
}

Status Buffer::Reserve(int64_t capacity) {
  if (capacity <= capacity_) return Status::OK();
  if (!owned_) return Status::Internal("cannot grow a wrapped buffer");
  FLOE_ASSIGN_OR_RETURN(data_, pool_->Reallocate(data_, capacity_, capacity));
  capacity_ = capacity;
  return Status::OK();
}

Status Buffer::Resize(int64_t size) {
  if (size > capacity_) FLOE_RETURN_NOT_OK(Reserve(Grown(size)));
  size_ = size;
  return Status::OK();
}

}  // namespace floe
