// floe_differential: runs random queries in floe and in DuckDB on the same
// Parquet files and reports where the results differ (differential_runner.h).
//
//   floe_differential [--seed S] [--queries N] [--rows R] [--batch B]
//                     [--threads T] [--minutes M] [--work-dir DIR] [--verbose]
//                     [--sql 'floe query' [--duckdb-sql 'duckdb query']]
//
// --minutes repeats runs of N queries with seeds S, S+1, ... until M minutes
// have passed. Exit code 0 when every result agreed, 1 on a mismatch, 2 when
// the run itself failed.

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>

#include "differential_runner.h"

int main(int argc, char** argv) {
  floe::sql::DifferentialOptions options;
  options.interop_dir = std::string(FLOE_SOURCE_DIR) + "/tests/interop";
  options.log = &std::cerr;
  double minutes = 0;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const char* value = i + 1 < argc ? argv[i + 1] : nullptr;
    auto need = [&]() {
      if (value == nullptr) {
        std::cerr << arg << " needs a value\n";
        std::exit(2);
      }
      ++i;
      return std::string(value);
    };
    if (arg == "--seed") {
      options.seed = std::strtoull(need().c_str(), nullptr, 10);
    } else if (arg == "--queries") {
      options.queries = std::atoll(need().c_str());
    } else if (arg == "--rows") {
      options.rows = std::atoll(need().c_str());
    } else if (arg == "--batch") {
      options.batch = std::atoll(need().c_str());
    } else if (arg == "--data-batch") {
      options.data_batch = std::atoll(need().c_str());
    } else if (arg == "--threads") {
      options.threads = std::atoi(need().c_str());
    } else if (arg == "--minutes") {
      minutes = std::atof(need().c_str());
    } else if (arg == "--work-dir") {
      options.work_dir = need();
    } else if (arg == "--interop-dir") {
      options.interop_dir = need();
    } else if (arg == "--sql") {
      options.floe_sql = need();
    } else if (arg == "--duckdb-sql") {
      options.duckdb_sql = need();
    } else if (arg == "--verbose") {
      options.verbose = true;
    } else {
      std::cerr << "unknown argument " << arg << "\n";
      return 2;
    }
  }
  const auto start = std::chrono::steady_clock::now();
  int64_t queries = 0, matched = 0, expected = 0, mismatches = 0, rows = 0, runs = 0;
  do {
    auto report = floe::sql::RunDifferential(options);
    if (!report.ok()) {
      std::cerr << "floe_differential: " << report.status().ToString() << "\n";
      return 2;
    }
    ++runs;
    queries += report->queries;
    matched += report->matched;
    expected += report->expected_errors;
    mismatches += static_cast<int64_t>(report->mismatches.size());
    rows += report->floe_rows;
    ++options.seed;
  } while (minutes > 0 && std::chrono::steady_clock::now() - start <
                              std::chrono::duration<double, std::ratio<60>>(minutes));
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << "floe_differential: " << runs << " runs, " << queries << " queries, " << matched
            << " matched (" << expected << " expected errors), " << mismatches << " mismatches, "
            << rows << " result rows, " << seconds << " s\n";
  return mismatches == 0 ? 0 : 1;
}
