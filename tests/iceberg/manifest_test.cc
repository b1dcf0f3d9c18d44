#include "iceberg/manifest.h"

#include <gtest/gtest.h>

#include <cmath>

#include "iceberg/single_value.h"
#include "io/file_io.h"
#include "testing/temp_dir.h"

namespace floe::iceberg {
namespace {

NestedField Field(int32_t id, const char* name, bool required, TypePtr type) {
  return NestedField::Of(id, name, required, std::move(type));
}

Schema TestSchema() {
  return Schema(3, {Field(1, "id", true, Type::Primitive(TypeId::kLong)),
                    Field(2, "region", false, Type::Primitive(TypeId::kString)),
                    Field(3, "order_date", false, Type::Primitive(TypeId::kDate)),
                    Field(4, "amount", false, Type::Decimal(12, 2)),
                    Field(5, "score", false, Type::Primitive(TypeId::kDouble))});
}

PartitionSpec TestSpec() {
  PartitionSpec spec;
  spec.spec_id = 2;
  spec.fields = {{2, 1000, "region", Transform::Identity()},
                 {3, 1001, "order_date_month", Transform::Month()},
                 {1, 1002, "id_bucket", Transform::Bucket(16)},
                 {4, 1003, "amount", Transform::Identity()},
                 {5, 1004, "score", Transform::Identity()}};
  return spec;
}

DataFile TestFile(const std::string& name, std::string region, int64_t month, int64_t bucket,
                  int128_t amount, double score, int64_t rows) {
  DataFile f;
  f.file_path = "/warehouse/t/data/" + name;
  f.spec_id = 2;
  f.partition = {
      region.empty() ? Literal::Null(TypeId::kString) : Literal::Bytes(TypeId::kString, region),
      Literal::Int(TypeId::kInt, month), Literal::Int(TypeId::kInt, bucket),
      Literal::Decimal(amount), Literal::Double(TypeId::kDouble, score)};
  f.record_count = rows;
  f.file_size_in_bytes = rows * 10;
  f.column_sizes = {{1, 100}, {2, 50}};
  f.value_counts = {{1, rows}, {2, rows}};
  f.null_value_counts = {{1, 0}, {2, 1}};
  f.nan_value_counts = {{5, 0}};
  f.lower_bounds = {{1, ToSingleValueBytes(Literal::Int(TypeId::kLong, 7))}};
  f.upper_bounds = {{1, ToSingleValueBytes(Literal::Int(TypeId::kLong, 70))}};
  f.split_offsets = {4};
  f.sort_order_id = 0;
  return f;
}

TEST(IcebergManifestTest, WritesAndReadsBackAV2ManifestWithInheritance) {
  auto io = io::MemoryFileIO();
  Schema schema = TestSchema();
  PartitionSpec spec = TestSpec();
  ManifestWriter::Options options;
  options.snapshot_id = 42;
  options.schema = &schema;
  options.spec = &spec;
  auto writer = ManifestWriter::Make(io.get(), "/m/one.avro", options).ValueOrDie();
  {
    Status st = writer->WriteAdded(TestFile("a.parquet", "eu", 660, 3, -1234, 0.5, 10));
    ASSERT_TRUE(st.ok()) << st.ToString();
  }
  ManifestEntry old;
  old.snapshot_id = 7;
  old.sequence_number = 3;
  old.file_sequence_number = 4;
  old.data_file = TestFile("b.parquet", "", 650, 15, 99999, -2.0, 5);
  ASSERT_TRUE(writer->WriteExisting(old).ok());
  ASSERT_TRUE(writer->WriteDeleted(old).ok());
  ManifestFile mf = writer->Close().ValueOrDie();
  EXPECT_EQ(mf.added_files_count, 1);
  EXPECT_EQ(mf.existing_files_count, 1);
  EXPECT_EQ(mf.deleted_files_count, 1);
  EXPECT_EQ(mf.added_rows_count, 10);
  EXPECT_EQ(mf.sequence_number, -1);
  EXPECT_EQ(mf.min_sequence_number, 3);
  ASSERT_EQ(mf.partitions.size(), 5u);
  EXPECT_TRUE(mf.partitions[0].contains_null);  // the existing file has no region
  EXPECT_EQ(*mf.partitions[0].lower_bound, "eu");
  EXPECT_EQ(FromSingleValueBytes(*Type::Primitive(TypeId::kInt), *mf.partitions[1].lower_bound)->i,
            650);
  EXPECT_EQ(FromSingleValueBytes(*Type::Primitive(TypeId::kInt), *mf.partitions[1].upper_bound)->i,
            660);
  EXPECT_EQ(FromSingleValueBytes(*Type::Decimal(12, 2), *mf.partitions[3].lower_bound)->i128,
            -1234);
  EXPECT_EQ(mf.manifest_length, io->OpenInput("/m/one.avro").ValueOrDie()->Size().ValueOrDie());

  // The manifest list assigns sequence number 5 to what this commit added.
  auto list = ManifestListWriter::Make(io.get(), "/m/snap.avro", 2, 42, 41, 5).ValueOrDie();
  ASSERT_TRUE(list->Add(mf).ok());
  ASSERT_TRUE(list->Close().ok());
  auto manifests = ReadManifestList(io.get(), "/m/snap.avro").ValueOrDie();
  ASSERT_EQ(manifests.size(), 1u);
  EXPECT_EQ(manifests[0].sequence_number, 5);
  EXPECT_EQ(manifests[0].min_sequence_number, 3);
  EXPECT_EQ(manifests[0].added_snapshot_id, 42);
  EXPECT_EQ(manifests[0].partition_spec_id, 2);
  EXPECT_EQ(manifests[0].partitions.size(), 5u);

  TypePtr ptype = spec.PartitionType(schema).ValueOrDie();
  auto entries = ReadManifest(io.get(), manifests[0], ptype).ValueOrDie();
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_EQ(entries[0].status, EntryStatus::kAdded);
  EXPECT_EQ(entries[0].snapshot_id, 42);
  EXPECT_EQ(entries[0].sequence_number, 5);  // inherited
  EXPECT_EQ(entries[0].file_sequence_number, 5);
  EXPECT_EQ(entries[1].status, EntryStatus::kExisting);
  EXPECT_EQ(entries[1].snapshot_id, 7);
  EXPECT_EQ(entries[1].sequence_number, 3);
  EXPECT_EQ(entries[1].file_sequence_number, 4);
  EXPECT_EQ(entries[2].status, EntryStatus::kDeleted);
  EXPECT_EQ(entries[2].snapshot_id, 42);
  const DataFile& a = entries[0].data_file;
  EXPECT_EQ(a.file_path, "/warehouse/t/data/a.parquet");
  EXPECT_EQ(a.file_format, "PARQUET");
  EXPECT_EQ(a.spec_id, 2);
  ASSERT_EQ(a.partition.size(), 5u);
  EXPECT_EQ(a.partition[0].s, "eu");
  EXPECT_EQ(a.partition[1].i, 660);
  EXPECT_EQ(a.partition[2].i, 3);
  EXPECT_EQ(a.partition[3].i128, -1234);
  EXPECT_EQ(a.partition[4].d, 0.5);
  EXPECT_TRUE(entries[1].data_file.partition[0].is_null);
  EXPECT_EQ(entries[1].data_file.partition[3].i128, 99999);
  EXPECT_EQ(a.record_count, 10);
  EXPECT_EQ(*DataFile::FindCount(a.null_value_counts, 2), 1);
  EXPECT_EQ(DataFile::FindCount(a.null_value_counts, 3), nullptr);
  EXPECT_EQ(
      FromSingleValueBytes(*Type::Primitive(TypeId::kLong), *DataFile::FindBound(a.upper_bounds, 1))
          ->i,
      70);
  EXPECT_EQ(a.split_offsets, std::vector<int64_t>{4});
  EXPECT_EQ(a.sort_order_id, 0);

  ManifestReadOptions live;
  live.live_only = true;
  live.skip_metrics = true;
  auto live_entries = ReadManifest(io.get(), manifests[0], ptype, live).ValueOrDie();
  ASSERT_EQ(live_entries.size(), 2u);
  EXPECT_TRUE(live_entries[0].data_file.column_sizes.empty());
}

TEST(IcebergManifestTest, WritesFormatVersionOneManifests) {
  auto io = io::MemoryFileIO();
  Schema schema = TestSchema();
  PartitionSpec spec;  // unpartitioned
  ManifestWriter::Options options;
  options.format_version = 1;
  options.snapshot_id = 9;
  options.schema = &schema;
  options.spec = &spec;
  auto writer = ManifestWriter::Make(io.get(), "/m/v1.avro", options).ValueOrDie();
  DataFile f;
  f.file_path = "/d/x.parquet";
  f.record_count = 3;
  f.file_size_in_bytes = 300;
  ASSERT_TRUE(writer->WriteAdded(f).ok());
  ManifestFile mf = writer->Close().ValueOrDie();
  auto list =
      ManifestListWriter::Make(io.get(), "/m/snap-v1.avro", 1, 9, std::nullopt, 0).ValueOrDie();
  ASSERT_TRUE(list->Add(mf).ok());
  ASSERT_TRUE(list->Close().ok());
  auto manifests = ReadManifestList(io.get(), "/m/snap-v1.avro").ValueOrDie();
  ASSERT_EQ(manifests.size(), 1u);
  EXPECT_EQ(manifests[0].sequence_number, 0);
  auto entries = ReadManifest(io.get(), manifests[0], Type::Struct({})).ValueOrDie();
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].snapshot_id, 9);
  EXPECT_EQ(entries[0].sequence_number, 0);
  EXPECT_EQ(entries[0].data_file.content, FileContent::kData);
  EXPECT_EQ(entries[0].data_file.record_count, 3);
  options.content = ManifestContent::kDeletes;
  EXPECT_FALSE(ManifestWriter::Make(io.get(), "/m/v1-del.avro", options).ok());
}

TEST(IcebergManifestTest, RefusesADeleteFileInADataManifest) {
  auto io = io::MemoryFileIO();
  Schema schema = TestSchema();
  PartitionSpec spec;
  ManifestWriter::Options options;
  options.schema = &schema;
  options.spec = &spec;
  auto writer = ManifestWriter::Make(io.get(), "/m/x.avro", options).ValueOrDie();
  DataFile f;
  f.file_path = "/d/del.parquet";
  f.content = FileContent::kPositionDeletes;
  Status st = writer->WriteAdded(f);
  EXPECT_TRUE(st.IsInvalid()) << st.ToString();
  f.content = FileContent::kData;
  f.partition.push_back(Literal::Int(TypeId::kInt, 1));
  st = writer->WriteAdded(f);
  EXPECT_NE(st.message().find("partition tuple has 1 values"), std::string::npos) << st.ToString();
}

TEST(IcebergManifestTest, SingleValueSerializationFollowsAppendixD) {
  EXPECT_EQ(ToSingleValueBytes(Literal::Int(TypeId::kInt, 1)), std::string("\x01\x00\x00\x00", 4));
  EXPECT_EQ(ToSingleValueBytes(Literal::Int(TypeId::kLong, -2)),
            std::string("\xfe\xff\xff\xff\xff\xff\xff\xff", 8));
  EXPECT_EQ(ToSingleValueBytes(Literal::Decimal(-1)), std::string("\xff", 1));
  EXPECT_EQ(ToSingleValueBytes(Literal::Decimal(256)), std::string("\x01\x00", 2));
  EXPECT_EQ(FromSingleValueBytes(*Type::Decimal(10, 2), std::string("\xff\x00", 2))->i128, -256);
  // A bound written while the column was an int reads as a long.
  EXPECT_EQ(
      FromSingleValueBytes(*Type::Primitive(TypeId::kLong), std::string("\x05\x00\x00\x00", 4))->i,
      5);
  EXPECT_EQ(FromSingleValueBytes(*Type::Primitive(TypeId::kDouble),
                                 ToSingleValueBytes(Literal::Double(TypeId::kFloat, 1.5)))
                ->d,
            1.5);
  auto bad = FromSingleValueBytes(*Type::Primitive(TypeId::kInt), "abc");
  EXPECT_TRUE(bad.status().IsCorruption());
  EXPECT_NE(bad.status().message().find("int bound of 3 bytes"), std::string::npos)
      << bad.status().ToString();
}

}  // namespace
}  // namespace floe::iceberg
