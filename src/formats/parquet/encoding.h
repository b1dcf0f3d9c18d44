#pragma once

// Parquet value and level encodings (parquet-format Encodings.md): decoders
// write straight into the engine's buffers; encoders append to a string.
// Every decoder checks each length and count it reads against the bytes that
// remain and returns Corruption naming the encoding on malformed input.

#include <cstdint>
#include <string>
#include <vector>

#include "columnar/type_fwd.h"
#include "common/result.h"

namespace floe::formats::parquet {

/// The RLE / bit-packing hybrid (levels, dictionary indices, booleans),
/// without the 4-byte length prefix that some uses put in front.
class RleBitPackedDecoder {
 public:
  /// REQUIRES: 0 <= bit_width <= 32. `data` must outlive the decoder.
  RleBitPackedDecoder(const uint8_t* data, int64_t size, int bit_width);

  /// Decodes exactly `n` values into `out`; Corruption if the data ends
  /// first or a run header is malformed. T is uint8_t, int16_t, int32_t or uint32_t
  /// (values wider than T are a Corruption).
  template <typename T>
  Status Decode(T* out, int64_t n);
  /// Like Decode, and also checks every value is < `dictionary_size`.
  Status DecodeIndices(int32_t* out, int64_t n, int32_t dictionary_size);
  /// Decodes up to `n` values, returning how many there were before the data ended.
  template <typename T>
  Result<int64_t> DecodeAvailable(T* out, int64_t n);

 private:
  Status NextRun();
  const uint8_t* data_;
  int64_t size_;
  int64_t pos_ = 0;
  int bit_width_;
  // The current run: a repeated value or a group of bit-packed values.
  int64_t rle_left_ = 0;
  uint32_t rle_value_ = 0;
  int64_t packed_left_ = 0;          // values left in the bit-packed run
  const uint8_t* packed_ = nullptr;  // the bit-packed run's bytes
  int64_t packed_bytes_ = 0;         // their count
  int64_t packed_bit_ = 0;           // bit offset of the next value in packed_
};

/// Appends values in the RLE / bit-packing hybrid (without length prefix).
class RleBitPackedEncoder {
 public:
  explicit RleBitPackedEncoder(int bit_width);
  void Put(uint32_t value);
  template <typename T>
  void PutBatch(const T* values, int64_t n);
  /// Writes pending runs and appends all encoded bytes to `out`; the encoder
  /// is then empty and may be reused.
  void Finish(std::string* out);
  /// An upper bound of the bytes Finish would append now.
  int64_t EstimatedSize() const;

 private:
  int bit_width_;
  std::vector<uint32_t> values_;  // encoded into runs by Finish
};

/// The deprecated BIT_PACKED level encoding (MSB-first bit order): decodes
/// exactly n values of `bit_width` bits.
Status DecodeBitPackedLegacy(const uint8_t* data, int64_t size, int bit_width, int16_t* out,
                             int64_t n);

/// DELTA_BINARY_PACKED for INT32 and INT64.
class DeltaBinaryPackedDecoder {
 public:
  /// Reads the header. `data` must outlive the decoder.
  static Result<DeltaBinaryPackedDecoder> Make(const uint8_t* data, int64_t size);
  /// Total values the header announces.
  int64_t total_values() const { return total_values_; }
  /// Decodes the next `n` values (T = int32_t or int64_t; int32 arithmetic wraps as the spec says).
  template <typename T>
  Status Decode(T* out, int64_t n);
  /// Bytes of `data` used by all values; valid after every value has been
  /// decoded (DELTA_LENGTH_BYTE_ARRAY's byte data starts there).
  int64_t bytes_consumed() const { return pos_; }

 private:
  DeltaBinaryPackedDecoder() = default;
  Status NextBlock();
  Status NextMiniblock();
  const uint8_t* data_ = nullptr;
  int64_t size_ = 0;
  int64_t pos_ = 0;
  uint64_t block_size_ = 0;
  uint64_t miniblocks_per_block_ = 0;
  uint64_t values_per_miniblock_ = 0;
  int64_t total_values_ = 0;
  int64_t values_read_ = 0;
  int64_t last_value_ = 0;
  int64_t min_delta_ = 0;
  const uint8_t* bit_widths_ = nullptr;
  uint64_t miniblock_index_ = 0;
  int64_t miniblock_left_ = 0;
  int bit_width_ = 0;
  const uint8_t* miniblock_data_ = nullptr;
  int64_t miniblock_bytes_ = 0;
  int64_t miniblock_bit_ = 0;
  bool first_ = true;
};

/// Appends values as DELTA_BINARY_PACKED (block 128, 4 miniblocks).
class DeltaBinaryPackedEncoder {
 public:
  template <typename T>
  void Put(const T* values, int64_t n);
  void Finish(std::string* out);

 private:
  std::vector<int64_t> values_;
};

/// DELTA_LENGTH_BYTE_ARRAY: decodes all `n` values of a page; long values
/// point into `data` (which the caller keeps alive), short ones are inlined.
Status DecodeDeltaLengthByteArray(const uint8_t* data, int64_t size, int64_t n,
                                  columnar::StringView* out);
void EncodeDeltaLengthByteArray(const columnar::StringView* values, int64_t n, std::string* out);

/// DELTA_BYTE_ARRAY (incremental prefixes): decodes all `n` values of a
/// page into rows [offset, offset+n) of `out`, whose heap receives the bytes.
Status DecodeDeltaByteArray(const uint8_t* data, int64_t size, int64_t n, columnar::Vector* out,
                            int64_t offset);
void EncodeDeltaByteArray(const columnar::StringView* values, int64_t n, std::string* out);

/// BYTE_STREAM_SPLIT of `n` values of `width` bytes (4 or 8 for FLOAT/
/// DOUBLE/INT32/INT64, any width for FIXED_LEN_BYTE_ARRAY): `size` must be
/// n * width. Writes n * width bytes to `out`.
Status DecodeByteStreamSplit(const uint8_t* data, int64_t size, int width, int64_t n, uint8_t* out);
void EncodeByteStreamSplit(const uint8_t* values, int width, int64_t n, std::string* out);

}  // namespace floe::formats::parquet
