#pragma once

// Thrift's compact protocol (thrift/doc/specs/thrift-compact-protocol.md),
// reader and writer, for Parquet's footer and page headers. The reader checks
// every length against the bytes that remain and limits nesting depth.

#include <cstdint>
#include <string>
#include <vector>

#include "common/result.h"

namespace floe::formats::parquet::thrift {

/// Compact protocol type codes.
enum CompactType : uint8_t {
  kStop = 0,
  kBoolTrue = 1,
  kBoolFalse = 2,
  kByte = 3,
  kI16 = 4,
  kI32 = 5,
  kI64 = 6,
  kDouble = 7,
  kBinary = 8,
  kList = 9,
  kSet = 10,
  kMap = 11,
  kStruct = 12,
};

/// Reads compact-protocol values from a byte range. Errors are Corruption
/// naming `what` (e.g. "Parquet footer") and the byte offset.
class CompactReader {
 public:
  CompactReader(const uint8_t* data, int64_t size, const char* what) : data_(data), size_(size), what_(what) {}

  int64_t position() const { return pos_; }
  int64_t remaining() const { return size_ - pos_; }

  /// Enters a struct (pushes the last field id); fails past the depth limit.
  Status StructBegin();
  void StructEnd() { last_id_ = ids_.back(), ids_.pop_back(); --depth_; }
  /// Reads a field header; `*type` is kStop at the end of the struct.
  Status FieldBegin(uint8_t* type, int16_t* id);
  Status ReadVarint(uint64_t* v);
  Status ReadI32(int32_t* v);
  Status ReadI64(int64_t* v);
  Status ReadByte(int8_t* v);
  Status ReadDouble(double* v);
  Status ReadBinary(std::string* v);
  /// A boolean inside a list or map (one byte); fields carry theirs in the type.
  Status ReadBoolElement(bool* v);
  /// Reads a list/set header; checks that `*size` elements can fit in the
  /// remaining bytes (each takes at least one byte, booleans included).
  Status ListBegin(uint8_t* elem_type, int64_t* size);
  /// Skips a value of `type`, nested ones included.
  Status Skip(uint8_t type);
  /// Skips one element of a list or map (booleans there take a byte).
  Status SkipElement(uint8_t type);
  /// Corruption at the current offset.
  Status Error(const std::string& message) const;

 private:
  const uint8_t* data_;
  int64_t size_;
  int64_t pos_ = 0;
  const char* what_;
  int depth_ = 0;
  int16_t last_id_ = 0;
  std::vector<int16_t> ids_;
};

/// Appends compact-protocol values to a string.
class CompactWriter {
 public:
  explicit CompactWriter(std::string* out) : out_(out) {}
  void StructBegin() {
    ids_.push_back(last_id_);
    last_id_ = 0;
  }
  void StructEnd() {
    out_->push_back(static_cast<char>(kStop));
    last_id_ = ids_.back();
    ids_.pop_back();
  }
  void FieldBegin(int16_t id, uint8_t type);
  void BoolField(int16_t id, bool v) { FieldBegin(id, v ? kBoolTrue : kBoolFalse); }
  void I32Field(int16_t id, int32_t v) {
    FieldBegin(id, kI32);
    WriteI32(v);
  }
  void I64Field(int16_t id, int64_t v) {
    FieldBegin(id, kI64);
    WriteI64(v);
  }
  void BinaryField(int16_t id, const std::string& v) {
    FieldBegin(id, kBinary);
    WriteBinary(v);
  }
  void ListBegin(uint8_t elem_type, int64_t size);
  void WriteVarint(uint64_t v);
  void WriteI32(int32_t v) { WriteVarint((static_cast<uint64_t>(static_cast<int64_t>(v)) << 1) ^ static_cast<uint64_t>(static_cast<int64_t>(v) >> 63)); }
  void WriteI64(int64_t v) { WriteVarint((static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63)); }
  void WriteBinary(const std::string& v) {
    WriteVarint(v.size());
    out_->append(v);
  }
  void WriteBoolElement(bool v) { out_->push_back(static_cast<char>(v ? 1 : 2)); }

 private:
  std::string* out_;
  int16_t last_id_ = 0;
  std::vector<int16_t> ids_;
};

}  // namespace floe::formats::parquet::thrift
