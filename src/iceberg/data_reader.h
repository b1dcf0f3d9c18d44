#pragma once

// Reading the rows of a planned scan (spec "Scan Planning", "Column
// Projection", "Row-level Deletes"): one FileScanTask's data file read as
// chunks of the projected columns in the scan schema's types, with the
// task's position and equality deletes applied as a selection vector.

#include <cstdint>
#include <memory>
#include <vector>

#include "columnar/vector.h"
#include "common/memory_pool.h"
#include "common/result.h"
#include "formats/parquet/page_counts.h"

namespace floe::io {
class FileIO;
}  // namespace floe::io

namespace floe::iceberg {

class NameMapping;
class Schema;
class Type;
struct FileScanTask;
struct PartitionSpec;

/// The reserved field ids of position delete files (spec "Position Delete
/// Files"): the data file's path and the row position in it.
inline constexpr int32_t kDeleteFilePathFieldId = 2147483546;
inline constexpr int32_t kDeletePosFieldId = 2147483545;

/// The columnar type values of an Iceberg type are read as: int -> integer,
/// long -> bigint, decimal(P,S) -> decimal(P,S), fixed and binary ->
/// varbinary, time/timestamp(tz) -> microsecond precision, struct/list/map
/// -> row/array/map. NotSupported names the v3 types floe cannot read.
Result<columnar::LogicalType> ColumnarTypeOf(const Type& type);

/// The Iceberg type a SQL type is stored as, as Trino's Iceberg connector
/// stores it: tinyint and smallint as int, varchar(n) as string,
/// timestamps and times with microseconds, varbinary as binary. Nested
/// fields get ids from *next_id on (incremented). NotSupported for
/// intervals.
Result<std::shared_ptr<const Type>> IcebergTypeOf(const columnar::LogicalType& type,
                                                  int32_t* next_id);

/// The rows a scan keeps (a query's filter), applied by ScanTaskReader::Next
/// before the columns the filter does not read are decoded.
class RowFilter {
 public:
  virtual ~RowFilter() = default;
  /// Narrows chunk->selection (null: every row) to the rows that pass.
  /// Only the columns of ScanTaskReadOptions::filter_columns are set; the
  /// others are null.
  virtual Status Apply(columnar::Chunk* chunk) = 0;
};

/// The row groups of a data file a reader reads: [begin, end); end -1 means
/// to the last one. Ranges beyond the file's row groups read nothing.
struct RowGroupRange {
  int begin = 0;
  int end = -1;
};

/// What the readers of one scan share. The pointed-to objects must outlive
/// every reader opened with the options.
struct ScanTaskReadOptions {
  /// The schema to read with (ScanPlan::schema); columns come out in its types.
  const Schema* schema = nullptr;
  /// Top-level field ids of the columns to produce, in output order (may be
  /// empty: chunks then carry only row counts).
  std::vector<int32_t> field_ids;
  /// The table's partition specs (TableMetadata::specs): a column a data
  /// file lacks reads as the file's identity partition value when its spec
  /// has one (impala-iceberg_alltypes_part stores partition values only in
  /// the manifest). Null: such columns read as NULL.
  const std::vector<PartitionSpec>* specs = nullptr;
  /// Matches columns of files written without field ids (NameMapping::FromTable).
  const NameMapping* name_mapping = nullptr;
  /// Every vector, and the delete sets, are counted against this pool.
  MemoryPool* pool = MemoryPool::Default();
  /// Rows per chunk (before deletes).
  int64_t batch_size = columnar::kDefaultVectorSize;
  /// Skip row groups whose Parquet statistics (min/max, null counts of the
  /// projected top-level columns) rule out every row of the task's residual
  /// filter. Rows of skipped groups still count for position deletes.
  bool prune_row_groups = true;
  /// Positions in field_ids of the columns a RowFilter given to Next reads:
  /// these are decoded first, the others only for batches with rows left.
  std::vector<size_t> filter_columns;
};

/// Reads one FileScanTask: its Parquet data file, with the rows its delete
/// files remove left out. Columns are matched by field id, or by name
/// through the name mapping in files without ids; a column absent from the
/// file reads as the identity partition value, the field's initial default
/// or NULL; values written with an older type (int, float, a narrower
/// decimal, date) are promoted to the schema's type. Not thread-safe; one
/// reader per task.
class ScanTaskReader {
 public:
  /// Opens the data file and builds the task's delete sets (a sorted list
  /// of deleted positions; one hash set of key tuples per distinct set of
  /// equality ids) under options.pool. Errors name the file and the column:
  /// NotSupported for non-Parquet files, values of a type that cannot be
  /// read as the schema's, or equality ids that are not top-level columns
  /// of the schema; Invalid for projected ids the schema lacks;
  /// OutOfMemory from the pool; Corruption/IOError from the files.
  static Result<std::unique_ptr<ScanTaskReader>> Open(io::FileIO* io, const FileScanTask& task,
                                                      const ScanTaskReadOptions& options,
                                                      RowGroupRange row_groups = {});
  ~ScanTaskReader();

  /// Fills `out` with the next rows: one vector per projected field id and,
  /// when deletes removed some of the rows, a selection vector of the rows
  /// that remain. Chunks whose rows were all deleted are skipped. Returns
  /// false when the file is done. With a `filter`, its columns
  /// (ScanTaskReadOptions::filter_columns) are read first and the selection
  /// also leaves out the rows it rejects; batches it rejects entirely are
  /// skipped without decoding the other columns.
  Result<bool> Next(columnar::Chunk* out, RowFilter* filter = nullptr);

  /// Rows read from the data file so far, and how many of them deletes removed.
  int64_t rows_read() const;
  int64_t rows_deleted() const;
  /// Positions of this file listed by its position delete files (after
  /// removing duplicates), and key tuples held by its equality delete sets.
  int64_t position_deletes() const;
  int64_t equality_delete_keys() const;
  /// Row groups of the data file, and how many statistics ruled out.
  int64_t row_groups() const;
  int64_t row_groups_skipped() const;
  /// Of those, row groups ruled out by a column's dictionary page (an = or
  /// IN whose values the dictionary lacks).
  int64_t row_groups_skipped_by_dictionary() const;
  /// Batches a filter rejected entirely (their other columns never decoded),
  /// column chunks fetched from the data file, and data pages stepped over
  /// without decompressing them or decoded.
  int64_t batches_filtered() const;
  int64_t column_chunks_fetched() const;
  formats::parquet::PageCounts page_counts() const;

 private:
  class Impl;
  explicit ScanTaskReader(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace floe::iceberg
