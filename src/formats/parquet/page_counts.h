#pragma once

#include <cstdint>

namespace floe::formats::parquet {

/// A column chunk's pages: those stepped over without decompressing, and
/// those decoded with their compressed and uncompressed (still encoded)
/// sizes (the bytes a scan had to decompress: benchmarks' physical limit).
struct PageCounts {
  int64_t skipped = 0;
  int64_t decoded = 0;
  int64_t compressed_bytes = 0;
  int64_t uncompressed_bytes = 0;
  PageCounts& operator+=(const PageCounts& o) {
    skipped += o.skipped;
    decoded += o.decoded;
    compressed_bytes += o.compressed_bytes;
    uncompressed_bytes += o.uncompressed_bytes;
    return *this;
  }
};

}  // namespace floe::formats::parquet
