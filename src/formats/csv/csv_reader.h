#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "columnar/logical_type.h"
#include "columnar/vector.h"
#include "common/result.h"

namespace floe::io {
class FileIO;
}
namespace floe::formats::text {
class RejectSink;
struct ReadProgress;
}  // namespace floe::formats::text

namespace floe::formats::csv {

/// A column of a CSV file as read: its name and the type values parse to.
struct CsvColumn {
  std::string name;
  columnar::LogicalType type;
};

/// How to read CSV files: the options of DuckDB's read_csv that floe takes.
/// Defaults detect what they can from a sample of the files.
struct CsvReadOptions {
  /// Whether the first line (after skip_rows) of each file names the
  /// columns; unset: detected (a header when the first row's values do not
  /// fit the types of the rows after it, or when every column is text and
  /// the first row has no empty field).
  std::optional<bool> header;
  /// The field delimiter; unset: detected among ',' '|' ';' '\t' (the one
  /// splitting the first rows into the most equally long rows).
  std::optional<char> delimiter;
  /// The quote character; '\0' for none.
  char quote = '"';
  /// The character escaping a quote inside a quoted field; equal to
  /// `quote` (the default) means a doubled quote ("") stands for one.
  char escape = '"';
  /// An unquoted field equal to this is NULL. Empty fields of types other
  /// than varchar (quoted or not) are NULL in any case; a quoted field is
  /// never NULL as text.
  std::string null_string;
  /// strptime-like formats (text::DateTimeFormat) for date and timestamp
  /// columns; empty: ISO 8601 ("2025-01-31", "2025-01-31 10:00:00.5").
  std::string date_format;
  std::string timestamp_format;
  /// Lines skipped at the start of each file, before the header.
  int64_t skip_rows = 0;
  /// The columns, in file order, when given: no type inference, and their
  /// number must match each row's number of fields.
  std::vector<CsvColumn> columns;
  /// Types for some inferred columns, by name (DuckDB's `types`);
  /// InferCsvSchema fails naming one that is not a column.
  std::vector<CsvColumn> column_types;
  /// Rows sampled to detect the dialect, the header and the types, read
  /// from the first files in order (at most max_sample_files of them);
  /// negative: all rows of those files.
  int64_t sample_rows = 20480;
  int max_sample_files = 10;
  /// Where bad rows go instead of failing the read (nullable: fail on the
  /// first, with "file:line:column: reason"). Not owned; must outlive the
  /// readers. Rejects are counted in `progress` too.
  text::RejectSink* rejects = nullptr;
  /// Counters updated as the readers go (nullable, not owned).
  text::ReadProgress* progress = nullptr;
  /// Rows per chunk (at most).
  int64_t batch_size = columnar::kDefaultVectorSize;
  /// Bytes fetched from storage at a time, and the size of the buffer
  /// records are parsed from; it grows for longer records up to
  /// max_record_bytes, beyond which a record is an error.
  int64_t block_size = 1 << 20;
  int64_t max_record_bytes = 8 << 20;
  /// Uncompressed files larger than this are split into byte ranges read in
  /// parallel (PlanCsvSplits); 0 never splits.
  int64_t split_bytes = 64 << 20;
};

/// What InferCsvSchema found (or was given): everything a reader needs.
struct CsvSchema {
  char delimiter = ',';
  bool header = true;
  /// Whether a quoted field of the sample spans lines: then files are
  /// never split into byte ranges.
  bool quoted_newlines = false;
  std::vector<CsvColumn> columns;
};

/// Detects the delimiter, the header and the columns of `files` from
/// sample rows (see CsvReadOptions), as DuckDB's sniffer does: each
/// column's type is the narrowest of boolean, bigint, double, time(6),
/// date, timestamp(6) and varchar that all its sampled values fit
/// (varchar when all are NULL). Names come from the header, trimmed, made
/// unique ("a", "a_1"), "column<i>" when empty; without a header they are
/// column0, column1, ... (zero-padded to equal width). Errors name the file.
Result<CsvSchema> InferCsvSchema(io::FileIO* io, const std::vector<std::string>& files,
                                 const CsvReadOptions& options, MemoryPool* pool);

/// A part of a file for one reader: rows whose first byte lies in
/// [begin, end) (end -1: to the end of the file).
struct CsvSplit {
  std::string path;
  int64_t begin = 0;
  int64_t end = -1;
};

/// Splits the files into parts that readers on several threads can read:
/// one per file, and for an uncompressed file larger than
/// options.split_bytes, ranges of about that size that start at a line,
/// when the sample showed no quoted field spanning lines and no reject
/// sink is set (a range learns the line number of its rows only by
/// counting the lines before it, which rejects would make it do). (A reader that
/// meets such a field in a later part of the file anyway fails, naming it,
/// rather than read wrong rows: read with split_bytes = 0 then.)
Result<std::vector<CsvSplit>> PlanCsvSplits(io::FileIO* io, const std::vector<std::string>& files,
                                            const CsvSchema& schema, const CsvReadOptions& options);

/// Reads one file (or one split of it) into chunks of the schema's
/// columns. Memory is bounded by the block and record sizes and one chunk,
/// whatever the file's size; every buffer comes from `pool`. Not
/// thread-safe: use one reader per thread.
class CsvReader {
 public:
  /// Opens the split's file through `io` (which must outlive the reader).
  /// NotSupported for a column type that cannot be read from text, Invalid
  /// for bad options (a delimiter equal to the quote, a bad date format).
  static Result<std::unique_ptr<CsvReader>> Open(io::FileIO* io, const CsvSplit& split,
                                                 const CsvSchema& schema,
                                                 const CsvReadOptions& options, MemoryPool* pool);
  ~CsvReader();

  /// Fills `out` with the next rows (one flat vector per column, no
  /// selection); false once the split is done. A bad row fails with
  /// "file:line:column: reason" unless options.rejects takes it.
  Result<bool> Next(columnar::Chunk* out);

  /// Rows returned so far, and rows sent to the reject sink.
  int64_t rows_read() const;
  int64_t rows_rejected() const;

 private:
  class Impl;
  explicit CsvReader(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace floe::formats::csv
