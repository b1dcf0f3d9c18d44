// ORDER BY and top-N: threads buffer their rows (a top-N keeps only its
// best rows as it goes), the buffers are merged, and the row order is
// computed once over the evaluated sort keys.
//
// Over the memory limit, a sort spills: a thread sorts its buffer and
// writes it out as a sorted run (every thread does, once a round is
// raised), and the output is a k-way merge of the runs.

#include <algorithm>
#include <chrono>
#include <functional>
#include <mutex>
#include <numeric>
#include <queue>
#include <thread>

#include "common/str_cat.h"
#include "sql/exec/expression_executor.h"
#include "sql/exec/operators_internal.h"
#include "sql/exec/sort_keys.h"
#include "sql/exec/spill_file.h"
#include "sql/exec/top_n_filter.h"
#include "sql/exec/vector_operations.h"

namespace floe::sql {

namespace {

// The rows of `keys` in the order `less` sorts them, written to `order`
// (keys->size() entries), on up to `threads` threads; `keys` is left
// sorted in parts. Equal parts are sorted at once; while more than two
// remain they are merged pairwise through a second key buffer (counted in
// `pool`; without that memory there are two parts); the last two are
// merged straight into `order`, each thread taking an equal share of the
// output. `less` must be a strict total order (the row number breaks
// ties), so the order is the one std::sort gives.
template <typename Less>
void SortRows(std::vector<NormalizedKey>* keys, const Less& less, int threads, MemoryPool* pool,
              uint32_t* order) {
  const size_t n = keys->size();
  size_t parts = std::min<size_t>(static_cast<size_t>(std::max(threads, 1)), 8);
  if (parts < 2 || n < 65536) {
    std::sort(keys->begin(), keys->end(), less);
    for (size_t i = 0; i < n; ++i) order[i] = (*keys)[i].row;
    return;
  }
  const int64_t buffer_bytes = static_cast<int64_t>(n * sizeof(NormalizedKey));
  const bool buffered = parts > 2 && pool->Reserve(buffer_bytes).ok();
  if (!buffered) parts = 2;
  std::vector<size_t> bounds(parts + 1);
  for (size_t p = 0; p <= parts; ++p) bounds[p] = n * p / parts;
  auto run = [](std::vector<std::thread>* workers) {
    for (auto& w : *workers) w.join();
    workers->clear();
  };
  std::vector<std::thread> workers;
  for (size_t p = 0; p < parts; ++p) {
    workers.emplace_back([&, p] {
      std::sort(keys->begin() + static_cast<long>(bounds[p]),
                keys->begin() + static_cast<long>(bounds[p + 1]), less);
    });
  }
  run(&workers);
  if (buffered) {
    std::vector<NormalizedKey> other(n);
    std::vector<NormalizedKey>* from = keys;
    std::vector<NormalizedKey>* to = &other;
    while (bounds.size() > 3) {
      std::vector<size_t> next{0};
      for (size_t i = 0; i + 1 < bounds.size(); i += 2) {
        const long lo = static_cast<long>(bounds[i]), mid = static_cast<long>(bounds[i + 1]);
        if (i + 2 < bounds.size()) {
          const long hi = static_cast<long>(bounds[i + 2]);
          workers.emplace_back([from, to, lo, mid, hi, &less] {
            std::merge(from->begin() + lo, from->begin() + mid, from->begin() + mid,
                       from->begin() + hi, to->begin() + lo, less);
          });
          next.push_back(bounds[i + 2]);
        } else {
          std::copy(from->begin() + lo, from->begin() + mid, to->begin() + lo);
          next.push_back(bounds[i + 1]);
        }
      }
      run(&workers);
      std::swap(from, to);
      bounds = std::move(next);
    }
    if (from != keys) keys->swap(*from);
    pool->Release(buffer_bytes);
  }
  // The last two parts, a = [0, mid) and b = [mid, n), merged into `order`:
  // output position p takes the first i of a and p - i of b, i found by
  // binary search (the a elements that sort before b's (p - i)th).
  const NormalizedKey* a = keys->data();
  const size_t mid = bounds[1], nb = n - mid;
  const NormalizedKey* b = a + mid;
  auto split = [&](size_t p) {
    size_t lo = p > nb ? p - nb : 0, hi = std::min(p, mid);
    while (lo < hi) {
      const size_t i = (lo + hi) / 2;
      if (less(a[i], b[p - i - 1])) {
        lo = i + 1;
      } else {
        hi = i;
      }
    }
    return lo;
  };
  const size_t shares = static_cast<size_t>(std::max(threads, 1));
  for (size_t t = 0; t < shares; ++t) {
    workers.emplace_back([&, t] {
      const size_t p0 = n * t / shares, p1 = n * (t + 1) / shares;
      size_t i = split(p0), j = p0 - i;
      const size_t i_end = split(p1), j_end = p1 - i_end;
      for (size_t p = p0; p < p1; ++p) {
        if (j >= j_end || (i < i_end && less(a[i], b[j]))) {
          order[p] = a[i++].row;
        } else {
          order[p] = b[j++].row;
        }
      }
    });
  }
  run(&workers);
}

using columnar::Chunk;
using columnar::Vector;

struct SortLocal : LocalState {
  explicit SortLocal(MemoryPool* pool) : executor(pool) {}
  ColumnBuffer rows;
  // A top-N's worst kept row (its key values, one row each) once it has
  // pruned: later rows not better than it cannot be in the result.
  std::vector<std::shared_ptr<Vector>> cutoff;
  ExpressionExecutor executor;
  int64_t spill_epoch = 0;
};

// One sorted run being merged: its current batch and the batch's keys.
struct Run {
  std::unique_ptr<SpillReader> reader;
  Chunk chunk;
  std::vector<std::shared_ptr<Vector>> keys;
  int64_t row = 0;
};

struct SortGlobal : GlobalState {
  ColumnBuffer rows;
  std::vector<uint32_t> order;
  int64_t next = 0;
  // A large in-memory sort's output, gathered in order by every thread in
  // Finalize (the source is read by one thread); empty: gathered as read.
  std::vector<Chunk> sorted;
  size_t next_sorted = 0;
  // Spilling.
  std::mutex spill_mu;
  std::vector<std::string> runs;
  std::atomic<int64_t> spill_epoch{0};
  std::vector<Run> merging;
  std::vector<size_t> heap;  // indices into `merging`, best first
};

class SortOperator : public PhysicalOperator {
 public:
  std::string Name() const override { return limit_ >= 0 ? "TopN" : "Sort"; }
  std::string Details() const override {
    std::string out;
    if (limit_ >= 0) out += StrCat(limit_, offset_ > 0 ? StrCat(" offset ", offset_) : "", " by ");
    for (size_t i = 0; i < keys_.size(); ++i) {
      out +=
          StrCat(i ? ", " : "", keys_[i].expr->ToString(), keys_[i].descending ? " DESC" : " ASC",
                 keys_[i].nulls_first ? " NULLS FIRST" : " NULLS LAST");
    }
    return out;
  }
  bool IsSink() const override { return true; }
  bool IsSource() const override { return true; }
  bool ParallelSource() const override { return false; }

  void set_top_n_filter(std::shared_ptr<TopNFilter> filter) { top_n_filter_ = std::move(filter); }

  void Init(const LogicalOp& sort) {
    for (const auto& k : sort.sort_keys) {
      SortKey key;
      key.expr = k.expr->Clone();
      key.descending = k.descending;
      key.nulls_first = k.nulls_first;
      keys_.push_back(std::move(key));
    }
    if (sort.kind == LogicalOp::Kind::kTopN) {
      limit_ = sort.limit;
      offset_ = sort.offset;
      with_ties_ = sort.with_ties;
    }
  }

  Result<std::unique_ptr<GlobalState>> MakeSinkState(ExecContext* ctx) override {
    auto g = std::make_unique<SortGlobal>();
    FLOE_ASSIGN_OR_RETURN(g->rows, ColumnBuffer::Make(types, ctx->pool));
    return std::unique_ptr<GlobalState>(std::move(g));
  }
  Result<std::unique_ptr<LocalState>> MakeLocalSinkState(ExecContext* ctx) override {
    auto l = std::make_unique<SortLocal>(ctx->pool);
    FLOE_ASSIGN_OR_RETURN(l->rows, ColumnBuffer::Make(types, ctx->pool));
    return std::unique_ptr<LocalState>(std::move(l));
  }

  Result<SinkResult> Sink(ExecContext* ctx, const Chunk& in, LocalState* local) override {
    auto* l = static_cast<SortLocal*>(local);
    if (!l->cutoff.empty()) {
      // Only rows that beat the cutoff can still make the top N.
      std::vector<std::shared_ptr<Vector>> values;
      for (const auto& k : keys_) {
        FLOE_ASSIGN_OR_RETURN(auto v, l->executor.Evaluate(*k.expr, in));
        FLOE_ASSIGN_OR_RETURN(v, FlatVector(v, in.size, ctx->pool));
        values.push_back(std::move(v));
      }
      FLOE_ASSIGN_OR_RETURN(
          auto sel, columnar::SelectionVector::Make(ctx->pool, std::max<int64_t>(in.size, 1)));
      int64_t kept = 0;
      for (int64_t k = 0; k < in.live_rows(); ++k) {
        const uint32_t row = in.selection ? in.selection->indices()[k] : static_cast<uint32_t>(k);
        const int c = CompareKeys(values, row, l->cutoff, 0);
        if (c < 0 || (with_ties_ && c == 0)) sel->mutable_indices()[kept++] = row;
      }
      if (kept == 0) return SinkResult::kNeedMoreInput;
      sel->set_size(kept);
      Chunk better = in;
      better.selection = std::move(sel);
      FLOE_RETURN_NOT_OK(l->rows.Append(better));
    } else {
      auto* g = static_cast<SortGlobal*>(sink_state());
      // Sorting a buffer to write it out takes scratch outside the limit
      // (keys and order, ~32 bytes a row, in every thread at once): a round
      // starts while the buffers and that scratch still fit under it.
      const int64_t scratch = l->rows.rows() * 32 * ctx->threads;
      if (CanSpill(ctx) && l->rows.rows() >= 4096 && ctx->OverSpillThreshold(scratch)) {
        ++g->spill_epoch;
      }
      if (g->spill_epoch.load() > l->spill_epoch) FLOE_RETURN_NOT_OK(SpillLocal(ctx, l, g));
      Status st = l->rows.Append(in);
      // Out of memory: write this buffer out as a sorted run (every thread
      // does, seeing the new round) and retry.
      for (int attempt = 0; st.code() == StatusCode::kOutOfMemory && CanSpill(ctx) && attempt < 200;
           ++attempt) {
        if (attempt == 0) {
          ++g->spill_epoch;
        } else {
          FLOE_RETURN_NOT_OK(ctx->CheckCancelled());
          std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
        FLOE_RETURN_NOT_OK(SpillLocal(ctx, l, g));
        st = l->rows.Append(in);
      }
      FLOE_RETURN_NOT_OK(st);
    }
    // A top-N keeps its best rows only, pruning when the buffer holds many
    // more — sooner when the scan below drops rows by the cutoff, which
    // then tightens as rows arrive.
    const int64_t prune_at = top_n_filter_ != nullptr ? 1024 : 8192;
    if (limit_ >= 0 && l->rows.rows() > std::max<int64_t>(4 * Wanted(), prune_at)) {
      FLOE_ASSIGN_OR_RETURN(l->rows, Prune(ctx, l->rows, &l->cutoff));
      if (top_n_filter_ != nullptr) top_n_filter_->Publish(l->cutoff);
    }
    return SinkResult::kNeedMoreInput;
  }

  Status Combine(ExecContext* ctx, LocalState* local) override {
    auto* g = static_cast<SortGlobal*>(sink_state());
    auto* l = static_cast<SortLocal*>(local);
    if (!g->runs.empty()) return WriteRun(ctx, l->rows, g);
    Status st = g->rows.AppendBuffer(l->rows);
    if (st.code() == StatusCode::kOutOfMemory && CanSpill(ctx)) {
      // AppendBuffer adds all rows or none.
      FLOE_RETURN_NOT_OK(WriteRun(ctx, g->rows, g));
      FLOE_ASSIGN_OR_RETURN(g->rows, ColumnBuffer::Make(types, ctx->pool));
      return WriteRun(ctx, l->rows, g);
    }
    return st;
  }

  Status Finalize(ExecContext* ctx) override {
    auto* g = static_cast<SortGlobal*>(sink_state());
    if (!g->runs.empty()) {
      // Merge the runs: open each, with its first batch.
      FLOE_RETURN_NOT_OK(WriteRun(ctx, g->rows, g));
      FLOE_ASSIGN_OR_RETURN(g->rows, ColumnBuffer::Make(types, ctx->pool));
      for (const auto& path : g->runs) {
        Run run;
        FLOE_ASSIGN_OR_RETURN(run.reader, SpillReader::Open(path, types, ctx->pool));
        FLOE_ASSIGN_OR_RETURN(bool any, NextBatch(ctx, &run));
        if (any) g->merging.push_back(std::move(run));
      }
      for (size_t i = 0; i < g->merging.size(); ++i) g->heap.push_back(i);
      std::make_heap(g->heap.begin(), g->heap.end(), HeapOrder(g));
      return Status::OK();
    }
    FLOE_ASSIGN_OR_RETURN(g->order, Order(ctx, g->rows, nullptr, /*all_threads=*/true));
    g->next = limit_ >= 0 ? std::min<int64_t>(offset_, static_cast<int64_t>(g->order.size())) : 0;
    if (limit_ < 0 && ctx->threads > 1 && g->order.size() >= 65536) GatherSorted(ctx, g);
    return Status::OK();
  }

  Result<bool> GetData(ExecContext* ctx, GlobalState*, LocalState*, Chunk* out) override {
    auto* g = static_cast<SortGlobal*>(sink_state());
    if (!g->runs.empty()) return Merge(ctx, g, out);
    if (!g->sorted.empty()) {
      if (g->next_sorted >= g->sorted.size()) return false;
      *out = std::move(g->sorted[g->next_sorted++]);
      return true;
    }
    const int64_t total = static_cast<int64_t>(g->order.size());
    if (g->next >= total) return false;
    const int64_t n = std::min<int64_t>(columnar::kDefaultVectorSize, total - g->next);
    FLOE_RETURN_NOT_OK(GatherChunk(ctx, *g, g->next, n, out));
    g->next += n;
    return true;
  }

 private:
  int64_t Wanted() const { return limit_ + offset_; }

  // Rows [from, from + n) of the sorted order as a chunk.
  Status GatherChunk(ExecContext* ctx, const SortGlobal& g, int64_t from, int64_t n,
                     Chunk* out) const {
    out->size = n;
    out->selection.reset();
    out->columns.clear();
    for (size_t c = 0; c < types.size(); ++c) {
      FLOE_ASSIGN_OR_RETURN(auto v, Vector::Make(types[c], ctx->pool, n));
      FLOE_RETURN_NOT_OK(GatherRows(*g.rows.columns()[c], g.order.data() + from, n, v.get(), 0));
      out->columns.push_back(std::move(v));
    }
    return Status::OK();
  }

  // Gathers the whole output in order on every thread (random reads of the
  // buffered rows dominate a large sort's output), then lets go of the
  // buffered rows. Without the memory, the output is gathered as read.
  void GatherSorted(ExecContext* ctx, SortGlobal* g) const {
    const int64_t total = static_cast<int64_t>(g->order.size());
    const int64_t size = columnar::kDefaultVectorSize;
    g->sorted.resize(static_cast<size_t>((total + size - 1) / size));
    std::atomic<size_t> next{0};
    std::atomic<bool> failed{false};
    auto work = [&] {
      for (size_t c; !failed && (c = next++) < g->sorted.size();) {
        const int64_t from = static_cast<int64_t>(c) * size;
        if (!GatherChunk(ctx, *g, from, std::min(size, total - from), &g->sorted[c]).ok()) {
          failed = true;
        }
      }
    };
    std::vector<std::thread> workers;
    for (int t = 1; t < ctx->threads; ++t) workers.emplace_back(work);
    work();
    for (auto& w : workers) w.join();
    if (failed) {
      g->sorted.clear();
      return;
    }
    auto empty = ColumnBuffer::Make(types, ctx->pool);
    if (empty.ok()) g->rows = std::move(*empty);
    std::vector<uint32_t>().swap(g->order);
  }

  // A top-N keeps little; only full sorts spill.
  bool CanSpill(ExecContext* ctx) const { return ctx->spill != nullptr && limit_ < 0; }

  Status SpillLocal(ExecContext* ctx, SortLocal* l, SortGlobal* g) {
    l->spill_epoch = g->spill_epoch.load();
    if (l->rows.rows() == 0) return Status::OK();
    FLOE_RETURN_NOT_OK(WriteRun(ctx, l->rows, g));
    FLOE_ASSIGN_OR_RETURN(l->rows, ColumnBuffer::Make(types, ctx->pool));
    return Status::OK();
  }

  // Sorts `rows` and writes them as one run. The sort's scratch (keys,
  // order) comes from outside the query's limit: this runs when the
  // limit is reached, and it is bounded by the buffer being written.
  Status WriteRun(ExecContext* ctx, const ColumnBuffer& rows, SortGlobal* g) {
    if (rows.rows() == 0) return Status::OK();
    FLOE_ASSIGN_OR_RETURN(std::vector<uint32_t> order, Order(ctx, rows, MemoryPool::Default()));
    FLOE_ASSIGN_OR_RETURN(auto writer, SpillWriter::Open(ctx->spill, "sort"));
    std::vector<const Vector*> columns;
    for (const auto& c : rows.columns()) columns.push_back(c.get());
    const int64_t n = static_cast<int64_t>(order.size());
    for (int64_t start = 0; start < n; start += columnar::kDefaultVectorSize) {
      FLOE_RETURN_NOT_OK(ctx->CheckCancelled());
      const int64_t count = std::min<int64_t>(columnar::kDefaultVectorSize, n - start);
      FLOE_RETURN_NOT_OK(writer->Write(columns, order.data() + start, count));
    }
    FLOE_RETURN_NOT_OK(writer->Close());
    std::lock_guard<std::mutex> lock(g->spill_mu);
    g->runs.push_back(writer->path());
    return Status::OK();
  }

  // Reads the run's next batch and evaluates its keys; false at its end.
  Result<bool> NextBatch(ExecContext* ctx, Run* run) {
    FLOE_ASSIGN_OR_RETURN(bool more, run->reader->Next(&run->chunk));
    if (!more) return false;
    run->row = 0;
    run->keys.clear();
    ExpressionExecutor executor(ctx->pool);
    for (const auto& k : keys_) {
      FLOE_ASSIGN_OR_RETURN(auto v, executor.Evaluate(*k.expr, run->chunk));
      FLOE_ASSIGN_OR_RETURN(v, FlatVector(v, run->chunk.size, ctx->pool));
      run->keys.push_back(std::move(v));
    }
    return true;
  }

  // std::*_heap keep the largest first: "larger" is the run whose current
  // row sorts first.
  std::function<bool(size_t, size_t)> HeapOrder(SortGlobal* g) const {
    return [this, g](size_t a, size_t b) {
      const Run& x = g->merging[a];
      const Run& y = g->merging[b];
      const int c = CompareKeys(x.keys, x.row, y.keys, y.row);
      return c != 0 ? c > 0 : a > b;
    };
  }

  Result<bool> Merge(ExecContext* ctx, SortGlobal* g, Chunk* out) {
    if (g->heap.empty()) return false;
    const int64_t capacity = columnar::kDefaultVectorSize;
    out->columns.clear();
    for (const auto& t : types) {
      FLOE_ASSIGN_OR_RETURN(auto v, Vector::Make(t, ctx->pool, capacity));
      out->columns.push_back(std::move(v));
    }
    int64_t n = 0;
    auto order = HeapOrder(g);
    while (n < capacity && !g->heap.empty()) {
      std::pop_heap(g->heap.begin(), g->heap.end(), order);
      const size_t best = g->heap.back();
      Run& run = g->merging[best];
      const uint32_t row = static_cast<uint32_t>(run.row);
      for (size_t c = 0; c < types.size(); ++c) {
        FLOE_RETURN_NOT_OK(GatherRows(*run.chunk.columns[c], &row, 1, out->columns[c].get(), n));
      }
      ++n;
      if (++run.row >= run.chunk.size) {
        FLOE_ASSIGN_OR_RETURN(bool more, NextBatch(ctx, &run));
        if (!more) {
          g->heap.pop_back();
          continue;
        }
      }
      std::push_heap(g->heap.begin(), g->heap.end(), order);
    }
    out->size = n;
    for (auto& v : out->columns) v->set_size(n);
    return n > 0;
  }

  // The buffer's rows in sort order (only the first offset + limit for a top-N).
  // A fully sorted order cut to offset + limit rows (and their ties).
  std::vector<uint32_t> TrimToLimit(std::vector<uint32_t> order,
                                    const std::vector<std::shared_ptr<Vector>>& key_values) const {
    size_t keep = static_cast<size_t>(Wanted());
    if (with_ties_ && keep > 0) {
      while (keep < order.size() &&
             CompareKeys(key_values, order[keep], key_values, order[keep - 1]) == 0) {
        ++keep;
      }
    }
    order.resize(std::min(keep, order.size()));
    return order;
  }

  // `all_threads`: the caller is the only thread left (Finalize), so the
  // sort may use ctx->threads.
  Result<std::vector<uint32_t>> Order(ExecContext* ctx, const ColumnBuffer& rows,
                                      MemoryPool* scratch = nullptr, bool all_threads = false) {
    MemoryPool* pool = scratch != nullptr ? scratch : ctx->pool;
    const int64_t n = rows.rows();
    Chunk chunk;
    chunk.size = n;
    chunk.columns = rows.columns();
    ExpressionExecutor executor(pool);
    std::vector<std::shared_ptr<Vector>> key_values;
    for (const auto& k : keys_) {
      FLOE_ASSIGN_OR_RETURN(auto v, executor.Evaluate(*k.expr, chunk));
      FLOE_ASSIGN_OR_RETURN(v, FlatVector(v, n, pool));
      key_values.push_back(std::move(v));
    }
    std::vector<uint32_t> order(static_cast<size_t>(n));
    std::vector<NormalizedKey> normalized;
    bool exact = false;
    // The keys' scratch is counted against the query's memory (a failure
    // just means the slower comparison sort).
    const int64_t scratch_bytes = n * static_cast<int64_t>(sizeof(NormalizedKey));
    const bool reserved = (limit_ < 0 || Wanted() >= n / 4) && pool->Reserve(scratch_bytes).ok();
    struct Release {
      MemoryPool* pool;
      int64_t bytes;
      bool on;
      ~Release() {
        if (on) pool->Release(bytes);
      }
    } release{pool, scratch_bytes, reserved};
    const int threads = all_threads ? ctx->threads : 1;
    if (reserved && NormalizeSortKeys(keys_, key_values, n, &normalized, &exact, threads)) {
      // Two-word comparisons; string prefixes that tie are compared in full.
      auto by_key = [&](const NormalizedKey& a, const NormalizedKey& b) {
        const int k = a.Compare(b);
        if (k != 0) return k < 0;
        if (!exact) {
          const int c = CompareKeys(key_values, a.row, key_values, b.row);
          if (c != 0) return c < 0;
        }
        return a.row < b.row;  // stable
      };
      // The final sort (one call, after every thread combined) uses every
      // thread.
      SortRows(&normalized, by_key, threads, pool, order.data());
      if (limit_ >= 0 && Wanted() < n) return TrimToLimit(std::move(order), key_values);
      return order;
    }
    std::iota(order.begin(), order.end(), 0u);
    auto less = [&](uint32_t a, uint32_t b) {
      const int c = CompareKeys(key_values, a, key_values, b);
      return c != 0 ? c < 0 : a < b;  // stable
    };
    if (limit_ >= 0 && Wanted() < n) {
      std::partial_sort(order.begin(), order.begin() + Wanted(), order.end(), less);
      const size_t wanted = static_cast<size_t>(Wanted());
      if (with_ties_ && wanted > 0) {
        // Rows equal to the last kept one, in input order.
        std::vector<uint32_t> ties;
        const uint32_t last = order[wanted - 1];
        for (size_t i = wanted; i < order.size(); ++i) {
          if (CompareKeys(key_values, order[i], key_values, last) == 0) ties.push_back(order[i]);
        }
        std::sort(ties.begin(), ties.end());
        order.resize(wanted);
        order.insert(order.end(), ties.begin(), ties.end());
      } else {
        order.resize(wanted);
      }
    } else {
      std::sort(order.begin(), order.end(), less);
    }
    return order;
  }

  // Orders row a of `x` against row b of `y` (key values, one vector per
  // key): <0 when a sorts first.
  int CompareKeys(const std::vector<std::shared_ptr<Vector>>& x, int64_t a,
                  const std::vector<std::shared_ptr<Vector>>& y, int64_t b) const {
    return CompareKeyRows(keys_, x, a, y, b);
  }

  Result<ColumnBuffer> Prune(ExecContext* ctx, const ColumnBuffer& rows,
                             std::vector<std::shared_ptr<Vector>>* cutoff) {
    FLOE_ASSIGN_OR_RETURN(std::vector<uint32_t> order, Order(ctx, rows));
    if (!order.empty()) {
      // The worst kept row's keys become the cutoff.
      Chunk chunk;
      chunk.size = rows.rows();
      chunk.columns = rows.columns();
      ExpressionExecutor executor(ctx->pool);
      cutoff->clear();
      const uint32_t last = order.back();
      for (const auto& k : keys_) {
        FLOE_ASSIGN_OR_RETURN(auto v, executor.Evaluate(*k.expr, chunk));
        FLOE_ASSIGN_OR_RETURN(auto one, Vector::Make(v->type(), ctx->pool, 1));
        FLOE_RETURN_NOT_OK(GatherRows(*v, &last, 1, one.get(), 0));
        cutoff->push_back(std::move(one));
      }
    }
    FLOE_ASSIGN_OR_RETURN(ColumnBuffer kept, ColumnBuffer::Make(types, ctx->pool));
    Chunk chunk;
    chunk.size = rows.rows();
    chunk.columns = rows.columns();
    FLOE_ASSIGN_OR_RETURN(auto sel,
                          columnar::SelectionVector::Make(
                              ctx->pool, std::max<int64_t>(1, static_cast<int64_t>(order.size()))));
    std::copy(order.begin(), order.end(), sel->mutable_indices());
    sel->set_size(static_cast<int64_t>(order.size()));
    chunk.selection = std::move(sel);
    FLOE_RETURN_NOT_OK(kept.Append(chunk));
    return kept;
  }

  std::vector<SortKey> keys_;
  std::shared_ptr<TopNFilter> top_n_filter_;  // the scan below, when it can use the cutoff
  int64_t limit_ = -1;
  int64_t offset_ = 0;
  bool with_ties_ = false;  // rows equal to the last kept one are kept too
};

}  // namespace

void SetTopNFilter(PhysicalOperator* sort, std::shared_ptr<TopNFilter> filter) {
  static_cast<SortOperator*>(sort)->set_top_n_filter(std::move(filter));
}

Result<PhysicalOperatorPtr> MakeSort(const LogicalOp& sort, PhysicalOperatorPtr input) {
  auto op = std::make_unique<SortOperator>();
  op->Init(sort);
  op->types = sort.Types();
  op->children.push_back(std::move(input));
  return PhysicalOperatorPtr(std::move(op));
}

}  // namespace floe::sql
