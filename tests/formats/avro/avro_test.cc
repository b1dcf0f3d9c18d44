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
    AppendDatumJson(reader->schema(), reader->schema().root(), d, &s);
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
  Schema schema = Schema::Parse(kSchema).ValueOrDie();
  auto fs = io::MemoryFileIO();
  auto sink = fs->OpenOutput("p.avro").ValueOrDie();
  auto writer = FileWriter::Open(sink.get(), schema).ValueOrDie();
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(writer->Append(Record(i)).ok());
  ASSERT_TRUE(writer->Close().ok());
  ASSERT_TRUE(sink->Close().ok());
  ReaderOptions options;
  options.fields = {"snapshot_id"};
  auto reader = FileReader::Open(fs->OpenInput("p.avro").ValueOrDie(), options).ValueOrDie();
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
  EXPECT_TRUE(FileReader::Open(fs->OpenInput("p.avro").ValueOrDie(), options).status().IsNotFound());
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
  Schema schema = Schema::Parse(kSchema).ValueOrDie();
  for (Codec codec : {Codec::kUncompressed, Codec::kDeflate, Codec::kSnappy, Codec::kZstd}) {
    auto fs = io::MemoryFileIO();
    auto sink = fs->OpenOutput("c.avro").ValueOrDie();
    WriterOptions options;
    options.codec = codec;
    options.sync_interval_bytes = 300;
    auto writer = FileWriter::Open(sink.get(), schema, options).ValueOrDie();
    for (int i = 0; i < 40; ++i) ASSERT_TRUE(writer->Append(Record(i)).ok());
    ASSERT_TRUE(writer->Close().ok());
    ASSERT_TRUE(sink->Close().ok());
    auto buf = fs->ReadFile("c.avro", MemoryPool::Default()).ValueOrDie();
    std::string bytes(reinterpret_cast<const char*>(buf->data()), static_cast<size_t>(buf->size()));
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
