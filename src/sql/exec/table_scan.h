#pragma once

// Scanning an Iceberg table with a filter: the filter's simple conjuncts go
// to the scan planner (partition and metrics pruning), every row read is
// checked against the whole filter, and chunks come out with a selection
// vector of the rows that pass.

#include <atomic>
#include <memory>
#include <vector>

#include "columnar/vector.h"
#include "common/result.h"
#include "iceberg/data_reader.h"
#include "iceberg/table_scan.h"
#include "sql/exec/bound_expression.h"
#include "sql/exec/expression_executor.h"

namespace floe::sql {

class TopNFilter;

/// The part of `filter` (over columns whose Iceberg field ids are
/// `field_ids`, in order) that Iceberg can prune with: comparisons of a
/// column with a constant, IS [NOT] NULL, combined by AND, OR and NOT.
/// Anything else becomes true (keeps every file), so the result is implied
/// by the filter and pruning with it never loses a row.
iceberg::ExprPtr ToIcebergFilter(const BoundExpr& filter, const std::vector<int32_t>& field_ids,
                                 const iceberg::Schema& schema);

/// What a scan produced and skipped.
struct TableScanStats {
  iceberg::ScanMetrics planning;
  int64_t files_read = 0;
  int64_t rows_read = 0;           // after deletes
  int64_t rows_out = 0;            // after the filter
  int64_t row_groups = 0;          // of the files read
  int64_t row_groups_skipped = 0;  // ruled out by their statistics or dictionaries
  int64_t row_groups_skipped_by_dictionary = 0;
  int64_t bytes_read = 0;        // from data and delete files
  int64_t morsels = 0;           // files, or row groups of files with several
  int64_t batches_filtered = 0;  // rejected by the filter's columns alone
  int64_t pages_skipped = 0;     // data pages never decompressed
  // What the scan had to decompress and decode (benchmarks' physical
  // limit): data pages' compressed and uncompressed (still encoded) bytes,
  // and the decoded values as rows x fixed width of the columns read.
  int64_t page_bytes_compressed = 0;
  int64_t page_bytes_uncompressed = 0;
  int64_t decoded_bytes = 0;
};

/// A filtered scan of one table snapshot. Planning happens in Make; the
/// planned files can then be read one after another (Next) or by several
/// threads at once, each taking files with NextTask and reading them with
/// its own reader and ExpressionExecutor (ReadFiltered). Thread-safe except
/// for Next.
class TableScan {
 public:
  /// Plans the scan of `metadata` through `io` (options choose the
  /// snapshot; their filter is replaced by the one derived from `filter`),
  /// reading the columns `field_ids` (top-level, in order). `filter` (may be
  /// null) is bound over those columns.
  ~TableScan();
  static Result<std::unique_ptr<TableScan>> Make(io::FileIO* io,
                                                 const iceberg::TableMetadata& metadata,
                                                 iceberg::ScanOptions options,
                                                 std::vector<int32_t> field_ids,
                                                 BoundExprPtr filter, MemoryPool* pool);

  /// The next chunk with at least one row passing the filter (its selection
  /// vector lists them); false at the end. Not thread-safe.
  Result<bool> Next(columnar::Chunk* out);

  /// Opens the next morsel (a planned file, or some row groups of one) not
  /// yet taken by any thread; null when every morsel is taken.
  Result<std::unique_ptr<iceberg::ScanTaskReader>> NextTask();
  /// The next chunk of `reader` with rows passing the filter (evaluated by
  /// `executor`); false when the file is done.
  /// With a top-N's `cutoff` filter, rows it rejects are dropped too.
  Result<bool> ReadFiltered(iceberg::ScanTaskReader* reader, ExpressionExecutor* executor,
                            columnar::Chunk* out, const TopNFilter* cutoff = nullptr);
  /// Columns (positions in field_ids) a filter given to ReadFiltered reads
  /// besides the scan's own filter: decoded first. Call before NextTask.
  void AddFilterColumns(const std::vector<size_t>& columns);

  TableScanStats stats() const;
  const iceberg::ScanPlan& plan() const { return plan_; }
  const BoundExpr* filter() const { return filter_.get(); }

 private:
  TableScan() = default;
  io::FileIO* io_ = nullptr;
  iceberg::TableMetadata metadata_;
  iceberg::ScanPlan plan_;
  std::vector<int32_t> field_ids_;
  BoundExprPtr filter_;
  MemoryPool* pool_ = nullptr;
  iceberg::ScanTaskReadOptions read_options_;
  std::unique_ptr<iceberg::NameMapping> name_mapping_;
  struct Morsel {
    size_t task;
    iceberg::RowGroupRange row_groups;
  };
  std::vector<Morsel> morsels_;
  std::atomic<size_t> next_task_{0};
  std::atomic<int64_t> files_read_{0}, rows_read_{0}, rows_out_{0}, row_groups_{0},
      row_groups_skipped_{0}, row_groups_skipped_by_dictionary_{0}, bytes_read_{0},
      batches_filtered_{0}, pages_skipped_{0}, page_bytes_compressed_{0},
      page_bytes_uncompressed_{0}, decoded_bytes_{0};
  // For Next():
  std::unique_ptr<ExpressionExecutor> executor_;
  std::unique_ptr<iceberg::ScanTaskReader> reader_;
};

}  // namespace floe::sql
