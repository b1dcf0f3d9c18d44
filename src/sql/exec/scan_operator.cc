// The table scan source: planned files are the morsels.

#include "common/str_cat.h"
#include "iceberg/data_reader.h"
#include "sql/exec/operators_internal.h"
#include "sql/exec/table_scan.h"
#include "sql/exec/top_n_filter.h"

namespace floe::sql {

namespace {

struct ScanGlobal : GlobalState {
  std::shared_ptr<TableScan> scan;
};

struct ScanLocal : LocalState {
  explicit ScanLocal(MemoryPool* pool) : executor(pool) {}
  ExpressionExecutor executor;
  std::unique_ptr<iceberg::ScanTaskReader> reader;
};

class TableScanOperator : public PhysicalOperator {
 public:
  explicit TableScanOperator(const LogicalOp& scan)
      : table_(scan.table), field_ids_(scan.field_ids), options_(scan.scan_options) {
    if (scan.predicate) filter_ = scan.predicate->Clone();
    for (const auto& c : scan.columns) names_.push_back(c.name);
  }
  std::string Name() const override { return "TableScan"; }
  std::string Details() const override {
    std::string out = StrCat(table_->FullName(), " [");
    for (size_t i = 0; i < names_.size(); ++i) out += StrCat(i ? ", " : "", names_[i]);
    out += "]";
    if (filter_) out += StrCat(" filter: ", filter_->ToString());
    if (scan_ != nullptr) {
      TableScanStats s = scan_->stats();
      out += StrCat(" (files read: ", s.files_read, ", pruned: ",
                    s.planning.files_skipped_by_partition + s.planning.files_skipped_by_metrics,
                    ", row groups read: ", s.row_groups - s.row_groups_skipped,
                    ", pruned: ", s.row_groups_skipped, ", rows read: ", s.rows_read,
                    ", bytes read: ", s.bytes_read);
      if (s.row_groups_skipped_by_dictionary > 0) {
        out += StrCat(", row groups pruned by dictionary: ", s.row_groups_skipped_by_dictionary);
      }
      if (s.morsels > s.files_read) out += StrCat(", morsels: ", s.morsels);
      // Late materialization: batches the filter's columns ruled out (the
      // other columns not decoded) and pages stepped over undecompressed.
      if (s.batches_filtered > 0) out += StrCat(", batches filtered early: ", s.batches_filtered);
      if (s.pages_skipped > 0) out += StrCat(", pages skipped: ", s.pages_skipped);
      if (top_n_filter_ != nullptr) {
        out += StrCat(", rows dropped by the top-N cutoff: ", top_n_filter_->rows_dropped());
      }
      out += ")";
    }
    return out;
  }
  void AddCounters(QueryCounters* q) const override {
    if (scan_ == nullptr) return;
    const TableScanStats s = scan_->stats();
    q->files_read += s.files_read;
    q->files_pruned += s.planning.files_skipped_by_partition + s.planning.files_skipped_by_metrics;
    q->row_groups_read += s.row_groups - s.row_groups_skipped;
    q->row_groups_pruned += s.row_groups_skipped;
    q->rows_read += s.rows_read;
    q->bytes_read += s.bytes_read;
    q->page_bytes_compressed += s.page_bytes_compressed;
    q->page_bytes_uncompressed += s.page_bytes_uncompressed;
    q->decoded_bytes += s.decoded_bytes;
  }
  bool IsSource() const override { return true; }

  Result<std::unique_ptr<GlobalState>> MakeSourceState(ExecContext* ctx) override {
    auto g = std::make_unique<ScanGlobal>();
    iceberg::ScanOptions options = options_;
    FLOE_ASSIGN_OR_RETURN(g->scan,
                          TableScan::Make(table_->io.get(), *table_->metadata, options, field_ids_,
                                          filter_ ? filter_->Clone() : nullptr, ctx->pool));
    if (top_n_filter_ != nullptr) g->scan->AddFilterColumns(top_n_filter_->Columns());
    scan_ = g->scan;
    return std::unique_ptr<GlobalState>(std::move(g));
  }
  Result<std::unique_ptr<LocalState>> MakeLocalSourceState(ExecContext* ctx,
                                                           GlobalState*) override {
    return std::unique_ptr<LocalState>(new ScanLocal(ctx->pool));
  }
  Result<bool> GetData(ExecContext* ctx, GlobalState* global, LocalState* local,
                       columnar::Chunk* out) override {
    auto* g = static_cast<ScanGlobal*>(global);
    auto* l = static_cast<ScanLocal*>(local);
    while (true) {
      FLOE_RETURN_NOT_OK(ctx->CheckCancelled());
      if (l->reader == nullptr) {
        FLOE_ASSIGN_OR_RETURN(l->reader, g->scan->NextTask());
        if (l->reader == nullptr) return false;
      }
      FLOE_ASSIGN_OR_RETURN(bool more, g->scan->ReadFiltered(l->reader.get(), &l->executor, out,
                                                             top_n_filter_.get()));
      if (more) return true;
      l->reader.reset();
    }
  }

 private:
  std::shared_ptr<TableHandle> table_;
  std::vector<int32_t> field_ids_;
  iceberg::ScanOptions options_;
  BoundExprPtr filter_;
  std::vector<std::string> names_;
  std::shared_ptr<TableScan> scan_;  // kept for EXPLAIN ANALYZE

 public:
  std::shared_ptr<TopNFilter> top_n_filter_;  // from the top-N above, if any
};

}  // namespace

void SetScanTopNFilter(PhysicalOperator* scan, std::shared_ptr<TopNFilter> filter) {
  static_cast<TableScanOperator*>(scan)->top_n_filter_ = std::move(filter);
}

Result<PhysicalOperatorPtr> MakeTableScan(const LogicalOp& scan) {
  auto op = std::make_unique<TableScanOperator>(scan);
  op->types = scan.Types();
  return PhysicalOperatorPtr(std::move(op));
}

}  // namespace floe::sql
