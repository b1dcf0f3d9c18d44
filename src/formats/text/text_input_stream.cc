#include "formats/text/text_input_stream.h"

#include <zlib.h>
#include <zstd.h>

#include <algorithm>

#include "formats/text/rejects.h"
#include "io/file_io.h"

namespace floe::formats::text {

namespace {

bool EndsWithIgnoreCase(std::string_view s, std::string_view suffix) {
  if (s.size() < suffix.size()) return false;
  for (size_t i = 0; i < suffix.size(); ++i) {
    char c = s[s.size() - suffix.size() + i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != suffix[i]) return false;
  }
  return true;
}

// zstd's own default limit for decoders: a frame asking for a larger window
// (zstd --long=31) is refused rather than allocated.
constexpr int kZstdMaxWindowLog = 27;

}  // namespace

struct TextInputStream::Decoder {
  z_stream zs{};
  bool zs_initialized = false;
  bool gzip_member_open = false;  // inside a member, not yet at its end
  ZSTD_DCtx* zstd = nullptr;
  size_t zstd_hint = 0;  // non-zero while a zstd frame is unfinished

  ~Decoder() {
    if (zs_initialized) inflateEnd(&zs);
    if (zstd != nullptr) ZSTD_freeDCtx(zstd);
  }
};

Compression CompressionFromPath(std::string_view path) {
  if (EndsWithIgnoreCase(path, ".gz") || EndsWithIgnoreCase(path, ".gzip"))
    return Compression::kGzip;
  if (EndsWithIgnoreCase(path, ".zst") || EndsWithIgnoreCase(path, ".zstd"))
    return Compression::kZstd;
  return Compression::kNone;
}

TextInputStream::~TextInputStream() = default;

Result<std::unique_ptr<TextInputStream>> TextInputStream::Open(io::FileIO* io,
                                                               const std::string& path,
                                                               int64_t offset, int64_t block_size,
                                                               MemoryPool* pool,
                                                               ReadProgress* progress) {
  std::unique_ptr<TextInputStream> s(new TextInputStream());
  s->path_ = path;
  s->compression_ = CompressionFromPath(path);
  s->progress_ = progress;
  if (offset != 0 && s->compression_ != Compression::kNone) {
    return Status::Invalid(path, ": a compressed file can only be read from its start");
  }
  FLOE_ASSIGN_OR_RETURN(s->file_, io->OpenInput(path));
  FLOE_ASSIGN_OR_RETURN(s->file_size_, s->file_->Size());
  if (offset < 0 || offset > s->file_size_) {
    return Status::Invalid(path, ": offset ", offset, " is outside the file (", s->file_size_,
                           " bytes)");
  }
  s->start_offset_ = offset;
  s->position_ = offset;
  if (s->compression_ == Compression::kNone) return s;

  FLOE_ASSIGN_OR_RETURN(s->input_, Buffer::Make(pool, std::max<int64_t>(block_size, 4096)));
  s->decoder_ = std::make_unique<Decoder>();
  if (s->compression_ == Compression::kGzip) {
    // 15 + 32: a 32 KiB window and gzip or zlib headers detected.
    if (inflateInit2(&s->decoder_->zs, 15 + 32) != Z_OK) {
      return Status::OutOfMemory(path, ": cannot start a gzip decoder");
    }
    s->decoder_->zs_initialized = true;
  } else {
    s->decoder_->zstd = ZSTD_createDCtx();
    if (s->decoder_->zstd == nullptr)
      return Status::OutOfMemory(path, ": cannot start a zstd decoder");
    ZSTD_DCtx_setParameter(s->decoder_->zstd, ZSTD_d_windowLogMax, kZstdMaxWindowLog);
  }
  return s;
}

Result<int64_t> TextInputStream::ReadStored(uint8_t* out, int64_t n) {
  int64_t len = std::min(n, file_size_ - position_);
  if (len <= 0) return int64_t{0};
  FLOE_RETURN_NOT_OK(file_->ReadAt(position_, len, out));
  position_ += len;
  if (progress_ != nullptr) progress_->bytes_read.fetch_add(len, std::memory_order_relaxed);
  return len;
}

Status TextInputStream::RefillInput() {
  FLOE_ASSIGN_OR_RETURN(int64_t got, ReadStored(input_->mutable_data(), input_->capacity()));
  input_begin_ = 0;
  input_end_ = got;
  return Status::OK();
}

Result<int64_t> TextInputStream::Read(uint8_t* out, int64_t n) {
  switch (compression_) {
    case Compression::kNone: {
      int64_t done = 0;
      while (done < n) {
        FLOE_ASSIGN_OR_RETURN(int64_t got, ReadStored(out + done, n - done));
        if (got == 0) break;
        done += got;
      }
      return done;
    }
    case Compression::kGzip:
      return ReadGzip(out, n);
    case Compression::kZstd:
      return ReadZstd(out, n);
  }
  return int64_t{0};
}

Result<int64_t> TextInputStream::ReadGzip(uint8_t* out, int64_t n) {
  z_stream& zs = decoder_->zs;
  int64_t done = 0;
  while (done < n) {
    if (input_begin_ == input_end_ && position_ < file_size_) FLOE_RETURN_NOT_OK(RefillInput());
    const bool no_more_input = input_begin_ == input_end_;
    if (no_more_input && !decoder_->gzip_member_open) break;
    if (!decoder_->gzip_member_open) {
      // Another member follows the last one (gzip files may be concatenated).
      if (inflateReset(&zs) != Z_OK) return Status::Internal(path_, ": inflateReset failed");
      decoder_->gzip_member_open = true;
    }
    zs.next_in = input_->mutable_data() + input_begin_;
    zs.avail_in = static_cast<uInt>(input_end_ - input_begin_);
    zs.next_out = out + done;
    zs.avail_out = static_cast<uInt>(std::min<int64_t>(n - done, UINT32_MAX));
    int rc = inflate(&zs, Z_NO_FLUSH);
    const int64_t consumed = (input_end_ - input_begin_) - zs.avail_in;
    const int64_t produced = (zs.next_out - out) - done;
    input_begin_ += consumed;
    done += produced;
    if (rc == Z_STREAM_END) {
      decoder_->gzip_member_open = false;
    } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
      return Status::Corruption(path_, ": invalid gzip data (", zs.msg ? zs.msg : "inflate failed",
                                ")");
    } else if (consumed == 0 && produced == 0 && no_more_input) {
      return Status::Corruption(path_, ": the gzip data is truncated");
    }
  }
  return done;
}

Result<int64_t> TextInputStream::ReadZstd(uint8_t* out, int64_t n) {
  int64_t done = 0;
  while (done < n) {
    if (input_begin_ == input_end_ && position_ < file_size_) FLOE_RETURN_NOT_OK(RefillInput());
    const bool no_more_input = input_begin_ == input_end_;
    // zstd_hint is 0 between frames: the data may end there.
    if (no_more_input && decoder_->zstd_hint == 0) break;
    ZSTD_inBuffer in{input_->data() + input_begin_, static_cast<size_t>(input_end_ - input_begin_),
                     0};
    ZSTD_outBuffer ob{out + done, static_cast<size_t>(n - done), 0};
    size_t rc = ZSTD_decompressStream(decoder_->zstd, &ob, &in);
    if (ZSTD_isError(rc)) {
      return Status::Corruption(path_, ": invalid zstd data (", ZSTD_getErrorName(rc), ")");
    }
    decoder_->zstd_hint = rc;
    input_begin_ += static_cast<int64_t>(in.pos);
    done += static_cast<int64_t>(ob.pos);
    if (in.pos == 0 && ob.pos == 0 && no_more_input) {
      return Status::Corruption(path_, ": the zstd data is truncated");
    }
  }
  return done;
}

}  // namespace floe::formats::text
