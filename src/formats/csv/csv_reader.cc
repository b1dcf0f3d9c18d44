#include "formats/csv/csv_reader.h"

#include <algorithm>
#include <cstring>
#include <tuple>
#include <unordered_set>

#include "common/bit_util.h"
#include "common/utf8.h"
#include "formats/csv/csv_record_source_internal.h"
#include "formats/text/rejects.h"
#include "formats/text/row_batch.h"
#include "formats/text/text_input_stream.h"
#include "formats/text/value_parser.h"
#include "io/file_io.h"

namespace floe::formats::csv {

using columnar::LogicalType;
using columnar::TypeId;
using columnar::Vector;

namespace {

// Records read per candidate delimiter to detect the dialect.
constexpr int64_t kDialectSampleRecords = 64;
// Values per chunk at most (rows x columns): a file with very many columns
// gets chunks of fewer rows, so a chunk's memory stays bounded.
constexpr int64_t kMaxChunkValues = int64_t{1} << 20;

// Opens `path` after its byte order mark and skipped lines. `progress`
// is null for the sample reads of inference, which a progress line
// measured against the files' sizes should not count.
Result<std::unique_ptr<CsvRecordSource>> OpenAtStart(io::FileIO* io, const std::string& path,
                                                     const CsvDialect& dialect,
                                                     const CsvReadOptions& options,
                                                     MemoryPool* pool,
                                                     text::ReadProgress* progress = nullptr) {
  FLOE_ASSIGN_OR_RETURN(auto source,
                        CsvRecordSource::Open(io, path, 0, dialect, options.block_size,
                                              options.max_record_bytes, pool, progress));
  FLOE_RETURN_NOT_OK(source->SkipByteOrderMark());
  FLOE_RETURN_NOT_OK(source->SkipLines(options.skip_rows));
  return source;
}

// Calls fn(fields, record) for each record of `source` until it returns
// false or the data ends.
template <typename Fn>
Status ForEachRecord(CsvRecordSource* source, Fn&& fn) {
  std::vector<FieldSpan> fields;
  RecordInfo record;
  for (;;) {
    fields.clear();
    RecordStatus st = source->Next(&fields, &record);
    if (st == RecordStatus::kBufferFull) {
      FLOE_RETURN_NOT_OK(source->Refill());
      continue;
    }
    if (st == RecordStatus::kEnd) return Status::OK();
    if (!fn(fields, record)) return Status::OK();
  }
}

// The delimiter that splits the first records of `path` into the most
// rows of the first row's length (more than one field), as DuckDB's
// sniffer does; ',' when none splits anything.
Result<char> DetectDelimiter(io::FileIO* io, const std::string& path, const CsvReadOptions& options,
                             MemoryPool* pool) {
  static const char kCandidates[] = {',', '|', ';', '\t'};
  char best = ',';
  std::tuple<bool, int64_t, int64_t> best_score{false, -1, -1};
  for (char candidate : kCandidates) {
    CsvDialect dialect{candidate, options.quote, options.escape};
    if (!CheckDialect(dialect).ok()) continue;
    FLOE_ASSIGN_OR_RETURN(auto source, OpenAtStart(io, path, dialect, options, pool));
    int64_t records = 0, first_count = -1, consistent = 0;
    bool errors = false;
    FLOE_RETURN_NOT_OK(ForEachRecord(
        source.get(), [&](const std::vector<FieldSpan>& fields, const RecordInfo& rec) {
          if (rec.blank()) return true;
          errors |= rec.error != nullptr;
          auto n = static_cast<int64_t>(fields.size());
          if (first_count < 0) first_count = n;
          consistent += n == first_count;
          return ++records < kDialectSampleRecords;
        }));
    std::tuple<bool, int64_t, int64_t> score{first_count > 1 && !errors, consistent, first_count};
    if (score > best_score) {
      best_score = score;
      best = candidate;
    }
  }
  return std::get<0>(best_score) ? best : ',';
}

std::string DefaultColumnName(size_t i, size_t count) {
  std::string digits = std::to_string(i);
  std::string widest = std::to_string(count > 0 ? count - 1 : 0);
  return "column" + std::string(widest.size() - std::min(widest.size(), digits.size()), '0') +
         digits;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

// Makes the names unique ignoring case, as SQL sees them: "a", "a_1", "a_2".
void DeduplicateNames(std::vector<std::string>* names) {
  auto lower = [](std::string s) {
    for (char& c : s) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return s;
  };
  std::unordered_set<std::string> taken;  // lower-cased
  for (auto& name : *names) {
    if (taken.count(lower(name)) > 0) {
      for (int k = 1;; ++k) {
        std::string candidate = name + "_" + std::to_string(k);
        if (taken.count(lower(candidate)) == 0) {
          name = std::move(candidate);
          break;
        }
      }
    }
    taken.insert(lower(name));
  }
}

std::string_view TrimSpaces(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// The parsed date and timestamp formats of a set of options.
struct Formats {
  text::DateTimeFormat date, timestamp;
  text::TemporalFormats temporal;
};

Status MakeFormats(const CsvReadOptions& options, Formats* f) {
  if (!options.date_format.empty()) {
    FLOE_ASSIGN_OR_RETURN(f->date, text::DateTimeFormat::Make(options.date_format));
    f->temporal.date = &f->date;
  }
  if (!options.timestamp_format.empty()) {
    FLOE_ASSIGN_OR_RETURN(f->timestamp, text::DateTimeFormat::Make(options.timestamp_format));
    f->temporal.timestamp = &f->timestamp;
  }
  return Status::OK();
}

// Whether `text` reads as a value of `type`.
Result<bool> Fits(std::string_view text, const LogicalType& type,
                  const text::TemporalFormats& formats, MemoryPool* pool) {
  FLOE_ASSIGN_OR_RETURN(auto v, Vector::Make(type, pool, 1));
  Status error;
  text::StoreResult r = text::StoreTextValue(text, formats, v.get(), 0, &error);
  if (r == text::StoreResult::kOutOfMemory) return error;
  return r == text::StoreResult::kOk;
}

// The first row of a file, kept while later rows decide whether it is a header.
struct FirstRow {
  std::vector<std::string> values;
  std::vector<bool> null;  // an unquoted null string
};

// DuckDB's rule: the first row is a header when one of its values does not
// fit its column's type as the other rows show it; when every column is
// text, when it has no empty field and no value that looks typed.
Result<bool> DetectHeader(const FirstRow& first, const std::vector<LogicalType>& rest_types,
                          const std::vector<bool>& rest_has_values,
                          const text::TemporalFormats& formats, MemoryPool* pool) {
  bool any_typed = false;
  for (size_t c = 0; c < first.values.size(); ++c) {
    if (!rest_has_values[c] || rest_types[c].id() == TypeId::kVarchar) continue;
    any_typed = true;
    if (first.null[c] || first.values[c].empty()) continue;
    FLOE_ASSIGN_OR_RETURN(bool fits, Fits(first.values[c], rest_types[c], formats, pool));
    if (!fits) return true;
  }
  if (any_typed) return false;
  for (size_t c = 0; c < first.values.size(); ++c) {
    if (first.null[c] || first.values[c].empty()) return false;
    if (text::CandidateTypes(first.values[c], formats) != text::kCandidateVarchar) return false;
  }
  return true;
}

}  // namespace

Result<CsvSchema> InferCsvSchema(io::FileIO* io, const std::vector<std::string>& files,
                                 const CsvReadOptions& options, MemoryPool* pool) {
  if (files.empty()) return Status::Invalid("no CSV files to read");
  Formats formats;
  FLOE_RETURN_NOT_OK(MakeFormats(options, &formats));
  for (const auto& c : options.columns) {
    FLOE_RETURN_NOT_OK(text::CheckTextReadableType(c.type).WithContext("column " + c.name));
  }
  CsvSchema schema;
  CsvDialect dialect{options.delimiter.value_or(','), options.quote, options.escape};
  if (!options.delimiter.has_value()) {
    FLOE_ASSIGN_OR_RETURN(dialect.delimiter, DetectDelimiter(io, files[0], options, pool));
  }
  FLOE_RETURN_NOT_OK(CheckDialect(dialect));
  schema.delimiter = dialect.delimiter;

  // Sample: the first row of the first file that has one, then rows (of the
  // first row's length) up to sample_rows, from the first files.
  const bool explicit_columns = !options.columns.empty();
  int64_t ncols = explicit_columns ? static_cast<int64_t>(options.columns.size()) : -1;
  FirstRow first;
  bool have_first = false;
  std::optional<bool> header = options.header;
  std::vector<uint32_t> mask;  // candidate types of the rows after the first
  std::vector<uint32_t> first_mask;
  std::string scratch;
  int64_t sampled = 0;
  const int64_t sample_rows = options.sample_rows < 0 ? INT64_MAX : options.sample_rows;
  const int max_files = std::max(1, options.max_sample_files);
  for (size_t fi = 0;
       fi < files.size() && static_cast<int>(fi) < max_files && sampled < sample_rows; ++fi) {
    FLOE_ASSIGN_OR_RETURN(auto source, OpenAtStart(io, files[fi], dialect, options, pool));
    bool at_file_start = true;
    FLOE_RETURN_NOT_OK(ForEachRecord(
        source.get(), [&](const std::vector<FieldSpan>& fields, const RecordInfo& rec) {
          if (rec.blank() && ncols != 1) return true;
          schema.quoted_newlines |= rec.quoted_newline;
          if (!have_first) {
            have_first = true;
            at_file_start = false;
            if (ncols < 0) ncols = static_cast<int64_t>(fields.size());
            mask.assign(static_cast<size_t>(ncols), text::kAllCandidates);
            first_mask.assign(static_cast<size_t>(ncols), text::kAllCandidates);
            for (size_t c = 0; c < fields.size() && static_cast<int64_t>(c) < ncols; ++c) {
              std::string_view t = source->FieldText(fields[c], &scratch);
              bool null = (fields[c].flags & kFieldQuoted) == 0 && t == options.null_string;
              first.values.emplace_back(t);
              first.null.push_back(null);
              if (!null && !t.empty()) first_mask[c] = text::CandidateTypes(t, formats.temporal);
            }
            first.values.resize(static_cast<size_t>(ncols));
            first.null.resize(static_cast<size_t>(ncols), true);
            return true;
          }
          if (at_file_start) {
            at_file_start = false;
            if (header.value_or(false)) return true;
          }
          if (static_cast<int64_t>(fields.size()) != ncols || rec.error != nullptr) return true;
          for (size_t c = 0; c < fields.size(); ++c) {
            if (mask[c] == text::kCandidateVarchar) continue;
            std::string_view t = source->FieldText(fields[c], &scratch);
            if (t.empty() || ((fields[c].flags & kFieldQuoted) == 0 && t == options.null_string))
              continue;
            mask[c] &= text::CandidateTypes(t, formats.temporal);
          }
          return ++sampled < sample_rows;
        }));
    if (have_first && !header.has_value()) {
      // Decided on the first file with rows; later files skip their first row alike.
      std::vector<LogicalType> rest_types;
      std::vector<bool> rest_has_values;
      for (int64_t c = 0; c < ncols; ++c) {
        rest_types.push_back(explicit_columns ? options.columns[c].type
                                              : text::NarrowestCandidate(mask[c]));
        rest_has_values.push_back(explicit_columns || mask[c] != text::kAllCandidates);
      }
      FLOE_ASSIGN_OR_RETURN(
          bool detected, DetectHeader(first, rest_types, rest_has_values, formats.temporal, pool));
      header = detected;
    }
  }
  if (!have_first && !explicit_columns) {
    return Status::Invalid(files[0], ": no rows to detect the columns from; give the columns");
  }
  schema.header = header.value_or(false);

  if (explicit_columns) {
    schema.columns = options.columns;
  } else {
    std::vector<std::string> names;
    for (int64_t c = 0; c < ncols; ++c) {
      std::string name;
      if (schema.header) {
        name = std::string(TrimSpaces(first.values[c]));
        if (!text::IsValidUtf8(name)) {
          return Status::Invalid(files[0], ": the header's name of column ", c + 1,
                                 " is not valid UTF-8");
        }
      }
      if (name.empty())
        name = DefaultColumnName(static_cast<size_t>(c), static_cast<size_t>(ncols));
      names.push_back(std::move(name));
    }
    DeduplicateNames(&names);
    for (int64_t c = 0; c < ncols; ++c) {
      uint32_t m = schema.header ? mask[c] : (mask[c] & first_mask[c]);
      schema.columns.push_back({names[c], text::NarrowestCandidate(m)});
    }
  }
  for (const auto& override_type : options.column_types) {
    FLOE_RETURN_NOT_OK(text::CheckTextReadableType(override_type.type)
                           .WithContext("column " + override_type.name));
    auto it = std::find_if(schema.columns.begin(), schema.columns.end(), [&](const CsvColumn& c) {
      return EqualsIgnoreCase(c.name, override_type.name);
    });
    if (it == schema.columns.end()) {
      return Status::Invalid("column_types names '", override_type.name,
                             "', which is not a column of ", files[0]);
    }
    it->type = override_type.type;
  }
  return schema;
}

Result<std::vector<CsvSplit>> PlanCsvSplits(io::FileIO* io, const std::vector<std::string>& files,
                                            const CsvSchema& schema,
                                            const CsvReadOptions& options) {
  std::vector<CsvSplit> splits;
  for (const auto& path : files) {
    // With a reject sink every bad row needs its line number, which a split
    // only learns by counting the lines before it: reading splits would
    // then read the file about splits/2 times over.
    if (options.split_bytes <= 0 || options.rejects != nullptr || schema.quoted_newlines ||
        text::CompressionFromPath(path) != text::Compression::kNone) {
      splits.push_back({path, 0, -1});
      continue;
    }
    FLOE_ASSIGN_OR_RETURN(auto file, io->OpenInput(path));
    FLOE_ASSIGN_OR_RETURN(int64_t size, file->Size());
    int64_t parts = (size + options.split_bytes - 1) / options.split_bytes;
    if (parts <= 1) {
      splits.push_back({path, 0, -1});
      continue;
    }
    for (int64_t i = 0; i < parts; ++i) {
      int64_t begin = size / parts * i;
      int64_t end = i + 1 == parts ? -1 : size / parts * (i + 1);
      splits.push_back({path, begin, end});
    }
  }
  return splits;
}

class CsvReader::Impl {
 public:
  Status Init(io::FileIO* io, const CsvSplit& split, const CsvSchema& schema,
              const CsvReadOptions& options, MemoryPool* pool);
  Result<bool> Next(columnar::Chunk* out);

  int64_t rows_read = 0;
  int64_t rows_rejected = 0;

 private:
  Status ConvertPending();
  Status ConvertColumn(size_t c);
  template <typename T, typename Parse>
  Status ConvertFixed(size_t c, Parse parse);
  Status ConvertString(size_t c);
  Status ConvertGeneric(size_t c);
  bool IsNull(const FieldSpan& f, std::string_view text, bool text_type) const {
    if ((f.flags & kFieldQuoted) == 0 && text == options_.null_string) return true;
    return !text_type && text.empty();
  }
  // A value of pending record k that does not read as its column's type.
  Status BadValue(size_t k, size_t c, const std::string& reason);
  // A bad record: fails the read with "file:line:column: reason[ for
  // column <name>]", or (when `rejectable` and a sink is set) goes to the
  // sink. `offset` is the window offset the problem is at; `column` the
  // table column concerned, if any, named in the message when `name_column`.
  Status BadRecord(const RecordInfo& rec, int64_t offset, const std::string& column,
                   const std::string& reason, bool name_column, bool rejectable = true);
  // The file's line number of a line the source counted.
  Result<int64_t> FileLine(int64_t source_line);

  io::FileIO* io_ = nullptr;
  CsvSplit split_;
  CsvSchema schema_;
  CsvReadOptions options_;
  MemoryPool* pool_ = nullptr;
  Formats formats_;
  std::unique_ptr<CsvRecordSource> source_;
  size_t ncols_ = 0;
  int64_t chunk_rows_ = 0;
  bool in_split_ = false;            // one of several byte ranges of the file
  int64_t first_record_offset_ = 0;  // stream offset where the split's records start
  int64_t line_offset_ = -1;         // file line - source line; -1 until needed (splits)
  bool header_pending_ = false;
  bool source_done_ = false;
  bool done_ = false;

  // The chunk being filled: rows converted into `batch_`, then `records_` pending
  // (tokenized, their fields in `spans_`, row-major), not yet converted.
  text::RowBatch batch_;
  std::vector<FieldSpan> spans_;
  std::vector<RecordInfo> records_;
  // Without a reject sink the read fails at the first bad value in file
  // order; columns convert one after another, so the earliest one seen in
  // this batch waits here until every column is converted.
  struct FirstBad {
    size_t record = SIZE_MAX, column = 0;
    std::string reason;
  } first_bad_;
  std::string scratch_;
};

Status CsvReader::Impl::Init(io::FileIO* io, const CsvSplit& split, const CsvSchema& schema,
                             const CsvReadOptions& options, MemoryPool* pool) {
  io_ = io;
  split_ = split;
  schema_ = schema;
  options_ = options;
  pool_ = pool;
  ncols_ = schema.columns.size();
  if (ncols_ == 0) return Status::Invalid(split.path, ": no columns to read");
  for (const auto& c : schema.columns) {
    FLOE_RETURN_NOT_OK(text::CheckTextReadableType(c.type).WithContext("column " + c.name));
  }
  FLOE_RETURN_NOT_OK(MakeFormats(options, &formats_));
  chunk_rows_ = std::clamp<int64_t>(kMaxChunkValues / static_cast<int64_t>(ncols_), 1,
                                    std::max<int64_t>(options.batch_size, 1));
  CsvDialect dialect{schema.delimiter, options.quote, options.escape};
  in_split_ = split.begin > 0 || split.end >= 0;
  if (split.begin > 0) {
    // Start at the first line that begins inside the range: after the
    // first line end at or after byte begin - 1.
    FLOE_ASSIGN_OR_RETURN(
        source_, CsvRecordSource::Open(io, split.path, split.begin - 1, dialect, options.block_size,
                                       options.max_record_bytes, pool, options.progress));
    FLOE_RETURN_NOT_OK(source_->SkipLines(1));
    first_record_offset_ = source_->NextRecordOffset();
  } else {
    FLOE_ASSIGN_OR_RETURN(source_,
                          OpenAtStart(io, split.path, dialect, options, pool, options.progress));
    header_pending_ = schema.header;
    line_offset_ = 0;
  }
  return Status::OK();
}

Result<int64_t> CsvReader::Impl::FileLine(int64_t source_line) {
  if (line_offset_ < 0) {
    // A split does not know how many lines come before it: count them once
    // (only when a message needs a line number).
    // Counted in blocks of at least 64 KiB, however small the reading blocks.
    const int64_t block_size = std::max<int64_t>(options_.block_size, 64 << 10);
    FLOE_ASSIGN_OR_RETURN(
        auto stream, text::TextInputStream::Open(io_, split_.path, 0, block_size, pool_, nullptr));
    FLOE_ASSIGN_OR_RETURN(auto block, Buffer::Make(pool_, block_size));
    int64_t remaining = first_record_offset_, newlines = 0;
    while (remaining > 0) {
      FLOE_ASSIGN_OR_RETURN(int64_t got,
                            stream->Read(block->mutable_data(), std::min(remaining, block_size)));
      if (got == 0) break;
      const auto* p = reinterpret_cast<const char*>(block->data());
      newlines += std::count(p, p + got, '\n');
      remaining -= got;
    }
    // The split's first record is on line newlines + 1; the source calls it 2.
    line_offset_ = newlines - 1;
  }
  return source_line + line_offset_;
}

Status CsvReader::Impl::BadRecord(const RecordInfo& rec, int64_t offset, const std::string& column,
                                  const std::string& reason, bool name_column, bool rejectable) {
  // Line and column of `offset`: the record may span lines (quoted line ends).
  const char* data = source_->data();
  int64_t line = rec.line, line_start = rec.begin;
  for (int64_t i = rec.begin; i < offset; ++i) {
    if (data[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  FLOE_ASSIGN_OR_RETURN(int64_t file_line, FileLine(line));
  const int64_t column_number = offset - line_start + 1;
  if (options_.rejects == nullptr || !rejectable) {
    return Status::Invalid(split_.path, ":", file_line, ":", column_number, ": ", reason,
                           name_column ? " for column " : "", name_column ? column : "");
  }
  text::RejectedRow row;
  row.file = split_.path;
  row.line = file_line;
  row.column = column_number;
  row.column_name = column;
  row.raw_text.assign(data + rec.begin, std::min<size_t>(static_cast<size_t>(rec.end - rec.begin),
                                                         text::RejectedRow::kMaxRawText));
  row.reason = reason;
  FLOE_RETURN_NOT_OK(text::AddRejectedRow(std::move(row), options_.rejects, options_.progress));
  ++rows_rejected;
  return Status::OK();
}

Status CsvReader::Impl::BadValue(size_t k, size_t c, const std::string& reason) {
  if (options_.rejects == nullptr) {
    if (k < first_bad_.record || (k == first_bad_.record && c < first_bad_.column)) {
      first_bad_ = {k, c, reason};
    }
    return Status::OK();
  }
  const FieldSpan& f = spans_[k * ncols_ + c];
  int64_t offset = static_cast<int64_t>(f.offset) - ((f.flags & kFieldQuoted) ? 1 : 0);
  FLOE_RETURN_NOT_OK(BadRecord(records_[k], offset, schema_.columns[c].name, reason, true));
  batch_.Drop(batch_.rows() + static_cast<int64_t>(k));
  return Status::OK();
}

template <typename T, typename Parse>
Status CsvReader::Impl::ConvertFixed(size_t c, Parse parse) {
  Vector* v = batch_.column(c);
  T* data = v->mutable_data<T>();
  const size_t n = records_.size();
  for (size_t k = 0; k < n; ++k) {
    const int64_t row = batch_.rows() + static_cast<int64_t>(k);
    const FieldSpan& f = spans_[k * ncols_ + c];
    std::string_view text = source_->FieldText(f, &scratch_);
    if (batch_.dropped(row) || IsNull(f, text, false)) {
      data[row] = T{};
      FLOE_RETURN_NOT_OK(text::SetNullAt(v, row));
      continue;
    }
    if (!parse(text, &data[row])) {
      data[row] = T{};
      FLOE_RETURN_NOT_OK(
          BadValue(k, c, text::StoreFailureReason(text::StoreResult::kBadValue, text, v->type())));
      FLOE_RETURN_NOT_OK(text::SetNullAt(v, row));
    }
  }
  return Status::OK();
}

Status CsvReader::Impl::ConvertString(size_t c) {
  Vector* v = batch_.column(c);
  const LogicalType& type = v->type();
  const bool check_utf8 = type.id() == TypeId::kVarchar;
  auto* views = v->mutable_data<columnar::StringView>();
  const size_t n = records_.size();
  for (size_t k = 0; k < n; ++k) {
    const int64_t row = batch_.rows() + static_cast<int64_t>(k);
    const FieldSpan& f = spans_[k * ncols_ + c];
    std::string_view text = source_->FieldText(f, &scratch_);
    if (batch_.dropped(row) || IsNull(f, text, true)) {
      views[row] = columnar::StringView();
      FLOE_RETURN_NOT_OK(text::SetNullAt(v, row));
      continue;
    }
    text::StoreResult r = text::StoreResult::kOk;
    if (check_utf8 && !text::IsValidUtf8(text)) {
      r = text::StoreResult::kBadUtf8;
    } else if (type.max_length() >= 0 && Utf8CodePoints(text) > type.max_length()) {
      r = text::StoreResult::kTooLong;
    }
    if (r != text::StoreResult::kOk) {
      views[row] = columnar::StringView();
      FLOE_RETURN_NOT_OK(BadValue(k, c, text::StoreFailureReason(r, text, type)));
      FLOE_RETURN_NOT_OK(text::SetNullAt(v, row));
      continue;
    }
    FLOE_RETURN_NOT_OK(v->SetString(row, text));
  }
  return Status::OK();
}

Status CsvReader::Impl::ConvertGeneric(size_t c) {
  Vector* v = batch_.column(c);
  const size_t n = records_.size();
  const int width = v->type().fixed_width();
  for (size_t k = 0; k < n; ++k) {
    const int64_t row = batch_.rows() + static_cast<int64_t>(k);
    const FieldSpan& f = spans_[k * ncols_ + c];
    std::string_view text = source_->FieldText(f, &scratch_);
    bool null = batch_.dropped(row) || IsNull(f, text, false);
    if (!null) {
      Status error;
      text::StoreResult r = text::StoreTextValue(text, formats_.temporal, v, row, &error);
      if (r == text::StoreResult::kOutOfMemory) return error;
      if (r != text::StoreResult::kOk) {
        FLOE_RETURN_NOT_OK(BadValue(k, c, text::StoreFailureReason(r, text, v->type())));
        null = true;
      }
    }
    if (null) {
      std::memset(v->mutable_raw_data() + row * width, 0, static_cast<size_t>(width));
      FLOE_RETURN_NOT_OK(text::SetNullAt(v, row));
    }
  }
  return Status::OK();
}

Status CsvReader::Impl::ConvertColumn(size_t c) {
  const text::TemporalFormats& temporal = formats_.temporal;
  switch (schema_.columns[c].type.id()) {
    case TypeId::kBigInt:
      return ConvertFixed<int64_t>(
          c, [](std::string_view s, int64_t* out) { return text::ParseInt64(s, out); });
    case TypeId::kDouble:
      return ConvertFixed<double>(
          c, [](std::string_view s, double* out) { return text::ParseDouble(s, out); });
    case TypeId::kBoolean:
      return ConvertFixed<uint8_t>(c, [](std::string_view s, uint8_t* out) {
        bool b;
        if (!text::ParseBoolean(s, &b)) return false;
        *out = b ? 1 : 0;
        return true;
      });
    case TypeId::kDate:
      return ConvertFixed<int32_t>(
          c, [&](std::string_view s, int32_t* out) { return text::ParseDate(s, temporal, out); });
    case TypeId::kTimestamp:
      return ConvertFixed<int64_t>(c, [&](std::string_view s, int64_t* out) {
        return text::ParseTimestamp(s, temporal, out);
      });
    case TypeId::kVarchar:
    case TypeId::kVarbinary:
      return ConvertString(c);
    default:
      return ConvertGeneric(c);
  }
}

Status CsvReader::Impl::ConvertPending() {
  if (records_.empty()) return Status::OK();
  FLOE_RETURN_NOT_OK(batch_.MakeColumns(schema_.columns, pool_));
  for (size_t c = 0; c < ncols_; ++c) FLOE_RETURN_NOT_OK(ConvertColumn(c));
  if (first_bad_.record != SIZE_MAX) {
    const size_t k = first_bad_.record, c = first_bad_.column;
    const FieldSpan& f = spans_[k * ncols_ + c];
    const int64_t offset = static_cast<int64_t>(f.offset) - ((f.flags & kFieldQuoted) ? 1 : 0);
    return BadRecord(records_[k], offset, schema_.columns[c].name, first_bad_.reason, true);
  }
  batch_.AddRows(static_cast<int64_t>(records_.size()));
  records_.clear();
  spans_.clear();
  return Status::OK();
}

Result<bool> CsvReader::Impl::Next(columnar::Chunk* out) {
  while (!done_) {
    batch_.Reset(chunk_rows_);
    while (!source_done_ && batch_.rows() + static_cast<int64_t>(records_.size()) < chunk_rows_) {
      const size_t before = spans_.size();
      RecordInfo rec;
      RecordStatus st = source_->Next(&spans_, &rec);
      if (st == RecordStatus::kBufferFull) {
        // Refilling moves the window: convert what points into it first.
        FLOE_RETURN_NOT_OK(ConvertPending());
        FLOE_RETURN_NOT_OK(source_->Refill());
        continue;
      }
      if (st == RecordStatus::kEnd) {
        source_done_ = true;
        break;
      }
      if (split_.end >= 0 && source_->StreamOffset(rec.begin) >= split_.end) {
        // The first record of the next range.
        spans_.resize(before);
        source_done_ = true;
        break;
      }
      const size_t nfields = spans_.size() - before;
      if (rec.blank() && (ncols_ > 1 || header_pending_)) {
        spans_.resize(before);
        continue;
      }
      if (in_split_ && rec.quoted_newline) {
        return BadRecord(
            rec, rec.begin, "",
            "a quoted field spans lines, so this file cannot be read in byte ranges; read it "
            "with split_bytes = 0",
            false, false);
      }
      if (header_pending_) {
        header_pending_ = false;
        spans_.resize(before);
        continue;
      }
      if (rec.error != nullptr) {
        spans_.resize(before);
        FLOE_RETURN_NOT_OK(BadRecord(rec, rec.error_offset, "", rec.error, false));
        continue;
      }
      if (nfields != ncols_) {
        // Point at the first extra field, or at the end of a short record.
        int64_t offset = nfields > ncols_
                             ? static_cast<int64_t>(spans_[before + ncols_].offset) -
                                   ((spans_[before + ncols_].flags & kFieldQuoted) ? 1 : 0)
                             : rec.end;
        std::string column = nfields < ncols_ ? schema_.columns[nfields].name : "";
        spans_.resize(before);
        FLOE_RETURN_NOT_OK(BadRecord(rec, offset, column,
                                     StrCat("expected ", ncols_, " fields but found ", nfields),
                                     false));
        continue;
      }
      records_.push_back(rec);
    }
    FLOE_RETURN_NOT_OK(ConvertPending());
    const int64_t rows = batch_.Emit(out, options_.progress);
    if (source_done_ && rows == 0) done_ = true;
    if (rows == 0) continue;
    rows_read += rows;
    return true;
  }
  return false;
}

CsvReader::CsvReader(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
CsvReader::~CsvReader() = default;

Result<std::unique_ptr<CsvReader>> CsvReader::Open(io::FileIO* io, const CsvSplit& split,
                                                   const CsvSchema& schema,
                                                   const CsvReadOptions& options,
                                                   MemoryPool* pool) {
  auto impl = std::make_unique<Impl>();
  FLOE_RETURN_NOT_OK(impl->Init(io, split, schema, options, pool));
  return std::unique_ptr<CsvReader>(new CsvReader(std::move(impl)));
}

Result<bool> CsvReader::Next(columnar::Chunk* out) { return impl_->Next(out); }
int64_t CsvReader::rows_read() const { return impl_->rows_read; }
int64_t CsvReader::rows_rejected() const { return impl_->rows_rejected; }

}  // namespace floe::formats::csv
