#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "columnar/vector.h"
#include "common/status.h"

namespace floe::cli {

/// What `floe inspect` prints.
struct InspectOptions {
  int64_t rows = 0;  // 0: metadata only; -1: all rows; N: the first N rows
  bool json = false;
  bool metadata = false;
};

/// Appends a CSV field, quoted only when needed (RFC 4180).
void AppendCsvField(std::string_view v, std::string* out);
/// Appends row `row` of `chunk` as CSV (Trino text forms, NULL empty) or a
/// JSON object (varbinary as base64, as Trino's JSON output does).
void AppendRowText(const columnar::Chunk& chunk, const std::vector<std::string>& names, int64_t row,
                   bool json, std::string* out);
std::string Base64(std::string_view s);

/// Inspects a Parquet / Avro file: metadata (or rows) into `out`, metadata
/// requested alongside rows into `meta_out`.
Status InspectParquet(const std::string& path, const InspectOptions& options, std::string* out,
                      std::string* meta_out);
Status InspectAvro(const std::string& path, const InspectOptions& options, std::string* out,
                   std::string* meta_out);

}  // namespace floe::cli
