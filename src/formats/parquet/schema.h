#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "columnar/logical_type.h"
#include "common/result.h"
#include "formats/parquet/metadata.h"

namespace floe::formats::parquet {

/// What a schema node is once the LIST/MAP annotations (and their
/// backward-compatibility rules, LogicalTypes.md) are applied.
enum class NodeKind : uint8_t { kPrimitive, kStruct, kList, kMap };

/// One node of a file's schema tree with the SQL type it reads as.
struct SchemaNode {
  std::string name;
  std::optional<int32_t> field_id;
  FieldRepetitionType repetition = FieldRepetitionType::REQUIRED;
  NodeKind kind = NodeKind::kPrimitive;
  /// The SQL type of the node's values (for a list: array(element), ...).
  columnar::LogicalType type;
  /// The SchemaElement this node came from (index into FileMetaData.schema).
  int element_index = -1;
  /// Definition / repetition level of this node: values of the node are
  /// present (not null) when the leaf's def level >= def_level.
  int16_t def_level = 0;
  int16_t rep_level = 0;
  /// Lists and maps: the levels of the repeated field under them. An
  /// instance has at least one element when def >= repeated_def_level; a
  /// level entry with rep == repeated_rep_level continues the same instance.
  int16_t repeated_def_level = 0;
  int16_t repeated_rep_level = 0;
  /// Primitive nodes: the leaf column index, physical type and annotations.
  int column_index = -1;
  Type physical_type = Type::INT32;
  int32_t type_length = 0;
  /// Struct: fields. List: the element. Map: key then value.
  std::vector<SchemaNode> children;

  bool nullable() const { return repetition == FieldRepetitionType::OPTIONAL; }
};

/// One leaf column: its path and levels.
struct ColumnDescriptor {
  std::vector<std::string> path;
  const SchemaNode* node = nullptr;
  int16_t max_def_level = 0;
  int16_t max_rep_level = 0;
};

/// The schema of a Parquet file as a tree of typed nodes plus the flat list
/// of leaf columns that the column chunks follow.
class FileSchema {
 public:
  /// Builds the tree from the footer's flattened schema; Corruption when the
  /// element list is malformed (children counts past the end, a leaf without
  /// a type, ...), NotSupported for types floe cannot read.
  static Result<std::unique_ptr<FileSchema>> Make(const std::vector<SchemaElement>& elements);

  /// The root: a struct whose children are the top-level fields.
  const SchemaNode& root() const { return root_; }
  int num_columns() const { return static_cast<int>(columns_.size()); }
  const ColumnDescriptor& column(int i) const { return columns_[static_cast<size_t>(i)]; }
  /// The top-level field with this Iceberg field id, or nullptr.
  const SchemaNode* FindFieldById(int32_t field_id) const;
  /// The top-level field with this name (exact), or nullptr.
  const SchemaNode* FindFieldByName(const std::string& name) const;

 private:
  FileSchema() = default;
  SchemaNode root_;
  std::vector<ColumnDescriptor> columns_;
};

/// The SQL type a leaf reads as, from its physical type and annotations.
Result<columnar::LogicalType> LeafType(const SchemaElement& element);

}  // namespace floe::formats::parquet
