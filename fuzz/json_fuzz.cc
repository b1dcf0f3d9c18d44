// libFuzzer: the JSON parser (Avro schemas, Iceberg metadata and REST bodies
// all arrive as JSON). What parses must serialize and parse to the same value.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "common/json.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace floe::json;
  auto v = Parse(std::string_view(reinterpret_cast<const char*>(data), size));
  if (v.ok()) {
    auto again = Parse(Serialize(*v));
    if (!again.ok() || !(*again == *v)) std::abort();
  }
  return 0;
}
