#pragma once

// Spilling: operators that run out of memory write rows to temporary files
// and read them back later, batch by batch. The format is private to one
// query (written and read by the same process): per batch a row count, then
// per column a null flag with the validity bitmap, and the values (fixed
// width bytes; strings as lengths then bytes; nested values as lengths then
// their EncodeValue bytes).

#include <atomic>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "columnar/vector.h"
#include "common/result.h"
#include "sql/types.h"

namespace floe::sql {

/// The temporary directory of one query's spill files, removed (with its
/// files) when destroyed. Thread-safe.
class SpillSpace {
 public:
  /// A space under `base` (empty: $TMPDIR or /tmp), created on first use.
  explicit SpillSpace(std::string base = "");
  ~SpillSpace();
  SpillSpace(const SpillSpace&) = delete;
  SpillSpace& operator=(const SpillSpace&) = delete;

  /// A new file path in the space (the directory is created if needed).
  Result<std::string> NewPath(const std::string& what);
  /// Bytes written to spill files so far (EXPLAIN ANALYZE).
  int64_t bytes_written() const { return bytes_.load(); }
  void AddBytes(int64_t n) { bytes_ += n; }

 private:
  std::mutex mu_;
  std::string base_;
  std::string dir_;
  int64_t next_ = 0;
  std::atomic<int64_t> bytes_{0};
};

/// Writes batches of rows to a spill file. Not thread-safe.
class SpillWriter {
 public:
  static Result<std::unique_ptr<SpillWriter>> Open(SpillSpace* space, const std::string& what);
  ~SpillWriter();
  /// Writes rows rows[0..n) (null: 0..n-1) of `columns` (any kind and type)
  /// as one batch.
  Status Write(const std::vector<const columnar::Vector*>& columns, const uint32_t* rows,
               int64_t n);
  /// Flushes and closes; the file can then be read.
  Status Close();
  const std::string& path() const { return path_; }
  int64_t rows() const { return rows_; }

 private:
  SpillWriter() = default;
  Status Put(const void* p, size_t n);
  SpillSpace* space_ = nullptr;
  std::string path_;
  std::FILE* file_ = nullptr;
  std::string buffer_;
  int64_t rows_ = 0;
};

/// Reads back the batches of a closed spill file, in order. Not thread-safe.
class SpillReader {
 public:
  static Result<std::unique_ptr<SpillReader>> Open(const std::string& path,
                                                   std::vector<LogicalType> types,
                                                   MemoryPool* pool);
  ~SpillReader();
  /// The next batch (compact, flat vectors); false at the end.
  Result<bool> Next(columnar::Chunk* out);

 private:
  SpillReader() = default;
  Status Get(void* p, size_t n);
  std::string path_;
  std::FILE* file_ = nullptr;
  std::vector<LogicalType> types_;
  MemoryPool* pool_ = nullptr;
};

}  // namespace floe::sql
