#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/json.h"
#include "common/result.h"

namespace floe::formats::avro {

/// Avro's types (Avro 1.11 specification).
enum class AvroType : uint8_t {
  kNull,
  kBoolean,
  kInt,
  kLong,
  kFloat,
  kDouble,
  kBytes,
  kString,
  kRecord,
  kEnum,
  kArray,
  kMap,
  kUnion,
  kFixed,
};

/// "long", "record", ...
const char* AvroTypeName(AvroType t);

/// A record field. `attributes` holds every key besides name/type/default
/// (Iceberg's "field-id", "doc", ...), in document order.
struct Field {
  std::string name;
  int type = -1;  // node index
  bool has_default = false;
  json::Value default_value;
  std::vector<json::Value::Member> attributes;
};

/// One schema node. Named types (record, enum, fixed) appear once in the
/// node table; references to them use the same index, so recursive types
/// are fine. `attributes` keeps every key floe does not interpret
/// ("element-id", "key-id", "logicalType" on arrays, ...).
struct Node {
  AvroType type = AvroType::kNull;
  std::string name;                  // full name for named types
  std::string logical_type;          // "decimal", "date", "timestamp-micros", "uuid", ...
  int precision = 0, scale = 0;      // decimal
  int64_t size = 0;                  // fixed
  std::vector<std::string> symbols;  // enum
  std::vector<Field> fields;         // record
  std::vector<int> branches;         // union
  int items = -1;                    // array element / map value node
  std::vector<json::Value::Member> attributes;
};

/// A parsed Avro schema. Immutable after parsing; thread-safe to share.
class Schema {
 public:
  /// Parses schema JSON; Invalid names what is wrong and where ("field
  /// 'partition': unknown type 'strng'").
  static Result<Schema> Parse(std::string_view json_text);
  static Result<Schema> FromJson(const json::Value& value);

  int root() const { return root_; }
  const Node& node(int i) const { return nodes_[static_cast<size_t>(i)]; }
  int num_nodes() const { return static_cast<int>(nodes_.size()); }

  /// The schema as JSON, custom attributes included; a named type is
  /// written in full once, then by name.
  json::Value ToJson() const;
  std::string ToJsonString() const { return json::Serialize(ToJson()); }

 private:
  std::vector<Node> nodes_;
  int root_ = -1;
  friend class SchemaParser;
};

}  // namespace floe::formats::avro
