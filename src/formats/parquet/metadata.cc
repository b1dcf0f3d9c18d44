#include "formats/parquet/metadata.h"

#include "formats/parquet/thrift_compact_internal.h"

namespace floe::formats::parquet {

using thrift::CompactReader;
using thrift::CompactWriter;

namespace {

// ---- reading helpers: a field of the wrong type is skipped, as Thrift does ----

Status ReadI32Field(CompactReader& r, uint8_t type, int32_t* out) {
  if (type != thrift::kI32 && type != thrift::kI16 && type != thrift::kByte) return r.Skip(type);
  if (type == thrift::kByte) {
    int8_t b;
    FLOE_RETURN_NOT_OK(r.ReadByte(&b));
    *out = b;
    return Status::OK();
  }
  return r.ReadI32(out);
}
Status ReadI64Field(CompactReader& r, uint8_t type, int64_t* out) {
  if (type != thrift::kI64 && type != thrift::kI32 && type != thrift::kI16) return r.Skip(type);
  return r.ReadI64(out);
}
Status ReadBinaryField(CompactReader& r, uint8_t type, std::string* out) {
  if (type != thrift::kBinary) return r.Skip(type);
  return r.ReadBinary(out);
}
bool IsBool(uint8_t type) { return type == thrift::kBoolTrue || type == thrift::kBoolFalse; }

template <typename T>
Status ReadOptI32(CompactReader& r, uint8_t type, std::optional<T>* out) {
  int32_t v = 0;
  if (type != thrift::kI32 && type != thrift::kI16 && type != thrift::kByte) return r.Skip(type);
  FLOE_RETURN_NOT_OK(ReadI32Field(r, type, &v));
  *out = static_cast<T>(v);
  return Status::OK();
}
Status ReadOptI64(CompactReader& r, uint8_t type, std::optional<int64_t>* out) {
  if (type != thrift::kI64 && type != thrift::kI32) return r.Skip(type);
  int64_t v;
  FLOE_RETURN_NOT_OK(r.ReadI64(&v));
  *out = v;
  return Status::OK();
}
Status ReadOptBinary(CompactReader& r, uint8_t type, std::optional<std::string>* out) {
  if (type != thrift::kBinary) return r.Skip(type);
  std::string v;
  FLOE_RETURN_NOT_OK(r.ReadBinary(&v));
  *out = std::move(v);
  return Status::OK();
}

// Reads a list whose elements `read_elem(i)` reads; errors name the element.
template <typename F>
Status ReadList(CompactReader& r, uint8_t type, const char* name, F read_elem) {
  if (type != thrift::kList && type != thrift::kSet) return r.Skip(type);
  uint8_t et;
  int64_t n;
  Status st = r.ListBegin(&et, &n);
  if (!st.ok()) return st.WithContext(name);
  for (int64_t i = 0; i < n; ++i) {
    st = read_elem(et, i);
    if (!st.ok()) return st.WithContext(StrCat(name, "[", i, "]"));
  }
  return Status::OK();
}

// Iterates the fields of a struct, calling `field(type, id)` for each; then
// checks that every id in `required` was seen.
template <typename F>
Status ReadStruct(CompactReader& r, const char* name, std::initializer_list<int16_t> required, F field) {
  FLOE_RETURN_NOT_OK(r.StructBegin());
  uint64_t seen = 0;
  while (true) {
    uint8_t type;
    int16_t id = 0;
    FLOE_RETURN_NOT_OK(r.FieldBegin(&type, &id));
    if (type == thrift::kStop) break;
    Status st = field(type, id);
    if (!st.ok()) return st;
    if (id > 0 && id < 64) seen |= uint64_t{1} << id;
  }
  r.StructEnd();
  for (int16_t id : required) {
    if (!(seen & (uint64_t{1} << id))) return r.Error(StrCat(name, " lacks its required field ", id));
  }
  return Status::OK();
}

Status ReadStatistics(CompactReader& r, Statistics* s) {
  return ReadStruct(r, "Statistics", {}, [&](uint8_t t, int16_t id) -> Status {
    switch (id) {
      case 1: return ReadOptBinary(r, t, &s->max);
      case 2: return ReadOptBinary(r, t, &s->min);
      case 3: return ReadOptI64(r, t, &s->null_count);
      case 4: return ReadOptI64(r, t, &s->distinct_count);
      case 5: return ReadOptBinary(r, t, &s->max_value);
      case 6: return ReadOptBinary(r, t, &s->min_value);
      case 7: if (IsBool(t)) { s->is_max_value_exact = t == thrift::kBoolTrue; return Status::OK(); } return r.Skip(t);
      case 8: if (IsBool(t)) { s->is_min_value_exact = t == thrift::kBoolTrue; return Status::OK(); } return r.Skip(t);
      default: return r.Skip(t);
    }
  });
}

Status ReadTimeUnit(CompactReader& r, uint8_t t, TimeUnit* unit) {
  if (t != thrift::kStruct) return r.Skip(t);
  return ReadStruct(r, "TimeUnit", {}, [&](uint8_t ft, int16_t id) -> Status {
    if (id >= 1 && id <= 3) *unit = static_cast<TimeUnit>(id);
    return r.Skip(ft);
  });
}

Status ReadLogicalType(CompactReader& r, LogicalType* lt) {
  return ReadStruct(r, "LogicalType", {}, [&](uint8_t t, int16_t id) -> Status {
    if (t != thrift::kStruct) return r.Skip(t);
    switch (id) {
      case LogicalType::DECIMAL:
        lt->kind = LogicalType::DECIMAL;
        return ReadStruct(r, "DecimalType", {1, 2}, [&](uint8_t ft, int16_t fid) -> Status {
          if (fid == 1) return ReadI32Field(r, ft, &lt->decimal_scale);
          if (fid == 2) return ReadI32Field(r, ft, &lt->decimal_precision);
          return r.Skip(ft);
        });
      case LogicalType::TIME:
      case LogicalType::TIMESTAMP:
        lt->kind = static_cast<LogicalType::Kind>(id);
        return ReadStruct(r, id == LogicalType::TIME ? "TimeType" : "TimestampType", {1, 2},
                          [&](uint8_t ft, int16_t fid) -> Status {
                            if (fid == 1 && IsBool(ft)) {
                              lt->is_adjusted_to_utc = ft == thrift::kBoolTrue;
                              return Status::OK();
                            }
                            if (fid == 2) return ReadTimeUnit(r, ft, &lt->time_unit);
                            return r.Skip(ft);
                          });
      case LogicalType::INTEGER:
        lt->kind = LogicalType::INTEGER;
        return ReadStruct(r, "IntType", {1, 2}, [&](uint8_t ft, int16_t fid) -> Status {
          if (fid == 1) {
            int32_t w = 0;
            FLOE_RETURN_NOT_OK(ReadI32Field(r, ft, &w));
            lt->int_bit_width = static_cast<int8_t>(w);
            return Status::OK();
          }
          if (fid == 2 && IsBool(ft)) {
            lt->int_is_signed = ft == thrift::kBoolTrue;
            return Status::OK();
          }
          return r.Skip(ft);
        });
      case LogicalType::STRING: case LogicalType::MAP: case LogicalType::LIST: case LogicalType::ENUM:
      case LogicalType::DATE: case LogicalType::UNKNOWN: case LogicalType::JSON: case LogicalType::BSON:
      case LogicalType::UUID: case LogicalType::FLOAT16: case LogicalType::VARIANT: case LogicalType::GEOMETRY:
      case LogicalType::GEOGRAPHY:
        lt->kind = static_cast<LogicalType::Kind>(id);
        return r.Skip(t);
      default:
        // A logical type this reader does not know: read the physical values.
        return r.Skip(t);
    }
  });
}

Status ReadSchemaElement(CompactReader& r, SchemaElement* e) {
  return ReadStruct(r, "SchemaElement", {4}, [&](uint8_t t, int16_t id) -> Status {
    switch (id) {
      case 1: return ReadOptI32(r, t, &e->type);
      case 2: return ReadOptI32(r, t, &e->type_length);
      case 3: return ReadOptI32(r, t, &e->repetition_type);
      case 4: return ReadBinaryField(r, t, &e->name);
      case 5: return ReadOptI32(r, t, &e->num_children);
      case 6: return ReadOptI32(r, t, &e->converted_type);
      case 7: return ReadOptI32(r, t, &e->scale);
      case 8: return ReadOptI32(r, t, &e->precision);
      case 9: return ReadOptI32(r, t, &e->field_id);
      case 10:
        if (t != thrift::kStruct) return r.Skip(t);
        e->logical_type.emplace();
        return ReadLogicalType(r, &*e->logical_type);
      default: return r.Skip(t);
    }
  });
}

Status ReadKeyValue(CompactReader& r, KeyValue* kv) {
  return ReadStruct(r, "KeyValue", {1}, [&](uint8_t t, int16_t id) -> Status {
    if (id == 1) return ReadBinaryField(r, t, &kv->key);
    if (id == 2) return ReadOptBinary(r, t, &kv->value);
    return r.Skip(t);
  });
}

template <typename T>
Status ReadStructList(CompactReader& r, uint8_t t, const char* name, std::vector<T>* out,
                      Status (*read)(CompactReader&, T*)) {
  return ReadList(r, t, name, [&](uint8_t et, int64_t) -> Status {
    if (et != thrift::kStruct) return r.Skip(et);
    out->emplace_back();
    return read(r, &out->back());
  });
}

Status ReadPageEncodingStats(CompactReader& r, PageEncodingStats* s) {
  return ReadStruct(r, "PageEncodingStats", {1, 2, 3}, [&](uint8_t t, int16_t id) -> Status {
    int32_t v = 0;
    switch (id) {
      case 1: FLOE_RETURN_NOT_OK(ReadI32Field(r, t, &v)); s->page_type = static_cast<PageType>(v); return Status::OK();
      case 2: FLOE_RETURN_NOT_OK(ReadI32Field(r, t, &v)); s->encoding = static_cast<Encoding>(v); return Status::OK();
      case 3: return ReadI32Field(r, t, &s->count);
      default: return r.Skip(t);
    }
  });
}

Status ReadColumnMetaData(CompactReader& r, ColumnMetaData* m) {
  return ReadStruct(r, "ColumnMetaData", {1, 2, 3, 4, 5, 6, 7, 9}, [&](uint8_t t, int16_t id) -> Status {
    int32_t v = 0;
    switch (id) {
      case 1: FLOE_RETURN_NOT_OK(ReadI32Field(r, t, &v)); m->type = static_cast<Type>(v); return Status::OK();
      case 2:
        return ReadList(r, t, "encodings", [&](uint8_t et, int64_t) -> Status {
          int32_t e = 0;
          FLOE_RETURN_NOT_OK(ReadI32Field(r, et, &e));
          m->encodings.push_back(static_cast<Encoding>(e));
          return Status::OK();
        });
      case 3:
        return ReadList(r, t, "path_in_schema", [&](uint8_t et, int64_t) -> Status {
          m->path_in_schema.emplace_back();
          return ReadBinaryField(r, et, &m->path_in_schema.back());
        });
      case 4: FLOE_RETURN_NOT_OK(ReadI32Field(r, t, &v)); m->codec = static_cast<CompressionCodec>(v); return Status::OK();
      case 5: return ReadI64Field(r, t, &m->num_values);
      case 6: return ReadI64Field(r, t, &m->total_uncompressed_size);
      case 7: return ReadI64Field(r, t, &m->total_compressed_size);
      case 8: return ReadStructList(r, t, "key_value_metadata", &m->key_value_metadata, &ReadKeyValue);
      case 9: return ReadI64Field(r, t, &m->data_page_offset);
      case 10: return ReadOptI64(r, t, &m->index_page_offset);
      case 11: return ReadOptI64(r, t, &m->dictionary_page_offset);
      case 12:
        if (t != thrift::kStruct) return r.Skip(t);
        m->statistics.emplace();
        return ReadStatistics(r, &*m->statistics).WithContext("statistics");
      case 13: return ReadStructList(r, t, "encoding_stats", &m->encoding_stats, &ReadPageEncodingStats);
      case 14: return ReadOptI64(r, t, &m->bloom_filter_offset);
      case 15: return ReadOptI32(r, t, &m->bloom_filter_length);
      default: return r.Skip(t);
    }
  });
}

Status ReadColumnChunk(CompactReader& r, ColumnChunk* c) {
  return ReadStruct(r, "ColumnChunk", {}, [&](uint8_t t, int16_t id) -> Status {
    switch (id) {
      case 1: return ReadOptBinary(r, t, &c->file_path);
      case 2: return ReadI64Field(r, t, &c->file_offset);
      case 3:
        if (t != thrift::kStruct) return r.Skip(t);
        c->meta_data.emplace();
        return ReadColumnMetaData(r, &*c->meta_data).WithContext("meta_data");
      case 4: return ReadOptI64(r, t, &c->offset_index_offset);
      case 5: return ReadOptI32(r, t, &c->offset_index_length);
      case 6: return ReadOptI64(r, t, &c->column_index_offset);
      case 7: return ReadOptI32(r, t, &c->column_index_length);
      case 8: c->has_crypto_metadata = true; return r.Skip(t);
      default: return r.Skip(t);
    }
  });
}

Status ReadSortingColumn(CompactReader& r, SortingColumn* s) {
  return ReadStruct(r, "SortingColumn", {1, 2, 3}, [&](uint8_t t, int16_t id) -> Status {
    if (id == 1) return ReadI32Field(r, t, &s->column_idx);
    if (id == 2 && IsBool(t)) { s->descending = t == thrift::kBoolTrue; return Status::OK(); }
    if (id == 3 && IsBool(t)) { s->nulls_first = t == thrift::kBoolTrue; return Status::OK(); }
    return r.Skip(t);
  });
}

Status ReadRowGroup(CompactReader& r, RowGroup* g) {
  return ReadStruct(r, "RowGroup", {1, 2, 3}, [&](uint8_t t, int16_t id) -> Status {
    switch (id) {
      case 1: return ReadStructList(r, t, "columns", &g->columns, &ReadColumnChunk);
      case 2: return ReadI64Field(r, t, &g->total_byte_size);
      case 3: return ReadI64Field(r, t, &g->num_rows);
      case 4: return ReadStructList(r, t, "sorting_columns", &g->sorting_columns, &ReadSortingColumn);
      case 5: return ReadOptI64(r, t, &g->file_offset);
      case 6: return ReadOptI64(r, t, &g->total_compressed_size);
      case 7: return ReadOptI32(r, t, &g->ordinal);
      default: return r.Skip(t);
    }
  });
}

Status ReadFileMetaDataStruct(CompactReader& r, FileMetaData* md) {
  return ReadStruct(r, "FileMetaData", {1, 2, 3, 4}, [&](uint8_t t, int16_t id) -> Status {
    switch (id) {
      case 1: return ReadI32Field(r, t, &md->version);
      case 2: return ReadStructList(r, t, "schema", &md->schema, &ReadSchemaElement);
      case 3: return ReadI64Field(r, t, &md->num_rows);
      case 4: return ReadStructList(r, t, "row_groups", &md->row_groups, &ReadRowGroup);
      case 5: return ReadStructList(r, t, "key_value_metadata", &md->key_value_metadata, &ReadKeyValue);
      case 6: return ReadOptBinary(r, t, &md->created_by);
      case 7:
        return ReadList(r, t, "column_orders", [&](uint8_t et, int64_t) -> Status {
          if (et != thrift::kStruct) return r.Skip(et);
          bool type_order = false;
          FLOE_RETURN_NOT_OK(ReadStruct(r, "ColumnOrder", {}, [&](uint8_t ft, int16_t fid) -> Status {
            if (fid == 1 && ft == thrift::kStruct) type_order = true;
            return r.Skip(ft);
          }));
          md->column_orders.push_back(type_order);
          return Status::OK();
        });
      case 8: md->has_encryption_algorithm = true; return r.Skip(t);
      default: return r.Skip(t);
    }
  });
}

Status ReadDataPageHeader(CompactReader& r, DataPageHeader* h) {
  return ReadStruct(r, "DataPageHeader", {1, 2, 3, 4}, [&](uint8_t t, int16_t id) -> Status {
    int32_t v = 0;
    switch (id) {
      case 1: return ReadI32Field(r, t, &h->num_values);
      case 2: FLOE_RETURN_NOT_OK(ReadI32Field(r, t, &v)); h->encoding = static_cast<Encoding>(v); return Status::OK();
      case 3: FLOE_RETURN_NOT_OK(ReadI32Field(r, t, &v)); h->definition_level_encoding = static_cast<Encoding>(v); return Status::OK();
      case 4: FLOE_RETURN_NOT_OK(ReadI32Field(r, t, &v)); h->repetition_level_encoding = static_cast<Encoding>(v); return Status::OK();
      case 5:
        if (t != thrift::kStruct) return r.Skip(t);
        h->statistics.emplace();
        return ReadStatistics(r, &*h->statistics);
      default: return r.Skip(t);
    }
  });
}

Status ReadDictionaryPageHeader(CompactReader& r, DictionaryPageHeader* h) {
  return ReadStruct(r, "DictionaryPageHeader", {1, 2}, [&](uint8_t t, int16_t id) -> Status {
    int32_t v = 0;
    switch (id) {
      case 1: return ReadI32Field(r, t, &h->num_values);
      case 2: FLOE_RETURN_NOT_OK(ReadI32Field(r, t, &v)); h->encoding = static_cast<Encoding>(v); return Status::OK();
      case 3: if (IsBool(t)) { h->is_sorted = t == thrift::kBoolTrue; return Status::OK(); } return r.Skip(t);
      default: return r.Skip(t);
    }
  });
}

Status ReadDataPageHeaderV2(CompactReader& r, DataPageHeaderV2* h) {
  return ReadStruct(r, "DataPageHeaderV2", {1, 2, 3, 4, 5, 6}, [&](uint8_t t, int16_t id) -> Status {
    int32_t v = 0;
    switch (id) {
      case 1: return ReadI32Field(r, t, &h->num_values);
      case 2: return ReadI32Field(r, t, &h->num_nulls);
      case 3: return ReadI32Field(r, t, &h->num_rows);
      case 4: FLOE_RETURN_NOT_OK(ReadI32Field(r, t, &v)); h->encoding = static_cast<Encoding>(v); return Status::OK();
      case 5: return ReadI32Field(r, t, &h->definition_levels_byte_length);
      case 6: return ReadI32Field(r, t, &h->repetition_levels_byte_length);
      case 7: if (IsBool(t)) { h->is_compressed = t == thrift::kBoolTrue; return Status::OK(); } return r.Skip(t);
      case 8:
        if (t != thrift::kStruct) return r.Skip(t);
        h->statistics.emplace();
        return ReadStatistics(r, &*h->statistics);
      default: return r.Skip(t);
    }
  });
}

Status ReadPageHeaderStruct(CompactReader& r, PageHeader* h) {
  return ReadStruct(r, "PageHeader", {1, 2, 3}, [&](uint8_t t, int16_t id) -> Status {
    int32_t v = 0;
    switch (id) {
      case 1: FLOE_RETURN_NOT_OK(ReadI32Field(r, t, &v)); h->type = static_cast<PageType>(v); return Status::OK();
      case 2: return ReadI32Field(r, t, &h->uncompressed_page_size);
      case 3: return ReadI32Field(r, t, &h->compressed_page_size);
      case 4: return ReadOptI32(r, t, &h->crc);
      case 5:
        if (t != thrift::kStruct) return r.Skip(t);
        h->data_page_header.emplace();
        return ReadDataPageHeader(r, &*h->data_page_header);
      case 7:
        if (t != thrift::kStruct) return r.Skip(t);
        h->dictionary_page_header.emplace();
        return ReadDictionaryPageHeader(r, &*h->dictionary_page_header);
      case 8:
        if (t != thrift::kStruct) return r.Skip(t);
        h->data_page_header_v2.emplace();
        return ReadDataPageHeaderV2(r, &*h->data_page_header_v2);
      default: return r.Skip(t);
    }
  });
}

// ---- writing ----

void WriteStatistics(CompactWriter& w, int16_t id, const Statistics& s) {
  w.FieldBegin(id, thrift::kStruct);
  w.StructBegin();
  if (s.max) w.BinaryField(1, *s.max);
  if (s.min) w.BinaryField(2, *s.min);
  if (s.null_count) w.I64Field(3, *s.null_count);
  if (s.distinct_count) w.I64Field(4, *s.distinct_count);
  if (s.max_value) w.BinaryField(5, *s.max_value);
  if (s.min_value) w.BinaryField(6, *s.min_value);
  if (s.is_max_value_exact) w.BoolField(7, *s.is_max_value_exact);
  if (s.is_min_value_exact) w.BoolField(8, *s.is_min_value_exact);
  w.StructEnd();
}

void WriteEmptyStructField(CompactWriter& w, int16_t id) {
  w.FieldBegin(id, thrift::kStruct);
  w.StructBegin();
  w.StructEnd();
}

void WriteLogicalType(CompactWriter& w, const LogicalType& lt) {
  w.FieldBegin(10, thrift::kStruct);
  w.StructBegin();
  w.FieldBegin(static_cast<int16_t>(lt.kind), thrift::kStruct);
  w.StructBegin();
  switch (lt.kind) {
    case LogicalType::DECIMAL:
      w.I32Field(1, lt.decimal_scale);
      w.I32Field(2, lt.decimal_precision);
      break;
    case LogicalType::TIME:
    case LogicalType::TIMESTAMP:
      w.BoolField(1, lt.is_adjusted_to_utc);
      w.FieldBegin(2, thrift::kStruct);
      w.StructBegin();
      WriteEmptyStructField(w, static_cast<int16_t>(lt.time_unit));
      w.StructEnd();
      break;
    default: break;  // INTEGER is written by WriteLogicalTypeField (it needs a raw byte)
  }
  w.StructEnd();
  w.StructEnd();
}

void WriteKeyValues(CompactWriter& w, int16_t id, const std::vector<KeyValue>& kvs) {
  w.FieldBegin(id, thrift::kList);
  w.ListBegin(thrift::kStruct, static_cast<int64_t>(kvs.size()));
  for (const auto& kv : kvs) {
    w.StructBegin();
    w.BinaryField(1, kv.key);
    if (kv.value) w.BinaryField(2, *kv.value);
    w.StructEnd();
  }
}

}  // namespace

// Integer logical types need a raw byte (i8) inside the struct; written here
// with direct access to the output string.
static void WriteLogicalTypeField(std::string* out, CompactWriter& w, const LogicalType& lt) {
  if (lt.kind != LogicalType::INTEGER) {
    WriteLogicalType(w, lt);
    return;
  }
  w.FieldBegin(10, thrift::kStruct);
  w.StructBegin();
  w.FieldBegin(LogicalType::INTEGER, thrift::kStruct);
  w.StructBegin();
  w.FieldBegin(1, thrift::kByte);
  out->push_back(static_cast<char>(lt.int_bit_width));
  w.BoolField(2, lt.int_is_signed);
  w.StructEnd();
  w.StructEnd();
}

Result<FileMetaData> ParseFileMetaData(const uint8_t* data, int64_t size) {
  CompactReader r(data, size, "Parquet footer");
  FileMetaData md;
  Status st = ReadFileMetaDataStruct(r, &md);
  if (!st.ok()) return st.WithContext("FileMetaData");
  return md;
}

Result<PageHeader> ParsePageHeader(const uint8_t* data, int64_t size, int64_t* header_size) {
  CompactReader r(data, size, "page header");
  PageHeader h;
  FLOE_RETURN_NOT_OK(ReadPageHeaderStruct(r, &h));
  *header_size = r.position();
  return h;
}

Result<OffsetIndex> ParseOffsetIndex(const uint8_t* data, int64_t size) {
  CompactReader r(data, size, "offset index");
  OffsetIndex idx;
  FLOE_RETURN_NOT_OK(ReadStruct(r, "OffsetIndex", {1}, [&](uint8_t t, int16_t id) -> Status {
    if (id == 1) {
      return ReadList(r, t, "page_locations", [&](uint8_t et, int64_t) -> Status {
        if (et != thrift::kStruct) return r.Skip(et);
        PageLocation loc;
        FLOE_RETURN_NOT_OK(ReadStruct(r, "PageLocation", {1, 2, 3}, [&](uint8_t ft, int16_t fid) -> Status {
          if (fid == 1) return ReadI64Field(r, ft, &loc.offset);
          if (fid == 2) return ReadI32Field(r, ft, &loc.compressed_page_size);
          if (fid == 3) return ReadI64Field(r, ft, &loc.first_row_index);
          return r.Skip(ft);
        }));
        idx.page_locations.push_back(loc);
        return Status::OK();
      });
    }
    if (id == 2) {
      return ReadList(r, t, "unencoded_byte_array_data_bytes", [&](uint8_t et, int64_t) -> Status {
        int64_t v = 0;
        FLOE_RETURN_NOT_OK(ReadI64Field(r, et, &v));
        idx.unencoded_byte_array_data_bytes.push_back(v);
        return Status::OK();
      });
    }
    return r.Skip(t);
  }));
  return idx;
}

Result<ColumnIndex> ParseColumnIndex(const uint8_t* data, int64_t size) {
  CompactReader r(data, size, "column index");
  ColumnIndex idx;
  FLOE_RETURN_NOT_OK(ReadStruct(r, "ColumnIndex", {1, 2, 3, 4}, [&](uint8_t t, int16_t id) -> Status {
    switch (id) {
      case 1:
        return ReadList(r, t, "null_pages", [&](uint8_t et, int64_t) -> Status {
          bool b = false;
          if (IsBool(et)) {
            FLOE_RETURN_NOT_OK(r.ReadBoolElement(&b));
          } else {
            FLOE_RETURN_NOT_OK(r.Skip(et));
          }
          idx.null_pages.push_back(b);
          return Status::OK();
        });
      case 2:
      case 3: {
        auto* vec = id == 2 ? &idx.min_values : &idx.max_values;
        return ReadList(r, t, id == 2 ? "min_values" : "max_values", [&](uint8_t et, int64_t) -> Status {
          vec->emplace_back();
          return ReadBinaryField(r, et, &vec->back());
        });
      }
      case 4: {
        int32_t v = 0;
        FLOE_RETURN_NOT_OK(ReadI32Field(r, t, &v));
        idx.boundary_order = static_cast<BoundaryOrder>(v);
        return Status::OK();
      }
      case 5:
        return ReadList(r, t, "null_counts", [&](uint8_t et, int64_t) -> Status {
          int64_t v = 0;
          FLOE_RETURN_NOT_OK(ReadI64Field(r, et, &v));
          idx.null_counts.push_back(v);
          return Status::OK();
        });
      default: return r.Skip(t);
    }
  }));
  return idx;
}

void SerializeFileMetaData(const FileMetaData& md, std::string* out) {
  CompactWriter w(out);
  w.StructBegin();
  w.I32Field(1, md.version);
  w.FieldBegin(2, thrift::kList);
  w.ListBegin(thrift::kStruct, static_cast<int64_t>(md.schema.size()));
  for (const auto& e : md.schema) {
    w.StructBegin();
    if (e.type) w.I32Field(1, static_cast<int32_t>(*e.type));
    if (e.type_length) w.I32Field(2, *e.type_length);
    if (e.repetition_type) w.I32Field(3, static_cast<int32_t>(*e.repetition_type));
    w.BinaryField(4, e.name);
    if (e.num_children) w.I32Field(5, *e.num_children);
    if (e.converted_type) w.I32Field(6, static_cast<int32_t>(*e.converted_type));
    if (e.scale) w.I32Field(7, *e.scale);
    if (e.precision) w.I32Field(8, *e.precision);
    if (e.field_id) w.I32Field(9, *e.field_id);
    if (e.logical_type && e.logical_type->kind != LogicalType::NONE) WriteLogicalTypeField(out, w, *e.logical_type);
    w.StructEnd();
  }
  w.I64Field(3, md.num_rows);
  w.FieldBegin(4, thrift::kList);
  w.ListBegin(thrift::kStruct, static_cast<int64_t>(md.row_groups.size()));
  for (const auto& g : md.row_groups) {
    w.StructBegin();
    w.FieldBegin(1, thrift::kList);
    w.ListBegin(thrift::kStruct, static_cast<int64_t>(g.columns.size()));
    for (const auto& c : g.columns) {
      w.StructBegin();
      if (c.file_path) w.BinaryField(1, *c.file_path);
      w.I64Field(2, c.file_offset);
      if (c.meta_data) {
        const ColumnMetaData& m = *c.meta_data;
        w.FieldBegin(3, thrift::kStruct);
        w.StructBegin();
        w.I32Field(1, static_cast<int32_t>(m.type));
        w.FieldBegin(2, thrift::kList);
        w.ListBegin(thrift::kI32, static_cast<int64_t>(m.encodings.size()));
        for (Encoding e : m.encodings) w.WriteI32(static_cast<int32_t>(e));
        w.FieldBegin(3, thrift::kList);
        w.ListBegin(thrift::kBinary, static_cast<int64_t>(m.path_in_schema.size()));
        for (const auto& p : m.path_in_schema) w.WriteBinary(p);
        w.I32Field(4, static_cast<int32_t>(m.codec));
        w.I64Field(5, m.num_values);
        w.I64Field(6, m.total_uncompressed_size);
        w.I64Field(7, m.total_compressed_size);
        if (!m.key_value_metadata.empty()) WriteKeyValues(w, 8, m.key_value_metadata);
        w.I64Field(9, m.data_page_offset);
        if (m.index_page_offset) w.I64Field(10, *m.index_page_offset);
        if (m.dictionary_page_offset) w.I64Field(11, *m.dictionary_page_offset);
        if (m.statistics) WriteStatistics(w, 12, *m.statistics);
        if (!m.encoding_stats.empty()) {
          w.FieldBegin(13, thrift::kList);
          w.ListBegin(thrift::kStruct, static_cast<int64_t>(m.encoding_stats.size()));
          for (const auto& s : m.encoding_stats) {
            w.StructBegin();
            w.I32Field(1, static_cast<int32_t>(s.page_type));
            w.I32Field(2, static_cast<int32_t>(s.encoding));
            w.I32Field(3, s.count);
            w.StructEnd();
          }
        }
        if (m.bloom_filter_offset) w.I64Field(14, *m.bloom_filter_offset);
        if (m.bloom_filter_length) w.I32Field(15, *m.bloom_filter_length);
        w.StructEnd();
      }
      if (c.offset_index_offset) w.I64Field(4, *c.offset_index_offset);
      if (c.offset_index_length) w.I32Field(5, *c.offset_index_length);
      if (c.column_index_offset) w.I64Field(6, *c.column_index_offset);
      if (c.column_index_length) w.I32Field(7, *c.column_index_length);
      w.StructEnd();
    }
    w.I64Field(2, g.total_byte_size);
    w.I64Field(3, g.num_rows);
    if (!g.sorting_columns.empty()) {
      w.FieldBegin(4, thrift::kList);
      w.ListBegin(thrift::kStruct, static_cast<int64_t>(g.sorting_columns.size()));
      for (const auto& s : g.sorting_columns) {
        w.StructBegin();
        w.I32Field(1, s.column_idx);
        w.BoolField(2, s.descending);
        w.BoolField(3, s.nulls_first);
        w.StructEnd();
      }
    }
    if (g.file_offset) w.I64Field(5, *g.file_offset);
    if (g.total_compressed_size) w.I64Field(6, *g.total_compressed_size);
    if (g.ordinal) {
      w.FieldBegin(7, thrift::kI16);
      w.WriteI32(*g.ordinal);
    }
    w.StructEnd();
  }
  if (!md.key_value_metadata.empty()) WriteKeyValues(w, 5, md.key_value_metadata);
  if (md.created_by) w.BinaryField(6, *md.created_by);
  if (!md.column_orders.empty()) {
    w.FieldBegin(7, thrift::kList);
    w.ListBegin(thrift::kStruct, static_cast<int64_t>(md.column_orders.size()));
    for (size_t i = 0; i < md.column_orders.size(); ++i) {
      w.StructBegin();
      // TYPE_ORDER (an empty TypeDefinedOrder) is the only order floe writes.
      WriteEmptyStructField(w, 1);
      w.StructEnd();
    }
  }
  w.StructEnd();
}

void SerializePageHeader(const PageHeader& h, std::string* out) {
  CompactWriter w(out);
  w.StructBegin();
  w.I32Field(1, static_cast<int32_t>(h.type));
  w.I32Field(2, h.uncompressed_page_size);
  w.I32Field(3, h.compressed_page_size);
  if (h.crc) w.I32Field(4, *h.crc);
  if (h.data_page_header) {
    const DataPageHeader& d = *h.data_page_header;
    w.FieldBegin(5, thrift::kStruct);
    w.StructBegin();
    w.I32Field(1, d.num_values);
    w.I32Field(2, static_cast<int32_t>(d.encoding));
    w.I32Field(3, static_cast<int32_t>(d.definition_level_encoding));
    w.I32Field(4, static_cast<int32_t>(d.repetition_level_encoding));
    if (d.statistics) WriteStatistics(w, 5, *d.statistics);
    w.StructEnd();
  }
  if (h.dictionary_page_header) {
    const DictionaryPageHeader& d = *h.dictionary_page_header;
    w.FieldBegin(7, thrift::kStruct);
    w.StructBegin();
    w.I32Field(1, d.num_values);
    w.I32Field(2, static_cast<int32_t>(d.encoding));
    if (d.is_sorted) w.BoolField(3, *d.is_sorted);
    w.StructEnd();
  }
  if (h.data_page_header_v2) {
    const DataPageHeaderV2& d = *h.data_page_header_v2;
    w.FieldBegin(8, thrift::kStruct);
    w.StructBegin();
    w.I32Field(1, d.num_values);
    w.I32Field(2, d.num_nulls);
    w.I32Field(3, d.num_rows);
    w.I32Field(4, static_cast<int32_t>(d.encoding));
    w.I32Field(5, d.definition_levels_byte_length);
    w.I32Field(6, d.repetition_levels_byte_length);
    w.BoolField(7, d.is_compressed);
    if (d.statistics) WriteStatistics(w, 8, *d.statistics);
    w.StructEnd();
  }
  w.StructEnd();
}

void SerializeOffsetIndex(const OffsetIndex& idx, std::string* out) {
  CompactWriter w(out);
  w.StructBegin();
  w.FieldBegin(1, thrift::kList);
  w.ListBegin(thrift::kStruct, static_cast<int64_t>(idx.page_locations.size()));
  for (const auto& l : idx.page_locations) {
    w.StructBegin();
    w.I64Field(1, l.offset);
    w.I32Field(2, l.compressed_page_size);
    w.I64Field(3, l.first_row_index);
    w.StructEnd();
  }
  if (!idx.unencoded_byte_array_data_bytes.empty()) {
    w.FieldBegin(2, thrift::kList);
    w.ListBegin(thrift::kI64, static_cast<int64_t>(idx.unencoded_byte_array_data_bytes.size()));
    for (int64_t v : idx.unencoded_byte_array_data_bytes) w.WriteI64(v);
  }
  w.StructEnd();
}

void SerializeColumnIndex(const ColumnIndex& idx, std::string* out) {
  CompactWriter w(out);
  w.StructBegin();
  w.FieldBegin(1, thrift::kList);
  w.ListBegin(thrift::kBoolTrue, static_cast<int64_t>(idx.null_pages.size()));
  for (bool b : idx.null_pages) w.WriteBoolElement(b);
  w.FieldBegin(2, thrift::kList);
  w.ListBegin(thrift::kBinary, static_cast<int64_t>(idx.min_values.size()));
  for (const auto& v : idx.min_values) w.WriteBinary(v);
  w.FieldBegin(3, thrift::kList);
  w.ListBegin(thrift::kBinary, static_cast<int64_t>(idx.max_values.size()));
  for (const auto& v : idx.max_values) w.WriteBinary(v);
  w.I32Field(4, static_cast<int32_t>(idx.boundary_order));
  if (!idx.null_counts.empty()) {
    w.FieldBegin(5, thrift::kList);
    w.ListBegin(thrift::kI64, static_cast<int64_t>(idx.null_counts.size()));
    for (int64_t v : idx.null_counts) w.WriteI64(v);
  }
  w.StructEnd();
}

const char* TypeName(Type t) {
  switch (t) {
    case Type::BOOLEAN: return "BOOLEAN";
    case Type::INT32: return "INT32";
    case Type::INT64: return "INT64";
    case Type::INT96: return "INT96";
    case Type::FLOAT: return "FLOAT";
    case Type::DOUBLE: return "DOUBLE";
    case Type::BYTE_ARRAY: return "BYTE_ARRAY";
    case Type::FIXED_LEN_BYTE_ARRAY: return "FIXED_LEN_BYTE_ARRAY";
  }
  return "UNKNOWN_TYPE";
}

const char* EncodingName(Encoding e) {
  switch (e) {
    case Encoding::PLAIN: return "PLAIN";
    case Encoding::PLAIN_DICTIONARY: return "PLAIN_DICTIONARY";
    case Encoding::RLE: return "RLE";
    case Encoding::BIT_PACKED: return "BIT_PACKED";
    case Encoding::DELTA_BINARY_PACKED: return "DELTA_BINARY_PACKED";
    case Encoding::DELTA_LENGTH_BYTE_ARRAY: return "DELTA_LENGTH_BYTE_ARRAY";
    case Encoding::DELTA_BYTE_ARRAY: return "DELTA_BYTE_ARRAY";
    case Encoding::RLE_DICTIONARY: return "RLE_DICTIONARY";
    case Encoding::BYTE_STREAM_SPLIT: return "BYTE_STREAM_SPLIT";
  }
  return "UNKNOWN_ENCODING";
}

const char* CompressionCodecName(CompressionCodec c) {
  switch (c) {
    case CompressionCodec::UNCOMPRESSED: return "UNCOMPRESSED";
    case CompressionCodec::SNAPPY: return "SNAPPY";
    case CompressionCodec::GZIP: return "GZIP";
    case CompressionCodec::LZO: return "LZO";
    case CompressionCodec::BROTLI: return "BROTLI";
    case CompressionCodec::LZ4: return "LZ4";
    case CompressionCodec::ZSTD: return "ZSTD";
    case CompressionCodec::LZ4_RAW: return "LZ4_RAW";
  }
  return "UNKNOWN_CODEC";
}

const char* ConvertedTypeName(ConvertedType c) {
  static const char* kNames[] = {"UTF8", "MAP", "MAP_KEY_VALUE", "LIST", "ENUM", "DECIMAL", "DATE", "TIME_MILLIS",
                                 "TIME_MICROS", "TIMESTAMP_MILLIS", "TIMESTAMP_MICROS", "UINT_8", "UINT_16", "UINT_32",
                                 "UINT_64", "INT_8", "INT_16", "INT_32", "INT_64", "JSON", "BSON", "INTERVAL"};
  int i = static_cast<int>(c);
  return i >= 0 && i < 22 ? kNames[i] : "UNKNOWN_CONVERTED_TYPE";
}

const char* PageTypeName(PageType t) {
  switch (t) {
    case PageType::DATA_PAGE: return "DATA_PAGE";
    case PageType::INDEX_PAGE: return "INDEX_PAGE";
    case PageType::DICTIONARY_PAGE: return "DICTIONARY_PAGE";
    case PageType::DATA_PAGE_V2: return "DATA_PAGE_V2";
  }
  return "UNKNOWN_PAGE_TYPE";
}

}  // namespace floe::formats::parquet
