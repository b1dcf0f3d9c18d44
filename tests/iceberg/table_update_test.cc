#include "iceberg/table_update.h"

#include <gtest/gtest.h>

#include <set>

namespace floe::iceberg {
namespace {

NestedField Field(int32_t id, std::string name, TypeId type, bool required = false) {
  return NestedField::Of(id, std::move(name), required, Type::Primitive(type));
}

Schema BaseSchema() {
  return Schema(0, {Field(1, "id", TypeId::kLong, true), Field(2, "data", TypeId::kString)});
}

TableMetadata Base(const std::map<std::string, std::string>& props = {}) {
  return NewTableMetadata(BaseSchema(), PartitionSpec{}, SortOrder{}, "file:///wh/demo/t/", props,
                          1000)
      .ValueOrDie();
}

Snapshot MakeSnapshot(int64_t id, std::optional<int64_t> parent, int64_t seq, int64_t ts) {
  Snapshot s;
  s.snapshot_id = id;
  s.parent_snapshot_id = parent;
  s.sequence_number = seq;
  s.timestamp_ms = ts;
  s.manifest_list = "file:///wh/demo/t/metadata/snap-" + std::to_string(id) + ".avro";
  s.summary = {{"operation", "append"}, {"added-data-files", "1"}};
  s.schema_id = 0;
  return s;
}

SnapshotRef Branch(int64_t id) {
  SnapshotRef r;
  r.snapshot_id = id;
  return r;
}

TableMetadata Apply(const TableMetadata& base, const std::vector<TableUpdate>& updates,
                    int64_t now = 2000) {
  auto r = ApplyUpdates(base, updates, now);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? *r : base;
}

std::string ApplyError(const TableMetadata& base, const std::vector<TableUpdate>& updates) {
  auto r = ApplyUpdates(base, updates, 2000);
  EXPECT_FALSE(r.ok());
  return r.ok() ? "" : r.status().ToString();
}

TEST(IcebergTableUpdateTest, NewUuidIsRandomVersion4) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    std::string u = NewUuid();
    ASSERT_EQ(u.size(), 36u);
    EXPECT_EQ(u[8], '-');
    EXPECT_EQ(u[13], '-');
    EXPECT_EQ(u[14], '4');
    EXPECT_EQ(u[18], '-');
    EXPECT_TRUE(u[19] == '8' || u[19] == '9' || u[19] == 'a' || u[19] == 'b') << u;
    EXPECT_EQ(u[23], '-');
    seen.insert(u);
  }
  EXPECT_EQ(seen.size(), 100u);
}

TEST(IcebergTableUpdateTest, NewTableMetadataDerivesIdsAndVersion) {
  TableMetadata m = Base({{"owner", "ana"}});
  EXPECT_EQ(m.format_version, 2);
  EXPECT_EQ(m.location, "file:///wh/demo/t");
  EXPECT_EQ(m.table_uuid.size(), 36u);
  EXPECT_EQ(m.last_column_id, 2);
  EXPECT_EQ(m.last_partition_id, 999);
  EXPECT_EQ(m.last_sequence_number, 0);
  EXPECT_EQ(m.last_updated_ms, 1000);
  EXPECT_EQ(m.current_schema_id, 0);
  EXPECT_EQ(m.default_spec_id, 0);
  EXPECT_EQ(m.default_sort_order_id, 0);
  EXPECT_FALSE(m.current_snapshot_id.has_value());
  EXPECT_EQ(m.properties, (std::map<std::string, std::string>{{"owner", "ana"}}));
  // What it writes reads back.
  auto again = TableMetadata::FromJson(m.ToJson(), "m.json");
  ASSERT_TRUE(again.ok()) << again.status().ToString();

  TableMetadata v1 = Base({{"format-version", "1"}});
  EXPECT_EQ(v1.format_version, 1);
  EXPECT_TRUE(v1.properties.empty());

  auto bad = NewTableMetadata(BaseSchema(), PartitionSpec{}, SortOrder{}, "/wh/t",
                              {{"format-version", "9"}}, 0);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().ToString(),
            "Invalid: property format-version: '9' is not supported (1 or 2)");

  PartitionSpec spec;
  spec.fields.push_back(PartitionField{1, 1000, "id_bucket", Transform::Bucket(16)});
  SortOrder order;
  order.fields.push_back(SortField{Transform::Identity(), 2, true, false});
  auto sorted = NewTableMetadata(BaseSchema(), spec, order, "/wh/t", {}, 0);
  ASSERT_TRUE(sorted.ok()) << sorted.status().ToString();
  EXPECT_EQ(sorted->last_partition_id, 1000);
  EXPECT_EQ(sorted->default_sort_order_id, 1);  // 0 is the unsorted order

  PartitionSpec wrong;
  wrong.fields.push_back(PartitionField{9, 1000, "x", Transform::Identity()});
  auto w = NewTableMetadata(BaseSchema(), wrong, SortOrder{}, "/wh/t", {}, 0);
  ASSERT_FALSE(w.ok());
  EXPECT_EQ(w.status().ToString(),
            "Invalid: partition field 'x': source field 9 is not in schema 0");
}

TEST(IcebergTableUpdateTest, AssignUuidAndUpgradeFormatVersion) {
  TableMetadata v1 = Base({{"format-version", "1"}});
  TableMetadata m = Apply(v1, {TableUpdate::AssignUuid("0b4f8a3c-0000-4000-8000-000000000001"),
                               TableUpdate::UpgradeFormatVersion(2)});
  EXPECT_EQ(m.table_uuid, "0b4f8a3c-0000-4000-8000-000000000001");
  EXPECT_EQ(m.format_version, 2);
  // The same version again changes nothing.
  EXPECT_EQ(Apply(m, {TableUpdate::UpgradeFormatVersion(2)}).format_version, 2);
  EXPECT_EQ(ApplyError(m, {TableUpdate::UpgradeFormatVersion(1)}),
            "Invalid: updates[0] (upgrade-format-version): cannot downgrade a v2 table to v1");
  EXPECT_EQ(ApplyError(m, {TableUpdate::SetProperties({{"a", "b"}}),
                           TableUpdate::UpgradeFormatVersion(3)}),
            "Invalid: updates[1] (upgrade-format-version): cannot upgrade to format version 3: "
            "floe writes "
            "versions 1 to 2");
}

TEST(IcebergTableUpdateTest, AddSchemaAssignsIdsAndReusesIdenticalSchemas) {
  TableMetadata base = Base();
  Schema wider(-1, {Field(1, "id", TypeId::kLong, true), Field(2, "data", TypeId::kString),
                    Field(3, "ts", TypeId::kTimestampTz)});
  TableMetadata m = Apply(base, {TableUpdate::AddSchema(wider), TableUpdate::SetCurrentSchema(-1)});
  ASSERT_EQ(m.schemas.size(), 2u);
  EXPECT_EQ(m.schemas[1].schema_id(), 1);
  EXPECT_EQ(m.current_schema_id, 1);
  EXPECT_EQ(m.last_column_id, 3);
  // Adding a schema identical to an existing one reuses its id.
  TableMetadata again = Apply(m, {TableUpdate::AddSchema(Schema(7, BaseSchema().fields())),
                                  TableUpdate::SetCurrentSchema(-1)});
  EXPECT_EQ(again.schemas.size(), 2u);
  EXPECT_EQ(again.current_schema_id, 0);
  EXPECT_EQ(again.last_column_id, 3);  // never lowered
  // A free explicit id is kept.
  Schema narrow(5, {Field(1, "id", TypeId::kLong, true)});
  TableMetadata five = Apply(m, {TableUpdate::AddSchema(narrow), TableUpdate::SetCurrentSchema(5)});
  EXPECT_EQ(five.current_schema_id, 5);

  EXPECT_EQ(ApplyError(base, {TableUpdate::SetCurrentSchema(-1)}),
            "Invalid: updates[0] (set-current-schema): schema id -1 means the last added schema, "
            "but none was added");
  EXPECT_EQ(ApplyError(base, {TableUpdate::SetCurrentSchema(4)}),
            "Invalid: updates[0] (set-current-schema): schema 4 does not exist");
  Schema v3(-1, {Field(1, "id", TypeId::kLong, true), Field(4, "v", TypeId::kVariant)});
  EXPECT_EQ(ApplyError(base, {TableUpdate::AddSchema(v3)}),
            "Invalid: updates[0] (add-schema): schema -1 uses the variant type, which needs format "
            "version 3");
}

TEST(IcebergTableUpdateTest, AddPartitionSpecAndSetDefault) {
  TableMetadata base = Base();
  PartitionSpec spec;
  spec.spec_id = -1;
  spec.fields.push_back(PartitionField{1, 1000, "id_bucket", Transform::Bucket(8)});
  TableMetadata m =
      Apply(base, {TableUpdate::AddPartitionSpec(spec), TableUpdate::SetDefaultSpec(-1)});
  ASSERT_EQ(m.specs.size(), 2u);
  EXPECT_EQ(m.specs[1].spec_id, 1);
  EXPECT_EQ(m.default_spec_id, 1);
  EXPECT_EQ(m.last_partition_id, 1000);
  // The identical spec is reused; the default can go back.
  TableMetadata back =
      Apply(m, {TableUpdate::AddPartitionSpec(spec), TableUpdate::SetDefaultSpec(0)});
  EXPECT_EQ(back.specs.size(), 2u);
  EXPECT_EQ(back.default_spec_id, 0);

  PartitionSpec bad;
  bad.fields.push_back(PartitionField{2, 1001, "d_day", Transform::Day()});
  EXPECT_EQ(
      ApplyError(base, {TableUpdate::AddPartitionSpec(bad)}),
      "Invalid: updates[0] (add-spec): partition field 'd_day': day does not apply to string");
  EXPECT_EQ(ApplyError(base, {TableUpdate::SetDefaultSpec(3)}),
            "Invalid: updates[0] (set-default-spec): partition spec 3 does not exist");
}

TEST(IcebergTableUpdateTest, AddSortOrderAndSetDefault) {
  TableMetadata base = Base();
  SortOrder order;
  order.order_id = -1;
  order.fields.push_back(SortField{Transform::Identity(), 1, false, true});
  TableMetadata m =
      Apply(base, {TableUpdate::AddSortOrder(order), TableUpdate::SetDefaultSortOrder(-1)});
  ASSERT_EQ(m.sort_orders.size(), 2u);
  EXPECT_EQ(m.sort_orders[1].order_id, 1);
  EXPECT_EQ(m.default_sort_order_id, 1);
  // An empty order is the unsorted order 0.
  TableMetadata unsorted =
      Apply(m, {TableUpdate::AddSortOrder(SortOrder{}), TableUpdate::SetDefaultSortOrder(-1)});
  EXPECT_EQ(unsorted.default_sort_order_id, 0);
  EXPECT_EQ(unsorted.sort_orders.size(), 2u);

  SortOrder bad;
  bad.fields.push_back(SortField{Transform::Identity(), 42, false, true});
  EXPECT_EQ(
      ApplyError(base, {TableUpdate::AddSortOrder(bad)}),
      "Invalid: updates[0] (add-sort-order): sort order 0: source field 42 is not in schema 0");
  EXPECT_EQ(ApplyError(base, {TableUpdate::SetDefaultSortOrder(-1)}),
            "Invalid: updates[0] (set-default-sort-order): sort order id -1 means the last added "
            "sort order, but "
            "none was added");
}

TEST(IcebergTableUpdateTest, AddSnapshotAndSetMainMovesTheTable) {
  TableMetadata base = Base();
  TableMetadata m = Apply(base,
                          {TableUpdate::AddSnapshot(MakeSnapshot(11, std::nullopt, 1, 5000)),
                           TableUpdate::SetSnapshotRef("main", Branch(11))},
                          3000);
  EXPECT_EQ(m.current_snapshot_id, 11);
  EXPECT_EQ(m.last_sequence_number, 1);
  // The newest snapshot's time wins over a slower clock.
  EXPECT_EQ(m.last_updated_ms, 5000);
  ASSERT_EQ(m.snapshot_log.size(), 1u);
  EXPECT_EQ(m.snapshot_log[0].snapshot_id, 11);
  EXPECT_EQ(m.snapshot_log[0].timestamp_ms, 5000);
  EXPECT_EQ(m.refs.at("main").snapshot_id, 11);

  // Errors: a known id, a stale sequence number, an unknown snapshot, a tag named main.
  EXPECT_EQ(ApplyError(m, {TableUpdate::AddSnapshot(MakeSnapshot(11, std::nullopt, 2, 6000))}),
            "Invalid: updates[0] (add-snapshot): snapshot 11 already exists");
  EXPECT_EQ(ApplyError(m, {TableUpdate::AddSnapshot(MakeSnapshot(12, 11, 1, 6000))}),
            "Invalid: updates[0] (add-snapshot): snapshot 12 has sequence number 1, which is not "
            "above the table's "
            "last sequence number 1");
  EXPECT_EQ(ApplyError(m, {TableUpdate::SetSnapshotRef("main", Branch(99))}),
            "Invalid: updates[0] (set-snapshot-ref): cannot point main at unknown snapshot 99");
  SnapshotRef tag = Branch(11);
  tag.is_branch = false;
  EXPECT_EQ(ApplyError(m, {TableUpdate::SetSnapshotRef("main", tag)}),
            "Invalid: updates[0] (set-snapshot-ref): main must be a branch, not a tag");

  // A tag does not move the table.
  TableMetadata tagged = Apply(m, {TableUpdate::SetSnapshotRef("v1", tag)}, 7000);
  EXPECT_EQ(tagged.current_snapshot_id, 11);
  EXPECT_EQ(tagged.snapshot_log.size(), 1u);
  EXPECT_FALSE(tagged.refs.at("v1").is_branch);

  // v1 tables have no sequence numbers.
  TableMetadata v1 = Apply(Base({{"format-version", "1"}}),
                           {TableUpdate::AddSnapshot(MakeSnapshot(5, std::nullopt, 0, 100)),
                            TableUpdate::SetSnapshotRef("main", Branch(5))});
  EXPECT_EQ(v1.current_snapshot_id, 5);
  EXPECT_EQ(v1.last_sequence_number, 0);
}

TEST(IcebergTableUpdateTest, IntermediateSnapshotsStayOutOfTheLog) {
  TableMetadata m = Apply(Base(), {TableUpdate::AddSnapshot(MakeSnapshot(1, std::nullopt, 1, 3000)),
                                   TableUpdate::SetSnapshotRef("main", Branch(1)),
                                   TableUpdate::AddSnapshot(MakeSnapshot(2, 1, 2, 3001)),
                                   TableUpdate::SetSnapshotRef("main", Branch(2))});
  EXPECT_EQ(m.current_snapshot_id, 2);
  ASSERT_EQ(m.snapshot_log.size(), 1u);
  EXPECT_EQ(m.snapshot_log[0].snapshot_id, 2);
  EXPECT_EQ(m.snapshots.size(), 2u);
}

TEST(IcebergTableUpdateTest, RemoveSnapshotsDropsRefsAndEarlierHistory) {
  TableMetadata m = Base();
  for (int64_t id = 1; id <= 3; ++id) {
    std::optional<int64_t> parent;
    if (id > 1) parent = id - 1;
    m = Apply(m, {TableUpdate::AddSnapshot(MakeSnapshot(id, parent, id, 3000 + id)),
                  TableUpdate::SetSnapshotRef("main", Branch(id))});
  }
  m = Apply(m, {TableUpdate::SetSnapshotRef("old", Branch(1))});
  m.statistics = json::Parse(R"([{"snapshot-id": 2, "statistics-path": "s2.puffin"},
                                 {"snapshot-id": 3, "statistics-path": "s3.puffin"}])")
                     .ValueOrDie();
  ASSERT_EQ(m.snapshot_log.size(), 3u);
  TableMetadata r = Apply(m, {TableUpdate::RemoveSnapshots({2, 404})});
  EXPECT_EQ(r.snapshots.size(), 2u);
  EXPECT_EQ(r.SnapshotById(2), nullptr);
  // Snapshot 1 stays, its ref too; history before the removed snapshot goes.
  EXPECT_EQ(r.refs.count("old"), 1u);
  ASSERT_EQ(r.snapshot_log.size(), 1u);
  EXPECT_EQ(r.snapshot_log[0].snapshot_id, 3);
  ASSERT_EQ(r.statistics->items().size(), 1u);
  EXPECT_EQ(r.statistics->items()[0].Find("snapshot-id")->AsInt64(), 3);

  // Removing the current snapshot removes main and the current snapshot.
  TableMetadata gone = Apply(r, {TableUpdate::RemoveSnapshots({3})});
  EXPECT_FALSE(gone.current_snapshot_id.has_value());
  EXPECT_EQ(gone.refs.count("main"), 0u);
  EXPECT_EQ(gone.refs.count("old"), 1u);
  EXPECT_TRUE(gone.snapshot_log.empty());
  auto parsed = TableMetadata::FromJson(gone.ToJson(), "gone.json");
  EXPECT_TRUE(parsed.ok()) << parsed.status().ToString();
}

TEST(IcebergTableUpdateTest, RemoveSnapshotRefMainClearsTheCurrentSnapshot) {
  TableMetadata m = Apply(Base(), {TableUpdate::AddSnapshot(MakeSnapshot(1, std::nullopt, 1, 3000)),
                                   TableUpdate::SetSnapshotRef("main", Branch(1)),
                                   TableUpdate::SetSnapshotRef("audit", Branch(1))});
  TableMetadata r =
      Apply(m, {TableUpdate::RemoveSnapshotRef("audit"), TableUpdate::RemoveSnapshotRef("nope")});
  EXPECT_EQ(r.refs.count("audit"), 0u);
  EXPECT_EQ(r.current_snapshot_id, 1);
  TableMetadata nomain = Apply(r, {TableUpdate::RemoveSnapshotRef("main")});
  EXPECT_FALSE(nomain.current_snapshot_id.has_value());
  EXPECT_EQ(nomain.snapshots.size(), 1u);
}

TEST(IcebergTableUpdateTest, LocationAndProperties) {
  TableMetadata m = Apply(Base(), {TableUpdate::SetLocation("s3://bucket/t//"),
                                   TableUpdate::SetProperties({{"a", "1"}, {"b", "2"}}),
                                   TableUpdate::RemoveProperties({"a", "missing"}),
                                   TableUpdate::SetProperties({{"b", "3"}})});
  EXPECT_EQ(m.location, "s3://bucket/t");
  EXPECT_EQ(m.properties, (std::map<std::string, std::string>{{"b", "3"}}));
  EXPECT_EQ(ApplyError(m, {TableUpdate::SetLocation("")}),
            "Invalid: updates[0] (set-location): the location is empty");
}

TEST(IcebergTableUpdateTest, LastUpdatedNeverGoesBackwards) {
  TableMetadata base = Base();
  base.last_updated_ms = 10'000;
  EXPECT_EQ(Apply(base, {TableUpdate::SetProperties({{"k", "v"}})}, 9'000).last_updated_ms, 10'000);
  EXPECT_EQ(Apply(base, {TableUpdate::SetProperties({{"k", "v"}})}, 11'000).last_updated_ms,
            11'000);
  // A snapshot set on main without being added in the commit logs "now".
  TableMetadata m =
      Apply(base, {TableUpdate::AddSnapshot(MakeSnapshot(1, std::nullopt, 1, 500))}, 12'000);
  EXPECT_EQ(m.last_updated_ms, 12'000);
  TableMetadata later = Apply(m, {TableUpdate::SetSnapshotRef("main", Branch(1))}, 11'000);
  ASSERT_EQ(later.snapshot_log.size(), 1u);
  EXPECT_EQ(later.snapshot_log[0].timestamp_ms, 12'000);
  EXPECT_EQ(later.last_updated_ms, 12'000);
}

TEST(IcebergTableUpdateTest, RequirementsPassAndFailWithMessages) {
  TableMetadata m =
      Apply(Base(), {TableUpdate::AddSnapshot(MakeSnapshot(12, std::nullopt, 1, 3000)),
                     TableUpdate::SetSnapshotRef("main", Branch(12))});
  auto fails = [&](const TableRequirement& r, const TableMetadata* base) {
    Status st = r.Validate(base);
    EXPECT_TRUE(st.IsConflict()) << st.ToString();
    return st.message();
  };
  EXPECT_TRUE(TableRequirement::AssertCreate().Validate(nullptr).ok());
  EXPECT_EQ(fails(TableRequirement::AssertCreate(), &m),
            "requirement failed: the table already exists");
  EXPECT_EQ(fails(TableRequirement::AssertCurrentSchemaId(0), nullptr),
            "requirement failed: the table does not exist (assert-current-schema-id)");

  EXPECT_TRUE(TableRequirement::AssertTableUuid(m.table_uuid).Validate(&m).ok());
  EXPECT_EQ(fails(TableRequirement::AssertTableUuid("x"), &m),
            "requirement failed: the table uuid is " + m.table_uuid + ", expected x");

  EXPECT_TRUE(TableRequirement::AssertRefSnapshotId("main", 12).Validate(&m).ok());
  EXPECT_TRUE(TableRequirement::AssertRefSnapshotId("dev", std::nullopt).Validate(&m).ok());
  EXPECT_EQ(fails(TableRequirement::AssertRefSnapshotId("main", 11), &m),
            "requirement failed: branch main is at snapshot 12, expected 11");
  EXPECT_EQ(fails(TableRequirement::AssertRefSnapshotId("main", std::nullopt), &m),
            "requirement failed: branch main exists (at snapshot 12), expected it not to");
  EXPECT_EQ(fails(TableRequirement::AssertRefSnapshotId("dev", 12), &m),
            "requirement failed: branch or tag dev does not exist, expected it at snapshot 12");

  EXPECT_TRUE(TableRequirement::AssertLastAssignedFieldId(2).Validate(&m).ok());
  EXPECT_EQ(fails(TableRequirement::AssertLastAssignedFieldId(3), &m),
            "requirement failed: the last assigned field id is 2, expected 3");
  EXPECT_TRUE(TableRequirement::AssertCurrentSchemaId(0).Validate(&m).ok());
  EXPECT_EQ(fails(TableRequirement::AssertCurrentSchemaId(1), &m),
            "requirement failed: the current schema id is 0, expected 1");
  EXPECT_TRUE(TableRequirement::AssertLastAssignedPartitionId(999).Validate(&m).ok());
  EXPECT_EQ(fails(TableRequirement::AssertLastAssignedPartitionId(1000), &m),
            "requirement failed: the last assigned partition id is 999, expected 1000");
  EXPECT_TRUE(TableRequirement::AssertDefaultSpecId(0).Validate(&m).ok());
  EXPECT_EQ(fails(TableRequirement::AssertDefaultSpecId(1), &m),
            "requirement failed: the default spec id is 0, expected 1");
  EXPECT_TRUE(TableRequirement::AssertDefaultSortOrderId(0).Validate(&m).ok());
  EXPECT_EQ(fails(TableRequirement::AssertDefaultSortOrderId(2), &m),
            "requirement failed: the default sort order id is 0, expected 2");

  Status all = ValidateRequirements({TableRequirement::AssertTableUuid(m.table_uuid),
                                     TableRequirement::AssertRefSnapshotId("main", 11)},
                                    &m);
  EXPECT_EQ(all.ToString(),
            "Conflict: requirement failed: branch main is at snapshot 12, expected 11");
  EXPECT_TRUE(ValidateRequirements({}, &m).ok());
}

std::vector<TableUpdate> EveryUpdate() {
  PartitionSpec spec;
  spec.spec_id = 1;
  spec.fields.push_back(PartitionField{1, 1000, "id_bucket", Transform::Bucket(8)});
  SortOrder order;
  order.order_id = 1;
  order.fields.push_back(SortField{Transform::Identity(), 2, true, false});
  SnapshotRef tag;
  tag.snapshot_id = 7;
  tag.is_branch = false;
  tag.max_ref_age_ms = 86'400'000;
  SnapshotRef branch;
  branch.snapshot_id = 7;
  branch.min_snapshots_to_keep = 3;
  branch.max_snapshot_age_ms = 1000;
  return {TableUpdate::AssignUuid("9c12d441-03fe-4693-9a96-a0705ddf69c1"),
          TableUpdate::UpgradeFormatVersion(2),
          TableUpdate::AddSchema(Schema(1, {Field(1, "id", TypeId::kLong, true)}, {1})),
          TableUpdate::SetCurrentSchema(-1),
          TableUpdate::AddPartitionSpec(spec),
          TableUpdate::SetDefaultSpec(1),
          TableUpdate::AddSortOrder(order),
          TableUpdate::SetDefaultSortOrder(1),
          TableUpdate::AddSnapshot(MakeSnapshot(7, 6, 3, 123456)),
          TableUpdate::SetSnapshotRef("main", branch),
          TableUpdate::SetSnapshotRef("release", tag),
          TableUpdate::RemoveSnapshots({1, 2}),
          TableUpdate::RemoveSnapshotRef("dev"),
          TableUpdate::SetLocation("s3://b/t"),
          TableUpdate::SetProperties({{"k", "v"}, {"x", "y"}}),
          TableUpdate::RemoveProperties({"k", "z"})};
}

TEST(IcebergTableUpdateTest, EveryUpdateSurvivesAJsonRoundTrip) {
  std::set<std::string> actions;
  for (const auto& u : EveryUpdate()) {
    json::Value j = u.ToJson();
    actions.insert(j.Find("action")->AsString());
    auto back = TableUpdate::FromJson(json::Parse(json::Serialize(j)).ValueOrDie(), "updates[0]");
    ASSERT_TRUE(back.ok()) << back.status().ToString();
    EXPECT_EQ(back->kind, u.kind);
    EXPECT_EQ(back->ToJson(), j) << json::Serialize(j);
  }
  EXPECT_EQ(actions.size(), 15u);
}

TEST(IcebergTableUpdateTest, ReadsRestSpecUpdates) {
  auto parse = [](const char* text) {
    return TableUpdate::FromJson(json::Parse(text).ValueOrDie(), "updates[0]");
  };
  auto ref =
      parse(R"({"action":"set-snapshot-ref","ref-name":"main","type":"branch","snapshot-id":5})");
  ASSERT_TRUE(ref.ok()) << ref.status().ToString();
  EXPECT_EQ(ref->ref_name, "main");
  EXPECT_EQ(ref->ref.snapshot_id, 5);
  EXPECT_TRUE(ref->ref.is_branch);

  auto schema = parse(R"({"action":"add-schema","schema":{"type":"struct","fields":[
      {"id":1,"name":"id","required":true,"type":"long"}]},"last-column-id":1})");
  ASSERT_TRUE(schema.ok()) << schema.status().ToString();
  EXPECT_EQ(schema->schema->schema_id(), -1);  // assigned on apply

  auto spec = parse(R"({"action":"add-spec","spec":{"fields":[
      {"source-id":1,"field-id":1000,"name":"b","transform":"bucket[4]"}]}})");
  ASSERT_TRUE(spec.ok()) << spec.status().ToString();
  EXPECT_EQ(spec->spec->spec_id, -1);

  auto snap = parse(R"({"action":"add-snapshot","snapshot":{"snapshot-id":3,"timestamp-ms":1,
      "manifest-list":"s3://b/snap-3.avro","summary":{"operation":"append"}}})");
  ASSERT_TRUE(snap.ok()) << snap.status().ToString();
  EXPECT_EQ(snap->snapshot->sequence_number, 0);
  EXPECT_EQ(snap->snapshot->manifest_list, "s3://b/snap-3.avro");

  EXPECT_EQ(parse(R"({"action":"set-properties","updates":{"a":1}})").status().ToString(),
            "Invalid: updates[0].updates.a: a string is required");
  EXPECT_EQ(parse(R"({"action":"set-location"})").status().ToString(),
            "Invalid: updates[0].location: missing");
  EXPECT_EQ(parse(R"({"action":"fly"})").status().ToString(),
            "Invalid: updates[0].action: unknown action 'fly'");
  EXPECT_EQ(parse(R"({"action":"set-statistics","statistics":{}})").status().ToString(),
            "NotSupported: updates[0].action: floe does not apply 'set-statistics' updates yet");
  EXPECT_EQ(parse(R"({"action":"add-snapshot","snapshot":{"snapshot-id":3,"timestamp-ms":1}})")
                .status()
                .ToString(),
            "Invalid: updates[0].snapshot.manifests: missing");
  EXPECT_EQ(parse(R"({"action":"set-snapshot-ref","ref-name":"m","type":"leaf","snapshot-id":5})")
                .status()
                .ToString(),
            "Invalid: updates[0].type: 'leaf' is not branch or tag");
  EXPECT_EQ(parse("[]").status().ToString(), "Invalid: updates[0]: an object is required");
}

TEST(IcebergTableUpdateTest, EveryRequirementSurvivesAJsonRoundTrip) {
  std::vector<TableRequirement> all = {
      TableRequirement::AssertCreate(),
      TableRequirement::AssertTableUuid("9c12d441-03fe-4693-9a96-a0705ddf69c1"),
      TableRequirement::AssertRefSnapshotId("main", 42),
      TableRequirement::AssertRefSnapshotId("dev", std::nullopt),
      TableRequirement::AssertLastAssignedFieldId(7),
      TableRequirement::AssertCurrentSchemaId(1),
      TableRequirement::AssertLastAssignedPartitionId(1001),
      TableRequirement::AssertDefaultSpecId(2),
      TableRequirement::AssertDefaultSortOrderId(3)};
  std::set<std::string> types;
  for (const auto& r : all) {
    json::Value j = r.ToJson();
    types.insert(j.Find("type")->AsString());
    auto back =
        TableRequirement::FromJson(json::Parse(json::Serialize(j)).ValueOrDie(), "requirements[0]");
    ASSERT_TRUE(back.ok()) << back.status().ToString();
    EXPECT_EQ(back->kind, r.kind);
    EXPECT_EQ(back->ToJson(), j);
  }
  EXPECT_EQ(types.size(), 8u);
  EXPECT_EQ(json::Serialize(TableRequirement::AssertRefSnapshotId("dev", std::nullopt).ToJson()),
            R"({"type":"assert-ref-snapshot-id","ref":"dev","snapshot-id":null})");
  auto bad = TableRequirement::FromJson(
      json::Parse(R"({"type":"assert-current-schema-id"})").ValueOrDie(), "requirements[1]");
  EXPECT_EQ(bad.status().ToString(), "Invalid: requirements[1].current-schema-id: missing");
  auto unknown =
      TableRequirement::FromJson(json::Parse(R"({"type":"assert-nothing"})").ValueOrDie(), "r");
  EXPECT_EQ(unknown.status().ToString(), "Invalid: r.type: unknown requirement 'assert-nothing'");
}

TEST(IcebergTableUpdateTest, AppendMetadataLogKeepsTheNewestEntries) {
  TableMetadata m = Base({{"write.metadata.previous-versions-max", "2"}});
  EXPECT_TRUE(AppendMetadataLog(&m, "m0.json", 1).empty());
  EXPECT_TRUE(AppendMetadataLog(&m, "m1.json", 2).empty());
  EXPECT_EQ(AppendMetadataLog(&m, "m2.json", 3), std::vector<std::string>{"m0.json"});
  ASSERT_EQ(m.metadata_log.size(), 2u);
  EXPECT_EQ(m.metadata_log[0].metadata_file, "m1.json");
  EXPECT_EQ(m.metadata_log[1].metadata_file, "m2.json");
  EXPECT_EQ(m.metadata_log[1].timestamp_ms, 3);

  m.properties["write.metadata.previous-versions-max"] = "0";  // at least one is kept
  EXPECT_EQ(AppendMetadataLog(&m, "m3.json", 4), (std::vector<std::string>{"m1.json", "m2.json"}));
  EXPECT_EQ(m.metadata_log.size(), 1u);

  TableMetadata d = Base();
  for (int i = 0; i < 100; ++i) {
    EXPECT_TRUE(AppendMetadataLog(&d, "f" + std::to_string(i), i).empty());
  }
  EXPECT_EQ(AppendMetadataLog(&d, "f100", 100), std::vector<std::string>{"f0"});  // default 100
}

}  // namespace
}  // namespace floe::iceberg
