#include "iceberg/table_update.h"

#include <algorithm>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <set>
#include <utility>

#include "common/str_cat.h"
#include "iceberg/json_members_internal.h"

namespace floe::iceberg {

namespace {

json::Value Int(int64_t v) { return json::Value::Int(v); }
json::Value Str(std::string s) { return json::Value::String(std::move(s)); }

// The REST spec's names (rest-catalog-open-api.yaml, "TableUpdate" mapping).
const char* ActionName(TableUpdate::Kind kind) {
  switch (kind) {
    case TableUpdate::Kind::kAssignUuid:
      return "assign-uuid";
    case TableUpdate::Kind::kUpgradeFormatVersion:
      return "upgrade-format-version";
    case TableUpdate::Kind::kAddSchema:
      return "add-schema";
    case TableUpdate::Kind::kSetCurrentSchema:
      return "set-current-schema";
    case TableUpdate::Kind::kAddPartitionSpec:
      return "add-spec";
    case TableUpdate::Kind::kSetDefaultSpec:
      return "set-default-spec";
    case TableUpdate::Kind::kAddSortOrder:
      return "add-sort-order";
    case TableUpdate::Kind::kSetDefaultSortOrder:
      return "set-default-sort-order";
    case TableUpdate::Kind::kAddSnapshot:
      return "add-snapshot";
    case TableUpdate::Kind::kSetSnapshotRef:
      return "set-snapshot-ref";
    case TableUpdate::Kind::kRemoveSnapshots:
      return "remove-snapshots";
    case TableUpdate::Kind::kRemoveSnapshotRef:
      return "remove-snapshot-ref";
    case TableUpdate::Kind::kSetLocation:
      return "set-location";
    case TableUpdate::Kind::kSetProperties:
      return "set-properties";
    case TableUpdate::Kind::kRemoveProperties:
      return "remove-properties";
  }
  return "unknown";
}

// The REST spec's names (rest-catalog-open-api.yaml, "TableRequirement" mapping).
const char* RequirementName(TableRequirement::Kind kind) {
  switch (kind) {
    case TableRequirement::Kind::kAssertCreate:
      return "assert-create";
    case TableRequirement::Kind::kAssertTableUuid:
      return "assert-table-uuid";
    case TableRequirement::Kind::kAssertRefSnapshotId:
      return "assert-ref-snapshot-id";
    case TableRequirement::Kind::kAssertLastAssignedFieldId:
      return "assert-last-assigned-field-id";
    case TableRequirement::Kind::kAssertCurrentSchemaId:
      return "assert-current-schema-id";
    case TableRequirement::Kind::kAssertLastAssignedPartitionId:
      return "assert-last-assigned-partition-id";
    case TableRequirement::Kind::kAssertDefaultSpecId:
      return "assert-default-spec-id";
    case TableRequirement::Kind::kAssertDefaultSortOrderId:
      return "assert-default-sort-order-id";
  }
  return "unknown";
}

using Members = JsonMembers;

// A copy of `v` with `key` set to -1 when absent: the REST spec lets clients
// leave the id of an added spec or order to the server.
json::Value WithDefaultId(const json::Value& v, const char* key) {
  json::Value copy = v;
  if (copy.is_object() && copy.Find(key) == nullptr) copy.Set(key, Int(-1));
  return copy;
}

bool SameSchema(const Schema& a, const Schema& b) {
  return *a.as_struct() == *b.as_struct() && a.identifier_field_ids() == b.identifier_field_ids();
}

bool SameSpec(const PartitionSpec& a, const PartitionSpec& b) {
  if (a.fields.size() != b.fields.size()) return false;
  for (size_t i = 0; i < a.fields.size(); ++i) {
    const PartitionField &x = a.fields[i], &y = b.fields[i];
    if (x.source_id != y.source_id || x.field_id != y.field_id || x.name != y.name ||
        !(x.transform == y.transform)) {
      return false;
    }
  }
  return true;
}

bool SameOrder(const SortOrder& a, const SortOrder& b) {
  if (a.fields.size() != b.fields.size()) return false;
  for (size_t i = 0; i < a.fields.size(); ++i) {
    const SortField &x = a.fields[i], &y = b.fields[i];
    if (!(x.transform == y.transform) || x.source_id != y.source_id ||
        x.descending != y.descending || x.nulls_first != y.nulls_first) {
      return false;
    }
  }
  return true;
}

bool SameRef(const SnapshotRef& a, const SnapshotRef& b) {
  return a.snapshot_id == b.snapshot_id && a.is_branch == b.is_branch &&
         a.min_snapshots_to_keep == b.min_snapshots_to_keep &&
         a.max_snapshot_age_ms == b.max_snapshot_age_ms && a.max_ref_age_ms == b.max_ref_age_ms;
}

std::string StripTrailingSlashes(std::string location) {
  while (location.size() > 1 && location.back() == '/') location.pop_back();
  return location;
}

// The highest format version floe writes; v3 metadata is read and kept, but
// floe does not upgrade tables to it (its row lineage is not written yet).
constexpr int kMaxWritableFormatVersion = 2;

Status CheckSchemaForFormat(const Schema& schema, int format_version) {
  std::string what;
  if (format_version < 3 && UsesV3OnlyType(*schema.as_struct(), &what)) {
    return Status::Invalid("schema ", schema.schema_id(), " uses ", what,
                           ", which needs format version 3");
  }
  return Status::OK();
}

Status CheckSortOrder(const SortOrder& order, const Schema& schema) {
  for (const auto& f : order.fields) {
    const NestedField* source = schema.FindField(f.source_id);
    if (source == nullptr) {
      return Status::Invalid("sort order ", order.order_id, ": source field ", f.source_id,
                             " is not in schema ", schema.schema_id());
    }
    if (!f.transform.CanApply(*source->type)) {
      return Status::Invalid("sort order ", order.order_id, ": ", f.transform.ToString(),
                             " does not apply to ", source->type->ToString());
    }
  }
  return Status::OK();
}

int32_t HighestPartitionFieldId(const PartitionSpec& spec) {
  // 999: the ids of partition fields start at 1000 (spec "Partitioning").
  int32_t id = 999;
  for (const auto& f : spec.fields) id = std::max(id, f.field_id);
  return id;
}

// Drops the statistics entries (kept as JSON) of removed snapshots.
void DropStatistics(std::optional<json::Value>* stats, const std::set<int64_t>& removed) {
  if (!stats->has_value() || !(*stats)->is_array()) return;
  auto& items = (*stats)->mutable_items();
  items.erase(std::remove_if(items.begin(), items.end(),
                             [&](const json::Value& s) {
                               const json::Value* id = s.Find("snapshot-id");
                               return id != nullptr && id->is_integer() &&
                                      removed.count(id->AsInt64()) > 0;
                             }),
              items.end());
}

// Applies updates one by one, as Java's TableMetadata.Builder does, then
// finishes the snapshot log and last-updated-ms.
class MetadataBuilder {
 public:
  MetadataBuilder(const TableMetadata& base, int64_t now_ms)
      : m_(base), base_(base), now_ms_(now_ms) {}

  Status Apply(const TableUpdate& u) {
    switch (u.kind) {
      case TableUpdate::Kind::kAssignUuid:
        return AssignUuid(u.uuid);
      case TableUpdate::Kind::kUpgradeFormatVersion:
        return UpgradeFormatVersion(u.format_version);
      case TableUpdate::Kind::kAddSchema:
        if (!u.schema) return Status::Invalid("the schema is missing");
        return AddSchema(*u.schema);
      case TableUpdate::Kind::kSetCurrentSchema:
        return SetCurrentSchema(u.id);
      case TableUpdate::Kind::kAddPartitionSpec:
        if (!u.spec) return Status::Invalid("the partition spec is missing");
        return AddSpec(*u.spec);
      case TableUpdate::Kind::kSetDefaultSpec:
        return SetDefaultSpec(u.id);
      case TableUpdate::Kind::kAddSortOrder:
        if (!u.sort_order) return Status::Invalid("the sort order is missing");
        return AddSortOrder(*u.sort_order);
      case TableUpdate::Kind::kSetDefaultSortOrder:
        return SetDefaultSortOrder(u.id);
      case TableUpdate::Kind::kAddSnapshot:
        if (!u.snapshot) return Status::Invalid("the snapshot is missing");
        return AddSnapshot(*u.snapshot);
      case TableUpdate::Kind::kSetSnapshotRef:
        return SetRef(u.ref_name, u.ref);
      case TableUpdate::Kind::kRemoveSnapshots:
        return RemoveSnapshots(u.snapshot_ids);
      case TableUpdate::Kind::kRemoveSnapshotRef:
        return RemoveRef(u.ref_name);
      case TableUpdate::Kind::kSetLocation:
        return SetLocation(u.location);
      case TableUpdate::Kind::kSetProperties:
        for (const auto& [k, v] : u.updates) m_.properties[k] = v;
        return Status::OK();
      case TableUpdate::Kind::kRemoveProperties:
        for (const auto& k : u.removals) m_.properties.erase(k);
        return Status::OK();
    }
    return Status::Internal("unknown table update kind ", static_cast<int>(u.kind));
  }

  TableMetadata Finish() {
    FinishSnapshotLog();
    int64_t updated = std::max(now_ms_, base_.last_updated_ms);
    if (newest_added_snapshot_ms_) updated = std::max(updated, *newest_added_snapshot_ms_);
    m_.last_updated_ms = updated;
    return std::move(m_);
  }

 private:
  Status AssignUuid(const std::string& uuid) {
    if (uuid.empty()) return Status::Invalid("the uuid is empty");
    m_.table_uuid = uuid;
    return Status::OK();
  }

  Status UpgradeFormatVersion(int version) {
    if (version < m_.format_version) {
      return Status::Invalid("cannot downgrade a v", m_.format_version, " table to v", version);
    }
    if (version == m_.format_version) return Status::OK();
    if (version > kMaxWritableFormatVersion) {
      return Status::Invalid("cannot upgrade to format version ", version,
                             ": floe writes versions 1 to ", kMaxWritableFormatVersion);
    }
    m_.format_version = version;
    return Status::OK();
  }

  Status AddSchema(const Schema& schema) {
    FLOE_RETURN_NOT_OK(CheckSchemaForFormat(schema, m_.format_version));
    // Java's reuseOrCreateNewSchemaId: an identical schema keeps its id;
    // otherwise the given id when free, else one above the highest.
    std::optional<int32_t> id;
    int32_t next_id = 0;
    for (const auto& s : m_.schemas) {
      if (!id && SameSchema(s, schema)) id = s.schema_id();
      next_id = std::max(next_id, s.schema_id() + 1);
    }
    if (!id) {
      id = schema.schema_id() >= 0 && m_.SchemaById(schema.schema_id()) == nullptr
               ? schema.schema_id()
               : next_id;
      m_.schemas.emplace_back(*id, schema.fields(), schema.identifier_field_ids());
    }
    m_.last_column_id = std::max(m_.last_column_id, schema.HighestFieldId());
    last_added_schema_ = id;
    return Status::OK();
  }

  Status SetCurrentSchema(int32_t id) {
    if (id == -1) {
      if (!last_added_schema_) {
        return Status::Invalid("schema id -1 means the last added schema, but none was added");
      }
      id = *last_added_schema_;
    }
    if (m_.SchemaById(id) == nullptr) return Status::Invalid("schema ", id, " does not exist");
    m_.current_schema_id = id;
    return Status::OK();
  }

  Status AddSpec(const PartitionSpec& spec) {
    const Schema* schema = m_.current_schema();
    if (schema == nullptr) {
      return Status::Invalid("the current schema ", m_.current_schema_id, " does not exist");
    }
    auto type = spec.PartitionType(*schema);
    if (!type.ok()) return type.status();
    std::optional<int32_t> id;
    int32_t next_id = 0;
    for (const auto& s : m_.specs) {
      if (!id && SameSpec(s, spec)) id = s.spec_id;
      next_id = std::max(next_id, s.spec_id + 1);
    }
    if (!id) {
      id = spec.spec_id >= 0 && m_.SpecById(spec.spec_id) == nullptr ? spec.spec_id : next_id;
      PartitionSpec added = spec;
      added.spec_id = *id;
      m_.specs.push_back(std::move(added));
    }
    m_.last_partition_id = std::max(m_.last_partition_id, HighestPartitionFieldId(spec));
    last_added_spec_ = id;
    return Status::OK();
  }

  Status SetDefaultSpec(int32_t id) {
    if (id == -1) {
      if (!last_added_spec_) {
        return Status::Invalid("spec id -1 means the last added spec, but none was added");
      }
      id = *last_added_spec_;
    }
    if (m_.SpecById(id) == nullptr) {
      return Status::Invalid("partition spec ", id, " does not exist");
    }
    m_.default_spec_id = id;
    return Status::OK();
  }

  Status AddSortOrder(const SortOrder& order) {
    const Schema* schema = m_.current_schema();
    if (schema == nullptr) {
      return Status::Invalid("the current schema ", m_.current_schema_id, " does not exist");
    }
    FLOE_RETURN_NOT_OK(CheckSortOrder(order, *schema));
    std::optional<int32_t> id;
    // Order id 0 is reserved for the unsorted order (spec "Sorting").
    int32_t next_id = 1;
    if (order.fields.empty()) id = 0;
    for (const auto& o : m_.sort_orders) {
      if (!id && SameOrder(o, order)) id = o.order_id;
      next_id = std::max(next_id, o.order_id + 1);
    }
    if (!id) {
      id = order.order_id >= 1 && m_.SortOrderById(order.order_id) == nullptr ? order.order_id
                                                                              : next_id;
    }
    if (m_.SortOrderById(*id) == nullptr) {
      SortOrder added = order;
      added.order_id = *id;
      m_.sort_orders.push_back(std::move(added));
    }
    last_added_order_ = id;
    return Status::OK();
  }

  Status SetDefaultSortOrder(int32_t id) {
    if (id == -1) {
      if (!last_added_order_) {
        return Status::Invalid(
            "sort order id -1 means the last added sort order, but none was added");
      }
      id = *last_added_order_;
    }
    if (m_.SortOrderById(id) == nullptr) {
      return Status::Invalid("sort order ", id, " does not exist");
    }
    m_.default_sort_order_id = id;
    return Status::OK();
  }

  Status AddSnapshot(const Snapshot& snapshot) {
    if (m_.SnapshotById(snapshot.snapshot_id) != nullptr) {
      return Status::Invalid("snapshot ", snapshot.snapshot_id, " already exists");
    }
    // Spec "Sequence numbers": from v2 on, each new snapshot's sequence
    // number is above every earlier one.
    if (m_.format_version >= 2) {
      if (snapshot.sequence_number <= m_.last_sequence_number) {
        return Status::Invalid(
            "snapshot ", snapshot.snapshot_id, " has sequence number ", snapshot.sequence_number,
            ", which is not above the table's last sequence number ", m_.last_sequence_number);
      }
      m_.last_sequence_number = snapshot.sequence_number;
    }
    m_.snapshots.push_back(snapshot);
    added_snapshots_.insert(snapshot.snapshot_id);
    newest_added_snapshot_ms_ =
        std::max(newest_added_snapshot_ms_.value_or(INT64_MIN), snapshot.timestamp_ms);
    return Status::OK();
  }

  Status SetRef(const std::string& name, const SnapshotRef& ref) {
    if (name.empty()) return Status::Invalid("the ref name is empty");
    const Snapshot* snapshot = m_.SnapshotById(ref.snapshot_id);
    if (snapshot == nullptr) {
      return Status::Invalid("cannot point ", name, " at unknown snapshot ", ref.snapshot_id);
    }
    if (name == "main" && !ref.is_branch) {
      return Status::Invalid("main must be a branch, not a tag");
    }
    auto it = m_.refs.find(name);
    if (it != m_.refs.end() && SameRef(it->second, ref)) return Status::OK();
    m_.refs[name] = ref;
    if (name == "main") {
      m_.current_snapshot_id = ref.snapshot_id;
      // Java logs the snapshot's own time when it was added in this commit.
      int64_t ts = added_snapshots_.count(ref.snapshot_id)
                       ? snapshot->timestamp_ms
                       : std::max(now_ms_, base_.last_updated_ms);
      m_.snapshot_log.push_back(SnapshotLogEntry{ts, ref.snapshot_id});
      main_set_to_.insert(ref.snapshot_id);
    }
    return Status::OK();
  }

  Status RemoveSnapshots(const std::vector<int64_t>& ids) {
    std::set<int64_t> removed;
    for (int64_t id : ids) {
      if (m_.SnapshotById(id) != nullptr) removed.insert(id);
    }
    if (removed.empty()) return Status::OK();
    m_.snapshots.erase(
        std::remove_if(m_.snapshots.begin(), m_.snapshots.end(),
                       [&](const Snapshot& s) { return removed.count(s.snapshot_id) > 0; }),
        m_.snapshots.end());
    DropStatistics(&m_.statistics, removed);
    DropStatistics(&m_.partition_statistics, removed);
    // Refs to removed snapshots go too (Java: "dangling refs").
    std::vector<std::string> dangling;
    for (const auto& [name, ref] : m_.refs) {
      if (m_.SnapshotById(ref.snapshot_id) == nullptr) dangling.push_back(name);
    }
    for (const auto& name : dangling) FLOE_RETURN_NOT_OK(RemoveRef(name));
    if (m_.current_snapshot_id && m_.SnapshotById(*m_.current_snapshot_id) == nullptr) {
      m_.current_snapshot_id.reset();
    }
    return Status::OK();
  }

  Status RemoveRef(const std::string& name) {
    if (m_.refs.erase(name) > 0 && name == "main") m_.current_snapshot_id.reset();
    return Status::OK();
  }

  Status SetLocation(const std::string& location) {
    if (location.empty()) return Status::Invalid("the location is empty");
    m_.location = StripTrailingSlashes(location);
    return Status::OK();
  }

  // Java's updateSnapshotLog: entries of snapshots added in this commit that
  // did not end up current are dropped ("intermediate" snapshots of a
  // transaction), and a removed snapshot drops its entry together with the
  // history before it, so the log never has gaps that would make time
  // travel return the wrong snapshot.
  void FinishSnapshotLog() {
    std::set<int64_t> intermediate;
    for (int64_t id : main_set_to_) {
      if (added_snapshots_.count(id) && m_.current_snapshot_id != id) intermediate.insert(id);
    }
    std::vector<SnapshotLogEntry> log;
    for (const auto& e : m_.snapshot_log) {
      if (m_.SnapshotById(e.snapshot_id) == nullptr) {
        log.clear();
      } else if (!intermediate.count(e.snapshot_id)) {
        log.push_back(e);
      }
    }
    m_.snapshot_log = std::move(log);
  }

  TableMetadata m_;
  const TableMetadata& base_;
  int64_t now_ms_;
  std::optional<int32_t> last_added_schema_, last_added_spec_, last_added_order_;
  std::set<int64_t> added_snapshots_;
  std::set<int64_t> main_set_to_;
  std::optional<int64_t> newest_added_snapshot_ms_;
};

}  // namespace

// ---- TableUpdate ----

TableUpdate TableUpdate::AssignUuid(std::string uuid) {
  TableUpdate u;
  u.kind = Kind::kAssignUuid;
  u.uuid = std::move(uuid);
  return u;
}

TableUpdate TableUpdate::UpgradeFormatVersion(int version) {
  TableUpdate u;
  u.kind = Kind::kUpgradeFormatVersion;
  u.format_version = version;
  return u;
}

TableUpdate TableUpdate::AddSchema(Schema schema) {
  TableUpdate u;
  u.kind = Kind::kAddSchema;
  u.schema = std::move(schema);
  return u;
}

TableUpdate TableUpdate::SetCurrentSchema(int32_t schema_id) {
  TableUpdate u;
  u.kind = Kind::kSetCurrentSchema;
  u.id = schema_id;
  return u;
}

TableUpdate TableUpdate::AddPartitionSpec(PartitionSpec spec) {
  TableUpdate u;
  u.kind = Kind::kAddPartitionSpec;
  u.spec = std::move(spec);
  return u;
}

TableUpdate TableUpdate::SetDefaultSpec(int32_t spec_id) {
  TableUpdate u;
  u.kind = Kind::kSetDefaultSpec;
  u.id = spec_id;
  return u;
}

TableUpdate TableUpdate::AddSortOrder(SortOrder order) {
  TableUpdate u;
  u.kind = Kind::kAddSortOrder;
  u.sort_order = std::move(order);
  return u;
}

TableUpdate TableUpdate::SetDefaultSortOrder(int32_t order_id) {
  TableUpdate u;
  u.kind = Kind::kSetDefaultSortOrder;
  u.id = order_id;
  return u;
}

TableUpdate TableUpdate::AddSnapshot(Snapshot snapshot) {
  TableUpdate u;
  u.kind = Kind::kAddSnapshot;
  u.snapshot = std::move(snapshot);
  return u;
}

TableUpdate TableUpdate::SetSnapshotRef(std::string name, SnapshotRef ref) {
  TableUpdate u;
  u.kind = Kind::kSetSnapshotRef;
  u.ref_name = std::move(name);
  u.ref = ref;
  return u;
}

TableUpdate TableUpdate::RemoveSnapshots(std::vector<int64_t> ids) {
  TableUpdate u;
  u.kind = Kind::kRemoveSnapshots;
  u.snapshot_ids = std::move(ids);
  return u;
}

TableUpdate TableUpdate::RemoveSnapshotRef(std::string name) {
  TableUpdate u;
  u.kind = Kind::kRemoveSnapshotRef;
  u.ref_name = std::move(name);
  return u;
}

TableUpdate TableUpdate::SetLocation(std::string location) {
  TableUpdate u;
  u.kind = Kind::kSetLocation;
  u.location = std::move(location);
  return u;
}

TableUpdate TableUpdate::SetProperties(std::map<std::string, std::string> updates) {
  TableUpdate u;
  u.kind = Kind::kSetProperties;
  u.updates = std::move(updates);
  return u;
}

TableUpdate TableUpdate::RemoveProperties(std::vector<std::string> keys) {
  TableUpdate u;
  u.kind = Kind::kRemoveProperties;
  u.removals = std::move(keys);
  return u;
}

json::Value TableUpdate::ToJson() const {
  json::Value o = json::Value::Object();
  o.Set("action", Str(ActionName(kind)));
  switch (kind) {
    case Kind::kAssignUuid:
      o.Set("uuid", Str(uuid));
      break;
    case Kind::kUpgradeFormatVersion:
      o.Set("format-version", Int(format_version));
      break;
    case Kind::kAddSchema:
      o.Set("schema", schema ? schema->ToJson() : Schema().ToJson());
      break;
    case Kind::kSetCurrentSchema:
      o.Set("schema-id", Int(id));
      break;
    case Kind::kAddPartitionSpec:
      o.Set("spec", spec ? spec->ToJson() : PartitionSpec().ToJson());
      break;
    case Kind::kSetDefaultSpec:
      o.Set("spec-id", Int(id));
      break;
    case Kind::kAddSortOrder:
      o.Set("sort-order", sort_order ? sort_order->ToJson() : SortOrder().ToJson());
      break;
    case Kind::kSetDefaultSortOrder:
      o.Set("sort-order-id", Int(id));
      break;
    case Kind::kAddSnapshot:
      o.Set("snapshot", snapshot ? snapshot->ToJson(false) : Snapshot().ToJson(false));
      break;
    case Kind::kSetSnapshotRef:
      // The REST spec's SetSnapshotRefUpdate is a SnapshotReference plus "ref-name".
      o.Set("ref-name", Str(ref_name));
      o.Set("snapshot-id", Int(ref.snapshot_id));
      o.Set("type", Str(ref.is_branch ? "branch" : "tag"));
      if (ref.min_snapshots_to_keep) {
        o.Set("min-snapshots-to-keep", Int(*ref.min_snapshots_to_keep));
      }
      if (ref.max_snapshot_age_ms) o.Set("max-snapshot-age-ms", Int(*ref.max_snapshot_age_ms));
      if (ref.max_ref_age_ms) o.Set("max-ref-age-ms", Int(*ref.max_ref_age_ms));
      break;
    case Kind::kRemoveSnapshots: {
      json::Value ids = json::Value::Array();
      for (int64_t i : snapshot_ids) ids.Append(Int(i));
      o.Set("snapshot-ids", std::move(ids));
      break;
    }
    case Kind::kRemoveSnapshotRef:
      o.Set("ref-name", Str(ref_name));
      break;
    case Kind::kSetLocation:
      o.Set("location", Str(location));
      break;
    case Kind::kSetProperties: {
      json::Value u = json::Value::Object();
      for (const auto& [k, v] : updates) u.Set(k, Str(v));
      o.Set("updates", std::move(u));
      break;
    }
    case Kind::kRemoveProperties: {
      json::Value r = json::Value::Array();
      for (const auto& k : removals) r.Append(Str(k));
      o.Set("removals", std::move(r));
      break;
    }
  }
  return o;
}

Result<TableUpdate> TableUpdate::FromJson(const json::Value& v, const std::string& path) {
  if (!v.is_object()) return Status::Invalid(path, ": an object is required");
  Members o(v, path);
  FLOE_ASSIGN_OR_RETURN(std::string action, o.Str("action"));
  TableUpdate u;
  if (action == "assign-uuid") {
    u.kind = Kind::kAssignUuid;
    FLOE_ASSIGN_OR_RETURN(u.uuid, o.Str("uuid"));
  } else if (action == "upgrade-format-version") {
    u.kind = Kind::kUpgradeFormatVersion;
    FLOE_ASSIGN_OR_RETURN(u.format_version, o.Int32("format-version"));
  } else if (action == "add-schema") {
    u.kind = Kind::kAddSchema;
    FLOE_ASSIGN_OR_RETURN(const json::Value* sv, o.Object("schema"));
    auto schema = Schema::FromJson(*sv);
    if (!schema.ok()) return schema.status().WithContext(path);
    // A schema without "schema-id" gets its id on apply.
    if (sv->Find("schema-id") == nullptr) {
      u.schema = Schema(-1, schema->fields(), schema->identifier_field_ids());
    } else {
      u.schema = std::move(schema).ValueOrDie();
    }
  } else if (action == "set-current-schema") {
    u.kind = Kind::kSetCurrentSchema;
    FLOE_ASSIGN_OR_RETURN(u.id, o.Int32("schema-id"));
  } else if (action == "add-spec") {
    u.kind = Kind::kAddPartitionSpec;
    FLOE_ASSIGN_OR_RETURN(const json::Value* sv, o.Object("spec"));
    FLOE_ASSIGN_OR_RETURN(u.spec,
                          PartitionSpec::FromJson(WithDefaultId(*sv, "spec-id"), o.Path("spec")));
  } else if (action == "set-default-spec") {
    u.kind = Kind::kSetDefaultSpec;
    FLOE_ASSIGN_OR_RETURN(u.id, o.Int32("spec-id"));
  } else if (action == "add-sort-order") {
    u.kind = Kind::kAddSortOrder;
    FLOE_ASSIGN_OR_RETURN(const json::Value* sv, o.Object("sort-order"));
    FLOE_ASSIGN_OR_RETURN(
        u.sort_order, SortOrder::FromJson(WithDefaultId(*sv, "order-id"), o.Path("sort-order")));
  } else if (action == "set-default-sort-order") {
    u.kind = Kind::kSetDefaultSortOrder;
    FLOE_ASSIGN_OR_RETURN(u.id, o.Int32("sort-order-id"));
  } else if (action == "add-snapshot") {
    u.kind = Kind::kAddSnapshot;
    FLOE_ASSIGN_OR_RETURN(const json::Value* sv, o.Get("snapshot"));
    // Format version 1 rules: the REST Snapshot may leave out sequence-number.
    FLOE_ASSIGN_OR_RETURN(u.snapshot, Snapshot::FromJson(*sv, o.Path("snapshot"), 1));
  } else if (action == "set-snapshot-ref") {
    u.kind = Kind::kSetSnapshotRef;
    FLOE_ASSIGN_OR_RETURN(u.ref_name, o.Str("ref-name"));
    FLOE_ASSIGN_OR_RETURN(u.ref.snapshot_id, o.Int("snapshot-id"));
    FLOE_ASSIGN_OR_RETURN(std::string type, o.Str("type"));
    if (type != "branch" && type != "tag") {
      return Status::Invalid(o.Path("type"), ": '", type, "' is not branch or tag");
    }
    u.ref.is_branch = type == "branch";
    FLOE_ASSIGN_OR_RETURN(auto keep, o.OptInt("min-snapshots-to-keep"));
    if (keep) {
      if (*keep < 0 || *keep > INT32_MAX) {
        return Status::Invalid(o.Path("min-snapshots-to-keep"), ": out of range");
      }
      u.ref.min_snapshots_to_keep = static_cast<int32_t>(*keep);
    }
    FLOE_ASSIGN_OR_RETURN(u.ref.max_snapshot_age_ms, o.OptInt("max-snapshot-age-ms"));
    FLOE_ASSIGN_OR_RETURN(u.ref.max_ref_age_ms, o.OptInt("max-ref-age-ms"));
  } else if (action == "remove-snapshots") {
    u.kind = Kind::kRemoveSnapshots;
    FLOE_ASSIGN_OR_RETURN(auto ids, o.Array("snapshot-ids"));
    for (const auto& i : *ids) {
      if (!i.is_integer()) {
        return Status::Invalid(o.Path("snapshot-ids"), ": integers are required");
      }
      u.snapshot_ids.push_back(i.AsInt64());
    }
  } else if (action == "remove-snapshot-ref") {
    u.kind = Kind::kRemoveSnapshotRef;
    FLOE_ASSIGN_OR_RETURN(u.ref_name, o.Str("ref-name"));
  } else if (action == "set-location") {
    u.kind = Kind::kSetLocation;
    FLOE_ASSIGN_OR_RETURN(u.location, o.Str("location"));
  } else if (action == "set-properties") {
    u.kind = Kind::kSetProperties;
    FLOE_ASSIGN_OR_RETURN(const json::Value* updates, o.Object("updates"));
    for (const auto& [k, pv] : updates->members()) {
      if (!pv.is_string()) {
        return Status::Invalid(o.Path("updates"), ".", k, ": a string is required");
      }
      u.updates[k] = pv.AsString();
    }
  } else if (action == "remove-properties") {
    u.kind = Kind::kRemoveProperties;
    FLOE_ASSIGN_OR_RETURN(auto removals, o.Array("removals"));
    for (const auto& r : *removals) {
      if (!r.is_string()) return Status::Invalid(o.Path("removals"), ": strings are required");
      u.removals.push_back(r.AsString());
    }
  } else {
    static const std::set<std::string_view> known_unsupported = {
        "set-statistics",           "remove-statistics",
        "set-partition-statistics", "remove-partition-statistics",
        "remove-partition-specs",   "remove-schemas",
        "add-encryption-key",       "remove-encryption-key",
        "add-view-version",         "set-current-view-version"};
    if (known_unsupported.count(action)) {
      return Status::NotSupported(o.Path("action"), ": floe does not apply '", action,
                                  "' updates yet");
    }
    return Status::Invalid(o.Path("action"), ": unknown action '", action, "'");
  }
  return u;
}

// ---- TableRequirement ----

TableRequirement TableRequirement::AssertCreate() {
  TableRequirement r;
  r.kind = Kind::kAssertCreate;
  return r;
}

TableRequirement TableRequirement::AssertTableUuid(std::string uuid) {
  TableRequirement r;
  r.kind = Kind::kAssertTableUuid;
  r.uuid = std::move(uuid);
  return r;
}

TableRequirement TableRequirement::AssertRefSnapshotId(std::string ref,
                                                       std::optional<int64_t> snapshot_id) {
  TableRequirement r;
  r.kind = Kind::kAssertRefSnapshotId;
  r.ref_name = std::move(ref);
  r.snapshot_id = snapshot_id;
  return r;
}

TableRequirement TableRequirement::AssertLastAssignedFieldId(int32_t id) {
  TableRequirement r;
  r.kind = Kind::kAssertLastAssignedFieldId;
  r.id = id;
  return r;
}

TableRequirement TableRequirement::AssertCurrentSchemaId(int32_t id) {
  TableRequirement r;
  r.kind = Kind::kAssertCurrentSchemaId;
  r.id = id;
  return r;
}

TableRequirement TableRequirement::AssertLastAssignedPartitionId(int32_t id) {
  TableRequirement r;
  r.kind = Kind::kAssertLastAssignedPartitionId;
  r.id = id;
  return r;
}

TableRequirement TableRequirement::AssertDefaultSpecId(int32_t id) {
  TableRequirement r;
  r.kind = Kind::kAssertDefaultSpecId;
  r.id = id;
  return r;
}

TableRequirement TableRequirement::AssertDefaultSortOrderId(int32_t id) {
  TableRequirement r;
  r.kind = Kind::kAssertDefaultSortOrderId;
  r.id = id;
  return r;
}

Status TableRequirement::Validate(const TableMetadata* base) const {
  if (kind == Kind::kAssertCreate) {
    if (base != nullptr) return Status::Conflict("requirement failed: the table already exists");
    return Status::OK();
  }
  if (base == nullptr) {
    return Status::Conflict("requirement failed: the table does not exist (", RequirementName(kind),
                            ")");
  }
  auto mismatch = [](const char* what, int64_t found, int64_t expected) {
    return Status::Conflict("requirement failed: ", what, " is ", found, ", expected ", expected);
  };
  switch (kind) {
    case Kind::kAssertCreate:
      return Status::OK();  // handled above
    case Kind::kAssertTableUuid:
      if (base->table_uuid != uuid) {
        return Status::Conflict("requirement failed: the table uuid is ", base->table_uuid,
                                ", expected ", uuid);
      }
      return Status::OK();
    case Kind::kAssertRefSnapshotId: {
      auto it = base->refs.find(ref_name);
      if (it == base->refs.end()) {
        if (snapshot_id) {
          return Status::Conflict("requirement failed: branch or tag ", ref_name,
                                  " does not exist, expected it at snapshot ", *snapshot_id);
        }
        return Status::OK();
      }
      const char* type = it->second.is_branch ? "branch" : "tag";
      if (!snapshot_id) {
        return Status::Conflict("requirement failed: ", type, " ", ref_name,
                                " exists (at snapshot ", it->second.snapshot_id,
                                "), expected it not to");
      }
      if (it->second.snapshot_id != *snapshot_id) {
        return Status::Conflict("requirement failed: ", type, " ", ref_name, " is at snapshot ",
                                it->second.snapshot_id, ", expected ", *snapshot_id);
      }
      return Status::OK();
    }
    case Kind::kAssertLastAssignedFieldId:
      if (base->last_column_id != id) {
        return mismatch("the last assigned field id", base->last_column_id, id);
      }
      return Status::OK();
    case Kind::kAssertCurrentSchemaId:
      if (base->current_schema_id != id) {
        return mismatch("the current schema id", base->current_schema_id, id);
      }
      return Status::OK();
    case Kind::kAssertLastAssignedPartitionId:
      if (base->last_partition_id != id) {
        return mismatch("the last assigned partition id", base->last_partition_id, id);
      }
      return Status::OK();
    case Kind::kAssertDefaultSpecId:
      if (base->default_spec_id != id) {
        return mismatch("the default spec id", base->default_spec_id, id);
      }
      return Status::OK();
    case Kind::kAssertDefaultSortOrderId:
      if (base->default_sort_order_id != id) {
        return mismatch("the default sort order id", base->default_sort_order_id, id);
      }
      return Status::OK();
  }
  return Status::Internal("unknown requirement kind ", static_cast<int>(kind));
}

json::Value TableRequirement::ToJson() const {
  json::Value o = json::Value::Object();
  o.Set("type", Str(RequirementName(kind)));
  switch (kind) {
    case Kind::kAssertCreate:
      break;
    case Kind::kAssertTableUuid:
      o.Set("uuid", Str(uuid));
      break;
    case Kind::kAssertRefSnapshotId:
      o.Set("ref", Str(ref_name));
      // Required by the spec, null when the ref must not exist.
      o.Set("snapshot-id", snapshot_id ? Int(*snapshot_id) : json::Value());
      break;
    case Kind::kAssertLastAssignedFieldId:
      o.Set("last-assigned-field-id", Int(id));
      break;
    case Kind::kAssertCurrentSchemaId:
      o.Set("current-schema-id", Int(id));
      break;
    case Kind::kAssertLastAssignedPartitionId:
      o.Set("last-assigned-partition-id", Int(id));
      break;
    case Kind::kAssertDefaultSpecId:
      o.Set("default-spec-id", Int(id));
      break;
    case Kind::kAssertDefaultSortOrderId:
      o.Set("default-sort-order-id", Int(id));
      break;
  }
  return o;
}

Result<TableRequirement> TableRequirement::FromJson(const json::Value& v, const std::string& path) {
  if (!v.is_object()) return Status::Invalid(path, ": an object is required");
  Members o(v, path);
  FLOE_ASSIGN_OR_RETURN(std::string type, o.Str("type"));
  TableRequirement r;
  if (type == "assert-create") {
    r.kind = Kind::kAssertCreate;
  } else if (type == "assert-table-uuid") {
    r.kind = Kind::kAssertTableUuid;
    FLOE_ASSIGN_OR_RETURN(r.uuid, o.Str("uuid"));
  } else if (type == "assert-ref-snapshot-id") {
    r.kind = Kind::kAssertRefSnapshotId;
    FLOE_ASSIGN_OR_RETURN(r.ref_name, o.Str("ref"));
    FLOE_ASSIGN_OR_RETURN(r.snapshot_id, o.OptInt("snapshot-id"));
  } else if (type == "assert-last-assigned-field-id") {
    r.kind = Kind::kAssertLastAssignedFieldId;
    FLOE_ASSIGN_OR_RETURN(r.id, o.Int32("last-assigned-field-id"));
  } else if (type == "assert-current-schema-id") {
    r.kind = Kind::kAssertCurrentSchemaId;
    FLOE_ASSIGN_OR_RETURN(r.id, o.Int32("current-schema-id"));
  } else if (type == "assert-last-assigned-partition-id") {
    r.kind = Kind::kAssertLastAssignedPartitionId;
    FLOE_ASSIGN_OR_RETURN(r.id, o.Int32("last-assigned-partition-id"));
  } else if (type == "assert-default-spec-id") {
    r.kind = Kind::kAssertDefaultSpecId;
    FLOE_ASSIGN_OR_RETURN(r.id, o.Int32("default-spec-id"));
  } else if (type == "assert-default-sort-order-id") {
    r.kind = Kind::kAssertDefaultSortOrderId;
    FLOE_ASSIGN_OR_RETURN(r.id, o.Int32("default-sort-order-id"));
  } else {
    return Status::Invalid(o.Path("type"), ": unknown requirement '", type, "'");
  }
  return r;
}

// ---- Applying ----

Status ValidateRequirements(const std::vector<TableRequirement>& requirements,
                            const TableMetadata* base) {
  for (const auto& r : requirements) FLOE_RETURN_NOT_OK(r.Validate(base));
  return Status::OK();
}

Result<TableMetadata> ApplyUpdates(const TableMetadata& base,
                                   const std::vector<TableUpdate>& updates, int64_t now_ms) {
  MetadataBuilder builder(base, now_ms);
  for (size_t i = 0; i < updates.size(); ++i) {
    Status st = builder.Apply(updates[i]);
    if (!st.ok()) {
      return st.WithContext(StrCat("updates[", i, "] (", ActionName(updates[i].kind), ")"));
    }
  }
  return builder.Finish();
}

Result<TableMetadata> NewTableMetadata(const Schema& schema, const PartitionSpec& spec,
                                       const SortOrder& order, const std::string& location,
                                       const std::map<std::string, std::string>& properties,
                                       int64_t now_ms) {
  TableMetadata m;
  m.properties = properties;
  // "format-version" is a reserved property: it chooses the version and is
  // not stored (Java's TableMetadata.newTableMetadata).
  auto fv = m.properties.find("format-version");
  if (fv != m.properties.end()) {
    if (fv->second == "1") {
      m.format_version = 1;
    } else if (fv->second == "2") {
      m.format_version = 2;
    } else {
      return Status::Invalid("property format-version: '", fv->second,
                             "' is not supported (1 or 2)");
    }
    m.properties.erase(fv);
  }
  if (location.empty()) return Status::Invalid("a table location is required");
  FLOE_RETURN_NOT_OK(CheckSchemaForFormat(schema, m.format_version));
  auto type = spec.PartitionType(schema);
  if (!type.ok()) return type.status();
  SortOrder sort_order = order;
  if (sort_order.fields.empty()) {
    sort_order.order_id = 0;
  } else if (sort_order.order_id == 0) {
    // Order id 0 is the unsorted order; Java gives the first real order 1.
    sort_order.order_id = 1;
  }
  FLOE_RETURN_NOT_OK(CheckSortOrder(sort_order, schema));

  m.table_uuid = NewUuid();
  m.location = StripTrailingSlashes(location);
  m.last_sequence_number = 0;
  m.last_updated_ms = now_ms;
  m.last_column_id = schema.HighestFieldId();
  m.schemas = {schema};
  m.current_schema_id = schema.schema_id();
  m.specs = {spec};
  m.default_spec_id = spec.spec_id;
  m.last_partition_id = HighestPartitionFieldId(spec);
  m.sort_orders = {sort_order};
  m.default_sort_order_id = sort_order.order_id;
  return m;
}

std::vector<std::string> AppendMetadataLog(TableMetadata* metadata,
                                           const std::string& previous_file, int64_t previous_ms) {
  // Java: max(1, write.metadata.previous-versions-max), default 100.
  int64_t max_entries = 100;
  auto it = metadata->properties.find("write.metadata.previous-versions-max");
  if (it != metadata->properties.end()) {
    char* end = nullptr;
    long long v = std::strtoll(it->second.c_str(), &end, 10);
    if (end != it->second.c_str() && *end == '\0') max_entries = v;
  }
  max_entries = std::max<int64_t>(max_entries, 1);
  auto& log = metadata->metadata_log;
  log.push_back(MetadataLogEntry{previous_ms, previous_file});
  std::vector<std::string> dropped;
  if (static_cast<int64_t>(log.size()) > max_entries) {
    size_t n = log.size() - static_cast<size_t>(max_entries);
    for (size_t i = 0; i < n; ++i) dropped.push_back(std::move(log[i].metadata_file));
    log.erase(log.begin(), log.begin() + static_cast<std::ptrdiff_t>(n));
  }
  return dropped;
}

std::string NewUuid() {
  // std::random_device reads the kernel's entropy (getrandom or
  // /dev/urandom) with libstdc++ on Linux; one generator per thread.
  thread_local std::random_device device;
  uint8_t b[16];
  for (int i = 0; i < 16; i += 4) {
    uint32_t r = device();
    b[i] = static_cast<uint8_t>(r);
    b[i + 1] = static_cast<uint8_t>(r >> 8);
    b[i + 2] = static_cast<uint8_t>(r >> 16);
    b[i + 3] = static_cast<uint8_t>(r >> 24);
  }
  b[6] = static_cast<uint8_t>((b[6] & 0x0F) | 0x40);  // version 4 (RFC 9562 §5.4)
  b[8] = static_cast<uint8_t>((b[8] & 0x3F) | 0x80);  // variant 10
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
    out.push_back(kHex[b[i] >> 4]);
    out.push_back(kHex[b[i] & 0xF]);
  }
  return out;
}

}  // namespace floe::iceberg
