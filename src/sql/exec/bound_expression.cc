#include "sql/exec/bound_expression.h"

#include <cctype>
#include <cstring>

#include "columnar/value_format.h"
#include "common/str_cat.h"

namespace floe::sql {

namespace {

BoundExprPtr ConstantOf(LogicalType type, const void* value, size_t width, bool null) {
  auto e = std::make_unique<BoundExpr>();
  e->kind = BoundExpr::Kind::kConstant;
  e->type = type;
  // An unknown-typed NULL is held in a boolean vector: only its validity matters.
  LogicalType storage = IsUnknown(type) ? LogicalType::Boolean() : type;
  auto v = columnar::Vector::Make(storage, MemoryPool::Default(), 1).ValueOrDie();
  if (value != nullptr) std::memcpy(v->mutable_raw_data(), value, width);
  if (null) {
    (void)v->EnsureValidity();
    v->SetNull(0);
  }
  v->MakeConstant(1);
  e->constant = std::move(v);
  return e;
}

}  // namespace

BoundExprPtr BoundExpr::Clone() const {
  auto e = std::make_unique<BoundExpr>();
  e->kind = kind;
  e->type = type;
  e->column = column;
  e->constant = constant;
  e->function = function;
  e->negated = negated;
  e->try_cast = try_cast;
  e->args.reserve(args.size());
  for (const auto& a : args) e->args.push_back(a->Clone());
  return e;
}

BoundExprPtr BoundExpr::Column(int index, LogicalType type) {
  auto e = std::make_unique<BoundExpr>();
  e->kind = Kind::kColumn;
  e->column = index;
  e->type = std::move(type);
  return e;
}

BoundExprPtr BoundExpr::Null(LogicalType type) { return ConstantOf(type, nullptr, 0, true); }

BoundExprPtr BoundExpr::Boolean(bool v) {
  uint8_t b = v ? 1 : 0;
  return ConstantOf(LogicalType::Boolean(), &b, 1, false);
}

BoundExprPtr BoundExpr::Integer(int32_t v) {
  return ConstantOf(LogicalType::Integer(), &v, 4, false);
}
BoundExprPtr BoundExpr::BigInt(int64_t v) {
  return ConstantOf(LogicalType::BigInt(), &v, 8, false);
}
BoundExprPtr BoundExpr::Double(double v) { return ConstantOf(LogicalType::Double(), &v, 8, false); }

BoundExprPtr BoundExpr::Decimal(int128_t v, int precision, int scale) {
  if (precision <= 18) {
    int64_t small = static_cast<int64_t>(v);
    return ConstantOf(LogicalType::Decimal(precision, scale), &small, 8, false);
  }
  return ConstantOf(LogicalType::Decimal(precision, scale), &v, 16, false);
}

BoundExprPtr BoundExpr::Varchar(std::string_view s) {
  auto e = std::make_unique<BoundExpr>();
  e->kind = Kind::kConstant;
  e->type = LogicalType::Varchar();
  auto v = columnar::Vector::Make(LogicalType::Varchar(), MemoryPool::Default(), 1).ValueOrDie();
  (void)v->SetString(0, s);
  v->MakeConstant(1);
  e->constant = std::move(v);
  return e;
}

BoundExprPtr BoundExpr::Cast(BoundExprPtr arg, LogicalType to, bool try_cast) {
  auto e = std::make_unique<BoundExpr>();
  e->kind = Kind::kCast;
  e->type = std::move(to);
  e->try_cast = try_cast;
  e->args.push_back(std::move(arg));
  return e;
}

BoundExprPtr BoundExpr::Not(BoundExprPtr arg) {
  auto e = std::make_unique<BoundExpr>();
  e->kind = Kind::kNot;
  e->type = LogicalType::Boolean();
  e->args.push_back(std::move(arg));
  return e;
}

BoundExprPtr BoundExpr::IsNull(BoundExprPtr arg, bool negated) {
  auto e = std::make_unique<BoundExpr>();
  e->kind = Kind::kIsNull;
  e->type = LogicalType::Boolean();
  e->negated = negated;
  e->args.push_back(std::move(arg));
  return e;
}

BoundExprPtr BoundExpr::Logical(Kind kind, BoundExprPtr a, BoundExprPtr b) {
  auto e = std::make_unique<BoundExpr>();
  e->kind = kind;
  e->type = LogicalType::Boolean();
  e->args.push_back(std::move(a));
  e->args.push_back(std::move(b));
  return e;
}

std::string BoundExpr::ToString() const {
  switch (kind) {
    case Kind::kColumn:
      return StrCat("#", column);
    case Kind::kConstant: {
      if (constant->IsNull(0)) return "NULL";
      std::string out;
      columnar::AppendValueText(*constant, 0, &out);
      return type.is_string_like() ? "'" + out + "'" : out;
    }
    case Kind::kCall: {
      const std::string& n = function.name;
      if (args.size() == 2 && !n.empty() && !std::isalpha(static_cast<unsigned char>(n[0]))) {
        return StrCat("(", args[0]->ToString(), " ", n, " ", args[1]->ToString(), ")");
      }
      std::string out = n == "negate" ? "-(" : n + "(";
      for (size_t i = 0; i < args.size(); ++i) out += (i > 0 ? ", " : "") + args[i]->ToString();
      return out + ")";
    }
    case Kind::kCast:
      return StrCat(try_cast ? "TRY_CAST(" : "CAST(", args[0]->ToString(), " AS ", TypeName(type),
                    ")");
    case Kind::kAnd:
      return StrCat("(", args[0]->ToString(), " AND ", args[1]->ToString(), ")");
    case Kind::kOr:
      return StrCat("(", args[0]->ToString(), " OR ", args[1]->ToString(), ")");
    case Kind::kNot:
      return StrCat("(NOT ", args[0]->ToString(), ")");
    case Kind::kIsNull:
      return StrCat("(", args[0]->ToString(), negated ? " IS NOT NULL)" : " IS NULL)");
    case Kind::kCase: {
      std::string out = "CASE";
      size_t i = 0;
      for (; i + 1 < args.size(); i += 2)
        out += StrCat(" WHEN ", args[i]->ToString(), " THEN ", args[i + 1]->ToString());
      if (i < args.size()) out += StrCat(" ELSE ", args[i]->ToString());
      return out + " END";
    }
    case Kind::kCoalesce:
    case Kind::kTry: {
      std::string out = kind == Kind::kTry ? "try(" : "coalesce(";
      for (size_t i = 0; i < args.size(); ++i) out += (i > 0 ? ", " : "") + args[i]->ToString();
      return out + ")";
    }
    case Kind::kIsDistinctFrom:
      return StrCat("(", args[0]->ToString(),
                    negated ? " IS NOT DISTINCT FROM " : " IS DISTINCT FROM ", args[1]->ToString(),
                    ")");
    case Kind::kLike:
      return StrCat("(", args[0]->ToString(), negated ? " NOT LIKE " : " LIKE ",
                    args[1]->ToString(), args.size() > 2 ? " ESCAPE " + args[2]->ToString() : "",
                    ")");
  }
  return "?";
}

Result<BoundExprPtr> MakeCall(std::string_view name, std::vector<BoundExprPtr> args) {
  std::vector<LogicalType> types;
  for (const auto& a : args) types.push_back(a->type);
  FLOE_ASSIGN_OR_RETURN(BoundFunction f, ResolveFunction(name, types));
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i]->type != f.arg_types[i])
      args[i] = BoundExpr::Cast(std::move(args[i]), f.arg_types[i]);
  }
  auto e = std::make_unique<BoundExpr>();
  e->kind = BoundExpr::Kind::kCall;
  e->type = f.result_type;
  e->function = std::move(f);
  e->args = std::move(args);
  return e;
}

}  // namespace floe::sql
