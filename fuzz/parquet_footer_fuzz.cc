// libFuzzer: Thrift compact parsing of the footer, page headers and page
// indexes; what parses must serialize and parse again to the same values.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "formats/parquet/metadata.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace floe::formats::parquet;
  auto md = ParseFileMetaData(data, static_cast<int64_t>(size));
  if (md.ok()) {
    std::string again;
    SerializeFileMetaData(*md, &again);
    auto md2 = ParseFileMetaData(reinterpret_cast<const uint8_t*>(again.data()), static_cast<int64_t>(again.size()));
    if (!md2.ok() || md2->schema.size() != md->schema.size() || md2->row_groups.size() != md->row_groups.size() ||
        md2->num_rows != md->num_rows) {
      std::abort();  // a round trip must be stable
    }
  }
  int64_t header_size = 0;
  (void)ParsePageHeader(data, static_cast<int64_t>(size), &header_size);
  (void)ParseColumnIndex(data, static_cast<int64_t>(size));
  (void)ParseOffsetIndex(data, static_cast<int64_t>(size));
  return 0;
}
