#pragma once

// Differential testing of floe's SQL engine against DuckDB: random queries
// (query_generator.h) over tables floe writes, run by floe and by DuckDB on
// the same Parquet files (tests/interop/sql/duckdb_queries.mjs), results
// compared as multisets, or in order when the query's ORDER BY is total.
//
// Where Trino and DuckDB differ, Trino's semantics are the reference: the
// generator writes the DuckDB side to ask for what Trino means, avoids the
// construct, or the comparison normalizes.
//
//   difference                          Trino (floe)             handled by
//   ----------------------------------  -----------------------  ------------------------------
//   integer / integer                   truncating integer       DuckDB side uses `//`
//   integer division or % by zero       fails: Division by zero  NULLIF(y, 0) on both sides; an
//                                       (DuckDB: NULL)           unguarded one failing in floe
//                                                                is an expected error, not compared
//   default NULL order                  NULLS LAST both ways     DuckDB side always says NULLS
//                                                                FIRST/LAST explicitly
//   avg(decimal)                        decimal, same scale,     compared to within half a unit
//                                       rounded half up          in the last place (DuckDB: double)
//                                       (DuckDB: double)
//   sum(integer), sum(bigint)           bigint, fails on         values kept small enough that
//                                       overflow (DuckDB:        no sum overflows
//                                       HUGEINT, no overflow)
//   decimal result scales (round(d, n)) keeps the scale          decimals compare by value; the
//                                       (DuckDB: scale n)        DuckDB side casts round() back
//                                                                to scale 2 (it shows in CAST
//                                                                to varchar)
//   greatest / least with a NULL        NULL (DuckDB: skips      DuckDB side: CASE WHEN a IS NULL
//                                       NULLs)                   OR b IS NULL THEN NULL ELSE ...
//   date_add('day', n, d)               Trino's function         DuckDB side: d + n
//   concat(a, NULL)                     NULL (DuckDB: skips)     not generated (|| is the same)
//   CAST(double AS integer) at .5       half up (DuckDB: half    not generated (decimal to
//                                       to even)                 integer casts agree: half away)
//   CAST(double AS varchar)             Java's text ("1.0E1")    not generated
//   count_if(p) with no true row        0 (DuckDB: NULL, a sum)  DuckDB side: count(CASE WHEN p
//                                                                THEN 1 END)
//   TRY_CAST('1.5' AS integer)          NULL: digits only        DuckDB side: TRY_CAST(trim(s))
//   when
//                                       (DuckDB: 2)              s is '\s*[+-]?[0-9]+\s*'
//   decimal / decimal                   decimal, rounded half    an output column only, compared
//                                       up (DuckDB: double)      within half a unit in floe's last
//                                                                place; never under DISTINCT
//   GROUP BY (-5)                       floe rejects it as a     keys that are literals are
//                                       negative ordinal (so     grouped by ordinal
//                                       does DuckDB)
//   INTERSECT ALL, EXCEPT ALL           not supported by floe    not generated
//   string comparison                   binary (UTF-8 bytes)     the same in DuckDB (default
//                                                                collation); data is ASCII
//   double sums, avg, stddev            depend on the order of   compared with a tolerance; not
//                                       addition                 used where order or LIMIT hinges
//                                                                on their last bits
//   hive partition directories          columns come from files  DuckDB reads
//   hive_partitioning=false
//
// Every mismatch found so far is a regression test in tests/sql/differential.test.

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "common/result.h"

namespace floe::sql {

/// What a differential run does.
struct DifferentialOptions {
  uint64_t seed = 1;
  int64_t queries = 100;
  /// Rows of the largest table.
  int64_t rows = 400;
  /// Queries per dataset: each batch gets fresh tables (from the seed and
  /// its number) and one DuckDB process.
  int64_t batch = 250;
  /// floe's threads per query.
  int threads = 2;
  /// tests/interop, where node finds @duckdb/node-api and sql/duckdb_queries.mjs.
  std::string interop_dir;
  /// Where tables and the exchanged JSON go; empty: a temporary directory
  /// removed at the end.
  std::string work_dir;
  /// Progress, mismatches and a summary go here (may be null).
  std::ostream* log = nullptr;
  /// Print every query, not only mismatches.
  bool verbose = false;
  /// When set, run only this query (floe dialect) and `duckdb_sql` (DuckDB
  /// dialect; empty: the same text) over the first batch's tables.
  std::string floe_sql;
  std::string duckdb_sql;
};

/// What a run found.
struct DifferentialReport {
  int64_t queries = 0;
  int64_t matched = 0;  // same results (or the same kind of error in both)
  int64_t expected_errors =
      0;                  // floe failed as Trino does where DuckDB does not (division by zero)
  int64_t floe_rows = 0;  // result rows compared
  /// One printable report per mismatch: seed, batch, query in both
  /// dialects, both results (or errors).
  std::vector<std::string> mismatches;
};

/// Runs the queries. Errors: the environment (node, DuckDB, the file
/// system) or floe failing to create the tables; query failures are
/// mismatches in the report instead.
Result<DifferentialReport> RunDifferential(const DifferentialOptions& options);

}  // namespace floe::sql
