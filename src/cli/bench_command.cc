// `floe bench gen`: BENCHMARKS.md's sales table as CSV or JSON lines files,
// generated in parallel (each file a contiguous range of rows), or as an
// Iceberg table (in one commit, or in history mode one commit per hour),
// with a progress line on a terminal. The demo (`make up`) loads its
// output with read_csv; the benchmark suite uses every size.

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "cli/bench_tables.h"
#include "cli/commands.h"
#include "cli/sales_generator.h"
#include "columnar/value_format.h"
#include "common/date_time.h"
#include "common/str_cat.h"

namespace floe::cli {

namespace {

void Usage(FILE* out) {
  std::fputs(
      "usage: floe bench gen --rows N --out DIR [--format csv|jsonl|iceberg] [--files K]\n"
      "                      [--table sales|customers|products|stores]\n"
      "                      [--days D | --hours H] [--end 'YYYY-MM-DD HH:MM:SS'] [--first-id I]\n"
      "                      [--history] [--append merge|fast] [--name SCHEMA.TABLE]\n"
      "Writes BENCHMARKS.md's sales table (N rows; every value derived from the row index)\n"
      "as K files DIR/sales-00000.csv ... (default: one per core), the orders spread over\n"
      "the D days (default 365) or H hours ending at --end (default 2025-12-31 23:59:59,\n"
      "UTC). --first-id I continues a table of I orders: ids I+1 ... I+N. The dimension\n"
      "tables (--table) have 1,000,000 customers, 100,000 products and 500 stores\n"
      "unless --rows says otherwise.\n"
      "--format iceberg writes an Iceberg table (default demo.<table>; sales partitioned\n"
      "by day(order_ts)) into the warehouse DIR (as `floe sql --warehouse DIR` opens it),\n"
      "in one commit; --history makes one commit per hour of the window (N/hours rows\n"
      "each), by merge append (Java's newAppend) or --append fast (a manifest per commit).\n",
      out);
}

// Writes rows [first, first + n) to `path` as CSV (with a header) or JSON lines.
Status WriteFile(const std::string& path, bool csv, int64_t first, int64_t n,
                 const GeneratedTable& table, std::atomic<int64_t>* done) {
  FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) return Status::IOError(path, ": cannot create the file");
  const auto& names = table.names;
  std::vector<bool> quoted;  // JSON: numbers stay numbers; dates, times and text are strings
  for (const auto& t : table.types) {
    const auto id = t.id();
    quoted.push_back(id == columnar::TypeId::kVarchar || id == columnar::TypeId::kDate ||
                     id == columnar::TypeId::kTimestamp);
  }
  std::string out;
  if (csv) {
    for (size_t c = 0; c < names.size(); ++c) out += (c ? "," : "") + names[c];
    out += "\n";
  }
  MemoryPool pool("bench gen");
  constexpr int64_t kBatch = 16384;
  std::string cell;
  Status st;
  for (int64_t base = first; base < first + n && st.ok(); base += kBatch) {
    const int64_t count = std::min(kBatch, first + n - base);
    auto chunk = table.make(base, count, &pool);
    if (!chunk.ok()) {
      st = chunk.status();
      break;
    }
    for (int64_t r = 0; r < count; ++r) {
      if (!csv) out += "{";
      for (size_t c = 0; c < names.size(); ++c) {
        cell.clear();
        columnar::AppendValueText(*chunk->columns[c], r, &cell, "");
        if (csv) {
          out += (c ? "," : "") + cell;  // no value holds a comma, quote or newline
        } else {
          out += StrCat(c ? "," : "", "\"", names[c], "\":", quoted[c] ? "\"" : "", cell,
                        quoted[c] ? "\"" : "");
        }
      }
      out += csv ? "\n" : "}\n";
    }
    if (std::fwrite(out.data(), 1, out.size(), f) != out.size()) {
      st = Status::IOError(path, ": write failed (disk full?)");
    }
    out.clear();
    *done += count;
  }
  if (std::fclose(f) != 0 && st.ok()) st = Status::IOError(path, ": close failed");
  return st;
}

int Generate(const std::vector<std::string>& args) {
  int64_t rows = -1, files = 0, days = 365, hours = 0, first_id = 0;
  std::string out_dir, format = "csv", end = "2025-12-31 23:59:59", table_name = "sales";
  std::string iceberg_name, append = "merge";
  bool history = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= args.size()) {
        std::fprintf(stderr, "floe bench gen: %s needs a value\n", a.c_str());
        std::exit(2);
      }
      return args[++i];
    };
    if (a == "--rows") {
      rows = std::atoll(value().c_str());
    } else if (a == "--out") {
      out_dir = value();
    } else if (a == "--format") {
      format = value();
    } else if (a == "--files") {
      files = std::atoll(value().c_str());
    } else if (a == "--days") {
      days = std::atoll(value().c_str());
    } else if (a == "--table") {
      table_name = value();
    } else if (a == "--hours") {
      hours = std::atoll(value().c_str());
    } else if (a == "--first-id") {
      first_id = std::atoll(value().c_str());
    } else if (a == "--end") {
      end = value();
    } else if (a == "--history") {
      history = true;
    } else if (a == "--append") {
      append = value();
    } else if (a == "--name") {
      iceberg_name = value();
    } else if (a == "--help" || a == "-h") {
      Usage(stdout);
      return 0;
    } else {
      std::fprintf(stderr, "floe bench gen: unknown option %s\n", a.c_str());
      Usage(stderr);
      return 2;
    }
  }
  const DimensionTable* dimension = FindDimensionTable(table_name);
  if (table_name != "sales" && dimension == nullptr) {
    std::fprintf(stderr,
                 "floe bench gen: --table: no table '%s' (sales, customers, products, stores)\n",
                 table_name.c_str());
    return 2;
  }
  if (dimension != nullptr && rows < 0) rows = dimension->rows;
  if (rows < 0 || out_dir.empty() ||
      (format != "csv" && format != "jsonl" && format != "iceberg") || days <= 0 || hours < 0 ||
      first_id < 0 || files < 0 || (append != "merge" && append != "fast") ||
      (history && format != "iceberg")) {
    Usage(stderr);
    return 2;
  }
  int64_t end_micros = 0;
  int digits = 0;
  if (!ParseTimestamp(end, &end_micros, &digits)) {
    std::fprintf(stderr, "floe bench gen: --end: '%s' is not a timestamp (YYYY-MM-DD HH:MM:SS)\n",
                 end.c_str());
    return 2;
  }
  SalesWindow window;
  window.span_micros = hours > 0 ? hours * 3600LL * 1000000 : days * 86400LL * 1000000;
  window.first_id = first_id;
  window.start_micros = end_micros + 1000000 - window.span_micros;  // ends at end + 1 s
  // Sales is partitioned by day(order_ts) as an Iceberg table.
  GeneratedTable table;
  table.rows = rows;
  if (dimension != nullptr) {
    table.names = dimension->column_names;
    table.types = dimension->column_types;
    table.make = dimension->make_rows;
  } else {
    table.names = SalesColumnNames();
    table.types = SalesColumnTypes();
    table.day_column = 1;
    table.make = [rows, window](int64_t first, int64_t n, MemoryPool* pool) {
      return SalesRows(first, n, rows, window, pool);
    };
  }
  if (format == "iceberg") {
    IcebergWriteOptions options;
    options.merge_append = append == "merge";
    if (history) options.commits = std::max<int64_t>(1, window.span_micros / (3600LL * 1000000));
    catalog::TableIdentifier id{{"demo"}, table_name};
    if (!iceberg_name.empty()) {
      const size_t dot = iceberg_name.rfind('.');
      if (dot == std::string::npos || dot == 0 || dot + 1 == iceberg_name.size()) {
        std::fprintf(stderr, "floe bench gen: --name: '%s' is not SCHEMA.TABLE\n",
                     iceberg_name.c_str());
        return 2;
      }
      id = {{iceberg_name.substr(0, dot)}, iceberg_name.substr(dot + 1)};
    }
    auto catalog = OpenWarehouse(out_dir);
    auto written = catalog.ok() ? WriteIcebergTable(*catalog, id, table, options)
                                : Result<bool>(catalog.status());
    if (!written.ok()) {
      std::fprintf(stderr, "floe bench gen: %s\n", written.status().ToString().c_str());
      return 1;
    }
    if (!*written) {
      std::fprintf(stderr, "floe bench gen: %s already exists in %s; left as it is\n",
                   id.ToString().c_str(), out_dir.c_str());
      return 1;
    }
    return 0;
  }
  if (files == 0) files = std::max<int64_t>(1, std::thread::hardware_concurrency());
  files = std::max<int64_t>(1, std::min(files, std::max<int64_t>(rows, 1)));
  std::error_code ec;
  std::filesystem::create_directories(out_dir, ec);
  if (ec) {
    std::fprintf(stderr, "floe bench gen: %s: %s\n", out_dir.c_str(), ec.message().c_str());
    return 1;
  }
  std::atomic<int64_t> done{0};
  std::vector<Status> results(static_cast<size_t>(files));
  std::vector<std::thread> threads;
  const unsigned workers = std::max(1u, std::thread::hardware_concurrency());
  std::atomic<int64_t> next{0};
  std::atomic<bool> failed{false};
  for (unsigned w = 0; w < workers; ++w) {
    threads.emplace_back([&] {
      for (int64_t k = next++; k < files; k = next++) {
        const int64_t first = rows * k / files, last = rows * (k + 1) / files;
        char name[64];
        std::snprintf(name, sizeof(name), "%s-%05lld.%s", table_name.c_str(),
                      static_cast<long long>(k), format == "csv" ? "csv" : "jsonl");
        results[static_cast<size_t>(k)] =
            WriteFile(out_dir + "/" + name, format == "csv", first, last - first, table, &done);
        if (!results[static_cast<size_t>(k)].ok()) failed = true;
      }
    });
  }
  // Progress on a terminal: rows, rate, ETA.
  const bool tty = isatty(STDERR_FILENO) != 0;
  const auto t0 = std::chrono::steady_clock::now();
  while (true) {
    const int64_t d = done.load();
    if (d >= rows) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    const double secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (tty && secs > 0.5) {
      const double rate = static_cast<double>(done.load()) / secs;
      std::fprintf(stderr, "\rbench gen: %lld / %lld rows, %.1f M rows/s, ETA %.0f s   ",
                   static_cast<long long>(done.load()), static_cast<long long>(rows), rate / 1e6,
                   rate > 0 ? static_cast<double>(rows - done.load()) / rate : 0.0);
    }
    // A failed writer stops counting: the threads are joined below.
    if (failed.load()) break;
  }
  for (auto& t : threads) t.join();
  if (tty) std::fputs("\r\033[K", stderr);
  for (const auto& r : results) {
    if (!r.ok()) {
      std::fprintf(stderr, "floe bench gen: %s\n", r.ToString().c_str());
      return 1;
    }
  }
  std::fprintf(stderr, "bench gen: %s rows in %lld %s file%s under %s\n",
               WithThousands(rows).c_str(), static_cast<long long>(files), format.c_str(),
               files == 1 ? "" : "s", out_dir.c_str());
  return 0;
}

}  // namespace

int RunBench(const std::vector<std::string>& args) {
  if (!args.empty() && args[0] == "gen") {
    return Generate(std::vector<std::string>(args.begin() + 1, args.end()));
  }
  std::fprintf(stderr, "usage: floe bench gen ...  (see floe bench gen --help)\n");
  return 2;
}

}  // namespace floe::cli
