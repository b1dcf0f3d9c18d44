#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "formats/text/text_buffer.h"

namespace floe::io {
class FileIO;
}

namespace floe::formats::csv {

/// The characters that structure a CSV file.
struct CsvDialect {
  char delimiter = ',';
  char quote = '"';  // '\0': no quoting
  char escape = '"';
};

/// Invalid when the dialect's characters cannot work together.
Status CheckDialect(const CsvDialect& dialect);

/// One field of a record: bytes of the source's window (the contents of a
/// quoted field, without its quotes).
struct FieldSpan {
  uint32_t offset;
  uint32_t length;
  uint8_t flags;
};
inline constexpr uint8_t kFieldQuoted = 1;
inline constexpr uint8_t kFieldEscaped = 2;  // holds escapes or doubled quotes

/// Where a record is and what the tokenizer noticed about it.
struct RecordInfo {
  int64_t begin = 0;            // window offset of its first byte
  int64_t end = 0;              // window offset after its last byte, before the line terminator
  int64_t line = 0;             // line of its first byte, counted from the source's start line
  bool quoted_newline = false;  // a quoted field spans lines
  /// A syntax error inside the record (the record still ends where it
  /// should, so the rest of the file reads on): window offset and reason.
  int64_t error_offset = -1;
  const char* error = nullptr;
  /// Whether the record is an empty line.
  bool blank() const { return begin == end; }
};

enum class RecordStatus { kRecord, kEnd, kBufferFull };

/// Splits a CSV byte stream into records and fields (RFC 4180 with
/// DuckDB's liberties: any delimiter, quote and escape; CRLF, LF or CR line
/// ends; a missing final line end; a quote inside an unquoted field is an
/// ordinary character). Not thread-safe.
class CsvRecordSource {
 public:
  /// Opens `path` at stream byte `offset` (see TextInputStream::Open).
  static Result<std::unique_ptr<CsvRecordSource>> Open(io::FileIO* io, const std::string& path,
                                                       int64_t offset, const CsvDialect& dialect,
                                                       int64_t block_size, int64_t max_record_bytes,
                                                       MemoryPool* pool,
                                                       text::ReadProgress* progress);

  /// Tokenizes the next record, appending its fields to `fields`.
  /// kBufferFull: it does not end within the window; nothing was appended.
  /// The caller then finishes with the spans it holds and calls Refill(),
  /// which invalidates them, and asks again.
  RecordStatus Next(std::vector<FieldSpan>* fields, RecordInfo* record);
  /// Reads more (see TextBuffer::Refill); a record longer than
  /// max_record_bytes is an error naming the file and line.
  Status Refill();
  /// Skips `n` lines (by line ends, quotes not considered).
  Status SkipLines(int64_t n);
  /// At the start of a file: skips a UTF-8 byte order mark.
  Status SkipByteOrderMark() { return buffer_->SkipByteOrderMark(); }

  const char* data() const { return buffer_->data(); }
  /// The stream offset of window offset `pos`.
  int64_t StreamOffset(int64_t pos) const { return buffer_->base() + pos; }
  /// The stream offset of the next record.
  int64_t NextRecordOffset() const { return buffer_->base() + buffer_->pos(); }
  /// The line the next record starts on (the first is 1).
  int64_t line() const { return line_; }
  const std::string& path() const { return path_; }
  const CsvDialect& dialect() const { return dialect_; }

  /// The text of a field, its escapes resolved into `scratch` when it has any.
  std::string_view FieldText(const FieldSpan& f, std::string* scratch) const;

 private:
  CsvRecordSource() = default;
  std::string path_;
  CsvDialect dialect_;
  std::unique_ptr<text::TextBuffer> buffer_;
  int64_t line_ = 1;
  // Bytes that end an unquoted field, and bytes that matter inside quotes.
  bool field_end_[256] = {};
  bool quoted_special_[256] = {};
};

}  // namespace floe::formats::csv
