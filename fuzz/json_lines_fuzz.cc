// libFuzzer: JSON lines and top-level arrays from untrusted bytes — the
// iterative syntax scanner (strings, escapes, numbers, nesting up to
// max_depth), key and type inference, conversion into columns and rejects.
// The first byte picks the options; the rest is the file.
#include <cstddef>
#include <cstdint>
#include <string>

#include "columnar/logical_type.h"
#include "common/memory_pool.h"
#include "formats/json/json_reader.h"
#include "formats/text/rejects.h"
#include "io/file_io.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace floe;
  using namespace floe::formats;
  if (size == 0) return 0;
  const uint8_t flags = data[0];
  auto fs = io::MemoryFileIO();
  if (!fs->WriteFile("f.json", std::string(reinterpret_cast<const char*>(data + 1), size - 1)).ok())
    return 0;
  MemoryPool pool("fuzz", 256 << 20);
  text::RejectCollector rejects(16);
  json::JsonReadOptions options;
  options.block_size = (flags & 1) ? 5 : 4096;
  options.max_record_bytes = 1 << 16;
  options.batch_size = (flags & 2) ? 3 : 2048;
  if (flags & 4) options.rejects = &rejects;
  options.format = static_cast<json::JsonFormat>((flags >> 3) % 3);
  if (flags & 0x20) options.max_depth = 3;
  switch (flags >> 6) {
    case 0:
      break;
    case 1:
      options.detect_dates = false;
      break;
    case 2:
      options.columns = {{"a", columnar::LogicalType::BigInt()},
                         {"b", columnar::LogicalType::Decimal(12, 3)},
                         {"c", columnar::LogicalType::Timestamp()},
                         {"d", columnar::LogicalType::Boolean()},
                         {"e", columnar::LogicalType::Varchar()}};
      break;
    case 3:
      options.date_format = "%d.%m.%Y";
      break;
  }
  auto schema = json::InferJsonSchema(fs.get(), {"f.json"}, options, &pool);
  if (!schema.ok()) return 0;
  auto reader = json::JsonReader::Open(fs.get(), "f.json", *schema, options, &pool);
  if (!reader.ok()) return 0;
  columnar::Chunk chunk;
  for (int i = 0; i < 100000; ++i) {
    auto more = (*reader)->Next(&chunk);
    if (!more.ok() || !*more) break;
  }
  return 0;
}
