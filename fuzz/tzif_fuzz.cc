// libFuzzer: the TZif reader (RFC 8536) and the POSIX TZ rules of its
// footer. Whatever parses must answer offset queries over the whole range
// of instants without crashing.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "common/time_zone.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto zone = floe::TimeZone::FromTzif("fuzz", bytes);
  if (zone.ok()) {
    for (int64_t t : {int64_t{-62135596800}, int64_t{-1}, int64_t{0}, int64_t{1700000000},
                      int64_t{4102444800}, int64_t{253402300799}}) {
      const int64_t micros = t * 1000000;
      (void)(*zone)->OffsetAt(t);
      (void)(*zone)->LocalToUtc((*zone)->UtcToLocal(micros), micros);
    }
  }
  (void)floe::TimeZone::FromPosixTz("fuzz", bytes);
  return 0;
}
