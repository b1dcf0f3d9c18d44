#include "sql/exec/pipeline_executor.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <mutex>

#include "common/thread_pool.h"

namespace floe::sql {

namespace {

// `upper`: the streaming operators above `op` in its pipeline, top first.
Status Build(PhysicalOperator* op, std::vector<PhysicalOperator*> upper, PhysicalOperator* sink,
             std::vector<Pipeline>* out) {
  auto add = [&](PhysicalOperator* source, const std::vector<PhysicalOperator*>& ops) {
    Pipeline p;
    p.source = source;
    p.operators.assign(ops.rbegin(), ops.rend());
    p.sink = sink;
    out->push_back(std::move(p));
  };
  if (op->IsStreaming() && op->IsSink()) {
    // A join: its build side (children[1]) is a pipeline of its own and
    // must finish before probing; the probe side streams through it.
    FLOE_RETURN_NOT_OK(Build(op->children[1].get(), {}, op, out));
    std::vector<PhysicalOperator*> with_op = upper;
    with_op.push_back(op);
    FLOE_RETURN_NOT_OK(Build(op->children[0].get(), std::move(with_op), sink, out));
    // Outer joins that keep unmatched build rows emit them afterwards.
    if (op->IsSource()) add(op, upper);
    return Status::OK();
  }
  if (op->IsStreaming()) {
    upper.push_back(op);
    return Build(op->children[0].get(), std::move(upper), sink, out);
  }
  if (op->IsSink()) {
    FLOE_RETURN_NOT_OK(Build(op->children[0].get(), {}, op, out));
    add(op, upper);
    return Status::OK();
  }
  if (op->IsSource()) {
    add(op, upper);
    return Status::OK();
  }
  // A union: every child feeds the same operators and sink.
  for (auto& child : op->children) FLOE_RETURN_NOT_OK(Build(child.get(), upper, sink, out));
  return Status::OK();
}

// The threads of one pipeline run.
class PipelineRun {
 public:
  PipelineRun(ExecContext* ctx, const Pipeline& p) : ctx_(ctx), p_(p) {}

  Status Run() {
    FLOE_ASSIGN_OR_RETURN(source_state_, p_.source->MakeSourceState(ctx_));
    int threads = p_.source->ParallelSource() ? std::max(1, ctx_->threads) : 1;
    if (threads == 1) {
      ThreadRun t;
      while (!Step(&t)) {
      }
      return error_;
    }
    // Each thread of the pipeline is a task that works through a bounded
    // number of morsels and then goes to the back of the pool's queue, so
    // that concurrent queries share the workers.
    struct ThreadTask : Task {
      PipelineRun* run;
      TaskGroup* group;
      ThreadRun state;
      void Run() override {
        if (run->Step(&state)) {
          group->Done();
        } else {
          ThreadPool::Default()->Submit(this);
        }
      }
    };
    TaskGroup group;
    std::vector<ThreadTask> tasks(static_cast<size_t>(threads));
    group.Add(threads);
    for (auto& t : tasks) {
      t.run = this;
      t.group = &group;
      ThreadPool::Default()->Submit(&t);
    }
    group.Wait();
    return error_;
  }

 private:
  void Fail(Status st) {
    std::lock_guard<std::mutex> lock(mu_);
    if (error_.ok()) error_ = std::move(st);
    stop_.store(true);
  }

  // One thread's states between its turns on a worker.
  struct ThreadRun {
    bool started = false;
    std::unique_ptr<LocalState> local_source;
    std::vector<std::unique_ptr<LocalState>> states;
    std::unique_ptr<LocalState> sink_state;
  };

  // A turn of a thread: up to kChunksPerTurn chunks; true when it is done
  // (its sink state combined, or failed).
  bool Step(ThreadRun* t) {
    auto done = StepImpl(t);
    if (!done.ok()) {
      Fail(done.status());
      return true;
    }
    return *done;
  }

  // Pushes `chunk` through operators[level..] into the sink; true when the
  // sink has all it needs.
  Result<bool> Push(size_t level, const columnar::Chunk& chunk,
                    std::vector<std::unique_ptr<LocalState>>& states, LocalState* sink_state) {
    if (level == p_.operators.size()) {
      FLOE_ASSIGN_OR_RETURN(SinkResult r, p_.sink->Sink(ctx_, chunk, sink_state));
      return r == SinkResult::kFinished;
    }
    PhysicalOperator* op = p_.operators[level];
    while (true) {
      columnar::Chunk out;
      auto start = std::chrono::steady_clock::now();
      FLOE_ASSIGN_OR_RETURN(OperatorResult r, op->Execute(ctx_, chunk, &out, states[level].get()));
      op->stats.nanos += std::chrono::duration_cast<std::chrono::nanoseconds>(
                             std::chrono::steady_clock::now() - start)
                             .count();
      if (out.live_rows() > 0) {
        op->stats.rows_out += out.live_rows();
        FLOE_ASSIGN_OR_RETURN(bool finished, Push(level + 1, out, states, sink_state));
        if (finished) return true;
      }
      if (r == OperatorResult::kNeedMoreInput) return false;
      FLOE_RETURN_NOT_OK(ctx_->CheckCancelled());
    }
  }

  static constexpr int kChunksPerTurn = 64;

  Result<bool> StepImpl(ThreadRun* t) {
    if (!t->started) {
      t->started = true;
      FLOE_ASSIGN_OR_RETURN(t->local_source,
                            p_.source->MakeLocalSourceState(ctx_, source_state_.get()));
      for (PhysicalOperator* op : p_.operators) {
        FLOE_ASSIGN_OR_RETURN(auto s, op->MakeOperatorState(ctx_));
        t->states.push_back(std::move(s));
      }
      FLOE_ASSIGN_OR_RETURN(t->sink_state, p_.sink->MakeLocalSinkState(ctx_));
    }
    auto& states = t->states;
    auto& local_source = t->local_source;
    auto& sink_state = t->sink_state;
    for (int turn = 0; !stop_.load(std::memory_order_relaxed); ++turn) {
      if (turn == kChunksPerTurn) return false;  // yield the worker
      FLOE_RETURN_NOT_OK(ctx_->CheckCancelled());
      columnar::Chunk chunk;
      auto start = std::chrono::steady_clock::now();
      FLOE_ASSIGN_OR_RETURN(
          bool more, p_.source->GetData(ctx_, source_state_.get(), local_source.get(), &chunk));
      p_.source->stats.nanos += std::chrono::duration_cast<std::chrono::nanoseconds>(
                                    std::chrono::steady_clock::now() - start)
                                    .count();
      if (!more) break;
      if (chunk.live_rows() == 0) continue;
      p_.source->stats.rows_out += chunk.live_rows();
      FLOE_ASSIGN_OR_RETURN(bool finished, Push(0, chunk, states, sink_state.get()));
      if (finished) {
        stop_.store(true);
        break;
      }
    }
    std::lock_guard<std::mutex> lock(combine_mu_);
    FLOE_RETURN_NOT_OK(p_.sink->Combine(ctx_, sink_state.get()));
    return true;
  }

  ExecContext* ctx_;
  const Pipeline& p_;
  std::unique_ptr<GlobalState> source_state_;
  std::atomic<bool> stop_{false};
  std::mutex mu_;
  std::mutex combine_mu_;  // sinks combine one thread at a time
  Status error_;
};

}  // namespace

Result<std::vector<Pipeline>> BuildPipelines(PhysicalOperator* root, PhysicalOperator* sink) {
  std::vector<Pipeline> pipelines;
  FLOE_RETURN_NOT_OK(Build(root, {}, sink, &pipelines));
  return pipelines;
}

Status ExecutePipelines(ExecContext* ctx, const std::vector<Pipeline>& pipelines) {
  // How many pipelines still feed each sink: it is finalized after the last.
  std::map<PhysicalOperator*, int> feeding;
  for (const Pipeline& p : pipelines) ++feeding[p.sink];
  for (const Pipeline& p : pipelines) {
    FLOE_RETURN_NOT_OK(ctx->CheckCancelled());
    if (p.sink->sink_state() == nullptr) {
      FLOE_ASSIGN_OR_RETURN(auto state, p.sink->MakeSinkState(ctx));
      p.sink->set_sink_state(std::move(state));
    }
    PipelineRun run(ctx, p);
    FLOE_RETURN_NOT_OK(run.Run());
    if (--feeding[p.sink] == 0) {
      auto start = std::chrono::steady_clock::now();
      FLOE_RETURN_NOT_OK(p.sink->Finalize(ctx));
      p.sink->stats.nanos += std::chrono::duration_cast<std::chrono::nanoseconds>(
                                 std::chrono::steady_clock::now() - start)
                                 .count();
    }
  }
  return Status::OK();
}

}  // namespace floe::sql
