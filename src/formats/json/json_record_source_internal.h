#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "formats/json/json_reader.h"
#include "formats/text/text_buffer.h"

namespace floe::formats::json {

/// What a JSON value is, as the scanner saw it.
enum class JsonKind : uint8_t {
  kMissing,
  kNull,
  kTrue,
  kFalse,
  kInteger,
  kNumber,
  kString,
  kNested
};

/// A value (or key) as bytes of the source's window: a string's contents
/// without its quotes, a number's or a nested value's whole text.
struct JsonSpan {
  uint32_t offset = 0;
  uint32_t length = 0;
  JsonKind kind = JsonKind::kMissing;
  bool escaped = false;  // a string holding backslash escapes
};

/// One member of an object.
struct JsonMember {
  JsonSpan key;
  JsonSpan value;
};

/// Where a record (a top-level value) is and what was wrong with it.
struct JsonRecordInfo {
  int64_t begin = 0;       // window offset of its first byte
  int64_t end = 0;         // window offset after its last byte
  int64_t line = 0;        // 1-based line of its first byte
  int64_t line_begin = 0;  // stream offset of that line's first byte
  /// A problem that rejects the record but lets reading go on: window
  /// offset and reason. Null for a good object.
  int64_t error_offset = -1;
  const char* error = nullptr;
};

enum class JsonRecordStatus { kRecord, kEnd, kBufferFull };

/// Splits a JSON byte stream into top-level objects (JSON lines, or the
/// elements of one top-level array) and their members, checking the whole
/// syntax (RFC 8259) without recursion: nesting is tracked on an explicit
/// stack limited to max_depth. Not thread-safe.
class JsonRecordSource {
 public:
  /// `format` kAuto decides by the first character of the file.
  static Result<std::unique_ptr<JsonRecordSource>> Open(io::FileIO* io, const std::string& path,
                                                        JsonFormat format,
                                                        const JsonReadOptions& options,
                                                        MemoryPool* pool,
                                                        text::ReadProgress* progress);

  /// The next record, its members appended to `members`. A syntax error
  /// in JSON lines, or an array element that is not an object, comes as a
  /// record with `error` set, reading going on after it (in JSON lines, at
  /// the next line). Syntax errors that leave nothing to go on from (in an
  /// array) are Invalid "file:line:column: reason". kBufferFull as in
  /// CsvRecordSource: Refill() and ask again.
  Result<JsonRecordStatus> Next(std::vector<JsonMember>* members, JsonRecordInfo* record);
  Status Refill();

  const char* data() const { return buffer_->data(); }
  const std::string& path() const { return path_; }
  JsonFormat format() const { return format_; }
  /// Line and 1-based column of window offset `offset` inside `record`.
  void Locate(const JsonRecordInfo& record, int64_t offset, int64_t* line, int64_t* column) const;

 private:
  enum class ArrayState : uint8_t { kStart, kFirst, kAfter, kElement, kTrailer, kDone };
  enum class Scan : uint8_t { kOk, kNeedMore, kError };

  JsonRecordSource() = default;
  // Skips whitespace from window offset *pos, counting lines; false when
  // the window ends first (more data needed unless at the end).
  bool SkipSpace(int64_t* pos);
  // Scans the value at *pos: on kOk *pos is after it and `span` says what it is.
  Scan ScanValue(int64_t* pos, JsonSpan* span);
  Scan ScanString(int64_t* pos, JsonSpan* span);
  Scan ScanNumber(int64_t* pos, JsonSpan* span);
  Scan ScanLiteral(int64_t* pos, std::string_view word, JsonKind kind, JsonSpan* span);
  Scan ScanNested(int64_t* pos, JsonSpan* span);
  Scan ScanObject(int64_t* pos, std::vector<JsonMember>* members);
  Scan Fail(int64_t offset, const char* message) {
    error_offset_ = offset;
    error_ = message;
    return Scan::kError;
  }
  // Counts the lines of window bytes [from, to), consumed.
  void CountLines(int64_t from, int64_t to);
  Status HardError(int64_t offset, const std::string& reason) const;

  std::string path_;
  JsonFormat format_ = JsonFormat::kLines;
  int max_depth_ = 256;
  std::unique_ptr<text::TextBuffer> buffer_;
  ArrayState array_state_ = ArrayState::kStart;
  int64_t line_ = 1;
  int64_t line_begin_ = 0;  // stream offset of the current line's first byte
  std::string stack_;       // open objects and arrays while scanning nested values
  int64_t error_offset_ = -1;
  const char* error_ = nullptr;
};

/// Appends the text of JSON string contents `raw` (escapes resolved;
/// REQUIRES: scanned by JsonRecordSource).
void AppendUnescaped(std::string_view raw, std::string* out);
/// Appends JSON text `raw` without the whitespace outside its strings.
void AppendMinified(std::string_view raw, std::string* out);

}  // namespace floe::formats::json
