#include "sql/exec/expression_executor.h"

#include <cstring>
#include <limits>
#include <optional>

#include "common/bit_util.h"
#include "common/str_cat.h"
#include "sql/exec/like_pattern.h"
#include "sql/exec/vector_operations.h"
#include "sql/functions/kernels_internal.h"

namespace floe::sql {

using columnar::TypeId;
using columnar::Vector;
using columnar::VectorKind;
using VectorPtr = std::shared_ptr<Vector>;

namespace {

bool Live(const uint8_t* live, int64_t i) { return live == nullptr || bit_util::GetBit(live, i); }

// A boolean vector (flat or constant) read row by row without dispatch.
struct BoolView {
  const uint8_t* values;
  int64_t stride;
  const uint8_t* validity;  // null: every row valid (or, constant, see null)
  bool null;                // a constant NULL
  explicit BoolView(const Vector& v)
      : values(v.data<uint8_t>()),
        stride(v.kind() == VectorKind::kConstant ? 0 : 1),
        validity(v.kind() == VectorKind::kConstant ? nullptr : v.validity()),
        null(v.kind() == VectorKind::kConstant && v.IsNull(0)) {}
  bool Valid(int64_t i) const {
    return validity != nullptr ? bit_util::GetBit(validity, i) : !null;
  }
  bool Value(int64_t i) const { return values[i * stride] != 0; }
};

// A flat or constant vector with the values of `v` (dictionaries gathered).
Result<VectorPtr> FlatOrConstant(const VectorPtr& v, int64_t n, MemoryPool* pool) {
  if (v->kind() != VectorKind::kDictionary) return v;
  if (v->type().is_nested()) return FlatVector(v, n, pool);
  const Vector& dict = *v->dictionary();
  FLOE_ASSIGN_OR_RETURN(VectorPtr out, Vector::Make(v->type(), pool, n));
  const int32_t* idx = v->indices();
  auto gather = [&](auto* dst, const auto* src) {
    for (int64_t i = 0; i < n; ++i) dst[i] = src[idx[i]];
  };
  switch (v->type().fixed_width()) {
    case 1:
      gather(out->mutable_data<uint8_t>(), dict.data<uint8_t>());
      break;
    case 2:
      gather(out->mutable_data<uint16_t>(), dict.data<uint16_t>());
      break;
    case 4:
      gather(out->mutable_data<uint32_t>(), dict.data<uint32_t>());
      break;
    case 8:
      gather(out->mutable_data<uint64_t>(), dict.data<uint64_t>());
      break;
    case 16:
      gather(out->mutable_data<columnar::StringView>(), dict.data<columnar::StringView>());
      break;
    default: {
      const int width = v->type().fixed_width();
      for (int64_t i = 0; i < n; ++i) {
        std::memcpy(out->mutable_raw_data() + i * width, dict.raw_data() + idx[i] * width,
                    static_cast<size_t>(width));
      }
    }
  }
  if (v->type().is_string_like()) out->KeepAliveHeapsOf(dict);
  if (v->validity() != nullptr || dict.validity() != nullptr) {
    for (int64_t i = 0; i < n; ++i) {
      if (!v->IsValid(i)) {
        FLOE_RETURN_NOT_OK(out->EnsureValidity());
        out->SetNull(i);
      }
    }
  }
  out->set_size(n);
  return out;
}

// A constant vector of n rows holding row 0 of `c`.
Result<VectorPtr> ConstantOfSize(const Vector& c, const LogicalType& type, int64_t n,
                                 MemoryPool* pool) {
  LogicalType storage = IsUnknown(type) ? LogicalType::Boolean() : type;
  FLOE_ASSIGN_OR_RETURN(VectorPtr out, Vector::Make(storage, pool, 1));
  if (storage.is_nested()) {
    FLOE_RETURN_NOT_OK(GatherRows(c, nullptr, 1, out.get(), 0));
    out->MakeConstant(n);
    return out;
  }
  std::memcpy(out->mutable_raw_data(), c.raw_data(), static_cast<size_t>(storage.fixed_width()));
  if (storage.is_string_like()) out->KeepAliveHeapsOf(c);
  if (c.IsNull(0)) {
    FLOE_RETURN_NOT_OK(out->EnsureValidity());
    out->SetNull(0);
  }
  out->MakeConstant(n);
  return out;
}

// Marks nulls of `out` (flat, n rows): rows null in any argument or not live.
Status PropagateNulls(const std::vector<const Vector*>& args, const uint8_t* live, int64_t n,
                      Vector* out) {
  bool any = live != nullptr;
  for (const Vector* a : args) any |= a->validity() != nullptr;
  if (!any) return Status::OK();
  FLOE_RETURN_NOT_OK(out->EnsureValidity());
  uint8_t* valid = out->mutable_validity();
  if (live != nullptr) std::memcpy(valid, live, static_cast<size_t>(bit_util::BytesForBits(n)));
  for (const Vector* a : args) {
    if (a->validity() == nullptr) continue;
    if (a->kind() == VectorKind::kConstant) {
      if (a->IsNull(0)) std::memset(valid, 0, static_cast<size_t>(bit_util::BytesForBits(n)));
      continue;
    }
    const uint8_t* av = a->validity();
    for (int64_t b = 0; b < bit_util::BytesForBits(n); ++b) valid[b] &= av[b];
  }
  return Status::OK();
}

}  // namespace

Result<VectorPtr> ExpressionExecutor::Evaluate(const BoundExpr& expr,
                                               const columnar::Chunk& chunk) {
  if (!chunk.selection) return Eval(expr, chunk, nullptr);
  // Rows outside the selection are computed as if NULL, so that they
  // cannot raise errors (a filtered-out zero divisor, say).
  FLOE_ASSIGN_OR_RETURN(auto live, Buffer::Make(pool_, bit_util::BytesForBits(chunk.size)));
  std::memset(live->mutable_data(), 0, static_cast<size_t>(bit_util::BytesForBits(chunk.size)));
  for (int64_t k = 0; k < chunk.selection->size(); ++k)
    bit_util::SetBit(live->mutable_data(), chunk.selection->indices()[k]);
  return Eval(expr, chunk, live->data());
}

Result<VectorPtr> ExpressionExecutor::Eval(const BoundExpr& expr, const columnar::Chunk& chunk,
                                           const uint8_t* live) {
  const int64_t n = chunk.size;
  switch (expr.kind) {
    case BoundExpr::Kind::kColumn: {
      if (expr.column < 0 || static_cast<size_t>(expr.column) >= chunk.columns.size()) {
        return Status::Internal("column #", expr.column, " of a chunk with ", chunk.columns.size());
      }
      return FlatOrConstant(chunk.columns[static_cast<size_t>(expr.column)], n, pool_);
    }
    case BoundExpr::Kind::kConstant:
      return ConstantOfSize(*expr.constant, expr.type, n, pool_);
    case BoundExpr::Kind::kCast: {
      FLOE_ASSIGN_OR_RETURN(VectorPtr in, Eval(*expr.args[0], chunk, live));
      return CastVector(*in, n, expr.type, pool_, live, expr.try_cast);
    }
    case BoundExpr::Kind::kCall: {
      FLOE_ASSIGN_OR_RETURN(VectorPtr on_dictionary, CompareOnDictionary(expr, chunk, live));
      if (on_dictionary) return on_dictionary;
      std::vector<VectorPtr> args;
      KernelContext ctx;
      for (const auto& a : expr.args) {
        FLOE_ASSIGN_OR_RETURN(VectorPtr v, Eval(*a, chunk, live));
        ctx.args.push_back(v.get());
        args.push_back(std::move(v));
      }
      FLOE_ASSIGN_OR_RETURN(VectorPtr out, Vector::Make(expr.type, pool_, n));
      out->set_size(n);
      FLOE_RETURN_NOT_OK(PropagateNulls(ctx.args, live, n, out.get()));
      ctx.n = n;
      ctx.out = out.get();
      FLOE_RETURN_NOT_OK(expr.function.kernel(ctx));
      return out;
    }
    case BoundExpr::Kind::kAnd:
    case BoundExpr::Kind::kOr: {
      const bool is_and = expr.kind == BoundExpr::Kind::kAnd;
      FLOE_ASSIGN_OR_RETURN(VectorPtr l, Eval(*expr.args[0], chunk, live));
      // The right side runs only where the left does not decide the result
      // (Trino evaluates `x <> 0 AND 10 / x > 1` without dividing by zero).
      FLOE_ASSIGN_OR_RETURN(auto right_live, Buffer::Make(pool_, bit_util::BytesForBits(n)));
      uint8_t* rl = right_live->mutable_data();
      std::memset(rl, 0, static_cast<size_t>(bit_util::BytesForBits(n)));
      if (live == nullptr && l->kind() == VectorKind::kFlat && l->validity() == nullptr) {
        // The common case (a filter's conjunction of comparisons): a left
        // side without NULLs, decided byte by byte.
        const uint8_t* lv = l->data<uint8_t>();
        const int64_t bytes = bit_util::BytesForBits(n);
        for (int64_t b = 0; b < bytes; ++b) {
          uint8_t bits = 0;
          const int64_t base = b * 8;
          for (int j = 0; j < 8 && base + j < n; ++j)
            bits |= static_cast<uint8_t>((lv[base + j] != 0) << j);
          rl[b] = is_and ? bits : static_cast<uint8_t>(~bits);  // undecided rows
        }
        FLOE_ASSIGN_OR_RETURN(VectorPtr r, Eval(*expr.args[1], chunk, rl));
        if (r->kind() == VectorKind::kFlat) {
          FLOE_ASSIGN_OR_RETURN(VectorPtr out, Vector::Make(LogicalType::Boolean(), pool_, n));
          out->set_size(n);
          uint8_t* o = out->mutable_data<uint8_t>();
          const uint8_t* rv = r->data<uint8_t>();
          for (int64_t i = 0; i < n; ++i) {
            o[i] = is_and ? static_cast<uint8_t>((lv[i] != 0) & (rv[i] != 0))
                          : static_cast<uint8_t>((lv[i] != 0) | (rv[i] != 0));
          }
          // NULL where the right side decided and was NULL.
          if (const uint8_t* rvalid = r->validity(); rvalid != nullptr) {
            FLOE_RETURN_NOT_OK(out->EnsureValidity());
            uint8_t* ov = out->mutable_validity();
            for (int64_t b = 0; b < bytes; ++b)
              ov[b] = static_cast<uint8_t>(~rl[b] | (rvalid[b] & rl[b]));
            for (int64_t i = 0; i < n; ++i) {
              if (!bit_util::GetBit(ov, i)) o[i] = 0;
            }
          }
          return out;
        }
        // A constant right side: the general path below recomputes the mask.
        std::memset(rl, 0, static_cast<size_t>(bytes));
      }
      const BoolView lhs(*l);
      for (int64_t i = 0; i < n; ++i) {
        const bool decided = lhs.Valid(i) && lhs.Value(i) != is_and;
        if (Live(live, i) && !decided) bit_util::SetBit(rl, i);
      }
      FLOE_ASSIGN_OR_RETURN(VectorPtr r, Eval(*expr.args[1], chunk, rl));
      const BoolView rhs(*r);
      FLOE_ASSIGN_OR_RETURN(VectorPtr out, Vector::Make(LogicalType::Boolean(), pool_, n));
      out->set_size(n);
      uint8_t* o = out->mutable_data<uint8_t>();
      // Three-valued logic without branches: a side decides when it is valid
      // and false (AND) or true (OR); the result is NULL when no side
      // decides and one is NULL.
      bool any_null = false;
      for (int64_t i = 0; i < n; ++i) {
        const bool lv = lhs.Valid(i), lb = lv && lhs.Value(i);
        const bool rv = bit_util::GetBit(rl, i) && rhs.Valid(i), rb = rv && rhs.Value(i);
        const bool decided = is_and ? (lv && !lb) || (rv && !rb) : lb || rb;
        const bool both = lv && rv;
        o[i] = is_and ? (!decided && both) : decided;
        any_null |= !decided && !both;
      }
      if (any_null) {
        FLOE_RETURN_NOT_OK(out->EnsureValidity());
        for (int64_t i = 0; i < n; ++i) {
          const bool lv = lhs.Valid(i), lb = lv && lhs.Value(i);
          const bool rv = bit_util::GetBit(rl, i) && rhs.Valid(i), rb = rv && rhs.Value(i);
          const bool decided = is_and ? (lv && !lb) || (rv && !rb) : lb || rb;
          if (!decided && !(lv && rv)) out->SetNull(i);
        }
      }
      return out;
    }
    case BoundExpr::Kind::kNot: {
      FLOE_ASSIGN_OR_RETURN(VectorPtr in, Eval(*expr.args[0], chunk, live));
      const bool constant = in->kind() == VectorKind::kConstant;
      const int64_t rows = constant ? 1 : n;
      FLOE_ASSIGN_OR_RETURN(VectorPtr out, Vector::Make(LogicalType::Boolean(), pool_, rows));
      out->set_size(rows);
      for (int64_t i = 0; i < rows; ++i)
        out->mutable_data<uint8_t>()[i] = in->data<uint8_t>()[i] != 0 ? 0 : 1;
      FLOE_RETURN_NOT_OK(PropagateNulls({in.get()}, nullptr, rows, out.get()));
      if (constant) out->MakeConstant(n);
      return out;
    }
    case BoundExpr::Kind::kIsNull: {
      FLOE_ASSIGN_OR_RETURN(VectorPtr in, Eval(*expr.args[0], chunk, live));
      FLOE_ASSIGN_OR_RETURN(VectorPtr out, Vector::Make(LogicalType::Boolean(), pool_, n));
      out->set_size(n);
      for (int64_t i = 0; i < n; ++i)
        out->mutable_data<uint8_t>()[i] = in->IsNull(i) != expr.negated ? 1 : 0;
      return out;
    }
    case BoundExpr::Kind::kCase:
    case BoundExpr::Kind::kCoalesce:
      return EvalConditional(expr, chunk, live);
    case BoundExpr::Kind::kTry:
      return EvalTry(expr, chunk, live);
    case BoundExpr::Kind::kIsDistinctFrom: {
      FLOE_ASSIGN_OR_RETURN(VectorPtr a, Eval(*expr.args[0], chunk, live));
      FLOE_ASSIGN_OR_RETURN(VectorPtr b, Eval(*expr.args[1], chunk, live));
      FLOE_ASSIGN_OR_RETURN(VectorPtr out, Vector::Make(LogicalType::Boolean(), pool_, n));
      out->set_size(n);
      const int64_t as = a->kind() == VectorKind::kConstant ? 0 : 1;
      const int64_t bs = b->kind() == VectorKind::kConstant ? 0 : 1;
      uint8_t* o = out->mutable_data<uint8_t>();
      for (int64_t i = 0; i < n; ++i) {
        // ValuesEqual: NULL equals NULL, as IS NOT DISTINCT FROM wants.
        const bool same = ValuesEqual(*a, i * as, *b, i * bs);
        o[i] = same == expr.negated ? 1 : 0;
      }
      return out;
    }
    case BoundExpr::Kind::kLike:
      return EvalLike(expr, chunk, live);
  }
  return Status::Internal("unknown expression kind");
}

namespace {

// out[i] = v[i] for the rows set in `mask` (v flat or constant, of out's type).
Status CopyMasked(const Vector& v, const uint8_t* mask, int64_t n, Vector* out) {
  const int width = out->type().fixed_width();
  const bool constant = v.kind() == VectorKind::kConstant;
  if (out->type().is_string_like()) out->KeepAliveHeapsOf(v);
  FLOE_RETURN_NOT_OK(out->EnsureValidity());
  if (out->type().is_nested()) {
    // Nested values are copied with their elements, row by row.
    for (int64_t i = 0; i < n; ++i) {
      if (!bit_util::GetBit(mask, i)) continue;
      const uint32_t from = constant ? 0 : static_cast<uint32_t>(i);
      FLOE_RETURN_NOT_OK(GatherRows(v, &from, 1, out, i));
    }
    return Status::OK();
  }
  for (int64_t i = 0; i < n; ++i) {
    if (!bit_util::GetBit(mask, i)) continue;
    const int64_t from = constant ? 0 : i;
    if (v.IsNull(from)) {
      out->SetNull(i);
      continue;
    }
    std::memcpy(out->mutable_raw_data() + i * width, v.raw_data() + from * width,
                static_cast<size_t>(width));
    out->SetValid(i);
  }
  return Status::OK();
}

}  // namespace

Result<VectorPtr> ExpressionExecutor::EvalConditional(const BoundExpr& expr,
                                                      const columnar::Chunk& chunk,
                                                      const uint8_t* live) {
  // Each branch is evaluated only on the rows still undecided, so that a
  // branch that would fail elsewhere (CASE WHEN x <> 0 THEN 1 / x END)
  // does not.
  const int64_t n = chunk.size;
  const int64_t bytes = bit_util::BytesForBits(n);
  FLOE_ASSIGN_OR_RETURN(VectorPtr out, Vector::Make(expr.type, pool_, n));
  out->set_size(n);
  FLOE_RETURN_NOT_OK(out->EnsureValidity());
  std::memset(out->mutable_validity(), 0, static_cast<size_t>(bytes));
  FLOE_ASSIGN_OR_RETURN(auto remaining_buf, Buffer::Make(pool_, bytes));
  FLOE_ASSIGN_OR_RETURN(auto take_buf, Buffer::Make(pool_, bytes));
  uint8_t* remaining = remaining_buf->mutable_data();
  uint8_t* take = take_buf->mutable_data();
  if (live != nullptr) {
    std::memcpy(remaining, live, static_cast<size_t>(bytes));
  } else {
    std::memset(remaining, 0xff, static_cast<size_t>(bytes));
  }
  auto any = [&](const uint8_t* bits) {
    for (int64_t i = 0; i < n; ++i) {
      if (bit_util::GetBit(bits, i)) return true;
    }
    return false;
  };
  const bool is_case = expr.kind == BoundExpr::Kind::kCase;
  const size_t pairs = is_case ? expr.args.size() / 2 : 0;
  for (size_t p = 0; p < (is_case ? pairs : expr.args.size()); ++p) {
    if (!any(remaining)) return out;
    std::memset(take, 0, static_cast<size_t>(bytes));
    if (is_case) {
      FLOE_ASSIGN_OR_RETURN(VectorPtr cond, Eval(*expr.args[2 * p], chunk, remaining));
      const BoolView c(*cond);
      for (int64_t i = 0; i < n; ++i) {
        if (bit_util::GetBit(remaining, i) && c.Valid(i) && c.Value(i)) {
          bit_util::SetBit(take, i);
          bit_util::ClearBit(remaining, i);
        }
      }
      if (!any(take)) continue;
      FLOE_ASSIGN_OR_RETURN(VectorPtr v, Eval(*expr.args[2 * p + 1], chunk, take));
      FLOE_RETURN_NOT_OK(CopyMasked(*v, take, n, out.get()));
    } else {
      FLOE_ASSIGN_OR_RETURN(VectorPtr v, Eval(*expr.args[p], chunk, remaining));
      const bool constant = v->kind() == VectorKind::kConstant;
      for (int64_t i = 0; i < n; ++i) {
        if (bit_util::GetBit(remaining, i) && v->IsValid(constant ? 0 : i)) {
          bit_util::SetBit(take, i);
          bit_util::ClearBit(remaining, i);
        }
      }
      FLOE_RETURN_NOT_OK(CopyMasked(*v, take, n, out.get()));
    }
  }
  if (is_case && expr.args.size() % 2 == 1 && any(remaining)) {
    FLOE_ASSIGN_OR_RETURN(VectorPtr v, Eval(*expr.args.back(), chunk, remaining));
    FLOE_RETURN_NOT_OK(CopyMasked(*v, remaining, n, out.get()));
  }
  return out;
}

Result<VectorPtr> ExpressionExecutor::CompareOnDictionary(const BoundExpr& expr,
                                                          const columnar::Chunk& chunk,
                                                          const uint8_t* live) {
  // A comparison of a dictionary-encoded column (a low-cardinality string
  // column read from Parquet) with constants: compared once per dictionary
  // entry, then looked up per row. Comparisons cannot fail, so evaluating
  // entries that no live row uses is harmless.
  const std::string& name = expr.function.name;
  if (name != "=" && name != "<>" && name != "<" && name != "<=" && name != ">" && name != ">=") {
    return VectorPtr();
  }
  const int64_t n = chunk.size;
  int dict_arg = -1;
  for (size_t i = 0; i < expr.args.size(); ++i) {
    const BoundExpr& a = *expr.args[i];
    if (a.kind == BoundExpr::Kind::kColumn && dict_arg < 0 && a.column >= 0 &&
        static_cast<size_t>(a.column) < chunk.columns.size()) {
      const Vector& v = *chunk.columns[static_cast<size_t>(a.column)];
      if (v.kind() == VectorKind::kDictionary && v.dictionary()->size() < n) {
        dict_arg = static_cast<int>(i);
        continue;
      }
    }
    if (a.kind != BoundExpr::Kind::kConstant) return VectorPtr();
  }
  if (dict_arg < 0) return VectorPtr();
  const Vector& column =
      *chunk.columns[static_cast<size_t>(expr.args[static_cast<size_t>(dict_arg)]->column)];
  const std::shared_ptr<Vector>& dict = column.dictionary();
  const int64_t d = dict->size();
  std::vector<VectorPtr> args;
  KernelContext ctx;
  for (size_t i = 0; i < expr.args.size(); ++i) {
    if (static_cast<int>(i) == dict_arg) {
      args.push_back(dict);
    } else {
      FLOE_ASSIGN_OR_RETURN(VectorPtr c,
                            ConstantOfSize(*expr.args[i]->constant, expr.args[i]->type, d, pool_));
      args.push_back(std::move(c));
    }
    ctx.args.push_back(args.back().get());
  }
  FLOE_ASSIGN_OR_RETURN(VectorPtr per_entry,
                        Vector::Make(expr.type, pool_, std::max<int64_t>(d, 1)));
  per_entry->set_size(d);
  FLOE_RETURN_NOT_OK(PropagateNulls(ctx.args, nullptr, d, per_entry.get()));
  ctx.n = d;
  ctx.out = per_entry.get();
  FLOE_RETURN_NOT_OK(expr.function.kernel(ctx));
  FLOE_ASSIGN_OR_RETURN(VectorPtr out, Vector::Make(expr.type, pool_, n));
  out->set_size(n);
  const int32_t* idx = column.indices();
  const uint8_t* values = per_entry->data<uint8_t>();
  uint8_t* o = out->mutable_data<uint8_t>();
  for (int64_t i = 0; i < n; ++i) o[i] = values[idx[i]];
  if (column.validity() != nullptr || per_entry->validity() != nullptr || live != nullptr) {
    FLOE_RETURN_NOT_OK(out->EnsureValidity());
    for (int64_t i = 0; i < n; ++i) {
      if (!Live(live, i) || column.IsNull(i) || per_entry->IsNull(idx[i])) out->SetNull(i);
    }
  }
  return out;
}

Result<VectorPtr> ExpressionExecutor::EvalTry(const BoundExpr& expr, const columnar::Chunk& chunk,
                                              const uint8_t* live) {
  auto whole = Eval(*expr.args[0], chunk, live);
  // Trino's TRY turns the errors of bad data (division by zero, overflow,
  // invalid casts and arguments) into NULL; other failures stay failures.
  if (whole.ok() || whole.status().code() != StatusCode::kInvalid) return whole;
  // Some row failed: evaluate row by row, NULL where a row fails.
  const int64_t n = chunk.size;
  const int64_t bytes = bit_util::BytesForBits(n);
  FLOE_ASSIGN_OR_RETURN(VectorPtr out, Vector::Make(expr.type, pool_, n));
  out->set_size(n);
  FLOE_RETURN_NOT_OK(out->EnsureValidity());
  std::memset(out->mutable_validity(), 0, static_cast<size_t>(bytes));
  FLOE_ASSIGN_OR_RETURN(auto one_buf, Buffer::Make(pool_, bytes));
  uint8_t* one = one_buf->mutable_data();
  for (int64_t i = 0; i < n; ++i) {
    if (!Live(live, i)) continue;
    std::memset(one, 0, static_cast<size_t>(bytes));
    bit_util::SetBit(one, i);
    auto v = Eval(*expr.args[0], chunk, one);
    if (!v.ok()) {
      if (v.status().code() != StatusCode::kInvalid) return v.status();
      continue;
    }
    FLOE_RETURN_NOT_OK(CopyMasked(**v, one, n, out.get()));
  }
  return out;
}

Result<VectorPtr> ExpressionExecutor::EvalLike(const BoundExpr& expr, const columnar::Chunk& chunk,
                                               const uint8_t* live) {
  const int64_t n = chunk.size;
  // A dictionary-encoded column against a constant pattern: each entry is
  // matched once (an invalid pattern fails whether or not rows are live).
  const BoundExpr& a = *expr.args[0];
  bool constant_rest = true;
  for (size_t i = 1; i < expr.args.size(); ++i) {
    constant_rest &= expr.args[i]->kind == BoundExpr::Kind::kConstant;
  }
  if (constant_rest && a.kind == BoundExpr::Kind::kColumn && a.column >= 0 &&
      static_cast<size_t>(a.column) < chunk.columns.size()) {
    const Vector& column = *chunk.columns[static_cast<size_t>(a.column)];
    if (column.kind() == VectorKind::kDictionary && column.dictionary()->size() < n &&
        !expr.args[1]->constant->IsNull(0) &&
        (expr.args.size() < 3 || !expr.args[2]->constant->IsNull(0))) {
      const Vector& dict = *column.dictionary();
      FLOE_ASSIGN_OR_RETURN(
          LikePattern pattern,
          LikePattern::Compile(
              expr.args[1]->constant->GetString(0),
              expr.args.size() > 2 ? expr.args[2]->constant->GetString(0) : std::string_view(),
              expr.args.size() > 2));
      std::vector<uint8_t> matches(static_cast<size_t>(dict.size()));
      for (int64_t e = 0; e < dict.size(); ++e) {
        matches[static_cast<size_t>(e)] =
            !dict.IsNull(e) && pattern.Matches(dict.GetString(e)) != expr.negated;
      }
      FLOE_ASSIGN_OR_RETURN(VectorPtr out, Vector::Make(LogicalType::Boolean(), pool_, n));
      out->set_size(n);
      const int32_t* idx = column.indices();
      uint8_t* o = out->mutable_data<uint8_t>();
      for (int64_t i = 0; i < n; ++i) o[i] = matches[static_cast<size_t>(idx[i])];
      if (column.validity() != nullptr || dict.validity() != nullptr || live != nullptr) {
        FLOE_RETURN_NOT_OK(out->EnsureValidity());
        for (int64_t i = 0; i < n; ++i) {
          if (!Live(live, i) || column.IsNull(i)) {
            out->SetNull(i);
            o[i] = 0;
          }
        }
      }
      return out;
    }
  }
  FLOE_ASSIGN_OR_RETURN(VectorPtr value, Eval(*expr.args[0], chunk, live));
  FLOE_ASSIGN_OR_RETURN(VectorPtr pattern, Eval(*expr.args[1], chunk, live));
  VectorPtr escape;
  if (expr.args.size() > 2) {
    FLOE_ASSIGN_OR_RETURN(escape, Eval(*expr.args[2], chunk, live));
  }
  FLOE_ASSIGN_OR_RETURN(VectorPtr out, Vector::Make(LogicalType::Boolean(), pool_, n));
  out->set_size(n);
  std::vector<const Vector*> args = {value.get(), pattern.get()};
  if (escape) args.push_back(escape.get());
  FLOE_RETURN_NOT_OK(PropagateNulls(args, live, n, out.get()));
  uint8_t* o = out->mutable_data<uint8_t>();
  const bool constant_pattern = pattern->kind() == VectorKind::kConstant &&
                                (!escape || escape->kind() == VectorKind::kConstant);
  // A constant pattern (the usual case) is compiled once.
  std::optional<LikePattern> compiled;
  std::string last_pattern, last_escape;
  for (int64_t i = 0; i < n; ++i) {
    if (!kernels::Valid(*out, i)) {
      o[i] = 0;
      continue;
    }
    const int64_t pi = pattern->kind() == VectorKind::kConstant ? 0 : i;
    std::string_view p = pattern->GetString(pi);
    std::string_view e = escape ? escape->GetString(escape->kind() == VectorKind::kConstant ? 0 : i)
                                : std::string_view();
    if (!compiled || (!constant_pattern && (p != last_pattern || e != last_escape))) {
      FLOE_ASSIGN_OR_RETURN(LikePattern c, LikePattern::Compile(p, e, escape != nullptr));
      compiled = std::move(c);
      last_pattern = std::string(p);
      last_escape = std::string(e);
    }
    const int64_t vi = value->kind() == VectorKind::kConstant ? 0 : i;
    o[i] = compiled->Matches(value->GetString(vi)) != expr.negated ? 1 : 0;
  }
  return out;
}

}  // namespace floe::sql
