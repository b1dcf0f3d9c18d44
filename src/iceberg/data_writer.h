#pragma once

// Writing a table's data files: Parquet with the table's field ids, the
// write.parquet.* properties, and the Iceberg metrics a manifest records.

#include <memory>
#include <string>
#include <vector>

#include "columnar/logical_type.h"
#include "columnar/vector.h"
#include "common/result.h"
#include "iceberg/manifest.h"
#include "iceberg/table_metadata.h"
#include "io/file_io.h"

namespace floe::formats::parquet {
class FileWriter;
}

namespace floe::iceberg {

/// Writes one data file of one partition. Not thread-safe.
class DataFileWriter {
 public:
  /// Creates `path` through `io`. `partition` is the file's tuple under
  /// `spec` (empty when unpartitioned); the Parquet settings come from
  /// `metadata`'s properties (write.parquet.compression-codec,
  /// write.parquet.row-group-size-bytes, write.parquet.page-size-bytes,
  /// write.parquet.dict-size-bytes). Chunks have one vector per top-level
  /// field of `schema`, in order.
  static Result<std::unique_ptr<DataFileWriter>> Make(io::FileIO* io, const std::string& path,
                                                      const TableMetadata& metadata,
                                                      const Schema& schema,
                                                      const PartitionSpec& spec,
                                                      std::vector<Literal> partition);
  ~DataFileWriter();
  Status Write(const columnar::Chunk& chunk);
  int64_t rows_written() const;
  /// Bytes in the file so far (row groups already flushed).
  int64_t bytes_written() const;
  /// Finishes and syncs the file; returns its manifest description.
  Result<DataFile> Close();

 private:
  DataFileWriter() = default;
  std::unique_ptr<io::WritableFile> file_;
  std::unique_ptr<formats::parquet::FileWriter> parquet_;
  DataFile result_;
};

}  // namespace floe::iceberg
