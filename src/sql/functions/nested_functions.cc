// Trino's array, map and row functions
// (https://trino.io/docs/current/functions/array.html,
// https://trino.io/docs/current/functions/map.html), the ARRAY[...] and
// ROW(...) constructors, subscripts, casts and comparisons of nested values.
//
// Kernels here work a row at a time: each row's value is a run of elements
// in a child vector, so the work per row is a loop over that run (copied
// with GatherRows, compared with ValuesEqual/CompareValues).

#include <algorithm>
#include <cstring>
#include <numeric>
#include <string>

#include "columnar/value_format.h"
#include "common/date_time.h"
#include "common/str_cat.h"
#include "sql/exec/vector_operations.h"
#include "sql/functions/cast.h"
#include "sql/functions/nested_internal.h"

namespace floe::sql::functions {

using columnar::ListEntry;
using columnar::TypeId;
using columnar::Vector;
using columnar::VectorKind;
using kernels::Valid;
using Args = std::vector<LogicalType>;
using VectorPtr = std::shared_ptr<Vector>;

ListEntry ListAt(const Vector& v, int64_t i) {
  ListEntry e = v.list_entries()[ArgRow(v, i)];
  // Entries under NULL rows may be anything: never past the elements.
  if (static_cast<int64_t>(e.offset) + e.length > v.children()[0]->size()) e.length = 0;
  return e;
}

Status SetArrayRow(Vector* out, int64_t i, const Vector& src, const uint32_t* rows, int64_t count) {
  Vector* child = out->children()[0].get();
  const int64_t base = child->size();
  FLOE_RETURN_NOT_OK(GatherRows(src, rows, count, child, base));
  child->set_size(base + count);
  out->mutable_list_entries()[i] = {static_cast<uint32_t>(base), static_cast<uint32_t>(count)};
  return Status::OK();
}

namespace {

bool IsList(const LogicalType& t) { return t.id() == TypeId::kList; }
bool IsMap(const LogicalType& t) { return t.id() == TypeId::kMap; }

// The element (or map key) positions [e.offset, e.offset + e.length).
std::vector<uint32_t> Positions(ListEntry e) {
  std::vector<uint32_t> p(e.length);
  std::iota(p.begin(), p.end(), e.offset);
  return p;
}

std::string ValueText(const Vector& v, int64_t i) {
  std::string s;
  columnar::AppendValueText(v, i, &s, "NULL");
  return s;
}

// Runs `row(i)` for each valid row; the other rows become harmless NULLs.
template <typename F>
Status ForValidRows(const KernelContext& ctx, F&& row) {
  for (int64_t i = 0; i < ctx.n; ++i) {
    if (!Valid(*ctx.out, i)) {
      FLOE_RETURN_NOT_OK(SetNullValue(ctx.out, i));
      continue;
    }
    FLOE_RETURN_NOT_OK(row(i));
  }
  return Status::OK();
}

// Index in arr's element vector of the first element equal to row i of
// `x`, or -1; *saw_null is set when an element is NULL.
int64_t Find(const Vector& arr, int64_t i, const Vector& x, bool* saw_null) {
  const ListEntry e = ListAt(arr, i);
  const Vector& elements = *arr.children()[0];
  for (uint32_t k = 0; k < e.length; ++k) {
    if (elements.IsNull(e.offset + k)) {
      *saw_null = true;
      continue;
    }
    if (ValuesEqual(elements, e.offset + k, x, ArgRow(x, i))) return e.offset + k;
  }
  return -1;
}

// ---- constructors ----

Status ArrayConstructorKernel(const KernelContext& ctx) {
  // ARRAY[NULL, 1] is an array holding a NULL, never NULL itself.
  Vector* out = ctx.out;
  out->ClearValidity();
  Vector* child = out->children()[0].get();
  const int64_t m = static_cast<int64_t>(ctx.args.size());
  const int64_t base = child->size();
  FLOE_RETURN_NOT_OK(child->Reserve(base + ctx.n * m));
  for (int64_t i = 0; i < ctx.n; ++i) {
    for (int64_t k = 0; k < m; ++k) {
      const Vector& a = *ctx.args[static_cast<size_t>(k)];
      const uint32_t r = static_cast<uint32_t>(ArgRow(a, i));
      FLOE_RETURN_NOT_OK(GatherRows(a, &r, 1, child, base + i * m + k));
    }
    out->mutable_list_entries()[i] = {static_cast<uint32_t>(base + i * m),
                                      static_cast<uint32_t>(m)};
  }
  child->set_size(base + ctx.n * m);
  return Status::OK();
}

Status ResolveArrayConstructor(const Args& a, BoundFunction* f) {
  LogicalType element = UnknownType();
  for (const auto& t : a) {
    auto c = CommonSuperType(element, t);
    if (!c) return Status::OK();
    element = *c;
  }
  f->arg_types.assign(a.size(), element);
  f->result_type = LogicalType::List(element);
  f->kernel = ArrayConstructorKernel;
  return Status::OK();
}

Status RowConstructorKernel(const KernelContext& ctx) {
  Vector* out = ctx.out;
  out->ClearValidity();
  std::vector<uint32_t> rows(static_cast<size_t>(ctx.n));
  for (size_t k = 0; k < ctx.args.size(); ++k) {
    const Vector& a = *ctx.args[k];
    for (int64_t i = 0; i < ctx.n; ++i) rows[static_cast<size_t>(i)] = ArgRow(a, i);
    FLOE_RETURN_NOT_OK(GatherRows(a, rows.data(), ctx.n, out->children()[k].get(), 0));
  }
  return Status::OK();
}

Status ResolveRowConstructor(const Args& a, BoundFunction* f) {
  std::vector<columnar::StructField> fields;
  for (size_t k = 0; k < a.size(); ++k) {
    // A NULL field is typed unknown in Trino too; floe stores it as boolean.
    fields.push_back({StrCat("field", k), IsUnknown(a[k]) ? LogicalType::Boolean() : a[k]});
  }
  f->arg_types.clear();
  for (const auto& fl : fields) f->arg_types.push_back(fl.type);
  f->result_type = LogicalType::Struct(std::move(fields));
  f->kernel = RowConstructorKernel;
  return Status::OK();
}

// ---- field access and subscripts ----

Status FieldKernel(const KernelContext& ctx) {
  const Vector& row = *ctx.args[0];
  const int32_t field = ctx.args[1]->data<int32_t>()[0];
  const Vector& child = *row.children()[static_cast<size_t>(field)];
  return ForValidRows(ctx, [&](int64_t i) {
    if (row.IsNull(ArgRow(row, i))) return SetNullValue(ctx.out, i);
    const uint32_t r = static_cast<uint32_t>(ArgRow(row, i));
    return GatherRows(child, &r, 1, ctx.out, i);
  });
}

// a[i] (kElementAt false) and element_at(a, i) (true: NULL out of range,
// negative indexes count from the end).
template <bool kElementAt>
Status ArraySubscriptKernel(const KernelContext& ctx) {
  const Vector& arr = *ctx.args[0];
  const Vector& index = *ctx.args[1];
  return ForValidRows(ctx, [&](int64_t i) -> Status {
    const ListEntry e = ListAt(arr, i);
    int64_t k = index.data<int64_t>()[ArgRow(index, i)];
    if (k == 0) return Status::Invalid("SQL array indices start at 1");
    if (k < 0) {
      if (!kElementAt) return Status::Invalid("Array subscript is negative: ", k);
      k = static_cast<int64_t>(e.length) + k + 1;
      if (k <= 0) return SetNullValue(ctx.out, i);
    }
    if (k > static_cast<int64_t>(e.length)) {
      if (kElementAt) return SetNullValue(ctx.out, i);
      return Status::Invalid("Array subscript must be less than or equal to array length: ", k,
                             " > ", e.length);
    }
    const uint32_t r = e.offset + static_cast<uint32_t>(k - 1);
    return GatherRows(*arr.children()[0], &r, 1, ctx.out, i);
  });
}

// m[k] (kElementAt false: a missing key is an error) and element_at(m, k).
template <bool kElementAt>
Status MapSubscriptKernel(const KernelContext& ctx) {
  const Vector& map = *ctx.args[0];
  const Vector& key = *ctx.args[1];
  return ForValidRows(ctx, [&](int64_t i) -> Status {
    const ListEntry e = ListAt(map, i);
    const Vector& keys = *map.children()[0];
    for (uint32_t k = 0; k < e.length; ++k) {
      if (ValuesEqual(keys, e.offset + k, key, ArgRow(key, i))) {
        const uint32_t r = e.offset + k;
        return GatherRows(*map.children()[1], &r, 1, ctx.out, i);
      }
    }
    if (kElementAt) return SetNullValue(ctx.out, i);
    return Status::Invalid("Key not present in map: ", ValueText(key, ArgRow(key, i)));
  });
}

template <bool kElementAt>
Status ResolveSubscript(const Args& a, BoundFunction* f) {
  if (a.size() != 2) return Status::OK();
  if (IsList(a[0]) && (IsIntegral(a[1]) || IsUnknown(a[1]))) {
    f->arg_types = {a[0], LogicalType::BigInt()};
    f->result_type = a[0].element();
    f->kernel = ArraySubscriptKernel<kElementAt>;
  } else if (IsMap(a[0]) && CanCoerce(a[1], a[0].key())) {
    f->arg_types = {a[0], a[0].key()};
    f->result_type = a[0].value();
    f->kernel = MapSubscriptKernel<kElementAt>;
  }
  return Status::OK();
}

// ---- array functions ----

Status CardinalityKernel(const KernelContext& ctx) {
  const Vector& arr = *ctx.args[0];
  int64_t* out = ctx.out->mutable_data<int64_t>();
  for (int64_t i = 0; i < ctx.n; ++i) out[i] = Valid(*ctx.out, i) ? ListAt(arr, i).length : 0;
  return Status::OK();
}

Status ResolveCardinality(const Args& a, BoundFunction* f) {
  if (a.size() != 1 || !(IsList(a[0]) || IsMap(a[0]))) return Status::OK();
  f->arg_types = a;
  f->result_type = LogicalType::BigInt();
  f->kernel = CardinalityKernel;
  return Status::OK();
}

// contains(a, x): NULL when x is not found but a holds a NULL (Trino).
Status ContainsKernel(const KernelContext& ctx) {
  uint8_t* out = ctx.out->mutable_data<uint8_t>();
  for (int64_t i = 0; i < ctx.n; ++i) {
    out[i] = 0;
    if (!Valid(*ctx.out, i)) continue;
    bool saw_null = false;
    out[i] = Find(*ctx.args[0], i, *ctx.args[1], &saw_null) >= 0 ? 1 : 0;
    if (out[i] == 0 && saw_null) {
      FLOE_RETURN_NOT_OK(ctx.out->EnsureValidity());
      ctx.out->SetNull(i);
    }
  }
  return Status::OK();
}

Status ArrayPositionKernel(const KernelContext& ctx) {
  int64_t* out = ctx.out->mutable_data<int64_t>();
  for (int64_t i = 0; i < ctx.n; ++i) {
    out[i] = 0;
    if (!Valid(*ctx.out, i)) continue;
    bool saw_null = false;
    const int64_t at = Find(*ctx.args[0], i, *ctx.args[1], &saw_null);
    if (at >= 0) out[i] = at - ListAt(*ctx.args[0], i).offset + 1;
  }
  return Status::OK();
}

// (array(T), T) functions: the element argument coerced to a common type.
template <ScalarKernel kKernel, TypeId kResult>
Status ResolveArrayElement(const Args& a, BoundFunction* f) {
  if (a.size() != 2 || !IsList(a[0])) return Status::OK();
  auto common = CommonSuperType(a[0].element(), a[1]);
  if (!common) return Status::OK();
  if (IsUnknown(*common)) common = LogicalType::Boolean();
  f->arg_types = {LogicalType::List(*common), *common};
  f->result_type = LogicalType(kResult);
  f->kernel = kKernel;
  return Status::OK();
}

Status ArrayDistinctKernel(const KernelContext& ctx) {
  const Vector& arr = *ctx.args[0];
  const Vector& elements = *arr.children()[0];
  std::vector<uint32_t> kept;
  std::vector<uint64_t> hashes;
  return ForValidRows(ctx, [&](int64_t i) {
    const ListEntry e = ListAt(arr, i);
    std::vector<uint32_t> all = Positions(e);
    hashes.resize(all.size());
    HashRows(elements, all.data(), static_cast<int64_t>(all.size()), hashes.data(), false);
    kept.clear();
    std::vector<uint64_t> kept_hashes;
    for (size_t k = 0; k < all.size(); ++k) {
      bool seen = false;
      for (size_t j = 0; j < kept.size() && !seen; ++j) {
        seen = kept_hashes[j] == hashes[k] && ValuesEqual(elements, kept[j], elements, all[k]);
      }
      if (seen) continue;
      kept.push_back(all[k]);
      kept_hashes.push_back(hashes[k]);
    }
    return SetArrayRow(ctx.out, i, elements, kept.data(), static_cast<int64_t>(kept.size()));
  });
}

Status ArraySortKernel(const KernelContext& ctx) {
  const Vector& arr = *ctx.args[0];
  const Vector& elements = *arr.children()[0];
  return ForValidRows(ctx, [&](int64_t i) {
    std::vector<uint32_t> p = Positions(ListAt(arr, i));
    // CompareValues puts NULLs last, as array_sort does.
    std::stable_sort(p.begin(), p.end(), [&](uint32_t x, uint32_t y) {
      return CompareValues(elements, x, elements, y) < 0;
    });
    return SetArrayRow(ctx.out, i, elements, p.data(), static_cast<int64_t>(p.size()));
  });
}

// array_max / array_min: NULL for an empty array or one holding a NULL.
template <int kSign>
Status ArrayExtremeKernel(const KernelContext& ctx) {
  const Vector& arr = *ctx.args[0];
  const Vector& elements = *arr.children()[0];
  return ForValidRows(ctx, [&](int64_t i) -> Status {
    const ListEntry e = ListAt(arr, i);
    int64_t best = -1;
    for (uint32_t k = 0; k < e.length; ++k) {
      if (elements.IsNull(e.offset + k)) return SetNullValue(ctx.out, i);
      if (best < 0 || CompareValues(elements, e.offset + k, elements, best) * kSign > 0)
        best = e.offset + k;
    }
    if (best < 0) return SetNullValue(ctx.out, i);
    const uint32_t r = static_cast<uint32_t>(best);
    return GatherRows(elements, &r, 1, ctx.out, i);
  });
}

template <ScalarKernel kKernel, bool kReturnsElement, bool kOrderable>
Status ResolveArrayUnary(const Args& a, BoundFunction* f) {
  if (a.size() != 1 || !IsList(a[0])) return Status::OK();
  if (kOrderable && !IsOrderable(a[0].element())) return Status::OK();
  f->arg_types = a;
  f->result_type = kReturnsElement ? a[0].element() : a[0];
  f->kernel = kKernel;
  return Status::OK();
}

Status ArrayJoinKernel(const KernelContext& ctx) {
  const Vector& arr = *ctx.args[0];
  const Vector& elements = *arr.children()[0];
  const Vector& delimiter = *ctx.args[1];
  const Vector* replacement = ctx.args.size() > 2 ? ctx.args[2] : nullptr;
  std::string s;
  for (int64_t i = 0; i < ctx.n; ++i) {
    if (!Valid(*ctx.out, i)) {
      ctx.out->mutable_data<columnar::StringView>()[i] = columnar::StringView();
      continue;
    }
    s.clear();
    const ListEntry e = ListAt(arr, i);
    bool first = true;
    for (uint32_t k = 0; k < e.length; ++k) {
      const bool null = elements.IsNull(e.offset + k);
      if (null && replacement == nullptr) continue;
      if (!first) s.append(delimiter.GetString(ArgRow(delimiter, i)));
      first = false;
      if (null) {
        s.append(replacement->GetString(ArgRow(*replacement, i)));
      } else {
        columnar::AppendValueText(elements, e.offset + k, &s);
      }
    }
    FLOE_RETURN_NOT_OK(ctx.out->SetString(i, s));
  }
  return Status::OK();
}

Status ResolveArrayJoin(const Args& a, BoundFunction* f) {
  if (a.size() < 2 || a.size() > 3 || !IsList(a[0]) || a[0].element().is_nested()) {
    return Status::OK();
  }
  for (size_t k = 1; k < a.size(); ++k) {
    if (!CanCoerce(a[k], LogicalType::Varchar())) return Status::OK();
  }
  f->arg_types = {a[0], LogicalType::Varchar()};
  if (a.size() == 3) f->arg_types.push_back(LogicalType::Varchar());
  f->result_type = LogicalType::Varchar();
  f->kernel = ArrayJoinKernel;
  return Status::OK();
}

// concat(array, ...), concat(element, array), concat(array, element).
Status ArrayConcatKernel(const KernelContext& ctx) {
  const LogicalType& element = ctx.out->type().element();
  return ForValidRows(ctx, [&](int64_t i) -> Status {
    Vector* child = ctx.out->children()[0].get();
    const int64_t base = child->size();
    for (const Vector* a : ctx.args) {
      const int64_t at = child->size();
      if (a->type() == element) {
        const uint32_t r = static_cast<uint32_t>(ArgRow(*a, i));
        FLOE_RETURN_NOT_OK(GatherRows(*a, &r, 1, child, at));
        child->set_size(at + 1);
        continue;
      }
      std::vector<uint32_t> p = Positions(ListAt(*a, i));
      FLOE_RETURN_NOT_OK(
          GatherRows(*a->children()[0], p.data(), static_cast<int64_t>(p.size()), child, at));
      child->set_size(at + static_cast<int64_t>(p.size()));
    }
    ctx.out->mutable_list_entries()[i] = {static_cast<uint32_t>(base),
                                          static_cast<uint32_t>(child->size() - base)};
    return Status::OK();
  });
}

Status ResolveConcat(const Args& a, BoundFunction* f) {
  bool any_list = false;
  for (const auto& t : a) any_list |= IsList(t);
  if (!any_list || a.size() < 2) return Status::OK();
  LogicalType element = UnknownType();
  int elements = 0;
  for (const auto& t : a) {
    std::optional<LogicalType> c;
    if (IsList(t)) {
      c = CommonSuperType(element, t.element());
    } else {
      ++elements;
      c = CommonSuperType(element, t);
    }
    if (!c) return Status::OK();
    element = *c;
  }
  // One element at most, next to one array (Trino's array || element).
  if (elements > 0 && (a.size() != 2 || elements != 1)) return Status::OK();
  if (IsUnknown(element)) element = LogicalType::Boolean();
  f->arg_types.clear();
  for (const auto& t : a) f->arg_types.push_back(IsList(t) ? LogicalType::List(element) : element);
  f->result_type = LogicalType::List(element);
  f->kernel = ArrayConcatKernel;
  return Status::OK();
}

Status FlattenKernel(const KernelContext& ctx) {
  const Vector& arr = *ctx.args[0];
  const Vector& inner = *arr.children()[0];
  return ForValidRows(ctx, [&](int64_t i) {
    const ListEntry e = ListAt(arr, i);
    std::vector<uint32_t> p;
    for (uint32_t k = 0; k < e.length; ++k) {
      if (inner.IsNull(e.offset + k)) continue;
      const ListEntry f = inner.list_entries()[e.offset + k];
      for (uint32_t l = 0; l < f.length; ++l) p.push_back(f.offset + l);
    }
    return SetArrayRow(ctx.out, i, *inner.children()[0], p.data(), static_cast<int64_t>(p.size()));
  });
}

Status ResolveFlatten(const Args& a, BoundFunction* f) {
  if (a.size() != 1 || !IsList(a[0]) || !IsList(a[0].element())) return Status::OK();
  f->arg_types = a;
  f->result_type = a[0].element();
  f->kernel = FlattenKernel;
  return Status::OK();
}

Status SliceKernel(const KernelContext& ctx) {
  const Vector& arr = *ctx.args[0];
  const Vector& start_v = *ctx.args[1];
  const Vector& length_v = *ctx.args[2];
  return ForValidRows(ctx, [&](int64_t i) -> Status {
    const ListEntry e = ListAt(arr, i);
    int64_t start = start_v.data<int64_t>()[ArgRow(start_v, i)];
    const int64_t length = length_v.data<int64_t>()[ArgRow(length_v, i)];
    if (start == 0) return Status::Invalid("SQL array indices start at 1");
    if (length < 0) {
      return Status::Invalid("length must be greater than or equal to 0");
    }
    const int64_t size = e.length;
    if (start < 0) start = size + start + 1;
    std::vector<uint32_t> p;
    if (start >= 1 && start <= size) {
      const int64_t end = std::min(size, start - 1 + length);
      for (int64_t k = start - 1; k < end; ++k) p.push_back(e.offset + static_cast<uint32_t>(k));
    }
    return SetArrayRow(ctx.out, i, *arr.children()[0], p.data(), static_cast<int64_t>(p.size()));
  });
}

Status ResolveSlice(const Args& a, BoundFunction* f) {
  if (a.size() != 3 || !IsList(a[0]) || !CanCoerce(a[1], LogicalType::BigInt()) ||
      !CanCoerce(a[2], LogicalType::BigInt())) {
    return Status::OK();
  }
  f->arg_types = {a[0], LogicalType::BigInt(), LogicalType::BigInt()};
  f->result_type = a[0];
  f->kernel = SliceKernel;
  return Status::OK();
}

// sequence(start, stop[, step]) over bigints, or dates with a step in days
// (interval day to second) or months (interval year to month).
constexpr int64_t kMaxSequence = 10000;

Status SequenceKernel(const KernelContext& ctx) {
  const bool dates = ctx.args[0]->type().id() == TypeId::kDate;
  const bool months = ctx.args.size() > 2 && ctx.args[2]->type().id() == TypeId::kIntervalYearMonth;
  std::vector<int64_t> values;
  auto at = [&](const Vector& v, int64_t i) -> int64_t {
    const int64_t r = ArgRow(v, i);
    switch (v.type().id()) {
      case TypeId::kDate:
      case TypeId::kIntervalYearMonth:
        return v.data<int32_t>()[r];
      default:
        return v.data<int64_t>()[r];
    }
  };
  return ForValidRows(ctx, [&](int64_t i) -> Status {
    const int64_t start = at(*ctx.args[0], i), stop = at(*ctx.args[1], i);
    int64_t step = start <= stop ? 1 : -1;
    if (ctx.args.size() > 2) {
      step = at(*ctx.args[2], i);
      if (dates && !months) {
        if (step % kMicrosPerDay != 0) {
          return Status::Invalid(
              "sequence step must be a day interval if start and end values are dates");
        }
        step /= kMicrosPerDay;
      }
    }
    if (step == 0) return Status::Invalid("step must not be zero");
    if ((step > 0 && stop < start) || (step < 0 && stop > start)) {
      return Status::Invalid(
          "sequence stop value should be greater than or equal to start value if step is greater "
          "than zero otherwise stop should be less than or equal to start");
    }
    values.clear();
    if (months) {
      const CivilDate s = CivilFromDays(start);
      for (int64_t k = 0;; ++k) {
        const int64_t total = s.year * 12 + (s.month - 1) + k * step;
        const int64_t year = total >= 0 ? total / 12 : (total - 11) / 12;
        const int month = static_cast<int>(total - year * 12) + 1;
        const int64_t first = DaysFromCivil(year, month, 1);
        const int64_t last_day =
            DaysFromCivil(month == 12 ? year + 1 : year, month == 12 ? 1 : month + 1, 1) - first;
        const int64_t d = first + std::min<int64_t>(s.day, last_day) - 1;
        if ((step > 0 && d > stop) || (step < 0 && d < stop)) break;
        values.push_back(d);
        if (static_cast<int64_t>(values.size()) > kMaxSequence) break;
      }
    } else {
      const int64_t count = (stop - start) / step + 1;
      if (count > kMaxSequence) {
        return Status::Invalid("result of sequence function must not have more than 10000 entries");
      }
      for (int64_t k = 0; k < count; ++k) values.push_back(start + k * step);
    }
    if (static_cast<int64_t>(values.size()) > kMaxSequence) {
      return Status::Invalid("result of sequence function must not have more than 10000 entries");
    }
    Vector* child = ctx.out->children()[0].get();
    const int64_t base = child->size();
    const int64_t count = static_cast<int64_t>(values.size());
    FLOE_RETURN_NOT_OK(child->Reserve(base + count));
    for (int64_t k = 0; k < count; ++k) {
      if (dates) {
        child->mutable_data<int32_t>()[base + k] =
            static_cast<int32_t>(values[static_cast<size_t>(k)]);
      } else {
        child->mutable_data<int64_t>()[base + k] = values[static_cast<size_t>(k)];
      }
      child->SetValid(base + k);
    }
    child->set_size(base + count);
    ctx.out->mutable_list_entries()[i] = {static_cast<uint32_t>(base),
                                          static_cast<uint32_t>(count)};
    return Status::OK();
  });
}

Status ResolveSequence(const Args& a, BoundFunction* f) {
  if (a.size() < 2 || a.size() > 3) return Status::OK();
  if (a[0].id() == TypeId::kDate && a[1].id() == TypeId::kDate) {
    f->arg_types = {a[0], a[1]};
    if (a.size() == 3) {
      if (a[2].id() != TypeId::kIntervalDayTime && a[2].id() != TypeId::kIntervalYearMonth)
        return Status::OK();
      f->arg_types.push_back(a[2]);
    }
    f->result_type = LogicalType::List(LogicalType::Date());
    f->kernel = SequenceKernel;
    return Status::OK();
  }
  for (const auto& t : a) {
    if (!CanCoerce(t, LogicalType::BigInt())) return Status::OK();
  }
  f->arg_types.assign(a.size(), LogicalType::BigInt());
  f->result_type = LogicalType::List(LogicalType::BigInt());
  f->kernel = SequenceKernel;
  return Status::OK();
}

// split(string, delimiter[, limit]): at most limit pieces, the last one
// holding the rest.
Status SplitKernel(const KernelContext& ctx) {
  const Vector& str = *ctx.args[0];
  const Vector& delim = *ctx.args[1];
  const Vector* limit_v = ctx.args.size() > 2 ? ctx.args[2] : nullptr;
  return ForValidRows(ctx, [&](int64_t i) -> Status {
    std::string_view s = str.GetString(ArgRow(str, i));
    std::string_view d = delim.GetString(ArgRow(delim, i));
    if (d.empty()) return Status::Invalid("The delimiter may not be the empty string");
    int64_t limit = INT64_MAX;
    if (limit_v != nullptr) {
      limit = limit_v->data<int64_t>()[ArgRow(*limit_v, i)];
      if (limit <= 0) return Status::Invalid("Limit must be positive");
    }
    Vector* child = ctx.out->children()[0].get();
    const int64_t base = child->size();
    int64_t count = 0;
    size_t pos = 0;
    while (true) {
      size_t next = count + 1 < limit ? s.find(d, pos) : std::string_view::npos;
      std::string_view piece = s.substr(pos, next == std::string_view::npos ? s.npos : next - pos);
      FLOE_RETURN_NOT_OK(child->Reserve(base + count + 1));
      FLOE_RETURN_NOT_OK(child->SetString(base + count, piece));
      child->SetValid(base + count);
      ++count;
      if (next == std::string_view::npos) break;
      pos = next + d.size();
    }
    child->set_size(base + count);
    ctx.out->mutable_list_entries()[i] = {static_cast<uint32_t>(base),
                                          static_cast<uint32_t>(count)};
    return Status::OK();
  });
}

Status ResolveSplit(const Args& a, BoundFunction* f) {
  if (a.size() < 2 || a.size() > 3) return Status::OK();
  if (!CanCoerce(a[0], LogicalType::Varchar()) || !CanCoerce(a[1], LogicalType::Varchar()))
    return Status::OK();
  if (a.size() == 3 && !CanCoerce(a[2], LogicalType::BigInt())) return Status::OK();
  f->arg_types = {LogicalType::Varchar(), LogicalType::Varchar()};
  if (a.size() == 3) f->arg_types.push_back(LogicalType::BigInt());
  f->result_type = LogicalType::List(LogicalType::Varchar());
  f->kernel = SplitKernel;
  return Status::OK();
}

// ---- maps ----

Status MapFromArraysKernel(const KernelContext& ctx) {
  Vector* out = ctx.out;
  if (ctx.args.empty()) {
    for (int64_t i = 0; i < ctx.n; ++i) out->mutable_list_entries()[i] = {0, 0};
    return Status::OK();
  }
  const Vector& keys = *ctx.args[0];
  const Vector& values = *ctx.args[1];
  return ForValidRows(ctx, [&](int64_t i) -> Status {
    const ListEntry k = ListAt(keys, i), v = ListAt(values, i);
    if (k.length != v.length)
      return Status::Invalid("Key and value arrays must be the same length");
    const Vector& key_elements = *keys.children()[0];
    for (uint32_t a = 0; a < k.length; ++a) {
      if (key_elements.IsNull(k.offset + a)) return Status::Invalid("map key cannot be null");
      for (uint32_t b = 0; b < a; ++b) {
        if (ValuesEqual(key_elements, k.offset + a, key_elements, k.offset + b)) {
          return Status::Invalid("Duplicate map keys (", ValueText(key_elements, k.offset + a),
                                 ") are not allowed");
        }
      }
    }
    std::vector<uint32_t> kp = Positions(k), vp = Positions(v);
    Vector* out_keys = out->children()[0].get();
    Vector* out_values = out->children()[1].get();
    const int64_t base = out_keys->size();
    FLOE_RETURN_NOT_OK(GatherRows(key_elements, kp.data(), k.length, out_keys, base));
    FLOE_RETURN_NOT_OK(GatherRows(*values.children()[0], vp.data(), v.length, out_values, base));
    out_keys->set_size(base + k.length);
    out_values->set_size(base + k.length);
    out->mutable_list_entries()[i] = {static_cast<uint32_t>(base), k.length};
    return Status::OK();
  });
}

Status ResolveMap(const Args& a, BoundFunction* f) {
  if (a.empty()) {
    f->arg_types = {};
    f->result_type = LogicalType::Map(UnknownType(), UnknownType());
    f->kernel = MapFromArraysKernel;
    return Status::OK();
  }
  if (a.size() != 2 || !IsList(a[0]) || !IsList(a[1])) return Status::OK();
  f->arg_types = a;
  f->result_type = LogicalType::Map(a[0].element(), a[1].element());
  f->kernel = MapFromArraysKernel;
  return Status::OK();
}

template <int kChild>
Status MapPartKernel(const KernelContext& ctx) {
  const Vector& map = *ctx.args[0];
  return ForValidRows(ctx, [&](int64_t i) {
    std::vector<uint32_t> p = Positions(ListAt(map, i));
    return SetArrayRow(ctx.out, i, *map.children()[kChild], p.data(),
                       static_cast<int64_t>(p.size()));
  });
}

template <int kChild>
Status ResolveMapPart(const Args& a, BoundFunction* f) {
  if (a.size() != 1 || !IsMap(a[0])) return Status::OK();
  f->arg_types = a;
  f->result_type = LogicalType::List(kChild == 0 ? a[0].key() : a[0].value());
  f->kernel = MapPartKernel<kChild>;
  return Status::OK();
}

// ---- comparisons ----

template <int kOp>  // 0 =, 1 <>, 2 <, 3 <=, 4 >, 5 >=
Status NestedCompareKernel(const KernelContext& ctx) {
  const Vector& a = *ctx.args[0];
  const Vector& b = *ctx.args[1];
  uint8_t* out = ctx.out->mutable_data<uint8_t>();
  for (int64_t i = 0; i < ctx.n; ++i) {
    out[i] = 0;
    if (!Valid(*ctx.out, i)) continue;
    const int64_t x = ArgRow(a, i), y = ArgRow(b, i);
    if constexpr (kOp <= 1) {
      out[i] = ValuesEqual(a, x, b, y) == (kOp == 0) ? 1 : 0;
    } else {
      const int c = CompareValues(a, x, b, y);
      out[i] = (kOp == 2 ? c < 0 : kOp == 3 ? c <= 0 : kOp == 4 ? c > 0 : c >= 0) ? 1 : 0;
    }
  }
  return Status::OK();
}

// ---- casts ----

Status CannotCast(const LogicalType& from, const LogicalType& to) {
  return Status::Invalid("Cannot cast ", TypeName(from), " to ", TypeName(to));
}

}  // namespace

void ResolveNestedComparison(std::string_view op, const LogicalType& type, BoundFunction* out) {
  const bool equality = op == "=" || op == "<>";
  if (!equality && !IsOrderable(type)) return;
  out->arg_types = {type, type};
  out->result_type = LogicalType::Boolean();
  if (op == "=") out->kernel = NestedCompareKernel<0>;
  if (op == "<>") out->kernel = NestedCompareKernel<1>;
  if (op == "<") out->kernel = NestedCompareKernel<2>;
  if (op == "<=") out->kernel = NestedCompareKernel<3>;
  if (op == ">") out->kernel = NestedCompareKernel<4>;
  if (op == ">=") out->kernel = NestedCompareKernel<5>;
}

BoundFunction FieldAccessFunction(const LogicalType& row, int field) {
  BoundFunction f;
  f.name = "$field";
  f.arg_types = {row, LogicalType::Integer()};
  f.result_type = row.fields()[static_cast<size_t>(field)].type;
  f.kernel = FieldKernel;
  return f;
}

Result<VectorPtr> CastNested(const Vector& input, int64_t n, const LogicalType& to,
                             MemoryPool* pool, const uint8_t* live, bool try_cast) {
  const LogicalType& from = input.type();
  const bool constant = input.kind() == VectorKind::kConstant;
  const int64_t rows = constant ? 1 : n;
  if (constant) live = nullptr;
  if (!IsUnknown(from) && from.id() != to.id()) return CannotCast(from, to);
  if (from.id() == TypeId::kStruct && from.fields().size() != to.fields().size())
    return CannotCast(from, to);
  FLOE_ASSIGN_OR_RETURN(VectorPtr out, Vector::Make(to, pool, std::max<int64_t>(rows, 1)));
  out->set_size(rows);
  // The rows converted: valid and live.
  FLOE_ASSIGN_OR_RETURN(auto mask_buf, Buffer::Make(pool, bit_util::BytesForBits(rows) + 1));
  uint8_t* mask = mask_buf->mutable_data();
  std::memset(mask, 0, static_cast<size_t>(bit_util::BytesForBits(rows) + 1));
  bool all = true;
  for (int64_t i = 0; i < rows; ++i) {
    const bool take =
        !IsUnknown(from) && input.IsValid(i) && (live == nullptr || bit_util::GetBit(live, i));
    if (take) {
      bit_util::SetBit(mask, i);
    } else {
      all = false;
      FLOE_RETURN_NOT_OK(SetNullValue(out.get(), i));
    }
  }
  if (IsUnknown(from)) {
    if (constant) out->MakeConstant(n);
    return out;
  }
  if (to.id() == TypeId::kStruct) {
    // Fields row-aligned: a flat copy first (NULL rows get harmless fields).
    FLOE_ASSIGN_OR_RETURN(VectorPtr flat, Vector::Make(from, pool, std::max<int64_t>(rows, 1)));
    FLOE_RETURN_NOT_OK(GatherRows(input, nullptr, rows, flat.get(), 0));
    for (size_t k = 0; k < to.fields().size(); ++k) {
      FLOE_ASSIGN_OR_RETURN(VectorPtr field,
                            CastVector(*flat->children()[k], rows, to.fields()[k].type, pool,
                                       all ? nullptr : mask, try_cast));
      FLOE_ASSIGN_OR_RETURN(field, FlatVector(field, rows, pool));
      out->children()[k] = std::move(field);
    }
  } else {
    // Arrays and maps: the elements of the converted rows, compacted, cast at once.
    std::vector<uint32_t> elements;
    for (int64_t i = 0; i < rows; ++i) {
      if (!bit_util::GetBit(mask, i)) continue;
      const ListEntry e = ListAt(input, i);
      out->mutable_list_entries()[i] = {static_cast<uint32_t>(elements.size()), e.length};
      for (uint32_t k = 0; k < e.length; ++k) elements.push_back(e.offset + k);
    }
    const int64_t count = static_cast<int64_t>(elements.size());
    std::vector<LogicalType> child_types = to.id() == TypeId::kList
                                               ? std::vector<LogicalType>{to.element()}
                                               : std::vector<LogicalType>{to.key(), to.value()};
    for (size_t c = 0; c < child_types.size(); ++c) {
      const Vector& src = *input.children()[c];
      FLOE_ASSIGN_OR_RETURN(VectorPtr compact,
                            Vector::Make(src.type(), pool, std::max<int64_t>(count, 1)));
      FLOE_RETURN_NOT_OK(GatherRows(src, elements.data(), count, compact.get(), 0));
      compact->set_size(count);
      FLOE_ASSIGN_OR_RETURN(VectorPtr cast,
                            CastVector(*compact, count, child_types[c], pool, nullptr, try_cast));
      FLOE_ASSIGN_OR_RETURN(cast, FlatVector(cast, count, pool));
      cast->set_size(count);
      out->children()[c] = std::move(cast);
    }
    // NULL rows point at no elements of the new element vector.
    for (int64_t i = 0; i < rows; ++i) {
      if (!bit_util::GetBit(mask, i)) out->mutable_list_entries()[i] = {0, 0};
    }
  }
  if (constant) out->MakeConstant(n);
  return out;
}

std::span<const FunctionEntry> NestedFunctions() {
  static const FunctionEntry kFunctions[] = {
      {"$array", ResolveArrayConstructor, "ARRAY[T, ...]"},
      {"$row", ResolveRowConstructor, "ROW(T, ...)"},
      {"subscript", ResolveSubscript<false>, "array(T)[bigint], map(K,V)[K]"},
      {"element_at", ResolveSubscript<true>,
       "element_at(array(E), bigint), element_at(map(K,V), K)"},
      {"cardinality", ResolveCardinality, "cardinality(array(E)), cardinality(map(K,V))"},
      {"contains", ResolveArrayElement<ContainsKernel, TypeId::kBoolean>, "contains(array(T), T)"},
      {"array_position", ResolveArrayElement<ArrayPositionKernel, TypeId::kBigInt>,
       "array_position(array(T), T)"},
      {"array_distinct", ResolveArrayUnary<ArrayDistinctKernel, false, false>,
       "array_distinct(array(E))"},
      {"array_sort", ResolveArrayUnary<ArraySortKernel, false, true>, "array_sort(array(E))"},
      {"array_max", ResolveArrayUnary<ArrayExtremeKernel<1>, true, true>, "array_max(array(T))"},
      {"array_min", ResolveArrayUnary<ArrayExtremeKernel<-1>, true, true>, "array_min(array(T))"},
      {"array_join", ResolveArrayJoin,
       "array_join(array(T), varchar), array_join(array(T), varchar, varchar)"},
      {"concat", ResolveConcat, "concat(array(E), ...), concat(E, array(E)), concat(array(E), E)"},
      {"flatten", ResolveFlatten, "flatten(array(array(T)))"},
      {"slice", ResolveSlice, "slice(array(E), bigint, bigint)"},
      {"sequence", ResolveSequence,
       "sequence(bigint, bigint), sequence(bigint, bigint, bigint), sequence(date, date), "
       "sequence(date, date, interval)"},
      {"split", ResolveSplit, "split(varchar, varchar), split(varchar, varchar, bigint)"},
      {"map", ResolveMap, "map(), map(array(K), array(V))"},
      {"map_keys", ResolveMapPart<0>, "map_keys(map(K,V))"},
      {"map_values", ResolveMapPart<1>, "map_values(map(K,V))"},
  };
  return kFunctions;
}

}  // namespace floe::sql::functions
