// GROUP BY: every thread aggregates its morsels into its own grouping
// table; tables are merged when threads finish; groups are then read out
// in parallel. DISTINCT aggregates first collect distinct (group keys,
// arguments) tuples, merged across threads, and fold them in at the end.

#include <mutex>

#include "common/str_cat.h"
#include "sql/exec/expression_executor.h"
#include "sql/exec/grouping_table.h"
#include "sql/exec/operators_internal.h"
#include "sql/exec/vector_operations.h"

namespace floe::sql {

namespace {

using columnar::Chunk;
using columnar::Vector;

constexpr int64_t kBatch = columnar::kDefaultVectorSize;

struct AggregateLocal : LocalState {
  explicit AggregateLocal(MemoryPool* pool) : executor(pool) {}
  ExpressionExecutor executor;
  std::unique_ptr<GroupingTable> table;
  std::vector<std::unique_ptr<GroupingTable>> distinct;  // per DISTINCT aggregate
  std::vector<uint64_t> hashes;
  std::vector<uint32_t> ids;
  std::vector<uint8_t*> states;
};

struct AggregateGlobal : GlobalState {
  std::unique_ptr<GroupingTable> table;
  std::vector<std::unique_ptr<GroupingTable>> distinct;
  std::atomic<int64_t> next_batch{0};
};

class HashAggregate : public PhysicalOperator {
 public:
  HashAggregate() = default;
  // The tables' states refer to functions_: drop them first.
  ~HashAggregate() override { set_sink_state(nullptr); }

  std::string Name() const override { return "HashAggregate"; }
  std::string Details() const override {
    std::string out = "keys [";
    for (size_t i = 0; i < groups_.size(); ++i)
      out += StrCat(i ? ", " : "", groups_[i]->ToString());
    out += "]";
    for (size_t i = 0; i < calls_.size(); ++i) out += StrCat(i ? ", " : " ", calls_[i].ToString());
    if (!sets_.empty()) {
      out += " grouping sets [";
      for (size_t s = 0; s < sets_.size(); ++s) {
        out += s > 0 ? ", (" : "(";
        for (size_t k = 0; k < sets_[s].size(); ++k)
          out += StrCat(k > 0 ? ", " : "", groups_[static_cast<size_t>(sets_[s][k])]->ToString());
        out += ")";
      }
      out += "]";
    }
    return out;
  }
  bool IsSink() const override { return true; }
  bool IsSource() const override { return true; }

  Status Init(const LogicalOp& agg) {
    for (const auto& g : agg.group_by) {
      groups_.push_back(g->Clone());
      key_types_.push_back(g->type);
      nulls_.push_back(BoundExpr::Null(g->type));
    }
    sets_ = agg.grouping_sets;
    if (!sets_.empty()) {
      key_types_.push_back(LogicalType::BigInt());
      for (size_t s = 0; s < sets_.size(); ++s)
        set_ids_.push_back(BoundExpr::BigInt(static_cast<int64_t>(s)));
    }
    functions_.reserve(agg.aggregates.size());
    for (const auto& a : agg.aggregates) {
      AggregateCall c;
      c.name = a.name;
      c.distinct = a.distinct;
      c.type = a.type;
      std::vector<LogicalType> arg_types;
      for (const auto& e : a.args) {
        c.args.push_back(e->Clone());
        arg_types.push_back(e->type);
      }
      if (a.filter) c.filter = a.filter->Clone();
      FLOE_ASSIGN_OR_RETURN(AggregateFunction f, ResolveAggregate(a.name, arg_types));
      functions_.push_back(std::move(f));
      calls_.push_back(std::move(c));
    }
    for (const auto& f : functions_) layout_.Add(&f);
    for (size_t i = 0; i < calls_.size(); ++i) {
      if (!calls_[i].distinct) continue;
      std::vector<LogicalType> types = key_types_;
      for (const auto& e : calls_[i].args) types.push_back(e->type);
      distinct_types_.push_back(std::move(types));
      distinct_index_.push_back(static_cast<int>(i));
    }
    return Status::OK();
  }

  Result<std::unique_ptr<GlobalState>> MakeSinkState(ExecContext* ctx) override {
    auto g = std::make_unique<AggregateGlobal>();
    FLOE_ASSIGN_OR_RETURN(g->table, GroupingTable::Make(key_types_, &layout_, ctx->pool));
    for (const auto& types : distinct_types_) {
      FLOE_ASSIGN_OR_RETURN(auto t, GroupingTable::Make(types, nullptr, ctx->pool));
      g->distinct.push_back(std::move(t));
    }
    return std::unique_ptr<GlobalState>(std::move(g));
  }

  Result<std::unique_ptr<LocalState>> MakeLocalSinkState(ExecContext* ctx) override {
    auto l = std::make_unique<AggregateLocal>(ctx->pool);
    FLOE_ASSIGN_OR_RETURN(l->table, GroupingTable::Make(key_types_, &layout_, ctx->pool));
    for (const auto& types : distinct_types_) {
      FLOE_ASSIGN_OR_RETURN(auto t, GroupingTable::Make(types, nullptr, ctx->pool));
      l->distinct.push_back(std::move(t));
    }
    return std::unique_ptr<LocalState>(std::move(l));
  }

  Result<SinkResult> Sink(ExecContext* ctx, const Chunk& in, LocalState* local) override {
    auto* l = static_cast<AggregateLocal*>(local);
    std::vector<std::shared_ptr<Vector>> keys;
    for (const auto& g : groups_) {
      FLOE_ASSIGN_OR_RETURN(auto v, l->executor.Evaluate(*g, in));
      keys.push_back(std::move(v));
    }
    // Arguments and FILTERs, evaluated once for every grouping set.
    std::vector<std::vector<std::shared_ptr<Vector>>> args(calls_.size());
    std::vector<std::vector<const Vector*>> arg_ptrs(calls_.size());
    std::vector<Chunk> filtered(calls_.size());
    for (size_t i = 0; i < calls_.size(); ++i) {
      for (const auto& e : calls_[i].args) {
        FLOE_ASSIGN_OR_RETURN(auto v, l->executor.Evaluate(*e, in));
        FLOE_ASSIGN_OR_RETURN(v, FlatVector(v, in.size, ctx->pool));
        arg_ptrs[i].push_back(v.get());
        args[i].push_back(std::move(v));
      }
      if (calls_[i].filter) {
        FLOE_ASSIGN_OR_RETURN(auto pass, l->executor.Evaluate(*calls_[i].filter, in));
        filtered[i] = in;
        FLOE_RETURN_NOT_OK(SelectTrue(*pass, &filtered[i], ctx->pool));
      }
    }
    if (sets_.empty()) {
      std::vector<const Vector*> key_ptrs;
      for (const auto& k : keys) key_ptrs.push_back(k.get());
      FLOE_RETURN_NOT_OK(SinkKeys(ctx, in, key_ptrs, arg_ptrs, filtered, l));
      return SinkResult::kNeedMoreInput;
    }
    // GROUPING SETS: each row once per set, with the keys outside the set
    // NULL and the set's index as the last key.
    std::vector<std::shared_ptr<Vector>> nulls;
    for (const auto& e : nulls_) {
      FLOE_ASSIGN_OR_RETURN(auto v, l->executor.Evaluate(*e, in));
      nulls.push_back(std::move(v));
    }
    for (size_t s = 0; s < sets_.size(); ++s) {
      std::vector<const Vector*> key_ptrs;
      for (size_t k = 0; k < keys.size(); ++k) key_ptrs.push_back(nulls[k].get());
      for (int k : sets_[s]) key_ptrs[static_cast<size_t>(k)] = keys[static_cast<size_t>(k)].get();
      FLOE_ASSIGN_OR_RETURN(auto id, l->executor.Evaluate(*set_ids_[s], in));
      key_ptrs.push_back(id.get());
      FLOE_RETURN_NOT_OK(SinkKeys(ctx, in, key_ptrs, arg_ptrs, filtered, l));
    }
    return SinkResult::kNeedMoreInput;
  }

  // Aggregates the rows of `in` into the groups of `key_ptrs` (one vector
  // per key column); args and filtered chunks per call as Sink made them.
  Status SinkKeys(ExecContext*, const Chunk& in, const std::vector<const Vector*>& key_ptrs,
                  const std::vector<std::vector<const Vector*>>& arg_ptrs,
                  const std::vector<Chunk>& filtered_chunks, AggregateLocal* l) {
    const int64_t n = in.live_rows();
    const uint32_t* rows = in.selection ? in.selection->indices() : nullptr;
    l->hashes.resize(static_cast<size_t>(n));
    l->ids.resize(static_cast<size_t>(n));
    for (size_t c = 0; c < key_ptrs.size(); ++c)
      HashRows(*key_ptrs[c], rows, n, l->hashes.data(), c > 0);
    FLOE_RETURN_NOT_OK(l->table->FindOrCreate(key_ptrs, rows, n, l->hashes.data(), l->ids.data()));
    l->states.resize(static_cast<size_t>(n));
    for (int64_t k = 0; k < n; ++k)
      l->states[static_cast<size_t>(k)] = l->table->State(l->ids[static_cast<size_t>(k)]);

    size_t distinct_slot = 0;
    for (size_t i = 0; i < calls_.size(); ++i) {
      const AggregateCall& call = calls_[i];
      // FILTER (WHERE ...) narrows the rows this aggregate sees.
      const uint32_t* agg_rows = rows;
      int64_t agg_n = n;
      std::vector<uint8_t*> filtered_states;
      uint8_t** states = l->states.data();
      if (call.filter) {
        const Chunk& filtered = filtered_chunks[i];
        agg_rows = filtered.selection->indices();
        agg_n = filtered.live_rows();
        // States follow the kept rows: map each kept row back to its position in `in`.
        filtered_states.reserve(static_cast<size_t>(agg_n));
        int64_t k = 0;
        for (int64_t j = 0; j < agg_n; ++j) {
          while ((rows ? rows[k] : static_cast<uint32_t>(k)) != agg_rows[j]) ++k;
          filtered_states.push_back(l->states[static_cast<size_t>(k)]);
        }
        states = filtered_states.data();
      }
      if (call.distinct) {
        std::vector<const Vector*> tuple = key_ptrs;
        tuple.insert(tuple.end(), arg_ptrs[i].begin(), arg_ptrs[i].end());
        std::vector<uint64_t> hashes(static_cast<size_t>(agg_n));
        std::vector<uint32_t> ids(static_cast<size_t>(agg_n));
        for (size_t c = 0; c < tuple.size(); ++c)
          HashRows(*tuple[c], agg_rows, agg_n, hashes.data(), c > 0);
        FLOE_RETURN_NOT_OK(l->distinct[distinct_slot++]->FindOrCreate(tuple, agg_rows, agg_n,
                                                                      hashes.data(), ids.data()));
        continue;
      }
      AggregateInput input;
      input.args = arg_ptrs[i].data();
      input.rows = agg_rows;
      input.n = agg_n;
      input.states = states;
      input.offset = layout_.offsets[i];
      FLOE_RETURN_NOT_OK(functions_[i].update(input));
    }
    return Status::OK();
  }

  Status Combine(ExecContext*, LocalState* local) override {
    auto* l = static_cast<AggregateLocal*>(local);
    auto* g = static_cast<AggregateGlobal*>(sink_state());
    FLOE_RETURN_NOT_OK(Merge(*l->table, g->table.get(), true));
    for (size_t d = 0; d < l->distinct.size(); ++d) {
      FLOE_RETURN_NOT_OK(Merge(*l->distinct[d], g->distinct[d].get(), false));
    }
    return Status::OK();
  }

  Status Finalize(ExecContext* ctx) override {
    auto* g = static_cast<AggregateGlobal*>(sink_state());
    // The empty grouping set has its row even without input, as a global
    // aggregate does.
    for (size_t s = 0; s < sets_.size(); ++s) {
      if (!sets_[s].empty()) continue;
      Chunk one;
      one.size = 1;
      ExpressionExecutor executor(ctx->pool);
      std::vector<std::shared_ptr<Vector>> keys;
      std::vector<const Vector*> key_ptrs;
      for (const auto& e : nulls_) {
        FLOE_ASSIGN_OR_RETURN(auto v, executor.Evaluate(*e, one));
        keys.push_back(std::move(v));
      }
      FLOE_ASSIGN_OR_RETURN(auto id, executor.Evaluate(*set_ids_[s], one));
      keys.push_back(std::move(id));
      for (const auto& k : keys) key_ptrs.push_back(k.get());
      uint64_t hash = 0;
      uint32_t group = 0;
      for (size_t c = 0; c < key_ptrs.size(); ++c) HashRows(*key_ptrs[c], nullptr, 1, &hash, c > 0);
      FLOE_RETURN_NOT_OK(g->table->FindOrCreate(key_ptrs, nullptr, 1, &hash, &group));
    }
    // DISTINCT aggregates: each distinct (keys, args) tuple updates its group once.
    const size_t nkeys = key_types_.size();
    for (size_t d = 0; d < g->distinct.size(); ++d) {
      const GroupingTable& t = *g->distinct[d];
      const int i = distinct_index_[d];
      const auto& cols = t.keys().columns();
      std::vector<const Vector*> key_ptrs, arg_ptrs;
      for (size_t c = 0; c < cols.size(); ++c)
        (c < nkeys ? key_ptrs : arg_ptrs).push_back(cols[c].get());
      std::vector<uint32_t> rows(static_cast<size_t>(kBatch)), ids(static_cast<size_t>(kBatch));
      std::vector<uint64_t> hashes(static_cast<size_t>(kBatch));
      std::vector<uint8_t*> states(static_cast<size_t>(kBatch));
      for (int64_t start = 0; start < t.groups(); start += kBatch) {
        const int64_t n = std::min(kBatch, t.groups() - start);
        for (int64_t k = 0; k < n; ++k)
          rows[static_cast<size_t>(k)] = static_cast<uint32_t>(start + k);
        for (size_t c = 0; c < key_ptrs.size(); ++c)
          HashRows(*key_ptrs[c], rows.data(), n, hashes.data(), c > 0);
        FLOE_RETURN_NOT_OK(
            g->table->FindOrCreate(key_ptrs, rows.data(), n, hashes.data(), ids.data()));
        for (int64_t k = 0; k < n; ++k)
          states[static_cast<size_t>(k)] = g->table->State(ids[static_cast<size_t>(k)]);
        AggregateInput input;
        input.args = arg_ptrs.data();
        input.rows = rows.data();
        input.n = n;
        input.states = states.data();
        input.offset = layout_.offsets[static_cast<size_t>(i)];
        FLOE_RETURN_NOT_OK(functions_[static_cast<size_t>(i)].update(input));
      }
    }
    return Status::OK();
  }

  Result<std::unique_ptr<GlobalState>> MakeSourceState(ExecContext*) override {
    static_cast<AggregateGlobal*>(sink_state())->next_batch = 0;
    return std::unique_ptr<GlobalState>();
  }

  Result<bool> GetData(ExecContext* ctx, GlobalState*, LocalState*, Chunk* out) override {
    auto* g = static_cast<AggregateGlobal*>(sink_state());
    const GroupingTable& t = *g->table;
    const int64_t start = g->next_batch.fetch_add(1) * kBatch;
    if (start >= t.groups()) return false;
    const int64_t n = std::min(kBatch, t.groups() - start);
    std::vector<uint32_t> rows(static_cast<size_t>(n));
    std::vector<uint8_t*> states(static_cast<size_t>(n));
    for (int64_t k = 0; k < n; ++k) {
      rows[static_cast<size_t>(k)] = static_cast<uint32_t>(start + k);
      states[static_cast<size_t>(k)] = g->table->State(static_cast<uint32_t>(start + k));
    }
    out->size = n;
    out->columns.clear();
    for (size_t c = 0; c < key_types_.size(); ++c) {
      FLOE_ASSIGN_OR_RETURN(auto v, Vector::Make(key_types_[c], ctx->pool, n));
      FLOE_RETURN_NOT_OK(GatherRows(*t.keys().columns()[c], rows.data(), n, v.get(), 0));
      out->columns.push_back(std::move(v));
    }
    for (size_t i = 0; i < functions_.size(); ++i) {
      FLOE_ASSIGN_OR_RETURN(auto v, Vector::Make(functions_[i].result_type, ctx->pool, n));
      FLOE_RETURN_NOT_OK(functions_[i].finalize(states.data(), layout_.offsets[i], n, v.get(), 0));
      v->set_size(n);
      out->columns.push_back(std::move(v));
    }
    return true;
  }

 private:
  // Folds every group of `from` into `into` (combining states when `states`).
  Status Merge(const GroupingTable& from, GroupingTable* into, bool states) {
    const auto& cols = from.keys().columns();
    std::vector<const Vector*> key_ptrs;
    for (const auto& c : cols) key_ptrs.push_back(c.get());
    std::vector<uint32_t> rows(static_cast<size_t>(kBatch)), ids(static_cast<size_t>(kBatch));
    std::vector<uint64_t> hashes(static_cast<size_t>(kBatch));
    auto& src = const_cast<GroupingTable&>(from);
    for (int64_t start = 0; start < from.groups(); start += kBatch) {
      const int64_t n = std::min(kBatch, from.groups() - start);
      for (int64_t k = 0; k < n; ++k) {
        rows[static_cast<size_t>(k)] = static_cast<uint32_t>(start + k);
        hashes[static_cast<size_t>(k)] =
            key_ptrs.empty() ? 0 : from.hash(static_cast<uint32_t>(start + k));
      }
      FLOE_RETURN_NOT_OK(into->FindOrCreate(key_ptrs, rows.data(), n, hashes.data(), ids.data()));
      if (!states) continue;
      for (int64_t k = 0; k < n; ++k) {
        const uint8_t* s = src.State(static_cast<uint32_t>(start + k));
        uint8_t* d = into->State(ids[static_cast<size_t>(k)]);
        for (size_t i = 0; i < functions_.size(); ++i) {
          if (calls_[i].distinct) continue;
          FLOE_RETURN_NOT_OK(functions_[i].combine(s + layout_.offsets[i], d + layout_.offsets[i]));
        }
      }
    }
    return Status::OK();
  }

  std::vector<BoundExprPtr> groups_;
  std::vector<BoundExprPtr> nulls_;  // a NULL of each group's type
  std::vector<std::vector<int>> sets_;
  std::vector<BoundExprPtr> set_ids_;  // each set's index, a bigint constant
  std::vector<LogicalType> key_types_;
  std::vector<AggregateCall> calls_;
  std::vector<AggregateFunction> functions_;
  StateLayout layout_;
  std::vector<std::vector<LogicalType>> distinct_types_;
  std::vector<int> distinct_index_;
};

}  // namespace

Result<PhysicalOperatorPtr> MakeHashAggregate(const LogicalOp& aggregate,
                                              PhysicalOperatorPtr input) {
  auto op = std::make_unique<HashAggregate>();
  FLOE_RETURN_NOT_OK(op->Init(aggregate));
  op->types = aggregate.Types();
  op->children.push_back(std::move(input));
  return PhysicalOperatorPtr(std::move(op));
}

}  // namespace floe::sql
