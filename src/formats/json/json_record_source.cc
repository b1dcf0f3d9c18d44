#include <algorithm>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "common/json.h"
#include "formats/json/json_record_source_internal.h"
#include "formats/text/text_input_stream.h"

namespace floe::formats::json {

namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The four hex digits at p (REQUIRES: four bytes), or -1.
int32_t Hex4(const char* p) {
  int32_t v = 0;
  for (int k = 0; k < 4; ++k) {
    int h = HexValue(p[k]);
    if (h < 0) return -1;
    v = v * 16 + h;
  }
  return v;
}

// Windows hold at most this much, so that offsets fit the 32 bits of a span.
constexpr int64_t kMaxRecordBytes = int64_t{1} << 30;

}  // namespace

Result<std::unique_ptr<JsonRecordSource>> JsonRecordSource::Open(
    io::FileIO* io, const std::string& path, JsonFormat format, const JsonReadOptions& options,
    MemoryPool* pool, text::ReadProgress* progress) {
  std::unique_ptr<JsonRecordSource> s(new JsonRecordSource());
  s->path_ = path;
  s->max_depth_ = std::max(options.max_depth, 1);
  FLOE_ASSIGN_OR_RETURN(
      auto stream, text::TextInputStream::Open(io, path, 0, options.block_size, pool, progress));
  FLOE_ASSIGN_OR_RETURN(s->buffer_, text::TextBuffer::Make(
                                        std::move(stream), options.block_size,
                                        std::min(options.max_record_bytes, kMaxRecordBytes), pool));
  FLOE_RETURN_NOT_OK(s->buffer_->SkipByteOrderMark());
  s->format_ = format;
  if (format == JsonFormat::kAuto) {
    // An array when the first character is '['.
    for (;;) {
      int64_t pos = s->buffer_->pos();
      bool found = s->SkipSpace(&pos);
      s->buffer_->set_pos(pos);
      if (found) {
        s->format_ = s->data()[pos] == '[' ? JsonFormat::kArray : JsonFormat::kLines;
        break;
      }
      if (s->buffer_->eof()) {
        s->format_ = JsonFormat::kLines;
        break;
      }
      FLOE_RETURN_NOT_OK(s->Refill());
    }
  }
  return s;
}

bool JsonRecordSource::SkipSpace(int64_t* pos) {
  const char* d = buffer_->data();
  const int64_t e = buffer_->end();
  while (*pos < e) {
    char c = d[*pos];
    if (c == '\n') {
      ++line_;
      line_begin_ = buffer_->base() + *pos + 1;
    } else if (c != ' ' && c != '\t' && c != '\r') {
      return true;
    }
    ++*pos;
  }
  return false;
}

void JsonRecordSource::CountLines(int64_t from, int64_t to) {
  const char* d = buffer_->data();
  while (from < to) {
    const void* nl = std::memchr(d + from, '\n', static_cast<size_t>(to - from));
    if (nl == nullptr) break;
    from = static_cast<const char*>(nl) - d + 1;
    ++line_;
    line_begin_ = buffer_->base() + from;
  }
}

void JsonRecordSource::Locate(const JsonRecordInfo& record, int64_t offset, int64_t* line,
                              int64_t* column) const {
  const char* d = buffer_->data();
  int64_t l = record.line, begin = record.line_begin;
  for (int64_t i = record.begin; i < offset; ++i) {
    if (d[i] == '\n') {
      ++l;
      begin = buffer_->base() + i + 1;
    }
  }
  *line = l;
  *column = buffer_->base() + offset - begin + 1;
}

Status JsonRecordSource::HardError(int64_t offset, const std::string& reason) const {
  JsonRecordInfo here;
  here.begin = buffer_->pos();
  here.line = line_;
  here.line_begin = line_begin_;
  int64_t line, column;
  Locate(here, std::max(offset, here.begin), &line, &column);
  return Status::Invalid(path_, ":", line, ":", column, ": ", reason);
}

Status JsonRecordSource::Refill() {
  Status st = buffer_->Refill();
  if (st.IsInvalid()) {
    return Status::Invalid(path_, ":", line_, ": a JSON value is ",
                           st.message().substr(st.message().find("longer")),
                           " (max_record_bytes allows longer ones)");
  }
  return st;
}

Result<JsonRecordStatus> JsonRecordSource::Next(std::vector<JsonMember>* members,
                                                JsonRecordInfo* record) {
  const bool eof = buffer_->eof();
  for (;;) {
    int64_t pos = buffer_->pos();
    const bool found = SkipSpace(&pos);
    buffer_->set_pos(pos);
    if (!found) {
      if (!eof) return JsonRecordStatus::kBufferFull;
      if (format_ == JsonFormat::kArray && array_state_ != ArrayState::kTrailer) {
        return HardError(pos, array_state_ == ArrayState::kStart
                                  ? "expected '[' to start a JSON array"
                                  : "the JSON array is not closed");
      }
      return JsonRecordStatus::kEnd;
    }
    const char c = data()[pos];
    if (format_ == JsonFormat::kArray) {
      switch (array_state_) {
        case ArrayState::kStart:
          if (c != '[') return HardError(pos, "expected '[' to start a JSON array");
          buffer_->set_pos(pos + 1);
          array_state_ = ArrayState::kFirst;
          continue;
        case ArrayState::kFirst:
          if (c == ']') {
            buffer_->set_pos(pos + 1);
            array_state_ = ArrayState::kTrailer;
            continue;
          }
          array_state_ = ArrayState::kElement;
          break;
        case ArrayState::kAfter:
          if (c == ',') {
            buffer_->set_pos(pos + 1);
            array_state_ = ArrayState::kElement;
            continue;
          }
          if (c == ']') {
            buffer_->set_pos(pos + 1);
            array_state_ = ArrayState::kTrailer;
            continue;
          }
          return HardError(pos, "expected ',' or ']' after an element of the JSON array");
        case ArrayState::kElement:
          break;
        case ArrayState::kTrailer:
        case ArrayState::kDone:
          return HardError(pos, "unexpected text after the JSON array");
      }
    }
    record->begin = pos;
    record->line = line_;
    record->line_begin = line_begin_;
    record->error = nullptr;
    record->error_offset = -1;
    const size_t first_member = members->size();
    int64_t p = pos;
    Scan r;
    if (c == '{') {
      r = ScanObject(&p, members);
    } else {
      JsonSpan ignored;
      r = ScanValue(&p, &ignored);
      if (r == Scan::kOk) {
        record->error = "expected a JSON object";
        record->error_offset = pos;
      }
    }
    if (r == Scan::kNeedMore) {
      members->resize(first_member);
      return JsonRecordStatus::kBufferFull;
    }
    if (r == Scan::kError) {
      members->resize(first_member);
      if (format_ == JsonFormat::kArray) return HardError(error_offset_, error_);
      // JSON lines: the record ends at the line end after the error, and
      // the next starts after it.
      const char* d = data();
      const int64_t e = buffer_->end();
      const void* nl = std::memchr(d + error_offset_, '\n', static_cast<size_t>(e - error_offset_));
      if (nl == nullptr && !eof) return JsonRecordStatus::kBufferFull;
      int64_t next = nl != nullptr ? static_cast<const char*>(nl) - d + 1 : e;
      record->end = nl != nullptr ? next - 1 : next;
      record->error = error_;
      record->error_offset = error_offset_;
      CountLines(pos, next);
      buffer_->set_pos(next);
      return JsonRecordStatus::kRecord;
    }
    record->end = p;
    if (format_ == JsonFormat::kArray) array_state_ = ArrayState::kAfter;
    CountLines(pos, p);
    buffer_->set_pos(p);
    return JsonRecordStatus::kRecord;
  }
}

JsonRecordSource::Scan JsonRecordSource::ScanObject(int64_t* pos,
                                                    std::vector<JsonMember>* members) {
  const char* d = buffer_->data();
  const int64_t e = buffer_->end();
  const bool eof = buffer_->eof();
  int64_t q = *pos + 1;
  auto space = [&] {
    while (q < e && IsSpace(d[q])) ++q;
    return q < e;
  };
  auto ended = [&] {
    return eof ? Fail(q, "unexpected end of data inside an object") : Scan::kNeedMore;
  };
  if (!space()) return ended();
  if (d[q] == '}') {
    *pos = q + 1;
    return Scan::kOk;
  }
  for (;;) {
    if (d[q] != '"') return Fail(q, "expected a string key in the object");
    JsonMember m;
    Scan r = ScanString(&q, &m.key);
    if (r != Scan::kOk) return r;
    if (!space()) return ended();
    if (d[q] != ':') return Fail(q, "expected ':' after an object key");
    ++q;
    if (!space()) return ended();
    r = ScanValue(&q, &m.value);
    if (r != Scan::kOk) return r;
    members->push_back(m);
    if (!space()) return ended();
    if (d[q] == ',') {
      ++q;
      if (!space()) return ended();
      continue;
    }
    if (d[q] == '}') {
      *pos = q + 1;
      return Scan::kOk;
    }
    return Fail(q, "expected ',' or '}' after an object member");
  }
}

JsonRecordSource::Scan JsonRecordSource::ScanValue(int64_t* pos, JsonSpan* span) {
  const char c = buffer_->data()[*pos];
  switch (c) {
    case '"':
      return ScanString(pos, span);
    case '{':
    case '[':
      return ScanNested(pos, span);
    case 't':
      return ScanLiteral(pos, "true", JsonKind::kTrue, span);
    case 'f':
      return ScanLiteral(pos, "false", JsonKind::kFalse, span);
    case 'n':
      return ScanLiteral(pos, "null", JsonKind::kNull, span);
    default:
      if (c == '-' || IsDigit(c)) return ScanNumber(pos, span);
      return Fail(*pos, "expected a JSON value");
  }
}

namespace {

// The first position in [i, e) holding '"', '\\' or a control character
// (below 0x20), or e: 16 bytes at a time where SSE2 is there.
int64_t SkipStringBytes(const char* d, int64_t i, int64_t e) {
#if defined(__SSE2__)
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i backslash = _mm_set1_epi8('\\');
  const __m128i control = _mm_set1_epi8(0x1f);
  while (i + 16 <= e) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(d + i));
    __m128i hit = _mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash));
    // Unsigned v <= 0x1f exactly when min(v, 0x1f) == v.
    hit = _mm_or_si128(hit, _mm_cmpeq_epi8(_mm_min_epu8(v, control), v));
    const int mask = _mm_movemask_epi8(hit);
    if (mask != 0) return i + __builtin_ctz(static_cast<unsigned>(mask));
    i += 16;
  }
#endif
  while (i < e) {
    const auto c = static_cast<uint8_t>(d[i]);
    if (c == '"' || c == '\\' || c < 0x20) break;
    ++i;
  }
  return i;
}

}  // namespace

JsonRecordSource::Scan JsonRecordSource::ScanString(int64_t* pos, JsonSpan* span) {
  const char* d = buffer_->data();
  const int64_t e = buffer_->end();
  const int64_t start = *pos + 1;
  int64_t i = start;
  bool escaped = false;
  auto ended = [&] { return buffer_->eof() ? Fail(*pos, "unterminated string") : Scan::kNeedMore; };
  for (;;) {
    i = SkipStringBytes(d, i, e);
    if (i == e) return ended();
    const auto c = static_cast<uint8_t>(d[i]);
    if (c == '"') break;
    if (c < 0x20) return Fail(i, "control character in a string (escape it)");
    if (i + 1 >= e) return ended();
    const char x = d[i + 1];
    escaped = true;
    if (x != 'u') {
      if (std::strchr("\"\\/bfnrt", x) == nullptr || x == '\0')
        return Fail(i, "invalid escape in a string");
      i += 2;
      continue;
    }
    if (i + 6 > e) return ended();
    int32_t cp = Hex4(d + i + 2);
    if (cp < 0) return Fail(i, "invalid \\u escape in a string");
    if (cp >= 0xdc00 && cp <= 0xdfff) return Fail(i, "unpaired surrogate in a \\u escape");
    if (cp >= 0xd800 && cp <= 0xdbff) {
      // A high surrogate must be followed by an escaped low one.
      if (i + 12 > e) {
        if (!buffer_->eof()) return Scan::kNeedMore;
        return Fail(i, "unpaired surrogate in a \\u escape");
      }
      int32_t low = d[i + 6] == '\\' && d[i + 7] == 'u' ? Hex4(d + i + 8) : -1;
      if (low < 0xdc00 || low > 0xdfff) return Fail(i, "unpaired surrogate in a \\u escape");
      i += 12;
      continue;
    }
    i += 6;
  }
  span->offset = static_cast<uint32_t>(start);
  span->length = static_cast<uint32_t>(i - start);
  span->kind = JsonKind::kString;
  span->escaped = escaped;
  *pos = i + 1;
  return Scan::kOk;
}

JsonRecordSource::Scan JsonRecordSource::ScanNumber(int64_t* pos, JsonSpan* span) {
  const char* d = buffer_->data();
  const int64_t e = buffer_->end();
  const bool eof = buffer_->eof();
  int64_t i = *pos;
  auto ended = [&] {
    return eof ? Fail(i, "unexpected end of data in a number") : Scan::kNeedMore;
  };
  auto digits = [&] {
    int64_t from = i;
    while (i < e && IsDigit(d[i])) ++i;
    return i > from;
  };
  if (d[i] == '-') ++i;
  if (i == e) return ended();
  if (d[i] == '0') {
    ++i;
  } else if (!digits()) {
    return Fail(i, "invalid number");
  }
  bool integer = true;
  if (i < e && d[i] == '.') {
    ++i;
    integer = false;
    if (!digits()) return i == e ? ended() : Fail(i, "invalid number: a digit must follow '.'");
  }
  if (i < e && (d[i] == 'e' || d[i] == 'E')) {
    ++i;
    integer = false;
    if (i < e && (d[i] == '+' || d[i] == '-')) ++i;
    if (!digits())
      return i == e ? ended() : Fail(i, "invalid number: a digit must follow the exponent");
  }
  // The number may go on in bytes not read yet.
  if (i == e && !eof) return Scan::kNeedMore;
  span->offset = static_cast<uint32_t>(*pos);
  span->length = static_cast<uint32_t>(i - *pos);
  span->kind = integer ? JsonKind::kInteger : JsonKind::kNumber;
  span->escaped = false;
  *pos = i;
  return Scan::kOk;
}

JsonRecordSource::Scan JsonRecordSource::ScanLiteral(int64_t* pos, std::string_view word,
                                                     JsonKind kind, JsonSpan* span) {
  const char* d = buffer_->data();
  const int64_t e = buffer_->end();
  for (size_t k = 0; k < word.size(); ++k) {
    int64_t i = *pos + static_cast<int64_t>(k);
    if (i == e) return buffer_->eof() ? Fail(*pos, "invalid literal") : Scan::kNeedMore;
    if (d[i] != word[k]) return Fail(*pos, "invalid literal");
  }
  span->offset = static_cast<uint32_t>(*pos);
  span->length = static_cast<uint32_t>(word.size());
  span->kind = kind;
  span->escaped = false;
  *pos += static_cast<int64_t>(word.size());
  return Scan::kOk;
}

JsonRecordSource::Scan JsonRecordSource::ScanNested(int64_t* pos, JsonSpan* span) {
  const char* d = buffer_->data();
  const int64_t e = buffer_->end();
  enum State { kValue, kObjectFirst, kObjectKey, kColon, kArrayFirst, kAfter } state = kValue;
  stack_.clear();
  int64_t i = *pos;
  for (;;) {
    while (i < e && IsSpace(d[i])) ++i;
    if (i == e)
      return buffer_->eof() ? Fail(i, "unexpected end of data inside a nested value")
                            : Scan::kNeedMore;
    const char c = d[i];
    switch (state) {
      case kValue:
        if (c == '{' || c == '[') {
          // The top-level object is one level; the members' nesting adds to it.
          if (static_cast<int64_t>(stack_.size()) + 2 > max_depth_) {
            return Fail(i, "JSON nested deeper than max_depth");
          }
          stack_.push_back(c);
          ++i;
          state = c == '{' ? kObjectFirst : kArrayFirst;
          continue;
        } else {
          JsonSpan scalar;
          Scan r = ScanValue(&i, &scalar);
          if (r != Scan::kOk) return r;
          state = kAfter;
          continue;
        }
      case kObjectFirst:
        if (c == '}') {
          stack_.pop_back();
          ++i;
          state = kAfter;
          break;
        }
        [[fallthrough]];
      case kObjectKey: {
        if (c != '"') return Fail(i, "expected a string key in the object");
        JsonSpan key;
        Scan r = ScanString(&i, &key);
        if (r != Scan::kOk) return r;
        state = kColon;
        continue;
      }
      case kColon:
        if (c != ':') return Fail(i, "expected ':' after an object key");
        ++i;
        state = kValue;
        continue;
      case kArrayFirst:
        if (c == ']') {
          stack_.pop_back();
          ++i;
          state = kAfter;
          break;
        }
        state = kValue;
        continue;
      case kAfter: {
        const char top = stack_.back();
        if (c == ',') {
          ++i;
          state = top == '{' ? kObjectKey : kValue;
          continue;
        }
        if (c == (top == '{' ? '}' : ']')) {
          stack_.pop_back();
          ++i;
          break;
        }
        return Fail(i, top == '{' ? "expected ',' or '}' after an object member"
                                  : "expected ',' or ']' after an array element");
      }
    }
    if (stack_.empty()) {
      span->offset = static_cast<uint32_t>(*pos);
      span->length = static_cast<uint32_t>(i - *pos);
      span->kind = JsonKind::kNested;
      span->escaped = false;
      *pos = i;
      return Scan::kOk;
    }
  }
}

void AppendUnescaped(std::string_view raw, std::string* out) {
  for (size_t i = 0; i < raw.size(); ++i) {
    char c = raw[i];
    if (c != '\\' || i + 1 >= raw.size()) {
      out->push_back(c);
      continue;
    }
    char x = raw[++i];
    switch (x) {
      case 'b':
        out->push_back('\b');
        break;
      case 'f':
        out->push_back('\f');
        break;
      case 'n':
        out->push_back('\n');
        break;
      case 'r':
        out->push_back('\r');
        break;
      case 't':
        out->push_back('\t');
        break;
      case 'u': {
        if (i + 4 >= raw.size()) break;  // cut short: not from the scanner, which checks the digits
        auto cp = static_cast<uint32_t>(Hex4(raw.data() + i + 1));
        i += 4;
        if (cp >= 0xd800 && cp <= 0xdbff && i + 6 < raw.size()) {
          auto low = static_cast<uint32_t>(Hex4(raw.data() + i + 3));
          cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
          i += 6;
        }
        if (cp > 0x10ffff) cp = 0xfffd;
        ::floe::json::AppendUtf8(cp, out);
        break;
      }
      default:
        out->push_back(x);
        break;  // '"', '\\', '/'
    }
  }
}

void AppendMinified(std::string_view raw, std::string* out) {
  bool in_string = false;
  for (size_t i = 0; i < raw.size(); ++i) {
    char c = raw[i];
    if (in_string) {
      out->push_back(c);
      if (c == '\\' && i + 1 < raw.size()) {
        out->push_back(raw[++i]);
      } else if (c == '"') {
        in_string = false;
      }
    } else if (!IsSpace(c)) {
      out->push_back(c);
      in_string = c == '"';
    }
  }
}

}  // namespace floe::formats::json
