#include "columnar/vector.h"

#include <cstring>

#include "common/bit_util.h"
#include "common/check.h"

namespace floe::columnar {

namespace {
constexpr int64_t kHeapBlock = 64 * 1024;
}

Result<std::shared_ptr<Vector>> Vector::Make(const LogicalType& type, MemoryPool* pool,
                                             int64_t capacity) {
  std::shared_ptr<Vector> v(new Vector(type, pool));
  FLOE_RETURN_NOT_OK(v->AllocateBuffers(capacity));
  switch (type.id()) {
    case TypeId::kStruct:
      for (const auto& f : type.fields()) {
        FLOE_ASSIGN_OR_RETURN(auto child, Make(f.type, pool, capacity));
        v->children_.push_back(std::move(child));
      }
      break;
    case TypeId::kList: {
      FLOE_ASSIGN_OR_RETURN(auto child, Make(type.element(), pool, capacity));
      v->children_.push_back(std::move(child));
      break;
    }
    case TypeId::kMap: {
      FLOE_ASSIGN_OR_RETURN(auto keys, Make(type.key(), pool, capacity));
      FLOE_ASSIGN_OR_RETURN(auto values, Make(type.value(), pool, capacity));
      v->children_.push_back(std::move(keys));
      v->children_.push_back(std::move(values));
      break;
    }
    default: break;
  }
  return v;
}

Status Vector::AllocateBuffers(int64_t capacity) {
  // Dictionary indices (int32) share the data buffer, so it is at least 4 bytes wide.
  int64_t width = type_.fixed_width();
  if (width < 4) width = 4;
  if (!data_) {
    FLOE_ASSIGN_OR_RETURN(data_, Buffer::Make(pool_, capacity * width));
  } else {
    FLOE_RETURN_NOT_OK(data_->Reserve(capacity * width));
  }
  if (validity_) {
    int64_t old_bytes = bit_util::BytesForBits(capacity_);
    FLOE_RETURN_NOT_OK(validity_->Reserve(bit_util::BytesForBits(capacity)));
    std::memset(validity_->mutable_data() + old_bytes, 0xff,
                bit_util::BytesForBits(capacity) - old_bytes);
  }
  capacity_ = capacity;
  return Status::OK();
}

Status Vector::Reserve(int64_t capacity) {
  if (capacity <= capacity_) return Status::OK();
  int64_t c = capacity_ < 8 ? 8 : capacity_;
  while (c < capacity) c *= 2;
  return AllocateBuffers(c);
}

void Vector::Reset() {
  kind_ = VectorKind::kFlat;
  size_ = 0;
  has_validity_ = false;
  dictionary_.reset();
  heaps_.clear();
  heap_used_ = 0;
  last_heap_is_ours_ = false;
  for (auto& c : children_) c->Reset();
}

Status Vector::EnsureValidity() {
  if (has_validity_) return Status::OK();
  int64_t bytes = bit_util::BytesForBits(capacity_ > 0 ? capacity_ : 1);
  if (!validity_) {
    FLOE_ASSIGN_OR_RETURN(validity_, Buffer::Make(pool_, bytes));
  } else {
    FLOE_RETURN_NOT_OK(validity_->Reserve(bytes));
  }
  std::memset(validity_->mutable_data(), 0xff, static_cast<size_t>(bytes));
  has_validity_ = true;
  return Status::OK();
}

bool Vector::IsValid(int64_t i) const {
  switch (kind_) {
    case VectorKind::kFlat:
      return !has_validity_ || bit_util::GetBit(validity_->data(), i);
    case VectorKind::kConstant:
      return !has_validity_ || bit_util::GetBit(validity_->data(), 0);
    case VectorKind::kDictionary:
      if (has_validity_ && !bit_util::GetBit(validity_->data(), i)) return false;
      return dictionary_->IsValid(indices()[i]);
  }
  return true;
}

void Vector::SetNull(int64_t i) {
  FLOE_DCHECK(has_validity_);
  bit_util::ClearBit(validity_->mutable_data(), i);
}

void Vector::SetValid(int64_t i) {
  if (has_validity_) bit_util::SetBit(validity_->mutable_data(), i);
}

Result<char*> Vector::AllocateStringBytes(int64_t n) {
  if (!last_heap_is_ours_ || heaps_.empty() || heap_used_ + n > heaps_.back()->capacity()) {
    FLOE_ASSIGN_OR_RETURN(auto heap, Buffer::Make(pool_, n > kHeapBlock ? n : kHeapBlock));
    heaps_.push_back(std::move(heap));
    heap_used_ = 0;
    last_heap_is_ours_ = true;
  }
  char* p = reinterpret_cast<char*>(heaps_.back()->mutable_data()) + heap_used_;
  heap_used_ += n;
  return p;
}

Status Vector::SetString(int64_t i, std::string_view s) {
  StringView* views = mutable_data<StringView>();
  if (s.size() <= StringView::kInlineMax) {
    views[i] = StringView(s.data(), static_cast<uint32_t>(s.size()));
    return Status::OK();
  }
  if (s.size() > UINT32_MAX) return Status::Invalid("string value of ", s.size(), " bytes is too long");
  FLOE_ASSIGN_OR_RETURN(char* p, AllocateStringBytes(static_cast<int64_t>(s.size())));
  std::memcpy(p, s.data(), s.size());
  views[i] = StringView(p, static_cast<uint32_t>(s.size()));
  return Status::OK();
}

std::string_view Vector::GetString(int64_t i) const {
  switch (kind_) {
    case VectorKind::kFlat: return data<StringView>()[i].view();
    case VectorKind::kConstant: return data<StringView>()[0].view();
    case VectorKind::kDictionary: return dictionary_->GetString(indices()[i]);
  }
  return {};
}

Status Vector::MakeDictionary(std::shared_ptr<Vector> dictionary) {
  if (dictionary->type() != type_ || dictionary->kind() != VectorKind::kFlat) {
    return Status::Internal("dictionary must be a flat vector of the same type");
  }
  kind_ = VectorKind::kDictionary;
  dictionary_ = std::move(dictionary);
  return Status::OK();
}

Status Vector::Flatten() {
  if (kind_ == VectorKind::kFlat) return Status::OK();
  if (type_.is_nested()) return Status::NotSupported("flattening a nested ", type_.ToString(), " vector");
  int64_t width = type_.fixed_width();
  FLOE_ASSIGN_OR_RETURN(auto fresh, Buffer::Make(pool_, capacity_ * (width < 4 ? 4 : width)));
  std::shared_ptr<Buffer> fresh_validity;
  bool any_null = false;
  const uint8_t* src = kind_ == VectorKind::kConstant ? data_->data() : dictionary_->raw_data();
  for (int64_t i = 0; i < size_; ++i) {
    int64_t src_index = ValueIndex(i);
    std::memcpy(fresh->mutable_data() + i * width, src + src_index * width, static_cast<size_t>(width));
    any_null |= !IsValid(i);
  }
  if (any_null) {
    FLOE_ASSIGN_OR_RETURN(fresh_validity, Buffer::Make(pool_, bit_util::BytesForBits(capacity_)));
    std::memset(fresh_validity->mutable_data(), 0xff, bit_util::BytesForBits(capacity_));
    for (int64_t i = 0; i < size_; ++i) {
      if (!IsValid(i)) bit_util::ClearBit(fresh_validity->mutable_data(), i);
    }
  }
  if (kind_ == VectorKind::kDictionary) {
    // String views point into the dictionary's heaps: keep them alive.
    for (const auto& h : dictionary_->heaps_) heaps_.push_back(h);
    last_heap_is_ours_ = false;
  }
  data_ = std::move(fresh);
  if (any_null) {
    validity_ = std::move(fresh_validity);
    has_validity_ = true;
  } else {
    has_validity_ = false;
  }
  dictionary_.reset();
  kind_ = VectorKind::kFlat;
  return Status::OK();
}

Result<std::shared_ptr<SelectionVector>> SelectionVector::Make(MemoryPool* pool, int64_t capacity) {
  auto sel = std::make_shared<SelectionVector>();
  FLOE_ASSIGN_OR_RETURN(sel->buffer_, Buffer::Make(pool, capacity * 4));
  return sel;
}

}  // namespace floe::columnar
