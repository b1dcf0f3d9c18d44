#include "formats/avro/schema.h"

#include <map>

namespace floe::formats::avro {

const char* AvroTypeName(AvroType t) {
  switch (t) {
    case AvroType::kNull:
      return "null";
    case AvroType::kBoolean:
      return "boolean";
    case AvroType::kInt:
      return "int";
    case AvroType::kLong:
      return "long";
    case AvroType::kFloat:
      return "float";
    case AvroType::kDouble:
      return "double";
    case AvroType::kBytes:
      return "bytes";
    case AvroType::kString:
      return "string";
    case AvroType::kRecord:
      return "record";
    case AvroType::kEnum:
      return "enum";
    case AvroType::kArray:
      return "array";
    case AvroType::kMap:
      return "map";
    case AvroType::kUnion:
      return "union";
    case AvroType::kFixed:
      return "fixed";
  }
  return "?";
}

namespace {
constexpr int kMaxDepth = 128;

bool PrimitiveFromName(std::string_view n, AvroType* t) {
  static const std::pair<const char*, AvroType> kPrims[] = {
      {"null", AvroType::kNull},   {"boolean", AvroType::kBoolean}, {"int", AvroType::kInt},
      {"long", AvroType::kLong},   {"float", AvroType::kFloat},     {"double", AvroType::kDouble},
      {"bytes", AvroType::kBytes}, {"string", AvroType::kString}};
  for (auto& [name, type] : kPrims) {
    if (n == name) {
      *t = type;
      return true;
    }
  }
  return false;
}
}  // namespace

class SchemaParser {
 public:
  explicit SchemaParser(Schema* s) : s_(s) {}

  Result<int> ParseNode(const json::Value& v, const std::string& ns, const std::string& where,
                        int depth) {
    if (depth > kMaxDepth) return Status::Invalid(where, ": schema nests deeper than ", kMaxDepth);
    if (v.is_string()) return Resolve(v.AsString(), ns, where);
    if (v.is_array()) {
      Node n;
      n.type = AvroType::kUnion;
      int index = Add(std::move(n));
      for (size_t i = 0; i < v.items().size(); ++i) {
        if (v.items()[i].is_array())
          return Status::Invalid(where, ": a union may not directly contain a union");
        FLOE_ASSIGN_OR_RETURN(int b,
                              ParseNode(v.items()[i], ns, StrCat(where, "[", i, "]"), depth + 1));
        s_->nodes_[static_cast<size_t>(index)].branches.push_back(b);
      }
      return index;
    }
    if (!v.is_object())
      return Status::Invalid(where, ": a schema must be a string, an array or an object");
    const json::Value* type = v.Find("type");
    if (type == nullptr) return Status::Invalid(where, ": schema object without \"type\"");
    if (!type->is_string()) {
      // {"type": {...}} or {"type": [...]}: the inner schema (attributes on the wrapper are
      // dropped).
      return ParseNode(*type, ns, where, depth + 1);
    }
    const std::string& t = type->AsString();
    Node n;
    AvroType prim;
    if (PrimitiveFromName(t, &prim)) {
      n.type = prim;
      for (const auto& m : v.members()) {
        if (m.first == "type") continue;
        if (m.first == "logicalType" && m.second.is_string()) n.logical_type = m.second.AsString();
        if (m.first == "precision" && m.second.is_integer())
          n.precision = static_cast<int>(m.second.AsInt64());
        if (m.first == "scale" && m.second.is_integer())
          n.scale = static_cast<int>(m.second.AsInt64());
        n.attributes.push_back(m);
      }
      return Add(std::move(n));
    }
    if (t == "array" || t == "map") {
      n.type = t == "array" ? AvroType::kArray : AvroType::kMap;
      const json::Value* child = v.Find(t == "array" ? "items" : "values");
      if (child == nullptr)
        return Status::Invalid(where, ": ", t, " without \"", t == "array" ? "items" : "values",
                               "\"");
      for (const auto& m : v.members()) {
        if (m.first == "type" || m.first == (t == "array" ? "items" : "values")) continue;
        if (m.first == "logicalType" && m.second.is_string()) n.logical_type = m.second.AsString();
        n.attributes.push_back(m);
      }
      int index = Add(std::move(n));
      FLOE_ASSIGN_OR_RETURN(
          int c,
          ParseNode(*child, ns, StrCat(where, ".", t == "array" ? "items" : "values"), depth + 1));
      s_->nodes_[static_cast<size_t>(index)].items = c;
      return index;
    }
    if (t == "record" || t == "error" || t == "enum" || t == "fixed") {
      auto name_or = v.GetString("name");
      if (!name_or.ok()) return Status::Invalid(where, ": ", t, " without a name");
      std::string name = *name_or;
      std::string space = ns;
      if (const json::Value* n_s = v.Find("namespace"); n_s != nullptr && n_s->is_string())
        space = n_s->AsString();
      std::string full =
          name.find('.') != std::string::npos || space.empty() ? name : space + "." + name;
      std::string child_ns =
          full.rfind('.') == std::string::npos ? "" : full.substr(0, full.rfind('.'));
      if (named_.count(full)) return Status::Invalid(where, ": type '", full, "' is defined twice");
      n.name = full;
      if (t == "enum") {
        n.type = AvroType::kEnum;
        const json::Value* syms = v.Find("symbols");
        if (syms == nullptr || !syms->is_array())
          return Status::Invalid(where, ": enum '", full, "' without symbols");
        for (const auto& sym : syms->items()) {
          if (!sym.is_string())
            return Status::Invalid(where, ": enum '", full, "' has a non-string symbol");
          n.symbols.push_back(sym.AsString());
        }
      } else if (t == "fixed") {
        n.type = AvroType::kFixed;
        auto size = v.GetInt64("size");
        if (!size.ok() || *size < 0)
          return Status::Invalid(where, ": fixed '", full, "' needs a non-negative size");
        n.size = *size;
      } else {
        n.type = AvroType::kRecord;
      }
      for (const auto& m : v.members()) {
        if (m.first == "type" || m.first == "name" || m.first == "namespace" ||
            m.first == "fields" || m.first == "symbols" || m.first == "size") {
          continue;
        }
        if (m.first == "logicalType" && m.second.is_string()) n.logical_type = m.second.AsString();
        if (m.first == "precision" && m.second.is_integer())
          n.precision = static_cast<int>(m.second.AsInt64());
        if (m.first == "scale" && m.second.is_integer())
          n.scale = static_cast<int>(m.second.AsInt64());
        n.attributes.push_back(m);
      }
      int index = Add(std::move(n));
      named_[full] = index;
      if (t == "record" || t == "error") {
        const json::Value* fields = v.Find("fields");
        if (fields == nullptr || !fields->is_array())
          return Status::Invalid(where, ": record '", full, "' without fields");
        for (const auto& f : fields->items()) {
          Field field;
          auto fname = f.GetString("name");
          if (!fname.ok())
            return Status::Invalid(where, ": a field of record '", full, "' has no name");
          field.name = *fname;
          const json::Value* ftype = f.Find("type");
          if (ftype == nullptr)
            return Status::Invalid(where, ": field '", field.name, "' has no type");
          FLOE_ASSIGN_OR_RETURN(
              field.type, ParseNode(*ftype, child_ns, StrCat(where, ".", field.name), depth + 1));
          for (const auto& m : f.members()) {
            if (m.first == "name" || m.first == "type") continue;
            if (m.first == "default") {
              field.has_default = true;
              field.default_value = m.second;
              continue;
            }
            field.attributes.push_back(m);
          }
          s_->nodes_[static_cast<size_t>(index)].fields.push_back(std::move(field));
        }
      }
      return index;
    }
    return Resolve(t, ns, where);
  }

 private:
  int Add(Node n) {
    s_->nodes_.push_back(std::move(n));
    return static_cast<int>(s_->nodes_.size()) - 1;
  }

  Result<int> Resolve(const std::string& name, const std::string& ns, const std::string& where) {
    AvroType prim;
    if (PrimitiveFromName(name, &prim)) {
      Node n;
      n.type = prim;
      return Add(std::move(n));
    }
    auto it = named_.find(name);
    if (it == named_.end() && !ns.empty()) it = named_.find(ns + "." + name);
    if (it == named_.end()) return Status::Invalid(where, ": unknown type '", name, "'");
    return it->second;
  }

  Schema* s_;
  std::map<std::string, int> named_;
};

Result<Schema> Schema::FromJson(const json::Value& value) {
  Schema s;
  SchemaParser p(&s);
  FLOE_ASSIGN_OR_RETURN(s.root_, p.ParseNode(value, "", "schema", 0));
  return s;
}

Result<Schema> Schema::Parse(std::string_view text) {
  auto v = json::Parse(text);
  if (!v.ok()) return v.status().WithContext("Avro schema");
  return FromJson(*v);
}

namespace {
json::Value NodeToJson(const Schema& s, int i, std::vector<bool>* written) {
  const Node& n = s.node(i);
  using json::Value;
  auto with_attrs = [&](Value obj) {
    for (const auto& a : n.attributes) obj.Set(a.first, a.second);
    return obj;
  };
  switch (n.type) {
    case AvroType::kUnion: {
      Value arr = Value::Array();
      for (int b : n.branches) arr.Append(NodeToJson(s, b, written));
      return arr;
    }
    case AvroType::kArray:
    case AvroType::kMap: {
      bool array = n.type == AvroType::kArray;
      Value obj = Value::Object({{"type", Value::String(array ? "array" : "map")},
                                 {array ? "items" : "values", NodeToJson(s, n.items, written)}});
      return with_attrs(std::move(obj));
    }
    case AvroType::kRecord:
    case AvroType::kEnum:
    case AvroType::kFixed: {
      if ((*written)[static_cast<size_t>(i)]) return Value::String(n.name);
      (*written)[static_cast<size_t>(i)] = true;
      Value obj = Value::Object(
          {{"type", Value::String(AvroTypeName(n.type))}, {"name", Value::String(n.name)}});
      if (n.type == AvroType::kEnum) {
        Value syms = Value::Array();
        for (const auto& sym : n.symbols) syms.Append(Value::String(sym));
        obj.Set("symbols", std::move(syms));
      } else if (n.type == AvroType::kFixed) {
        obj.Set("size", Value::Int(n.size));
      } else {
        Value fields = Value::Array();
        for (const auto& f : n.fields) {
          Value fo = Value::Object(
              {{"name", Value::String(f.name)}, {"type", NodeToJson(s, f.type, written)}});
          if (f.has_default) fo.Set("default", f.default_value);
          for (const auto& a : f.attributes) fo.Set(a.first, a.second);
          fields.Append(std::move(fo));
        }
        obj.Set("fields", std::move(fields));
      }
      // The full name carries the namespace.
      for (const auto& a : n.attributes) obj.Set(a.first, a.second);
      return obj;
    }
    default:
      if (n.attributes.empty()) return Value::String(AvroTypeName(n.type));
      return with_attrs(Value::Object({{"type", Value::String(AvroTypeName(n.type))}}));
  }
}
}  // namespace

json::Value Schema::ToJson() const {
  std::vector<bool> written(nodes_.size(), false);
  return NodeToJson(*this, root_, &written);
}

}  // namespace floe::formats::avro
