#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/result.h"

namespace floe::formats {

/// Block compression codecs of Parquet (its CompressionCodec enum) and Avro.
enum class Codec : uint8_t {
  kUncompressed,
  kSnappy,      // raw Snappy block
  kGzip,        // gzip members (Parquet GZIP); concatenated members are decoded
  kZstd,
  kLz4Raw,      // LZ4 block (Parquet LZ4_RAW)
  kLz4Hadoop,   // Parquet's deprecated LZ4: Hadoop framing, falling back to a raw block
  kBrotli,
  kDeflate,     // raw deflate without header (Avro "deflate")
};

/// Lower-case name: "zstd", "snappy", "lz4_raw", ...
std::string_view CodecName(Codec codec);
/// Parses a name as used in table properties and options ("zstd", "gzip",
/// "snappy", "uncompressed"/"none", "lz4_raw", "brotli"), case-insensitively.
Result<Codec> CodecFromName(std::string_view name);

/// Decompresses `input` into exactly `output_size` bytes at `output`.
/// Corruption (naming the codec) when the data is invalid or its size differs.
Status Decompress(Codec codec, const uint8_t* input, int64_t input_size, uint8_t* output,
                  int64_t output_size);

/// Decompresses data whose uncompressed size is not known in advance
/// (Avro blocks), appending to `out`. More than `max_output` bytes is an
/// error, so a small bomb cannot exhaust memory.
Status DecompressUnknownSize(Codec codec, const uint8_t* input, int64_t input_size, std::string* out,
                             int64_t max_output);

/// Compresses `input`, appending to `out`. `level` 0 = the codec's default.
Status Compress(Codec codec, const uint8_t* input, int64_t input_size, std::string* out, int level = 0);

}  // namespace floe::formats
