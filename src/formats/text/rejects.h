#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace floe::formats::text {

/// A row of a CSV or JSON file that did not load, and why.
struct RejectedRow {
  std::string file;
  int64_t line = 0;    // 1-based line where the problem is
  int64_t column = 0;  // 1-based byte position in that line
  /// The table column whose value failed; empty when the row as a whole is
  /// bad (a wrong number of fields, a syntax error).
  std::string column_name;
  /// The row's text as in the file (without its line terminator), cut to
  /// at most kMaxRawText bytes.
  std::string raw_text;
  /// What is wrong: "cannot parse 'abc' as bigint".
  std::string reason;

  static constexpr size_t kMaxRawText = 64 * 1024;
};

/// Where readers put rows they reject instead of failing (the
/// store_rejects / ignore_errors mode). One sink may serve readers on
/// several threads, so implementations must be thread-safe. An error
/// returned from Add stops the read with that error.
class RejectSink {
 public:
  virtual ~RejectSink() = default;
  virtual Status Add(RejectedRow row) = 0;
};

/// A RejectSink keeping the first `max_kept` rows in memory and counting
/// all of them, so that memory stays bounded however many rows fail.
/// Thread-safe.
class RejectCollector final : public RejectSink {
 public:
  explicit RejectCollector(int64_t max_kept = 10000) : max_kept_(max_kept) {}
  Status Add(RejectedRow row) override;
  /// The rows kept so far, in the order they were added.
  std::vector<RejectedRow> rows() const;
  /// Every row added, kept or not.
  int64_t count() const;

 private:
  int64_t max_kept_;
  mutable std::mutex mu_;
  std::vector<RejectedRow> rows_;
  int64_t count_ = 0;
};

/// Counters of a read, updated by its readers (one per file or byte range,
/// on any threads) and readable at any time from another thread, e.g. for
/// a progress line. `bytes_read` counts bytes fetched from storage (before
/// decompression), so it can be set against the files' sizes.
struct ReadProgress {
  std::atomic<int64_t> bytes_read{0};
  std::atomic<int64_t> rows_read{0};
  std::atomic<int64_t> rows_rejected{0};
};

/// `text` for an error message: at most `max_bytes` (then "..."), bytes
/// that are not printable ASCII or valid UTF-8 written as \xNN.
std::string PrintableExcerpt(std::string_view text, size_t max_bytes = 100);

}  // namespace floe::formats::text
