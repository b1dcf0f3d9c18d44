#include "formats/codec/compression.h"

#include <brotli/decode.h>
#include <brotli/encode.h>
#include <lz4.h>
#include <snappy-c.h>
#include <zlib.h>
#include <zstd.h>

#include <cstring>

#include "common/bit_util.h"

namespace floe::formats {

std::string_view CodecName(Codec codec) {
  switch (codec) {
    case Codec::kUncompressed: return "uncompressed";
    case Codec::kSnappy: return "snappy";
    case Codec::kGzip: return "gzip";
    case Codec::kZstd: return "zstd";
    case Codec::kLz4Raw: return "lz4_raw";
    case Codec::kLz4Hadoop: return "lz4";
    case Codec::kBrotli: return "brotli";
    case Codec::kDeflate: return "deflate";
  }
  return "unknown";
}

Result<Codec> CodecFromName(std::string_view name) {
  std::string n;
  for (char c : name) n.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
  if (n == "uncompressed" || n == "none" || n == "null") return Codec::kUncompressed;
  if (n == "snappy") return Codec::kSnappy;
  if (n == "gzip") return Codec::kGzip;
  if (n == "zstd") return Codec::kZstd;
  if (n == "lz4_raw") return Codec::kLz4Raw;
  if (n == "lz4") return Codec::kLz4Hadoop;
  if (n == "brotli") return Codec::kBrotli;
  if (n == "deflate") return Codec::kDeflate;
  return Status::Invalid("unknown compression codec '", name,
                         "' (expected zstd, snappy, gzip, lz4_raw, brotli or uncompressed)");
}

namespace {

Status Bad(Codec codec, std::string_view what) {
  return Status::Corruption(CodecName(codec), " data is invalid: ", what);
}

// zlib inflate of gzip (windowBits 15+32 auto-detects gzip/zlib headers) or
// raw deflate (-15). Concatenated gzip members are decoded one after another.
Status Inflate(Codec codec, const uint8_t* in, int64_t in_size, std::string* out, int64_t max_output,
               uint8_t* fixed_out, int64_t fixed_size) {
  z_stream zs;
  std::memset(&zs, 0, sizeof(zs));
  int window = codec == Codec::kDeflate ? -15 : 15 + 32;
  if (inflateInit2(&zs, window) != Z_OK) return Status::OutOfMemory("zlib inflateInit failed");
  zs.next_in = const_cast<Bytef*>(in);
  zs.avail_in = static_cast<uInt>(in_size);
  int64_t produced = 0;
  char chunk[65536];
  Status st;
  while (true) {
    uint8_t* dst;
    int64_t room;
    if (fixed_out != nullptr) {
      dst = fixed_out + produced;
      room = fixed_size - produced;
      if (room == 0) {
        // Output full: only trailing members of zero length may remain.
        dst = reinterpret_cast<uint8_t*>(chunk);
        room = 1;
      }
    } else {
      dst = reinterpret_cast<uint8_t*>(chunk);
      room = sizeof(chunk);
    }
    zs.next_out = dst;
    zs.avail_out = static_cast<uInt>(room);
    int rc = inflate(&zs, Z_NO_FLUSH);
    int64_t got = room - static_cast<int64_t>(zs.avail_out);
    if (fixed_out != nullptr && dst == reinterpret_cast<uint8_t*>(chunk) && got > 0) {
      st = Bad(codec, "more bytes than the declared uncompressed size");
      break;
    }
    produced += got;
    if (fixed_out == nullptr) {
      if (produced > max_output) {
        st = Bad(codec, "decompresses to more than the allowed size");
        break;
      }
      out->append(chunk, static_cast<size_t>(got));
    }
    if (rc == Z_STREAM_END) {
      if (zs.avail_in == 0 || codec == Codec::kDeflate) break;
      // Another gzip member follows.
      if (inflateReset(&zs) != Z_OK) {
        st = Bad(codec, "cannot reset for the next gzip member");
        break;
      }
      continue;
    }
    if (rc == Z_BUF_ERROR && zs.avail_in == 0) {
      st = Bad(codec, "truncated stream");
      break;
    }
    if (rc != Z_OK && rc != Z_BUF_ERROR) {
      st = Bad(codec, zs.msg ? zs.msg : "inflate failed");
      break;
    }
  }
  inflateEnd(&zs);
  FLOE_RETURN_NOT_OK(st);
  if (fixed_out != nullptr && produced != fixed_size) {
    return Bad(codec, StrCat("decompressed to ", produced, " bytes, expected ", fixed_size));
  }
  return Status::OK();
}

Status Lz4HadoopDecompress(const uint8_t* in, int64_t in_size, uint8_t* out, int64_t out_size) {
  // Hadoop framing: repeated [u32 BE uncompressed][u32 BE compressed][block].
  int64_t ip = 0, op = 0;
  while (ip < in_size) {
    if (in_size - ip < 8) return Bad(Codec::kLz4Hadoop, "truncated Hadoop frame header");
    uint32_t raw = bit_util::ByteSwap32(bit_util::LoadLE<uint32_t>(in + ip));
    uint32_t comp = bit_util::ByteSwap32(bit_util::LoadLE<uint32_t>(in + ip + 4));
    ip += 8;
    if (comp > in_size - ip || raw > out_size - op) return Bad(Codec::kLz4Hadoop, "frame sizes out of range");
    int n = LZ4_decompress_safe(reinterpret_cast<const char*>(in + ip), reinterpret_cast<char*>(out + op),
                                static_cast<int>(comp), static_cast<int>(raw));
    if (n < 0 || static_cast<uint32_t>(n) != raw) return Bad(Codec::kLz4Hadoop, "bad block");
    ip += comp;
    op += raw;
  }
  if (op != out_size) return Bad(Codec::kLz4Hadoop, "size mismatch");
  return Status::OK();
}

}  // namespace

Status Decompress(Codec codec, const uint8_t* in, int64_t in_size, uint8_t* out, int64_t out_size) {
  if (in_size < 0 || out_size < 0) return Bad(codec, "negative size");
  switch (codec) {
    case Codec::kUncompressed:
      if (in_size != out_size) return Bad(codec, StrCat(in_size, " bytes, expected ", out_size));
      if (in_size) std::memcpy(out, in, static_cast<size_t>(in_size));
      return Status::OK();
    case Codec::kSnappy: {
      size_t len = 0;
      if (snappy_uncompressed_length(reinterpret_cast<const char*>(in), static_cast<size_t>(in_size), &len) !=
              SNAPPY_OK ||
          static_cast<int64_t>(len) != out_size) {
        return Bad(codec, StrCat("bad length header (expected ", out_size, " bytes)"));
      }
      size_t out_len = len;
      if (snappy_uncompress(reinterpret_cast<const char*>(in), static_cast<size_t>(in_size),
                            reinterpret_cast<char*>(out), &out_len) != SNAPPY_OK) {
        return Bad(codec, "bad block");
      }
      return Status::OK();
    }
    case Codec::kGzip:
    case Codec::kDeflate:
      return Inflate(codec, in, in_size, nullptr, 0, out, out_size);
    case Codec::kZstd: {
      size_t n = ZSTD_decompress(out, static_cast<size_t>(out_size), in, static_cast<size_t>(in_size));
      if (ZSTD_isError(n)) return Bad(codec, ZSTD_getErrorName(n));
      if (static_cast<int64_t>(n) != out_size) {
        return Bad(codec, StrCat("decompressed to ", n, " bytes, expected ", out_size));
      }
      return Status::OK();
    }
    case Codec::kLz4Raw: {
      int n = LZ4_decompress_safe(reinterpret_cast<const char*>(in), reinterpret_cast<char*>(out),
                                  static_cast<int>(in_size), static_cast<int>(out_size));
      if (n < 0 || n != out_size) return Bad(codec, "bad block or size mismatch");
      return Status::OK();
    }
    case Codec::kLz4Hadoop: {
      Status st = Lz4HadoopDecompress(in, in_size, out, out_size);
      if (st.ok()) return st;
      // Some writers put a raw LZ4 block under the LZ4 codec id.
      int n = LZ4_decompress_safe(reinterpret_cast<const char*>(in), reinterpret_cast<char*>(out),
                                  static_cast<int>(in_size), static_cast<int>(out_size));
      if (n == out_size) return Status::OK();
      return st;
    }
    case Codec::kBrotli: {
      size_t n = static_cast<size_t>(out_size);
      if (BrotliDecoderDecompress(static_cast<size_t>(in_size), in, &n, out) != BROTLI_DECODER_RESULT_SUCCESS ||
          static_cast<int64_t>(n) != out_size) {
        return Bad(codec, "bad stream or size mismatch");
      }
      return Status::OK();
    }
  }
  return Status::NotSupported("codec ", static_cast<int>(codec));
}

Status DecompressUnknownSize(Codec codec, const uint8_t* in, int64_t in_size, std::string* out,
                             int64_t max_output) {
  switch (codec) {
    case Codec::kUncompressed:
      out->append(reinterpret_cast<const char*>(in), static_cast<size_t>(in_size));
      return Status::OK();
    case Codec::kGzip:
    case Codec::kDeflate:
      return Inflate(codec, in, in_size, out, max_output, nullptr, 0);
    case Codec::kSnappy: {
      size_t len = 0;
      if (snappy_uncompressed_length(reinterpret_cast<const char*>(in), static_cast<size_t>(in_size), &len) !=
          SNAPPY_OK) {
        return Bad(codec, "bad length header");
      }
      if (static_cast<int64_t>(len) > max_output) return Bad(codec, "decompresses to more than the allowed size");
      size_t old = out->size();
      out->resize(old + len);
      return Decompress(codec, in, in_size, reinterpret_cast<uint8_t*>(out->data() + old),
                        static_cast<int64_t>(len));
    }
    case Codec::kZstd: {
      ZSTD_DStream* ds = ZSTD_createDStream();
      if (ds == nullptr) return Status::OutOfMemory("zstd: cannot create a decompression stream");
      ZSTD_initDStream(ds);
      ZSTD_inBuffer ib{in, static_cast<size_t>(in_size), 0};
      char chunk[65536];
      int64_t produced = 0;
      Status st;
      size_t rc = 1;
      while (true) {
        ZSTD_outBuffer ob{chunk, sizeof(chunk), 0};
        rc = ZSTD_decompressStream(ds, &ob, &ib);
        if (ZSTD_isError(rc)) {
          st = Bad(codec, ZSTD_getErrorName(rc));
          break;
        }
        produced += static_cast<int64_t>(ob.pos);
        if (produced > max_output) {
          st = Bad(codec, "decompresses to more than the allowed size");
          break;
        }
        out->append(chunk, ob.pos);
        // rc == 0: a frame ended and is fully flushed; more frames may follow.
        if (rc == 0 && ib.pos == ib.size) break;
        if (ib.pos == ib.size && ob.pos < ob.size) {
          st = Bad(codec, "truncated frame");
          break;
        }
      }
      ZSTD_freeDStream(ds);
      return st;
    }
    default:
      return Status::NotSupported("codec ", CodecName(codec), " needs the uncompressed size");
  }
}

Status Compress(Codec codec, const uint8_t* in, int64_t in_size, std::string* out, int level) {
  size_t old = out->size();
  switch (codec) {
    case Codec::kUncompressed:
      out->append(reinterpret_cast<const char*>(in), static_cast<size_t>(in_size));
      return Status::OK();
    case Codec::kSnappy: {
      size_t max = snappy_max_compressed_length(static_cast<size_t>(in_size));
      out->resize(old + max);
      size_t n = max;
      if (snappy_compress(reinterpret_cast<const char*>(in), static_cast<size_t>(in_size), out->data() + old, &n) !=
          SNAPPY_OK) {
        return Status::Internal("snappy compression failed");
      }
      out->resize(old + n);
      return Status::OK();
    }
    case Codec::kZstd: {
      size_t max = ZSTD_compressBound(static_cast<size_t>(in_size));
      out->resize(old + max);
      size_t n = ZSTD_compress(out->data() + old, max, in, static_cast<size_t>(in_size), level == 0 ? 3 : level);
      if (ZSTD_isError(n)) return Status::Internal("zstd compression failed: ", ZSTD_getErrorName(n));
      out->resize(old + n);
      return Status::OK();
    }
    case Codec::kGzip:
    case Codec::kDeflate: {
      z_stream zs;
      std::memset(&zs, 0, sizeof(zs));
      int window = codec == Codec::kDeflate ? -15 : 15 + 16;
      if (deflateInit2(&zs, level == 0 ? Z_DEFAULT_COMPRESSION : level, Z_DEFLATED, window, 8,
                       Z_DEFAULT_STRATEGY) != Z_OK) {
        return Status::OutOfMemory("zlib deflateInit failed");
      }
      size_t max = deflateBound(&zs, static_cast<uLong>(in_size));
      out->resize(old + max);
      zs.next_in = const_cast<Bytef*>(in);
      zs.avail_in = static_cast<uInt>(in_size);
      zs.next_out = reinterpret_cast<Bytef*>(out->data() + old);
      zs.avail_out = static_cast<uInt>(max);
      int rc = deflate(&zs, Z_FINISH);
      size_t n = max - zs.avail_out;
      deflateEnd(&zs);
      if (rc != Z_STREAM_END) return Status::Internal("deflate failed");
      out->resize(old + n);
      return Status::OK();
    }
    case Codec::kLz4Raw: {
      int max = LZ4_compressBound(static_cast<int>(in_size));
      out->resize(old + static_cast<size_t>(max));
      int n = LZ4_compress_default(reinterpret_cast<const char*>(in), out->data() + old, static_cast<int>(in_size), max);
      if (n <= 0) return Status::Internal("lz4 compression failed");
      out->resize(old + static_cast<size_t>(n));
      return Status::OK();
    }
    case Codec::kLz4Hadoop: {
      int max = LZ4_compressBound(static_cast<int>(in_size));
      out->resize(old + 8 + static_cast<size_t>(max));
      int n = LZ4_compress_default(reinterpret_cast<const char*>(in), out->data() + old + 8,
                                   static_cast<int>(in_size), max);
      if (n <= 0) return Status::Internal("lz4 compression failed");
      bit_util::StoreLE<uint32_t>(out->data() + old, bit_util::ByteSwap32(static_cast<uint32_t>(in_size)));
      bit_util::StoreLE<uint32_t>(out->data() + old + 4, bit_util::ByteSwap32(static_cast<uint32_t>(n)));
      out->resize(old + 8 + static_cast<size_t>(n));
      return Status::OK();
    }
    case Codec::kBrotli: {
      size_t max = BrotliEncoderMaxCompressedSize(static_cast<size_t>(in_size));
      if (max == 0) max = static_cast<size_t>(in_size) + 1024;
      out->resize(old + max);
      size_t n = max;
      if (!BrotliEncoderCompress(level == 0 ? 5 : level, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_GENERIC,
                                 static_cast<size_t>(in_size), in, &n, reinterpret_cast<uint8_t*>(out->data() + old))) {
        return Status::Internal("brotli compression failed");
      }
      out->resize(old + n);
      return Status::OK();
    }
  }
  return Status::NotSupported("codec ", static_cast<int>(codec));
}

}  // namespace floe::formats
