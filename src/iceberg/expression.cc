#include "iceberg/expression.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "common/int128.h"
#include "common/str_cat.h"
#include "common/utf8.h"
#include "iceberg/single_value.h"

namespace floe::iceberg {

using Op = Expression::Op;

namespace {

const char* OpSymbol(Op op) {
  switch (op) {
    case Op::kTrue:
      return "true";
    case Op::kFalse:
      return "false";
    case Op::kAnd:
      return "AND";
    case Op::kOr:
      return "OR";
    case Op::kNot:
      return "NOT";
    case Op::kIsNull:
      return "IS NULL";
    case Op::kNotNull:
      return "IS NOT NULL";
    case Op::kIsNan:
      return "IS NAN";
    case Op::kNotNan:
      return "IS NOT NAN";
    case Op::kLt:
      return "<";
    case Op::kLtEq:
      return "<=";
    case Op::kGt:
      return ">";
    case Op::kGtEq:
      return ">=";
    case Op::kEq:
      return "=";
    case Op::kNotEq:
      return "!=";
    case Op::kIn:
      return "IN";
    case Op::kNotIn:
      return "NOT IN";
    case Op::kStartsWith:
      return "STARTS WITH";
    case Op::kNotStartsWith:
      return "NOT STARTS WITH";
  }
  return "?";
}

bool IsIntegral(TypeId t) {
  switch (t) {
    case TypeId::kInt:
    case TypeId::kLong:
    case TypeId::kDate:
    case TypeId::kTime:
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
    case TypeId::kTimestampNs:
    case TypeId::kTimestampTzNs:
    case TypeId::kDecimal:
      return true;
    default:
      return false;
  }
}

bool IsFloating(TypeId t) { return t == TypeId::kFloat || t == TypeId::kDouble; }

bool IsNan(const Literal& v) { return !v.is_null && IsFloating(v.type) && std::isnan(v.d); }

// v + delta for integral literals (decimals on their unscaled value).
Literal Add(const Literal& v, int delta) {
  Literal out = v;
  if (v.type == TypeId::kDecimal) {
    out.i128 += delta;
  } else {
    out.i += delta;
  }
  return out;
}

// Converts a literal to a column type, or explains why not.
Result<Literal> Convert(const Literal& v, const Type& to) {
  if (v.is_null) return Status::Invalid("a NULL literal in a comparison (use IS NULL)");
  TypeId from = v.type;
  TypeId t = to.id();
  if (from == t) return v;  // a decimal literal carries the column's scale (the binder's job)
  auto as = [&](TypeId id) {
    Literal out = v;
    out.type = id;
    return out;
  };
  if ((from == TypeId::kInt || from == TypeId::kLong)) {
    switch (t) {
      case TypeId::kInt:
        if (v.i < std::numeric_limits<int32_t>::min() ||
            v.i > std::numeric_limits<int32_t>::max()) {
          return Status::Invalid("literal ", v.i, " is out of the int range");
        }
        return as(t);
      case TypeId::kLong:
        return as(t);
      case TypeId::kFloat:
      case TypeId::kDouble:
        return Literal::Double(t, static_cast<double>(v.i));
      case TypeId::kDecimal: {
        return Literal::Decimal(int128_t{v.i} * PowerOfTen(to.scale()));
      }
      default:
        break;
    }
  }
  if (IsFloating(from) && IsFloating(t))
    return Literal::Double(t, t == TypeId::kFloat ? static_cast<float>(v.d) : v.d);
  if (from == TypeId::kString && (t == TypeId::kBinary || t == TypeId::kFixed)) return as(t);
  if (from == TypeId::kTimestamp && t == TypeId::kTimestampTz) return as(t);
  if (from == TypeId::kTimestampTz && t == TypeId::kTimestamp) return as(t);
  return Status::Invalid("a ", TypeIdName(from), " literal cannot be compared with a ",
                         to.ToString(), " column");
}

}  // namespace

Op Negate(Op op) {
  switch (op) {
    case Op::kTrue:
      return Op::kFalse;
    case Op::kFalse:
      return Op::kTrue;
    case Op::kIsNull:
      return Op::kNotNull;
    case Op::kNotNull:
      return Op::kIsNull;
    case Op::kIsNan:
      return Op::kNotNan;
    case Op::kNotNan:
      return Op::kIsNan;
    case Op::kLt:
      return Op::kGtEq;
    case Op::kLtEq:
      return Op::kGt;
    case Op::kGt:
      return Op::kLtEq;
    case Op::kGtEq:
      return Op::kLt;
    case Op::kEq:
      return Op::kNotEq;
    case Op::kNotEq:
      return Op::kEq;
    case Op::kIn:
      return Op::kNotIn;
    case Op::kNotIn:
      return Op::kIn;
    case Op::kStartsWith:
      return Op::kNotStartsWith;
    case Op::kNotStartsWith:
      return Op::kStartsWith;
    case Op::kAnd:
      return Op::kOr;
    case Op::kOr:
      return Op::kAnd;
    case Op::kNot:
      return Op::kNot;
  }
  return op;
}

ExprPtr Expression::True() {
  static const ExprPtr t = [] {
    auto e = std::shared_ptr<Expression>(new Expression());
    e->op_ = Op::kTrue;
    return e;
  }();
  return t;
}

ExprPtr Expression::False() {
  static const ExprPtr f = [] {
    auto e = std::shared_ptr<Expression>(new Expression());
    e->op_ = Op::kFalse;
    return e;
  }();
  return f;
}

ExprPtr Expression::And(ExprPtr a, ExprPtr b) {
  if (a->op() == Op::kFalse || b->op() == Op::kFalse) return False();
  if (a->op() == Op::kTrue) return b;
  if (b->op() == Op::kTrue) return a;
  auto e = std::shared_ptr<Expression>(new Expression());
  e->op_ = Op::kAnd;
  e->left_ = std::move(a);
  e->right_ = std::move(b);
  return e;
}

ExprPtr Expression::Or(ExprPtr a, ExprPtr b) {
  if (a->op() == Op::kTrue || b->op() == Op::kTrue) return True();
  if (a->op() == Op::kFalse) return b;
  if (b->op() == Op::kFalse) return a;
  auto e = std::shared_ptr<Expression>(new Expression());
  e->op_ = Op::kOr;
  e->left_ = std::move(a);
  e->right_ = std::move(b);
  return e;
}

ExprPtr Expression::Not(ExprPtr a) {
  if (a->op() == Op::kTrue) return False();
  if (a->op() == Op::kFalse) return True();
  if (a->op() == Op::kNot) return a->left();
  auto e = std::shared_ptr<Expression>(new Expression());
  e->op_ = Op::kNot;
  e->left_ = std::move(a);
  return e;
}

ExprPtr Expression::Predicate(Op op, std::string name, std::vector<Literal> literals) {
  auto e = std::shared_ptr<Expression>(new Expression());
  e->op_ = op;
  e->name_ = std::move(name);
  e->literals_ = std::move(literals);
  return e;
}

ExprPtr Expression::BindTo(int32_t field_id, TypePtr type, std::vector<Literal> literals) const {
  auto e = std::shared_ptr<Expression>(new Expression(*this));
  e->field_id_ = field_id;
  e->type_ = std::move(type);
  e->literals_ = std::move(literals);
  return e;
}

std::string Expression::ToString() const {
  switch (op_) {
    case Op::kTrue:
    case Op::kFalse:
      return OpSymbol(op_);
    case Op::kAnd:
    case Op::kOr:
      return StrCat("(", left_->ToString(), " ", OpSymbol(op_), " ", right_->ToString(), ")");
    case Op::kNot:
      return StrCat("NOT ", left_->ToString());
    default:
      break;
  }
  std::string out = name_.empty() ? StrCat("#", field_id_) : name_;
  out += " ";
  out += OpSymbol(op_);
  if (literals_.empty()) return out;
  out += " ";
  if (op_ == Op::kIn || op_ == Op::kNotIn) out += "(";
  for (size_t i = 0; i < literals_.size(); ++i) {
    if (i > 0) out += ", ";
    const Literal& l = literals_[i];
    bool quote = l.type == TypeId::kString;
    if (quote) out += "'";
    out += type_ != nullptr
               ? LiteralToString(l, *type_)
               : LiteralToString(
                     l, *Type::Primitive(l.type == TypeId::kDecimal ? TypeId::kLong : l.type));
    if (quote) out += "'";
  }
  if (op_ == Op::kIn || op_ == Op::kNotIn) out += ")";
  return out;
}

// ---------------------------------------------------------------------------
// Binding

namespace {

Result<ExprPtr> BindImpl(const ExprPtr& e, const Schema& schema, bool case_sensitive, bool negate) {
  switch (e->op()) {
    case Op::kTrue:
      return negate ? Expression::False() : Expression::True();
    case Op::kFalse:
      return negate ? Expression::True() : Expression::False();
    case Op::kNot:
      return BindImpl(e->left(), schema, case_sensitive, !negate);
    case Op::kAnd:
    case Op::kOr: {
      FLOE_ASSIGN_OR_RETURN(ExprPtr l, BindImpl(e->left(), schema, case_sensitive, negate));
      FLOE_ASSIGN_OR_RETURN(ExprPtr r, BindImpl(e->right(), schema, case_sensitive, negate));
      // De Morgan: NOT (a AND b) = NOT a OR NOT b.
      bool is_and = (e->op() == Op::kAnd) != negate;
      return is_and ? Expression::And(l, r) : Expression::Or(l, r);
    }
    default:
      break;
  }
  const NestedField* field = case_sensitive ? schema.FindField(std::string_view(e->name()))
                                            : schema.FindFieldIgnoreCase(e->name());
  if (field == nullptr)
    return Status::Invalid("filter: column '", e->name(), "' is not in the table schema");
  if (!field->type->is_primitive()) {
    return Status::Invalid("filter: column '", e->name(), "' is a ", field->type->ToString(),
                           ", not a primitive");
  }
  Op op = negate ? Negate(e->op()) : e->op();
  std::vector<Literal> literals;
  for (const Literal& l : e->literals()) {
    auto c = Convert(l, *field->type);
    if (!c.ok()) return c.status().WithContext(StrCat("filter on '", e->name(), "'"));
    literals.push_back(std::move(*c));
  }
  size_t want =
      (op == Op::kIsNull || op == Op::kNotNull || op == Op::kIsNan || op == Op::kNotNan) ? 0 : 1;
  if (op == Op::kIn || op == Op::kNotIn) {
    if (literals.empty()) return op == Op::kIn ? Expression::False() : Expression::True();
  } else if (literals.size() != want) {
    return Status::Invalid("filter on '", e->name(), "': ", OpSymbol(op), " takes ", want,
                           " values, got ", literals.size());
  }
  if ((op == Op::kIsNan || op == Op::kNotNan) && !IsFloating(field->type->id())) {
    // Only floats and doubles hold NaN.
    return op == Op::kIsNan
               ? Expression::False()
               : Expression::Predicate(Op::kNotNull, e->name())->BindTo(field->id, field->type, {});
  }
  if ((op == Op::kStartsWith || op == Op::kNotStartsWith) && field->type->id() != TypeId::kString) {
    return Status::Invalid("filter on '", e->name(), "': STARTS WITH needs a string column");
  }
  auto p = Expression::Predicate(op, e->name());
  return p->BindTo(field->id, field->type, std::move(literals));
}

// The transform of a literal, or nullopt when it cannot be applied.
std::optional<Literal> Apply(const Transform& t, const Literal& v) {
  auto r = t.Apply(v);
  if (!r.ok()) return std::nullopt;
  return *r;
}

// Inclusive projection of one predicate through one partition field.
ExprPtr ProjectPredicate(const Expression& p, const PartitionField& pf, int32_t position,
                         const TypePtr& result_type, bool strict) {
  const Transform& t = pf.transform;
  const ExprPtr unknown = strict ? Expression::False() : Expression::True();
  auto make = [&](Op op, std::vector<Literal> lits) {
    return Expression::Predicate(op, pf.name)->BindTo(position, result_type, std::move(lits));
  };
  auto apply_all = [&](Op op) -> ExprPtr {
    std::vector<Literal> out;
    for (const Literal& l : p.literals()) {
      auto v = Apply(t, l);
      if (!v) return unknown;
      if (std::find(out.begin(), out.end(), *v) == out.end()) out.push_back(*v);
    }
    return make(op, std::move(out));
  };
  Op op = p.op();
  if (t.kind() == Transform::kVoid) return unknown;
  if (t.kind() == Transform::kIdentity) return make(op, p.literals());
  if (op == Op::kIsNull || op == Op::kNotNull) return make(op, {});  // transforms keep null as null
  if (op == Op::kIsNan || op == Op::kNotNan) return unknown;
  if (t.kind() == Transform::kBucket) {
    if (!strict && (op == Op::kEq || op == Op::kIn)) return apply_all(op);
    if (strict && (op == Op::kNotEq || op == Op::kNotIn)) return apply_all(op);
    return unknown;
  }
  // Order-preserving transforms: truncate, year, month, day, hour.
  const bool integral = IsIntegral(p.type()->id());
  auto at = [&](Op out_op, int delta) -> ExprPtr {
    Literal v = delta == 0 ? p.literal() : Add(p.literal(), delta);
    auto r = Apply(t, v);
    if (!r) return unknown;
    return make(out_op, {*r});
  };
  if (!strict) {
    switch (op) {
      case Op::kLt:
        return integral ? at(Op::kLtEq, -1) : at(Op::kLtEq, 0);
      case Op::kLtEq:
        return at(Op::kLtEq, 0);
      case Op::kGt:
        return integral ? at(Op::kGtEq, 1) : at(Op::kGtEq, 0);
      case Op::kGtEq:
        return at(Op::kGtEq, 0);
      case Op::kEq:
      case Op::kIn:
        return apply_all(op);
      case Op::kStartsWith: {
        if (t.kind() != Transform::kTruncate) return unknown;
        // A prefix of at least W code points truncates to the partition
        // value of every string it starts; a shorter one starts them.
        const std::string& prefix = p.literal().s;
        if (Utf8PrefixBytes(prefix, t.param()) < prefix.size() ||
            Utf8CodePoints(prefix) == t.param()) {
          return at(Op::kEq, 0);
        }
        return make(Op::kStartsWith, {p.literal()});
      }
      default:
        return unknown;
    }
  }
  switch (op) {
    case Op::kLt:
      return at(Op::kLt, 0);
    case Op::kLtEq:
      return integral ? at(Op::kLt, 1) : unknown;
    case Op::kGt:
      return integral ? at(Op::kGt, 0) : unknown;
    case Op::kGtEq:
      return integral ? at(Op::kGt, -1) : unknown;
    case Op::kNotEq:
    case Op::kNotIn:
      return apply_all(op);
    default:
      return unknown;
  }
}

Result<ExprPtr> Project(const ExprPtr& e, const PartitionSpec& spec, const Schema& schema,
                        bool strict) {
  switch (e->op()) {
    case Op::kTrue:
    case Op::kFalse:
      return e;
    case Op::kAnd:
    case Op::kOr: {
      FLOE_ASSIGN_OR_RETURN(ExprPtr l, Project(e->left(), spec, schema, strict));
      FLOE_ASSIGN_OR_RETURN(ExprPtr r, Project(e->right(), spec, schema, strict));
      return e->op() == Op::kAnd ? Expression::And(l, r) : Expression::Or(l, r);
    }
    case Op::kNot:
      return Status::Invalid("project a bound expression (NOT is pushed down when binding)");
    default:
      break;
  }
  if (!e->bound())
    return Status::Invalid("project a bound expression: '", e->name(), "' is unbound");
  ExprPtr out = strict ? Expression::False() : Expression::True();
  for (size_t i = 0; i < spec.fields.size(); ++i) {
    const PartitionField& pf = spec.fields[i];
    if (pf.source_id != e->field_id()) continue;
    ExprPtr p = ProjectPredicate(*e, pf, static_cast<int32_t>(i),
                                 pf.transform.ResultType(e->type()), strict);
    // Several fields of one source narrow each other (inclusive) or each
    // suffice (strict).
    out = strict ? Expression::Or(out, p) : Expression::And(out, p);
  }
  (void)schema;
  return out;
}

// Compares a partition/bound value with a literal of the same type; NaN
// never compares.
int Cmp(const Literal& a, const Literal& b) { return CompareLiterals(a, b); }

bool EvalValue(const Expression& p, const Literal& v) {
  switch (p.op()) {
    case Op::kIsNull:
      return v.is_null;
    case Op::kNotNull:
      return !v.is_null;
    case Op::kIsNan:
      return IsNan(v);
    case Op::kNotNan:
      return !IsNan(v);
    default:
      break;
  }
  if (v.is_null || IsNan(v)) return false;
  switch (p.op()) {
    case Op::kLt:
      return Cmp(v, p.literal()) < 0;
    case Op::kLtEq:
      return Cmp(v, p.literal()) <= 0;
    case Op::kGt:
      return Cmp(v, p.literal()) > 0;
    case Op::kGtEq:
      return Cmp(v, p.literal()) >= 0;
    case Op::kEq:
      return Cmp(v, p.literal()) == 0;
    case Op::kNotEq:
      return Cmp(v, p.literal()) != 0;
    case Op::kIn:
    case Op::kNotIn: {
      bool found = false;
      for (const Literal& l : p.literals()) found |= Cmp(v, l) == 0;
      return found == (p.op() == Op::kIn);
    }
    case Op::kStartsWith:
      return v.s.compare(0, p.literal().s.size(), p.literal().s) == 0;
    case Op::kNotStartsWith:
      return v.s.compare(0, p.literal().s.size(), p.literal().s) != 0;
    default:
      return true;
  }
}

// Lower/upper bounds of a column or partition field, decoded lazily.
struct Bounds {
  std::optional<Literal> lower, upper;
};

// Whether values within [lower, upper] (non-null, non-NaN; either bound
// may be unknown) may satisfy the comparison.
bool RangeMightMatch(const Expression& p, const Bounds& b) {
  auto below_lower = [&](const Literal& v) {
    return b.lower && !IsNan(*b.lower) && Cmp(v, *b.lower) < 0;
  };
  auto above_upper = [&](const Literal& v) {
    return b.upper && !IsNan(*b.upper) && Cmp(v, *b.upper) > 0;
  };
  switch (p.op()) {
    case Op::kLt:
      return !(b.lower && !IsNan(*b.lower) && Cmp(*b.lower, p.literal()) >= 0);
    case Op::kLtEq:
      return !(b.lower && !IsNan(*b.lower) && Cmp(*b.lower, p.literal()) > 0);
    case Op::kGt:
      return !(b.upper && !IsNan(*b.upper) && Cmp(*b.upper, p.literal()) <= 0);
    case Op::kGtEq:
      return !(b.upper && !IsNan(*b.upper) && Cmp(*b.upper, p.literal()) < 0);
    case Op::kEq:
      return !below_lower(p.literal()) && !above_upper(p.literal());
    case Op::kIn:
      for (const Literal& l : p.literals()) {
        if (!below_lower(l) && !above_upper(l)) return true;
      }
      return false;
    case Op::kStartsWith: {
      const std::string& prefix = p.literal().s;
      if (b.lower && b.lower->s.substr(0, prefix.size()) > prefix) return false;
      if (b.upper && b.upper->s.substr(0, prefix.size()) < prefix) return false;
      return true;
    }
    default:
      return true;
  }
}

// Whether every value within [lower, upper] satisfies the comparison.
bool RangeMustMatch(const Expression& p, const Bounds& b) {
  if (!b.lower || !b.upper || IsNan(*b.lower) || IsNan(*b.upper)) return false;
  switch (p.op()) {
    case Op::kLt:
      return Cmp(*b.upper, p.literal()) < 0;
    case Op::kLtEq:
      return Cmp(*b.upper, p.literal()) <= 0;
    case Op::kGt:
      return Cmp(*b.lower, p.literal()) > 0;
    case Op::kGtEq:
      return Cmp(*b.lower, p.literal()) >= 0;
    case Op::kEq:
      return Cmp(*b.lower, p.literal()) == 0 && Cmp(*b.upper, p.literal()) == 0;
    case Op::kNotEq:
      return Cmp(p.literal(), *b.lower) < 0 || Cmp(p.literal(), *b.upper) > 0;
    case Op::kIn:
      return p.literals().size() == 1 && Cmp(*b.lower, p.literal()) == 0 &&
             Cmp(*b.upper, p.literal()) == 0;
    case Op::kNotIn:
      for (const Literal& l : p.literals()) {
        if (Cmp(l, *b.lower) >= 0 && Cmp(l, *b.upper) <= 0) return false;
      }
      return true;
    default:
      return false;
  }
}

bool SummaryMightMatch(const Expression& e, const ManifestFile& m, const Type& ptype) {
  switch (e.op()) {
    case Op::kTrue:
      return true;
    case Op::kFalse:
      return false;
    case Op::kAnd:
      return SummaryMightMatch(*e.left(), m, ptype) && SummaryMightMatch(*e.right(), m, ptype);
    case Op::kOr:
      return SummaryMightMatch(*e.left(), m, ptype) || SummaryMightMatch(*e.right(), m, ptype);
    case Op::kNot:
      return true;
    default:
      break;
  }
  size_t pos = static_cast<size_t>(e.field_id());
  if (pos >= m.partitions.size() || pos >= ptype.fields().size()) return true;  // no summary
  const PartitionFieldSummary& s = m.partitions[pos];
  const Type& type = *ptype.fields()[pos].type;
  Bounds b;
  if (s.lower_bound) {
    auto v = FromSingleValueBytes(type, *s.lower_bound);
    if (!v.ok()) return true;
    b.lower = std::move(*v);
  }
  if (s.upper_bound) {
    auto v = FromSingleValueBytes(type, *s.upper_bound);
    if (!v.ok()) return true;
    b.upper = std::move(*v);
  }
  // No bounds: every value is null or NaN.
  const bool only_null_or_nan = !b.lower && !b.upper;
  switch (e.op()) {
    case Op::kIsNull:
      return s.contains_null;
    case Op::kNotNull:
      return !(only_null_or_nan && s.contains_null && s.contains_nan == false);
    case Op::kIsNan:
      return s.contains_nan != false;
    case Op::kNotNan:
      return !(only_null_or_nan && !s.contains_null && s.contains_nan == true);
    case Op::kNotEq:
    case Op::kNotIn:
    case Op::kNotStartsWith:
      return true;
    default:
      break;
  }
  if (only_null_or_nan) return false;
  return RangeMightMatch(e, b);
}

}  // namespace

Result<ExprPtr> Bind(const ExprPtr& expr, const Schema& schema, bool case_sensitive) {
  return BindImpl(expr, schema, case_sensitive, false);
}

Result<ExprPtr> ProjectInclusive(const ExprPtr& bound, const PartitionSpec& spec,
                                 const Schema& schema) {
  return Project(bound, spec, schema, false);
}

Result<ExprPtr> ProjectStrict(const ExprPtr& bound, const PartitionSpec& spec,
                              const Schema& schema) {
  return Project(bound, spec, schema, true);
}

ResidualEvaluator::ResidualEvaluator(ExprPtr bound, const PartitionSpec& spec, const Schema& schema)
    : bound_(std::move(bound)), partitioned_(!spec.fields.empty()) {
  if (!partitioned_) return;
  std::vector<const Expression*> stack = {bound_.get()};
  while (!stack.empty()) {
    const Expression* e = stack.back();
    stack.pop_back();
    if (e->op() == Op::kAnd || e->op() == Op::kOr) {
      stack.push_back(e->left().get());
      stack.push_back(e->right().get());
      continue;
    }
    if (!e->is_predicate()) continue;
    ExprPtr self(ExprPtr(), e);  // non-owning: bound_ keeps it alive
    auto strict = Project(self, spec, schema, /*strict=*/true);
    auto inclusive = Project(self, spec, schema, /*strict=*/false);
    projections_.push_back({e,
                            {strict.ok() ? *strict : Expression::False(),
                             inclusive.ok() ? *inclusive : Expression::True()}});
  }
}

ExprPtr ResidualEvaluator::Residual(const std::vector<Literal>& partition) const {
  return partitioned_ ? Walk(bound_, partition) : bound_;
}

ExprPtr ResidualEvaluator::Walk(const ExprPtr& e, const std::vector<Literal>& partition) const {
  switch (e->op()) {
    case Op::kAnd:
      return Expression::And(Walk(e->left(), partition), Walk(e->right(), partition));
    case Op::kOr:
      return Expression::Or(Walk(e->left(), partition), Walk(e->right(), partition));
    default:
      break;
  }
  for (const auto& [predicate, projected] : projections_) {
    if (predicate != e.get()) continue;
    // True for every row of the partition when the strict projection holds;
    // false for every row when the inclusive one does not.
    if (EvalPartition(projected.first, partition)) return Expression::True();
    if (!EvalPartition(projected.second, partition)) return Expression::False();
    break;
  }
  return e;
}

bool EvalPartition(const ExprPtr& e, const std::vector<Literal>& partition) {
  switch (e->op()) {
    case Op::kTrue:
      return true;
    case Op::kFalse:
      return false;
    case Op::kAnd:
      return EvalPartition(e->left(), partition) && EvalPartition(e->right(), partition);
    case Op::kOr:
      return EvalPartition(e->left(), partition) || EvalPartition(e->right(), partition);
    case Op::kNot:
      return !EvalPartition(e->left(), partition);
    default:
      break;
  }
  size_t pos = static_cast<size_t>(e->field_id());
  if (pos >= partition.size()) return true;
  return EvalValue(*e, partition[pos]);
}

bool ManifestMightMatch(const ExprPtr& projected, const ManifestFile& manifest,
                        const Type& partition_type) {
  return SummaryMightMatch(*projected, manifest, partition_type);
}

// ---------------------------------------------------------------------------
// Column metrics

namespace {

// Fields whose metrics describe the column's values: primitives reached
// through structs only (inside lists and maps, counts are per element).
void CollectMetricColumns(const Type& t, std::vector<std::pair<int32_t, TypePtr>>* out) {
  for (const NestedField& f : t.fields()) {
    if (f.type->is_primitive()) {
      out->emplace_back(f.id, f.type);
    } else if (f.type->id() == TypeId::kStruct) {
      CollectMetricColumns(*f.type, out);
    }
  }
}

}  // namespace

MetricsEvaluator::MetricsEvaluator(ExprPtr bound, const Schema& schema) : expr_(std::move(bound)) {
  CollectMetricColumns(*schema.as_struct(), &columns_);
  std::sort(columns_.begin(), columns_.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
}

const Type* MetricsEvaluator::ColumnType(int32_t id) const {
  auto it = std::lower_bound(columns_.begin(), columns_.end(), id,
                             [](const auto& e, int32_t v) { return e.first < v; });
  return it != columns_.end() && it->first == id ? it->second.get() : nullptr;
}

bool MetricsEvaluator::MightMatch(const DataFile& file) const {
  if (file.record_count == 0) return false;
  return Might(*expr_, file);
}

bool MetricsEvaluator::MustMatch(const DataFile& file) const {
  if (file.record_count == 0) return true;
  return Must(*expr_, file);
}

namespace {

struct ColumnStats {
  std::optional<int64_t> values, nulls, nans;
  Bounds bounds;
  bool bad_bounds = false;
};

ColumnStats StatsOf(const DataFile& f, int32_t id, const Type& type) {
  ColumnStats s;
  if (const int64_t* v = DataFile::FindCount(f.value_counts, id)) s.values = *v;
  if (const int64_t* v = DataFile::FindCount(f.null_value_counts, id)) s.nulls = *v;
  if (const int64_t* v = DataFile::FindCount(f.nan_value_counts, id)) s.nans = *v;
  if (const std::string* b = DataFile::FindBound(f.lower_bounds, id)) {
    auto v = FromSingleValueBytes(type, *b);
    if (v.ok())
      s.bounds.lower = std::move(*v);
    else
      s.bad_bounds = true;
  }
  if (const std::string* b = DataFile::FindBound(f.upper_bounds, id)) {
    auto v = FromSingleValueBytes(type, *b);
    if (v.ok())
      s.bounds.upper = std::move(*v);
    else
      s.bad_bounds = true;
  }
  return s;
}

}  // namespace

bool MetricsEvaluator::Might(const Expression& e, const DataFile& f) const {
  switch (e.op()) {
    case Op::kTrue:
      return true;
    case Op::kFalse:
      return false;
    case Op::kAnd:
      return Might(*e.left(), f) && Might(*e.right(), f);
    case Op::kOr:
      return Might(*e.left(), f) || Might(*e.right(), f);
    case Op::kNot:
      return true;
    default:
      break;
  }
  const Type* type = ColumnType(e.field_id());
  if (type == nullptr) return true;
  ColumnStats s = StatsOf(f, e.field_id(), *type);
  const bool all_null = s.values && s.nulls && *s.nulls == *s.values;
  const bool all_nan = s.values && s.nans && *s.nans == *s.values;
  switch (e.op()) {
    case Op::kIsNull:
      return !(s.nulls && *s.nulls == 0);
    case Op::kNotNull:
      return !all_null;
    case Op::kIsNan:
      return !(s.nans && *s.nans == 0) && !all_null;
    case Op::kNotNan:
      return !all_nan;
    case Op::kNotEq:
    case Op::kNotIn:
    case Op::kNotStartsWith:
      return !all_null;
    default:
      break;
  }
  if (all_null || all_nan) return false;
  if (s.bad_bounds) return true;
  return RangeMightMatch(e, s.bounds);
}

bool MetricsEvaluator::Must(const Expression& e, const DataFile& f) const {
  switch (e.op()) {
    case Op::kTrue:
      return true;
    case Op::kFalse:
      return false;
    case Op::kAnd:
      return Must(*e.left(), f) && Must(*e.right(), f);
    case Op::kOr:
      return Must(*e.left(), f) || Must(*e.right(), f);
    case Op::kNot:
      return false;
    default:
      break;
  }
  const Type* type = ColumnType(e.field_id());
  if (type == nullptr) return false;
  ColumnStats s = StatsOf(f, e.field_id(), *type);
  const bool no_nulls = s.nulls && *s.nulls == 0;
  const bool no_nans = !IsFloating(type->id()) || (s.nans && *s.nans == 0);
  switch (e.op()) {
    case Op::kIsNull:
      return s.values && s.nulls && *s.nulls == *s.values;
    case Op::kNotNull:
      return no_nulls;
    case Op::kIsNan:
      return s.values && s.nans && *s.nans == *s.values;
    case Op::kNotNan:
      return no_nans;
    default:
      break;
  }
  // Comparisons are false for nulls and NaNs: every row matches only when
  // there are none. String bounds may be truncated: the lower bound is
  // then below every value and the upper above, which keeps these safe.
  if (!no_nulls || !no_nans || s.bad_bounds) return false;
  if (e.op() == Op::kStartsWith || e.op() == Op::kNotStartsWith) return false;
  return RangeMustMatch(e, s.bounds);
}

}  // namespace floe::iceberg
