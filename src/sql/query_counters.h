#pragma once

// What one query read, skipped, spilled and held: Trino's query statistics
// (physicalInputBytes, spilledBytes, peakUserMemoryBytes), for clients,
// EXPLAIN ANALYZE and the benchmarks.

#include <cstdint>

namespace floe::sql {

struct QueryCounters {
  // Summed over the query's scans (Iceberg tables and read_* files).
  int64_t files_read = 0;
  int64_t files_pruned = 0;  // by partition values or column metrics
  int64_t row_groups_read = 0;
  int64_t row_groups_pruned = 0;  // by statistics or dictionaries
  int64_t rows_read = 0;
  int64_t bytes_read = 0;  // fetched from storage
  // Data pages decompressed: their compressed and uncompressed (still
  // encoded) bytes, and the values decoded (rows x fixed width).
  int64_t page_bytes_compressed = 0;
  int64_t page_bytes_uncompressed = 0;
  int64_t decoded_bytes = 0;
  int64_t spill_bytes = 0;
  int64_t peak_memory_bytes = 0;  // of the query's memory pool
};

}  // namespace floe::sql
