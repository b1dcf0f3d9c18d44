// libFuzzer: an Avro object container file from untrusted bytes — header,
// schema JSON, blocks, codecs, the binary encoding — read to the end, once
// whole and once with a projection that skips fields.
#include <cstddef>
#include <cstdint>
#include <string>

#include "formats/avro/file_reader.h"

namespace {
void ReadAll(const std::string& bytes, floe::formats::avro::ReaderOptions options) {
  using namespace floe;
  auto fs = io::MemoryFileIO();
  if (!fs->WriteFile("f.avro", bytes).ok()) return;
  auto file = fs->OpenInput("f.avro");
  if (!file.ok()) return;
  options.max_block_bytes = 64 << 20;
  auto reader = formats::avro::FileReader::Open(std::move(*file), options);
  if (!reader.ok()) return;
  formats::avro::Datum d;
  for (int i = 0; i < 100000; ++i) {
    auto more = (*reader)->Next(&d);
    if (!more.ok() || !*more) break;
  }
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string bytes(reinterpret_cast<const char*>(data), size);
  ReadAll(bytes, {});
  floe::formats::avro::ReaderOptions projected;
  projected.fields = {"station"};  // the weather fixtures' first field
  ReadAll(bytes, projected);
  return 0;
}
