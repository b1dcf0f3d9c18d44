#include "sql/plan/expression_utils.h"

#include <algorithm>

namespace floe::sql {

void MarkColumns(const BoundExpr& e, std::vector<bool>* used) {
  if (e.kind == BoundExpr::Kind::kColumn) {
    if (used->size() <= static_cast<size_t>(e.column))
      used->resize(static_cast<size_t>(e.column) + 1);
    (*used)[static_cast<size_t>(e.column)] = true;
  }
  for (const auto& a : e.args) MarkColumns(*a, used);
}

std::pair<int, int> ColumnRange(const BoundExpr& e) {
  std::pair<int, int> r{-1, -1};
  if (e.kind == BoundExpr::Kind::kColumn) r = {e.column, e.column};
  for (const auto& a : e.args) {
    auto c = ColumnRange(*a);
    if (c.first < 0) continue;
    r.first = r.first < 0 ? c.first : std::min(r.first, c.first);
    r.second = std::max(r.second, c.second);
  }
  return r;
}

void RemapColumns(BoundExpr* e, const std::vector<int>& mapping) {
  if (e->kind == BoundExpr::Kind::kColumn) e->column = mapping[static_cast<size_t>(e->column)];
  for (auto& a : e->args) RemapColumns(a.get(), mapping);
}

void ShiftColumns(BoundExpr* e, int delta) {
  if (e->kind == BoundExpr::Kind::kColumn) e->column += delta;
  for (auto& a : e->args) ShiftColumns(a.get(), delta);
}

void SplitConjuncts(BoundExprPtr e, std::vector<BoundExprPtr>* out) {
  if (e == nullptr) return;
  if (e->kind == BoundExpr::Kind::kAnd) {
    for (auto& a : e->args) SplitConjuncts(std::move(a), out);
    return;
  }
  out->push_back(std::move(e));
}

BoundExprPtr Substitute(const BoundExpr& e, const std::vector<BoundExprPtr>& exprs) {
  if (e.kind == BoundExpr::Kind::kColumn) return exprs[static_cast<size_t>(e.column)]->Clone();
  BoundExprPtr out = e.Clone();
  for (size_t i = 0; i < e.args.size(); ++i) out->args[i] = Substitute(*e.args[i], exprs);
  return out;
}

bool IsDeterministic(const BoundExpr& e) {
  if (e.kind == BoundExpr::Kind::kCall) {
    const std::string& n = e.function.name;
    if (n == "random" || n == "rand" || n == "uuid" || n == "shuffle") return false;
  }
  for (const auto& a : e.args) {
    if (!IsDeterministic(*a)) return false;
  }
  return true;
}

BoundExprPtr JoinConjuncts(std::vector<BoundExprPtr> conjuncts) {
  BoundExprPtr out;
  for (auto& c : conjuncts) {
    out = out ? BoundExpr::Logical(BoundExpr::Kind::kAnd, std::move(out), std::move(c))
              : std::move(c);
  }
  return out;
}

}  // namespace floe::sql
