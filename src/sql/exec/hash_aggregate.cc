// GROUP BY: every thread aggregates its morsels into its own grouping
// table; tables are merged when threads finish; groups are then read out
// in parallel. DISTINCT aggregates first collect distinct (group keys,
// arguments) tuples, merged across threads, and fold them in at the end.
//
// Over the memory limit, a table spills: its groups (keys and serialized
// partial states) go to one of kPartitions files by key hash, and the
// table starts empty again. Once anything spilled, every table spills at
// the end, and the output is produced partition by partition: each
// partition's partial states are combined in a table of its own, holding
// about 1/kPartitions of the groups.

#include <chrono>
#include <cstring>
#include <mutex>
#include <thread>

#include "common/str_cat.h"
#include "sql/exec/expression_executor.h"
#include "sql/exec/grouping_table.h"
#include "sql/exec/operators_internal.h"
#include "sql/exec/spill_file.h"
#include "sql/exec/vector_operations.h"

namespace floe::sql {

namespace {

using columnar::Chunk;
using columnar::Vector;

constexpr int64_t kBatch = columnar::kDefaultVectorSize;
constexpr int kPartitions = 32;

struct AggregateLocal : LocalState {
  explicit AggregateLocal(MemoryPool* pool) : executor(pool) {}
  ExpressionExecutor executor;
  std::unique_ptr<GroupingTable> table;
  std::vector<std::unique_ptr<GroupingTable>> distinct;  // per DISTINCT aggregate
  std::vector<uint64_t> hashes;
  std::vector<uint32_t> ids;
  std::vector<uint8_t*> states;
  int64_t spill_epoch = 0;  // the last spill round this thread took part in
};

struct AggregateGlobal : GlobalState {
  std::unique_ptr<GroupingTable> table;
  std::vector<std::unique_ptr<GroupingTable>> distinct;
  std::atomic<int64_t> next_batch{0};
  // Spilling.
  std::mutex spill_mu;
  std::vector<std::unique_ptr<SpillWriter>> partitions;  // empty until the first spill
  std::atomic<bool> spilled{false};
  std::atomic<int> next_partition{0};
  // Raised by a thread out of memory: every thread spills its table once
  // per round, so that memory held by the others frees up too.
  std::atomic<int64_t> spill_epoch{0};
  // Partitioned merge: the threads' tables, merged partition by partition
  // (by key hash) in parallel as the groups are read out.
  std::mutex locals_mu;
  std::vector<std::unique_ptr<GroupingTable>> locals;
  std::vector<std::vector<std::vector<uint32_t>>> local_parts;  // [table][partition]: groups
  bool partitioned = false;
};

// A thread reading spilled partitions: the partition it combined last.
struct PartitionSource : LocalState {
  std::unique_ptr<GroupingTable> table;
  int64_t next_group = 0;
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
      // A plain column is used as it is: the grouping table takes any
      // vector kind, and dictionary columns hash their dictionary once.
      if (g->kind == BoundExpr::Kind::kColumn) {
        keys.push_back(in.columns[static_cast<size_t>(g->column)]);
        continue;
      }
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
  Status SinkKeys(ExecContext* ctx, const Chunk& in, const std::vector<const Vector*>& key_ptrs,
                  const std::vector<std::vector<const Vector*>>& arg_ptrs,
                  const std::vector<Chunk>& filtered_chunks, AggregateLocal* l) {
    const int64_t n = in.live_rows();
    const uint32_t* rows = in.selection ? in.selection->indices() : nullptr;
    l->hashes.resize(static_cast<size_t>(n));
    l->ids.resize(static_cast<size_t>(n));
    for (size_t c = 0; c < key_ptrs.size(); ++c)
      HashRows(*key_ptrs[c], rows, n, l->hashes.data(), c > 0);
    auto* g = static_cast<AggregateGlobal*>(sink_state());
    // Past the spill threshold with a table worth spilling: a new round
    // starts before an allocation fails (maybe in the scan, which cannot spill).
    if (CanSpill(ctx) && l->table->groups() >= 4096 && ctx->OverSpillThreshold()) ++g->spill_epoch;
    if (g->spill_epoch.load() > l->spill_epoch) FLOE_RETURN_NOT_OK(SpillLocal(ctx, l, g));
    Status found = l->table->FindOrCreate(key_ptrs, rows, n, l->hashes.data(), l->ids.data());
    // Out of memory: this thread (and, seeing the new round, every other)
    // spills its groups and starts over empty. The others free their
    // memory at their next chunk, so a failing retry waits a little.
    for (int attempt = 0;
         found.code() == StatusCode::kOutOfMemory && CanSpill(ctx) && attempt < 200; ++attempt) {
      if (attempt == 0) {
        ++g->spill_epoch;
      } else if (attempt == 1) {
        FLOE_RETURN_NOT_OK(SpillLocals(ctx, g));
      } else {
        FLOE_RETURN_NOT_OK(ctx->CheckCancelled());
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
      }
      FLOE_RETURN_NOT_OK(SpillLocal(ctx, l, g));
      found = l->table->FindOrCreate(key_ptrs, rows, n, l->hashes.data(), l->ids.data());
    }
    FLOE_RETURN_NOT_OK(found);
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
      // (A filter that is constantly true leaves the chunk's selection as is.)
      if (call.filter && filtered_chunks[i].selection != in.selection) {
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
      input.single_state = key_ptrs.empty();
      FLOE_RETURN_NOT_OK(functions_[i].update(input));
    }
    return Status::OK();
  }

  Status Combine(ExecContext* ctx, LocalState* local) override {
    auto* l = static_cast<AggregateLocal*>(local);
    auto* g = static_cast<AggregateGlobal*>(sink_state());
    if (g->spilled) return SpillTable(ctx, l->table.get(), 0, g);
    if (PartitionedMerge()) {
      std::lock_guard<std::mutex> lock(g->locals_mu);
      g->locals.push_back(std::move(l->table));
      return Status::OK();
    }
    int64_t merged = 0;
    Status st = Merge(*l->table, g->table.get(), true, &merged);
    if (st.code() == StatusCode::kOutOfMemory && CanSpill(ctx)) {
      // The merged table does not fit: spill it and the rest of this one.
      FLOE_RETURN_NOT_OK(SpillTable(ctx, g->table.get(), 0, g));
      g->table.reset();
      FLOE_ASSIGN_OR_RETURN(g->table, GroupingTable::Make(key_types_, &layout_, ctx->pool));
      return SpillTable(ctx, l->table.get(), merged, g);
    }
    FLOE_RETURN_NOT_OK(st);
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
    if (g->spilled) {
      FLOE_RETURN_NOT_OK(SpillLocals(ctx, g));
      FLOE_RETURN_NOT_OK(SpillTable(ctx, g->table.get(), 0, g));
      g->table.reset();
      for (auto& w : g->partitions) FLOE_RETURN_NOT_OK(w->Close());
      return Status::OK();
    }
    if (PartitionedMerge() && !g->locals.empty()) {
      if (g->locals.size() == 1) {
        g->table = std::move(g->locals[0]);  // nothing to merge
      } else {
        // Each table's groups by partition, to be merged in parallel.
        g->partitioned = true;
        for (const auto& t : g->locals) {
          std::vector<std::vector<uint32_t>> parts(kPartitions);
          for (int64_t i = 0; i < t->groups(); ++i) {
            const uint32_t group = static_cast<uint32_t>(i);
            parts[static_cast<size_t>(t->hash(group) >> 59) % kPartitions].push_back(group);
          }
          g->local_parts.push_back(std::move(parts));
        }
      }
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
  Result<std::unique_ptr<LocalState>> MakeLocalSourceState(ExecContext*, GlobalState*) override {
    return std::unique_ptr<LocalState>(new PartitionSource());
  }

  Result<bool> GetData(ExecContext* ctx, GlobalState*, LocalState* local, Chunk* out) override {
    auto* g = static_cast<AggregateGlobal*>(sink_state());
    if (g->partitioned) {
      auto* s = static_cast<PartitionSource*>(local);
      while (s->table == nullptr || s->next_group >= s->table->groups()) {
        s->table.reset();
        const int p = g->next_partition++;
        if (p >= kPartitions) return false;
        FLOE_ASSIGN_OR_RETURN(s->table, GroupingTable::Make(key_types_, &layout_, ctx->pool));
        for (size_t t = 0; t < g->locals.size(); ++t) {
          FLOE_RETURN_NOT_OK(Merge(*g->locals[t], s->table.get(), true, nullptr,
                                   &g->local_parts[t][static_cast<size_t>(p)]));
        }
        s->next_group = 0;
      }
      const int64_t start = s->next_group;
      const int64_t n = std::min(kBatch, s->table->groups() - start);
      s->next_group += n;
      return Emit(ctx, s->table.get(), start, n, out);
    }
    if (!g->spilled) {
      const int64_t start = g->next_batch.fetch_add(1) * kBatch;
      if (start >= g->table->groups()) return false;
      return Emit(ctx, g->table.get(), start, std::min(kBatch, g->table->groups() - start), out);
    }
    // Spilled: combine one partition at a time, then read its groups out.
    auto* s = static_cast<PartitionSource*>(local);
    while (s->table == nullptr || s->next_group >= s->table->groups()) {
      s->table.reset();
      const int p = g->next_partition++;
      if (p >= static_cast<int>(g->partitions.size())) return false;
      FLOE_ASSIGN_OR_RETURN(s->table,
                            LoadPartition(ctx, g->partitions[static_cast<size_t>(p)]->path()));
      s->next_group = 0;
    }
    const int64_t start = s->next_group;
    const int64_t n = std::min(kBatch, s->table->groups() - start);
    s->next_group += n;
    return Emit(ctx, s->table.get(), start, n, out);
  }

 private:
  // Keyed aggregates without DISTINCT or grouping sets merge the threads'
  // tables by partition, in parallel, as they are read out.
  bool PartitionedMerge() const {
    return !key_types_.empty() && distinct_types_.empty() && sets_.empty();
  }

  // Spills the tables threads handed over (memory the sinks cannot free).
  Status SpillLocals(ExecContext* ctx, AggregateGlobal* g) {
    std::lock_guard<std::mutex> lock(g->locals_mu);
    for (auto& t : g->locals) FLOE_RETURN_NOT_OK(SpillTable(ctx, t.get(), 0, g));
    g->locals.clear();
    return Status::OK();
  }

  // Spills this thread's table and starts an empty one.
  Status SpillLocal(ExecContext* ctx, AggregateLocal* l, AggregateGlobal* g) {
    l->spill_epoch = g->spill_epoch.load();
    if (l->table->groups() == 0) return Status::OK();
    FLOE_RETURN_NOT_OK(SpillTable(ctx, l->table.get(), 0, g));
    l->table.reset();
    FLOE_ASSIGN_OR_RETURN(l->table, GroupingTable::Make(key_types_, &layout_, ctx->pool));
    return Status::OK();
  }

  bool CanSpill(ExecContext* ctx) const {
    // DISTINCT aggregates keep tuple tables that are not spilled (yet).
    return ctx->spill != nullptr && distinct_types_.empty() && !groups_.empty();
  }

  // Spilling happens when the query's memory is exhausted: its batch
  // buffers (a few per thread, one batch each) come from outside the
  // query's limit.
  static MemoryPool* SpillScratch() { return MemoryPool::Default(); }

  // Writes groups [from, end) of `t` to the partition files.
  Status SpillTable(ExecContext* ctx, GroupingTable* t, int64_t from, AggregateGlobal* g) {
    if (!CanSpill(ctx)) return Status::Internal("spilling an aggregate that cannot spill");
    const int64_t groups = t->groups() - from;
    std::lock_guard<std::mutex> lock(g->spill_mu);
    if (g->partitions.empty()) {
      for (int p = 0; p < kPartitions; ++p) {
        FLOE_ASSIGN_OR_RETURN(auto w, SpillWriter::Open(ctx->spill, "aggregate"));
        g->partitions.push_back(std::move(w));
      }
    }
    g->spilled = true;
    if (groups <= 0) return Status::OK();
    std::vector<const Vector*> columns;
    for (const auto& c : t->keys().columns()) columns.push_back(c.get());
    for (int64_t start = from; start < t->groups(); start += kBatch) {
      const int64_t n = std::min(kBatch, t->groups() - start);
      // The partial states of each group as one binary value.
      FLOE_ASSIGN_OR_RETURN(auto states, Vector::Make(LogicalType::Varbinary(), SpillScratch(), n));
      states->set_size(n);
      std::string bytes;
      std::vector<std::vector<uint32_t>> by_partition(kPartitions);
      for (int64_t k = 0; k < n; ++k) {
        const uint32_t group = static_cast<uint32_t>(start + k);
        bytes.clear();
        const uint8_t* s = t->State(group);
        for (size_t i = 0; i < functions_.size(); ++i) {
          const uint8_t* state = s + layout_.offsets[i];
          if (functions_[i].serialize) {
            functions_[i].serialize(state, &bytes);
          } else {
            bytes.append(reinterpret_cast<const char*>(state),
                         static_cast<size_t>(functions_[i].state_size));
          }
        }
        FLOE_RETURN_NOT_OK(states->SetString(k, bytes));
        by_partition[static_cast<size_t>(t->hash(group) >> 59) % kPartitions].push_back(group);
      }
      for (int p = 0; p < kPartitions; ++p) {
        auto& rows = by_partition[static_cast<size_t>(p)];
        if (rows.empty()) continue;
        // States are indexed by position in this batch, keys by group.
        FLOE_RETURN_NOT_OK(WritePartition(g->partitions[static_cast<size_t>(p)].get(), columns,
                                          states.get(), rows, start, ctx));
      }
    }
    return Status::OK();
  }

  static Status WritePartition(SpillWriter* w, const std::vector<const Vector*>& keys,
                               const Vector* states, const std::vector<uint32_t>& groups,
                               int64_t batch_start, ExecContext* ctx) {
    // Gather the batch's states for these groups so that one row list serves all columns.
    const int64_t n = static_cast<int64_t>(groups.size());
    FLOE_ASSIGN_OR_RETURN(auto picked, Vector::Make(LogicalType::Varbinary(), SpillScratch(), n));
    std::vector<uint32_t> positions(groups.size());
    for (size_t k = 0; k < groups.size(); ++k)
      positions[k] = static_cast<uint32_t>(groups[k] - batch_start);
    FLOE_RETURN_NOT_OK(GatherRows(*states, positions.data(), n, picked.get(), 0));
    std::vector<const Vector*> columns;
    std::vector<std::shared_ptr<Vector>> keep;
    for (const Vector* k : keys) {
      FLOE_ASSIGN_OR_RETURN(auto v, Vector::Make(k->type(), SpillScratch(), n));
      FLOE_RETURN_NOT_OK(GatherRows(*k, groups.data(), n, v.get(), 0));
      columns.push_back(v.get());
      keep.push_back(std::move(v));
    }
    columns.push_back(picked.get());
    return w->Write(columns, nullptr, n);
  }

  // Combines the partial states of one spilled partition.
  Result<std::unique_ptr<GroupingTable>> LoadPartition(ExecContext* ctx, const std::string& path) {
    std::vector<LogicalType> types = key_types_;
    types.push_back(LogicalType::Varbinary());
    FLOE_ASSIGN_OR_RETURN(auto reader, SpillReader::Open(path, types, ctx->pool));
    FLOE_ASSIGN_OR_RETURN(auto table, GroupingTable::Make(key_types_, &layout_, ctx->pool));
    std::vector<uint8_t> temp(static_cast<size_t>(std::max(layout_.width, 16)) + 16);
    uint8_t* scratch = reinterpret_cast<uint8_t*>((reinterpret_cast<uintptr_t>(temp.data()) + 15) &
                                                  ~uintptr_t{15});
    Chunk chunk;
    while (true) {
      FLOE_RETURN_NOT_OK(ctx->CheckCancelled());
      FLOE_ASSIGN_OR_RETURN(bool more, reader->Next(&chunk));
      if (!more) break;
      const int64_t n = chunk.size;
      std::vector<const Vector*> keys;
      for (size_t c = 0; c < key_types_.size(); ++c) keys.push_back(chunk.columns[c].get());
      std::vector<uint64_t> hashes(static_cast<size_t>(n));
      std::vector<uint32_t> ids(static_cast<size_t>(n));
      for (size_t c = 0; c < keys.size(); ++c) HashRows(*keys[c], nullptr, n, hashes.data(), c > 0);
      Status st = table->FindOrCreate(keys, nullptr, n, hashes.data(), ids.data());
      if (!st.ok()) {
        return Status(st.code(), StrCat(st.message(), " (while combining a spilled partition of ",
                                        "the aggregation: the groups do not fit even in ",
                                        kPartitions, " parts)"));
      }
      const Vector& states = *chunk.columns.back();
      for (int64_t k = 0; k < n; ++k) {
        std::string_view bytes = states.GetString(k);
        size_t at = 0;
        uint8_t* into = table->State(ids[static_cast<size_t>(k)]);
        for (size_t i = 0; i < functions_.size(); ++i) {
          const AggregateFunction& f = functions_[i];
          f.init(scratch);
          if (f.deserialize) {
            at += f.deserialize(bytes.data() + at, bytes.size() - at, scratch);
          } else {
            std::memcpy(scratch, bytes.data() + at, static_cast<size_t>(f.state_size));
            at += static_cast<size_t>(f.state_size);
          }
          Status combined = f.combine(scratch, into + layout_.offsets[i]);
          if (f.destroy) f.destroy(scratch);
          FLOE_RETURN_NOT_OK(combined);
        }
      }
    }
    return table;
  }

  // Groups [start, start + n) of `t` as an output chunk.
  Result<bool> Emit(ExecContext* ctx, GroupingTable* t, int64_t start, int64_t n, Chunk* out) {
    std::vector<uint32_t> rows(static_cast<size_t>(n));
    std::vector<uint8_t*> states(static_cast<size_t>(n));
    for (int64_t k = 0; k < n; ++k) {
      rows[static_cast<size_t>(k)] = static_cast<uint32_t>(start + k);
      states[static_cast<size_t>(k)] = t->State(static_cast<uint32_t>(start + k));
    }
    out->size = n;
    out->columns.clear();
    for (size_t c = 0; c < key_types_.size(); ++c) {
      FLOE_ASSIGN_OR_RETURN(auto v, Vector::Make(key_types_[c], ctx->pool, n));
      FLOE_RETURN_NOT_OK(GatherRows(*t->keys().columns()[c], rows.data(), n, v.get(), 0));
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

  // Folds every group of `from` into `into` (combining states when
  // `states`); *merged: the groups fully folded in (on failure too).
  Status Merge(const GroupingTable& from, GroupingTable* into, bool states,
               int64_t* merged = nullptr, const std::vector<uint32_t>* only = nullptr) {
    const auto& cols = from.keys().columns();
    std::vector<const Vector*> key_ptrs;
    for (const auto& c : cols) key_ptrs.push_back(c.get());
    std::vector<uint32_t> rows(static_cast<size_t>(kBatch)), ids(static_cast<size_t>(kBatch));
    std::vector<uint64_t> hashes(static_cast<size_t>(kBatch));
    auto& src = const_cast<GroupingTable&>(from);
    const int64_t total = only != nullptr ? static_cast<int64_t>(only->size()) : from.groups();
    for (int64_t start = 0; start < total; start += kBatch) {
      const int64_t n = std::min(kBatch, total - start);
      for (int64_t k = 0; k < n; ++k) {
        const uint32_t group = only != nullptr ? (*only)[static_cast<size_t>(start + k)]
                                               : static_cast<uint32_t>(start + k);
        rows[static_cast<size_t>(k)] = group;
        hashes[static_cast<size_t>(k)] = key_ptrs.empty() ? 0 : from.hash(group);
      }
      if (merged != nullptr) *merged = start;
      FLOE_RETURN_NOT_OK(into->FindOrCreate(key_ptrs, rows.data(), n, hashes.data(), ids.data()));
      if (!states) continue;
      for (int64_t k = 0; k < n; ++k) {
        const uint8_t* s = src.State(rows[static_cast<size_t>(k)]);
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
