#pragma once

// Whole-vector building blocks of the operators: copying selected rows,
// hashing, and comparing values, each dispatched once per vector on the
// physical type and then running a type-specialized loop.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "columnar/vector.h"
#include "common/result.h"
#include "sql/types.h"

namespace floe::sql {

/// Copies rows `rows[0..n)` of `src` (any kind; `rows` null: rows 0..n-1)
/// into `dst` (flat, same type) at dst_offset.., growing it as needed and
/// setting its size to at least dst_offset + n. Strings are copied into
/// dst's own heap (a hash table holding a few values must not keep whole
/// scan buffers alive). Nested types recursively: a row's fields at the
/// same row of dst's children, an array's or map's elements appended to
/// dst's element vectors (only the elements of the gathered rows).
Status GatherRows(const columnar::Vector& src, const uint32_t* rows, int64_t n,
                  columnar::Vector* dst, int64_t dst_offset);

/// A flat copy of `v`'s first n rows, or `v` itself when it already is flat.
Result<std::shared_ptr<columnar::Vector>> FlatVector(const std::shared_ptr<columnar::Vector>& v,
                                                     int64_t n, MemoryPool* pool);

/// The live rows of `chunk` as a compact chunk (flat vectors, no selection).
Result<columnar::Chunk> CompactChunk(const columnar::Chunk& chunk, MemoryPool* pool);

/// Narrows `chunk`'s selection to the live rows where `predicate` (a
/// boolean vector over the chunk's rows, any kind) is true, not false or
/// NULL. Afterwards chunk->live_rows() may be 0.
Status SelectTrue(const columnar::Vector& predicate, columnar::Chunk* chunk, MemoryPool* pool);

/// Mixes the hash of row rows[k] of `v` (any kind) into hashes[k] for
/// k < n (`combine` false: overwrites). Equal values hash equally across
/// vectors of the same type; NULLs hash to a fixed value; -0.0 and 0.0,
/// and every NaN, hash alike.
void HashRows(const columnar::Vector& v, const uint32_t* rows, int64_t n, uint64_t* hashes,
              bool combine);

/// Whether a[i] and b[j] (flat vectors of one type; nested values of any
/// kind) are the same value, NULL equal to NULL (grouping semantics: IS NOT
/// DISTINCT FROM). Maps are equal when they hold the same entries.
bool ValuesEqual(const columnar::Vector& a, int64_t i, const columnar::Vector& b, int64_t j);

/// ValuesEqual for vectors of any kind (flat, constant, dictionary).
bool RowsEqual(const columnar::Vector& a, int64_t i, const columnar::Vector& b, int64_t j);

/// RowsEqual between two given vectors with the type dispatch and their
/// kinds resolved once (for hash table probes that compare row by row).
/// The vectors must not change while it is used.
class RowEquality {
 public:
  RowEquality(const columnar::Vector& a, const columnar::Vector& b);
  bool operator()(int64_t i, int64_t j) const { return fn_(*this, i, j); }

  // One side: values (flat), reached through indices or at 0 if constant.
  struct Side {
    const uint8_t* data = nullptr;
    const int32_t* indices = nullptr;  // dictionary
    bool constant = false;
    const uint8_t* outer_validity = nullptr;
    const uint8_t* value_validity = nullptr;  // the dictionary's
    int64_t Index(int64_t i) const { return constant ? 0 : (indices != nullptr ? indices[i] : i); }
  };

 private:
  using Fn = bool (*)(const RowEquality&, int64_t, int64_t);
  const columnar::Vector* a_;
  const columnar::Vector* b_;
  Side sa_, sb_;
  Fn fn_;
  template <typename T>
  static bool Typed(const RowEquality& e, int64_t i, int64_t j);
  static bool Generic(const RowEquality& e, int64_t i, int64_t j);
};

/// Orders a[i] against b[j] (flat vectors of one type): <0, 0, >0; NULLs
/// compare equal to each other and greater than any value (callers place
/// them per NULLS FIRST/LAST). Arrays and rows compare lexicographically
/// (Trino), a shorter array before its extensions; maps are not orderable
/// (the binder rejects them) and compare equal.
int CompareValues(const columnar::Vector& a, int64_t i, const columnar::Vector& b, int64_t j);

/// Makes row `row` of flat `v` a NULL whose slot is safe to read by code
/// that reads every row (an empty string, an empty array, null fields),
/// growing `v` to hold it.
Status SetNullValue(columnar::Vector* v, int64_t row);

/// Appends row `i` of `v` (any kind and type) to `out` in a self-delimiting
/// binary form: a null byte, then fixed-width bytes, a string's 32-bit
/// length and bytes, a row's fields, an array's or map's 32-bit count and
/// elements. Private to one process (spill files, aggregate states).
void EncodeValue(const columnar::Vector& v, int64_t i, std::string* out);

/// Decodes one value of dst's type written by EncodeValue from in[*pos..)
/// into row `row` of `dst` (flat), advancing *pos; Corruption when `in` is
/// too short.
Status DecodeValue(std::string_view in, size_t* pos, columnar::Vector* dst, int64_t row);

/// Flat vectors (one per column) of rows appended chunk by chunk: the
/// build side of a join, a sort's input, the keys of a hash table. Grows by
/// doubling. Not thread-safe.
class ColumnBuffer {
 public:
  static Result<ColumnBuffer> Make(const std::vector<LogicalType>& types, MemoryPool* pool);
  /// Appends the live rows of `chunk` (of this buffer's types).
  Status Append(const columnar::Chunk& chunk);
  /// Appends row `row` of `columns` (one vector per column, any kind): a
  /// hash table adding one group at a time.
  Status AppendRow(const std::vector<const columnar::Vector*>& columns, int64_t row);
  /// Appends every row of `other`.
  Status AppendBuffer(const ColumnBuffer& other);
  /// Appends `v` to a buffer of one fixed-width column of T's width (the
  /// typed path of a grouping table).
  template <typename T>
  Status AppendValue(T v) {
    columnar::Vector* c = columns_[0].get();
    if (c->capacity() <= rows_) {
      Status st = Grow(rows_ + 1);
      if (!st.ok()) return st;
    }
    c->mutable_data<T>()[rows_] = v;
    if (c->validity() != nullptr) c->SetValid(rows_);
    c->set_size(++rows_);
    return Status::OK();
  }

  int64_t rows() const { return rows_; }
  const std::vector<std::shared_ptr<columnar::Vector>>& columns() const { return columns_; }
  /// Bytes held (for memory accounting).
  int64_t bytes() const;

 private:
  Status Grow(int64_t rows);
  std::vector<std::shared_ptr<columnar::Vector>> columns_;
  int64_t rows_ = 0;
  MemoryPool* pool_ = nullptr;
};

}  // namespace floe::sql
