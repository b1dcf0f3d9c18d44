// libFuzzer: Iceberg table metadata JSON from untrusted bytes (a catalog
// hands floe a metadata file written by anyone). What parses must write
// out and parse back to the same metadata.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "iceberg/table_metadata.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace floe;
  auto m = iceberg::TableMetadata::Parse(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.json");
  if (!m.ok()) return 0;
  json::Value written = m->ToJson();
  auto again = iceberg::TableMetadata::FromJson(written, "again.json");
  if (!again.ok() || !(again->ToJson() == written)) std::abort();
  for (const auto& spec : m->specs) (void)spec.PartitionType(*m->current_schema());
  return 0;
}
