#pragma once

// BENCHMARKS.md's `sales` table, generated deterministically: every value
// is a function of the row index (splitmix64 of index and column), so any
// range of rows can be produced on its own, in parallel, and checked.

#include <cstdint>
#include <string>
#include <vector>

#include "columnar/vector.h"
#include "common/memory_pool.h"
#include "common/result.h"

namespace floe::cli {

/// The time window the orders fall in: `rows` orders spread evenly over
/// [start, start + span), increasing with the row index, with jitter below
/// one step. BENCHMARKS.md: 365 days ending 2025-12-31 23:59:59.
struct SalesWindow {
  int64_t start_micros = 1735689600LL * 1000000;  // 2025-01-01 00:00:00 UTC
  int64_t span_micros = 365LL * 86400 * 1000000;
  /// Row i is order first_id + i + 1, its other values drawn from first_id
  /// + i too: a later batch (the demo's hourly loads) continues the table
  /// instead of repeating its first rows.
  int64_t first_id = 0;
};

/// The columns: order_id bigint, order_ts timestamp(6), order_date date,
/// customer_id, product_id, store_id integer, amount decimal(12,2),
/// quantity integer, status varchar.
const std::vector<std::string>& SalesColumnNames();
const std::vector<columnar::LogicalType>& SalesColumnTypes();

/// Rows [first, first + n) of a `total_rows`-row table as a chunk.
Result<columnar::Chunk> SalesRows(int64_t first, int64_t n, int64_t total_rows,
                                  const SalesWindow& window, MemoryPool* pool);

/// BENCHMARKS.md's dimension tables, which the sales rows' ids point into:
///   customers(customer_id integer, name varchar, region varchar, segment
///             varchar, signup_date date)                      1,000,000 rows
///   products(product_id integer, name varchar, category varchar, brand
///            varchar, list_price decimal(10,2))                  100,000 rows
///   stores(store_id integer, name varchar, city varchar, region varchar,
///          opened date)                                              500 rows
/// Row i has id i + 1; every other value is derived from i.
struct DimensionTable {
  std::string name;
  int64_t rows = 0;
  std::vector<std::string> column_names;
  std::vector<columnar::LogicalType> column_types;
  /// Rows [first, first + n) as a chunk.
  Result<columnar::Chunk> (*make_rows)(int64_t first, int64_t n, MemoryPool* pool) = nullptr;
};
const std::vector<DimensionTable>& DimensionTables();
/// The dimension table `name`, or null.
const DimensionTable* FindDimensionTable(const std::string& name);

}  // namespace floe::cli
