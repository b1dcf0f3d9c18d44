#pragma once

// Reading external files in a query: the table functions read_csv,
// read_json and read_parquet. The binder resolves the files and their
// columns (FileScanSpec); the scan source reads them on every pipeline
// thread, one morsel at a time: a byte range of a CSV file, a JSON file, a
// row group of a Parquet file.

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "columnar/logical_type.h"
#include "common/result.h"
#include "formats/csv/csv_reader.h"
#include "formats/json/json_reader.h"
#include "formats/text/rejects.h"
#include "sql/exec/physical_operator.h"

namespace floe::io {
class FileIO;
}

namespace floe::sql {

struct LogicalOp;

enum class FileFormat : uint8_t { kCsv, kJson, kParquet };

/// Counters of a running query's reads of external files, for a progress
/// line: each file scan registers its counters when it starts; a client
/// thread may sum them at any time.
class LoadProgress {
 public:
  struct Totals {
    int64_t files = 0, bytes_total = 0, bytes_read = 0, rows_read = 0, rows_rejected = 0;
  };
  void Register(int64_t files, int64_t bytes, std::shared_ptr<formats::text::ReadProgress> read);
  Totals totals() const;

 private:
  mutable std::mutex mu_;
  Totals started_;
  std::vector<std::shared_ptr<formats::text::ReadProgress>> reads_;
};

/// One call of read_csv / read_json / read_parquet, as bound: the files it
/// reads, their columns, and how to read them. Shared by the logical plan
/// and the scan that executes it.
struct FileScanSpec {
  std::string function;  // "read_csv"
  FileFormat format = FileFormat::kCsv;
  std::shared_ptr<io::FileIO> io;
  std::vector<std::string> files;  // expanded, in order
  std::vector<int64_t> file_sizes;
  /// Every column the files have, in file order.
  std::vector<std::string> names;
  std::vector<LogicalType> types;

  formats::csv::CsvReadOptions csv;
  formats::csv::CsvSchema csv_schema;
  formats::json::JsonReadOptions json;
  formats::json::JsonSchema json_schema;

  /// Bad rows (CSV and JSON): by default the query fails at the first,
  /// naming file, line and column. With ignore_errors they are left out
  /// and counted (the statement warns how many); with a rejects table
  /// they are also stored there (file, line, column, raw text, reason)
  /// once the statement succeeded. More than rejects_limit rejected rows
  /// fail the statement (memory stays bounded).
  bool ignore_errors = false;
  std::string rejects_table;  // empty: none
  int64_t rejects_limit = 100000;
  std::shared_ptr<formats::text::RejectCollector> rejects;  // set when rows may be rejected

  double estimated_rows = 0;
  int64_t total_bytes() const;
};

/// The scan source of a kFileScan node (its field_ids are positions in the
/// spec's columns).
Result<std::unique_ptr<PhysicalOperator>> MakeFileScan(const LogicalOp& scan);

/// The file scans of a plan, in plan order.
std::vector<std::shared_ptr<FileScanSpec>> CollectFileScans(const LogicalOp& plan);

}  // namespace floe::sql
