#include "iceberg/snapshot_update.h"

#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <thread>

#include "iceberg/data_writer.h"
#include "iceberg/maintenance.h"
#include "iceberg/table_scan.h"
#include "testing/temp_dir.h"

namespace floe::iceberg {
namespace {

using Op = Expression::Op;

NestedField Field(int32_t id, const char* name, bool required, TypePtr type) {
  return NestedField::Of(id, name, required, std::move(type));
}

// A table (id long, region string) partitioned by identity(region), on
// local disk, committed in memory.
class WriteTest : public ::testing::Test {
 protected:
  void SetUp() override {
    schema_ = Schema(0, {Field(1, "id", true, Type::Primitive(TypeId::kLong)),
                         Field(2, "region", false, Type::Primitive(TypeId::kString))});
    spec_.spec_id = 0;
    spec_.fields = {{2, 1000, "region", Transform::Identity()}};
    std::map<std::string, std::string> props = {{"commit.retry.min-wait-ms", "1"},
                                                {"commit.retry.max-wait-ms", "5"}};
    auto md =
        NewTableMetadata(schema_, spec_, SortOrder{}, dir_.Join("t"), props, 1000).ValueOrDie();
    io_ = io::LocalFileIO();
    table_ = std::make_unique<InMemoryTable>(io_, md);
  }

  // A data file of `n` rows with ids from `first`, all in `region`.
  DataFile Write(const std::string& region, int64_t first, int64_t n) {
    TableMetadata md = table_->metadata();
    std::string path =
        dir_.Join("t/data/region=" + region + "/f" + std::to_string(files_++) + ".parquet");
    auto w = DataFileWriter::Make(io_.get(), path, md, schema_, spec_,
                                  {Literal::Bytes(TypeId::kString, region)})
                 .ValueOrDie();
    columnar::Chunk chunk;
    auto ids = columnar::Vector::Make(columnar::LogicalType::BigInt(), MemoryPool::Default(), n)
                   .ValueOrDie();
    auto regions =
        columnar::Vector::Make(columnar::LogicalType::Varchar(), MemoryPool::Default(), n)
            .ValueOrDie();
    for (int64_t i = 0; i < n; ++i) {
      ids->mutable_data<int64_t>()[i] = first + i;
      EXPECT_TRUE(regions->SetString(i, region).ok());
    }
    ids->set_size(n);
    regions->set_size(n);
    chunk.columns = {ids, regions};
    chunk.size = n;
    EXPECT_TRUE(w->Write(chunk).ok());
    return w->Close().ValueOrDie();
  }

  Snapshot Append(const std::vector<DataFile>& files, bool merge = false) {
    auto ops = table_->NewOperations();
    AppendFiles append(ops.get(), merge);
    for (const auto& f : files) append.AppendFile(f);
    auto s = append.Commit();
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    return s.ok() ? *s : Snapshot{};
  }

  ScanPlan Scan(ExprPtr filter = Expression::True()) {
    ScanOptions options;
    options.filter = std::move(filter);
    auto md = table_->metadata();
    return PlanScan(io_.get(), md, options).ValueOrDie();
  }

  static ExprPtr RegionIs(const char* r) {
    return Expression::Predicate(Op::kEq, "region", {Literal::Bytes(TypeId::kString, r)});
  }

  floe::testing::TempDir dir_;
  Schema schema_;
  PartitionSpec spec_;
  std::shared_ptr<io::FileIO> io_;
  std::unique_ptr<InMemoryTable> table_;
  int files_ = 0;
};

TEST_F(WriteTest, FastAppendsWriteSummariesAndInheritSequenceNumbers) {
  Snapshot s1 = Append({Write("eu", 0, 10), Write("us", 10, 5)});
  EXPECT_EQ(s1.operation(), "append");
  EXPECT_EQ(s1.SummaryValue("added-data-files"), "2");
  EXPECT_EQ(s1.SummaryValue("added-records"), "15");
  EXPECT_EQ(s1.SummaryValue("total-records"), "15");
  EXPECT_EQ(s1.SummaryValue("changed-partition-count"), "2");
  EXPECT_EQ(s1.sequence_number, 1);
  EXPECT_FALSE(s1.parent_snapshot_id.has_value());
  Snapshot s2 = Append({Write("eu", 100, 7)});
  Snapshot s3 = Append({Write("asia", 200, 3)});
  EXPECT_EQ(s3.SummaryValue("total-records"), "25");
  EXPECT_EQ(s3.SummaryValue("total-data-files"), "4");
  EXPECT_EQ(s3.parent_snapshot_id, s2.snapshot_id);
  EXPECT_GE(s3.timestamp_ms, s2.timestamp_ms);
  auto md = table_->metadata();
  EXPECT_EQ(md.current_snapshot_id, s3.snapshot_id);
  EXPECT_EQ(md.last_sequence_number, 3);
  EXPECT_EQ(md.snapshot_log.size(), 3u);
  auto manifests = ReadManifestList(io_.get(), s3.manifest_list).ValueOrDie();
  EXPECT_EQ(manifests.size(), 3u);  // fast append: one new manifest per commit
  auto plan = Scan();
  ASSERT_EQ(plan.tasks.size(), 4u);
  std::set<int64_t> seqs;
  for (const auto& t : plan.tasks) seqs.insert(t.data_sequence_number);
  EXPECT_EQ(seqs, (std::set<int64_t>{1, 2, 3}));
  auto eu = Scan(RegionIs("eu"));
  EXPECT_EQ(eu.tasks.size(), 2u);
  EXPECT_EQ(eu.metrics.manifests_skipped, 1);  // the asia manifest, by its summary
}

TEST_F(WriteTest, MergeAppendMergesManifestsPerMinCount) {
  auto ops = table_->NewOperations();
  std::map<std::string, std::string> props = {{"commit.manifest.min-count-to-merge", "3"}};
  ASSERT_TRUE(ops->Commit({}, {TableUpdate::SetProperties(props)}).ok());
  Append({Write("eu", 0, 1)}, true);
  Append({Write("eu", 1, 1)}, true);
  Snapshot s = Append({Write("eu", 2, 1)}, true);
  auto manifests = ReadManifestList(io_.get(), s.manifest_list).ValueOrDie();
  ASSERT_EQ(manifests.size(), 1u);
  EXPECT_EQ(manifests[0].added_files_count, 1);
  EXPECT_EQ(manifests[0].existing_files_count, 2);
  EXPECT_EQ(Scan().tasks.size(), 3u);
}

TEST_F(WriteTest, OverwriteByFilterReplacesWholeFiles) {
  Append({Write("eu", 0, 10), Write("us", 10, 5)});
  DataFile replacement = Write("eu", 50, 2);
  auto ops = table_->NewOperations();
  OverwriteFiles overwrite(ops.get(), OverwriteFiles::Kind::kOverwrite);
  overwrite.DeleteByFilter(RegionIs("eu"));
  overwrite.AddFile(replacement);
  Snapshot s = overwrite.Commit().ValueOrDie();
  EXPECT_EQ(s.operation(), "overwrite");
  EXPECT_EQ(s.SummaryValue("deleted-data-files"), "1");
  EXPECT_EQ(s.SummaryValue("deleted-records"), "10");
  EXPECT_EQ(s.SummaryValue("added-records"), "2");
  EXPECT_EQ(s.SummaryValue("total-records"), "7");
  auto eu = Scan(RegionIs("eu"));
  ASSERT_EQ(eu.tasks.size(), 1u);
  EXPECT_EQ(eu.tasks[0].file->file_path, replacement.file_path);
  EXPECT_EQ(Scan().tasks.size(), 2u);

  // A filter that matches part of a file cannot drop it whole.
  auto ops2 = table_->NewOperations();
  OverwriteFiles partial(ops2.get(), OverwriteFiles::Kind::kDelete);
  partial.DeleteByFilter(Expression::Predicate(Op::kLt, "id", {Literal::Int(TypeId::kLong, 12)}));
  auto st = partial.Commit();
  ASSERT_TRUE(st.status().IsInvalid()) << st.status().ToString();
  EXPECT_NE(st.status().message().find("some of its rows match"), std::string::npos);

  // Deleting by a filter that covers the files does.
  auto ops3 = table_->NewOperations();
  OverwriteFiles del(ops3.get(), OverwriteFiles::Kind::kDelete);
  del.DeleteByFilter(Expression::Predicate(Op::kGtEq, "id", {Literal::Int(TypeId::kLong, 10)}));
  Snapshot d = del.Commit().ValueOrDie();
  EXPECT_EQ(d.operation(), "delete");
  EXPECT_EQ(d.SummaryValue("total-records"), "0");
  EXPECT_EQ(Scan().tasks.size(), 0u);
}

TEST_F(WriteTest, ConcurrentAppendsBothLand) {
  Append({Write("eu", 0, 1)});
  auto ops1 = table_->NewOperations();
  auto ops2 = table_->NewOperations();
  AppendFiles a(ops1.get(), false), b(ops2.get(), false);
  a.AppendFile(Write("eu", 1, 1));
  b.AppendFile(Write("us", 2, 1));
  ASSERT_TRUE(a.Commit().ok());
  auto sb = b.Commit();  // stale base: the assert-ref-snapshot-id fails, then a retry lands
  ASSERT_TRUE(sb.ok()) << sb.status().ToString();
  EXPECT_EQ(sb->SummaryValue("total-records"), "3");
  EXPECT_EQ(Scan().tasks.size(), 3u);
}

TEST_F(WriteTest, OverwriteConflictsWithNewDataInItsRowsOnly) {
  Append({Write("eu", 0, 1), Write("us", 1, 1)});
  // Read eu, then a concurrent writer appends to us: no conflict.
  auto ops = table_->NewOperations();
  OverwriteFiles overwrite(ops.get(), OverwriteFiles::Kind::kOverwrite);
  overwrite.DeleteByFilter(RegionIs("eu"));
  overwrite.ValidateNoConflictingData(RegionIs("eu"));
  overwrite.AddFile(Write("eu", 10, 1));
  Append({Write("us", 2, 1)});
  ASSERT_TRUE(overwrite.Commit().ok());

  // A concurrent append to eu conflicts (serializable isolation).
  auto ops2 = table_->NewOperations();
  OverwriteFiles overwrite2(ops2.get(), OverwriteFiles::Kind::kOverwrite);
  overwrite2.DeleteByFilter(RegionIs("eu"));
  overwrite2.ValidateNoConflictingData(RegionIs("eu"));
  DataFile mine = Write("eu", 20, 1);
  overwrite2.AddFile(mine);
  Append({Write("eu", 3, 1)});
  auto st = overwrite2.Commit();
  ASSERT_TRUE(st.status().IsConflict()) << st.status().ToString();
  EXPECT_NE(st.status().message().find("may hold rows matching region = 'eu'"), std::string::npos)
      << st.status().ToString();
  // Its data file is the caller's to remove; its manifests are gone:
  // every manifest left in metadata/ is one a snapshot references.
  EXPECT_TRUE(*io_->Exists(mine.file_path));
  std::set<std::string> referenced;
  auto md = table_->metadata();
  for (const Snapshot& snap : md.snapshots) {
    referenced.insert(snap.manifest_list);
    for (const auto& m : ReadManifestList(io_.get(), snap.manifest_list).ValueOrDie())
      referenced.insert(m.manifest_path);
  }
  for (const auto& f : io_->List(dir_.Join("t/metadata/")).ValueOrDie()) {
    EXPECT_EQ(referenced.count(f.path), 1u) << "left behind: " << f.path;
  }
}

TEST_F(WriteTest, UnknownCommitOutcomeKeepsFilesAndDoesNotRetry) {
  Append({Write("eu", 0, 1)});
  table_->FailNextCommits(1, Status::CommitStateUnknown("injected: no answer from the catalog"));
  auto ops = table_->NewOperations();
  AppendFiles append(ops.get(), false);
  append.AppendFile(Write("eu", 1, 1));
  auto st = append.Commit();
  ASSERT_TRUE(st.status().IsCommitStateUnknown()) << st.status().ToString();
  // The commit did land: its files must all still be there, and no retry
  // duplicated it.
  auto md = table_->metadata();
  EXPECT_EQ(md.snapshots.size(), 2u);
  auto plan = Scan();
  EXPECT_EQ(plan.tasks.size(), 2u);
}

TEST_F(WriteTest, CertainFailureRetriesAndCleansUpTheFailedAttempt) {
  Append({Write("eu", 0, 1)});
  table_->FailNextCommits(2, Status::Conflict("injected conflict"));
  auto ops = table_->NewOperations();
  AppendFiles append(ops.get(), false);
  append.AppendFile(Write("eu", 1, 1));
  Snapshot s = append.Commit().ValueOrDie();
  EXPECT_EQ(s.manifest_list.find("-3-") != std::string::npos, true)
      << s.manifest_list;  // third attempt
  int lists = 0;
  for (const auto& f : io_->List(dir_.Join("t/metadata/")).ValueOrDie()) {
    if (f.path.find("snap-" + std::to_string(s.snapshot_id)) != std::string::npos) ++lists;
  }
  EXPECT_EQ(lists, 1);  // the failed attempts' manifest lists were deleted
  table_->FailNextCommits(10, Status::Conflict("injected conflict"));
  auto ops2 = table_->NewOperations();
  AppendFiles doomed(ops2.get(), false);
  doomed.AppendFile(Write("eu", 2, 1));
  EXPECT_TRUE(doomed.Commit().status().IsConflict());  // 4 retries, then give up
  table_->FailNextCommits(0, Status::OK());
  EXPECT_EQ(Scan().tasks.size(), 2u);
}

TEST_F(WriteTest, RowDeltaAddsPositionDeletesThatApplyToOlderFiles) {
  DataFile data = Write("eu", 0, 10);
  Append({data});
  DataFile del;
  del.content = FileContent::kPositionDeletes;
  del.file_path = dir_.Join("t/data/region=eu/deletes.parquet");
  del.spec_id = 0;
  del.partition = {Literal::Bytes(TypeId::kString, "eu")};
  del.record_count = 2;
  del.file_size_in_bytes = 100;
  auto ops = table_->NewOperations();
  RowDelta delta(ops.get());
  delta.AddDeletes(del);
  delta.ValidateDataFilesExist({data.file_path});
  Snapshot s = delta.Commit().ValueOrDie();
  EXPECT_EQ(s.operation(), "overwrite");
  EXPECT_EQ(s.SummaryValue("added-position-deletes"), "2");
  EXPECT_EQ(s.SummaryValue("total-position-deletes"), "2");
  auto plan = Scan();
  ASSERT_EQ(plan.tasks.size(), 1u);
  ASSERT_EQ(plan.tasks[0].deletes.size(), 1u);
  EXPECT_EQ(plan.tasks[0].deletes[0]->file_path, del.file_path);

  // A delta whose data file was removed meanwhile conflicts.
  auto ops2 = table_->NewOperations();
  RowDelta late(ops2.get());
  late.AddDeletes(del);
  late.ValidateDataFilesExist({data.file_path});
  auto ops3 = table_->NewOperations();
  OverwriteFiles drop(ops3.get(), OverwriteFiles::Kind::kDelete);
  drop.DeleteFile(data);
  ASSERT_TRUE(drop.Commit().ok());
  EXPECT_TRUE(late.Commit().status().IsConflict());
}

TEST_F(WriteTest, ManyThreadsAppendingConcurrentlyLoseNothing) {
  constexpr int kThreads = 4, kCommits = 10;
  std::vector<DataFile> files;
  for (int i = 0; i < kThreads * kCommits; ++i) files.push_back(Write("eu", i, 1));
  {
    auto ops = table_->NewOperations();
    ASSERT_TRUE(
        ops->Commit({}, {TableUpdate::SetProperties({{"commit.retry.num-retries", "100"}})}).ok());
  }
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int c = 0; c < kCommits; ++c) {
        auto ops = table_->NewOperations();
        AppendFiles append(ops.get(), false);
        append.AppendFile(files[t * kCommits + c]);
        if (!append.Commit().ok()) ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  auto md = table_->metadata();
  EXPECT_EQ(md.snapshots.size(), static_cast<size_t>(kThreads * kCommits));
  EXPECT_EQ(Scan().tasks.size(), static_cast<size_t>(kThreads * kCommits));
  EXPECT_EQ(md.current_snapshot()->SummaryValue("total-records"),
            std::to_string(kThreads * kCommits));
}

TEST_F(WriteTest, ExpireSnapshotsDeletesWhatNoSnapshotReaches) {
  DataFile a = Write("eu", 0, 1);
  Snapshot s1 = Append({a});
  auto ops = table_->NewOperations();
  OverwriteFiles del(ops.get(), OverwriteFiles::Kind::kDelete);
  del.DeleteFile(a);
  Snapshot s2 = del.Commit().ValueOrDie();
  DataFile b = Write("us", 1, 1);
  Snapshot s3 = Append({b});
  ASSERT_TRUE(*io_->Exists(a.file_path));
  auto ops2 = table_->NewOperations();
  auto result = ExpireSnapshots(ops2.get(), s3.timestamp_ms + 1, 1).ValueOrDie();
  EXPECT_EQ(result.expired_snapshot_ids.size(), 2u);
  EXPECT_EQ(result.deleted_data_files, 1);
  EXPECT_FALSE(*io_->Exists(a.file_path));  // only s1 had it
  EXPECT_TRUE(*io_->Exists(b.file_path));
  EXPECT_FALSE(*io_->Exists(s1.manifest_list));
  EXPECT_FALSE(*io_->Exists(s2.manifest_list));
  auto md = table_->metadata();
  ASSERT_EQ(md.snapshots.size(), 1u);
  EXPECT_EQ(md.snapshots[0].snapshot_id, s3.snapshot_id);
  EXPECT_EQ(Scan().tasks.size(), 1u);
}

TEST_F(WriteTest, RemoveOrphanFilesKeepsEverythingReachable) {
  Append({Write("eu", 0, 1)});
  Append({Write("us", 1, 1)});
  DataFile stray = Write("eu", 2, 1);  // written, never committed
  auto ops = table_->NewOperations();
  auto dry = RemoveOrphanFiles(ops.get(), INT64_MAX, /*dry_run=*/true).ValueOrDie();
  ASSERT_EQ(dry.size(), 1u);
  EXPECT_EQ(dry[0], stray.file_path);
  EXPECT_TRUE(
      RemoveOrphanFiles(ops.get(), 0).ValueOrDie().empty());  // all younger than the threshold
  auto removed = RemoveOrphanFiles(ops.get(), INT64_MAX).ValueOrDie();
  EXPECT_EQ(removed, dry);
  EXPECT_FALSE(*io_->Exists(stray.file_path));
  EXPECT_EQ(Scan().tasks.size(), 2u);
}

TEST_F(WriteTest, RewriteManifestsClustersByPartition) {
  const char* regions[] = {"eu", "us", "asia"};
  for (int i = 0; i < 12; ++i) Append({Write(regions[i % 3], i, 1)});
  EXPECT_EQ(Scan(RegionIs("eu")).metrics.manifests_read, 4);
  auto ops = table_->NewOperations();
  RewriteManifests rewrite(ops.get());
  rewrite.SetEntriesPerManifest(4);
  Snapshot s = rewrite.Commit().ValueOrDie();
  EXPECT_EQ(s.operation(), "replace");
  EXPECT_EQ(s.SummaryValue("manifests-created"), "3");
  EXPECT_EQ(s.SummaryValue("manifests-replaced"), "12");
  EXPECT_EQ(s.SummaryValue("total-records"), "12");
  auto eu = Scan(RegionIs("eu"));
  EXPECT_EQ(eu.metrics.manifests_read, 1);
  EXPECT_EQ(eu.tasks.size(), 4u);
  EXPECT_EQ(Scan().tasks.size(), 12u);
}

TEST_F(WriteTest, RollbackBranchesAndTags) {
  Snapshot s1 = Append({Write("eu", 0, 1)});
  Snapshot s2 = Append({Write("eu", 1, 1)});
  auto ops = table_->NewOperations();
  ASSERT_TRUE(CreateRef(ops.get(), "v1", /*is_branch=*/false, s1.snapshot_id).ok());
  EXPECT_TRUE(CreateRef(ops.get(), "v1", false).IsAlreadyExists());
  ASSERT_TRUE(CreateRef(ops.get(), "dev", /*is_branch=*/true).ok());
  // A write to the branch leaves main alone.
  {
    auto bops = table_->NewOperations();
    AppendFiles append(bops.get(), false);
    append.ToBranch("dev");
    append.AppendFile(Write("us", 2, 1));
    ASSERT_TRUE(append.Commit().ok());
  }
  EXPECT_EQ(Scan().tasks.size(), 2u);
  ScanOptions dev;
  dev.ref = "dev";
  EXPECT_EQ(PlanScan(io_.get(), table_->metadata(), dev)->tasks.size(), 3u);
  ASSERT_TRUE(ops->Refresh().ok());
  ASSERT_TRUE(SetCurrentSnapshot(ops.get(), s1.snapshot_id, /*require_ancestor=*/true).ok());
  EXPECT_EQ(table_->metadata().current_snapshot_id, s1.snapshot_id);
  EXPECT_EQ(Scan().tasks.size(), 1u);
  // s2 is no longer an ancestor of main: rollback refuses, set-current does it.
  EXPECT_TRUE(SetCurrentSnapshot(ops.get(), s2.snapshot_id, true).IsInvalid());
  ASSERT_TRUE(SetCurrentSnapshot(ops.get(), s2.snapshot_id, false).ok());
  EXPECT_EQ(Scan().tasks.size(), 2u);
  ASSERT_TRUE(DropRef(ops.get(), "dev").ok());
  EXPECT_TRUE(DropRef(ops.get(), "main").IsInvalid());
  EXPECT_EQ(table_->metadata().refs.count("dev"), 0u);
  EXPECT_EQ(table_->metadata().refs.count("v1"), 1u);
}

TEST_F(WriteTest, AMissingOrTruncatedManifestIsAnErrorNamingIt) {
  Snapshot s = Append({Write("eu", 0, 1)});
  auto manifests = ReadManifestList(io_.get(), s.manifest_list).ValueOrDie();
  ASSERT_EQ(manifests.size(), 1u);
  const std::string& path = manifests[0].manifest_path;
  std::string bytes = floe::testing::ReadFileOrDie(path);
  floe::testing::WriteFileOrDie(path, bytes.substr(0, bytes.size() / 2));
  ScanOptions options;
  auto truncated = PlanScan(io_.get(), table_->metadata(), options);
  ASSERT_FALSE(truncated.ok());
  EXPECT_NE(truncated.status().message().find(path), std::string::npos)
      << truncated.status().ToString();
  ASSERT_TRUE(io_->Delete(path).ok());
  auto missing = PlanScan(io_.get(), table_->metadata(), options);
  ASSERT_TRUE(missing.status().IsNotFound()) << missing.status().ToString();
  EXPECT_NE(missing.status().message().find(path), std::string::npos)
      << missing.status().ToString();
  ASSERT_TRUE(io_->Delete(s.manifest_list).ok());
  auto no_list = PlanScan(io_.get(), table_->metadata(), options);
  EXPECT_NE(no_list.status().message().find(s.manifest_list), std::string::npos)
      << no_list.status().ToString();
}

}  // namespace
}  // namespace floe::iceberg
