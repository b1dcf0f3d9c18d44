#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "common/buffer.h"
#include "common/result.h"

namespace floe::io {
class FileIO;
class RandomAccessFile;
}  // namespace floe::io

namespace floe::formats::text {

struct ReadProgress;

/// How a text file is compressed, known from its name.
enum class Compression : uint8_t { kNone, kGzip, kZstd };

/// ".gz"/".gzip" -> gzip, ".zst"/".zstd" -> zstd (case-insensitive), else none.
Compression CompressionFromPath(std::string_view path);

/// The bytes of one file, decompressed on the fly: the file is fetched in
/// blocks through FileIO, so memory stays at about two blocks (plus the
/// decompressor's window: 32 KiB for gzip, at most 128 MiB for zstd, as
/// the frame asks) whatever the file's size. Not thread-safe.
class TextInputStream {
 public:
  /// Opens `path`, to read from byte `offset` of its (uncompressed) bytes,
  /// fetching `block_size` bytes at a time from a buffer of `pool`.
  /// Invalid when `offset` is not 0 for a compressed file. `progress`
  /// (nullable) counts the bytes fetched.
  static Result<std::unique_ptr<TextInputStream>> Open(io::FileIO* io, const std::string& path,
                                                       int64_t offset, int64_t block_size,
                                                       MemoryPool* pool, ReadProgress* progress);
  ~TextInputStream();

  /// Reads up to `n` bytes into `out`; fewer only at the end of the data,
  /// 0 once there. Corruption naming the file for bad compressed data.
  Result<int64_t> Read(uint8_t* out, int64_t n);

  const std::string& path() const { return path_; }
  /// The offset given to Open: where the stream's first byte is.
  int64_t start_offset() const { return start_offset_; }
  /// The size of the file as stored (compressed or not).
  int64_t file_size() const { return file_size_; }
  Compression compression() const { return compression_; }

 private:
  struct Decoder;
  TextInputStream() = default;
  /// Reads up to `n` stored bytes at the file position.
  Result<int64_t> ReadStored(uint8_t* out, int64_t n);
  Result<int64_t> ReadGzip(uint8_t* out, int64_t n);
  Result<int64_t> ReadZstd(uint8_t* out, int64_t n);
  Status RefillInput();

  std::string path_;
  std::unique_ptr<io::RandomAccessFile> file_;
  int64_t file_size_ = 0;
  int64_t start_offset_ = 0;
  int64_t position_ = 0;  // next stored byte to fetch
  Compression compression_ = Compression::kNone;
  ReadProgress* progress_ = nullptr;
  std::shared_ptr<Buffer> input_;  // compressed bytes fetched, not yet decoded
  int64_t input_begin_ = 0, input_end_ = 0;
  std::unique_ptr<Decoder> decoder_;
};

}  // namespace floe::formats::text
