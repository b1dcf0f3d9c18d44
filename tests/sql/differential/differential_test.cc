// The bounded differential run of `make test`: random queries in floe and
// in DuckDB over the same Parquet files must agree (differential_runner.h).
// Longer runs by hand: build/tests/sql/differential/floe_differential
// --seed S --queries N [--rows R] [--minutes M].

#include <gtest/gtest.h>

#include <sstream>

#include "differential_runner.h"

namespace floe::sql {
namespace {

void ExpectAgreement(uint64_t seed, int64_t queries, int64_t rows, int threads) {
  DifferentialOptions options;
  options.seed = seed;
  options.queries = queries;
  options.rows = rows;
  options.batch = 250;
  options.threads = threads;
  options.interop_dir = std::string(FLOE_SOURCE_DIR) + "/tests/interop";
  std::ostringstream log;
  options.log = &log;
  auto report = RunDifferential(options);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->queries, options.queries);
  for (const auto& m : report->mismatches) ADD_FAILURE() << m;
}

// Small tables (one vector each): many queries.
TEST(Differential, FloeAgreesWithDuckDBOnSmallTables) { ExpectAgreement(20250101, 400, 300, 2); }

// Tables of several vectors, scanned by several threads.
TEST(Differential, FloeAgreesWithDuckDBOnLargerTables) { ExpectAgreement(20250102, 30, 2500, 4); }

}  // namespace
}  // namespace floe::sql
