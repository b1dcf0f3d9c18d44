#include "formats/parquet/file_reader.h"

#include <algorithm>
#include <cstring>

#include "common/bit_util.h"

namespace floe::formats::parquet {

using columnar::Vector;

namespace {
constexpr int64_t kFooterTail = 8;  // 4-byte footer length + "PAR1"

// The first byte of a column chunk: its dictionary page, else its first data
// page. Some writers record dictionary_page_offset 0 for "no dictionary".
int64_t ChunkStart(const ColumnMetaData& m) {
  if (m.dictionary_page_offset && *m.dictionary_page_offset > 0 &&
      *m.dictionary_page_offset <= m.data_page_offset) {
    return *m.dictionary_page_offset;
  }
  return m.data_page_offset;
}
}  // namespace

struct RowGroupReader::FieldState {
  const SchemaNode* node = nullptr;
  // Flat (a primitive top-level field): one streaming chunk reader, opened
  // when a batch first reads the field; `position` is the row it is at.
  bool primitive = false;
  std::unique_ptr<ColumnChunkReader> flat;
  int64_t position = 0;
  std::shared_ptr<Vector> vector;
  // Nested: all leaves read up front, then assembled per batch.
  std::vector<std::unique_ptr<NestedFieldAssembler::LeafData>> leaf_data;
  std::unique_ptr<NestedFieldAssembler> assembler;
};

RowGroupReader::~RowGroupReader() = default;

Result<std::unique_ptr<FileReader>> FileReader::Open(std::shared_ptr<io::RandomAccessFile> file,
                                                     ReadOptions options) {
  std::unique_ptr<FileReader> r(new FileReader());
  r->file_ = std::move(file);
  r->options_ = options;
  const std::string& path = r->file_->path();
  FLOE_ASSIGN_OR_RETURN(r->file_size_, r->file_->Size());
  int64_t size = r->file_size_;
  if (size < 12) {
    return Status::Corruption(path, ": not a Parquet file: ", size, " bytes is too small");
  }
  uint8_t head[4], tail[kFooterTail];
  FLOE_RETURN_NOT_OK(r->file_->ReadAt(0, 4, head));
  FLOE_RETURN_NOT_OK(r->file_->ReadAt(size - kFooterTail, kFooterTail, tail));
  if (std::memcmp(tail + 4, "PARE", 4) == 0) {
    return Status::NotSupported(path, ": encrypted Parquet footers are not supported");
  }
  if (std::memcmp(head, "PAR1", 4) != 0 || std::memcmp(tail + 4, "PAR1", 4) != 0) {
    return Status::Corruption(path, ": not a Parquet file: missing the PAR1 magic at the start or end");
  }
  uint32_t footer_len = bit_util::LoadLE<uint32_t>(tail);
  if (footer_len == 0 || footer_len > size - 12) {
    return Status::Corruption(path, ": footer length ", footer_len, " does not fit in the file of ", size, " bytes");
  }
  FLOE_ASSIGN_OR_RETURN(auto footer,
                        r->file_->ReadBufferAt(size - kFooterTail - footer_len, footer_len, options.pool));
  auto md = ParseFileMetaData(footer->data(), footer->size());
  if (!md.ok()) return md.status().WithContext(path);
  r->metadata_ = std::move(md).ValueOrDie();
  if (r->metadata_.has_encryption_algorithm) {
    return Status::NotSupported(path, ": encrypted Parquet files are not supported");
  }
  auto schema = FileSchema::Make(r->metadata_.schema);
  if (!schema.ok()) return schema.status().WithContext(path);
  r->schema_ = std::move(schema).ValueOrDie();
  // Every row group must describe every leaf column, within the file.
  int64_t total_rows = 0;
  for (size_t g = 0; g < r->metadata_.row_groups.size(); ++g) {
    const RowGroup& rg = r->metadata_.row_groups[g];
    if (static_cast<int>(rg.columns.size()) != r->schema_->num_columns()) {
      return Status::Corruption(path, ": row group ", g, " has ", rg.columns.size(), " column chunks but the schema has ",
                                r->schema_->num_columns(), " columns");
    }
    if (rg.num_rows < 0) return Status::Corruption(path, ": row group ", g, " has a negative row count");
    total_rows += rg.num_rows;
    for (size_t c = 0; c < rg.columns.size(); ++c) {
      const ColumnChunk& cc = rg.columns[c];
      if (cc.file_path) {
        return Status::NotSupported(path, ": column chunks in other files (", *cc.file_path, ") are not supported");
      }
      if (!cc.meta_data) return Status::Corruption(path, ": row group ", g, " column ", c, " has no metadata");
      const ColumnMetaData& m = *cc.meta_data;
      int64_t start = ChunkStart(m);
      if (m.num_values == 0 && rg.num_rows == 0) continue;  // empty chunks are never read
      if (start < 4 || m.total_compressed_size < 0 || start > size - kFooterTail - footer_len ||
          m.total_compressed_size > size - kFooterTail - footer_len - start) {
        return Status::Corruption(path, ": row group ", g, " column ", c, " spans bytes [", start, ", ",
                                  start + m.total_compressed_size, ") outside the data of the ", size, "-byte file");
      }
    }
  }
  // Some writers leave FileMetaData.num_rows at 0 or wrong: the row groups
  // are what gets read, so their sum is the file's row count.
  r->metadata_.num_rows = total_rows;
  return r;
}

Result<std::vector<int>> FileReader::FieldIndicesForIds(const std::vector<int32_t>& field_ids) const {
  std::vector<int> out;
  const auto& fields = schema_->root().children;
  for (int32_t id : field_ids) {
    auto it = std::find_if(fields.begin(), fields.end(), [&](const SchemaNode& n) { return n.field_id == id; });
    if (it == fields.end()) return Status::NotFound(path(), ": no top-level field with field id ", id);
    out.push_back(static_cast<int>(it - fields.begin()));
  }
  return out;
}

Result<std::unique_ptr<RowGroupReader>> FileReader::ReadRowGroup(int row_group, std::vector<int> fields) const {
  if (row_group < 0 || row_group >= num_row_groups()) {
    return Status::Invalid(path(), ": row group ", row_group, " does not exist (the file has ", num_row_groups(), ")");
  }
  const auto& top = schema_->root().children;
  if (fields.empty()) {
    for (size_t i = 0; i < top.size(); ++i) fields.push_back(static_cast<int>(i));
  }
  const RowGroup& rg = metadata_.row_groups[static_cast<size_t>(row_group)];
  std::unique_ptr<RowGroupReader> reader(new RowGroupReader());
  reader->num_rows_ = rg.num_rows;
  reader->batch_size_ = options_.batch_size > 0 ? options_.batch_size : columnar::kDefaultVectorSize;
  reader->pool_ = options_.pool;

  reader->file_ = this;
  reader->row_group_ = row_group;
  for (int f : fields) {
    if (f < 0 || f >= static_cast<int>(top.size())) return Status::Invalid(path(), ": field index ", f, " out of range");
    auto state = std::make_unique<RowGroupReader::FieldState>();
    state->node = &top[static_cast<size_t>(f)];
    if (state->node->kind == NodeKind::kPrimitive) {
      state->primitive = true;
    } else {
      std::vector<NestedFieldAssembler::LeafData*> by_column(static_cast<size_t>(schema_->num_columns()), nullptr);
      std::vector<const SchemaNode*> stack{state->node};
      while (!stack.empty()) {
        const SchemaNode* n = stack.back();
        stack.pop_back();
        if (n->kind == NodeKind::kPrimitive) {
          FLOE_ASSIGN_OR_RETURN(auto column_reader, OpenColumnChunk(row_group, n->column_index));
          ++reader->chunks_fetched_;
          auto data = std::make_unique<NestedFieldAssembler::LeafData>();
          Status st = ReadLeafData(column_reader.get(), schema_->column(n->column_index), rg.num_rows, options_.pool,
                                   data.get());
          if (!st.ok()) {
            return st.message().find(path()) == std::string::npos
                       ? st.WithContext(StrCat(path(), ": row group ", row_group))
                       : st;
          }
          by_column[static_cast<size_t>(n->column_index)] = data.get();
          state->leaf_data.push_back(std::move(data));
        } else {
          for (const auto& c : n->children) stack.push_back(&c);
        }
      }
      state->assembler = std::make_unique<NestedFieldAssembler>(state->node, std::move(by_column), options_.pool);
    }
    reader->fields_.push_back(std::move(state));
  }
  return reader;
}

Result<std::unique_ptr<ColumnChunkReader>> FileReader::OpenColumnChunk(int row_group, int column) const {
  const RowGroup& rg = metadata_.row_groups[static_cast<size_t>(row_group)];
  const ColumnChunk& cc = rg.columns[static_cast<size_t>(column)];
  const ColumnMetaData& m = *cc.meta_data;
  FLOE_ASSIGN_OR_RETURN(auto bytes, file_->ReadBufferAt(ChunkStart(m), m.total_compressed_size, options_.pool));
  const ColumnDescriptor& desc = schema_->column(column);
  std::string context = StrCat(path(), ": row group ", row_group, ", column '");
  for (size_t i = 0; i < desc.path.size(); ++i) context += (i ? "." : "") + desc.path[i];
  context += "'";
  const SchemaElement& element = metadata_.schema[static_cast<size_t>(desc.node->element_index)];
  return ColumnChunkReader::Make(desc, element, m, std::move(bytes), std::move(context), options_);
}

Result<std::shared_ptr<Vector>> FileReader::ReadFullDictionary(int row_group, int column) const {
  if (row_group < 0 || row_group >= num_row_groups() || column < 0 || column >= schema_->num_columns()) {
    return Status::Invalid(path(), ": no column ", column, " in row group ", row_group);
  }
  const ColumnMetaData& m = *metadata_.row_groups[static_cast<size_t>(row_group)].columns[static_cast<size_t>(column)].meta_data;
  if (!m.dictionary_page_offset || *m.dictionary_page_offset <= 0 || *m.dictionary_page_offset >= m.data_page_offset) {
    return std::shared_ptr<Vector>();
  }
  bool all_dictionary = false;
  if (!m.encoding_stats.empty()) {
    all_dictionary = true;
    for (const auto& es : m.encoding_stats) {
      if ((es.page_type == PageType::DATA_PAGE || es.page_type == PageType::DATA_PAGE_V2) && es.count > 0 &&
          es.encoding != Encoding::RLE_DICTIONARY && es.encoding != Encoding::PLAIN_DICTIONARY) {
        all_dictionary = false;
      }
    }
  } else {
    // Without stats: PLAIN among the encodings may be a fallback page (or
    // the dictionary page of newer writers): not decidable, so no.
    all_dictionary = true;
    for (Encoding e : m.encodings) {
      if (e != Encoding::RLE_DICTIONARY && e != Encoding::PLAIN_DICTIONARY && e != Encoding::RLE &&
          e != Encoding::BIT_PACKED) {
        all_dictionary = false;
      }
    }
  }
  if (!all_dictionary) return std::shared_ptr<Vector>();
  // Only the dictionary page: the bytes before the first data page.
  const int64_t start = *m.dictionary_page_offset;
  const int64_t length = std::min(m.data_page_offset - start, m.total_compressed_size);
  FLOE_ASSIGN_OR_RETURN(auto bytes, file_->ReadBufferAt(start, length, options_.pool));
  const ColumnDescriptor& desc = schema_->column(column);
  const SchemaElement& element = metadata_.schema[static_cast<size_t>(desc.node->element_index)];
  FLOE_ASSIGN_OR_RETURN(auto reader,
                        ColumnChunkReader::Make(desc, element, m, std::move(bytes),
                                                StrCat(path(), ": row group ", row_group, ", column ", column),
                                                options_));
  return reader->ReadDictionary();
}

int64_t RowGroupReader::BeginBatch() {
  batch_start_ = row_;
  batch_rows_ = row_ < num_rows_ ? std::min(batch_size_, num_rows_ - row_) : 0;
  row_ += batch_rows_;
  return batch_rows_;
}

Result<std::shared_ptr<Vector>> RowGroupReader::ReadField(size_t i) {
  FieldState& f = *fields_[i];
  const int64_t n = batch_rows_;
  if (!f.primitive) return f.assembler->Assemble(batch_start_, n);
  if (f.flat == nullptr) {
    FLOE_ASSIGN_OR_RETURN(f.flat, file_->OpenColumnChunk(row_group_, f.node->column_index));
    ++chunks_fetched_;
  }
  if (f.position < batch_start_) {
    // Batches this field was not read for.
    FLOE_RETURN_NOT_OK(f.flat->Skip(batch_start_ - f.position));
    f.position = batch_start_;
  }
  if (f.position != batch_start_) return Status::Internal("field ", i, " read twice for one batch");
  // Reuse the vector unless someone besides this reader still holds it.
  if (f.vector == nullptr || f.vector.use_count() > 1 || f.vector->capacity() < n) {
    FLOE_ASSIGN_OR_RETURN(f.vector, Vector::Make(f.node->type, pool_, std::max(batch_size_, n)));
  } else {
    f.vector->Reset();
  }
  FLOE_RETURN_NOT_OK(f.flat->ReadFlat(n, f.vector.get()));
  f.position += n;
  return f.vector;
}

PageCounts RowGroupReader::page_counts() const {
  PageCounts n;
  for (const auto& f : fields_) {
    if (f->flat != nullptr) n += f->flat->page_counts();
  }
  return n;
}

Result<bool> RowGroupReader::Next(columnar::Chunk* out) {
  const int64_t n = BeginBatch();
  if (n == 0) return false;
  out->columns.resize(fields_.size());
  out->selection.reset();
  // Let go of the previous batch's vectors so that they can be reused.
  for (auto& c : out->columns) c.reset();
  for (size_t i = 0; i < fields_.size(); ++i) {
    FLOE_ASSIGN_OR_RETURN(out->columns[i], ReadField(i));
  }
  out->size = n;
  return true;
}

}  // namespace floe::formats::parquet
