#include <algorithm>
#include <cstring>

#include "formats/csv/csv_record_source_internal.h"
#include "formats/text/text_input_stream.h"

namespace floe::formats::csv {

namespace {
bool IsLineEnd(char c) { return c == '\n' || c == '\r'; }
}  // namespace

Status CheckDialect(const CsvDialect& d) {
  if (d.delimiter == '\0' || IsLineEnd(d.delimiter)) {
    return Status::Invalid("the delimiter cannot be a line end or NUL");
  }
  if (d.quote != '\0') {
    if (IsLineEnd(d.quote)) return Status::Invalid("the quote cannot be a line end");
    if (d.quote == d.delimiter) {
      return Status::Invalid("the quote and the delimiter cannot both be '",
                             std::string(1, d.quote), "'");
    }
    if (d.escape != '\0' && (IsLineEnd(d.escape) || d.escape == d.delimiter)) {
      return Status::Invalid("the escape cannot be a line end or the delimiter");
    }
  }
  return Status::OK();
}

Result<std::unique_ptr<CsvRecordSource>> CsvRecordSource::Open(
    io::FileIO* io, const std::string& path, int64_t offset, const CsvDialect& dialect,
    int64_t block_size, int64_t max_record_bytes, MemoryPool* pool, text::ReadProgress* progress) {
  FLOE_RETURN_NOT_OK(CheckDialect(dialect));
  std::unique_ptr<CsvRecordSource> s(new CsvRecordSource());
  s->path_ = path;
  s->dialect_ = dialect;
  FLOE_ASSIGN_OR_RETURN(auto stream,
                        text::TextInputStream::Open(io, path, offset, block_size, pool, progress));
  // Field offsets into the window are 32 bits.
  FLOE_ASSIGN_OR_RETURN(s->buffer_,
                        text::TextBuffer::Make(std::move(stream), block_size,
                                               std::min<int64_t>(max_record_bytes, 1 << 30), pool));
  s->field_end_[static_cast<uint8_t>(dialect.delimiter)] = true;
  s->field_end_['\n'] = true;
  s->field_end_['\r'] = true;
  if (dialect.quote != '\0') {
    s->quoted_special_[static_cast<uint8_t>(dialect.quote)] = true;
    if (dialect.escape != '\0') s->quoted_special_[static_cast<uint8_t>(dialect.escape)] = true;
    s->quoted_special_['\n'] = true;
  }
  return s;
}

RecordStatus CsvRecordSource::Next(std::vector<FieldSpan>* fields, RecordInfo* rec) {
  const char* const buf = buffer_->data();
  const char* p = buf + buffer_->pos();
  const char* const e = buf + buffer_->end();
  const bool eof = buffer_->eof();
  if (p == e) return eof ? RecordStatus::kEnd : RecordStatus::kBufferFull;
  const char quote = dialect_.quote, escape = dialect_.escape, delimiter = dialect_.delimiter;
  const size_t first_field = fields->size();
  int64_t newlines = 0;
  const char* content_end;
  const char* next;
  const char* open_quote = nullptr;
  rec->begin = p - buf;
  rec->error = nullptr;
  rec->error_offset = -1;
  for (;;) {
    if (quote != '\0' && p < e && *p == quote) {
      open_quote = p;
      const char* q = p + 1;
      uint8_t flags = kFieldQuoted;
      for (;;) {
        while (q < e && !quoted_special_[static_cast<uint8_t>(*q)]) ++q;
        if (q == e) goto unfinished_quote;
        const char c = *q;
        if (c == '\n') {
          ++newlines;
          ++q;
          continue;
        }
        if (c == escape && escape != quote) {
          if (q + 1 == e) goto unfinished_quote;
          q += 2;
          flags |= kFieldEscaped;
          continue;
        }
        // A quote: doubled (when it is its own escape) or closing.
        if (q + 1 == e && !eof) goto need_more;
        if (escape == quote && q + 1 < e && q[1] == quote) {
          q += 2;
          flags |= kFieldEscaped;
          continue;
        }
        break;
      }
      fields->push_back(
          {static_cast<uint32_t>(p + 1 - buf), static_cast<uint32_t>(q - p - 1), flags});
      p = q + 1;
      if (p < e && !field_end_[static_cast<uint8_t>(*p)]) {
        // Text after the closing quote: the record is bad, but it still ends
        // at the next delimiter or line end, so reading can go on after it.
        if (rec->error == nullptr) {
          rec->error = "unexpected character after the closing quote of a field";
          rec->error_offset = p - buf;
        }
        while (p < e && !field_end_[static_cast<uint8_t>(*p)]) ++p;
        if (p == e && !eof) goto need_more;
      }
    } else {
      const char* q = p;
      while (q < e && !field_end_[static_cast<uint8_t>(*q)]) ++q;
      if (q == e && !eof) goto need_more;
      fields->push_back({static_cast<uint32_t>(p - buf), static_cast<uint32_t>(q - p), 0});
      p = q;
    }
    if (p == e) {  // the last record, without a line end
      content_end = next = p;
      break;
    }
    if (*p == delimiter) {
      ++p;
      continue;
    }
    content_end = p;
    if (*p == '\n') {
      next = p + 1;
      break;
    }
    // '\r', alone or before '\n'.
    if (p + 1 == e && !eof) goto need_more;
    next = p + 1 < e && p[1] == '\n' ? p + 2 : p + 1;
    break;
  }
  rec->end = content_end - buf;
  rec->line = line_;
  rec->quoted_newline = newlines > 0;
  line_ += 1 + newlines;
  buffer_->set_pos(next - buf);
  return RecordStatus::kRecord;

unfinished_quote:
  if (!eof) goto need_more;
  // A quote never closed: the record takes the rest of the data.
  fields->push_back({static_cast<uint32_t>(open_quote + 1 - buf),
                     static_cast<uint32_t>(e - open_quote - 1), kFieldQuoted});
  rec->end = e - buf;
  rec->line = line_;
  rec->quoted_newline = newlines > 0;
  rec->error = "unterminated quoted field";
  rec->error_offset = open_quote - buf;
  line_ += 1 + newlines;
  buffer_->set_pos(e - buf);
  return RecordStatus::kRecord;

need_more:
  fields->resize(first_field);
  return RecordStatus::kBufferFull;
}

Status CsvRecordSource::Refill() {
  Status st = buffer_->Refill();
  if (st.IsInvalid()) {
    return Status::Invalid(path_, ":", line_, ": ", st.message(),
                           " (is a quote not closed? max_record_bytes allows longer records)");
  }
  return st;
}

Status CsvRecordSource::SkipLines(int64_t n) {
  while (n > 0) {
    const char* p = buffer_->data() + buffer_->pos();
    const char* e = buffer_->data() + buffer_->end();
    const void* nl = std::memchr(p, '\n', static_cast<size_t>(e - p));
    if (nl != nullptr) {
      buffer_->set_pos(static_cast<const char*>(nl) + 1 - buffer_->data());
      ++line_;
      --n;
      continue;
    }
    buffer_->set_pos(buffer_->end());
    if (buffer_->eof()) break;
    FLOE_RETURN_NOT_OK(buffer_->Refill());
  }
  return Status::OK();
}

std::string_view CsvRecordSource::FieldText(const FieldSpan& f, std::string* scratch) const {
  std::string_view raw(data() + f.offset, f.length);
  if ((f.flags & kFieldEscaped) == 0) return raw;
  scratch->clear();
  const char quote = dialect_.quote, escape = dialect_.escape;
  for (size_t i = 0; i < raw.size(); ++i) {
    char c = raw[i];
    if (c == escape && i + 1 < raw.size() && (raw[i + 1] == quote || raw[i + 1] == escape)) {
      scratch->push_back(raw[i + 1]);
      ++i;
      continue;
    }
    scratch->push_back(c);
  }
  return *scratch;
}

}  // namespace floe::formats::csv
