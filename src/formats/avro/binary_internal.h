#pragma once

// Avro's binary encoding of one datum (spec "Binary Encoding").

#include <cstdint>
#include <string>
#include <vector>

#include "common/result.h"
#include "formats/avro/datum.h"

namespace floe::formats::avro {

/// Item `used` of an array or map being decoded into a reused datum: the
/// existing element (its buffers kept, its value about to be overwritten)
/// or a new one. Decoding record after record into one Datum this way
/// allocates only when a record is larger than any before it.
template <typename T>
T* NextItem(std::vector<T>* items, size_t used) {
  if (used == items->size()) items->emplace_back();
  return &(*items)[used];
}

/// Drops the items of a reused array or map datum beyond the `used` ones.
inline void ReleaseItemsAfter(size_t used, bool map, Datum* out) {
  out->children.resize(used);
  if (map) out->keys.resize(used);
}

/// Reads values from a byte range, checking every length against what is left.
class BinaryDecoder {
 public:
  BinaryDecoder(const uint8_t* data, int64_t size) : data_(data), size_(size) {}
  int64_t position() const { return pos_; }
  int64_t remaining() const { return size_ - pos_; }

  Status ReadLong(int64_t* v);
  /// Reads an array/map block header: `*count` items (0 ends the
  /// array/map); `*bytes` is the block's byte size, or -1 when the writer
  /// gave none (a negative count announces one).
  Status ReadBlockHeader(int64_t* count, int64_t* bytes);
  /// Checks an array/map block's item count against the bytes left: items
  /// take at least a byte each, except nulls, whose count is capped.
  Status CheckItemCount(int64_t count, bool null_items, const char* what) const;
  Status ReadBytes(std::string* s);
  Status SkipBytes();
  Status ReadFixed(int64_t n, std::string* s);

  /// Decodes a datum of `node`. `keep` (indexed by record field, for the
  /// root record only) skips fields not kept without decoding them.
  Status Decode(const Schema& schema, int node, Datum* out, int depth = 0);
  Status Skip(const Schema& schema, int node, int depth = 0);
  Status DecodeRecordProjected(const Schema& schema, int node, const std::vector<bool>& keep,
                               Datum* out);

 private:
  Status Need(int64_t n, const char* what) const;
  const uint8_t* data_;
  int64_t size_;
  int64_t pos_ = 0;
};

/// Appends the binary encoding of `datum` (checked against `node`:
/// Invalid names the field path).
Status EncodeDatum(const Schema& schema, int node, const Datum& datum, std::string* out,
                   const std::string& path = "", int depth = 0);
void EncodeLong(int64_t v, std::string* out);

}  // namespace floe::formats::avro
