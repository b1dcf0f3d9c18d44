#include "formats/parquet/metadata.h"

#include <gtest/gtest.h>

#include <random>

#include "common/bit_util.h"
#include "testing/temp_dir.h"

namespace floe::formats::parquet {
namespace {

std::string Footer(const std::string& file) {
  std::string bytes = floe::testing::ReadFileOrDie(file);
  uint32_t len = bit_util::LoadLE<uint32_t>(bytes.data() + bytes.size() - 8);
  return bytes.substr(bytes.size() - 8 - len, len);
}

TEST(ParquetMetadataTest, ParsesAKnownFooter) {
  std::string footer = Footer(floe::testing::FixturesDir() + "/parquet/data/alltypes_plain.parquet");
  auto md = ParseFileMetaData(reinterpret_cast<const uint8_t*>(footer.data()), static_cast<int64_t>(footer.size()));
  ASSERT_TRUE(md.ok()) << md.status().ToString();
  EXPECT_EQ(md->num_rows, 8);
  EXPECT_EQ(md->schema.size(), 12u);  // root + 11 columns
  EXPECT_EQ(md->schema[1].name, "id");
  EXPECT_EQ(md->row_groups.size(), 1u);
  EXPECT_EQ(md->row_groups[0].columns.size(), 11u);
  EXPECT_EQ(md->row_groups[0].columns[10].meta_data->type, Type::INT96);
  EXPECT_EQ(md->created_by.value_or("").rfind("impala version 1.3.0", 0), 0u);
}

TEST(ParquetMetadataTest, SerializeThenParseKeepsEveryField) {
  FileMetaData md;
  md.version = 2;
  SchemaElement root;
  root.name = "schema";
  root.num_children = 2;
  SchemaElement a;
  a.name = "a";
  a.type = Type::INT64;
  a.repetition_type = FieldRepetitionType::OPTIONAL;
  a.field_id = 7;
  LogicalType ts;
  ts.kind = LogicalType::TIMESTAMP;
  ts.is_adjusted_to_utc = true;
  ts.time_unit = TimeUnit::NANOS;
  a.logical_type = ts;
  SchemaElement b;
  b.name = "b";
  b.type = Type::INT32;
  b.repetition_type = FieldRepetitionType::REQUIRED;
  LogicalType i8;
  i8.kind = LogicalType::INTEGER;
  i8.int_bit_width = 8;
  i8.int_is_signed = false;
  b.logical_type = i8;
  md.schema = {root, a, b};
  md.num_rows = 123456789012LL;
  RowGroup rg;
  rg.num_rows = 123456789012LL;
  rg.total_byte_size = 99;
  rg.ordinal = 3;
  ColumnChunk cc;
  ColumnMetaData m;
  m.type = Type::INT64;
  m.encodings = {Encoding::RLE, Encoding::RLE_DICTIONARY};
  m.path_in_schema = {"a"};
  m.codec = CompressionCodec::ZSTD;
  m.num_values = 5;
  m.total_compressed_size = 10;
  m.total_uncompressed_size = 20;
  m.data_page_offset = 4;
  m.dictionary_page_offset = 30;
  Statistics st;
  st.min_value = std::string("\x01\x00", 2);
  st.max_value = "zz";
  st.null_count = 2;
  st.is_max_value_exact = false;
  m.statistics = st;
  m.encoding_stats = {{PageType::DATA_PAGE, Encoding::PLAIN, 4}};
  cc.meta_data = m;
  rg.columns = {cc};
  md.row_groups = {rg};
  md.key_value_metadata = {{"iceberg.schema", std::string("{}")}, {"no-value", std::nullopt}};
  md.created_by = "floe";
  md.column_orders = {true, true};
  std::string bytes;
  SerializeFileMetaData(md, &bytes);
  auto back = ParseFileMetaData(reinterpret_cast<const uint8_t*>(bytes.data()), static_cast<int64_t>(bytes.size()));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->version, 2);
  EXPECT_EQ(back->num_rows, 123456789012LL);
  EXPECT_EQ(back->schema[1].field_id, 7);
  EXPECT_EQ(back->schema[1].logical_type->kind, LogicalType::TIMESTAMP);
  EXPECT_EQ(back->schema[1].logical_type->time_unit, TimeUnit::NANOS);
  EXPECT_TRUE(back->schema[1].logical_type->is_adjusted_to_utc);
  EXPECT_EQ(back->schema[2].logical_type->int_bit_width, 8);
  EXPECT_FALSE(back->schema[2].logical_type->int_is_signed);
  const ColumnMetaData& m2 = *back->row_groups[0].columns[0].meta_data;
  EXPECT_EQ(m2.encodings, m.encodings);
  EXPECT_EQ(*m2.dictionary_page_offset, 30);
  EXPECT_EQ(*m2.statistics->min_value, std::string("\x01\x00", 2));
  EXPECT_EQ(*m2.statistics->is_max_value_exact, false);
  EXPECT_EQ(*m2.statistics->null_count, 2);
  EXPECT_EQ(m2.encoding_stats[0].count, 4);
  EXPECT_EQ(*back->row_groups[0].ordinal, 3);
  EXPECT_EQ(back->key_value_metadata[1].key, "no-value");
  EXPECT_FALSE(back->key_value_metadata[1].value.has_value());
  EXPECT_EQ(back->column_orders, (std::vector<bool>{true, true}));
}

TEST(ParquetMetadataTest, PageHeadersRoundTrip) {
  PageHeader h;
  h.type = PageType::DATA_PAGE_V2;
  h.uncompressed_page_size = 100;
  h.compressed_page_size = 50;
  h.crc = -5;
  DataPageHeaderV2 v2;
  v2.num_values = 10;
  v2.num_nulls = 2;
  v2.num_rows = 9;
  v2.encoding = Encoding::DELTA_BINARY_PACKED;
  v2.definition_levels_byte_length = 3;
  v2.repetition_levels_byte_length = 4;
  v2.is_compressed = false;
  h.data_page_header_v2 = v2;
  std::string bytes;
  SerializePageHeader(h, &bytes);
  bytes += "page data";
  int64_t size = 0;
  auto back = ParsePageHeader(reinterpret_cast<const uint8_t*>(bytes.data()), static_cast<int64_t>(bytes.size()), &size);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(bytes.substr(static_cast<size_t>(size)), "page data");
  EXPECT_EQ(*back->crc, -5);
  EXPECT_EQ(back->data_page_header_v2->num_rows, 9);
  EXPECT_FALSE(back->data_page_header_v2->is_compressed);
  EXPECT_EQ(back->data_page_header_v2->encoding, Encoding::DELTA_BINARY_PACKED);
}

TEST(ParquetMetadataTest, HugeListCountFailsFastWithThePath) {
  // FileMetaData { 1: version=1, 2: schema = list of 2^28 structs } in 10 bytes.
  std::string bytes = {'\x15', '\x02', '\x19', '\xfc', '\x80', '\x80', '\x80', '\x80', '\x01', '\x00'};
  auto md = ParseFileMetaData(reinterpret_cast<const uint8_t*>(bytes.data()), static_cast<int64_t>(bytes.size()));
  ASSERT_FALSE(md.ok());
  EXPECT_TRUE(md.status().IsCorruption());
  EXPECT_NE(md.status().message().find("schema"), std::string::npos) << md.status().ToString();
  EXPECT_NE(md.status().message().find("exceeds"), std::string::npos) << md.status().ToString();
}

TEST(ParquetMetadataTest, TruncatedAndFlippedFootersNeverCrash) {
  std::string footer = Footer(floe::testing::FixturesDir() + "/parquet/data/nested_maps.snappy.parquet");
  int errors = 0;
  for (size_t cut = 0; cut < footer.size(); ++cut) {
    errors += !ParseFileMetaData(reinterpret_cast<const uint8_t*>(footer.data()), static_cast<int64_t>(cut)).ok();
  }
  EXPECT_EQ(errors, static_cast<int>(footer.size()));
  std::mt19937 rng(9);
  for (int i = 0; i < 3000; ++i) {
    std::string bad = footer;
    bad[rng() % bad.size()] ^= static_cast<char>(1 << (rng() % 8));
    (void)ParseFileMetaData(reinterpret_cast<const uint8_t*>(bad.data()), static_cast<int64_t>(bad.size()));
  }
}

}  // namespace
}  // namespace floe::formats::parquet
