#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/buffer.h"
#include "common/result.h"

namespace floe::io {

/// A file opened for reading at arbitrary offsets. Implementations:
/// local files, in-memory files, and (later) S3 objects. Thread-safe: many
/// readers may call ReadAt concurrently.
class RandomAccessFile {
 public:
  virtual ~RandomAccessFile() = default;
  /// The path the file was opened with, used in error messages.
  virtual const std::string& path() const = 0;
  virtual Result<int64_t> Size() = 0;
  /// Reads exactly `length` bytes at `offset` into `out`; reading past the
  /// end is an IOError naming the file, offset and size.
  virtual Status ReadAt(int64_t offset, int64_t length, uint8_t* out) = 0;
  /// Reads `length` bytes at `offset` into a new buffer from `pool`.
  Result<std::shared_ptr<Buffer>> ReadBufferAt(int64_t offset, int64_t length, MemoryPool* pool);
};

/// A file being written from start to end. Data is durable only after
/// Sync(); Close() flushes but does not sync.
class WritableFile {
 public:
  virtual ~WritableFile() = default;
  virtual const std::string& path() const = 0;
  virtual Status Append(const void* data, int64_t length) = 0;
  Status Append(std::string_view s) { return Append(s.data(), static_cast<int64_t>(s.size())); }
  /// Bytes appended so far.
  virtual int64_t position() const = 0;
  virtual Status Sync() = 0;
  virtual Status Close() = 0;
};

/// One entry of a listing.
struct FileInfo {
  std::string path;
  int64_t size = 0;
  /// Last modification, milliseconds since the epoch (0 when unknown);
  /// orphan-file removal spares files younger than its threshold.
  int64_t modified_ms = 0;
};

/// The storage seam (LevelDB's Env, Iceberg's FileIO): every byte floe
/// reads or writes goes through one, so S3 and fault injection plug in here.
/// Paths are the implementation's own (a local path, "s3://bucket/key", ...).
class FileIO {
 public:
  virtual ~FileIO() = default;
  virtual Result<std::unique_ptr<RandomAccessFile>> OpenInput(const std::string& path) = 0;
  /// Creates `path` (and its parent directories where that applies);
  /// AlreadyExists if it exists: Iceberg files are written once.
  virtual Result<std::unique_ptr<WritableFile>> OpenOutput(const std::string& path) = 0;
  virtual Status Delete(const std::string& path) = 0;
  virtual Result<bool> Exists(const std::string& path) = 0;
  /// Files whose path starts with `prefix`, recursively, sorted by path.
  virtual Result<std::vector<FileInfo>> List(const std::string& prefix) = 0;
  /// Moves the file `from` to `to`, replacing `to` if it exists, durably (a
  /// local rename also syncs the directories involved). NotFound if `from`
  /// does not exist. The default returns NotSupported: object stores have
  /// no rename and override WriteFileAtomic instead.
  virtual Status Rename(const std::string& from, const std::string& to);
  /// Replaces the contents of `path` (existing or not) with `contents`, whole
  /// or not at all, even across a crash: readers see the old file or the new
  /// one, never a mix. For files rewritten in place, like version-hint.text.
  /// The default writes and syncs a sibling "<path>.tmp-<random>", then
  /// Renames it over `path`; on failure it tries to delete the sibling, but
  /// a crash may leave it behind.
  virtual Status WriteFileAtomic(const std::string& path, std::string_view contents);

  /// Reads a whole file.
  Result<std::shared_ptr<Buffer>> ReadFile(const std::string& path, MemoryPool* pool);
  /// Writes a whole new file and syncs it (AlreadyExists if it exists).
  Status WriteFile(const std::string& path, std::string_view contents);
};

/// The local file system. Paths may be plain or "file://" URIs.
std::shared_ptr<FileIO> LocalFileIO();

/// Files held in memory, for tests: fast and isolated.
std::shared_ptr<FileIO> MemoryFileIO();

}  // namespace floe::io
