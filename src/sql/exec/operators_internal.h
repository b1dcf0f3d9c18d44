#pragma once

// Constructors of the physical operators, for the physical planner.

#include <memory>
#include <mutex>
#include <vector>

#include "sql/exec/physical_operator.h"
#include "sql/plan/logical_plan.h"

namespace floe::sql {

class TopNFilter;
using PhysicalOperatorPtr = std::unique_ptr<PhysicalOperator>;

/// Connects a top-N (made by MakeSort) and the table scan below it (made by
/// MakeTableScan): the top-N publishes its cutoff, the scan drops rows that
/// cannot beat it (top_n_filter.h).
void SetTopNFilter(PhysicalOperator* sort, std::shared_ptr<TopNFilter> filter);
void SetScanTopNFilter(PhysicalOperator* scan, std::shared_ptr<TopNFilter> filter);

/// Reads an Iceberg table (scan.table) with its filter (scan.predicate over
/// the scanned columns) pushed into planning and evaluated on every chunk;
/// files are the morsels.
Result<PhysicalOperatorPtr> MakeTableScan(const LogicalOp& scan);
/// Constant rows.
Result<PhysicalOperatorPtr> MakeValues(const LogicalOp& values);
Result<PhysicalOperatorPtr> MakeFilter(const LogicalOp& filter, PhysicalOperatorPtr input);
Result<PhysicalOperatorPtr> MakeProject(const LogicalOp& project, PhysicalOperatorPtr input);
/// Concatenates its children's rows (a marker for the pipeline builder).
PhysicalOperatorPtr MakeUnion(std::vector<LogicalType> types,
                              std::vector<PhysicalOperatorPtr> inputs);
/// LIMIT/OFFSET without order.
PhysicalOperatorPtr MakeLimit(const LogicalOp& limit, PhysicalOperatorPtr input);
/// A scalar subquery's value: its input's only row, a row of NULLs when
/// it has none; more than one is an error.
PhysicalOperatorPtr MakeEnforceSingleRow(const LogicalOp& op, PhysicalOperatorPtr input);
/// GROUP BY (or a global aggregate without groups).
Result<PhysicalOperatorPtr> MakeHashAggregate(const LogicalOp& aggregate,
                                              PhysicalOperatorPtr input);
/// ORDER BY, with a limit for top-N.
Result<PhysicalOperatorPtr> MakeSort(const LogicalOp& sort, PhysicalOperatorPtr input);
/// Window functions: buffers its input, sorts it once per distinct
/// (PARTITION BY, ORDER BY) of its calls and appends one column per call.
Result<PhysicalOperatorPtr> MakeWindow(const LogicalOp& window, PhysicalOperatorPtr input);
/// UNNEST: each input row repeated once per element of its longest
/// array or map (none for empty ones), with the elements zipped alongside
/// (NULL past the end of shorter ones) and the 1-based ordinality.
Result<PhysicalOperatorPtr> MakeUnnest(const LogicalOp& unnest, PhysicalOperatorPtr input);
/// An inner, left, full, semi or anti join probing `probe` against a hash
/// table of `build` on the keys (a nested loop when there are none); the
/// residual condition is over the probe columns followed by the build ones.
Result<PhysicalOperatorPtr> MakeHashJoin(LogicalOp::JoinType type,
                                         std::vector<BoundExprPtr> probe_keys,
                                         std::vector<BoundExprPtr> build_keys,
                                         BoundExprPtr residual, PhysicalOperatorPtr probe,
                                         PhysicalOperatorPtr build);

/// The sink at the top of every query: collects the result chunks in order.
class ResultCollector : public PhysicalOperator {
 public:
  /// With a consumer, chunks go to it as they come instead of being kept.
  using ConsumeFn = Status (*)(void* consumer, const columnar::Chunk& chunk);
  explicit ResultCollector(std::vector<LogicalType> result_types, ConsumeFn consume = nullptr,
                           void* consumer = nullptr)
      : consume_(consume), consumer_(consumer) {
    types = std::move(result_types);
  }
  std::string Name() const override { return "Output"; }
  bool IsSink() const override { return true; }
  Result<std::unique_ptr<LocalState>> MakeLocalSinkState(ExecContext* ctx) override;
  Result<SinkResult> Sink(ExecContext* ctx, const columnar::Chunk& in, LocalState* local) override;
  Status Combine(ExecContext* ctx, LocalState* local) override;
  /// The collected chunks (compact: no selection vectors).
  std::vector<columnar::Chunk>& chunks() { return chunks_; }

 private:
  std::vector<columnar::Chunk> chunks_;
  ConsumeFn consume_;
  void* consumer_;
  std::mutex consume_mu_;
};

}  // namespace floe::sql
