#include <gtest/gtest.h>

#include <fstream>
#include <random>

#include "common/json.h"
#include "formats/avro/datum.h"
#include "formats/avro/file_reader.h"
#include "testing/temp_dir.h"

namespace floe::formats::avro {
namespace {

std::string Fixture(const std::string& rel) { return floe::testing::FixturesDir() + "/avro/" + rel; }

Result<std::vector<std::string>> ReadAllJson(std::unique_ptr<io::RandomAccessFile> file, ReaderOptions options = {}) {
  FLOE_ASSIGN_OR_RETURN(auto reader, FileReader::Open(std::move(file), options));
  std::vector<std::string> rows;
  Datum d;
  while (true) {
    FLOE_ASSIGN_OR_RETURN(bool more, reader->Next(&d));
    if (!more) break;
    std::string s;
    AppendDatumJson(reader->read_schema(), reader->read_schema().root(), d, &s);
    rows.push_back(std::move(s));
  }
  return rows;
}

Result<std::vector<std::string>> ReadFixture(const std::string& rel) {
  FLOE_ASSIGN_OR_RETURN(auto f, io::LocalFileIO()->OpenInput(Fixture(rel)));
  return ReadAllJson(std::move(f));
}

Result<std::vector<std::string>> ReadBytes(const std::string& bytes, ReaderOptions options = {}) {
  auto fs = io::MemoryFileIO();
  FLOE_RETURN_NOT_OK(fs->WriteFile("m.avro", bytes));
  FLOE_ASSIGN_OR_RETURN(auto f, fs->OpenInput("m.avro"));
  return ReadAllJson(std::move(f), options);
}

class WeatherFixture : public ::testing::TestWithParam<std::string> {};

TEST_P(WeatherFixture, RecordsMatchWeatherJson) {
  auto rows = ReadFixture(GetParam());
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  std::ifstream in(Fixture("weather.json"));
  std::vector<json::Value> expected;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty()) expected.push_back(json::Parse(line).ValueOrDie());
  }
  ASSERT_EQ(expected.size(), 5u);
  std::vector<json::Value> got;
  for (const auto& r : *rows) got.push_back(json::Parse(r).ValueOrDie());
  if (GetParam() == "weather-sorted.avro") {
    // Same records, another order.
    auto key = [](const json::Value& v) { return json::Serialize(v); };
    std::sort(expected.begin(), expected.end(), [&](auto& a, auto& b) { return key(a) < key(b); });
    std::sort(got.begin(), got.end(), [&](auto& a, auto& b) { return key(a) < key(b); });
  }
  EXPECT_EQ(got, expected);
}

INSTANTIATE_TEST_SUITE_P(Codecs, WeatherFixture,
                         ::testing::Values("weather.avro", "weather-deflate.avro", "weather-snappy.avro",
                                           "weather-zstd.avro", "weather-sorted.avro"),
                         [](const auto& info) {
                           std::string n = info.param;
                           for (char& c : n) if (c == '-' || c == '.') c = '_';
                           return n;
                         });

TEST(AvroFixtureTest, OtherGoodFilesRead) {
  EXPECT_EQ(ReadFixture("syncInMeta.avro")->size(), 6001u);
  EXPECT_EQ(ReadFixture("avro-1237-good.avro")->size(), 2u);
  EXPECT_EQ(ReadFixture("avro-1238-good.avro")->size(), 2u);
  EXPECT_EQ(ReadFixture("avro-1279-codec.avro")->size(), 3u);
  EXPECT_EQ(ReadFixture("avro-1279-no-codec.avro")->size(), 3u);
  EXPECT_EQ(ReadFixture("schemas/simple/data.avro")->size(), 3u);
  EXPECT_EQ(ReadFixture("schemas/withUnion/data.avro")->size(), 3u);
}

TEST(AvroFixtureTest, BadFilesAreRejectedWithTheFileName) {
  auto union_bad = ReadFixture("bad/avro-1237-bad-union-discriminant.avro");
  ASSERT_FALSE(union_bad.ok());
  EXPECT_NE(union_bad.status().message().find("union branch"), std::string::npos) << union_bad.status().ToString();
  auto truncated = ReadFixture("bad/avro-1238-truncated.avro");
  ASSERT_FALSE(truncated.ok());
  EXPECT_NE(truncated.status().message().find("avro-1238-truncated.avro"), std::string::npos);
  auto old = ReadFixture("bad/test.avro12");
  ASSERT_FALSE(old.ok());
  EXPECT_TRUE(old.status().IsNotSupported()) << old.status().ToString();
}

TEST(AvroFixtureTest, IcebergManifestsRead) {
  // Manifest lists and manifests written by Spark / Iceberg Java (deflate and null codecs).
  std::string dir = floe::testing::FixturesDir() + "/iceberg/pglake-spark_generated_iceberg_test/metadata/";
  auto listing = io::LocalFileIO()->List(dir).ValueOrDie();
  int files = 0;
  for (const auto& f : listing) {
    if (f.path.size() < 5 || f.path.compare(f.path.size() - 5, 5, ".avro") != 0) continue;
    auto file = io::LocalFileIO()->OpenInput(f.path).ValueOrDie();
    auto reader = FileReader::Open(std::move(file)).ValueOrDie();
    // Iceberg's field ids survive in the schema's attributes.
    std::string schema = reader->schema().ToJsonString();
    EXPECT_NE(schema.find("\"field-id\""), std::string::npos) << f.path;
    auto rows = ReadAllJson(io::LocalFileIO()->OpenInput(f.path).ValueOrDie());
    ASSERT_TRUE(rows.ok()) << rows.status().ToString();
    EXPECT_GT(rows->size(), 0u);
    ++files;
  }
  EXPECT_GT(files, 10);
}

const char* kSchema = R"({"type":"record","name":"manifest_entry","fields":[
  {"name":"status","type":"int","field-id":0},
  {"name":"snapshot_id","type":["null","long"],"default":null,"field-id":1},
  {"name":"data_file","type":{"type":"record","name":"r2","fields":[
    {"name":"file_path","type":"string","doc":"Location URI","field-id":100},
    {"name":"value_counts","type":["null",{"type":"array","items":{"type":"record","name":"k117_v118",
      "fields":[{"name":"key","type":"int","field-id":117},{"name":"value","type":"long","field-id":118}]},
      "logicalType":"map"}],"default":null,"field-id":109},
    {"name":"tags","type":{"type":"map","values":"string","key-id":1,"value-id":2}},
    {"name":"d","type":{"type":"int","logicalType":"date"}},
    {"name":"ts","type":{"type":"long","logicalType":"timestamp-micros","adjust-to-utc":true}},
    {"name":"amount","type":{"type":"fixed","name":"dec","size":5,"logicalType":"decimal","precision":10,"scale":2}},
    {"name":"u","type":{"type":"fixed","name":"uuid16","size":16,"logicalType":"uuid"}},
    {"name":"ratio","type":"double"},{"name":"f","type":"float"},{"name":"ok","type":"boolean"},
    {"name":"raw","type":"bytes"},{"name":"kind","type":{"type":"enum","name":"k","symbols":["A","B"]}}
  ]},"field-id":2}]})";

Datum Long(int64_t v) { Datum d; d.i = v; return d; }
Datum Str(std::string s) { Datum d; d.s = std::move(s); return d; }
Datum Union(int branch, Datum v) { Datum d; d.branch = branch; d.children = {std::move(v)}; return d; }

Datum Record(int64_t i) {
  Datum kv1, kv2;
  kv1.children = {Long(1), Long(100 + i)};
  kv2.children = {Long(2), Long(-i)};
  Datum counts;
  counts.children = {kv1, kv2};
  Datum tags;
  tags.keys = {"a", "b"};
  tags.children = {Str("x"), Str(std::to_string(i))};
  Datum ratio, f;
  ratio.d = i * 0.25;
  f.d = 1.5f;
  std::string amount(5, '\0');
  amount[4] = static_cast<char>(i);  // small positive decimal
  std::string uuid(16, static_cast<char>(i));
  Datum data_file;
  data_file.children = {Str("s3://b/data/" + std::to_string(i) + ".parquet"),
                        i % 2 ? Union(0, Datum()) : Union(1, counts), tags, Long(19000 + i),
                        Long(1735689600000000LL + i), Str(amount), Str(uuid), ratio, f, Long(i % 2),
                        Str(std::string("\x00\xff", 2)), Long(i % 2)};
  Datum entry;
  entry.children = {Long(1), i % 3 ? Union(1, Long(i * 1000)) : Union(0, Datum()), data_file};
  return entry;
}

// `n` records of kSchema written to an in-memory Avro file; its bytes.
std::string WriteRecords(int n, WriterOptions options = {}) {
  Schema schema = Schema::Parse(kSchema).ValueOrDie();
  auto fs = io::MemoryFileIO();
  auto sink = fs->OpenOutput("r.avro").ValueOrDie();
  auto writer = FileWriter::Open(sink.get(), schema, options).ValueOrDie();
  for (int i = 0; i < n; ++i) EXPECT_TRUE(writer->Append(Record(i)).ok());
  EXPECT_TRUE(writer->Close().ok());
  EXPECT_TRUE(sink->Close().ok());
  auto buf = fs->ReadFile("r.avro", MemoryPool::Default()).ValueOrDie();
  return std::string(reinterpret_cast<const char*>(buf->data()), static_cast<size_t>(buf->size()));
}

Result<std::unique_ptr<FileReader>> OpenBytes(const std::string& bytes, ReaderOptions options = {}) {
  auto fs = io::MemoryFileIO();
  FLOE_RETURN_NOT_OK(fs->WriteFile("r.avro", bytes));
  FLOE_ASSIGN_OR_RETURN(auto f, fs->OpenInput("r.avro"));
  return FileReader::Open(std::move(f), options);
}

Result<std::unique_ptr<FileReader>> OpenWithReaderSchema(const std::string& bytes, const char* reader_json) {
  FLOE_ASSIGN_OR_RETURN(Schema reader_schema, Schema::Parse(reader_json));
  ReaderOptions options;
  options.reader_schema = std::make_shared<Schema>(std::move(reader_schema));
  return OpenBytes(bytes, options);
}

class AvroRoundTrip : public ::testing::TestWithParam<Codec> {};

TEST_P(AvroRoundTrip, EveryTypeAndAttributeSurvives) {
  Schema schema = Schema::Parse(kSchema).ValueOrDie();
  auto fs = io::MemoryFileIO();
  auto sink = fs->OpenOutput("t.avro").ValueOrDie();
  WriterOptions options;
  options.codec = GetParam();
  options.sync_interval_bytes = 500;  // many blocks
  options.metadata["iceberg.schema"] = "{}";
  auto writer = FileWriter::Open(sink.get(), schema, options).ValueOrDie();
  std::vector<std::string> expected;
  for (int i = 0; i < 300; ++i) {
    Datum r = Record(i);
    ASSERT_TRUE(writer->Append(r).ok());
    std::string s;
    AppendDatumJson(schema, schema.root(), r, &s);
    expected.push_back(s);
  }
  ASSERT_TRUE(writer->Close().ok());
  ASSERT_TRUE(sink->Close().ok());
  auto file = fs->OpenInput("t.avro").ValueOrDie();
  auto reader = FileReader::Open(std::move(file)).ValueOrDie();
  EXPECT_EQ(reader->metadata().at("iceberg.schema"), "{}");
  EXPECT_EQ(json::Parse(reader->schema().ToJsonString()).ValueOrDie(), json::Parse(schema.ToJsonString()).ValueOrDie());
  auto rows = ReadAllJson(fs->OpenInput("t.avro").ValueOrDie());
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_EQ(*rows, expected);
  EXPECT_NE(expected[2].find(R"("d":"2022-01-10")"), std::string::npos) << expected[2];  // 19002 days
  EXPECT_NE(expected[2].find(R"("amount":"0.02")"), std::string::npos) << expected[2];
}

INSTANTIATE_TEST_SUITE_P(Codecs, AvroRoundTrip,
                         ::testing::Values(Codec::kUncompressed, Codec::kDeflate, Codec::kSnappy, Codec::kZstd),
                         [](const auto& info) { return std::string(CodecName(info.param)); });

TEST(AvroSchemaTest, CustomAttributesAreKept) {
  Schema schema = Schema::Parse(kSchema).ValueOrDie();
  std::string out = schema.ToJsonString();
  for (const char* attr : {"\"field-id\":109", "\"key-id\":1", "\"value-id\":2", "\"logicalType\":\"map\"",
                           "\"adjust-to-utc\":true", "\"doc\":\"Location URI\"", "\"precision\":10"}) {
    EXPECT_NE(out.find(attr), std::string::npos) << attr << " in " << out;
  }
  auto bad = Schema::Parse(R"({"type":"record","name":"r","fields":[{"name":"a","type":"strng"}]})");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(), "schema.a: unknown type 'strng'");
}

TEST(AvroReaderTest, ProjectionSkipsOtherFields) {
  std::string bytes = WriteRecords(10);
  ReaderOptions options;
  options.fields = {"snapshot_id"};
  auto reader = OpenBytes(bytes, options).ValueOrDie();
  Datum d;
  int n = 0;
  while (*reader->Next(&d)) {
    EXPECT_TRUE(d.children[2].children.empty());  // data_file skipped
    if (n % 3) {
      EXPECT_EQ(d.children[1].children[0].i, n * 1000);
    }
    ++n;
  }
  EXPECT_EQ(n, 10);
  options.fields = {"nope"};
  EXPECT_TRUE(OpenBytes(bytes, options).status().IsNotFound());
}

TEST(AvroReaderSchemaTest, FieldsMatchByIdOrNameWithPromotionsDefaultsAndSkips) {
  std::string bytes = WriteRecords(12);
  // Iceberg-style: fields renamed but matched by field id, nested fields
  // dropped, types promoted, a field the file lacks given by its default.
  auto reader = OpenWithReaderSchema(bytes, R"({"type":"record","name":"entry","fields":[
    {"name":"snap","type":["null","long"],"field-id":1},
    {"name":"status_long","type":["null","long"],"field-id":0},
    {"name":"data_file","type":{"type":"record","name":"df","fields":[
      {"name":"path","type":"string","field-id":100},
      {"name":"f","type":"double"},
      {"name":"d","type":"long"},
      {"name":"sequence_number","type":"long","default":7},
      {"name":"extra","type":{"type":"map","values":"int"},"default":{"a":1}},
      {"name":"blob","type":"bytes","default":"\u00ff\u0001"},
      {"name":"kind","type":{"type":"enum","name":"k2","symbols":["B","C"],"default":"C"}},
      {"name":"raw","type":"string"}]},"field-id":2}]})");
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  Datum d;
  for (int i = 0; i < 12; ++i) {
    auto more = (*reader)->Next(&d);
    ASSERT_TRUE(more.ok()) << more.status().ToString();
    ASSERT_TRUE(*more);
    ASSERT_EQ(d.children.size(), 3u);
    if (i % 3) {
      EXPECT_EQ(d.children[0].branch, 1);
      EXPECT_EQ(d.children[0].children[0].i, i * 1000);
    } else {
      EXPECT_EQ(d.children[0].branch, 0);
    }
    EXPECT_EQ(d.children[1].branch, 1);  // int promoted into the union's long
    EXPECT_EQ(d.children[1].children[0].i, 1);
    const Datum& df = d.children[2];
    ASSERT_EQ(df.children.size(), 8u);
    EXPECT_EQ(df.children[0].s, "s3://b/data/" + std::to_string(i) + ".parquet");
    EXPECT_EQ(df.children[1].d, 1.5);
    EXPECT_EQ(df.children[2].i, 19000 + i);
    EXPECT_EQ(df.children[3].i, 7);
    EXPECT_EQ(df.children[4].keys, std::vector<std::string>{"a"});
    EXPECT_EQ(df.children[4].children[0].i, 1);
    EXPECT_EQ(df.children[5].s, std::string("\xff\x01", 2));
    EXPECT_EQ(df.children[6].i, i % 2 ? 0 : 1);  // B stays B (0); A is unknown -> the default C (1)
    EXPECT_EQ(df.children[7].s, std::string("\x00\xff", 2));
  }
  EXPECT_FALSE(*(*reader)->Next(&d));
  std::string json;
  AppendDatumJson((*reader)->read_schema(), (*reader)->read_schema().root(), d, &json);
  EXPECT_NE(json.find("\"sequence_number\":7"), std::string::npos) << json;
}

TEST(AvroReaderSchemaTest, IrreconcilableSchemasNameThePath) {
  std::string bytes = WriteRecords(2);
  auto no_default = OpenWithReaderSchema(bytes, R"({"type":"record","name":"e","fields":[
    {"name":"data_file","type":{"type":"record","name":"df","fields":[{"name":"missing","type":"long"}]}}]})");
  ASSERT_FALSE(no_default.ok());
  EXPECT_NE(no_default.status().message().find("'data_file.missing': the file has no such field"), std::string::npos)
      << no_default.status().ToString();
  auto bad_type = OpenWithReaderSchema(bytes, R"({"type":"record","name":"e","fields":[
    {"name":"data_file","type":{"type":"record","name":"df","fields":[{"name":"file_path","type":"int"}]}}]})");
  ASSERT_FALSE(bad_type.ok());
  EXPECT_NE(bad_type.status().message().find("'data_file.file_path': the file's string cannot be read as int"),
            std::string::npos)
      << bad_type.status().ToString();
  auto bad_default = OpenWithReaderSchema(bytes, R"({"type":"record","name":"e","fields":[
    {"name":"x","type":"int","default":"seven"}]})");
  ASSERT_FALSE(bad_default.ok());
  EXPECT_NE(bad_default.status().message().find("does not fit type int"), std::string::npos);
  // A union branch the reader cannot take fails only when a record uses it.
  auto narrow = OpenWithReaderSchema(bytes, R"({"type":"record","name":"e","fields":[
    {"name":"snapshot_id","type":"long","field-id":1}]})");
  ASSERT_TRUE(narrow.ok()) << narrow.status().ToString();
  Datum d;
  auto first = (*narrow)->Next(&d);  // record 0 has a null snapshot id
  ASSERT_FALSE(first.ok());
  EXPECT_NE(first.status().message().find("union branch null has no matching type"), std::string::npos)
      << first.status().ToString();
  // A reader schema and a field list together are refused.
  ReaderOptions both;
  both.fields = {"status"};
  both.reader_schema = std::make_shared<Schema>(Schema::Parse(kSchema).ValueOrDie());
  EXPECT_FALSE(OpenBytes(bytes, both).ok());
}

TEST(AvroReaderSchemaTest, SparkManifestsReadThroughAnIcebergProjection) {
  // The fields a scan planner needs, by Iceberg field id, from manifests
  // Spark wrote (v1 or v2; manifest lists lack these fields and are skipped).
  std::string dir = floe::testing::FixturesDir() + "/iceberg/pglake-spark_generated_iceberg_test/metadata/";
  auto reader_schema = std::make_shared<Schema>(Schema::Parse(R"({"type":"record","name":"manifest_entry","fields":[
    {"name":"status","type":"int","field-id":0},
    {"name":"data_file","type":{"type":"record","name":"r2","fields":[
      {"name":"file_path","type":"string","field-id":100},
      {"name":"record_count","type":"long","field-id":103},
      {"name":"content","type":"int","field-id":134,"default":0}]},"field-id":2}]})").ValueOrDie());
  int manifests = 0, data_files = 0, delete_files = 0;
  for (const auto& f : io::LocalFileIO()->List(dir).ValueOrDie()) {
    if (f.path.find("-m") == std::string::npos || f.path.size() < 5 ||
        f.path.compare(f.path.size() - 5, 5, ".avro") != 0) {
      continue;
    }
    ReaderOptions options;
    options.reader_schema = reader_schema;
    auto reader = FileReader::Open(io::LocalFileIO()->OpenInput(f.path).ValueOrDie(), options);
    ASSERT_TRUE(reader.ok()) << reader.status().ToString();
    Datum d;
    int entries = 0;
    while (true) {
      auto more = (*reader)->Next(&d);
      ASSERT_TRUE(more.ok()) << more.status().ToString();
      if (!*more) break;
      EXPECT_GE(d.children[0].i, 0);
      EXPECT_LE(d.children[0].i, 2);
      const Datum& df = d.children[1];
      EXPECT_NE(df.children[0].s.find(".parquet"), std::string::npos) << df.children[0].s;
      EXPECT_GT(df.children[1].i, 0);
      EXPECT_GE(df.children[2].i, 0);  // data, position-delete or equality-delete files
      EXPECT_LE(df.children[2].i, 2);
      (df.children[2].i == 0 ? data_files : delete_files)++;
      ++entries;
    }
    EXPECT_GT(entries, 0) << f.path;
    ++manifests;
  }
  EXPECT_GT(manifests, 3);
  EXPECT_GT(data_files, 0);
  EXPECT_GT(delete_files, 0);  // the fixture's table has merge-on-read deletes
}

TEST(AvroWriterTest, RecordThatDoesNotFitNamesTheField) {
  Schema schema = Schema::Parse(kSchema).ValueOrDie();
  auto fs = io::MemoryFileIO();
  auto sink = fs->OpenOutput("w.avro").ValueOrDie();
  auto writer = FileWriter::Open(sink.get(), schema).ValueOrDie();
  Datum r = Record(1);
  r.children[2].children[5].s = "xy";  // fixed(5) given 2 bytes
  Status st = writer->Append(r);
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.message().find("data_file.amount"), std::string::npos) << st.ToString();
}

TEST(AvroCorruptionTest, TruncatedAndFlippedFilesNeverCrash) {
  for (Codec codec : {Codec::kUncompressed, Codec::kDeflate, Codec::kSnappy, Codec::kZstd}) {
    WriterOptions options;
    options.codec = codec;
    options.sync_interval_bytes = 300;
    std::string bytes = WriteRecords(40, options);
    int errors = 0;
    for (size_t cut = 0; cut < bytes.size(); cut += 7) errors += !ReadBytes(bytes.substr(0, cut)).ok();
    EXPECT_GT(errors, static_cast<int>(bytes.size() / 7) - 3);
    std::mt19937 rng(11);
    for (int t = 0; t < 500; ++t) {
      std::string bad = bytes;
      bad[rng() % bad.size()] ^= static_cast<char>(1 << (rng() % 8));
      (void)ReadBytes(bad);
    }
  }
}

}  // namespace
}  // namespace floe::formats::avro
