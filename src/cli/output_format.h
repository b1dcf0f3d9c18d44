#pragma once

// How `floe sql` prints a result: the output formats of the Trino CLI
// (--output-format), byte for byte, so that scripts written against
// `trino --execute` read floe's output unchanged.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "columnar/type_fwd.h"
#include "common/result.h"

namespace floe::cli {

/// The Trino CLI's output formats.
enum class OutputFormat : uint8_t {
  kAligned,            // a table: centered header, rule, rows, "(N rows)"
  kVertical,           // one "-[ RECORD n ]" block per row
  kCsv,                // every value double-quoted, no header
  kCsvHeader,          // as kCsv with a header line
  kCsvUnquoted,        // values unquoted (quotes still doubled), no header
  kCsvHeaderUnquoted,  // as kCsvUnquoted with a header line
  kTsv,                // tab-separated, backslash escapes, no header
  kTsvHeader,          // as kTsv with a header line
  kJson,               // one JSON object per row
  kNull,               // nothing (the query still runs to the end)
};

/// Parses a format name as the Trino CLI spells it, in any case
/// ("aligned", "CSV_HEADER"); Invalid names the formats there are.
Result<OutputFormat> ParseOutputFormat(std::string_view name);

/// One value of a result as text. `text` is Trino's text form of the value
/// ("1.5", "2025-01-01", "[1, 2]"), or its JSON form for OutputFormat::kJson;
/// empty for a null.
struct Cell {
  std::string text;
  bool null = false;
};

/// A result's columns and rows as text, ready to print in one format.
struct TextResult {
  std::vector<std::string> names;
  /// Per column: a number type (right-aligned in aligned output, as Trino does).
  std::vector<bool> numeric;
  std::vector<std::vector<Cell>> rows;

  /// Sets the columns from a result's names and types.
  void SetColumns(const std::vector<std::string>& column_names,
                  const std::vector<columnar::LogicalType>& types);
  /// Appends the rows of a compact chunk (no selection vector), each value
  /// in its JSON form when `json`, else in Trino's text form.
  void AppendChunk(const columnar::Chunk& chunk, bool json);
};

/// Appends `result` to `out` in `format`, exactly as the Trino CLI prints it.
void FormatResult(OutputFormat format, const TextResult& result, std::string* out);

/// The number of terminal columns `s` (UTF-8) takes: East Asian wide
/// characters take two, combining marks none; invalid bytes count one each.
int64_t DisplayWidth(std::string_view s);

}  // namespace floe::cli
