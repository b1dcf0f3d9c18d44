// libFuzzer: CSV from untrusted bytes — dialect, header and type detection,
// tokenizing (quotes, escapes, line ends), value parsing, rejects, and
// reads of byte-range splits. The first byte picks the options; the rest is
// the file. Memory is capped by a pool limit and small record sizes.
#include <cstddef>
#include <cstdint>
#include <string>

#include "columnar/logical_type.h"
#include "common/memory_pool.h"
#include "formats/csv/csv_reader.h"
#include "formats/text/rejects.h"
#include "io/file_io.h"

namespace {

using namespace floe;
using namespace floe::formats;

void ReadAll(io::FileIO* fs, const csv::CsvReadOptions& options, MemoryPool* pool) {
  auto schema = csv::InferCsvSchema(fs, {"f.csv"}, options, pool);
  if (!schema.ok()) return;
  auto splits = csv::PlanCsvSplits(fs, {"f.csv"}, *schema, options);
  if (!splits.ok()) return;
  for (const auto& split : *splits) {
    auto reader = csv::CsvReader::Open(fs, split, *schema, options, pool);
    if (!reader.ok()) return;
    columnar::Chunk chunk;
    // Like a query, stop at the first error.
    for (int i = 0; i < 100000; ++i) {
      auto more = (*reader)->Next(&chunk);
      if (!more.ok()) return;
      if (!*more) break;
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const uint8_t flags = data[0];
  auto fs = io::MemoryFileIO();
  if (!fs->WriteFile("f.csv", std::string(reinterpret_cast<const char*>(data + 1), size - 1)).ok())
    return 0;
  MemoryPool pool("fuzz", 256 << 20);
  text::RejectCollector rejects(16);
  csv::CsvReadOptions options;
  options.block_size = (flags & 1) ? 7 : 4096;
  options.max_record_bytes = 1 << 16;
  options.batch_size = (flags & 2) ? 3 : 2048;
  if (flags & 4) options.rejects = &rejects;
  if (flags & 8) options.split_bytes = 64;
  switch ((flags >> 4) & 3) {
    case 0:
      break;
    case 1:
      options.escape = '\\';
      break;
    case 2:
      options.quote = '\'';
      options.escape = '\'';
      options.delimiter = ';';
      break;
    case 3:
      options.quote = '\0';
      options.header = false;
      options.null_string = "NA";
      break;
  }
  switch (flags >> 6) {
    case 0:
      break;
    case 1:
      options.date_format = "%d/%m/%Y";
      options.timestamp_format = "%Y-%m-%dT%H:%M:%S.%f%z";
      break;
    case 2:
      options.columns = {{"a", columnar::LogicalType::Decimal(30, 4)},
                         {"b", columnar::LogicalType::Date()},
                         {"c", columnar::LogicalType::Varchar(5)},
                         {"d", columnar::LogicalType::Time()}};
      break;
    case 3:
      options.skip_rows = 1;
      options.sample_rows = 2;
      break;
  }
  ReadAll(fs.get(), options, &pool);
  return 0;
}
