#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "columnar/vector.h"
#include "common/result.h"
#include "formats/parquet/column_reader.h"
#include "formats/parquet/metadata.h"
#include "formats/parquet/schema.h"
#include "io/file_io.h"

namespace floe::formats::parquet {

class RowGroupReader;

/// Reads a Parquet file: its footer, schema and statistics, and row groups
/// as chunks of column vectors. The footer is read and checked on Open.
/// Thread-safe after Open: row groups may be read concurrently, each by
/// its own RowGroupReader.
class FileReader {
 public:
  /// Reads and validates the footer. Errors name the file.
  static Result<std::unique_ptr<FileReader>> Open(std::shared_ptr<io::RandomAccessFile> file,
                                                  ReadOptions options = {});

  const std::string& path() const { return file_->path(); }
  const FileMetaData& metadata() const { return metadata_; }
  const FileSchema& schema() const { return *schema_; }
  int num_row_groups() const { return static_cast<int>(metadata_.row_groups.size()); }
  int64_t num_rows() const { return metadata_.num_rows; }
  int64_t file_size() const { return file_size_; }

  /// Indices of the top-level fields carrying these Iceberg field ids, in
  /// the order given; NotFound names a missing id.
  Result<std::vector<int>> FieldIndicesForIds(const std::vector<int32_t>& field_ids) const;

  /// The dictionary of leaf column `column` in row group `row_group` when
  /// every data page of the chunk is dictionary-encoded (by its encoding
  /// stats, or its list of encodings): then the chunk's values are exactly
  /// among these. Null otherwise. Reads only the dictionary page.
  Result<std::shared_ptr<columnar::Vector>> ReadFullDictionary(int row_group, int column) const;

  /// Reads the given top-level fields (indices into schema().root().children;
  /// all when empty) of row group `row_group`.
  Result<std::unique_ptr<RowGroupReader>> ReadRowGroup(int row_group, std::vector<int> fields = {}) const;

 private:
  friend class RowGroupReader;
  FileReader() = default;
  /// Fetches one column chunk of a row group and opens a reader on it.
  Result<std::unique_ptr<ColumnChunkReader>> OpenColumnChunk(int row_group, int column) const;
  std::shared_ptr<io::RandomAccessFile> file_;
  ReadOptions options_;
  int64_t file_size_ = 0;
  FileMetaData metadata_;
  std::unique_ptr<FileSchema> schema_;
};

/// Produces one row group as chunks of up to ReadOptions::batch_size rows,
/// one vector per selected field. Not thread-safe.
///
/// Fields can also be read one at a time, each only for the batches that
/// need it (late materialization): BeginBatch() moves to the next batch,
/// then ReadField(i) reads field i of it; a field left unread is skipped.
/// A primitive field's column chunk is fetched from the file only when a
/// batch first reads it, and data pages that only skipped rows cover are
/// never decompressed.
class RowGroupReader {
 public:
  ~RowGroupReader();
  /// Fills `out` with the next rows; returns false when the row group is done.
  Result<bool> Next(columnar::Chunk* out);
  int64_t num_rows() const { return num_rows_; }

  /// Moves to the next batch; returns its rows (0 when the row group is done).
  int64_t BeginBatch();
  /// Field `i` (in the order given to ReadRowGroup) of the current batch.
  /// The vector may be reused by the next call for the same field unless
  /// the caller still holds it.
  Result<std::shared_ptr<columnar::Vector>> ReadField(size_t i);
  size_t num_fields() const { return fields_.size(); }
  /// Column chunks fetched so far, and their pages skipped and decoded.
  int64_t chunks_fetched() const { return chunks_fetched_; }
  PageCounts page_counts() const;

 private:
  friend class FileReader;
  RowGroupReader() = default;
  struct FieldState;
  const FileReader* file_ = nullptr;
  int row_group_ = 0;
  std::vector<std::unique_ptr<FieldState>> fields_;
  int64_t num_rows_ = 0;
  int64_t row_ = 0;         // first row of the next batch
  int64_t batch_start_ = 0;  // first row of the current batch
  int64_t batch_rows_ = 0;
  int64_t batch_size_ = 0;
  int64_t chunks_fetched_ = 0;
  MemoryPool* pool_ = nullptr;
};

}  // namespace floe::formats::parquet
