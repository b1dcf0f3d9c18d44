#pragma once

// Rewrites of bound expressions that the optimizer and the physical
// planner share: which input columns an expression reads, renumbering
// them, and splitting and joining AND chains.

#include <vector>

#include "sql/exec/bound_expression.h"

namespace floe::sql {

/// Marks in `used` (grown as needed) every input column `e` reads.
void MarkColumns(const BoundExpr& e, std::vector<bool>* used);

/// The lowest and highest input column `e` reads ({-1, -1}: none).
std::pair<int, int> ColumnRange(const BoundExpr& e);

/// Renumbers every column reference: column i becomes mapping[i].
/// REQUIRES: mapping[i] >= 0 for every column `e` reads.
void RemapColumns(BoundExpr* e, const std::vector<int>& mapping);

/// Adds `delta` to every column reference.
void ShiftColumns(BoundExpr* e, int delta);

/// The conjuncts of `e` (itself when it is not an AND), moved into `out`.
void SplitConjuncts(BoundExprPtr e, std::vector<BoundExprPtr>* out);

/// The AND of `conjuncts` (null when empty).
BoundExprPtr JoinConjuncts(std::vector<BoundExprPtr> conjuncts);

/// A copy of `e` with each column reference i replaced by a copy of
/// exprs[i] (pushing a filter below the projection computing its inputs).
BoundExprPtr Substitute(const BoundExpr& e, const std::vector<BoundExprPtr>& exprs);

/// False when `e` calls a function whose value differs per call (random).
bool IsDeterministic(const BoundExpr& e);

}  // namespace floe::sql
