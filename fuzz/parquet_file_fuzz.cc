// libFuzzer: a whole Parquet file from untrusted bytes — footer, schema,
// page headers, decompression, levels, every encoding — read to the end,
// then read again with fields skipped over for some batches.
#include <cstddef>
#include <cstdint>
#include <string>

#include "formats/parquet/file_reader.h"
#include "io/file_io.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace floe;
  static MemoryPool pool("fuzz", 256 << 20);  // a bound, not a crash, for huge claims
  auto fs = io::MemoryFileIO();
  if (!fs->WriteFile("f.parquet", std::string(reinterpret_cast<const char*>(data), size)).ok())
    return 0;
  auto file = fs->OpenInput("f.parquet");
  if (!file.ok()) return 0;
  formats::parquet::ReadOptions options;
  options.pool = &pool;
  options.batch_size = 1000;
  auto reader = formats::parquet::FileReader::Open(
      std::shared_ptr<io::RandomAccessFile>(std::move(*file)), options);
  if (!reader.ok()) return 0;
  for (int g = 0; g < (*reader)->num_row_groups(); ++g) {
    auto rg = (*reader)->ReadRowGroup(g);
    if (!rg.ok()) continue;
    columnar::Chunk chunk;
    for (int batches = 0; batches < 10000; ++batches) {
      auto more = (*rg)->Next(&chunk);
      if (!more.ok() || !*more) break;
    }
  }
  // Late materialization: each field read for some batches only (skipping
  // the rest, whole pages undecompressed), as a filtered scan does.
  for (int g = 0; g < (*reader)->num_row_groups(); ++g) {
    auto rg = (*reader)->ReadRowGroup(g);
    if (!rg.ok()) continue;
    for (int batch = 0; batch < 10000; ++batch) {
      if ((*rg)->BeginBatch() == 0) break;
      bool failed = false;
      for (size_t f = 0; f < (*rg)->num_fields() && !failed; ++f) {
        if ((static_cast<size_t>(batch) + f) % 3 == 0) failed = !(*rg)->ReadField(f).ok();
      }
      if (failed) break;
    }
  }
  return 0;
}
