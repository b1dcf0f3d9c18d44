#include "sql/exec/physical_planner.h"

#include <cmath>
#include <cstring>
#include <optional>

#include "common/str_cat.h"
#include "iceberg/single_value.h"
#include "iceberg/table_scan.h"
#include "sql/exec/file_scan.h"
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

// The Values operator answering an aggregate from metadata, named so in
// EXPLAIN ("Values 1 row from metadata: 3 files").
class MetadataValues : public PhysicalOperator {
 public:
  MetadataValues(PhysicalOperatorPtr values, size_t files)
      : values_(std::move(values)), files_(files) {
    types = values_->types;
  }
  std::string Name() const override { return "Values"; }
  std::string Details() const override {
    return StrCat("1 row from metadata: ", files_, files_ == 1 ? " file" : " files");
  }
  bool IsSource() const override { return true; }
  bool ParallelSource() const override { return false; }
  Result<std::unique_ptr<GlobalState>> MakeSourceState(ExecContext* ctx) override {
    return values_->MakeSourceState(ctx);
  }
  Result<std::unique_ptr<LocalState>> MakeLocalSourceState(ExecContext* ctx,
                                                           GlobalState* global) override {
    return values_->MakeLocalSourceState(ctx, global);
  }
  Result<bool> GetData(ExecContext* ctx, GlobalState* global, LocalState* local,
                       columnar::Chunk* out) override {
    return values_->GetData(ctx, global, local, out);
  }

 private:
  PhysicalOperatorPtr values_;
  size_t files_;
};

// Whether min and max of a column of `type` may be taken from file bounds.
// Bounds of strings and binaries may be truncated (Iceberg's default metrics
// mode is truncate(16)); UUIDs and fixed are left to the rows; floats need
// their NaN counts (checked per file).
bool BoundsAreExact(iceberg::TypeId type) {
  switch (type) {
    case iceberg::TypeId::kBoolean:
    case iceberg::TypeId::kInt:
    case iceberg::TypeId::kLong:
    case iceberg::TypeId::kFloat:
    case iceberg::TypeId::kDouble:
    case iceberg::TypeId::kDecimal:
    case iceberg::TypeId::kDate:
    case iceberg::TypeId::kTime:
    case iceberg::TypeId::kTimestamp:
    case iceberg::TypeId::kTimestampTz:
      return true;
    default:
      return false;
  }
}

// The same for the scan column's type as floe reads it.
bool BoundsCanAnswer(columnar::TypeId type) {
  switch (type) {
    case columnar::TypeId::kBoolean:
    case columnar::TypeId::kInteger:
    case columnar::TypeId::kBigInt:
    case columnar::TypeId::kReal:
    case columnar::TypeId::kDouble:
    case columnar::TypeId::kDecimal:
    case columnar::TypeId::kDate:
    case columnar::TypeId::kTime:
    case columnar::TypeId::kTimestamp:
    case columnar::TypeId::kTimestampTz:
      return true;
    default:
      return false;
  }
}

// A constant of `type` (the scan column's, as floe reads it) holding the
// bound `v` (none: a NULL); null for a type bounds do not answer.
Result<BoundExprPtr> ConstantFromBound(const LogicalType& type,
                                       const std::optional<iceberg::Literal>& v) {
  if (!v.has_value()) return BoundExpr::Null(type);
  FLOE_ASSIGN_OR_RETURN(auto vector, columnar::Vector::Make(type, MemoryPool::Default(), 1));
  uint8_t* data = vector->mutable_raw_data();
  switch (type.physical_type()) {
    case columnar::PhysicalType::kBool:
      data[0] = v->i != 0 ? 1 : 0;
      break;
    case columnar::PhysicalType::kInt32: {
      const auto x = static_cast<int32_t>(v->i);
      std::memcpy(data, &x, sizeof(x));
      break;
    }
    case columnar::PhysicalType::kInt64: {
      const int64_t x =
          type.id() == columnar::TypeId::kDecimal ? static_cast<int64_t>(v->i128) : v->i;
      std::memcpy(data, &x, sizeof(x));
      break;
    }
    case columnar::PhysicalType::kInt128:
      std::memcpy(data, &v->i128, sizeof(v->i128));
      break;
    case columnar::PhysicalType::kFloat: {
      const auto x = static_cast<float>(v->d);
      std::memcpy(data, &x, sizeof(x));
      break;
    }
    case columnar::PhysicalType::kDouble:
      std::memcpy(data, &v->d, sizeof(v->d));
      break;
    default:
      return BoundExprPtr();
  }
  vector->MakeConstant(1);
  auto e = std::make_unique<BoundExpr>();
  e->kind = BoundExpr::Kind::kConstant;
  e->type = type;
  e->constant = std::move(vector);
  return e;
}

// A global aggregate over a whole table (no filter) of only count(*),
// count(col), min(col) and max(col), answered from the planned data files'
// record counts and column metrics where they are exact (DuckDB and Trino
// answer count(*) so too; Iceberg's Spark scan answers min/max so). Null
// when the aggregate is anything else or a metric needed is missing or not
// exact: the aggregate then reads the rows.
Result<PhysicalOperatorPtr> AggregateFromMetadata(const LogicalOp& agg) {
  if (!agg.group_by.empty() || !agg.grouping_sets.empty() || agg.aggregates.empty())
    return PhysicalOperatorPtr();
  // The input: the scan, maybe under a projection picking its columns.
  const LogicalOp* input = agg.children[0].get();
  const LogicalOp* project = nullptr;
  if (input->kind == LogicalOp::Kind::kProject) {
    project = input;
    input = input->children[0].get();
    for (const auto& e : project->exprs) {
      if (e->kind != BoundExpr::Kind::kColumn) return PhysicalOperatorPtr();
    }
  }
  const LogicalOp& scan = *input;
  if (scan.kind != LogicalOp::Kind::kScan || scan.predicate != nullptr)
    return PhysicalOperatorPtr();
  // Per aggregate: its kind and the field id of its argument (0: count(*)).
  enum class Call : uint8_t { kCountStar, kCount, kMin, kMax };
  std::vector<std::pair<Call, int32_t>> calls;
  for (const auto& a : agg.aggregates) {
    if (a.filter || a.distinct) return PhysicalOperatorPtr();
    if (a.name == "count" && a.args.empty()) {
      calls.emplace_back(Call::kCountStar, 0);
      continue;
    }
    // min(x, n) and max(x, n) are other functions (the n smallest values).
    if ((a.name != "count" && a.name != "min" && a.name != "max") || a.args.size() != 1 ||
        a.args[0]->kind != BoundExpr::Kind::kColumn) {
      return PhysicalOperatorPtr();
    }
    int column = a.args[0]->column;
    if (project != nullptr) column = project->exprs[static_cast<size_t>(column)]->column;
    if (column < 0 || static_cast<size_t>(column) >= scan.field_ids.size())
      return PhysicalOperatorPtr();
    const Call call = a.name == "count" ? Call::kCount : a.name == "min" ? Call::kMin : Call::kMax;
    // Settled before planning the scan (the rows' plan plans it again):
    // nested columns have no metrics of their own, and bounds answer only
    // the types BoundsAreExact lists.
    const columnar::TypeId type = scan.columns[static_cast<size_t>(column)].type.id();
    if (call == Call::kCount ? scan.columns[static_cast<size_t>(column)].type.is_nested()
                             : !BoundsCanAnswer(type)) {
      return PhysicalOperatorPtr();
    }
    calls.emplace_back(call, scan.field_ids[static_cast<size_t>(column)]);
  }
  FLOE_ASSIGN_OR_RETURN(
      iceberg::ScanPlan plan,
      iceberg::PlanScan(scan.table->io.get(), *scan.table->metadata, scan.scan_options));
  for (const auto& task : plan.tasks) {
    if (!task.deletes.empty()) return PhysicalOperatorPtr();
  }
  LogicalOp values;
  values.kind = LogicalOp::Kind::kValues;
  values.columns = agg.columns;
  values.rows.emplace_back();
  for (size_t i = 0; i < calls.size(); ++i) {
    const auto [call, field_id] = calls[i];
    const LogicalType& type = agg.aggregates[i].type;
    if (call == Call::kCountStar) {
      int64_t rows = 0;
      for (const auto& task : plan.tasks) rows += task.file->record_count;
      values.rows[0].push_back(BoundExpr::BigInt(rows));
      continue;
    }
    // The column's type in the schema the files are read with (bounds
    // decode by it; a promoted column's older bounds widen).
    const iceberg::NestedField* field = plan.schema.FindField(field_id);
    if (field == nullptr || !field->type->is_primitive()) return PhysicalOperatorPtr();
    const iceberg::TypeId id = field->type->id();
    if (call != Call::kCount && !BoundsAreExact(id)) return PhysicalOperatorPtr();
    const bool floating = id == iceberg::TypeId::kFloat || id == iceberg::TypeId::kDouble;
    int64_t count = 0;
    std::optional<iceberg::Literal> best;
    for (const auto& task : plan.tasks) {
      const iceberg::DataFile& file = *task.file;
      // A file written before the column was added has no metrics for it
      // (its rows read as NULL, or as a v3 default): not counted here.
      const int64_t* values_in_file = iceberg::DataFile::FindCount(file.value_counts, field_id);
      const int64_t* nulls = iceberg::DataFile::FindCount(file.null_value_counts, field_id);
      if (values_in_file == nullptr || nulls == nullptr || *nulls < 0 || *nulls > *values_in_file)
        return PhysicalOperatorPtr();
      // value_counts include nulls and NaNs (spec "Manifests", fields 109-110).
      const int64_t non_null = *values_in_file - *nulls;
      count += non_null;
      if (call == Call::kCount || non_null == 0) continue;
      if (floating) {
        const int64_t* nans = iceberg::DataFile::FindCount(file.nan_value_counts, field_id);
        if (nans == nullptr || *nans != 0) return PhysicalOperatorPtr();
      }
      const std::string* bytes = iceberg::DataFile::FindBound(
          call == Call::kMin ? file.lower_bounds : file.upper_bounds, field_id);
      if (bytes == nullptr) return PhysicalOperatorPtr();
      auto bound = iceberg::FromSingleValueBytes(*field->type, *bytes);
      if (!bound.ok()) return PhysicalOperatorPtr();
      // Parquet writes -0.0 as the lower bound and +0.0 as the upper bound
      // of zeros of either sign, and some writers wrote NaN bounds: such a
      // bound does not say which value the rows hold.
      if (floating && (bound->d == 0 || std::isnan(bound->d))) return PhysicalOperatorPtr();
      if (!best.has_value() || (call == Call::kMin ? iceberg::CompareLiterals(*bound, *best) < 0
                                                   : iceberg::CompareLiterals(*bound, *best) > 0)) {
        best = std::move(*bound);
      }
    }
    if (call == Call::kCount) {
      values.rows[0].push_back(BoundExpr::BigInt(count));
      continue;
    }
    FLOE_ASSIGN_OR_RETURN(BoundExprPtr constant, ConstantFromBound(type, best));
    if (constant == nullptr) return PhysicalOperatorPtr();
    values.rows[0].push_back(std::move(constant));
  }
  FLOE_ASSIGN_OR_RETURN(PhysicalOperatorPtr op, MakeValues(values));
  return PhysicalOperatorPtr(std::make_unique<MetadataValues>(std::move(op), plan.tasks.size()));
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
    case Kind::kFileScan:
      return MakeFileScan(op);
    case Kind::kValues:
      return MakeValues(op);
    case Kind::kJoin:
      return PlanJoin(op);
    case Kind::kAggregate: {
      FLOE_ASSIGN_OR_RETURN(PhysicalOperatorPtr from_metadata, AggregateFromMetadata(op));
      if (from_metadata) return from_metadata;
      break;
    }
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
    case Kind::kAggregate:
      return MakeHashAggregate(op, std::move(input));
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
