#pragma once

// Write operations that produce a snapshot (spec "Snapshots", "Commit
// Conflict Resolution and Retry"): append (fast or merging manifests),
// overwrite by filter, delete by filter, replace files (compaction) and row
// deltas (position and equality delete files). Each writes its new
// manifests and manifest list first, then commits through TableOperations;
// a conflict is retried on the new table state per the table's
// commit.retry.* properties after validating, as Iceberg Java does, that
// what landed meanwhile does not conflict with this operation.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "iceberg/expression.h"
#include "iceberg/manifest.h"
#include "iceberg/table_operations.h"

namespace floe::iceberg {

/// The base of every snapshot-producing operation. Not thread-safe; use
/// once: configure, add files, Commit().
class SnapshotUpdate {
 public:
  explicit SnapshotUpdate(TableOperations* ops);
  virtual ~SnapshotUpdate();
  SnapshotUpdate(const SnapshotUpdate&) = delete;
  SnapshotUpdate& operator=(const SnapshotUpdate&) = delete;

  /// Commits to this branch instead of "main" (created when missing).
  void ToBranch(std::string branch) { branch_ = std::move(branch); }
  /// An extra snapshot summary property (e.g. an ETL run id, so a retried
  /// task can find the commit it already made).
  void SetSummary(const std::string& key, const std::string& value) { extra_summary_[key] = value; }
  /// Validate against commits after this snapshot (default: the branch's
  /// snapshot when the operation was created). nullopt: since the start.
  void ValidateFromSnapshot(std::optional<int64_t> snapshot_id) {
    validate_from_ = snapshot_id;
    validate_from_set_ = true;
  }

  /// Writes the snapshot and commits it, retrying conflicts. Conflict when
  /// the operation conflicts with what was committed meanwhile (its files
  /// are deleted); CommitStateUnknown when the final commit's outcome is
  /// unknown (nothing is deleted). Returns the committed snapshot.
  Result<Snapshot> Commit();

 protected:
  /// "append", "overwrite", "delete" or "replace".
  virtual std::string operation() const = 0;
  /// The new snapshot's manifests given the branch's current snapshot
  /// (`parent`, null for an empty branch). Called once per attempt.
  virtual Result<std::vector<ManifestFile>> Apply(const TableMetadata& base,
                                                  const Snapshot* parent) = 0;
  /// Checks the commits between the validation snapshot and `parent`;
  /// Conflict when they conflict with this operation.
  virtual Status Validate(const TableMetadata& base, const Snapshot* parent);

  // --- for subclasses ---
  TableOperations* ops() const { return ops_; }
  io::FileIO* io() const { return ops_->io(); }
  int64_t snapshot_id() const { return snapshot_id_; }
  int format_version() const { return format_version_; }
  /// A new manifest path under the table's metadata directory.
  std::string NewManifestPath();
  /// Writes the given files (all of one content and spec) into a new
  /// manifest, tracked for cleanup.
  Result<ManifestFile> WriteManifest(const TableMetadata& base, int32_t spec_id,
                                     ManifestContent content, const std::vector<DataFile>& added,
                                     const std::vector<ManifestEntry>& existing,
                                     const std::vector<ManifestEntry>& deleted);
  /// Writes `files` (all of `content`) into one new manifest per spec, appended to `out`.
  Status WriteAddedManifests(const TableMetadata& base, const std::vector<DataFile>& files,
                             ManifestContent content, std::vector<ManifestFile>* out);
  /// The parent's manifests (empty without a parent).
  Result<std::vector<ManifestFile>> ParentManifests(const Snapshot* parent);
  /// The live entries of a manifest, partition-typed by its spec.
  Result<std::vector<ManifestEntry>> ReadEntries(const TableMetadata& base, const ManifestFile& m,
                                                 bool live_only = true);
  /// Manifests added by snapshots after the validation snapshot up to
  /// `parent` (the commits this operation did not see), with their snapshot.
  Result<std::vector<ManifestFile>> ManifestsAddedSinceValidation(const TableMetadata& base,
                                                                  const Snapshot* parent);
  /// Records what the snapshot changes, for its summary.
  void CountAdded(const DataFile& f);
  void CountRemoved(const DataFile& f);
  /// Forgets the counts of a failed attempt.
  void ResetCounts();
  /// Merges small manifests per commit.manifest-merge.enabled,
  /// commit.manifest.min-count-to-merge and commit.manifest.target-size-bytes.
  Result<std::vector<ManifestFile>> MergeManifests(const TableMetadata& base,
                                                   std::vector<ManifestFile> manifests);
  std::optional<int64_t> validate_from() const { return validate_from_; }
  /// Deletes a manifest this operation wrote (a failed attempt's).
  void DeleteWritten(const std::string& path);

 private:
  Result<Snapshot> Attempt(const TableMetadata& base, int attempt,
                           std::vector<std::string>* lists_written);
  std::map<std::string, std::string> Summary(const TableMetadata& base,
                                             const Snapshot* parent) const;

  TableOperations* ops_;
  std::string branch_ = "main";
  std::map<std::string, std::string> extra_summary_;
  std::optional<int64_t> validate_from_;
  bool validate_from_set_ = false;
  int64_t snapshot_id_ = 0;
  int format_version_ = 2;
  std::string commit_uuid_;
  int manifest_count_ = 0;
  std::vector<std::string> written_;         // manifests written by any attempt
  std::vector<std::string> last_manifests_;  // the manifests of the last attempt's list
  struct Counts {
    int64_t added_data_files = 0, added_records = 0, added_size = 0;
    int64_t removed_data_files = 0, removed_records = 0, removed_size = 0;
    int64_t added_delete_files = 0, added_pos_files = 0, added_eq_files = 0, added_pos = 0,
            added_eq = 0;
    int64_t removed_delete_files = 0, removed_pos_files = 0, removed_eq_files = 0, removed_pos = 0,
            removed_eq = 0;
    std::map<std::string, int> partitions;  // changed partitions
  } counts_;
};

/// Appends data files. Never conflicts. With merging (the default for
/// MergeAppend), small manifests are merged per the table's properties.
class AppendFiles : public SnapshotUpdate {
 public:
  /// `merge`: merge append (Java's newAppend); otherwise fast append.
  AppendFiles(TableOperations* ops, bool merge);
  void AppendFile(DataFile file);

 protected:
  std::string operation() const override { return "append"; }
  Result<std::vector<ManifestFile>> Apply(const TableMetadata& base,
                                          const Snapshot* parent) override;

 private:
  bool merge_;
  std::vector<DataFile> files_;
  std::vector<ManifestFile> new_manifests_;  // written once, reused by retries
};

/// Removes data files (by filter or one by one) and adds new ones:
/// overwrite, delete (no files added) and replace (compaction).
class OverwriteFiles : public SnapshotUpdate {
 public:
  enum class Kind : uint8_t { kOverwrite, kDelete, kReplace };
  OverwriteFiles(TableOperations* ops, Kind kind);

  /// Deletes every live data file whose rows all match `filter` (unbound,
  /// on the table's current schema); Invalid when a file has only some
  /// matching rows (that needs row-level deletes). Delete files left
  /// without data files are removed too.
  void DeleteByFilter(ExprPtr filter);
  /// Deletes one file (a data file, or for kReplace also a delete file).
  void DeleteFile(const DataFile& file);
  void AddFile(DataFile file);
  /// Serializable isolation: Conflict when a file added by a concurrent
  /// commit may hold rows matching `filter` (the rows this operation read).
  void ValidateNoConflictingData(ExprPtr filter);
  /// Conflict when a concurrent commit added delete files that apply to the
  /// files this operation deletes (compaction would resurrect rows).
  void ValidateNoConflictingDeletes();

 protected:
  std::string operation() const override;
  Result<std::vector<ManifestFile>> Apply(const TableMetadata& base,
                                          const Snapshot* parent) override;
  Status Validate(const TableMetadata& base, const Snapshot* parent) override;

 private:
  Kind kind_;
  ExprPtr delete_filter_;
  std::vector<std::string> delete_paths_;
  std::vector<DataFile> added_;
  ExprPtr conflict_filter_;
  bool validate_deletes_ = false;
  std::vector<ManifestFile> added_manifests_;  // written once
};

/// Adds delete files (and data files) without rewriting data: row-level
/// DELETE, UPDATE and MERGE in merge-on-read mode.
class RowDelta : public SnapshotUpdate {
 public:
  explicit RowDelta(TableOperations* ops);
  void AddRows(DataFile data_file);
  void AddDeletes(DataFile delete_file);
  /// Conflict when a data file this delta's deletes refer to was removed
  /// by a concurrent commit.
  void ValidateDataFilesExist(std::vector<std::string> paths);
  /// As OverwriteFiles::ValidateNoConflictingData.
  void ValidateNoConflictingData(ExprPtr filter);

 protected:
  std::string operation() const override;
  Result<std::vector<ManifestFile>> Apply(const TableMetadata& base,
                                          const Snapshot* parent) override;
  Status Validate(const TableMetadata& base, const Snapshot* parent) override;

 private:
  std::vector<DataFile> rows_;
  std::vector<DataFile> deletes_;
  std::vector<std::string> referenced_;
  ExprPtr conflict_filter_;
  std::vector<ManifestFile> added_manifests_;
};

}  // namespace floe::iceberg
