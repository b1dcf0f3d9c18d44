#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "columnar/vector.h"
#include "common/result.h"
#include "formats/codec/compression.h"
#include "formats/parquet/metadata.h"
#include "io/file_io.h"

namespace floe::formats::parquet {

/// One field of the schema being written: an Iceberg field with its id.
/// Lists have one child (the element), maps two (key, value), structs one
/// per field; every node, nested ones included, carries a field id.
struct WriteField {
  std::string name;
  int32_t field_id = 0;
  bool nullable = true;
  columnar::LogicalType type;
  std::vector<WriteField> children;
};

/// Writer settings (the Iceberg table properties write.parquet.*).
struct WriterOptions {
  Codec codec = Codec::kZstd;
  int compression_level = 0;                       // 0 = the codec's default
  int64_t row_group_size_bytes = 128LL << 20;      // write.parquet.row-group-size-bytes
  int64_t row_group_max_rows = 0;                  // also cut row groups at this many rows (0: no limit)
  int64_t page_size_bytes = 1LL << 20;             // write.parquet.page-size-bytes
  int64_t dictionary_size_bytes = 2LL << 20;       // write.parquet.dict-size-bytes
  bool enable_dictionary = true;
  /// Longest min/max kept in Parquet statistics; longer values are truncated
  /// (and marked inexact).
  int statistics_truncate_length = 64;
  /// Iceberg's metrics mode truncate(N): bounds of strings and binaries keep N units.
  int metrics_truncate_length = 16;
  std::vector<KeyValue> key_value_metadata;
  std::string created_by = "floe version 0.1.0";
  MemoryPool* pool = MemoryPool::Default();
};

/// What an Iceberg manifest records of one leaf column of a written file.
struct ColumnMetrics {
  int32_t field_id = 0;
  std::vector<std::string> path;
  int64_t column_size = 0;  // compressed bytes in the file
  int64_t value_count = 0;  // values including nulls
  int64_t null_count = 0;
  std::optional<int64_t> nan_count;  // float and double columns
  /// In Iceberg's single-value binary serialization; absent when every
  /// value is null (or NaN).
  std::optional<std::string> lower_bound;
  std::optional<std::string> upper_bound;
};

/// Writes one Parquet file from chunks of column vectors. Rows are buffered
/// per row group in memory (encoded and compressed) and written when the
/// row group is full. Not thread-safe.
class FileWriter {
 public:
  /// `sink` must stay open until Close(); the writer does not close it.
  static Result<std::unique_ptr<FileWriter>> Open(io::WritableFile* sink, std::vector<WriteField> schema,
                                                  WriterOptions options = {});
  ~FileWriter();

  /// Appends the chunk's live rows; one vector per top-level field, in
  /// schema order. Invalid names the field and row of a value that does
  /// not fit (e.g. a null in a required field).
  Status Write(const columnar::Chunk& chunk);
  /// Writes the last row group and the footer. Call once.
  Status Close();

  int64_t num_rows() const;
  /// Valid after Close().
  int64_t file_size() const;
  const std::vector<ColumnMetrics>& metrics() const;
  /// Byte offsets where row groups start (Iceberg's split_offsets).
  const std::vector<int64_t>& split_offsets() const;
  const FileMetaData& metadata() const;

 private:
  class Impl;
  explicit FileWriter(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace floe::formats::parquet
