// The floe side of the SQL query comparison with DuckDB (bench/sql runs it).
//
//   sql_query_driver generate DIR ROWS
//     Writes BENCHMARKS.md's `sales` table (ROWS rows, partitioned by
//     day(order_ts)) and its dimensions (customers, products, stores) into
//     a SQLite catalog under DIR as iceberg.demo.*; existing tables are kept.
//   sql_query_driver files DIR [TABLE]
//     Prints the current snapshot's data files of demo.TABLE (default
//     sales), one per line (DuckDB reads the same files).
//   sql_query_driver run DIR THREADS ROUNDS SQL...
//     Runs each query ROUNDS times; prints one JSON object per query with
//     the median and spread of wall time, rows and a checksum of the result.
//   sql_query_driver serve DIR THREADS [MEMORY_LIMIT_BYTES SPILL_DIR]
//     Reads one query per line from stdin, runs it, prints one JSON object
//     per query (seconds, rows, checksum): the resident side of bench/sql.
//     Queries run with the memory limit (0: floe's default) and spill there.
//     A line "ROWS <query>" prints the result's values instead (as text).
//     Each timed result carries the query's counters (bytes read, files and
//     row groups pruned, page bytes decompressed, spill, peak memory).
//   sql_query_driver calibrate DIR
//     Measures this machine's physical limits for BENCHMARKS.md's estimate:
//     memcpy and zstd decompression on one core, and reading the sales
//     table's data files (from the page cache) on two threads; one JSON line.
// Results stream through a consumer that counts rows and checksums them
// (order-independent), as a client would receive them.

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "catalog/sql_catalog.h"
#include "cli/bench_tables.h"
#include "cli/sales_generator.h"
#include "columnar/value_format.h"
#include "common/json.h"
#include "common/str_cat.h"
#include "formats/codec/compression.h"
#include "iceberg/data_reader.h"
#include "iceberg/table_scan.h"
#include "io/file_io.h"
#include "sql/exec/vector_operations.h"
#include "sql/query_runner.h"

using namespace floe;

namespace {

[[noreturn]] void Die(const Status& st) {
  std::fprintf(stderr, "error: %s\n", st.ToString().c_str());
  std::exit(1);
}
template <typename T>
T Check(Result<T> r) {
  if (!r.ok()) Die(r.status());
  return std::move(*r);
}

std::shared_ptr<catalog::SqlCatalog> OpenCatalog(const std::string& dir) {
  return Check(cli::OpenWarehouse(dir));
}

// The sales table (BENCHMARKS.md's window: 365 days ending 2025-12-31
// 23:59:59, partitioned by day) and its dimensions; tables already there
// are kept.
int Generate(const std::string& dir, int64_t rows) {
  auto catalog = OpenCatalog(dir);
  const cli::SalesWindow window;
  cli::GeneratedTable sales{cli::SalesColumnNames(), cli::SalesColumnTypes(), 1, rows,
                            [&](int64_t first, int64_t n, MemoryPool* pool) {
                              return cli::SalesRows(first, n, rows, window, pool);
                            }};
  Check(cli::WriteIcebergTable(catalog, {{"demo"}, "sales"}, sales));
  for (const cli::DimensionTable& t : cli::DimensionTables()) {
    Check(cli::WriteIcebergTable(catalog, {{"demo"}, t.name},
                                 {t.column_names, t.column_types, -1, t.rows, t.make_rows}));
  }
  return 0;
}

// The data files of demo.`name`'s current snapshot.
std::vector<std::string> DataFiles(catalog::SqlCatalog* catalog, const std::string& name) {
  auto table = Check(catalog->LoadTable({{"demo"}, name}));
  auto plan = Check(iceberg::PlanScan(catalog->file_io().get(), table.metadata, {}));
  std::vector<std::string> paths;
  for (const auto& t : plan.tasks) paths.push_back(t.file->file_path);
  return paths;
}

int Files(const std::string& dir, const std::string& name) {
  auto catalog = OpenCatalog(dir);
  for (const auto& path : DataFiles(catalog.get(), name)) std::printf("%s\n", path.c_str());
  return 0;
}

// Counts and checksums result rows as they stream in: the sum of per-row
// hashes of the values (order-independent), computed a vector at a time so
// that the checksum costs little next to the query.
struct Checksum : sql::ResultConsumer {
  int64_t rows = 0;
  uint64_t sum = 0;
  std::vector<uint64_t> hashes;
  Status Consume(const columnar::Chunk& chunk) override {
    hashes.assign(static_cast<size_t>(chunk.size), 0);
    for (size_t c = 0; c < chunk.columns.size(); ++c) {
      sql::HashRows(*chunk.columns[c], nullptr, chunk.size, hashes.data(), c > 0);
    }
    for (uint64_t h : hashes) sum += h;
    rows += chunk.size;
    return Status::OK();
  }
};

// User plus system CPU time of this process so far (every thread).
double CpuSeconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

void PrintJson(const json::Value& v) {
  std::printf("%s\n", json::Serialize(v).c_str());
  std::fflush(stdout);
}

// One timed run of `sql`, its result streamed into `sink`.
struct Timing {
  double seconds = 0, cpu_seconds = 0;
};
Result<sql::QueryResult> RunTimed(const std::string& sql, sql::QueryOptions options, Checksum* sink,
                                  Timing* timing) {
  options.consumer = sink;
  const double cpu0 = CpuSeconds();
  auto t0 = std::chrono::steady_clock::now();
  auto result = sql::RunStatement(sql, options);
  timing->seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  timing->cpu_seconds = CpuSeconds() - cpu0;
  return result;
}

json::Value CountersJson(const sql::QueryCounters& c) {
  return json::Value::Object(
      {{"files_read", json::Value::Int(c.files_read)},
       {"files_pruned", json::Value::Int(c.files_pruned)},
       {"row_groups_read", json::Value::Int(c.row_groups_read)},
       {"row_groups_pruned", json::Value::Int(c.row_groups_pruned)},
       {"rows_read", json::Value::Int(c.rows_read)},
       {"bytes_read", json::Value::Int(c.bytes_read)},
       {"page_bytes_compressed", json::Value::Int(c.page_bytes_compressed)},
       {"page_bytes_uncompressed", json::Value::Int(c.page_bytes_uncompressed)},
       {"decoded_bytes", json::Value::Int(c.decoded_bytes)},
       {"spill_bytes", json::Value::Int(c.spill_bytes)},
       {"peak_memory_bytes", json::Value::Int(c.peak_memory_bytes)}});
}

std::string Hex(uint64_t v) {
  char text[17];
  std::snprintf(text, sizeof(text), "%016llx", static_cast<unsigned long long>(v));
  return text;
}

int Serve(const std::string& dir, int threads, int64_t memory_limit, const std::string& spill) {
  auto catalog = OpenCatalog(dir);
  sql::CatalogTableResolver resolver(catalog.get(), "iceberg", "demo");
  sql::QueryOptions options;
  options.resolver = &resolver;
  options.threads = threads;
  options.memory_limit = memory_limit;
  options.spill_directory = spill;
  char* line = nullptr;
  size_t cap = 0;
  ssize_t len;
  while ((len = getline(&line, &cap, stdin)) > 0) {
    std::string q(line, static_cast<size_t>(len));
    while (!q.empty() && (q.back() == '\n' || q.back() == '\r')) q.pop_back();
    if (q.empty()) continue;
    json::Value out = json::Value::Object();
    if (q.rfind("ROWS ", 0) == 0) {
      // The result's values as the Trino CLI prints them, to compare with
      // DuckDB's (untimed).
      auto result = sql::RunStatement(q.substr(5), options);
      if (!result.ok()) {
        out.Set("error", json::Value::String(result.status().ToString()));
      } else {
        json::Value rows = json::Value::Array();
        for (const auto& row : result->ToRows()) {
          json::Value cells = json::Value::Array();
          for (const auto& c : row) cells.Append(json::Value::String(c));
          rows.Append(std::move(cells));
        }
        out.Set("values", std::move(rows));
      }
      PrintJson(out);
      continue;
    }
    Checksum sink;
    Timing timing;
    auto result = RunTimed(q, options, &sink, &timing);
    out.Set("sql", json::Value::String(q));
    if (!result.ok()) {
      out.Set("error", json::Value::String(result.status().ToString()));
    } else {
      out.Set("seconds", json::Value::Double(timing.seconds));
      out.Set("cpu_seconds", json::Value::Double(timing.cpu_seconds));
      out.Set("rows", json::Value::Int(sink.rows));
      out.Set("checksum", json::Value::String(Hex(sink.sum)));
      out.Set("counters", CountersJson(result->counters));
    }
    PrintJson(out);
  }
  free(line);
  return 0;
}

// The best of `rounds` timings of `f`, in seconds.
double BestOf(int rounds, const std::function<void()>& f) {
  double best = 1e300;
  for (int r = 0; r < rounds; ++r) {
    auto t0 = std::chrono::steady_clock::now();
    f();
    best = std::min(best,
                    std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  }
  return best;
}

int Calibrate(const std::string& dir) {
  // memcpy on one core, 256 MB at a time (well beyond the caches).
  const size_t kCopy = size_t{256} << 20;
  std::vector<char> from(kCopy, 1), to(kCopy, 0);
  const double memcpy_s = BestOf(5, [&] { std::memcpy(to.data(), from.data(), kCopy); });
  // zstd decompression of a plain-encoded numeric column (amounts in
  // cents, as the sales table's), in pages of 1 MB.
  const size_t kValues = size_t{32} << 20;
  std::vector<int64_t> values(kValues);
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> u(0, 1);
  for (auto& v : values) v = static_cast<int64_t>(100 * (1 + 0.5 * std::exp(9 * u(rng))));
  const auto* raw = reinterpret_cast<const uint8_t*>(values.data());
  const int64_t kPage = 1 << 20, total = static_cast<int64_t>(kValues * sizeof(int64_t));
  std::vector<std::string> pages;
  int64_t compressed = 0;
  for (int64_t off = 0; off < total; off += kPage) {
    pages.emplace_back();
    Status st = formats::Compress(formats::Codec::kZstd, raw + off, std::min(kPage, total - off),
                                  &pages.back());
    if (!st.ok()) Die(st);
    compressed += static_cast<int64_t>(pages.back().size());
  }
  std::vector<uint8_t> out(static_cast<size_t>(kPage));
  const double zstd_s = BestOf(3, [&] {
    int64_t off = 0;
    for (const auto& p : pages) {
      const int64_t n = std::min(kPage, total - off);
      Status st =
          formats::Decompress(formats::Codec::kZstd, reinterpret_cast<const uint8_t*>(p.data()),
                              static_cast<int64_t>(p.size()), out.data(), n);
      if (!st.ok()) Die(st);
      off += n;
    }
  });
  // Reading the sales table's files (from the page cache: a warm-up read
  // first) through the table's FileIO on two threads.
  auto catalog = OpenCatalog(dir);
  auto io = catalog->file_io();
  const std::vector<std::string> paths = DataFiles(catalog.get(), "sales");
  std::atomic<int64_t> read_bytes{0};
  auto read_all = [&] {
    std::atomic<size_t> next{0};
    read_bytes = 0;
    auto worker = [&] {
      std::vector<uint8_t> buf(size_t{8} << 20);
      for (size_t i; (i = next++) < paths.size();) {
        auto file = Check(io->OpenInput(paths[i]));
        const int64_t size = Check(file->Size());
        for (int64_t off = 0; off < size;) {
          const int64_t n = std::min(size - off, static_cast<int64_t>(buf.size()));
          Status st = file->ReadAt(off, n, buf.data());
          if (!st.ok()) Die(st);
          off += n;
          read_bytes += n;
        }
      }
    };
    std::thread a(worker), b(worker);
    a.join();
    b.join();
  };
  read_all();
  const double read_s = BestOf(3, read_all);
  PrintJson(json::Value::Object(
      {{"memcpy_bytes_per_s", json::Value::Double(static_cast<double>(kCopy) / memcpy_s)},
       {"zstd_bytes_per_s", json::Value::Double(static_cast<double>(total) / zstd_s)},
       {"zstd_ratio",
        json::Value::Double(static_cast<double>(total) / static_cast<double>(compressed))},
       {"read_bytes_per_s_2_threads",
        json::Value::Double(static_cast<double>(read_bytes.load()) / read_s)},
       {"read_bytes", json::Value::Int(read_bytes.load())}}));
  return 0;
}

// Each query `rounds` times, streamed into a checksum as `serve` does (so
// that instruction counts under callgrind are the query's).
int Run(const std::string& dir, int threads, int rounds, const std::vector<std::string>& queries) {
  auto catalog = OpenCatalog(dir);
  sql::CatalogTableResolver resolver(catalog.get(), "iceberg", "demo");
  sql::QueryOptions options;
  options.resolver = &resolver;
  options.threads = threads;
  for (const std::string& q : queries) {
    std::vector<double> times;
    Checksum sink;
    for (int r = 0; r < rounds; ++r) {
      sink = Checksum();
      Timing timing;
      Check(RunTimed(q, options, &sink, &timing));
      times.push_back(timing.seconds);
    }
    std::sort(times.begin(), times.end());
    PrintJson(json::Value::Object({{"sql", json::Value::String(q)},
                                   {"threads", json::Value::Int(threads)},
                                   {"median_s", json::Value::Double(times[times.size() / 2])},
                                   {"min_s", json::Value::Double(times.front())},
                                   {"max_s", json::Value::Double(times.back())},
                                   {"rows", json::Value::Int(sink.rows)},
                                   {"checksum", json::Value::String(Hex(sink.sum))}}));
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string usage =
      "usage: sql_query_driver generate DIR ROWS | files DIR [TABLE] | run DIR THREADS ROUNDS "
      "SQL... | "
      "serve DIR THREADS [MEMORY_LIMIT_BYTES SPILL_DIR] | calibrate DIR\n";
  if (argc < 3) {
    std::fputs(usage.c_str(), stderr);
    return 2;
  }
  const std::string cmd = argv[1], dir = argv[2];
  if (cmd == "generate" && argc == 4) return Generate(dir, std::atoll(argv[3]));
  if (cmd == "files" && (argc == 3 || argc == 4)) return Files(dir, argc == 4 ? argv[3] : "sales");
  if (cmd == "serve" && (argc == 4 || argc == 6)) {
    return Serve(dir, std::atoi(argv[3]), argc == 6 ? std::atoll(argv[4]) : 0,
                 argc == 6 ? argv[5] : "");
  }
  if (cmd == "calibrate" && argc == 3) return Calibrate(dir);
  if (cmd == "run" && argc >= 6) {
    return Run(dir, std::atoi(argv[3]), std::atoi(argv[4]),
               std::vector<std::string>(argv + 5, argv + argc));
  }
  std::fputs(usage.c_str(), stderr);
  return 2;
}
