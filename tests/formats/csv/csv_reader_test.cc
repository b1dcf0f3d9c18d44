#include "formats/csv/csv_reader.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <thread>

#include "common/memory_pool.h"
#include "csv/csv_test_util.h"
#include "formats/codec/compression.h"
#include "formats/text/file_glob.h"
#include "formats/text/rejects.h"
#include "io/file_io.h"
#include "testing/temp_dir.h"

namespace floe::formats::csv {
namespace {

using columnar::LogicalType;
using text::RejectCollector;

// Infers the schema of `files` and reads every split of them in order.
Result<std::vector<std::string>> ReadCsv(io::FileIO* io, const std::vector<std::string>& files,
                                         const CsvReadOptions& options = {},
                                         CsvSchema* schema_out = nullptr,
                                         MemoryPool* pool = MemoryPool::Default()) {
  FLOE_ASSIGN_OR_RETURN(CsvSchema schema, InferCsvSchema(io, files, options, pool));
  if (schema_out != nullptr) *schema_out = schema;
  FLOE_ASSIGN_OR_RETURN(auto splits, PlanCsvSplits(io, files, schema, options));
  std::vector<std::string> rows;
  for (const auto& split : splits) {
    FLOE_ASSIGN_OR_RETURN(auto reader, CsvReader::Open(io, split, schema, options, pool));
    columnar::Chunk chunk;
    while (true) {
      FLOE_ASSIGN_OR_RETURN(bool more, reader->Next(&chunk));
      if (!more) break;
      EXPECT_GT(chunk.size, 0);
      testing_util::AppendChunkRows(chunk, &rows);
    }
  }
  return rows;
}

class CsvTest : public ::testing::Test {
 protected:
  // Writes `contents` as `name` and reads it.
  Result<std::vector<std::string>> Read(const std::string& contents,
                                        const CsvReadOptions& options = {},
                                        const std::string& name = "t.csv") {
    Write(name, contents);
    return ReadCsv(io_.get(), {name}, options, &schema_);
  }
  // (Re)writes a file: tests read several versions of t.csv.
  void Write(const std::string& name, const std::string& contents) {
    (void)io_->Delete(name);
    ASSERT_TRUE(io_->WriteFile(name, contents).ok());
  }
  std::string Types() const {
    std::string s;
    for (const auto& c : schema_.columns)
      s += (s.empty() ? "" : ", ") + c.name + " " + c.type.ToString();
    return s;
  }
  std::string Error(const std::string& contents, const CsvReadOptions& options = {}) {
    auto r = Read(contents, options);
    EXPECT_FALSE(r.ok());
    return r.ok() ? "" : r.status().message();
  }

  std::shared_ptr<io::FileIO> io_ = io::MemoryFileIO();
  CsvSchema schema_;
};

using Rows = std::vector<std::string>;

TEST_F(CsvTest, InfersEachTypeFromAHeaderedFile) {
  auto rows = Read(
      "b,i,d,dt,ts,tm,s\n"
      "true,1,2.5,2024-01-02,2024-01-02 10:00:00,10:00:00,x\n"
      "FALSE,-7,1e3,2024-1-3,2024-01-03T11:30:00.123456,23:59:59.5,y\n");
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_TRUE(schema_.header);
  EXPECT_EQ(schema_.delimiter, ',');
  EXPECT_EQ(Types(),
            "b boolean, i bigint, d double, dt date, ts timestamp(6), tm time(6), s varchar");
  EXPECT_EQ(*rows,
            (Rows{"true|1|2.5|2024-01-02|2024-01-02 10:00:00.000000|10:00:00.000000|x",
                  "false|-7|1000.0|2024-01-03|2024-01-03 11:30:00.123456|23:59:59.500000|y"}));
}

TEST_F(CsvTest, WidensTypesAcrossTheSample) {
  auto rows = Read(
      "a,b,c,d,e,f\n"
      "1,1,2024-01-01,true,12345678901234567890,\n"
      "2.5,x,2024-01-01 10:00:00,1,1,\n"
      "3,4,2024-01-02,false,2,\n");
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  // int + double -> double; int + text -> varchar; date + timestamp ->
  // timestamp; true + 1 -> varchar; past int64 -> double; only NULLs -> varchar.
  EXPECT_EQ(Types(), "a double, b varchar, c timestamp(6), d varchar, e double, f varchar");
  EXPECT_EQ((*rows)[0], "1.0|1|2024-01-01 00:00:00.000000|true|1.2345678901234567E19|NULL");
}

TEST_F(CsvTest, InfNanAndPaddedNumbers) {
  auto rows = Read("a,b,c\ninf, 12 ,007\nnan,-3,010\n");
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_EQ(Types(), "a varchar, b bigint, c bigint");
  EXPECT_EQ(*rows, (Rows{"inf|12|7", "nan|-3|10"}));
}

TEST_F(CsvTest, FirstRowWithTypedValuesIsData) {
  auto rows = Read("1,x\n3,y\n");
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_FALSE(schema_.header);
  EXPECT_EQ(Types(), "column0 bigint, column1 varchar");
  EXPECT_EQ(*rows, (Rows{"1|x", "3|y"}));
}

TEST_F(CsvTest, AllTextFirstRowIsAHeader) {
  auto rows = Read("a,b\nx,y\n");
  ASSERT_TRUE(rows.ok());
  EXPECT_TRUE(schema_.header);
  EXPECT_EQ(*rows, (Rows{"x|y"}));
  // With an empty value the first row is data.
  rows = Read("a,\nx,y\n");
  ASSERT_TRUE(rows.ok());
  EXPECT_FALSE(schema_.header);
  EXPECT_EQ(rows->size(), 2u);
}

TEST_F(CsvTest, HeaderOptionOverridesDetection) {
  CsvReadOptions options;
  options.header = false;
  auto rows = Read("a,b\nx,y\n", options);
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(*rows, (Rows{"a|b", "x|y"}));
  options.header = true;
  rows = Read("1,2\n3,4\n", options);
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(Types(), "1 bigint, 2 bigint");
  EXPECT_EQ(*rows, (Rows{"3|4"}));
}

TEST_F(CsvTest, NamesColumnsLikeDuckDB) {
  ASSERT_TRUE(Read("1,2,3,4,5,6,7,8,9,10,11\n").ok());
  EXPECT_EQ(schema_.columns.front().name, "column00");
  EXPECT_EQ(schema_.columns.back().name, "column10");
  ASSERT_TRUE(Read(" a ,A,,a\n1,2,3,4\n").ok());
  EXPECT_EQ(Types(), "a bigint, A_1 bigint, column2 bigint, a_2 bigint");
}

TEST_F(CsvTest, DetectsTheDelimiter) {
  for (char d : {',', ';', '|', '\t'}) {
    std::string file;
    for (int r = 0; r < 3; ++r)
      file += std::string("1") + d + "\"2" + (d == ',' ? ";" : ",") + "5\"" + d + "3\n";
    auto rows = Read(std::string("a") + d + "b" + d + "c\n" + file);
    ASSERT_TRUE(rows.ok()) << d << rows.status().ToString();
    EXPECT_EQ(schema_.delimiter, d);
    EXPECT_EQ(Types(), "a bigint, b varchar, c bigint") << d;
  }
}

TEST_F(CsvTest, QuotedFieldsHoldDelimitersLineEndsAndQuotes) {
  auto rows = Read("a,b\n\"x,y\",\"line1\nline2\"\n\"he said \"\"hi\"\"\",\"\"\n\"\",z\n");
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_TRUE(schema_.quoted_newlines);
  EXPECT_EQ(*rows, (Rows{"x,y|line1\nline2", "he said \"hi\"|", "|z"}));
}

TEST_F(CsvTest, EscapeCharacterOtherThanTheQuote) {
  CsvReadOptions options;
  options.escape = '\\';
  auto rows = Read("a,b\n\"x\\\"y\",\"back\\\\slash\"\n\"a\\nb\",c\n", options);
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_EQ(*rows, (Rows{"x\"y|back\\slash", "a\\nb|c"}));
}

TEST_F(CsvTest, OtherQuoteAndNoQuote) {
  CsvReadOptions options;
  options.quote = '\'';
  options.escape = '\'';
  auto rows = Read("a,b\n'x,y','it''s'\n", options);
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_EQ(*rows, (Rows{"x,y|it's"}));
  options.quote = '\0';
  rows = Read("a,b\n\"x,y\n", options);
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_EQ(*rows, (Rows{"\"x|y"}));
}

TEST_F(CsvTest, QuoteInsideAnUnquotedFieldIsText) {
  auto rows = Read("a,b\nab\"c,1\n");
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(*rows, (Rows{"ab\"c|1"}));
}

TEST_F(CsvTest, CrLfByteOrderMarkAndNoFinalLineEnd) {
  auto rows = Read(
      "\xEF\xBB\xBF"
      "a,b\r\n1,\"x\r\ny\"\r\n2,z");
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_EQ(Types(), "a bigint, b varchar");
  EXPECT_EQ(*rows, (Rows{"1|x\r\ny", "2|z"}));
  rows = Read("a,b\r1,x\r2,y\r");
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(*rows, (Rows{"1|x", "2|y"}));
}

TEST_F(CsvTest, NullStrings) {
  // Default: an empty unquoted field is NULL, a quoted one is ''.
  auto rows = Read("a,b,c\nx,,1\n\"\",\"\",\n");
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(*rows, (Rows{"x|NULL|1", "||NULL"}));
  CsvReadOptions options;
  options.null_string = "NA";
  rows = Read("a,b,c\nNA,,NA\n\"NA\",x,2\n", options);
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_EQ(Types(), "a varchar, b varchar, c bigint");
  EXPECT_EQ(*rows, (Rows{"NULL||NULL", "NA|x|2"}));
}

TEST_F(CsvTest, BlankLines) {
  auto rows = Read("a,b\n1,2\n\n3,4\n\n");
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(*rows, (Rows{"1|2", "3|4"}));
  // In a file of one column an empty line is a NULL value, as in DuckDB.
  rows = Read("a\n1\n\n3\n");
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(*rows, (Rows{"1", "NULL", "3"}));
}

TEST_F(CsvTest, SkipRows) {
  CsvReadOptions options;
  options.skip_rows = 2;
  auto rows = Read("title line\nexported, today\na,b\n1,2\n", options);
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_EQ(Types(), "a bigint, b bigint");
  EXPECT_EQ(*rows, (Rows{"1|2"}));
}

TEST_F(CsvTest, DateAndTimestampFormats) {
  CsvReadOptions options;
  options.date_format = "%d/%m/%Y";
  options.timestamp_format = "%d/%m/%Y %I:%M:%S.%f %p";
  auto rows =
      Read("d,t\n31/01/2024,01/02/2024 01:02:03.5 PM\n1/2/2024,01/02/2024 12:00:00.000001 AM\n",
           options);
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_EQ(Types(), "d date, t timestamp(6)");
  EXPECT_EQ(*rows, (Rows{"2024-01-31|2024-02-01 13:02:03.500000",
                         "2024-02-01|2024-02-01 00:00:00.000001"}));
  options.date_format = "%b %e %Y";
  options.timestamp_format = "%Y-%m-%dT%H:%M:%S%z";
  rows =
      Read("d,t\nJan  5 2024,2024-01-05T10:00:00+02:00\nseptember 30 1999,2024-01-05T10:00:00Z\n",
           options);
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_EQ(*rows, (Rows{"2024-01-05|2024-01-05 08:00:00.000000",
                         "1999-09-30|2024-01-05 10:00:00.000000"}));
  options.date_format = "%Y-%q";
  EXPECT_EQ(Error("d\n1\n", options),
            "date format '%Y-%q': unknown specifier %q (expected one of %Y %y %m %d %e %j %H %I %M "
            "%S %f %p %b "
            "%B %z %T %F %%)");
}

TEST_F(CsvTest, ExplicitColumnsSkipInference) {
  CsvReadOptions options;
  options.columns = {{"id", LogicalType::Integer()},       {"amount", LogicalType::Decimal(10, 2)},
                     {"big", LogicalType::Decimal(30, 3)}, {"r", LogicalType::Real()},
                     {"code", LogicalType::Varchar(3)},    {"small", LogicalType::SmallInt()},
                     {"flag", LogicalType::Boolean()}};
  auto rows =
      Read("1,12.345,-123456789012345678901.0005,1.5,abc,7,yes\n2,-0.5,1,2,ü,-1,0\n", options);
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_FALSE(schema_.header);
  EXPECT_EQ(*rows, (Rows{"1|12.35|-123456789012345678901.001|1.5|abc|7|true",
                         "2|-0.50|1.000|2.0|ü|-1|false"}));
  // Header detection uses the given types: 'id' is not an integer.
  rows = Read("id,amount,big,r,code,small,flag\n1,2,3,4,x,5,t\n", options);
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_TRUE(schema_.header);
  EXPECT_EQ(*rows, (Rows{"1|2.00|3.000|4.0|x|5|true"}));
  options.header = false;
  EXPECT_EQ(Error("1,2,3,4,abcd,5,t\n", options),
            "t.csv:1:9: value of 4 characters is longer than varchar(3) for column code");
  EXPECT_EQ(Error("1,2,3,4,x,70000,t\n", options),
            "t.csv:1:11: cannot parse '70000' as smallint for column small");
  EXPECT_EQ(Error("1,123456789.5,3,4,x,7,t\n", options),
            "t.csv:1:3: cannot parse '123456789.5' as decimal(10,2) for column amount");
  options.columns = {{"m", LogicalType::Map(LogicalType::Varchar(), LogicalType::BigInt())}};
  EXPECT_EQ(Error("1\n", options),
            "column m: values of type map(varchar, bigint) cannot be read from text; read them as "
            "varchar and cast");
}

TEST_F(CsvTest, ColumnTypesOverrideSomeInferredTypes) {
  CsvReadOptions options;
  options.column_types = {{"ZIP", LogicalType::Varchar()}};
  auto rows = Read("name,zip\nann,00501\n", options);
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_EQ(Types(), "name varchar, zip varchar");
  EXPECT_EQ(*rows, (Rows{"ann|00501"}));
  options.column_types = {{"nope", LogicalType::Varchar()}};
  EXPECT_EQ(Error("name,zip\nann,00501\n", options),
            "column_types names 'nope', which is not a column of t.csv");
}

TEST_F(CsvTest, TheSampleDecidesTypesAndLaterRowsMustFit) {
  std::string file = "a,b\n";
  for (int i = 0; i < 100; ++i) file += std::to_string(i) + ",x\n";
  file += "abc,y\n";
  CsvReadOptions options;
  options.sample_rows = 50;
  EXPECT_EQ(Error(file, options), "t.csv:102:1: cannot parse 'abc' as bigint for column a");
  for (int64_t sample : {200, -1}) {  // -1: every row
    options.sample_rows = sample;
    auto rows = Read(file, options);
    ASSERT_TRUE(rows.ok());
    EXPECT_EQ(Types(), "a varchar, b varchar");
  }
}

TEST_F(CsvTest, InfersAcrossFiles) {
  Write("1.csv", "a,b\n1,x\n");
  Write("2.csv", "a,b\n2.5,y\n");
  auto rows = ReadCsv(io_.get(), {"1.csv", "2.csv"}, {}, &schema_);
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_EQ(Types(), "a double, b varchar");
  EXPECT_EQ(*rows, (Rows{"1.0|x", "2.5|y"}));
  CsvReadOptions options;
  options.max_sample_files = 1;
  EXPECT_EQ(ReadCsv(io_.get(), {"1.csv", "2.csv"}, options).status().message(),
            "2.csv:2:1: cannot parse '2.5' as bigint for column a");
}

TEST_F(CsvTest, ErrorsNameFileLineAndColumn) {
  CsvReadOptions sample1;
  sample1.sample_rows = 1;
  EXPECT_EQ(Error("a,b\n1,2\n3,abc\n", sample1),
            "t.csv:3:3: cannot parse 'abc' as bigint for column b");
  EXPECT_EQ(Error("a,b,c\n1,2,3\n4,5\n"), "t.csv:3:4: expected 3 fields but found 2");
  EXPECT_EQ(Error("a,b\n1,2\n3,4,5\n"), "t.csv:3:5: expected 2 fields but found 3");
  EXPECT_EQ(Error("a,b\n1,2\n3,\"x\n"), "t.csv:3:3: unterminated quoted field");
  EXPECT_EQ(Error("a,b\n1,2\n3,\"x\"y\n"),
            "t.csv:3:6: unexpected character after the closing quote of a field");
  EXPECT_EQ(Error("a,b\n1,x\n2,\xff\xfe\n"), "t.csv:3:3: invalid UTF-8 for column b");
  // After a quoted line end the line number moves on.
  EXPECT_EQ(Error("a,b,c\n1,\"x\ny\",2\n3,\"p\nq\",zz\n", sample1),
            "t.csv:5:4: cannot parse 'zz' as bigint for column c");
  EXPECT_EQ(Error("a,b\n1,2\n3,\"\xff\"\n", sample1),
            "t.csv:3:3: cannot parse '\\xff' as bigint for column b");
  CsvReadOptions options;
  options.max_record_bytes = 64;
  options.block_size = 16;
  EXPECT_EQ(Error("a,b\n1,\"" + std::string(100, 'x') + "\"\n", options),
            "t.csv:2: a record is longer than 64 bytes (is a quote not closed? max_record_bytes "
            "allows longer "
            "records)");
  options = {};
  options.delimiter = '"';
  EXPECT_EQ(Error("a\n", options), "the quote and the delimiter cannot both be '\"'");
  EXPECT_EQ(ReadCsv(io_.get(), {"missing.csv"}).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(Error(""), "t.csv: no rows to detect the columns from; give the columns");
}

TEST_F(CsvTest, RejectsGoToTheSinkAndTheRestLoads) {
  RejectCollector rejects;
  text::ReadProgress progress;
  CsvReadOptions options;
  options.rejects = &rejects;
  options.progress = &progress;
  options.columns = {
      {"id", LogicalType::BigInt()}, {"name", LogicalType::Varchar()}, {"d", LogicalType::Date()}};
  options.header = true;
  auto rows = Read(
      "id,name,d\n"
      "1,ann,2024-01-01\n"
      "x,bob,2024-01-02\n"
      "3,cy\n"
      "4,\"dee\"!,2024-01-04\n"
      "5,eve,2024-13-01\n"
      "6,\xc3(,2024-01-06\n"
      "7,fay,2024-01-07\n"
      "8,\"gil",
      options);
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_EQ(*rows, (Rows{"1|ann|2024-01-01", "7|fay|2024-01-07"}));
  auto r = rejects.rows();
  ASSERT_EQ(r.size(), 6u);
  auto text = [](const text::RejectedRow& row) {
    return row.file + ":" + std::to_string(row.line) + ":" + std::to_string(row.column) + " [" +
           row.column_name + "] " + row.reason + " <" + row.raw_text + ">";
  };
  EXPECT_EQ(text(r[0]), "t.csv:4:5 [d] expected 3 fields but found 2 <3,cy>");
  EXPECT_EQ(text(r[1]),
            "t.csv:5:8 [] unexpected character after the closing quote of a field "
            "<4,\"dee\"!,2024-01-04>");
  // Values are converted column by column when the rows tokenized so far
  // are, here before the reader reached the end of its buffer.
  EXPECT_EQ(text(r[2]), "t.csv:3:1 [id] cannot parse 'x' as bigint <x,bob,2024-01-02>");
  EXPECT_EQ(text(r[3]), "t.csv:7:3 [name] invalid UTF-8 <6,\xc3(,2024-01-06>");
  EXPECT_EQ(text(r[4]), "t.csv:6:7 [d] cannot parse '2024-13-01' as date <5,eve,2024-13-01>");
  EXPECT_EQ(text(r[5]), "t.csv:9:3 [] unterminated quoted field <8,\"gil>");
  EXPECT_EQ(progress.rows_read.load(), 2);
  EXPECT_EQ(progress.rows_rejected.load(), 6);
  // The sample read of inference is not counted.
  EXPECT_EQ(progress.bytes_read.load(),
            io_->ReadFile("t.csv", MemoryPool::Default()).ValueOrDie()->size());
}

TEST_F(CsvTest, ReaderCountsRowsReadAndRejected) {
  RejectCollector rejects(1);
  CsvReadOptions options;
  options.rejects = &rejects;
  options.columns = {{"a", LogicalType::BigInt()}};
  Write("t.csv", "1\nx\n2\ny\n");
  CsvSchema schema{',', false, false, options.columns};
  auto reader =
      CsvReader::Open(io_.get(), {"t.csv"}, schema, options, MemoryPool::Default()).ValueOrDie();
  columnar::Chunk chunk;
  while (reader->Next(&chunk).ValueOrDie()) {
  }
  EXPECT_EQ(reader->rows_read(), 2);
  EXPECT_EQ(reader->rows_rejected(), 2);
  EXPECT_EQ(rejects.count(), 2);
  EXPECT_EQ(rejects.rows().size(), 1u);  // kept at most max_kept
}

TEST_F(CsvTest, RecordsAcrossBufferRefillsReadTheSame) {
  std::string file = "id,text,n\n";
  for (int i = 0; i < 300; ++i) {
    file += std::to_string(i) + ",\"q" + std::string(i % 37, 'x') + "\"\"," +
            (i % 5 == 0 ? "\n" : "") + "\"," + std::to_string(i * 7) + (i % 3 ? "\r\n" : "\n");
  }
  auto expected = Read(file);
  ASSERT_TRUE(expected.ok()) << expected.status().ToString();
  ASSERT_EQ(expected->size(), 300u);
  for (int64_t block : {16, 17, 64, 1000}) {
    CsvReadOptions options;
    options.block_size = block;
    options.batch_size = 7;
    auto rows = Read(file, options);
    ASSERT_TRUE(rows.ok()) << block << rows.status().ToString();
    EXPECT_EQ(*rows, *expected) << block;
  }
}

TEST_F(CsvTest, ReadsGzipAndZstdStreams) {
  std::string file = "a,b\n";
  for (int i = 0; i < 20000; ++i) file += std::to_string(i) + ",v" + std::to_string(i % 100) + "\n";
  std::string gz, zst, two_members;
  ASSERT_TRUE(
      Compress(Codec::kGzip, reinterpret_cast<const uint8_t*>(file.data()), file.size(), &gz).ok());
  ASSERT_TRUE(
      Compress(Codec::kZstd, reinterpret_cast<const uint8_t*>(file.data()), file.size(), &zst)
          .ok());
  std::string half1 = file.substr(0, 1000), half2 = file.substr(1000);
  ASSERT_TRUE(Compress(Codec::kGzip, reinterpret_cast<const uint8_t*>(half1.data()), half1.size(),
                       &two_members)
                  .ok());
  ASSERT_TRUE(Compress(Codec::kGzip, reinterpret_cast<const uint8_t*>(half2.data()), half2.size(),
                       &two_members)
                  .ok());
  auto plain = Read(file);
  ASSERT_TRUE(plain.ok());
  CsvReadOptions options;
  options.block_size = 4096;
  for (const auto& [name, bytes] : std::vector<std::pair<std::string, std::string>>{
           {"t.csv.gz", gz}, {"t.csv.zst", zst}, {"t2.csv.GZ", two_members}}) {
    auto rows = Read(bytes, options, name);
    ASSERT_TRUE(rows.ok()) << name << rows.status().ToString();
    EXPECT_EQ(Types(), "a bigint, b varchar");
    EXPECT_EQ(*rows, *plain) << name;
  }
  EXPECT_EQ(Read(gz.substr(0, gz.size() / 2), options, "cut.csv.gz").status().message(),
            "cut.csv.gz: the gzip data is truncated");
  EXPECT_EQ(Read(zst.substr(0, zst.size() / 2), options, "cut.csv.zst").status().message(),
            "cut.csv.zst: the zstd data is truncated");
  EXPECT_EQ(Read("not gzip at all", options, "bad.csv.gz").status().message(),
            "bad.csv.gz: invalid gzip data (incorrect header check)");
}

TEST_F(CsvTest, SplitsReadTheSameRowsAsOneReader) {
  std::string file = "id,name,v\n";
  for (int i = 0; i < 5000; ++i)
    file += std::to_string(i) + ",\"n," + std::to_string(i) + "\"," + std::to_string(i % 9) + "\n";
  auto whole = Read(file);
  ASSERT_TRUE(whole.ok());
  CsvReadOptions options;
  options.split_bytes = 1000;
  options.sample_rows = 100;
  Write("t.csv", file);
  auto schema = InferCsvSchema(io_.get(), {"t.csv"}, options, MemoryPool::Default());
  ASSERT_TRUE(schema.ok());
  auto splits = PlanCsvSplits(io_.get(), {"t.csv"}, *schema, options);
  ASSERT_TRUE(splits.ok());
  EXPECT_GT(splits->size(), 50u);
  text::RejectCollector rejects;
  CsvReadOptions with_rejects = options;
  with_rejects.rejects = &rejects;
  EXPECT_EQ(PlanCsvSplits(io_.get(), {"t.csv"}, *schema, with_rejects)->size(), 1u);
  auto rows = ReadCsv(io_.get(), {"t.csv"}, options);
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_EQ(*rows, *whole);
  // A bad value in a later split reports its line in the whole file.
  file += "x,y,z\n";
  EXPECT_EQ(Error(file, options), "t.csv:5002:1: cannot parse 'x' as bigint for column id");
  // A quoted line end the sample did not show stops a split read.
  std::string late = file.substr(0, file.size() - 6) + "1,\"a\nb\",2\n";
  EXPECT_EQ(Error(late, options),
            "t.csv:5002:1: a quoted field spans lines, so this file cannot be read in byte ranges; "
            "read it with "
            "split_bytes = 0");
  options.split_bytes = 0;
  EXPECT_TRUE(Read(late, options).ok());
}

TEST_F(CsvTest, ReadersOnSeveralThreads) {
  std::vector<std::string> files;
  for (int f = 0; f < 4; ++f) {
    std::string file = "a,b\n";
    for (int i = 0; i < 3000; ++i) file += std::to_string(f * 10000 + i) + ",x\n";
    files.push_back("p" + std::to_string(f) + ".csv");
    Write(files.back(), file);
  }
  text::ReadProgress progress;
  CsvReadOptions options;
  options.progress = &progress;
  auto schema = InferCsvSchema(io_.get(), files, options, MemoryPool::Default()).ValueOrDie();
  std::vector<int64_t> sums(files.size());
  std::vector<std::thread> threads;
  for (size_t f = 0; f < files.size(); ++f) {
    threads.emplace_back([&, f] {
      auto reader = CsvReader::Open(io_.get(), {files[f]}, schema, options, MemoryPool::Default())
                        .ValueOrDie();
      columnar::Chunk chunk;
      while (reader->Next(&chunk).ValueOrDie()) {
        for (int64_t i = 0; i < chunk.size; ++i) sums[f] += chunk.columns[0]->data<int64_t>()[i];
      }
    });
  }
  for (auto& t : threads) t.join();
  for (size_t f = 0; f < files.size(); ++f)
    EXPECT_EQ(sums[f], static_cast<int64_t>(f) * 10000 * 3000 + 2999 * 3000 / 2);
  EXPECT_EQ(progress.rows_read.load(), 12000);
}

TEST_F(CsvTest, LargeFileReadsInBoundedMemory) {
  // 1M rows (about 40 MB) through a pool whose peak must stay far below.
  std::string file = "id,name,amount,day\n";
  file.reserve(45 << 20);
  for (int i = 0; i < 1000000; ++i) {
    file += std::to_string(i);
    file += ",\"name ";
    file += std::to_string(i % 1000);
    file += "\",";
    file += std::to_string(i % 977);
    file += ".25,2024-01-";
    file += std::to_string(10 + i % 19);
    file += '\n';
  }
  Write("big.csv", file);
  MemoryPool pool("csv", 64 << 20);
  CsvReadOptions options;
  auto schema = InferCsvSchema(io_.get(), {"big.csv"}, options, &pool);
  ASSERT_TRUE(schema.ok()) << schema.status().ToString();
  schema_ = *schema;
  EXPECT_EQ(Types(), "id bigint, name varchar, amount double, day date");
  auto reader = CsvReader::Open(io_.get(), {"big.csv"}, *schema, options, &pool).ValueOrDie();
  columnar::Chunk chunk;
  int64_t rows = 0, id_sum = 0;
  while (true) {
    auto more = reader->Next(&chunk);
    ASSERT_TRUE(more.ok()) << more.status().ToString();
    if (!*more) break;
    rows += chunk.size;
    for (int64_t i = 0; i < chunk.size; ++i) id_sum += chunk.columns[0]->data<int64_t>()[i];
  }
  chunk = {};
  EXPECT_EQ(rows, 1000000);
  EXPECT_EQ(id_sum, int64_t{999999} * 1000000 / 2);
  EXPECT_LT(pool.peak_bytes(), 8 << 20);
}

TEST_F(CsvTest, MemoryLimitIsAnError) {
  std::string file = "a,b\n";
  for (int i = 0; i < 5000; ++i) file += std::to_string(i) + "," + std::string(40, 'x') + "\n";
  MemoryPool pool("tiny", 200 << 10);
  CsvReadOptions options;
  options.block_size = 64 << 10;
  auto rows = Read(file, options);
  ASSERT_TRUE(rows.ok());
  auto r = ReadCsv(io_.get(), {"t.csv"}, options, nullptr, &pool);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kOutOfMemory) << r.status().ToString();
}

TEST_F(CsvTest, LocalFilesAndGlobs) {
  floe::testing::TempDir dir;
  floe::testing::WriteFileOrDie(dir.Join("b.csv"), "a\n2\n");
  floe::testing::WriteFileOrDie(dir.Join("a.csv"), "a\n1\n");
  std::filesystem::create_directories(dir.Join("sub"));
  floe::testing::WriteFileOrDie(dir.Join("sub/c.csv"), "a\n3\n");
  auto local = io::LocalFileIO();
  auto files = text::ExpandFilePatterns(local.get(), {dir.Join("*.csv")});
  ASSERT_TRUE(files.ok());
  auto rows = ReadCsv(local.get(), *files);
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_EQ(*rows, (Rows{"1", "2"}));
  files = text::ExpandFilePatterns(local.get(), {dir.Join("**/*.csv")});
  ASSERT_TRUE(files.ok());
  EXPECT_EQ(files->size(), 3u);
  EXPECT_EQ(text::ExpandFilePatterns(local.get(), {dir.Join("*.tsv")}).status().message(),
            "no files match '" + dir.Join("*.tsv") + "'");
}

}  // namespace
}  // namespace floe::formats::csv
