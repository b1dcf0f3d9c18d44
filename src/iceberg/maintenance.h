#pragma once

// Table maintenance (Iceberg's "Maintenance" procedures): expire
// snapshots, remove orphan files, rewrite manifests, roll back or set the
// current snapshot, create and drop branches and tags.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "iceberg/snapshot_update.h"
#include "iceberg/table_operations.h"
#include "io/file_io.h"

namespace floe::iceberg {

/// What expiring snapshots did.
struct ExpireResult {
  std::vector<int64_t> expired_snapshot_ids;
  int64_t deleted_data_files = 0;
  int64_t deleted_delete_files = 0;
  int64_t deleted_manifests = 0;
  int64_t deleted_manifest_lists = 0;
};

/// Expires snapshots older than `older_than_ms` (default: now minus
/// history.expire.max-snapshot-age-ms, 5 days), keeping at least
/// `retain_last` (default history.expire.min-snapshots-to-keep, 1) of each
/// branch's newest ancestors and every snapshot a branch or tag points at;
/// then deletes the manifest lists, manifests, data and delete files that
/// no remaining snapshot reaches.
Result<ExpireResult> ExpireSnapshots(TableOperations* ops,
                                     std::optional<int64_t> older_than_ms = std::nullopt,
                                     std::optional<int> retain_last = std::nullopt);

/// Every file a table's metadata reaches: `metadata_location` and the
/// logged metadata files, statistics files, manifest lists, manifests, data
/// and delete files of every snapshot, sorted. With `skip_unreadable`
/// (purging a table), a manifest list or manifest that cannot be read is
/// left out instead of failing.
Result<std::vector<std::string>> ReachableFiles(io::FileIO* io, const TableMetadata& metadata,
                                                const std::string& metadata_location,
                                                bool skip_unreadable = false);

/// Deletes files under the table's location that its metadata does not
/// reach and that were last modified before `older_than_ms` (files of
/// commits in flight are younger); returns the paths deleted. With
/// `dry_run`, deletes nothing.
Result<std::vector<std::string>> RemoveOrphanFiles(TableOperations* ops, int64_t older_than_ms,
                                                   bool dry_run = false);

/// Rewrites the current snapshot's data manifests clustered by partition
/// (sorted by spec and partition tuple, cut at
/// commit.manifest.target-size-bytes), so that a scan of one partition
/// opens few manifests. A snapshot with operation "replace".
class RewriteManifests : public SnapshotUpdate {
 public:
  explicit RewriteManifests(TableOperations* ops);
  /// Entries per manifest (default: from the target size and the current
  /// manifests' bytes per entry).
  void SetEntriesPerManifest(int64_t n) { entries_per_manifest_ = n; }

 protected:
  std::string operation() const override { return "replace"; }
  Result<std::vector<ManifestFile>> Apply(const TableMetadata& base,
                                          const Snapshot* parent) override;

 private:
  int64_t entries_per_manifest_ = 0;
};

/// Makes `snapshot_id` the current snapshot of `branch`. With
/// `require_ancestor` (rollback), it must be an ancestor of the branch's
/// current snapshot.
Status SetCurrentSnapshot(TableOperations* ops, int64_t snapshot_id, bool require_ancestor,
                          const std::string& branch = "main");

/// Creates a branch or tag at `snapshot_id` (default: the current
/// snapshot). AlreadyExists when the name is taken.
Status CreateRef(TableOperations* ops, const std::string& name, bool is_branch,
                 std::optional<int64_t> snapshot_id = std::nullopt);
/// Drops a branch or tag ("main" cannot be dropped).
Status DropRef(TableOperations* ops, const std::string& name);

}  // namespace floe::iceberg
