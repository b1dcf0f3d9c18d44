#include "catalog/sql_catalog.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "testing/temp_dir.h"

namespace floe::catalog {
namespace {

using iceberg::TableRequirement;
using iceberg::TableUpdate;

iceberg::NestedField Field(int32_t id, std::string name, iceberg::TypeId type) {
  return iceberg::NestedField::Of(id, std::move(name), id == 1, iceberg::Type::Primitive(type));
}

TableCreation Creation(std::map<std::string, std::string> properties = {}) {
  TableCreation c;
  c.schema = iceberg::Schema(
      0, {Field(1, "id", iceberg::TypeId::kLong), Field(2, "data", iceberg::TypeId::kString)});
  c.properties = std::move(properties);
  return c;
}

iceberg::Snapshot MakeSnapshot(const LoadedTable& table, int64_t id,
                               const std::string& manifest_list) {
  iceberg::Snapshot s;
  s.snapshot_id = id;
  s.parent_snapshot_id = table.metadata.current_snapshot_id;
  s.sequence_number = table.metadata.last_sequence_number + 1;
  s.timestamp_ms = table.metadata.last_updated_ms + 1;
  s.manifest_list = manifest_list;
  s.summary = {{"operation", "append"}};
  s.schema_id = 0;
  return s;
}

iceberg::SnapshotRef Main(int64_t id) {
  iceberg::SnapshotRef r;
  r.snapshot_id = id;
  return r;
}

std::string FileName(const std::string& path) { return path.substr(path.rfind('/') + 1); }

// Small waits so that retries in tests are quick.
const std::map<std::string, std::string> kFastRetries = {{"commit.retry.num-retries", "1000"},
                                                         {"commit.retry.min-wait-ms", "1"},
                                                         {"commit.retry.max-wait-ms", "20"},
                                                         {"commit.status-check.min-wait-ms", "1"},
                                                         {"commit.status-check.max-wait-ms", "5"}};

class SqlCatalogTest : public ::testing::Test {
 protected:
  SqlCatalogOptions Options() const {
    SqlCatalogOptions o;
    o.database_path = dir_.Join("catalog.db");
    o.warehouse = dir_.Join("warehouse") + "/";
    o.file_io = io::LocalFileIO();
    return o;
  }
  std::shared_ptr<SqlCatalog> Open(SqlCatalogOptions o) {
    auto c = SqlCatalog::Open(std::move(o));
    EXPECT_TRUE(c.ok()) << c.status().ToString();
    return c.ok() ? *c : nullptr;
  }
  std::shared_ptr<SqlCatalog> Open() { return Open(Options()); }

  // The metadata files under a table's location, sorted.
  std::vector<std::string> MetadataFiles(const std::string& table_location) {
    std::vector<std::string> out;
    for (const auto& f : io::LocalFileIO()->List(table_location + "/metadata/").ValueOrDie()) {
      if (f.path.find(".metadata.json") != std::string::npos) out.push_back(FileName(f.path));
    }
    return out;
  }

  std::string Sqlite(const std::string& sql) {
    std::string out;
    int rc =
        floe::testing::RunCommand("sqlite3 " + dir_.Join("catalog.db") + " \"" + sql + "\"", &out);
    EXPECT_EQ(rc, 0) << sql;
    return out;
  }

  floe::testing::TempDir dir_;
};

TEST_F(SqlCatalogTest, OpenChecksOptions) {
  SqlCatalogOptions o = Options();
  o.file_io = nullptr;
  EXPECT_EQ(SqlCatalog::Open(o).status().ToString(), "Invalid: SQL catalog: no FileIO given");
  o = Options();
  o.warehouse.clear();
  EXPECT_EQ(SqlCatalog::Open(o).status().ToString(),
            "Invalid: SQL catalog: no warehouse location given");
  o = Options();
  o.database_path = dir_.Join("no/such/dir/catalog.db");
  auto bad = SqlCatalog::Open(o);
  ASSERT_FALSE(bad.ok());
  EXPECT_TRUE(bad.status().IsIOError()) << bad.status().ToString();
  EXPECT_NE(bad.status().message().find("no/such/dir/catalog.db"), std::string::npos);
  // Opening twice is fine (CREATE TABLE IF NOT EXISTS), and WAL is on.
  ASSERT_NE(Open(), nullptr);
  ASSERT_NE(Open(), nullptr);
  EXPECT_EQ(Sqlite("PRAGMA journal_mode"), "wal\n");
}

TEST_F(SqlCatalogTest, Namespaces) {
  auto catalog = Open();
  ASSERT_TRUE(catalog->CreateNamespace({"demo"}, {}).ok());
  EXPECT_EQ(catalog->CreateNamespace({"demo"}, {}).ToString(),
            "AlreadyExists: namespace demo already exists");
  ASSERT_TRUE(catalog->CreateNamespace({"a", "b", "c"}, {{"owner", "ana"}}).ok());
  EXPECT_EQ(
      catalog->CreateNamespace({"x.y"}, {}).ToString(),
      "Invalid: namespace level 'x.y' contains '.', which the SQL catalog uses between levels");
  EXPECT_EQ(catalog->CreateNamespace({"z"}, {{"exists", "no"}}).ToString(),
            "Invalid: namespace z: property 'exists' is reserved");

  EXPECT_EQ(catalog->ListNamespaces({}).ValueOrDie(), (std::vector<Namespace>{{"a"}, {"demo"}}));
  EXPECT_EQ(catalog->ListNamespaces({"a"}).ValueOrDie(), (std::vector<Namespace>{{"a", "b"}}));
  EXPECT_EQ(catalog->ListNamespaces({"a", "b"}).ValueOrDie(),
            (std::vector<Namespace>{{"a", "b", "c"}}));
  EXPECT_TRUE(catalog->ListNamespaces({"a", "b", "c"}).ValueOrDie().empty());
  EXPECT_EQ(catalog->ListNamespaces({"nope"}).status().ToString(),
            "NotFound: namespace nope does not exist");
  EXPECT_TRUE(
      catalog->NamespaceExists({"a"}).ValueOrDie());  // a parent exists through its children
  EXPECT_TRUE(catalog->NamespaceExists({"a", "b", "c"}).ValueOrDie());
  EXPECT_FALSE(
      catalog->NamespaceExists({"A"}).ValueOrDie());  // exact, though SQLite's LIKE ignores case
  EXPECT_FALSE(catalog->NamespaceExists({"a", "b", "c", "d"}).ValueOrDie());

  // Stored as Java's JdbcCatalog stores them: levels joined by '.', an "exists" row each.
  EXPECT_EQ(Sqlite("SELECT catalog_name, namespace, property_key, property_value FROM "
                   "iceberg_namespace_properties "
                   "ORDER BY 2, 3"),
            "iceberg|a.b.c|exists|true\n"
            "iceberg|a.b.c|owner|ana\n"
            "iceberg|demo|exists|true\n");

  std::string wh = dir_.Join("warehouse");
  EXPECT_EQ(catalog->LoadNamespaceProperties({"demo"}).ValueOrDie(),
            (std::map<std::string, std::string>{{"location", wh + "/demo"}}));
  ASSERT_TRUE(
      catalog->UpdateNamespaceProperties({"a", "b", "c"}, {{"owner", "bo"}, {"tier", "gold"}}, {})
          .ok());
  ASSERT_TRUE(
      catalog
          ->UpdateNamespaceProperties({"a", "b", "c"}, {{"location", "s3://b/abc"}}, {"tier", "x"})
          .ok());
  EXPECT_EQ(catalog->LoadNamespaceProperties({"a", "b", "c"}).ValueOrDie(),
            (std::map<std::string, std::string>{{"location", "s3://b/abc"}, {"owner", "bo"}}));
  EXPECT_EQ(catalog->UpdateNamespaceProperties({"demo"}, {}, {"exists"}).ToString(),
            "Invalid: namespace demo: property 'exists' is reserved");
  EXPECT_EQ(catalog->UpdateNamespaceProperties({"nope"}, {{"k", "v"}}, {}).ToString(),
            "NotFound: namespace nope does not exist");
  EXPECT_EQ(catalog->LoadNamespaceProperties({"nope"}).status().ToString(),
            "NotFound: namespace nope does not exist");

  EXPECT_EQ(catalog->DropNamespace({"a"}).ToString(),
            "Invalid: namespace a is not empty: it holds namespace a.b.c");
  ASSERT_TRUE(catalog->CreateTable({{"demo"}, "t"}, Creation()).ok());
  EXPECT_EQ(catalog->DropNamespace({"demo"}).ToString(),
            "Invalid: namespace demo is not empty: it holds 1 tables or views");
  ASSERT_TRUE(catalog->DropTable({{"demo"}, "t"}, false).ok());
  EXPECT_TRUE(catalog->DropNamespace({"demo"}).ok());
  EXPECT_EQ(catalog->DropNamespace({"demo"}).ToString(), "NotFound: namespace demo does not exist");
  EXPECT_TRUE(catalog->DropNamespace({"a", "b", "c"}).ok());
  EXPECT_FALSE(catalog->NamespaceExists({"a"}).ValueOrDie());
  EXPECT_TRUE(catalog->ListNamespaces({}).ValueOrDie().empty());
}

TEST_F(SqlCatalogTest, CreateLoadListRenameDrop) {
  auto catalog = Open();
  ASSERT_TRUE(catalog->CreateNamespace({"demo"}, {}).ok());
  ASSERT_TRUE(catalog->CreateNamespace({"other"}, {}).ok());
  TableIdentifier t{{"demo"}, "sales"};
  EXPECT_EQ(catalog->CreateTable({{"nope"}, "x"}, Creation()).status().ToString(),
            "NotFound: namespace nope does not exist");

  auto created = catalog->CreateTable(t, Creation({{"owner", "ana"}}));
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  std::string table_location = dir_.Join("warehouse") + "/demo/sales";
  EXPECT_EQ(created->metadata.location, table_location);
  EXPECT_EQ(created->metadata.properties.at("owner"), "ana");
  EXPECT_EQ(created->metadata_location.rfind(table_location + "/metadata/00000-", 0), 0u)
      << created->metadata_location;
  EXPECT_EQ(FileName(created->metadata_location).size(), std::string("00000-").size() + 36 + 14);
  EXPECT_EQ(MetadataFiles(table_location),
            std::vector<std::string>{FileName(created->metadata_location)});
  EXPECT_EQ(catalog->CreateTable(t, Creation()).status().ToString(),
            "AlreadyExists: table demo.sales already exists");

  auto loaded = catalog->LoadTable(t);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_EQ(loaded->metadata_location, created->metadata_location);
  EXPECT_EQ(loaded->metadata.ToJson(), created->metadata.ToJson());
  EXPECT_EQ(loaded->identifier, t);
  EXPECT_TRUE(catalog->TableExists(t).ValueOrDie());
  EXPECT_EQ(catalog->LoadTable({{"demo"}, "nope"}).status().ToString(),
            "NotFound: table demo.nope does not exist");

  // The row is in the JDBC catalog's columns.
  EXPECT_EQ(
      Sqlite("SELECT catalog_name, table_namespace, table_name, iceberg_type, metadata_location, "
             "previous_metadata_location IS NULL FROM iceberg_tables"),
      "iceberg|demo|sales|TABLE|" + created->metadata_location + "|1\n");

  ASSERT_TRUE(catalog->CreateTable({{"demo"}, "a"}, Creation()).ok());
  EXPECT_EQ(catalog->ListTables({"demo"}).ValueOrDie(),
            (std::vector<TableIdentifier>{{{"demo"}, "a"}, {{"demo"}, "sales"}}));
  EXPECT_EQ(catalog->ListTables({"nope"}).status().ToString(),
            "NotFound: namespace nope does not exist");

  TableIdentifier moved{{"other"}, "sales2"};
  EXPECT_EQ(catalog->RenameTable(t, {{"demo"}, "a"}).ToString(),
            "AlreadyExists: table demo.a already exists");
  EXPECT_EQ(catalog->RenameTable(t, {{"nope"}, "x"}).ToString(),
            "NotFound: namespace nope does not exist");
  EXPECT_EQ(catalog->RenameTable({{"demo"}, "zzz"}, moved).ToString(),
            "NotFound: table demo.zzz does not exist");
  ASSERT_TRUE(catalog->RenameTable(t, moved).ok());
  EXPECT_FALSE(catalog->TableExists(t).ValueOrDie());
  EXPECT_EQ(catalog->LoadTable(moved).ValueOrDie().metadata_location, created->metadata_location);
  EXPECT_EQ(catalog->ListTables({"other"}).ValueOrDie(), std::vector<TableIdentifier>{moved});

  ASSERT_TRUE(catalog->DropTable(moved, false).ok());
  EXPECT_EQ(catalog->DropTable(moved, false).ToString(),
            "NotFound: table other.sales2 does not exist");
  EXPECT_EQ(catalog->DropTable(moved, true).ToString(),
            "NotFound: table other.sales2 does not exist");
  // Without purge the files stay.
  EXPECT_EQ(MetadataFiles(table_location).size(), 1u);
}

TEST_F(SqlCatalogTest, TablesWithANullTypeAreTablesAndViewsAreNot) {
  auto catalog = Open();
  ASSERT_TRUE(catalog->CreateNamespace({"demo"}, {}).ok());
  auto created = catalog->CreateTable({{"demo"}, "t"}, Creation()).ValueOrDie();
  // As written by catalogs from before views (NULL) and by Java for a view.
  Sqlite("INSERT INTO iceberg_tables VALUES ('iceberg', 'demo', 'old', '" +
         created.metadata_location + "', NULL, NULL)");
  Sqlite(
      "INSERT INTO iceberg_tables VALUES ('iceberg', 'demo', 'v', 'x.metadata.json', NULL, "
      "'VIEW')");
  EXPECT_EQ(catalog->ListTables({"demo"}).ValueOrDie(),
            (std::vector<TableIdentifier>{{{"demo"}, "old"}, {{"demo"}, "t"}}));
  EXPECT_TRUE(catalog->LoadTable({{"demo"}, "old"}).ok());
  EXPECT_FALSE(catalog->TableExists({{"demo"}, "v"}).ValueOrDie());
  EXPECT_EQ(catalog->CreateTable({{"demo"}, "v"}, Creation()).status().ToString(),
            "AlreadyExists: table demo.v already exists");
  EXPECT_EQ(MetadataFiles(dir_.Join("warehouse/demo/v")).size(), 0u);  // its file was removed again
}

TEST_F(SqlCatalogTest, RegisterTable) {
  auto catalog = Open();
  ASSERT_TRUE(catalog->CreateNamespace({"demo"}, {}).ok());
  auto created = catalog->CreateTable({{"demo"}, "t"}, Creation()).ValueOrDie();
  ASSERT_TRUE(catalog->DropTable({{"demo"}, "t"}, false).ok());
  auto registered = catalog->RegisterTable({{"demo"}, "r"}, created.metadata_location);
  ASSERT_TRUE(registered.ok()) << registered.status().ToString();
  EXPECT_EQ(registered->metadata.table_uuid, created.metadata.table_uuid);
  EXPECT_EQ(catalog->LoadTable({{"demo"}, "r"}).ValueOrDie().metadata_location,
            created.metadata_location);
  EXPECT_EQ(catalog->RegisterTable({{"demo"}, "r"}, created.metadata_location).status().ToString(),
            "AlreadyExists: table demo.r already exists");
  EXPECT_EQ(catalog->RegisterTable({{"nope"}, "r"}, created.metadata_location).status().ToString(),
            "NotFound: namespace nope does not exist");
  auto missing = catalog->RegisterTable({{"demo"}, "m"}, dir_.Join("missing.metadata.json"));
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("missing.metadata.json"), std::string::npos);
  floe::testing::WriteFileOrDie(dir_.Join("bad.metadata.json"), "{\"format-version\": 2}");
  auto bad = catalog->RegisterTable({{"demo"}, "b"}, dir_.Join("bad.metadata.json"));
  EXPECT_EQ(bad.status().ToString(),
            "Invalid: table demo.b: " + dir_.Join("bad.metadata.json") + ": table-uuid: missing");
}

TEST_F(SqlCatalogTest, CommitAddsASnapshotAndWritesTheNextMetadataVersion) {
  auto catalog = Open();
  ASSERT_TRUE(catalog->CreateNamespace({"demo"}, {}).ok());
  TableIdentifier t{{"demo"}, "t"};
  auto created = catalog->CreateTable(t, Creation()).ValueOrDie();
  std::string table_location = created.metadata.location;

  iceberg::Snapshot snap = MakeSnapshot(created, 1001, table_location + "/metadata/snap-1001.avro");
  auto committed = catalog->CommitTable(
      t,
      {TableRequirement::AssertTableUuid(created.metadata.table_uuid),
       TableRequirement::AssertRefSnapshotId("main", std::nullopt)},
      {TableUpdate::AddSnapshot(snap), TableUpdate::SetSnapshotRef("main", Main(1001))});
  ASSERT_TRUE(committed.ok()) << committed.status().ToString();
  EXPECT_EQ(committed->metadata_location.rfind(table_location + "/metadata/00001-", 0), 0u);
  EXPECT_EQ(committed->metadata.current_snapshot_id, 1001);
  EXPECT_EQ(committed->metadata.last_sequence_number, 1);
  ASSERT_EQ(committed->metadata.metadata_log.size(), 1u);
  EXPECT_EQ(committed->metadata.metadata_log[0].metadata_file, created.metadata_location);
  EXPECT_EQ(committed->metadata.metadata_log[0].timestamp_ms, created.metadata.last_updated_ms);

  auto loaded = catalog->LoadTable(t).ValueOrDie();
  EXPECT_EQ(loaded.metadata_location, committed->metadata_location);
  EXPECT_EQ(loaded.metadata.current_snapshot()->manifest_list,
            table_location + "/metadata/snap-1001.avro");
  EXPECT_EQ(Sqlite("SELECT metadata_location, previous_metadata_location FROM iceberg_tables"),
            committed->metadata_location + "|" + created.metadata_location + "\n");

  auto second = catalog->CommitTable(
      t, {TableRequirement::AssertRefSnapshotId("main", 1001)},
      {TableUpdate::AddSnapshot(MakeSnapshot(loaded, 1002, table_location + "/m2.avro")),
       TableUpdate::SetSnapshotRef("main", Main(1002))});
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_EQ(FileName(second->metadata_location).substr(0, 6), "00002-");
  EXPECT_EQ(second->metadata.metadata_log.size(), 2u);
  EXPECT_EQ(second->metadata.snapshot_log.size(), 2u);
  EXPECT_EQ(MetadataFiles(table_location).size(), 3u);

  // A commit that cannot be applied names the table and the update.
  auto invalid = catalog->CommitTable(t, {}, {TableUpdate::SetSnapshotRef("main", Main(77))});
  EXPECT_EQ(invalid.status().ToString(),
            "Invalid: commit to table demo.t: updates[0] (set-snapshot-ref): cannot point main at "
            "unknown snapshot 77");
  EXPECT_EQ(catalog->CommitTable({{"demo"}, "nope"}, {}, {}).status().ToString(),
            "NotFound: table demo.nope does not exist");
}

TEST_F(SqlCatalogTest, FailedRequirementIsAConflictAndWritesNothing) {
  auto catalog = Open();
  ASSERT_TRUE(catalog->CreateNamespace({"demo"}, {}).ok());
  TableIdentifier t{{"demo"}, "t"};
  auto created = catalog->CreateTable(t, Creation()).ValueOrDie();
  auto result = catalog->CommitTable(t, {TableRequirement::AssertRefSnapshotId("main", 5)},
                                     {TableUpdate::SetProperties({{"k", "v"}})});
  EXPECT_EQ(
      result.status().ToString(),
      "Conflict: requirement failed: branch or tag main does not exist, expected it at snapshot 5");
  EXPECT_EQ(MetadataFiles(created.metadata.location).size(), 1u);
  EXPECT_EQ(catalog->LoadTable(t).ValueOrDie().metadata_location, created.metadata_location);
}

TEST_F(SqlCatalogTest, StaleBaseRetriesOnTopOfTheOtherCommit) {
  // Catalog A's swap finds that catalog B (another process, say) committed
  // after A read the table: A retries on B's metadata.
  auto b = Open();
  ASSERT_TRUE(b->CreateNamespace({"demo"}, {}).ok());
  TableIdentifier t{{"demo"}, "t"};
  auto created = b->CreateTable(t, Creation(kFastRetries)).ValueOrDie();
  int calls = 0;
  SqlCatalogOptions options = Options();
  options.testing_swap_hook = [&](SwapPhase phase, const TableIdentifier&, const std::string&) {
    if (phase == SwapPhase::kBeforeSwap && calls++ == 0) {
      EXPECT_TRUE(b->CommitTable(t, {}, {TableUpdate::SetProperties({{"from-b", "1"}})}).ok());
    }
    return Status::OK();
  };
  auto a = Open(options);
  auto committed = a->CommitTable(t, {}, {TableUpdate::SetProperties({{"from-a", "1"}})});
  ASSERT_TRUE(committed.ok()) << committed.status().ToString();
  EXPECT_EQ(calls, 2);
  EXPECT_EQ(committed->metadata.properties.at("from-a"), "1");
  EXPECT_EQ(committed->metadata.properties.at("from-b"), "1");
  EXPECT_EQ(FileName(committed->metadata_location).substr(0, 6), "00002-");
  ASSERT_EQ(committed->metadata.metadata_log.size(), 2u);
  // A's first file (also a version 1) was deleted.
  EXPECT_EQ(MetadataFiles(created.metadata.location).size(), 3u);
}

TEST_F(SqlCatalogTest, StaleBaseRevalidatesTheRequirements) {
  auto b = Open();
  ASSERT_TRUE(b->CreateNamespace({"demo"}, {}).ok());
  TableIdentifier t{{"demo"}, "t"};
  auto created = b->CreateTable(t, Creation(kFastRetries)).ValueOrDie();
  SqlCatalogOptions options = Options();
  options.testing_swap_hook = [&](SwapPhase phase, const TableIdentifier&, const std::string&) {
    if (phase == SwapPhase::kBeforeSwap) {
      auto base = b->LoadTable(t).ValueOrDie();
      EXPECT_TRUE(b->CommitTable(t, {},
                                 {TableUpdate::AddSnapshot(MakeSnapshot(base, 7, "s3://b/l7.avro")),
                                  TableUpdate::SetSnapshotRef("main", Main(7))})
                      .ok());
    }
    return Status::OK();
  };
  auto a = Open(options);
  auto result =
      a->CommitTable(t, {TableRequirement::AssertRefSnapshotId("main", std::nullopt)},
                     {TableUpdate::AddSnapshot(MakeSnapshot(created, 8, "s3://b/l8.avro")),
                      TableUpdate::SetSnapshotRef("main", Main(8))});
  EXPECT_EQ(result.status().ToString(),
            "Conflict: requirement failed: branch main exists (at snapshot 7), expected it not to");
  auto loaded = a->LoadTable(t).ValueOrDie();
  EXPECT_EQ(loaded.metadata.current_snapshot_id, 7);
  EXPECT_EQ(MetadataFiles(created.metadata.location).size(), 2u);  // A's file is gone
}

TEST_F(SqlCatalogTest, RetriesRunOut) {
  auto b = Open();
  ASSERT_TRUE(b->CreateNamespace({"demo"}, {}).ok());
  TableIdentifier t{{"demo"}, "t"};
  ASSERT_TRUE(b->CreateTable(t, Creation({{"commit.retry.num-retries", "2"},
                                          {"commit.retry.min-wait-ms", "1"}}))
                  .ok());
  SqlCatalogOptions options = Options();
  options.testing_swap_hook = [&](SwapPhase phase, const TableIdentifier&, const std::string&) {
    if (phase == SwapPhase::kBeforeSwap) {
      EXPECT_TRUE(b->CommitTable(t, {}, {}).ok());
    }
    return Status::OK();
  };
  auto a = Open(options);
  EXPECT_EQ(a->CommitTable(t, {}, {TableUpdate::SetProperties({{"k", "v"}})}).status().ToString(),
            "Conflict: commit to table demo.t failed: the table changed concurrently 3 times "
            "(commit.retry.num-retries = 2)");
}

TEST_F(SqlCatalogTest, LostAcknowledgementIsASuccessWithoutADuplicate) {
  auto setup = Open();
  ASSERT_TRUE(setup->CreateNamespace({"demo"}, {}).ok());
  TableIdentifier t{{"demo"}, "t"};
  auto created = setup->CreateTable(t, Creation(kFastRetries)).ValueOrDie();
  int lost = 0;
  SqlCatalogOptions options = Options();
  options.testing_swap_hook = [&](SwapPhase phase, const TableIdentifier&, const std::string&) {
    if (phase == SwapPhase::kAfterSwap && lost++ == 0) {
      return Status::IOError("connection reset by peer");
    }
    return Status::OK();
  };
  auto catalog = Open(options);
  auto committed = catalog->CommitTable(t, {}, {TableUpdate::SetProperties({{"k", "v"}})});
  ASSERT_TRUE(committed.ok()) << committed.status().ToString();
  EXPECT_EQ(lost, 1);
  EXPECT_EQ(FileName(committed->metadata_location).substr(0, 6), "00001-");
  auto loaded = catalog->LoadTable(t).ValueOrDie();
  EXPECT_EQ(loaded.metadata_location, committed->metadata_location);
  EXPECT_EQ(loaded.metadata.metadata_log.size(), 1u);
  EXPECT_EQ(MetadataFiles(created.metadata.location).size(), 2u);
}

TEST_F(SqlCatalogTest, SwapErrorBeforeExecutionIsRetried) {
  auto setup = Open();
  ASSERT_TRUE(setup->CreateNamespace({"demo"}, {}).ok());
  TableIdentifier t{{"demo"}, "t"};
  auto created = setup->CreateTable(t, Creation(kFastRetries)).ValueOrDie();
  int failed = 0;
  SqlCatalogOptions options = Options();
  options.testing_swap_hook = [&](SwapPhase phase, const TableIdentifier&, const std::string&) {
    if (phase == SwapPhase::kBeforeSwap && failed++ == 0) {
      return Status::IOError("database is locked");
    }
    return Status::OK();
  };
  auto catalog = Open(options);
  auto committed = catalog->CommitTable(t, {}, {TableUpdate::SetProperties({{"k", "v"}})});
  ASSERT_TRUE(committed.ok()) << committed.status().ToString();
  EXPECT_EQ(failed, 2);
  EXPECT_EQ(FileName(committed->metadata_location).substr(0, 6), "00001-");
  EXPECT_EQ(committed->metadata.metadata_log.size(), 1u);
  // The file of the failed attempt was deleted.
  EXPECT_EQ(MetadataFiles(created.metadata.location).size(), 2u);
}

TEST_F(SqlCatalogTest, UncheckableSwapIsCommitStateUnknownAndKeepsTheFile) {
  auto setup = Open();
  ASSERT_TRUE(setup->CreateNamespace({"demo"}, {}).ok());
  TableIdentifier t{{"demo"}, "t"};
  auto created = setup->CreateTable(t, Creation(kFastRetries)).ValueOrDie();
  std::string written;
  int checks = 0;
  SqlCatalogOptions options = Options();
  options.testing_swap_hook = [&](SwapPhase phase, const TableIdentifier&,
                                  const std::string& location) {
    written = location;
    if (phase == SwapPhase::kAfterSwap) return Status::IOError("connection reset by peer");
    if (phase == SwapPhase::kCheckState) {
      checks++;
      return Status::IOError("server unreachable");
    }
    return Status::OK();
  };
  auto catalog = Open(options);
  auto result = catalog->CommitTable(t, {}, {TableUpdate::SetProperties({{"k", "v"}})});
  ASSERT_TRUE(result.status().IsCommitStateUnknown()) << result.status().ToString();
  EXPECT_EQ(result.status().message(),
            "commit to table demo.t: the catalog swap to " + written +
                " failed (IOError: connection reset by peer) and its outcome could not be checked "
                "(IOError: server "
                "unreachable); the new metadata file was kept: check the table before retrying");
  EXPECT_EQ(checks, 4);  // commit.status-check.num-retries defaults to 3
  EXPECT_TRUE(io::LocalFileIO()->Exists(written).ValueOrDie());
  // The swap did happen here; a later load sees it.
  EXPECT_EQ(setup->LoadTable(t).ValueOrDie().metadata_location, written);
}

TEST_F(SqlCatalogTest, StatusCheckIsRetriedAfterAFailedRead) {
  auto setup = Open();
  ASSERT_TRUE(setup->CreateNamespace({"demo"}, {}).ok());
  TableIdentifier t{{"demo"}, "t"};
  auto created = setup->CreateTable(t, Creation(kFastRetries)).ValueOrDie();
  int checks = 0;
  SqlCatalogOptions options = Options();
  options.testing_swap_hook = [&](SwapPhase phase, const TableIdentifier&, const std::string&) {
    if (phase == SwapPhase::kAfterSwap) return Status::IOError("connection reset by peer");
    if (phase == SwapPhase::kCheckState && checks++ == 0) return Status::IOError("timeout");
    return Status::OK();
  };
  auto catalog = Open(options);
  auto committed = catalog->CommitTable(t, {}, {TableUpdate::SetProperties({{"k", "v"}})});
  ASSERT_TRUE(committed.ok()) << committed.status().ToString();
  EXPECT_EQ(checks, 2);
  EXPECT_EQ(MetadataFiles(created.metadata.location).size(), 2u);
}

TEST_F(SqlCatalogTest, DeleteAfterCommitRemovesFilesThatLeaveTheLog) {
  auto catalog = Open();
  ASSERT_TRUE(catalog->CreateNamespace({"demo"}, {}).ok());
  TableIdentifier t{{"demo"}, "t"};
  auto created =
      catalog
          ->CreateTable(t, Creation({{"write.metadata.previous-versions-max", "2"},
                                     {"write.metadata.delete-after-commit.enabled", "true"}}))
          .ValueOrDie();
  LoadedTable last;
  for (int i = 0; i < 4; ++i) {
    last = catalog->CommitTable(t, {}, {TableUpdate::SetProperties({{"i", std::to_string(i)}})})
               .ValueOrDie();
  }
  ASSERT_EQ(last.metadata.metadata_log.size(), 2u);
  std::vector<std::string> expected = {FileName(last.metadata.metadata_log[0].metadata_file),
                                       FileName(last.metadata.metadata_log[1].metadata_file),
                                       FileName(last.metadata_location)};
  EXPECT_EQ(MetadataFiles(created.metadata.location), expected);
  EXPECT_EQ(expected[0].substr(0, 6), "00002-");
}

TEST_F(SqlCatalogTest, DropWithPurgeDeletesMetadataAndManifestLists) {
  auto catalog = Open();
  ASSERT_TRUE(catalog->CreateNamespace({"demo"}, {}).ok());
  TableIdentifier t{{"demo"}, "t"};
  auto table = catalog->CreateTable(t, Creation()).ValueOrDie();
  std::string list1 = table.metadata.location + "/metadata/snap-1.avro";
  std::string list2 = table.metadata.location + "/metadata/snap-2.avro";
  std::string unrelated = table.metadata.location + "/data/keep.parquet";
  for (const auto& f : {list1, list2, unrelated}) {
    ASSERT_TRUE(io::LocalFileIO()->WriteFile(f, "x").ok());
  }
  table = catalog
              ->CommitTable(t, {},
                            {TableUpdate::AddSnapshot(MakeSnapshot(table, 1, list1)),
                             TableUpdate::SetSnapshotRef("main", Main(1))})
              .ValueOrDie();
  table = catalog
              ->CommitTable(t, {},
                            {TableUpdate::AddSnapshot(MakeSnapshot(table, 2, list2)),
                             TableUpdate::SetSnapshotRef("main", Main(2))})
              .ValueOrDie();
  auto files = TableFiles(io::LocalFileIO().get(), table);  // unreadable lists are still listed
  EXPECT_EQ(files.size(), 5u);                              // 3 metadata files, 2 manifest lists
  ASSERT_TRUE(catalog->DropTable(t, true).ok());
  EXPECT_FALSE(catalog->TableExists(t).ValueOrDie());
  for (const auto& f : files) EXPECT_FALSE(io::LocalFileIO()->Exists(f).ValueOrDie()) << f;
  EXPECT_TRUE(io::LocalFileIO()->Exists(unrelated).ValueOrDie());
  EXPECT_TRUE(PurgeFiles(io::LocalFileIO().get(), files).ok());  // already gone is fine
}

TEST_F(SqlCatalogTest, WorksOnAnyFileIO) {
  SqlCatalogOptions options = Options();
  options.warehouse = "s3://bucket/warehouse";
  options.file_io = io::MemoryFileIO();
  auto catalog = Open(options);
  ASSERT_TRUE(catalog->CreateNamespace({"a", "b"}, {}).ok());
  TableIdentifier t{{"a", "b"}, "t"};
  auto created = catalog->CreateTable(t, Creation());
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_EQ(created->metadata.location, "s3://bucket/warehouse/a/b/t");
  EXPECT_EQ(created->metadata_location.rfind("s3://bucket/warehouse/a/b/t/metadata/00000-", 0), 0u);
  ASSERT_TRUE(catalog->CommitTable(t, {}, {TableUpdate::SetProperties({{"k", "v"}})}).ok());
  EXPECT_EQ(catalog->LoadTable(t).ValueOrDie().metadata.properties.at("k"), "v");
  EXPECT_EQ(Sqlite("SELECT table_namespace FROM iceberg_tables"), "a.b\n");
}

TEST_F(SqlCatalogTest, TwoCatalogsCommittingConcurrentlyLoseNothing) {
  auto first = Open();
  auto second = Open();
  ASSERT_TRUE(first->CreateNamespace({"demo"}, {}).ok());
  TableIdentifier t{{"demo"}, "t"};
  auto props = kFastRetries;
  props["write.metadata.previous-versions-max"] = "1000";
  auto created = first->CreateTable(t, Creation(props)).ValueOrDie();

  constexpr int kThreads = 8, kCommits = 25;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      SqlCatalog* catalog = (i % 2 == 0 ? first : second).get();
      for (int j = 0; j < kCommits; ++j) {
        auto r =
            catalog->CommitTable(t, {},
                                 {TableUpdate::SetProperties(
                                     {{"t" + std::to_string(i) + "-" + std::to_string(j), "1"}})});
        if (!r.ok()) {
          ADD_FAILURE() << r.status().ToString();
          failures++;
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  ASSERT_EQ(failures.load(), 0);

  auto loaded = first->LoadTable(t).ValueOrDie();
  int written = 0;
  for (int i = 0; i < kThreads; ++i) {
    for (int j = 0; j < kCommits; ++j) {
      written +=
          loaded.metadata.properties.count("t" + std::to_string(i) + "-" + std::to_string(j));
    }
  }
  EXPECT_EQ(written, kThreads * kCommits);
  EXPECT_EQ(loaded.metadata.metadata_log.size(), static_cast<size_t>(kThreads * kCommits));
  EXPECT_EQ(FileName(loaded.metadata_location).substr(0, 6), "00200-");
  // Every losing attempt removed its file: one file per version.
  EXPECT_EQ(MetadataFiles(created.metadata.location).size(),
            static_cast<size_t>(kThreads * kCommits + 1));
}

}  // namespace
}  // namespace floe::catalog
