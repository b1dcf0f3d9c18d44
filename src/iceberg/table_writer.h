#pragma once

// Writing rows into a table's data files, the way Spark and Trino do: each
// row goes to its partition (the spec's transforms applied to its source
// columns), each partition's rows to a Parquet file named under
// data/<partition path>/, rolled over at write.target-file-size-bytes. The
// files are then committed by a write operation (snapshot_update.h).

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "columnar/vector.h"
#include "common/result.h"
#include "iceberg/data_writer.h"
#include "iceberg/manifest.h"
#include "iceberg/table_metadata.h"
#include "io/file_io.h"

namespace floe::iceberg {

/// Options of a TableWriter; defaults come from the table.
struct TableWriterOptions {
  /// Target bytes per data file (0: write.target-file-size-bytes, 512 MB by default).
  int64_t target_file_size_bytes = 0;
  /// Prefix of the data file names (e.g. a query id, so files of one write are recognizable).
  std::string file_prefix;
};

/// Writes chunks (one vector per top-level field of the table's current
/// schema, in order) into data files partitioned by the default spec. Not
/// thread-safe.
class TableWriter {
 public:
  static Result<std::unique_ptr<TableWriter>> Make(io::FileIO* io, const TableMetadata& metadata,
                                                   TableWriterOptions options = {});
  ~TableWriter();

  /// Writes the chunk's live rows. NotSupported for partition sources
  /// inside structs; Invalid when the chunk does not fit the schema.
  Status Write(const columnar::Chunk& chunk);
  /// Closes every open file and returns all files written, in the order
  /// they were started.
  Result<std::vector<DataFile>> Finish();
  /// Deletes every file written so far (the write failed or was cancelled).
  void Abort();

  int64_t rows_written() const { return rows_; }

 private:
  struct Open {
    std::vector<Literal> partition;
    std::string dir;
    std::unique_ptr<DataFileWriter> writer;
  };
  TableWriter() = default;
  Status WriteGroup(const std::string& key, const std::vector<Literal>& partition,
                    const columnar::Chunk& rows);
  Status Roll(Open* open);

  io::FileIO* io_ = nullptr;
  TableMetadata metadata_;
  Schema schema_;
  PartitionSpec spec_;
  TypePtr partition_type_;
  std::vector<int> source_columns_;  // per partition field: the chunk column of its source
  TableWriterOptions options_;
  int64_t target_ = 0;
  std::string data_dir_;
  std::map<std::string, Open> open_;  // by partition key
  std::vector<std::string> started_;  // every file path, in order
  std::vector<DataFile> finished_;
  int64_t rows_ = 0;
  int64_t file_count_ = 0;
  std::string write_uuid_;
};

/// The value at row `i` of a vector as an Iceberg literal of `type`
/// (following the vector's kind and validity).
Literal LiteralAt(const columnar::Vector& v, int64_t i, const Type& type);

}  // namespace floe::iceberg
