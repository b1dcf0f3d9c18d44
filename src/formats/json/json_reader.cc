#include "formats/json/json_reader.h"

#include <algorithm>
#include <cstring>
#include <string_view>
#include <unordered_map>

#include "common/utf8.h"
#include "formats/json/json_record_source_internal.h"
#include "formats/text/rejects.h"
#include "formats/text/row_batch.h"
#include "formats/text/value_parser.h"

namespace floe::formats::json {

using columnar::LogicalType;
using columnar::TypeId;
using columnar::Vector;

namespace {

// Values per chunk at most (rows x columns), as for CSV.
constexpr int64_t kMaxChunkValues = int64_t{1} << 20;

struct Formats {
  text::DateTimeFormat date, timestamp;
  text::TemporalFormats temporal;
};

Status MakeFormats(const JsonReadOptions& options, Formats* f) {
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

// What the sample showed of one key's values.
struct KeyStats {
  std::string name;
  bool boolean = false, integer = false, number = false, string = false, nested = false;
  bool date = true, timestamp = true;  // every string so far reads as one
};

// The text of a key or string value, escapes resolved into `scratch`.
std::string_view SpanText(const char* data, const JsonSpan& s, std::string* scratch) {
  std::string_view raw(data + s.offset, s.length);
  if (!s.escaped) return raw;
  scratch->clear();
  AppendUnescaped(raw, scratch);
  return *scratch;
}

// DuckDB's rule for strings: a date column when every string is a date,
// a timestamp column when every string is a timestamp with a time.
void NoteString(std::string_view text, const text::TemporalFormats& formats, KeyStats* k) {
  int32_t days;
  int64_t micros;
  bool is_date = text::ParseDate(text, formats, &days);
  k->date &= is_date;
  k->timestamp &= !is_date && text::ParseTimestamp(text, formats, &micros);
}

LogicalType TypeOf(const KeyStats& k, bool detect_dates) {
  int kinds = k.boolean + (k.integer || k.number) + k.string + k.nested;
  if (kinds != 1) return LogicalType::Varchar();
  if (k.boolean) return LogicalType::Boolean();
  if (k.number) return LogicalType::Double();
  if (k.integer) return LogicalType::BigInt();
  if (k.string && detect_dates) {
    if (k.date) return LogicalType::Date();
    if (k.timestamp) return LogicalType::Timestamp(6);
  }
  return LogicalType::Varchar();
}

const char* KindName(JsonKind kind, const char* data, const JsonSpan& s) {
  switch (kind) {
    case JsonKind::kTrue:
      return "JSON true";
    case JsonKind::kFalse:
      return "JSON false";
    case JsonKind::kNested:
      return data[s.offset] == '{' ? "a JSON object" : "a JSON array";
    default:
      return "a JSON value";
  }
}

}  // namespace

Result<JsonSchema> InferJsonSchema(io::FileIO* io, const std::vector<std::string>& files,
                                   const JsonReadOptions& options, MemoryPool* pool) {
  if (files.empty()) return Status::Invalid("no JSON files to read");
  Formats formats;
  FLOE_RETURN_NOT_OK(MakeFormats(options, &formats));
  for (const auto& c : options.columns) {
    FLOE_RETURN_NOT_OK(text::CheckTextReadableType(c.type).WithContext("column " + c.name));
  }
  JsonSchema schema;
  std::vector<KeyStats> keys;
  std::unordered_map<std::string, size_t> index;
  std::vector<JsonMember> members;
  std::string scratch;
  int64_t sampled = 0;
  const int64_t sample_rows = options.sample_rows < 0 ? INT64_MAX : options.sample_rows;
  const int max_files = std::max(1, options.max_sample_files);
  for (size_t fi = 0;
       fi < files.size() && static_cast<int>(fi) < max_files && sampled < sample_rows; ++fi) {
    FLOE_ASSIGN_OR_RETURN(
        auto source, JsonRecordSource::Open(io, files[fi], options.format, options, pool, nullptr));
    if (fi == 0) schema.format = source->format();
    if (!options.columns.empty()) break;  // only the format is wanted
    while (sampled < sample_rows) {
      members.clear();
      JsonRecordInfo record;
      FLOE_ASSIGN_OR_RETURN(JsonRecordStatus st, source->Next(&members, &record));
      if (st == JsonRecordStatus::kBufferFull) {
        FLOE_RETURN_NOT_OK(source->Refill());
        continue;
      }
      if (st == JsonRecordStatus::kEnd) break;
      if (record.error != nullptr) continue;  // reading reports it
      ++sampled;
      for (const JsonMember& m : members) {
        std::string key(SpanText(source->data(), m.key, &scratch));
        auto [it, added] = index.emplace(key, keys.size());
        if (added) {
          if (!text::IsValidUtf8(key)) {
            int64_t line, column;
            source->Locate(record, m.key.offset - 1, &line, &column);
            return Status::Invalid(files[fi], ":", line, ":", column,
                                   ": an object key is not valid UTF-8");
          }
          keys.push_back(KeyStats{key});
        }
        KeyStats& k = keys[it->second];
        switch (m.value.kind) {
          case JsonKind::kTrue:
          case JsonKind::kFalse:
            k.boolean = true;
            break;
          case JsonKind::kInteger: {
            // Integers past int64 make the column double, as in DuckDB.
            int64_t v;
            if (text::ParseInt64(std::string_view(source->data() + m.value.offset, m.value.length),
                                 &v)) {
              k.integer = true;
            } else {
              k.number = true;
            }
            break;
          }
          case JsonKind::kNumber:
            k.number = true;
            break;
          case JsonKind::kString:
            k.string = true;
            if (options.detect_dates && (k.date || k.timestamp)) {
              NoteString(SpanText(source->data(), m.value, &scratch), formats.temporal, &k);
            }
            break;
          case JsonKind::kNested:
            k.nested = true;
            break;
          default:
            break;
        }
      }
    }
  }
  if (!options.columns.empty()) {
    schema.columns = options.columns;
  } else {
    if (keys.empty()) {
      return Status::Invalid(
          files[0], ": no JSON objects with keys to detect the columns from; give the columns");
    }
    for (const auto& k : keys) schema.columns.push_back({k.name, TypeOf(k, options.detect_dates)});
  }
  for (const auto& override_type : options.column_types) {
    FLOE_RETURN_NOT_OK(text::CheckTextReadableType(override_type.type)
                           .WithContext("column " + override_type.name));
    auto it = std::find_if(schema.columns.begin(), schema.columns.end(),
                           [&](const JsonColumn& c) { return c.name == override_type.name; });
    if (it == schema.columns.end()) {
      return Status::Invalid("column_types names '", override_type.name,
                             "', which is not a key of ", files[0]);
    }
    it->type = override_type.type;
  }
  return schema;
}

class JsonReader::Impl {
 public:
  Status Init(io::FileIO* io, const std::string& path, const JsonSchema& schema,
              const JsonReadOptions& options, MemoryPool* pool);
  Result<bool> Next(columnar::Chunk* out);

  int64_t rows_read = 0;
  int64_t rows_rejected = 0;

 private:
  Status ConvertPending();
  Status ConvertColumn(size_t c);
  Status BadRecord(const JsonRecordInfo& rec, int64_t offset, const std::string& column,
                   const std::string& reason, bool name_column);
  // The column of a key, or -1.
  int ColumnOf(std::string_view key);

  std::string path_;
  JsonSchema schema_;
  JsonReadOptions options_;
  MemoryPool* pool_ = nullptr;
  Formats formats_;
  std::unique_ptr<JsonRecordSource> source_;
  size_t ncols_ = 0;
  int64_t chunk_rows_ = 0;
  std::unordered_map<std::string_view, int> column_index_;  // views of schema_'s names
  int predicted_ = 0;  // the column the next key probably is (objects repeat their key order)
  bool source_done_ = false;
  bool done_ = false;

  text::RowBatch batch_;
  std::vector<JsonMember> members_;
  std::vector<JsonSpan> spans_;  // pending records x columns
  std::vector<JsonRecordInfo> records_;
  std::string scratch_, key_scratch_;
};

Status JsonReader::Impl::Init(io::FileIO* io, const std::string& path, const JsonSchema& schema,
                              const JsonReadOptions& options, MemoryPool* pool) {
  path_ = path;
  schema_ = schema;
  options_ = options;
  pool_ = pool;
  ncols_ = schema_.columns.size();
  if (ncols_ == 0) return Status::Invalid(path, ": no columns to read");
  for (size_t c = 0; c < ncols_; ++c) {
    FLOE_RETURN_NOT_OK(text::CheckTextReadableType(schema_.columns[c].type)
                           .WithContext("column " + schema_.columns[c].name));
    column_index_.emplace(schema_.columns[c].name, static_cast<int>(c));
  }
  FLOE_RETURN_NOT_OK(MakeFormats(options, &formats_));
  chunk_rows_ = std::clamp<int64_t>(kMaxChunkValues / static_cast<int64_t>(ncols_), 1,
                                    std::max<int64_t>(options.batch_size, 1));
  FLOE_ASSIGN_OR_RETURN(
      source_, JsonRecordSource::Open(io, path, options.format, options, pool, options.progress));
  return Status::OK();
}

int JsonReader::Impl::ColumnOf(std::string_view key) {
  if (static_cast<size_t>(predicted_) < ncols_ && schema_.columns[predicted_].name == key)
    return predicted_++;
  auto it = column_index_.find(key);
  if (it == column_index_.end()) return -1;
  predicted_ = it->second + 1;
  return it->second;
}

Status JsonReader::Impl::BadRecord(const JsonRecordInfo& rec, int64_t offset,
                                   const std::string& column, const std::string& reason,
                                   bool name_column) {
  int64_t line, column_number;
  source_->Locate(rec, offset, &line, &column_number);
  if (options_.rejects == nullptr) {
    return Status::Invalid(path_, ":", line, ":", column_number, ": ", reason,
                           name_column ? " for column " : "", name_column ? column : "");
  }
  text::RejectedRow row;
  row.file = path_;
  row.line = line;
  row.column = column_number;
  row.column_name = column;
  row.raw_text.assign(
      source_->data() + rec.begin,
      std::min<size_t>(static_cast<size_t>(rec.end - rec.begin), text::RejectedRow::kMaxRawText));
  row.reason = reason;
  FLOE_RETURN_NOT_OK(text::AddRejectedRow(std::move(row), options_.rejects, options_.progress));
  ++rows_rejected;
  return Status::OK();
}

Status JsonReader::Impl::ConvertColumn(size_t c) {
  Vector* v = batch_.column(c);
  const LogicalType& type = v->type();
  const TypeId id = type.id();
  const int width = type.fixed_width();
  const char* data = source_->data();
  const size_t n = records_.size();
  for (size_t k = 0; k < n; ++k) {
    const int64_t row = batch_.rows() + static_cast<int64_t>(k);
    const JsonSpan& s = spans_[k * ncols_ + c];
    bool null = batch_.dropped(row) || s.kind == JsonKind::kMissing || s.kind == JsonKind::kNull;
    if (!null) {
      // The value as text: a string's contents, else its JSON text.
      std::string_view text;
      switch (s.kind) {
        case JsonKind::kString:
          text = SpanText(data, s, &scratch_);
          break;
        case JsonKind::kNested:
          scratch_.clear();
          AppendMinified(std::string_view(data + s.offset, s.length), &scratch_);
          text = scratch_;
          break;
        default:
          text = std::string_view(data + s.offset, s.length);
          break;
      }
      text::StoreResult r;
      Status error;
      if (id == TypeId::kVarchar || id == TypeId::kVarbinary) {
        r = text::StoreTextValue(text, formats_.temporal, v, row, &error);
      } else if (s.kind == JsonKind::kNested ||
                 ((s.kind == JsonKind::kTrue || s.kind == JsonKind::kFalse) &&
                  id != TypeId::kBoolean)) {
        FLOE_RETURN_NOT_OK(BadRecord(
            records_[k], s.offset, schema_.columns[c].name,
            StrCat("cannot read ", KindName(s.kind, data, s), " as ", type.ToString()), true));
        batch_.Drop(row);
        r = text::StoreResult::kOk;
        null = true;
      } else if (id == TypeId::kBigInt && s.kind == JsonKind::kInteger) {
        int64_t i;
        r = text::ParseInt64(text, &i) ? text::StoreResult::kOk : text::StoreResult::kBadValue;
        if (r == text::StoreResult::kOk) v->mutable_data<int64_t>()[row] = i;
      } else {
        r = text::StoreTextValue(text, formats_.temporal, v, row, &error);
      }
      if (r == text::StoreResult::kOutOfMemory) return error;
      if (r != text::StoreResult::kOk) {
        // Point at the opening quote of a string.
        int64_t offset = static_cast<int64_t>(s.offset) - (s.kind == JsonKind::kString ? 1 : 0);
        FLOE_RETURN_NOT_OK(BadRecord(records_[k], offset, schema_.columns[c].name,
                                     text::StoreFailureReason(r, text, type), true));
        batch_.Drop(row);
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

Status JsonReader::Impl::ConvertPending() {
  if (records_.empty()) return Status::OK();
  FLOE_RETURN_NOT_OK(batch_.MakeColumns(schema_.columns, pool_));
  for (size_t c = 0; c < ncols_; ++c) FLOE_RETURN_NOT_OK(ConvertColumn(c));
  batch_.AddRows(static_cast<int64_t>(records_.size()));
  records_.clear();
  spans_.clear();
  return Status::OK();
}

Result<bool> JsonReader::Impl::Next(columnar::Chunk* out) {
  while (!done_) {
    batch_.Reset(chunk_rows_);
    while (!source_done_ && batch_.rows() + static_cast<int64_t>(records_.size()) < chunk_rows_) {
      members_.clear();
      JsonRecordInfo rec;
      FLOE_ASSIGN_OR_RETURN(JsonRecordStatus st, source_->Next(&members_, &rec));
      if (st == JsonRecordStatus::kBufferFull) {
        FLOE_RETURN_NOT_OK(ConvertPending());
        FLOE_RETURN_NOT_OK(source_->Refill());
        continue;
      }
      if (st == JsonRecordStatus::kEnd) {
        source_done_ = true;
        break;
      }
      if (rec.error != nullptr) {
        FLOE_RETURN_NOT_OK(BadRecord(rec, rec.error_offset, "", rec.error, false));
        continue;
      }
      const size_t base = spans_.size();
      spans_.resize(base + ncols_);
      predicted_ = 0;
      for (const JsonMember& m : members_) {
        int c = ColumnOf(SpanText(source_->data(), m.key, &key_scratch_));
        if (c >= 0)
          spans_[base + static_cast<size_t>(c)] = m.value;  // a repeated key: the last wins
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

JsonReader::JsonReader(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
JsonReader::~JsonReader() = default;

Result<std::unique_ptr<JsonReader>> JsonReader::Open(io::FileIO* io, const std::string& path,
                                                     const JsonSchema& schema,
                                                     const JsonReadOptions& options,
                                                     MemoryPool* pool) {
  auto impl = std::make_unique<Impl>();
  FLOE_RETURN_NOT_OK(impl->Init(io, path, schema, options, pool));
  return std::unique_ptr<JsonReader>(new JsonReader(std::move(impl)));
}

Result<bool> JsonReader::Next(columnar::Chunk* out) { return impl_->Next(out); }
int64_t JsonReader::rows_read() const { return impl_->rows_read; }
int64_t JsonReader::rows_rejected() const { return impl_->rows_rejected; }

}  // namespace floe::formats::json
