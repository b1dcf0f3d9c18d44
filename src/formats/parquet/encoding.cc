#include "formats/parquet/encoding.h"

#include <algorithm>
#include <array>
#include <utility>
#include <cstring>
#include <limits>

#include "columnar/string_view.h"
#include "columnar/vector.h"
#include "common/bit_util.h"

namespace floe::formats::parquet {

using columnar::StringView;

namespace {

constexpr int64_t kMaxExpandedPage = int64_t{1} << 30;

// Reads a ULEB128 varint of at most 10 bytes.
bool ReadUleb(const uint8_t* data, int64_t size, int64_t* pos, uint64_t* out) {
  uint64_t v = 0;
  for (int shift = 0; shift < 70 && *pos < size; shift += 7) {
    uint8_t b = data[(*pos)++];
    if (shift == 63 && (b & 0x7e)) return false;
    v |= static_cast<uint64_t>(b & 0x7f) << shift;
    if (!(b & 0x80)) {
      *out = v;
      return true;
    }
  }
  return false;
}

int64_t ZigZag(uint64_t u) { return static_cast<int64_t>((u >> 1) ^ (~(u & 1) + 1)); }

void WriteUleb(uint64_t v, std::string* out) {
  while (v >= 0x80) {
    out->push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<char>(v));
}

// Loads the 8 bytes at p, or fewer when `avail` < 8 (zero-filled).
inline uint64_t Load64(const uint8_t* p, int64_t avail) {
  if (avail >= 8) return bit_util::LoadLE<uint64_t>(p);
  uint64_t v = 0;
  if (avail > 0) std::memcpy(&v, p, static_cast<size_t>(avail));
  return v;
}

// Unpacks `n` values of BW bits (LSB first) starting at bit `bit` of `in`,
// which holds `in_bytes` bytes (every needed bit is known to be there).
template <int BW, typename T>
void UnpackFixed(const uint8_t* in, int64_t in_bytes, int64_t bit, T* out, int64_t n) {
  if constexpr (BW == 0) {
    std::fill(out, out + n, T{0});
  } else {
    constexpr uint64_t kMask = BW == 64 ? ~uint64_t{0} : ((uint64_t{1} << BW) - 1);
    int64_t i = 0;
    // Fast path: 16 readable bytes from the value's first byte.
    for (; i < n; ++i, bit += BW) {
      int64_t byte = bit >> 3;
      int shift = static_cast<int>(bit & 7);
      if (byte + 16 > in_bytes) break;
      uint64_t lo = bit_util::LoadLE<uint64_t>(in + byte);
      uint64_t v = lo >> shift;
      if constexpr (BW > 56) {
        if (shift + BW > 64) v |= bit_util::LoadLE<uint64_t>(in + byte + 8) << (64 - shift);
      }
      out[i] = static_cast<T>(v & kMask);
    }
    for (; i < n; ++i, bit += BW) {
      int64_t byte = bit >> 3;
      int shift = static_cast<int>(bit & 7);
      uint64_t v = Load64(in + byte, in_bytes - byte) >> shift;
      if (shift + BW > 64) v |= Load64(in + byte + 8, in_bytes - byte - 8) << (64 - shift);
      out[i] = static_cast<T>(v & kMask);
    }
  }
}

template <typename T>
using UnpackFn = void (*)(const uint8_t*, int64_t, int64_t, T*, int64_t);

template <typename T, int... BW>
constexpr auto MakeUnpackTable(std::integer_sequence<int, BW...>) {
  return std::array<UnpackFn<T>, sizeof...(BW)>{&UnpackFixed<BW, T>...};
}

template <typename T>
void Unpack(const uint8_t* in, int64_t in_bytes, int64_t bit, int bw, T* out, int64_t n) {
  static constexpr auto kTable = MakeUnpackTable<T>(std::make_integer_sequence<int, 65>{});
  kTable[static_cast<size_t>(bw)](in, in_bytes, bit, out, n);
}

}  // namespace

// ---------------- RLE / bit-packed hybrid ----------------

RleBitPackedDecoder::RleBitPackedDecoder(const uint8_t* data, int64_t size, int bit_width)
    : data_(data), size_(size), bit_width_(bit_width) {}

Status RleBitPackedDecoder::NextRun() {
  while (true) {
    if (pos_ >= size_) return Status::Corruption("RLE/bit-packed data ends before all values were read");
    uint64_t header;
    if (!ReadUleb(data_, size_, &pos_, &header)) return Status::Corruption("RLE/bit-packed run header is malformed");
    if (header & 1) {
      uint64_t groups = header >> 1;
      int64_t bytes_left = size_ - pos_;
      // A final bit-packed run may be cut short: keep the values whose bits exist.
      uint64_t full_bytes = groups * static_cast<uint64_t>(bit_width_);
      int64_t bytes = full_bytes > static_cast<uint64_t>(bytes_left) ? bytes_left : static_cast<int64_t>(full_bytes);
      int64_t values = bit_width_ == 0 ? static_cast<int64_t>(std::min<uint64_t>(groups * 8, INT64_MAX / 2))
                                        : bytes * 8 / bit_width_;
      if (values == 0) {
        if (groups == 0) continue;
        return Status::Corruption("RLE/bit-packed run has no bytes for its values");
      }
      packed_ = data_ + pos_;
      packed_left_ = values;
      packed_bit_ = 0;
      packed_bytes_ = bytes;
      pos_ += bytes;
      return Status::OK();
    }
    uint64_t count = header >> 1;
    int value_bytes = (bit_width_ + 7) / 8;
    if (size_ - pos_ < value_bytes) return Status::Corruption("RLE run value is truncated");
    uint32_t v = 0;
    for (int i = 0; i < value_bytes; ++i) v |= static_cast<uint32_t>(data_[pos_ + i]) << (8 * i);
    pos_ += value_bytes;
    if (bit_width_ < 32 && (v >> bit_width_) != 0) {
      return Status::Corruption("RLE run value ", v, " does not fit in ", bit_width_, " bits");
    }
    if (count == 0) continue;
    rle_value_ = v;
    rle_left_ = static_cast<int64_t>(std::min<uint64_t>(count, INT64_MAX / 2));
    return Status::OK();
  }
}

template <typename T>
Result<int64_t> RleBitPackedDecoder::DecodeAvailable(T* out, int64_t n) {
  if (bit_width_ < 0 || bit_width_ > 32) return Status::Corruption("RLE/bit-packed bit width ", bit_width_, " is over 32");
  if (bit_width_ > static_cast<int>(8 * sizeof(T)) && !(sizeof(T) == 4)) {
    return Status::Corruption("RLE/bit-packed bit width ", bit_width_, " is too wide for these values");
  }
  int64_t done = 0;
  while (done < n) {
    if (rle_left_ == 0 && packed_left_ == 0) {
      if (pos_ >= size_) break;
      FLOE_RETURN_NOT_OK(NextRun());
    }
    if (rle_left_ > 0) {
      int64_t m = std::min(n - done, rle_left_);
      if (rle_value_ > static_cast<uint64_t>(std::numeric_limits<T>::max()) && sizeof(T) < 4) {
        return Status::Corruption("RLE value ", rle_value_, " is out of range");
      }
      std::fill(out + done, out + done + m, static_cast<T>(rle_value_));
      rle_left_ -= m;
      done += m;
    } else {
      int64_t m = std::min(n - done, packed_left_);
      Unpack<T>(packed_, packed_bytes_, packed_bit_, bit_width_, out + done, m);
      packed_bit_ += m * bit_width_;
      packed_left_ -= m;
      done += m;
    }
  }
  return done;
}

template <typename T>
Status RleBitPackedDecoder::Decode(T* out, int64_t n) {
  FLOE_ASSIGN_OR_RETURN(int64_t got, DecodeAvailable(out, n));
  if (got != n) return Status::Corruption("RLE/bit-packed data ends after ", got, " of ", n, " values");
  return Status::OK();
}

Status RleBitPackedDecoder::DecodeIndices(int32_t* out, int64_t n, int32_t dictionary_size) {
  FLOE_RETURN_NOT_OK(Decode(reinterpret_cast<uint32_t*>(out), n));
  uint32_t max = 0;
  const uint32_t* u = reinterpret_cast<const uint32_t*>(out);
  for (int64_t i = 0; i < n; ++i) max = std::max(max, u[i]);
  if (n > 0 && max >= static_cast<uint32_t>(dictionary_size)) {
    return Status::Corruption("dictionary index ", max, " is out of range (the dictionary has ", dictionary_size,
                              " values)");
  }
  return Status::OK();
}

template Status RleBitPackedDecoder::Decode<uint8_t>(uint8_t*, int64_t);
template Status RleBitPackedDecoder::Decode<int16_t>(int16_t*, int64_t);
template Status RleBitPackedDecoder::Decode<int32_t>(int32_t*, int64_t);
template Status RleBitPackedDecoder::Decode<uint32_t>(uint32_t*, int64_t);
template Result<int64_t> RleBitPackedDecoder::DecodeAvailable<uint8_t>(uint8_t*, int64_t);
template Result<int64_t> RleBitPackedDecoder::DecodeAvailable<int16_t>(int16_t*, int64_t);
template Result<int64_t> RleBitPackedDecoder::DecodeAvailable<int32_t>(int32_t*, int64_t);
template Result<int64_t> RleBitPackedDecoder::DecodeAvailable<uint32_t>(uint32_t*, int64_t);

RleBitPackedEncoder::RleBitPackedEncoder(int bit_width) : bit_width_(bit_width) {}

void RleBitPackedEncoder::Put(uint32_t value) { values_.push_back(value); }

template <typename T>
void RleBitPackedEncoder::PutBatch(const T* values, int64_t n) {
  size_t old = values_.size();
  values_.resize(old + static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) values_[old + static_cast<size_t>(i)] = static_cast<uint32_t>(values[i]);
}
template void RleBitPackedEncoder::PutBatch<int16_t>(const int16_t*, int64_t);
template void RleBitPackedEncoder::PutBatch<int32_t>(const int32_t*, int64_t);
template void RleBitPackedEncoder::PutBatch<uint32_t>(const uint32_t*, int64_t);
template void RleBitPackedEncoder::PutBatch<uint8_t>(const uint8_t*, int64_t);

int64_t RleBitPackedEncoder::EstimatedSize() const {
  return static_cast<int64_t>(values_.size()) * bit_width_ / 8 + 16;
}

void RleBitPackedEncoder::Finish(std::string* out) {
  const uint32_t* v = values_.data();
  int64_t n = static_cast<int64_t>(values_.size());
  int value_bytes = (bit_width_ + 7) / 8;
  auto emit_packed = [&](int64_t start, int64_t count) {
    int64_t groups = (count + 7) / 8;
    WriteUleb(static_cast<uint64_t>(groups) << 1 | 1, out);
    size_t base = out->size();
    out->resize(base + static_cast<size_t>(groups * bit_width_), '\0');
    uint8_t* dst = reinterpret_cast<uint8_t*>(out->data() + base);
    int64_t bit = 0;
    for (int64_t i = 0; i < count; ++i, bit += bit_width_) {
      uint64_t x = v[start + i];
      for (int b = 0; b < bit_width_; b += 8) {
        int64_t pos = bit + b;
        uint64_t part = (x >> b) << (pos & 7);
        for (int k = 0; part != 0 && k < 3; ++k, part >>= 8) dst[(pos >> 3) + k] |= static_cast<uint8_t>(part & 0xff);
      }
    }
  };
  auto emit_rle = [&](uint32_t value, int64_t count) {
    WriteUleb(static_cast<uint64_t>(count) << 1, out);
    for (int i = 0; i < value_bytes; ++i) out->push_back(static_cast<char>((value >> (8 * i)) & 0xff));
  };
  int64_t lit_start = 0, i = 0;
  while (i < n) {
    int64_t j = i + 1;
    while (j < n && v[j] == v[i]) ++j;
    if (j - i >= 8) {
      // Literals before the run must fill whole groups of 8: borrow from the run.
      int64_t lits = i - lit_start;
      int64_t start = i;
      if (lits % 8 != 0) start += 8 - lits % 8;
      if (start > lit_start) emit_packed(lit_start, start - lit_start);
      if (j > start) emit_rle(v[i], j - start);
      lit_start = j;
    }
    i = j;
  }
  if (n > lit_start) emit_packed(lit_start, n - lit_start);
  values_.clear();
}

Status DecodeBitPackedLegacy(const uint8_t* data, int64_t size, int bit_width, int16_t* out, int64_t n) {
  if (bit_width < 0 || bit_width > 16) return Status::Corruption("BIT_PACKED level width ", bit_width, " is over 16");
  if ((n * bit_width + 7) / 8 > size) return Status::Corruption("BIT_PACKED levels are truncated");
  int64_t bit = 0;
  for (int64_t i = 0; i < n; ++i) {
    int v = 0;
    for (int b = 0; b < bit_width; ++b, ++bit) v = (v << 1) | ((data[bit >> 3] >> (7 - (bit & 7))) & 1);
    out[i] = static_cast<int16_t>(v);
  }
  return Status::OK();
}

// ---------------- DELTA_BINARY_PACKED ----------------

Result<DeltaBinaryPackedDecoder> DeltaBinaryPackedDecoder::Make(const uint8_t* data, int64_t size) {
  DeltaBinaryPackedDecoder d;
  d.data_ = data;
  d.size_ = size;
  uint64_t block, miniblocks, total, first;
  if (!ReadUleb(data, size, &d.pos_, &block) || !ReadUleb(data, size, &d.pos_, &miniblocks) ||
      !ReadUleb(data, size, &d.pos_, &total) || !ReadUleb(data, size, &d.pos_, &first)) {
    return Status::Corruption("DELTA_BINARY_PACKED header is truncated or malformed");
  }
  if (block == 0 || block % 128 != 0 || block > (1u << 20) || miniblocks == 0 || block % miniblocks != 0 ||
      (block / miniblocks) % 32 != 0) {
    return Status::Corruption("DELTA_BINARY_PACKED header has an invalid block size ", block, " / ", miniblocks,
                              " miniblocks");
  }
  if (total > static_cast<uint64_t>(INT32_MAX)) {
    return Status::Corruption("DELTA_BINARY_PACKED header announces ", total, " values");
  }
  d.block_size_ = block;
  d.miniblocks_per_block_ = miniblocks;
  d.values_per_miniblock_ = block / miniblocks;
  d.total_values_ = static_cast<int64_t>(total);
  d.last_value_ = ZigZag(first);
  d.miniblock_index_ = d.miniblocks_per_block_;  // the first value read opens a block
  return d;
}

Status DeltaBinaryPackedDecoder::NextBlock() {
  uint64_t md;
  if (!ReadUleb(data_, size_, &pos_, &md)) return Status::Corruption("DELTA_BINARY_PACKED block header is truncated");
  min_delta_ = ZigZag(md);
  if (static_cast<uint64_t>(size_ - pos_) < miniblocks_per_block_) {
    return Status::Corruption("DELTA_BINARY_PACKED bit widths are truncated");
  }
  bit_widths_ = data_ + pos_;
  pos_ += static_cast<int64_t>(miniblocks_per_block_);
  miniblock_index_ = 0;
  return NextMiniblock();
}

Status DeltaBinaryPackedDecoder::NextMiniblock() {
  if (miniblock_index_ >= miniblocks_per_block_) return NextBlock();
  bit_width_ = bit_widths_[miniblock_index_++];
  if (bit_width_ > 64) return Status::Corruption("DELTA_BINARY_PACKED bit width ", bit_width_, " is over 64");
  int64_t bytes = static_cast<int64_t>(values_per_miniblock_) * bit_width_ / 8;
  int64_t left = size_ - pos_;
  // The last miniblock is padded to full size by the spec; accept it cut short
  // as long as the values that remain have their bits.
  int64_t needed_values = std::min<int64_t>(static_cast<int64_t>(values_per_miniblock_), total_values_ - values_read_);
  if ((needed_values * bit_width_ + 7) / 8 > left) return Status::Corruption("DELTA_BINARY_PACKED miniblock is truncated");
  miniblock_data_ = data_ + pos_;
  miniblock_bytes_ = std::min(bytes, left);
  miniblock_bit_ = 0;
  miniblock_left_ = static_cast<int64_t>(values_per_miniblock_);
  pos_ += miniblock_bytes_;
  return Status::OK();
}

template <typename T>
Status DeltaBinaryPackedDecoder::Decode(T* out, int64_t n) {
  if (n > total_values_ - values_read_) {
    return Status::Corruption("DELTA_BINARY_PACKED holds ", total_values_ - values_read_, " more values, not ", n);
  }
  int64_t done = 0;
  if (n > 0 && first_) {
    out[0] = static_cast<T>(last_value_);
    first_ = false;
    ++values_read_;
    ++done;
  }
  uint64_t deltas[64];
  while (done < n) {
    if (miniblock_left_ == 0) FLOE_RETURN_NOT_OK(NextMiniblock());
    int64_t m = std::min<int64_t>({n - done, miniblock_left_, 64});
    Unpack<uint64_t>(miniblock_data_, miniblock_bytes_, miniblock_bit_, bit_width_, deltas, m);
    miniblock_bit_ += m * bit_width_;
    miniblock_left_ -= m;
    uint64_t last = static_cast<uint64_t>(last_value_);
    uint64_t min_delta = static_cast<uint64_t>(min_delta_);
    for (int64_t i = 0; i < m; ++i) {
      last += min_delta + deltas[i];  // wraps modulo 2^64 (and 2^32 once narrowed), as the spec says
      out[done + i] = static_cast<T>(last);
    }
    last_value_ = static_cast<int64_t>(last);
    done += m;
    values_read_ += m;
  }
  return Status::OK();
}

template Status DeltaBinaryPackedDecoder::Decode<int32_t>(int32_t*, int64_t);
template Status DeltaBinaryPackedDecoder::Decode<int64_t>(int64_t*, int64_t);

template <typename T>
void DeltaBinaryPackedEncoder::Put(const T* values, int64_t n) {
  for (int64_t i = 0; i < n; ++i) values_.push_back(static_cast<int64_t>(values[i]));
}
template void DeltaBinaryPackedEncoder::Put<int32_t>(const int32_t*, int64_t);
template void DeltaBinaryPackedEncoder::Put<int64_t>(const int64_t*, int64_t);

void DeltaBinaryPackedEncoder::Finish(std::string* out) {
  constexpr int kBlock = 128, kMiniblocks = 4, kPerMini = kBlock / kMiniblocks;
  int64_t n = static_cast<int64_t>(values_.size());
  WriteUleb(kBlock, out);
  WriteUleb(kMiniblocks, out);
  WriteUleb(static_cast<uint64_t>(n), out);
  uint64_t first = n > 0 ? static_cast<uint64_t>(values_[0]) : 0;
  WriteUleb((first << 1) ^ static_cast<uint64_t>(static_cast<int64_t>(first) >> 63), out);
  for (int64_t start = 1; start < n; start += kBlock) {
    int64_t count = std::min<int64_t>(kBlock, n - start);
    uint64_t deltas[kBlock];
    int64_t min_delta = INT64_MAX;
    for (int64_t i = 0; i < count; ++i) {
      deltas[i] = static_cast<uint64_t>(values_[start + i]) - static_cast<uint64_t>(values_[start + i - 1]);
      min_delta = std::min(min_delta, static_cast<int64_t>(deltas[i]));
    }
    uint64_t md = static_cast<uint64_t>(min_delta);
    WriteUleb((md << 1) ^ static_cast<uint64_t>(min_delta >> 63), out);
    uint8_t widths[kMiniblocks] = {0, 0, 0, 0};
    for (int mb = 0; mb < kMiniblocks; ++mb) {
      uint64_t max = 0;
      for (int64_t i = mb * kPerMini; i < std::min<int64_t>(count, (mb + 1) * kPerMini); ++i) {
        max = std::max(max, deltas[i] - md);
      }
      widths[mb] = static_cast<uint8_t>(bit_util::BitWidth(max));
    }
    out->append(reinterpret_cast<const char*>(widths), kMiniblocks);
    for (int mb = 0; mb < kMiniblocks && mb * kPerMini < count; ++mb) {
      int w = widths[mb];
      size_t base = out->size();
      out->resize(base + static_cast<size_t>(kPerMini * w / 8), '\0');
      uint8_t* dst = reinterpret_cast<uint8_t*>(out->data() + base);
      for (int64_t i = 0; i < kPerMini; ++i) {
        int64_t idx = mb * kPerMini + i;
        uint64_t x = idx < count ? deltas[idx] - md : 0;
        for (int b = 0; b < w; ++b) {
          if ((x >> b) & 1) {
            int64_t bit = i * w + b;
            dst[bit >> 3] |= static_cast<uint8_t>(1u << (bit & 7));
          }
        }
      }
    }
  }
  values_.clear();
}

// ---------------- byte arrays ----------------

namespace {
Status DecodeLengths(const uint8_t* data, int64_t size, int64_t n, std::vector<int32_t>* lengths, int64_t* consumed) {
  FLOE_ASSIGN_OR_RETURN(auto d, DeltaBinaryPackedDecoder::Make(data, size));
  if (d.total_values() != n) {
    return Status::Corruption("lengths header announces ", d.total_values(), " values, expected ", n);
  }
  lengths->resize(static_cast<size_t>(n));
  FLOE_RETURN_NOT_OK(d.Decode(lengths->data(), n));
  *consumed = d.bytes_consumed();
  return Status::OK();
}
}  // namespace

Status DecodeDeltaLengthByteArray(const uint8_t* data, int64_t size, int64_t n, StringView* out) {
  std::vector<int32_t> lengths;
  int64_t pos = 0;
  Status st = DecodeLengths(data, size, n, &lengths, &pos);
  if (!st.ok()) return st.WithContext("DELTA_LENGTH_BYTE_ARRAY");
  for (int64_t i = 0; i < n; ++i) {
    int32_t len = lengths[static_cast<size_t>(i)];
    if (len < 0 || len > size - pos) {
      return Status::Corruption("DELTA_LENGTH_BYTE_ARRAY: value ", i, " of ", len, " bytes exceeds the ", size - pos,
                                " bytes left");
    }
    out[i] = StringView(reinterpret_cast<const char*>(data + pos), static_cast<uint32_t>(len));
    pos += len;
  }
  return Status::OK();
}

void EncodeDeltaLengthByteArray(const StringView* values, int64_t n, std::string* out) {
  DeltaBinaryPackedEncoder lengths;
  for (int64_t i = 0; i < n; ++i) {
    int32_t len = static_cast<int32_t>(values[i].size());
    lengths.Put(&len, 1);
  }
  lengths.Finish(out);
  for (int64_t i = 0; i < n; ++i) out->append(values[i].data(), values[i].size());
}

Status DecodeDeltaByteArray(const uint8_t* data, int64_t size, int64_t n, columnar::Vector* out, int64_t offset) {
  std::vector<int32_t> prefixes;
  int64_t pos = 0;
  Status st = DecodeLengths(data, size, n, &prefixes, &pos);
  if (!st.ok()) return st.WithContext("DELTA_BYTE_ARRAY prefix lengths");
  std::vector<StringView> suffixes(static_cast<size_t>(n));
  st = DecodeDeltaLengthByteArray(data + pos, size - pos, n, suffixes.data());
  if (!st.ok()) return st.WithContext("DELTA_BYTE_ARRAY suffixes");
  // Total bytes of the values, bounded before anything is allocated.
  int64_t total = 0, prev_len = 0;
  for (int64_t i = 0; i < n; ++i) {
    int32_t p = prefixes[static_cast<size_t>(i)];
    if (p < 0 || p > prev_len) {
      return Status::Corruption("DELTA_BYTE_ARRAY: prefix length ", p, " of value ", i, " exceeds the previous value's ",
                                prev_len, " bytes");
    }
    prev_len = p + static_cast<int64_t>(suffixes[static_cast<size_t>(i)].size());
    total += prev_len;
    if (total > kMaxExpandedPage) return Status::Corruption("DELTA_BYTE_ARRAY page expands past 1 GiB");
  }
  FLOE_ASSIGN_OR_RETURN(char* heap, out->AllocateStringBytes(total > 0 ? total : 1));
  StringView* views = out->mutable_data<StringView>() + offset;
  const char* prev = nullptr;
  for (int64_t i = 0; i < n; ++i) {
    int32_t p = prefixes[static_cast<size_t>(i)];
    const StringView& s = suffixes[static_cast<size_t>(i)];
    if (p > 0) std::memcpy(heap, prev, static_cast<size_t>(p));
    if (s.size() > 0) std::memcpy(heap + p, s.data(), s.size());
    uint32_t len = static_cast<uint32_t>(p + s.size());
    views[i] = StringView(heap, len);
    prev = heap;
    heap += len;
  }
  return Status::OK();
}

void EncodeDeltaByteArray(const StringView* values, int64_t n, std::string* out) {
  DeltaBinaryPackedEncoder prefixes;
  std::vector<StringView> suffixes(static_cast<size_t>(n));
  std::string_view prev;
  for (int64_t i = 0; i < n; ++i) {
    std::string_view v = values[i].view();
    int32_t p = 0;
    while (static_cast<size_t>(p) < std::min(prev.size(), v.size()) && prev[static_cast<size_t>(p)] == v[static_cast<size_t>(p)]) ++p;
    prefixes.Put(&p, 1);
    suffixes[static_cast<size_t>(i)] = StringView(v.data() + p, static_cast<uint32_t>(v.size() - static_cast<size_t>(p)));
    prev = v;
  }
  prefixes.Finish(out);
  EncodeDeltaLengthByteArray(suffixes.data(), n, out);
}

// ---------------- BYTE_STREAM_SPLIT ----------------

namespace {
template <int W>
void Unsplit(const uint8_t* data, int64_t n, uint8_t* out) {
  for (int64_t i = 0; i < n; ++i) {
    for (int k = 0; k < W; ++k) out[i * W + k] = data[k * n + i];
  }
}
}  // namespace

Status DecodeByteStreamSplit(const uint8_t* data, int64_t size, int width, int64_t n, uint8_t* out) {
  if (width <= 0 || n < 0 || size != n * width) {
    return Status::Corruption("BYTE_STREAM_SPLIT data of ", size, " bytes does not hold ", n, " values of ", width,
                              " bytes");
  }
  switch (width) {
    case 2: Unsplit<2>(data, n, out); break;
    case 4: Unsplit<4>(data, n, out); break;
    case 8: Unsplit<8>(data, n, out); break;
    default:
      for (int64_t i = 0; i < n; ++i) {
        for (int k = 0; k < width; ++k) out[i * width + k] = data[k * n + i];
      }
  }
  return Status::OK();
}

void EncodeByteStreamSplit(const uint8_t* values, int width, int64_t n, std::string* out) {
  size_t base = out->size();
  out->resize(base + static_cast<size_t>(n * width));
  uint8_t* dst = reinterpret_cast<uint8_t*>(out->data() + base);
  for (int64_t i = 0; i < n; ++i) {
    for (int k = 0; k < width; ++k) dst[k * n + i] = values[i * width + k];
  }
}

}  // namespace floe::formats::parquet
