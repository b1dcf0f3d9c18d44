#include "sql/plan/logical_plan.h"

#include "common/str_cat.h"
#include "sql/exec/file_scan.h"

namespace floe::sql {

std::string TableHandle::FullName() const { return StrCat(catalog, ".", schema, ".", table); }

std::string AggregateCall::ToString() const {
  std::string out = StrCat(name, "(", distinct ? "DISTINCT " : "");
  if (args.empty() && name == "count") out += "*";
  for (size_t i = 0; i < args.size(); ++i) out += StrCat(i > 0 ? ", " : "", args[i]->ToString());
  out += ")";
  if (filter) out += StrCat(" FILTER (WHERE ", filter->ToString(), ")");
  return out;
}

namespace {

const char* BoundName(WindowFrame::Bound b) {
  switch (b) {
    case WindowFrame::Bound::kUnboundedPreceding:
      return "UNBOUNDED PRECEDING";
    case WindowFrame::Bound::kPreceding:
      return "PRECEDING";
    case WindowFrame::Bound::kCurrentRow:
      return "CURRENT ROW";
    case WindowFrame::Bound::kFollowing:
      return "FOLLOWING";
    case WindowFrame::Bound::kUnboundedFollowing:
      return "UNBOUNDED FOLLOWING";
  }
  return "?";
}

std::string BoundText(WindowFrame::Bound b, const BoundExprPtr& offset) {
  if (offset) return StrCat(offset->ToString(), " ", BoundName(b));
  return BoundName(b);
}

}  // namespace

std::string WindowCall::WindowKey() const {
  std::string out;
  for (size_t i = 0; i < partition_by.size(); ++i)
    out += StrCat(i == 0 ? "PARTITION BY " : ", ", partition_by[i]->ToString());
  for (size_t i = 0; i < order_by.size(); ++i) {
    out += StrCat(i == 0 ? (out.empty() ? "ORDER BY " : " ORDER BY ") : ", ",
                  order_by[i].expr->ToString(), order_by[i].descending ? " DESC" : " ASC",
                  order_by[i].nulls_first ? " NULLS FIRST" : " NULLS LAST");
  }
  return out;
}

std::string WindowCall::ToString() const {
  std::string out = StrCat(name, "(");
  for (size_t i = 0; i < args.size(); ++i) out += StrCat(i > 0 ? ", " : "", args[i]->ToString());
  out += ")";
  if (ignore_nulls) out += " IGNORE NULLS";
  if (filter) out += StrCat(" FILTER (WHERE ", filter->ToString(), ")");
  std::string window = WindowKey();
  const char* unit = frame.unit == WindowFrame::Unit::kRows    ? "ROWS"
                     : frame.unit == WindowFrame::Unit::kRange ? "RANGE"
                                                               : "GROUPS";
  window += StrCat(window.empty() ? "" : " ", unit, " BETWEEN ",
                   BoundText(frame.start, frame.start_offset), " AND ",
                   BoundText(frame.end, frame.end_offset));
  return StrCat(out, " OVER (", window, ")");
}

std::vector<BoundExprPtr*> WindowCall::Exprs() {
  std::vector<BoundExprPtr*> out;
  for (auto& a : args) out.push_back(&a);
  out.push_back(&filter);
  for (auto& p : partition_by) out.push_back(&p);
  for (auto& k : order_by) out.push_back(&k.expr);
  out.push_back(&frame.start_offset);
  out.push_back(&frame.end_offset);
  out.push_back(&frame.range_key);
  return out;
}

WindowCall WindowCall::Clone() const {
  auto clone = [](const BoundExprPtr& e) { return e ? e->Clone() : BoundExprPtr(); };
  WindowCall c;
  c.name = name;
  for (const auto& a : args) c.args.push_back(a->Clone());
  c.filter = clone(filter);
  c.ignore_nulls = ignore_nulls;
  c.type = type;
  for (const auto& p : partition_by) c.partition_by.push_back(p->Clone());
  for (const auto& k : order_by) {
    SortKey key;
    key.expr = k.expr->Clone();
    key.descending = k.descending;
    key.nulls_first = k.nulls_first;
    c.order_by.push_back(std::move(key));
  }
  c.frame.unit = frame.unit;
  c.frame.start = frame.start;
  c.frame.end = frame.end;
  c.frame.start_offset = clone(frame.start_offset);
  c.frame.end_offset = clone(frame.end_offset);
  c.frame.range_key = clone(frame.range_key);
  return c;
}

LogicalOpPtr MakeOp(LogicalOp::Kind kind, std::vector<LogicalOpPtr> children) {
  auto op = std::make_unique<LogicalOp>();
  op->kind = kind;
  op->children = std::move(children);
  return op;
}

const char* JoinTypeName(LogicalOp::JoinType type) {
  switch (type) {
    case LogicalOp::JoinType::kInner:
      return "INNER";
    case LogicalOp::JoinType::kLeft:
      return "LEFT";
    case LogicalOp::JoinType::kRight:
      return "RIGHT";
    case LogicalOp::JoinType::kFull:
      return "FULL";
    case LogicalOp::JoinType::kCross:
      return "CROSS";
    case LogicalOp::JoinType::kSemi:
      return "SEMI";
    case LogicalOp::JoinType::kAnti:
      return "ANTI";
  }
  return "?";
}

std::vector<LogicalType> LogicalOp::Types() const {
  std::vector<LogicalType> types;
  types.reserve(columns.size());
  for (const auto& c : columns) types.push_back(c.type);
  return types;
}

namespace {

std::string List(const std::vector<BoundExprPtr>& exprs) {
  std::string out;
  for (size_t i = 0; i < exprs.size(); ++i) out += StrCat(i > 0 ? ", " : "", exprs[i]->ToString());
  return out;
}

std::string Keys(const std::vector<SortKey>& keys) {
  std::string out;
  for (size_t i = 0; i < keys.size(); ++i) {
    out +=
        StrCat(i > 0 ? ", " : "", keys[i].expr->ToString(), keys[i].descending ? " DESC" : " ASC",
               keys[i].nulls_first ? " NULLS FIRST" : " NULLS LAST");
  }
  return out;
}

void Print(const LogicalOp& op, int depth, std::string* out) {
  out->append(static_cast<size_t>(depth) * 2, ' ');
  switch (op.kind) {
    case LogicalOp::Kind::kScan: {
      *out += StrCat("Scan ", op.table->FullName(), " [");
      for (size_t i = 0; i < op.columns.size(); ++i)
        *out += StrCat(i > 0 ? ", " : "", op.columns[i].name);
      *out += "]";
      if (op.predicate) *out += StrCat(" filter: ", op.predicate->ToString());
      break;
    }
    case LogicalOp::Kind::kFileScan: {
      *out += StrCat("FileScan ", op.file_scan->function, " [");
      for (size_t i = 0; i < op.columns.size(); ++i)
        *out += StrCat(i > 0 ? ", " : "", op.columns[i].name);
      *out += "]";
      break;
    }
    case LogicalOp::Kind::kValues:
      *out += StrCat("Values ", op.rows.size(), " rows");
      break;
    case LogicalOp::Kind::kFilter:
      *out += StrCat("Filter ", op.predicate->ToString());
      break;
    case LogicalOp::Kind::kProject:
      *out += StrCat("Project ", List(op.exprs));
      break;
    case LogicalOp::Kind::kAggregate: {
      *out += StrCat("Aggregate group by [", List(op.group_by), "]");
      for (size_t i = 0; i < op.aggregates.size(); ++i)
        *out += StrCat(i == 0 ? " " : ", ", op.aggregates[i].ToString());
      if (!op.grouping_sets.empty()) {
        *out += " grouping sets [";
        for (size_t s = 0; s < op.grouping_sets.size(); ++s) {
          *out += s > 0 ? ", (" : "(";
          for (size_t k = 0; k < op.grouping_sets[s].size(); ++k)
            *out += StrCat(k > 0 ? ", " : "", "#", op.grouping_sets[s][k]);
          *out += ")";
        }
        *out += "]";
      }
      break;
    }
    case LogicalOp::Kind::kJoin: {
      *out += StrCat(JoinTypeName(op.join_type), " Join");
      if (!op.left_keys.empty())
        *out += StrCat(" keys [", List(op.left_keys), "] = [", List(op.right_keys), "]");
      if (op.predicate) *out += StrCat(" on ", op.predicate->ToString());
      break;
    }
    case LogicalOp::Kind::kSort:
      *out += StrCat("Sort ", Keys(op.sort_keys));
      break;
    case LogicalOp::Kind::kLimit:
      *out += StrCat("Limit ", op.limit);
      if (op.offset > 0) *out += StrCat(" offset ", op.offset);
      break;
    case LogicalOp::Kind::kTopN:
      *out +=
          StrCat("TopN ", op.limit, op.with_ties ? " with ties" : "", " by ", Keys(op.sort_keys));
      if (op.offset > 0) *out += StrCat(" offset ", op.offset);
      break;
    case LogicalOp::Kind::kUnion:
      *out += "Union all";
      break;
    case LogicalOp::Kind::kSingleRow:
      *out += "EnforceSingleRow";
      break;
    case LogicalOp::Kind::kUnnest:
      *out += StrCat("Unnest ", List(op.exprs), op.ordinality ? " with ordinality" : "");
      break;
    case LogicalOp::Kind::kWindow:
      *out += "Window";
      for (size_t i = 0; i < op.windows.size(); ++i)
        *out += StrCat(i == 0 ? " " : ", ", op.windows[i].ToString());
      break;
  }
  *out += "\n";
  for (const auto& c : op.children) Print(*c, depth + 1, out);
}

}  // namespace

std::string LogicalOp::ToString() const {
  std::string out;
  Print(*this, 0, &out);
  return out;
}

}  // namespace floe::sql
