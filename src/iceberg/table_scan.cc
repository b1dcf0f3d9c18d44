#include "iceberg/table_scan.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <thread>

#include "common/int128.h"
#include "common/str_cat.h"
#include "iceberg/data_reader.h"

namespace floe::iceberg {

// ---------------------------------------------------------------------------
// ManifestCache

namespace {

int64_t EstimateBytes(const std::vector<ManifestEntry>& entries) {
  int64_t n = static_cast<int64_t>(sizeof(entries) + entries.capacity() * sizeof(ManifestEntry));
  for (const ManifestEntry& e : entries) {
    const DataFile& f = e.data_file;
    n += static_cast<int64_t>(f.file_path.capacity() + f.partition.capacity() * sizeof(Literal));
    n += static_cast<int64_t>((f.column_sizes.capacity() + f.value_counts.capacity() +
                               f.null_value_counts.capacity() + f.nan_value_counts.capacity()) *
                              sizeof(std::pair<int32_t, int64_t>));
    for (const auto& b : f.lower_bounds) n += static_cast<int64_t>(sizeof(b) + b.second.capacity());
    for (const auto& b : f.upper_bounds) n += static_cast<int64_t>(sizeof(b) + b.second.capacity());
    n += static_cast<int64_t>(f.split_offsets.capacity() * 8);
  }
  return n;
}

}  // namespace

ManifestCache::Entries ManifestCache::Get(const std::string& key) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = slots_.find(key);
  if (it == slots_.end()) return nullptr;
  lru_.splice(lru_.begin(), lru_, it->second.lru);
  ++hits_;
  return it->second.entries;
}

void ManifestCache::Put(const std::string& key, Entries entries) {
  int64_t bytes = EstimateBytes(*entries);
  std::lock_guard<std::mutex> lock(mu_);
  if (bytes > capacity_ || slots_.count(key) != 0) return;
  while (bytes_ + bytes > capacity_ && !lru_.empty()) {
    auto victim = slots_.find(lru_.back());
    bytes_ -= victim->second.bytes;
    slots_.erase(victim);
    lru_.pop_back();
  }
  lru_.push_front(key);
  slots_.emplace(key, Slot{std::move(entries), bytes, lru_.begin()});
  bytes_ += bytes;
}

int64_t ManifestCache::bytes() const {
  std::lock_guard<std::mutex> lock(mu_);
  return bytes_;
}

int64_t ManifestCache::hits() const {
  std::lock_guard<std::mutex> lock(mu_);
  return hits_;
}

// ---------------------------------------------------------------------------
// Snapshot selection

Result<std::optional<Snapshot>> SelectSnapshot(const TableMetadata& md,
                                               const ScanOptions& options) {
  if (options.snapshot_id) {
    const Snapshot* s = md.SnapshotById(*options.snapshot_id);
    if (s == nullptr)
      return Status::NotFound("snapshot ", *options.snapshot_id, " is not in the table");
    return std::optional<Snapshot>(*s);
  }
  if (options.as_of_timestamp_ms) {
    // The snapshot that was current at that time: the last snapshot-log
    // entry at or before it (spec "Snapshots": the log is the history of
    // the current snapshot).
    std::optional<int64_t> id;
    for (const SnapshotLogEntry& e : md.snapshot_log) {
      if (e.timestamp_ms <= *options.as_of_timestamp_ms) id = e.snapshot_id;
    }
    if (!id) {
      // Tables without a snapshot log: the newest snapshot committed by then.
      const Snapshot* best = nullptr;
      for (const Snapshot& s : md.snapshots) {
        if (s.timestamp_ms <= *options.as_of_timestamp_ms &&
            (best == nullptr || s.timestamp_ms >= best->timestamp_ms)) {
          best = &s;
        }
      }
      if (best != nullptr && md.snapshot_log.empty()) return std::optional<Snapshot>(*best);
      return Status::NotFound("no snapshot of the table is at or before ",
                              *options.as_of_timestamp_ms, " ms");
    }
    const Snapshot* s = md.SnapshotById(*id);
    if (s == nullptr)
      return Status::NotFound("snapshot ", *id, " of the snapshot log has been expired");
    return std::optional<Snapshot>(*s);
  }
  if (!options.ref.empty()) {
    auto it = md.refs.find(options.ref);
    if (it == md.refs.end())
      return Status::NotFound("the table has no branch or tag '", options.ref, "'");
    const Snapshot* s = md.SnapshotById(it->second.snapshot_id);
    if (s == nullptr)
      return Status::Corruption("ref '", options.ref, "' names missing snapshot ",
                                it->second.snapshot_id);
    return std::optional<Snapshot>(*s);
  }
  if (!md.current_snapshot_id) return std::optional<Snapshot>();
  const Snapshot* s = md.current_snapshot();
  if (s == nullptr)
    return Status::Corruption("current-snapshot-id ", *md.current_snapshot_id,
                              " is not among the snapshots");
  return std::optional<Snapshot>(*s);
}

const Schema* ScanSchema(const TableMetadata& md, const ScanOptions& options,
                         const Snapshot* snapshot) {
  // Time travel to a snapshot or tag reads with the schema of its time;
  // the current snapshot and branches read with the table's (Java's
  // SnapshotUtil.schemaFor; Trino's FOR VERSION AS OF).
  const Schema* schema = nullptr;
  bool time_travel = options.snapshot_id || options.as_of_timestamp_ms;
  if (!options.ref.empty()) {
    auto it = md.refs.find(options.ref);
    time_travel = it != md.refs.end() && !it->second.is_branch;
  }
  if (time_travel && snapshot != nullptr && snapshot->schema_id)
    schema = md.SchemaById(*snapshot->schema_id);
  if (schema == nullptr) schema = md.current_schema();
  return schema;
}

// ---------------------------------------------------------------------------
// Planning

namespace {

// What one partition spec needs during planning.
struct SpecContext {
  const PartitionSpec* spec = nullptr;
  TypePtr partition_type;
  ExprPtr projected;
  std::shared_ptr<const ResidualEvaluator> residuals;
};

bool Unpartitioned(const PartitionSpec& spec) {
  for (const PartitionField& f : spec.fields) {
    if (f.transform.kind() != Transform::kVoid) return false;
  }
  return true;
}

}  // namespace

Result<ScanPlan> PlanScan(io::FileIO* io, const TableMetadata& md, const ScanOptions& options) {
  auto start = std::chrono::steady_clock::now();
  ScanPlan plan;
  FLOE_ASSIGN_OR_RETURN(plan.snapshot, SelectSnapshot(md, options));
  const Schema* schema = ScanSchema(md, options, plan.snapshot ? &*plan.snapshot : nullptr);
  if (schema == nullptr) return Status::Corruption("the table has no current schema");
  plan.schema = *schema;
  std::string v3_type;
  if (UsesV3OnlyType(*schema->as_struct(), &v3_type)) {
    return Status::NotSupported("reading ", v3_type, " columns (format v3) is not supported yet");
  }
  FLOE_ASSIGN_OR_RETURN(plan.filter, Bind(options.filter, *schema, options.case_sensitive));
  if (!plan.snapshot) return plan;
  const Snapshot& snap = *plan.snapshot;

  FLOE_ASSIGN_OR_RETURN(std::vector<ManifestFile> manifests, SnapshotManifests(io, md, snap));
  plan.metrics.manifests_total = static_cast<int64_t>(manifests.size());

  std::map<int32_t, SpecContext> specs;
  for (const ManifestFile& m : manifests) {
    if (specs.count(m.partition_spec_id) != 0) continue;
    SpecContext ctx;
    ctx.spec = md.SpecById(m.partition_spec_id);
    if (ctx.spec == nullptr) {
      return Status::Corruption(m.manifest_path, ": partition spec ", m.partition_spec_id,
                                " is not in the table metadata");
    }
    FLOE_ASSIGN_OR_RETURN(ctx.partition_type, PartitionTypeOf(md, m.partition_spec_id));
    FLOE_ASSIGN_OR_RETURN(ctx.projected, ProjectInclusive(plan.filter, *ctx.spec, *schema));
    ctx.residuals = std::make_shared<const ResidualEvaluator>(plan.filter, *ctx.spec, *schema);
    specs.emplace(m.partition_spec_id, std::move(ctx));
  }

  // Manifests the partition summaries cannot rule out.
  std::vector<const ManifestFile*> to_read;
  for (const ManifestFile& m : manifests) {
    const SpecContext& ctx = specs[m.partition_spec_id];
    if (!m.has_added_or_existing() || !ManifestMightMatch(ctx.projected, m, *ctx.partition_type)) {
      ++plan.metrics.manifests_skipped;
      continue;
    }
    to_read.push_back(&m);
  }

  // Decode them in parallel.
  std::vector<ManifestCache::Entries> decoded(to_read.size());
  std::vector<Status> errors(to_read.size());
  std::atomic<size_t> next{0};
  std::atomic<int64_t> from_cache{0};
  auto work = [&] {
    for (size_t i = next++; i < to_read.size(); i = next++) {
      const ManifestFile& m = *to_read[i];
      if (options.cache != nullptr) {
        if (auto hit = options.cache->Get(m.manifest_path)) {
          decoded[i] = std::move(hit);
          ++from_cache;
          continue;
        }
      }
      ManifestReadOptions read_options;
      read_options.live_only = true;
      auto entries = ReadManifest(io, m, specs[m.partition_spec_id].partition_type, read_options);
      if (!entries.ok()) {
        errors[i] = entries.status();
        continue;
      }
      decoded[i] = std::make_shared<const std::vector<ManifestEntry>>(std::move(*entries));
      if (options.cache != nullptr) options.cache->Put(m.manifest_path, decoded[i]);
    }
  };
  int threads = options.threads > 0
                    ? options.threads
                    : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  threads = std::min<int>(threads, static_cast<int>(to_read.size()));
  if (threads <= 1) {
    work();
  } else {
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) pool.emplace_back(work);
    for (auto& t : pool) t.join();
  }
  for (const Status& st : errors) FLOE_RETURN_NOT_OK(st);
  plan.metrics.manifests_read = static_cast<int64_t>(to_read.size());
  plan.metrics.manifests_from_cache = from_cache.load();

  // Files, pruned by partition tuple and then by column metrics.
  MetricsEvaluator metrics(plan.filter, *schema);
  struct DeleteRef {
    std::shared_ptr<const DataFile> file;
    int64_t sequence_number;
  };
  std::unordered_map<std::string, std::vector<DeleteRef>> deletes_by_partition;
  std::vector<DeleteRef> global_deletes;
  for (size_t i = 0; i < to_read.size(); ++i) {
    const ManifestFile& m = *to_read[i];
    const SpecContext& ctx = specs[m.partition_spec_id];
    plan.metrics.entries_decoded += static_cast<int64_t>(decoded[i]->size());
    for (const ManifestEntry& e : *decoded[i]) {
      const DataFile& f = e.data_file;
      if (!EvalPartition(ctx.projected, f.partition)) {
        ++plan.metrics.files_skipped_by_partition;
        continue;
      }
      if (f.content == FileContent::kData) {
        if (!metrics.MightMatch(f)) {
          ++plan.metrics.files_skipped_by_metrics;
          continue;
        }
        if (!IsParquet(f)) {
          return Status::NotSupported(f.file_path, ": ", f.file_format,
                                      " data files are not supported yet (Parquet only)");
        }
        FileScanTask task;
        task.file = std::shared_ptr<const DataFile>(decoded[i], &f);  // shares the decoded manifest
        task.data_sequence_number = e.sequence_number.value_or(0);
        task.residual = ctx.residuals->Residual(f.partition);
        plan.tasks.push_back(std::move(task));
        continue;
      }
      if (f.content_offset || f.file_format == "PUFFIN" || f.file_format == "puffin") {
        return Status::NotSupported(f.file_path,
                                    ": deletion vectors (format v3) are not supported yet");
      }
      if (!IsParquet(f)) {
        return Status::NotSupported(f.file_path, ": ", f.file_format,
                                    " delete files are not supported yet (Parquet only)");
      }
      DeleteRef ref{std::shared_ptr<const DataFile>(decoded[i], &f), e.sequence_number.value_or(0)};
      if (Unpartitioned(*ctx.spec)) {
        global_deletes.push_back(std::move(ref));
      } else {
        deletes_by_partition[PartitionTupleKey(f)].push_back(std::move(ref));
      }
    }
  }

  // Delete files to data files (spec "Scan Planning"): a position delete
  // applies to data files of its partition with a data sequence number at
  // or below its own (and only to the file it references, when it says);
  // an equality delete to those strictly below.
  std::vector<std::shared_ptr<const DataFile>> used;
  auto applies = [](const DeleteRef& d, const FileScanTask& t) {
    if (d.file->content == FileContent::kPositionDeletes) {
      if (t.data_sequence_number > d.sequence_number) return false;
      if (d.file->referenced_data_file &&
          !SameDataFilePath(*d.file->referenced_data_file, t.file->file_path))
        return false;
      // Writers that put one data file's deletes in a file record its path
      // as both bounds of the file_path column.
      const std::string* lo = DataFile::FindBound(d.file->lower_bounds, kDeleteFilePathFieldId);
      const std::string* hi = DataFile::FindBound(d.file->upper_bounds, kDeleteFilePathFieldId);
      if (lo != nullptr && hi != nullptr && *lo == *hi && !SameDataFilePath(*lo, t.file->file_path))
        return false;
      return true;
    }
    return t.data_sequence_number < d.sequence_number;
  };
  for (FileScanTask& t : plan.tasks) {
    if (global_deletes.empty() && deletes_by_partition.empty()) break;
    for (const DeleteRef& d : global_deletes) {
      if (applies(d, t)) t.deletes.push_back(d.file);
    }
    auto it = deletes_by_partition.empty() ? deletes_by_partition.end()
                                           : deletes_by_partition.find(PartitionTupleKey(*t.file));
    if (it != deletes_by_partition.end()) {
      for (const DeleteRef& d : it->second) {
        if (applies(d, t)) t.deletes.push_back(d.file);
      }
    }
    for (const auto& d : t.deletes) used.push_back(d);
  }
  plan.metrics.data_files = static_cast<int64_t>(plan.tasks.size());
  std::sort(used.begin(), used.end());
  plan.metrics.delete_files =
      static_cast<int64_t>(std::unique(used.begin(), used.end()) - used.begin());
  plan.metrics.planning_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return plan;
}

}  // namespace floe::iceberg
