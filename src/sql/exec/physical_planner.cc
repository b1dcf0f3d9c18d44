#include "sql/exec/physical_planner.h"

#include "iceberg/table_scan.h"
#include "sql/exec/operators_internal.h"
#include "sql/exec/top_n_filter.h"
#include "sql/optimizer/optimizer.h"
#include "sql/plan/expression_utils.h"

namespace floe::sql {

namespace {

using JoinType = LogicalOp::JoinType;

// Splits a join condition (over left columns [0, left_width) then right
// ones) into equi-join keys (left expression = right expression) and the
// rest.
void ExtractKeys(const BoundExpr* condition, int left_width, std::vector<BoundExprPtr>* left_keys,
                 std::vector<BoundExprPtr>* right_keys, BoundExprPtr* residual) {
  std::vector<BoundExprPtr> conjuncts, rest;
  if (condition != nullptr) SplitConjuncts(condition->Clone(), &conjuncts);
  for (auto& c : conjuncts) {
    if (c->kind == BoundExpr::Kind::kCall && c->function.name == "=" && c->args.size() == 2) {
      auto [l_lo, l_hi] = ColumnRange(*c->args[0]);
      auto [r_lo, r_hi] = ColumnRange(*c->args[1]);
      int side_a = l_lo < 0 ? -1 : (l_hi < left_width ? 0 : (l_lo >= left_width ? 1 : -1));
      int side_b = r_lo < 0 ? -1 : (r_hi < left_width ? 0 : (r_lo >= left_width ? 1 : -1));
      if ((side_a == 0 && side_b == 1) || (side_a == 1 && side_b == 0)) {
        BoundExprPtr l = std::move(c->args[side_a == 0 ? 0 : 1]);
        BoundExprPtr r = std::move(c->args[side_a == 0 ? 1 : 0]);
        ShiftColumns(r.get(), -left_width);
        left_keys->push_back(std::move(l));
        right_keys->push_back(std::move(r));
        continue;
      }
    }
    rest.push_back(std::move(c));
  }
  *residual = JoinConjuncts(std::move(rest));
}

Result<PhysicalOperatorPtr> PlanJoin(const LogicalOp& join) {
  FLOE_ASSIGN_OR_RETURN(PhysicalOperatorPtr left, PlanPhysical(*join.children[0]));
  FLOE_ASSIGN_OR_RETURN(PhysicalOperatorPtr right, PlanPhysical(*join.children[1]));
  const int left_width = static_cast<int>(join.children[0]->columns.size());
  const int right_width = static_cast<int>(join.children[1]->columns.size());
  std::vector<BoundExprPtr> left_keys, right_keys;
  BoundExprPtr residual;
  ExtractKeys(join.predicate.get(), left_width, &left_keys, &right_keys, &residual);
  JoinType type = join.join_type == JoinType::kCross ? JoinType::kInner : join.join_type;
  // The build side is held in memory: for inner joins, build the smaller
  // input (a right join is a left join built on its left input).
  if (type == JoinType::kInner &&
      EstimateRows(*join.children[0]) < EstimateRows(*join.children[1])) {
    type = JoinType::kRight;
  }
  if (type != JoinType::kRight) {
    return MakeHashJoin(type, std::move(left_keys), std::move(right_keys), std::move(residual),
                        std::move(left), std::move(right));
  }
  // A right join is a left join with the inputs swapped, its columns put
  // back in order; a swapped inner join stays inner.
  const JoinType swapped_type =
      join.join_type == JoinType::kRight ? JoinType::kLeft : JoinType::kInner;
  if (residual) {
    std::vector<int> mapping(static_cast<size_t>(left_width + right_width));
    for (int i = 0; i < left_width; ++i) mapping[static_cast<size_t>(i)] = i + right_width;
    for (int i = 0; i < right_width; ++i) mapping[static_cast<size_t>(left_width + i)] = i;
    RemapColumns(residual.get(), mapping);
  }
  FLOE_ASSIGN_OR_RETURN(PhysicalOperatorPtr swapped,
                        MakeHashJoin(swapped_type, std::move(right_keys), std::move(left_keys),
                                     std::move(residual), std::move(right), std::move(left)));
  LogicalOp reorder;
  reorder.kind = LogicalOp::Kind::kProject;
  reorder.columns = join.columns;
  for (int i = 0; i < left_width; ++i) {
    reorder.exprs.push_back(
        BoundExpr::Column(i + right_width, join.columns[static_cast<size_t>(i)].type));
  }
  for (int i = 0; i < right_width; ++i) {
    reorder.exprs.push_back(
        BoundExpr::Column(i, join.columns[static_cast<size_t>(left_width + i)].type));
  }
  return MakeProject(reorder, std::move(swapped));
}

// count(*) of a whole table, without filter: the sum of its data files'
// record counts, exact when no delete file applies (DuckDB and Trino
// answer it from metadata too). Null when the aggregate is anything else.
Result<PhysicalOperatorPtr> CountFromMetadata(const LogicalOp& agg) {
  const LogicalOp& scan = *agg.children[0];
  if (!agg.group_by.empty() || agg.aggregates.empty() || scan.kind != LogicalOp::Kind::kScan ||
      scan.predicate != nullptr) {
    return PhysicalOperatorPtr();
  }
  for (const auto& a : agg.aggregates) {
    if (a.name != "count" || !a.args.empty() || a.filter || a.distinct)
      return PhysicalOperatorPtr();
  }
  FLOE_ASSIGN_OR_RETURN(
      iceberg::ScanPlan plan,
      iceberg::PlanScan(scan.table->io.get(), *scan.table->metadata, scan.scan_options));
  int64_t rows = 0;
  for (const auto& task : plan.tasks) {
    if (!task.deletes.empty()) return PhysicalOperatorPtr();
    rows += task.file->record_count;
  }
  LogicalOp values;
  values.kind = LogicalOp::Kind::kValues;
  values.columns = agg.columns;
  values.rows.emplace_back();
  for (size_t i = 0; i < agg.aggregates.size(); ++i)
    values.rows[0].push_back(BoundExpr::BigInt(rows));
  return MakeValues(values);
}

// A top-N whose keys are columns of the table scan below it (through
// projections that pass them on, and filters) hands its cutoff to the scan.
void AttachTopNFilter(const LogicalOp& top_n, PhysicalOperator* sort) {
  std::vector<SortKey> keys;
  for (const auto& k : top_n.sort_keys) {
    if (k.expr->kind != BoundExpr::Kind::kColumn) return;
    SortKey key;
    key.expr = k.expr->Clone();
    key.descending = k.descending;
    key.nulls_first = k.nulls_first;
    keys.push_back(std::move(key));
  }
  const LogicalOp* l = top_n.children[0].get();
  PhysicalOperator* p = sort->children.empty() ? nullptr : sort->children[0].get();
  while (l != nullptr && p != nullptr && l->kind != LogicalOp::Kind::kScan) {
    if (l->kind == LogicalOp::Kind::kProject && p->Name() == "Project") {
      for (auto& k : keys) {
        const BoundExpr& e = *l->exprs[static_cast<size_t>(k.expr->column)];
        if (e.kind != BoundExpr::Kind::kColumn || e.type != k.expr->type) return;
        k.expr->column = e.column;
      }
    } else if (!(l->kind == LogicalOp::Kind::kFilter && p->Name() == "Filter")) {
      return;
    }
    l = l->children[0].get();
    p = p->children.empty() ? nullptr : p->children[0].get();
  }
  if (l == nullptr || p == nullptr || p->Name() != "TableScan") return;
  auto filter = std::make_shared<TopNFilter>(std::move(keys), top_n.with_ties);
  SetTopNFilter(sort, filter);
  SetScanTopNFilter(p, std::move(filter));
}

}  // namespace

Result<std::unique_ptr<PhysicalOperator>> PlanPhysical(const LogicalOp& op) {
  using Kind = LogicalOp::Kind;
  switch (op.kind) {
    case Kind::kScan:
      return MakeTableScan(op);
    case Kind::kValues:
      return MakeValues(op);
    case Kind::kJoin:
      return PlanJoin(op);
    case Kind::kUnion: {
      std::vector<PhysicalOperatorPtr> inputs;
      for (const auto& c : op.children) {
        FLOE_ASSIGN_OR_RETURN(PhysicalOperatorPtr p, PlanPhysical(*c));
        inputs.push_back(std::move(p));
      }
      return MakeUnion(op.Types(), std::move(inputs));
    }
    case Kind::kFilter:
    case Kind::kProject:
    case Kind::kAggregate:
    case Kind::kSort:
    case Kind::kTopN:
    case Kind::kLimit:
    case Kind::kSingleRow:
    case Kind::kWindow:
    case Kind::kUnnest:
      break;
  }
  FLOE_ASSIGN_OR_RETURN(PhysicalOperatorPtr input, PlanPhysical(*op.children[0]));
  switch (op.kind) {
    case Kind::kFilter:
      return MakeFilter(op, std::move(input));
    case Kind::kProject:
      return MakeProject(op, std::move(input));
    case Kind::kAggregate: {
      FLOE_ASSIGN_OR_RETURN(PhysicalOperatorPtr from_metadata, CountFromMetadata(op));
      if (from_metadata) return from_metadata;
      return MakeHashAggregate(op, std::move(input));
    }
    case Kind::kSort:
    case Kind::kTopN: {
      FLOE_ASSIGN_OR_RETURN(PhysicalOperatorPtr sort, MakeSort(op, std::move(input)));
      if (op.kind == Kind::kTopN) AttachTopNFilter(op, sort.get());
      return sort;
    }
    case Kind::kLimit:
      return MakeLimit(op, std::move(input));
    case Kind::kSingleRow:
      return MakeEnforceSingleRow(op, std::move(input));
    case Kind::kWindow:
      return MakeWindow(op, std::move(input));
    case Kind::kUnnest:
      return MakeUnnest(op, std::move(input));
    default:
      break;
  }
  return Status::Internal("no physical operator for a logical operator");
}

}  // namespace floe::sql
