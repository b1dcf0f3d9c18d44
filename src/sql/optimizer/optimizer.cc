#include "sql/optimizer/optimizer.h"

#include <algorithm>
#include <cstdlib>

#include "sql/exec/expression_executor.h"
#include "sql/exec/file_scan.h"
#include "sql/exec/vector_operations.h"
#include "sql/plan/expression_utils.h"

namespace floe::sql {

namespace {

using Kind = LogicalOp::Kind;
using JoinType = LogicalOp::JoinType;

// Wraps `input` in a filter of `conjuncts` (nothing when empty).
LogicalOpPtr AddFilter(LogicalOpPtr input, std::vector<BoundExprPtr> conjuncts) {
  if (conjuncts.empty()) return input;
  auto f = MakeOp(Kind::kFilter);
  f->predicate = JoinConjuncts(std::move(conjuncts));
  f->columns = input->columns;
  f->children.push_back(std::move(input));
  return f;
}

// Pushes `conjuncts` (over op's output) as far down `op` as they go and
// returns the rewritten subtree.
LogicalOpPtr PushDown(LogicalOpPtr op, std::vector<BoundExprPtr> conjuncts) {
  switch (op->kind) {
    case Kind::kFilter: {
      SplitConjuncts(std::move(op->predicate), &conjuncts);
      return PushDown(std::move(op->children[0]), std::move(conjuncts));
    }
    case Kind::kScan: {
      if (!conjuncts.empty()) {
        if (op->predicate) conjuncts.insert(conjuncts.begin(), std::move(op->predicate));
        op->predicate = JoinConjuncts(std::move(conjuncts));
      }
      return op;
    }
    case Kind::kJoin: {
      const int left_width = static_cast<int>(op->children[0]->columns.size());
      // Conditions of inner joins may move between ON and WHERE freely.
      const bool inner = op->join_type == JoinType::kInner || op->join_type == JoinType::kCross;
      std::vector<BoundExprPtr> on;
      SplitConjuncts(std::move(op->predicate), &on);
      std::vector<BoundExprPtr> left, right, stay, keep_on;
      auto place = [&](BoundExprPtr c, bool from_where) {
        auto [lo, hi] = ColumnRange(*c);
        const bool left_only = hi < left_width;  // constants too
        const bool right_only = lo >= left_width;
        // A WHERE conjunct on the preserved (left) side of a left join may go
        // below it; an ON conjunct may go to the side that is not preserved.
        // Semi and anti joins keep probe rows as a left join does.
        const bool left_like = op->join_type == JoinType::kLeft ||
                               op->join_type == JoinType::kSemi || op->join_type == JoinType::kAnti;
        if (inner || (from_where && left_like && left_only) ||
            (!from_where && left_like && right_only && lo >= 0)) {
          if (left_only && lo >= 0) {
            left.push_back(std::move(c));
            return;
          }
          if (right_only) {
            ShiftColumns(c.get(), -left_width);
            right.push_back(std::move(c));
            return;
          }
          if (inner) {
            keep_on.push_back(std::move(c));
            return;
          }
        }
        (from_where ? stay : keep_on).push_back(std::move(c));
      };
      for (auto& c : conjuncts) place(std::move(c), true);
      for (auto& c : on) place(std::move(c), false);
      op->children[0] = PushDown(std::move(op->children[0]), std::move(left));
      op->children[1] = PushDown(std::move(op->children[1]), std::move(right));
      if (op->join_type == JoinType::kCross && !keep_on.empty()) op->join_type = JoinType::kInner;
      op->predicate = JoinConjuncts(std::move(keep_on));
      return AddFilter(std::move(op), std::move(stay));
    }
    case Kind::kProject: {
      // Conditions on computed columns go below as conditions on their
      // inputs (so that they reach scans through subqueries and CTEs).
      std::vector<BoundExprPtr> below, stay;
      for (auto& c : conjuncts) {
        BoundExprPtr sub = Substitute(*c, op->exprs);
        if (IsDeterministic(*sub)) {
          below.push_back(std::move(sub));
        } else {
          stay.push_back(std::move(c));
        }
      }
      op->children[0] = PushDown(std::move(op->children[0]), std::move(below));
      return AddFilter(std::move(op), std::move(stay));
    }
    case Kind::kAggregate: {
      // Conditions on grouping keys only filter whole groups: they go below.
      std::vector<BoundExprPtr> below, stay;
      const int keys = static_cast<int>(op->group_by.size());
      for (auto& c : conjuncts) {
        auto [lo, hi] = ColumnRange(*c);
        if (op->grouping_sets.empty() && lo >= 0 && hi < keys) {
          BoundExprPtr sub = Substitute(*c, op->group_by);
          if (IsDeterministic(*sub)) {
            below.push_back(std::move(sub));
            continue;
          }
        }
        stay.push_back(std::move(c));
      }
      op->children[0] = PushDown(std::move(op->children[0]), std::move(below));
      return AddFilter(std::move(op), std::move(stay));
    }
    case Kind::kSort: {
      op->children[0] = PushDown(std::move(op->children[0]), std::move(conjuncts));
      return op;
    }
    case Kind::kUnion: {
      for (auto& child : op->children) {
        std::vector<BoundExprPtr> copies;
        for (const auto& c : conjuncts) copies.push_back(c->Clone());
        child = PushDown(std::move(child), std::move(copies));
      }
      return op;
    }
    case Kind::kTopN:
    case Kind::kLimit:
    case Kind::kValues:
    case Kind::kSingleRow:
    case Kind::kWindow:
    case Kind::kUnnest:
    case Kind::kFileScan:
      break;
  }
  // Filters stop here; the children get a fresh start.
  for (auto& c : op->children) c = PushDown(std::move(c), {});
  return AddFilter(std::move(op), std::move(conjuncts));
}

// Drops the columns of `op` not in `required` (by output position),
// recursively; returns the old-to-new mapping of its output columns (-1:
// dropped).
std::vector<int> Prune(LogicalOp* op, std::vector<bool> required) {
  const size_t width = op->columns.size();
  required.resize(width, false);
  auto identity = [&] {
    std::vector<int> m(width);
    for (size_t i = 0; i < width; ++i) m[i] = static_cast<int>(i);
    return m;
  };
  switch (op->kind) {
    case Kind::kScan:
    case Kind::kFileScan: {
      if (op->predicate) MarkColumns(*op->predicate, &required);
      required.resize(width, false);
      bool any = false;
      for (bool r : required) any |= r;
      // A scan reads at least one column, so that chunks carry row counts.
      if (!any && width > 0) required[0] = true;
      std::vector<int> mapping(width, -1);
      std::vector<PlanColumn> columns;
      std::vector<int32_t> ids;
      for (size_t i = 0; i < width; ++i) {
        if (!required[i]) continue;
        mapping[i] = static_cast<int>(columns.size());
        columns.push_back(op->columns[i]);
        ids.push_back(op->field_ids[i]);
      }
      op->columns = std::move(columns);
      op->field_ids = std::move(ids);
      if (op->predicate) RemapColumns(op->predicate.get(), mapping);
      return mapping;
    }
    case Kind::kProject: {
      std::vector<BoundExprPtr> exprs;
      std::vector<PlanColumn> columns;
      std::vector<int> mapping(width, -1);
      std::vector<bool> child_required;
      for (size_t i = 0; i < width; ++i) {
        if (!required[i]) continue;
        mapping[i] = static_cast<int>(exprs.size());
        MarkColumns(*op->exprs[i], &child_required);
        exprs.push_back(std::move(op->exprs[i]));
        columns.push_back(op->columns[i]);
      }
      std::vector<int> child = Prune(op->children[0].get(), std::move(child_required));
      for (auto& e : exprs) RemapColumns(e.get(), child);
      op->exprs = std::move(exprs);
      op->columns = std::move(columns);
      return mapping;
    }
    case Kind::kFilter:
    case Kind::kSort:
    case Kind::kTopN:
    case Kind::kLimit:
    case Kind::kSingleRow: {
      if (op->predicate) MarkColumns(*op->predicate, &required);
      for (const auto& k : op->sort_keys) MarkColumns(*k.expr, &required);
      std::vector<int> child = Prune(op->children[0].get(), std::move(required));
      if (op->predicate) RemapColumns(op->predicate.get(), child);
      for (auto& k : op->sort_keys) RemapColumns(k.expr.get(), child);
      op->columns = op->children[0]->columns;
      return child;
    }
    case Kind::kAggregate: {
      std::vector<bool> child_required;
      for (const auto& g : op->group_by) MarkColumns(*g, &child_required);
      for (const auto& a : op->aggregates) {
        for (const auto& e : a.args) MarkColumns(*e, &child_required);
        if (a.filter) MarkColumns(*a.filter, &child_required);
      }
      std::vector<int> child = Prune(op->children[0].get(), std::move(child_required));
      for (auto& g : op->group_by) RemapColumns(g.get(), child);
      for (auto& a : op->aggregates) {
        for (auto& e : a.args) RemapColumns(e.get(), child);
        if (a.filter) RemapColumns(a.filter.get(), child);
      }
      return identity();
    }
    case Kind::kJoin: {
      const size_t left_width = op->children[0]->columns.size();
      const size_t all = left_width + op->children[1]->columns.size();
      // Semi and anti joins output the left columns only; the condition
      // reads both sides.
      required.resize(all, false);
      if (op->predicate) MarkColumns(*op->predicate, &required);
      required.resize(all, false);
      std::vector<bool> left(required.begin(), required.begin() + static_cast<long>(left_width));
      std::vector<bool> right(required.begin() + static_cast<long>(left_width), required.end());
      std::vector<int> lm = Prune(op->children[0].get(), std::move(left));
      std::vector<int> rm = Prune(op->children[1].get(), std::move(right));
      const int new_left = static_cast<int>(op->children[0]->columns.size());
      std::vector<int> mapping(all, -1);
      for (size_t i = 0; i < all; ++i) {
        if (i < left_width) {
          mapping[i] = lm[i];
        } else if (rm[i - left_width] >= 0) {
          mapping[i] = rm[i - left_width] + new_left;
        }
      }
      if (op->predicate) RemapColumns(op->predicate.get(), mapping);
      op->columns = op->children[0]->columns;
      if (op->join_type == JoinType::kSemi || op->join_type == JoinType::kAnti) {
        mapping.resize(left_width);
        return mapping;
      }
      op->columns.insert(op->columns.end(), op->children[1]->columns.begin(),
                         op->children[1]->columns.end());
      return mapping;
    }
    case Kind::kWindow: {
      // The input columns needed above or by a window call; every call stays.
      const size_t input_width = op->children[0]->columns.size();
      std::vector<bool> child_required(required.begin(),
                                       required.begin() + static_cast<long>(input_width));
      for (auto& w : op->windows) {
        for (BoundExprPtr* e : w.Exprs())
          if (*e) MarkColumns(**e, &child_required);
      }
      std::vector<int> mapping = Prune(op->children[0].get(), std::move(child_required));
      for (auto& w : op->windows) {
        for (BoundExprPtr* e : w.Exprs())
          if (*e) RemapColumns(e->get(), mapping);
      }
      std::vector<PlanColumn> columns = op->children[0]->columns;
      for (size_t j = 0; j < op->windows.size(); ++j) {
        mapping.push_back(static_cast<int>(columns.size()));
        columns.push_back(op->columns[input_width + j]);
      }
      op->columns = std::move(columns);
      return mapping;
    }
    case Kind::kUnnest: {
      // The input columns needed above or by the unnested expressions.
      const size_t input_width = op->children[0]->columns.size();
      std::vector<bool> child_required(required.begin(),
                                       required.begin() + static_cast<long>(input_width));
      for (const auto& e : op->exprs) MarkColumns(*e, &child_required);
      std::vector<int> mapping = Prune(op->children[0].get(), std::move(child_required));
      for (auto& e : op->exprs) RemapColumns(e.get(), mapping);
      std::vector<PlanColumn> columns = op->children[0]->columns;
      for (size_t j = input_width; j < width; ++j) {
        mapping.push_back(static_cast<int>(columns.size()));
        columns.push_back(op->columns[j]);
      }
      op->columns = std::move(columns);
      return mapping;
    }
    case Kind::kUnion:
    case Kind::kValues: {
      // Children keep every column (their layouts must stay equal).
      for (auto& c : op->children) {
        std::vector<bool> all(c->columns.size(), true);
        Prune(c.get(), std::move(all));
      }
      return identity();
    }
  }
  return identity();
}

// Selectivity assumed for each filter conjunct (no column statistics yet).
constexpr double kConjunctSelectivity = 0.25;

double Selectivity(const BoundExpr* predicate) {
  if (predicate == nullptr) return 1;
  if (predicate->kind == BoundExpr::Kind::kAnd) {
    return Selectivity(predicate->args[0].get()) * Selectivity(predicate->args[1].get());
  }
  return kConjunctSelectivity;
}

// Every expression slot of `op` (not its children's).
template <typename Fn>
void ForEachExpr(LogicalOp* op, Fn&& fn) {
  auto one = [&](BoundExprPtr& e) {
    if (e != nullptr) fn(e);
  };
  one(op->predicate);
  for (auto& e : op->exprs) one(e);
  for (auto& e : op->group_by) one(e);
  for (auto& a : op->aggregates) {
    for (auto& e : a.args) one(e);
    one(a.filter);
  }
  for (auto& e : op->left_keys) one(e);
  for (auto& e : op->right_keys) one(e);
  for (auto& k : op->sort_keys) one(k.expr);
  for (auto& row : op->rows) {
    for (auto& e : row) one(e);
  }
  for (auto& w : op->windows) {
    for (BoundExprPtr* e : w.Exprs()) one(*e);
  }
}

// Replaces subexpressions of constants only by their value, computed once
// (so that `ts > DATE '2025-01-01' + 1` prunes files). Expressions whose
// evaluation fails stay: the error belongs to the rows that reach them.
void Fold(BoundExprPtr* e, ExpressionExecutor* executor) {
  BoundExpr& x = **e;
  for (auto& a : x.args) Fold(&a, executor);
  if (x.kind == BoundExpr::Kind::kConstant || x.kind == BoundExpr::Kind::kColumn) return;
  for (const auto& a : x.args) {
    if (a->kind != BoundExpr::Kind::kConstant) return;
  }
  if (x.args.empty() || !IsDeterministic(x) || IsUnknown(x.type)) return;
  columnar::Chunk one;
  one.size = 1;
  auto value = executor->Evaluate(x, one);
  if (!value.ok()) return;
  auto folded = std::make_unique<BoundExpr>();
  folded->kind = BoundExpr::Kind::kConstant;
  folded->type = x.type;
  auto flat = FlatVector(*value, 1, MemoryPool::Default());
  if (!flat.ok()) return;
  (*flat)->MakeConstant(1);
  folded->constant = std::move(*flat);
  *e = std::move(folded);
}

void FoldConstants(LogicalOp* op, ExpressionExecutor* executor) {
  ForEachExpr(op, [&](BoundExprPtr& e) { Fold(&e, executor); });
  for (auto& c : op->children) FoldConstants(c.get(), executor);
}

// A projection that only picks columns of another projection (the binder's
// column selections) becomes one projection.
void MergeProjections(LogicalOpPtr* slot) {
  LogicalOp* op = slot->get();
  for (auto& c : op->children) MergeProjections(&c);
  // A projection passing every column through, in order, is dropped (its
  // names stay: the child takes them over).
  if (op->kind == Kind::kProject && op->exprs.size() == op->children[0]->columns.size()) {
    bool identity = true;
    for (size_t i = 0; i < op->exprs.size() && identity; ++i) {
      identity = op->exprs[i]->kind == BoundExpr::Kind::kColumn &&
                 op->exprs[i]->column == static_cast<int>(i);
    }
    if (identity) {
      std::vector<PlanColumn> names = op->columns;
      LogicalOpPtr child = std::move(op->children[0]);
      child->columns = std::move(names);
      *slot = std::move(child);
      return;
    }
  }
  if (op->kind != Kind::kProject || op->children[0]->kind != Kind::kProject) return;
  for (const auto& e : op->exprs) {
    if (e->kind != BoundExpr::Kind::kColumn) return;
  }
  LogicalOp& inner = *op->children[0];
  std::vector<BoundExprPtr> exprs;
  for (const auto& e : op->exprs)
    exprs.push_back(inner.exprs[static_cast<size_t>(e->column)]->Clone());
  op->exprs = std::move(exprs);
  LogicalOpPtr grandchild = std::move(inner.children[0]);
  op->children[0] = std::move(grandchild);
}

// ---- join ordering ----

bool IsInnerJoin(const LogicalOp& op) {
  return op.kind == Kind::kJoin &&
         (op.join_type == JoinType::kInner || op.join_type == JoinType::kCross);
}

// Collects the inputs of the tree of inner joins rooted at `op` (its leaves:
// anything but an inner join, left to right, as slots in the tree) and
// copies of its conditions' conjuncts, over the tree's output columns (the
// leaves' columns side by side). Clears `*deterministic` when a condition
// is not deterministic: evaluating it over other rows could change the
// result.
void CollectJoinTree(LogicalOp* op, int offset, std::vector<LogicalOpPtr*>* leaves,
                     std::vector<BoundExprPtr>* conjuncts, bool* deterministic) {
  if (op->predicate) {
    *deterministic &= IsDeterministic(*op->predicate);
    std::vector<BoundExprPtr> own;
    SplitConjuncts(op->predicate->Clone(), &own);
    for (auto& c : own) {
      ShiftColumns(c.get(), offset);
      conjuncts->push_back(std::move(c));
    }
  }
  int child_offset = offset;
  for (auto& child : op->children) {
    if (IsInnerJoin(*child)) {
      CollectJoinTree(child.get(), child_offset, leaves, conjuncts, deterministic);
    } else {
      leaves->push_back(&child);
    }
    child_offset += static_cast<int>(child->columns.size());
  }
}

// The estimated rows of an equi-join of inputs of `l` and `r` rows. Without
// distinct counts each side's key is guessed to have as many distinct values
// as the side has rows: |L| |R| / max(V(L), V(R)) (the textbook estimate,
// Selinger et al.) becomes |L| |R| / max(|L|, |R|), the smaller input.
double EquiJoinRows(double l, double r) { return l * r / std::max({l, r, 1.0}); }

// Reorders the leaves of the inner-join tree in `*slot` (a kJoin of type
// inner or cross) greedily and rebuilds it as a left-deep tree: the largest
// input first (the probe side of every join above it; each join builds the
// next, smaller input), then repeatedly the input connected to those joined
// so far by an equality condition whose join gives the fewest estimated
// rows, an unconnected one (a cross product, the smallest) only when no
// input is connected. Each condition goes to the first join where its
// columns are available. A projection on top keeps the output columns as
// they were. Outer, semi and anti joins are leaves: trees below and above
// them are ordered independently.
void ReorderJoins(LogicalOpPtr* slot) {
  LogicalOp* op = slot->get();
  if (!IsInnerJoin(*op)) {
    for (auto& c : op->children) ReorderJoins(&c);
    return;
  }
  std::vector<LogicalOpPtr*> leaves;
  std::vector<BoundExprPtr> conjuncts;
  bool deterministic = true;
  CollectJoinTree(op, 0, &leaves, &conjuncts, &deterministic);
  for (LogicalOpPtr* leaf : leaves) ReorderJoins(leaf);
  // Two inputs: the physical planner builds the smaller one already.
  const size_t n = leaves.size();
  if (!deterministic || n < 3 || n > 64) return;

  // Which leaf each column of the tree's output comes from.
  std::vector<int> leaf_of, old_offset;
  std::vector<double> rows;
  for (size_t i = 0; i < n; ++i) {
    old_offset.push_back(static_cast<int>(leaf_of.size()));
    leaf_of.insert(leaf_of.end(), (*leaves[i])->columns.size(), static_cast<int>(i));
    rows.push_back(EstimateRows(**leaves[i]));
  }
  auto leaves_of = [&](const BoundExpr& e) {
    std::vector<bool> used;
    MarkColumns(e, &used);
    uint64_t mask = 0;
    for (size_t c = 0; c < used.size() && c < leaf_of.size(); ++c) {
      if (used[c]) mask |= uint64_t{1} << leaf_of[c];
    }
    return mask;
  };
  // Per conjunct the leaves it reads; equality conditions between two
  // leaves (each side reading one) connect them.
  std::vector<uint64_t> reads;
  std::vector<bool> connects;
  bool any_connection = false;
  for (const auto& c : conjuncts) {
    reads.push_back(leaves_of(*c));
    bool equi = false;
    if (c->kind == BoundExpr::Kind::kCall && c->function.name == "=" && c->args.size() == 2) {
      const uint64_t a = leaves_of(*c->args[0]), b = leaves_of(*c->args[1]);
      equi = a != 0 && b != 0 && (a & (a - 1)) == 0 && (b & (b - 1)) == 0 && a != b;
    }
    connects.push_back(equi);
    any_connection |= equi;
  }
  // Without any join condition there is nothing to choose by.
  if (!any_connection) return;

  // The greedy order.
  std::vector<size_t> order;
  size_t first = 0;
  for (size_t i = 1; i < n; ++i) {
    if (rows[i] > rows[first]) first = i;
  }
  order.push_back(first);
  uint64_t joined = uint64_t{1} << first;
  double current = rows[first];
  while (order.size() < n) {
    size_t best = n;
    bool best_connected = false;
    double best_rows = 0;
    for (size_t i = 0; i < n; ++i) {
      const uint64_t bit = uint64_t{1} << i;
      if (joined & bit) continue;
      bool connected = false;
      for (size_t k = 0; k < conjuncts.size() && !connected; ++k) {
        connected = connects[k] && (reads[k] & bit) && (reads[k] & ~bit & ~joined) == 0;
      }
      const double out = connected ? EquiJoinRows(current, rows[i]) : current * rows[i];
      if (best == n || (connected && !best_connected) ||
          (connected == best_connected && out < best_rows)) {
        best = i;
        best_connected = connected;
        best_rows = out;
      }
    }
    order.push_back(best);
    joined |= uint64_t{1} << best;
    current = best_rows;
  }
  bool unchanged = true;
  for (size_t k = 0; k < n; ++k) unchanged &= order[k] == k;
  if (unchanged) return;

  // Old output column -> column of the reordered tree (and of every join
  // in it: each join's columns are a prefix of the final ones).
  std::vector<int> new_offset(n);
  int width = 0;
  std::vector<size_t> position(n);
  for (size_t k = 0; k < n; ++k) {
    new_offset[order[k]] = width;
    position[order[k]] = k;
    width += static_cast<int>((*leaves[order[k]])->columns.size());
  }
  std::vector<int> mapping(leaf_of.size());
  for (size_t c = 0; c < leaf_of.size(); ++c) {
    const auto leaf = static_cast<size_t>(leaf_of[c]);
    mapping[c] = new_offset[leaf] + static_cast<int>(c) - old_offset[leaf];
  }
  // Each conjunct joins at the step where its last leaf comes in (those
  // reading one leaf or none: at the first join).
  std::vector<std::vector<BoundExprPtr>> at(n);
  for (size_t k = 0; k < conjuncts.size(); ++k) {
    size_t step = 1;
    for (size_t i = 0; i < n; ++i) {
      if (reads[k] & (uint64_t{1} << i)) step = std::max(step, position[i]);
    }
    RemapColumns(conjuncts[k].get(), mapping);
    at[step].push_back(std::move(conjuncts[k]));
  }
  const std::vector<PlanColumn> columns = op->columns;
  LogicalOpPtr tree = std::move(*leaves[order[0]]);
  for (size_t k = 1; k < n; ++k) {
    LogicalOpPtr right = std::move(*leaves[order[k]]);
    auto join = MakeOp(Kind::kJoin);
    join->columns = tree->columns;
    join->columns.insert(join->columns.end(), right->columns.begin(), right->columns.end());
    join->join_type = at[k].empty() ? JoinType::kCross : JoinType::kInner;
    join->predicate = JoinConjuncts(std::move(at[k]));
    join->children.push_back(std::move(tree));
    join->children.push_back(std::move(right));
    tree = std::move(join);
  }
  auto project = MakeOp(Kind::kProject);
  for (size_t c = 0; c < columns.size(); ++c)
    project->exprs.push_back(BoundExpr::Column(mapping[c], columns[c].type));
  project->columns = columns;
  project->children.push_back(std::move(tree));
  *slot = std::move(project);
}

}  // namespace

double EstimateRows(const LogicalOp& op) {
  switch (op.kind) {
    case Kind::kScan: {
      double rows = 1e6;  // unknown: assume a fact table
      if (const iceberg::Snapshot* s = op.table->metadata->current_snapshot()) {
        const std::string total = s->SummaryValue("total-records");
        if (!total.empty()) rows = std::strtod(total.c_str(), nullptr);
      } else {
        rows = 0;
      }
      return rows * Selectivity(op.predicate.get());
    }
    case Kind::kFileScan:
      return op.file_scan->estimated_rows;
    case Kind::kValues:
      return static_cast<double>(op.rows.size());
    case Kind::kFilter:
      return EstimateRows(*op.children[0]) * Selectivity(op.predicate.get());
    case Kind::kAggregate:
      // Groups: fewer than rows; a global aggregate has one.
      return op.group_by.empty() ? 1 : std::max(1.0, EstimateRows(*op.children[0]) / 10);
    case Kind::kJoin: {
      const double l = EstimateRows(*op.children[0]), r = EstimateRows(*op.children[1]);
      switch (op.join_type) {
        case JoinType::kCross:
          return l * r;
        case JoinType::kSemi:
        case JoinType::kAnti:
          return l;
        default:
          return std::max(l, r);
      }
    }
    case Kind::kLimit:
    case Kind::kTopN:
      return std::min(EstimateRows(*op.children[0]),
                      static_cast<double>(op.limit < 0 ? INT64_MAX : op.limit));
    case Kind::kSingleRow:
      return 1;
    case Kind::kUnion: {
      double sum = 0;
      for (const auto& c : op.children) sum += EstimateRows(*c);
      return sum;
    }
    default:
      return op.children.empty() ? 1 : EstimateRows(*op.children[0]);
  }
}

Status Optimize(LogicalOpPtr* plan) {
  ExpressionExecutor executor(MemoryPool::Default());
  FoldConstants(plan->get(), &executor);
  *plan = PushDown(std::move(*plan), {});
  // After pushdown: comma joins have their conditions, scans their filters
  // (which their row estimates count).
  ReorderJoins(plan);
  const size_t width = (*plan)->columns.size();
  MergeProjections(plan);
  std::vector<int> mapping = Prune(plan->get(), std::vector<bool>(width, true));
  for (size_t i = 0; i < width; ++i) {
    if (mapping[i] != static_cast<int>(i))
      return Status::Internal("column pruning moved an output column");
  }
  return Status::OK();
}

}  // namespace floe::sql
