#include "iceberg/snapshot_update.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <random>
#include <set>
#include <thread>

#include "common/date_time.h"
#include "common/str_cat.h"
#include "iceberg/table_properties.h"

namespace floe::iceberg {

namespace {

// A random positive snapshot id (Java derives one from a random UUID).
int64_t NewSnapshotId() {
  static thread_local std::mt19937_64 rng(
      std::random_device{}() ^
      static_cast<uint64_t>(std::hash<std::thread::id>{}(std::this_thread::get_id())));
  int64_t id = 0;
  while (id <= 0) id = static_cast<int64_t>(rng() >> 1);
  return id;
}

const Snapshot* BranchSnapshot(const TableMetadata& md, const std::string& branch) {
  auto it = md.refs.find(branch);
  if (it == md.refs.end()) return nullptr;
  return md.SnapshotById(it->second.snapshot_id);
}

std::string MetadataDir(const TableMetadata& md) {
  std::string loc = md.location;
  while (!loc.empty() && loc.back() == '/') loc.pop_back();
  return loc + "/metadata/";
}

int64_t ParseSummary(const Snapshot* s, const char* key, bool* known) {
  if (s == nullptr) return 0;
  std::string v = s->SummaryValue(key);
  if (v.empty()) {
    *known = false;
    return 0;
  }
  return std::strtoll(v.c_str(), nullptr, 10);
}

// `items` grouped by key(item), groups and items in first-seen order.
template <typename T, typename Key>
auto GroupInOrder(std::vector<T> items, Key key) {
  std::vector<std::pair<decltype(key(items[0])), std::vector<T>>> groups;
  for (T& item : items) {
    auto k = key(item);
    auto it =
        std::find_if(groups.begin(), groups.end(), [&](const auto& g) { return g.first == k; });
    if (it == groups.end()) {
      groups.push_back({k, {}});
      it = groups.end() - 1;
    }
    it->second.push_back(std::move(item));
  }
  return groups;
}

}  // namespace

// ---------------------------------------------------------------------------
// SnapshotUpdate

SnapshotUpdate::SnapshotUpdate(TableOperations* ops) : ops_(ops) {
  snapshot_id_ = NewSnapshotId();
  commit_uuid_ = NewUuid();
  const TableMetadata& md = ops->current();
  format_version_ = md.format_version;
  if (const Snapshot* s = BranchSnapshot(md, branch_)) validate_from_ = s->snapshot_id;
}

SnapshotUpdate::~SnapshotUpdate() = default;

std::string SnapshotUpdate::NewManifestPath() {
  return StrCat(MetadataDir(ops_->current()), commit_uuid_, "-m", manifest_count_++, ".avro");
}

Result<ManifestFile> SnapshotUpdate::WriteManifest(const TableMetadata& base, int32_t spec_id,
                                                   ManifestContent content,
                                                   const std::vector<DataFile>& added,
                                                   const std::vector<ManifestEntry>& existing,
                                                   const std::vector<ManifestEntry>& deleted) {
  const PartitionSpec* spec = base.SpecById(spec_id);
  if (spec == nullptr) return Status::Invalid("partition spec ", spec_id, " is not in the table");
  const Schema* schema = base.current_schema();
  if (schema == nullptr) return Status::Corruption("the table has no current schema");
  // A spec whose source column was dropped still types by an older schema.
  Schema typed = *schema;
  if (!spec->PartitionType(typed).ok()) {
    for (auto it = base.schemas.rbegin(); it != base.schemas.rend(); ++it) {
      if (spec->PartitionType(*it).ok()) {
        typed = *it;
        break;
      }
    }
  }
  ManifestWriter::Options options;
  options.format_version = format_version_;
  options.snapshot_id = snapshot_id_;
  options.content = content;
  options.schema = &typed;
  options.spec = spec;
  std::string path = NewManifestPath();
  FLOE_ASSIGN_OR_RETURN(auto writer, ManifestWriter::Make(io(), path, options));
  written_.push_back(path);
  for (const DataFile& f : added) FLOE_RETURN_NOT_OK(writer->WriteAdded(f));
  for (const ManifestEntry& e : existing) FLOE_RETURN_NOT_OK(writer->WriteExisting(e));
  for (const ManifestEntry& e : deleted) FLOE_RETURN_NOT_OK(writer->WriteDeleted(e));
  return writer->Close();
}

Status SnapshotUpdate::WriteAddedManifests(const TableMetadata& base,
                                           const std::vector<DataFile>& files,
                                           ManifestContent content,
                                           std::vector<ManifestFile>* out) {
  for (auto& [spec_id, group] : GroupInOrder(files, [](const DataFile& f) { return f.spec_id; })) {
    FLOE_ASSIGN_OR_RETURN(ManifestFile m, WriteManifest(base, spec_id, content, group, {}, {}));
    out->push_back(std::move(m));
  }
  return Status::OK();
}

void SnapshotUpdate::DeleteWritten(const std::string& path) {
  (void)io()->Delete(path);  // best effort: an orphan is harmless
  written_.erase(std::remove(written_.begin(), written_.end(), path), written_.end());
}

Result<std::vector<ManifestFile>> SnapshotUpdate::ParentManifests(const Snapshot* parent) {
  if (parent == nullptr) return std::vector<ManifestFile>();
  return SnapshotManifests(io(), ops_->current(), *parent);
}

Result<std::vector<ManifestEntry>> SnapshotUpdate::ReadEntries(const TableMetadata& base,
                                                               const ManifestFile& m,
                                                               bool live_only) {
  FLOE_ASSIGN_OR_RETURN(TypePtr ptype, PartitionTypeOf(base, m.partition_spec_id));
  ManifestReadOptions options;
  options.live_only = live_only;
  return ReadManifest(io(), m, ptype, options);
}

Result<std::vector<ManifestFile>> SnapshotUpdate::ManifestsAddedSinceValidation(
    const TableMetadata& base, const Snapshot* parent) {
  std::vector<ManifestFile> out;
  for (const Snapshot* s = parent; s != nullptr;) {
    if (validate_from_ && s->snapshot_id == *validate_from_) return out;
    FLOE_ASSIGN_OR_RETURN(auto manifests, SnapshotManifests(io(), base, *s));
    for (ManifestFile& m : manifests) {
      if (m.added_snapshot_id == s->snapshot_id) out.push_back(std::move(m));
    }
    if (!s->parent_snapshot_id) break;
    const Snapshot* next = base.SnapshotById(*s->parent_snapshot_id);
    if (next == nullptr && validate_from_) {
      return Status::Conflict(
          "cannot validate against concurrent commits: the history back to snapshot ",
          *validate_from_, " has been expired");
    }
    s = next;
  }
  if (validate_from_) {
    return Status::Conflict("cannot validate against concurrent commits: snapshot ",
                            *validate_from_, " is not an ancestor of the branch any more");
  }
  return out;
}

void SnapshotUpdate::CountAdded(const DataFile& f) {
  Counts& c = counts_;
  ++c.partitions[PartitionTupleKey(f)];
  switch (f.content) {
    case FileContent::kData:
      ++c.added_data_files;
      c.added_records += f.record_count;
      break;
    case FileContent::kPositionDeletes:
      ++c.added_delete_files;
      ++c.added_pos_files;
      c.added_pos += f.record_count;
      break;
    case FileContent::kEqualityDeletes:
      ++c.added_delete_files;
      ++c.added_eq_files;
      c.added_eq += f.record_count;
      break;
  }
  c.added_size += f.file_size_in_bytes;
}

void SnapshotUpdate::CountRemoved(const DataFile& f) {
  Counts& c = counts_;
  ++c.partitions[PartitionTupleKey(f)];
  switch (f.content) {
    case FileContent::kData:
      ++c.removed_data_files;
      c.removed_records += f.record_count;
      break;
    case FileContent::kPositionDeletes:
      ++c.removed_delete_files;
      ++c.removed_pos_files;
      c.removed_pos += f.record_count;
      break;
    case FileContent::kEqualityDeletes:
      ++c.removed_delete_files;
      ++c.removed_eq_files;
      c.removed_eq += f.record_count;
      break;
  }
  c.removed_size += f.file_size_in_bytes;
}

void SnapshotUpdate::ResetCounts() { counts_ = Counts(); }

std::map<std::string, std::string> SnapshotUpdate::Summary(const TableMetadata& base,
                                                           const Snapshot* parent) const {
  (void)base;
  const Counts& c = counts_;
  std::map<std::string, std::string> s;
  auto put = [&](const char* key, int64_t v) {
    if (v != 0) s[key] = StrCat(v);
  };
  // Java's SnapshotSummary keys; zero counts are left out, as there.
  put("added-data-files", c.added_data_files);
  put("deleted-data-files", c.removed_data_files);
  put("added-records", c.added_records);
  put("deleted-records", c.removed_records);
  put("added-files-size", c.added_size);
  put("removed-files-size", c.removed_size);
  put("added-delete-files", c.added_delete_files);
  put("added-position-delete-files", c.added_pos_files);
  put("added-equality-delete-files", c.added_eq_files);
  put("removed-delete-files", c.removed_delete_files);
  put("removed-position-delete-files", c.removed_pos_files);
  put("removed-equality-delete-files", c.removed_eq_files);
  put("added-position-deletes", c.added_pos);
  put("removed-position-deletes", c.removed_pos);
  put("added-equality-deletes", c.added_eq);
  put("removed-equality-deletes", c.removed_eq);
  s["changed-partition-count"] = StrCat(c.partitions.size());
  // Totals carry on from the parent's (left out when the parent has none).
  struct Total {
    const char* key;
    int64_t delta;
  };
  const Total totals[] = {
      {"total-records", c.added_records - c.removed_records},
      {"total-files-size", c.added_size - c.removed_size},
      {"total-data-files", c.added_data_files - c.removed_data_files},
      {"total-delete-files", c.added_delete_files - c.removed_delete_files},
      {"total-position-deletes", c.added_pos - c.removed_pos},
      {"total-equality-deletes", c.added_eq - c.removed_eq},
  };
  for (const Total& t : totals) {
    bool known = true;
    int64_t before = ParseSummary(parent, t.key, &known);
    if (known) s[t.key] = StrCat(before + t.delta);
  }
  for (const auto& [k, v] : extra_summary_) s[k] = v;
  return s;
}

Status SnapshotUpdate::Validate(const TableMetadata& base, const Snapshot* parent) {
  (void)base;
  (void)parent;
  return Status::OK();
}

Result<Snapshot> SnapshotUpdate::Attempt(const TableMetadata& base, int attempt,
                                         std::vector<std::string>* lists_written) {
  const Snapshot* parent = BranchSnapshot(base, branch_);
  ResetCounts();
  FLOE_ASSIGN_OR_RETURN(std::vector<ManifestFile> manifests, Apply(base, parent));
  last_manifests_.clear();
  for (const ManifestFile& m : manifests) last_manifests_.push_back(m.manifest_path);
  const int64_t sequence_number = format_version_ >= 2 ? base.last_sequence_number + 1 : 0;
  std::string list_path = StrCat(MetadataDir(base), "snap-", snapshot_id_, "-", attempt + 1, "-",
                                 commit_uuid_, ".avro");
  {
    std::optional<int64_t> parent_id;
    if (parent != nullptr) parent_id = parent->snapshot_id;
    FLOE_ASSIGN_OR_RETURN(auto list,
                          ManifestListWriter::Make(io(), list_path, format_version_, snapshot_id_,
                                                   parent_id, sequence_number));
    lists_written->push_back(list_path);
    for (const ManifestFile& m : manifests) FLOE_RETURN_NOT_OK(list->Add(m));
    FLOE_RETURN_NOT_OK(list->Close());
  }
  Snapshot snap;
  snap.snapshot_id = snapshot_id_;
  if (parent != nullptr) snap.parent_snapshot_id = parent->snapshot_id;
  snap.sequence_number = sequence_number;
  // Snapshot times never go backwards, whatever the clock does.
  int64_t ts = std::max(NowMillis(), base.last_updated_ms);
  if (parent != nullptr) ts = std::max(ts, parent->timestamp_ms);
  snap.timestamp_ms = ts;
  snap.manifest_list = list_path;
  snap.summary.emplace_back("operation", operation());
  for (auto& [k, v] : Summary(base, parent)) snap.summary.emplace_back(k, v);
  snap.schema_id = base.current_schema_id;

  std::vector<TableRequirement> requirements;
  if (!base.table_uuid.empty())
    requirements.push_back(TableRequirement::AssertTableUuid(base.table_uuid));
  requirements.push_back(TableRequirement::AssertRefSnapshotId(
      branch_, parent != nullptr ? std::optional<int64_t>(parent->snapshot_id) : std::nullopt));
  SnapshotRef ref;
  ref.snapshot_id = snapshot_id_;
  ref.is_branch = true;
  if (auto it = base.refs.find(branch_); it != base.refs.end()) {
    ref.min_snapshots_to_keep = it->second.min_snapshots_to_keep;
    ref.max_snapshot_age_ms = it->second.max_snapshot_age_ms;
    ref.max_ref_age_ms = it->second.max_ref_age_ms;
  }
  std::vector<TableUpdate> updates = {TableUpdate::AddSnapshot(snap),
                                      TableUpdate::SetSnapshotRef(branch_, ref)};
  FLOE_RETURN_NOT_OK(ops_->Commit(requirements, updates));
  return snap;
}

Result<Snapshot> SnapshotUpdate::Commit() {
  const RetryPolicy policy = RetryPolicy::Commit(ops_->current().properties);
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(policy.total_timeout_ms);
  std::vector<std::string> lists;
  auto cleanup = [&](const std::set<std::string>& keep) {
    for (const std::string& p : written_) {
      if (keep.count(p) == 0) (void)io()->Delete(p);
    }
    for (const std::string& p : lists) {
      if (keep.count(p) == 0) (void)io()->Delete(p);
    }
  };
  for (int attempt = 0;; ++attempt) {
    const TableMetadata& base = ops_->current();
    Status st = Validate(base, BranchSnapshot(base, branch_));
    if (!st.ok()) {
      // This operation conflicts with what landed: retrying cannot help.
      cleanup({});
      return st;
    }
    auto committed = Attempt(base, attempt, &lists);
    if (committed.ok()) {
      // Keep what the committed snapshot references; files of failed
      // attempts that it does not are deleted.
      std::set<std::string> keep(last_manifests_.begin(), last_manifests_.end());
      keep.insert(committed->manifest_list);
      cleanup(keep);
      return committed;
    }
    st = committed.status();
    // An unknown outcome: the snapshot may be in the table. Deleting its
    // files could corrupt it and retrying could apply it twice.
    if (st.IsCommitStateUnknown()) return st;
    const bool retryable = st.IsConflict() && attempt < policy.num_retries &&
                           std::chrono::steady_clock::now() < deadline;
    if (!retryable) {
      cleanup({});
      return st;
    }
    // The manifest list of this attempt is never used again.
    if (!lists.empty()) {
      (void)io()->Delete(lists.back());
      lists.pop_back();
    }
    if (int64_t wait = policy.WaitMs(attempt + 1); wait > 0)
      std::this_thread::sleep_for(std::chrono::milliseconds(wait));
    Status refreshed = ops_->Refresh();
    if (!refreshed.ok()) {
      cleanup({});
      return refreshed;
    }
  }
}

Result<std::vector<ManifestFile>> SnapshotUpdate::MergeManifests(
    const TableMetadata& base, std::vector<ManifestFile> manifests) {
  std::string enabled = base.Property("commit.manifest-merge.enabled", "true");
  if (enabled != "true") return manifests;
  const int64_t min_count = PropertyInt(base.properties, "commit.manifest.min-count-to-merge", 100);
  const int64_t target = PropertyInt(base.properties, "commit.manifest.target-size-bytes", 8 << 20);
  // Groups of one spec and content, in order (the newest manifests first).
  auto groups = GroupInOrder(std::move(manifests), [](const ManifestFile& m) {
    return std::make_pair(m.partition_spec_id, static_cast<int>(m.content));
  });
  std::vector<ManifestFile> out;
  for (auto& [key, group] : groups) {
    if (static_cast<int64_t>(group.size()) < min_count) {
      for (auto& m : group) out.push_back(std::move(m));
      continue;
    }
    // Bins of consecutive manifests up to the target size; a bin of one
    // stays as it is.
    size_t i = 0;
    while (i < group.size()) {
      size_t j = i;
      int64_t size = 0;
      while (j < group.size() && (j == i || size + group[j].manifest_length <= target))
        size += group[j++].manifest_length;
      if (j - i == 1) {
        out.push_back(std::move(group[i]));
        i = j;
        continue;
      }
      std::vector<DataFile> added;
      std::vector<ManifestEntry> existing, deleted;
      for (size_t k = i; k < j; ++k) {
        FLOE_ASSIGN_OR_RETURN(auto entries, ReadEntries(base, group[k], /*live_only=*/false));
        for (ManifestEntry& e : entries) {
          const bool mine = e.snapshot_id == snapshot_id_;
          if (e.status == EntryStatus::kDeleted) {
            if (mine) deleted.push_back(std::move(e));  // older deletes are history
          } else if (e.status == EntryStatus::kAdded && mine) {
            added.push_back(std::move(e.data_file));
          } else {
            existing.push_back(std::move(e));
          }
        }
      }
      FLOE_ASSIGN_OR_RETURN(ManifestFile merged,
                            WriteManifest(base, key.first, static_cast<ManifestContent>(key.second),
                                          added, existing, deleted));
      out.push_back(std::move(merged));
      i = j;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------
// AppendFiles

AppendFiles::AppendFiles(TableOperations* ops, bool merge) : SnapshotUpdate(ops), merge_(merge) {}

void AppendFiles::AppendFile(DataFile file) { files_.push_back(std::move(file)); }

Result<std::vector<ManifestFile>> AppendFiles::Apply(const TableMetadata& base,
                                                     const Snapshot* parent) {
  for (const DataFile& f : files_) {
    if (f.content != FileContent::kData)
      return Status::Invalid(f.file_path, ": an append takes data files only");
    CountAdded(f);
  }
  if (new_manifests_.empty()) {
    FLOE_RETURN_NOT_OK(WriteAddedManifests(base, files_, ManifestContent::kData, &new_manifests_));
  }
  std::vector<ManifestFile> out = new_manifests_;
  FLOE_ASSIGN_OR_RETURN(auto inherited, ParentManifests(parent));
  for (ManifestFile& m : inherited) out.push_back(std::move(m));
  if (merge_) return MergeManifests(base, std::move(out));
  return out;
}

// ---------------------------------------------------------------------------
// OverwriteFiles

OverwriteFiles::OverwriteFiles(TableOperations* ops, Kind kind)
    : SnapshotUpdate(ops), kind_(kind) {}

void OverwriteFiles::DeleteByFilter(ExprPtr filter) {
  delete_filter_ =
      delete_filter_ ? Expression::Or(delete_filter_, std::move(filter)) : std::move(filter);
}
void OverwriteFiles::DeleteFile(const DataFile& file) { delete_paths_.push_back(file.file_path); }
void OverwriteFiles::AddFile(DataFile file) { added_.push_back(std::move(file)); }
void OverwriteFiles::ValidateNoConflictingData(ExprPtr filter) {
  conflict_filter_ = std::move(filter);
}
void OverwriteFiles::ValidateNoConflictingDeletes() { validate_deletes_ = true; }

std::string OverwriteFiles::operation() const {
  switch (kind_) {
    case Kind::kOverwrite:
      return added_.empty() ? "delete" : "overwrite";
    case Kind::kDelete:
      return "delete";
    case Kind::kReplace:
      return "replace";
  }
  return "overwrite";
}

namespace {

// A bound filter with its projections per spec, for deciding file by file.
struct FilterContext {
  ExprPtr bound;
  struct SpecFilter {
    ExprPtr inclusive, strict;
    TypePtr partition_type;  // null when the spec no longer types (a dropped source column)
  };
  std::map<int32_t, SpecFilter> projections;  // by spec id
  std::unique_ptr<MetricsEvaluator> metrics;

  static Result<FilterContext> Make(const TableMetadata& base, const ExprPtr& filter) {
    FilterContext c;
    const Schema* schema = base.current_schema();
    if (schema == nullptr) return Status::Corruption("the table has no current schema");
    FLOE_ASSIGN_OR_RETURN(c.bound, Bind(filter, *schema));
    for (const PartitionSpec& spec : base.specs) {
      FLOE_ASSIGN_OR_RETURN(ExprPtr inclusive, ProjectInclusive(c.bound, spec, *schema));
      FLOE_ASSIGN_OR_RETURN(ExprPtr strict, ProjectStrict(c.bound, spec, *schema));
      auto ptype = PartitionTypeOf(base, spec.spec_id);
      c.projections[spec.spec_id] = {inclusive, strict, ptype.ok() ? *ptype : nullptr};
    }
    c.metrics = std::make_unique<MetricsEvaluator>(c.bound, *schema);
    return c;
  }
  bool ManifestMight(const ManifestFile& m) const {
    auto it = projections.find(m.partition_spec_id);
    if (it == projections.end() || it->second.partition_type == nullptr) return true;
    return ManifestMightMatch(it->second.inclusive, m, *it->second.partition_type);
  }
  bool Might(const DataFile& f) const {
    auto it = projections.find(f.spec_id);
    if (it != projections.end() && !EvalPartition(it->second.inclusive, f.partition)) return false;
    return f.content != FileContent::kData || metrics->MightMatch(f);
  }
  bool Must(const DataFile& f) const {
    auto it = projections.find(f.spec_id);
    if (it != projections.end() && EvalPartition(it->second.strict, f.partition)) return true;
    return f.content == FileContent::kData && metrics->MustMatch(f);
  }
};

}  // namespace

Result<std::vector<ManifestFile>> OverwriteFiles::Apply(const TableMetadata& base,
                                                        const Snapshot* parent) {
  for (const DataFile& f : added_) {
    if (f.content != FileContent::kData)
      return Status::Invalid(f.file_path, ": only data files can be added here");
    CountAdded(f);
  }
  if (added_manifests_.empty()) {
    FLOE_RETURN_NOT_OK(
        WriteAddedManifests(base, added_, ManifestContent::kData, &added_manifests_));
  }
  std::optional<FilterContext> filter;
  if (delete_filter_) {
    FLOE_ASSIGN_OR_RETURN(FilterContext c, FilterContext::Make(base, delete_filter_));
    filter = std::move(c);
  }
  std::set<std::string> to_delete(delete_paths_.begin(), delete_paths_.end());
  std::set<std::string> found;
  std::vector<ManifestFile> out = added_manifests_;
  FLOE_ASSIGN_OR_RETURN(auto inherited, ParentManifests(parent));
  for (ManifestFile& m : inherited) {
    const bool deletes_manifest = m.content == ManifestContent::kDeletes;
    // Delete files are removed only by name (compaction of deletes).
    bool might = !to_delete.empty() && (!deletes_manifest || kind_ == Kind::kReplace);
    if (!deletes_manifest && filter && filter->ManifestMight(m)) might = true;
    if (!might || !m.has_added_or_existing()) {
      if (m.has_added_or_existing() || m.added_snapshot_id == snapshot_id())
        out.push_back(std::move(m));
      continue;
    }
    FLOE_ASSIGN_OR_RETURN(auto entries, ReadEntries(base, m));
    std::vector<ManifestEntry> kept, removed;
    for (ManifestEntry& e : entries) {
      const DataFile& f = e.data_file;
      bool remove = to_delete.count(f.file_path) != 0;
      if (remove) found.insert(f.file_path);
      if (!remove && filter && !deletes_manifest && filter->Might(f)) {
        if (!filter->Must(f)) {
          return Status::Invalid(
              "cannot delete ", f.file_path, " by the filter ", filter->bound->ToString(),
              ": some of its rows match and some may not (row-level deletes are needed)");
        }
        remove = true;
      }
      (remove ? removed : kept).push_back(std::move(e));
    }
    if (removed.empty()) {
      out.push_back(std::move(m));
      continue;
    }
    for (const ManifestEntry& e : removed) CountRemoved(e.data_file);
    FLOE_ASSIGN_OR_RETURN(ManifestFile rewritten,
                          WriteManifest(base, m.partition_spec_id, m.content, {}, kept, removed));
    out.push_back(std::move(rewritten));
  }
  for (const std::string& path : to_delete) {
    if (found.count(path) == 0) {
      return Status::Conflict("cannot delete ", path,
                              ": it is no longer in the table (a concurrent commit removed it)");
    }
  }
  return out;
}

Status OverwriteFiles::Validate(const TableMetadata& base, const Snapshot* parent) {
  if (!conflict_filter_ && !validate_deletes_) return Status::OK();
  FLOE_ASSIGN_OR_RETURN(auto manifests, ManifestsAddedSinceValidation(base, parent));
  std::optional<FilterContext> filter;
  if (conflict_filter_) {
    FLOE_ASSIGN_OR_RETURN(FilterContext c, FilterContext::Make(base, conflict_filter_));
    filter = std::move(c);
  }
  std::set<std::string> deleting(delete_paths_.begin(), delete_paths_.end());
  for (const ManifestFile& m : manifests) {
    const bool deletes = m.content == ManifestContent::kDeletes;
    if (!deletes && !filter) continue;
    if (filter && !filter->ManifestMight(m)) continue;
    FLOE_ASSIGN_OR_RETURN(auto entries, ReadEntries(base, m));
    for (const ManifestEntry& e : entries) {
      if (e.status != EntryStatus::kAdded) continue;
      if (filter && filter->Might(e.data_file)) {
        return Status::Conflict("a concurrent commit (snapshot ", m.added_snapshot_id, ") added ",
                                e.data_file.file_path, ", which may hold rows matching ",
                                filter->bound->ToString());
      }
      if (deletes && validate_deletes_ && !deleting.empty()) {
        return Status::Conflict("a concurrent commit (snapshot ", m.added_snapshot_id,
                                ") added delete file ", e.data_file.file_path,
                                " that may apply to the files being replaced");
      }
    }
  }
  return Status::OK();
}

// ---------------------------------------------------------------------------
// RowDelta

RowDelta::RowDelta(TableOperations* ops) : SnapshotUpdate(ops) {}
void RowDelta::AddRows(DataFile data_file) { rows_.push_back(std::move(data_file)); }
void RowDelta::AddDeletes(DataFile delete_file) { deletes_.push_back(std::move(delete_file)); }
void RowDelta::ValidateDataFilesExist(std::vector<std::string> paths) {
  referenced_ = std::move(paths);
}
void RowDelta::ValidateNoConflictingData(ExprPtr filter) { conflict_filter_ = std::move(filter); }

std::string RowDelta::operation() const { return deletes_.empty() ? "append" : "overwrite"; }

Result<std::vector<ManifestFile>> RowDelta::Apply(const TableMetadata& base,
                                                  const Snapshot* parent) {
  if (!deletes_.empty() && format_version() < 2) {
    return Status::Invalid("delete files need format version 2 (upgrade the table)");
  }
  for (const DataFile& f : rows_) {
    if (f.content != FileContent::kData)
      return Status::Invalid(f.file_path, ": AddRows takes data files");
    CountAdded(f);
  }
  for (const DataFile& f : deletes_) {
    if (f.content == FileContent::kData)
      return Status::Invalid(f.file_path, ": AddDeletes takes delete files");
    if (f.content == FileContent::kEqualityDeletes && f.equality_ids.empty()) {
      return Status::Invalid(f.file_path, ": an equality delete file needs equality_ids");
    }
    CountAdded(f);
  }
  if (added_manifests_.empty()) {
    FLOE_RETURN_NOT_OK(WriteAddedManifests(base, rows_, ManifestContent::kData, &added_manifests_));
    FLOE_RETURN_NOT_OK(
        WriteAddedManifests(base, deletes_, ManifestContent::kDeletes, &added_manifests_));
  }
  std::vector<ManifestFile> out = added_manifests_;
  FLOE_ASSIGN_OR_RETURN(auto inherited, ParentManifests(parent));
  for (ManifestFile& m : inherited) out.push_back(std::move(m));
  return out;
}

Status RowDelta::Validate(const TableMetadata& base, const Snapshot* parent) {
  if (referenced_.empty() && !conflict_filter_) return Status::OK();
  FLOE_ASSIGN_OR_RETURN(auto manifests, ManifestsAddedSinceValidation(base, parent));
  std::set<std::string> referenced(referenced_.begin(), referenced_.end());
  std::optional<FilterContext> filter;
  if (conflict_filter_) {
    FLOE_ASSIGN_OR_RETURN(FilterContext c, FilterContext::Make(base, conflict_filter_));
    filter = std::move(c);
  }
  for (const ManifestFile& m : manifests) {
    if (m.content != ManifestContent::kData) continue;
    FLOE_ASSIGN_OR_RETURN(auto entries, ReadEntries(base, m, /*live_only=*/false));
    for (const ManifestEntry& e : entries) {
      if (e.status == EntryStatus::kDeleted && referenced.count(e.data_file.file_path) != 0) {
        return Status::Conflict("a concurrent commit (snapshot ", m.added_snapshot_id, ") removed ",
                                e.data_file.file_path, ", which this commit's deletes refer to");
      }
      if (e.status == EntryStatus::kAdded && filter && filter->Might(e.data_file)) {
        return Status::Conflict("a concurrent commit (snapshot ", m.added_snapshot_id, ") added ",
                                e.data_file.file_path, ", which may hold rows matching ",
                                filter->bound->ToString());
      }
    }
  }
  return Status::OK();
}

}  // namespace floe::iceberg
