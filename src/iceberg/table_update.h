#pragma once

// Commits as the Iceberg REST catalog spec models them: a list of
// requirements checked against the table's current metadata, then a list of
// updates applied to it (rest-catalog-open-api.yaml, "TableRequirement" and
// "TableUpdate"). Every catalog (SQLite/PostgreSQL, the REST server floe
// serves, the REST client) takes commits in this one shape.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/json.h"
#include "common/result.h"
#include "iceberg/table_metadata.h"

namespace floe::iceberg {

/// One change to table metadata. `kind` says which members are used.
struct TableUpdate {
  enum class Kind : uint8_t {
    kAssignUuid,            // uuid
    kUpgradeFormatVersion,  // format_version
    kAddSchema,             // schema (its schema_id may be -1: assigned on apply)
    kSetCurrentSchema,      // id (-1: the schema added last in this commit)
    kAddPartitionSpec,      // spec (spec_id may be -1)
    kSetDefaultSpec,        // id (-1: last added)
    kAddSortOrder,          // sort_order (order_id may be -1)
    kSetDefaultSortOrder,   // id (-1: last added)
    kAddSnapshot,           // snapshot
    kSetSnapshotRef,        // ref_name, ref
    kRemoveSnapshots,       // snapshot_ids
    kRemoveSnapshotRef,     // ref_name
    kSetLocation,           // location
    kSetProperties,         // updates
    kRemoveProperties,      // removals
  };
  Kind kind = Kind::kSetProperties;
  std::string uuid;
  int format_version = 2;
  std::optional<Schema> schema;
  std::optional<PartitionSpec> spec;
  std::optional<SortOrder> sort_order;
  int32_t id = -1;
  std::optional<Snapshot> snapshot;
  std::string ref_name;
  SnapshotRef ref;
  std::vector<int64_t> snapshot_ids;
  std::string location;
  std::map<std::string, std::string> updates;
  std::vector<std::string> removals;

  static TableUpdate AssignUuid(std::string uuid);
  static TableUpdate UpgradeFormatVersion(int version);
  static TableUpdate AddSchema(Schema schema);
  static TableUpdate SetCurrentSchema(int32_t schema_id);
  static TableUpdate AddPartitionSpec(PartitionSpec spec);
  static TableUpdate SetDefaultSpec(int32_t spec_id);
  static TableUpdate AddSortOrder(SortOrder order);
  static TableUpdate SetDefaultSortOrder(int32_t order_id);
  static TableUpdate AddSnapshot(Snapshot snapshot);
  static TableUpdate SetSnapshotRef(std::string name, SnapshotRef ref);
  static TableUpdate RemoveSnapshots(std::vector<int64_t> ids);
  static TableUpdate RemoveSnapshotRef(std::string name);
  static TableUpdate SetLocation(std::string location);
  static TableUpdate SetProperties(std::map<std::string, std::string> updates);
  static TableUpdate RemoveProperties(std::vector<std::string> keys);

  /// The REST spec's JSON ({"action": "add-snapshot", "snapshot": {...}}).
  json::Value ToJson() const;
  /// Invalid names `path` and the member when the JSON does not fit.
  static Result<TableUpdate> FromJson(const json::Value& v, const std::string& path);
};

/// A condition a commit requires of the table's current metadata.
struct TableRequirement {
  enum class Kind : uint8_t {
    kAssertCreate,                   // the table does not exist yet
    kAssertTableUuid,                // uuid
    kAssertRefSnapshotId,            // ref_name, snapshot_id (nullopt: the ref must not exist)
    kAssertLastAssignedFieldId,      // id
    kAssertCurrentSchemaId,          // id
    kAssertLastAssignedPartitionId,  // id
    kAssertDefaultSpecId,            // id
    kAssertDefaultSortOrderId,       // id
  };
  Kind kind = Kind::kAssertCreate;
  std::string uuid;
  std::string ref_name;
  std::optional<int64_t> snapshot_id;
  int32_t id = 0;

  static TableRequirement AssertCreate();
  static TableRequirement AssertTableUuid(std::string uuid);
  static TableRequirement AssertRefSnapshotId(std::string ref, std::optional<int64_t> snapshot_id);
  static TableRequirement AssertLastAssignedFieldId(int32_t id);
  static TableRequirement AssertCurrentSchemaId(int32_t id);
  static TableRequirement AssertLastAssignedPartitionId(int32_t id);
  static TableRequirement AssertDefaultSpecId(int32_t id);
  static TableRequirement AssertDefaultSortOrderId(int32_t id);

  /// OK when `base` (null: the table does not exist) satisfies it; else
  /// Conflict saying what was required and what was found ("requirement
  /// failed: branch main is at snapshot 12, expected 11").
  Status Validate(const TableMetadata* base) const;

  json::Value ToJson() const;
  static Result<TableRequirement> FromJson(const json::Value& v, const std::string& path);
};

/// Checks every requirement against `base` (null when the table does not exist).
Status ValidateRequirements(const std::vector<TableRequirement>& requirements,
                            const TableMetadata* base);

/// Applies `updates` in order to a copy of `base`, the way the Java
/// TableMetadata.Builder does: ids of added schemas/specs/orders assigned
/// when -1 (reusing an identical existing one), last-column-id and
/// last-partition-id raised, an added snapshot must have a unique id and a
/// sequence number above last-sequence-number (v2) and then becomes the
/// new last-sequence-number, set-snapshot-ref on "main" also sets
/// current-snapshot-id and appends to the snapshot log, removed snapshots
/// drop out of the snapshot log (with the history before them, as in Java,
/// so the log has no gaps), refs pointing at them are removed.
/// last-updated-ms becomes max(now_ms, base.last_updated_ms, the newest
/// added snapshot's timestamp) so it never goes backwards. Invalid names the
/// update (by index and action) that cannot be applied.
Result<TableMetadata> ApplyUpdates(const TableMetadata& base,
                                   const std::vector<TableUpdate>& updates, int64_t now_ms);

/// Metadata for a new table: fresh uuid, the given schema/spec/order (ids
/// kept as given; last-column-id and last-partition-id derived), format
/// version 2 unless properties say "format-version" = "1", no snapshots.
Result<TableMetadata> NewTableMetadata(const Schema& schema, const PartitionSpec& spec,
                                       const SortOrder& order, const std::string& location,
                                       const std::map<std::string, std::string>& properties,
                                       int64_t now_ms);

/// Records that `previous_file` (written at `previous_ms`) was replaced:
/// appends it to metadata-log and drops the oldest entries beyond
/// write.metadata.previous-versions-max (default 100). Returns the files
/// that fell out of the log (for write.metadata.delete-after-commit.enabled).
std::vector<std::string> AppendMetadataLog(TableMetadata* metadata,
                                           const std::string& previous_file, int64_t previous_ms);

/// A random version-4 UUID in canonical text form.
std::string NewUuid();

}  // namespace floe::iceberg
