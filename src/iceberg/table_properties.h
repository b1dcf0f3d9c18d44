#pragma once

// Reading table properties (spec "Table Properties") with Java's defaults.

#include <cstdint>
#include <map>
#include <string>

namespace floe::iceberg {

/// An integer property, or `fallback` when absent or not an integer.
int64_t PropertyInt(const std::map<std::string, std::string>& properties, const std::string& key,
                    int64_t fallback);
/// A boolean property ("true"/"false", any case), or `fallback`.
bool PropertyBool(const std::map<std::string, std::string>& properties, const std::string& key,
                  bool fallback);

/// How often and how patiently to retry: commit.retry.* (a commit that lost
/// a race) and commit.status-check.* (learning the outcome of a failed
/// swap), with Java's defaults.
struct RetryPolicy {
  int64_t num_retries = 4;
  int64_t min_wait_ms = 100;
  int64_t max_wait_ms = 60'000;
  int64_t total_timeout_ms = 1'800'000;

  static RetryPolicy Commit(const std::map<std::string, std::string>& properties);
  static RetryPolicy StatusCheck(const std::map<std::string, std::string>& properties);
  /// The wait before retry number `attempt` (1 = the first retry):
  /// exponential from min-wait-ms up to max-wait-ms, plus up to 10% jitter
  /// so that writers that lost the same race do not collide again.
  int64_t WaitMs(int attempt) const;
};

}  // namespace floe::iceberg
