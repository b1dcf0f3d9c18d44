// The shell's output formats, each against the text the Trino CLI prints.
#include "cli/output_format.h"

#include <gtest/gtest.h>

#include "sql_test_tables.h"
#include "testing/temp_dir.h"

namespace floe::cli {
namespace {

Cell V(std::string text) { return {std::move(text), false}; }
Cell Null() { return {"", true}; }

// Columns item (varchar), note (varchar), qty (a number type).
TextResult Sample() {
  TextResult r;
  r.names = {"item", "note", "qty"};
  r.numeric = {false, false, true};
  r.rows = {
      {V("pen"), V("blue"), V("12")},
      {V("ink"), Null(), V("0.5")},
      {V("paper"), V("say \"hi\""), Null()},
      {V("two\nlines"), V(""), V("-3")},
  };
  return r;
}

std::string Format(OutputFormat format, const TextResult& r) {
  std::string out;
  FormatResult(format, r, &out);
  return out;
}

TEST(OutputFormatTest, ParsesTrinoNamesInAnyCase) {
  EXPECT_EQ(*ParseOutputFormat("aligned"), OutputFormat::kAligned);
  EXPECT_EQ(*ParseOutputFormat("CSV_HEADER_UNQUOTED"), OutputFormat::kCsvHeaderUnquoted);
  EXPECT_EQ(*ParseOutputFormat("Tsv_Header"), OutputFormat::kTsvHeader);
  EXPECT_EQ(*ParseOutputFormat("json"), OutputFormat::kJson);
  auto bad = ParseOutputFormat("xml");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("unknown output format 'xml' (one of aligned, vertical"),
            std::string::npos)
      << bad.status().message();
}

TEST(OutputFormatTest, AlignedCentersHeadersRightAlignsNumbersAndMarksContinuedLines) {
  EXPECT_EQ(Format(OutputFormat::kAligned, Sample()),
            " item  |   note   | qty  \n"
            "-------+----------+------\n"
            " pen   | blue     |   12 \n"
            " ink   | NULL     |  0.5 \n"
            " paper | say \"hi\" | NULL \n"
            " two  +|          |   -3 \n"
            " lines |          |      \n"
            "(4 rows)\n");
}

TEST(OutputFormatTest, AlignedOneRowHasNoContinuationMarks) {
  TextResult r;
  r.names = {"Query Plan"};
  r.numeric = {false};
  r.rows = {{V("Output\n  Scan")}};
  EXPECT_EQ(Format(OutputFormat::kAligned, r),
            " Query Plan \n"
            "------------\n"
            " Output     \n"
            "   Scan     \n"
            "(1 row)\n");
}

TEST(OutputFormatTest, AlignedNoRows) {
  TextResult r;
  r.names = {"a", "bb"};
  r.numeric = {true, false};
  EXPECT_EQ(Format(OutputFormat::kAligned, r),
            " a | bb \n"
            "---+----\n"
            "(0 rows)\n");
}

TEST(OutputFormatTest, AlignedCountsWideCharactersAsTwoColumns) {
  TextResult r;
  r.names = {"名前", "n"};
  r.numeric = {false, true};
  r.rows = {{V("网网网"), V("1")}, {V("abc"), V("22")}, {V("é"), V("3")}};
  EXPECT_EQ(Format(OutputFormat::kAligned, r),
            "  名前  | n  \n"
            "--------+----\n"
            " 网网网 |  1 \n"
            " abc    | 22 \n"
            " é      |  3 \n"
            "(3 rows)\n");
}

TEST(OutputFormatTest, VerticalRecordsWithNullsAndLines) {
  EXPECT_EQ(Format(OutputFormat::kVertical, Sample()),
            "-[ RECORD 1 ]--\n"
            "item | pen\n"
            "note | blue\n"
            "qty  | 12\n"
            "-[ RECORD 2 ]--\n"
            "item | ink\n"
            "note | NULL\n"
            "qty  | 0.5\n"
            "-[ RECORD 3 ]--\n"
            "item | paper\n"
            "note | say \"hi\"\n"
            "qty  | NULL\n"
            "-[ RECORD 4 ]--\n"
            "item | two\n"
            "     | lines\n"
            "note | \n"
            "qty  | -3\n");
}

TEST(OutputFormatTest, VerticalRuleCrossesTheSeparatorForLongNames) {
  TextResult r;
  r.names = {"shipping_priority"};
  r.numeric = {false};
  r.rows = {{V("high")}};
  EXPECT_EQ(Format(OutputFormat::kVertical, r),
            "-[ RECORD 1 ]-----+-----\n"
            "shipping_priority | high\n");
  r.names = {"twelve_chars"};
  EXPECT_EQ(Format(OutputFormat::kVertical, r),
            "-[ RECORD 1 ]+-----\n"
            "twelve_chars | high\n");
  r.names = {"x"};
  EXPECT_EQ(Format(OutputFormat::kVertical, r),
            "-[ RECORD 1 ]\n"
            "x | high\n");
  r.names = {"名前名前名前名"};  // 14 columns wide
  EXPECT_EQ(Format(OutputFormat::kVertical, r),
            "-[ RECORD 1 ]--+-----\n"
            "名前名前名前名 | high\n");
}

TEST(OutputFormatTest, VerticalNoRows) {
  TextResult r;
  r.names = {"a"};
  r.numeric = {false};
  EXPECT_EQ(Format(OutputFormat::kVertical, r), "(no rows)\n");
}

TEST(OutputFormatTest, CsvQuotesEveryValueAndDoublesQuotes) {
  EXPECT_EQ(Format(OutputFormat::kCsv, Sample()),
            "\"pen\",\"blue\",\"12\"\n"
            "\"ink\",\"\",\"0.5\"\n"
            "\"paper\",\"say \"\"hi\"\"\",\"\"\n"
            "\"two\nlines\",\"\",\"-3\"\n");
  TextResult empty = Sample();
  empty.rows.clear();
  EXPECT_EQ(Format(OutputFormat::kCsvHeader, empty), "\"item\",\"note\",\"qty\"\n");
  EXPECT_EQ(Format(OutputFormat::kCsv, empty), "");
}

TEST(OutputFormatTest, CsvUnquotedStillDoublesQuotes) {
  EXPECT_EQ(Format(OutputFormat::kCsvHeaderUnquoted, Sample()),
            "item,note,qty\n"
            "pen,blue,12\n"
            "ink,,0.5\n"
            "paper,say \"\"hi\"\",\n"
            "two\nlines,,-3\n");
  TextResult one = Sample();
  one.rows.resize(1);
  EXPECT_EQ(Format(OutputFormat::kCsvUnquoted, one), "pen,blue,12\n");
}

TEST(OutputFormatTest, TsvEscapesControlCharactersAndBackslash) {
  TextResult r;
  r.names = {"a", "b"};
  r.numeric = {false, false};
  r.rows = {{V(std::string("x\ty\nz\r\\w\b\f") + std::string(1, '\0') + "\x01"), Null()},
            {V(""), V("plain")}};
  EXPECT_EQ(Format(OutputFormat::kTsvHeader, r),
            "a\tb\n"
            "x\\ty\\nz\\r\\\\w\\b\\f\\0\x01\t\n"
            "\tplain\n");
  EXPECT_EQ(Format(OutputFormat::kTsv, r).substr(0, 4), "x\\ty");
}

TEST(OutputFormatTest, JsonOneObjectPerRowWithNulls) {
  TextResult r;
  r.names = {"n", "s", "q\"uote"};
  r.numeric = {true, false, false};
  r.rows = {{V("1"), V("\"a\\nb\""), Null()}};
  EXPECT_EQ(Format(OutputFormat::kJson, r), "{\"n\":1,\"s\":\"a\\nb\",\"q\\\"uote\":null}\n");
  r.rows.clear();
  EXPECT_EQ(Format(OutputFormat::kJson, r), "");
  EXPECT_EQ(Format(OutputFormat::kNull, Sample()), "");
}

// Values from the engine: Trino's text forms, and JSON numbers only where
// no digits can be lost.
TEST(OutputFormatTest, ValuesFromAQueryInTextAndJson) {
  testing::TempDir dir;
  auto warehouse = sql::TestWarehouse::Make(dir.path());
  ASSERT_TRUE(warehouse.ok()) << warehouse.status().ToString();
  auto result = (*warehouse)
                    ->Run(
                        "SELECT 7 AS i, 2.5e0 AS d, 1.50 AS dec, 'a\"b' AS s, ARRAY[1, 2] AS arr, "
                        "CAST(NULL AS varchar) AS n, true AS b, DATE '2025-03-01' AS day");
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  TextResult text, json;
  text.SetColumns(result->names, result->types);
  json.SetColumns(result->names, result->types);
  EXPECT_EQ(text.numeric, (std::vector<bool>{true, true, true, false, false, false, false, false}));
  for (const auto& chunk : result->chunks) {
    text.AppendChunk(chunk, false);
    json.AppendChunk(chunk, true);
  }
  EXPECT_EQ(Format(OutputFormat::kCsvHeader, text),
            "\"i\",\"d\",\"dec\",\"s\",\"arr\",\"n\",\"b\",\"day\"\n"
            "\"7\",\"2.5\",\"1.50\",\"a\"\"b\",\"[1, 2]\",\"\",\"true\",\"2025-03-01\"\n");
  EXPECT_EQ(Format(OutputFormat::kJson, json),
            "{\"i\":7,\"d\":2.5,\"dec\":\"1.50\",\"s\":\"a\\\"b\",\"arr\":[1,2],\"n\":null,"
            "\"b\":true,\"day\":\"2025-03-01\"}\n");
}

TEST(OutputFormatTest, DisplayWidthOfUtf8) {
  EXPECT_EQ(DisplayWidth("abc"), 3);
  EXPECT_EQ(DisplayWidth("网"), 2);
  EXPECT_EQ(DisplayWidth("é"), 1);
  EXPECT_EQ(DisplayWidth("e\xcc\x81"), 1);  // e + combining acute
  EXPECT_EQ(DisplayWidth("\xff"), 1);
  EXPECT_EQ(DisplayWidth("\xe7\xbd"), 2);  // a truncated sequence: its bytes
  EXPECT_EQ(DisplayWidth("😀"), 2);
}

}  // namespace
}  // namespace floe::cli
