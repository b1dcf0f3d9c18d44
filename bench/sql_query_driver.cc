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
//   sql_query_driver serve DIR THREADS
//     Reads one query per line from stdin, runs it, prints one JSON object
//     per query (seconds, rows, checksum): the resident side of bench/sql.
//     A line "ROWS <query>" prints the result's values instead (as text).
// Results stream through a consumer that counts rows and checksums them
// (order-independent), as a client would receive them.

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

#include "catalog/catalog_table_operations.h"
#include "catalog/sql_catalog.h"
#include "cli/sales_generator.h"
#include "columnar/value_format.h"
#include "common/json.h"
#include "common/str_cat.h"
#include "iceberg/data_reader.h"
#include "iceberg/snapshot_update.h"
#include "iceberg/table_scan.h"
#include "iceberg/table_writer.h"
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
  catalog::SqlCatalogOptions options;
  options.database_path = dir + "/catalog.db";
  options.warehouse = dir + "/warehouse";
  options.file_io = io::LocalFileIO();
  return Check(catalog::SqlCatalog::Open(options));
}

// Creates demo.<name> (partitioned by day of column `day_column` when given)
// and fills it with `rows` rows from `make`, unless the table exists.
void GenerateTable(const std::shared_ptr<catalog::SqlCatalog>& catalog, const std::string& name,
                   const std::vector<std::string>& names,
                   const std::vector<columnar::LogicalType>& types, int day_column, int64_t rows,
                   const std::function<Result<columnar::Chunk>(int64_t, int64_t)>& make) {
  const catalog::TableIdentifier id{{"demo"}, name};
  if (Check(catalog->TableExists(id))) return;
  std::vector<iceberg::NestedField> fields;
  int32_t next_id = static_cast<int32_t>(names.size()) + 1;
  for (size_t c = 0; c < names.size(); ++c) {
    auto type = Check(iceberg::IcebergTypeOf(types[c], &next_id));
    fields.push_back(iceberg::NestedField::Optional(static_cast<int32_t>(c) + 1, names[c], type));
  }
  catalog::TableCreation creation;
  creation.schema = iceberg::Schema(0, std::move(fields));
  if (day_column >= 0) {
    creation.spec.fields = {{day_column + 1, 1000, names[static_cast<size_t>(day_column)] + "_day",
                             iceberg::Transform::Day()}};
  }
  auto table = Check(catalog->CreateTable(id, creation));
  auto io = catalog->file_io();
  auto writer = Check(iceberg::TableWriter::Make(io.get(), table.metadata));
  const int64_t batch = 65536;
  auto t0 = std::chrono::steady_clock::now();
  double next_report = 0;
  for (int64_t base = 0; base < rows; base += batch) {
    const int64_t n = std::min(batch, rows - base);
    columnar::Chunk chunk = Check(make(base, n));
    Status st = writer->Write(chunk);
    if (!st.ok()) Die(st);
    const double secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const double done = static_cast<double>(base + n);
    if (secs < next_report && base + n < rows) continue;
    next_report = secs + 1;
    std::fprintf(stderr, "\rgenerate %s: %lld / %lld rows, %.1f s, ETA %.0f s   ", name.c_str(),
                 static_cast<long long>(base + n), static_cast<long long>(rows), secs,
                 secs / done * (static_cast<double>(rows) - done));
  }
  auto files = Check(writer->Finish());
  auto ops = Check(catalog::CatalogTableOperations::Load(catalog, id));
  iceberg::AppendFiles append(ops.get(), false);
  for (auto& f : files) append.AppendFile(f);
  auto snap = append.Commit();
  if (!snap.ok()) Die(snap.status());
  std::fprintf(stderr, "\ngenerate %s: %zu files committed\n", name.c_str(), files.size());
}

// The sales table (BENCHMARKS.md's window: 365 days ending 2025-12-31
// 23:59:59) and its dimensions; tables already there are kept.
int Generate(const std::string& dir, int64_t rows) {
  auto catalog = OpenCatalog(dir);
  if (!Check(catalog->NamespaceExists({"demo"}))) {
    Status st = catalog->CreateNamespace({"demo"}, {});
    if (!st.ok()) Die(st);
  }
  auto pool = MemoryPool::Default();
  const cli::SalesWindow window;
  GenerateTable(
      catalog, "sales", cli::SalesColumnNames(), cli::SalesColumnTypes(), 1, rows,
      [&](int64_t first, int64_t n) { return cli::SalesRows(first, n, rows, window, pool); });
  for (const cli::DimensionTable& t : cli::DimensionTables()) {
    GenerateTable(catalog, t.name, t.column_names, t.column_types, -1, t.rows,
                  [&](int64_t first, int64_t n) { return t.make_rows(first, n, pool); });
  }
  return 0;
}

int Files(const std::string& dir, const std::string& name) {
  auto catalog = OpenCatalog(dir);
  auto table = Check(catalog->LoadTable({{"demo"}, name}));
  auto plan = Check(iceberg::PlanScan(catalog->file_io().get(), table.metadata, {}));
  for (const auto& t : plan.tasks) std::printf("%s\n", t.file->file_path.c_str());
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

std::string Escape(const std::string& q) {
  std::string escaped;
  for (char c : q) {
    if (c == '"' || c == '\\') escaped += '\\';
    escaped += c;
  }
  return escaped;
}

int Serve(const std::string& dir, int threads) {
  auto catalog = OpenCatalog(dir);
  sql::CatalogTableResolver resolver(catalog.get(), "iceberg", "demo");
  char* line = nullptr;
  size_t cap = 0;
  ssize_t len;
  while ((len = getline(&line, &cap, stdin)) > 0) {
    std::string q(line, static_cast<size_t>(len));
    while (!q.empty() && (q.back() == '\n' || q.back() == '\r')) q.pop_back();
    if (q.empty()) continue;
    if (q.rfind("ROWS ", 0) == 0) {
      // The result's values as the Trino CLI prints them, to compare with
      // DuckDB's (untimed).
      q = q.substr(5);
      sql::QueryOptions options;
      options.resolver = &resolver;
      options.threads = threads;
      auto result = sql::RunStatement(q, options);
      json::Value out = json::Value::Object();
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
      std::printf("%s\n", json::Serialize(out).c_str());
      std::fflush(stdout);
      continue;
    }
    Checksum sink;
    sql::QueryOptions options;
    options.resolver = &resolver;
    options.threads = threads;
    options.consumer = &sink;
    const double cpu0 = CpuSeconds();
    auto t0 = std::chrono::steady_clock::now();
    auto result = sql::RunStatement(q, options);
    const double secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const double cpu = CpuSeconds() - cpu0;
    if (!result.ok()) {
      std::printf("{\"sql\": \"%s\", \"error\": \"%s\"}\n", Escape(q).c_str(),
                  Escape(result.status().ToString()).c_str());
    } else {
      std::printf(
          "{\"sql\": \"%s\", \"seconds\": %.6f, \"cpu_seconds\": %.6f, \"rows\": %lld, "
          "\"checksum\": \"%016llx\"}\n",
          Escape(q).c_str(), secs, cpu, static_cast<long long>(sink.rows),
          static_cast<unsigned long long>(sink.sum));
    }
    std::fflush(stdout);
  }
  free(line);
  return 0;
}

int Run(const std::string& dir, int threads, int rounds, const std::vector<std::string>& queries) {
  auto catalog = OpenCatalog(dir);
  sql::CatalogTableResolver resolver(catalog.get(), "iceberg", "demo");
  for (const std::string& q : queries) {
    std::vector<double> times;
    int64_t rows = 0;
    uint64_t checksum = 0;
    for (int r = 0; r < rounds; ++r) {
      sql::QueryOptions options;
      options.resolver = &resolver;
      options.threads = threads;
      auto t0 = std::chrono::steady_clock::now();
      auto result = sql::RunStatement(q, options);
      times.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
      if (!result.ok()) Die(result.status());
      rows = result->rows();
      if (r == 0) {
        // Order-independent: the sum of per-row hashes of the text cells.
        for (const auto& row : result->ToRows()) {
          std::string line;
          for (const auto& c : row) line += c + "\t";
          checksum += std::hash<std::string>{}(line);
        }
      }
    }
    std::sort(times.begin(), times.end());
    std::string escaped;
    for (char c : q) {
      if (c == '"' || c == '\\') escaped += '\\';
      escaped += c;
    }
    std::printf(
        "{\"sql\": \"%s\", \"threads\": %d, \"median_s\": %.4f, \"min_s\": %.4f, \"max_s\": %.4f, "
        "\"rows\": %lld, \"checksum\": \"%016llx\"}\n",
        escaped.c_str(), threads, times[times.size() / 2], times.front(), times.back(),
        static_cast<long long>(rows), static_cast<unsigned long long>(checksum));
    std::fflush(stdout);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string usage =
      "usage: sql_query_driver generate DIR ROWS | files DIR [TABLE] | run DIR THREADS ROUNDS "
      "SQL... | "
      "serve DIR THREADS\n";
  if (argc < 3) {
    std::fputs(usage.c_str(), stderr);
    return 2;
  }
  const std::string cmd = argv[1], dir = argv[2];
  if (cmd == "generate" && argc == 4) return Generate(dir, std::atoll(argv[3]));
  if (cmd == "files" && (argc == 3 || argc == 4)) return Files(dir, argc == 4 ? argv[3] : "sales");
  if (cmd == "serve" && argc == 4) return Serve(dir, std::atoi(argv[3]));
  if (cmd == "run" && argc >= 6) {
    return Run(dir, std::atoi(argv[3]), std::atoi(argv[4]),
               std::vector<std::string>(argv + 5, argv + argc));
  }
  std::fputs(usage.c_str(), stderr);
  return 2;
}
