#include "iceberg/data_writer.h"

#include <algorithm>
#include <cstdlib>

#include "common/str_cat.h"
#include "formats/parquet/file_writer.h"
#include "iceberg/data_reader.h"
#include "iceberg/table_properties.h"

namespace floe::iceberg {

namespace parquet = formats::parquet;

namespace {

Result<parquet::WriteField> ToWriteField(const NestedField& f) {
  parquet::WriteField w;
  w.name = f.name;
  w.field_id = f.id;
  w.nullable = !f.required;
  FLOE_ASSIGN_OR_RETURN(w.type, ColumnarTypeOf(*f.type));
  for (const NestedField& c : f.type->fields()) {
    FLOE_ASSIGN_OR_RETURN(auto child, ToWriteField(c));
    w.children.push_back(std::move(child));
  }
  return w;
}

// A size property; non-positive values keep the default.
int64_t PositiveProperty(const TableMetadata& md, const char* key, int64_t fallback) {
  int64_t v = PropertyInt(md.properties, key, fallback);
  return v > 0 ? v : fallback;
}

}  // namespace

DataFileWriter::~DataFileWriter() = default;

Result<std::unique_ptr<DataFileWriter>> DataFileWriter::Make(
    io::FileIO* io, const std::string& path, const TableMetadata& md, const Schema& schema,
    const PartitionSpec& spec, std::vector<Literal> partition) {
  if (partition.size() != spec.fields.size()) {
    return Status::Invalid(path, ": partition tuple has ", partition.size(), " values, spec ",
                           spec.spec_id, " has ", spec.fields.size(), " fields");
  }
  std::string format = md.Property("write.format.default", "parquet");
  if (format != "parquet" && format != "PARQUET") {
    return Status::NotSupported("write.format.default=", format,
                                ": floe writes Parquet data files only");
  }
  std::vector<parquet::WriteField> fields;
  for (const NestedField& f : schema.fields()) {
    FLOE_ASSIGN_OR_RETURN(auto w, ToWriteField(f));
    fields.push_back(std::move(w));
  }
  parquet::WriterOptions options;
  // Iceberg's default codec is zstd (since 1.4), as is floe's.
  FLOE_ASSIGN_OR_RETURN(options.codec, formats::CodecFromName(
                                           md.Property("write.parquet.compression-codec", "zstd")));
  options.row_group_size_bytes =
      PositiveProperty(md, "write.parquet.row-group-size-bytes", options.row_group_size_bytes);
  options.page_size_bytes =
      PositiveProperty(md, "write.parquet.page-size-bytes", options.page_size_bytes);
  options.dictionary_size_bytes =
      PositiveProperty(md, "write.parquet.dict-size-bytes", options.dictionary_size_bytes);
  options.key_value_metadata.push_back({"iceberg.schema", json::Serialize(schema.ToJson())});
  auto w = std::unique_ptr<DataFileWriter>(new DataFileWriter());
  FLOE_ASSIGN_OR_RETURN(w->file_, io->OpenOutput(path));
  FLOE_ASSIGN_OR_RETURN(w->parquet_, parquet::FileWriter::Open(w->file_.get(), std::move(fields),
                                                               std::move(options)));
  w->result_.file_path = path;
  w->result_.file_format = "PARQUET";
  w->result_.spec_id = spec.spec_id;
  w->result_.partition = std::move(partition);
  return w;
}

Status DataFileWriter::Write(const columnar::Chunk& chunk) { return parquet_->Write(chunk); }

int64_t DataFileWriter::rows_written() const { return parquet_->num_rows(); }

int64_t DataFileWriter::bytes_written() const { return file_->position(); }

Result<DataFile> DataFileWriter::Close() {
  FLOE_RETURN_NOT_OK(parquet_->Close());
  FLOE_RETURN_NOT_OK(file_->Sync());
  FLOE_RETURN_NOT_OK(file_->Close());
  DataFile& f = result_;
  f.record_count = parquet_->num_rows();
  f.file_size_in_bytes = parquet_->file_size();
  f.split_offsets = parquet_->split_offsets();
  for (const parquet::ColumnMetrics& m : parquet_->metrics()) {
    f.column_sizes.emplace_back(m.field_id, m.column_size);
    f.value_counts.emplace_back(m.field_id, m.value_count);
    f.null_value_counts.emplace_back(m.field_id, m.null_count);
    if (m.nan_count) f.nan_value_counts.emplace_back(m.field_id, *m.nan_count);
    if (m.lower_bound) f.lower_bounds.emplace_back(m.field_id, *m.lower_bound);
    if (m.upper_bound) f.upper_bounds.emplace_back(m.field_id, *m.upper_bound);
  }
  auto by_id = [](const auto& a, const auto& b) { return a.first < b.first; };
  std::sort(f.column_sizes.begin(), f.column_sizes.end(), by_id);
  std::sort(f.value_counts.begin(), f.value_counts.end(), by_id);
  std::sort(f.null_value_counts.begin(), f.null_value_counts.end(), by_id);
  std::sort(f.nan_value_counts.begin(), f.nan_value_counts.end(), by_id);
  std::sort(f.lower_bounds.begin(), f.lower_bounds.end(), by_id);
  std::sort(f.upper_bounds.begin(), f.upper_bounds.end(), by_id);
  return f;
}

}  // namespace floe::iceberg
