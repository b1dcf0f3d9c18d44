#pragma once

// Table metadata (spec "Table Metadata"): the JSON file a catalog points
// at. Format versions 1 and 2 are read and written (v1 tables stay v1 until
// upgraded); v3 metadata is read, its unknown parts kept. Fields floe does
// not model survive a rewrite.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/json.h"
#include "common/result.h"
#include "iceberg/schema.h"
#include "iceberg/transform.h"

namespace floe::iceberg {

struct PartitionField {
  int32_t source_id = 0;
  int32_t field_id = 0;
  std::string name;
  Transform transform = Transform::Identity();
};

struct PartitionSpec {
  int32_t spec_id = 0;
  std::vector<PartitionField> fields;

  bool is_unpartitioned() const;
  /// The partition tuple's struct type (field ids and result types) under
  /// `schema`; Invalid when a source field is missing or does not take its
  /// transform.
  Result<TypePtr> PartitionType(const Schema& schema) const;
  /// The directory of a partition under data/, named as Spark and Trino
  /// name it: "order_ts_day=2025-12-31/region=eu", each part
  /// field=ToHumanString(value) URL-encoded (Java's URLEncoder: letters,
  /// digits and ".-*_" kept, space as '+', other bytes %XX). REQUIRES:
  /// `tuple` and `partition_type` have one entry per field.
  std::string PartitionPath(const std::vector<Literal>& tuple, const Type& partition_type) const;
  json::Value ToJson() const;
  static Result<PartitionSpec> FromJson(const json::Value& v, const std::string& path);
};

struct SortField {
  Transform transform = Transform::Identity();
  int32_t source_id = 0;
  bool descending = false;
  bool nulls_first = true;
};

struct SortOrder {
  int32_t order_id = 0;
  std::vector<SortField> fields;
  json::Value ToJson() const;
  static Result<SortOrder> FromJson(const json::Value& v, const std::string& path);
};

struct Snapshot {
  int64_t snapshot_id = 0;
  std::optional<int64_t> parent_snapshot_id;
  int64_t sequence_number = 0;  // 0 in v1
  int64_t timestamp_ms = 0;
  std::string manifest_list;           // empty for v1 snapshots that list manifests inline
  std::vector<std::string> manifests;  // v1 only
  /// "operation" first, then the other summary entries in file order.
  std::vector<std::pair<std::string, std::string>> summary;
  std::optional<int32_t> schema_id;
  std::vector<json::Value::Member> unknown;  // e.g. v3 first-row-id, added-rows

  std::string operation() const;
  /// A summary entry, or "" when absent.
  std::string SummaryValue(std::string_view key) const;

  /// The snapshot's JSON (spec "Snapshots"; the REST spec's Snapshot).
  /// sequence-number is written when `write_sequence_number` (format v2+
  /// metadata) and otherwise only when it is not 0, as Java does.
  json::Value ToJson(bool write_sequence_number) const;
  /// From format version 2 on, sequence-number, manifest-list and summary
  /// are required. Invalid names `path` and the member.
  static Result<Snapshot> FromJson(const json::Value& v, const std::string& path,
                                   int format_version);
};

struct SnapshotRef {
  int64_t snapshot_id = 0;
  bool is_branch = true;  // "branch" or "tag"
  std::optional<int32_t> min_snapshots_to_keep;
  std::optional<int64_t> max_snapshot_age_ms;
  std::optional<int64_t> max_ref_age_ms;
};

struct SnapshotLogEntry {
  int64_t timestamp_ms = 0;
  int64_t snapshot_id = 0;
};

struct MetadataLogEntry {
  int64_t timestamp_ms = 0;
  std::string metadata_file;
};

struct TableMetadata {
  int format_version = 2;
  std::string table_uuid;
  std::string location;
  int64_t last_sequence_number = 0;
  int64_t last_updated_ms = 0;
  int32_t last_column_id = 0;
  std::vector<Schema> schemas;
  int32_t current_schema_id = 0;
  std::vector<PartitionSpec> specs;
  int32_t default_spec_id = 0;
  int32_t last_partition_id = 0;
  std::map<std::string, std::string> properties;
  std::optional<int64_t> current_snapshot_id;
  std::vector<Snapshot> snapshots;
  std::vector<SnapshotLogEntry> snapshot_log;
  std::vector<MetadataLogEntry> metadata_log;
  std::vector<SortOrder> sort_orders;
  int32_t default_sort_order_id = 0;
  std::map<std::string, SnapshotRef> refs;
  std::optional<json::Value> statistics;            // kept as written
  std::optional<json::Value> partition_statistics;  // kept as written
  std::vector<json::Value::Member> unknown;         // other top-level fields, kept

  const Schema* SchemaById(int32_t id) const;
  const Schema* current_schema() const { return SchemaById(current_schema_id); }
  const PartitionSpec* SpecById(int32_t id) const;
  const PartitionSpec* default_spec() const { return SpecById(default_spec_id); }
  const SortOrder* SortOrderById(int32_t id) const;
  const Snapshot* SnapshotById(int64_t id) const;
  const Snapshot* current_snapshot() const;
  /// A table property, or `fallback`.
  std::string Property(const std::string& key, const std::string& fallback = "") const;

  /// The JSON of the metadata file (v1 also carries the single schema and
  /// partition-spec fields older readers look for).
  json::Value ToJson() const;
  std::string ToJsonString() const { return json::Serialize(ToJson()); }
  /// Parses and checks a metadata file: Invalid names `file` and the field
  /// ("snapshots[2].manifest-list: a string is required", "current-schema-id
  /// 3 is not among the schemas").
  static Result<TableMetadata> FromJson(const json::Value& v, const std::string& file);
  static Result<TableMetadata> Parse(std::string_view text, const std::string& file);
};

}  // namespace floe::iceberg
