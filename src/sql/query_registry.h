#pragma once

// The statements this process runs and ran recently: system.runtime.queries.

#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <vector>

#include "common/status.h"

namespace floe::sql {

/// One statement as system.runtime.queries shows it.
struct QueryInfo {
  std::string query_id;  // Trino's form: 20261201_230512_00001_floe0
  std::string state;     // RUNNING, FINISHED, FAILED
  std::string user;
  std::string source;  // the client ("floe-sql"), may be empty
  std::string query;
  int64_t created_ms = 0;
  int64_t end_ms = 0;                  // 0 while running
  std::string error_type, error_code;  // FAILED: "USER_ERROR", "INVALID_ARGUMENT"
};

/// Thread-safe. Keeps every running statement and the last kMaxHistory
/// finished ones (Trino's query.max-history is 100).
class QueryRegistry {
 public:
  static constexpr size_t kMaxHistory = 100;
  static QueryRegistry& Global();

  /// Registers a starting statement; returns its query id.
  std::string Begin(const std::string& user, const std::string& source, std::string query);
  /// Marks it finished (`result` OK) or failed.
  void End(const std::string& query_id, const Status& result);
  /// Running statements first, then finished ones, newest first.
  std::vector<QueryInfo> List() const;

 private:
  mutable std::mutex mu_;
  std::vector<QueryInfo> running_;
  std::deque<QueryInfo> finished_;  // newest at the front
  int64_t next_ = 1;
};

}  // namespace floe::sql
