#include "cli/inspect_internal.h"
#include "common/json.h"
#include "formats/avro/datum.h"
#include "formats/avro/file_reader.h"
#include "io/file_io.h"

namespace floe::cli {

namespace avro = formats::avro;

namespace {

std::string AvroMetadataText(const std::string& path, const avro::FileReader& r, int64_t records) {
  std::string s =
      StrCat("file: ", path, "\nformat: Avro object container file\ncodec: ", r.codec_name(),
             "\nrecords: ", records, "\n");
  for (const auto& [k, v] : r.metadata()) {
    if (k == "avro.schema" || k == "avro.codec") continue;
    std::string value = v.size() > 200 ? v.substr(0, 200) + "..." : v;
    s += StrCat("metadata: ", k, " = ", value, "\n");
  }
  s += "schema (with its attributes, e.g. Iceberg field ids):\n";
  s += json::Serialize(r.schema().ToJson(), true);
  s += "\n";
  return s;
}

// One CSV field from a datum's JSON: strings unquoted, null empty.
void AppendCsvFromJson(const std::string& json_text, std::string* out) {
  auto v = json::Parse(json_text);
  if (v.ok() && v->is_null()) return;
  if (v.ok() && v->is_string()) {
    AppendCsvField(v->AsString(), out);
    return;
  }
  AppendCsvField(json_text, out);
}

}  // namespace

Status InspectAvro(const std::string& path, const InspectOptions& options, std::string* out,
                   std::string* meta_out) {
  FLOE_ASSIGN_OR_RETURN(auto file, io::LocalFileIO()->OpenInput(path));
  FLOE_ASSIGN_OR_RETURN(auto reader, avro::FileReader::Open(std::move(file)));
  const avro::Schema& schema = reader->schema();
  const avro::Node& root = schema.node(schema.root());
  int64_t records = 0;
  avro::Datum d;
  while (true) {
    FLOE_ASSIGN_OR_RETURN(bool more, reader->Next(&d));
    if (!more) break;
    if (options.rows != 0 && (options.rows < 0 || records < options.rows)) {
      if (options.json || root.type != avro::AvroType::kRecord) {
        avro::AppendDatumJson(schema, schema.root(), d, out);
        out->push_back('\n');
      } else {
        for (size_t f = 0; f < root.fields.size(); ++f) {
          if (f) out->push_back(',');
          std::string field;
          avro::AppendDatumJson(schema, root.fields[f].type, d.children[f], &field);
          AppendCsvFromJson(field, out);
        }
        out->push_back('\n');
      }
    }
    ++records;
  }
  if (options.rows == 0) {
    *out += AvroMetadataText(path, *reader, records);
  } else if (options.metadata) {
    *meta_out += AvroMetadataText(path, *reader, records);
  }
  return Status::OK();
}

}  // namespace floe::cli
