#include "sql/plan/logical_plan.h"

#include "common/str_cat.h"

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
      *out += StrCat("TopN ", op.limit, " by ", Keys(op.sort_keys));
      if (op.offset > 0) *out += StrCat(" offset ", op.offset);
      break;
    case LogicalOp::Kind::kUnion:
      *out += "Union all";
      break;
    case LogicalOp::Kind::kSingleRow:
      *out += "EnforceSingleRow";
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
