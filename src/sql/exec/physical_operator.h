#pragma once

// Physical operators and the push-based, morsel-driven execution model
// (DESIGN.md §6). A plan is cut into pipelines at operators that must see
// all their input before producing output (hash aggregate, sort, a join's
// build side): each pipeline is a source, a chain of streaming operators
// and a sink. Several threads run a pipeline at once, each pulling morsels
// from the shared source state and pushing chunks through its own operator
// states into its own sink state; sink states are combined when a thread is
// done and finalized when the pipeline is.

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "columnar/vector.h"
#include "common/memory_pool.h"
#include "common/result.h"
#include "sql/query_counters.h"
#include "sql/types.h"

namespace floe::sql {

/// What every operator of one query shares: its memory pool (counting
/// against the query's limit), its parallelism and its cancellation flag.
class SpillSpace;
class LoadProgress;

struct ExecContext {
  MemoryPool* pool = nullptr;
  int threads = 1;
  std::atomic<bool>* cancelled = nullptr;  // set: stop as soon as possible
  SpillSpace* spill = nullptr;             // where operators spill; null: they may not
  LoadProgress* load_progress = nullptr;   // file scans register their counters here
  /// Cancelled once `cancelled` is set.
  Status CheckCancelled() const;
  /// Whether the query's memory (plus `extra`) is past the share where
  /// operators that can spill should (80% of its limit): the rest is headroom for what cannot
  /// (scans decoding pages, probe batches), so that spilling happens before
  /// an allocation elsewhere fails.
  bool OverSpillThreshold(int64_t extra = 0) const;
};

/// Per-thread state of an operator (a reader, an expression executor, a
/// partial hash table).
class LocalState {
 public:
  virtual ~LocalState() = default;
};

/// State shared by every thread of a pipeline (the morsel queue, the
/// combined hash table).
class GlobalState {
 public:
  virtual ~GlobalState() = default;
};

/// What an operator did with an input chunk.
enum class OperatorResult : uint8_t {
  kNeedMoreInput,   // the input is consumed
  kHaveMoreOutput,  // call again with the same input for more output
};

/// What a sink wants next.
enum class SinkResult : uint8_t {
  kNeedMoreInput,
  kFinished,  // it has all it needs (a LIMIT): stop the pipeline
};

/// Counters of one operator for EXPLAIN ANALYZE. Thread-safe.
struct OperatorStats {
  std::atomic<int64_t> rows_out{0};
  std::atomic<int64_t> nanos{0};
};

/// A physical operator: a source, a streaming operator, a sink, or a sink
/// that is then the source of the next pipeline (aggregate, sort). One
/// instance per query; its methods are called from many threads with
/// per-thread LocalStates.
class PhysicalOperator {
 public:
  virtual ~PhysicalOperator();

  std::vector<LogicalType> types;  // output columns
  std::vector<std::unique_ptr<PhysicalOperator>> children;
  OperatorStats stats;

  virtual std::string Name() const = 0;
  /// One line of specifics for EXPLAIN ("keys [#0] aggregates [sum(#1)]").
  virtual std::string Details() const { return ""; }
  /// Adds what this operator read to the query's counters (scans do).
  virtual void AddCounters(QueryCounters*) const {}
  /// AddCounters of this operator and every one below it.
  void CollectCounters(QueryCounters* counters) const;

  // ---- source ----
  virtual bool IsSource() const { return false; }
  /// Whether several threads may read it at once (false keeps row order).
  virtual bool ParallelSource() const { return true; }
  virtual Result<std::unique_ptr<GlobalState>> MakeSourceState(ExecContext* ctx);
  virtual Result<std::unique_ptr<LocalState>> MakeLocalSourceState(ExecContext* ctx,
                                                                   GlobalState* global);
  /// The next chunk (maybe with a selection vector); false when exhausted.
  virtual Result<bool> GetData(ExecContext* ctx, GlobalState* global, LocalState* local,
                               columnar::Chunk* out);

  // ---- streaming ----
  virtual bool IsStreaming() const { return false; }
  virtual Result<std::unique_ptr<LocalState>> MakeOperatorState(ExecContext* ctx);
  /// Transforms `in` into `out` (out may have no live rows).
  virtual Result<OperatorResult> Execute(ExecContext* ctx, const columnar::Chunk& in,
                                         columnar::Chunk* out, LocalState* state);

  // ---- sink ----
  virtual bool IsSink() const { return false; }
  virtual Result<std::unique_ptr<GlobalState>> MakeSinkState(ExecContext* ctx);
  virtual Result<std::unique_ptr<LocalState>> MakeLocalSinkState(ExecContext* ctx);
  virtual Result<SinkResult> Sink(ExecContext* ctx, const columnar::Chunk& in, LocalState* local);
  /// Folds a thread's local state into the global one (called once per thread).
  virtual Status Combine(ExecContext* ctx, LocalState* local);
  /// Called once after every pipeline feeding this sink is done.
  virtual Status Finalize(ExecContext* ctx);

  /// The global sink state (made by the executor before the first Sink).
  GlobalState* sink_state() const { return sink_state_.get(); }
  void set_sink_state(std::unique_ptr<GlobalState> s) { sink_state_ = std::move(s); }

  /// The tree as indented text with per-operator details (and, when
  /// `analyze`, rows and time).
  std::string ToString(bool analyze = false) const;

 private:
  std::unique_ptr<GlobalState> sink_state_;
};

}  // namespace floe::sql
