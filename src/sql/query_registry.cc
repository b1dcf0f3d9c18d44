#include "sql/query_registry.h"

#include <algorithm>
#include <cstdio>
#include <ctime>

#include "common/date_time.h"

namespace floe::sql {

namespace {

// Trino's error types by status: mistakes in the statement are the user's.
const char* ErrorType(StatusCode code) {
  switch (code) {
    case StatusCode::kInvalid:
    case StatusCode::kNotFound:
    case StatusCode::kAlreadyExists:
    case StatusCode::kNotSupported:
    case StatusCode::kCancelled:
    case StatusCode::kPermissionDenied:
    case StatusCode::kUnauthenticated:
      return "USER_ERROR";
    case StatusCode::kOutOfMemory:
      return "INSUFFICIENT_RESOURCES";
    default:
      return "INTERNAL_ERROR";
  }
}

const char* ErrorCode(StatusCode code) {
  switch (code) {
    case StatusCode::kInvalid:
      return "INVALID_ARGUMENTS";
    case StatusCode::kNotFound:
      return "NOT_FOUND";
    case StatusCode::kAlreadyExists:
      return "ALREADY_EXISTS";
    case StatusCode::kNotSupported:
      return "NOT_SUPPORTED";
    case StatusCode::kCancelled:
      return "USER_CANCELED";
    case StatusCode::kPermissionDenied:
    case StatusCode::kUnauthenticated:
      return "PERMISSION_DENIED";
    case StatusCode::kOutOfMemory:
      return "EXCEEDED_LOCAL_MEMORY_LIMIT";
    default:
      return "GENERIC_INTERNAL_ERROR";
  }
}

}  // namespace

QueryRegistry& QueryRegistry::Global() {
  static QueryRegistry* registry = new QueryRegistry();
  return *registry;
}

std::string QueryRegistry::Begin(const std::string& user, const std::string& source,
                                 std::string query) {
  const int64_t now = NowMillis();
  const std::time_t seconds = static_cast<std::time_t>(now / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  std::lock_guard<std::mutex> lock(mu_);
  char id[64];
  std::snprintf(id, sizeof(id), "%04d%02d%02d_%02d%02d%02d_%05lld_floe0", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<long long>(next_++ % 100000));
  QueryInfo info;
  info.query_id = id;
  info.state = "RUNNING";
  info.user = user;
  info.source = source;
  info.query = std::move(query);
  info.created_ms = now;
  running_.push_back(std::move(info));
  return id;
}

void QueryRegistry::End(const std::string& query_id, const Status& result) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = std::find_if(running_.begin(), running_.end(),
                         [&](const QueryInfo& q) { return q.query_id == query_id; });
  if (it == running_.end()) return;
  QueryInfo info = std::move(*it);
  running_.erase(it);
  info.end_ms = NowMillis();
  info.state = result.ok() ? "FINISHED" : "FAILED";
  if (!result.ok()) {
    info.error_type = ErrorType(result.code());
    info.error_code = ErrorCode(result.code());
  }
  finished_.push_front(std::move(info));
  while (finished_.size() > kMaxHistory) finished_.pop_back();
}

std::vector<QueryInfo> QueryRegistry::List() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<QueryInfo> out(running_.rbegin(), running_.rend());
  out.insert(out.end(), finished_.begin(), finished_.end());
  return out;
}

}  // namespace floe::sql
