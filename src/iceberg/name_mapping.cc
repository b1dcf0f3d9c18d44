#include "iceberg/name_mapping.h"

#include "common/json.h"
#include "iceberg/table_metadata.h"

namespace floe::iceberg {

namespace {

Status ParseFields(const json::Value& v, const std::string& path, int depth,
                   std::vector<MappedField>* out) {
  // Nesting follows the table schema, which the JSON parser already bounds;
  // the check keeps a hostile property from recursing without limit.
  if (depth > 64) return Status::Invalid("name mapping ", path, ": nested too deeply");
  if (!v.is_array()) return Status::Invalid("name mapping ", path, ": a list is required");
  for (size_t i = 0; i < v.items().size(); ++i) {
    const json::Value& item = v.items()[i];
    std::string at = StrCat(path, "[", i, "]");
    if (!item.is_object()) return Status::Invalid("name mapping ", at, ": an object is required");
    MappedField f;
    if (const json::Value* id = item.Find("field-id"); id && !id->is_null()) {
      if (!id->is_integer() || id->AsInt64() < INT32_MIN || id->AsInt64() > INT32_MAX) {
        return Status::Invalid("name mapping ", at, ".field-id: a 32-bit integer is required");
      }
      f.field_id = static_cast<int32_t>(id->AsInt64());
    }
    if (const json::Value* names = item.Find("names"); names && !names->is_null()) {
      if (!names->is_array())
        return Status::Invalid("name mapping ", at, ".names: a list is required");
      for (size_t n = 0; n < names->items().size(); ++n) {
        if (!names->items()[n].is_string()) {
          return Status::Invalid("name mapping ", at, ".names[", n, "]: a string is required");
        }
        f.names.push_back(names->items()[n].AsString());
      }
    }
    if (const json::Value* fields = item.Find("fields"); fields && !fields->is_null()) {
      FLOE_RETURN_NOT_OK(ParseFields(*fields, at + ".fields", depth + 1, &f.fields));
    }
    out->push_back(std::move(f));
  }
  return Status::OK();
}

}  // namespace

Result<NameMapping> NameMapping::Parse(std::string_view text) {
  auto v = json::Parse(text);
  if (!v.ok()) return v.status().WithContext("name mapping");
  NameMapping m;
  FLOE_RETURN_NOT_OK(ParseFields(*v, "", 0, &m.fields_));
  return m;
}

Result<std::optional<NameMapping>> NameMapping::FromTable(const TableMetadata& metadata) {
  auto it = metadata.properties.find(kNameMappingProperty);
  if (it == metadata.properties.end()) return std::optional<NameMapping>();
  auto m = Parse(it->second);
  if (!m.ok()) return m.status().WithContext(StrCat("table property ", kNameMappingProperty));
  return std::optional<NameMapping>(std::move(m).ValueOrDie());
}

const MappedField* NameMapping::Find(const std::vector<MappedField>& fields,
                                     std::string_view name) {
  for (const MappedField& f : fields) {
    for (const std::string& n : f.names) {
      if (n == name) return &f;
    }
  }
  return nullptr;
}

}  // namespace floe::iceberg
