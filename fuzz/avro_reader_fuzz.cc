// libFuzzer: an Avro object container file from untrusted bytes — header,
// schema JSON, blocks, codecs, the binary encoding — read to the end, once
// whole, once with a projection that skips fields, and once through a
// reader schema (schema resolution: matching, promotions, defaults).
#include <cstddef>
#include <cstdint>
#include <memory>
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
  // Resolves against the weather fixtures (station, time, temp) and against
  // Iceberg manifests (status, data_file.file_path by field id).
  static const auto reader_schema = std::make_shared<floe::formats::avro::Schema>(
      floe::formats::avro::Schema::Parse(R"({"type":"record","name":"r","fields":[
        {"name":"station","type":["null","bytes"],"default":null},
        {"name":"time","type":"double","default":0},
        {"name":"temp","type":["null","long"],"default":null},
        {"name":"status","type":"long","field-id":0,"default":1},
        {"name":"data_file","type":{"type":"record","name":"df","fields":[
          {"name":"file_path","type":"string","field-id":100}]},"field-id":2,
          "default":{"file_path":"none"}}]})")
          .ValueOrDie());
  floe::formats::avro::ReaderOptions resolved;
  resolved.reader_schema = reader_schema;
  ReadAll(bytes, resolved);
  return 0;
}
