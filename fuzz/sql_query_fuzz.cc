// libFuzzer: whole queries from untrusted clients — parsed, bound,
// optimized and run (over VALUES; table names resolve to nothing). Any
// outcome but a crash, a hang or an Internal error (a floe bug) is fine;
// each query gets a memory limit and is cancelled after a second.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <mutex>
#include <string>
#include <thread>

#include "sql/query_runner.h"

namespace {

class NoTables : public floe::sql::TableResolver {
 public:
  floe::Result<std::shared_ptr<floe::sql::TableHandle>> ResolveTable(
      const floe::sql::QualifiedName& name) override {
    return floe::Status::NotFound("Table '", name.ToSql(), "' does not exist");
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace floe::sql;
  std::string sql(reinterpret_cast<const char*>(data), size);
  NoTables tables;
  std::atomic<bool> cancelled{false};
  std::mutex mu;
  std::condition_variable cv;
  bool done = false;
  std::thread watchdog([&] {
    std::unique_lock<std::mutex> lock(mu);
    if (!cv.wait_for(lock, std::chrono::seconds(1), [&] { return done; })) cancelled = true;
  });
  QueryOptions options;
  options.resolver = &tables;
  options.threads = 1;
  options.memory_limit = 256 << 20;
  options.cancelled = &cancelled;
  auto result = RunStatement(sql, options);
  {
    std::lock_guard<std::mutex> lock(mu);
    done = true;
  }
  cv.notify_all();
  watchdog.join();
  if (!result.ok() && result.status().code() == floe::StatusCode::kInternal) {
    std::fprintf(stderr, "%s\n", result.status().ToString().c_str());
    std::abort();
  }
  return 0;
}
