#include "formats/parquet/column_reader.h"

#include <zlib.h>

#include <algorithm>
#include <cstring>

#include "common/bit_util.h"
#include "common/int128.h"
#include "formats/codec/compression.h"
#include "formats/parquet/encoding.h"

namespace floe::formats::parquet {

using SqlType = columnar::LogicalType;
using columnar::StringView;
using columnar::TypeId;
using columnar::Vector;
using columnar::VectorKind;

namespace {

// A page may not claim more than this many uncompressed bytes.
constexpr int64_t kMaxPageBytes = int64_t{1} << 30;

Result<Codec> ToCodec(CompressionCodec c) {
  switch (c) {
    case CompressionCodec::UNCOMPRESSED: return Codec::kUncompressed;
    case CompressionCodec::SNAPPY: return Codec::kSnappy;
    case CompressionCodec::GZIP: return Codec::kGzip;
    case CompressionCodec::ZSTD: return Codec::kZstd;
    case CompressionCodec::LZ4_RAW: return Codec::kLz4Raw;
    case CompressionCodec::LZ4: return Codec::kLz4Hadoop;
    case CompressionCodec::BROTLI: return Codec::kBrotli;
    case CompressionCodec::LZO: break;
  }
  return Status::NotSupported("compression codec ", CompressionCodecName(c), " is not supported");
}

// How physical Parquet values become the vector's values.
enum class Conversion : uint8_t {
  kNone,             // same representation: decode straight into the vector
  kInt32ToInt8,
  kInt32ToInt16,
  kUInt32ToInt64,
  kInt32ToInt64,     // decimal on INT32 with precision <= 18
  kInt32ToInt128,
  kInt64ToInt128,
  kUInt64ToInt128,
  kMillis32ToMicros,  // TIME_MILLIS (int32) -> int64 micros
  kMillisToMicros,
  kNanosToMicros,
  kInt96ToMicros,
  kBinaryToInt64,    // DECIMAL on BYTE_ARRAY / FIXED_LEN_BYTE_ARRAY
  kBinaryToInt128,
  kUuid,
  kFloat16,
};

int PhysicalValueWidth(Type t) {
  switch (t) {
    case Type::BOOLEAN: return 1;
    case Type::INT32:
    case Type::FLOAT: return 4;
    case Type::INT64:
    case Type::DOUBLE: return 8;
    case Type::INT96: return 12;
    case Type::BYTE_ARRAY:
    case Type::FIXED_LEN_BYTE_ARRAY: return 16;  // StringView
  }
  return 0;
}

Conversion ChooseConversion(const SchemaNode& node, const SchemaElement* element) {
  const SqlType& t = node.type;
  const parquet::LogicalType* lt = element && element->logical_type ? &*element->logical_type : nullptr;
  // -1: no converted type.
  const ConvertedType ct =
      element && element->converted_type ? *element->converted_type : static_cast<ConvertedType>(-1);
  switch (node.physical_type) {
    case Type::INT32:
      if (t.id() == TypeId::kTinyInt) return Conversion::kInt32ToInt8;
      if (t.id() == TypeId::kSmallInt) return Conversion::kInt32ToInt16;
      if (t.id() == TypeId::kBigInt) return Conversion::kUInt32ToInt64;
      if (t.id() == TypeId::kTime) return Conversion::kMillis32ToMicros;
      if (t.id() == TypeId::kDecimal) return t.precision() <= 18 ? Conversion::kInt32ToInt64 : Conversion::kInt32ToInt128;
      if (t.id() == TypeId::kInteger && ((lt && lt->kind == parquet::LogicalType::INTEGER && !lt->int_is_signed) ||
                                         ct == ConvertedType::UINT_16 || ct == ConvertedType::UINT_8)) {
        return Conversion::kNone;  // values fit in int32 as they are
      }
      return Conversion::kNone;
    case Type::INT64:
      if (t.id() == TypeId::kDecimal) {
        if (t.precision() > 18) {
          bool is_unsigned = (lt && lt->kind == parquet::LogicalType::INTEGER) || ct == ConvertedType::UINT_64;
          return is_unsigned ? Conversion::kUInt64ToInt128 : Conversion::kInt64ToInt128;
        }
        return Conversion::kNone;
      }
      if (t.id() == TypeId::kTimestamp || t.id() == TypeId::kTimestampTz || t.id() == TypeId::kTime) {
        TimeUnit unit = TimeUnit::MICROS;
        if (lt && (lt->kind == parquet::LogicalType::TIMESTAMP || lt->kind == parquet::LogicalType::TIME)) {
          unit = lt->time_unit;
        } else if (ct == ConvertedType::TIMESTAMP_MILLIS) {
          unit = TimeUnit::MILLIS;
        }
        if (unit == TimeUnit::MILLIS) return Conversion::kMillisToMicros;
        if (unit == TimeUnit::NANOS) return Conversion::kNanosToMicros;
      }
      return Conversion::kNone;
    case Type::INT96: return Conversion::kInt96ToMicros;
    case Type::BYTE_ARRAY:
    case Type::FIXED_LEN_BYTE_ARRAY:
      if (t.id() == TypeId::kDecimal) return t.precision() <= 18 ? Conversion::kBinaryToInt64 : Conversion::kBinaryToInt128;
      if (t.id() == TypeId::kUuid) return Conversion::kUuid;
      if (t.id() == TypeId::kReal) return Conversion::kFloat16;
      return Conversion::kNone;
    default: return Conversion::kNone;
  }
}

float HalfToFloat(uint16_t h) {
  uint32_t sign = static_cast<uint32_t>(h & 0x8000) << 16;
  uint32_t exp = (h >> 10) & 0x1f;
  uint32_t mant = h & 0x3ff;
  uint32_t bits;
  if (exp == 0) {
    if (mant == 0) {
      bits = sign;
    } else {  // subnormal: normalize
      int e = -1;
      do {
        ++e;
        mant <<= 1;
      } while ((mant & 0x400) == 0);
      bits = sign | static_cast<uint32_t>(127 - 15 - e) << 23 | (mant & 0x3ff) << 13;
    }
  } else if (exp == 31) {
    bits = sign | 0x7f800000u | mant << 13;
  } else {
    bits = sign | (exp + 127 - 15) << 23 | mant << 13;
  }
  float f;
  std::memcpy(&f, &bits, 4);
  return f;
}

// Big-endian two's complement of 1..16 bytes (longer with sign extension only).
Result<int128_t> BigEndianToInt128(const uint8_t* p, uint32_t n) {
  if (n == 0) return int128_t{0};
  uint32_t skip = 0;
  if (n > 16) {
    uint8_t ext = (p[0] & 0x80) ? 0xff : 0x00;
    for (; skip < n - 16; ++skip) {
      if (p[skip] != ext) return Status::Corruption("decimal value of ", n, " bytes does not fit in 128 bits");
    }
  }
  uint128_t v = (p[skip] & 0x80) ? ~uint128_t{0} : 0;
  for (uint32_t i = skip; i < n; ++i) v = (v << 8) | p[i];
  return static_cast<int128_t>(v);
}

template <typename T>
void SpreadByLevels(T* data, int64_t base, int64_t k, int64_t c, const int16_t* def, int16_t max_def) {
  // Dense values occupy [base, base + c); move each to its row, from the end.
  // Every null slot is zeroed (a dictionary index of 0, never garbage).
  int64_t src = base + c - 1;
  for (int64_t i = k - 1; i >= 0; --i) {
    if (def[i] == max_def) {
      data[base + i] = data[src--];
    } else {
      data[base + i] = T{};
    }
  }
}

void SpreadByWidth(uint8_t* data, int width, int64_t base, int64_t k, int64_t c, const int16_t* def, int16_t max_def) {
  switch (width) {
    case 1: SpreadByLevels(reinterpret_cast<uint8_t*>(data), base, k, c, def, max_def); return;
    case 2: SpreadByLevels(reinterpret_cast<uint16_t*>(data), base, k, c, def, max_def); return;
    case 4: SpreadByLevels(reinterpret_cast<uint32_t*>(data), base, k, c, def, max_def); return;
    case 8: SpreadByLevels(reinterpret_cast<uint64_t*>(data), base, k, c, def, max_def); return;
    case 16: SpreadByLevels(reinterpret_cast<StringView*>(data), base, k, c, def, max_def); return;
    default: return;
  }
}

// Definition or repetition levels of the current page, decoded on demand.
struct LevelState {
  bool active = false;
  std::unique_ptr<RleBitPackedDecoder> rle;
  std::vector<int16_t> legacy;
  int64_t legacy_pos = 0;
  Status Decode(int16_t* out, int64_t k) {
    if (rle) return rle->Decode(out, k);
    if (legacy_pos + k > static_cast<int64_t>(legacy.size())) return Status::Corruption("levels end early");
    std::memcpy(out, legacy.data() + legacy_pos, static_cast<size_t>(k) * 2);
    legacy_pos += k;
    return Status::OK();
  }
};


}  // namespace

class ColumnChunkReader::Impl {
 public:
  Impl(const ColumnDescriptor& column, const ColumnMetaData& meta, std::shared_ptr<Buffer> bytes,
       std::string context, const ReadOptions& options)
      : column_(column), meta_(meta), bytes_(std::move(bytes)), context_(std::move(context)), options_(options) {}

  Status Init(const SchemaElement* element) {
    FLOE_ASSIGN_OR_RETURN(codec_, ToCodec(meta_.codec));
    if (meta_.type != column_.node->physical_type) {
      return Error(StrCat("column metadata says ", TypeName(meta_.type), " but the schema says ",
                          TypeName(column_.node->physical_type)));
    }
    if (meta_.num_values < 0) return Error("negative num_values");
    conversion_ = ChooseConversion(*column_.node, element);
    physical_width_ = PhysicalValueWidth(column_.node->physical_type);
    def_bit_width_ = bit_util::BitWidth(static_cast<uint64_t>(column_.max_def_level));
    rep_bit_width_ = bit_util::BitWidth(static_cast<uint64_t>(column_.max_rep_level));
    if (column_.node->physical_type == Type::FIXED_LEN_BYTE_ARRAY && column_.node->type_length <= 0 &&
        column_.node->type.id() != TypeId::kVarbinary) {
      return Error("FIXED_LEN_BYTE_ARRAY with a non-positive length");
    }
    return Status::OK();
  }

  int64_t total_entries() const { return meta_.num_values; }

  Status ReadFlat(int64_t n, Vector* out) {
    const int16_t max_def = column_.max_def_level;
    if (def_scratch_.size() < static_cast<size_t>(n)) def_scratch_.resize(static_cast<size_t>(n));
    enum { kUndecided, kDict, kFlat } mode = kUndecided;
    int64_t filled = 0;
    bool any_null = false;
    const void* last_kept = nullptr;
    while (filled < n) {
      FLOE_RETURN_NOT_OK(EnsurePage(n - filled));
      int64_t k = std::min(n - filled, page_entries_left_);
      int16_t* def = def_scratch_.data() + filled;
      int64_t c = k;
      if (max_def > 0) {
        FLOE_RETURN_NOT_OK(DecodeLevels(def, nullptr, k));
        c = 0;
        for (int64_t i = 0; i < k; ++i) c += def[i] == max_def;
        if (c != k) {
          any_null = true;
        }
      }
      if (page_is_dict_ && options_.dictionary_vectors && mode != kFlat) {
        if (mode == kUndecided) {
          FLOE_RETURN_NOT_OK(out->MakeDictionary(dictionary_));
          mode = kDict;
        }
        FLOE_RETURN_NOT_OK(DecodeIndices(out->mutable_indices() + filled, c));
        if (c != k) SpreadByLevels(out->mutable_indices(), filled, k, c, def, max_def);
      } else {
        if (mode == kDict) {
          out->set_size(filled);
          if (any_null) FLOE_RETURN_NOT_OK(ApplyValidity(out, filled));
          FLOE_RETURN_NOT_OK(out->Flatten());
        }
        mode = kFlat;
        FLOE_RETURN_NOT_OK(DecodeValues(c, out, filled, &last_kept));
        if (c != k) SpreadByWidth(out->mutable_raw_data(), out->type().fixed_width(), filled, k, c, def, max_def);
      }
      filled += k;
      page_entries_left_ -= k;
    }
    out->set_size(n);
    if (any_null) FLOE_RETURN_NOT_OK(ApplyValidity(out, n));
    return Status::OK();
  }

  Result<std::shared_ptr<Vector>> ReadDictionary() {
    if (dictionary_ == nullptr && entries_seen_ == 0 && pos_ < bytes_->size()) {
      int64_t header_size = 0;
      auto header = ParsePageHeader(bytes_->data() + pos_, bytes_->size() - pos_, &header_size);
      if (header.ok() && header->type == PageType::DICTIONARY_PAGE) FLOE_RETURN_NOT_OK(NextPage());
    }
    return dictionary_;
  }

  Status Skip(int64_t n) {
    if (column_.max_rep_level > 0) return Status::Internal(context_, ": Skip on a repeated column");
    while (n > 0) {
      if (page_entries_left_ == 0) {
        FLOE_ASSIGN_OR_RETURN(int64_t skipped, SkipWholePage(n));
        if (skipped > 0) {
          n -= skipped;
          continue;
        }
        FLOE_RETURN_NOT_OK(EnsurePage(n));
      }
      // Part of a page: decoded into scratch and dropped (levels and values
      // must be consumed in order), a bounded piece at a time.
      const int64_t k = std::min({n, page_entries_left_, columnar::kDefaultVectorSize});
      if (skip_scratch_ == nullptr) {
        FLOE_ASSIGN_OR_RETURN(skip_scratch_, Vector::Make(column_.node->type, options_.pool,
                                                          columnar::kDefaultVectorSize));
      }
      skip_scratch_->Reset();
      FLOE_RETURN_NOT_OK(ReadFlat(k, skip_scratch_.get()));
      n -= k;
    }
    return Status::OK();
  }

  Status ReadEntries(int64_t n, int16_t* def, int16_t* rep, Vector* values, int64_t values_offset,
                     int64_t* values_read) {
    const int16_t max_def = column_.max_def_level;
    int64_t done = 0, read = 0;
    const void* last_kept = nullptr;
    while (done < n) {
      FLOE_RETURN_NOT_OK(EnsurePage(n - done));
      int64_t k = std::min(n - done, page_entries_left_);
      int16_t* d = def ? def + done : nullptr;
      if (max_def > 0 && d == nullptr) return Status::Internal("levels buffer missing");
      FLOE_RETURN_NOT_OK(DecodeLevels(d, rep ? rep + done : nullptr, k));
      int64_t c = k;
      if (max_def > 0) {
        c = 0;
        for (int64_t i = 0; i < k; ++i) c += d[i] == max_def;
      }
      FLOE_RETURN_NOT_OK(values->Reserve(values_offset + read + c));
      FLOE_RETURN_NOT_OK(DecodeValues(c, values, values_offset + read, &last_kept));
      read += c;
      done += k;
      page_entries_left_ -= k;
    }
    *values_read = read;
    return Status::OK();
  }

 private:
  Status Error(std::string_view what) const { return Status::Corruption(context_, ": ", what); }

  Status ApplyValidity(Vector* out, int64_t n) {
    FLOE_RETURN_NOT_OK(out->EnsureValidity());
    uint8_t* bits = out->mutable_validity();
    const int16_t max_def = column_.max_def_level;
    for (int64_t i = 0; i < n; ++i) bit_util::SetBitTo(bits, i, def_scratch_[static_cast<size_t>(i)] == max_def);
    return Status::OK();
  }

  // Moves to the next data page when the current one is used up.
  Status EnsurePage(int64_t wanted) {
    while (page_entries_left_ == 0) {
      if (entries_seen_ >= meta_.num_values || pos_ >= bytes_->size()) {
        return Error(StrCat("column chunk ends after ", entries_seen_, " values, ", wanted,
                            " more were expected"));
      }
      FLOE_RETURN_NOT_OK(NextPage());
    }
    return Status::OK();
  }

  // When the next page is a data page of at most `n` entries: steps over
  // it without decompressing it and returns its entries; else 0.
  Result<int64_t> SkipWholePage(int64_t n) {
    if (entries_seen_ >= meta_.num_values || pos_ >= bytes_->size()) return 0;
    int64_t header_size = 0;
    auto header_or = ParsePageHeader(bytes_->data() + pos_, bytes_->size() - pos_, &header_size);
    if (!header_or.ok()) return 0;  // NextPage reports it
    const PageHeader& h = *header_or;
    int64_t entries = -1;
    if (h.type == PageType::DATA_PAGE && h.data_page_header) {
      entries = h.data_page_header->num_values;
    } else if (h.type == PageType::DATA_PAGE_V2 && h.data_page_header_v2) {
      entries = h.data_page_header_v2->num_values;
    }
    if (entries <= 0 || entries > n || h.compressed_page_size < 0 ||
        h.compressed_page_size > bytes_->size() - pos_ - header_size) {
      return 0;
    }
    FLOE_RETURN_NOT_OK(CheckEntries(static_cast<int32_t>(entries)));
    page_entries_left_ = 0;
    pos_ += header_size + h.compressed_page_size;
    ++pages_.skipped;
    return entries;
  }

 public:
  PageCounts page_counts() const { return pages_; }

 private:
  Status NextPage() {
    const uint8_t* base = bytes_->data();
    int64_t remaining = bytes_->size() - pos_;
    int64_t header_size = 0;
    auto header_or = ParsePageHeader(base + pos_, remaining, &header_size);
    if (!header_or.ok()) return header_or.status().WithContext(StrCat(context_, ": page at chunk offset ", pos_));
    const PageHeader& h = *header_or;
    int64_t page_offset = pos_;
    pos_ += header_size;
    if (h.compressed_page_size < 0 || h.compressed_page_size > bytes_->size() - pos_) {
      return Error(StrCat("page at chunk offset ", page_offset, " claims ", h.compressed_page_size,
                          " bytes but only ", bytes_->size() - pos_, " remain"));
    }
    if (h.uncompressed_page_size < 0 || h.uncompressed_page_size > kMaxPageBytes) {
      return Error(StrCat("page at chunk offset ", page_offset, " has an invalid uncompressed size ",
                          h.uncompressed_page_size));
    }
    const uint8_t* page = base + pos_;
    int64_t page_size = h.compressed_page_size;
    pos_ += page_size;
    ++pages_.decoded;
    pages_.compressed_bytes += page_size;
    pages_.uncompressed_bytes += h.uncompressed_page_size;
    if (options_.verify_checksums && h.crc) {
      uint32_t crc = static_cast<uint32_t>(crc32(0, page, static_cast<uInt>(page_size)));
      if (crc != static_cast<uint32_t>(*h.crc)) {
        return Error(StrCat("page at chunk offset ", page_offset, " fails its CRC check"));
      }
    }
    switch (h.type) {
      case PageType::DICTIONARY_PAGE: return ReadDictionaryPage(h, page, page_size);
      case PageType::DATA_PAGE: return ReadDataPageV1(h, page, page_size);
      case PageType::DATA_PAGE_V2: return ReadDataPageV2(h, page, page_size);
      default: return Status::OK();  // index pages and unknown page types are skipped
    }
  }

  Result<std::shared_ptr<Buffer>> Decompressed(const uint8_t* data, int64_t size, int64_t uncompressed) {
    if (codec_ == Codec::kUncompressed) {
      if (size != uncompressed) {
        return Error(StrCat("uncompressed page of ", size, " bytes declares ", uncompressed, " bytes"));
      }
      // Views into the chunk buffer keep the chunk alive.
      return Buffer::Wrap(data, size);
    }
    FLOE_ASSIGN_OR_RETURN(auto buf, Buffer::Make(options_.pool, uncompressed));
    Status st = Decompress(codec_, data, size, buf->mutable_data(), uncompressed);
    if (!st.ok()) return st.WithContext(context_);
    FLOE_RETURN_NOT_OK(buf->Resize(uncompressed));
    return buf;
  }

  Status ReadDictionaryPage(const PageHeader& h, const uint8_t* data, int64_t size) {
    if (!h.dictionary_page_header) return Error("dictionary page without its header");
    if (dictionary_) return Error("a second dictionary page");
    const DictionaryPageHeader& dh = *h.dictionary_page_header;
    if (dh.encoding != Encoding::PLAIN && dh.encoding != Encoding::PLAIN_DICTIONARY) {
      return Error(StrCat("dictionary page encoding ", EncodingName(dh.encoding), " is not PLAIN"));
    }
    FLOE_ASSIGN_OR_RETURN(auto buf, Decompressed(data, size, h.uncompressed_page_size));
    int64_t n = dh.num_values;
    // Every PLAIN value takes a known minimum of bits: check before allocating.
    int64_t min_bits = MinPlainBits();
    if (n < 0 || (min_bits > 0 && n > buf->size() * 8 / min_bits) || (min_bits == 0 && n > meta_.num_values)) {
      return Error(StrCat("dictionary of ", n, " values does not fit in ", buf->size(), " bytes"));
    }
    FLOE_ASSIGN_OR_RETURN(dictionary_, Vector::Make(column_.node->type, options_.pool, n > 0 ? n : 1));
    pre_decoded_.reset();
    SetPageValues(buf, Encoding::PLAIN, buf->data(), buf->size());
    page_is_dict_ = false;
    const void* last_kept = nullptr;
    FLOE_RETURN_NOT_OK(DecodeValues(n, dictionary_.get(), 0, &last_kept));
    dictionary_->set_size(n);
    return Status::OK();
  }

  Status SetupLevels(const uint8_t*& p, int64_t& left, int bit_width, Encoding encoding, int64_t num_values,
                     bool length_prefixed, int64_t v2_length, LevelState* state) {
    state->active = bit_width > 0;
    if (!state->active) {
      // v2 pages state their level lengths: skip bytes some writers put there anyway.
      if (!length_prefixed) {
        p += v2_length;
        left -= v2_length;
      }
      return Status::OK();
    }
    if (encoding == Encoding::RLE) {
      int64_t len;
      if (length_prefixed) {
        if (left < 4) return Error("level data is truncated");
        len = static_cast<int64_t>(bit_util::LoadLE<uint32_t>(p));
        p += 4;
        left -= 4;
      } else {
        len = v2_length;
      }
      if (len < 0 || len > left) return Error(StrCat("level data of ", len, " bytes exceeds the ", left, " left"));
      state->rle = std::make_unique<RleBitPackedDecoder>(p, len, bit_width);
      state->legacy.clear();
      p += len;
      left -= len;
      return Status::OK();
    }
    if (encoding == Encoding::BIT_PACKED) {
      int64_t len = (num_values * bit_width + 7) / 8;
      if (len > left) return Error("BIT_PACKED level data is truncated");
      state->legacy.resize(static_cast<size_t>(num_values));
      FLOE_RETURN_NOT_OK(DecodeBitPackedLegacy(p, len, bit_width, state->legacy.data(), num_values));
      state->legacy_pos = 0;
      state->rle.reset();
      p += len;
      left -= len;
      return Status::OK();
    }
    return Error(StrCat("level encoding ", EncodingName(encoding), " is not supported"));
  }

  Status ReadDataPageV1(const PageHeader& h, const uint8_t* data, int64_t size) {
    if (!h.data_page_header) return Error("data page without its header");
    const DataPageHeader& dh = *h.data_page_header;
    FLOE_RETURN_NOT_OK(CheckEntries(dh.num_values));
    FLOE_ASSIGN_OR_RETURN(auto buf, Decompressed(data, size, h.uncompressed_page_size));
    // The level decoders read from this page buffer: it must outlive them
    // even when the values move to another buffer (BYTE_STREAM_SPLIT).
    levels_buffer_ = buf;
    const uint8_t* p = buf->data();
    int64_t left = buf->size();
    FLOE_RETURN_NOT_OK(SetupLevels(p, left, rep_bit_width_, dh.repetition_level_encoding, dh.num_values, true, 0, &rep_));
    FLOE_RETURN_NOT_OK(SetupLevels(p, left, def_bit_width_, dh.definition_level_encoding, dh.num_values, true, 0, &def_));
    return StartValues(buf, dh.encoding, p, left, dh.num_values);
  }

  Status ReadDataPageV2(const PageHeader& h, const uint8_t* data, int64_t size) {
    if (!h.data_page_header_v2) return Error("data page v2 without its header");
    const DataPageHeaderV2& dh = *h.data_page_header_v2;
    FLOE_RETURN_NOT_OK(CheckEntries(dh.num_values));
    int64_t rep_len = dh.repetition_levels_byte_length, def_len = dh.definition_levels_byte_length;
    if (rep_len < 0 || def_len < 0 || rep_len + def_len > size) {
      return Error(StrCat("data page v2 level lengths ", rep_len, " + ", def_len, " exceed the page's ", size, " bytes"));
    }
    const uint8_t* p = data;
    int64_t left = rep_len + def_len;
    // Levels of v2 pages are never compressed and carry no length prefix.
    FLOE_RETURN_NOT_OK(SetupLevels(p, left, rep_bit_width_, Encoding::RLE, dh.num_values, false, rep_len, &rep_));
    FLOE_RETURN_NOT_OK(SetupLevels(p, left, def_bit_width_, Encoding::RLE, dh.num_values, false, def_len, &def_));
    const uint8_t* values = data + rep_len + def_len;
    int64_t values_size = size - rep_len - def_len;
    int64_t uncompressed = h.uncompressed_page_size - rep_len - def_len;
    std::shared_ptr<Buffer> buf;
    if (!dh.is_compressed || codec_ == Codec::kUncompressed) {
      buf = Buffer::Wrap(values, values_size);
    } else if (values_size == 0) {
      // An empty compressed section is not handed to the codec.
      if (uncompressed != 0) return Error("data page v2 has no value bytes but declares some");
      buf = Buffer::Wrap(values, 0);
    } else {
      if (uncompressed < 0) return Error("data page v2 declares a negative value size");
      FLOE_ASSIGN_OR_RETURN(buf, Decompressed(values, values_size, uncompressed));
    }
    // Keep the chunk alive under wrapped buffers via chunk_ (the chunk outlives pages).
    return StartValues(buf, dh.encoding, buf->data(), buf->size(), dh.num_values);
  }

  Status CheckEntries(int32_t num_values) {
    if (num_values < 0 || num_values > meta_.num_values - entries_seen_) {
      return Error(StrCat("data page has ", num_values, " values but the chunk has only ",
                          meta_.num_values - entries_seen_, " left"));
    }
    entries_seen_ += num_values;
    page_entries_left_ = num_values;
    return Status::OK();
  }

  void SetPageValues(std::shared_ptr<Buffer> buf, Encoding enc, const uint8_t* p, int64_t left) {
    page_buffer_ = std::move(buf);
    encoding_ = enc;
    vp_ = p;
    vleft_ = left;
    bool_bit_ = 0;
  }

  Status StartValues(std::shared_ptr<Buffer> buf, Encoding enc, const uint8_t* p, int64_t left, int64_t entries) {
    SetPageValues(std::move(buf), enc, p, left);
    page_is_dict_ = enc == Encoding::PLAIN_DICTIONARY || enc == Encoding::RLE_DICTIONARY;
    Type t = column_.node->physical_type;
    pre_decoded_.reset();
    pre_pos_ = 0;
    if (page_is_dict_) {
      if (!dictionary_) return Error("dictionary-encoded page without a dictionary page");
      if (left < 1) return Error("dictionary-encoded page without its bit width");
      int bw = vp_[0];
      if (bw > 32) return Error(StrCat("dictionary index bit width ", bw, " is over 32"));
      indices_ = std::make_unique<RleBitPackedDecoder>(vp_ + 1, vleft_ - 1, bw);
      return Status::OK();
    }
    switch (enc) {
      case Encoding::PLAIN: return Status::OK();
      case Encoding::RLE: {
        if (t != Type::BOOLEAN) return Error("RLE values on a non-BOOLEAN column");
        if (left < 4) return Error("RLE boolean data is truncated");
        int64_t len = bit_util::LoadLE<uint32_t>(p);
        if (len > left - 4) return Error("RLE boolean data length exceeds the page");
        bools_ = std::make_unique<RleBitPackedDecoder>(p + 4, len, 1);
        return Status::OK();
      }
      case Encoding::DELTA_BINARY_PACKED: {
        if (t != Type::INT32 && t != Type::INT64) return Error("DELTA_BINARY_PACKED on a non-integer column");
        auto d = DeltaBinaryPackedDecoder::Make(p, left);
        if (!d.ok()) return d.status().WithContext(context_);
        delta_ = std::make_unique<DeltaBinaryPackedDecoder>(std::move(d).ValueOrDie());
        if (delta_->total_values() > entries) return Error("DELTA_BINARY_PACKED holds more values than the page");
        return Status::OK();
      }
      case Encoding::DELTA_LENGTH_BYTE_ARRAY:
      case Encoding::DELTA_BYTE_ARRAY: {
        if (t != Type::BYTE_ARRAY && t != Type::FIXED_LEN_BYTE_ARRAY) return Error(StrCat(EncodingName(enc), " on a non-binary column"));
        // The count of values is in the lengths' own header.
        auto header = DeltaBinaryPackedDecoder::Make(p, left);
        if (!header.ok()) return header.status().WithContext(context_);
        int64_t count = header->total_values();
        if (count < 0 || count > entries) return Error(StrCat(EncodingName(enc), " holds more values than the page"));
        FLOE_ASSIGN_OR_RETURN(pre_decoded_, Vector::Make(SqlType::Varbinary(), options_.pool, count > 0 ? count : 1));
        Status st = enc == Encoding::DELTA_LENGTH_BYTE_ARRAY
                        ? DecodeDeltaLengthByteArray(p, left, count, pre_decoded_->mutable_data<StringView>())
                        : DecodeDeltaByteArray(p, left, count, pre_decoded_.get(), 0);
        if (!st.ok()) return st.WithContext(context_);
        pre_decoded_->KeepAlive(page_buffer_);
        pre_decoded_->set_size(count);
        return Status::OK();
      }
      case Encoding::BYTE_STREAM_SPLIT: {
        int width = t == Type::FIXED_LEN_BYTE_ARRAY ? column_.node->type_length
                    : (t == Type::INT32 || t == Type::FLOAT) ? 4
                    : (t == Type::INT64 || t == Type::DOUBLE) ? 8 : 0;
        if (width <= 0) return Error("BYTE_STREAM_SPLIT on an unsupported type");
        if (left % width != 0 || left / width > entries) return Error("BYTE_STREAM_SPLIT data size does not match the page");
        int64_t count = left / width;
        FLOE_ASSIGN_OR_RETURN(auto plain, Buffer::Make(options_.pool, left));
        Status st = DecodeByteStreamSplit(p, left, width, count, plain->mutable_data());
        if (!st.ok()) return st.WithContext(context_);
        FLOE_RETURN_NOT_OK(plain->Resize(left));
        // From here on the page reads as PLAIN over the rearranged bytes.
        SetPageValues(plain, Encoding::PLAIN, plain->data(), left);
        return Status::OK();
      }
      default:
        return Status::NotSupported(context_, ": encoding ", EncodingName(enc), " is not supported");
    }
  }

  Status DecodeLevels(int16_t* def, int16_t* rep, int64_t k) {
    if (rep_.active && rep != nullptr) {
      Status st = rep_.Decode(rep, k);
      if (!st.ok()) return st.WithContext(StrCat(context_, ": repetition levels"));
      for (int64_t i = 0; i < k; ++i) {
        if (rep[i] > column_.max_rep_level) return Error("repetition level above the maximum");
      }
    } else if (rep != nullptr) {
      std::memset(rep, 0, static_cast<size_t>(k) * 2);
    }
    if (def_.active && def != nullptr) {
      Status st = def_.Decode(def, k);
      if (!st.ok()) return st.WithContext(StrCat(context_, ": definition levels"));
      int16_t bad = 0;
      for (int64_t i = 0; i < k; ++i) bad |= static_cast<int16_t>(def[i] > column_.max_def_level);
      if (bad) return Error("definition level above the maximum");
    } else if (def != nullptr) {
      std::fill(def, def + k, column_.max_def_level);
    }
    return Status::OK();
  }

  Status DecodeIndices(int32_t* out, int64_t c) {
    Status st = indices_->DecodeIndices(out, c, static_cast<int32_t>(dictionary_->size()));
    return st.ok() ? st : st.WithContext(StrCat(context_, ": dictionary indices"));
  }

  // Decodes c non-null values into rows [at, at + c) of `out`.
  Status DecodeValues(int64_t c, Vector* out, int64_t at, const void** last_kept) {
    if (c == 0) return Status::OK();
    if (page_is_dict_) {
      // Gather from the dictionary into flat values.
      idx_scratch_.resize(static_cast<size_t>(c));
      FLOE_RETURN_NOT_OK(DecodeIndices(idx_scratch_.data(), c));
      int w = out->type().fixed_width();
      const uint8_t* src = dictionary_->raw_data();
      uint8_t* dst = out->mutable_raw_data() + at * w;
      switch (w) {
        case 1: for (int64_t i = 0; i < c; ++i) dst[i] = src[idx_scratch_[i]]; break;
        case 2: for (int64_t i = 0; i < c; ++i) reinterpret_cast<uint16_t*>(dst)[i] = reinterpret_cast<const uint16_t*>(src)[idx_scratch_[i]]; break;
        case 4: for (int64_t i = 0; i < c; ++i) reinterpret_cast<uint32_t*>(dst)[i] = reinterpret_cast<const uint32_t*>(src)[idx_scratch_[i]]; break;
        case 8: for (int64_t i = 0; i < c; ++i) reinterpret_cast<uint64_t*>(dst)[i] = reinterpret_cast<const uint64_t*>(src)[idx_scratch_[i]]; break;
        case 16: for (int64_t i = 0; i < c; ++i) reinterpret_cast<StringView*>(dst)[i] = reinterpret_cast<const StringView*>(src)[idx_scratch_[i]]; break;
        default: return Status::Internal("unexpected width");
      }
      if (out->type().is_string_like() && *last_kept != dictionary_.get()) {
        out->KeepAliveHeapsOf(*dictionary_);
        *last_kept = dictionary_.get();
      }
      return Status::OK();
    }
    uint8_t* dst;
    if (conversion_ == Conversion::kNone) {
      dst = out->mutable_raw_data() + at * out->type().fixed_width();
    } else {
      phys_scratch_.resize(static_cast<size_t>(c * physical_width_));
      dst = phys_scratch_.data();
    }
    FLOE_RETURN_NOT_OK(DecodePhysical(c, dst));
    if (physical_width_ == 16) {
      // String views point into the page (or the pre-decoded page vector).
      const void* owner = pre_decoded_ ? static_cast<const void*>(pre_decoded_.get()) : page_buffer_.get();
      if (*last_kept != owner) {
        if (pre_decoded_) {
          out->KeepAliveHeapsOf(*pre_decoded_);
        } else {
          out->KeepAlive(page_buffer_);
        }
        out->KeepAlive(bytes_);
        *last_kept = owner;
      }
    }
    if (conversion_ != Conversion::kNone) return Convert(phys_scratch_.data(), c, out, at);
    return Status::OK();
  }

  Status NeedBytes(int64_t n) const {
    if (n > vleft_) return Error(StrCat("PLAIN values need ", n, " bytes but the page has ", vleft_, " left"));
    return Status::OK();
  }

  Status DecodePhysical(int64_t c, uint8_t* out) {
    Type t = column_.node->physical_type;
    if (pre_decoded_) {
      if (pre_pos_ + c > pre_decoded_->size()) return Error("page has fewer values than its levels say");
      std::memcpy(out, pre_decoded_->data<StringView>() + pre_pos_, static_cast<size_t>(c) * 16);
      pre_pos_ += c;
      if (t == Type::FIXED_LEN_BYTE_ARRAY) {
        for (int64_t i = 0; i < c; ++i) {
          if (reinterpret_cast<StringView*>(out)[i].size() != static_cast<uint32_t>(column_.node->type_length)) {
            return Error("fixed-length value of the wrong length");
          }
        }
      }
      return Status::OK();
    }
    switch (encoding_) {
      case Encoding::RLE: {
        Status st = bools_->Decode(out, c);
        return st.ok() ? st : st.WithContext(context_);
      }
      case Encoding::DELTA_BINARY_PACKED: {
        Status st = t == Type::INT32 ? delta_->Decode(reinterpret_cast<int32_t*>(out), c)
                                     : delta_->Decode(reinterpret_cast<int64_t*>(out), c);
        return st.ok() ? st : st.WithContext(context_);
      }
      case Encoding::PLAIN: break;
      default: return Error("unexpected value encoding");
    }
    switch (t) {
      case Type::BOOLEAN: {
        int64_t bits_needed = bool_bit_ + c;
        FLOE_RETURN_NOT_OK(NeedBytes((bits_needed + 7) / 8));
        for (int64_t i = 0; i < c; ++i) out[i] = bit_util::GetBit(vp_, bool_bit_ + i);
        bool_bit_ += c;
        // Whole bytes used so far leave the stream.
        int64_t whole = bool_bit_ / 8;
        vp_ += whole;
        vleft_ -= whole;
        bool_bit_ -= whole * 8;
        return Status::OK();
      }
      case Type::INT32:
      case Type::INT64:
      case Type::FLOAT:
      case Type::DOUBLE:
      case Type::INT96: {
        int64_t n = c * physical_width_;
        FLOE_RETURN_NOT_OK(NeedBytes(n));
        std::memcpy(out, vp_, static_cast<size_t>(n));
        vp_ += n;
        vleft_ -= n;
        return Status::OK();
      }
      case Type::FIXED_LEN_BYTE_ARRAY: {
        int64_t w = column_.node->type_length;
        FLOE_RETURN_NOT_OK(NeedBytes(c * w));
        StringView* views = reinterpret_cast<StringView*>(out);
        for (int64_t i = 0; i < c; ++i) views[i] = StringView(reinterpret_cast<const char*>(vp_ + i * w), static_cast<uint32_t>(w));
        vp_ += c * w;
        vleft_ -= c * w;
        return Status::OK();
      }
      case Type::BYTE_ARRAY: {
        StringView* views = reinterpret_cast<StringView*>(out);
        const uint8_t* p = vp_;
        int64_t left = vleft_;
        for (int64_t i = 0; i < c; ++i) {
          if (left < 4) return Error(StrCat("BYTE_ARRAY value ", i, " is truncated"));
          uint32_t len = bit_util::LoadLE<uint32_t>(p);
          if (static_cast<int64_t>(len) > left - 4) {
            return Error(StrCat("BYTE_ARRAY value of ", len, " bytes exceeds the ", left - 4, " left in the page"));
          }
          views[i] = StringView(reinterpret_cast<const char*>(p + 4), len);
          p += 4 + len;
          left -= 4 + len;
        }
        vp_ = p;
        vleft_ = left;
        return Status::OK();
      }
    }
    return Error("unknown physical type");
  }

  Status Convert(const uint8_t* in, int64_t c, Vector* out, int64_t at) {
    switch (conversion_) {
      case Conversion::kNone: return Status::OK();
      case Conversion::kInt32ToInt8: {
        int8_t* o = out->mutable_data<int8_t>() + at;
        for (int64_t i = 0; i < c; ++i) o[i] = static_cast<int8_t>(bit_util::LoadLE<int32_t>(in + 4 * i));
        return Status::OK();
      }
      case Conversion::kInt32ToInt16: {
        int16_t* o = out->mutable_data<int16_t>() + at;
        for (int64_t i = 0; i < c; ++i) o[i] = static_cast<int16_t>(bit_util::LoadLE<int32_t>(in + 4 * i));
        return Status::OK();
      }
      case Conversion::kUInt32ToInt64: {
        int64_t* o = out->mutable_data<int64_t>() + at;
        for (int64_t i = 0; i < c; ++i) o[i] = bit_util::LoadLE<uint32_t>(in + 4 * i);
        return Status::OK();
      }
      case Conversion::kInt32ToInt64: {
        int64_t* o = out->mutable_data<int64_t>() + at;
        for (int64_t i = 0; i < c; ++i) o[i] = bit_util::LoadLE<int32_t>(in + 4 * i);
        return Status::OK();
      }
      case Conversion::kInt32ToInt128: {
        int128_t* o = out->mutable_data<int128_t>() + at;
        for (int64_t i = 0; i < c; ++i) o[i] = bit_util::LoadLE<int32_t>(in + 4 * i);
        return Status::OK();
      }
      case Conversion::kInt64ToInt128: {
        int128_t* o = out->mutable_data<int128_t>() + at;
        for (int64_t i = 0; i < c; ++i) o[i] = bit_util::LoadLE<int64_t>(in + 8 * i);
        return Status::OK();
      }
      case Conversion::kUInt64ToInt128: {
        int128_t* o = out->mutable_data<int128_t>() + at;
        for (int64_t i = 0; i < c; ++i) o[i] = static_cast<int128_t>(bit_util::LoadLE<uint64_t>(in + 8 * i));
        return Status::OK();
      }
      case Conversion::kMillis32ToMicros: {
        int64_t* o = out->mutable_data<int64_t>() + at;
        for (int64_t i = 0; i < c; ++i) o[i] = int64_t{bit_util::LoadLE<int32_t>(in + 4 * i)} * 1000;
        return Status::OK();
      }
      case Conversion::kMillisToMicros: {
        int64_t* o = out->mutable_data<int64_t>() + at;
        for (int64_t i = 0; i < c; ++i) {
          o[i] = static_cast<int64_t>(static_cast<uint64_t>(bit_util::LoadLE<int64_t>(in + 8 * i)) * 1000u);
        }
        return Status::OK();
      }
      case Conversion::kNanosToMicros: {
        int64_t* o = out->mutable_data<int64_t>() + at;
        for (int64_t i = 0; i < c; ++i) o[i] = FloorDiv1000(bit_util::LoadLE<int64_t>(in + 8 * i));
        return Status::OK();
      }
      case Conversion::kInt96ToMicros: {
        // INT96: 8 bytes of nanoseconds in the day, then 4 bytes of Julian day.
        int64_t* o = out->mutable_data<int64_t>() + at;
        for (int64_t i = 0; i < c; ++i) {
          int64_t nanos = bit_util::LoadLE<int64_t>(in + 12 * i);
          int64_t julian = bit_util::LoadLE<int32_t>(in + 12 * i + 8);
          // Spark's reading: days since the epoch plus nanos / 1000 (truncated),
          // nanos not limited to one day (int96_from_spark.md).
          uint64_t days = static_cast<uint64_t>(julian - 2440588);
          o[i] = static_cast<int64_t>(days * 86400000000ull + static_cast<uint64_t>(nanos / 1000));
        }
        return Status::OK();
      }
      case Conversion::kBinaryToInt64:
      case Conversion::kBinaryToInt128: {
        const StringView* views = reinterpret_cast<const StringView*>(in);
        for (int64_t i = 0; i < c; ++i) {
          auto v = BigEndianToInt128(reinterpret_cast<const uint8_t*>(views[i].data()), views[i].size());
          if (!v.ok()) return v.status().WithContext(context_);
          if (conversion_ == Conversion::kBinaryToInt64) {
            out->mutable_data<int64_t>()[at + i] = static_cast<int64_t>(*v);
          } else {
            out->mutable_data<int128_t>()[at + i] = *v;
          }
        }
        return Status::OK();
      }
      case Conversion::kUuid: {
        const StringView* views = reinterpret_cast<const StringView*>(in);
        for (int64_t i = 0; i < c; ++i) {
          if (views[i].size() != 16) return Error("UUID value is not 16 bytes");
          uint128_t v = 0;
          for (int b = 0; b < 16; ++b) v = (v << 8) | static_cast<uint8_t>(views[i].data()[b]);
          out->mutable_data<int128_t>()[at + i] = static_cast<int128_t>(v);
        }
        return Status::OK();
      }
      case Conversion::kFloat16: {
        const StringView* views = reinterpret_cast<const StringView*>(in);
        for (int64_t i = 0; i < c; ++i) {
          if (views[i].size() != 2) return Error("FLOAT16 value is not 2 bytes");
          out->mutable_data<float>()[at + i] = HalfToFloat(bit_util::LoadLE<uint16_t>(views[i].data()));
        }
        return Status::OK();
      }
    }
    return Status::OK();
  }

  int64_t MinPlainBits() const {
    switch (column_.node->physical_type) {
      case Type::BOOLEAN: return 1;
      case Type::INT32:
      case Type::FLOAT:
      case Type::BYTE_ARRAY: return 32;
      case Type::INT64:
      case Type::DOUBLE: return 64;
      case Type::INT96: return 96;
      case Type::FIXED_LEN_BYTE_ARRAY: return int64_t{column_.node->type_length} * 8;
    }
    return 8;
  }

  static int64_t FloorDiv1000(int64_t v) { return v / 1000 - ((v % 1000 != 0) && (v < 0)); }

  const ColumnDescriptor& column_;
  const ColumnMetaData& meta_;
  std::shared_ptr<Buffer> bytes_;
  std::string context_;
  ReadOptions options_;
  Codec codec_ = Codec::kUncompressed;
  Conversion conversion_ = Conversion::kNone;
  int physical_width_ = 0;
  int def_bit_width_ = 0;
  int rep_bit_width_ = 0;
  int64_t pos_ = 0;
  int64_t entries_seen_ = 0;
  int64_t page_entries_left_ = 0;
  LevelState def_, rep_;
  std::shared_ptr<Vector> dictionary_;
  bool page_is_dict_ = false;
  std::shared_ptr<Buffer> page_buffer_;
  std::shared_ptr<Buffer> levels_buffer_;
  Encoding encoding_ = Encoding::PLAIN;
  const uint8_t* vp_ = nullptr;
  int64_t vleft_ = 0;
  int64_t bool_bit_ = 0;
  std::unique_ptr<RleBitPackedDecoder> indices_;
  std::unique_ptr<RleBitPackedDecoder> bools_;
  std::unique_ptr<DeltaBinaryPackedDecoder> delta_;
  std::shared_ptr<Vector> pre_decoded_;
  int64_t pre_pos_ = 0;
  std::vector<int16_t> def_scratch_;
  std::vector<int32_t> idx_scratch_;
  std::vector<uint8_t> phys_scratch_;
  std::shared_ptr<Vector> skip_scratch_;
  PageCounts pages_;
};

ColumnChunkReader::ColumnChunkReader(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ColumnChunkReader::~ColumnChunkReader() = default;

Result<std::unique_ptr<ColumnChunkReader>> ColumnChunkReader::Make(const ColumnDescriptor& column,
                                                                   const SchemaElement& element,
                                                                   const ColumnMetaData& meta,
                                                                   std::shared_ptr<Buffer> chunk_bytes,
                                                                   std::string context,
                                                                   const ReadOptions& options) {
  std::string where = context;
  auto impl = std::make_unique<Impl>(column, meta, std::move(chunk_bytes), std::move(context), options);
  Status st = impl->Init(&element);
  if (!st.ok()) return st.code() == StatusCode::kCorruption ? st : st.WithContext(where);
  return std::unique_ptr<ColumnChunkReader>(new ColumnChunkReader(std::move(impl)));
}

Status ColumnChunkReader::ReadFlat(int64_t n, Vector* out) { return impl_->ReadFlat(n, out); }
Status ColumnChunkReader::Skip(int64_t n) { return impl_->Skip(n); }
Result<std::shared_ptr<Vector>> ColumnChunkReader::ReadDictionary() { return impl_->ReadDictionary(); }
PageCounts ColumnChunkReader::page_counts() const { return impl_->page_counts(); }
Status ColumnChunkReader::ReadEntries(int64_t n, int16_t* def, int16_t* rep, Vector* values, int64_t values_offset,
                                      int64_t* values_read) {
  return impl_->ReadEntries(n, def, rep, values, values_offset, values_read);
}
int64_t ColumnChunkReader::total_entries() const { return impl_->total_entries(); }

}  // namespace floe::formats::parquet
