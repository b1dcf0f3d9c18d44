#include "sql/binder/expression_binder.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>

#include "common/date_time.h"
#include "common/str_cat.h"
#include "sql/binder/temporal_binder.h"
#include "sql/functions/aggregate_function.h"
#include "sql/functions/nested_internal.h"

namespace floe::sql {

namespace {

Status At(const Expr& e, Status st) {
  if (st.ok()) return st;
  // Messages already carrying a position keep it.
  if (st.message().rfind("line ", 0) == 0) return st;
  return Status(st.code(), StrCat("line ", e.pos.line, ":", e.pos.column, ": ", st.message()));
}

// row.field as a call of the row and the field's index.
BoundExprPtr FieldAccess(BoundExprPtr row, int field) {
  auto out = std::make_unique<BoundExpr>();
  out->kind = BoundExpr::Kind::kCall;
  out->function = functions::FieldAccessFunction(row->type, field);
  out->type = out->function.result_type;
  out->args.push_back(std::move(row));
  out->args.push_back(BoundExpr::Integer(field));
  return out;
}

// Field `name` of a row value (r.f).
Result<BoundExprPtr> BindField(BoundExprPtr row, const std::string& name, const Expr& e) {
  if (row->type.id() != columnar::TypeId::kStruct) {
    return Status::Invalid("line ", e.pos.line, ":", e.pos.column, ": Expression of type ",
                           TypeName(row->type), " does not support field access (.", name, ")");
  }
  const auto& fields = row->type.fields();
  for (size_t i = 0; i < fields.size(); ++i) {
    if (AsciiLower(fields[i].name) != AsciiLower(name)) continue;
    return FieldAccess(std::move(row), static_cast<int>(i));
  }
  return Status::Invalid("line ", e.pos.line, ":", e.pos.column, ": Column '", name,
                         "' cannot be resolved");
}

// `fields`: a name that is no column may be a column's field (a.b.c); the
// prefixes tried for that are looked up as plain columns only, so that a
// long dotted name costs one lookup per prefix, not one per subset.
Result<BoundExprPtr> BindColumn(const Expr& e, const Scope& scope, bool fields = true) {
  const auto& parts = e.name.parts;
  const std::string& name = parts.back();
  const std::string relation = parts.size() >= 2 ? parts[parts.size() - 2] : "";
  int found = -1;
  // The query's own columns first, then an enclosing query's.
  const size_t outer =
      scope.outer_start >= 0 ? static_cast<size_t>(scope.outer_start) : scope.columns.size();
  for (auto [from, to] : {std::pair<size_t, size_t>{0, outer}, {outer, scope.columns.size()}}) {
    for (size_t i = from; i < to; ++i) {
      const ScopeColumn& c = scope.columns[i];
      if (c.name != name) continue;
      if (!relation.empty() && c.relation != relation) continue;
      if (relation.empty() && c.hidden) continue;
      if (found >= 0) {
        return Status::Invalid("line ", e.pos.line, ":", e.pos.column, ": Column '", e.name.ToSql(),
                               "' is ambiguous");
      }
      found = static_cast<int>(i);
    }
    if (found >= 0) break;
  }
  if (found >= 0) return BoundExpr::Column(found, scope.columns[static_cast<size_t>(found)].type);
  // a.b.c may be column a (or table a's column b) with fields dereferenced
  // (Trino tries the longest table-qualified column first).
  for (size_t prefix = parts.size() - 1; fields && prefix >= 1; --prefix) {
    Expr column;
    column.kind = Expr::Kind::kColumn;
    column.pos = e.pos;
    column.name.parts.assign(parts.begin(), parts.begin() + static_cast<long>(prefix));
    auto base = BindColumn(column, scope, /*fields=*/false);
    if (!base.ok()) continue;
    BoundExprPtr value = std::move(*base);
    bool ok = true;
    for (size_t k = prefix; k < parts.size() && ok; ++k) {
      auto field = BindField(std::move(value), parts[k], e);
      ok = field.ok();
      if (ok) value = std::move(*field);
    }
    if (ok) return value;
  }
  // The closest name in scope, when close enough to be a typo.
  std::string best;
  int best_distance = 1 << 30;
  for (const ScopeColumn& c : scope.columns) {
    int d = EditDistance(c.name, name);
    if (d < best_distance) {
      best_distance = d;
      best = c.name;
    }
  }
  std::string hint;
  if (!best.empty() && best_distance <= std::max<int>(2, static_cast<int>(name.size()) / 3)) {
    hint = StrCat(". Did you mean '", best, "'?");
  }
  return Status::Invalid("line ", e.pos.line, ":", e.pos.column, ": Column '", e.name.ToSql(),
                         "' cannot be resolved", hint);
}

// The unscaled value of a decimal literal ("-12.50" -> -1250).
int128_t UnscaledDecimal(std::string_view text) {
  bool negative = !text.empty() && text[0] == '-';
  int128_t v = 0;
  for (char c : text) {
    if (c >= '0' && c <= '9') v = v * 10 + (c - '0');
  }
  return negative ? -v : v;
}

// A decimal integer's value; false when it does not fit in 64 bits.
bool ParseInt64(const std::string& text, int64_t* out) {
  errno = 0;
  char* end = nullptr;
  const long long v = std::strtoll(text.c_str(), &end, 10);
  if (errno != 0 || end == text.c_str() || *end != '\0') return false;
  *out = static_cast<int64_t>(v);
  return true;
}

Result<BoundExprPtr> BindLiteral(const Expr& e) {
  using LK = Expr::LiteralKind;
  switch (e.literal_kind) {
    case LK::kNull:
      return BoundExpr::Null();
    case LK::kBoolean:
      return BoundExpr::Boolean(e.text == "true");
    case LK::kInteger: {
      FLOE_ASSIGN_OR_RETURN(LogicalType t, LiteralType(e.literal_kind, e.text));
      int64_t v;
      if (!ParseInt64(e.text, &v)) return Status::Invalid("Invalid numeric literal: ", e.text);
      return t.id() == columnar::TypeId::kInteger ? BoundExpr::Integer(static_cast<int32_t>(v))
                                                  : BoundExpr::BigInt(v);
    }
    case LK::kDecimal: {
      FLOE_ASSIGN_OR_RETURN(LogicalType t, LiteralType(e.literal_kind, e.text));
      return BoundExpr::Decimal(UnscaledDecimal(e.text), t.precision(), t.scale());
    }
    case LK::kDouble:
      // As Java's Double.parseDouble (Trino): too large is Infinity, too small 0.
      return BoundExpr::Double(std::strtod(e.text.c_str(), nullptr));
    case LK::kString: {
      BoundExprPtr s = BoundExpr::Varchar(e.text);
      FLOE_ASSIGN_OR_RETURN(s->type, LiteralType(e.literal_kind, e.text));
      return s;
    }
    case LK::kBinary:
      return Status::NotSupported("binary literals are not supported yet");
    case LK::kTyped: {
      const std::string& type = e.type.name;
      if (type == "date") {
        int64_t days;
        if (!ParseDate(e.text, &days))
          return Status::Invalid("'", e.text, "' is not a valid DATE literal");
        auto d = BoundExpr::Integer(static_cast<int32_t>(days));
        d->type = LogicalType::Date();
        return d;
      }
      int64_t micros;
      int digits;
      if (type == "timestamp" && ParseTimestamp(e.text, &micros, &digits)) {
        auto t = BoundExpr::BigInt(micros);
        t->type = LogicalType::Timestamp(digits);  // Trino: the precision of the literal's digits
        return t;
      }
      // TIME, and TIMESTAMP with a zone in the text.
      auto temporal = BindTemporalLiteral(e);
      if (!temporal.ok() || *temporal != nullptr) return temporal;
      // Other typed literals are casts of a string: DECIMAL '1.5', BIGINT '3'.
      return Status::NotSupported(type, " literals are not supported yet");
    }
  }
  return Status::Internal("unknown literal");
}

std::vector<BoundExprPtr> Two(BoundExprPtr a, BoundExprPtr b) {
  std::vector<BoundExprPtr> v;
  v.push_back(std::move(a));
  v.push_back(std::move(b));
  return v;
}

Result<BoundExprPtr> Bind(const Expr& e, const Scope& scope);

Result<BoundExprPtr> Boolean(const Expr& e, const Scope& scope, const char* what) {
  FLOE_ASSIGN_OR_RETURN(BoundExprPtr b, Bind(e, scope));
  if (IsUnknown(b->type)) return BoundExpr::Cast(std::move(b), LogicalType::Boolean());
  if (b->type.id() != columnar::TypeId::kBoolean) {
    return Status::Invalid("line ", e.pos.line, ":", e.pos.column, ": ", what,
                           " must evaluate to a boolean: actual type ", TypeName(b->type));
  }
  return b;
}

// Casts `values` to their common type (Trino's rules), or fails naming `what`.
Status Coerce(const Expr& e, const char* what, std::vector<BoundExprPtr>* values) {
  LogicalType common = UnknownType();
  for (const auto& v : *values) {
    auto t = CommonSuperType(common, v->type);
    if (!t) {
      return Status::Invalid("line ", e.pos.line, ":", e.pos.column, ": All ", what,
                             " values must be the same type or coercible to a common type. Cannot "
                             "find common type between ",
                             TypeName(common), " and ", TypeName(v->type));
    }
    common = *t;
  }
  for (auto& v : *values) {
    if (v->type != common && !IsUnknown(common)) v = BoundExpr::Cast(std::move(v), common);
  }
  return Status::OK();
}

BoundExprPtr MakeConditional(BoundExpr::Kind kind, LogicalType type,
                             std::vector<BoundExprPtr> args) {
  auto out = std::make_unique<BoundExpr>();
  out->kind = kind;
  out->type = std::move(type);
  out->args = std::move(args);
  return out;
}

// CASE [operand] WHEN ... THEN ... [ELSE ...] END as a searched CASE.
Result<BoundExprPtr> BindCase(const Expr& e, const Scope& scope) {
  size_t i = 0;
  const Expr* operand = e.has_operand ? e.args[i++].get() : nullptr;
  const size_t end = e.args.size() - (e.has_else ? 1 : 0);
  std::vector<BoundExprPtr> conditions, values;
  for (; i < end; i += 2) {
    if (operand != nullptr) {
      FLOE_ASSIGN_OR_RETURN(BoundExprPtr o, Bind(*operand, scope));
      FLOE_ASSIGN_OR_RETURN(BoundExprPtr w, Bind(*e.args[i], scope));
      auto eq = MakeCall("=", Two(std::move(o), std::move(w)));
      if (!eq.ok()) return At(*e.args[i], eq.status());
      conditions.push_back(std::move(*eq));
    } else {
      FLOE_ASSIGN_OR_RETURN(BoundExprPtr w, Boolean(*e.args[i], scope, "WHEN clause"));
      conditions.push_back(std::move(w));
    }
    FLOE_ASSIGN_OR_RETURN(BoundExprPtr t, Bind(*e.args[i + 1], scope));
    values.push_back(std::move(t));
  }
  if (e.has_else) {
    FLOE_ASSIGN_OR_RETURN(BoundExprPtr v, Bind(*e.args.back(), scope));
    values.push_back(std::move(v));
  }
  FLOE_RETURN_NOT_OK(Coerce(e, "CASE", &values));
  LogicalType type = values.empty() ? UnknownType() : values[0]->type;
  std::vector<BoundExprPtr> args;
  for (size_t k = 0; k < conditions.size(); ++k) {
    args.push_back(std::move(conditions[k]));
    args.push_back(std::move(values[k]));
  }
  if (e.has_else) args.push_back(std::move(values.back()));
  return MakeConditional(BoundExpr::Kind::kCase, type, std::move(args));
}

// coalesce, if, nullif and try: functions whose arguments are evaluated
// lazily. Null when `e` is none of them.
Result<BoundExprPtr> BindSpecialForm(const Expr& e, const Scope& scope) {
  const std::string& name = e.name.parts[0];
  if (name != "coalesce" && name != "if" && name != "nullif" && name != "try")
    return BoundExprPtr();
  auto arity = [&](size_t lo, size_t hi) -> Status {
    if (e.args.size() < lo || e.args.size() > hi) {
      return Status::Invalid("line ", e.pos.line, ":", e.pos.column, ": Function ", name,
                             " expects ", lo == hi ? std::to_string(lo) : StrCat(lo, " to ", hi),
                             " arguments, got ", e.args.size());
    }
    return Status::OK();
  };
  if (name == "coalesce") {
    FLOE_RETURN_NOT_OK(arity(1, 1 << 20));
    std::vector<BoundExprPtr> args;
    for (const auto& a : e.args) {
      FLOE_ASSIGN_OR_RETURN(BoundExprPtr b, Bind(*a, scope));
      args.push_back(std::move(b));
    }
    FLOE_RETURN_NOT_OK(Coerce(e, "COALESCE", &args));
    LogicalType type = args[0]->type;
    return MakeConditional(BoundExpr::Kind::kCoalesce, type, std::move(args));
  }
  if (name == "try") {
    FLOE_RETURN_NOT_OK(arity(1, 1));
    FLOE_ASSIGN_OR_RETURN(BoundExprPtr v, Bind(*e.args[0], scope));
    LogicalType type = v->type;
    std::vector<BoundExprPtr> args;
    args.push_back(std::move(v));
    return MakeConditional(BoundExpr::Kind::kTry, type, std::move(args));
  }
  if (name == "if") {
    FLOE_RETURN_NOT_OK(arity(2, 3));
    FLOE_ASSIGN_OR_RETURN(BoundExprPtr cond, Boolean(*e.args[0], scope, "IF condition"));
    std::vector<BoundExprPtr> values;
    for (size_t i = 1; i < e.args.size(); ++i) {
      FLOE_ASSIGN_OR_RETURN(BoundExprPtr v, Bind(*e.args[i], scope));
      values.push_back(std::move(v));
    }
    FLOE_RETURN_NOT_OK(Coerce(e, "IF", &values));
    LogicalType type = values[0]->type;
    std::vector<BoundExprPtr> args;
    args.push_back(std::move(cond));
    for (auto& v : values) args.push_back(std::move(v));
    return MakeConditional(BoundExpr::Kind::kCase, type, std::move(args));
  }
  // nullif(a, b): CASE WHEN a = b THEN NULL ELSE a END, of a's type.
  FLOE_RETURN_NOT_OK(arity(2, 2));
  FLOE_ASSIGN_OR_RETURN(BoundExprPtr a, Bind(*e.args[0], scope));
  FLOE_ASSIGN_OR_RETURN(BoundExprPtr a2, Bind(*e.args[0], scope));
  FLOE_ASSIGN_OR_RETURN(BoundExprPtr b, Bind(*e.args[1], scope));
  auto eq = MakeCall("=", Two(std::move(a2), std::move(b)));
  if (!eq.ok()) return At(e, eq.status());
  LogicalType type = a->type;
  std::vector<BoundExprPtr> args;
  args.push_back(std::move(*eq));
  args.push_back(BoundExpr::Null(type));
  args.push_back(std::move(a));
  return MakeConditional(BoundExpr::Kind::kCase, type, std::move(args));
}

Result<BoundExprPtr> Bind(const Expr& e, const Scope& scope) {
  if (scope.interceptor != nullptr) {
    FLOE_ASSIGN_OR_RETURN(BoundExprPtr intercepted, scope.interceptor->Intercept(e));
    if (intercepted != nullptr) return intercepted;
  }
  switch (e.kind) {
    case Expr::Kind::kColumn:
      return BindColumn(e, scope);
    case Expr::Kind::kLiteral: {
      auto r = BindLiteral(e);
      if (!r.ok()) return At(e, r.status());
      return r;
    }
    case Expr::Kind::kBinary: {
      if (e.op == "AND" || e.op == "OR") {
        FLOE_ASSIGN_OR_RETURN(BoundExprPtr l,
                              Boolean(*e.args[0], scope, "Left side of logical expression"));
        FLOE_ASSIGN_OR_RETURN(BoundExprPtr r,
                              Boolean(*e.args[1], scope, "Right side of logical expression"));
        return BoundExpr::Logical(e.op == "AND" ? BoundExpr::Kind::kAnd : BoundExpr::Kind::kOr,
                                  std::move(l), std::move(r));
      }
      if (e.op == "||") {
        FLOE_ASSIGN_OR_RETURN(BoundExprPtr l, Bind(*e.args[0], scope));
        FLOE_ASSIGN_OR_RETURN(BoundExprPtr r, Bind(*e.args[1], scope));
        auto call = MakeCall("concat", Two(std::move(l), std::move(r)));
        if (!call.ok()) return At(e, call.status());
        return call;
      }
      FLOE_ASSIGN_OR_RETURN(BoundExprPtr l, Bind(*e.args[0], scope));
      FLOE_ASSIGN_OR_RETURN(BoundExprPtr r, Bind(*e.args[1], scope));
      auto call = MakeCall(e.op, Two(std::move(l), std::move(r)));
      if (!call.ok()) return At(e, call.status());
      return call;
    }
    case Expr::Kind::kUnary: {
      if (e.op == "NOT") {
        FLOE_ASSIGN_OR_RETURN(BoundExprPtr v,
                              Boolean(*e.args[0], scope, "Value of logical NOT expression"));
        return BoundExpr::Not(std::move(v));
      }
      FLOE_ASSIGN_OR_RETURN(BoundExprPtr v, Bind(*e.args[0], scope));
      std::vector<BoundExprPtr> args;
      args.push_back(std::move(v));
      auto call = MakeCall("negate", std::move(args));
      if (!call.ok()) return At(e, call.status());
      return call;
    }
    case Expr::Kind::kIsNull: {
      FLOE_ASSIGN_OR_RETURN(BoundExprPtr v, Bind(*e.args[0], scope));
      return BoundExpr::IsNull(std::move(v), e.negated);
    }
    case Expr::Kind::kBetween: {
      // x BETWEEN a AND b is a <= x AND x <= b (x bound twice: it has no
      // side effects).
      FLOE_ASSIGN_OR_RETURN(BoundExprPtr x1, Bind(*e.args[0], scope));
      FLOE_ASSIGN_OR_RETURN(BoundExprPtr x2, Bind(*e.args[0], scope));
      FLOE_ASSIGN_OR_RETURN(BoundExprPtr lo, Bind(*e.args[1], scope));
      FLOE_ASSIGN_OR_RETURN(BoundExprPtr hi, Bind(*e.args[2], scope));
      auto ge = MakeCall(">=", Two(std::move(x1), std::move(lo)));
      if (!ge.ok()) return At(e, ge.status());
      auto le = MakeCall("<=", Two(std::move(x2), std::move(hi)));
      if (!le.ok()) return At(e, le.status());
      BoundExprPtr both = BoundExpr::Logical(BoundExpr::Kind::kAnd, std::move(*ge), std::move(*le));
      return e.negated ? BoundExpr::Not(std::move(both)) : std::move(both);
    }
    case Expr::Kind::kIn: {
      if (e.subquery) return At(e, Status::NotSupported("IN (subquery) is not supported yet"));
      // x IN (a, b) is x = a OR x = b.
      BoundExprPtr any;
      for (size_t i = 1; i < e.args.size(); ++i) {
        FLOE_ASSIGN_OR_RETURN(BoundExprPtr x, Bind(*e.args[0], scope));
        FLOE_ASSIGN_OR_RETURN(BoundExprPtr v, Bind(*e.args[i], scope));
        auto eq = MakeCall("=", Two(std::move(x), std::move(v)));
        if (!eq.ok()) return At(*e.args[i], eq.status());
        any = any ? BoundExpr::Logical(BoundExpr::Kind::kOr, std::move(any), std::move(*eq))
                  : std::move(*eq);
      }
      return e.negated ? BoundExpr::Not(std::move(any)) : std::move(any);
    }
    case Expr::Kind::kCast: {
      FLOE_ASSIGN_OR_RETURN(BoundExprPtr v, Bind(*e.args[0], scope));
      auto to = ResolveType(e.type);
      if (!to.ok()) return At(e, to.status());
      LogicalType target = CastTarget(v->type, *to);
      return BoundExpr::Cast(std::move(v), std::move(target), e.try_cast);
    }
    case Expr::Kind::kInterval: {
      auto r = BindIntervalLiteral(e);
      if (!r.ok()) return At(e, r.status());
      return r;
    }
    case Expr::Kind::kCurrent: {
      auto r = BindCurrent(e);
      if (!r.ok()) return At(e, r.status());
      return r;
    }
    case Expr::Kind::kAtTimeZone: {
      if (e.args.size() != 2) return At(e, Status::NotSupported("AT LOCAL is not supported yet"));
      FLOE_ASSIGN_OR_RETURN(BoundExprPtr v, Bind(*e.args[0], scope));
      FLOE_ASSIGN_OR_RETURN(BoundExprPtr zone, Bind(*e.args[1], scope));
      auto r = BindAtTimeZone(std::move(v), std::move(zone));
      if (!r.ok()) return At(e, r.status());
      return r;
    }
    case Expr::Kind::kExtract: {
      FLOE_ASSIGN_OR_RETURN(BoundExprPtr v, Bind(*e.args[0], scope));
      auto r = BindExtract(e.text, std::move(v));
      if (!r.ok()) return At(e, r.status());
      return r;
    }
    case Expr::Kind::kCase:
      return BindCase(e, scope);
    case Expr::Kind::kIsDistinctFrom: {
      std::vector<BoundExprPtr> v;
      for (const auto& a : e.args) {
        FLOE_ASSIGN_OR_RETURN(BoundExprPtr b, Bind(*a, scope));
        v.push_back(std::move(b));
      }
      FLOE_RETURN_NOT_OK(Coerce(e, "IS DISTINCT FROM", &v));
      auto out = std::make_unique<BoundExpr>();
      out->kind = BoundExpr::Kind::kIsDistinctFrom;
      out->type = LogicalType::Boolean();
      out->negated = e.negated;
      out->args = std::move(v);
      return BoundExprPtr(std::move(out));
    }
    case Expr::Kind::kLike: {
      auto out = std::make_unique<BoundExpr>();
      out->kind = BoundExpr::Kind::kLike;
      out->type = LogicalType::Boolean();
      out->negated = e.negated;
      for (const auto& a : e.args) {
        FLOE_ASSIGN_OR_RETURN(BoundExprPtr b, Bind(*a, scope));
        if (IsUnknown(b->type)) b = BoundExpr::Cast(std::move(b), LogicalType::Varchar());
        if (b->type.id() != columnar::TypeId::kVarchar) {
          return Status::Invalid("line ", a->pos.line, ":", a->pos.column,
                                 ": Cannot apply operator: LIKE to ", TypeName(b->type));
        }
        out->args.push_back(std::move(b));
      }
      return BoundExprPtr(std::move(out));
    }
    case Expr::Kind::kArray:
    case Expr::Kind::kRow: {
      std::vector<BoundExprPtr> args;
      for (const auto& a : e.args) {
        FLOE_ASSIGN_OR_RETURN(BoundExprPtr v, Bind(*a, scope));
        args.push_back(std::move(v));
      }
      if (e.kind == Expr::Kind::kArray) FLOE_RETURN_NOT_OK(Coerce(e, "ARRAY", &args));
      auto call = MakeCall(e.kind == Expr::Kind::kArray ? "$array" : "$row", std::move(args));
      if (!call.ok()) return At(e, call.status());
      return call;
    }
    case Expr::Kind::kDereference: {
      FLOE_ASSIGN_OR_RETURN(BoundExprPtr base, Bind(*e.args[0], scope));
      return BindField(std::move(base), e.text, e);
    }
    case Expr::Kind::kSubscript: {
      FLOE_ASSIGN_OR_RETURN(BoundExprPtr base, Bind(*e.args[0], scope));
      if (base->type.id() == columnar::TypeId::kStruct) {
        // r[1]: the index must be a constant (Trino).
        const Expr& index = *e.args[1];
        if (index.kind != Expr::Kind::kLiteral ||
            index.literal_kind != Expr::LiteralKind::kInteger) {
          return Status::Invalid("line ", index.pos.line, ":", index.pos.column,
                                 ": Subscript expression on ROW requires a constant index");
        }
        int64_t k = 0;
        if (!ParseInt64(index.text, &k)) k = -1;  // out of range: rejected below
        const int64_t fields = static_cast<int64_t>(base->type.fields().size());
        if (k < 1 || k > fields) {
          return Status::Invalid("line ", index.pos.line, ":", index.pos.column,
                                 ": Invalid subscript index: ", k, ". ROW indices start at 1 and ",
                                 "must be less than or equal to the number of fields (", fields,
                                 ")");
        }
        return FieldAccess(std::move(base), static_cast<int>(k - 1));
      }
      FLOE_ASSIGN_OR_RETURN(BoundExprPtr index, Bind(*e.args[1], scope));
      auto call = MakeCall("subscript", Two(std::move(base), std::move(index)));
      if (!call.ok()) return At(e, call.status());
      return call;
    }
    case Expr::Kind::kFunction: {
      if (e.window == nullptr && e.filter == nullptr && e.name.parts.size() == 1) {
        auto special = BindSpecialForm(e, scope);
        if (!special.ok() || *special != nullptr) return special;
      }
      if (e.window == nullptr && e.name.parts.size() == 1 &&
          IsAggregateFunctionName(e.name.parts[0])) {
        return Status::Invalid("line ", e.pos.line, ":", e.pos.column, ": Aggregate function ",
                               e.name.parts[0], " is not allowed here: ", e.ToSql());
      }
      if (e.window == nullptr && e.filter == nullptr && !e.distinct && e.order_by.empty() &&
          e.name.parts.size() == 1) {
        std::vector<BoundExprPtr> args;
        for (const auto& a : e.args) {
          FLOE_ASSIGN_OR_RETURN(BoundExprPtr v, Bind(*a, scope));
          args.push_back(std::move(v));
        }
        auto temporal = BindTemporalFunction(e.name.parts[0], &args);
        if (!temporal.ok()) return At(e, temporal.status());
        if (*temporal != nullptr) return temporal;
        auto call = MakeCall(e.name.parts[0], std::move(args));
        if (!call.ok()) return At(e, call.status());
        return call;
      }
      break;
    }
    default:
      break;
  }
  return Status::NotSupported("line ", e.pos.line, ":", e.pos.column, ": ", e.ToSql(),
                              " is not supported yet");
}

}  // namespace

int EditDistance(std::string_view a, std::string_view b) {
  std::string x = AsciiLower(a), y = AsciiLower(b);
  std::vector<int> row(y.size() + 1);
  for (size_t j = 0; j <= y.size(); ++j) row[j] = static_cast<int>(j);
  for (size_t i = 1; i <= x.size(); ++i) {
    int diagonal = row[0];
    row[0] = static_cast<int>(i);
    for (size_t j = 1; j <= y.size(); ++j) {
      int up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (x[i - 1] == y[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[y.size()];
}

Result<BoundExprPtr> BindExpression(const Expr& expr, const Scope& scope) {
  return Bind(expr, scope);
}

}  // namespace floe::sql
