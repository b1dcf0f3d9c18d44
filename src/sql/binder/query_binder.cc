#include "sql/binder/query_binder.h"

#include <algorithm>
#include <map>

#include "catalog/catalog.h"
#include "common/str_cat.h"
#include "iceberg/data_reader.h"
#include "iceberg/schema.h"
#include "sql/binder/expression_binder.h"
#include "sql/binder/metadata_tables.h"
#include "sql/binder/table_functions.h"
#include "sql/functions/aggregate_function.h"
#include "sql/plan/expression_utils.h"

namespace floe::sql {

namespace {

using Kind = LogicalOp::Kind;

std::string Where(const Position& p) { return StrCat("line ", p.line, ":", p.column, ": "); }

Status At(const Position& p, Status st) {
  if (st.ok() || st.message().rfind("line ", 0) == 0) return st;
  return Status(st.code(), Where(p) + st.message());
}

// A plan under construction: the operator and the names its columns go by.
struct Bound {
  LogicalOpPtr op;
  Scope scope;
};

Scope ScopeOf(const LogicalOp& op, const std::string& relation) {
  Scope s;
  for (const auto& c : op.columns) s.columns.push_back({relation, c.name, c.type});
  return s;
}

bool IsAggregateCall(const Expr& e) {
  return e.kind == Expr::Kind::kFunction && e.window == nullptr && e.name.parts.size() == 1 &&
         IsAggregateFunctionName(e.name.parts[0]);
}

bool IsGroupingCall(const Expr& e) {
  return e.kind == Expr::Kind::kFunction && e.window == nullptr && e.name.parts.size() == 1 &&
         e.name.parts[0] == "grouping";
}

bool IsWindowCall(const Expr& e) { return e.kind == Expr::Kind::kFunction && e.window != nullptr; }

// The window functions proper (aggregates may take OVER too).
bool IsWindowFunctionName(std::string_view name) {
  for (std::string_view n : WindowFunctionNames()) {
    if (name == n) return true;
  }
  return false;
}

// The first node of `e` (outside subqueries) that `pred` holds for, or null.
template <typename Pred>
const Expr* FindExpr(const Expr& e, Pred pred) {
  if (pred(e)) return &e;
  for (const auto& a : e.args) {
    if (const Expr* found = FindExpr(*a, pred)) return found;
  }
  return nullptr;
}

// Window function calls in `e`, outermost only (not inside subqueries); a
// window function inside another one's arguments is an error.
Status CollectWindowCalls(const Expr& e, std::vector<const Expr*>* out) {
  if (IsWindowCall(e)) {
    for (const auto& a : e.args) {
      if (const Expr* nested = FindExpr(*a, IsWindowCall)) {
        return Status::Invalid(Where(nested->pos),
                               "Cannot nest window functions or row pattern measures inside "
                               "window function arguments: [",
                               nested->ToSql(), "]");
      }
    }
    out->push_back(&e);
    return Status::OK();
  }
  for (const auto& a : e.args) FLOE_RETURN_NOT_OK(CollectWindowCalls(*a, out));
  return Status::OK();
}

// A window function, an aggregate or grouping() in a clause that allows none (WHERE, GROUP BY).
Status CheckNoAggregation(const Expr& e, const char* clause) {
  const Expr* found = FindExpr(
      e, [](const Expr& x) { return IsWindowCall(x) || IsAggregateCall(x) || IsGroupingCall(x); });
  if (found == nullptr) return Status::OK();
  return Status::Invalid(Where(found->pos), clause,
                         " clause cannot contain aggregations, window functions or grouping "
                         "operations: [",
                         found->ToSql(), "]");
}

// A window after resolving named windows: OVER w, OVER (w ORDER BY ...).
struct ResolvedWindow {
  std::vector<const Expr*> partition_by;
  std::vector<const SortItem*> order_by;
  const WindowSpec* frame = nullptr;  // the spec holding the frame; null: the default frame
};

Result<ResolvedWindow> ResolveWindow(const WindowSpec& spec, const QuerySpec& query, Position pos,
                                     int depth = 0) {
  ResolvedWindow w;
  if (!spec.base_window.empty()) {
    const WindowSpec* base = nullptr;
    for (const auto& [name, named] : query.windows) {
      if (name == spec.base_window) base = &named;
    }
    if (base == nullptr || depth > static_cast<int>(query.windows.size())) {
      return Status::Invalid(Where(pos), "Cannot resolve WINDOW name ", spec.base_window);
    }
    FLOE_ASSIGN_OR_RETURN(w, ResolveWindow(*base, query, pos, depth + 1));
    const bool refines = !spec.order_by.empty() || spec.frame_unit != WindowSpec::FrameUnit::kNone;
    if (!spec.partition_by.empty()) {
      return Status::Invalid(Where(pos),
                             "WINDOW specification with named WINDOW reference cannot specify "
                             "PARTITION BY");
    }
    if (!spec.order_by.empty() && !w.order_by.empty()) {
      return Status::Invalid(Where(pos),
                             "Cannot specify ORDER BY if referenced named WINDOW specifies ORDER "
                             "BY");
    }
    if (refines && w.frame != nullptr) {
      return Status::Invalid(Where(pos),
                             "Cannot reference named WINDOW containing frame specification");
    }
  }
  for (const auto& p : spec.partition_by) w.partition_by.push_back(p.get());
  for (const auto& o : spec.order_by) w.order_by.push_back(&o);
  if (spec.frame_unit != WindowSpec::FrameUnit::kNone) w.frame = &spec;
  return w;
}

// Binds window function calls to the Window node's columns; other nodes go to `next`.
class WindowInterceptor : public ExprInterceptor {
 public:
  WindowInterceptor(std::vector<std::string> sql, std::vector<BoundExprPtr> columns,
                    ExprInterceptor* next)
      : sql_(std::move(sql)), columns_(std::move(columns)), next_(next) {}
  Result<BoundExprPtr> Intercept(const Expr& e) override {
    if (IsWindowCall(e)) {
      const std::string sql = e.ToSql();
      for (size_t i = 0; i < sql_.size(); ++i) {
        if (sql_[i] == sql) return columns_[i]->Clone();
      }
      return Status::Internal("window function ", sql, " was not collected");
    }
    if (next_ != nullptr) return next_->Intercept(e);
    return BoundExprPtr();
  }

 private:
  std::vector<std::string> sql_;
  std::vector<BoundExprPtr> columns_;
  ExprInterceptor* next_;
};

// Aggregate calls in `e`, outermost only (not inside subqueries).
Status CollectAggregates(const Expr& e, std::vector<const Expr*>* out) {
  if (IsAggregateCall(e)) {
    std::vector<const Expr*> nested;
    for (const auto& a : e.args) FLOE_RETURN_NOT_OK(CollectAggregates(*a, &nested));
    if (!nested.empty()) {
      return Status::Invalid(Where(e.pos), "Cannot nest aggregations inside aggregation '",
                             e.name.parts[0], "': [", nested[0]->ToSql(), "]");
    }
    out->push_back(&e);
    return Status::OK();
  }
  for (const auto& a : e.args) FLOE_RETURN_NOT_OK(CollectAggregates(*a, out));
  return Status::OK();
}

// A non-negative integer literal (LIMIT, OFFSET, ordinals).
Result<int64_t> IntegerLiteral(const Expr& e, const char* what) {
  if (e.kind == Expr::Kind::kLiteral && e.literal_kind == Expr::LiteralKind::kInteger) {
    errno = 0;
    char* end = nullptr;
    long long v = std::strtoll(e.text.c_str(), &end, 10);
    if (errno == 0 && end != nullptr && *end == '\0' && v >= 0) return static_cast<int64_t>(v);
  }
  return Status::Invalid(Where(e.pos), what, " must be a non-negative integer: ", e.ToSql());
}

// The name a select item's column gets: its alias, the column's own name,
// or Trino's _colN.
std::string OutputName(const SelectItem& item, size_t index) {
  if (!item.alias.empty()) return item.alias;
  if (item.expr->kind == Expr::Kind::kColumn) return item.expr->name.parts.back();
  if (item.expr->kind == Expr::Kind::kDereference) return item.expr->text;
  return StrCat("_col", index);
}

LogicalOpPtr Project(LogicalOpPtr input, std::vector<BoundExprPtr> exprs,
                     std::vector<std::string> names) {
  auto op = MakeOp(Kind::kProject);
  for (size_t i = 0; i < exprs.size(); ++i) op->columns.push_back({names[i], exprs[i]->type});
  op->exprs = std::move(exprs);
  op->children.push_back(std::move(input));
  return op;
}

// Keeps the first `n` columns of `input`.
LogicalOpPtr KeepColumns(LogicalOpPtr input, size_t n) {
  if (input->columns.size() == n) return input;
  std::vector<BoundExprPtr> exprs;
  std::vector<std::string> names;
  for (size_t i = 0; i < n; ++i) {
    exprs.push_back(BoundExpr::Column(static_cast<int>(i), input->columns[i].type));
    names.push_back(input->columns[i].name);
  }
  return Project(std::move(input), std::move(exprs), std::move(names));
}

// Casts the columns of `input` to `types` where they differ.
LogicalOpPtr CastColumns(LogicalOpPtr input, const std::vector<LogicalType>& types) {
  bool same = true;
  for (size_t i = 0; i < types.size(); ++i) same &= input->columns[i].type == types[i];
  if (same) return input;
  std::vector<BoundExprPtr> exprs;
  std::vector<std::string> names;
  for (size_t i = 0; i < types.size(); ++i) {
    BoundExprPtr c = BoundExpr::Column(static_cast<int>(i), input->columns[i].type);
    if (c->type != types[i]) c = BoundExpr::Cast(std::move(c), types[i]);
    exprs.push_back(std::move(c));
    names.push_back(input->columns[i].name);
  }
  return Project(std::move(input), std::move(exprs), std::move(names));
}

// Groups all columns of `input`: SELECT DISTINCT, UNION.
LogicalOpPtr Distinct(LogicalOpPtr input) {
  auto op = MakeOp(Kind::kAggregate);
  for (size_t i = 0; i < input->columns.size(); ++i) {
    op->group_by.push_back(BoundExpr::Column(static_cast<int>(i), input->columns[i].type));
  }
  op->columns = input->columns;
  op->children.push_back(std::move(input));
  return op;
}

// After aggregation: aggregate calls and GROUP BY expressions bind to the
// Aggregate's output columns; any other column reference is an error.
class AggregateInterceptor : public ExprInterceptor {
 public:
  AggregateInterceptor(const Scope* input_scope, std::vector<std::string> group_sql,
                       std::vector<int> group_columns, std::vector<std::string> aggregate_sql,
                       const LogicalOp* aggregate)
      : input_scope_(input_scope),
        group_sql_(std::move(group_sql)),
        group_columns_(std::move(group_columns)),
        aggregate_sql_(std::move(aggregate_sql)),
        aggregate_(aggregate) {}

  Result<BoundExprPtr> Intercept(const Expr& e) override {
    const std::string sql = e.ToSql();
    for (size_t i = 0; i < group_sql_.size(); ++i) {
      if (group_sql_[i] == sql) return Column(i);
    }
    if (IsGroupingCall(e)) return Grouping(e);
    if (IsAggregateCall(e)) {
      // With grouping sets the set index column sits between groups and aggregates.
      const size_t first = group_sql_.size() + (aggregate_->grouping_sets.empty() ? 0 : 1);
      for (size_t i = 0; i < aggregate_sql_.size(); ++i) {
        if (aggregate_sql_[i] == sql) return Column(first + i);
      }
      return Status::Internal("aggregate ", sql, " was not collected");
    }
    if (e.kind == Expr::Kind::kColumn) {
      // The same column written differently (a vs t.a) is the same group.
      FLOE_ASSIGN_OR_RETURN(BoundExprPtr c, BindExpression(e, *input_scope_));
      for (size_t i = 0; i < group_columns_.size(); ++i) {
        if (group_columns_[i] == c->column) return Column(i);
      }
      return Status::Invalid(Where(e.pos), "'", sql,
                             "' must be an aggregate expression or appear in GROUP BY clause");
    }
    return BoundExprPtr();
  }

 private:
  BoundExprPtr Column(size_t i) const {
    return BoundExpr::Column(static_cast<int>(i), aggregate_->columns[i].type);
  }

  // grouping(a, b, ...): a bigint whose bit for each argument (the last
  // argument the lowest bit) is 1 when the row's grouping set leaves that
  // key out; 0 under a plain GROUP BY
  // (https://trino.io/docs/current/functions/aggregate.html#grouping).
  Result<BoundExprPtr> Grouping(const Expr& e) {
    std::vector<size_t> keys;
    for (const auto& a : e.args) {
      const std::string sql = a->ToSql();
      size_t key = group_sql_.size();
      for (size_t i = 0; i < group_sql_.size() && key == group_sql_.size(); ++i) {
        if (group_sql_[i] == sql) key = i;
      }
      if (key == group_sql_.size() && a->kind == Expr::Kind::kColumn) {
        auto c = BindExpression(*a, *input_scope_);
        for (size_t i = 0; c.ok() && i < group_columns_.size() && key == group_sql_.size(); ++i) {
          if (group_columns_[i] == (*c)->column) key = i;
        }
      }
      if (key == group_sql_.size()) {
        return Status::Invalid(Where(a->pos),
                               "The arguments to GROUPING() must be expressions referenced by the "
                               "GROUP BY at the associated query level. Mismatch due to ",
                               sql, ".");
      }
      keys.push_back(key);
    }
    if (aggregate_->grouping_sets.empty()) return BoundExpr::BigInt(0);
    const int set_column = static_cast<int>(aggregate_->group_by.size());
    auto out = std::make_unique<BoundExpr>();
    out->kind = BoundExpr::Kind::kCase;
    out->type = LogicalType::BigInt();
    const auto& sets = aggregate_->grouping_sets;
    for (size_t s = 0; s < sets.size(); ++s) {
      int64_t mask = 0;
      for (size_t k : keys) {
        const bool in_set =
            std::find(sets[s].begin(), sets[s].end(), static_cast<int>(k)) != sets[s].end();
        mask = mask * 2 + (in_set ? 0 : 1);
      }
      FLOE_ASSIGN_OR_RETURN(BoundExprPtr is_set,
                            MakeCall("=", Two(BoundExpr::Column(set_column, LogicalType::BigInt()),
                                              BoundExpr::BigInt(static_cast<int64_t>(s)))));
      out->args.push_back(std::move(is_set));
      out->args.push_back(BoundExpr::BigInt(mask));
    }
    return BoundExprPtr(std::move(out));
  }

  static std::vector<BoundExprPtr> Two(BoundExprPtr a, BoundExprPtr b) {
    std::vector<BoundExprPtr> v;
    v.push_back(std::move(a));
    v.push_back(std::move(b));
    return v;
  }

  const Scope* input_scope_;
  std::vector<std::string> group_sql_;
  std::vector<int> group_columns_;  // input column of a group that is a plain column, else -1
  std::vector<std::string> aggregate_sql_;
  const LogicalOp* aggregate_;
};

// What a correlated subquery needs from its enclosing query: equality
// conditions inner = outer. The subquery's plan outputs the inner sides as
// its last columns; `outer` holds the outer sides, over the enclosing scope.
struct Correlation {
  std::vector<BoundExprPtr> outer;
  bool aggregated = false;  // the subquery aggregates (one row per key)
  bool count = false;       // its value is a count: 0, not NULL, without rows
};

class QueryBinder;

// Plans the scalar subqueries of an expression as joins onto `target`
// and binds them to the joined column; other nodes go to `next`.
class SubqueryInterceptor : public ExprInterceptor {
 public:
  SubqueryInterceptor(QueryBinder* binder, Bound* target, ExprInterceptor* next)
      : binder_(binder), target_(target), next_(next) {}
  Result<BoundExprPtr> Intercept(const Expr& e) override;

 private:
  QueryBinder* binder_;
  Bound* target_;
  ExprInterceptor* next_;
};

void SplitAnd(const Expr* e, std::vector<const Expr*>* out) {
  if (e->kind == Expr::Kind::kBinary && e->op == "AND") {
    SplitAnd(e->args[0].get(), out);
    SplitAnd(e->args[1].get(), out);
    return;
  }
  out->push_back(e);
}

class QueryBinder {
 public:
  explicit QueryBinder(TableResolver* resolver) : resolver_(resolver) {}

  Result<Bound> BindQuery(const Query& q, const Scope* outer = nullptr,
                          Correlation* correlation = nullptr) {
    // CTEs are visible to the rest of the query (and to later CTEs).
    if (q.with_recursive)
      return Status::NotSupported(Where(q.pos), "WITH RECURSIVE is not supported");
    ctes_.emplace_back();
    for (const auto& w : q.with) {
      if (ctes_.back().count(w.name))
        return Status::Invalid(Where(q.pos), "WITH query name '", w.name,
                               "' specified more than once");
      ctes_.back()[w.name] = &w;
    }
    auto result = BindQueryInFrame(q, outer, correlation);
    ctes_.pop_back();
    return result;
  }

  // A scalar subquery `e` joined onto `target`: the column holding its value.
  Result<BoundExprPtr> JoinScalarSubquery(const Expr& e, Bound* target) {
    Correlation corr;
    FLOE_ASSIGN_OR_RETURN(Bound sub, BindQuery(*e.subquery, &target->scope, &corr));
    const size_t k = corr.outer.size();
    if (sub.op->columns.size() - k != 1) {
      return Status::Invalid(Where(e.pos),
                             "Multiple columns returned by subquery are not supported");
    }
    const int left_width = static_cast<int>(target->op->columns.size());
    const LogicalType type = sub.op->columns[0].type;
    auto join = MakeOp(Kind::kJoin);
    if (k == 0) {
      auto single = MakeOp(Kind::kSingleRow);
      single->columns = sub.op->columns;
      single->children.push_back(std::move(sub.op));
      sub.op = std::move(single);
      join->join_type = LogicalOp::JoinType::kCross;
    } else {
      if (!corr.aggregated) {
        return Status::NotSupported(Where(e.pos),
                                    "Given correlated subquery is not supported: correlated scalar "
                                    "subqueries must aggregate");
      }
      join->join_type = LogicalOp::JoinType::kLeft;
      join->predicate =
          CorrelationCondition(&corr, left_width, sub.op->columns.size() - k, *sub.op);
    }
    join->columns = target->op->columns;
    join->columns.insert(join->columns.end(), sub.op->columns.begin(), sub.op->columns.end());
    join->children.push_back(std::move(target->op));
    join->children.push_back(std::move(sub.op));
    target->op = std::move(join);
    BoundExprPtr value = BoundExpr::Column(left_width, type);
    if (corr.count) {
      // A count over no rows is 0, though the outer join finds no row.
      std::vector<BoundExprPtr> args;
      args.push_back(std::move(value));
      args.push_back(BoundExpr::BigInt(0));
      auto c = std::make_unique<BoundExpr>();
      c->kind = BoundExpr::Kind::kCoalesce;
      c->type = type;
      c->args = std::move(args);
      value = std::move(c);
    }
    return value;
  }

 private:
  // outer_j = inner key column j of the subquery (joined after left_width columns).
  static BoundExprPtr CorrelationCondition(Correlation* corr, int left_width, size_t first_key,
                                           const LogicalOp& sub) {
    std::vector<BoundExprPtr> conditions;
    for (size_t j = 0; j < corr->outer.size(); ++j) {
      const size_t key = first_key + j;
      auto eq = std::make_unique<BoundExpr>();
      eq->kind = BoundExpr::Kind::kCall;
      eq->type = LogicalType::Boolean();
      BoundExprPtr inner =
          BoundExpr::Column(left_width + static_cast<int>(key), sub.columns[key].type);
      auto f = ResolveFunction("=", {corr->outer[j]->type, inner->type});
      eq->function = f.ok() ? *f : BoundFunction{};
      eq->args.push_back(std::move(corr->outer[j]));
      eq->args.push_back(std::move(inner));
      conditions.push_back(std::move(eq));
    }
    return JoinConjuncts(std::move(conditions));
  }

  // EXISTS, NOT EXISTS, IN and NOT IN with a subquery, as a WHERE conjunct:
  // a semi or anti join onto `b`. False when `e` is none of them.
  Result<bool> PlanSubqueryPredicate(const Expr& e, Bound* b) {
    const Expr* x = &e;
    bool negated = false;
    if (x->kind == Expr::Kind::kUnary && x->op == "NOT" &&
        (x->args[0]->kind == Expr::Kind::kExists ||
         (x->args[0]->kind == Expr::Kind::kIn && x->args[0]->subquery))) {
      negated = true;
      x = x->args[0].get();
    }
    const bool exists = x->kind == Expr::Kind::kExists;
    const bool in = x->kind == Expr::Kind::kIn && x->subquery != nullptr;
    if (!exists && !in) return false;
    if (in && x->negated) negated = !negated;
    Correlation corr;
    FLOE_ASSIGN_OR_RETURN(Bound sub, BindQuery(*x->subquery, &b->scope, &corr));
    const size_t k = corr.outer.size();
    const int left_width = static_cast<int>(b->op->columns.size());
    const size_t values = sub.op->columns.size() - k;
    std::vector<BoundExprPtr> conditions;
    if (k > 0) conditions.push_back(CorrelationCondition(&corr, left_width, values, *sub.op));
    if (in) {
      if (values != 1) {
        return Status::Invalid(Where(x->pos),
                               "Multiple columns returned by subquery are not supported");
      }
      FLOE_ASSIGN_OR_RETURN(BoundExprPtr value, BindExpression(*x->args[0], b->scope));
      BoundExprPtr y = BoundExpr::Column(left_width, sub.op->columns[0].type);
      auto eq = MakeCall("=", Args(value->Clone(), y->Clone()));
      if (!eq.ok()) return At(x->pos, eq.status());
      if (!negated) {
        conditions.push_back(std::move(*eq));
      } else {
        // x NOT IN (s) holds when no y of s makes x <> y anything but
        // true: the rows to reject are those with x = y, or a NULL on
        // either side.
        BoundExprPtr any = BoundExpr::Logical(BoundExpr::Kind::kOr, std::move(*eq),
                                              BoundExpr::IsNull(std::move(value), false));
        any = BoundExpr::Logical(BoundExpr::Kind::kOr, std::move(any),
                                 BoundExpr::IsNull(std::move(y), false));
        conditions.push_back(std::move(any));
      }
    }
    auto join = MakeOp(Kind::kJoin);
    join->join_type = negated ? LogicalOp::JoinType::kAnti : LogicalOp::JoinType::kSemi;
    join->predicate = JoinConjuncts(std::move(conditions));
    join->columns = b->op->columns;
    join->children.push_back(std::move(b->op));
    join->children.push_back(std::move(sub.op));
    b->op = std::move(join);
    return true;
  }

  // A correlated condition (bound over the FROM columns followed by the
  // outer ones, from `inner_width` on) as inner = outer: records the outer
  // side and returns the inner one.
  static Result<BoundExprPtr> SplitCorrelation(BoundExpr& condition, int inner_width, Position pos,
                                               Correlation* correlation) {
    if (condition.kind == BoundExpr::Kind::kCall && condition.function.name == "=") {
      for (int side = 0; side < 2; ++side) {
        BoundExpr& inner = *condition.args[static_cast<size_t>(side)];
        BoundExpr& outer = *condition.args[static_cast<size_t>(1 - side)];
        auto [ilo, ihi] = ColumnRange(inner);
        auto [olo, ohi] = ColumnRange(outer);
        if (ilo >= 0 && ihi < inner_width && olo >= inner_width) {
          BoundExprPtr o = outer.Clone();
          ShiftColumns(o.get(), -inner_width);
          correlation->outer.push_back(std::move(o));
          return inner.Clone();
        }
      }
    }
    return Status::NotSupported(Where(pos),
                                "Given correlated subquery is not supported: only equality "
                                "conditions on outer columns are");
  }

  Result<Bound> BindQueryInFrame(const Query& q, const Scope* outer, Correlation* correlation) {
    Bound b;
    std::vector<SortKey> keys;
    size_t visible = 0;
    if (q.body->kind == QueryBody::Kind::kSelect) {
      FLOE_ASSIGN_OR_RETURN(
          b, BindSelect(*q.body->select, q.order_by, &keys, &visible, outer, correlation));
    } else {
      FLOE_ASSIGN_OR_RETURN(b, BindBody(*q.body));
      visible = b.op->columns.size();
      for (const auto& item : q.order_by) {
        FLOE_ASSIGN_OR_RETURN(BoundExprPtr e, BindOrderByOutput(item, b));
        if (e == nullptr) {
          FLOE_ASSIGN_OR_RETURN(e, BindExpression(*item.expr, b.scope));
        }
        keys.push_back(MakeKey(item, std::move(e)));
      }
    }
    int64_t offset = 0, limit = -1;
    if (q.offset) {
      FLOE_ASSIGN_OR_RETURN(offset, IntegerLiteral(*q.offset, "OFFSET"));
    }
    if (q.limit) {
      FLOE_ASSIGN_OR_RETURN(limit, IntegerLiteral(*q.limit, "LIMIT"));
    }
    if (q.with_ties && (keys.empty() || limit < 0)) {
      return Status::Invalid(Where(q.pos), "FETCH FIRST WITH TIES clause requires ORDER BY");
    }
    for (const auto& k : keys) {
      // Maps (and arrays or rows holding them) have no order (Trino).
      if (!IsOrderable(k.expr->type)) {
        return Status::Invalid(Where(q.pos), "Type ", TypeName(k.expr->type),
                               " is not orderable, and therefore cannot be used in ORDER BY");
      }
    }
    if (!keys.empty()) {
      auto sort = MakeOp(limit >= 0 ? Kind::kTopN : Kind::kSort);
      sort->sort_keys = std::move(keys);
      sort->columns = b.op->columns;
      if (limit >= 0) {
        sort->limit = limit;
        sort->offset = offset;
        sort->with_ties = q.with_ties;
      }
      sort->children.push_back(std::move(b.op));
      b.op = std::move(sort);
    }
    if ((limit >= 0 || offset > 0) && b.op->kind != Kind::kTopN) {
      auto l = MakeOp(Kind::kLimit);
      l->limit = limit;
      l->offset = offset;
      l->columns = b.op->columns;
      l->children.push_back(std::move(b.op));
      b.op = std::move(l);
    }
    b.op = KeepColumns(std::move(b.op), visible);
    b.scope = ScopeOf(*b.op, "");
    return b;
  }

  static SortKey MakeKey(const SortItem& item, BoundExprPtr e) {
    SortKey k;
    k.expr = std::move(e);
    k.descending = item.descending;
    k.nulls_first = item.nulls_first.value_or(false);
    return k;
  }

  // ORDER BY 2 or ORDER BY alias: a column of the output, else null.
  Result<BoundExprPtr> BindOrderByOutput(const SortItem& item, const Bound& b) {
    const Expr& e = *item.expr;
    if (e.kind == Expr::Kind::kLiteral && e.literal_kind == Expr::LiteralKind::kInteger) {
      FLOE_ASSIGN_OR_RETURN(int64_t ordinal, IntegerLiteral(e, "ORDER BY position"));
      if (ordinal < 1 || ordinal > static_cast<int64_t>(b.op->columns.size())) {
        return Status::Invalid(Where(e.pos), "ORDER BY position ", ordinal,
                               " is not in select list");
      }
      return BoundExpr::Column(static_cast<int>(ordinal - 1),
                               b.op->columns[static_cast<size_t>(ordinal - 1)].type);
    }
    if (e.kind == Expr::Kind::kColumn && e.name.parts.size() == 1) {
      int found = -1;
      for (size_t i = 0; i < b.op->columns.size(); ++i) {
        if (b.op->columns[i].name == e.name.parts[0]) {
          if (found >= 0) {
            return Status::Invalid(Where(e.pos), "Column '", e.name.parts[0], "' is ambiguous");
          }
          found = static_cast<int>(i);
        }
      }
      if (found >= 0)
        return BoundExpr::Column(found, b.op->columns[static_cast<size_t>(found)].type);
    }
    return BoundExprPtr();
  }

  Result<Bound> BindBody(const QueryBody& body) {
    switch (body.kind) {
      case QueryBody::Kind::kSelect: {
        std::vector<SortKey> keys;
        size_t visible;
        return BindSelect(*body.select, {}, &keys, &visible, nullptr, nullptr);
      }
      case QueryBody::Kind::kValues:
        return BindValues(body.values, Position{});
      case QueryBody::Kind::kQuery:
        return BindQuery(*body.query);
      case QueryBody::Kind::kTable: {
        Relation r;
        r.kind = Relation::Kind::kTable;
        r.name = body.table;
        return BindRelation(r);
      }
      case QueryBody::Kind::kSetOperation:
        return BindSetOperation(body);
    }
    return Status::Internal("unknown query body");
  }

  Result<Bound> BindSetOperation(const QueryBody& body) {
    FLOE_ASSIGN_OR_RETURN(Bound left, BindBody(*body.left));
    FLOE_ASSIGN_OR_RETURN(Bound right, BindBody(*body.right));
    size_t n = left.op->columns.size();
    const size_t visible = n;
    if (right.op->columns.size() != n) {
      return Status::Invalid(body.set_op, " query has different number of fields: ", n, ", ",
                             right.op->columns.size());
    }
    std::vector<LogicalType> types;
    for (size_t i = 0; i < n; ++i) {
      auto t = CommonSuperType(left.op->columns[i].type, right.op->columns[i].type);
      if (!t) {
        return Status::Invalid(
            "column ", i + 1, " in ", body.set_op,
            " query has incompatible types: ", TypeName(left.op->columns[i].type), ", ",
            TypeName(right.op->columns[i].type));
      }
      types.push_back(IsUnknown(*t) ? LogicalType::Boolean() : *t);
    }
    LogicalOpPtr l = CastColumns(std::move(left.op), types);
    LogicalOpPtr r = CastColumns(std::move(right.op), types);
    if (body.set_op == "UNION") {
      auto u = MakeOp(Kind::kUnion);
      u->columns = l->columns;
      u->children.push_back(std::move(l));
      u->children.push_back(std::move(r));
      Bound b;
      b.op = body.set_all ? std::move(u) : Distinct(std::move(u));
      b.scope = ScopeOf(*b.op, "");
      return b;
    }
    if (body.set_all) {
      // INTERSECT ALL / EXCEPT ALL: number the copies of each row on each
      // side; the k-th copy is kept when it exists on both sides
      // (min(l, r) copies) or only on the left (max(l - r, 0) copies).
      auto number = [&](LogicalOpPtr side) {
        auto w = MakeOp(Kind::kWindow);
        w->columns = side->columns;
        WindowCall call;
        call.name = "row_number";
        call.type = LogicalType::BigInt();
        for (size_t i = 0; i < n; ++i) {
          call.partition_by.push_back(
              BoundExpr::Column(static_cast<int>(i), side->columns[i].type));
        }
        w->windows.push_back(std::move(call));
        w->columns.push_back({"$copy", LogicalType::BigInt()});
        w->children.push_back(std::move(side));
        return w;
      };
      l = number(std::move(l));
      r = number(std::move(r));
      ++n;
    }
    // INTERSECT / EXCEPT (DISTINCT): tag each side's rows, union them, group
    // by every column and keep the groups seen on both sides (INTERSECT) or
    // only on the left (EXCEPT).
    auto tag = [&](LogicalOpPtr side, bool is_left) {
      std::vector<BoundExprPtr> exprs;
      std::vector<std::string> names;
      for (size_t i = 0; i < n; ++i) {
        exprs.push_back(BoundExpr::Column(static_cast<int>(i), side->columns[i].type));
        names.push_back(side->columns[i].name);
      }
      exprs.push_back(BoundExpr::Boolean(is_left));
      names.push_back("$left");
      return Project(std::move(side), std::move(exprs), std::move(names));
    };
    auto u = MakeOp(Kind::kUnion);
    u->children.push_back(tag(std::move(l), true));
    u->children.push_back(tag(std::move(r), false));
    u->columns = u->children[0]->columns;
    auto agg = MakeOp(Kind::kAggregate);
    for (size_t i = 0; i < n; ++i) {
      agg->group_by.push_back(BoundExpr::Column(static_cast<int>(i), u->columns[i].type));
      agg->columns.push_back(u->columns[i]);
    }
    for (bool want_left : {true, false}) {
      AggregateCall c;
      c.name = "count_if";
      BoundExprPtr marker = BoundExpr::Column(static_cast<int>(n), LogicalType::Boolean());
      c.args.push_back(want_left ? std::move(marker) : BoundExpr::Not(std::move(marker)));
      c.type = LogicalType::BigInt();
      agg->aggregates.push_back(std::move(c));
      agg->columns.push_back({want_left ? "$in_left" : "$in_right", LogicalType::BigInt()});
    }
    agg->children.push_back(std::move(u));
    auto filter = MakeOp(Kind::kFilter);
    filter->columns = agg->columns;
    auto zero = BoundExpr::BigInt(0);
    FLOE_ASSIGN_OR_RETURN(
        BoundExprPtr in_left,
        MakeCall(">", Args(BoundExpr::Column(static_cast<int>(n), LogicalType::BigInt()),
                           BoundExpr::BigInt(0))));
    FLOE_ASSIGN_OR_RETURN(
        BoundExprPtr in_right,
        MakeCall(body.set_op == "INTERSECT" ? ">" : "=",
                 Args(BoundExpr::Column(static_cast<int>(n + 1), LogicalType::BigInt()),
                      BoundExpr::BigInt(0))));
    filter->predicate =
        BoundExpr::Logical(BoundExpr::Kind::kAnd, std::move(in_left), std::move(in_right));
    filter->children.push_back(std::move(agg));
    Bound b;
    b.op = KeepColumns(std::move(filter), visible);
    b.scope = ScopeOf(*b.op, "");
    return b;
  }

  static std::vector<BoundExprPtr> Args(BoundExprPtr a, BoundExprPtr b) {
    std::vector<BoundExprPtr> v;
    v.push_back(std::move(a));
    v.push_back(std::move(b));
    return v;
  }

  Result<Bound> BindValues(const std::vector<std::vector<ExprPtr>>& rows, Position pos) {
    auto op = MakeOp(Kind::kValues);
    Scope empty;
    size_t width = rows.empty() ? 0 : rows[0].size();
    std::vector<LogicalType> types(width, UnknownType());
    for (const auto& row : rows) {
      if (row.size() != width) {
        return Status::Invalid(Where(pos), "Values rows have mismatched sizes: ", width, " vs ",
                               row.size());
      }
      std::vector<BoundExprPtr> bound;
      for (size_t i = 0; i < width; ++i) {
        FLOE_ASSIGN_OR_RETURN(BoundExprPtr e, BindExpression(*row[i], empty));
        auto t = CommonSuperType(types[i], e->type);
        if (!t) {
          return Status::Invalid(
              At(row[i]->pos, Status::Invalid("Values rows have mismatched types: ",
                                              TypeName(types[i]), " vs ", TypeName(e->type)))
                  .message());
        }
        types[i] = *t;
        bound.push_back(std::move(e));
      }
      op->rows.push_back(std::move(bound));
    }
    for (size_t i = 0; i < width; ++i) {
      if (IsUnknown(types[i])) types[i] = LogicalType::Boolean();
      op->columns.push_back({StrCat("_col", i), types[i]});
      for (auto& row : op->rows) {
        if (row[i]->type != types[i]) row[i] = BoundExpr::Cast(std::move(row[i]), types[i]);
      }
    }
    Bound b;
    b.scope = ScopeOf(*op, "");
    b.op = std::move(op);
    return b;
  }

  // Applies `AS alias (c1, c2)` to a bound relation.
  static Status Alias(const Relation& r, const std::string& default_name, Bound* b) {
    const std::string relation = r.alias.empty() ? default_name : r.alias;
    if (!r.column_aliases.empty()) {
      if (r.column_aliases.size() != b->op->columns.size()) {
        return Status::Invalid(Where(r.pos), "Column alias list has ", r.column_aliases.size(),
                               " entries but '", relation, "' has ", b->op->columns.size(),
                               " columns available");
      }
      for (size_t i = 0; i < r.column_aliases.size(); ++i)
        b->op->columns[i].name = r.column_aliases[i];
    }
    b->scope = ScopeOf(*b->op, relation);
    return Status::OK();
  }

  const WithQuery* FindCte(const QualifiedName& name) const {
    if (name.parts.size() != 1) return nullptr;
    for (auto it = ctes_.rbegin(); it != ctes_.rend(); ++it) {
      auto found = it->find(name.parts[0]);
      if (found != it->end()) return found->second;
    }
    return nullptr;
  }

  Result<Bound> BindTable(const Relation& r) {
    if (const WithQuery* cte = FindCte(r.name)) {
      if (r.version != Relation::Version::kNone) {
        return Status::Invalid(Where(r.pos),
                               "FOR VERSION/TIMESTAMP AS OF applies to tables, not to '", cte->name,
                               "'");
      }
      // Bound where it is used, seeing only the CTEs defined before it.
      FLOE_ASSIGN_OR_RETURN(Bound b, BindQuery(*cte->query));
      if (!cte->column_names.empty()) {
        if (cte->column_names.size() != b.op->columns.size()) {
          return Status::Invalid(Where(r.pos), "WITH column alias list for '", cte->name, "' has ",
                                 cte->column_names.size(), " entries but the query has ",
                                 b.op->columns.size(), " columns");
        }
        for (size_t i = 0; i < cte->column_names.size(); ++i)
          b.op->columns[i].name = cte->column_names[i];
      }
      FLOE_RETURN_NOT_OK(Alias(r, cte->name, &b));
      return b;
    }
    if (IsSystemTableName(r.name)) {
      if (r.version != Relation::Version::kNone) {
        return Status::Invalid(Where(r.pos), "FOR VERSION/TIMESTAMP AS OF applies to tables of ",
                               "Iceberg catalogs, not to '", r.name.ToSql(), "'");
      }
      auto op = BindSystemTable(r.name, resolver_->CatalogName());
      if (!op.ok()) return At(r.pos, op.status());
      Bound b;
      b.op = std::move(*op);
      FLOE_RETURN_NOT_OK(Alias(r, r.name.parts.back(), &b));
      return b;
    }
    if (IsMetadataTableName(r.name.parts.back())) {
      // "t$snapshots": the rows of table t's metadata.
      QualifiedName base = r.name;
      const std::string last = base.parts.back();
      base.parts.back() = last.substr(0, last.find('$'));
      const std::string kind = last.substr(last.find('$') + 1);
      auto handle = resolver_->ResolveTable(base);
      if (!handle.ok()) return At(r.pos, handle.status());
      auto op = BindMetadataTable(**handle, kind);
      if (!op.ok()) return At(r.pos, op.status());
      Bound b;
      b.op = std::move(*op);
      FLOE_RETURN_NOT_OK(Alias(r, last, &b));
      return b;
    }
    auto handle = resolver_->ResolveTable(r.name);
    if (!handle.ok()) return At(r.pos, handle.status());
    auto op = MakeOp(Kind::kScan);
    op->table = *handle;
    const iceberg::TableMetadata& md = *op->table->metadata;
    if (r.version != Relation::Version::kNone) {
      const Expr& v = *r.version_expr;
      if (r.version == Relation::Version::kVersion) {
        if (v.kind == Expr::Kind::kLiteral && v.literal_kind == Expr::LiteralKind::kInteger) {
          FLOE_ASSIGN_OR_RETURN(int64_t id, IntegerLiteral(v, "FOR VERSION AS OF"));
          op->scan_options.snapshot_id = id;
        } else if (v.kind == Expr::Kind::kLiteral && v.literal_kind == Expr::LiteralKind::kString) {
          op->scan_options.ref = v.text;
        } else {
          return Status::Invalid(Where(v.pos),
                                 "FOR VERSION AS OF takes a snapshot id or a branch or tag name");
        }
      } else {
        FLOE_ASSIGN_OR_RETURN(BoundExprPtr ts, BindExpression(v, Scope{}));
        if (ts->kind != BoundExpr::Kind::kConstant ||
            (ts->type.id() != columnar::TypeId::kTimestamp &&
             ts->type.id() != columnar::TypeId::kTimestampTz) ||
            ts->constant->IsNull(0)) {
          return Status::Invalid(Where(v.pos), "FOR TIMESTAMP AS OF takes a timestamp literal");
        }
        op->scan_options.as_of_timestamp_ms = ts->constant->data<int64_t>()[0] / 1000;
      }
    }
    // The columns of the snapshot's schema (time travel reads the schema of its snapshot).
    const iceberg::Schema* schema = md.current_schema();
    if (op->scan_options.snapshot_id || op->scan_options.as_of_timestamp_ms ||
        !op->scan_options.ref.empty()) {
      auto snapshot = iceberg::SelectSnapshot(md, op->scan_options);
      if (!snapshot.ok()) return At(r.pos, snapshot.status());
      schema = iceberg::ScanSchema(md, op->scan_options, *snapshot ? &**snapshot : nullptr);
    }
    if (schema == nullptr)
      return Status::Corruption("table ", op->table->FullName(), " has no schema");
    for (const auto& f : schema->fields()) {
      op->field_ids.push_back(f.id);
      auto t = iceberg::ColumnarTypeOf(*f.type);
      if (!t.ok()) return At(r.pos, t.status());
      op->columns.push_back({f.name, *t});
    }
    Bound b;
    b.op = std::move(op);
    FLOE_RETURN_NOT_OK(Alias(r, r.name.parts.back(), &b));
    return b;
  }

  Result<Bound> BindRelation(const Relation& r) {
    switch (r.kind) {
      case Relation::Kind::kTable:
        return BindTable(r);
      case Relation::Kind::kSubquery: {
        FLOE_ASSIGN_OR_RETURN(Bound b, BindQuery(*r.subquery));
        FLOE_RETURN_NOT_OK(Alias(r, "", &b));
        return b;
      }
      case Relation::Kind::kValues: {
        FLOE_ASSIGN_OR_RETURN(Bound b, BindValues(r.values, r.pos));
        FLOE_RETURN_NOT_OK(Alias(r, "", &b));
        return b;
      }
      case Relation::Kind::kJoin:
        return BindJoin(r);
      case Relation::Kind::kFunction: {
        if (IsUnnest(r)) {
          // UNNEST alone reads its (constant) arrays once.
          auto values = MakeOp(Kind::kValues);
          values->rows.emplace_back();
          Bound one;
          one.op = std::move(values);
          return BindUnnest(r, std::move(one));
        }
        if (IsFileTableFunction(r.name)) {
          auto op = BindFileTableFunction(r, resolver_);
          if (!op.ok()) return At(r.pos, op.status());
          Bound b;
          b.op = std::move(*op);
          FLOE_RETURN_NOT_OK(Alias(r, r.name.parts.back(), &b));
          return b;
        }
        return Status::Invalid(Where(r.pos), "Table function '", r.name.ToSql(),
                               "' not registered (read_csv, read_json and read_parquet are)");
      }
    }
    return Status::Internal("unknown relation");
  }

  static Bound CrossJoin(Bound left, Bound right) {
    auto j = MakeOp(Kind::kJoin);
    j->join_type = LogicalOp::JoinType::kCross;
    j->columns = left.op->columns;
    j->columns.insert(j->columns.end(), right.op->columns.begin(), right.op->columns.end());
    Bound b;
    b.scope = left.scope;
    b.scope.columns.insert(b.scope.columns.end(), right.scope.columns.begin(),
                           right.scope.columns.end());
    j->children.push_back(std::move(left.op));
    j->children.push_back(std::move(right.op));
    b.op = std::move(j);
    return b;
  }

  static bool IsUnnest(const Relation& r) {
    return r.kind == Relation::Kind::kFunction && r.name.parts.size() == 1 &&
           r.name.parts[0] == "unnest";
  }

  // UNNEST(a, ...) [WITH ORDINALITY] [AS t(x, ...)] next to `input`,
  // whose columns its arguments may read (a lateral join).
  Result<Bound> BindUnnest(const Relation& r, Bound input) {
    auto op = MakeOp(Kind::kUnnest);
    op->columns = input.op->columns;
    std::vector<PlanColumn> columns;
    for (const auto& a : r.function_args) {
      FLOE_ASSIGN_OR_RETURN(BoundExprPtr v, BindExpression(*a, input.scope));
      if (v->type.id() == columnar::TypeId::kList) {
        columns.push_back({"", v->type.element()});
      } else if (v->type.id() == columnar::TypeId::kMap) {
        columns.push_back({"", v->type.key()});
        columns.push_back({"", v->type.value()});
      } else {
        return Status::Invalid(Where(a->pos), "Cannot unnest type: ", TypeName(v->type));
      }
      op->exprs.push_back(std::move(v));
    }
    if (r.with_ordinality) columns.push_back({"ordinality", LogicalType::BigInt()});
    if (!r.column_aliases.empty()) {
      if (r.column_aliases.size() != columns.size()) {
        return Status::Invalid(Where(r.pos), "Column alias list has ", r.column_aliases.size(),
                               " entries but '", r.alias, "' has ", columns.size(),
                               " columns available");
      }
      for (size_t i = 0; i < columns.size(); ++i) columns[i].name = r.column_aliases[i];
    }
    op->ordinality = r.with_ordinality;
    Bound b;
    b.scope = std::move(input.scope);
    for (const auto& c : columns) {
      b.scope.columns.push_back({r.alias, c.name, c.type});
      op->columns.push_back(c);
    }
    op->children.push_back(std::move(input.op));
    b.op = std::move(op);
    return b;
  }

  Result<Bound> BindJoin(const Relation& r) {
    if (IsUnnest(*r.right)) {
      const bool on_true = r.on && r.on->kind == Expr::Kind::kLiteral &&
                           r.on->literal_kind == Expr::LiteralKind::kBoolean &&
                           r.on->text == "true";
      if (!(r.join_type == Relation::JoinType::kCross ||
            r.join_type == Relation::JoinType::kImplicit ||
            (r.join_type == Relation::JoinType::kInner && on_true))) {
        return Status::NotSupported(Where(r.right->pos),
                                    "UNNEST is supported in CROSS JOIN and comma joins only");
      }
      FLOE_ASSIGN_OR_RETURN(Bound left, BindRelation(*r.left));
      return BindUnnest(*r.right, std::move(left));
    }
    FLOE_ASSIGN_OR_RETURN(Bound left, BindRelation(*r.left));
    FLOE_ASSIGN_OR_RETURN(Bound right, BindRelation(*r.right));
    const size_t left_width = left.op->columns.size();
    Bound b = CrossJoin(std::move(left), std::move(right));
    LogicalOp& j = *b.op;
    switch (r.join_type) {
      case Relation::JoinType::kCross:
      case Relation::JoinType::kImplicit:
        return b;
      case Relation::JoinType::kInner:
        j.join_type = LogicalOp::JoinType::kInner;
        break;
      case Relation::JoinType::kLeft:
        j.join_type = LogicalOp::JoinType::kLeft;
        break;
      case Relation::JoinType::kRight:
        j.join_type = LogicalOp::JoinType::kRight;
        break;
      case Relation::JoinType::kFull:
        j.join_type = LogicalOp::JoinType::kFull;
        break;
    }
    if (r.on) {
      FLOE_ASSIGN_OR_RETURN(j.predicate, BindCondition(*r.on, b.scope, "JOIN"));
      return b;
    }
    if (r.using_columns.empty()) return b;
    // USING (c): c = c of both sides; the right side's copy is hidden from
    // unqualified names.
    BoundExprPtr condition;
    for (const auto& name : r.using_columns) {
      int li = -1, ri = -1;
      for (size_t i = 0; i < b.scope.columns.size(); ++i) {
        if (b.scope.columns[i].name != name) continue;
        (i < left_width ? li : ri) = static_cast<int>(i);
      }
      if (li < 0 || ri < 0) {
        return Status::Invalid(Where(r.pos), "Column '", name, "' is missing from ",
                               li < 0 ? "left" : "right", " side of join");
      }
      b.scope.columns[static_cast<size_t>(ri)].hidden = true;
      auto eq =
          MakeCall("=", Args(BoundExpr::Column(li, b.scope.columns[static_cast<size_t>(li)].type),
                             BoundExpr::Column(ri, b.scope.columns[static_cast<size_t>(ri)].type)));
      if (!eq.ok()) return At(r.pos, eq.status());
      condition = condition ? BoundExpr::Logical(BoundExpr::Kind::kAnd, std::move(condition),
                                                 std::move(*eq))
                            : std::move(*eq);
    }
    j.predicate = std::move(condition);
    return b;
  }

  static Result<BoundExprPtr> BindCondition(const Expr& e, const Scope& scope, const char* clause) {
    std::vector<const Expr*> aggregates;
    FLOE_RETURN_NOT_OK(CollectAggregates(e, &aggregates));
    if (!aggregates.empty()) {
      return Status::Invalid(
          Where(e.pos), clause,
          " clause cannot contain aggregations, window functions or grouping operations: [",
          aggregates[0]->ToSql(), "]");
    }
    FLOE_ASSIGN_OR_RETURN(BoundExprPtr p, BindExpression(e, scope));
    if (IsUnknown(p->type)) return BoundExpr::Cast(std::move(p), LogicalType::Boolean());
    if (p->type.id() != columnar::TypeId::kBoolean) {
      return Status::Invalid(Where(e.pos), clause,
                             " clause must evaluate to a boolean: actual type ", TypeName(p->type));
    }
    return p;
  }

  Result<Bound> BindFrom(const QuerySpec& spec) {
    if (spec.from.empty()) {
      // SELECT without FROM reads one row of no columns.
      auto op = MakeOp(Kind::kValues);
      op->rows.emplace_back();
      Bound b;
      b.op = std::move(op);
      return b;
    }
    FLOE_ASSIGN_OR_RETURN(Bound b, BindRelation(*spec.from[0]));
    for (size_t i = 1; i < spec.from.size(); ++i) {
      if (IsUnnest(*spec.from[i])) {
        FLOE_ASSIGN_OR_RETURN(b, BindUnnest(*spec.from[i], std::move(b)));
        continue;
      }
      FLOE_ASSIGN_OR_RETURN(Bound next, BindRelation(*spec.from[i]));
      b = CrossJoin(std::move(b), std::move(next));
    }
    return b;
  }

  // One select item after * is expanded: an expression, or a column of the input.
  struct SelectColumn {
    const Expr* expr = nullptr;
    int input_column = -1;
    std::string name;
  };

  Result<std::vector<SelectColumn>> ExpandSelect(const QuerySpec& spec, const Scope& scope) {
    std::vector<SelectColumn> out;
    for (const auto& item : spec.select) {
      if (item.expr->kind != Expr::Kind::kStar) {
        out.push_back({item.expr.get(), -1, OutputName(item, out.size())});
        continue;
      }
      const std::string qualifier = item.expr->name.empty() ? "" : item.expr->name.parts.back();
      bool any = false;
      for (size_t i = 0; i < scope.columns.size(); ++i) {
        const ScopeColumn& c = scope.columns[i];
        if (c.hidden || (!qualifier.empty() && c.relation != qualifier)) continue;
        out.push_back({nullptr, static_cast<int>(i), c.name});
        any = true;
      }
      if (!any && !qualifier.empty()) {
        return Status::Invalid(Where(item.expr->pos), "Table '", item.expr->name.ToSql(),
                               "' not found");
      }
      if (!any && scope.columns.empty()) {
        return Status::Invalid(Where(item.expr->pos),
                               "SELECT * not allowed in queries without FROM clause");
      }
    }
    return out;
  }

  // A SELECT block; ORDER BY (of the enclosing query) is bound here because
  // it may use the block's input columns. The result may carry extra
  // columns after the first `visible` for sort keys not in the select list.
  Result<Bound> BindSelect(const QuerySpec& spec, const std::vector<SortItem>& order_by,
                           std::vector<SortKey>* keys, size_t* visible, const Scope* outer,
                           Correlation* correlation) {
    for (size_t i = 0; i < spec.windows.size(); ++i) {
      for (size_t j = 0; j < i; ++j) {
        if (spec.windows[j].first == spec.windows[i].first) {
          return Status::Invalid("WINDOW name '", spec.windows[i].first,
                                 "' specified more than once");
        }
      }
    }
    if (spec.where) FLOE_RETURN_NOT_OK(CheckNoAggregation(*spec.where, "WHERE"));
    FLOE_ASSIGN_OR_RETURN(Bound b, BindFrom(spec));
    // Inner sides of the correlation conditions (over the FROM columns).
    std::vector<BoundExprPtr> correlation_keys;
    if (spec.where) {
      std::vector<const Expr*> conjuncts;
      SplitAnd(spec.where.get(), &conjuncts);
      std::vector<BoundExprPtr> bound;
      const int from_width = static_cast<int>(b.scope.columns.size());
      for (const Expr* c : conjuncts) {
        FLOE_ASSIGN_OR_RETURN(bool planned, PlanSubqueryPredicate(*c, &b));
        if (planned) continue;
        SubqueryInterceptor subqueries(this, &b, nullptr);
        Scope scope = b.scope;
        scope.interceptor = &subqueries;
        auto p = BindCondition(*c, scope, "WHERE");
        if (!p.ok() && outer != nullptr && correlation != nullptr) {
          // A condition on the enclosing query's columns: inner = outer.
          Scope combined = b.scope;
          combined.outer_start = from_width;
          combined.columns.insert(combined.columns.end(), outer->columns.begin(),
                                  outer->columns.end());
          auto q = BindCondition(*c, combined, "WHERE");
          if (q.ok()) {
            FLOE_ASSIGN_OR_RETURN(BoundExprPtr inner,
                                  SplitCorrelation(**q, from_width, c->pos, correlation));
            correlation_keys.push_back(std::move(inner));
            continue;
          }
        }
        if (!p.ok()) return p.status();
        bound.push_back(std::move(*p));
      }
      if (!bound.empty()) {
        auto f = MakeOp(Kind::kFilter);
        f->predicate = JoinConjuncts(std::move(bound));
        f->columns = b.op->columns;
        f->children.push_back(std::move(b.op));
        b.op = std::move(f);
      }
    }
    FLOE_ASSIGN_OR_RETURN(std::vector<SelectColumn> select, ExpandSelect(spec, b.scope));

    // Window function calls (in the select list and ORDER BY) and their
    // windows, resolved against the WINDOW clause.
    std::vector<const Expr*> window_calls;
    for (const auto& c : select) {
      if (c.expr) FLOE_RETURN_NOT_OK(CollectWindowCalls(*c.expr, &window_calls));
    }
    for (const auto& item : order_by)
      FLOE_RETURN_NOT_OK(CollectWindowCalls(*item.expr, &window_calls));
    std::vector<ResolvedWindow> resolved_windows;
    for (const Expr* w : window_calls) {
      FLOE_ASSIGN_OR_RETURN(ResolvedWindow r, ResolveWindow(*w->window, spec, w->pos));
      resolved_windows.push_back(std::move(r));
    }

    // Aggregation (window functions may read aggregates: rank() OVER (ORDER BY sum(x))).
    std::vector<const Expr*> aggregates;
    for (const auto& c : select) {
      if (c.expr) FLOE_RETURN_NOT_OK(CollectAggregates(*c.expr, &aggregates));
    }
    if (spec.having) FLOE_RETURN_NOT_OK(CollectAggregates(*spec.having, &aggregates));
    for (const auto& item : order_by)
      FLOE_RETURN_NOT_OK(CollectAggregates(*item.expr, &aggregates));
    for (const ResolvedWindow& w : resolved_windows) {
      for (const Expr* p : w.partition_by) FLOE_RETURN_NOT_OK(CollectAggregates(*p, &aggregates));
      for (const SortItem* o : w.order_by)
        FLOE_RETURN_NOT_OK(CollectAggregates(*o->expr, &aggregates));
    }
    for (const Expr* a : aggregates) {
      for (const auto& arg : a->args) {
        if (const Expr* w = FindExpr(*arg, IsWindowCall)) {
          return Status::Invalid(Where(w->pos),
                                 "Cannot nest window functions or row pattern measures inside "
                                 "aggregation '",
                                 a->name.parts[0], "': [", w->ToSql(), "]");
        }
      }
    }
    if (spec.having) {
      if (const Expr* w = FindExpr(*spec.having, IsWindowCall)) {
        return Status::Invalid(Where(w->pos),
                               "HAVING clause cannot contain window functions or row pattern "
                               "measures");
      }
    }
    const bool aggregating =
        !aggregates.empty() || !spec.group_by.empty() || spec.having != nullptr;
    if (!aggregating) {
      for (const auto& c : select) {
        const Expr* g = c.expr ? FindExpr(*c.expr, IsGroupingCall) : nullptr;
        for (size_t i = 0; g == nullptr && i < order_by.size(); ++i)
          g = FindExpr(*order_by[i].expr, IsGroupingCall);
        if (g != nullptr) {
          return Status::Invalid(Where(g->pos),
                                 "A GROUPING() operation can only be used with a corresponding "
                                 "GROUPING SET/CUBE/ROLLUP/GROUP BY clause");
        }
      }
    }
    Scope input_scope = b.scope;
    size_t correlation_group_start = 0;
    std::unique_ptr<AggregateInterceptor> interceptor;
    if (aggregating) {
      auto agg = MakeOp(Kind::kAggregate);
      std::vector<std::string> group_sql, aggregate_sql;
      std::vector<int> group_columns;
      // The key of a GROUP BY expression (added when new): its index in group_by.
      auto add_key = [&](const Expr* ge) -> Result<int> {
        // GROUP BY 2 names the second select item.
        if (ge->kind == Expr::Kind::kLiteral && ge->literal_kind == Expr::LiteralKind::kInteger) {
          FLOE_ASSIGN_OR_RETURN(int64_t ordinal, IntegerLiteral(*ge, "GROUP BY position"));
          if (ordinal < 1 || ordinal > static_cast<int64_t>(select.size())) {
            return Status::Invalid(Where(ge->pos), "GROUP BY position ", ordinal,
                                   " is not in select list");
          }
          const SelectColumn& sc = select[static_cast<size_t>(ordinal - 1)];
          if (sc.expr == nullptr) {
            for (size_t i = 0; i < group_sql.size(); ++i) {
              if (group_sql[i].empty() && group_columns[i] == sc.input_column)
                return static_cast<int>(i);
            }
            group_sql.push_back("");
            group_columns.push_back(sc.input_column);
            agg->group_by.push_back(BoundExpr::Column(
                sc.input_column, b.scope.columns[static_cast<size_t>(sc.input_column)].type));
            agg->columns.push_back({sc.name, agg->group_by.back()->type});
            return static_cast<int>(agg->group_by.size() - 1);
          }
          ge = sc.expr;
        }
        FLOE_RETURN_NOT_OK(CheckNoAggregation(*ge, "GROUP BY"));
        const std::string sql = ge->ToSql();
        for (size_t i = 0; i < group_sql.size(); ++i) {
          if (group_sql[i] == sql) return static_cast<int>(i);
        }
        FLOE_ASSIGN_OR_RETURN(BoundExprPtr e, BindExpression(*ge, b.scope));
        group_sql.push_back(sql);
        group_columns.push_back(e->kind == BoundExpr::Kind::kColumn ? e->column : -1);
        std::string name = ge->kind == Expr::Kind::kColumn ? ge->name.parts.back()
                                                           : StrCat("$group", agg->group_by.size());
        agg->columns.push_back({name, e->type});
        agg->group_by.push_back(std::move(e));
        return static_cast<int>(agg->group_by.size() - 1);
      };
      // The grouping sets: the cross product of the elements' sets
      // (a plain element is one set; ROLLUP (a, b) is (a, b), (a), ();
      // CUBE every subset; GROUPING SETS its list).
      std::vector<std::vector<int>> sets = {{}};
      bool plain = true;
      for (const auto& element : spec.group_by) {
        std::vector<std::vector<int>> element_sets;
        std::vector<int> keys;
        for (const auto& g : element.exprs) {
          FLOE_ASSIGN_OR_RETURN(int k, add_key(g.get()));
          keys.push_back(k);
        }
        switch (element.kind) {
          case GroupingElement::Kind::kSimple:
            element_sets.push_back(keys);
            break;
          case GroupingElement::Kind::kRollup:
            for (size_t n = keys.size() + 1; n-- > 0;)
              element_sets.emplace_back(keys.begin(), keys.begin() + static_cast<long>(n));
            break;
          case GroupingElement::Kind::kCube: {
            if (keys.size() > 12) {
              return Status::NotSupported("CUBE of more than 12 expressions is not supported");
            }
            const uint32_t all = (1u << keys.size()) - 1;
            for (uint32_t mask = all + 1; mask-- > 0;) {
              std::vector<int> set;
              for (size_t i = 0; i < keys.size(); ++i) {
                if (mask & (1u << (keys.size() - 1 - i))) set.push_back(keys[i]);
              }
              element_sets.push_back(std::move(set));
            }
            break;
          }
          case GroupingElement::Kind::kGroupingSets:
            for (const auto& set_exprs : element.sets) {
              std::vector<int> set;
              for (const auto& g : set_exprs) {
                FLOE_ASSIGN_OR_RETURN(int k, add_key(g.get()));
                set.push_back(k);
              }
              element_sets.push_back(std::move(set));
            }
            break;
        }
        plain &= element.kind == GroupingElement::Kind::kSimple;
        std::vector<std::vector<int>> product;
        for (const auto& a : sets) {
          for (const auto& e : element_sets) {
            std::vector<int> set = a;
            for (int k : e) {
              if (std::find(set.begin(), set.end(), k) == set.end()) set.push_back(k);
            }
            std::sort(set.begin(), set.end());
            product.push_back(std::move(set));
          }
        }
        if (product.size() > 4096) {
          return Status::NotSupported("GROUP BY with more than 4096 grouping sets");
        }
        sets = std::move(product);
      }
      if (spec.group_by_distinct) {
        std::vector<std::vector<int>> unique;
        for (auto& set : sets) {
          if (std::find(unique.begin(), unique.end(), set) == unique.end())
            unique.push_back(std::move(set));
        }
        sets = std::move(unique);
      }
      // Correlation keys group too: one row per key for the enclosing query.
      correlation_group_start = agg->group_by.size();
      for (const auto& key : correlation_keys) {
        group_sql.push_back("");
        group_columns.push_back(key->kind == BoundExpr::Kind::kColumn ? key->column : -1);
        agg->columns.push_back({StrCat("$corr", agg->group_by.size()), key->type});
        agg->group_by.push_back(key->Clone());
      }
      if (!plain) {
        for (auto& set : sets) {
          for (size_t k = correlation_group_start; k < agg->group_by.size(); ++k)
            set.push_back(static_cast<int>(k));
        }
        agg->grouping_sets = std::move(sets);
        agg->columns.push_back({"$groupset", LogicalType::BigInt()});
      }
      for (const Expr* a : aggregates) {
        const std::string sql = a->ToSql();
        bool seen = false;
        for (const auto& s : aggregate_sql) seen |= s == sql;
        if (seen) continue;
        FLOE_ASSIGN_OR_RETURN(AggregateCall call, BindAggregate(*a, b.scope));
        aggregate_sql.push_back(sql);
        agg->columns.push_back({StrCat("$agg", agg->aggregates.size()), call.type});
        agg->aggregates.push_back(std::move(call));
      }
      agg->children.push_back(std::move(b.op));
      b.op = std::move(agg);
      interceptor = std::make_unique<AggregateInterceptor>(&input_scope, std::move(group_sql),
                                                           std::move(group_columns),
                                                           std::move(aggregate_sql), b.op.get());
      b.scope = ScopeOf(*b.op, "");
      b.scope.interceptor = interceptor.get();
      if (spec.having) {
        SubqueryInterceptor subqueries(this, &b, interceptor.get());
        b.scope.interceptor = &subqueries;
        FLOE_ASSIGN_OR_RETURN(BoundExprPtr p, BindExpression(*spec.having, b.scope));
        if (p->type.id() != columnar::TypeId::kBoolean) {
          return Status::Invalid(Where(spec.having->pos),
                                 "HAVING clause must evaluate to a boolean: actual type ",
                                 TypeName(p->type));
        }
        auto f = MakeOp(Kind::kFilter);
        f->predicate = std::move(p);
        f->columns = b.op->columns;
        f->children.push_back(std::move(b.op));
        b.op = std::move(f);
        b.scope.interceptor = interceptor.get();
      }
    }

    // Window functions, after GROUP BY and HAVING and before DISTINCT and
    // ORDER BY: a Window node appends one column per distinct call.
    std::unique_ptr<WindowInterceptor> window_interceptor;
    if (!window_calls.empty()) {
      auto window = MakeOp(Kind::kWindow);
      window->columns = b.op->columns;
      std::vector<std::string> window_sql;
      std::vector<BoundExprPtr> window_columns;
      for (size_t i = 0; i < window_calls.size(); ++i) {
        const std::string sql = window_calls[i]->ToSql();
        if (std::find(window_sql.begin(), window_sql.end(), sql) != window_sql.end()) continue;
        FLOE_ASSIGN_OR_RETURN(WindowCall call,
                              BindWindowCall(*window_calls[i], resolved_windows[i], b.scope));
        window_sql.push_back(sql);
        window_columns.push_back(
            BoundExpr::Column(static_cast<int>(window->columns.size()), call.type));
        window->columns.push_back({StrCat("$window", window->windows.size()), call.type});
        window->windows.push_back(std::move(call));
      }
      window->children.push_back(std::move(b.op));
      b.op = std::move(window);
      window_interceptor = std::make_unique<WindowInterceptor>(
          std::move(window_sql), std::move(window_columns), b.scope.interceptor);
      b.scope.interceptor = window_interceptor.get();
    }

    // The select list (scalar subqueries in it join onto the input).
    SubqueryInterceptor select_subqueries(this, &b, b.scope.interceptor);
    b.scope.interceptor = &select_subqueries;
    std::vector<BoundExprPtr> exprs;
    std::vector<std::string> names;
    for (const auto& c : select) {
      if (c.expr == nullptr) {
        if (aggregating) {
          // SELECT * with GROUP BY: each column must be a group.
          Expr ref;
          ref.kind = Expr::Kind::kColumn;
          ref.name.parts = {input_scope.columns[static_cast<size_t>(c.input_column)].relation,
                            input_scope.columns[static_cast<size_t>(c.input_column)].name};
          if (ref.name.parts[0].empty()) ref.name.parts.erase(ref.name.parts.begin());
          FLOE_ASSIGN_OR_RETURN(BoundExprPtr e, BindExpression(ref, b.scope));
          exprs.push_back(std::move(e));
        } else {
          exprs.push_back(BoundExpr::Column(
              c.input_column, b.scope.columns[static_cast<size_t>(c.input_column)].type));
        }
      } else {
        FLOE_ASSIGN_OR_RETURN(BoundExprPtr e, BindExpression(*c.expr, b.scope));
        exprs.push_back(std::move(e));
      }
      names.push_back(c.name);
    }
    if (correlation != nullptr) {
      correlation->aggregated = aggregating;
      correlation->count =
          select.size() == 1 && select[0].expr != nullptr && IsAggregateCall(*select[0].expr) &&
          (select[0].expr->name.parts[0] == "count" || select[0].expr->name.parts[0] == "count_if");
      // The correlation keys are the last output columns.
      for (size_t j = 0; j < correlation_keys.size(); ++j) {
        if (aggregating) {
          const int col = static_cast<int>(correlation_group_start + j);
          exprs.push_back(BoundExpr::Column(col, correlation_keys[j]->type));
        } else {
          exprs.push_back(correlation_keys[j]->Clone());
        }
        names.push_back(StrCat("$corr", j));
      }
    }
    *visible = exprs.size();
    // ORDER BY: an output column (position, alias), a select item's
    // expression, or another expression over the input (an extra column).
    std::vector<std::string> select_sql;
    for (const auto& c : select) select_sql.push_back(c.expr ? c.expr->ToSql() : "");
    Bound projected_shape;
    projected_shape.op = MakeOp(Kind::kProject);
    for (size_t i = 0; i < exprs.size(); ++i)
      projected_shape.op->columns.push_back({names[i], exprs[i]->type});
    for (const auto& item : order_by) {
      FLOE_ASSIGN_OR_RETURN(BoundExprPtr key, BindOrderByOutput(item, projected_shape));
      if (key == nullptr) {
        const std::string sql = item.expr->ToSql();
        for (size_t i = 0; i < select_sql.size() && key == nullptr; ++i) {
          if (select_sql[i] == sql) key = BoundExpr::Column(static_cast<int>(i), exprs[i]->type);
        }
      }
      if (key == nullptr) {
        if (spec.distinct) {
          return Status::Invalid(
              Where(item.expr->pos),
              "For SELECT DISTINCT, ORDER BY expressions must appear in select list");
        }
        FLOE_ASSIGN_OR_RETURN(BoundExprPtr e, BindExpression(*item.expr, b.scope));
        key = BoundExpr::Column(static_cast<int>(exprs.size()), e->type);
        names.push_back(StrCat("$sort", exprs.size()));
        exprs.push_back(std::move(e));
      }
      keys->push_back(MakeKey(item, std::move(key)));
    }
    b.op = Project(std::move(b.op), std::move(exprs), std::move(names));
    if (spec.distinct) b.op = Distinct(std::move(b.op));
    b.scope = ScopeOf(*b.op, "");
    return b;
  }

  Result<AggregateCall> BindAggregate(const Expr& e, const Scope& scope) {
    AggregateCall call;
    call.name = e.name.parts[0];
    call.distinct = e.distinct;
    if (!e.order_by.empty()) {
      return Status::NotSupported(Where(e.pos), "ORDER BY in aggregate ", call.name,
                                  " is not supported yet");
    }
    std::vector<LogicalType> types;
    const bool star = e.args.size() == 1 && e.args[0]->kind == Expr::Kind::kStar;
    if (!star) {
      for (const auto& a : e.args) {
        FLOE_ASSIGN_OR_RETURN(BoundExprPtr v, BindExpression(*a, scope));
        types.push_back(v->type);
        call.args.push_back(std::move(v));
      }
    }
    auto f = ResolveAggregate(call.name, types);
    if (!f.ok()) return At(e.pos, f.status());
    for (size_t i = 0; i < call.args.size(); ++i) {
      if (call.args[i]->type != f->arg_types[i])
        call.args[i] = BoundExpr::Cast(std::move(call.args[i]), f->arg_types[i]);
    }
    call.type = f->result_type;
    if (e.filter) {
      FLOE_ASSIGN_OR_RETURN(call.filter, BindCondition(*e.filter, scope, "FILTER"));
    }
    return call;
  }

  // A window function call `e` over window `w`, bound against `scope`.
  Result<WindowCall> BindWindowCall(const Expr& e, const ResolvedWindow& w, const Scope& scope) {
    WindowCall call;
    if (e.name.parts.size() != 1) {
      return Status::Invalid(Where(e.pos), e.name.ToSql(), " is not a window function");
    }
    call.name = e.name.parts[0];
    const std::string& name = call.name;
    const bool aggregate = IsAggregateFunctionName(name);
    if (!aggregate && !IsWindowFunctionName(name)) {
      return Status::Invalid(Where(e.pos), name, " is not a window function");
    }
    if (e.distinct) {
      return Status::NotSupported(
          Where(e.pos), "DISTINCT in window function parameters not yet supported: ", e.ToSql());
    }
    if (!e.order_by.empty()) {
      return Status::NotSupported(Where(e.pos), "ORDER BY in window function ", name,
                                  " arguments is not supported");
    }
    const bool value_function = name == "lag" || name == "lead" || name == "first_value" ||
                                name == "last_value" || name == "nth_value";
    if (e.ignore_nulls && !value_function) {
      return Status::Invalid(Where(e.pos), "Cannot specify null treatment clause for ", name,
                             " function");
    }
    call.ignore_nulls = e.ignore_nulls;
    std::vector<BoundExprPtr> args;
    const bool star = e.args.size() == 1 && e.args[0]->kind == Expr::Kind::kStar;
    if (!star) {
      for (const auto& a : e.args) {
        FLOE_ASSIGN_OR_RETURN(BoundExprPtr v, BindExpression(*a, scope));
        args.push_back(std::move(v));
      }
    }
    auto unexpected = [&]() {
      std::string types;
      for (size_t i = 0; i < args.size(); ++i)
        types += StrCat(i > 0 ? ", " : "", TypeName(args[i]->type));
      return Status::Invalid(Where(e.pos), "Unexpected parameters (", types, ") for function ",
                             name);
    };
    // An integer argument, as bigint.
    auto integer = [&](size_t i) -> Status {
      if (IsUnknown(args[i]->type)) {
        args[i] = BoundExpr::Cast(std::move(args[i]), LogicalType::BigInt());
        return Status::OK();
      }
      if (!IsIntegral(args[i]->type)) return unexpected();
      if (args[i]->type != LogicalType::BigInt())
        args[i] = BoundExpr::Cast(std::move(args[i]), LogicalType::BigInt());
      return Status::OK();
    };
    if (e.filter) {
      if (!aggregate) {
        return Status::Invalid(Where(e.pos), "FILTER is only valid for aggregate functions");
      }
      FLOE_ASSIGN_OR_RETURN(call.filter, BindCondition(*e.filter, scope, "FILTER"));
    }
    if (aggregate) {
      std::vector<LogicalType> types;
      for (const auto& a : args) types.push_back(a->type);
      auto f = ResolveAggregate(name, types);
      if (!f.ok()) return At(e.pos, f.status());
      for (size_t i = 0; i < args.size(); ++i) {
        if (args[i]->type != f->arg_types[i])
          args[i] = BoundExpr::Cast(std::move(args[i]), f->arg_types[i]);
      }
      call.type = f->result_type;
    } else if (name == "row_number" || name == "rank" || name == "dense_rank") {
      if (!args.empty()) return unexpected();
      call.type = LogicalType::BigInt();
    } else if (name == "percent_rank" || name == "cume_dist") {
      if (!args.empty()) return unexpected();
      call.type = LogicalType::Double();
    } else if (name == "ntile") {
      if (args.size() != 1) return unexpected();
      FLOE_RETURN_NOT_OK(integer(0));
      call.type = LogicalType::BigInt();
    } else {
      const size_t max_args = name == "lag" || name == "lead" ? 3 : name == "nth_value" ? 2 : 1;
      const size_t min_args = name == "nth_value" ? 2 : 1;
      if (args.size() < min_args || args.size() > max_args) return unexpected();
      if (args.size() > 1) FLOE_RETURN_NOT_OK(integer(1));
      LogicalType type = args[0]->type;
      if (args.size() > 2) {
        auto common = CommonSuperType(type, args[2]->type);
        if (!common) return unexpected();
        type = *common;
      }
      // A bare NULL's column gets a type the executor can hold.
      if (IsUnknown(type)) type = LogicalType::Boolean();
      if (args[0]->type != type) args[0] = BoundExpr::Cast(std::move(args[0]), type);
      if (args.size() > 2 && args[2]->type != type)
        args[2] = BoundExpr::Cast(std::move(args[2]), type);
      call.type = type;
    }
    call.args = std::move(args);

    for (const Expr* p : w.partition_by) {
      FLOE_ASSIGN_OR_RETURN(BoundExprPtr v, BindExpression(*p, scope));
      call.partition_by.push_back(std::move(v));
    }
    for (const SortItem* item : w.order_by) {
      FLOE_ASSIGN_OR_RETURN(BoundExprPtr v, BindExpression(*item->expr, scope));
      if (!IsOrderable(v->type) && !IsUnknown(v->type)) {
        return Status::Invalid(Where(item->expr->pos), "Type ", TypeName(v->type),
                               " is not orderable, and therefore cannot be used in window "
                               "function ORDER BY");
      }
      call.order_by.push_back(MakeKey(*item, std::move(v)));
    }
    if (w.frame != nullptr) FLOE_RETURN_NOT_OK(BindFrame(*w.frame, e.pos, scope, &call));
    return call;
  }

  // The frame of `spec` (ROWS / RANGE / GROUPS BETWEEN ...) into call->frame,
  // with Trino's checks of its bounds.
  Status BindFrame(const WindowSpec& spec, Position pos, const Scope& scope, WindowCall* call) {
    using B = FrameBound::Kind;
    WindowFrame& f = call->frame;
    f.unit = spec.frame_unit == WindowSpec::FrameUnit::kRows    ? WindowFrame::Unit::kRows
             : spec.frame_unit == WindowSpec::FrameUnit::kRange ? WindowFrame::Unit::kRange
                                                                : WindowFrame::Unit::kGroups;
    const FrameBound& start = spec.frame_start;
    FrameBound current;
    const FrameBound& end = spec.frame_end ? *spec.frame_end : current;
    if (start.kind == B::kUnboundedFollowing)
      return Status::Invalid(Where(pos), "Window frame start cannot be UNBOUNDED FOLLOWING");
    if (end.kind == B::kUnboundedPreceding)
      return Status::Invalid(Where(pos), "Window frame end cannot be UNBOUNDED PRECEDING");
    if (start.kind == B::kCurrentRow && end.kind == B::kPreceding) {
      return Status::Invalid(Where(pos),
                             "Window frame starting from CURRENT ROW cannot end with PRECEDING");
    }
    if (start.kind == B::kFollowing && end.kind == B::kPreceding) {
      return Status::Invalid(Where(pos),
                             "Window frame starting from FOLLOWING cannot end with PRECEDING");
    }
    if (start.kind == B::kFollowing && end.kind == B::kCurrentRow) {
      return Status::Invalid(Where(pos),
                             "Window frame starting from FOLLOWING cannot end with CURRENT ROW");
    }
    const bool offsets = start.offset != nullptr || end.offset != nullptr;
    if (offsets && f.unit == WindowFrame::Unit::kRange && call->order_by.size() != 1) {
      return Status::Invalid(Where(pos),
                             "Window frame of type RANGE PRECEDING or FOLLOWING requires single "
                             "sort item in ORDER BY (actual: ",
                             call->order_by.size(), ")");
    }
    if (offsets && f.unit == WindowFrame::Unit::kGroups && call->order_by.empty()) {
      return Status::Invalid(
          Where(pos), "Window frame of type GROUPS PRECEDING or FOLLOWING requires ORDER BY");
    }
    auto kind = [](B k) { return static_cast<WindowFrame::Bound>(static_cast<uint8_t>(k)); };
    f.start = kind(start.kind);
    f.end = kind(end.kind);
    for (int side = 0; side < 2; ++side) {
      const FrameBound& b = side == 0 ? start : end;
      if (b.offset == nullptr) continue;
      BoundExprPtr& slot = side == 0 ? f.start_offset : f.end_offset;
      const Expr& o = *b.offset;
      if (f.unit != WindowFrame::Unit::kRange) {
        FLOE_ASSIGN_OR_RETURN(BoundExprPtr v, BindExpression(o, scope));
        if (!IsIntegral(v->type) && !IsUnknown(v->type)) {
          return Status::Invalid(Where(o.pos), "Window frame ",
                                 f.unit == WindowFrame::Unit::kRows ? "ROWS" : "GROUPS",
                                 " offset must be of type tinyint, smallint, integer or bigint "
                                 "(actual ",
                                 TypeName(v->type), ")");
        }
        slot = v->type == LogicalType::BigInt()
                   ? std::move(v)
                   : BoundExpr::Cast(std::move(v), LogicalType::BigInt());
        continue;
      }
      // RANGE: the bound's value is the order key minus or plus the
      // offset (a constant, checked here), compared with other rows' keys.
      if ((o.kind == Expr::Kind::kLiteral && o.literal_kind == Expr::LiteralKind::kNull) ||
          (o.kind == Expr::Kind::kUnary && o.op == "-")) {
        return Status::Invalid(Where(o.pos),
                               "Window frame offset value must not be negative or null");
      }
      if (o.kind != Expr::Kind::kLiteral) {
        return Status::NotSupported(Where(o.pos),
                                    "Window frame RANGE offsets must be numeric literals");
      }
      FLOE_ASSIGN_OR_RETURN(BoundExprPtr v, BindExpression(o, scope));
      const SortKey& key = call->order_by[0];
      if (!IsNumeric(key.expr->type) || !IsNumeric(v->type)) {
        return Status::NotSupported(Where(o.pos), "Window frame RANGE offsets over ",
                                    TypeName(key.expr->type), " ORDER BY keys are not supported");
      }
      const bool minus = (b.kind == B::kPreceding) != key.descending;
      std::vector<BoundExprPtr> operands;
      operands.push_back(key.expr->Clone());
      operands.push_back(std::move(v));
      auto value = MakeCall(minus ? "-" : "+", std::move(operands));
      if (!value.ok()) return At(o.pos, value.status());
      slot = std::move(*value);
    }
    if (f.start_offset || f.end_offset) {
      if (f.unit == WindowFrame::Unit::kRange) {
        // Keys and both bound values compare in one type.
        LogicalType type = (f.start_offset ? f.start_offset : f.end_offset)->type;
        if (f.start_offset && f.end_offset) {
          auto common = CommonSuperType(f.start_offset->type, f.end_offset->type);
          if (!common) return Status::Internal("RANGE frame bounds of incompatible types");
          type = *common;
        }
        for (BoundExprPtr* slot : {&f.start_offset, &f.end_offset}) {
          if (*slot && (*slot)->type != type) *slot = BoundExpr::Cast(std::move(*slot), type);
        }
        f.range_key = call->order_by[0].expr->Clone();
        if (f.range_key->type != type) f.range_key = BoundExpr::Cast(std::move(f.range_key), type);
      }
    }
    return Status::OK();
  }

  TableResolver* resolver_;
  std::vector<std::map<std::string, const WithQuery*>> ctes_;
};

Result<BoundExprPtr> SubqueryInterceptor::Intercept(const Expr& e) {
  if (e.kind == Expr::Kind::kSubquery) return binder_->JoinScalarSubquery(e, target_);
  if (e.kind == Expr::Kind::kExists || (e.kind == Expr::Kind::kIn && e.subquery)) {
    return Status::NotSupported(
        Where(e.pos), e.kind == Expr::Kind::kExists ? "EXISTS" : "IN (subquery)",
        " is supported as a WHERE condition (possibly under AND) only, so far");
  }
  if (next_ != nullptr) return next_->Intercept(e);
  return BoundExprPtr();
}

}  // namespace

CatalogTableResolver::CatalogTableResolver(catalog::Catalog* catalog, std::string catalog_name,
                                           std::string default_schema)
    : catalog_(catalog),
      catalog_name_(std::move(catalog_name)),
      default_schema_(std::move(default_schema)) {}

Result<std::shared_ptr<io::FileIO>> TableResolver::ExternalFileIO(const std::string& path) {
  const size_t scheme = path.find("://");
  if (scheme != std::string::npos && path.compare(0, scheme, "file") != 0) {
    return Status::NotSupported("cannot read '", path, "': the ", path.substr(0, scheme),
                                ":// scheme is not supported (local paths and file:// are)");
  }
  return io::LocalFileIO();
}

Result<std::shared_ptr<TableHandle>> CatalogTableResolver::ResolveTable(const QualifiedName& name) {
  const auto& parts = name.parts;
  if (parts.empty() || parts.size() > 3)
    return Status::Invalid("Invalid table name '", name.ToSql(), "'");
  std::string catalog_name = parts.size() == 3 ? parts[0] : catalog_name_;
  std::string schema = parts.size() >= 2 ? parts[parts.size() - 2] : default_schema_;
  const std::string& table = parts.back();
  if (catalog_name != catalog_name_)
    return Status::NotFound("Catalog '", catalog_name, "' not found");
  if (schema.empty())
    return Status::Invalid("Schema must be specified when session schema is not set");
  catalog::TableIdentifier id{{schema}, table};
  auto loaded = catalog_->LoadTable(id);
  if (!loaded.ok()) {
    if (loaded.status().code() == StatusCode::kNotFound) {
      auto ns = catalog_->NamespaceExists({schema});
      if (ns.ok() && !*ns) return Status::NotFound("Schema '", schema, "' does not exist");
      // The closest table name of the schema, when close enough to be a typo.
      std::string hint;
      if (auto tables = catalog_->ListTables({schema}); tables.ok()) {
        int best = 1 << 30;
        for (const auto& t : *tables) {
          const int d = EditDistance(t.name, table);
          if (d < best && d <= std::max<int>(2, static_cast<int>(table.size()) / 3)) {
            best = d;
            hint = StrCat(". Did you mean '", catalog_name, ".", schema, ".", t.name, "'?");
          }
        }
      }
      return Status::NotFound("Table '", catalog_name, ".", schema, ".", table, "' does not exist",
                              hint);
    }
    return loaded.status();
  }
  auto handle = std::make_shared<TableHandle>();
  handle->catalog = catalog_name;
  handle->schema = schema;
  handle->table = table;
  handle->io = catalog_->file_io();
  handle->metadata = std::make_shared<const iceberg::TableMetadata>(std::move(loaded->metadata));
  return handle;
}

Result<LogicalOpPtr> BindQuery(const Query& query, TableResolver* resolver) {
  QueryBinder binder(resolver);
  FLOE_ASSIGN_OR_RETURN(Bound b, binder.BindQuery(query));
  return std::move(b.op);
}

}  // namespace floe::sql
