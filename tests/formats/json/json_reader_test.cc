#include "formats/json/json_reader.h"

#include <gtest/gtest.h>

#include "common/memory_pool.h"
#include "csv/csv_test_util.h"
#include "formats/codec/compression.h"
#include "formats/text/rejects.h"
#include "io/file_io.h"

namespace floe::formats::json {
namespace {

using columnar::LogicalType;
using Rows = std::vector<std::string>;

Result<std::vector<std::string>> ReadJson(io::FileIO* io, const std::vector<std::string>& files,
                                          const JsonReadOptions& options = {},
                                          JsonSchema* schema_out = nullptr,
                                          MemoryPool* pool = MemoryPool::Default()) {
  FLOE_ASSIGN_OR_RETURN(JsonSchema schema, InferJsonSchema(io, files, options, pool));
  if (schema_out != nullptr) *schema_out = schema;
  std::vector<std::string> rows;
  for (const auto& file : files) {
    FLOE_ASSIGN_OR_RETURN(auto reader, JsonReader::Open(io, file, schema, options, pool));
    columnar::Chunk chunk;
    while (true) {
      FLOE_ASSIGN_OR_RETURN(bool more, reader->Next(&chunk));
      if (!more) break;
      testing_util::AppendChunkRows(chunk, &rows);
    }
  }
  return rows;
}

class JsonTest : public ::testing::Test {
 protected:
  void Write(const std::string& name, const std::string& contents) {
    (void)io_->Delete(name);
    ASSERT_TRUE(io_->WriteFile(name, contents).ok());
  }
  Result<std::vector<std::string>> Read(const std::string& contents,
                                        const JsonReadOptions& options = {},
                                        const std::string& name = "t.json") {
    Write(name, contents);
    return ReadJson(io_.get(), {name}, options, &schema_);
  }
  std::string Types() const {
    std::string s;
    for (const auto& c : schema_.columns)
      s += (s.empty() ? "" : ", ") + c.name + " " + c.type.ToString();
    return s;
  }
  std::string Error(const std::string& contents, const JsonReadOptions& options = {}) {
    auto r = Read(contents, options);
    EXPECT_FALSE(r.ok());
    return r.ok() ? "" : r.status().message();
  }

  std::shared_ptr<io::FileIO> io_ = io::MemoryFileIO();
  JsonSchema schema_;
};

TEST_F(JsonTest, InfersKeysInOrderOfFirstAppearance) {
  auto rows = Read(
      "{\"a\": 1, \"b\": \"x\", \"c\": {\"k\": [1, 2]}, \"d\": \"2024-01-02\"}\n"
      "{\"a\": 2.5, \"e\": true, \"d\": \"2024-01-03\", \"f\": \"2024-01-03 10:00:00\"}\n"
      "{\"a\": null, \"b\": \"y\", \"g\": null}\n");
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_EQ(schema_.format, JsonFormat::kLines);
  EXPECT_EQ(Types(),
            "a double, b varchar, c varchar, d date, e boolean, f timestamp(6), g varchar");
  EXPECT_EQ(*rows, (Rows{"1.0|x|{\"k\":[1,2]}|2024-01-02|NULL|NULL|NULL",
                         "2.5|NULL|NULL|2024-01-03|true|2024-01-03 10:00:00.000000|NULL",
                         "NULL|y|NULL|NULL|NULL|NULL|NULL"}));
}

TEST_F(JsonTest, MixedKindsAreVarchar) {
  auto rows = Read(
      "{\"a\": 1, \"b\": \"2024-01-01\", \"c\": 12345678901234567890, \"d\": [1]}\n"
      "{\"a\": \"x\", \"b\": \"2024-01-01 10:00\", \"c\": 1, \"d\": {\"z\": null}}\n"
      "{\"a\": true}\n");
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_EQ(Types(), "a varchar, b varchar, c double, d varchar");
  EXPECT_EQ(*rows, (Rows{"1|2024-01-01|1.2345678901234567E19|[1]",
                         "x|2024-01-01 10:00|1.0|{\"z\":null}", "true|NULL|NULL|NULL"}));
  JsonReadOptions options;
  options.detect_dates = false;
  rows = Read("{\"d\": \"2024-01-01\"}", options);
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(Types(), "d varchar");
}

TEST_F(JsonTest, TopLevelArrayOfObjects) {
  auto rows =
      Read("\xEF\xBB\xBF [\n  {\"a\": 1, \"b\": \"2024-01-01T10:00:00Z\"},\n  {\"a\": 2}\n]\n");
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_EQ(schema_.format, JsonFormat::kArray);
  EXPECT_EQ(Types(), "a bigint, b timestamp(6)");
  EXPECT_EQ(*rows, (Rows{"1|2024-01-01 10:00:00.000000", "2|NULL"}));
  rows = Read("[]");
  EXPECT_FALSE(rows.ok());
  JsonReadOptions options;
  options.columns = {{"a", LogicalType::BigInt()}};
  rows = Read(" [ ] ", options);
  ASSERT_TRUE(rows.ok());
  EXPECT_TRUE(rows->empty());
}

TEST_F(JsonTest, ObjectsMaySpanLinesAndShareLines) {
  auto rows = Read("{\"a\":\n 1}{\"a\": 2} {\"a\": 3}\r\n\n{\"a\"\n:\n4\n}");
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_EQ(*rows, (Rows{"1", "2", "3", "4"}));
}

TEST_F(JsonTest, StringsWithEscapes) {
  auto rows = Read(R"({"s": "q\"b\\s\/n\n\t\u00fc\ud83d\ude00", "k\u00e9y": 1})");
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_EQ(Types(), "s varchar, k\xc3\xa9y bigint");
  EXPECT_EQ(*rows, (Rows{"q\"b\\s/n\n\t\xc3\xbc\xf0\x9f\x98\x80|1"}));
}

TEST_F(JsonTest, ExplicitColumnsConvertValues) {
  JsonReadOptions options;
  options.columns = {{"id", LogicalType::Integer()},   {"amount", LogicalType::Decimal(10, 2)},
                     {"day", LogicalType::Date()},     {"n", LogicalType::BigInt()},
                     {"flag", LogicalType::Boolean()}, {"raw", LogicalType::Varchar()}};
  auto rows = Read(
      "{\"id\": 1, \"amount\": 12.345, \"day\": \"2024-02-03\", \"n\": \"42\", \"flag\": true, "
      "\"raw\": 1.50, "
      "\"other\": 9}\n"
      "{\"id\": \"2\", \"amount\": \"0.5\", \"n\": -7, \"flag\": \"no\", \"raw\": [true, {\"x\": "
      "\"y z\"}]}\n",
      options);
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_EQ(*rows, (Rows{"1|12.35|2024-02-03|42|true|1.50",
                         "2|0.50|NULL|-7|false|[true,{\"x\":\"y z\"}]"}));
}

TEST_F(JsonTest, DateFormats) {
  JsonReadOptions options;
  options.date_format = "%d.%m.%Y";
  options.column_types = {{"t", LogicalType::Timestamp(6)}};
  options.timestamp_format = "%d.%m.%Y %H:%M";
  auto rows = Read("{\"d\": \"03.02.2024\", \"t\": \"03.02.2024 10:30\"}", options);
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_EQ(Types(), "d date, t timestamp(6)");
  EXPECT_EQ(*rows, (Rows{"2024-02-03|2024-02-03 10:30:00.000000"}));
}

TEST_F(JsonTest, ErrorsNameFileLineAndColumn) {
  JsonReadOptions options;
  options.columns = {{"a", LogicalType::BigInt()}, {"b", LogicalType::Varchar()}};
  EXPECT_EQ(Error("{\"a\": 1}\n{\"a\": \"x\"}\n", options),
            "t.json:2:7: cannot parse 'x' as bigint for column a");
  EXPECT_EQ(Error("{\"a\": 1}\n  {\"a\": 1.5}\n", options),
            "t.json:2:9: cannot parse '1.5' as bigint for column a");
  EXPECT_EQ(Error("{\"a\": {\"x\": 1}}", options),
            "t.json:1:7: cannot read a JSON object as bigint for column a");
  EXPECT_EQ(Error("{\"a\": true}", options),
            "t.json:1:7: cannot read JSON true as bigint for column a");
  EXPECT_EQ(Error("{\"a\": 1,}\n", options), "t.json:1:9: expected a string key in the object");
  EXPECT_EQ(Error("{\"a\" 1}\n", options), "t.json:1:6: expected ':' after an object key");
  EXPECT_EQ(Error("{\"a\": 1 \"b\": 2}\n", options),
            "t.json:1:9: expected ',' or '}' after an object member");
  EXPECT_EQ(Error("{\"a\": tru}\n", options), "t.json:1:7: invalid literal");
  EXPECT_EQ(Error("{\"a\": 01}\n", options),
            "t.json:1:8: expected ',' or '}' after an object member");
  EXPECT_EQ(Error("{\"a\": -}\n", options), "t.json:1:8: invalid number");
  EXPECT_EQ(Error("{\"b\": \"x\ny\"}\n", options),
            "t.json:1:9: control character in a string (escape it)");
  EXPECT_EQ(Error("{\"b\": \"\\q\"}\n", options), "t.json:1:8: invalid escape in a string");
  EXPECT_EQ(Error("{\"b\": \"\\ud800x\"}\n", options),
            "t.json:1:8: unpaired surrogate in a \\u escape");
  EXPECT_EQ(Error("{\"b\": \"\xff\"}\n", options), "t.json:1:7: invalid UTF-8 for column b");
  EXPECT_EQ(Error("{\"a\": 1}\n[1]\n", options), "t.json:2:1: expected a JSON object");
  EXPECT_EQ(Error("{\"a\": 1", options), "t.json:1:8: unexpected end of data inside an object");
  EXPECT_EQ(Error("{\"b\": \"abc", options), "t.json:1:7: unterminated string");
  EXPECT_EQ(Error("[{\"a\": 1} {\"a\": 2}]", options),
            "t.json:1:11: expected ',' or ']' after an element of the JSON array");
  EXPECT_EQ(Error("[{\"a\": 1}] x", options), "t.json:1:12: unexpected text after the JSON array");
  EXPECT_EQ(Error("[{\"a\": 1},\n", options), "t.json:2:1: the JSON array is not closed");
  EXPECT_EQ(Error("[{\"a\": 1},\n {\"a\" 2}]", options),
            "t.json:2:7: expected ':' after an object key");
  options.format = JsonFormat::kArray;
  EXPECT_EQ(Error("{\"a\": 1}", options), "t.json:1:1: expected '[' to start a JSON array");
  JsonReadOptions deep;
  deep.columns = options.columns;
  deep.max_depth = 4;
  EXPECT_EQ(Error("{\"b\": [[[[1]]]]}", deep), "t.json:1:10: JSON nested deeper than max_depth");
  EXPECT_TRUE(Read("{\"b\": [[[1]]]}", deep).ok());
  deep.max_record_bytes = 32;
  deep.block_size = 16;
  EXPECT_EQ(Error("{\"b\": \"" + std::string(100, 'x') + "\"}", deep),
            "t.json:1: a JSON value is longer than 32 bytes (max_record_bytes allows longer ones)");
  EXPECT_EQ(Error("\n\n"),
            "t.json: no JSON objects with keys to detect the columns from; give the columns");
}

TEST_F(JsonTest, DeepNestingNeitherRecursesNorFails) {
  std::string deep = "{\"a\": " + std::string(100000, '[') + std::string(100000, ']') + "}";
  JsonReadOptions options;
  options.max_depth = 200000;
  auto rows = Read(deep, options);
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_EQ((*rows)[0].size(), 200000u);
  options.max_depth = 256;
  options.columns = {{"a", LogicalType::Varchar()}};
  EXPECT_EQ(Error(deep, options), "t.json:1:262: JSON nested deeper than max_depth");
}

TEST_F(JsonTest, RejectsGoToTheSinkAndTheRestLoads) {
  text::RejectCollector rejects;
  text::ReadProgress progress;
  JsonReadOptions options;
  options.rejects = &rejects;
  options.progress = &progress;
  options.columns = {{"a", LogicalType::BigInt()}, {"b", LogicalType::Varchar()}};
  auto rows = Read(
      "{\"a\": 1, \"b\": \"x\"}\n"
      "{\"a\": \"no\", \"b\": \"y\"}\n"
      "{\"a\": 3, \"b\" \"z\"}\n"
      "7\n"
      "{\"a\": 4, \"b\": \"w\"}\n",
      options);
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_EQ(*rows, (Rows{"1|x", "4|w"}));
  auto r = rejects.rows();
  ASSERT_EQ(r.size(), 3u);
  auto text = [](const text::RejectedRow& row) {
    return row.file + ":" + std::to_string(row.line) + ":" + std::to_string(row.column) + " [" +
           row.column_name + "] " + row.reason + " <" + row.raw_text + ">";
  };
  EXPECT_EQ(text(r[0]),
            "t.json:3:14 [] expected ':' after an object key <{\"a\": 3, \"b\" \"z\"}>");
  EXPECT_EQ(text(r[1]), "t.json:4:1 [] expected a JSON object <7>");
  EXPECT_EQ(text(r[2]),
            "t.json:2:7 [a] cannot parse 'no' as bigint <{\"a\": \"no\", \"b\": \"y\"}>");
  EXPECT_EQ(progress.rows_read.load(), 2);
  EXPECT_EQ(progress.rows_rejected.load(), 3);
}

TEST_F(JsonTest, RecordsAcrossBufferRefillsReadTheSame) {
  std::string file = "[";
  for (int i = 0; i < 300; ++i) {
    file += std::string(i ? "," : "") + "\n {\"id\": " + std::to_string(i) + ", \"s\": \"" +
            std::string(i % 41, 'x') + "\\\"\", \"n\": {\"k\": [" + std::to_string(i * 3) +
            ", -1.5e3]}, \"f\": " + (i % 2 ? "true" : "false") + "}";
  }
  file += "\n]";
  auto expected = Read(file);
  ASSERT_TRUE(expected.ok()) << expected.status().ToString();
  ASSERT_EQ(expected->size(), 300u);
  EXPECT_EQ((*expected)[1], "1|x\"|{\"k\":[3,-1.5e3]}|true");
  for (int64_t block : {16, 23, 100}) {
    JsonReadOptions options;
    options.block_size = block;
    options.batch_size = 9;
    auto rows = Read(file, options);
    ASSERT_TRUE(rows.ok()) << block << rows.status().ToString();
    EXPECT_EQ(*rows, *expected) << block;
  }
}

TEST_F(JsonTest, CompressedFilesAndSeveralFiles) {
  std::string a = "{\"x\": 1}\n{\"x\": 2}\n", b = "[{\"x\": 3.5, \"y\": \"n\"}]";
  std::string gz, zst;
  ASSERT_TRUE(
      Compress(Codec::kGzip, reinterpret_cast<const uint8_t*>(a.data()), a.size(), &gz).ok());
  ASSERT_TRUE(
      Compress(Codec::kZstd, reinterpret_cast<const uint8_t*>(b.data()), b.size(), &zst).ok());
  Write("a.json.gz", gz);
  Write("b.json.zst", zst);
  auto rows = ReadJson(io_.get(), {"a.json.gz", "b.json.zst"}, {}, &schema_);
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_EQ(Types(), "x double, y varchar");
  EXPECT_EQ(*rows, (Rows{"1.0|NULL", "2.0|NULL", "3.5|n"}));
}

TEST_F(JsonTest, LargeFileReadsInBoundedMemory) {
  std::string file;
  file.reserve(60 << 20);
  for (int i = 0; i < 1000000; ++i) {
    file += "{\"id\": ";
    file += std::to_string(i);
    file += ", \"name\": \"name ";
    file += std::to_string(i % 1000);
    file += "\", \"v\": ";
    file += std::to_string(i % 977);
    file += ".5}\n";
  }
  Write("big.json", file);
  MemoryPool pool("json", 64 << 20);
  auto schema = InferJsonSchema(io_.get(), {"big.json"}, {}, &pool);
  ASSERT_TRUE(schema.ok());
  auto reader = JsonReader::Open(io_.get(), "big.json", *schema, {}, &pool).ValueOrDie();
  columnar::Chunk chunk;
  int64_t rows = 0, sum = 0;
  while (reader->Next(&chunk).ValueOrDie()) {
    rows += chunk.size;
    for (int64_t i = 0; i < chunk.size; ++i) sum += chunk.columns[0]->data<int64_t>()[i];
  }
  EXPECT_EQ(rows, 1000000);
  EXPECT_EQ(sum, int64_t{999999} * 1000000 / 2);
  EXPECT_LT(pool.peak_bytes(), 8 << 20);
}

}  // namespace
}  // namespace floe::formats::json
