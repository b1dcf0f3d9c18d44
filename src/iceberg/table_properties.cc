#include "iceberg/table_properties.h"

#include <algorithm>
#include <cstdlib>
#include <random>

namespace floe::iceberg {

int64_t PropertyInt(const std::map<std::string, std::string>& properties, const std::string& key,
                    int64_t fallback) {
  auto it = properties.find(key);
  if (it == properties.end()) return fallback;
  char* end = nullptr;
  long long v = std::strtoll(it->second.c_str(), &end, 10);
  if (end == it->second.c_str() || *end != '\0') return fallback;
  return v;
}

bool PropertyBool(const std::map<std::string, std::string>& properties, const std::string& key,
                  bool fallback) {
  auto it = properties.find(key);
  if (it == properties.end()) return fallback;
  std::string v = it->second;
  std::transform(v.begin(), v.end(), v.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (v == "true") return true;
  if (v == "false") return false;
  return fallback;
}

namespace {

RetryPolicy From(const std::map<std::string, std::string>& props, const std::string& prefix,
                 RetryPolicy p) {
  p.num_retries = std::max<int64_t>(0, PropertyInt(props, prefix + "num-retries", p.num_retries));
  p.min_wait_ms = std::max<int64_t>(0, PropertyInt(props, prefix + "min-wait-ms", p.min_wait_ms));
  p.max_wait_ms =
      std::max(p.min_wait_ms, PropertyInt(props, prefix + "max-wait-ms", p.max_wait_ms));
  p.total_timeout_ms = PropertyInt(props, prefix + "total-timeout-ms", p.total_timeout_ms);
  return p;
}

}  // namespace

RetryPolicy RetryPolicy::Commit(const std::map<std::string, std::string>& properties) {
  return From(properties, "commit.retry.", RetryPolicy{});
}

RetryPolicy RetryPolicy::StatusCheck(const std::map<std::string, std::string>& properties) {
  return From(properties, "commit.status-check.", RetryPolicy{3, 1000, 60'000, 1'800'000});
}

int64_t RetryPolicy::WaitMs(int attempt) const {
  double wait = static_cast<double>(min_wait_ms);
  for (int i = 1; i < attempt && wait < static_cast<double>(max_wait_ms); ++i) wait *= 2;
  int64_t ms = std::min(max_wait_ms, static_cast<int64_t>(wait));
  thread_local std::mt19937_64 rng{std::random_device{}()};
  int64_t jitter =
      ms / 10 > 0 ? static_cast<int64_t>(rng() % static_cast<uint64_t>(ms / 10 + 1)) : 0;
  return ms + jitter;
}

}  // namespace floe::iceberg
