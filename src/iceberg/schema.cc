#include "iceberg/schema.h"

#include <algorithm>
#include <cctype>
#include <functional>

#include "common/str_cat.h"

namespace floe::iceberg {

NestedField NestedField::Of(int32_t id, std::string name, bool required, TypePtr type,
                            std::string doc) {
  NestedField f;
  f.id = id;
  f.name = std::move(name);
  f.required = required;
  f.type = std::move(type);
  f.doc = std::move(doc);
  return f;
}

NestedField NestedField::Required(int32_t id, std::string name, TypePtr type, std::string doc) {
  return Of(id, std::move(name), true, std::move(type), std::move(doc));
}

NestedField NestedField::Optional(int32_t id, std::string name, TypePtr type, std::string doc) {
  return Of(id, std::move(name), false, std::move(type), std::move(doc));
}

namespace {

struct PrimitiveName {
  const char* name;
  TypeId id;
};

constexpr PrimitiveName kPrimitives[] = {
    {"boolean", TypeId::kBoolean},
    {"int", TypeId::kInt},
    {"long", TypeId::kLong},
    {"float", TypeId::kFloat},
    {"double", TypeId::kDouble},
    {"date", TypeId::kDate},
    {"time", TypeId::kTime},
    {"timestamp", TypeId::kTimestamp},
    {"timestamptz", TypeId::kTimestampTz},
    {"string", TypeId::kString},
    {"uuid", TypeId::kUuid},
    {"binary", TypeId::kBinary},
    {"timestamp_ns", TypeId::kTimestampNs},
    {"timestamptz_ns", TypeId::kTimestampTzNs},
    {"variant", TypeId::kVariant},
    {"unknown", TypeId::kUnknown},
};

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Parses "decimal(P, S)" / "fixed[L]" (spaces allowed).
bool ParseParams(std::string_view s, std::string_view prefix, char open, char close,
                 std::vector<int64_t>* out) {
  if (s.substr(0, prefix.size()) != prefix) return false;
  s.remove_prefix(prefix.size());
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  if (s.empty() || s.front() != open || s.back() != close) return false;
  s = s.substr(1, s.size() - 2);
  out->clear();
  size_t i = 0;
  while (i <= s.size()) {
    while (i < s.size() && s[i] == ' ') ++i;
    size_t start = i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
    if (i == start || i - start > 9) return false;
    out->push_back(std::stoll(std::string(s.substr(start, i - start))));
    while (i < s.size() && s[i] == ' ') ++i;
    if (i == s.size()) break;
    if (s[i] != ',') return false;
    ++i;
  }
  return true;
}

Result<NestedField> FieldFromJson(const json::Value& v, const std::string& path, const char* id_key,
                                  const char* name, const char* required_key,
                                  const char* type_key) {
  NestedField f;
  const json::Value* id = v.Find(id_key);
  if (id == nullptr || !id->is_integer() || id->AsInt64() < 0 || id->AsInt64() > INT32_MAX) {
    return Status::Invalid(path, ".", id_key, ": a non-negative integer field id is required");
  }
  f.id = static_cast<int32_t>(id->AsInt64());
  if (name != nullptr) {
    f.name = name;
  } else {
    const json::Value* n = v.Find("name");
    if (n == nullptr || !n->is_string())
      return Status::Invalid(path, ".name: a string is required");
    f.name = n->AsString();
  }
  const json::Value* req = v.Find(required_key);
  if (req == nullptr || !req->is_bool())
    return Status::Invalid(path, ".", required_key, ": a boolean is required");
  f.required = req->AsBool();
  const json::Value* t = v.Find(type_key);
  if (t == nullptr) return Status::Invalid(path, ".", type_key, ": missing");
  FLOE_ASSIGN_OR_RETURN(f.type, TypeFromJson(*t, StrCat(path, ".", type_key)));
  return f;
}

}  // namespace

const char* TypeIdName(TypeId id) {
  for (const auto& p : kPrimitives) {
    if (p.id == id) return p.name;
  }
  switch (id) {
    case TypeId::kDecimal:
      return "decimal";
    case TypeId::kFixed:
      return "fixed";
    case TypeId::kStruct:
      return "struct";
    case TypeId::kList:
      return "list";
    case TypeId::kMap:
      return "map";
    case TypeId::kGeometry:
      return "geometry";
    case TypeId::kGeography:
      return "geography";
    default:
      return "?";
  }
}

TypePtr Type::Primitive(TypeId id) { return TypePtr(new Type(id)); }

TypePtr Type::Decimal(int precision, int scale) {
  auto* t = new Type(TypeId::kDecimal);
  t->precision_ = precision;
  t->scale_ = scale;
  return TypePtr(t);
}

TypePtr Type::Fixed(int64_t length) {
  auto* t = new Type(TypeId::kFixed);
  t->length_ = length;
  return TypePtr(t);
}

TypePtr Type::Struct(std::vector<NestedField> fields) {
  auto* t = new Type(TypeId::kStruct);
  t->fields_ = std::move(fields);
  return TypePtr(t);
}

TypePtr Type::List(NestedField element) {
  auto* t = new Type(TypeId::kList);
  element.name = "element";
  t->fields_.push_back(std::move(element));
  return TypePtr(t);
}

TypePtr Type::Map(NestedField key, NestedField value) {
  auto* t = new Type(TypeId::kMap);
  key.name = "key";
  key.required = true;
  value.name = "value";
  t->fields_.push_back(std::move(key));
  t->fields_.push_back(std::move(value));
  return TypePtr(t);
}

std::string Type::ToString() const {
  switch (id_) {
    case TypeId::kDecimal:
      return StrCat("decimal(", precision_, ", ", scale_, ")");
    case TypeId::kFixed:
      return StrCat("fixed[", length_, "]");
    case TypeId::kStruct: {
      std::string s = "struct<";
      for (size_t i = 0; i < fields_.size(); ++i) {
        if (i) s += ", ";
        s += StrCat(fields_[i].id, ": ", fields_[i].name, ": ",
                    fields_[i].required ? "required " : "optional ", fields_[i].type->ToString());
      }
      return s + ">";
    }
    case TypeId::kList:
      return StrCat("list<", fields_[0].type->ToString(), ">");
    case TypeId::kMap:
      return StrCat("map<", fields_[0].type->ToString(), ", ", fields_[1].type->ToString(), ">");
    default:
      return TypeIdName(id_);
  }
}

bool Type::operator==(const Type& o) const {
  if (id_ != o.id_ || precision_ != o.precision_ || scale_ != o.scale_ || length_ != o.length_ ||
      fields_.size() != o.fields_.size()) {
    return false;
  }
  for (size_t i = 0; i < fields_.size(); ++i) {
    const NestedField &a = fields_[i], &b = o.fields_[i];
    if (a.id != b.id || a.name != b.name || a.required != b.required || *a.type != *b.type)
      return false;
  }
  return true;
}

bool UsesV3OnlyType(const Type& t, std::string* what) {
  switch (t.id()) {
    case TypeId::kTimestampNs:
    case TypeId::kTimestampTzNs:
    case TypeId::kVariant:
    case TypeId::kUnknown:
    case TypeId::kGeometry:
    case TypeId::kGeography:
      *what = StrCat("the ", t.ToString(), " type");
      return true;
    default:
      break;
  }
  for (const auto& f : t.fields()) {
    if (UsesV3OnlyType(*f.type, what)) return true;
  }
  return false;
}

json::Value TypeToJson(const Type& t) {
  auto field_json = [](const NestedField& f) {
    json::Value o = json::Value::Object();
    o.Set("id", json::Value::Int(f.id));
    o.Set("name", json::Value::String(f.name));
    o.Set("required", json::Value::Bool(f.required));
    o.Set("type", TypeToJson(*f.type));
    if (!f.doc.empty()) o.Set("doc", json::Value::String(f.doc));
    if (f.initial_default) o.Set("initial-default", *f.initial_default);
    if (f.write_default) o.Set("write-default", *f.write_default);
    return o;
  };
  switch (t.id()) {
    case TypeId::kStruct: {
      json::Value o = json::Value::Object();
      o.Set("type", json::Value::String("struct"));
      json::Value fields = json::Value::Array();
      for (const auto& f : t.fields()) fields.Append(field_json(f));
      o.Set("fields", std::move(fields));
      return o;
    }
    case TypeId::kList: {
      const NestedField& e = t.fields()[0];
      json::Value o = json::Value::Object();
      o.Set("type", json::Value::String("list"));
      o.Set("element-id", json::Value::Int(e.id));
      o.Set("element", TypeToJson(*e.type));
      o.Set("element-required", json::Value::Bool(e.required));
      return o;
    }
    case TypeId::kMap: {
      const NestedField &k = t.fields()[0], &v = t.fields()[1];
      json::Value o = json::Value::Object();
      o.Set("type", json::Value::String("map"));
      o.Set("key-id", json::Value::Int(k.id));
      o.Set("key", TypeToJson(*k.type));
      o.Set("value-id", json::Value::Int(v.id));
      o.Set("value", TypeToJson(*v.type));
      o.Set("value-required", json::Value::Bool(v.required));
      return o;
    }
    default:
      return json::Value::String(t.ToString());
  }
}

Result<TypePtr> TypeFromJson(const json::Value& v, const std::string& path) {
  if (v.is_string()) {
    const std::string& s = v.AsString();
    for (const auto& p : kPrimitives) {
      if (s == p.name) return Type::Primitive(p.id);
    }
    std::vector<int64_t> params;
    if (ParseParams(s, "decimal", '(', ')', &params) && params.size() == 2) {
      if (params[0] < 1 || params[0] > 38 || params[1] > params[0]) {
        return Status::Invalid(path, ": '", s,
                               "' needs 1 <= precision <= 38 and scale <= precision");
      }
      return Type::Decimal(static_cast<int>(params[0]), static_cast<int>(params[1]));
    }
    if (ParseParams(s, "fixed", '[', ']', &params) && params.size() == 1) {
      if (params[0] < 1) return Status::Invalid(path, ": '", s, "' needs a positive length");
      return Type::Fixed(params[0]);
    }
    if (s.rfind("geometry", 0) == 0) return Type::Primitive(TypeId::kGeometry);
    if (s.rfind("geography", 0) == 0) return Type::Primitive(TypeId::kGeography);
    return Status::Invalid(path, ": unknown type '", s, "'");
  }
  if (!v.is_object()) return Status::Invalid(path, ": a type must be a string or an object");
  const json::Value* kind = v.Find("type");
  if (kind == nullptr || !kind->is_string())
    return Status::Invalid(path, ".type: a string is required");
  const std::string& k = kind->AsString();
  if (k == "struct") {
    const json::Value* fields = v.Find("fields");
    if (fields == nullptr || !fields->is_array())
      return Status::Invalid(path, ".fields: an array is required");
    std::vector<NestedField> out;
    for (size_t i = 0; i < fields->items().size(); ++i) {
      const json::Value& fv = fields->items()[i];
      std::string fp = StrCat(path, ".fields[", i, "]");
      if (!fv.is_object()) return Status::Invalid(fp, ": a field must be an object");
      FLOE_ASSIGN_OR_RETURN(NestedField f,
                            FieldFromJson(fv, fp, "id", nullptr, "required", "type"));
      if (const json::Value* doc = fv.Find("doc"); doc && doc->is_string()) f.doc = doc->AsString();
      if (const json::Value* d = fv.Find("initial-default")) f.initial_default = *d;
      if (const json::Value* d = fv.Find("write-default")) f.write_default = *d;
      out.push_back(std::move(f));
    }
    return Type::Struct(std::move(out));
  }
  if (k == "list") {
    FLOE_ASSIGN_OR_RETURN(NestedField e, FieldFromJson(v, path, "element-id", "element",
                                                       "element-required", "element"));
    return Type::List(std::move(e));
  }
  if (k == "map") {
    NestedField key;
    const json::Value* kid = v.Find("key-id");
    if (kid == nullptr || !kid->is_integer() || kid->AsInt64() < 0 || kid->AsInt64() > INT32_MAX) {
      return Status::Invalid(path, ".key-id: a non-negative integer field id is required");
    }
    key.id = static_cast<int32_t>(kid->AsInt64());
    const json::Value* kt = v.Find("key");
    if (kt == nullptr) return Status::Invalid(path, ".key: missing");
    FLOE_ASSIGN_OR_RETURN(key.type, TypeFromJson(*kt, path + ".key"));
    FLOE_ASSIGN_OR_RETURN(NestedField value,
                          FieldFromJson(v, path, "value-id", "value", "value-required", "value"));
    return Type::Map(std::move(key), std::move(value));
  }
  return Status::Invalid(path, ": unknown type '", k, "'");
}

Schema::Schema(int32_t schema_id, std::vector<NestedField> fields,
               std::vector<int32_t> identifier_field_ids)
    : schema_id_(schema_id),
      struct_(Type::Struct(std::move(fields))),
      identifier_field_ids_(std::move(identifier_field_ids)) {
  Index();
}

bool Schema::Index() {
  by_id_.clear();
  by_name_.clear();
  by_lower_name_.clear();
  names_.clear();
  bool unique = true;
  std::function<void(const NestedField&, const std::string&)> visit =
      [&](const NestedField& f, const std::string& prefix) {
        std::string name = prefix.empty() ? f.name : prefix + "." + f.name;
        unique = by_id_.emplace(f.id, &f).second && unique;
        names_[f.id] = name;
        by_name_.emplace(name, f.id);
        by_lower_name_.emplace(Lower(name), f.id);
        for (const auto& c : f.type->fields()) visit(c, name);
      };
  for (const auto& f : struct_->fields()) visit(f, "");
  return unique;
}

const NestedField* Schema::FindField(int32_t id) const {
  auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : it->second;
}

const NestedField* Schema::FindField(std::string_view dotted_name) const {
  auto it = by_name_.find(std::string(dotted_name));
  return it == by_name_.end() ? nullptr : FindField(it->second);
}

const NestedField* Schema::FindFieldIgnoreCase(std::string_view dotted_name) const {
  auto it = by_lower_name_.find(Lower(dotted_name));
  return it == by_lower_name_.end() ? nullptr : FindField(it->second);
}

std::string Schema::FieldName(int32_t id) const {
  auto it = names_.find(id);
  return it == names_.end() ? std::string() : it->second;
}

int32_t Schema::HighestFieldId() const {
  int32_t m = 0;
  for (const auto& [id, f] : by_id_) m = std::max(m, id);
  return m;
}

json::Value Schema::ToJson() const {
  json::Value o = TypeToJson(*struct_);
  // Spec order: type, schema-id, identifier-field-ids, fields.
  json::Value out = json::Value::Object();
  out.Set("type", json::Value::String("struct"));
  out.Set("schema-id", json::Value::Int(schema_id_));
  if (!identifier_field_ids_.empty()) {
    json::Value ids = json::Value::Array();
    for (int32_t id : identifier_field_ids_) ids.Append(json::Value::Int(id));
    out.Set("identifier-field-ids", std::move(ids));
  }
  out.Set("fields", *o.Find("fields"));
  return out;
}

Result<Schema> Schema::FromJson(const json::Value& v) {
  if (!v.is_object()) return Status::Invalid("schema: an object is required");
  FLOE_ASSIGN_OR_RETURN(TypePtr t, TypeFromJson(v, "schema"));
  if (t->id() != TypeId::kStruct) return Status::Invalid("schema: the type must be a struct");
  Schema s;
  s.struct_ = t;
  if (const json::Value* id = v.Find("schema-id")) {
    if (!id->is_integer()) return Status::Invalid("schema.schema-id: an integer is required");
    s.schema_id_ = static_cast<int32_t>(id->AsInt64());
  }
  if (const json::Value* ids = v.Find("identifier-field-ids")) {
    if (!ids->is_array())
      return Status::Invalid("schema.identifier-field-ids: an array is required");
    for (const auto& i : ids->items()) {
      if (!i.is_integer())
        return Status::Invalid("schema.identifier-field-ids: integers are required");
      s.identifier_field_ids_.push_back(static_cast<int32_t>(i.AsInt64()));
    }
  }
  if (!s.Index()) return Status::Invalid("schema ", s.schema_id_, ": field ids are not unique");
  return s;
}

}  // namespace floe::iceberg
