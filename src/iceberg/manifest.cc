#include "iceberg/manifest.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "common/int128.h"
#include "common/str_cat.h"
#include "formats/avro/datum.h"
#include "formats/avro/file_reader.h"
#include "iceberg/avro_schema.h"
#include "iceberg/single_value.h"

namespace floe::iceberg {

namespace avro = formats::avro;
using avro::Datum;

const char* FileContentName(FileContent c) {
  switch (c) {
    case FileContent::kData:
      return "data";
    case FileContent::kPositionDeletes:
      return "position deletes";
    case FileContent::kEqualityDeletes:
      return "equality deletes";
  }
  return "unknown";
}

namespace {

// ---------------------------------------------------------------------------
// The spec's schemas. Version 0 builds the reader's superset: every field of
// v1, v2 and v3, optional unless every version requires it, so that any
// writer's file resolves to it by field id.

constexpr int kReaderVersion = 0;

TypePtr P(TypeId id) { return Type::Primitive(id); }

NestedField F(int32_t id, const char* name, bool required, TypePtr type, const char* doc = "") {
  return NestedField::Of(id, name, required, std::move(type), doc);
}

TypePtr IntMap(int32_t key_id, int32_t value_id, TypePtr value) {
  return Type::Map(F(key_id, "key", true, P(TypeId::kInt)),
                   F(value_id, "value", true, std::move(value)));
}

TypePtr ListOf(int32_t element_id, TypePtr element) {
  return Type::List(F(element_id, "element", true, std::move(element)));
}

TypePtr DataFileType(const TypePtr& partition_type, int v) {
  const bool reader = v == kReaderVersion;
  std::vector<NestedField> f;
  if (v != 1)
    f.push_back(F(134, "content", v == 2, P(TypeId::kInt),
                  "Contents of the file: 0=data, 1=position deletes, 2=equality deletes"));
  f.push_back(F(100, "file_path", true, P(TypeId::kString), "Location URI with FS scheme"));
  f.push_back(
      F(101, "file_format", true, P(TypeId::kString), "File format name: avro, orc, or parquet"));
  f.push_back(F(102, "partition", true, partition_type,
                "Partition data tuple, schema based on the partition spec"));
  f.push_back(F(103, "record_count", true, P(TypeId::kLong), "Number of records in the file"));
  f.push_back(F(104, "file_size_in_bytes", true, P(TypeId::kLong), "Total file size in bytes"));
  if (v == 1)
    f.push_back(F(105, "block_size_in_bytes", true, P(TypeId::kLong),
                  "Deprecated. Always write a default in v1. Do not write in v2."));
  f.push_back(F(108, "column_sizes", false, IntMap(117, 118, P(TypeId::kLong)),
                "Map of column id to total size on disk"));
  f.push_back(F(109, "value_counts", false, IntMap(119, 120, P(TypeId::kLong)),
                "Map of column id to total count, including null and NaN"));
  f.push_back(F(110, "null_value_counts", false, IntMap(121, 122, P(TypeId::kLong)),
                "Map of column id to null value count"));
  f.push_back(F(137, "nan_value_counts", false, IntMap(138, 139, P(TypeId::kLong)),
                "Map of column id to number of NaN values in the column"));
  f.push_back(F(125, "lower_bounds", false, IntMap(126, 127, P(TypeId::kBinary)),
                "Map of column id to lower bound"));
  f.push_back(F(128, "upper_bounds", false, IntMap(129, 130, P(TypeId::kBinary)),
                "Map of column id to upper bound"));
  f.push_back(F(131, "key_metadata", false, P(TypeId::kBinary), "Encryption key metadata blob"));
  f.push_back(F(132, "split_offsets", false, ListOf(133, P(TypeId::kLong)), "Splittable offsets"));
  if (v != 1)
    f.push_back(F(135, "equality_ids", false, ListOf(136, P(TypeId::kInt)),
                  "Equality comparison field IDs"));
  f.push_back(F(140, "sort_order_id", false, P(TypeId::kInt), "Sort order ID"));
  if (reader) {
    f.push_back(F(142, "first_row_id", false, P(TypeId::kLong)));
    f.push_back(F(143, "referenced_data_file", false, P(TypeId::kString)));
    f.push_back(F(144, "content_offset", false, P(TypeId::kLong)));
    f.push_back(F(145, "content_size_in_bytes", false, P(TypeId::kLong)));
  }
  return Type::Struct(std::move(f));
}

TypePtr EntryType(const TypePtr& partition_type, int v) {
  std::vector<NestedField> f;
  f.push_back(F(0, "status", true, P(TypeId::kInt)));
  f.push_back(F(1, "snapshot_id", v == 1, P(TypeId::kLong)));
  if (v != 1) {
    f.push_back(F(3, "sequence_number", false, P(TypeId::kLong)));
    f.push_back(F(4, "file_sequence_number", false, P(TypeId::kLong)));
  }
  f.push_back(F(2, "data_file", true, DataFileType(partition_type, v)));
  return Type::Struct(std::move(f));
}

TypePtr SummaryType() {
  return Type::Struct(
      {F(509, "contains_null", true, P(TypeId::kBoolean),
         "True if any file has a null partition value"),
       F(518, "contains_nan", false, P(TypeId::kBoolean),
         "True if any file has a nan partition value"),
       F(510, "lower_bound", false, P(TypeId::kBinary), "Partition lower bound for all files"),
       F(511, "upper_bound", false, P(TypeId::kBinary), "Partition upper bound for all files")});
}

TypePtr ListEntryType(int v) {
  const bool v2 = v == 2;
  std::vector<NestedField> f;
  f.push_back(F(500, "manifest_path", true, P(TypeId::kString), "Location URI with FS scheme"));
  f.push_back(F(501, "manifest_length", true, P(TypeId::kLong), "Total file size in bytes"));
  f.push_back(F(502, "partition_spec_id", true, P(TypeId::kInt), "Spec ID used to write"));
  if (v != 1) {
    f.push_back(
        F(517, "content", v2, P(TypeId::kInt), "Contents of the manifest: 0=data, 1=deletes"));
    f.push_back(F(515, "sequence_number", v2, P(TypeId::kLong),
                  "Sequence number when the manifest was added"));
    f.push_back(F(516, "min_sequence_number", v2, P(TypeId::kLong),
                  "Lowest sequence number in the manifest"));
  }
  f.push_back(
      F(503, "added_snapshot_id", v2, P(TypeId::kLong), "Snapshot ID that added the manifest"));
  f.push_back(F(504, "added_files_count", v2, P(TypeId::kInt), "Added entry count"));
  f.push_back(F(505, "existing_files_count", v2, P(TypeId::kInt), "Existing entry count"));
  f.push_back(F(506, "deleted_files_count", v2, P(TypeId::kInt), "Deleted entry count"));
  f.push_back(F(512, "added_rows_count", v2, P(TypeId::kLong), "Added rows count"));
  f.push_back(F(513, "existing_rows_count", v2, P(TypeId::kLong), "Existing rows count"));
  f.push_back(F(514, "deleted_rows_count", v2, P(TypeId::kLong), "Deleted rows count"));
  f.push_back(
      F(507, "partitions", false, ListOf(508, SummaryType()), "Summary for each partition"));
  f.push_back(F(519, "key_metadata", false, P(TypeId::kBinary), "Encryption key metadata blob"));
  if (v == kReaderVersion) f.push_back(F(520, "first_row_id", false, P(TypeId::kLong)));
  return Type::Struct(std::move(f));
}

// ---------------------------------------------------------------------------
// Datum helpers. Reader datums have the reader type's shape: a struct's
// children in field order, optional fields as unions (branch 0 = null).

// Positions of fields by id in a struct type.
class FieldIndex {
 public:
  explicit FieldIndex(const Type& t) {
    for (size_t i = 0; i < t.fields().size(); ++i)
      pos_.emplace_back(t.fields()[i].id, static_cast<int>(i));
  }
  int operator[](int32_t id) const {
    for (const auto& [fid, p] : pos_) {
      if (fid == id) return p;
    }
    return -1;
  }

 private:
  std::vector<std::pair<int32_t, int>> pos_;
};

// The value of an optional field, or nullptr when null.
const Datum* Opt(const Datum& d) {
  return d.branch == 1 && !d.children.empty() ? &d.children[0] : nullptr;
}

Datum Null() {
  Datum d;
  d.branch = 0;
  d.children.emplace_back();
  return d;
}

Datum Some(Datum v) {
  Datum d;
  d.branch = 1;
  d.children.push_back(std::move(v));
  return d;
}

Datum LongDatum(int64_t v) {
  Datum d;
  d.i = v;
  return d;
}

Datum BytesDatum(std::string s) {
  Datum d;
  d.s = std::move(s);
  return d;
}

Datum Record(std::vector<Datum> children) {
  Datum d;
  d.children = std::move(children);
  return d;
}

template <typename V>
Datum MapDatum(const std::vector<std::pair<int32_t, V>>& m) {
  Datum arr;
  for (const auto& [k, v] : m) {
    Datum value;
    if constexpr (std::is_same_v<V, std::string>) {
      value.s = v;
    } else {
      value.i = v;
    }
    arr.children.push_back(Record({LongDatum(k), std::move(value)}));
  }
  return arr;
}

template <typename V>
void ReadMap(const Datum& field, std::vector<std::pair<int32_t, V>>* out) {
  const Datum* arr = Opt(field);
  if (arr == nullptr) return;
  out->reserve(arr->children.size());
  for (const Datum& kv : arr->children) {
    if constexpr (std::is_same_v<V, std::string>) {
      out->emplace_back(static_cast<int32_t>(kv.children[0].i), kv.children[1].s);
    } else {
      out->emplace_back(static_cast<int32_t>(kv.children[0].i), kv.children[1].i);
    }
  }
  std::sort(out->begin(), out->end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
}

std::optional<int64_t> OptLong(const Datum& d) {
  const Datum* v = Opt(d);
  return v != nullptr ? std::optional<int64_t>(v->i) : std::nullopt;
}

// A partition value from its Avro datum (the reader's partition field type).
Result<Literal> PartitionValue(const Type& type, const Datum& d) {
  switch (type.id()) {
    case TypeId::kBoolean:
    case TypeId::kInt:
    case TypeId::kDate:
    case TypeId::kLong:
    case TypeId::kTime:
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
    case TypeId::kTimestampNs:
    case TypeId::kTimestampTzNs:
      return Literal::Int(type.id(), d.i);
    case TypeId::kFloat:
    case TypeId::kDouble:
      return Literal::Double(type.id(), d.d);
    default:
      return FromSingleValueBytes(type, d.s);
  }
}

Result<Datum> PartitionDatum(const Type& type, const Literal& v) {
  if (v.is_null) return Null();
  Datum d;
  switch (type.id()) {
    case TypeId::kBoolean:
    case TypeId::kInt:
    case TypeId::kDate:
    case TypeId::kLong:
    case TypeId::kTime:
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
      d.i = v.i;
      break;
    case TypeId::kFloat:
    case TypeId::kDouble:
      d.d = v.d;
      break;
    case TypeId::kDecimal: {
      // Avro fixed of the precision's width: sign-extend the minimal bytes.
      std::string minimal = ToSingleValueBytes(v);
      size_t width = static_cast<size_t>(DecimalRequiredBytes(type.precision()));
      if (minimal.size() > width)
        return Status::Invalid("decimal partition value does not fit ", type.ToString());
      char fill = (static_cast<uint8_t>(minimal[0]) & 0x80) != 0 ? '\xff' : '\0';
      d.s = std::string(width - minimal.size(), fill) + minimal;
      break;
    }
    default:
      d.s = ToSingleValueBytes(v);
      break;
  }
  return Some(std::move(d));
}

Result<std::unique_ptr<avro::FileReader>> OpenAvro(io::FileIO* io, const std::string& path,
                                                   const TypePtr& reader_type,
                                                   const std::string& root) {
  FLOE_ASSIGN_OR_RETURN(auto file, io->OpenInput(path));
  FLOE_ASSIGN_OR_RETURN(avro::Schema schema, ToAvroSchema(*reader_type, root));
  avro::ReaderOptions options;
  options.reader_schema = std::make_shared<const avro::Schema>(std::move(schema));
  auto reader = avro::FileReader::Open(std::move(file), std::move(options));
  if (!reader.ok()) return reader.status().WithContext(path);
  return reader;
}

}  // namespace

const int64_t* DataFile::FindCount(const std::vector<std::pair<int32_t, int64_t>>& m,
                                   int32_t field_id) {
  auto it = std::lower_bound(m.begin(), m.end(), field_id,
                             [](const auto& e, int32_t id) { return e.first < id; });
  return it != m.end() && it->first == field_id ? &it->second : nullptr;
}

const std::string* DataFile::FindBound(const std::vector<std::pair<int32_t, std::string>>& m,
                                       int32_t field_id) {
  auto it = std::lower_bound(m.begin(), m.end(), field_id,
                             [](const auto& e, int32_t id) { return e.first < id; });
  return it != m.end() && it->first == field_id ? &it->second : nullptr;
}

bool ManifestFile::has_added_or_existing() const {
  return !added_files_count || !existing_files_count || *added_files_count > 0 ||
         *existing_files_count > 0;
}

TypePtr ManifestEntryType(const TypePtr& partition_type, int format_version) {
  return EntryType(partition_type, format_version);
}

TypePtr ManifestFileType(int format_version) { return ListEntryType(format_version); }

Result<TypePtr> PartitionTypeOf(const TableMetadata& metadata, int32_t spec_id) {
  const PartitionSpec* spec = metadata.SpecById(spec_id);
  if (spec == nullptr)
    return Status::Invalid("partition spec ", spec_id, " is not in the table metadata");
  Status first;
  if (const Schema* current = metadata.current_schema()) {
    auto t = spec->PartitionType(*current);
    if (t.ok()) return t;
    first = t.status();
  }
  for (auto it = metadata.schemas.rbegin(); it != metadata.schemas.rend(); ++it) {
    auto t = spec->PartitionType(*it);
    if (t.ok()) return t;
    if (first.ok()) first = t.status();
  }
  return first.ok() ? Status::Invalid("partition spec ", spec_id, ": the table has no schema")
                    : first;
}

// `path` without its "scheme://authority" part ("/warehouse/t/data/f.parquet"
// for "hdfs://nn:8020/warehouse/t/data/f.parquet"); `path` itself when it
// has none.
namespace {

std::string_view WithoutAuthority(std::string_view path, bool* had_scheme) {
  size_t scheme = path.find("://");
  *had_scheme = scheme != std::string_view::npos;
  if (!*had_scheme) return path;
  size_t slash = path.find('/', scheme + 3);
  return slash == std::string_view::npos ? std::string_view() : path.substr(slash);
}

}  // namespace

// Whether a position delete's file_path names the data file at `data_path`.
// The spec compares the strings; Hadoop-based writers (Hive, Impala) may
// record one side fully qualified ("hdfs://nn:20500/warehouse/...") and the
// other as a path on the default file system ("/warehouse/..."), which
// name the same file, so a qualified path also matches its unqualified form.
bool SameDataFilePath(std::string_view delete_path, std::string_view data_path) {
  if (delete_path == data_path) return true;
  bool delete_qualified = false, data_qualified = false;
  std::string_view a = WithoutAuthority(delete_path, &delete_qualified);
  std::string_view b = WithoutAuthority(data_path, &data_qualified);
  return delete_qualified != data_qualified && !a.empty() && a == b;
}

bool IsParquet(const DataFile& f) {
  const std::string& s = f.file_format;
  return s.size() == 7 && std::equal(s.begin(), s.end(), "PARQUET", [](char a, char b) {
           return (a >= 'a' && a <= 'z' ? static_cast<char>(a - 32) : a) == b;
         });
}

std::string PartitionTupleKey(const DataFile& f) {
  std::string key = StrCat(f.spec_id, ":");
  for (const Literal& v : f.partition) {
    if (v.is_null) {
      key += "n|";
      continue;
    }
    key += StrCat(v.i, ",", v.d, ",");
    AppendInt128(v.i128, &key);
    key += StrCat(",", v.s.size(), ":");
    key += v.s;
    key += "|";
  }
  return key;
}

Result<std::vector<ManifestFile>> SnapshotManifests(io::FileIO* io, const TableMetadata& metadata,
                                                    const Snapshot& snapshot) {
  if (!snapshot.manifest_list.empty()) return ReadManifestList(io, snapshot.manifest_list);
  std::vector<ManifestFile> out;
  for (const std::string& path : snapshot.manifests) {
    ManifestFile m;
    m.manifest_path = path;
    m.partition_spec_id = metadata.default_spec_id;
    m.added_snapshot_id = snapshot.snapshot_id;
    m.sequence_number = m.min_sequence_number = 0;
    out.push_back(std::move(m));
  }
  return out;
}

// ---------------------------------------------------------------------------
// Reading

Result<std::vector<ManifestFile>> ReadManifestList(io::FileIO* io, const std::string& path) {
  static const TypePtr type = ListEntryType(kReaderVersion);
  static const FieldIndex ix(*type);
  FLOE_ASSIGN_OR_RETURN(auto reader, OpenAvro(io, path, type, "manifest_file"));
  std::vector<ManifestFile> out;
  Datum d;
  for (int64_t n = 0;; ++n) {
    auto more = reader->Next(&d);
    if (!more.ok()) return more.status().WithContext(StrCat(path, ": manifest list entry ", n));
    if (!*more) break;
    auto err = [&](const std::string& what) {
      return Status::Corruption(path, ": manifest list entry ", n, ": ", what);
    };
    ManifestFile m;
    const auto& c = d.children;
    m.manifest_path = c[ix[500]].s;
    m.manifest_length = c[ix[501]].i;
    m.partition_spec_id = static_cast<int32_t>(c[ix[502]].i);
    auto content = OptLong(c[ix[517]]);
    if (content && *content != 0 && *content != 1)
      return err(StrCat("content ", *content, " is not 0 (data) or 1 (deletes)"));
    m.content = static_cast<ManifestContent>(content.value_or(0));
    // v1 manifest lists have no sequence numbers: everything is 0.
    m.sequence_number = OptLong(c[ix[515]]).value_or(0);
    m.min_sequence_number = OptLong(c[ix[516]]).value_or(m.sequence_number);
    m.added_snapshot_id = OptLong(c[ix[503]]).value_or(0);
    auto count = [&](int32_t id) -> std::optional<int32_t> {
      auto v = OptLong(c[ix[id]]);
      return v ? std::optional<int32_t>(static_cast<int32_t>(*v)) : std::nullopt;
    };
    m.added_files_count = count(504);
    m.existing_files_count = count(505);
    m.deleted_files_count = count(506);
    m.added_rows_count = OptLong(c[ix[512]]);
    m.existing_rows_count = OptLong(c[ix[513]]);
    m.deleted_rows_count = OptLong(c[ix[514]]);
    if (const Datum* parts = Opt(c[ix[507]])) {
      for (const Datum& s : parts->children) {
        PartitionFieldSummary p;
        p.contains_null = s.children[0].i != 0;
        if (const Datum* nan = Opt(s.children[1])) p.contains_nan = nan->i != 0;
        if (const Datum* lo = Opt(s.children[2])) p.lower_bound = lo->s;
        if (const Datum* hi = Opt(s.children[3])) p.upper_bound = hi->s;
        m.partitions.push_back(std::move(p));
      }
    }
    if (const Datum* km = Opt(c[ix[519]])) m.key_metadata = km->s;
    m.first_row_id = OptLong(c[ix[520]]);
    if (m.manifest_path.empty()) return err("manifest_path is empty");
    out.push_back(std::move(m));
  }
  return out;
}

Result<std::vector<ManifestEntry>> ReadManifest(io::FileIO* io, const ManifestFile& manifest,
                                                const TypePtr& partition_type,
                                                ManifestReadOptions options) {
  const std::string& path = manifest.manifest_path;
  // The partition fields are optional in the reader whatever the writer
  // said: a null partition value is legal for every transform.
  std::vector<NestedField> pfields = partition_type->fields();
  for (auto& f : pfields) f.required = false;
  TypePtr ptype = Type::Struct(pfields);
  TypePtr type = EntryType(ptype, kReaderVersion);
  FieldIndex ex(*type);
  FieldIndex fx(*type->fields()[static_cast<size_t>(ex[2])].type);
  FLOE_ASSIGN_OR_RETURN(auto reader, OpenAvro(io, path, type, "manifest_entry"));

  std::vector<ManifestEntry> out;
  Datum d;
  for (int64_t n = 0;; ++n) {
    auto more = reader->Next(&d);
    if (!more.ok()) return more.status().WithContext(StrCat(path, ": manifest entry ", n));
    if (!*more) break;
    auto err = [&](const std::string& what) {
      return Status::Corruption(path, ": manifest entry ", n, ": ", what);
    };
    const auto& c = d.children;
    int64_t status = c[ex[0]].i;
    if (status < 0 || status > 2) return err(StrCat("status ", status, " is not 0, 1 or 2"));
    if (options.live_only && status == 2) continue;
    ManifestEntry e;
    e.status = static_cast<EntryStatus>(status);
    e.snapshot_id = OptLong(c[ex[1]]);
    e.sequence_number = OptLong(c[ex[3]]);
    e.file_sequence_number = OptLong(c[ex[4]]);
    // Inheritance (spec "Sequence Number Inheritance" and "Snapshot ID
    // Inheritance").
    if (!e.snapshot_id) e.snapshot_id = manifest.added_snapshot_id;
    if (!e.sequence_number) {
      if (e.status == EntryStatus::kAdded || manifest.sequence_number == 0) {
        e.sequence_number = manifest.sequence_number;
      } else {
        return err("an existing or deleted entry has no sequence number");
      }
    }
    if (!e.file_sequence_number) {
      e.file_sequence_number = e.status == EntryStatus::kAdded || manifest.sequence_number == 0
                                   ? manifest.sequence_number
                                   : *e.sequence_number;
    }
    const auto& f = c[ex[2]].children;
    DataFile& df = e.data_file;
    auto content = OptLong(f[fx[134]]).value_or(0);
    if (content < 0 || content > 2)
      return err(StrCat("data_file.content ", content, " is not 0, 1 or 2"));
    df.content = static_cast<FileContent>(content);
    if ((df.content == FileContent::kData) != (manifest.content == ManifestContent::kData)) {
      return err(StrCat("a ", FileContentName(df.content), " file in a ",
                        manifest.content == ManifestContent::kData ? "data" : "delete",
                        " manifest"));
    }
    df.file_path = f[fx[100]].s;
    df.file_format = f[fx[101]].s;
    df.spec_id = manifest.partition_spec_id;
    const auto& part = f[fx[102]].children;
    df.partition.reserve(pfields.size());
    for (size_t i = 0; i < pfields.size(); ++i) {
      const Datum* v = Opt(part[i]);
      if (v == nullptr) {
        df.partition.push_back(Literal::Null(pfields[i].type->id()));
        continue;
      }
      auto lit = PartitionValue(*pfields[i].type, *v);
      if (!lit.ok())
        return err(StrCat("partition field ", pfields[i].name, ": ", lit.status().message()));
      df.partition.push_back(std::move(*lit));
    }
    df.record_count = f[fx[103]].i;
    df.file_size_in_bytes = f[fx[104]].i;
    if (df.record_count < 0) return err(StrCat("record_count ", df.record_count, " is negative"));
    if (!options.skip_metrics) {
      ReadMap(f[fx[108]], &df.column_sizes);
      ReadMap(f[fx[109]], &df.value_counts);
      ReadMap(f[fx[110]], &df.null_value_counts);
      ReadMap(f[fx[137]], &df.nan_value_counts);
      ReadMap(f[fx[125]], &df.lower_bounds);
      ReadMap(f[fx[128]], &df.upper_bounds);
    }
    if (const Datum* km = Opt(f[fx[131]])) df.key_metadata = km->s;
    if (const Datum* so = Opt(f[fx[132]])) {
      for (const Datum& o : so->children) df.split_offsets.push_back(o.i);
    }
    if (const Datum* eq = Opt(f[fx[135]])) {
      for (const Datum& o : eq->children) df.equality_ids.push_back(static_cast<int32_t>(o.i));
    }
    if (const Datum* so = Opt(f[fx[140]])) df.sort_order_id = static_cast<int32_t>(so->i);
    df.first_row_id = OptLong(f[fx[142]]);
    if (const Datum* r = Opt(f[fx[143]])) df.referenced_data_file = r->s;
    df.content_offset = OptLong(f[fx[144]]);
    df.content_size_in_bytes = OptLong(f[fx[145]]);
    if (df.file_path.empty()) return err("data_file.file_path is empty");
    out.push_back(std::move(e));
  }
  return out;
}

// ---------------------------------------------------------------------------
// Writing

namespace {

// Per-partition-field bounds of the files written into one manifest.
struct SummaryBuilder {
  bool contains_null = false;
  bool contains_nan = false;
  std::optional<Literal> lower, upper;

  void Update(const Literal& v) {
    if (v.is_null) {
      contains_null = true;
      return;
    }
    if ((v.type == TypeId::kFloat || v.type == TypeId::kDouble) && std::isnan(v.d)) {
      contains_nan = true;
      return;
    }
    if (!lower || CompareLiterals(v, *lower) < 0) lower = v;
    if (!upper || CompareLiterals(v, *upper) > 0) upper = v;
  }

  PartitionFieldSummary Finish() const {
    PartitionFieldSummary s;
    s.contains_null = contains_null;
    s.contains_nan = contains_nan;
    if (lower) s.lower_bound = ToSingleValueBytes(*lower);
    if (upper) s.upper_bound = ToSingleValueBytes(*upper);
    return s;
  }
};

json::Value SpecFieldsJson(const PartitionSpec& spec) {
  json::Value v = spec.ToJson();
  const json::Value* fields = v.Find("fields");
  return fields != nullptr ? *fields : json::Value::Array();
}

// An open Avro output: the FileIO file and the container writer on it.
struct AvroOutput {
  std::unique_ptr<io::WritableFile> file;
  std::unique_ptr<avro::FileWriter> writer;

  static Result<AvroOutput> Open(io::FileIO* io, const std::string& path, const TypePtr& type,
                                 const std::string& root, formats::Codec codec,
                                 std::map<std::string, std::string> metadata) {
    AvroOutput out;
    FLOE_ASSIGN_OR_RETURN(avro::Schema schema, ToAvroSchema(*type, root));
    metadata["iceberg.schema"] = json::Serialize(Schema(0, type->fields()).ToJson());
    FLOE_ASSIGN_OR_RETURN(out.file, io->OpenOutput(path));
    avro::WriterOptions options;
    options.codec = codec;
    options.metadata = std::move(metadata);
    FLOE_ASSIGN_OR_RETURN(
        out.writer, avro::FileWriter::Open(out.file.get(), std::move(schema), std::move(options)));
    return out;
  }

  Result<int64_t> Finish() {
    FLOE_RETURN_NOT_OK(writer->Close());
    FLOE_RETURN_NOT_OK(file->Sync());
    int64_t length = file->position();
    FLOE_RETURN_NOT_OK(file->Close());
    return length;
  }
};

}  // namespace

class ManifestWriter::Impl {
 public:
  Options options;
  std::string path;
  TypePtr partition_type;
  TypePtr entry_type;
  AvroOutput out;
  std::vector<SummaryBuilder> summaries;
  ManifestFile result;
  int64_t min_sequence_number = -1;
  int64_t entries = 0;
  bool closed = false;

  Status Write(EntryStatus status, const ManifestEntry& e, bool added) {
    if (closed) return Status::Internal("manifest ", path, " written after Close()");
    const DataFile& f = e.data_file;
    if (f.partition.size() != partition_type->fields().size()) {
      return Status::Invalid(f.file_path, ": partition tuple has ", f.partition.size(),
                             " values, spec ", options.spec->spec_id, " has ",
                             partition_type->fields().size(), " fields");
    }
    if ((f.content == FileContent::kData) != (options.content == ManifestContent::kData)) {
      return Status::Invalid(f.file_path, ": a ", FileContentName(f.content),
                             " file cannot go into this manifest");
    }
    Datum d;
    for (const NestedField& field : entry_type->fields()) {
      switch (field.id) {
        case 0:
          d.children.push_back(LongDatum(static_cast<int64_t>(status)));
          break;
        case 1: {
          int64_t id = added || status == EntryStatus::kDeleted
                           ? options.snapshot_id
                           : e.snapshot_id.value_or(options.snapshot_id);
          d.children.push_back(options.format_version == 1 ? LongDatum(id) : Some(LongDatum(id)));
          break;
        }
        case 3:
          d.children.push_back(added || !e.sequence_number ? Null()
                                                           : Some(LongDatum(*e.sequence_number)));
          break;
        case 4:
          d.children.push_back(
              added || !e.file_sequence_number ? Null() : Some(LongDatum(*e.file_sequence_number)));
          break;
        case 2: {
          auto df = DataFileDatum(f, *field.type);
          if (!df.ok()) return df.status();
          d.children.push_back(std::move(*df));
          break;
        }
        default:
          return Status::Internal("manifest entry field ", field.id);
      }
    }
    FLOE_RETURN_NOT_OK(out.writer->Append(d));
    ++entries;
    for (size_t i = 0; i < summaries.size(); ++i) summaries[i].Update(f.partition[i]);
    if (!added && e.sequence_number) {
      if (min_sequence_number < 0 || *e.sequence_number < min_sequence_number)
        min_sequence_number = *e.sequence_number;
    }
    switch (status) {
      case EntryStatus::kAdded:
        result.added_files_count = *result.added_files_count + 1;
        result.added_rows_count = *result.added_rows_count + f.record_count;
        break;
      case EntryStatus::kExisting:
        result.existing_files_count = *result.existing_files_count + 1;
        result.existing_rows_count = *result.existing_rows_count + f.record_count;
        break;
      case EntryStatus::kDeleted:
        result.deleted_files_count = *result.deleted_files_count + 1;
        result.deleted_rows_count = *result.deleted_rows_count + f.record_count;
        break;
    }
    return Status::OK();
  }

  Result<Datum> DataFileDatum(const DataFile& f, const Type& type) {
    Datum d;
    for (const NestedField& field : type.fields()) {
      switch (field.id) {
        case 134:
          d.children.push_back(LongDatum(static_cast<int64_t>(f.content)));
          break;
        case 100:
          d.children.push_back(BytesDatum(f.file_path));
          break;
        case 101:
          d.children.push_back(BytesDatum(f.file_format));
          break;
        case 102: {
          Datum p;
          for (size_t i = 0; i < f.partition.size(); ++i) {
            FLOE_ASSIGN_OR_RETURN(
                Datum v, PartitionDatum(*partition_type->fields()[i].type, f.partition[i]));
            p.children.push_back(std::move(v));
          }
          d.children.push_back(std::move(p));
          break;
        }
        case 103:
          d.children.push_back(LongDatum(f.record_count));
          break;
        case 104:
          d.children.push_back(LongDatum(f.file_size_in_bytes));
          break;
        case 105:
          d.children.push_back(LongDatum(64 << 20));
          break;  // v1's deprecated block size, as Java writes it
        case 108:
          d.children.push_back(f.column_sizes.empty() ? Null() : Some(MapDatum(f.column_sizes)));
          break;
        case 109:
          d.children.push_back(f.value_counts.empty() ? Null() : Some(MapDatum(f.value_counts)));
          break;
        case 110:
          d.children.push_back(f.null_value_counts.empty() ? Null()
                                                           : Some(MapDatum(f.null_value_counts)));
          break;
        case 137:
          d.children.push_back(f.nan_value_counts.empty() ? Null()
                                                          : Some(MapDatum(f.nan_value_counts)));
          break;
        case 125:
          d.children.push_back(f.lower_bounds.empty() ? Null() : Some(MapDatum(f.lower_bounds)));
          break;
        case 128:
          d.children.push_back(f.upper_bounds.empty() ? Null() : Some(MapDatum(f.upper_bounds)));
          break;
        case 131:
          d.children.push_back(f.key_metadata ? Some(BytesDatum(*f.key_metadata)) : Null());
          break;
        case 132: {
          if (f.split_offsets.empty()) {
            d.children.push_back(Null());
            break;
          }
          Datum arr;
          for (int64_t o : f.split_offsets) arr.children.push_back(LongDatum(o));
          d.children.push_back(Some(std::move(arr)));
          break;
        }
        case 135: {
          if (f.equality_ids.empty()) {
            d.children.push_back(Null());
            break;
          }
          Datum arr;
          for (int32_t o : f.equality_ids) arr.children.push_back(LongDatum(o));
          d.children.push_back(Some(std::move(arr)));
          break;
        }
        case 140:
          d.children.push_back(f.sort_order_id ? Some(LongDatum(*f.sort_order_id)) : Null());
          break;
        default:
          return Status::Internal("data_file field ", field.id);
      }
    }
    return d;
  }
};

ManifestWriter::ManifestWriter(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ManifestWriter::~ManifestWriter() = default;

Result<std::unique_ptr<ManifestWriter>> ManifestWriter::Make(io::FileIO* io,
                                                             const std::string& path,
                                                             Options options) {
  if (options.schema == nullptr || options.spec == nullptr)
    return Status::Invalid("manifest writer needs a schema and a spec");
  if (options.format_version != 1 && options.format_version != 2) {
    return Status::NotSupported("writing format version ", options.format_version, " manifests");
  }
  if (options.format_version == 1 && options.content != ManifestContent::kData) {
    return Status::Invalid("format version 1 tables cannot have delete files");
  }
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  impl->path = path;
  FLOE_ASSIGN_OR_RETURN(impl->partition_type, options.spec->PartitionType(*options.schema));
  impl->entry_type = EntryType(impl->partition_type, options.format_version);
  impl->summaries.resize(impl->partition_type->fields().size());
  std::map<std::string, std::string> meta;
  meta["schema"] = json::Serialize(options.schema->ToJson());
  meta["schema-id"] = StrCat(options.schema->schema_id());
  meta["partition-spec"] = json::Serialize(SpecFieldsJson(*options.spec));
  meta["partition-spec-id"] = StrCat(options.spec->spec_id);
  meta["format-version"] = StrCat(options.format_version);
  if (options.format_version >= 2)
    meta["content"] = options.content == ManifestContent::kData ? "data" : "deletes";
  FLOE_ASSIGN_OR_RETURN(impl->out, AvroOutput::Open(io, path, impl->entry_type, "manifest_entry",
                                                    options.codec, std::move(meta)));
  ManifestFile& r = impl->result;
  r.manifest_path = path;
  r.partition_spec_id = options.spec->spec_id;
  r.content = options.content;
  r.added_snapshot_id = options.snapshot_id;
  r.added_files_count = r.existing_files_count = r.deleted_files_count = 0;
  r.added_rows_count = r.existing_rows_count = r.deleted_rows_count = 0;
  return std::unique_ptr<ManifestWriter>(new ManifestWriter(std::move(impl)));
}

Status ManifestWriter::WriteAdded(const DataFile& file) {
  ManifestEntry e;
  e.data_file = file;
  return impl_->Write(EntryStatus::kAdded, e, true);
}

Status ManifestWriter::WriteExisting(const ManifestEntry& entry) {
  return impl_->Write(EntryStatus::kExisting, entry, false);
}

Status ManifestWriter::WriteDeleted(const ManifestEntry& entry) {
  return impl_->Write(EntryStatus::kDeleted, entry, false);
}

int64_t ManifestWriter::entries_written() const { return impl_->entries; }

Result<ManifestFile> ManifestWriter::Close() {
  if (impl_->closed) return Status::Internal("manifest ", impl_->path, " closed twice");
  impl_->closed = true;
  FLOE_ASSIGN_OR_RETURN(impl_->result.manifest_length, impl_->out.Finish());
  for (const SummaryBuilder& s : impl_->summaries) impl_->result.partitions.push_back(s.Finish());
  // Added entries take the commit's sequence number, assigned by the
  // manifest list writer; carried-over entries are older, so their minimum
  // (when there are any) is the manifest's.
  if (impl_->min_sequence_number >= 0)
    impl_->result.min_sequence_number = impl_->min_sequence_number;
  return impl_->result;
}

class ManifestListWriter::Impl {
 public:
  int format_version = 2;
  int64_t sequence_number = 0;
  TypePtr type;
  AvroOutput out;
};

ManifestListWriter::ManifestListWriter(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ManifestListWriter::~ManifestListWriter() = default;

Result<std::unique_ptr<ManifestListWriter>> ManifestListWriter::Make(
    io::FileIO* io, const std::string& path, int format_version, int64_t snapshot_id,
    std::optional<int64_t> parent_snapshot_id, int64_t sequence_number) {
  if (format_version != 1 && format_version != 2) {
    return Status::NotSupported("writing format version ", format_version, " manifest lists");
  }
  auto impl = std::make_unique<Impl>();
  impl->format_version = format_version;
  impl->sequence_number = sequence_number;
  impl->type = ListEntryType(format_version);
  std::map<std::string, std::string> meta;
  meta["snapshot-id"] = StrCat(snapshot_id);
  meta["parent-snapshot-id"] = parent_snapshot_id ? StrCat(*parent_snapshot_id) : "null";
  if (format_version >= 2) meta["sequence-number"] = StrCat(sequence_number);
  meta["format-version"] = StrCat(format_version);
  FLOE_ASSIGN_OR_RETURN(impl->out, AvroOutput::Open(io, path, impl->type, "manifest_file",
                                                    formats::Codec::kDeflate, std::move(meta)));
  return std::unique_ptr<ManifestListWriter>(new ManifestListWriter(std::move(impl)));
}

Status ManifestListWriter::Add(const ManifestFile& m) {
  const bool v1 = impl_->format_version == 1;
  int64_t seq = m.sequence_number >= 0 ? m.sequence_number : impl_->sequence_number;
  int64_t min_seq = m.min_sequence_number >= 0 ? std::min(m.min_sequence_number, seq) : seq;
  auto opt_long = [&](const std::optional<int64_t>& v, bool required) {
    if (required) return LongDatum(v.value_or(0));
    return v ? Some(LongDatum(*v)) : Null();
  };
  auto opt_int = [&](const std::optional<int32_t>& v, bool required) {
    if (required) return LongDatum(v.value_or(0));
    return v ? Some(LongDatum(*v)) : Null();
  };
  Datum d;
  for (const NestedField& field : impl_->type->fields()) {
    switch (field.id) {
      case 500:
        d.children.push_back(BytesDatum(m.manifest_path));
        break;
      case 501:
        d.children.push_back(LongDatum(m.manifest_length));
        break;
      case 502:
        d.children.push_back(LongDatum(m.partition_spec_id));
        break;
      case 517:
        d.children.push_back(LongDatum(static_cast<int64_t>(m.content)));
        break;
      case 515:
        d.children.push_back(LongDatum(seq));
        break;
      case 516:
        d.children.push_back(LongDatum(min_seq));
        break;
      case 503:
        d.children.push_back(v1 ? Some(LongDatum(m.added_snapshot_id))
                                : LongDatum(m.added_snapshot_id));
        break;
      case 504:
        d.children.push_back(opt_int(m.added_files_count, !v1));
        break;
      case 505:
        d.children.push_back(opt_int(m.existing_files_count, !v1));
        break;
      case 506:
        d.children.push_back(opt_int(m.deleted_files_count, !v1));
        break;
      case 512:
        d.children.push_back(opt_long(m.added_rows_count, !v1));
        break;
      case 513:
        d.children.push_back(opt_long(m.existing_rows_count, !v1));
        break;
      case 514:
        d.children.push_back(opt_long(m.deleted_rows_count, !v1));
        break;
      case 507: {
        Datum arr;
        for (const PartitionFieldSummary& s : m.partitions) {
          Datum contains_null = LongDatum(s.contains_null ? 1 : 0);
          Datum nan = s.contains_nan ? Some(LongDatum(*s.contains_nan ? 1 : 0)) : Null();
          Datum lo = s.lower_bound ? Some(BytesDatum(*s.lower_bound)) : Null();
          Datum hi = s.upper_bound ? Some(BytesDatum(*s.upper_bound)) : Null();
          arr.children.push_back(
              Record({std::move(contains_null), std::move(nan), std::move(lo), std::move(hi)}));
        }
        d.children.push_back(Some(std::move(arr)));
        break;
      }
      case 519:
        d.children.push_back(m.key_metadata ? Some(BytesDatum(*m.key_metadata)) : Null());
        break;
      default:
        return Status::Internal("manifest_file field ", field.id);
    }
  }
  return impl_->out.writer->Append(d);
}

Status ManifestListWriter::Close() { return impl_->out.Finish().status(); }

}  // namespace floe::iceberg
