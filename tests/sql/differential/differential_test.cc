// The bounded differential run of `make test`: random queries in floe and
// in DuckDB over the same Parquet files must agree (differential_runner.h).
// Longer runs by hand: build/tests/sql/differential/floe_differential --seed S --queries N.

#include <gtest/gtest.h>

#include <sstream>

#include "differential_runner.h"

namespace floe::sql {
namespace {

TEST(Differential, FloeAgreesWithDuckDBOnRandomQueries) {
  DifferentialOptions options;
  options.seed = 20250101;
  options.queries = 600;
  options.rows = 300;
  options.batch = 200;
  options.interop_dir = std::string(FLOE_SOURCE_DIR) + "/tests/interop";
  std::ostringstream log;
  options.log = &log;
  auto report = RunDifferential(options);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->queries, options.queries);
  for (const auto& m : report->mismatches) ADD_FAILURE() << m;
}

}  // namespace
}  // namespace floe::sql
