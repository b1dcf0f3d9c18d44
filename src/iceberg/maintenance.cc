#include "iceberg/maintenance.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <set>
#include <unordered_set>

#include "common/date_time.h"
#include "common/str_cat.h"
#include "iceberg/table_properties.h"

namespace floe::iceberg {

namespace {

// The ancestors of `id`, newest first (`id` itself included).
std::vector<const Snapshot*> Ancestors(const TableMetadata& md, int64_t id) {
  std::vector<const Snapshot*> out;
  std::set<int64_t> seen;
  for (const Snapshot* s = md.SnapshotById(id);
       s != nullptr && seen.insert(s->snapshot_id).second;) {
    out.push_back(s);
    s = s->parent_snapshot_id ? md.SnapshotById(*s->parent_snapshot_id) : nullptr;
  }
  return out;
}

// Manifests and files of a set of snapshots.
struct Reach {
  std::unordered_set<std::string> lists, manifests, live_files, all_files;
  std::unordered_set<std::string> delete_files;  // of all_files, those holding deletes
};

Status Collect(io::FileIO* io, const TableMetadata& md,
               const std::vector<const Snapshot*>& snapshots, bool all_entries, Reach* out,
               bool skip_unreadable = false) {
  for (const Snapshot* s : snapshots) {
    if (!s->manifest_list.empty()) out->lists.insert(s->manifest_list);
    auto manifests = SnapshotManifests(io, md, *s);
    if (!manifests.ok() && skip_unreadable) continue;
    FLOE_RETURN_NOT_OK(manifests.status());
    for (const ManifestFile& m : *manifests) {
      if (!out->manifests.insert(m.manifest_path).second) continue;
      auto ptype = PartitionTypeOf(md, m.partition_spec_id);
      if (!ptype.ok() && skip_unreadable) continue;
      FLOE_RETURN_NOT_OK(ptype.status());
      ManifestReadOptions options;
      options.live_only = !all_entries;
      options.skip_metrics = true;
      auto entries = ReadManifest(io, m, *ptype, options);
      if (!entries.ok() && skip_unreadable) continue;
      FLOE_RETURN_NOT_OK(entries.status());
      for (const ManifestEntry& e : *entries) {
        if (e.status != EntryStatus::kDeleted) out->live_files.insert(e.data_file.file_path);
        out->all_files.insert(e.data_file.file_path);
        if (e.data_file.content != FileContent::kData)
          out->delete_files.insert(e.data_file.file_path);
      }
    }
  }
  return Status::OK();
}

}  // namespace

Result<ExpireResult> ExpireSnapshots(TableOperations* ops, std::optional<int64_t> older_than_ms,
                                     std::optional<int> retain_last) {
  ExpireResult result;
  for (int attempt = 0;; ++attempt) {
    const TableMetadata& md = ops->current();
    const int64_t cutoff = older_than_ms.value_or(
        NowMillis() - PropertyInt(md.properties, "history.expire.max-snapshot-age-ms", 432000000));
    const int keep_last = retain_last.value_or(
        static_cast<int>(PropertyInt(md.properties, "history.expire.min-snapshots-to-keep", 1)));
    std::set<int64_t> keep;
    for (const auto& [name, ref] : md.refs) {
      keep.insert(ref.snapshot_id);
      if (!ref.is_branch) continue;
      int min_keep = std::max(keep_last, ref.min_snapshots_to_keep.value_or(0));
      int64_t branch_cutoff =
          ref.max_snapshot_age_ms ? NowMillis() - *ref.max_snapshot_age_ms : cutoff;
      int n = 0;
      for (const Snapshot* s : Ancestors(md, ref.snapshot_id)) {
        if (n++ < min_keep || s->timestamp_ms >= branch_cutoff) keep.insert(s->snapshot_id);
      }
    }
    std::vector<int64_t> expire;
    std::vector<const Snapshot*> expired, remaining;
    for (const Snapshot& s : md.snapshots) {
      if (keep.count(s.snapshot_id) == 0 && s.timestamp_ms < cutoff) {
        expire.push_back(s.snapshot_id);
        expired.push_back(&s);
      } else {
        remaining.push_back(&s);
      }
    }
    if (expire.empty()) return result;
    // What to delete is decided before the commit, from this metadata.
    Reach gone, kept;
    FLOE_RETURN_NOT_OK(Collect(ops->io(), md, expired, /*all_entries=*/true, &gone));
    FLOE_RETURN_NOT_OK(Collect(ops->io(), md, remaining, /*all_entries=*/false, &kept));
    std::vector<TableRequirement> requirements;
    if (!md.table_uuid.empty())
      requirements.push_back(TableRequirement::AssertTableUuid(md.table_uuid));
    for (const auto& [name, ref] : md.refs) {
      requirements.push_back(TableRequirement::AssertRefSnapshotId(name, ref.snapshot_id));
    }
    Status st = ops->Commit(requirements, {TableUpdate::RemoveSnapshots(expire)});
    if (st.IsConflict() && attempt < 3) {
      FLOE_RETURN_NOT_OK(ops->Refresh());
      continue;
    }
    FLOE_RETURN_NOT_OK(st);
    result.expired_snapshot_ids = expire;
    // Best effort: a file left behind is an orphan, never a broken table.
    for (const std::string& f : gone.all_files) {
      if (kept.live_files.count(f) != 0) continue;
      if (ops->io()->Delete(f).ok()) {
        (gone.delete_files.count(f) != 0 ? result.deleted_delete_files
                                         : result.deleted_data_files)++;
      }
    }
    for (const std::string& m : gone.manifests) {
      if (kept.manifests.count(m) == 0 && ops->io()->Delete(m).ok()) ++result.deleted_manifests;
    }
    for (const std::string& l : gone.lists) {
      if (kept.lists.count(l) == 0 && ops->io()->Delete(l).ok()) ++result.deleted_manifest_lists;
    }
    return result;
  }
}

Result<std::vector<std::string>> ReachableFiles(io::FileIO* io, const TableMetadata& md,
                                                const std::string& metadata_location,
                                                bool skip_unreadable) {
  std::vector<const Snapshot*> all;
  for (const Snapshot& s : md.snapshots) all.push_back(&s);
  Reach reach;
  FLOE_RETURN_NOT_OK(Collect(io, md, all, /*all_entries=*/false, &reach, skip_unreadable));
  std::vector<std::string> out;
  if (!metadata_location.empty()) out.push_back(metadata_location);
  for (const MetadataLogEntry& e : md.metadata_log) out.push_back(e.metadata_file);
  // Statistics are kept as written: [{"statistics-path": ...}, ...].
  for (const std::optional<json::Value>* stats : {&md.statistics, &md.partition_statistics}) {
    if (!*stats || !(*stats)->is_array()) continue;
    for (const json::Value& s : (*stats)->items()) {
      if (const json::Value* p = s.Find("statistics-path"); p != nullptr && p->is_string())
        out.push_back(p->AsString());
    }
  }
  out.insert(out.end(), reach.lists.begin(), reach.lists.end());
  out.insert(out.end(), reach.manifests.begin(), reach.manifests.end());
  out.insert(out.end(), reach.live_files.begin(), reach.live_files.end());
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

Result<std::vector<std::string>> RemoveOrphanFiles(TableOperations* ops, int64_t older_than_ms,
                                                   bool dry_run) {
  FLOE_ASSIGN_OR_RETURN(auto reachable,
                        ReachableFiles(ops->io(), ops->current(), ops->metadata_location()));
  std::unordered_set<std::string> keep(reachable.begin(), reachable.end());
  std::string location = ops->current().location;
  while (!location.empty() && location.back() == '/') location.pop_back();
  FLOE_ASSIGN_OR_RETURN(auto files, ops->io()->List(location + "/"));
  std::vector<std::string> removed;
  for (const io::FileInfo& f : files) {
    if (keep.count(f.path) != 0) continue;
    if (f.modified_ms != 0 && f.modified_ms >= older_than_ms) continue;  // maybe a commit in flight
    if (!dry_run) FLOE_RETURN_NOT_OK(ops->io()->Delete(f.path));
    removed.push_back(f.path);
  }
  return removed;
}

// ---------------------------------------------------------------------------
// RewriteManifests

RewriteManifests::RewriteManifests(TableOperations* ops) : SnapshotUpdate(ops) {}

Result<std::vector<ManifestFile>> RewriteManifests::Apply(const TableMetadata& base,
                                                          const Snapshot* parent) {
  FLOE_ASSIGN_OR_RETURN(auto manifests, ParentManifests(parent));
  std::vector<ManifestFile> out;
  std::vector<ManifestEntry> entries;
  int64_t bytes = 0, count = 0, replaced = 0;
  for (ManifestFile& m : manifests) {
    if (m.content != ManifestContent::kData) {
      out.push_back(std::move(m));
      continue;
    }
    FLOE_ASSIGN_OR_RETURN(auto live, ReadEntries(base, m));
    bytes += m.manifest_length;
    count += static_cast<int64_t>(live.size());
    ++replaced;
    for (ManifestEntry& e : live) entries.push_back(std::move(e));
  }
  // Cluster by spec, then partition tuple (nulls first).
  std::stable_sort(entries.begin(), entries.end(),
                   [](const ManifestEntry& a, const ManifestEntry& b) {
                     if (a.data_file.spec_id != b.data_file.spec_id)
                       return a.data_file.spec_id < b.data_file.spec_id;
                     const auto& pa = a.data_file.partition;
                     const auto& pb = b.data_file.partition;
                     for (size_t i = 0; i < pa.size() && i < pb.size(); ++i) {
                       if (pa[i].is_null != pb[i].is_null) return pa[i].is_null;
                       if (pa[i].is_null) continue;
                       int c = CompareLiterals(pa[i], pb[i]);
                       if (c != 0) return c < 0;
                     }
                     return false;
                   });
  int64_t per = entries_per_manifest_;
  if (per <= 0) {
    int64_t target = PropertyInt(base.properties, "commit.manifest.target-size-bytes", 8 << 20);
    per = count > 0 && bytes > 0 ? std::max<int64_t>(1, target * count / bytes) : 1;
  }
  int64_t created = 0;
  for (size_t i = 0; i < entries.size();) {
    size_t j = i;
    const int32_t spec = entries[i].data_file.spec_id;
    while (j < entries.size() && static_cast<int64_t>(j - i) < per &&
           entries[j].data_file.spec_id == spec)
      ++j;
    std::vector<ManifestEntry> chunk(
        std::make_move_iterator(entries.begin() + static_cast<std::ptrdiff_t>(i)),
        std::make_move_iterator(entries.begin() + static_cast<std::ptrdiff_t>(j)));
    FLOE_ASSIGN_OR_RETURN(ManifestFile m,
                          WriteManifest(base, spec, ManifestContent::kData, {}, chunk, {}));
    out.insert(out.begin() + created, std::move(m));
    ++created;
    i = j;
  }
  SetSummary("manifests-created", StrCat(created));
  SetSummary("manifests-replaced", StrCat(replaced));
  SetSummary("manifests-kept", StrCat(out.size() - static_cast<size_t>(created)));
  SetSummary("entries-processed", StrCat(count));
  return out;
}

// ---------------------------------------------------------------------------
// Refs

Status SetCurrentSnapshot(TableOperations* ops, int64_t snapshot_id, bool require_ancestor,
                          const std::string& branch) {
  const TableMetadata& md = ops->current();
  if (md.SnapshotById(snapshot_id) == nullptr)
    return Status::NotFound("snapshot ", snapshot_id, " is not in the table");
  auto it = md.refs.find(branch);
  std::optional<int64_t> head;
  if (it != md.refs.end()) head = it->second.snapshot_id;
  if (require_ancestor) {
    bool found = false;
    if (head) {
      for (const Snapshot* s : Ancestors(md, *head)) found |= s->snapshot_id == snapshot_id;
    }
    if (!found) {
      return Status::Invalid("cannot roll back ", branch, " to snapshot ", snapshot_id,
                             ": it is not an ancestor of the branch's current snapshot");
    }
  }
  SnapshotRef ref;
  ref.snapshot_id = snapshot_id;
  if (it != md.refs.end()) {
    ref = it->second;
    ref.snapshot_id = snapshot_id;
  }
  return ops->Commit({TableRequirement::AssertRefSnapshotId(branch, head)},
                     {TableUpdate::SetSnapshotRef(branch, ref)});
}

Status CreateRef(TableOperations* ops, const std::string& name, bool is_branch,
                 std::optional<int64_t> snapshot_id) {
  const TableMetadata& md = ops->current();
  if (md.refs.count(name) != 0)
    return Status::AlreadyExists("the table already has a branch or tag named '", name, "'");
  if (!snapshot_id) snapshot_id = md.current_snapshot_id;
  if (!snapshot_id)
    return Status::Invalid("cannot create '", name, "' on a table without snapshots");
  if (md.SnapshotById(*snapshot_id) == nullptr)
    return Status::NotFound("snapshot ", *snapshot_id, " is not in the table");
  SnapshotRef ref;
  ref.snapshot_id = *snapshot_id;
  ref.is_branch = is_branch;
  return ops->Commit({TableRequirement::AssertRefSnapshotId(name, std::nullopt)},
                     {TableUpdate::SetSnapshotRef(name, ref)});
}

Status DropRef(TableOperations* ops, const std::string& name) {
  if (name == "main") return Status::Invalid("the main branch cannot be dropped");
  const TableMetadata& md = ops->current();
  auto it = md.refs.find(name);
  if (it == md.refs.end())
    return Status::NotFound("the table has no branch or tag named '", name, "'");
  return ops->Commit({TableRequirement::AssertRefSnapshotId(name, it->second.snapshot_id)},
                     {TableUpdate::RemoveSnapshotRef(name)});
}

}  // namespace floe::iceberg
