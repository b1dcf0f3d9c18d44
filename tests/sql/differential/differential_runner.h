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
//   difference                      Trino (floe)                handled by
//   ------------------------------  --------------------------  -------------------------------
//   integer / integer               truncates (DuckDB: double)  DuckDB side uses `//`
//   integer / or % by zero          fails (DuckDB: NULL)        NULLIF(y, 0) on both sides; an
//                                                               unguarded one failing in floe is
//                                                               an expected error, not compared
//   default NULL order              NULLS LAST both ways        DuckDB side always says NULLS
//                                                               FIRST or NULLS LAST
//   avg(decimal)                    decimal, same scale, half   compared within half a unit in
//                                   up (DuckDB: double)         floe's last place
//   decimal / decimal               decimal, half up (DuckDB:   an output column only, compared
//                                   double)                     the same way; never DISTINCT
//   decimal(p<=18) * integer        decimal(p + 10) (DuckDB:    DuckDB side casts the decimal
//                                   stays 64-bit, overflows)    to DECIMAL(38, s) first
//   sum(integer), sum(bigint)       bigint, fails on overflow   values small enough that no sum
//                                   (DuckDB: HUGEINT)           overflows
//   round(decimal, n)               keeps the scale (DuckDB:    decimals compare by value; the
//                                   scale n)                    DuckDB side casts back to the
//                                                               scale (shows in CAST to varchar)
//   greatest, least with a NULL     NULL (DuckDB: skips NULLs)  DuckDB side: CASE WHEN a IS NULL
//                                                               OR b IS NULL THEN NULL ELSE ...
//   count_if(p), no true row        0 (DuckDB: NULL, a sum)     DuckDB: count(CASE WHEN p THEN 1
//                                                               END)
//   TRY_CAST(s AS integer)          digits, sign, surrounding   DuckDB side: TRY_CAST(trim(s))
//                                   blanks only (DuckDB also    only where s matches
//                                   rounds '1.5' to 2)          '\s*[+-]?[0-9]+\s*'
//   date_add('day', n, d)           Trino's function            DuckDB side: d + n
//   concat(a, NULL)                 NULL (DuckDB: skips NULLs)  not generated (|| agrees)
//   CAST(double AS integer) at .5   half up (DuckDB: half even) not generated (decimal to
//                                                               integer agrees: half away)
//   CAST(double AS varchar)         Java's text ("1.0E1")       not generated
//   GROUP BY (-5)                   read as an ordinal (floe    keys that are literals are
//                                   rejects it, DuckDB too)     grouped by ordinal
//   string order                    binary: UTF-8 bytes         the same in DuckDB (default
//                                                               collation)
//   double sum, avg, stddev         depend on the order of      compared with a tolerance; never
//                                   addition                    deciding an ORDER BY with LIMIT,
//                                                               a DISTINCT or a comparison
//   hive partition directories      columns are in the files    DuckDB: hive_partitioning=false
//   ORDER BY .. LIMIT over a LEFT   (a DuckDB 1.5 bug: its      DuckDB: disabled_optimizers =
//   JOIN with NULLs in matched rows top-N filter NULL-extends   'top_n'
//                                   matched rows)
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
  /// With floe_sql: the batch whose tables the query runs over (-1: 0).
  int64_t data_batch = -1;
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
