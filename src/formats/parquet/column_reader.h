#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "columnar/vector.h"
#include "common/result.h"
#include "formats/parquet/metadata.h"
#include "formats/parquet/page_counts.h"
#include "formats/parquet/schema.h"

namespace floe::formats::parquet {

/// Options shared by the file and column readers.
struct ReadOptions {
  MemoryPool* pool = MemoryPool::Default();
  /// Rows per chunk produced by RowGroupReader.
  int64_t batch_size = columnar::kDefaultVectorSize;
  /// Keep dictionary-encoded column chunks as dictionary vectors.
  bool dictionary_vectors = true;
  /// Check the CRC32 of pages that carry one (Corruption on mismatch).
  bool verify_checksums = false;
};

/// Reads one column chunk (one leaf column of one row group) page by page.
/// The chunk's bytes are read once; pages are decompressed as they are
/// reached. Not thread-safe; one reader per column per row group.
class ColumnChunkReader {
 public:
  /// `chunk_bytes` holds the column chunk from its first page; `context`
  /// (file and column) prefixes every error.
  static Result<std::unique_ptr<ColumnChunkReader>> Make(const ColumnDescriptor& column,
                                                         const SchemaElement& element,
                                                         const ColumnMetaData& meta,
                                                         std::shared_ptr<Buffer> chunk_bytes,
                                                         std::string context, const ReadOptions& options);
  ~ColumnChunkReader();

  /// Reads `n` rows of a column without repetition (max_rep_level == 0)
  /// into rows [0, n) of `out` (a vector of the column's SQL type with
  /// capacity >= n), setting nulls, as a dictionary vector where possible.
  Status ReadFlat(int64_t n, columnar::Vector* out);

  /// The chunk's dictionary (its first page when that is a dictionary
  /// page), decoded; null when the chunk has none. Call before any read.
  Result<std::shared_ptr<columnar::Vector>> ReadDictionary();

  /// Steps over the next `n` rows of a column without repetition: data
  /// pages wholly inside them are not even decompressed.
  Status Skip(int64_t n);
  /// Data pages Skip stepped over whole, and the pages decoded.
  PageCounts page_counts() const;

  /// Reads the next `n` level entries: levels into `def`/`rep` (each may be
  /// null when its max level is 0) and the entries' non-null values densely
  /// into `values` from row `values_offset` on. Sets `*values_read`.
  Status ReadEntries(int64_t n, int16_t* def, int16_t* rep, columnar::Vector* values, int64_t values_offset,
                     int64_t* values_read);

  /// Level entries in the whole chunk (ColumnMetaData.num_values).
  int64_t total_entries() const;

 private:
  class Impl;
  explicit ColumnChunkReader(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

/// Assembles a nested top-level field (struct, list or map) from the fully
/// read levels and values of its leaves, one batch of rows at a time.
class NestedFieldAssembler {
 public:
  /// The levels and dense values of one leaf for a whole row group.
  struct LeafData {
    std::vector<int16_t> def;
    std::vector<int16_t> rep;
    std::shared_ptr<columnar::Vector> values;
    std::vector<int64_t> row_start;    // entry index where each row starts (+ the end)
    std::vector<int64_t> value_start;  // dense value index where each row starts (+ the end)
  };

  /// `leaves` maps column index -> data for every leaf under `field`.
  NestedFieldAssembler(const SchemaNode* field, std::vector<LeafData*> leaves_by_column, MemoryPool* pool)
      : field_(field), leaves_(std::move(leaves_by_column)), pool_(pool) {}

  /// Builds the vector for rows [row, row + n).
  Result<std::shared_ptr<columnar::Vector>> Assemble(int64_t row, int64_t n);

 private:
  Status Build(const SchemaNode& node, int16_t parent_exists_def, int64_t row, int64_t n,
               int64_t expected_slots, columnar::Vector* out);
  const SchemaNode* field_;
  std::vector<LeafData*> leaves_;
  MemoryPool* pool_;
};

/// Reads all level entries of a leaf chunk into `data` (for nested fields).
Status ReadLeafData(ColumnChunkReader* reader, const ColumnDescriptor& column, int64_t num_rows,
                    MemoryPool* pool, NestedFieldAssembler::LeafData* data);

}  // namespace floe::formats::parquet
