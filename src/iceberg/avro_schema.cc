#include "iceberg/avro_schema.h"

#include "common/str_cat.h"

namespace floe::iceberg {

namespace {

using json::Value;

Value Logical(const char* base, const char* logical) {
  return Value::Object({{"type", Value::String(base)}, {"logicalType", Value::String(logical)}});
}

Value ConvertType(const Type& type, int32_t field_id);

Value Optional(Value inner) { return Value::Array({Value::String("null"), std::move(inner)}); }

Value ConvertField(const NestedField& f) {
  Value type = ConvertType(*f.type, f.id);
  std::vector<Value::Member> members;
  members.emplace_back("name", Value::String(f.name));
  members.emplace_back("type", f.required ? std::move(type) : Optional(std::move(type)));
  if (!f.doc.empty()) members.emplace_back("doc", Value::String(f.doc));
  if (!f.required) members.emplace_back("default", Value());
  members.emplace_back("field-id", Value::Int(f.id));
  return Value::Object(std::move(members));
}

Value ConvertStruct(const Type& type, const std::string& name) {
  std::vector<Value> fields;
  for (const NestedField& f : type.fields()) fields.push_back(ConvertField(f));
  return Value::Object({{"type", Value::String("record")},
                        {"name", Value::String(name)},
                        {"fields", Value::Array(std::move(fields))}});
}

Value ConvertType(const Type& type, int32_t field_id) {
  switch (type.id()) {
    case TypeId::kBoolean:
      return Value::String("boolean");
    case TypeId::kInt:
      return Value::String("int");
    case TypeId::kLong:
      return Value::String("long");
    case TypeId::kFloat:
      return Value::String("float");
    case TypeId::kDouble:
      return Value::String("double");
    case TypeId::kDate:
      return Logical("int", "date");
    case TypeId::kTime:
      return Logical("long", "time-micros");
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz: {
      Value v = Logical("long", "timestamp-micros");
      v.Set("adjust-to-utc", Value::Bool(type.id() == TypeId::kTimestampTz));
      return v;
    }
    case TypeId::kTimestampNs:
    case TypeId::kTimestampTzNs: {
      Value v = Logical("long", "timestamp-nanos");
      v.Set("adjust-to-utc", Value::Bool(type.id() == TypeId::kTimestampTzNs));
      return v;
    }
    case TypeId::kString:
      return Value::String("string");
    case TypeId::kBinary:
      return Value::String("bytes");
    case TypeId::kUuid:
      return Value::Object({{"type", Value::String("fixed")},
                            {"name", Value::String("uuid_fixed")},
                            {"size", Value::Int(16)},
                            {"logicalType", Value::String("uuid")}});
    case TypeId::kFixed:
      return Value::Object({{"type", Value::String("fixed")},
                            {"name", Value::String(StrCat("fixed_", type.length()))},
                            {"size", Value::Int(type.length())}});
    case TypeId::kDecimal:
      return Value::Object(
          {{"type", Value::String("fixed")},
           {"name", Value::String(StrCat("decimal_", type.precision(), "_", type.scale()))},
           {"size", Value::Int(DecimalRequiredBytes(type.precision()))},
           {"logicalType", Value::String("decimal")},
           {"precision", Value::Int(type.precision())},
           {"scale", Value::Int(type.scale())}});
    case TypeId::kStruct:
      return ConvertStruct(type, StrCat("r", field_id));
    case TypeId::kList: {
      const NestedField& e = type.fields()[0];
      Value items = ConvertType(*e.type, e.id);
      return Value::Object({{"type", Value::String("array")},
                            {"items", e.required ? std::move(items) : Optional(std::move(items))},
                            {"element-id", Value::Int(e.id)}});
    }
    case TypeId::kMap: {
      const NestedField& k = type.fields()[0];
      const NestedField& v = type.fields()[1];
      Value value = ConvertType(*v.type, v.id);
      if (!v.required) value = Optional(std::move(value));
      if (k.type->id() == TypeId::kString) {
        return Value::Object({{"type", Value::String("map")},
                              {"values", std::move(value)},
                              {"key-id", Value::Int(k.id)},
                              {"value-id", Value::Int(v.id)}});
      }
      // Non-string keys: an array of key/value records (Avro maps only
      // take string keys).
      std::vector<Value::Member> key_members = {{"name", Value::String("key")},
                                                {"type", ConvertType(*k.type, k.id)},
                                                {"field-id", Value::Int(k.id)}};
      std::vector<Value::Member> value_members = {{"name", Value::String("value")},
                                                  {"type", std::move(value)}};
      if (!v.required) value_members.emplace_back("default", Value());
      value_members.emplace_back("field-id", Value::Int(v.id));
      Value record =
          Value::Object({{"type", Value::String("record")},
                         {"name", Value::String(StrCat("k", k.id, "_v", v.id))},
                         {"fields", Value::Array({Value::Object(std::move(key_members)),
                                                  Value::Object(std::move(value_members))})}});
      return Value::Object({{"type", Value::String("array")},
                            {"items", std::move(record)},
                            {"logicalType", Value::String("map")}});
    }
    case TypeId::kVariant:
    case TypeId::kUnknown:
    case TypeId::kGeometry:
    case TypeId::kGeography:
      break;
  }
  // v3-only types have no Avro form here; callers refuse them before.
  return Value::String("null");
}

}  // namespace

int DecimalRequiredBytes(int precision) {
  // The largest precision each byte count holds: floor(log10(2^(8b-1) - 1)).
  static constexpr int kMaxPrecision[] = {2,  4,  6,  9,  11, 14, 16, 18,
                                          21, 23, 26, 28, 31, 33, 35, 38};
  for (int b = 0; b < 16; ++b) {
    if (precision <= kMaxPrecision[b]) return b + 1;
  }
  return 16;
}

json::Value ToAvroSchemaJson(const Type& type, const std::string& record_name) {
  return ConvertStruct(type, record_name);
}

Result<formats::avro::Schema> ToAvroSchema(const Type& type, const std::string& record_name) {
  std::string what;
  if (UsesV3OnlyType(type, &what))
    return Status::NotSupported("Avro form of a ", what, " value is not supported yet");
  return formats::avro::Schema::FromJson(ToAvroSchemaJson(type, record_name));
}

}  // namespace floe::iceberg
