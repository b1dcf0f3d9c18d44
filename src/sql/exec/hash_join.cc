// Hash join: the build side (the right input) is buffered by every thread,
// merged, and indexed by key hash (chained); probe threads stream the left
// input through it. Without keys every build row is a candidate (nested
// loop). A residual condition is checked on candidate pairs. Left and full
// joins emit probe rows without a match padded with NULLs; a full join then
// emits the build rows no probe matched; semi and anti joins emit probe rows
// with and without a match.
//
// Over the memory limit (hash joins only), the join spills as a grace hash
// join: build rows go to kPartitions files by key hash, probe rows then go
// to the matching probe files, and once probing is done the join, as a
// source, joins each partition pair in memory in turn.

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

#include "common/str_cat.h"
#include "sql/exec/expression_executor.h"
#include "sql/exec/operators_internal.h"
#include "sql/exec/spill_file.h"
#include "sql/exec/vector_operations.h"

namespace floe::sql {

namespace {

using columnar::Chunk;
using columnar::Vector;
using JoinType = LogicalOp::JoinType;

constexpr int64_t kBatch = columnar::kDefaultVectorSize;
constexpr uint32_t kNone = UINT32_MAX;
constexpr int kPartitions = 16;

int PartitionOf(uint64_t hash) { return static_cast<int>((hash >> 60) % kPartitions); }

// The build side in memory, indexed.
struct JoinTable {
  ColumnBuffer rows;
  std::vector<std::shared_ptr<Vector>> keys;  // evaluated over rows
  std::vector<uint64_t> hashes;               // per build row
  std::vector<uint32_t> heads;                // row + 1 by hash slot; 0 = none
  std::vector<uint32_t> next;                 // row + 1 of the next row in the chain
  uint64_t mask = 0;
  std::vector<uint8_t> matched;  // per build row (full joins)
  int64_t reserved = 0;          // bytes of heads/next accounted in `pool`
  MemoryPool* pool = nullptr;
  ~JoinTable() {
    if (pool != nullptr) pool->Release(reserved);
  }
};

struct BuildLocal : LocalState {
  ColumnBuffer rows;
  int64_t spill_epoch = 0;
};

// Spilled partitions: one writer per partition, shared by the threads.
struct PartitionFiles {
  std::mutex mu[kPartitions];
  std::unique_ptr<SpillWriter> writers[kPartitions];
};

struct BuildGlobal : GlobalState {
  ColumnBuffer rows;  // merged build rows (until indexed into `table`)
  std::unique_ptr<JoinTable> table;
  int64_t emitted = 0;  // full joins: build rows scanned for the unmatched
  // Spilling.
  std::atomic<bool> spilled{false};
  std::atomic<int64_t> spill_epoch{0};
  PartitionFiles build_files, probe_files;
  bool probe_files_closed = false;
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
  // One fixed-width key of the same physical type on both sides, flat and
  // without NULLs in this chunk: keys compare as raw bytes of this width
  // (0: the general comparison).
  int key_width = 0;
  int64_t prefetched = 0;  // live probe rows whose table entries were prefetched
};

// The source phase of a spilled join: the partition being joined.
struct PartitionJoin : LocalState {
  explicit PartitionJoin(MemoryPool* pool) : probe(pool) {}
  int partition = -1;
  std::unique_ptr<JoinTable> table;
  std::unique_ptr<SpillReader> reader;
  Chunk chunk;  // the probe batch being joined
  bool have_chunk = false;
  ProbeLocal probe;
  bool unmatched_done = true;
  int64_t emitted = 0;
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
  // After probing: unmatched build rows (full joins), or the spilled
  // partitions (hash joins).
  bool IsSource() const override { return type_ == JoinType::kFull || !probe_keys_.empty(); }
  bool ParallelSource() const override { return false; }

  const std::vector<LogicalType>& build_types() const { return children[1]->types; }
  const std::vector<LogicalType>& probe_types() const { return children[0]->types; }

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
  Result<SinkResult> Sink(ExecContext* ctx, const Chunk& in, LocalState* local) override {
    auto* l = static_cast<BuildLocal*>(local);
    auto* g = Global();
    if (g->spilled) {
      if (g->spill_epoch.load() > l->spill_epoch) FLOE_RETURN_NOT_OK(SpillLocal(ctx, l, g));
      FLOE_RETURN_NOT_OK(WritePartitions(ctx, in, build_keys_, &g->build_files, "join-build"));
      return SinkResult::kNeedMoreInput;
    }
    Status st = l->rows.Append(in);
    if (st.code() == StatusCode::kOutOfMemory && CanSpill(ctx)) {
      // Out of memory: from now on the build side goes to partition files;
      // every thread writes out what it holds.
      g->spilled = true;
      ++g->spill_epoch;
      FLOE_RETURN_NOT_OK(SpillLocal(ctx, l, g));
      FLOE_RETURN_NOT_OK(WritePartitions(ctx, in, build_keys_, &g->build_files, "join-build"));
      return SinkResult::kNeedMoreInput;
    }
    FLOE_RETURN_NOT_OK(st);
    return SinkResult::kNeedMoreInput;
  }
  Status Combine(ExecContext* ctx, LocalState* local) override {
    auto* l = static_cast<BuildLocal*>(local);
    auto* g = Global();
    if (g->spilled) return SpillLocal(ctx, l, g);
    Status st = g->rows.AppendBuffer(l->rows);
    if (st.code() == StatusCode::kOutOfMemory && CanSpill(ctx)) {
      g->spilled = true;
      FLOE_RETURN_NOT_OK(SpillBuffer(ctx, &g->rows, g));
      return SpillLocal(ctx, l, g);
    }
    return st;
  }
  Status Finalize(ExecContext* ctx) override {
    auto* g = Global();
    if (!g->spilled) {
      auto table = BuildTable(ctx, &g->rows, ctx->pool);
      if (table.ok()) {
        g->table = std::move(*table);
        return Status::OK();
      }
      if (table.status().code() != StatusCode::kOutOfMemory || !CanSpill(ctx)) {
        return table.status();
      }
      // The index does not fit beside the rows: partition them instead.
      g->spilled = true;
    }
    FLOE_RETURN_NOT_OK(SpillBuffer(ctx, &g->rows, g));
    for (int p = 0; p < kPartitions; ++p) {
      if (g->build_files.writers[p]) FLOE_RETURN_NOT_OK(g->build_files.writers[p]->Close());
    }
    return Status::OK();
  }

  ~HashJoin() override { set_sink_state(nullptr); }

  // ---- probe ----
  Result<std::unique_ptr<LocalState>> MakeOperatorState(ExecContext* ctx) override {
    return std::unique_ptr<LocalState>(new ProbeLocal(ctx->pool));
  }

  Result<OperatorResult> Execute(ExecContext* ctx, const Chunk& in, Chunk* out,
                                 LocalState* state) override {
    auto* g = Global();
    if (g->spilled) {
      // The matching build rows are on disk: set the probe rows aside too.
      out->columns.clear();
      out->selection.reset();
      out->size = 0;
      FLOE_RETURN_NOT_OK(WritePartitions(ctx, in, probe_keys_, &g->probe_files, "join-probe"));
      return OperatorResult::kNeedMoreInput;
    }
    return Probe(ctx, g->table.get(), in, out, static_cast<ProbeLocal*>(state));
  }

  // ---- source: unmatched build rows of a full join, or spilled partitions ----
  Result<std::unique_ptr<LocalState>> MakeLocalSourceState(ExecContext* ctx,
                                                           GlobalState*) override {
    return std::unique_ptr<LocalState>(new PartitionJoin(ctx->pool));
  }

  Result<bool> GetData(ExecContext* ctx, GlobalState*, LocalState* local, Chunk* out) override {
    auto* g = Global();
    if (!g->spilled) {
      if (type_ != JoinType::kFull) return false;
      return EmitUnmatched(ctx, g->table.get(), &g->emitted, out);
    }
    if (!g->probe_files_closed) {
      g->probe_files_closed = true;
      for (int p = 0; p < kPartitions; ++p) {
        if (g->probe_files.writers[p]) FLOE_RETURN_NOT_OK(g->probe_files.writers[p]->Close());
      }
    }
    auto* s = static_cast<PartitionJoin*>(local);
    while (true) {
      FLOE_RETURN_NOT_OK(ctx->CheckCancelled());
      if (s->table == nullptr) {
        // The next partition: its build rows, indexed.
        if (++s->partition >= kPartitions) return false;
        FLOE_ASSIGN_OR_RETURN(ColumnBuffer rows, ColumnBuffer::Make(build_types(), ctx->pool));
        if (auto& w = g->build_files.writers[s->partition]) {
          FLOE_ASSIGN_OR_RETURN(auto reader,
                                SpillReader::Open(w->path(), build_types(), ctx->pool));
          Chunk batch;
          while (true) {
            FLOE_ASSIGN_OR_RETURN(bool more, reader->Next(&batch));
            if (!more) break;
            Status st = rows.Append(batch);
            if (!st.ok()) {
              return Status(st.code(),
                            StrCat(st.message(), " (while joining a spilled partition: ",
                                   "its build rows do not fit even in ", kPartitions, " parts)"));
            }
          }
        }
        FLOE_ASSIGN_OR_RETURN(s->table, BuildTable(ctx, &rows, ctx->pool));
        s->reader.reset();
        if (auto& w = g->probe_files.writers[s->partition]) {
          FLOE_ASSIGN_OR_RETURN(s->reader, SpillReader::Open(w->path(), probe_types(), ctx->pool));
        }
        s->have_chunk = false;
        s->unmatched_done = type_ != JoinType::kFull;
        s->emitted = 0;
      }
      if (!s->have_chunk) {
        bool more = false;
        if (s->reader) {
          FLOE_ASSIGN_OR_RETURN(more, s->reader->Next(&s->chunk));
        }
        if (!more) {
          if (!s->unmatched_done) {
            FLOE_ASSIGN_OR_RETURN(bool any, EmitUnmatched(ctx, s->table.get(), &s->emitted, out));
            if (any) return true;
            s->unmatched_done = true;
          }
          s->table.reset();
          continue;
        }
        s->have_chunk = true;
      }
      FLOE_ASSIGN_OR_RETURN(OperatorResult r, Probe(ctx, s->table.get(), s->chunk, out, &s->probe));
      if (r == OperatorResult::kNeedMoreInput) s->have_chunk = false;
      if (out->live_rows() > 0) return true;
    }
  }

 private:
  BuildGlobal* Global() const { return static_cast<BuildGlobal*>(sink_state()); }

  bool CanSpill(ExecContext* ctx) const { return ctx->spill != nullptr && !probe_keys_.empty(); }

  // Writes the live rows of `in` to the partition files of their key hash.
  Status WritePartitions(ExecContext* ctx, const Chunk& in, const std::vector<BoundExprPtr>& keys,
                         PartitionFiles* files, const char* what) {
    const int64_t n = in.live_rows();
    if (n == 0) return Status::OK();
    const uint32_t* rows = in.selection ? in.selection->indices() : nullptr;
    // Spilling happens at the memory limit: its scratch comes from outside it.
    ExpressionExecutor executor(MemoryPool::Default());
    std::vector<uint64_t> hashes(static_cast<size_t>(n));
    for (size_t c = 0; c < keys.size(); ++c) {
      FLOE_ASSIGN_OR_RETURN(auto v, executor.Evaluate(*keys[c], in));
      HashRows(*v, rows, n, hashes.data(), c > 0);
    }
    std::vector<uint32_t> by_partition[kPartitions];
    for (int64_t k = 0; k < n; ++k) {
      by_partition[PartitionOf(hashes[static_cast<size_t>(k)])].push_back(
          rows ? rows[k] : static_cast<uint32_t>(k));
    }
    std::vector<const Vector*> columns;
    for (const auto& c : in.columns) columns.push_back(c.get());
    for (int p = 0; p < kPartitions; ++p) {
      if (by_partition[p].empty()) continue;
      std::lock_guard<std::mutex> lock(files->mu[p]);
      if (!files->writers[p]) {
        FLOE_ASSIGN_OR_RETURN(files->writers[p], SpillWriter::Open(ctx->spill, what));
      }
      FLOE_RETURN_NOT_OK(files->writers[p]->Write(columns, by_partition[p].data(),
                                                  static_cast<int64_t>(by_partition[p].size())));
    }
    return Status::OK();
  }

  // Writes a buffer of build rows to the partitions and empties it.
  Status SpillBuffer(ExecContext* ctx, ColumnBuffer* rows, BuildGlobal* g) {
    for (int64_t start = 0; start < rows->rows(); start += kBatch) {
      Chunk chunk;
      chunk.size = std::min(kBatch, rows->rows() - start);
      // A window of the buffer: gather it (outside the query's limit).
      for (const auto& c : rows->columns()) {
        FLOE_ASSIGN_OR_RETURN(auto v, Vector::Make(c->type(), MemoryPool::Default(), chunk.size));
        std::vector<uint32_t> idx(static_cast<size_t>(chunk.size));
        for (int64_t k = 0; k < chunk.size; ++k)
          idx[static_cast<size_t>(k)] = static_cast<uint32_t>(start + k);
        FLOE_RETURN_NOT_OK(GatherRows(*c, idx.data(), chunk.size, v.get(), 0));
        chunk.columns.push_back(std::move(v));
      }
      FLOE_RETURN_NOT_OK(WritePartitions(ctx, chunk, build_keys_, &g->build_files, "join-build"));
    }
    FLOE_ASSIGN_OR_RETURN(*rows, ColumnBuffer::Make(build_types(), ctx->pool));
    return Status::OK();
  }

  Status SpillLocal(ExecContext* ctx, BuildLocal* l, BuildGlobal* g) {
    l->spill_epoch = g->spill_epoch.load();
    return SpillBuffer(ctx, &l->rows, g);
  }

  // Indexes build rows by key hash, taking them over; on failure they stay
  // in *rows.
  Result<std::unique_ptr<JoinTable>> BuildTable(ExecContext* ctx, ColumnBuffer* rows,
                                                MemoryPool* pool) {
    auto t = std::make_unique<JoinTable>();
    const int64_t n = rows->rows();
    if (n >= static_cast<int64_t>(kNone) - 1) {
      return Status::NotSupported("join build side of ", n, " rows");
    }
    if (type_ == JoinType::kFull) t->matched.assign(static_cast<size_t>(n), 0);
    if (build_keys_.empty()) {
      t->rows = std::move(*rows);
      return t;
    }
    Chunk chunk;
    chunk.size = n;
    chunk.columns = rows->columns();
    ExpressionExecutor executor(pool);
    for (const auto& k : build_keys_) {
      FLOE_ASSIGN_OR_RETURN(auto v, executor.Evaluate(*k, chunk));
      FLOE_ASSIGN_OR_RETURN(v, FlatVector(v, n, pool));
      t->keys.push_back(std::move(v));
    }
    size_t capacity = 1024;
    while (capacity < static_cast<size_t>(n) * 2) capacity *= 2;
    const int64_t bytes =
        static_cast<int64_t>((capacity + static_cast<size_t>(n)) * sizeof(uint32_t) +
                             static_cast<size_t>(n) * sizeof(uint64_t));
    FLOE_RETURN_NOT_OK(pool->Reserve(bytes));
    t->reserved = bytes;
    t->pool = pool;
    t->hashes.resize(static_cast<size_t>(n));
    for (size_t c = 0; c < t->keys.size(); ++c)
      HashRows(*t->keys[c], nullptr, n, t->hashes.data(), c > 0);
    t->heads.assign(capacity, 0);
    t->next.assign(static_cast<size_t>(n), 0);
    t->mask = capacity - 1;
    // Inserted back to front so that chains list rows in input order.
    for (int64_t r = n - 1; r >= 0; --r) {
      bool null_key = false;
      for (const auto& k : t->keys) null_key |= k->IsNull(r);
      if (null_key) continue;  // NULL keys never match
      uint32_t& head = t->heads[t->hashes[static_cast<size_t>(r)] & t->mask];
      t->next[static_cast<size_t>(r)] = head;
      head = static_cast<uint32_t>(r + 1);
    }
    FLOE_RETURN_NOT_OK(ctx->CheckCancelled());
    t->rows = std::move(*rows);
    return t;
  }

  Result<OperatorResult> Probe(ExecContext* ctx, JoinTable* t, const Chunk& in, Chunk* out,
                               ProbeLocal* s) {
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
      s->key_width = RawKeyWidth(t, s);
      s->prefetched = 0;
    }
    if (s->phase == 0) {
      FLOE_RETURN_NOT_OK(NextPairs(t, in, s));
      const bool more = s->probe < live;
      FLOE_RETURN_NOT_OK(EmitPairs(ctx, t, in, s, out));
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

  // Build rows no probe row matched (full joins), padded with NULLs.
  Result<bool> EmitUnmatched(ExecContext* ctx, JoinTable* t, int64_t* emitted, Chunk* out) {
    std::vector<uint32_t> picked;
    while (*emitted < t->rows.rows() && static_cast<int64_t>(picked.size()) < kBatch) {
      const int64_t r = (*emitted)++;
      if (!std::atomic_ref<uint8_t>(t->matched[static_cast<size_t>(r)])
               .load(std::memory_order_relaxed)) {
        picked.push_back(static_cast<uint32_t>(r));
      }
    }
    if (picked.empty()) return false;
    const int64_t n = static_cast<int64_t>(picked.size());
    out->size = n;
    out->selection.reset();
    out->columns.clear();
    for (const auto& type : probe_types()) {
      FLOE_ASSIGN_OR_RETURN(auto v, NullVector(type, n, ctx->pool));
      out->columns.push_back(std::move(v));
    }
    for (size_t c = 0; c < build_types().size(); ++c) {
      FLOE_ASSIGN_OR_RETURN(auto v, Vector::Make(build_types()[c], ctx->pool, n));
      FLOE_RETURN_NOT_OK(GatherRows(*t->rows.columns()[c], picked.data(), n, v.get(), 0));
      out->columns.push_back(std::move(v));
    }
    return true;
  }

  // The width at which the single key compares as raw bytes, or 0.
  static int RawKeyWidth(const JoinTable* t, const ProbeLocal* s) {
    if (s->keys.size() != 1 || t->keys.size() != 1) return 0;
    const Vector& p = *s->keys[0];
    const Vector& b = *t->keys[0];
    using columnar::TypeId;
    const TypeId id = p.type().id();
    // Integers and temporal values only: floats (-0.0 = 0.0, NaN), strings
    // and nested values need the general comparison.
    const bool raw = id == TypeId::kInteger || id == TypeId::kBigInt || id == TypeId::kDate ||
                     id == TypeId::kTimestamp || id == TypeId::kTimestampTz;
    if (!raw || p.type() != b.type() || p.kind() != columnar::VectorKind::kFlat ||
        b.kind() != columnar::VectorKind::kFlat || p.validity() != nullptr ||
        b.validity() != nullptr) {
      return 0;
    }
    return p.type().fixed_width();
  }

  // Software prefetch of the table entries the next probe rows will read:
  // their chain heads, then the first candidate's hash and key, so that a
  // probe of a table larger than the caches waits for memory once per
  // batch rather than once per row.
  static void Prefetch(const JoinTable* t, ProbeLocal* s, int64_t live) {
    constexpr int64_t kAhead = 64;
    if (s->prefetched > s->probe + kAhead / 2) return;
    const int64_t from = std::max(s->prefetched, s->probe);
    const int64_t to = std::min(live, s->probe + kAhead);
    for (int64_t k = from; k < to; ++k)
      __builtin_prefetch(&t->heads[s->hashes[static_cast<size_t>(k)] & t->mask]);
    const Vector* build_key = t->keys.size() == 1 ? t->keys[0].get() : nullptr;
    const int width = s->key_width;
    for (int64_t k = from; k < to; ++k) {
      const uint32_t entry = t->heads[s->hashes[static_cast<size_t>(k)] & t->mask];
      if (entry == 0) continue;
      __builtin_prefetch(&t->hashes[entry - 1]);
      __builtin_prefetch(&t->next[entry - 1]);
      if (width != 0) __builtin_prefetch(build_key->raw_data() + (entry - 1) * width);
    }
    s->prefetched = to;
  }

  bool KeysEqual(const JoinTable* t, const ProbeLocal* s, int64_t probe_row,
                 uint32_t build_row) const {
    if (s->key_width == 4) {
      return s->keys[0]->data<uint32_t>()[probe_row] == t->keys[0]->data<uint32_t>()[build_row];
    }
    if (s->key_width == 8) {
      return s->keys[0]->data<uint64_t>()[probe_row] == t->keys[0]->data<uint64_t>()[build_row];
    }
    for (size_t c = 0; c < s->keys.size(); ++c) {
      if (!ValuesEqual(*s->keys[c], probe_row, *t->keys[c], build_row)) return false;
    }
    return true;
  }

  // Collects up to kBatch candidate (probe, build) pairs whose keys match.
  Status NextPairs(const JoinTable* t, const Chunk& in, ProbeLocal* s) {
    s->pair_probe.clear();
    s->pair_build.clear();
    const int64_t live = in.live_rows();
    const uint32_t* rows = in.selection ? in.selection->indices() : nullptr;
    const int64_t build_rows = t->rows.rows();
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
        Prefetch(t, s, live);
        bool null_key = false;
        for (const auto& k : s->keys) null_key |= k->IsNull(row);
        const uint64_t h = s->hashes[static_cast<size_t>(s->probe)];
        uint32_t entry = null_key ? 0 : (s->cursor == kNone ? t->heads[h & t->mask] : s->cursor);
        while (entry != 0 && static_cast<int64_t>(s->pair_probe.size()) < kBatch) {
          const uint32_t b = entry - 1;
          if (t->hashes[b] == h && KeysEqual(t, s, row, b)) {
            s->pair_probe.push_back(static_cast<uint32_t>(s->probe));
            s->pair_build.push_back(b);
          }
          entry = t->next[b];
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
  Status EmitPairs(ExecContext* ctx, JoinTable* t, const Chunk& in, ProbeLocal* s, Chunk* out) {
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
      FLOE_RETURN_NOT_OK(GatherRows(*t->rows.columns()[c], s->pair_build.data(), n, v.get(), 0));
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
        std::atomic_ref<uint8_t>(t->matched[s->pair_build[static_cast<size_t>(i)]])
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
