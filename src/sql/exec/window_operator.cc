// Window functions (https://trino.io/docs/current/functions/window.html):
// threads buffer their rows; Finalize sorts the buffer once per distinct
// (PARTITION BY, ORDER BY) of the calls and computes each call partition
// by partition into a result column in that sorted order; GetData emits the
// rows in the last window's order, each call's result gathered alongside.
//
// Aggregates over a frame: frames starting at UNBOUNDED PRECEDING (the
// default frame, running totals, whole partitions) accumulate one state as
// the frame end advances, O(n); other frames read a segment tree of the
// partition's states, O(n log n).

#include <algorithm>
#include <numeric>

#include "common/int128.h"
#include "common/str_cat.h"
#include "sql/exec/expression_executor.h"
#include "sql/exec/operators_internal.h"
#include "sql/exec/vector_operations.h"
#include "sql/functions/aggregate_function.h"

namespace floe::sql {

namespace {

using columnar::Chunk;
using columnar::Vector;
using VectorPtr = std::shared_ptr<Vector>;
using FrameBound = WindowFrame::Bound;

struct WindowLocal : LocalState {
  ColumnBuffer rows;
};

struct WindowGlobal : GlobalState {
  ColumnBuffer rows;
  std::vector<uint32_t> order;                // output position -> buffer row
  std::vector<VectorPtr> results;             // per call, by its window's sorted position
  std::vector<std::vector<uint32_t>> gather;  // per window: output position -> sorted position
  int64_t next = 0;
};

// The buffer sorted for one window: partitions and peer groups as runs of
// sorted positions.
struct SortedWindow {
  std::vector<uint32_t> order;        // sorted position -> buffer row
  std::vector<int64_t> partitions;    // start positions, then n
  std::vector<int64_t> peer_group;    // per position: index into group_starts
  std::vector<int64_t> group_starts;  // start position of every peer group, then n
  int64_t PeerStart(int64_t p) const { return group_starts[static_cast<size_t>(peer_group[p])]; }
  int64_t PeerEnd(int64_t p) const { return group_starts[static_cast<size_t>(peer_group[p]) + 1]; }
};

// A row's value of a bigint vector, or nullopt when NULL.
inline bool BigIntAt(const Vector& v, int64_t row, int64_t* out) {
  if (v.IsNull(row)) return false;
  *out = v.data<int64_t>()[row];
  return true;
}

Status FrameOffsetError() {
  return Status::Invalid("Window frame offset value must not be negative or null");
}

// 16-byte aligned storage for aggregate states.
class StateArena {
 public:
  StateArena(const AggregateFunction* f, int64_t count)
      : f_(f),
        count_(count),
        storage_(new int128_t[static_cast<size_t>(count * f->state_size / 16 + 1)]) {
    for (int64_t i = 0; i < count_; ++i) f_->init(At(i));
  }
  ~StateArena() {
    if (f_->destroy == nullptr) return;
    for (int64_t i = 0; i < count_; ++i) f_->destroy(At(i));
  }
  StateArena(const StateArena&) = delete;
  StateArena& operator=(const StateArena&) = delete;
  uint8_t* At(int64_t i) {
    return reinterpret_cast<uint8_t*>(storage_.get()) + i * static_cast<int64_t>(f_->state_size);
  }

 private:
  const AggregateFunction* f_;
  int64_t count_;
  std::unique_ptr<int128_t[]> storage_;
};

class WindowOperator : public PhysicalOperator {
 public:
  ~WindowOperator() override { set_sink_state(nullptr); }
  std::string Name() const override { return "Window"; }
  std::string Details() const override {
    std::string out;
    for (size_t i = 0; i < calls_.size(); ++i) out += StrCat(i ? ", " : "", calls_[i].ToString());
    return out;
  }
  bool IsSink() const override { return true; }
  bool IsSource() const override { return true; }
  bool ParallelSource() const override { return false; }

  Status Init(const LogicalOp& op) {
    input_types_ = op.children[0]->Types();
    for (const auto& w : op.windows) {
      calls_.push_back(w.Clone());
      const std::string key = calls_.back().WindowKey();
      size_t i = 0;
      while (i < window_keys_.size() && window_keys_[i] != key) ++i;
      if (i == window_keys_.size()) {
        window_keys_.push_back(key);
        windows_.emplace_back();
      }
      windows_[i].push_back(calls_.size() - 1);
      window_of_call_.push_back(i);
      aggregates_.emplace_back();
      if (IsAggregateFunctionName(w.name)) {
        std::vector<LogicalType> arg_types;
        for (const auto& a : w.args) arg_types.push_back(a->type);
        FLOE_ASSIGN_OR_RETURN(aggregates_.back(), ResolveAggregate(w.name, arg_types));
      }
    }
    return Status::OK();
  }

  Result<std::unique_ptr<GlobalState>> MakeSinkState(ExecContext* ctx) override {
    auto g = std::make_unique<WindowGlobal>();
    FLOE_ASSIGN_OR_RETURN(g->rows, ColumnBuffer::Make(input_types_, ctx->pool));
    return std::unique_ptr<GlobalState>(std::move(g));
  }
  Result<std::unique_ptr<LocalState>> MakeLocalSinkState(ExecContext* ctx) override {
    auto l = std::make_unique<WindowLocal>();
    FLOE_ASSIGN_OR_RETURN(l->rows, ColumnBuffer::Make(input_types_, ctx->pool));
    return std::unique_ptr<LocalState>(std::move(l));
  }
  Result<SinkResult> Sink(ExecContext*, const Chunk& in, LocalState* local) override {
    FLOE_RETURN_NOT_OK(static_cast<WindowLocal*>(local)->rows.Append(in));
    return SinkResult::kNeedMoreInput;
  }
  Status Combine(ExecContext*, LocalState* local) override {
    auto* g = static_cast<WindowGlobal*>(sink_state());
    return g->rows.AppendBuffer(static_cast<WindowLocal*>(local)->rows);
  }

  Status Finalize(ExecContext* ctx) override {
    auto* g = static_cast<WindowGlobal*>(sink_state());
    const int64_t n = g->rows.rows();
    g->results.assign(calls_.size(), nullptr);
    g->gather.assign(windows_.size(), {});
    if (n == 0) return Status::OK();
    Chunk chunk;
    chunk.size = n;
    chunk.columns = g->rows.columns();
    std::vector<std::vector<uint32_t>> positions(windows_.size());
    for (size_t w = 0; w < windows_.size(); ++w) {
      FLOE_RETURN_NOT_OK(ctx->CheckCancelled());
      FLOE_ASSIGN_OR_RETURN(SortedWindow sorted, Sort(ctx, chunk, calls_[windows_[w][0]]));
      for (size_t c : windows_[w]) {
        FLOE_ASSIGN_OR_RETURN(g->results[c], Compute(ctx, chunk, sorted, c));
      }
      positions[w].resize(static_cast<size_t>(n));
      for (int64_t p = 0; p < n; ++p) positions[w][sorted.order[p]] = static_cast<uint32_t>(p);
      if (w + 1 == windows_.size()) g->order = std::move(sorted.order);
    }
    for (size_t w = 0; w < windows_.size(); ++w) {
      g->gather[w].resize(static_cast<size_t>(n));
      for (int64_t q = 0; q < n; ++q) g->gather[w][q] = positions[w][g->order[q]];
    }
    g->next = 0;
    return Status::OK();
  }

  Result<bool> GetData(ExecContext* ctx, GlobalState*, LocalState*, Chunk* out) override {
    auto* g = static_cast<WindowGlobal*>(sink_state());
    const int64_t total = static_cast<int64_t>(g->order.size());
    if (g->next >= total) return false;
    const int64_t n = std::min<int64_t>(columnar::kDefaultVectorSize, total - g->next);
    out->size = n;
    out->columns.clear();
    out->selection = nullptr;
    for (size_t c = 0; c < input_types_.size(); ++c) {
      FLOE_ASSIGN_OR_RETURN(auto v, Vector::Make(input_types_[c], ctx->pool, n));
      FLOE_RETURN_NOT_OK(
          GatherRows(*g->rows.columns()[c], g->order.data() + g->next, n, v.get(), 0));
      out->columns.push_back(std::move(v));
    }
    for (size_t c = 0; c < calls_.size(); ++c) {
      FLOE_ASSIGN_OR_RETURN(auto v, Vector::Make(calls_[c].type, ctx->pool, n));
      const uint32_t* rows = g->gather[window_of_call_[c]].data() + g->next;
      FLOE_RETURN_NOT_OK(GatherRows(*g->results[c], rows, n, v.get(), 0));
      out->columns.push_back(std::move(v));
    }
    g->next += n;
    return true;
  }

 private:
  static Result<VectorPtr> Eval(ExecContext* ctx, const BoundExpr& e, const Chunk& chunk) {
    ExpressionExecutor executor(ctx->pool);
    FLOE_ASSIGN_OR_RETURN(auto v, executor.Evaluate(e, chunk));
    return FlatVector(v, chunk.size, ctx->pool);
  }

  // Sorts the buffer by the call's partition keys, then its order keys, and
  // finds the partitions and peer groups.
  Result<SortedWindow> Sort(ExecContext* ctx, const Chunk& chunk, const WindowCall& call) {
    const int64_t n = chunk.size;
    std::vector<VectorPtr> parts, keys;
    for (const auto& e : call.partition_by) {
      FLOE_ASSIGN_OR_RETURN(auto v, Eval(ctx, *e, chunk));
      parts.push_back(std::move(v));
    }
    for (const auto& k : call.order_by) {
      FLOE_ASSIGN_OR_RETURN(auto v, Eval(ctx, *k.expr, chunk));
      keys.push_back(std::move(v));
    }
    SortedWindow s;
    s.order.resize(static_cast<size_t>(n));
    std::iota(s.order.begin(), s.order.end(), 0u);
    // Partition keys only need equal values together: CompareValues puts
    // NULLs after values, and together.
    auto compare_keys = [&](uint32_t a, uint32_t b) {
      for (size_t i = 0; i < call.order_by.size(); ++i) {
        const Vector& v = *keys[i];
        const bool an = v.IsNull(a), bn = v.IsNull(b);
        if (an || bn) {
          if (an == bn) continue;
          return (call.order_by[i].nulls_first ? an : bn) ? -1 : 1;
        }
        const int c = CompareValues(v, a, v, b);
        if (c != 0) return call.order_by[i].descending ? -c : c;
      }
      return 0;
    };
    auto compare_parts = [&](uint32_t a, uint32_t b) {
      for (const auto& v : parts) {
        const int c = CompareValues(*v, a, *v, b);
        if (c != 0) return c;
      }
      return 0;
    };
    if (!parts.empty() || !keys.empty()) {
      std::sort(s.order.begin(), s.order.end(), [&](uint32_t a, uint32_t b) {
        int c = compare_parts(a, b);
        if (c == 0) c = compare_keys(a, b);
        return c != 0 ? c < 0 : a < b;
      });
    }
    s.peer_group.resize(static_cast<size_t>(n));
    for (int64_t p = 0; p < n; ++p) {
      const bool new_partition = p == 0 || compare_parts(s.order[p - 1], s.order[p]) != 0;
      if (new_partition) s.partitions.push_back(p);
      if (new_partition || compare_keys(s.order[p - 1], s.order[p]) != 0)
        s.group_starts.push_back(p);
      s.peer_group[p] = static_cast<int64_t>(s.group_starts.size()) - 1;
    }
    s.partitions.push_back(n);
    s.group_starts.push_back(n);
    return s;
  }

  // The frame [start, end) of every sorted position (start >= end: empty).
  Status Frames(ExecContext* ctx, const Chunk& chunk, const SortedWindow& s, const WindowCall& call,
                std::vector<int64_t>* starts, std::vector<int64_t>* ends) {
    const int64_t n = chunk.size;
    const WindowFrame& f = call.frame;
    VectorPtr start_offset, end_offset, range_key;
    if (f.start_offset) {
      FLOE_ASSIGN_OR_RETURN(start_offset, Eval(ctx, *f.start_offset, chunk));
    }
    if (f.end_offset) {
      FLOE_ASSIGN_OR_RETURN(end_offset, Eval(ctx, *f.end_offset, chunk));
    }
    if (f.range_key) {
      FLOE_ASSIGN_OR_RETURN(range_key, Eval(ctx, *f.range_key, chunk));
    }
    const bool descending = !call.order_by.empty() && call.order_by[0].descending;
    starts->resize(static_cast<size_t>(n));
    ends->resize(static_cast<size_t>(n));
    for (size_t part = 0; part + 1 < s.partitions.size(); ++part) {
      const int64_t ps = s.partitions[part], pe = s.partitions[part + 1];
      // RANGE offsets compare order keys: the partition's non-NULL keys.
      int64_t nn_start = ps, nn_end = pe;
      if (range_key) {
        while (nn_start < pe && range_key->IsNull(s.order[nn_start])) ++nn_start;
        nn_end = nn_start;
        while (nn_end < pe && !range_key->IsNull(s.order[nn_end])) ++nn_end;
      }
      for (int64_t p = ps; p < pe; ++p) {
        const uint32_t row = s.order[p];
        for (int side = 0; side < 2; ++side) {
          const FrameBound b = side == 0 ? f.start : f.end;
          const Vector* offset = side == 0 ? start_offset.get() : end_offset.get();
          int64_t at = 0;
          switch (b) {
            case FrameBound::kUnboundedPreceding:
              at = ps;
              break;
            case FrameBound::kUnboundedFollowing:
              at = pe;
              break;
            case FrameBound::kCurrentRow:
              if (f.unit == WindowFrame::Unit::kRows) {
                at = side == 0 ? p : p + 1;
              } else {
                at = side == 0 ? s.PeerStart(p) : s.PeerEnd(p);
              }
              break;
            case FrameBound::kPreceding:
            case FrameBound::kFollowing: {
              const bool preceding = b == FrameBound::kPreceding;
              if (f.unit == WindowFrame::Unit::kRange) {
                if (range_key->IsNull(row)) {
                  // A NULL key's offset frame is its peers, the other NULLs.
                  at = side == 0 ? s.PeerStart(p) : s.PeerEnd(p);
                  break;
                }
                // First non-NULL key not before (start) / after (end) the bound value.
                auto first = std::partition_point(
                    s.order.begin() + nn_start, s.order.begin() + nn_end, [&](uint32_t j) {
                      const int c = CompareValues(*range_key, j, *offset, row);
                      const int dir = descending ? -c : c;
                      return side == 0 ? dir < 0 : dir <= 0;
                    });
                at = first - s.order.begin();
                break;
              }
              int64_t k = 0;
              if (!BigIntAt(*offset, row, &k) || k < 0) return FrameOffsetError();
              if (f.unit == WindowFrame::Unit::kRows) {
                const int64_t lo = p - ps, hi = pe - 1 - p;  // rows before / after p
                int64_t target;
                if (preceding) {
                  target = k > lo ? ps - 1 : p - k;
                } else {
                  target = k > hi ? pe : p + k;
                }
                at = side == 0 ? target : target + 1;
              } else {
                // GROUPS: k peer groups before / after the current one.
                const int64_t first_group = s.peer_group[ps], last_group = s.peer_group[pe - 1];
                const int64_t gp = s.peer_group[p];
                int64_t g2 = preceding ? (k > gp - first_group ? first_group - 1 : gp - k)
                                       : (k > last_group - gp ? last_group + 1 : gp + k);
                if (g2 < first_group) {
                  at = ps;
                } else if (g2 > last_group) {
                  at = pe;
                } else {
                  at = s.group_starts[static_cast<size_t>(side == 0 ? g2 : g2 + 1)];
                }
              }
              break;
            }
          }
          at = std::clamp(at, ps, pe);
          (side == 0 ? *starts : *ends)[p] = at;
        }
      }
    }
    return Status::OK();
  }

  Result<VectorPtr> Compute(ExecContext* ctx, const Chunk& chunk, const SortedWindow& s,
                            size_t index) {
    const WindowCall& call = calls_[index];
    const int64_t n = chunk.size;
    std::vector<VectorPtr> args;
    for (const auto& a : call.args) {
      FLOE_ASSIGN_OR_RETURN(auto v, Eval(ctx, *a, chunk));
      args.push_back(std::move(v));
    }
    FLOE_ASSIGN_OR_RETURN(VectorPtr out, Vector::Make(call.type, ctx->pool, n));
    const std::string& name = call.name;
    if (aggregates_[index].update != nullptr) {
      FLOE_RETURN_NOT_OK(Aggregate(ctx, chunk, s, index, args, out.get()));
      out->set_size(n);
      return out;
    }
    if (name == "row_number" || name == "rank" || name == "dense_rank" || name == "ntile") {
      int64_t* o = out->mutable_data<int64_t>();
      for (size_t part = 0; part + 1 < s.partitions.size(); ++part) {
        const int64_t ps = s.partitions[part], pe = s.partitions[part + 1];
        for (int64_t p = ps; p < pe; ++p) {
          if (name == "row_number") {
            o[p] = p - ps + 1;
          } else if (name == "rank") {
            o[p] = s.PeerStart(p) - ps + 1;
          } else if (name == "dense_rank") {
            o[p] = s.peer_group[p] - s.peer_group[ps] + 1;
          } else {
            int64_t buckets = 0;
            if (!BigIntAt(*args[0], s.order[p], &buckets)) {
              (void)out->EnsureValidity();
              out->SetNull(p);
              continue;
            }
            if (buckets <= 0) return Status::Invalid("Buckets must be greater than 0");
            // The first (rows % buckets) buckets get one row more.
            const int64_t rows = pe - ps, i = p - ps;
            const int64_t per = rows / buckets, extra = rows % buckets;
            o[p] = i < (per + 1) * extra ? i / (per + 1) + 1 : (i - extra) / per + 1;
          }
        }
      }
      out->set_size(n);
      return out;
    }
    if (name == "percent_rank" || name == "cume_dist") {
      double* o = out->mutable_data<double>();
      for (size_t part = 0; part + 1 < s.partitions.size(); ++part) {
        const int64_t ps = s.partitions[part], pe = s.partitions[part + 1];
        const double rows = static_cast<double>(pe - ps);
        for (int64_t p = ps; p < pe; ++p) {
          if (name == "percent_rank") {
            o[p] = pe - ps == 1 ? 0.0 : static_cast<double>(s.PeerStart(p) - ps) / (rows - 1);
          } else {
            o[p] = static_cast<double>(s.PeerEnd(p) - ps) / rows;
          }
        }
      }
      out->set_size(n);
      return out;
    }
    // Value functions: the sorted position whose value each row takes (-1: NULL).
    std::vector<int64_t> source(static_cast<size_t>(n), -1);
    std::vector<bool> use_default;
    // With IGNORE NULLS: the positions of non-NULL values, and how many precede each position.
    std::vector<int64_t> valid, valid_before;
    if (call.ignore_nulls) {
      valid_before.resize(static_cast<size_t>(n) + 1);
      for (int64_t p = 0; p < n; ++p) {
        valid_before[p] = static_cast<int64_t>(valid.size());
        if (!args[0]->IsNull(s.order[p])) valid.push_back(p);
      }
      valid_before[n] = static_cast<int64_t>(valid.size());
    }
    if (name == "lag" || name == "lead") {
      const bool lag = name == "lag";
      use_default.assign(static_cast<size_t>(n), false);
      for (size_t part = 0; part + 1 < s.partitions.size(); ++part) {
        const int64_t ps = s.partitions[part], pe = s.partitions[part + 1];
        for (int64_t p = ps; p < pe; ++p) {
          int64_t k = 1;
          if (args.size() > 1 && !BigIntAt(*args[1], s.order[p], &k)) continue;  // NULL
          if (k < 0) return Status::Invalid("Offset must be at least 0");
          int64_t target = -1;
          if (!call.ignore_nulls || k == 0) {
            const int64_t room = lag ? p - ps : pe - 1 - p;
            if (k <= room) target = lag ? p - k : p + k;
          } else if (lag) {
            // The k-th non-NULL value before p.
            const int64_t i = valid_before[p] - k;
            if (i >= 0 && valid[i] >= ps) target = valid[i];
          } else {
            const int64_t i = valid_before[p + 1] + k - 1;
            if (i < static_cast<int64_t>(valid.size()) && valid[i] < pe) target = valid[i];
          }
          source[p] = target;
          if (target < 0) use_default[p] = args.size() > 2;
        }
      }
    } else if (name == "first_value" || name == "last_value" || name == "nth_value") {
      std::vector<int64_t> starts, ends;
      FLOE_RETURN_NOT_OK(Frames(ctx, chunk, s, call, &starts, &ends));
      for (int64_t p = 0; p < n; ++p) {
        const int64_t a = starts[p], b = ends[p];
        if (a >= b) continue;
        int64_t k = 1;  // the k-th row of the frame, from its start (last_value: its end)
        if (name == "nth_value") {
          if (!BigIntAt(*args[1], s.order[p], &k)) continue;
          if (k < 1) return Status::Invalid("Offset must be at least 1");
        }
        if (!call.ignore_nulls) {
          if (name == "last_value") {
            source[p] = b - 1;
          } else if (k <= b - a) {
            source[p] = a + k - 1;
          }
          continue;
        }
        const int64_t lo = valid_before[a], hi = valid_before[b];  // valid[lo, hi) in frame
        if (lo >= hi) continue;
        if (name == "last_value") {
          source[p] = valid[hi - 1];
        } else if (k <= hi - lo) {
          source[p] = valid[lo + k - 1];
        }
      }
    } else {
      return Status::Internal("unknown window function ", name);
    }
    // Gather the values (row 0 stands in for NULLs), then set the NULLs and defaults.
    std::vector<uint32_t> rows(static_cast<size_t>(n));
    for (int64_t p = 0; p < n; ++p) rows[p] = source[p] >= 0 ? s.order[source[p]] : 0;
    FLOE_RETURN_NOT_OK(GatherRows(*args[0], rows.data(), n, out.get(), 0));
    for (int64_t p = 0; p < n; ++p) {
      if (source[p] >= 0) continue;
      if (!use_default.empty() && use_default[p]) {
        const uint32_t row = s.order[p];
        FLOE_RETURN_NOT_OK(GatherRows(*args[2], &row, 1, out.get(), p));
        continue;
      }
      FLOE_RETURN_NOT_OK(out->EnsureValidity());
      out->SetNull(p);
    }
    out->set_size(n);
    return out;
  }

  // An aggregate over each row's frame, written to out in sorted position order.
  Status Aggregate(ExecContext* ctx, const Chunk& chunk, const SortedWindow& s, size_t index,
                   const std::vector<VectorPtr>& args, Vector* out) {
    const WindowCall& call = calls_[index];
    const AggregateFunction& f = aggregates_[index];
    std::vector<const Vector*> arg_ptrs;
    for (const auto& a : args) arg_ptrs.push_back(a.get());
    // FILTER (WHERE ...): rows that fail it are left out of every frame.
    VectorPtr pass;
    if (call.filter) {
      FLOE_ASSIGN_OR_RETURN(pass, Eval(ctx, *call.filter, chunk));
    }
    auto passes = [&](uint32_t row) {
      return pass == nullptr || (!pass->IsNull(row) && pass->data<uint8_t>()[row] != 0);
    };
    std::vector<int64_t> starts, ends;
    FLOE_RETURN_NOT_OK(Frames(ctx, chunk, s, call, &starts, &ends));
    std::vector<uint32_t> rows;
    std::vector<uint8_t*> states;
    // Updates the states states[0..) with rows s.order[from, to) that pass.
    auto update = [&](int64_t from, int64_t to, uint8_t* state) -> Status {
      rows.clear();
      for (int64_t p = from; p < to; ++p) {
        if (passes(s.order[p])) rows.push_back(s.order[p]);
      }
      if (rows.empty()) return Status::OK();
      states.assign(rows.size(), state);
      AggregateInput input;
      input.args = arg_ptrs.data();
      input.rows = rows.data();
      input.n = static_cast<int64_t>(rows.size());
      input.states = states.data();
      input.offset = 0;
      return f.update(input);
    };
    const bool running = call.frame.start == FrameBound::kUnboundedPreceding;
    for (size_t part = 0; part + 1 < s.partitions.size(); ++part) {
      FLOE_RETURN_NOT_OK(ctx->CheckCancelled());
      const int64_t ps = s.partitions[part], pe = s.partitions[part + 1];
      // Offsets computed per row may move the frame end back: those take the tree.
      bool monotone = running;
      for (int64_t p = ps + 1; monotone && p < pe; ++p) monotone = ends[p] >= ends[p - 1];
      if (monotone) {
        // One state grows with the frame end (which never moves back);
        // rows with the same end share one finalize.
        StateArena arena(&f, 1);
        uint8_t* state = arena.At(0);
        int64_t added = ps;
        std::vector<uint8_t*> same;
        for (int64_t p = ps; p < pe;) {
          FLOE_RETURN_NOT_OK(update(added, std::max(ends[p], added), state));
          added = std::max(ends[p], added);
          int64_t q = p + 1;
          while (q < pe && ends[q] <= added) ++q;
          same.assign(static_cast<size_t>(q - p), state);
          FLOE_RETURN_NOT_OK(f.finalize(same.data(), 0, q - p, out, p));
          p = q;
        }
        continue;
      }
      // A segment tree: leaf i holds row ps + i, node i combines 2i and 2i + 1.
      const int64_t m = pe - ps;
      StateArena tree(&f, 2 * m);
      rows.clear();
      states.clear();
      for (int64_t i = 0; i < m; ++i) {
        const uint32_t row = s.order[ps + i];
        if (!passes(row)) continue;
        rows.push_back(row);
        states.push_back(tree.At(m + i));
      }
      if (!rows.empty()) {
        AggregateInput input;
        input.args = arg_ptrs.data();
        input.rows = rows.data();
        input.n = static_cast<int64_t>(rows.size());
        input.states = states.data();
        FLOE_RETURN_NOT_OK(f.update(input));
      }
      for (int64_t i = m - 1; i >= 1; --i) {
        FLOE_RETURN_NOT_OK(f.combine(tree.At(2 * i), tree.At(i)));
        FLOE_RETURN_NOT_OK(f.combine(tree.At(2 * i + 1), tree.At(i)));
      }
      StateArena frames(&f, m);
      std::vector<uint8_t*> results(static_cast<size_t>(m));
      for (int64_t i = 0; i < m; ++i) {
        uint8_t* r = frames.At(i);
        results[static_cast<size_t>(i)] = r;
        int64_t lo = starts[ps + i] - ps + m, hi = ends[ps + i] - ps + m;
        while (lo < hi) {
          if (lo & 1) FLOE_RETURN_NOT_OK(f.combine(tree.At(lo++), r));
          if (hi & 1) FLOE_RETURN_NOT_OK(f.combine(tree.At(--hi), r));
          lo >>= 1;
          hi >>= 1;
        }
      }
      FLOE_RETURN_NOT_OK(f.finalize(results.data(), 0, m, out, ps));
    }
    return Status::OK();
  }

  std::vector<LogicalType> input_types_;
  std::vector<WindowCall> calls_;
  std::vector<AggregateFunction> aggregates_;  // per call (update null: not an aggregate)
  std::vector<std::string> window_keys_;
  std::vector<std::vector<size_t>> windows_;  // calls per distinct window
  std::vector<size_t> window_of_call_;
};

}  // namespace

Result<PhysicalOperatorPtr> MakeWindow(const LogicalOp& window, PhysicalOperatorPtr input) {
  auto op = std::make_unique<WindowOperator>();
  FLOE_RETURN_NOT_OK(op->Init(window));
  op->types = window.Types();
  op->children.push_back(std::move(input));
  return PhysicalOperatorPtr(std::move(op));
}

}  // namespace floe::sql
