#pragma once

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "columnar/logical_type.h"
#include "columnar/string_view.h"
#include "common/buffer.h"

namespace floe::columnar {

/// How a vector's values are laid out (DESIGN.md §6).
enum class VectorKind : uint8_t {
  kFlat,        // data[i] is row i
  kConstant,    // data[0] (and validity bit 0) is every row
  kDictionary,  // data holds int32 indices into dictionary()
};

/// The batch size of scans and operators.
inline constexpr int64_t kDefaultVectorSize = 2048;

/// Values of one logical type for up to capacity() rows: a flat data buffer
/// of fixed-width values, an optional validity bitmap (absent = no nulls),
/// string bytes kept alive in heap buffers, children for nested types.
/// Memory is counted against the MemoryPool given at creation. Not
/// thread-safe for writing; a finished vector may be read from many threads.
class Vector {
 public:
  /// A flat vector with room for `capacity` rows and size 0.
  static Result<std::shared_ptr<Vector>> Make(const LogicalType& type, MemoryPool* pool,
                                              int64_t capacity = kDefaultVectorSize);

  const LogicalType& type() const { return type_; }
  VectorKind kind() const { return kind_; }
  int64_t size() const { return size_; }
  int64_t capacity() const { return capacity_; }
  MemoryPool* pool() const { return pool_; }
  /// REQUIRES: size <= capacity().
  void set_size(int64_t size) { size_ = size; }

  /// Grows the data (and validity) buffers to hold `capacity` rows; keeps contents.
  Status Reserve(int64_t capacity);
  /// Makes the vector flat and empty again, dropping string heaps, dictionary
  /// and nulls, keeping its buffers for reuse. Children are reset too.
  void Reset();

  template <typename T>
  T* mutable_data() {
    return reinterpret_cast<T*>(data_->mutable_data());
  }
  template <typename T>
  const T* data() const {
    return reinterpret_cast<const T*>(data_->data());
  }
  uint8_t* mutable_raw_data() { return data_ ? data_->mutable_data() : nullptr; }
  const uint8_t* raw_data() const { return data_ ? data_->data() : nullptr; }

  // ---- nulls ----
  /// The validity bitmap (bit set = value present), or nullptr when no row is null.
  const uint8_t* validity() const { return has_validity_ ? validity_->data() : nullptr; }
  uint8_t* mutable_validity() { return has_validity_ ? validity_->mutable_data() : nullptr; }
  /// Allocates the bitmap with every row valid, if not there yet.
  Status EnsureValidity();
  /// Drops the bitmap (all rows valid).
  void ClearValidity() { has_validity_ = false; }
  /// Whether row `i` is valid, following the vector's kind.
  bool IsValid(int64_t i) const;
  bool IsNull(int64_t i) const { return !IsValid(i); }
  /// Marks row i (physical position) null. REQUIRES: EnsureValidity() called.
  void SetNull(int64_t i);
  void SetValid(int64_t i);

  // ---- strings ----
  /// Returns `n` bytes of string storage that stay alive with the vector.
  Result<char*> AllocateStringBytes(int64_t n);
  /// Stores `s` at row i, copying it into the vector's heap when not inline.
  Status SetString(int64_t i, std::string_view s);
  /// Keeps `buffer` alive as long as this vector (string views may point into it).
  void KeepAlive(std::shared_ptr<Buffer> buffer) {
    heaps_.push_back(std::move(buffer));
    last_heap_is_ours_ = false;
  }
  /// Keeps every string heap of `other` alive as long as this vector (after
  /// copying string views from it).
  void KeepAliveHeapsOf(const Vector& other) {
    for (const auto& h : other.heaps_) heaps_.push_back(h);
    last_heap_is_ours_ = false;
  }
  /// The value at row i of a varchar/varbinary vector, following its kind.
  std::string_view GetString(int64_t i) const;

  // ---- constant and dictionary ----
  /// Makes this a constant vector of `size` rows whose value is row 0.
  void MakeConstant(int64_t size) {
    kind_ = VectorKind::kConstant;
    size_ = size;
  }
  /// Makes this a dictionary vector: the data buffer must then hold size()
  /// int32 indices into `dictionary` (a flat vector of the same type).
  Status MakeDictionary(std::shared_ptr<Vector> dictionary);
  const std::shared_ptr<Vector>& dictionary() const { return dictionary_; }
  const int32_t* indices() const { return data<int32_t>(); }
  int32_t* mutable_indices() { return mutable_data<int32_t>(); }
  /// Maps a row to the position holding its value: i for flat, 0 for
  /// constant, the index for dictionary (into the dictionary vector).
  int64_t ValueIndex(int64_t i) const {
    switch (kind_) {
      case VectorKind::kFlat: return i;
      case VectorKind::kConstant: return 0;
      case VectorKind::kDictionary: return indices()[i];
    }
    return i;
  }
  /// Rewrites a constant or dictionary vector into a flat one.
  Status Flatten();

  // ---- nested ----
  /// Struct: one child per field. List: the element vector. Map: keys, values.
  std::vector<std::shared_ptr<Vector>>& children() { return children_; }
  const std::vector<std::shared_ptr<Vector>>& children() const { return children_; }
  ListEntry* mutable_list_entries() { return mutable_data<ListEntry>(); }
  const ListEntry* list_entries() const { return data<ListEntry>(); }

 private:
  Vector(LogicalType type, MemoryPool* pool) : type_(std::move(type)), pool_(pool) {}
  Status AllocateBuffers(int64_t capacity);

  LogicalType type_;
  MemoryPool* pool_;
  VectorKind kind_ = VectorKind::kFlat;
  int64_t size_ = 0;
  int64_t capacity_ = 0;
  std::shared_ptr<Buffer> data_;
  std::shared_ptr<Buffer> validity_;
  bool has_validity_ = false;
  std::shared_ptr<Vector> dictionary_;
  std::vector<std::shared_ptr<Buffer>> heaps_;  // string bytes and kept-alive buffers
  int64_t heap_used_ = 0;                       // bytes used in heaps_.back() if it is ours
  bool last_heap_is_ours_ = false;
  std::vector<std::shared_ptr<Vector>> children_;
};

/// Rows still alive after a filter: ascending row positions.
class SelectionVector {
 public:
  static Result<std::shared_ptr<SelectionVector>> Make(MemoryPool* pool, int64_t capacity);
  uint32_t* mutable_indices() { return reinterpret_cast<uint32_t*>(buffer_->mutable_data()); }
  const uint32_t* indices() const { return reinterpret_cast<const uint32_t*>(buffer_->data()); }
  int64_t size() const { return size_; }
  void set_size(int64_t n) { size_ = n; }

 private:
  std::shared_ptr<Buffer> buffer_;
  int64_t size_ = 0;
};

/// Equally long vectors (one per column) plus an optional selection vector.
struct Chunk {
  std::vector<std::shared_ptr<Vector>> columns;
  int64_t size = 0;  // rows in each vector
  std::shared_ptr<SelectionVector> selection;  // null = all rows

  /// Rows that are alive: the selection's size, or `size` without one.
  int64_t live_rows() const { return selection ? selection->size() : size; }
};

}  // namespace floe::columnar
