// UNNEST (https://trino.io/docs/current/sql/select.html#unnest): a
// streaming operator that turns each input row into one row per element of
// its arrays and maps, zipped, in batches of at most kDefaultVectorSize rows.

#include <algorithm>

#include "common/str_cat.h"
#include "sql/exec/expression_executor.h"
#include "sql/exec/operators_internal.h"
#include "sql/exec/vector_operations.h"
#include "sql/functions/nested_internal.h"

namespace floe::sql {

namespace {

using columnar::Chunk;
using columnar::ListEntry;
using columnar::Vector;

struct UnnestState : LocalState {
  explicit UnnestState(MemoryPool* pool) : executor(pool) {}
  ExpressionExecutor executor;
  bool pending = false;                         // an input chunk is being expanded
  Chunk input;                                  // compact
  std::vector<std::shared_ptr<Vector>> values;  // one per unnested expression
  std::vector<int64_t> lengths;                 // per input row: its longest array
  int64_t row = 0;                              // where the next output starts
  int64_t element = 0;
};

class Unnest : public PhysicalOperator {
 public:
  Unnest(std::vector<BoundExprPtr> exprs, bool ordinality, size_t input_width)
      : exprs_(std::move(exprs)), ordinality_(ordinality), input_width_(input_width) {}
  std::string Name() const override { return "Unnest"; }
  std::string Details() const override {
    std::string s;
    for (size_t i = 0; i < exprs_.size(); ++i)
      s += StrCat(i > 0 ? ", " : "", exprs_[i]->ToString());
    return ordinality_ ? s + " with ordinality" : s;
  }
  bool IsStreaming() const override { return true; }
  Result<std::unique_ptr<LocalState>> MakeOperatorState(ExecContext* ctx) override {
    return std::unique_ptr<LocalState>(new UnnestState(ctx->pool));
  }

  Result<OperatorResult> Execute(ExecContext* ctx, const Chunk& in, Chunk* out,
                                 LocalState* state) override {
    auto* s = static_cast<UnnestState*>(state);
    if (!s->pending) {
      FLOE_ASSIGN_OR_RETURN(s->input, CompactChunk(in, ctx->pool));
      s->values.clear();
      for (const auto& e : exprs_) {
        FLOE_ASSIGN_OR_RETURN(auto v, s->executor.Evaluate(*e, s->input));
        s->values.push_back(std::move(v));
      }
      s->lengths.assign(static_cast<size_t>(s->input.size), 0);
      for (int64_t i = 0; i < s->input.size; ++i) {
        int64_t longest = 0;
        for (const auto& v : s->values) {
          const int64_t r = functions::ArgRow(*v, i);
          if (v->IsNull(r)) continue;
          longest = std::max<int64_t>(longest, functions::ListAt(*v, i).length);
        }
        s->lengths[static_cast<size_t>(i)] = longest;
      }
      s->row = 0;
      s->element = 0;
      s->pending = true;
    }
    // The (input row, element) pairs of this batch.
    std::vector<uint32_t> rows, elements;
    while (s->row < s->input.size &&
           static_cast<int64_t>(rows.size()) < columnar::kDefaultVectorSize) {
      if (s->element >= s->lengths[static_cast<size_t>(s->row)]) {
        ++s->row;
        s->element = 0;
        continue;
      }
      rows.push_back(static_cast<uint32_t>(s->row));
      elements.push_back(static_cast<uint32_t>(s->element));
      ++s->element;
    }
    const int64_t m = static_cast<int64_t>(rows.size());
    out->size = m;
    out->selection.reset();
    out->columns.clear();
    const int64_t capacity = std::max<int64_t>(m, 1);
    for (size_t c = 0; c < input_width_; ++c) {
      FLOE_ASSIGN_OR_RETURN(auto v, Vector::Make(types[c], ctx->pool, capacity));
      FLOE_RETURN_NOT_OK(GatherRows(*s->input.columns[c], rows.data(), m, v.get(), 0));
      v->set_size(m);
      out->columns.push_back(std::move(v));
    }
    size_t column = input_width_;
    std::vector<uint32_t> positions(static_cast<size_t>(m));
    std::vector<bool> padded(static_cast<size_t>(m));
    for (const auto& v : s->values) {
      // Element k of the row's array, or NULL past its end.
      for (int64_t k = 0; k < m; ++k) {
        const int64_t r = rows[static_cast<size_t>(k)];
        const ListEntry e =
            v->IsNull(functions::ArgRow(*v, r)) ? ListEntry{0, 0} : functions::ListAt(*v, r);
        const bool past = elements[static_cast<size_t>(k)] >= e.length;
        padded[static_cast<size_t>(k)] = past;
        positions[static_cast<size_t>(k)] = past ? 0 : e.offset + elements[static_cast<size_t>(k)];
      }
      for (const auto& child : v->children()) {
        FLOE_ASSIGN_OR_RETURN(auto o, Vector::Make(types[column++], ctx->pool, capacity));
        if (child->size() > 0) {
          FLOE_RETURN_NOT_OK(GatherRows(*child, positions.data(), m, o.get(), 0));
        }
        for (int64_t k = 0; k < m; ++k) {
          if (padded[static_cast<size_t>(k)] || child->size() == 0)
            FLOE_RETURN_NOT_OK(SetNullValue(o.get(), k));
        }
        o->set_size(m);
        out->columns.push_back(std::move(o));
      }
    }
    if (ordinality_) {
      FLOE_ASSIGN_OR_RETURN(auto o, Vector::Make(LogicalType::BigInt(), ctx->pool, capacity));
      for (int64_t k = 0; k < m; ++k)
        o->mutable_data<int64_t>()[k] = elements[static_cast<size_t>(k)] + 1;
      o->set_size(m);
      out->columns.push_back(std::move(o));
    }
    if (s->row >= s->input.size) {
      s->pending = false;
      s->input = Chunk();
      s->values.clear();
      return OperatorResult::kNeedMoreInput;
    }
    return OperatorResult::kHaveMoreOutput;
  }

 private:
  std::vector<BoundExprPtr> exprs_;
  bool ordinality_;
  size_t input_width_;
};

}  // namespace

Result<PhysicalOperatorPtr> MakeUnnest(const LogicalOp& unnest, PhysicalOperatorPtr input) {
  std::vector<BoundExprPtr> exprs;
  for (const auto& e : unnest.exprs) exprs.push_back(e->Clone());
  auto op = std::make_unique<Unnest>(std::move(exprs), unnest.ordinality,
                                     unnest.children[0]->columns.size());
  op->types = unnest.Types();
  op->children.push_back(std::move(input));
  return PhysicalOperatorPtr(std::move(op));
}

}  // namespace floe::sql
