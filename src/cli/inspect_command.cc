// `floe inspect FILE`: the schema, metadata and rows of a Parquet or Avro
// file, the way parquet-tools and avro-tools show them.

#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "cli/inspect_internal.h"
#include "columnar/value_format.h"
#include "common/bit_util.h"
#include "common/date_time.h"
#include "common/int128.h"
#include "common/json.h"
#include "formats/parquet/file_reader.h"
#include "io/file_io.h"

namespace floe::cli {

namespace pq = formats::parquet;

namespace {

void Usage(FILE* out) {
  std::fputs(
      "usage: floe inspect FILE [--rows N|all] [--format csv|json] [--metadata]\n"
      "\n"
      "Prints a Parquet or Avro file's schema (with field ids) and metadata:\n"
      "row groups and column chunks with encodings, codecs, sizes and statistics\n"
      "(Parquet); codec, schema attributes and metadata (Avro).\n"
      "\n"
      "  --rows N|all     print the first N (or all) rows instead, without a header\n"
      "  --format F       csv (default; Trino text forms, NULL as an empty field)\n"
      "                   or json (one object per line)\n"
      "  --metadata       with --rows: print the metadata too (to stderr)\n",
      out);
}

std::string Hex(std::string_view s) {
  static const char* kHex = "0123456789abcdef";
  std::string out = "0x";
  for (char c : s) {
    out.push_back(kHex[static_cast<uint8_t>(c) >> 4]);
    out.push_back(kHex[static_cast<uint8_t>(c) & 15]);
  }
  return out;
}

// A Parquet statistics value (PLAIN encoding of the physical type) as text.
std::string StatText(const pq::SchemaNode& leaf, const std::string& v) {
  using columnar::TypeId;
  std::string out;
  TypeId id = leaf.type.id();
  switch (leaf.physical_type) {
    case pq::Type::BOOLEAN:
      return v.size() == 1 ? (v[0] ? "true" : "false") : Hex(v);
    case pq::Type::INT32: {
      if (v.size() != 4) return Hex(v);
      int32_t x = bit_util::LoadLE<int32_t>(v.data());
      if (id == TypeId::kDate) {
        AppendDate(x, &out);
        return out;
      }
      if (id == TypeId::kDecimal) {
        AppendDecimal(x, leaf.type.scale(), &out);
        return out;
      }
      return std::to_string(x);
    }
    case pq::Type::INT64: {
      if (v.size() != 8) return Hex(v);
      int64_t x = bit_util::LoadLE<int64_t>(v.data());
      if (id == TypeId::kDecimal) {
        AppendDecimal(x, leaf.type.scale(), &out);
        return out;
      }
      return std::to_string(x);
    }
    case pq::Type::FLOAT:
      if (v.size() != 4) return Hex(v);
      columnar::AppendJavaFloat(bit_util::LoadLE<float>(v.data()), &out);
      return out;
    case pq::Type::DOUBLE:
      if (v.size() != 8) return Hex(v);
      columnar::AppendJavaDouble(bit_util::LoadLE<double>(v.data()), &out);
      return out;
    case pq::Type::BYTE_ARRAY:
      if (id == TypeId::kVarchar) {
        out.push_back('"');
        out += v;
        out.push_back('"');
        return out;
      }
      return Hex(v);
    default:
      return Hex(v);
  }
}

std::string RepetitionName(pq::FieldRepetitionType r) {
  switch (r) {
    case pq::FieldRepetitionType::REQUIRED:
      return "required";
    case pq::FieldRepetitionType::OPTIONAL:
      return "optional";
    case pq::FieldRepetitionType::REPEATED:
      return "repeated";
  }
  return "?";
}

void PrintSchemaNode(const pq::FileMetaData& md, const pq::SchemaNode& node, int depth,
                     std::string* out) {
  const pq::SchemaElement& e = md.schema[static_cast<size_t>(node.element_index)];
  out->append(static_cast<size_t>(depth) * 2, ' ');
  out->append(e.field_id ? StrCat("[id ", *e.field_id, "] ") : std::string("[no id] "));
  out->append(
      StrCat(node.name, ": ", node.type.ToString(), " (",
             RepetitionName(e.repetition_type.value_or(pq::FieldRepetitionType::OPTIONAL))));
  if (e.type) out->append(StrCat(", ", pq::TypeName(*e.type)));
  if (e.type_length && e.type == pq::Type::FIXED_LEN_BYTE_ARRAY)
    out->append(StrCat("(", *e.type_length, ")"));
  if (e.converted_type) out->append(StrCat(", ", pq::ConvertedTypeName(*e.converted_type)));
  out->append(")\n");
  for (const auto& c : node.children) PrintSchemaNode(md, c, depth + 1, out);
}

std::string ParquetMetadataText(const pq::FileReader& r) {
  const pq::FileMetaData& md = r.metadata();
  std::string s;
  s += StrCat("file: ", r.path(), "\nformat: Parquet (", r.file_size(), " bytes, format version ",
              md.version, ")\n");
  if (md.created_by) s += StrCat("created_by: ", *md.created_by, "\n");
  s += StrCat("rows: ", md.num_rows, "\nrow groups: ", md.row_groups.size(),
              "\ncolumns: ", r.schema().num_columns(), "\n");
  s += "schema:\n";
  for (const auto& c : r.schema().root().children) PrintSchemaNode(md, c, 1, &s);
  for (const auto& kv : md.key_value_metadata) {
    std::string v = kv.value.value_or("");
    if (v.size() > 200) v = v.substr(0, 200) + "...";
    s += StrCat("key_value_metadata: ", kv.key, " = ", v, "\n");
  }
  for (size_t g = 0; g < md.row_groups.size(); ++g) {
    const pq::RowGroup& rg = md.row_groups[g];
    s += StrCat("row group ", g, ": ", rg.num_rows, " rows, ", rg.total_byte_size,
                " bytes uncompressed");
    if (rg.total_compressed_size) s += StrCat(", ", *rg.total_compressed_size, " compressed");
    s += "\n";
    for (size_t c = 0; c < rg.columns.size(); ++c) {
      const pq::ColumnMetaData& m = *rg.columns[c].meta_data;
      const pq::ColumnDescriptor& d = r.schema().column(static_cast<int>(c));
      std::string path;
      for (size_t i = 0; i < m.path_in_schema.size(); ++i)
        path += (i ? "." : "") + m.path_in_schema[i];
      s += StrCat("  column ", path, ": ", pq::TypeName(m.type), " ",
                  pq::CompressionCodecName(m.codec), ", values ", m.num_values, ", compressed ",
                  m.total_compressed_size, ", uncompressed ", m.total_uncompressed_size,
                  ", encodings [");
      for (size_t i = 0; i < m.encodings.size(); ++i)
        s += StrCat(i ? " " : "", pq::EncodingName(m.encodings[i]));
      s += "]";
      if (m.dictionary_page_offset) s += StrCat(", dictionary page at ", *m.dictionary_page_offset);
      s += StrCat(", data pages at ", m.data_page_offset);
      if (m.statistics) {
        const pq::Statistics& st = *m.statistics;
        if (st.null_count) s += StrCat(", nulls ", *st.null_count);
        const std::optional<std::string>& mn = st.min_value ? st.min_value : st.min;
        const std::optional<std::string>& mx = st.max_value ? st.max_value : st.max;
        if (mn) s += StrCat(", min ", StatText(*d.node, *mn));
        if (mx) s += StrCat(", max ", StatText(*d.node, *mx));
      }
      s += "\n";
    }
  }
  return s;
}

}  // namespace

void AppendCsvField(std::string_view v, std::string* out) {
  bool quote = v.empty() || v.find_first_of(",\"\r\n") != std::string_view::npos;
  if (!quote) {
    out->append(v);
    return;
  }
  out->push_back('"');
  for (char c : v) {
    if (c == '"') out->push_back('"');
    out->push_back(c);
  }
  out->push_back('"');
}

void AppendRowText(const columnar::Chunk& chunk, const std::vector<std::string>& names, int64_t row,
                   bool json, std::string* out) {
  if (json) {
    out->push_back('{');
    for (size_t c = 0; c < chunk.columns.size(); ++c) {
      if (c) out->push_back(',');
      json::AppendQuoted(names[c], out);
      out->push_back(':');
      const columnar::Vector& v = *chunk.columns[c];
      if (v.type().id() == columnar::TypeId::kVarbinary && v.IsValid(row)) {
        json::AppendQuoted(Base64(v.GetString(row)), out);
      } else {
        columnar::AppendValueJson(v, row, out);
      }
    }
    out->append("}\n");
    return;
  }
  for (size_t c = 0; c < chunk.columns.size(); ++c) {
    if (c) out->push_back(',');
    const columnar::Vector& v = *chunk.columns[c];
    if (v.IsNull(row)) continue;  // NULL: an empty field
    std::string text;
    columnar::AppendValueText(v, row, &text);
    AppendCsvField(text, out);
  }
  out->push_back('\n');
}

std::string Base64(std::string_view s) {
  static const char* kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  size_t i = 0;
  for (; i + 2 < s.size(); i += 3) {
    uint32_t v = static_cast<uint32_t>(static_cast<uint8_t>(s[i])) << 16 |
                 static_cast<uint32_t>(static_cast<uint8_t>(s[i + 1])) << 8 |
                 static_cast<uint8_t>(s[i + 2]);
    for (int k = 3; k >= 0; --k) out.push_back(kAlphabet[(v >> (6 * k)) & 63]);
  }
  if (i < s.size()) {
    uint32_t v = static_cast<uint32_t>(static_cast<uint8_t>(s[i])) << 16;
    if (i + 1 < s.size()) v |= static_cast<uint32_t>(static_cast<uint8_t>(s[i + 1])) << 8;
    out.push_back(kAlphabet[(v >> 18) & 63]);
    out.push_back(kAlphabet[(v >> 12) & 63]);
    out.push_back(i + 1 < s.size() ? kAlphabet[(v >> 6) & 63] : '=');
    out.push_back('=');
  }
  return out;
}

Status InspectParquet(const std::string& path, const InspectOptions& options, std::string* out,
                      std::string* meta_out) {
  FLOE_ASSIGN_OR_RETURN(auto file, io::LocalFileIO()->OpenInput(path));
  std::shared_ptr<io::RandomAccessFile> shared(std::move(file));
  FLOE_ASSIGN_OR_RETURN(auto reader, pq::FileReader::Open(shared));
  if (options.rows == 0) {
    *out += ParquetMetadataText(*reader);
    return Status::OK();
  }
  if (options.metadata) *meta_out += ParquetMetadataText(*reader);
  std::vector<std::string> names;
  for (const auto& c : reader->schema().root().children) names.push_back(c.name);
  int64_t printed = 0;
  for (int g = 0; g < reader->num_row_groups() && (options.rows < 0 || printed < options.rows);
       ++g) {
    FLOE_ASSIGN_OR_RETURN(auto rg, reader->ReadRowGroup(g));
    columnar::Chunk chunk;
    while (options.rows < 0 || printed < options.rows) {
      FLOE_ASSIGN_OR_RETURN(bool more, rg->Next(&chunk));
      if (!more) break;
      for (int64_t i = 0; i < chunk.size && (options.rows < 0 || printed < options.rows);
           ++i, ++printed) {
        AppendRowText(chunk, names, i, options.json, out);
      }
      if (out->size() > (1 << 20)) {
        std::fwrite(out->data(), 1, out->size(), stdout);
        out->clear();
      }
    }
  }
  return Status::OK();
}

int RunInspect(const std::vector<std::string>& args) {
  std::string path;
  InspectOptions options;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--help" || a == "-h") {
      Usage(stdout);
      return 0;
    }
    if (a == "--rows" && i + 1 < args.size()) {
      const std::string& v = args[++i];
      if (v == "all") {
        options.rows = -1;
      } else {
        char* end = nullptr;
        long long n = std::strtoll(v.c_str(), &end, 10);
        if (end == v.c_str() || *end != '\0' || n < 0) {
          std::fprintf(stderr, "floe inspect: --rows takes a number or 'all', not '%s'\n",
                       v.c_str());
          return 2;
        }
        options.rows = n;
      }
    } else if (a == "--format" && i + 1 < args.size()) {
      const std::string& v = args[++i];
      if (v != "csv" && v != "json") {
        std::fprintf(stderr, "floe inspect: --format is csv or json, not '%s'\n", v.c_str());
        return 2;
      }
      options.json = v == "json";
    } else if (a == "--metadata") {
      options.metadata = true;
    } else if (!a.empty() && a[0] == '-') {
      std::fprintf(stderr, "floe inspect: unknown option '%s'\n\n", a.c_str());
      Usage(stderr);
      return 2;
    } else if (path.empty()) {
      path = a;
    } else {
      std::fprintf(stderr, "floe inspect: one file at a time ('%s' and '%s')\n", path.c_str(),
                   a.c_str());
      return 2;
    }
  }
  if (path.empty()) {
    Usage(stderr);
    return 2;
  }
  // Sniff the format from the magic bytes.
  auto file = io::LocalFileIO()->OpenInput(path);
  if (!file.ok()) {
    std::fprintf(stderr, "floe inspect: %s\n", file.status().message().c_str());
    return 1;
  }
  uint8_t magic[4] = {0, 0, 0, 0};
  auto size = (*file)->Size();
  if (size.ok() && *size >= 4) (void)(*file)->ReadAt(0, 4, magic);
  std::string out, meta;
  Status st;
  if (std::memcmp(magic, "PAR1", 4) == 0) {
    st = InspectParquet(path, options, &out, &meta);
  } else if (std::memcmp(magic, "Obj\x01", 4) == 0) {
    st = InspectAvro(path, options, &out, &meta);
  } else {
    st = Status::Invalid(path, ": not a Parquet (PAR1) or Avro (Obj 0x01) file");
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  std::fflush(stdout);
  if (!meta.empty()) std::fwrite(meta.data(), 1, meta.size(), stderr);
  if (!st.ok()) {
    std::fprintf(stderr, "floe inspect: %s\n", st.ToString().c_str());
    return 1;
  }
  return 0;
}

}  // namespace floe::cli
