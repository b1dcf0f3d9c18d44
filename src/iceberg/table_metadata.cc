#include "iceberg/table_metadata.h"

#include <algorithm>
#include <set>

#include "common/str_cat.h"
#include "iceberg/json_members_internal.h"

namespace floe::iceberg {

namespace {

using Obj = JsonMembers;

Result<Transform> TransformAt(const Obj& o, std::string_view key) {
  FLOE_ASSIGN_OR_RETURN(std::string t, o.Str(key));
  auto transform = Transform::Parse(t);
  if (!transform.ok()) return transform.status().WithContext(o.Path(key));
  return *transform;
}

json::Value Int(int64_t v) { return json::Value::Int(v); }
json::Value Str(std::string s) { return json::Value::String(std::move(s)); }

const std::set<std::string_view>& KnownTopLevel() {
  static const std::set<std::string_view> keys = {"format-version",
                                                  "table-uuid",
                                                  "location",
                                                  "last-sequence-number",
                                                  "last-updated-ms",
                                                  "last-column-id",
                                                  "schema",
                                                  "schemas",
                                                  "current-schema-id",
                                                  "partition-spec",
                                                  "partition-specs",
                                                  "default-spec-id",
                                                  "last-partition-id",
                                                  "properties",
                                                  "current-snapshot-id",
                                                  "snapshots",
                                                  "snapshot-log",
                                                  "metadata-log",
                                                  "sort-orders",
                                                  "default-sort-order-id",
                                                  "refs",
                                                  "statistics",
                                                  "partition-statistics"};
  return keys;
}

Result<PartitionField> PartitionFieldFromJson(const json::Value& v, const std::string& path,
                                              int32_t fallback_id) {
  if (!v.is_object()) return Status::Invalid(path, ": an object is required");
  Obj o(v, path);
  PartitionField f;
  if (o.Find("source-id") == nullptr && o.Find("source-ids") != nullptr) {
    FLOE_ASSIGN_OR_RETURN(auto ids, o.Array("source-ids", true));
    if (ids->size() != 1 || !(*ids)[0].is_integer()) {
      return Status::NotSupported(path,
                                  ": partition fields over several source columns (format v3)");
    }
    f.source_id = static_cast<int32_t>((*ids)[0].AsInt64());
  } else {
    FLOE_ASSIGN_OR_RETURN(f.source_id, o.Int32("source-id"));
  }
  // v1 specs may omit field ids: they were assigned from 1000 in order.
  if (o.Find("field-id") != nullptr) {
    FLOE_ASSIGN_OR_RETURN(f.field_id, o.Int32("field-id"));
  } else {
    f.field_id = fallback_id;
  }
  FLOE_ASSIGN_OR_RETURN(f.name, o.Str("name"));
  FLOE_ASSIGN_OR_RETURN(f.transform, TransformAt(o, "transform"));
  return f;
}

}  // namespace

bool PartitionSpec::is_unpartitioned() const {
  return std::all_of(fields.begin(), fields.end(), [](const PartitionField& f) {
    return f.transform.kind() == Transform::kVoid;
  });
}

namespace {

// java.net.URLEncoder.encode(s, UTF_8), which Iceberg uses for partition paths.
void AppendUrlEncoded(std::string_view s, std::string* out) {
  static const char kHex[] = "0123456789ABCDEF";
  for (unsigned char c : s) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
        c == '-' || c == '*' || c == '_') {
      out->push_back(static_cast<char>(c));
    } else if (c == ' ') {
      out->push_back('+');
    } else {
      out->push_back('%');
      out->push_back(kHex[c >> 4]);
      out->push_back(kHex[c & 15]);
    }
  }
}

}  // namespace

std::string PartitionSpec::PartitionPath(const std::vector<Literal>& tuple,
                                         const Type& partition_type) const {
  std::string out;
  for (size_t i = 0; i < fields.size() && i < tuple.size() && i < partition_type.fields().size();
       ++i) {
    if (i > 0) out.push_back('/');
    AppendUrlEncoded(fields[i].name, &out);
    out.push_back('=');
    AppendUrlEncoded(fields[i].transform.ToHumanString(tuple[i], *partition_type.fields()[i].type),
                     &out);
  }
  return out;
}

Result<TypePtr> PartitionSpec::PartitionType(const Schema& schema) const {
  std::vector<NestedField> out;
  for (const auto& f : fields) {
    const NestedField* source = schema.FindField(f.source_id);
    if (source == nullptr) {
      return Status::Invalid("partition field '", f.name, "': source field ", f.source_id,
                             " is not in schema ", schema.schema_id());
    }
    if (!f.transform.CanApply(*source->type)) {
      return Status::Invalid("partition field '", f.name, "': ", f.transform.ToString(),
                             " does not apply to ", source->type->ToString());
    }
    NestedField pf;
    pf.id = f.field_id;
    pf.name = f.name;
    pf.required = false;
    pf.type = f.transform.ResultType(source->type);
    out.push_back(std::move(pf));
  }
  return Type::Struct(std::move(out));
}

json::Value PartitionSpec::ToJson() const {
  json::Value o = json::Value::Object();
  o.Set("spec-id", Int(spec_id));
  json::Value fs = json::Value::Array();
  for (const auto& f : fields) {
    json::Value fo = json::Value::Object();
    fo.Set("name", Str(f.name));
    fo.Set("transform", Str(f.transform.ToString()));
    fo.Set("source-id", Int(f.source_id));
    fo.Set("field-id", Int(f.field_id));
    fs.Append(std::move(fo));
  }
  o.Set("fields", std::move(fs));
  return o;
}

Result<PartitionSpec> PartitionSpec::FromJson(const json::Value& v, const std::string& path) {
  if (!v.is_object()) return Status::Invalid(path, ": an object is required");
  Obj o(v, path);
  PartitionSpec spec;
  FLOE_ASSIGN_OR_RETURN(spec.spec_id, o.Int32("spec-id"));
  FLOE_ASSIGN_OR_RETURN(auto fields, o.Array("fields", true));
  for (size_t i = 0; i < fields->size(); ++i) {
    FLOE_ASSIGN_OR_RETURN(PartitionField f, PartitionFieldFromJson(
                                                (*fields)[i], StrCat(o.Path("fields"), "[", i, "]"),
                                                1000 + static_cast<int32_t>(i)));
    spec.fields.push_back(std::move(f));
  }
  return spec;
}

json::Value SortOrder::ToJson() const {
  json::Value o = json::Value::Object();
  o.Set("order-id", Int(order_id));
  json::Value fs = json::Value::Array();
  for (const auto& f : fields) {
    json::Value fo = json::Value::Object();
    fo.Set("transform", Str(f.transform.ToString()));
    fo.Set("source-id", Int(f.source_id));
    fo.Set("direction", Str(f.descending ? "desc" : "asc"));
    fo.Set("null-order", Str(f.nulls_first ? "nulls-first" : "nulls-last"));
    fs.Append(std::move(fo));
  }
  o.Set("fields", std::move(fs));
  return o;
}

Result<SortOrder> SortOrder::FromJson(const json::Value& v, const std::string& path) {
  if (!v.is_object()) return Status::Invalid(path, ": an object is required");
  Obj o(v, path);
  SortOrder order;
  FLOE_ASSIGN_OR_RETURN(order.order_id, o.Int32("order-id"));
  FLOE_ASSIGN_OR_RETURN(auto fields, o.Array("fields", true));
  for (size_t i = 0; i < fields->size(); ++i) {
    std::string fp = StrCat(o.Path("fields"), "[", i, "]");
    if (!(*fields)[i].is_object()) return Status::Invalid(fp, ": an object is required");
    Obj fo((*fields)[i], fp);
    SortField f;
    FLOE_ASSIGN_OR_RETURN(f.transform, TransformAt(fo, "transform"));
    FLOE_ASSIGN_OR_RETURN(f.source_id, fo.Int32("source-id"));
    FLOE_ASSIGN_OR_RETURN(std::string dir, fo.Str("direction"));
    if (dir != "asc" && dir != "desc")
      return Status::Invalid(fo.Path("direction"), ": '", dir, "' is not asc or desc");
    f.descending = dir == "desc";
    FLOE_ASSIGN_OR_RETURN(std::string nulls, fo.Str("null-order"));
    if (nulls != "nulls-first" && nulls != "nulls-last") {
      return Status::Invalid(fo.Path("null-order"), ": '", nulls,
                             "' is not nulls-first or nulls-last");
    }
    f.nulls_first = nulls == "nulls-first";
    order.fields.push_back(f);
  }
  return order;
}

std::string Snapshot::operation() const { return SummaryValue("operation"); }

std::string Snapshot::SummaryValue(std::string_view key) const {
  for (const auto& [k, v] : summary) {
    if (k == key) return v;
  }
  return "";
}

json::Value Snapshot::ToJson(bool write_sequence_number) const {
  json::Value o = json::Value::Object();
  if (write_sequence_number || sequence_number != 0) o.Set("sequence-number", Int(sequence_number));
  o.Set("snapshot-id", Int(snapshot_id));
  if (parent_snapshot_id) o.Set("parent-snapshot-id", Int(*parent_snapshot_id));
  o.Set("timestamp-ms", Int(timestamp_ms));
  // v1 snapshots may have no summary; an empty one would not read back
  // (a summary needs its operation).
  if (!summary.empty()) {
    json::Value sum = json::Value::Object();
    for (const auto& [k, v] : summary) sum.Set(k, Str(v));
    o.Set("summary", std::move(sum));
  }
  if (!manifest_list.empty()) {
    o.Set("manifest-list", Str(manifest_list));
  } else {
    json::Value ms = json::Value::Array();
    for (const auto& m : manifests) ms.Append(Str(m));
    o.Set("manifests", std::move(ms));
  }
  if (schema_id) o.Set("schema-id", Int(*schema_id));
  for (const auto& [k, v] : unknown) o.Set(k, v);
  return o;
}

Result<Snapshot> Snapshot::FromJson(const json::Value& v, const std::string& sp,
                                    int format_version) {
  if (!v.is_object()) return Status::Invalid(sp, ": an object is required");
  Obj so(v, sp);
  Snapshot s;
  FLOE_ASSIGN_OR_RETURN(s.snapshot_id, so.Int("snapshot-id"));
  FLOE_ASSIGN_OR_RETURN(s.parent_snapshot_id, so.OptInt("parent-snapshot-id"));
  if (format_version >= 2) {
    FLOE_ASSIGN_OR_RETURN(s.sequence_number, so.Int("sequence-number"));
  } else {
    FLOE_ASSIGN_OR_RETURN(auto seq, so.OptInt("sequence-number"));
    s.sequence_number = seq.value_or(0);
  }
  FLOE_ASSIGN_OR_RETURN(s.timestamp_ms, so.Int("timestamp-ms"));
  if (so.Find("manifest-list") != nullptr || format_version >= 2) {
    FLOE_ASSIGN_OR_RETURN(s.manifest_list, so.Str("manifest-list"));
  } else {
    FLOE_ASSIGN_OR_RETURN(auto manifests, so.Array("manifests", true));
    for (const auto& mv : *manifests) {
      if (!mv.is_string()) return Status::Invalid(sp, ".manifests: strings are required");
      s.manifests.push_back(mv.AsString());
    }
  }
  if (const json::Value* sum = so.Find("summary")) {
    if (!sum->is_object()) return Status::Invalid(sp, ".summary: an object is required");
    const json::Value* op = sum->Find("operation");
    if (op == nullptr || !op->is_string())
      return Status::Invalid(sp, ".summary.operation: a string is required");
    s.summary.emplace_back("operation", op->AsString());
    for (const auto& [k, sv] : sum->members()) {
      if (k == "operation") continue;
      if (!sv.is_string()) return Status::Invalid(sp, ".summary.", k, ": a string is required");
      s.summary.emplace_back(k, sv.AsString());
    }
  } else if (format_version >= 2) {
    return Status::Invalid(sp, ".summary: missing");
  }
  FLOE_ASSIGN_OR_RETURN(auto schema_id, so.OptInt("schema-id"));
  if (schema_id) s.schema_id = static_cast<int32_t>(*schema_id);
  static const std::set<std::string_view> known = {
      "snapshot-id",   "parent-snapshot-id", "sequence-number", "timestamp-ms",
      "manifest-list", "manifests",          "summary",         "schema-id"};
  for (const auto& mem : v.members()) {
    if (!known.count(mem.first)) s.unknown.push_back(mem);
  }
  return s;
}

const Schema* TableMetadata::SchemaById(int32_t id) const {
  for (const auto& s : schemas) {
    if (s.schema_id() == id) return &s;
  }
  return nullptr;
}

const PartitionSpec* TableMetadata::SpecById(int32_t id) const {
  for (const auto& s : specs) {
    if (s.spec_id == id) return &s;
  }
  return nullptr;
}

const SortOrder* TableMetadata::SortOrderById(int32_t id) const {
  for (const auto& s : sort_orders) {
    if (s.order_id == id) return &s;
  }
  return nullptr;
}

const Snapshot* TableMetadata::SnapshotById(int64_t id) const {
  for (const auto& s : snapshots) {
    if (s.snapshot_id == id) return &s;
  }
  return nullptr;
}

const Snapshot* TableMetadata::current_snapshot() const {
  return current_snapshot_id ? SnapshotById(*current_snapshot_id) : nullptr;
}

std::string TableMetadata::Property(const std::string& key, const std::string& fallback) const {
  auto it = properties.find(key);
  return it == properties.end() ? fallback : it->second;
}

json::Value TableMetadata::ToJson() const {
  json::Value o = json::Value::Object();
  o.Set("format-version", Int(format_version));
  o.Set("table-uuid", Str(table_uuid));
  o.Set("location", Str(location));
  if (format_version >= 2) o.Set("last-sequence-number", Int(last_sequence_number));
  o.Set("last-updated-ms", Int(last_updated_ms));
  o.Set("last-column-id", Int(last_column_id));
  if (format_version == 1 && current_schema()) o.Set("schema", current_schema()->ToJson());
  o.Set("current-schema-id", Int(current_schema_id));
  json::Value ss = json::Value::Array();
  for (const auto& s : schemas) ss.Append(s.ToJson());
  o.Set("schemas", std::move(ss));
  if (format_version == 1 && default_spec()) {
    json::Value spec = default_spec()->ToJson();
    o.Set("partition-spec", *spec.Find("fields"));
  }
  o.Set("default-spec-id", Int(default_spec_id));
  json::Value ps = json::Value::Array();
  for (const auto& s : specs) ps.Append(s.ToJson());
  o.Set("partition-specs", std::move(ps));
  o.Set("last-partition-id", Int(last_partition_id));
  o.Set("default-sort-order-id", Int(default_sort_order_id));
  json::Value so = json::Value::Array();
  for (const auto& s : sort_orders) so.Append(s.ToJson());
  o.Set("sort-orders", std::move(so));
  json::Value props = json::Value::Object();
  for (const auto& [k, v] : properties) props.Set(k, Str(v));
  o.Set("properties", std::move(props));
  o.Set("current-snapshot-id", Int(current_snapshot_id.value_or(-1)));
  json::Value refs_json = json::Value::Object();
  for (const auto& [name, r] : refs) {
    json::Value ro = json::Value::Object();
    ro.Set("snapshot-id", Int(r.snapshot_id));
    ro.Set("type", Str(r.is_branch ? "branch" : "tag"));
    if (r.min_snapshots_to_keep) ro.Set("min-snapshots-to-keep", Int(*r.min_snapshots_to_keep));
    if (r.max_snapshot_age_ms) ro.Set("max-snapshot-age-ms", Int(*r.max_snapshot_age_ms));
    if (r.max_ref_age_ms) ro.Set("max-ref-age-ms", Int(*r.max_ref_age_ms));
    refs_json.Set(name, std::move(ro));
  }
  o.Set("refs", std::move(refs_json));
  json::Value snaps = json::Value::Array();
  for (const auto& s : snapshots) snaps.Append(s.ToJson(format_version >= 2));
  o.Set("snapshots", std::move(snaps));
  if (statistics) o.Set("statistics", *statistics);
  if (partition_statistics) o.Set("partition-statistics", *partition_statistics);
  json::Value slog = json::Value::Array();
  for (const auto& e : snapshot_log) {
    json::Value eo = json::Value::Object();
    eo.Set("timestamp-ms", Int(e.timestamp_ms));
    eo.Set("snapshot-id", Int(e.snapshot_id));
    slog.Append(std::move(eo));
  }
  o.Set("snapshot-log", std::move(slog));
  json::Value mlog = json::Value::Array();
  for (const auto& e : metadata_log) {
    json::Value eo = json::Value::Object();
    eo.Set("timestamp-ms", Int(e.timestamp_ms));
    eo.Set("metadata-file", Str(e.metadata_file));
    mlog.Append(std::move(eo));
  }
  o.Set("metadata-log", std::move(mlog));
  for (const auto& [k, v] : unknown) o.Set(k, v);
  return o;
}

Result<TableMetadata> TableMetadata::Parse(std::string_view text, const std::string& file) {
  auto v = json::Parse(text);
  if (!v.ok()) return v.status().WithContext(file);
  return FromJson(*v, file);
}

Result<TableMetadata> TableMetadata::FromJson(const json::Value& v, const std::string& file) {
  auto parse = [&]() -> Result<TableMetadata> {
    if (!v.is_object()) return Status::Invalid("the metadata must be a JSON object");
    Obj o(v, "");
    TableMetadata m;
    FLOE_ASSIGN_OR_RETURN(int64_t version, o.Int("format-version"));
    if (version < 1 || version > 3)
      return Status::NotSupported("format-version ", version, " is not supported");
    m.format_version = static_cast<int>(version);
    if (o.Find("table-uuid") != nullptr || version >= 2) {
      FLOE_ASSIGN_OR_RETURN(m.table_uuid, o.Str("table-uuid"));
    }
    FLOE_ASSIGN_OR_RETURN(m.location, o.Str("location"));
    if (version >= 2) {
      FLOE_ASSIGN_OR_RETURN(m.last_sequence_number, o.Int("last-sequence-number"));
    }
    FLOE_ASSIGN_OR_RETURN(m.last_updated_ms, o.Int("last-updated-ms"));
    FLOE_ASSIGN_OR_RETURN(m.last_column_id, o.Int32("last-column-id"));
    // Schemas: "schemas" + "current-schema-id" (required from v2), else v1's "schema".
    FLOE_ASSIGN_OR_RETURN(auto schemas, o.Array("schemas", version >= 2));
    if (schemas != nullptr) {
      for (size_t i = 0; i < schemas->size(); ++i) {
        auto s = Schema::FromJson((*schemas)[i]);
        if (!s.ok()) return s.status().WithContext(StrCat("schemas[", i, "]"));
        m.schemas.push_back(std::move(s).ValueOrDie());
      }
      FLOE_ASSIGN_OR_RETURN(m.current_schema_id, o.Int32("current-schema-id"));
    } else {
      const json::Value* s = o.Find("schema");
      if (s == nullptr) return Status::Invalid("schema: missing (and no schemas)");
      auto schema = Schema::FromJson(*s);
      if (!schema.ok()) return schema.status().WithContext("schema");
      m.current_schema_id = schema->schema_id();
      m.schemas.push_back(std::move(schema).ValueOrDie());
    }
    if (m.current_schema() == nullptr) {
      return Status::Invalid("current-schema-id ", m.current_schema_id,
                             " is not among the schemas");
    }
    // Partition specs: "partition-specs" + "default-spec-id", else v1's "partition-spec" fields.
    FLOE_ASSIGN_OR_RETURN(auto specs, o.Array("partition-specs", version >= 2));
    if (specs != nullptr) {
      for (size_t i = 0; i < specs->size(); ++i) {
        FLOE_ASSIGN_OR_RETURN(
            PartitionSpec spec,
            PartitionSpec::FromJson((*specs)[i], StrCat("partition-specs[", i, "]")));
        m.specs.push_back(std::move(spec));
      }
      FLOE_ASSIGN_OR_RETURN(m.default_spec_id, o.Int32("default-spec-id"));
    } else {
      FLOE_ASSIGN_OR_RETURN(auto fields, o.Array("partition-spec", true));
      PartitionSpec spec;
      for (size_t i = 0; i < fields->size(); ++i) {
        FLOE_ASSIGN_OR_RETURN(PartitionField f, PartitionFieldFromJson(
                                                    (*fields)[i], StrCat("partition-spec[", i, "]"),
                                                    1000 + static_cast<int32_t>(i)));
        spec.fields.push_back(std::move(f));
      }
      m.specs.push_back(std::move(spec));
    }
    if (m.default_spec() == nullptr)
      return Status::Invalid("default-spec-id ", m.default_spec_id,
                             " is not among the partition specs");
    if (o.Find("last-partition-id") != nullptr || version >= 2) {
      FLOE_ASSIGN_OR_RETURN(m.last_partition_id, o.Int32("last-partition-id"));
    } else {
      m.last_partition_id = 999;
      for (const auto& s : m.specs) {
        for (const auto& f : s.fields)
          m.last_partition_id = std::max(m.last_partition_id, f.field_id);
      }
    }
    FLOE_ASSIGN_OR_RETURN(auto orders, o.Array("sort-orders", version >= 2));
    if (orders != nullptr) {
      for (size_t i = 0; i < orders->size(); ++i) {
        FLOE_ASSIGN_OR_RETURN(SortOrder order,
                              SortOrder::FromJson((*orders)[i], StrCat("sort-orders[", i, "]")));
        m.sort_orders.push_back(std::move(order));
      }
      FLOE_ASSIGN_OR_RETURN(m.default_sort_order_id, o.Int32("default-sort-order-id"));
    } else {
      m.sort_orders.push_back(SortOrder{});  // unsorted, order id 0
    }
    if (m.SortOrderById(m.default_sort_order_id) == nullptr) {
      return Status::Invalid("default-sort-order-id ", m.default_sort_order_id,
                             " is not among the sort orders");
    }
    if (const json::Value* props = o.Find("properties")) {
      if (!props->is_object()) return Status::Invalid("properties: an object is required");
      for (const auto& [k, pv] : props->members()) {
        if (!pv.is_string()) return Status::Invalid("properties.", k, ": a string is required");
        m.properties[k] = pv.AsString();
      }
    }
    FLOE_ASSIGN_OR_RETURN(auto current, o.OptInt("current-snapshot-id"));
    if (current && *current != -1) m.current_snapshot_id = *current;
    FLOE_ASSIGN_OR_RETURN(auto snaps, o.Array("snapshots", false));
    if (snaps != nullptr) {
      for (size_t i = 0; i < snaps->size(); ++i) {
        std::string sp = StrCat("snapshots[", i, "]");
        FLOE_ASSIGN_OR_RETURN(Snapshot s, Snapshot::FromJson((*snaps)[i], sp, m.format_version));
        m.snapshots.push_back(std::move(s));
      }
    }
    if (m.current_snapshot_id && m.current_snapshot() == nullptr) {
      return Status::Invalid("current-snapshot-id ", *m.current_snapshot_id,
                             " is not among the snapshots");
    }
    if (const json::Value* refs = o.Find("refs")) {
      if (!refs->is_object()) return Status::Invalid("refs: an object is required");
      for (const auto& [name, rv] : refs->members()) {
        std::string rp = StrCat("refs.", name);
        if (!rv.is_object()) return Status::Invalid(rp, ": an object is required");
        Obj ro(rv, rp);
        SnapshotRef r;
        FLOE_ASSIGN_OR_RETURN(r.snapshot_id, ro.Int("snapshot-id"));
        FLOE_ASSIGN_OR_RETURN(std::string type, ro.Str("type"));
        if (type != "branch" && type != "tag")
          return Status::Invalid(rp, ".type: '", type, "' is not branch or tag");
        r.is_branch = type == "branch";
        FLOE_ASSIGN_OR_RETURN(auto keep, ro.OptInt("min-snapshots-to-keep"));
        if (keep) r.min_snapshots_to_keep = static_cast<int32_t>(*keep);
        FLOE_ASSIGN_OR_RETURN(r.max_snapshot_age_ms, ro.OptInt("max-snapshot-age-ms"));
        FLOE_ASSIGN_OR_RETURN(r.max_ref_age_ms, ro.OptInt("max-ref-age-ms"));
        if (m.SnapshotById(r.snapshot_id) == nullptr) {
          return Status::Invalid(rp, ".snapshot-id: snapshot ", r.snapshot_id,
                                 " is not among the snapshots");
        }
        m.refs[name] = r;
      }
    }
    // Older writers have no refs: the current snapshot is the main branch.
    if (m.current_snapshot_id && m.refs.find("main") == m.refs.end()) {
      SnapshotRef main;
      main.snapshot_id = *m.current_snapshot_id;
      m.refs["main"] = main;
    }
    FLOE_ASSIGN_OR_RETURN(auto slog, o.Array("snapshot-log", false));
    if (slog != nullptr) {
      for (size_t i = 0; i < slog->size(); ++i) {
        Obj eo((*slog)[i], StrCat("snapshot-log[", i, "]"));
        SnapshotLogEntry e;
        FLOE_ASSIGN_OR_RETURN(e.timestamp_ms, eo.Int("timestamp-ms"));
        FLOE_ASSIGN_OR_RETURN(e.snapshot_id, eo.Int("snapshot-id"));
        m.snapshot_log.push_back(e);
      }
    }
    FLOE_ASSIGN_OR_RETURN(auto mlog, o.Array("metadata-log", false));
    if (mlog != nullptr) {
      for (size_t i = 0; i < mlog->size(); ++i) {
        Obj eo((*mlog)[i], StrCat("metadata-log[", i, "]"));
        MetadataLogEntry e;
        FLOE_ASSIGN_OR_RETURN(e.timestamp_ms, eo.Int("timestamp-ms"));
        FLOE_ASSIGN_OR_RETURN(e.metadata_file, eo.Str("metadata-file"));
        m.metadata_log.push_back(std::move(e));
      }
    }
    if (const json::Value* s = o.Find("statistics")) m.statistics = *s;
    if (const json::Value* s = o.Find("partition-statistics")) m.partition_statistics = *s;
    for (const auto& mem : v.members()) {
      if (!KnownTopLevel().count(mem.first)) m.unknown.push_back(mem);
    }
    return m;
  };
  auto m = parse();
  if (!m.ok()) return m.status().WithContext(file);
  return m;
}

}  // namespace floe::iceberg
