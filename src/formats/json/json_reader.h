#pragma once

#include <cstdint>
#include <memory>
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

namespace floe::formats::json {

/// How the objects of a JSON file are laid out.
enum class JsonFormat : uint8_t {
  kAuto,   // an array when the file's first character is '[', else objects
  kLines,  // objects one after another (JSON lines; an object may span lines)
  kArray,  // one top-level array of objects
};

/// A column read from JSON: the object key it comes from and its type.
struct JsonColumn {
  std::string name;
  columnar::LogicalType type;
};

/// How to read JSON files: the options of DuckDB's read_json that floe takes.
struct JsonReadOptions {
  JsonFormat format = JsonFormat::kAuto;
  /// The columns (keys and types) when given: no inference; keys of the
  /// objects not among them are ignored.
  std::vector<JsonColumn> columns;
  /// Types for some inferred columns, by key.
  std::vector<JsonColumn> column_types;
  /// Objects sampled to infer the columns, from the first files in order;
  /// negative: all objects of those files.
  int64_t sample_rows = 20480;
  int max_sample_files = 10;
  /// Whether string values that all read as dates (or all as timestamps)
  /// make date (timestamp) columns, as in DuckDB.
  bool detect_dates = true;
  /// strptime-like formats for date and timestamp strings (see
  /// text::DateTimeFormat); empty: ISO 8601.
  std::string date_format;
  std::string timestamp_format;
  /// Where bad rows go instead of failing the read (nullable, not owned).
  text::RejectSink* rejects = nullptr;
  /// Counters updated as the readers go (nullable, not owned).
  text::ReadProgress* progress = nullptr;
  int64_t batch_size = columnar::kDefaultVectorSize;
  /// Bytes fetched at a time; an object longer than max_record_bytes is an error.
  int64_t block_size = 1 << 20;
  int64_t max_record_bytes = 8 << 20;
  /// Nesting deeper than this (objects and arrays) is an error.
  int max_depth = 256;
};

/// The columns InferJsonSchema found (or was given) and the layout of
/// the first file.
struct JsonSchema {
  JsonFormat format = JsonFormat::kLines;
  std::vector<JsonColumn> columns;
};

/// Infers the columns of `files` from sample objects: the keys in order of
/// first appearance (the union over the sample), each typed as the
/// narrowest fit of its values: boolean, bigint (integers within int64),
/// double (other numbers), date or timestamp(6) (strings that all read as
/// such, with detect_dates), else varchar. Nested objects and arrays are
/// varchar columns holding the JSON text (without whitespace); a key with
/// values of several kinds is varchar too (strings as their text, other
/// values as JSON). A key seen only with null is varchar.
Result<JsonSchema> InferJsonSchema(io::FileIO* io, const std::vector<std::string>& files,
                                   const JsonReadOptions& options, MemoryPool* pool);

/// Reads one JSON file into chunks of the schema's columns; a key missing
/// from an object reads as NULL. Strings convert to the column's type
/// as text does in CSV (a string "12" reads into bigint). Memory is bounded
/// by the block and record sizes and one chunk. Not thread-safe: use one
/// reader per file and thread.
class JsonReader {
 public:
  /// Opens `path` through `io` (which must outlive the reader).
  static Result<std::unique_ptr<JsonReader>> Open(io::FileIO* io, const std::string& path,
                                                  const JsonSchema& schema,
                                                  const JsonReadOptions& options, MemoryPool* pool);
  ~JsonReader();

  /// Fills `out` with the next rows; false at the end. A bad object fails
  /// with "file:line:column: reason" unless options.rejects takes it (in a
  /// top-level array only objects with values of wrong types can be
  /// rejected: a syntax error there ends the read).
  Result<bool> Next(columnar::Chunk* out);

  int64_t rows_read() const;
  int64_t rows_rejected() const;

 private:
  class Impl;
  explicit JsonReader(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace floe::formats::json
