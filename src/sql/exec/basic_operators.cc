// Filter, project, values, union, limit and the result collector.

#include <mutex>

#include "common/str_cat.h"
#include "sql/exec/expression_executor.h"
#include "sql/exec/operators_internal.h"
#include "sql/exec/vector_operations.h"

namespace floe::sql {

namespace {

using columnar::Chunk;

struct ExecutorState : LocalState {
  explicit ExecutorState(MemoryPool* pool) : executor(pool) {}
  ExpressionExecutor executor;
};

std::string ExprList(const std::vector<BoundExprPtr>& exprs) {
  std::string out;
  for (size_t i = 0; i < exprs.size(); ++i) out += StrCat(i ? ", " : "", exprs[i]->ToString());
  return out;
}

class Filter : public PhysicalOperator {
 public:
  explicit Filter(BoundExprPtr predicate) : predicate_(std::move(predicate)) {}
  std::string Name() const override { return "Filter"; }
  std::string Details() const override { return predicate_->ToString(); }
  bool IsStreaming() const override { return true; }
  Result<std::unique_ptr<LocalState>> MakeOperatorState(ExecContext* ctx) override {
    return std::unique_ptr<LocalState>(new ExecutorState(ctx->pool));
  }
  Result<OperatorResult> Execute(ExecContext* ctx, const Chunk& in, Chunk* out,
                                 LocalState* state) override {
    auto* s = static_cast<ExecutorState*>(state);
    FLOE_ASSIGN_OR_RETURN(auto passed, s->executor.Evaluate(*predicate_, in));
    *out = in;
    FLOE_RETURN_NOT_OK(SelectTrue(*passed, out, ctx->pool));
    return OperatorResult::kNeedMoreInput;
  }

 private:
  BoundExprPtr predicate_;
};

class Project : public PhysicalOperator {
 public:
  explicit Project(std::vector<BoundExprPtr> exprs) : exprs_(std::move(exprs)) {}
  std::string Name() const override { return "Project"; }
  std::string Details() const override { return ExprList(exprs_); }
  bool IsStreaming() const override { return true; }
  Result<std::unique_ptr<LocalState>> MakeOperatorState(ExecContext* ctx) override {
    return std::unique_ptr<LocalState>(new ExecutorState(ctx->pool));
  }
  Result<OperatorResult> Execute(ExecContext*, const Chunk& in, Chunk* out,
                                 LocalState* state) override {
    auto* s = static_cast<ExecutorState*>(state);
    out->size = in.size;
    out->selection = in.selection;
    out->columns.clear();
    for (const auto& e : exprs_) {
      FLOE_ASSIGN_OR_RETURN(auto v, s->executor.Evaluate(*e, in));
      out->columns.push_back(std::move(v));
    }
    return OperatorResult::kNeedMoreInput;
  }

 private:
  std::vector<BoundExprPtr> exprs_;
};

struct OnceState : GlobalState {
  std::atomic<bool> taken{false};
};

class Values : public PhysicalOperator {
 public:
  Values() = default;
  std::string Name() const override { return "Values"; }
  std::string Details() const override { return StrCat(rows_.size(), " rows"); }
  bool IsSource() const override { return true; }
  bool ParallelSource() const override { return false; }
  Result<std::unique_ptr<GlobalState>> MakeSourceState(ExecContext*) override {
    return std::unique_ptr<GlobalState>(new OnceState());
  }
  Result<bool> GetData(ExecContext* ctx, GlobalState* global, LocalState*, Chunk* out) override {
    if (static_cast<OnceState*>(global)->taken.exchange(true)) return false;
    // Each row's expressions are evaluated on a one-row chunk and gathered.
    const int64_t n = static_cast<int64_t>(rows_.size());
    out->size = n;
    out->columns.clear();
    for (size_t c = 0; c < types.size(); ++c) {
      FLOE_ASSIGN_OR_RETURN(auto v,
                            columnar::Vector::Make(types[c], ctx->pool, std::max<int64_t>(n, 1)));
      out->columns.push_back(std::move(v));
    }
    ExpressionExecutor executor(ctx->pool);
    Chunk one;
    one.size = 1;
    for (int64_t r = 0; r < n; ++r) {
      for (size_t c = 0; c < types.size(); ++c) {
        FLOE_ASSIGN_OR_RETURN(auto v, executor.Evaluate(*rows_[static_cast<size_t>(r)][c], one));
        FLOE_RETURN_NOT_OK(GatherRows(*v, nullptr, 1, out->columns[c].get(), r));
      }
    }
    return true;
  }
  std::vector<std::vector<BoundExprPtr>> rows_;
};

class Union : public PhysicalOperator {
 public:
  std::string Name() const override { return "Union"; }
};

// LIMIT n OFFSET m: the sink keeps the first offset + n rows it gets.
struct LimitState : GlobalState {
  std::mutex mu;
  std::vector<Chunk> chunks;
  int64_t rows = 0;
  std::atomic<size_t> next{0};
  int64_t skipped = 0;
};

class Limit : public PhysicalOperator {
 public:
  Limit(int64_t limit, int64_t offset) : limit_(limit), offset_(offset) {}
  std::string Name() const override { return "Limit"; }
  std::string Details() const override {
    return offset_ > 0 ? StrCat(limit_, " offset ", offset_) : StrCat(limit_);
  }
  bool IsSink() const override { return true; }
  bool IsSource() const override { return true; }
  bool ParallelSource() const override { return false; }
  Result<std::unique_ptr<GlobalState>> MakeSinkState(ExecContext*) override {
    return std::unique_ptr<GlobalState>(new LimitState());
  }
  Result<SinkResult> Sink(ExecContext* ctx, const Chunk& in, LocalState*) override {
    auto* s = static_cast<LimitState*>(sink_state());
    std::lock_guard<std::mutex> lock(s->mu);
    const int64_t want = limit_ < 0 ? INT64_MAX : offset_ + limit_;
    if (s->rows >= want) return SinkResult::kFinished;
    FLOE_ASSIGN_OR_RETURN(Chunk c, CompactChunk(in, ctx->pool));
    const int64_t take = std::min(c.size, want - s->rows);
    c.size = take;
    for (auto& v : c.columns) v->set_size(take);
    s->rows += take;
    s->chunks.push_back(std::move(c));
    return s->rows >= want ? SinkResult::kFinished : SinkResult::kNeedMoreInput;
  }
  Result<bool> GetData(ExecContext* ctx, GlobalState*, LocalState*, Chunk* out) override {
    auto* s = static_cast<LimitState*>(sink_state());
    while (true) {
      size_t i = s->next++;
      if (i >= s->chunks.size()) return false;
      Chunk& c = s->chunks[i];
      if (s->skipped + c.size <= offset_) {
        s->skipped += c.size;
        continue;
      }
      *out = c;
      if (s->skipped < offset_) {
        // Drop the first rows of this chunk through a selection.
        const int64_t drop = offset_ - s->skipped;
        s->skipped = offset_;
        FLOE_ASSIGN_OR_RETURN(auto sel, columnar::SelectionVector::Make(ctx->pool, c.size));
        for (int64_t r = drop; r < c.size; ++r)
          sel->mutable_indices()[r - drop] = static_cast<uint32_t>(r);
        sel->set_size(c.size - drop);
        out->selection = std::move(sel);
      }
      return true;
    }
  }

 private:
  int64_t limit_, offset_;
};

struct SingleRowState : GlobalState {
  std::mutex mu;
  Chunk row;
  int64_t rows = 0;
  bool emitted = false;
};

class EnforceSingleRow : public PhysicalOperator {
 public:
  std::string Name() const override { return "EnforceSingleRow"; }
  bool IsSink() const override { return true; }
  bool IsSource() const override { return true; }
  bool ParallelSource() const override { return false; }
  Result<std::unique_ptr<GlobalState>> MakeSinkState(ExecContext*) override {
    return std::unique_ptr<GlobalState>(new SingleRowState());
  }
  Result<SinkResult> Sink(ExecContext* ctx, const Chunk& in, LocalState*) override {
    auto* s = static_cast<SingleRowState*>(sink_state());
    std::lock_guard<std::mutex> lock(s->mu);
    s->rows += in.live_rows();
    if (s->rows > 1) return Status::Invalid("Scalar sub-query has returned multiple rows");
    FLOE_ASSIGN_OR_RETURN(s->row, CompactChunk(in, ctx->pool));
    return SinkResult::kNeedMoreInput;
  }
  Result<bool> GetData(ExecContext* ctx, GlobalState*, LocalState*, Chunk* out) override {
    auto* s = static_cast<SingleRowState*>(sink_state());
    if (s->emitted) return false;
    s->emitted = true;
    if (s->rows == 1) {
      *out = s->row;
      return true;
    }
    out->size = 1;
    out->columns.clear();
    for (const auto& t : types) {
      FLOE_ASSIGN_OR_RETURN(auto v, columnar::Vector::Make(t, ctx->pool, 1));
      FLOE_RETURN_NOT_OK(v->EnsureValidity());
      v->SetNull(0);
      v->set_size(1);
      out->columns.push_back(std::move(v));
    }
    return true;
  }
};

struct CollectorLocal : LocalState {
  std::vector<Chunk> chunks;
};

}  // namespace

Result<std::unique_ptr<LocalState>> ResultCollector::MakeLocalSinkState(ExecContext*) {
  return std::unique_ptr<LocalState>(new CollectorLocal());
}

Result<SinkResult> ResultCollector::Sink(ExecContext* ctx, const Chunk& in, LocalState* local) {
  FLOE_ASSIGN_OR_RETURN(Chunk c, CompactChunk(in, ctx->pool));
  if (consume_ != nullptr) {
    std::lock_guard<std::mutex> lock(consume_mu_);
    FLOE_RETURN_NOT_OK(consume_(consumer_, c));
    return SinkResult::kNeedMoreInput;
  }
  static_cast<CollectorLocal*>(local)->chunks.push_back(std::move(c));
  return SinkResult::kNeedMoreInput;
}

Status ResultCollector::Combine(ExecContext*, LocalState* local) {
  for (auto& c : static_cast<CollectorLocal*>(local)->chunks) chunks_.push_back(std::move(c));
  return Status::OK();
}

Result<PhysicalOperatorPtr> MakeFilter(const LogicalOp& filter, PhysicalOperatorPtr input) {
  auto op = std::make_unique<Filter>(filter.predicate->Clone());
  op->types = filter.Types();
  op->children.push_back(std::move(input));
  return PhysicalOperatorPtr(std::move(op));
}

Result<PhysicalOperatorPtr> MakeProject(const LogicalOp& project, PhysicalOperatorPtr input) {
  std::vector<BoundExprPtr> exprs;
  for (const auto& e : project.exprs) exprs.push_back(e->Clone());
  auto op = std::make_unique<Project>(std::move(exprs));
  op->types = project.Types();
  op->children.push_back(std::move(input));
  return PhysicalOperatorPtr(std::move(op));
}

Result<PhysicalOperatorPtr> MakeValues(const LogicalOp& values) {
  auto op = std::make_unique<Values>();
  op->types = values.Types();
  for (const auto& row : values.rows) {
    std::vector<BoundExprPtr> r;
    for (const auto& e : row) r.push_back(e->Clone());
    op->rows_.push_back(std::move(r));
  }
  return PhysicalOperatorPtr(std::move(op));
}

PhysicalOperatorPtr MakeUnion(std::vector<LogicalType> types,
                              std::vector<PhysicalOperatorPtr> inputs) {
  auto op = std::make_unique<Union>();
  op->types = std::move(types);
  op->children = std::move(inputs);
  return op;
}

PhysicalOperatorPtr MakeEnforceSingleRow(const LogicalOp& op, PhysicalOperatorPtr input) {
  auto out = std::make_unique<EnforceSingleRow>();
  out->types = op.Types();
  out->children.push_back(std::move(input));
  return out;
}

PhysicalOperatorPtr MakeLimit(const LogicalOp& limit, PhysicalOperatorPtr input) {
  auto op = std::make_unique<Limit>(limit.limit, limit.offset);
  op->types = limit.Types();
  op->children.push_back(std::move(input));
  return op;
}

}  // namespace floe::sql
