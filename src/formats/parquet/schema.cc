#include "formats/parquet/schema.h"

namespace floe::formats::parquet {

using SqlType = columnar::LogicalType;

namespace {

constexpr int kMaxSchemaDepth = 64;

bool HasListAnnotation(const SchemaElement& e) {
  return (e.logical_type && e.logical_type->kind == parquet::LogicalType::LIST) ||
         (!e.logical_type && e.converted_type == ConvertedType::LIST);
}
bool HasMapAnnotation(const SchemaElement& e) {
  return (e.logical_type && e.logical_type->kind == parquet::LogicalType::MAP) ||
         (!e.logical_type &&
          (e.converted_type == ConvertedType::MAP || e.converted_type == ConvertedType::MAP_KEY_VALUE));
}

Result<SqlType> DecimalType(const SchemaElement& e, int32_t precision, int32_t scale) {
  if (precision < 1 || precision > 38 || scale < 0 || scale > precision) {
    return Status::NotSupported("column '", e.name, "': DECIMAL(", precision, ",", scale,
                                ") is outside what floe reads (precision 1..38, 0 <= scale <= precision)");
  }
  return SqlType::Decimal(precision, scale);
}

class Builder {
 public:
  explicit Builder(const std::vector<SchemaElement>& elements) : elements_(elements) {}

  Status Build(SchemaNode* root, std::vector<ColumnDescriptor>* columns) {
    if (elements_.empty()) return Status::Corruption("Parquet schema is empty");
    const SchemaElement& r = elements_[0];
    root->name = r.name;
    root->kind = NodeKind::kStruct;
    root->element_index = 0;
    pos_ = 1;
    int32_t n = r.num_children.value_or(0);
    FLOE_RETURN_NOT_OK(ReadChildren(n, root, 0, 0, 1));
    if (pos_ != elements_.size()) {
      return Status::Corruption("Parquet schema has ", elements_.size() - pos_,
                                " elements after the last field of the root");
    }
    std::vector<columnar::StructField> fields;
    for (auto& c : root->children) fields.push_back({c.name, c.type});
    root->type = SqlType::Struct(std::move(fields));
    // Column descriptors point into the final tree.
    CollectColumns(*root, {}, columns);
    return Status::OK();
  }

 private:
  Status ReadChildren(int32_t n, SchemaNode* parent, int16_t def, int16_t rep, int depth) {
    if (n < 0 || static_cast<size_t>(n) > elements_.size() - pos_) {
      return Status::Corruption("Parquet schema: '", parent->name, "' has ", n,
                                " children but only ", elements_.size() - pos_, " elements follow");
    }
    parent->children.reserve(static_cast<size_t>(n));
    for (int32_t i = 0; i < n; ++i) {
      SchemaNode child;
      FLOE_RETURN_NOT_OK(ReadNode(&child, def, rep, depth));
      parent->children.push_back(std::move(child));
    }
    return Status::OK();
  }

  // Reads the element at pos_ (and its subtree) as a node, applying the
  // LIST/MAP rules. `def`/`rep` are the parent's levels.
  Status ReadNode(SchemaNode* node, int16_t def, int16_t rep, int depth) {
    if (depth > kMaxSchemaDepth) return Status::Corruption("Parquet schema nests deeper than ", kMaxSchemaDepth);
    FLOE_RETURN_NOT_OK(CheckMore("a field"));
    int index = static_cast<int>(pos_++);
    const SchemaElement& e = elements_[static_cast<size_t>(index)];
    node->name = e.name;
    node->field_id = e.field_id;
    node->element_index = index;
    node->repetition = e.repetition_type.value_or(FieldRepetitionType::OPTIONAL);
    if (node->repetition == FieldRepetitionType::OPTIONAL) ++def;
    if (node->repetition == FieldRepetitionType::REPEATED) {
      ++def;
      ++rep;
    }
    node->def_level = def;
    node->rep_level = rep;
    bool is_group = e.num_children.has_value() && !e.type.has_value();
    if (!is_group && !e.type) return Status::Corruption("Parquet schema: leaf '", e.name, "' has no type");

    if (node->repetition == FieldRepetitionType::REPEATED) {
      // A repeated field outside a LIST/MAP annotation is a list of required
      // elements (LogicalTypes.md, backward compatibility).
      SchemaNode element;
      FLOE_RETURN_NOT_OK(ReadPlain(&element, e, index, is_group, def, rep, depth));
      element.repetition = FieldRepetitionType::REQUIRED;
      // The list itself is required: its levels are the parent's.
      node->repetition = FieldRepetitionType::REQUIRED;
      node->def_level = static_cast<int16_t>(def - 1);
      node->rep_level = static_cast<int16_t>(rep - 1);
      node->repeated_def_level = def;
      node->repeated_rep_level = rep;
      node->kind = NodeKind::kList;
      node->type = SqlType::List(element.type);
      node->children.push_back(std::move(element));
      return Status::OK();
    }
    if (is_group && HasListAnnotation(e)) return ReadList(node, e, def, rep, depth);
    if (is_group && HasMapAnnotation(e)) return ReadMap(node, e, def, rep, depth);
    return ReadPlain(node, e, index, is_group, def, rep, depth);
  }

  // A struct or a primitive (no LIST/MAP meaning of its own).
  Status ReadPlain(SchemaNode* node, const SchemaElement& e, int index, bool is_group, int16_t def,
                   int16_t rep, int depth) {
    node->name = e.name;
    node->field_id = e.field_id;
    node->element_index = index;
    node->def_level = def;
    node->rep_level = rep;
    if (is_group) {
      node->kind = NodeKind::kStruct;
      FLOE_RETURN_NOT_OK(ReadChildren(*e.num_children, node, def, rep, depth + 1));
      if (node->children.empty()) {
        return Status::NotSupported("Parquet schema: group '", e.name, "' has no fields");
      }
      std::vector<columnar::StructField> fields;
      for (auto& c : node->children) fields.push_back({c.name, c.type});
      node->type = SqlType::Struct(std::move(fields));
      return Status::OK();
    }
    node->kind = NodeKind::kPrimitive;
    node->physical_type = *e.type;
    node->type_length = e.type_length.value_or(0);
    node->column_index = next_column_++;
    FLOE_ASSIGN_OR_RETURN(node->type, LeafType(e));
    return Status::OK();
  }

  // <opt|req> group name (LIST) { repeated <group|type> ... }
  Status ReadList(SchemaNode* node, const SchemaElement& e, int16_t def, int16_t rep, int depth) {
    if (e.num_children.value_or(0) != 1) {
      return Status::Corruption("Parquet schema: LIST '", e.name, "' must have exactly one child");
    }
    FLOE_RETURN_NOT_OK(CheckMore(StrCat("the child of LIST '", e.name, "'")));
    const SchemaElement& repeated = elements_[pos_];
    if (repeated.repetition_type != FieldRepetitionType::REPEATED) {
      return Status::Corruption("Parquet schema: the child of LIST '", e.name, "' is not repeated");
    }
    int repeated_index = static_cast<int>(pos_++);
    int16_t rdef = static_cast<int16_t>(def + 1), rrep = static_cast<int16_t>(rep + 1);
    bool repeated_is_group = repeated.num_children.has_value() && !repeated.type.has_value();
    SchemaNode element;
    if (!repeated_is_group) {
      // Rule 1: a repeated primitive is the (required) element.
      FLOE_RETURN_NOT_OK(ReadPlain(&element, repeated, repeated_index, false, rdef, rrep, depth + 1));
      element.repetition = FieldRepetitionType::REQUIRED;
    } else if (*repeated.num_children != 1 || repeated.name == "array" ||
               repeated.name == e.name + "_tuple") {
      // Rules 2 and 3: the repeated group itself is the (required) element:
      // a struct, or a list or map when it carries that annotation itself.
      if (HasListAnnotation(repeated) || HasMapAnnotation(repeated)) {
        element.name = repeated.name;
        element.field_id = repeated.field_id;
        element.element_index = repeated_index;
        element.def_level = rdef;
        element.rep_level = rrep;
        FLOE_RETURN_NOT_OK(HasListAnnotation(repeated) ? ReadList(&element, repeated, rdef, rrep, depth + 1)
                                                       : ReadMap(&element, repeated, rdef, rrep, depth + 1));
      } else {
        FLOE_RETURN_NOT_OK(ReadPlain(&element, repeated, repeated_index, true, rdef, rrep, depth + 1));
      }
      element.repetition = FieldRepetitionType::REQUIRED;
    } else {
      // The standard 3-level form: the repeated group's only child is the element.
      FLOE_RETURN_NOT_OK(ReadNode(&element, rdef, rrep, depth + 1));
    }
    node->kind = NodeKind::kList;
    node->repeated_def_level = rdef;
    node->repeated_rep_level = rrep;
    node->type = SqlType::List(element.type);
    node->children.push_back(std::move(element));
    return Status::OK();
  }

  // <opt|req> group name (MAP) { repeated group key_value { required key; <opt|req> value } }
  Status ReadMap(SchemaNode* node, const SchemaElement& e, int16_t def, int16_t rep, int depth) {
    if (e.num_children.value_or(0) != 1) {
      return Status::Corruption("Parquet schema: MAP '", e.name, "' must have exactly one child");
    }
    FLOE_RETURN_NOT_OK(CheckMore(StrCat("the child of MAP '", e.name, "'")));
    const SchemaElement& kv = elements_[pos_];
    if (kv.repetition_type != FieldRepetitionType::REPEATED || !kv.num_children || kv.type ||
        (*kv.num_children != 1 && *kv.num_children != 2)) {
      return Status::Corruption("Parquet schema: the child of MAP '", e.name,
                                "' must be a repeated group of key and value");
    }
    int32_t kv_children = *kv.num_children;
    ++pos_;
    int16_t kdef = static_cast<int16_t>(def + 1), krep = static_cast<int16_t>(rep + 1);
    SchemaNode key, value;
    FLOE_RETURN_NOT_OK(ReadNode(&key, kdef, krep, depth + 1));
    if (kv_children == 2) {
      FLOE_RETURN_NOT_OK(ReadNode(&value, kdef, krep, depth + 1));
    } else {
      return Status::NotSupported("Parquet schema: MAP '", e.name, "' without values (a set) is not supported");
    }
    node->kind = NodeKind::kMap;
    node->repeated_def_level = kdef;
    node->repeated_rep_level = krep;
    node->type = SqlType::Map(key.type, value.type);
    node->children.push_back(std::move(key));
    node->children.push_back(std::move(value));
    return Status::OK();
  }

  // Children counts promise elements that may not be there.
  Status CheckMore(const std::string& what) const {
    if (pos_ >= elements_.size()) return Status::Corruption("Parquet schema ends before ", what);
    return Status::OK();
  }

  void CollectColumns(const SchemaNode& node, std::vector<std::string> path,
                      std::vector<ColumnDescriptor>* columns) {
    for (const SchemaNode& child : node.children) {
      std::vector<std::string> p = path;
      p.push_back(child.name);
      if (child.kind == NodeKind::kPrimitive) {
        columns->resize(std::max<size_t>(columns->size(), static_cast<size_t>(child.column_index) + 1));
        (*columns)[static_cast<size_t>(child.column_index)] =
            ColumnDescriptor{std::move(p), &child, child.def_level, child.rep_level};
      } else {
        CollectColumns(child, std::move(p), columns);
      }
    }
  }

  const std::vector<SchemaElement>& elements_;
  size_t pos_ = 0;
  int next_column_ = 0;
};

}  // namespace

Result<SqlType> LeafType(const SchemaElement& e) {
  Type t = *e.type;
  const parquet::LogicalType* lt = e.logical_type ? &*e.logical_type : nullptr;
  std::optional<ConvertedType> ct = e.converted_type;
  using LT = parquet::LogicalType;
  auto unsupported = [&](const char* what) {
    return Status::NotSupported("column '", e.name, "': ", what, " on ", TypeName(t), " is not supported");
  };
  // DECIMAL from either annotation.
  if ((lt && lt->kind == LT::DECIMAL) || (!lt && ct == ConvertedType::DECIMAL)) {
    int32_t precision = lt ? lt->decimal_precision : e.precision.value_or(0);
    int32_t scale = lt ? lt->decimal_scale : e.scale.value_or(0);
    if (t != Type::INT32 && t != Type::INT64 && t != Type::BYTE_ARRAY && t != Type::FIXED_LEN_BYTE_ARRAY) {
      return unsupported("DECIMAL");
    }
    return DecimalType(e, precision, scale);
  }
  switch (t) {
    case Type::BOOLEAN: return SqlType::Boolean();
    case Type::INT32:
      if ((lt && lt->kind == LT::DATE) || (!lt && ct == ConvertedType::DATE)) return SqlType::Date();
      if ((lt && lt->kind == LT::TIME) || (!lt && ct == ConvertedType::TIME_MILLIS)) return SqlType::Time(3);
      if (lt && lt->kind == LT::INTEGER) {
        int w = lt->int_bit_width;
        if (lt->int_is_signed) {
          return w == 8 ? SqlType::TinyInt() : w == 16 ? SqlType::SmallInt() : SqlType::Integer();
        }
        return w == 8 ? SqlType::SmallInt() : w == 16 ? SqlType::Integer() : SqlType::BigInt();
      }
      if (!lt && ct) {
        switch (*ct) {
          case ConvertedType::INT_8: return SqlType::TinyInt();
          case ConvertedType::INT_16: return SqlType::SmallInt();
          case ConvertedType::UINT_8: return SqlType::SmallInt();
          case ConvertedType::UINT_16: return SqlType::Integer();
          case ConvertedType::UINT_32: return SqlType::BigInt();
          default: break;
        }
      }
      return SqlType::Integer();
    case Type::INT64:
      if (lt && lt->kind == LT::TIMESTAMP) {
        int p = lt->time_unit == TimeUnit::MILLIS ? 3 : 6;
        return lt->is_adjusted_to_utc ? SqlType::TimestampTz(p) : SqlType::Timestamp(p);
      }
      if (lt && lt->kind == LT::TIME) return SqlType::Time(6);
      if (!lt && ct == ConvertedType::TIMESTAMP_MILLIS) return SqlType::TimestampTz(3);
      if (!lt && ct == ConvertedType::TIMESTAMP_MICROS) return SqlType::TimestampTz(6);
      if (!lt && ct == ConvertedType::TIME_MICROS) return SqlType::Time(6);
      if ((lt && lt->kind == LT::INTEGER && !lt->int_is_signed && lt->int_bit_width == 64) ||
          (!lt && ct == ConvertedType::UINT_64)) {
        return SqlType::Decimal(20, 0);
      }
      return SqlType::BigInt();
    case Type::INT96: return SqlType::Timestamp(6);
    case Type::FLOAT: return SqlType::Real();
    case Type::DOUBLE: return SqlType::Double();
    case Type::BYTE_ARRAY:
      if (lt && (lt->kind == LT::STRING || lt->kind == LT::ENUM || lt->kind == LT::JSON)) return SqlType::Varchar();
      if (!lt && (ct == ConvertedType::UTF8 || ct == ConvertedType::ENUM || ct == ConvertedType::JSON)) {
        return SqlType::Varchar();
      }
      return SqlType::Varbinary();
    case Type::FIXED_LEN_BYTE_ARRAY:
      if (e.type_length.value_or(-1) < 0) {
        return Status::Corruption("column '", e.name, "': FIXED_LEN_BYTE_ARRAY without a valid type_length");
      }
      if (lt && lt->kind == LT::UUID) {
        if (*e.type_length != 16) return Status::Corruption("column '", e.name, "': UUID must be 16 bytes");
        return SqlType::Uuid();
      }
      if (lt && lt->kind == LT::FLOAT16) {
        if (*e.type_length != 2) return Status::Corruption("column '", e.name, "': FLOAT16 must be 2 bytes");
        return SqlType::Real();
      }
      return SqlType::Varbinary();
  }
  return Status::NotSupported("column '", e.name, "': unknown physical type ", static_cast<int>(t));
}

Result<std::unique_ptr<FileSchema>> FileSchema::Make(const std::vector<SchemaElement>& elements) {
  std::unique_ptr<FileSchema> schema(new FileSchema());
  Builder builder(elements);
  FLOE_RETURN_NOT_OK(builder.Build(&schema->root_, &schema->columns_));
  return schema;
}

const SchemaNode* FileSchema::FindFieldById(int32_t field_id) const {
  for (const auto& c : root_.children) {
    if (c.field_id == field_id) return &c;
  }
  return nullptr;
}

const SchemaNode* FileSchema::FindFieldByName(const std::string& name) const {
  for (const auto& c : root_.children) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

}  // namespace floe::formats::parquet
