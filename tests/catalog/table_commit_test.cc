// Iceberg writes committed through the SQLite catalog: many writers at
// once, and failures injected at every I/O step of a commit.

#include <gtest/gtest.h>

#include <atomic>
#include <functional>
#include <set>
#include <thread>

#include "catalog/catalog_table_operations.h"
#include "catalog/sql_catalog.h"
#include "iceberg/data_writer.h"
#include "iceberg/maintenance.h"
#include "iceberg/snapshot_update.h"
#include "iceberg/table_scan.h"
#include "io/fault_file_io.h"
#include "testing/temp_dir.h"

namespace floe::catalog {
namespace {

using iceberg::DataFile;
using iceberg::Expression;
using iceberg::Literal;
using iceberg::TypeId;
using Op = iceberg::Expression::Op;

const TableIdentifier kTable{{"demo"}, "events"};

iceberg::NestedField Field(int32_t id, const char* name, bool required, TypeId type) {
  return iceberg::NestedField::Of(id, name, required, iceberg::Type::Primitive(type));
}

// A catalog directory: the SQLite database and the warehouse.
struct Warehouse {
  floe::testing::TempDir dir;

  SqlCatalogOptions Options(std::shared_ptr<io::FileIO> io) const {
    SqlCatalogOptions o;
    o.database_path = dir.Join("catalog.db");
    o.warehouse = dir.Join("warehouse");
    o.file_io = std::move(io);
    return o;
  }
  std::shared_ptr<SqlCatalog> Open(std::shared_ptr<io::FileIO> io) const {
    return SqlCatalog::Open(Options(std::move(io))).ValueOrDie();
  }
};

// Creates demo.events (id long, region string) partitioned by region.
void CreateTable(Catalog* catalog, std::map<std::string, std::string> properties = {}) {
  ASSERT_TRUE(catalog->CreateNamespace({"demo"}, {}).ok());
  TableCreation c;
  c.schema = iceberg::Schema(
      0, {Field(1, "id", true, TypeId::kLong), Field(2, "region", false, TypeId::kString)});
  c.spec.fields = {{2, 1000, "region", iceberg::Transform::Identity()}};
  properties.emplace("commit.retry.num-retries", "1000");
  properties.emplace("commit.retry.min-wait-ms", "1");
  properties.emplace("commit.retry.max-wait-ms", "20");
  properties.emplace("commit.status-check.min-wait-ms", "1");
  properties.emplace("commit.status-check.max-wait-ms", "5");
  c.properties = std::move(properties);
  auto created = catalog->CreateTable(kTable, c);
  ASSERT_TRUE(created.ok()) << created.status().ToString();
}

std::unique_ptr<CatalogTableOperations> Ops(std::shared_ptr<Catalog> catalog) {
  return CatalogTableOperations::Load(std::move(catalog), kTable).ValueOrDie();
}

// Writes a one-row data file for `region` with id `id` next to the table.
Result<DataFile> WriteRow(iceberg::TableOperations* ops, const std::string& region, int64_t id) {
  const iceberg::TableMetadata& md = ops->current();
  std::string path = md.location + "/data/region=" + region + "/" + iceberg::NewUuid() + ".parquet";
  FLOE_ASSIGN_OR_RETURN(auto w, iceberg::DataFileWriter::Make(
                                    ops->io(), path, md, *md.current_schema(), *md.default_spec(),
                                    {Literal::Bytes(TypeId::kString, region)}));
  columnar::Chunk chunk;
  FLOE_ASSIGN_OR_RETURN(
      auto ids, columnar::Vector::Make(columnar::LogicalType::BigInt(), MemoryPool::Default(), 1));
  FLOE_ASSIGN_OR_RETURN(auto regions, columnar::Vector::Make(columnar::LogicalType::Varchar(),
                                                             MemoryPool::Default(), 1));
  ids->mutable_data<int64_t>()[0] = id;
  FLOE_RETURN_NOT_OK(regions->SetString(0, region));
  ids->set_size(1);
  regions->set_size(1);
  chunk.columns = {ids, regions};
  chunk.size = 1;
  FLOE_RETURN_NOT_OK(w->Write(chunk));
  return w->Close();
}

// Appends one row in one commit.
Result<iceberg::Snapshot> AppendRow(iceberg::TableOperations* ops, const std::string& region,
                                    int64_t id) {
  FLOE_ASSIGN_OR_RETURN(DataFile f, WriteRow(ops, region, id));
  iceberg::AppendFiles append(ops, /*merge=*/false);
  append.AppendFile(f);
  return append.Commit();
}

// The data files a scan of the current snapshot reads.
std::set<std::string> LiveFiles(iceberg::TableOperations* ops) {
  auto plan = iceberg::PlanScan(ops->io(), ops->current(), {});
  EXPECT_TRUE(plan.ok()) << plan.status().ToString();
  std::set<std::string> out;
  if (plan.ok()) {
    for (const auto& t : plan->tasks) out.insert(t.file->file_path);
  }
  return out;
}

TEST(TableCommitTest, WritersInSeveralCatalogsLoseNoCommit) {
  Warehouse wh;
  CreateTable(wh.Open(io::LocalFileIO()).get());
  constexpr int kWriters = 4, kCommits = 8;
  std::atomic<int> failed{0};
  std::vector<std::thread> threads;
  for (int w = 0; w < kWriters; ++w) {
    threads.emplace_back([&, w] {
      // Each writer has its own catalog object and connections, as a
      // separate process would.
      auto catalog = wh.Open(io::LocalFileIO());
      for (int c = 0; c < kCommits; ++c) {
        auto ops = Ops(catalog);
        auto s = AppendRow(ops.get(), w % 2 == 0 ? "eu" : "us", w * 100 + c);
        if (!s.ok()) {
          ADD_FAILURE() << s.status().ToString();
          ++failed;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  ASSERT_EQ(failed.load(), 0);
  auto ops = Ops(wh.Open(io::LocalFileIO()));
  const auto& md = ops->current();
  EXPECT_EQ(md.snapshots.size(), static_cast<size_t>(kWriters * kCommits));
  EXPECT_EQ(md.snapshot_log.size(), static_cast<size_t>(kWriters * kCommits));
  EXPECT_EQ(md.current_snapshot()->SummaryValue("total-records"),
            std::to_string(kWriters * kCommits));
  EXPECT_EQ(LiveFiles(ops.get()).size(), static_cast<size_t>(kWriters * kCommits));
  // Every snapshot is the child of the one before: a single linear history.
  std::set<int64_t> parents;
  for (const auto& s : md.snapshots) {
    if (s.parent_snapshot_id) {
      EXPECT_TRUE(parents.insert(*s.parent_snapshot_id).second);
    }
  }
}

TEST(TableCommitTest, OverwriteConflictsWithAConcurrentAppendToItsRows) {
  Warehouse wh;
  auto catalog = wh.Open(io::LocalFileIO());
  CreateTable(catalog.get());
  ASSERT_TRUE(AppendRow(Ops(catalog).get(), "eu", 1).ok());
  ASSERT_TRUE(AppendRow(Ops(catalog).get(), "us", 2).ok());
  auto eu = Expression::Predicate(Op::kEq, "region", {Literal::Bytes(TypeId::kString, "eu")});
  auto run_overwrite = [&](const std::string& concurrent_region) {
    auto ops = Ops(catalog);
    iceberg::OverwriteFiles overwrite(ops.get(), iceberg::OverwriteFiles::Kind::kOverwrite);
    overwrite.DeleteByFilter(eu);
    overwrite.ValidateNoConflictingData(eu);
    overwrite.AddFile(WriteRow(ops.get(), "eu", 10).ValueOrDie());
    // Another writer commits between this one's read and its commit.
    EXPECT_TRUE(AppendRow(Ops(catalog).get(), concurrent_region, 3).ok());
    return overwrite.Commit();
  };
  EXPECT_TRUE(run_overwrite("us").ok());
  auto st = run_overwrite("eu");
  EXPECT_TRUE(st.status().IsConflict()) << st.status().ToString();
}

// The modes of the fault loop and what a test does after the failure.
struct FaultCase {
  const char* name;
  io::FaultMode mode;
  bool power_loss;  // SimulateCrash(): unsynced writes are lost
};

// A write operation of the fault loop, and the live files it must leave
// when it committed (given those before).
struct WriteCase {
  const char* name;
  std::function<Status(iceberg::TableOperations*)> run;
  std::function<bool(const std::set<std::string>& before, const std::set<std::string>& after)>
      committed;
};

std::vector<WriteCase> WriteCases() {
  auto eu = Expression::Predicate(Op::kEq, "region", {Literal::Bytes(TypeId::kString, "eu")});
  auto us = Expression::Predicate(Op::kEq, "region", {Literal::Bytes(TypeId::kString, "us")});
  auto grew_by_one = [](const auto& before, const auto& after) {
    if (after.size() != before.size() + 1) return false;
    for (const auto& f : before) {
      if (after.count(f) == 0) return false;
    }
    return true;
  };
  return {
      {"append", [](iceberg::TableOperations* ops) { return AppendRow(ops, "us", 2).status(); },
       grew_by_one},
      {"overwrite by filter",
       [eu](iceberg::TableOperations* ops) -> Status {
         FLOE_ASSIGN_OR_RETURN(DataFile f, WriteRow(ops, "eu", 5));
         iceberg::OverwriteFiles overwrite(ops, iceberg::OverwriteFiles::Kind::kOverwrite);
         overwrite.DeleteByFilter(eu);
         overwrite.AddFile(f);
         return overwrite.Commit().status();
       },
       // The eu file replaced by a new one, the us file kept.
       [](const auto& before, const auto& after) {
         if (after.size() != before.size()) return false;
         int kept = 0;
         for (const auto& f : before) kept += static_cast<int>(after.count(f));
         return kept == static_cast<int>(before.size()) - 1;
       }},
      {"delete by filter",
       [us](iceberg::TableOperations* ops) -> Status {
         iceberg::OverwriteFiles del(ops, iceberg::OverwriteFiles::Kind::kDelete);
         del.DeleteByFilter(us);
         return del.Commit().status();
       },
       [](const auto& before, const auto& after) {
         if (after.size() + 1 != before.size()) return false;
         for (const auto& f : after) {
           if (before.count(f) == 0) return false;
         }
         return true;
       }},
      {"rewrite manifests",
       [](iceberg::TableOperations* ops) {
         iceberg::RewriteManifests rewrite(ops);
         return rewrite.Commit().status();
       },
       [](const auto& before, const auto& after) { return after == before; }},
  };
}

TEST(TableCommitTest, FailureAtAnyStepLeavesTheTableBeforeOrAfterTheCommit) {
  const FaultCase cases[] = {
      {"fail once", io::FaultMode::kFailOnce, false},
      {"fail from then on (process killed)", io::FaultMode::kFailFromThenOn, false},
      {"disk full", io::FaultMode::kDiskFull, false},
      {"power loss", io::FaultMode::kCrash, true},
  };
  int runs = 0, refused = 0;
  for (const WriteCase& wc : WriteCases()) {
    for (const FaultCase& fc : cases) {
      for (int64_t n = 0;; ++n) {
        SCOPED_TRACE(std::string(wc.name) + ", " + fc.name + " at operation " + std::to_string(n));
        Warehouse wh;
        auto fault = io::FaultInjectingFileIO::Make(io::LocalFileIO());
        fault->set_count_reads(false);
        std::set<std::string> before;
        {
          auto catalog = wh.Open(fault);
          CreateTable(catalog.get());
          auto ops = Ops(catalog);
          ASSERT_TRUE(AppendRow(ops.get(), "eu", 1).ok());
          ASSERT_TRUE(AppendRow(ops.get(), "us", 3).ok());
          before = LiveFiles(ops.get());
        }
        // The operation under test, with the fault armed at its n-th step.
        fault->ResetCount();
        fault->FailAt(n, fc.mode);
        bool acknowledged = false;
        {
          auto catalog = wh.Open(fault);
          auto ops = CatalogTableOperations::Load(catalog, kTable);
          if (ops.ok()) acknowledged = wc.run(ops->get()).ok();
        }
        const bool injected = fault->injected_count() > 0;
        if (fc.power_loss) {
          ASSERT_TRUE(fault->SimulateCrash().ok());
        }
        fault->ClearFault();
        // Restart on the surviving files.
        auto catalog = wh.Open(io::LocalFileIO());
        auto ops = CatalogTableOperations::Load(catalog, kTable);
        ASSERT_TRUE(ops.ok()) << ops.status().ToString();
        std::set<std::string> after = LiveFiles(ops->get());
        refused += acknowledged ? 0 : 1;
        if (acknowledged) {
          EXPECT_TRUE(wc.committed(before, after)) << "an acknowledged commit is missing";
        } else {
          EXPECT_TRUE(after == before || wc.committed(before, after)) << "a half-applied commit";
        }
        for (const std::string& f : after) {
          EXPECT_TRUE(*io::LocalFileIO()->Exists(f)) << "missing " << f;
        }
        // Whatever the failure left behind is unreferenced: removing
        // orphans leaves exactly what the metadata reaches, and the same rows.
        ASSERT_TRUE(iceberg::RemoveOrphanFiles(ops->get(), INT64_MAX).ok());
        auto reachable =
            iceberg::ReachableFiles((*ops)->io(), (*ops)->current(), (*ops)->metadata_location())
                .ValueOrDie();
        auto listing = io::LocalFileIO()->List((*ops)->current().location + "/").ValueOrDie();
        std::set<std::string> reach(reachable.begin(), reachable.end());
        for (const auto& f : listing) EXPECT_EQ(reach.count(f.path), 1u) << "left over: " << f.path;
        EXPECT_EQ(LiveFiles(ops->get()), after);
        ++runs;
        if (!injected) break;  // n lay past the operation's last step
      }
    }
  }
  // Faults before the swap roll the commit back (the swap itself, and a
  // lost answer from it, are the next test's).
  EXPECT_GT(runs, 150);
  EXPECT_GT(refused, 100);
  std::printf("fault loop: %d runs, %d failed\n", runs, refused);
}

TEST(TableCommitTest, LostAcknowledgementOfTheSwapDoesNotDuplicateRows) {
  Warehouse wh;
  auto plain = wh.Open(io::LocalFileIO());
  CreateTable(plain.get());
  ASSERT_TRUE(AppendRow(Ops(plain).get(), "eu", 1).ok());
  for (bool status_readable : {true, false}) {
    SCOPED_TRACE(status_readable ? "the outcome can be checked" : "the outcome cannot be checked");
    auto options = wh.Options(io::LocalFileIO());
    options.testing_swap_hook = [&](SwapPhase phase, const TableIdentifier&,
                                    const std::string&) -> Status {
      if (phase == SwapPhase::kAfterSwap)
        return Status::IOError("injected: connection lost after the UPDATE");
      if (phase == SwapPhase::kCheckState && !status_readable)
        return Status::IOError("injected: catalog unreachable");
      return Status::OK();
    };
    auto catalog = SqlCatalog::Open(options).ValueOrDie();
    auto ops = Ops(catalog);
    size_t files_before = LiveFiles(ops.get()).size();
    auto s = AppendRow(ops.get(), "us", 2);
    if (status_readable) {
      EXPECT_TRUE(s.ok()) << s.status().ToString();
    } else {
      EXPECT_TRUE(s.status().IsCommitStateUnknown()) << s.status().ToString();
    }
    // Either way the commit landed exactly once and its files are intact.
    auto check = Ops(plain);
    EXPECT_EQ(LiveFiles(check.get()).size(), files_before + 1);
  }
}

TEST(TableCommitTest, DropWithPurgeDeletesEveryFileOfTheTable) {
  Warehouse wh;
  auto catalog = wh.Open(io::LocalFileIO());
  CreateTable(catalog.get());
  for (int i = 0; i < 3; ++i)
    ASSERT_TRUE(AppendRow(Ops(catalog).get(), i % 2 ? "eu" : "us", i).ok());
  auto ops = Ops(catalog);
  std::string location = ops->current().location;
  auto files = TableFiles(ops->io(), LoadedTable{kTable, ops->metadata_location(), ops->current()});
  // 4 metadata files, 3 manifest lists, 3 manifests, 3 data files.
  EXPECT_EQ(files.size(), 13u);
  ASSERT_TRUE(catalog->DropTable(kTable, /*purge=*/true).ok());
  EXPECT_TRUE(io::LocalFileIO()->List(location + "/").ValueOrDie().empty());
}

}  // namespace
}  // namespace floe::catalog
