#pragma once

// Manifests and manifest lists (spec "Manifests", "Manifest Lists"): Avro
// files with the spec's schemas and field ids, format versions 1 and 2 (v3
// fields read). Reading resolves any writer's schema to floe's by field id
// and applies the spec's inheritance of snapshot ids and sequence numbers;
// writing produces what Iceberg Java writes, with the spec's field names.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.h"
#include "formats/codec/compression.h"
#include "iceberg/schema.h"
#include "iceberg/table_metadata.h"
#include "iceberg/transform.h"
#include "io/file_io.h"

namespace floe::iceberg {

enum class FileContent : int32_t { kData = 0, kPositionDeletes = 1, kEqualityDeletes = 2 };
enum class ManifestContent : int32_t { kData = 0, kDeletes = 1 };
enum class EntryStatus : int32_t { kExisting = 0, kAdded = 1, kDeleted = 2 };

/// "data", "position deletes", "equality deletes".
const char* FileContentName(FileContent c);

/// A data or delete file as a manifest records it (spec "data_file").
/// Metrics maps are sorted by field id; a missing map or key means unknown.
struct DataFile {
  FileContent content = FileContent::kData;
  std::string file_path;
  std::string file_format = "PARQUET";  // as written: PARQUET, AVRO, ORC, PUFFIN
  int32_t spec_id = 0;                  // the manifest's spec (not stored per file)
  std::vector<Literal> partition;       // one per field of the spec, in order
  int64_t record_count = 0;
  int64_t file_size_in_bytes = 0;
  std::vector<std::pair<int32_t, int64_t>> column_sizes;
  std::vector<std::pair<int32_t, int64_t>> value_counts;
  std::vector<std::pair<int32_t, int64_t>> null_value_counts;
  std::vector<std::pair<int32_t, int64_t>> nan_value_counts;
  std::vector<std::pair<int32_t, std::string>> lower_bounds;  // single-value serialization
  std::vector<std::pair<int32_t, std::string>> upper_bounds;
  std::optional<std::string> key_metadata;
  std::vector<int64_t> split_offsets;
  std::vector<int32_t> equality_ids;
  std::optional<int32_t> sort_order_id;
  // Format v3 (read only).
  std::optional<int64_t> first_row_id;
  std::optional<std::string> referenced_data_file;
  std::optional<int64_t> content_offset;
  std::optional<int64_t> content_size_in_bytes;

  /// The metric of `field_id` in one of the maps above, or nullptr.
  static const int64_t* FindCount(const std::vector<std::pair<int32_t, int64_t>>& m,
                                  int32_t field_id);
  static const std::string* FindBound(const std::vector<std::pair<int32_t, std::string>>& m,
                                      int32_t field_id);
};

/// One entry of a manifest, with inherited values filled in after reading.
struct ManifestEntry {
  EntryStatus status = EntryStatus::kAdded;
  std::optional<int64_t> snapshot_id;
  std::optional<int64_t> sequence_number;  // data sequence number
  std::optional<int64_t> file_sequence_number;
  DataFile data_file;
};

/// A partition field's summary over a manifest (manifest list field 507).
struct PartitionFieldSummary {
  bool contains_null = false;
  std::optional<bool> contains_nan;
  std::optional<std::string> lower_bound;  // single-value serialization
  std::optional<std::string> upper_bound;
};

/// One entry of a manifest list (spec "manifest_file").
struct ManifestFile {
  std::string manifest_path;
  int64_t manifest_length = 0;
  int32_t partition_spec_id = 0;
  ManifestContent content = ManifestContent::kData;
  /// -1 while unassigned (a manifest of the commit being written): the
  /// manifest list writer assigns the snapshot's sequence number.
  int64_t sequence_number = -1;
  int64_t min_sequence_number = -1;
  int64_t added_snapshot_id = 0;
  std::optional<int32_t> added_files_count;  // optional in v1
  std::optional<int32_t> existing_files_count;
  std::optional<int32_t> deleted_files_count;
  std::optional<int64_t> added_rows_count;
  std::optional<int64_t> existing_rows_count;
  std::optional<int64_t> deleted_rows_count;
  std::vector<PartitionFieldSummary> partitions;
  std::optional<std::string> key_metadata;
  std::optional<int64_t> first_row_id;  // v3

  /// Whether the manifest may hold live entries (added or existing), or
  /// unknown counts.
  bool has_added_or_existing() const;
};

/// The Iceberg schemas of the spec (with field ids), as floe writes them:
/// a manifest entry with `partition_type` for `format_version` 1 or 2.
TypePtr ManifestEntryType(const TypePtr& partition_type, int format_version);
/// A manifest list entry for `format_version` 1 or 2.
TypePtr ManifestFileType(int format_version);

/// The partition tuple type of spec `spec_id`, resolving source fields in
/// the current schema first, then in older ones (a source column may have
/// been dropped since). Invalid names the spec when neither has it.
Result<TypePtr> PartitionTypeOf(const TableMetadata& metadata, int32_t spec_id);

/// Whether a position delete's file_path names the data file at
/// `data_path`. The spec compares the strings; Hadoop-based writers (Hive,
/// Impala) may record one side fully qualified ("hdfs://nn:20500/w/...")
/// and the other on the default file system ("/w/..."), which name the
/// same file, so a qualified path also matches its unqualified form.
bool SameDataFilePath(std::string_view delete_path, std::string_view data_path);

/// Whether the file is Parquet (file_format compared ignoring case).
bool IsParquet(const DataFile& file);

/// A key equal for files of the same spec and partition tuple.
std::string PartitionTupleKey(const DataFile& file);

/// Reads a manifest list. Errors name the file and the entry.
Result<std::vector<ManifestFile>> ReadManifestList(io::FileIO* io, const std::string& path);

/// The manifests of a snapshot: its manifest list, or for v1 snapshots
/// that list manifests inline, those (default spec, sequence number 0).
Result<std::vector<ManifestFile>> SnapshotManifests(io::FileIO* io, const TableMetadata& metadata,
                                                    const Snapshot& snapshot);

/// What ReadManifest needs besides the file.
struct ManifestReadOptions {
  /// Skip entries with status DELETED (planning needs only live files).
  bool live_only = false;
  /// Leave the metrics maps empty (cheaper when nothing prunes by them).
  bool skip_metrics = false;
};

/// Reads the entries of the manifest `manifest` names, with partition
/// tuples typed by `partition_type` (PartitionTypeOf its spec), applying
/// inheritance: a null snapshot id becomes the manifest's added snapshot
/// id; null sequence numbers of ADDED entries become the manifest's. An
/// existing or deleted v2 entry without them is Corruption.
Result<std::vector<ManifestEntry>> ReadManifest(io::FileIO* io, const ManifestFile& manifest,
                                                const TypePtr& partition_type,
                                                ManifestReadOptions options = {});

/// Writes one manifest. Not thread-safe.
class ManifestWriter {
 public:
  struct Options {
    int format_version = 2;
    int64_t snapshot_id = 0;  // the commit's snapshot: ADDED and DELETED entries get it
    ManifestContent content = ManifestContent::kData;
    const Schema* schema = nullptr;  // the table schema, stored in the header
    const PartitionSpec* spec = nullptr;
    formats::Codec codec = formats::Codec::kDeflate;  // Java's default (gzip)
  };
  /// Creates `path` through `io` (exclusive create). REQUIRES: schema and
  /// spec set and alive until Close().
  static Result<std::unique_ptr<ManifestWriter>> Make(io::FileIO* io, const std::string& path,
                                                      Options options);
  ~ManifestWriter();

  /// A file added by this commit (data sequence number inherited).
  Status WriteAdded(const DataFile& file);
  /// A live file carried over unchanged (keeps its snapshot id and sequence numbers).
  Status WriteExisting(const ManifestEntry& entry);
  /// A file this commit removes (keeps its sequence numbers).
  Status WriteDeleted(const ManifestEntry& entry);
  int64_t entries_written() const;

  /// Finishes and syncs the file; returns its manifest list entry (sequence
  /// numbers unassigned when every entry was added).
  Result<ManifestFile> Close();

 private:
  class Impl;
  explicit ManifestWriter(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

/// Writes a snapshot's manifest list. Not thread-safe.
class ManifestListWriter {
 public:
  static Result<std::unique_ptr<ManifestListWriter>> Make(io::FileIO* io, const std::string& path,
                                                          int format_version, int64_t snapshot_id,
                                                          std::optional<int64_t> parent_snapshot_id,
                                                          int64_t sequence_number);
  ~ManifestListWriter();
  /// Appends a manifest, assigning the snapshot's sequence number where unassigned.
  Status Add(const ManifestFile& manifest);
  /// Finishes and syncs the file.
  Status Close();

 private:
  class Impl;
  explicit ManifestListWriter(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace floe::iceberg
