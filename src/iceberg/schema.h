#pragma once

// Iceberg's types and schemas (spec "Schemas and Data Types"), with field
// ids, and their JSON form (spec Appendix C).

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/json.h"
#include "common/result.h"

namespace floe::iceberg {

enum class TypeId : uint8_t {
  kBoolean,
  kInt,
  kLong,
  kFloat,
  kDouble,
  kDecimal,
  kDate,
  kTime,
  kTimestamp,
  kTimestampTz,
  kString,
  kUuid,
  kFixed,
  kBinary,
  kStruct,
  kList,
  kMap,
  // Format version 3 only: read in metadata, refused when data uses them.
  kTimestampNs,
  kTimestampTzNs,
  kVariant,
  kUnknown,
  kGeometry,
  kGeography,
};

class Type;
using TypePtr = std::shared_ptr<const Type>;

/// A struct field, list element or map key/value: an id, a name (element,
/// key, value for the latter), whether it is required, and its type.
struct NestedField {
  int32_t id = 0;
  std::string name;
  bool required = false;
  TypePtr type;
  std::string doc;
  /// v3 defaults, kept as JSON (single-value JSON form of the spec).
  std::optional<json::Value> initial_default;
  std::optional<json::Value> write_default;

  /// A field with no defaults (Java's Types.NestedField.required/optional).
  static NestedField Required(int32_t id, std::string name, TypePtr type, std::string doc = "");
  static NestedField Optional(int32_t id, std::string name, TypePtr type, std::string doc = "");
  static NestedField Of(int32_t id, std::string name, bool required, TypePtr type,
                        std::string doc = "");
};

/// An Iceberg type. Immutable; shared between schemas.
class Type {
 public:
  static TypePtr Primitive(TypeId id);
  static TypePtr Decimal(int precision, int scale);
  static TypePtr Fixed(int64_t length);
  static TypePtr Struct(std::vector<NestedField> fields);
  static TypePtr List(NestedField element);
  static TypePtr Map(NestedField key, NestedField value);

  TypeId id() const { return id_; }
  bool is_primitive() const {
    return id_ != TypeId::kStruct && id_ != TypeId::kList && id_ != TypeId::kMap;
  }
  bool is_nested() const { return !is_primitive(); }
  int precision() const { return precision_; }
  int scale() const { return scale_; }
  int64_t length() const { return length_; }
  /// Struct fields; for a list its element; for a map key then value.
  const std::vector<NestedField>& fields() const { return fields_; }

  /// The spec's name: "long", "decimal(10, 2)", "fixed[16]", "struct<...>"...
  std::string ToString() const;
  bool operator==(const Type& o) const;
  bool operator!=(const Type& o) const { return !(*this == o); }

 private:
  explicit Type(TypeId id) : id_(id) {}
  TypeId id_;
  int precision_ = 0, scale_ = 0;
  int64_t length_ = 0;
  std::vector<NestedField> fields_;
};

/// "boolean", "timestamptz", ... for primitive ids.
const char* TypeIdName(TypeId id);
/// Whether a v3-only type is used (directly or nested); names it in `*what`.
bool UsesV3OnlyType(const Type& t, std::string* what);

/// A table schema: a struct of top-level fields with an id.
class Schema {
 public:
  Schema() = default;
  Schema(int32_t schema_id, std::vector<NestedField> fields,
         std::vector<int32_t> identifier_field_ids = {});

  int32_t schema_id() const { return schema_id_; }
  const std::vector<NestedField>& fields() const { return struct_->fields(); }
  const TypePtr& as_struct() const { return struct_; }
  const std::vector<int32_t>& identifier_field_ids() const { return identifier_field_ids_; }

  /// Any field by id, nested ones included; nullptr when absent.
  const NestedField* FindField(int32_t id) const;
  /// A field by its dotted name ("location.lat"; list elements and map
  /// keys/values as "tags.element", "props.key"); nullptr when absent.
  const NestedField* FindField(std::string_view dotted_name) const;
  /// Same, ignoring ASCII case (SQL identifiers).
  const NestedField* FindFieldIgnoreCase(std::string_view dotted_name) const;
  /// The dotted name of a field id ("" when absent).
  std::string FieldName(int32_t id) const;
  /// The highest field id in the schema (0 when empty).
  int32_t HighestFieldId() const;

  /// Appendix C JSON: {"type":"struct","schema-id":..,"fields":[..]}.
  json::Value ToJson() const;
  /// Invalid names the JSON path of what is wrong ("fields[2].type").
  static Result<Schema> FromJson(const json::Value& v);

 private:
  /// Builds the lookup maps; false when a field id occurs twice.
  bool Index();
  int32_t schema_id_ = 0;
  TypePtr struct_ = Type::Struct({});
  std::vector<int32_t> identifier_field_ids_;
  std::unordered_map<int32_t, const NestedField*> by_id_;
  std::unordered_map<std::string, int32_t> by_name_;
  std::unordered_map<std::string, int32_t> by_lower_name_;
  std::unordered_map<int32_t, std::string> names_;
};

/// Type JSON (Appendix C): "long", "decimal(9, 2)", {"type":"struct",...}.
json::Value TypeToJson(const Type& t);
Result<TypePtr> TypeFromJson(const json::Value& v, const std::string& path = "type");

}  // namespace floe::iceberg
