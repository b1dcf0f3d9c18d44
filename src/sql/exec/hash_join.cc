// Hash join: the build side (the right input) is buffered by every thread,
// merged, and indexed by key hash (chained); probe threads stream the left
// input through it. Without keys every build row is a candidate (nested
// loop). A residual condition is checked on candidate pairs. Left and full
// joins emit probe rows without a match padded with NULLs; a full join then
// emits the build rows no probe matched; semi and anti joins emit probe rows
// with and without a match.

#include <atomic>
#include <mutex>

#include "common/str_cat.h"
#include "sql/exec/expression_executor.h"
#include "sql/exec/operators_internal.h"
#include "sql/exec/vector_operations.h"

namespace floe::sql {

namespace {

using columnar::Chunk;
using columnar::Vector;
using JoinType = LogicalOp::JoinType;

constexpr int64_t kBatch = columnar::kDefaultVectorSize;
constexpr uint32_t kNone = UINT32_MAX;

struct BuildLocal : LocalState {
  ColumnBuffer rows;
};

struct BuildGlobal : GlobalState {
  ColumnBuffer rows;
  std::vector<std::shared_ptr<Vector>> keys;  // evaluated over rows
  std::vector<uint32_t> heads;                // row + 1 by hash slot; 0 = none
  std::vector<uint32_t> next;                 // row + 1 of the next row in the chain
  uint64_t mask = 0;
  std::vector<uint8_t> matched;  // per build row (full joins)
  int64_t emitted = 0;           // full joins: build rows scanned for the unmatched
};

struct ProbeLocal : LocalState {
  explicit ProbeLocal(MemoryPool* pool) : executor(pool) {}
  ExpressionExecutor executor;
  bool active = false;  // an input chunk is being processed
  int phase = 0;        // 0: pairs, 1: unmatched/semi/anti rows
  std::vector<std::shared_ptr<Vector>> keys;
  std::vector<uint64_t> hashes;
  std::vector<uint8_t> matched;  // per live probe row
  int64_t probe = 0;             // live probe row being matched
  uint32_t cursor = kNone;       // next candidate build row of `probe`; kNone: not started
  std::vector<uint32_t> pair_probe, pair_build;
};

// A vector of n NULLs of `type`.
Result<std::shared_ptr<Vector>> NullVector(const LogicalType& type, int64_t n, MemoryPool* pool) {
  FLOE_ASSIGN_OR_RETURN(auto v, Vector::Make(type, pool, 1));
  FLOE_RETURN_NOT_OK(v->EnsureValidity());
  v->SetNull(0);
  v->MakeConstant(n);
  return v;
}

class HashJoin : public PhysicalOperator {
 public:
  HashJoin(JoinType type, std::vector<BoundExprPtr> probe_keys,
           std::vector<BoundExprPtr> build_keys, BoundExprPtr residual)
      : type_(type),
        probe_keys_(std::move(probe_keys)),
        build_keys_(std::move(build_keys)),
        residual_(std::move(residual)) {}

  std::string Name() const override {
    return StrCat(probe_keys_.empty() ? "NestedLoopJoin " : "HashJoin ", JoinTypeName(type_));
  }
  std::string Details() const override {
    std::string out;
    for (size_t i = 0; i < probe_keys_.size(); ++i) {
      out += StrCat(i ? " AND " : "", probe_keys_[i]->ToString(), " = build.",
                    build_keys_[i]->ToString());
    }
    if (residual_) out += StrCat(out.empty() ? "" : " ", "residual: ", residual_->ToString());
    return out;
  }
  bool IsStreaming() const override { return true; }
  bool IsSink() const override { return true; }
  bool IsSource() const override { return type_ == JoinType::kFull; }
  bool ParallelSource() const override { return false; }

  const std::vector<LogicalType>& build_types() const { return children[1]->types; }
  size_t probe_width() const { return children[0]->types.size(); }

  // ---- build ----
  Result<std::unique_ptr<GlobalState>> MakeSinkState(ExecContext* ctx) override {
    auto g = std::make_unique<BuildGlobal>();
    FLOE_ASSIGN_OR_RETURN(g->rows, ColumnBuffer::Make(build_types(), ctx->pool));
    return std::unique_ptr<GlobalState>(std::move(g));
  }
  Result<std::unique_ptr<LocalState>> MakeLocalSinkState(ExecContext* ctx) override {
    auto l = std::make_unique<BuildLocal>();
    FLOE_ASSIGN_OR_RETURN(l->rows, ColumnBuffer::Make(build_types(), ctx->pool));
    return std::unique_ptr<LocalState>(std::move(l));
  }
  Result<SinkResult> Sink(ExecContext*, const Chunk& in, LocalState* local) override {
    FLOE_RETURN_NOT_OK(static_cast<BuildLocal*>(local)->rows.Append(in));
    return SinkResult::kNeedMoreInput;
  }
  Status Combine(ExecContext*, LocalState* local) override {
    return static_cast<BuildGlobal*>(sink_state())
        ->rows.AppendBuffer(static_cast<BuildLocal*>(local)->rows);
  }
  Status Finalize(ExecContext* ctx) override {
    auto* g = static_cast<BuildGlobal*>(sink_state());
    const int64_t n = g->rows.rows();
    if (n >= static_cast<int64_t>(kNone) - 1)
      return Status::NotSupported("join build side of ", n, " rows");
    if (type_ == JoinType::kFull) g->matched.assign(static_cast<size_t>(n), 0);
    if (build_keys_.empty()) return Status::OK();
    Chunk chunk;
    chunk.size = n;
    chunk.columns = g->rows.columns();
    ExpressionExecutor executor(ctx->pool);
    for (const auto& k : build_keys_) {
      FLOE_ASSIGN_OR_RETURN(auto v, executor.Evaluate(*k, chunk));
      FLOE_ASSIGN_OR_RETURN(v, FlatVector(v, n, ctx->pool));
      g->keys.push_back(std::move(v));
    }
    std::vector<uint64_t> hashes(static_cast<size_t>(n));
    for (size_t c = 0; c < g->keys.size(); ++c)
      HashRows(*g->keys[c], nullptr, n, hashes.data(), c > 0);
    size_t capacity = 1024;
    while (capacity < static_cast<size_t>(n) * 2) capacity *= 2;
    const int64_t bytes =
        static_cast<int64_t>((capacity + static_cast<size_t>(n)) * sizeof(uint32_t));
    FLOE_RETURN_NOT_OK(ctx->pool->Reserve(bytes));
    reserved_ = bytes;
    reserved_pool_ = ctx->pool;
    g->heads.assign(capacity, 0);
    g->next.assign(static_cast<size_t>(n), 0);
    g->mask = capacity - 1;
    // Inserted back to front so that chains list rows in input order.
    for (int64_t r = n - 1; r >= 0; --r) {
      bool null_key = false;
      for (const auto& k : g->keys) null_key |= k->IsNull(r);
      if (null_key) continue;  // NULL keys never match
      uint32_t& head = g->heads[hashes[static_cast<size_t>(r)] & g->mask];
      g->next[static_cast<size_t>(r)] = head;
      head = static_cast<uint32_t>(r + 1);
    }
    hash_of_build_ = std::move(hashes);
    return Status::OK();
  }

  ~HashJoin() override {
    if (reserved_pool_ != nullptr) reserved_pool_->Release(reserved_);
  }

  // ---- probe ----
  Result<std::unique_ptr<LocalState>> MakeOperatorState(ExecContext* ctx) override {
    return std::unique_ptr<LocalState>(new ProbeLocal(ctx->pool));
  }

  Result<OperatorResult> Execute(ExecContext* ctx, const Chunk& in, Chunk* out,
                                 LocalState* state) override {
    auto* s = static_cast<ProbeLocal*>(state);
    auto* g = static_cast<BuildGlobal*>(sink_state());
    const int64_t live = in.live_rows();
    const uint32_t* rows = in.selection ? in.selection->indices() : nullptr;
    if (!s->active) {
      s->active = true;
      s->phase = 0;
      s->probe = 0;
      s->cursor = kNone;
      s->matched.assign(static_cast<size_t>(live), 0);
      s->keys.clear();
      for (const auto& k : probe_keys_) {
        FLOE_ASSIGN_OR_RETURN(auto v, s->executor.Evaluate(*k, in));
        FLOE_ASSIGN_OR_RETURN(v, FlatVector(v, in.size, ctx->pool));
        s->keys.push_back(std::move(v));
      }
      s->hashes.resize(static_cast<size_t>(live));
      for (size_t c = 0; c < s->keys.size(); ++c)
        HashRows(*s->keys[c], rows, live, s->hashes.data(), c > 0);
    }
    if (s->phase == 0) {
      FLOE_RETURN_NOT_OK(NextPairs(g, in, s));
      const bool more = s->probe < live;
      FLOE_RETURN_NOT_OK(EmitPairs(ctx, g, in, s, out));
      if (more) return OperatorResult::kHaveMoreOutput;
      s->phase = 1;
      if (type_ != JoinType::kInner && type_ != JoinType::kCross) {
        if (out->live_rows() > 0) return OperatorResult::kHaveMoreOutput;
        FLOE_RETURN_NOT_OK(EmitTail(ctx, in, s, out));
      }
      s->active = false;
      return OperatorResult::kNeedMoreInput;
    }
    FLOE_RETURN_NOT_OK(EmitTail(ctx, in, s, out));
    s->active = false;
    return OperatorResult::kNeedMoreInput;
  }

  // ---- full join: unmatched build rows ----
  Result<bool> GetData(ExecContext* ctx, GlobalState*, LocalState*, Chunk* out) override {
    auto* g = static_cast<BuildGlobal*>(sink_state());
    std::vector<uint32_t> picked;
    while (g->emitted < g->rows.rows() && static_cast<int64_t>(picked.size()) < kBatch) {
      const int64_t r = g->emitted++;
      if (!std::atomic_ref<uint8_t>(g->matched[static_cast<size_t>(r)])
               .load(std::memory_order_relaxed)) {
        picked.push_back(static_cast<uint32_t>(r));
      }
    }
    if (picked.empty()) return false;
    const int64_t n = static_cast<int64_t>(picked.size());
    out->size = n;
    out->columns.clear();
    for (size_t c = 0; c < probe_width(); ++c) {
      FLOE_ASSIGN_OR_RETURN(auto v, NullVector(children[0]->types[c], n, ctx->pool));
      out->columns.push_back(std::move(v));
    }
    for (size_t c = 0; c < build_types().size(); ++c) {
      FLOE_ASSIGN_OR_RETURN(auto v, Vector::Make(build_types()[c], ctx->pool, n));
      FLOE_RETURN_NOT_OK(GatherRows(*g->rows.columns()[c], picked.data(), n, v.get(), 0));
      out->columns.push_back(std::move(v));
    }
    return true;
  }

 private:
  bool KeysEqual(const BuildGlobal* g, const ProbeLocal* s, int64_t probe_row,
                 uint32_t build_row) const {
    for (size_t c = 0; c < s->keys.size(); ++c) {
      if (!ValuesEqual(*s->keys[c], probe_row, *g->keys[c], build_row)) return false;
    }
    return true;
  }

  // Collects up to kBatch candidate (probe, build) pairs whose keys match.
  Status NextPairs(const BuildGlobal* g, const Chunk& in, ProbeLocal* s) {
    s->pair_probe.clear();
    s->pair_build.clear();
    const int64_t live = in.live_rows();
    const uint32_t* rows = in.selection ? in.selection->indices() : nullptr;
    const int64_t build_rows = g->rows.rows();
    while (s->probe < live && static_cast<int64_t>(s->pair_probe.size()) < kBatch) {
      const int64_t row = rows ? rows[s->probe] : s->probe;
      if (probe_keys_.empty()) {
        uint32_t b = s->cursor == kNone ? 0 : s->cursor;
        while (b < build_rows && static_cast<int64_t>(s->pair_probe.size()) < kBatch) {
          s->pair_probe.push_back(static_cast<uint32_t>(s->probe));
          s->pair_build.push_back(b++);
        }
        if (b < build_rows) {
          s->cursor = b;
          break;
        }
      } else {
        bool null_key = false;
        for (const auto& k : s->keys) null_key |= k->IsNull(row);
        uint32_t entry =
            null_key
                ? 0
                : (s->cursor == kNone ? g->heads[s->hashes[static_cast<size_t>(s->probe)] & g->mask]
                                      : s->cursor);
        while (entry != 0 && static_cast<int64_t>(s->pair_probe.size()) < kBatch) {
          const uint32_t b = entry - 1;
          if (hash_of_build_[b] == s->hashes[static_cast<size_t>(s->probe)] &&
              KeysEqual(g, s, row, b)) {
            s->pair_probe.push_back(static_cast<uint32_t>(s->probe));
            s->pair_build.push_back(b);
          }
          entry = g->next[b];
        }
        if (entry != 0) {
          s->cursor = entry;
          break;
        }
      }
      ++s->probe;
      s->cursor = kNone;
    }
    return Status::OK();
  }

  // The pairs as joined rows, checked against the residual; marks matches.
  Status EmitPairs(ExecContext* ctx, BuildGlobal* g, const Chunk& in, ProbeLocal* s, Chunk* out) {
    out->columns.clear();
    out->selection.reset();
    const int64_t n = static_cast<int64_t>(s->pair_probe.size());
    out->size = n;
    if (n == 0) return Status::OK();
    const uint32_t* rows = in.selection ? in.selection->indices() : nullptr;
    std::vector<uint32_t> probe_rows(static_cast<size_t>(n));
    for (int64_t k = 0; k < n; ++k) {
      const uint32_t p = s->pair_probe[static_cast<size_t>(k)];
      probe_rows[static_cast<size_t>(k)] = rows ? rows[p] : p;
    }
    for (size_t c = 0; c < in.columns.size(); ++c) {
      FLOE_ASSIGN_OR_RETURN(auto v, Vector::Make(in.columns[c]->type(), ctx->pool, n));
      FLOE_RETURN_NOT_OK(GatherRows(*in.columns[c], probe_rows.data(), n, v.get(), 0));
      out->columns.push_back(std::move(v));
    }
    for (size_t c = 0; c < build_types().size(); ++c) {
      FLOE_ASSIGN_OR_RETURN(auto v, Vector::Make(build_types()[c], ctx->pool, n));
      FLOE_RETURN_NOT_OK(GatherRows(*g->rows.columns()[c], s->pair_build.data(), n, v.get(), 0));
      out->columns.push_back(std::move(v));
    }
    if (residual_) {
      FLOE_ASSIGN_OR_RETURN(auto pass, s->executor.Evaluate(*residual_, *out));
      FLOE_RETURN_NOT_OK(SelectTrue(*pass, out, ctx->pool));
    }
    const int64_t kept = out->live_rows();
    const uint32_t* sel = out->selection ? out->selection->indices() : nullptr;
    for (int64_t k = 0; k < kept; ++k) {
      const int64_t i = sel ? sel[k] : k;
      s->matched[s->pair_probe[static_cast<size_t>(i)]] = 1;
      if (type_ == JoinType::kFull) {
        std::atomic_ref<uint8_t>(g->matched[s->pair_build[static_cast<size_t>(i)]])
            .store(1, std::memory_order_relaxed);
      }
    }
    if (type_ == JoinType::kSemi || type_ == JoinType::kAnti) {
      // Pairs only decide which probe rows match.
      out->columns.clear();
      out->selection.reset();
      out->size = 0;
    }
    return Status::OK();
  }

  // Probe rows without a match (left, full: padded with NULLs; anti) or
  // with one (semi).
  Status EmitTail(ExecContext* ctx, const Chunk& in, ProbeLocal* s, Chunk* out) {
    const int64_t live = in.live_rows();
    const uint32_t* rows = in.selection ? in.selection->indices() : nullptr;
    const bool want_matched = type_ == JoinType::kSemi;
    FLOE_ASSIGN_OR_RETURN(auto sel,
                          columnar::SelectionVector::Make(ctx->pool, std::max<int64_t>(live, 1)));
    int64_t n = 0;
    for (int64_t k = 0; k < live; ++k) {
      if ((s->matched[static_cast<size_t>(k)] != 0) == want_matched) {
        sel->mutable_indices()[n++] = rows ? rows[k] : static_cast<uint32_t>(k);
      }
    }
    sel->set_size(n);
    out->columns = in.columns;
    out->size = in.size;
    out->selection = std::move(sel);
    if (type_ == JoinType::kLeft || type_ == JoinType::kFull) {
      for (const auto& t : build_types()) {
        FLOE_ASSIGN_OR_RETURN(auto v, NullVector(t, in.size, ctx->pool));
        out->columns.push_back(std::move(v));
      }
    }
    return Status::OK();
  }

  JoinType type_;
  std::vector<BoundExprPtr> probe_keys_;
  std::vector<BoundExprPtr> build_keys_;
  BoundExprPtr residual_;
  std::vector<uint64_t> hash_of_build_;
  int64_t reserved_ = 0;
  MemoryPool* reserved_pool_ = nullptr;
};

}  // namespace

Result<PhysicalOperatorPtr> MakeHashJoin(JoinType type, std::vector<BoundExprPtr> probe_keys,
                                         std::vector<BoundExprPtr> build_keys,
                                         BoundExprPtr residual, PhysicalOperatorPtr probe,
                                         PhysicalOperatorPtr build) {
  if (type == JoinType::kRight) return Status::Internal("right joins are planned as left joins");
  auto op = std::make_unique<HashJoin>(type, std::move(probe_keys), std::move(build_keys),
                                       std::move(residual));
  op->types = probe->types;
  if (type != JoinType::kSemi && type != JoinType::kAnti) {
    op->types.insert(op->types.end(), build->types.begin(), build->types.end());
  }
  op->children.push_back(std::move(probe));
  op->children.push_back(std::move(build));
  return PhysicalOperatorPtr(std::move(op));
}

}  // namespace floe::sql
