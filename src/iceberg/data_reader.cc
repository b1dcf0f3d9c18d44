#include "iceberg/data_reader.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>

#include "common/bit_util.h"
#include "common/int128.h"
#include "formats/parquet/file_reader.h"
#include "iceberg/name_mapping.h"
#include "iceberg/schema.h"
#include "iceberg/table_metadata.h"
#include "iceberg/table_scan.h"
#include "io/file_io.h"

namespace floe::iceberg {

namespace pq = formats::parquet;
using columnar::LogicalType;
using columnar::PhysicalType;
using columnar::StringView;
using columnar::Vector;
using columnar::VectorKind;
using CType = columnar::TypeId;

Result<TypePtr> IcebergTypeOf(const LogicalType& t, int32_t* next_id) {
  switch (t.id()) {
    case CType::kBoolean:
      return Type::Primitive(TypeId::kBoolean);
    case CType::kTinyInt:
    case CType::kSmallInt:
    case CType::kInteger:
      return Type::Primitive(TypeId::kInt);
    case CType::kBigInt:
      return Type::Primitive(TypeId::kLong);
    case CType::kReal:
      return Type::Primitive(TypeId::kFloat);
    case CType::kDouble:
      return Type::Primitive(TypeId::kDouble);
    case CType::kDecimal:
      return Type::Decimal(t.precision(), t.scale());
    case CType::kDate:
      return Type::Primitive(TypeId::kDate);
    case CType::kTime:
      return Type::Primitive(TypeId::kTime);
    case CType::kTimestamp:
      return Type::Primitive(TypeId::kTimestamp);
    case CType::kTimestampTz:
      return Type::Primitive(TypeId::kTimestampTz);
    case CType::kVarchar:
      return Type::Primitive(TypeId::kString);
    case CType::kVarbinary:
      return Type::Primitive(TypeId::kBinary);
    case CType::kUuid:
      return Type::Primitive(TypeId::kUuid);
    case CType::kStruct: {
      std::vector<NestedField> fields;
      for (const auto& f : t.fields()) {
        const int32_t id = (*next_id)++;
        FLOE_ASSIGN_OR_RETURN(TypePtr ft, IcebergTypeOf(f.type, next_id));
        fields.push_back(NestedField::Optional(id, f.name, std::move(ft)));
      }
      return Type::Struct(std::move(fields));
    }
    case CType::kList: {
      const int32_t id = (*next_id)++;
      FLOE_ASSIGN_OR_RETURN(TypePtr element, IcebergTypeOf(t.element(), next_id));
      return Type::List(NestedField::Optional(id, "element", std::move(element)));
    }
    case CType::kMap: {
      const int32_t key_id = (*next_id)++;
      const int32_t value_id = (*next_id)++;
      FLOE_ASSIGN_OR_RETURN(TypePtr key, IcebergTypeOf(t.key(), next_id));
      FLOE_ASSIGN_OR_RETURN(TypePtr value, IcebergTypeOf(t.value(), next_id));
      return Type::Map(NestedField::Required(key_id, "key", std::move(key)),
                       NestedField::Optional(value_id, "value", std::move(value)));
    }
    case CType::kIntervalDayTime:
    case CType::kIntervalYearMonth:
    case CType::kInvalid:
      break;
  }
  return Status::NotSupported("Iceberg tables cannot store ", t.ToString(), " values");
}

Result<LogicalType> ColumnarTypeOf(const Type& t) {
  switch (t.id()) {
    case TypeId::kBoolean:
      return LogicalType::Boolean();
    case TypeId::kInt:
      return LogicalType::Integer();
    case TypeId::kLong:
      return LogicalType::BigInt();
    case TypeId::kFloat:
      return LogicalType::Real();
    case TypeId::kDouble:
      return LogicalType::Double();
    case TypeId::kDecimal:
      if (t.precision() < 1 || t.precision() > 38 || t.scale() < 0 || t.scale() > t.precision()) {
        return Status::NotSupported("type ", t.ToString(),
                                    " is not supported: precision must be 1..38");
      }
      return LogicalType::Decimal(t.precision(), t.scale());
    case TypeId::kDate:
      return LogicalType::Date();
    case TypeId::kTime:
      return LogicalType::Time(6);
    case TypeId::kTimestamp:
      return LogicalType::Timestamp(6);
    case TypeId::kTimestampTz:
      return LogicalType::TimestampTz(6);
    case TypeId::kString:
      return LogicalType::Varchar();
    case TypeId::kUuid:
      return LogicalType::Uuid();
    case TypeId::kFixed:
    case TypeId::kBinary:
      return LogicalType::Varbinary();
    case TypeId::kStruct: {
      std::vector<columnar::StructField> fields;
      for (const NestedField& f : t.fields()) {
        FLOE_ASSIGN_OR_RETURN(LogicalType ft, ColumnarTypeOf(*f.type));
        fields.push_back({f.name, std::move(ft)});
      }
      return LogicalType::Struct(std::move(fields));
    }
    case TypeId::kList: {
      FLOE_ASSIGN_OR_RETURN(LogicalType element, ColumnarTypeOf(*t.fields()[0].type));
      return LogicalType::List(std::move(element));
    }
    case TypeId::kMap: {
      FLOE_ASSIGN_OR_RETURN(LogicalType key, ColumnarTypeOf(*t.fields()[0].type));
      FLOE_ASSIGN_OR_RETURN(LogicalType value, ColumnarTypeOf(*t.fields()[1].type));
      return LogicalType::Map(std::move(key), std::move(value));
    }
    case TypeId::kTimestampNs:
    case TypeId::kTimestampTzNs:
    case TypeId::kVariant:
    case TypeId::kUnknown:
    case TypeId::kGeometry:
    case TypeId::kGeography:
      return Status::NotSupported("the format v3 type ", t.ToString(), " cannot be read yet");
  }
  return Status::Internal("unknown Iceberg type id ", static_cast<int>(t.id()));
}

namespace {

// Bytes held outside vectors (delete sets), counted against a pool.
class Reservation {
 public:
  explicit Reservation(MemoryPool* pool) : pool_(pool) {}
  ~Reservation() {
    if (bytes_ > 0) pool_->Release(bytes_);
  }
  Reservation(const Reservation&) = delete;
  Reservation& operator=(const Reservation&) = delete;
  Status GrowTo(int64_t bytes) {
    if (bytes <= bytes_) return Status::OK();
    FLOE_RETURN_NOT_OK(pool_->Reserve(bytes - bytes_));
    bytes_ = bytes;
    return Status::OK();
  }

 private:
  MemoryPool* pool_;
  int64_t bytes_ = 0;
};

// Whether values of `from` (as a Parquet file holds them) can be read as
// `to`: the spec's type promotions (int -> long, float -> double, decimal
// precision widening, v3 date -> timestamp) plus representations that
// differ only in annotation (timestamp precision or zone flag as written,
// strings without the UTF8 annotation, UUIDs as plain fixed[16]).
bool CanReadAs(const LogicalType& from, const LogicalType& to) {
  if (from == to) return true;
  CType f = from.id();
  switch (to.id()) {
    case CType::kInteger:
      return f == CType::kTinyInt || f == CType::kSmallInt;
    case CType::kBigInt:
      return f == CType::kTinyInt || f == CType::kSmallInt || f == CType::kInteger;
    case CType::kDouble:
      return f == CType::kReal;
    case CType::kDecimal:
      return f == CType::kDecimal && from.scale() == to.scale() &&
             from.precision() <= to.precision();
    case CType::kTimestamp:
    case CType::kTimestampTz:
      return f == CType::kTimestamp || f == CType::kTimestampTz || f == CType::kDate;
    case CType::kTime:
      return f == CType::kTime;
    case CType::kVarchar:
      return f == CType::kVarbinary;
    case CType::kVarbinary:
      return f == CType::kVarchar;
    case CType::kUuid:
      return f == CType::kVarbinary;
    default:
      return false;
  }
}

// How one schema field is read from one file.
struct FieldPlan {
  const NestedField* field = nullptr;
  LogicalType type;                      // what the field reads as
  const pq::SchemaNode* node = nullptr;  // the file's column; null when the file lacks it
  int child_index = -1;                  // struct children: position of `node` in the file struct
  bool identical = false;                // the file's vectors already have `type`
  std::vector<FieldPlan> children;       // struct fields, list element, map key and value
};

std::string ColumnContext(const std::string& path, const NestedField& f) {
  return StrCat(path, ": column '", f.name, "' (field id ", f.id, ")");
}

// The child of a file struct holding field `id`: by field id when the file
// has ids, else through the name mapping's entries for the struct.
const pq::SchemaNode* MatchChild(const std::vector<pq::SchemaNode>& children, int32_t id,
                                 bool use_ids, const std::vector<MappedField>* mapped,
                                 const MappedField** matched, int* index) {
  *matched = nullptr;
  for (size_t i = 0; i < children.size(); ++i) {
    const pq::SchemaNode& c = children[i];
    if (use_ids) {
      if (c.field_id == id) {
        *index = static_cast<int>(i);
        return &c;
      }
    } else if (mapped != nullptr) {
      const MappedField* m = NameMapping::Find(*mapped, c.name);
      if (m != nullptr && m->field_id == id) {
        *matched = m;
        *index = static_cast<int>(i);
        return &c;
      }
    }
  }
  return nullptr;
}

// `mapped`: the name mapping entry `node` was matched by (null when by id).
Status PlanField(const NestedField& f, const pq::SchemaNode* node, bool use_ids,
                 const MappedField* mapped, const std::string& path, FieldPlan* out) {
  out->field = &f;
  auto type = ColumnarTypeOf(*f.type);
  if (!type.ok()) return type.status().WithContext(ColumnContext(path, f));
  out->type = *type;
  out->node = node;
  if (node == nullptr) return Status::OK();
  auto mismatch = [&]() {
    return Status::NotSupported(ColumnContext(path, f), ": the file's ", node->type.ToString(),
                                " values cannot be read as ", f.type->ToString());
  };
  const Type& t = *f.type;
  if (t.is_primitive()) {
    if (node->kind != pq::NodeKind::kPrimitive || !CanReadAs(node->type, out->type)) {
      return mismatch();
    }
    out->identical = node->type == out->type;
    return Status::OK();
  }
  const std::vector<MappedField>* mapped_children = mapped ? &mapped->fields : nullptr;
  bool identical = node->type == out->type;
  switch (t.id()) {
    case TypeId::kStruct: {
      if (node->kind != pq::NodeKind::kStruct) return mismatch();
      for (size_t i = 0; i < t.fields().size(); ++i) {
        const NestedField& cf = t.fields()[i];
        const MappedField* m = nullptr;
        int index = -1;
        const pq::SchemaNode* c =
            MatchChild(node->children, cf.id, use_ids, mapped_children, &m, &index);
        FieldPlan child;
        FLOE_RETURN_NOT_OK(PlanField(cf, c, use_ids, m, path, &child));
        child.child_index = index;
        identical = identical && index == static_cast<int>(i) && child.identical;
        out->children.push_back(std::move(child));
      }
      break;
    }
    case TypeId::kList: {
      if (node->kind != pq::NodeKind::kList) return mismatch();
      const MappedField* m =
          mapped_children ? NameMapping::Find(*mapped_children, "element") : nullptr;
      FieldPlan child;
      FLOE_RETURN_NOT_OK(PlanField(t.fields()[0], &node->children[0], use_ids, m, path, &child));
      identical = identical && child.identical;
      out->children.push_back(std::move(child));
      break;
    }
    case TypeId::kMap: {
      if (node->kind != pq::NodeKind::kMap) return mismatch();
      for (int i = 0; i < 2; ++i) {
        const MappedField* m = mapped_children
                                   ? NameMapping::Find(*mapped_children, i == 0 ? "key" : "value")
                                   : nullptr;
        FieldPlan child;
        FLOE_RETURN_NOT_OK(PlanField(t.fields()[static_cast<size_t>(i)],
                                     &node->children[static_cast<size_t>(i)], use_ids, m, path,
                                     &child));
        identical = identical && child.identical;
        out->children.push_back(std::move(child));
      }
      break;
    }
    default:
      return mismatch();
  }
  out->identical = identical;
  return Status::OK();
}

bool HasFieldIds(const pq::SchemaNode& node) {
  for (const auto& c : node.children) {
    if (c.field_id.has_value() || HasFieldIds(c)) return true;
  }
  return false;
}

// Copies the null bits of rows [0, n). REQUIRES: out->capacity() >= n.
Status CopyValidity(const Vector& src, Vector* out, int64_t n) {
  if (src.validity() == nullptr || n == 0) return Status::OK();
  FLOE_RETURN_NOT_OK(out->EnsureValidity());
  std::memcpy(out->mutable_validity(), src.validity(),
              static_cast<size_t>(bit_util::BytesForBits(n)));
  return Status::OK();
}

Result<std::shared_ptr<Vector>> NullVector(const LogicalType& type, int64_t n, MemoryPool* pool) {
  FLOE_ASSIGN_OR_RETURN(auto v, Vector::Make(type, pool, std::max<int64_t>(n, 1)));
  FLOE_RETURN_NOT_OK(v->EnsureValidity());
  std::memset(v->mutable_validity(), 0, static_cast<size_t>(bit_util::BytesForBits(v->capacity())));
  if (type.id() == CType::kList || type.id() == CType::kMap) {
    std::memset(v->mutable_raw_data(), 0, static_cast<size_t>(n) * sizeof(columnar::ListEntry));
  }
  if (type.id() == CType::kStruct) {
    for (size_t i = 0; i < type.fields().size(); ++i) {
      FLOE_ASSIGN_OR_RETURN(v->children()[i], NullVector(type.fields()[i].type, n, pool));
    }
  }
  v->set_size(n);
  return v;
}

template <typename From, typename To>
void Widen(const Vector& src, Vector* out, int64_t n) {
  const From* in = src.data<From>();
  To* o = out->mutable_data<To>();
  for (int64_t i = 0; i < n; ++i) o[i] = static_cast<To>(in[i]);
}

// Converts a primitive vector to `to`. REQUIRES: CanReadAs(src type, to).
Result<std::shared_ptr<Vector>> ConvertPrimitive(std::shared_ptr<Vector> src, const LogicalType& to,
                                                 int64_t n, MemoryPool* pool,
                                                 const std::string& context) {
  if (src->type() == to) return src;
  if (src->kind() == VectorKind::kConstant) FLOE_RETURN_NOT_OK(src->Flatten());
  FLOE_ASSIGN_OR_RETURN(auto out, Vector::Make(to, pool, std::max<int64_t>(n, 1)));
  FLOE_RETURN_NOT_OK(CopyValidity(*src, out.get(), n));
  if (src->kind() == VectorKind::kDictionary) {
    // Convert the dictionary only; the indices stay as they are.
    const auto& dict = src->dictionary();
    FLOE_ASSIGN_OR_RETURN(auto converted, ConvertPrimitive(dict, to, dict->size(), pool, context));
    std::memcpy(out->mutable_indices(), src->indices(), static_cast<size_t>(n) * 4);
    out->set_size(n);
    FLOE_RETURN_NOT_OK(out->MakeDictionary(std::move(converted)));
    return out;
  }
  PhysicalType from_p = src->type().physical_type();
  PhysicalType to_p = to.physical_type();
  if (from_p == to_p) {
    // Same representation under another annotation: copy the values.
    if (n > 0) {
      std::memcpy(out->mutable_raw_data(), src->raw_data(),
                  static_cast<size_t>(n * to.fixed_width()));
    }
    if (to_p == PhysicalType::kStringView) out->KeepAliveHeapsOf(*src);
    out->set_size(n);
    return out;
  }
  CType from = src->type().id();
  bool done = true;
  switch (to_p) {
    case PhysicalType::kInt32:
      if (from_p == PhysicalType::kInt8) {
        Widen<int8_t, int32_t>(*src, out.get(), n);
      } else if (from_p == PhysicalType::kInt16) {
        Widen<int16_t, int32_t>(*src, out.get(), n);
      } else {
        done = false;
      }
      break;
    case PhysicalType::kInt64:
      if (from == CType::kDate) {
        // v3 date -> timestamp: midnight of the day, in microseconds. Null
        // slots hold arbitrary ints, so the product wraps instead of overflowing.
        const int32_t* in = src->data<int32_t>();
        int64_t* o = out->mutable_data<int64_t>();
        for (int64_t i = 0; i < n; ++i) {
          o[i] = static_cast<int64_t>(static_cast<uint64_t>(static_cast<int64_t>(in[i])) *
                                      86400000000ull);
        }
      } else if (from_p == PhysicalType::kInt8) {
        Widen<int8_t, int64_t>(*src, out.get(), n);
      } else if (from_p == PhysicalType::kInt16) {
        Widen<int16_t, int64_t>(*src, out.get(), n);
      } else if (from_p == PhysicalType::kInt32) {
        Widen<int32_t, int64_t>(*src, out.get(), n);
      } else {
        done = false;
      }
      break;
    case PhysicalType::kDouble:
      if (from_p == PhysicalType::kFloat) {
        Widen<float, double>(*src, out.get(), n);
      } else {
        done = false;
      }
      break;
    case PhysicalType::kInt128:
      if (to.id() == CType::kDecimal && from_p == PhysicalType::kInt64) {
        Widen<int64_t, int128_t>(*src, out.get(), n);
      } else if (to.id() == CType::kDecimal && from_p == PhysicalType::kInt32) {
        Widen<int32_t, int128_t>(*src, out.get(), n);
      } else if (to.id() == CType::kUuid && from_p == PhysicalType::kStringView) {
        const StringView* in = src->data<StringView>();
        int128_t* o = out->mutable_data<int128_t>();
        for (int64_t i = 0; i < n; ++i) {
          if (!src->IsValid(i)) continue;
          if (in[i].size() != 16) {
            return Status::Corruption(context, ": row ", i, ": a UUID must be 16 bytes, not ",
                                      in[i].size());
          }
          // Big-endian bytes in an int128, as the Parquet reader stores UUIDs.
          uint128_t v = 0;
          for (int b = 0; b < 16; ++b) v = (v << 8) | static_cast<uint8_t>(in[i].data()[b]);
          o[i] = static_cast<int128_t>(v);
        }
      } else {
        done = false;
      }
      break;
    default:
      done = false;
      break;
  }
  if (!done) {
    return Status::Internal(context, ": no conversion from ", src->type().ToString(), " to ",
                            to.ToString());
  }
  out->set_size(n);
  return out;
}

// Converts a vector read from the file to the schema's type.
Result<std::shared_ptr<Vector>> Convert(std::shared_ptr<Vector> src, const FieldPlan& plan,
                                        int64_t n, MemoryPool* pool, const std::string& path) {
  if (plan.identical) return src;
  std::string context = ColumnContext(path, *plan.field);
  if (!plan.type.is_nested()) return ConvertPrimitive(std::move(src), plan.type, n, pool, context);
  if (src->kind() != VectorKind::kFlat) {
    return Status::Internal(context, ": nested values came as a non-flat vector");
  }
  FLOE_ASSIGN_OR_RETURN(auto out, Vector::Make(plan.type, pool, std::max<int64_t>(n, 1)));
  FLOE_RETURN_NOT_OK(CopyValidity(*src, out.get(), n));
  switch (plan.type.id()) {
    case CType::kStruct:
      for (size_t i = 0; i < plan.children.size(); ++i) {
        const FieldPlan& child = plan.children[i];
        if (child.node == nullptr) {
          FLOE_ASSIGN_OR_RETURN(out->children()[i], NullVector(child.type, n, pool));
        } else {
          FLOE_ASSIGN_OR_RETURN(out->children()[i],
                                Convert(src->children()[static_cast<size_t>(child.child_index)],
                                        child, n, pool, path));
        }
      }
      break;
    case CType::kList:
    case CType::kMap:
      if (n > 0) {
        std::memcpy(out->mutable_raw_data(), src->raw_data(),
                    static_cast<size_t>(n) * sizeof(columnar::ListEntry));
      }
      for (size_t i = 0; i < plan.children.size(); ++i) {
        const auto& values = src->children()[i];
        FLOE_ASSIGN_OR_RETURN(out->children()[i],
                              Convert(values, plan.children[i], values->size(), pool, path));
      }
      break;
    default:
      return Status::Internal(context, ": unexpected nested type ", plan.type.ToString());
  }
  out->set_size(n);
  return out;
}

// The literal of a v3 initial-default (spec Appendix C single-value JSON)
// for the primitive types whose JSON form is a plain JSON value.
Result<Literal> DefaultLiteral(const NestedField& f, const std::string& path) {
  const json::Value& v = *f.initial_default;
  TypeId t = f.type->id();
  if (v.is_null()) return Literal::Null(t);
  switch (t) {
    case TypeId::kBoolean:
      if (v.is_bool()) return Literal::Int(t, v.AsBool() ? 1 : 0);
      break;
    case TypeId::kInt:
    case TypeId::kLong:
      if (v.is_integer()) return Literal::Int(t, v.AsInt64());
      break;
    case TypeId::kFloat:
    case TypeId::kDouble:
      if (v.is_number()) return Literal::Double(t, v.AsDouble());
      break;
    case TypeId::kString:
      if (v.is_string()) return Literal::Bytes(t, v.AsString());
      break;
    default:
      return Status::NotSupported(ColumnContext(path, f), ": an initial-default of type ",
                                  f.type->ToString(), " cannot be read yet");
  }
  return Status::Invalid(ColumnContext(path, f), ": initial-default ", json::Serialize(v),
                         " is not a ", f.type->ToString());
}

// A constant vector of `n` rows holding `value` (NULL when null).
Result<std::shared_ptr<Vector>> ConstantVector(const LogicalType& type, const Literal& value,
                                               int64_t n, MemoryPool* pool) {
  if (value.is_null) {
    FLOE_ASSIGN_OR_RETURN(auto v, NullVector(type, 1, pool));
    v->MakeConstant(n);
    return v;
  }
  FLOE_ASSIGN_OR_RETURN(auto v, Vector::Make(type, pool, 1));
  switch (type.physical_type()) {
    case PhysicalType::kBool:
      v->mutable_data<uint8_t>()[0] = value.i != 0 ? 1 : 0;
      break;
    case PhysicalType::kInt8:
      v->mutable_data<int8_t>()[0] = static_cast<int8_t>(value.i);
      break;
    case PhysicalType::kInt16:
      v->mutable_data<int16_t>()[0] = static_cast<int16_t>(value.i);
      break;
    case PhysicalType::kInt32:
      v->mutable_data<int32_t>()[0] = static_cast<int32_t>(value.i);
      break;
    case PhysicalType::kInt64:
      v->mutable_data<int64_t>()[0] =
          type.id() == CType::kDecimal ? static_cast<int64_t>(value.i128) : value.i;
      break;
    case PhysicalType::kInt128:
      if (type.id() == CType::kUuid) {
        if (value.s.size() != 16) return Status::Corruption("a UUID value must be 16 bytes");
        uint128_t u = 0;
        for (char c : value.s) u = (u << 8) | static_cast<uint8_t>(c);
        v->mutable_data<int128_t>()[0] = static_cast<int128_t>(u);
      } else {
        v->mutable_data<int128_t>()[0] = value.i128;
      }
      break;
    case PhysicalType::kFloat:
      v->mutable_data<float>()[0] = static_cast<float>(value.d);
      break;
    case PhysicalType::kDouble:
      v->mutable_data<double>()[0] = value.d;
      break;
    case PhysicalType::kStringView:
      FLOE_RETURN_NOT_OK(v->SetString(0, value.s));
      break;
    case PhysicalType::kListEntry:
    case PhysicalType::kNone:
      return Status::NotSupported("a constant value of type ", type.ToString());
  }
  v->set_size(1);
  v->MakeConstant(n);
  return v;
}

// One Parquet file read as a list of schema fields, batch by batch, with
// each batch's position in the file.
class ProjectedFile {
 public:
  // `file` and `spec` (both nullable) give identity partition values for
  // fields the file lacks.
  static Result<std::unique_ptr<ProjectedFile>> Open(
      io::FileIO* io, const std::string& path, const std::vector<const NestedField*>& fields,
      const NameMapping* mapping, const DataFile* file, const PartitionSpec* spec, MemoryPool* pool,
      int64_t batch_size, std::unique_ptr<MetricsEvaluator> row_group_filter = nullptr,
      int first_row_group = 0, int end_row_group = -1) {
    std::unique_ptr<ProjectedFile> p(new ProjectedFile());
    p->row_group_filter_ = std::move(row_group_filter);
    p->pool_ = pool;
    p->batch_size_ = batch_size > 0 ? batch_size : columnar::kDefaultVectorSize;
    FLOE_ASSIGN_OR_RETURN(auto input, io->OpenInput(path));
    pq::ReadOptions options;
    options.pool = pool;
    options.batch_size = p->batch_size_;
    FLOE_ASSIGN_OR_RETURN(
        p->reader_,
        pq::FileReader::Open(std::shared_ptr<io::RandomAccessFile>(std::move(input)), options));
    // Row groups [first, end) only; their rows keep their positions in the
    // file (position deletes count from its first row).
    const int groups = p->reader_->num_row_groups();
    p->end_row_group_ = end_row_group < 0 ? groups : std::min(end_row_group, groups);
    p->first_row_group_ = std::min(std::max(first_row_group, 0), groups);
    p->row_group_ = p->first_row_group_ - 1;
    p->end_row_group_ = std::max(p->end_row_group_, p->first_row_group_);
    for (int g = 0; g <= p->row_group_; ++g)
      p->next_row_ += p->reader_->metadata().row_groups[static_cast<size_t>(g)].num_rows;
    const pq::SchemaNode& root = p->reader_->schema().root();
    // Spec "Column Projection": columns are selected by field id; only a
    // file without any ids is matched through the name mapping.
    bool use_ids = HasFieldIds(root);
    const std::vector<MappedField>* mapped = mapping && !use_ids ? &mapping->fields() : nullptr;
    for (const NestedField* f : fields) {
      ProjectedColumn c;
      const MappedField* m = nullptr;
      int index = -1;
      const pq::SchemaNode* node = MatchChild(root.children, f->id, use_ids, mapped, &m, &index);
      FLOE_RETURN_NOT_OK(PlanField(*f, node, use_ids, m, path, &c.plan));
      if (node != nullptr && node->kind == pq::NodeKind::kPrimitive && node->column_index >= 0) {
        p->stats_columns_.push_back({f->id, f->type.get(), node});
      }
      if (node != nullptr) {
        auto it = std::find(p->file_fields_.begin(), p->file_fields_.end(), index);
        c.chunk_index = static_cast<int>(it - p->file_fields_.begin());
        if (it == p->file_fields_.end()) p->file_fields_.push_back(index);
      } else {
        // A field the file lacks (spec "Column Projection"): the identity
        // partition value, else the initial default, else NULL.
        c.constant = Literal::Null(f->type->id());
        bool from_partition = false;
        if (file != nullptr && spec != nullptr) {
          for (size_t i = 0; i < spec->fields.size() && i < file->partition.size(); ++i) {
            const PartitionField& pf = spec->fields[i];
            if (pf.source_id == f->id && pf.transform.kind() == Transform::kIdentity) {
              c.constant = file->partition[i];
              from_partition = true;
              break;
            }
          }
        }
        if (!from_partition && f->initial_default) {
          FLOE_ASSIGN_OR_RETURN(c.constant, DefaultLiteral(*f, path));
        }
      }
      p->columns_.push_back(std::move(c));
    }
    return p;
  }

  const std::string& path() const { return reader_->path(); }

  // Fills `columns` (one per field) with the next batch; returns its row
  // count, 0 at the end, and sets `*first_row` to its first row's position.
  Result<int64_t> Next(std::vector<std::shared_ptr<Vector>>* columns, int64_t* first_row) {
    FLOE_ASSIGN_OR_RETURN(int64_t n, BeginBatch(first_row));
    columns->resize(columns_.size());
    for (size_t i = 0; i < columns_.size() && n > 0; ++i) {
      FLOE_ASSIGN_OR_RETURN((*columns)[i], Column(i));
    }
    return n;
  }

  // Moves to the next batch: returns its row count, 0 at the end, and sets
  // `*first_row` to its first row's position. Its columns are then read
  // with Column(); the file's columns not asked for are skipped.
  Result<int64_t> BeginBatch(int64_t* first_row) {
    int64_t n = 0;
    while (n == 0) {
      if (!in_row_group_) {
        if (row_group_ + 1 >= end_row_group_) return 0;
        ++row_group_;
        row_group_rows_ = reader_->metadata().row_groups[static_cast<size_t>(row_group_)].num_rows;
        row_group_done_ = 0;
        if (row_group_filter_ != nullptr && !RowGroupMightMatch(row_group_)) {
          // Its rows keep their positions (position deletes count them).
          next_row_ += row_group_rows_;
          ++row_groups_skipped_;
          continue;
        }
        if (!file_fields_.empty()) {
          FLOE_ASSIGN_OR_RETURN(row_group_reader_, reader_->ReadRowGroup(row_group_, file_fields_));
        }
        in_row_group_ = true;
      }
      if (file_fields_.empty()) {
        // No column comes from the file (only constants): rows are counted.
        n = std::min(batch_size_, row_group_rows_ - row_group_done_);
      } else {
        n = row_group_reader_->BeginBatch();
      }
      if (n <= 0) {
        in_row_group_ = false;
        if (row_group_reader_ != nullptr) {
          chunks_fetched_ += row_group_reader_->chunks_fetched();
          pages_ += row_group_reader_->page_counts();
        }
        row_group_reader_.reset();
        n = 0;
      }
      row_group_done_ += n;
    }
    *first_row = next_row_;
    next_row_ += n;
    batch_rows_ = n;
    batch_fields_.assign(file_fields_.size(), nullptr);
    return n;
  }

  // Column i (of the fields given to Open) of the current batch.
  Result<std::shared_ptr<Vector>> Column(size_t i) {
    const ProjectedColumn& c = columns_[i];
    const int64_t n = batch_rows_;
    if (c.chunk_index >= 0) {
      std::shared_ptr<Vector>& raw = batch_fields_[static_cast<size_t>(c.chunk_index)];
      if (raw == nullptr) {
        FLOE_ASSIGN_OR_RETURN(raw,
                              row_group_reader_->ReadField(static_cast<size_t>(c.chunk_index)));
      }
      return Convert(raw, c.plan, n, pool_, path());
    }
    if (c.plan.type.is_nested()) return NullVector(c.plan.type, n, pool_);
    auto v = ConstantVector(c.plan.type, c.constant, n, pool_);
    if (!v.ok()) return v.status().WithContext(ColumnContext(path(), *c.plan.field));
    return v;
  }

  // Lets go of the batch's raw vectors (the Parquet reader can reuse them).
  void EndBatch() { batch_fields_.assign(file_fields_.size(), nullptr); }

 public:
  int64_t row_groups() const { return end_row_group_ - first_row_group(); }
  int64_t row_groups_skipped() const { return row_groups_skipped_; }
  int64_t row_groups_skipped_by_dictionary() const { return row_groups_skipped_by_dictionary_; }
  // Row groups are also checked against the dictionaries of the columns
  // `filter` compares with = or IN (set before the first batch).
  void set_dictionary_filter(ExprPtr filter) { dictionary_filter_ = std::move(filter); }
  int64_t chunks_fetched() const {
    return chunks_fetched_ + (row_group_reader_ ? row_group_reader_->chunks_fetched() : 0);
  }
  pq::PageCounts page_counts() const {
    pq::PageCounts n = pages_;
    if (row_group_reader_) n += row_group_reader_->page_counts();
    return n;
  }

 private:
  int first_row_group() const { return first_row_group_; }
  struct ProjectedColumn {
    FieldPlan plan;
    int chunk_index = -1;  // the column in the row group reader's chunks; -1: constant
    Literal constant;
  };
  // A projected top-level primitive column with statistics to prune with.
  struct StatsColumn {
    int32_t field_id;
    const Type* type;
    const pq::SchemaNode* node;
  };
  ProjectedFile() = default;

  // The row group's statistics as Iceberg metrics, evaluated against the
  // residual filter.
  bool RowGroupMightMatch(int index) {
    const pq::FileMetaData& md = reader_->metadata();
    const pq::RowGroup& rg = md.row_groups[static_cast<size_t>(index)];
    DataFile metrics;
    metrics.record_count = rg.num_rows;
    for (const StatsColumn& c : stats_columns_) {
      const size_t leaf = static_cast<size_t>(c.node->column_index);
      if (leaf >= rg.columns.size() || !rg.columns[leaf].meta_data) continue;
      const pq::ColumnMetaData& cm = *rg.columns[leaf].meta_data;
      metrics.value_counts.emplace_back(c.field_id, cm.num_values);
      if (!cm.statistics) continue;
      const pq::Statistics& st = *cm.statistics;
      if (st.null_count) metrics.null_value_counts.emplace_back(c.field_id, *st.null_count);
      // min_value/max_value hold with the column's defined order; the
      // deprecated min/max only for numbers (signed order).
      const bool ordered = leaf < md.column_orders.size() && md.column_orders[leaf];
      const bool numeric =
          c.node->physical_type == pq::Type::INT32 || c.node->physical_type == pq::Type::INT64;
      const std::string* lo =
          st.min_value && ordered ? &*st.min_value : (st.min && numeric ? &*st.min : nullptr);
      const std::string* hi =
          st.max_value && ordered ? &*st.max_value : (st.max && numeric ? &*st.max : nullptr);
      std::string bound;
      if (lo != nullptr && IcebergBound(*c.type, *c.node, *lo, &bound)) {
        metrics.lower_bounds.emplace_back(c.field_id, bound);
      }
      if (hi != nullptr && IcebergBound(*c.type, *c.node, *hi, &bound)) {
        metrics.upper_bounds.emplace_back(c.field_id, bound);
      }
    }
    if (!row_group_filter_->MightMatch(metrics)) return false;
    if (dictionary_filter_ != nullptr && RuledOutByDictionary(index, *dictionary_filter_)) {
      ++row_groups_skipped_by_dictionary_;
      return false;
    }
    return true;
  }

  // Whether `e` (a bound residual filter) is false for every row of row
  // group `index` because an equality or IN on a column takes none of the
  // values of the column's dictionary (Parquet dictionary pages: read only
  // when every data page of the chunk is dictionary-encoded).
  bool RuledOutByDictionary(int index, const Expression& e) const {
    using Op = Expression::Op;
    if (e.op() == Op::kAnd) {
      return RuledOutByDictionary(index, *e.left()) || RuledOutByDictionary(index, *e.right());
    }
    if (e.op() == Op::kOr) {
      return RuledOutByDictionary(index, *e.left()) && RuledOutByDictionary(index, *e.right());
    }
    if ((e.op() != Op::kEq && e.op() != Op::kIn) || e.literals().empty()) return false;
    const StatsColumn* column = nullptr;
    for (const StatsColumn& c : stats_columns_) {
      if (c.field_id == e.field_id()) column = &c;
    }
    if (column == nullptr) return false;
    const TypeId t = column->type->id();
    const bool is_string = t == TypeId::kString && column->node->type.id() == CType::kVarchar;
    const bool is_integer = (t == TypeId::kInt || t == TypeId::kLong || t == TypeId::kDate) &&
                            (column->node->physical_type == pq::Type::INT32 ||
                             column->node->physical_type == pq::Type::INT64) &&
                            (t == TypeId::kDate) == (column->node->type.id() == CType::kDate);
    if (!is_string && !is_integer) return false;
    auto dict = reader_->ReadFullDictionary(index, column->node->column_index);
    if (!dict.ok() || *dict == nullptr) return false;  // undecided: the read reports errors
    const Vector& d = **dict;
    const bool wide = d.type().physical_type() == columnar::PhysicalType::kInt64;
    for (int64_t i = 0; i < d.size(); ++i) {
      if (d.IsNull(i)) continue;
      for (const Literal& lit : e.literals()) {
        if (lit.is_null) continue;
        if (is_string ? d.GetString(i) == lit.s
                      : (wide ? d.data<int64_t>()[i] : d.data<int32_t>()[i]) == lit.i) {
          return false;
        }
      }
    }
    return true;
  }

  // A Parquet statistics value of a column stored as `node` in Iceberg's
  // single-value form for `type`; false when the pair is not one floe
  // converts (the column then decides nothing).
  static bool IcebergBound(const Type& type, const pq::SchemaNode& node, const std::string& v,
                           std::string* out) {
    int64_t integer = 0;
    const bool int32 = node.physical_type == pq::Type::INT32 && v.size() == 4;
    const bool int64 = node.physical_type == pq::Type::INT64 && v.size() == 8;
    if (int32) {
      int32_t x;
      std::memcpy(&x, v.data(), 4);
      integer = x;
    } else if (int64) {
      std::memcpy(&integer, v.data(), 8);
    }
    auto le = [&](int64_t x, size_t width) {
      out->assign(reinterpret_cast<const char*>(&x), width);  // little-endian host
      return true;
    };
    switch (type.id()) {
      case TypeId::kInt:
      case TypeId::kDate:
        if (type.id() == TypeId::kDate && node.type.id() != CType::kDate) return false;
        return int32 && le(integer, 4);
      case TypeId::kLong:
        return (int32 || int64) && le(integer, 8);
      case TypeId::kTimestamp:
      case TypeId::kTimestampTz:
        // Microseconds only (millisecond or nanosecond files decide nothing).
        return int64 &&
               (node.type.id() == CType::kTimestamp || node.type.id() == CType::kTimestampTz) &&
               node.type.precision() == 6 && le(integer, 8);
      case TypeId::kDecimal: {
        int128_t unscaled = 0;
        if (int32 || int64) {
          unscaled = integer;
        } else if ((node.physical_type == pq::Type::FIXED_LEN_BYTE_ARRAY ||
                    node.physical_type == pq::Type::BYTE_ARRAY) &&
                   !v.empty() && v.size() <= 16) {
          // Big-endian two's complement.
          unscaled = static_cast<int8_t>(v[0]) < 0 ? -1 : 0;
          for (char ch : v) unscaled = (unscaled << 8) | static_cast<uint8_t>(ch);
        } else {
          return false;
        }
        if (node.type.id() != CType::kDecimal || node.type.scale() != type.scale()) return false;
        *out = MinimalBigEndian(unscaled);
        return true;
      }
      case TypeId::kString:
        if (node.physical_type != pq::Type::BYTE_ARRAY || node.type.id() != CType::kVarchar)
          return false;
        *out = v;
        return true;
      default:
        // Floats (NaN), booleans, binary, uuid, time: not used for pruning.
        return false;
    }
  }

  std::unique_ptr<MetricsEvaluator> row_group_filter_;
  ExprPtr dictionary_filter_;
  std::vector<StatsColumn> stats_columns_;
  int64_t row_groups_skipped_ = 0;
  int64_t row_groups_skipped_by_dictionary_ = 0;

  MemoryPool* pool_ = nullptr;
  int64_t batch_size_ = 0;
  std::unique_ptr<pq::FileReader> reader_;
  std::vector<ProjectedColumn> columns_;
  std::vector<int> file_fields_;  // top-level file fields read
  int first_row_group_ = 0;
  int end_row_group_ = 0;
  int row_group_ = -1;
  int64_t batch_rows_ = 0;
  std::vector<std::shared_ptr<Vector>> batch_fields_;  // by file field, read this batch
  int64_t chunks_fetched_ = 0;
  pq::PageCounts pages_;
  bool in_row_group_ = false;
  int64_t row_group_rows_ = 0;
  int64_t row_group_done_ = 0;
  int64_t next_row_ = 0;
  std::unique_ptr<pq::RowGroupReader> row_group_reader_;
};

// Appends row `row` of `v` to an equality key: a null marker, then the
// value's bytes (strings length-prefixed). NaNs are made canonical so that
// every NaN equals every other, as Java's Double.equals has them.
void AppendKey(const Vector& v, int64_t row, std::string* key) {
  if (!v.IsValid(row)) {
    key->push_back('\0');
    return;
  }
  key->push_back('\1');
  const Vector& values = v.kind() == VectorKind::kDictionary ? *v.dictionary() : v;
  int64_t i = v.ValueIndex(row);
  switch (values.type().physical_type()) {
    case PhysicalType::kStringView: {
      std::string_view s = values.data<StringView>()[i].view();
      uint32_t len = static_cast<uint32_t>(s.size());
      key->append(reinterpret_cast<const char*>(&len), 4);
      key->append(s);
      return;
    }
    case PhysicalType::kFloat: {
      float f = values.data<float>()[i];
      if (std::isnan(f)) f = std::numeric_limits<float>::quiet_NaN();
      key->append(reinterpret_cast<const char*>(&f), sizeof(f));
      return;
    }
    case PhysicalType::kDouble: {
      double d = values.data<double>()[i];
      if (std::isnan(d)) d = std::numeric_limits<double>::quiet_NaN();
      key->append(reinterpret_cast<const char*>(&d), sizeof(d));
      return;
    }
    case PhysicalType::kBool:
    case PhysicalType::kInt8:
    case PhysicalType::kInt16:
    case PhysicalType::kInt32:
    case PhysicalType::kInt64:
    case PhysicalType::kInt128: {
      int width = values.type().fixed_width();
      key->append(reinterpret_cast<const char*>(values.raw_data()) + i * width,
                  static_cast<size_t>(width));
      return;
    }
    case PhysicalType::kListEntry:
    case PhysicalType::kNone:
      return;  // equality columns are primitive (checked on open)
  }
}

NestedField RequiredField(int32_t id, const char* name, TypeId type) {
  NestedField f;
  f.id = id;
  f.name = name;
  f.required = true;
  f.type = Type::Primitive(type);
  return f;
}

const NestedField& FilePathField() {
  static const NestedField f = RequiredField(kDeleteFilePathFieldId, "file_path", TypeId::kString);
  return f;
}

const NestedField& PosField() {
  static const NestedField f = RequiredField(kDeletePosFieldId, "pos", TypeId::kLong);
  return f;
}

// Position delete files written without field ids are matched by the
// spec's column names.
const NameMapping& PositionDeleteMapping() {
  static const NameMapping m =
      NameMapping::Parse(
          R"([{"field-id":2147483546,"names":["file_path"]},{"field-id":2147483545,"names":["pos"]}])")
          .ValueOrDie();
  return m;
}

const PartitionSpec* SpecOf(const ScanTaskReadOptions& options, int32_t spec_id) {
  if (options.specs == nullptr) return nullptr;
  for (const PartitionSpec& s : *options.specs) {
    if (s.spec_id == spec_id) return &s;
  }
  return nullptr;
}

}  // namespace

class ScanTaskReader::Impl {
 public:
  explicit Impl(MemoryPool* pool) : positions_reserved(pool), keys_reserved(pool) {}

  // The data rows whose keys one group of equality delete files lists.
  struct EqualitySet {
    std::vector<int32_t> ids;     // sorted
    std::vector<size_t> columns;  // the data file's columns of `ids`
    std::unordered_set<std::string> keys;
  };

  Status LoadPositionDeletes(io::FileIO* io, const DataFile& d, const std::string& data_path,
                             const ScanTaskReadOptions& options) {
    std::vector<const NestedField*> fields{&FilePathField(), &PosField()};
    FLOE_ASSIGN_OR_RETURN(
        auto file, ProjectedFile::Open(io, d.file_path, fields, &PositionDeleteMapping(), nullptr,
                                       nullptr, pool, options.batch_size));
    std::vector<std::shared_ptr<Vector>> cols;
    int64_t first = 0;
    while (true) {
      FLOE_ASSIGN_OR_RETURN(int64_t n, file->Next(&cols, &first));
      if (n == 0) break;
      const Vector& paths = *cols[0];
      const Vector& pos = *cols[1];
      if (pos.kind() == VectorKind::kConstant || paths.kind() == VectorKind::kConstant) {
        return Status::Corruption(d.file_path, ": position delete file lacks the ",
                                  pos.kind() == VectorKind::kConstant ? "pos" : "file_path",
                                  " column");
      }
      for (int64_t i = 0; i < n; ++i) {
        if (!paths.IsValid(i) || !pos.IsValid(i)) {
          return Status::Corruption(d.file_path, ": row ", first + i,
                                    ": a position delete has a null file_path or pos");
        }
        if (!SameDataFilePath(paths.GetString(i), data_path)) continue;
        const Vector& pv = pos.kind() == VectorKind::kDictionary ? *pos.dictionary() : pos;
        positions.push_back(pv.data<int64_t>()[pos.ValueIndex(i)]);
      }
      FLOE_RETURN_NOT_OK(
          positions_reserved.GrowTo(static_cast<int64_t>(positions.capacity() * sizeof(int64_t))));
    }
    return Status::OK();
  }

  Status LoadEqualityDeletes(io::FileIO* io, const DataFile& d, EqualitySet* set,
                             const std::vector<const NestedField*>& fields,
                             const ScanTaskReadOptions& options) {
    FLOE_ASSIGN_OR_RETURN(
        auto file, ProjectedFile::Open(io, d.file_path, fields, options.name_mapping, &d,
                                       SpecOf(options, d.spec_id), pool, options.batch_size));
    std::vector<std::shared_ptr<Vector>> cols;
    int64_t first = 0;
    std::string key;
    while (true) {
      FLOE_ASSIGN_OR_RETURN(int64_t n, file->Next(&cols, &first));
      if (n == 0) break;
      for (int64_t i = 0; i < n; ++i) {
        key.clear();
        for (const auto& c : cols) AppendKey(*c, i, &key);
        // Roughly a hash node, its bucket and the string's heap block.
        if (set->keys.insert(key).second) key_bytes += static_cast<int64_t>(key.size()) + 64;
      }
      FLOE_RETURN_NOT_OK(keys_reserved.GrowTo(key_bytes));
    }
    return Status::OK();
  }

  // Whether equality deletes remove row `i` of the current batch.
  bool EqualityDeleted(int64_t i) {
    for (const EqualitySet& set : equality) {
      key.clear();
      for (size_t c : set.columns) AppendKey(*columns[c], i, &key);
      if (set.keys.count(key) != 0) return true;
    }
    return false;
  }

  MemoryPool* pool = nullptr;
  std::unique_ptr<ProjectedFile> data;
  size_t num_output = 0;
  std::vector<int64_t> positions;  // sorted, unique
  Reservation positions_reserved;
  std::vector<EqualitySet> equality;
  Reservation keys_reserved;
  int64_t key_bytes = 0;
  int64_t equality_keys = 0;
  int64_t rows_read = 0;
  int64_t rows_deleted = 0;
  std::vector<std::shared_ptr<Vector>> columns;
  std::vector<bool> eager;  // by field: read before the filter runs
  int64_t batches_filtered = 0;
  std::string key;
};

ScanTaskReader::ScanTaskReader(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ScanTaskReader::~ScanTaskReader() = default;

Result<std::unique_ptr<ScanTaskReader>> ScanTaskReader::Open(io::FileIO* io,
                                                             const FileScanTask& task,
                                                             const ScanTaskReadOptions& options,
                                                             RowGroupRange row_groups) {
  if (options.schema == nullptr || task.file == nullptr) {
    return Status::Internal("ScanTaskReader::Open needs a schema and a data file");
  }
  const DataFile& file = *task.file;
  const Schema& schema = *options.schema;
  if (!IsParquet(file)) {
    return Status::NotSupported(file.file_path, ": ", file.file_format,
                                " data files are not supported yet");
  }
  auto impl = std::make_unique<Impl>(options.pool);
  impl->pool = options.pool;

  auto top_level = [&](int32_t id) -> const NestedField* {
    for (const NestedField& f : schema.fields()) {
      if (f.id == id) return &f;
    }
    return nullptr;
  };
  std::vector<const NestedField*> fields;
  for (int32_t id : options.field_ids) {
    const NestedField* f = top_level(id);
    if (f == nullptr) {
      return Status::Invalid(file.file_path, ": field id ", id,
                             " is not a top-level column of schema ", schema.schema_id());
    }
    fields.push_back(f);
  }
  impl->num_output = fields.size();

  // Equality delete files group by their set of equality ids: one hash set
  // of key tuples per group, probed with the data row's values of the ids.
  std::vector<std::pair<size_t, const DataFile*>> equality_files;  // group, file
  for (const auto& d : task.deletes) {
    if (!IsParquet(*d)) {
      return Status::NotSupported(d->file_path, ": ", d->file_format,
                                  " delete files are not supported yet");
    }
    switch (d->content) {
      case FileContent::kData:
        return Status::Internal(d->file_path, ": a data file was planned as a delete file of ",
                                file.file_path);
      case FileContent::kPositionDeletes:
        FLOE_RETURN_NOT_OK(impl->LoadPositionDeletes(io, *d, file.file_path, options));
        break;
      case FileContent::kEqualityDeletes: {
        if (d->equality_ids.empty()) {
          return Status::Corruption(d->file_path, ": equality delete file without equality_ids");
        }
        std::vector<int32_t> ids = d->equality_ids;
        std::sort(ids.begin(), ids.end());
        ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
        size_t g = 0;
        while (g < impl->equality.size() && impl->equality[g].ids != ids) ++g;
        if (g == impl->equality.size()) {
          Impl::EqualitySet set;
          for (int32_t id : ids) {
            const NestedField* f = top_level(id);
            if (f == nullptr) {
              return Status::NotSupported(d->file_path, ": equality field id ", id,
                                          " is not a top-level column of schema ",
                                          schema.schema_id());
            }
            if (!f->type->is_primitive()) {
              return Status::Invalid(d->file_path, ": equality field '", f->name, "' (field id ",
                                     id, ") is not of a primitive type");
            }
            auto it = std::find(fields.begin(), fields.end(), f);
            set.columns.push_back(static_cast<size_t>(it - fields.begin()));
            if (it == fields.end()) fields.push_back(f);
          }
          set.ids = std::move(ids);
          impl->equality.push_back(std::move(set));
        }
        equality_files.emplace_back(g, d.get());
        break;
      }
    }
  }
  for (const auto& [g, d] : equality_files) {
    Impl::EqualitySet& set = impl->equality[g];
    std::vector<const NestedField*> key_fields;
    for (size_t c : set.columns) key_fields.push_back(fields[c]);
    FLOE_RETURN_NOT_OK(impl->LoadEqualityDeletes(io, *d, &set, key_fields, options));
  }
  for (const auto& set : impl->equality)
    impl->equality_keys += static_cast<int64_t>(set.keys.size());
  std::sort(impl->positions.begin(), impl->positions.end());
  impl->positions.erase(std::unique(impl->positions.begin(), impl->positions.end()),
                        impl->positions.end());

  std::unique_ptr<MetricsEvaluator> row_group_filter;
  const bool prune = options.prune_row_groups && task.residual != nullptr &&
                     task.residual->op() != Expression::Op::kTrue;
  if (prune) row_group_filter = std::make_unique<MetricsEvaluator>(task.residual, schema);
  FLOE_ASSIGN_OR_RETURN(
      impl->data,
      ProjectedFile::Open(io, file.file_path, fields, options.name_mapping, &file,
                          SpecOf(options, file.spec_id), options.pool, options.batch_size,
                          std::move(row_group_filter), row_groups.begin, row_groups.end));
  if (prune) impl->data->set_dictionary_filter(task.residual);
  // Late materialization: the filter's columns and the equality delete
  // keys are read first; the rest only for batches with rows left.
  impl->eager.assign(fields.size(), false);
  for (size_t c : options.filter_columns) {
    if (c >= impl->num_output) {
      return Status::Internal("filter column ", c, " of a scan with ", impl->num_output,
                              " columns");
    }
    impl->eager[c] = true;
  }
  for (const auto& set : impl->equality) {
    for (size_t c : set.columns) impl->eager[c] = true;
  }
  return std::unique_ptr<ScanTaskReader>(new ScanTaskReader(std::move(impl)));
}

Result<bool> ScanTaskReader::Next(columnar::Chunk* out, RowFilter* filter) {
  Impl& s = *impl_;
  while (true) {
    int64_t first = 0;
    FLOE_ASSIGN_OR_RETURN(int64_t n, s.data->BeginBatch(&first));
    if (n == 0) return false;
    s.rows_read += n;
    s.columns.assign(s.eager.size(), nullptr);
    for (size_t c = 0; c < s.eager.size(); ++c) {
      if (s.eager[c] || filter == nullptr) {
        FLOE_ASSIGN_OR_RETURN(s.columns[c], s.data->Column(c));
      }
    }
    auto p = std::lower_bound(s.positions.begin(), s.positions.end(), first);
    bool positions_here = p != s.positions.end() && *p < first + n;
    std::shared_ptr<columnar::SelectionVector> selection;
    if (positions_here || !s.equality.empty()) {
      FLOE_ASSIGN_OR_RETURN(selection, columnar::SelectionVector::Make(s.pool, n));
      uint32_t* kept = selection->mutable_indices();
      int64_t k = 0;
      for (int64_t i = 0; i < n; ++i) {
        // Spec "Position Delete Files": positions are 0-based in the file.
        while (p != s.positions.end() && *p < first + i) ++p;
        if (p != s.positions.end() && *p == first + i) continue;
        if (!s.equality.empty() && s.EqualityDeleted(i)) continue;
        kept[k++] = static_cast<uint32_t>(i);
      }
      selection->set_size(k);
      s.rows_deleted += n - k;
      if (k == 0) continue;
      if (k == n) selection.reset();
    }
    if (filter != nullptr) {
      columnar::Chunk probe;
      probe.size = n;
      probe.selection = std::move(selection);
      probe.columns.assign(s.columns.begin(), s.columns.begin() + static_cast<long>(s.num_output));
      FLOE_RETURN_NOT_OK(filter->Apply(&probe));
      if (probe.live_rows() == 0) {
        s.batches_filtered++;
        continue;  // the other columns of this batch are never decoded
      }
      selection = std::move(probe.selection);
      for (size_t c = 0; c < s.num_output; ++c) {
        if (s.columns[c] == nullptr) {
          FLOE_ASSIGN_OR_RETURN(s.columns[c], s.data->Column(c));
        }
      }
    }
    // Hand the vectors over (the equality-only columns are dropped), so
    // the Parquet reader may reuse its buffers once the caller lets go.
    out->columns.resize(s.num_output);
    for (size_t c = 0; c < s.num_output; ++c) out->columns[c] = std::move(s.columns[c]);
    s.columns.clear();
    s.data->EndBatch();
    out->size = n;
    out->selection = std::move(selection);
    return true;
  }
}

int64_t ScanTaskReader::rows_read() const { return impl_->rows_read; }
int64_t ScanTaskReader::rows_deleted() const { return impl_->rows_deleted; }
int64_t ScanTaskReader::row_groups() const { return impl_->data->row_groups(); }
int64_t ScanTaskReader::row_groups_skipped() const { return impl_->data->row_groups_skipped(); }
int64_t ScanTaskReader::row_groups_skipped_by_dictionary() const {
  return impl_->data->row_groups_skipped_by_dictionary();
}
int64_t ScanTaskReader::batches_filtered() const { return impl_->batches_filtered; }
int64_t ScanTaskReader::column_chunks_fetched() const { return impl_->data->chunks_fetched(); }
pq::PageCounts ScanTaskReader::page_counts() const { return impl_->data->page_counts(); }
int64_t ScanTaskReader::position_deletes() const {
  return static_cast<int64_t>(impl_->positions.size());
}
int64_t ScanTaskReader::equality_delete_keys() const { return impl_->equality_keys; }

}  // namespace floe::iceberg
