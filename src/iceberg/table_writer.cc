#include "iceberg/table_writer.h"

#include <algorithm>
#include <cstring>

#include "common/str_cat.h"
#include "iceberg/table_properties.h"
#include "iceberg/table_update.h"

namespace floe::iceberg {

Literal LiteralAt(const columnar::Vector& v, int64_t i, const Type& type) {
  if (v.IsNull(i)) return Literal::Null(type.id());
  const int64_t k = v.ValueIndex(i);
  const columnar::Vector& values =
      v.kind() == columnar::VectorKind::kDictionary ? *v.dictionary() : v;
  switch (type.id()) {
    case TypeId::kBoolean:
      return Literal::Int(type.id(), values.data<uint8_t>()[k] != 0 ? 1 : 0);
    case TypeId::kInt:
    case TypeId::kDate:
      return Literal::Int(type.id(), values.data<int32_t>()[k]);
    case TypeId::kLong:
    case TypeId::kTime:
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
      return Literal::Int(type.id(), values.data<int64_t>()[k]);
    case TypeId::kFloat:
      return Literal::Double(type.id(), values.data<float>()[k]);
    case TypeId::kDouble:
      return Literal::Double(type.id(), values.data<double>()[k]);
    case TypeId::kDecimal:
      return type.precision() <= 18 ? Literal::Decimal(values.data<int64_t>()[k])
                                    : Literal::Decimal(values.data<int128_t>()[k]);
    case TypeId::kUuid: {
      // 16 bytes big-endian, held as an int128.
      uint128_t u = static_cast<uint128_t>(values.data<int128_t>()[k]);
      std::string s(16, '\0');
      for (int b = 15; b >= 0; --b, u >>= 8)
        s[static_cast<size_t>(b)] = static_cast<char>(u & 0xff);
      return Literal::Bytes(TypeId::kUuid, std::move(s));
    }
    case TypeId::kString:
    case TypeId::kFixed:
    case TypeId::kBinary:
      return Literal::Bytes(type.id(), std::string(v.GetString(i)));
    default:
      break;
  }
  return Literal::Null(type.id());
}

TableWriter::~TableWriter() = default;

Result<std::unique_ptr<TableWriter>> TableWriter::Make(io::FileIO* io,
                                                       const TableMetadata& metadata,
                                                       TableWriterOptions options) {
  auto w = std::unique_ptr<TableWriter>(new TableWriter());
  w->io_ = io;
  w->metadata_ = metadata;
  const Schema* schema = metadata.current_schema();
  const PartitionSpec* spec = metadata.default_spec();
  if (schema == nullptr || spec == nullptr)
    return Status::Corruption("the table has no current schema or spec");
  w->schema_ = *schema;
  w->spec_ = *spec;
  FLOE_ASSIGN_OR_RETURN(w->partition_type_, spec->PartitionType(*schema));
  for (const PartitionField& pf : spec->fields) {
    int column = -1;
    for (size_t c = 0; c < schema->fields().size(); ++c) {
      if (schema->fields()[c].id == pf.source_id) column = static_cast<int>(c);
    }
    if (column < 0) {
      return Status::NotSupported("partitioning by ", schema->FieldName(pf.source_id),
                                  ", a field inside a struct, is not supported yet");
    }
    w->source_columns_.push_back(column);
  }
  w->options_ = std::move(options);
  w->target_ =
      w->options_.target_file_size_bytes > 0
          ? w->options_.target_file_size_bytes
          : PropertyInt(metadata.properties, "write.target-file-size-bytes", int64_t{512} << 20);
  if (w->target_ <= 0) w->target_ = int64_t{512} << 20;
  std::string loc = metadata.location;
  while (!loc.empty() && loc.back() == '/') loc.pop_back();
  w->data_dir_ = metadata.Property("write.data.path", loc + "/data");
  w->write_uuid_ = NewUuid();
  return w;
}

Status TableWriter::Write(const columnar::Chunk& chunk) {
  if (chunk.columns.size() != schema_.fields().size()) {
    return Status::Invalid("a chunk of ", chunk.columns.size(), " columns for a table of ",
                           schema_.fields().size());
  }
  const int64_t live = chunk.live_rows();
  if (live == 0) return Status::OK();
  rows_ += live;
  if (spec_.fields.empty()) return WriteGroup("", {}, chunk);
  // Route rows to partitions: one selection vector per partition key.
  struct Group {
    std::vector<Literal> partition;
    std::vector<uint32_t> rows;
  };
  std::map<std::string, Group> groups;
  std::vector<Literal> tuple(spec_.fields.size());
  for (int64_t k = 0; k < live; ++k) {
    const int64_t row = chunk.selection ? chunk.selection->indices()[k] : k;
    for (size_t p = 0; p < spec_.fields.size(); ++p) {
      const NestedField& source = schema_.fields()[static_cast<size_t>(source_columns_[p])];
      Literal value =
          LiteralAt(*chunk.columns[static_cast<size_t>(source_columns_[p])], row, *source.type);
      auto transformed = spec_.fields[p].transform.Apply(value);
      if (!transformed.ok())
        return transformed.status().WithContext(StrCat("partition field ", spec_.fields[p].name));
      tuple[p] = std::move(*transformed);
    }
    DataFile key_of;
    key_of.spec_id = spec_.spec_id;
    key_of.partition = tuple;
    Group& g = groups[PartitionTupleKey(key_of)];
    if (g.rows.empty()) g.partition = tuple;
    g.rows.push_back(static_cast<uint32_t>(row));
  }
  for (auto& [key, g] : groups) {
    columnar::Chunk part;
    part.columns = chunk.columns;
    part.size = chunk.size;
    FLOE_ASSIGN_OR_RETURN(part.selection,
                          columnar::SelectionVector::Make(MemoryPool::Default(),
                                                          static_cast<int64_t>(g.rows.size())));
    std::memcpy(part.selection->mutable_indices(), g.rows.data(), g.rows.size() * sizeof(uint32_t));
    part.selection->set_size(static_cast<int64_t>(g.rows.size()));
    FLOE_RETURN_NOT_OK(WriteGroup(key, g.partition, part));
  }
  return Status::OK();
}

Status TableWriter::WriteGroup(const std::string& key, const std::vector<Literal>& partition,
                               const columnar::Chunk& rows) {
  Open& open = open_[key];
  if (open.writer == nullptr) {
    open.partition = partition;
    open.dir = spec_.fields.empty()
                   ? data_dir_
                   : data_dir_ + "/" + spec_.PartitionPath(partition, *partition_type_);
    std::string path =
        StrCat(open.dir, "/", options_.file_prefix, options_.file_prefix.empty() ? "" : "-",
               file_count_++, "-", write_uuid_, ".parquet");
    FLOE_ASSIGN_OR_RETURN(open.writer,
                          DataFileWriter::Make(io_, path, metadata_, schema_, spec_, partition));
    started_.push_back(path);
  }
  FLOE_RETURN_NOT_OK(open.writer->Write(rows));
  if (open.writer->bytes_written() >= target_) FLOE_RETURN_NOT_OK(Roll(&open));
  return Status::OK();
}

Status TableWriter::Roll(Open* open) {
  FLOE_ASSIGN_OR_RETURN(DataFile f, open->writer->Close());
  open->writer.reset();
  finished_.push_back(std::move(f));
  return Status::OK();
}

Result<std::vector<DataFile>> TableWriter::Finish() {
  for (auto& [key, open] : open_) {
    if (open.writer != nullptr) FLOE_RETURN_NOT_OK(Roll(&open));
  }
  open_.clear();
  // In the order the files were started.
  std::map<std::string, size_t> order;
  for (size_t i = 0; i < started_.size(); ++i) order[started_[i]] = i;
  std::sort(finished_.begin(), finished_.end(), [&](const DataFile& a, const DataFile& b) {
    return order[a.file_path] < order[b.file_path];
  });
  return finished_;
}

void TableWriter::Abort() {
  open_.clear();
  for (const std::string& path : started_) (void)io_->Delete(path);
  started_.clear();
  finished_.clear();
}

}  // namespace floe::iceberg
