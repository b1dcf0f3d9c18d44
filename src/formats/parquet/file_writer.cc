#include "formats/parquet/file_writer.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <functional>

#include "common/bit_util.h"
#include "common/int128.h"
#include "common/json.h"
#include "common/utf8.h"
#include "formats/parquet/encoding.h"

namespace floe::formats::parquet {

using columnar::ListEntry;
using columnar::StringView;
using columnar::TypeId;
using columnar::Vector;
using SqlType = columnar::LogicalType;

namespace {

constexpr int64_t kRowsPerSlice = 1024;  // rows shredded between page-size checks
// Values of a chunk's first page after which the dictionary must already
// pay off (parquet-mr makes the same test when the first page is full).
constexpr int64_t kDictionaryProbeValues = 32768;

// ---- physical mapping (the Iceberg profile) ----

int DecimalBytes(int precision) {
  // Smallest n with 2^(8n-1) > 10^precision.
  int n = 1;
  long double limit = std::pow(10.0L, precision);
  while (std::pow(2.0L, 8 * n - 1) <= limit) ++n;
  return n;
}

// The outer LIST/MAP-annotated group and the repeated group under it
// (LogicalTypes.md's 3-level forms: `list` with `element`, `key_value`
// with `key` and `value`).
void AppendRepeatedGroup(SchemaElement outer, parquet::LogicalType::Kind kind, ConvertedType converted,
                         const char* repeated_name, int32_t repeated_children, std::vector<SchemaElement>* out) {
  parquet::LogicalType lt;
  lt.kind = kind;
  outer.num_children = 1;
  outer.logical_type = lt;
  outer.converted_type = converted;
  out->push_back(std::move(outer));
  SchemaElement repeated;
  repeated.name = repeated_name;
  repeated.repetition_type = FieldRepetitionType::REPEATED;
  repeated.num_children = repeated_children;
  out->push_back(std::move(repeated));
}

Status ToSchemaElements(const WriteField& f, std::vector<SchemaElement>* out) {
  SchemaElement e;
  e.name = f.name;
  e.field_id = f.field_id;
  e.repetition_type = f.nullable ? FieldRepetitionType::OPTIONAL : FieldRepetitionType::REQUIRED;
  parquet::LogicalType lt;
  const SqlType& t = f.type;
  // Sets the logical type (its parameters already in `lt`) and the older
  // converted type that readers without logical types understand.
  auto annotate = [&](parquet::LogicalType::Kind kind, std::optional<ConvertedType> converted) {
    lt.kind = kind;
    e.logical_type = lt;
    e.converted_type = converted;
  };
  switch (t.id()) {
    case TypeId::kBoolean: e.type = Type::BOOLEAN; break;
    case TypeId::kTinyInt:
    case TypeId::kSmallInt:
      e.type = Type::INT32;
      lt.int_bit_width = t.id() == TypeId::kTinyInt ? 8 : 16;
      lt.int_is_signed = true;
      annotate(parquet::LogicalType::INTEGER, t.id() == TypeId::kTinyInt ? ConvertedType::INT_8 : ConvertedType::INT_16);
      break;
    case TypeId::kInteger: e.type = Type::INT32; break;
    case TypeId::kBigInt: e.type = Type::INT64; break;
    case TypeId::kReal: e.type = Type::FLOAT; break;
    case TypeId::kDouble: e.type = Type::DOUBLE; break;
    case TypeId::kDecimal:
      if (t.precision() <= 9) {
        e.type = Type::INT32;
      } else if (t.precision() <= 18) {
        e.type = Type::INT64;
      } else {
        e.type = Type::FIXED_LEN_BYTE_ARRAY;
        e.type_length = DecimalBytes(t.precision());
      }
      lt.decimal_precision = t.precision();
      lt.decimal_scale = t.scale();
      annotate(parquet::LogicalType::DECIMAL, ConvertedType::DECIMAL);
      e.precision = t.precision();
      e.scale = t.scale();
      break;
    case TypeId::kDate:
      e.type = Type::INT32;
      annotate(parquet::LogicalType::DATE, ConvertedType::DATE);
      break;
    case TypeId::kTime:
      e.type = Type::INT64;
      lt.is_adjusted_to_utc = false;
      lt.time_unit = TimeUnit::MICROS;
      annotate(parquet::LogicalType::TIME, ConvertedType::TIME_MICROS);
      break;
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
      e.type = Type::INT64;
      lt.is_adjusted_to_utc = t.id() == TypeId::kTimestampTz;
      lt.time_unit = TimeUnit::MICROS;
      // The converted type implies UTC adjustment: only set for timestamptz.
      annotate(parquet::LogicalType::TIMESTAMP,
               lt.is_adjusted_to_utc ? std::optional<ConvertedType>(ConvertedType::TIMESTAMP_MICROS) : std::nullopt);
      break;
    case TypeId::kVarchar:
      e.type = Type::BYTE_ARRAY;
      annotate(parquet::LogicalType::STRING, ConvertedType::UTF8);
      break;
    case TypeId::kVarbinary: e.type = Type::BYTE_ARRAY; break;
    case TypeId::kUuid:
      e.type = Type::FIXED_LEN_BYTE_ARRAY;
      e.type_length = 16;
      annotate(parquet::LogicalType::UUID, std::nullopt);
      break;
    case TypeId::kStruct: {
      if (f.children.size() != t.fields().size() || f.children.empty()) {
        return Status::Invalid("struct field '", f.name, "' needs one child per field");
      }
      e.num_children = static_cast<int32_t>(f.children.size());
      out->push_back(e);
      for (const auto& c : f.children) FLOE_RETURN_NOT_OK(ToSchemaElements(c, out));
      return Status::OK();
    }
    case TypeId::kList: {
      if (f.children.size() != 1) return Status::Invalid("list field '", f.name, "' needs one element child");
      AppendRepeatedGroup(e, parquet::LogicalType::LIST, ConvertedType::LIST, "list", 1, out);
      WriteField element = f.children[0];
      element.name = "element";
      return ToSchemaElements(element, out);
    }
    case TypeId::kMap: {
      if (f.children.size() != 2) return Status::Invalid("map field '", f.name, "' needs key and value children");
      AppendRepeatedGroup(e, parquet::LogicalType::MAP, ConvertedType::MAP, "key_value", 2, out);
      WriteField key = f.children[0];
      key.name = "key";
      key.nullable = false;
      FLOE_RETURN_NOT_OK(ToSchemaElements(key, out));
      WriteField value = f.children[1];
      value.name = "value";
      return ToSchemaElements(value, out);
    }
    default:
      return Status::NotSupported("writing ", t.ToString(), " to Parquet (field '", f.name, "')");
  }
  out->push_back(e);
  return Status::OK();
}

// ---- ordering of physical values for statistics ----

void StoreBigEndian(int128_t v, int bytes, char* out) {
  uint128_t u = static_cast<uint128_t>(v);
  for (int i = 0; i < bytes; ++i) out[i] = static_cast<char>((u >> (8 * (bytes - 1 - i))) & 0xff);
}

// Signed comparison of equal-length big-endian two's complement values.
int CompareSignedBigEndian(std::string_view a, std::string_view b) {
  if (a.empty() || b.empty()) return a.size() < b.size() ? -1 : a.size() > b.size();
  uint8_t a0 = static_cast<uint8_t>(a[0]) ^ 0x80, b0 = static_cast<uint8_t>(b[0]) ^ 0x80;
  if (a0 != b0) return a0 < b0 ? -1 : 1;
  int c = std::memcmp(a.data() + 1, b.data() + 1, std::min(a.size(), b.size()) - 1);
  return c;
}

// Truncates UTF-8 to at most `n` code points (lower bound).
std::string TruncateUtf8Lower(std::string_view s, int n) { return std::string(s.substr(0, Utf8PrefixBytes(s, n))); }

// Truncates to `n` code points and increments the last one so the result
// is above every value with that prefix; nullopt when no such bound exists.
std::optional<std::string> TruncateUtf8Upper(std::string_view s, int n) {
  std::string t = TruncateUtf8Lower(s, n);
  if (t.size() == s.size()) return t;
  while (!t.empty()) {
    // Decode the last code point.
    size_t start = t.size() - 1;
    while (start > 0 && (static_cast<uint8_t>(t[start]) & 0xc0) == 0x80) --start;
    uint32_t cp = 0;
    uint8_t lead = static_cast<uint8_t>(t[start]);
    size_t len = t.size() - start;
    cp = len == 1 ? lead : len == 2 ? lead & 0x1f : len == 3 ? lead & 0x0f : lead & 0x07;
    for (size_t k = start + 1; k < t.size(); ++k) cp = (cp << 6) | (static_cast<uint8_t>(t[k]) & 0x3f);
    t.resize(start);
    uint32_t next = cp + 1;
    if (next >= 0xd800 && next <= 0xdfff) next = 0xe000;
    if (next > 0x10ffff) continue;  // drop it and increment the one before
    json::AppendUtf8(next, &t);
    return t;
  }
  return std::nullopt;
}

// Same for raw bytes: truncate to n bytes and increment the last byte < 0xff.
std::optional<std::string> TruncateBytesUpper(std::string_view s, size_t n) {
  if (s.size() <= n) return std::string(s);
  std::string t(s.substr(0, n));
  while (!t.empty()) {
    uint8_t last = static_cast<uint8_t>(t.back());
    if (last < 0xff) {
      t.back() = static_cast<char>(last + 1);
      return t;
    }
    t.pop_back();
  }
  return std::nullopt;
}

// Orders two little-endian values of type T.
template <typename T>
int CompareAs(std::string_view a, std::string_view b) {
  T x = bit_util::LoadLE<T>(a.data()), y = bit_util::LoadLE<T>(b.data());
  return x < y ? -1 : x > y;
}

uint64_t Mix64(uint64_t k) {
  k ^= k >> 33;
  k *= 0xff51afd7ed558ccdULL;
  k ^= k >> 33;
  k *= 0xc4ceb9fe1a85ec53ULL;
  return k ^ (k >> 33);
}

uint64_t HashBytes(std::string_view s) {
  uint64_t h = 0x9e3779b97f4a7c15ULL ^ s.size();
  const char* p = s.data();
  size_t n = s.size();
  for (; n >= 8; p += 8, n -= 8) h = Mix64(h ^ bit_util::LoadLE<uint64_t>(p));
  if (n > 0) {
    uint64_t tail = 0;
    std::memcpy(&tail, p, n);
    h = Mix64(h ^ tail ^ (uint64_t{n} << 56));
  }
  return h;
}

// The dictionary of one column chunk: each distinct value's index, found by
// open addressing with linear probing. Fixed-width values are keyed by their
// bits; byte arrays by their bytes, which live in the PLAIN dictionary page
// being built (no allocation per value).
class DictionaryTable {
 public:
  // Index of the fixed-width value with these bits; `*inserted` when new.
  int32_t FindOrInsert(uint64_t bits, bool* inserted) {
    if ((count_ + 1) * 2 > slots_.size()) Grow();
    size_t mask = slots_.size() - 1;
    for (size_t i = Mix64(bits) & mask;; i = (i + 1) & mask) {
      Slot& s = slots_[i];
      if (s.index < 0) {
        s = Slot{bits, static_cast<int32_t>(count_++)};
        *inserted = true;
        return s.index;
      }
      if (s.key == bits) {
        *inserted = false;
        return s.index;
      }
    }
  }

  // Index of a byte array; a new one is appended to `plain` (with a 4-byte
  // length first when `length_prefix`).
  int32_t FindOrInsert(std::string_view value, std::string* plain, bool length_prefix) {
    if ((count_ + 1) * 2 > slots_.size()) Grow();
    uint64_t h = HashBytes(value);
    size_t mask = slots_.size() - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
      Slot& s = slots_[i];
      if (s.index < 0) {
        hashed_ = true;
        s = Slot{h, static_cast<int32_t>(count_++)};
        if (length_prefix) {
          uint32_t len = static_cast<uint32_t>(value.size());
          plain->append(reinterpret_cast<const char*>(&len), 4);
        }
        entries_.push_back(Entry{plain->size(), static_cast<uint32_t>(value.size())});
        plain->append(value);
        return s.index;
      }
      if (s.key == h) {
        const Entry& e = entries_[static_cast<size_t>(s.index)];
        if (e.size == value.size() && std::memcmp(plain->data() + e.offset, value.data(), value.size()) == 0) {
          return s.index;
        }
      }
    }
  }

  // The bytes of byte-array entry `index` inside the dictionary page.
  std::string_view BytesAt(const std::string& plain, int32_t index) const {
    const Entry& e = entries_[static_cast<size_t>(index)];
    return std::string_view(plain.data() + e.offset, e.size);
  }

  size_t size() const { return count_; }

  void Clear() {
    std::vector<Slot>().swap(slots_);
    std::vector<Entry>().swap(entries_);
    count_ = 0;
    hashed_ = false;
  }

 private:
  struct Slot {
    uint64_t key;   // the value's bits, or the hash of its bytes
    int32_t index;  // -1: empty
  };
  struct Entry {
    size_t offset;  // of the value's bytes in the dictionary page
    uint32_t size;
  };

  void Grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(std::max<size_t>(64, old.size() * 2), Slot{0, -1});
    size_t mask = slots_.size() - 1;
    for (const Slot& s : old) {
      if (s.index < 0) continue;
      size_t i = (hashed_ ? s.key : Mix64(s.key)) & mask;
      while (slots_[i].index >= 0) i = (i + 1) & mask;
      slots_[i] = s;
    }
  }

  std::vector<Slot> slots_;
  std::vector<Entry> entries_;  // byte arrays only
  size_t count_ = 0;
  bool hashed_ = false;  // slots hold hashes of byte arrays (not the bits of fixed-width values)
};

// The physical value kinds a column writer handles.
enum class PhysKind { kBool, kInt32, kInt64, kFloat, kDouble, kBytes };

// One leaf column being written.
struct LeafWriter {
  // schema
  std::vector<std::string> path;
  int32_t field_id = 0;
  SqlType type;
  Type physical = Type::INT32;
  int32_t type_length = 0;
  PhysKind kind = PhysKind::kInt32;
  bool decimal_bytes = false;  // FLBA decimal: signed big-endian ordering
  int16_t max_def = 0, max_rep = 0;

  // current page
  std::vector<int16_t> def, rep;
  int64_t page_values = 0;    // non-null values in the page
  int64_t page_nulls = 0;
  std::string plain;          // PLAIN values (bool: one byte each, packed at flush)
  std::vector<int32_t> indices;
  std::string page_min, page_max;
  bool page_has_stats = false;

  // dictionary
  bool dict_enabled = false;
  DictionaryTable dict;
  std::string dict_plain;      // the dictionary page's PLAIN values
  int64_t page_plain_bytes = 0;  // what the page's values would take as PLAIN
  bool dict_probed = false;      // the chunk's dictionary passed its early test

  // chunk (current row group)
  std::string pages;          // encoded data pages
  std::string dict_page;      // encoded dictionary page (written before the data pages)
  int64_t chunk_uncompressed = 0;
  int64_t chunk_entries = 0;
  int64_t chunk_nulls = 0;
  int64_t chunk_data_pages = 0;
  int64_t chunk_dict_pages_encoded = 0;  // data pages that use the dictionary
  bool chunk_used_plain = false;
  std::string chunk_min, chunk_max;
  bool chunk_has_stats = false;

  // file totals (metrics)
  int64_t total_compressed = 0;
  int64_t total_entries = 0;
  int64_t total_nulls = 0;
  int64_t total_nans = 0;
  std::string file_min, file_max;
  bool file_has_stats = false;

  int Compare(std::string_view a, std::string_view b) const {
    switch (kind) {
      case PhysKind::kBool: return static_cast<int>(static_cast<uint8_t>(a[0])) - static_cast<uint8_t>(b[0]);
      case PhysKind::kInt32: return CompareAs<int32_t>(a, b);
      case PhysKind::kInt64: return CompareAs<int64_t>(a, b);
      case PhysKind::kFloat: return CompareAs<float>(a, b);
      case PhysKind::kDouble: return CompareAs<double>(a, b);
      case PhysKind::kBytes: {
        if (decimal_bytes) return CompareSignedBigEndian(a, b);
        int c = std::memcmp(a.data(), b.data(), std::min(a.size(), b.size()));
        if (c != 0) return c;
        return a.size() < b.size() ? -1 : a.size() > b.size();
      }
    }
    return 0;
  }

  void UpdateMinMax(std::string_view v, std::string* mn, std::string* mx, bool* has) {
    if (!*has) {
      mn->assign(v);
      mx->assign(v);
      *has = true;
      return;
    }
    if (Compare(v, *mn) < 0) mn->assign(v);
    if (Compare(v, *mx) > 0) mx->assign(v);
  }
};

}  // namespace

class FileWriter::Impl {
 public:
  Impl(io::WritableFile* sink, std::vector<WriteField> schema, WriterOptions options)
      : sink_(sink), fields_(std::move(schema)), options_(std::move(options)) {}

  Status Init() {
    SchemaElement root;
    root.name = "table";
    root.num_children = static_cast<int32_t>(fields_.size());
    metadata_.schema.push_back(root);
    for (const auto& f : fields_) FLOE_RETURN_NOT_OK(ToSchemaElements(f, &metadata_.schema));
    for (const auto& f : fields_) {
      first_leaf_.push_back(leaves_.size());
      FLOE_RETURN_NOT_OK(AddLeaves(f, {}, 0, 0));
    }
    metadata_.version = 1;
    metadata_.created_by = options_.created_by;
    metadata_.key_value_metadata = options_.key_value_metadata;
    metadata_.column_orders.assign(leaves_.size(), true);
    FLOE_RETURN_NOT_OK(sink_->Append("PAR1", 4));
    return Status::OK();
  }

  Status Write(const columnar::Chunk& chunk) {
    if (closed_) return Status::Invalid(sink_->path(), ": write after close");
    if (chunk.columns.size() != fields_.size()) {
      return Status::Invalid(sink_->path(), ": chunk has ", chunk.columns.size(), " columns, the schema ",
                             fields_.size());
    }
    int64_t rows = chunk.live_rows();
    const int64_t first_row_number = rows_;
    for (int64_t start = 0, end = 0; start < rows; start = end) {
      end = std::min(rows, start + kRowsPerSlice);
      if (options_.row_group_max_rows > 0) end = std::min(end, start + options_.row_group_max_rows - rg_rows_);
      for (size_t f = 0; f < fields_.size(); ++f) {
        size_t leaf = first_leaf_[f];
        const Vector* v = chunk.columns[f].get();
        if (fields_[f].children.empty()) {
          FLOE_RETURN_NOT_OK(WriteFlat(fields_[f], &leaves_[leaf], v, chunk.selection.get(), start, end, first_row_number));
          continue;
        }
        for (int64_t r = start; r < end; ++r) {
          int64_t row = chunk.selection ? chunk.selection->indices()[r] : r;
          leaf = first_leaf_[f];
          FLOE_RETURN_NOT_OK(Shred(fields_[f], v, row, 0, 0, 0, &leaf, first_row_number + r));
        }
      }
      rows_ += end - start;
      rg_rows_ += end - start;
      for (auto& l : leaves_) {
        // Early in a chunk's first page, the same test as at its end: a
        // column of mostly distinct values leaves the dictionary before the
        // dictionary costs much to build.
        if (l.dict_enabled && !l.dict_probed && l.chunk_data_pages == 0 && l.page_values >= kDictionaryProbeValues) {
          l.dict_probed = true;
          if (!DictionaryPaysOff(l)) DictionaryToPlain(&l);
        }
        // A dictionary over its size limit ends the page at once (and the
        // rest of the chunk is PLAIN).
        if (EstimatedPageSize(l) >= options_.page_size_bytes ||
            (l.dict_enabled && static_cast<int64_t>(l.dict_plain.size()) > options_.dictionary_size_bytes)) {
          FLOE_RETURN_NOT_OK(FlushPage(&l));
        }
      }
      if (EstimatedRowGroupSize() >= options_.row_group_size_bytes ||
          (options_.row_group_max_rows > 0 && rg_rows_ >= options_.row_group_max_rows)) {
        FLOE_RETURN_NOT_OK(FlushRowGroup());
      }
    }
    return Status::OK();
  }

  Status Close() {
    if (closed_) return Status::OK();
    closed_ = true;
    if (rg_rows_ > 0 || metadata_.row_groups.empty()) FLOE_RETURN_NOT_OK(FlushRowGroup());
    metadata_.num_rows = rows_;
    std::string footer;
    SerializeFileMetaData(metadata_, &footer);
    FLOE_RETURN_NOT_OK(sink_->Append(footer));
    uint8_t tail[8];
    bit_util::StoreLE<uint32_t>(tail, static_cast<uint32_t>(footer.size()));
    std::memcpy(tail + 4, "PAR1", 4);
    FLOE_RETURN_NOT_OK(sink_->Append(tail, 8));
    file_size_ = sink_->position();
    BuildMetrics();
    return Status::OK();
  }

  int64_t num_rows() const { return rows_; }
  int64_t file_size() const { return file_size_; }
  const std::vector<ColumnMetrics>& metrics() const { return metrics_; }
  const std::vector<int64_t>& split_offsets() const { return split_offsets_; }
  const FileMetaData& metadata() const { return metadata_; }

 private:
  static size_t CountLeaves(const WriteField& f) {
    if (f.children.empty()) return 1;
    size_t n = 0;
    for (const auto& c : f.children) n += CountLeaves(c);
    return n;
  }

  Status AddLeaves(const WriteField& f, std::vector<std::string> path, int16_t def, int16_t rep) {
    const SqlType& t = f.type;
    if (f.nullable) ++def;
    switch (t.id()) {
      case TypeId::kStruct: {
        path.push_back(f.name);
        for (const auto& c : f.children) FLOE_RETURN_NOT_OK(AddLeaves(c, path, def, rep));
        return Status::OK();
      }
      case TypeId::kList: {
        path.push_back(f.name);
        path.push_back("list");
        WriteField e = f.children[0];
        e.name = "element";
        return AddLeaves(e, path, static_cast<int16_t>(def + 1), static_cast<int16_t>(rep + 1));
      }
      case TypeId::kMap: {
        path.push_back(f.name);
        path.push_back("key_value");
        WriteField k = f.children[0];
        k.name = "key";
        k.nullable = false;
        FLOE_RETURN_NOT_OK(AddLeaves(k, path, static_cast<int16_t>(def + 1), static_cast<int16_t>(rep + 1)));
        WriteField v = f.children[1];
        v.name = "value";
        return AddLeaves(v, path, static_cast<int16_t>(def + 1), static_cast<int16_t>(rep + 1));
      }
      default: break;
    }
    LeafWriter l;
    path.push_back(f.name);
    l.path = std::move(path);
    l.field_id = f.field_id;
    l.type = t;
    l.max_def = def;
    l.max_rep = rep;
    switch (t.id()) {
      case TypeId::kBoolean: l.physical = Type::BOOLEAN; l.kind = PhysKind::kBool; break;
      case TypeId::kTinyInt:
      case TypeId::kSmallInt:
      case TypeId::kInteger:
      case TypeId::kDate: l.physical = Type::INT32; l.kind = PhysKind::kInt32; break;
      case TypeId::kBigInt:
      case TypeId::kTime:
      case TypeId::kTimestamp:
      case TypeId::kTimestampTz: l.physical = Type::INT64; l.kind = PhysKind::kInt64; break;
      case TypeId::kReal: l.physical = Type::FLOAT; l.kind = PhysKind::kFloat; break;
      case TypeId::kDouble: l.physical = Type::DOUBLE; l.kind = PhysKind::kDouble; break;
      case TypeId::kDecimal:
        if (t.precision() <= 9) {
          l.physical = Type::INT32;
          l.kind = PhysKind::kInt32;
        } else if (t.precision() <= 18) {
          l.physical = Type::INT64;
          l.kind = PhysKind::kInt64;
        } else {
          l.physical = Type::FIXED_LEN_BYTE_ARRAY;
          l.type_length = DecimalBytes(t.precision());
          l.kind = PhysKind::kBytes;
          l.decimal_bytes = true;
        }
        break;
      case TypeId::kVarchar:
      case TypeId::kVarbinary: l.physical = Type::BYTE_ARRAY; l.kind = PhysKind::kBytes; break;
      case TypeId::kUuid:
        l.physical = Type::FIXED_LEN_BYTE_ARRAY;
        l.type_length = 16;
        l.kind = PhysKind::kBytes;
        break;
      default: return Status::NotSupported("writing ", t.ToString(), " to Parquet");
    }
    l.dict_enabled = options_.enable_dictionary && l.kind != PhysKind::kBool;
    leaves_.push_back(std::move(l));
    return Status::OK();
  }

  // Appends one level entry (and its value when present) to a leaf.
  void Emit(LeafWriter* l, int16_t def, int16_t rep, std::string_view value, bool present) {
    if (l->max_def > 0) l->def.push_back(def);
    if (l->max_rep > 0) l->rep.push_back(rep);
    if (!present) {
      ++l->page_nulls;
      return;
    }
    ++l->page_values;
    AddValue(l, value);
  }

  // Adds one present value (statistics, then dictionary or PLAIN).
  static void AddValue(LeafWriter* l, std::string_view value) {
    if ((l->kind == PhysKind::kFloat && std::isnan(bit_util::LoadLE<float>(value.data()))) ||
        (l->kind == PhysKind::kDouble && std::isnan(bit_util::LoadLE<double>(value.data())))) {
      ++l->total_nans;
    } else {
      l->UpdateMinMax(value, &l->page_min, &l->page_max, &l->page_has_stats);
    }
    if (l->dict_enabled) {
      l->indices.push_back(DictIndex(l, value));
      return;
    }
    AppendPlain(*l, value, &l->plain);
  }

  // The dictionary index of a value, adding it to the dictionary when new.
  static int32_t DictIndex(LeafWriter* l, std::string_view value) {
    if (l->kind == PhysKind::kBytes) {
      bool byte_array = l->physical == Type::BYTE_ARRAY;
      l->page_plain_bytes += static_cast<int64_t>(value.size()) + (byte_array ? 4 : 0);
      return l->dict.FindOrInsert(value, &l->dict_plain, byte_array);
    }
    // 4- or 8-byte values: their bits are the key.
    uint64_t bits = 0;
    std::memcpy(&bits, value.data(), value.size());
    return FixedDictIndex(l, bits, value.size());
  }

  static int32_t FixedDictIndex(LeafWriter* l, uint64_t bits, size_t width) {
    l->page_plain_bytes += static_cast<int64_t>(width);
    bool inserted;
    int32_t index = l->dict.FindOrInsert(bits, &inserted);
    if (inserted) l->dict_plain.append(reinterpret_cast<const char*>(&bits), width);  // little-endian: the PLAIN bytes
    return index;
  }

  // ---- the column-wise path for top-level primitive fields ----

  // Writes rows [start, end) of `v` (a top-level field without children)
  // to its leaf, a column at a time: levels, statistics and dictionary or
  // PLAIN values in typed loops, no per-value dispatch.
  Status WriteFlat(const WriteField& f, LeafWriter* l, const Vector* v, const columnar::SelectionVector* sel,
                   int64_t start, int64_t end, int64_t first_row_number) {
    const int64_t n = end - start;
    pos_.resize(static_cast<size_t>(n));
    valid_.resize(static_cast<size_t>(n));
    const Vector& src = v->kind() == columnar::VectorKind::kDictionary ? *v->dictionary() : *v;
    const bool may_be_null = v->validity() != nullptr || src.validity() != nullptr;
    int64_t nulls = 0;
    for (int64_t i = 0; i < n; ++i) {
      int64_t row = sel ? sel->indices()[start + i] : start + i;
      pos_[static_cast<size_t>(i)] = v->ValueIndex(row);
      bool ok = !may_be_null || v->IsValid(row);
      valid_[static_cast<size_t>(i)] = ok;
      nulls += !ok;
    }
    if (nulls > 0 && !f.nullable) {
      int64_t i = 0;
      while (valid_[static_cast<size_t>(i)]) ++i;
      return Status::Invalid(sink_->path(), ": NULL in required field '", f.name, "' at row ", first_row_number + start + i);
    }
    if (l->max_def > 0) {
      size_t base = l->def.size();
      l->def.resize(base + static_cast<size_t>(n));
      for (int64_t i = 0; i < n; ++i) l->def[base + static_cast<size_t>(i)] = valid_[static_cast<size_t>(i)];
    }
    l->page_nulls += nulls;
    l->page_values += n - nulls;
    const int64_t* pos = pos_.data();
    const uint8_t* valid = valid_.data();
    switch (f.type.id()) {
      case TypeId::kTinyInt: PutFixed<int32_t>(l, src.data<int8_t>(), pos, valid, n); break;
      case TypeId::kSmallInt: PutFixed<int32_t>(l, src.data<int16_t>(), pos, valid, n); break;
      case TypeId::kInteger:
      case TypeId::kDate: PutFixed<int32_t>(l, src.data<int32_t>(), pos, valid, n); break;
      case TypeId::kBigInt:
      case TypeId::kTime:
      case TypeId::kTimestamp:
      case TypeId::kTimestampTz: PutFixed<int64_t>(l, src.data<int64_t>(), pos, valid, n); break;
      case TypeId::kReal: PutFixed<float>(l, src.data<float>(), pos, valid, n); break;
      case TypeId::kDouble: PutFixed<double>(l, src.data<double>(), pos, valid, n); break;
      case TypeId::kDecimal:
        if (l->physical == Type::INT32) {
          PutFixed<int32_t>(l, src.data<int64_t>(), pos, valid, n);
        } else if (l->physical == Type::INT64) {
          PutFixed<int64_t>(l, src.data<int64_t>(), pos, valid, n);
        } else {
          return PutEach(f, l, src, pos, valid, n);
        }
        break;
      case TypeId::kVarchar:
      case TypeId::kVarbinary: PutBytes(l, src.data<StringView>(), pos, valid, n); break;
      default: return PutEach(f, l, src, pos, valid, n);
    }
    return Status::OK();
  }

  // Values of type P (the physical type) converted from the vector's S.
  template <typename P, typename S>
  void PutFixed(LeafWriter* l, const S* data, const int64_t* pos, const uint8_t* valid, int64_t n) {
    P mn{}, mx{};
    bool has = false;
    int64_t nans = 0;
    auto stats = [&](P x) {
      if constexpr (std::is_floating_point_v<P>) {
        if (std::isnan(x)) {
          ++nans;
          return;
        }
      }
      if (!has) {
        mn = mx = x;
        has = true;
      } else {
        mn = x < mn ? x : mn;
        mx = x > mx ? x : mx;
      }
    };
    if (l->dict_enabled) {
      for (int64_t i = 0; i < n; ++i) {
        if (!valid[i]) continue;
        P x = static_cast<P>(data[pos[i]]);
        stats(x);
        uint64_t bits = 0;
        std::memcpy(&bits, &x, sizeof(P));
        l->indices.push_back(FixedDictIndex(l, bits, sizeof(P)));
      }
    } else {
      size_t base = l->plain.size();
      l->plain.resize(base + static_cast<size_t>(n) * sizeof(P));
      char* out = l->plain.data() + base;
      for (int64_t i = 0; i < n; ++i) {
        if (!valid[i]) continue;
        P x = static_cast<P>(data[pos[i]]);
        stats(x);
        bit_util::StoreLE<P>(out, x);
        out += sizeof(P);
      }
      l->plain.resize(static_cast<size_t>(out - l->plain.data()));
    }
    l->total_nans += nans;
    if (has) {
      char lo[sizeof(P)], hi[sizeof(P)];
      bit_util::StoreLE<P>(lo, mn);
      bit_util::StoreLE<P>(hi, mx);
      l->UpdateMinMax({lo, sizeof(P)}, &l->page_min, &l->page_max, &l->page_has_stats);
      l->UpdateMinMax({hi, sizeof(P)}, &l->page_min, &l->page_max, &l->page_has_stats);
    }
  }

  void PutBytes(LeafWriter* l, const StringView* data, const int64_t* pos, const uint8_t* valid, int64_t n) {
    // string_view orders by unsigned bytes, then length: Parquet's order for binaries.
    std::string_view mn, mx;
    bool has = false;
    for (int64_t i = 0; i < n; ++i) {
      if (!valid[i]) continue;
      std::string_view x = data[pos[i]].view();
      if (!has) {
        mn = mx = x;
        has = true;
      } else {
        if (x < mn) mn = x;
        if (mx < x) mx = x;
      }
      if (l->dict_enabled) {
        l->indices.push_back(DictIndex(l, x));
      } else {
        AppendPlain(*l, x, &l->plain);
      }
    }
    if (has) {
      l->UpdateMinMax(mn, &l->page_min, &l->page_max, &l->page_has_stats);
      l->UpdateMinMax(mx, &l->page_min, &l->page_max, &l->page_has_stats);
    }
  }

  // Types without a typed loop (booleans, long decimals, UUIDs): the levels
  // are in place, the values go one by one.
  Status PutEach(const WriteField& f, LeafWriter* l, const Vector& src, const int64_t* pos, const uint8_t* valid,
                 int64_t n) {
    for (int64_t i = 0; i < n; ++i) {
      if (!valid[i]) continue;
      char buf[16];
      FLOE_ASSIGN_OR_RETURN(std::string_view value, PhysicalValue(f, *l, src, pos[i], buf));
      AddValue(l, value);
    }
    return Status::OK();
  }

  static void AppendPlain(const LeafWriter& l, std::string_view value, std::string* out) {
    if (l.physical == Type::BYTE_ARRAY) {
      uint32_t len = static_cast<uint32_t>(value.size());
      out->append(reinterpret_cast<const char*>(&len), 4);
    }
    out->append(value);
  }

  // Emits "no value here" with the given levels to every leaf under `f`.
  void EmitAbsent(const WriteField& f, int16_t def, int16_t rep, size_t* leaf) {
    size_t n = CountLeaves(f);
    for (size_t i = 0; i < n; ++i) Emit(&leaves_[(*leaf)++], def, rep, {}, false);
  }

  // Writes row `row` of `v` under field `f`; `def`/`rep` are the levels
  // reached by the parents. `leaf` walks the leaves in order.
  // `rep` is the level for this value's first entry; `depth` the number of
  // repeated fields above it (the level continuation entries get).
  Status Shred(const WriteField& f, const Vector* v, int64_t row, int16_t def, int16_t rep, int16_t depth,
               size_t* leaf, int64_t row_number) {
    bool valid = v->IsValid(row);
    if (!valid) {
      if (!f.nullable) {
        return Status::Invalid(sink_->path(), ": NULL in required field '", f.name, "' at row ", row_number);
      }
      EmitAbsent(f, def, rep, leaf);
      return Status::OK();
    }
    if (f.nullable) ++def;
    int64_t p = v->ValueIndex(row);
    const Vector& src = v->kind() == columnar::VectorKind::kDictionary ? *v->dictionary() : *v;
    switch (f.type.id()) {
      case TypeId::kStruct: {
        for (size_t c = 0; c < f.children.size(); ++c) {
          FLOE_RETURN_NOT_OK(Shred(f.children[c], src.children()[c].get(), p, def, rep, depth, leaf, row_number));
        }
        return Status::OK();
      }
      case TypeId::kList:
      case TypeId::kMap: {
        ListEntry e = src.list_entries()[p];
        if (e.length == 0) {
          for (const auto& c : f.children) EmitAbsent(c, def, rep, leaf);
          return Status::OK();
        }
        size_t first = *leaf;
        int16_t elem_rep = static_cast<int16_t>(depth + 1);
        for (uint32_t k = 0; k < e.length; ++k) {
          *leaf = first;
          int16_t r = k == 0 ? rep : elem_rep;
          for (size_t c = 0; c < f.children.size(); ++c) {
            WriteField child = f.children[c];
            if (f.type.id() == TypeId::kMap && c == 0) child.nullable = false;
            FLOE_RETURN_NOT_OK(Shred(child, src.children()[c].get(), e.offset + k, static_cast<int16_t>(def + 1), r,
                                     elem_rep, leaf, row_number));
          }
        }
        return Status::OK();
      }
      default: break;
    }
    LeafWriter* l = &leaves_[(*leaf)++];
    char buf[16];
    FLOE_ASSIGN_OR_RETURN(std::string_view value, PhysicalValue(f, *l, src, p, buf));
    Emit(l, def, rep, value, true);
    return Status::OK();
  }

  // The PLAIN bytes of value `p` of `src` (a primitive of field f), in `buf`
  // or (strings) in the vector.
  static Result<std::string_view> PhysicalValue(const WriteField& f, const LeafWriter& l, const Vector& src, int64_t p,
                                                char* buf) {
    switch (f.type.id()) {
      case TypeId::kBoolean: buf[0] = static_cast<char>(src.data<uint8_t>()[p] != 0); return std::string_view(buf, 1);
      case TypeId::kTinyInt: bit_util::StoreLE<int32_t>(buf, src.data<int8_t>()[p]); return std::string_view(buf, 4);
      case TypeId::kSmallInt: bit_util::StoreLE<int32_t>(buf, src.data<int16_t>()[p]); return std::string_view(buf, 4);
      case TypeId::kInteger:
      case TypeId::kDate: bit_util::StoreLE<int32_t>(buf, src.data<int32_t>()[p]); return std::string_view(buf, 4);
      case TypeId::kBigInt:
      case TypeId::kTime:
      case TypeId::kTimestamp:
      case TypeId::kTimestampTz: bit_util::StoreLE<int64_t>(buf, src.data<int64_t>()[p]); return std::string_view(buf, 8);
      case TypeId::kReal: bit_util::StoreLE<float>(buf, src.data<float>()[p]); return std::string_view(buf, 4);
      case TypeId::kDouble: bit_util::StoreLE<double>(buf, src.data<double>()[p]); return std::string_view(buf, 8);
      case TypeId::kDecimal: {
        int128_t u = f.type.precision() <= 18 ? int128_t{src.data<int64_t>()[p]} : src.data<int128_t>()[p];
        if (l.physical == Type::INT32) {
          bit_util::StoreLE<int32_t>(buf, static_cast<int32_t>(u));
          return std::string_view(buf, 4);
        }
        if (l.physical == Type::INT64) {
          bit_util::StoreLE<int64_t>(buf, static_cast<int64_t>(u));
          return std::string_view(buf, 8);
        }
        StoreBigEndian(u, l.type_length, buf);
        return std::string_view(buf, static_cast<size_t>(l.type_length));
      }
      case TypeId::kUuid:
        StoreBigEndian(src.data<int128_t>()[p], 16, buf);
        return std::string_view(buf, 16);
      case TypeId::kVarchar:
      case TypeId::kVarbinary: return src.data<StringView>()[p].view();
      default: return Status::NotSupported("writing ", f.type.ToString());
    }
  }

  int64_t EstimatedPageSize(const LeafWriter& l) const {
    int64_t levels = static_cast<int64_t>(l.def.size() + l.rep.size()) / 4;
    if (l.dict_enabled) return levels + static_cast<int64_t>(l.indices.size()) * 2;
    return levels + static_cast<int64_t>(l.plain.size());
  }

  int64_t EstimatedRowGroupSize() const {
    int64_t total = 0;
    for (const auto& l : leaves_) {
      total += static_cast<int64_t>(l.pages.size() + l.dict_page.size() + l.dict_plain.size()) + EstimatedPageSize(l);
    }
    return total;
  }

  static void AppendLevels(const std::vector<int16_t>& levels, int16_t max_level, std::string* out) {
    RleBitPackedEncoder enc(bit_util::BitWidth(static_cast<uint64_t>(max_level)));
    enc.PutBatch(levels.data(), static_cast<int64_t>(levels.size()));
    std::string body;
    enc.Finish(&body);
    uint32_t len = static_cast<uint32_t>(body.size());
    out->append(reinterpret_cast<const char*>(&len), 4);
    out->append(body);
  }

  std::optional<Statistics> MakeStatistics(const LeafWriter& l, const std::string& mn, const std::string& mx,
                                           bool has, int64_t nulls) const {
    Statistics s;
    s.null_count = nulls;
    if (has) {
      std::string lo = mn, hi = mx;
      bool lo_exact = true, hi_exact = true;
      size_t limit = static_cast<size_t>(options_.statistics_truncate_length);
      if (l.physical == Type::BYTE_ARRAY && lo.size() > limit) {
        lo = l.type.id() == TypeId::kVarchar ? TruncateUtf8Lower(lo, static_cast<int>(limit)) : lo.substr(0, limit);
        lo_exact = false;
      }
      if (l.physical == Type::BYTE_ARRAY && hi.size() > limit) {
        auto up = l.type.id() == TypeId::kVarchar ? TruncateUtf8Upper(hi, static_cast<int>(limit))
                                                  : TruncateBytesUpper(hi, limit);
        if (up) {
          hi = *up;
          hi_exact = false;
        } else {
          return s;  // no usable upper bound: write the null count only
        }
      }
      if (l.kind == PhysKind::kFloat || l.kind == PhysKind::kDouble) {
        // Parquet: a zero minimum is written as -0.0, a zero maximum as +0.0.
        if (l.kind == PhysKind::kFloat) {
          if (bit_util::LoadLE<float>(lo.data()) == 0.0f) bit_util::StoreLE<float>(lo.data(), -0.0f);
          if (bit_util::LoadLE<float>(hi.data()) == 0.0f) bit_util::StoreLE<float>(hi.data(), 0.0f);
        } else {
          if (bit_util::LoadLE<double>(lo.data()) == 0.0) bit_util::StoreLE<double>(lo.data(), -0.0);
          if (bit_util::LoadLE<double>(hi.data()) == 0.0) bit_util::StoreLE<double>(hi.data(), 0.0);
        }
      }
      s.min_value = lo;
      s.max_value = hi;
      s.is_min_value_exact = lo_exact;
      s.is_max_value_exact = hi_exact;
    }
    return s;
  }

  // Bits of a dictionary index: enough for the largest index in use.
  static int DictionaryIndexWidth(const LeafWriter& l) {
    return bit_util::BitWidth(static_cast<uint64_t>(l.dict.size() > 0 ? l.dict.size() - 1 : 0));
  }

  static bool DictionaryPaysOff(const LeafWriter& l) {
    int bw = DictionaryIndexWidth(l);
    int64_t encoded = static_cast<int64_t>(l.indices.size()) * bw / 8 + static_cast<int64_t>(l.dict_plain.size());
    return encoded < l.page_plain_bytes;
  }

  // Rewrites the page's dictionary indices as PLAIN values and drops the
  // dictionary for the rest of the chunk.
  static void DictionaryToPlain(LeafWriter* l) {
    l->plain.clear();
    if (l->kind == PhysKind::kBytes) {
      for (int32_t index : l->indices) {
        std::string_view v = l->dict.BytesAt(l->dict_plain, index);
        AppendPlain(*l, v, &l->plain);
      }
    } else {
      size_t width = l->kind == PhysKind::kInt32 || l->kind == PhysKind::kFloat ? 4 : 8;
      l->plain.resize(l->indices.size() * width);
      for (size_t i = 0; i < l->indices.size(); ++i) {
        std::memcpy(l->plain.data() + i * width, l->dict_plain.data() + static_cast<size_t>(l->indices[i]) * width, width);
      }
    }
    l->indices.clear();
    l->dict.Clear();
    l->dict_plain.clear();
    l->dict_enabled = false;
  }

  Status FlushPage(LeafWriter* l) {
    int64_t entries = static_cast<int64_t>(l->max_def > 0 ? l->def.size() : l->page_values + l->page_nulls);
    if (entries == 0) return Status::OK();
    if (l->dict_enabled && l->chunk_data_pages == 0 && !DictionaryPaysOff(*l)) {
      // As parquet-mr does: when the first page shows the dictionary does
      // not make the data smaller, write the chunk PLAIN from the start (no
      // dictionary page at all).
      DictionaryToPlain(l);
    }
    std::string body;
    if (l->max_rep > 0) AppendLevels(l->rep, l->max_rep, &body);
    if (l->max_def > 0) AppendLevels(l->def, l->max_def, &body);
    Encoding encoding;
    if (l->dict_enabled) {
      encoding = Encoding::RLE_DICTIONARY;
      int bw = DictionaryIndexWidth(*l);
      body.push_back(static_cast<char>(bw));
      RleBitPackedEncoder enc(bw);
      enc.PutBatch(l->indices.data(), static_cast<int64_t>(l->indices.size()));
      enc.Finish(&body);
      ++l->chunk_dict_pages_encoded;
    } else {
      encoding = Encoding::PLAIN;
      if (l->kind == PhysKind::kBool) {
        std::string packed(static_cast<size_t>((l->plain.size() + 7) / 8), '\0');
        for (size_t i = 0; i < l->plain.size(); ++i) {
          if (l->plain[i]) bit_util::SetBit(reinterpret_cast<uint8_t*>(packed.data()), static_cast<int64_t>(i));
        }
        body.append(packed);
      } else {
        body.append(l->plain);
      }
      l->chunk_used_plain = true;
    }
    std::string compressed;
    FLOE_RETURN_NOT_OK(Compress(options_.codec, reinterpret_cast<const uint8_t*>(body.data()),
                                static_cast<int64_t>(body.size()), &compressed, options_.compression_level));
    PageHeader h;
    h.type = PageType::DATA_PAGE;
    h.uncompressed_page_size = static_cast<int32_t>(body.size());
    h.compressed_page_size = static_cast<int32_t>(compressed.size());
    DataPageHeader dh;
    dh.num_values = static_cast<int32_t>(entries);
    dh.encoding = encoding;
    dh.definition_level_encoding = Encoding::RLE;
    dh.repetition_level_encoding = Encoding::RLE;
    dh.statistics = MakeStatistics(*l, l->page_min, l->page_max, l->page_has_stats, l->page_nulls);
    h.data_page_header = dh;
    std::string header;
    SerializePageHeader(h, &header);
    l->pages.append(header);
    l->pages.append(compressed);
    l->chunk_uncompressed += static_cast<int64_t>(header.size() + body.size());
    l->chunk_entries += entries;
    l->chunk_nulls += l->page_nulls;
    ++l->chunk_data_pages;
    if (l->page_has_stats) {
      l->UpdateMinMax(l->page_min, &l->chunk_min, &l->chunk_max, &l->chunk_has_stats);
      l->UpdateMinMax(l->page_max, &l->chunk_min, &l->chunk_max, &l->chunk_has_stats);
    }
    l->def.clear();
    l->rep.clear();
    l->plain.clear();
    l->indices.clear();
    l->page_values = l->page_nulls = l->page_plain_bytes = 0;
    l->page_has_stats = false;
    // Fall back to PLAIN for the rest of the chunk once the dictionary is too big.
    if (l->dict_enabled && static_cast<int64_t>(l->dict_plain.size()) > options_.dictionary_size_bytes) {
      l->dict_enabled = false;
    }
    return Status::OK();
  }

  Status FlushRowGroup() {
    RowGroup rg;
    rg.num_rows = rg_rows_;
    rg.file_offset = sink_->position();
    rg.ordinal = static_cast<int16_t>(metadata_.row_groups.size());
    split_offsets_.push_back(sink_->position());
    int64_t rg_compressed = 0, rg_uncompressed = 0;
    for (auto& l : leaves_) {
      FLOE_RETURN_NOT_OK(FlushPage(&l));
      ColumnChunk cc;
      ColumnMetaData m;
      m.type = l.physical;
      m.path_in_schema = l.path;
      m.codec = ToParquetCodec(options_.codec);
      m.num_values = l.chunk_entries;
      int64_t start = sink_->position();
      std::string dict_page_bytes;
      int64_t dict_uncompressed = 0;
      if (!l.dict_plain.empty() || l.chunk_dict_pages_encoded > 0) {
        std::string compressed;
        FLOE_RETURN_NOT_OK(Compress(options_.codec, reinterpret_cast<const uint8_t*>(l.dict_plain.data()),
                                    static_cast<int64_t>(l.dict_plain.size()), &compressed, options_.compression_level));
        PageHeader h;
        h.type = PageType::DICTIONARY_PAGE;
        h.uncompressed_page_size = static_cast<int32_t>(l.dict_plain.size());
        h.compressed_page_size = static_cast<int32_t>(compressed.size());
        DictionaryPageHeader dh;
        dh.num_values = static_cast<int32_t>(l.dict.size());
        dh.encoding = Encoding::PLAIN;
        h.dictionary_page_header = dh;
        SerializePageHeader(h, &dict_page_bytes);
        dict_uncompressed = static_cast<int64_t>(dict_page_bytes.size() + l.dict_plain.size());
        dict_page_bytes.append(compressed);
        m.dictionary_page_offset = start;
        FLOE_RETURN_NOT_OK(sink_->Append(dict_page_bytes));
        m.encoding_stats.push_back(PageEncodingStats{PageType::DICTIONARY_PAGE, Encoding::PLAIN, 1});
      }
      m.data_page_offset = sink_->position();
      FLOE_RETURN_NOT_OK(sink_->Append(l.pages));
      m.total_compressed_size = static_cast<int64_t>(dict_page_bytes.size() + l.pages.size());
      m.total_uncompressed_size = dict_uncompressed + l.chunk_uncompressed;
      if (l.chunk_dict_pages_encoded > 0) {
        m.encoding_stats.push_back(PageEncodingStats{PageType::DATA_PAGE, Encoding::RLE_DICTIONARY,
                                                     static_cast<int32_t>(l.chunk_dict_pages_encoded)});
      }
      if (l.chunk_data_pages > l.chunk_dict_pages_encoded) {
        m.encoding_stats.push_back(PageEncodingStats{PageType::DATA_PAGE, Encoding::PLAIN,
                                                     static_cast<int32_t>(l.chunk_data_pages - l.chunk_dict_pages_encoded)});
      }
      // Encodings used in the chunk: levels, dictionary and/or plain.
      m.encodings.push_back(Encoding::RLE);
      if (!dict_page_bytes.empty()) m.encodings.push_back(Encoding::PLAIN);  // the dictionary page
      if (l.chunk_dict_pages_encoded > 0) m.encodings.push_back(Encoding::RLE_DICTIONARY);
      if (l.chunk_used_plain && dict_page_bytes.empty()) m.encodings.push_back(Encoding::PLAIN);
      m.statistics = MakeStatistics(l, l.chunk_min, l.chunk_max, l.chunk_has_stats, l.chunk_nulls);
      cc.file_offset = m.data_page_offset;
      cc.meta_data = m;
      rg.columns.push_back(std::move(cc));
      rg_compressed += m.total_compressed_size;
      rg_uncompressed += m.total_uncompressed_size;
      // File-level metrics.
      l.total_compressed += m.total_compressed_size;
      l.total_entries += l.chunk_entries;
      l.total_nulls += l.chunk_nulls;
      if (l.chunk_has_stats) {
        l.UpdateMinMax(l.chunk_min, &l.file_min, &l.file_max, &l.file_has_stats);
        l.UpdateMinMax(l.chunk_max, &l.file_min, &l.file_max, &l.file_has_stats);
      }
      // Reset the chunk; the dictionary starts over in the next row group.
      l.pages.clear();
      l.dict_plain.clear();
      l.dict.Clear();
      l.dict_probed = false;
      l.dict_enabled = options_.enable_dictionary && l.kind != PhysKind::kBool;
      l.chunk_uncompressed = l.chunk_entries = l.chunk_nulls = l.chunk_data_pages = l.chunk_dict_pages_encoded = 0;
      l.chunk_used_plain = false;
      l.chunk_has_stats = false;
    }
    rg.total_byte_size = rg_uncompressed;
    rg.total_compressed_size = rg_compressed;
    metadata_.row_groups.push_back(std::move(rg));
    rg_rows_ = 0;
    return Status::OK();
  }

  static CompressionCodec ToParquetCodec(Codec c) {
    switch (c) {
      case Codec::kUncompressed: return CompressionCodec::UNCOMPRESSED;
      case Codec::kSnappy: return CompressionCodec::SNAPPY;
      case Codec::kGzip: return CompressionCodec::GZIP;
      case Codec::kZstd: return CompressionCodec::ZSTD;
      case Codec::kLz4Raw: return CompressionCodec::LZ4_RAW;
      case Codec::kLz4Hadoop: return CompressionCodec::LZ4;
      case Codec::kBrotli: return CompressionCodec::BROTLI;
      case Codec::kDeflate: return CompressionCodec::GZIP;
    }
    return CompressionCodec::UNCOMPRESSED;
  }

  // Iceberg bound of a physical value of leaf l.
  std::string IcebergBound(const LeafWriter& l, const std::string& phys) const {
    const SqlType& t = l.type;
    switch (t.id()) {
      case TypeId::kTinyInt:
      case TypeId::kSmallInt:
      case TypeId::kInteger:
      case TypeId::kDate:
      case TypeId::kBigInt:
      case TypeId::kTime:
      case TypeId::kTimestamp:
      case TypeId::kTimestampTz:
      case TypeId::kReal:
      case TypeId::kDouble:
      case TypeId::kBoolean:
      case TypeId::kUuid:
        return phys;  // same bytes: little-endian numbers, one byte booleans, 16 big-endian bytes
      case TypeId::kDecimal: {
        int128_t u;
        if (l.physical == Type::INT32) {
          u = bit_util::LoadLE<int32_t>(phys.data());
        } else if (l.physical == Type::INT64) {
          u = bit_util::LoadLE<int64_t>(phys.data());
        } else {
          uint128_t x = (static_cast<uint8_t>(phys[0]) & 0x80) ? ~uint128_t{0} : 0;
          for (char c : phys) x = (x << 8) | static_cast<uint8_t>(c);
          u = static_cast<int128_t>(x);
        }
        return MinimalBigEndian(u);
      }
      default: return phys;
    }
  }

  void BuildMetrics() {
    metrics_.clear();
    for (const auto& l : leaves_) {
      ColumnMetrics m;
      m.field_id = l.field_id;
      m.path = l.path;
      m.column_size = l.total_compressed;
      m.value_count = l.total_entries;
      m.null_count = l.total_nulls;
      if (l.kind == PhysKind::kFloat || l.kind == PhysKind::kDouble) m.nan_count = l.total_nans;
      if (l.file_has_stats) {
        std::string lo = IcebergBound(l, l.file_min), hi = IcebergBound(l, l.file_max);
        int n = options_.metrics_truncate_length;
        if (l.type.id() == TypeId::kVarchar) {
          m.lower_bound = TruncateUtf8Lower(lo, n);
          m.upper_bound = TruncateUtf8Upper(hi, n);
        } else if (l.type.id() == TypeId::kVarbinary) {
          m.lower_bound = lo.substr(0, static_cast<size_t>(n));
          m.upper_bound = TruncateBytesUpper(hi, static_cast<size_t>(n));
        } else {
          m.lower_bound = lo;
          m.upper_bound = hi;
        }
      }
      metrics_.push_back(std::move(m));
    }
  }

  io::WritableFile* sink_;
  std::vector<WriteField> fields_;
  WriterOptions options_;
  FileMetaData metadata_;
  std::vector<LeafWriter> leaves_;
  std::vector<size_t> first_leaf_;  // per top-level field: its first leaf
  std::vector<int64_t> pos_;        // WriteFlat scratch: value positions
  std::vector<uint8_t> valid_;      // and validity of the rows of a slice
  int64_t rows_ = 0;
  int64_t rg_rows_ = 0;
  int64_t file_size_ = 0;
  bool closed_ = false;
  std::vector<ColumnMetrics> metrics_;
  std::vector<int64_t> split_offsets_;
};

FileWriter::FileWriter(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
FileWriter::~FileWriter() = default;

Result<std::unique_ptr<FileWriter>> FileWriter::Open(io::WritableFile* sink, std::vector<WriteField> schema,
                                                     WriterOptions options) {
  auto impl = std::make_unique<Impl>(sink, std::move(schema), std::move(options));
  FLOE_RETURN_NOT_OK(impl->Init());
  return std::unique_ptr<FileWriter>(new FileWriter(std::move(impl)));
}

Status FileWriter::Write(const columnar::Chunk& chunk) { return impl_->Write(chunk); }
Status FileWriter::Close() { return impl_->Close(); }
int64_t FileWriter::num_rows() const { return impl_->num_rows(); }
int64_t FileWriter::file_size() const { return impl_->file_size(); }
const std::vector<ColumnMetrics>& FileWriter::metrics() const { return impl_->metrics(); }
const std::vector<int64_t>& FileWriter::split_offsets() const { return impl_->split_offsets(); }
const FileMetaData& FileWriter::metadata() const { return impl_->metadata(); }

}  // namespace floe::formats::parquet
