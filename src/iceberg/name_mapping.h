#pragma once

// Name mapping (spec "Column Projection", "Name Mapping Serialization"):
// the table property schema.name-mapping.default maps the column names of
// data files written without field ids (tables migrated from Hive or
// Impala, files written by engines that leave ids out) to field ids.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace floe::iceberg {

struct TableMetadata;

/// The table property holding a table's default name mapping.
inline constexpr char kNameMappingProperty[] = "schema.name-mapping.default";

/// One entry of a name mapping: the names a field had in files, its id
/// (absent when the names map to no field), and the mapping of its nested
/// fields (struct fields; "element" of a list; "key" and "value" of a map).
struct MappedField {
  std::optional<int32_t> field_id;
  std::vector<std::string> names;
  std::vector<MappedField> fields;
};

/// A parsed name mapping. Immutable after Parse; thread-safe to share.
class NameMapping {
 public:
  /// Parses the JSON form: a list of {"field-id", "names", "fields"}.
  /// Invalid names the JSON path of what is wrong ("[2].names[0]").
  static Result<NameMapping> Parse(std::string_view json);
  /// The table's default mapping, or nullopt when it has none; Invalid
  /// (naming the property) when the property does not parse.
  static Result<std::optional<NameMapping>> FromTable(const TableMetadata& metadata);

  const std::vector<MappedField>& fields() const { return fields_; }
  /// The top-level entry that lists `name`, or nullptr.
  const MappedField* Find(std::string_view name) const { return Find(fields_, name); }
  /// The entry of `fields` that lists `name` (exactly), or nullptr.
  static const MappedField* Find(const std::vector<MappedField>& fields, std::string_view name);

 private:
  std::vector<MappedField> fields_;
};

}  // namespace floe::iceberg
