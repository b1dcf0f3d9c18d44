#pragma once

// Scan planning (spec "Scan Planning"): snapshot -> manifest list ->
// manifests kept by their partition summaries -> files kept by partition
// tuple and column metrics -> data files with the delete files that apply
// to them and the filter left for the engine to evaluate on rows.

#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/result.h"
#include "iceberg/expression.h"
#include "iceberg/manifest.h"
#include "iceberg/table_metadata.h"
#include "io/file_io.h"

namespace floe::iceberg {

/// Decoded manifests by path, kept under a byte budget (least recently
/// used out first). Manifests never change once written, so an entry is
/// never stale. Thread-safe; one cache serves every scan of a process.
class ManifestCache {
 public:
  explicit ManifestCache(int64_t capacity_bytes) : capacity_(capacity_bytes) {}
  using Entries = std::shared_ptr<const std::vector<ManifestEntry>>;
  Entries Get(const std::string& key);
  void Put(const std::string& key, Entries entries);
  int64_t bytes() const;
  int64_t hits() const;

 private:
  struct Slot {
    Entries entries;
    int64_t bytes;
    std::list<std::string>::iterator lru;
  };
  mutable std::mutex mu_;
  int64_t capacity_;
  int64_t bytes_ = 0;
  int64_t hits_ = 0;
  std::list<std::string> lru_;  // most recent first
  std::unordered_map<std::string, Slot> slots_;
};

/// What to scan.
struct ScanOptions {
  /// The snapshot: by id, else as of a time (the snapshot current then),
  /// else by branch or tag name, else the table's current one.
  std::optional<int64_t> snapshot_id;
  std::optional<int64_t> as_of_timestamp_ms;
  std::string ref;
  /// An unbound filter on the snapshot's schema.
  ExprPtr filter = Expression::True();
  bool case_sensitive = true;
  /// Threads reading manifests (0: one per core).
  int threads = 0;
  ManifestCache* cache = nullptr;
};

/// One data file to read, with the delete files that apply to it.
struct FileScanTask {
  std::shared_ptr<const DataFile> file;
  int64_t data_sequence_number = 0;
  /// What of the scan's filter the file's rows must still be checked
  /// against (its partition settles the rest); true: every row matches.
  ExprPtr residual;
  std::vector<std::shared_ptr<const DataFile>> deletes;
};

/// What planning did, for EXPLAIN ANALYZE and the benchmark.
struct ScanMetrics {
  int64_t manifests_total = 0;
  int64_t manifests_skipped = 0;  // by partition summaries
  int64_t manifests_read = 0;     // decoded (or taken from the cache)
  int64_t manifests_from_cache = 0;
  int64_t entries_decoded = 0;
  int64_t files_skipped_by_partition = 0;
  int64_t files_skipped_by_metrics = 0;
  int64_t data_files = 0;  // kept
  int64_t delete_files = 0;
  double planning_ms = 0;
};

/// A planned scan.
struct ScanPlan {
  std::optional<Snapshot> snapshot;  // none: the table is empty
  Schema schema;                     // the schema to read with
  ExprPtr filter;                    // bound to `schema`; rows must still be filtered by it
  std::vector<FileScanTask> tasks;
  ScanMetrics metrics;
};

/// The snapshot options select (nullopt for an empty table); NotFound
/// names the id, time or ref that selects none.
Result<std::optional<Snapshot>> SelectSnapshot(const TableMetadata& metadata,
                                               const ScanOptions& options);

/// The schema a scan of `snapshot` (as SelectSnapshot chose it; null for an
/// empty table) reads with: the snapshot's own for time travel to a
/// snapshot id, a time or a tag; the table's current one otherwise.
/// Null when the table has none.
const Schema* ScanSchema(const TableMetadata& metadata, const ScanOptions& options,
                         const Snapshot* snapshot);

/// Plans a scan. NotSupported names what floe cannot read yet (ORC or
/// Avro data files, deletion vectors, v3-only types) when a kept file
/// needs it; Corruption/IOError name the manifest that failed.
Result<ScanPlan> PlanScan(io::FileIO* io, const TableMetadata& metadata,
                          const ScanOptions& options);

}  // namespace floe::iceberg
