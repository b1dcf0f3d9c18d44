// CSV and JSON interop with DuckDB: files with tricky quoting, NULLs, dates
// and nesting are read by floe and by DuckDB's read_csv / read_json with
// equivalent options; the inferred column names and types and the rows (in
// order) must agree. The comparison runs in DuckDB (duckdb_compare_text.mjs).

#include <gtest/gtest.h>

#include "columnar/value_format.h"
#include "common/json.h"
#include "common/memory_pool.h"
#include "formats/codec/compression.h"
#include "formats/csv/csv_reader.h"
#include "formats/json/json_reader.h"
#include "io/file_io.h"
#include "testing/temp_dir.h"

namespace floe::formats {
namespace {

const std::string kInterop = std::string(FLOE_SOURCE_DIR) + "/tests/interop";

std::string Quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out.push_back(c);
    }
  }
  return out + "'";
}

std::string Sql(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    out.push_back(c);
    if (c == '\'') out.push_back('\'');
  }
  return out + "'";
}

bool PeerAvailable() {
  std::string out;
  return floe::testing::RunCommand(
             "cd " + Quote(kInterop) + " && test -d node_modules/@duckdb/node-api", &out) == 0;
}

// Appends the chunk's rows as JSON objects, one per line.
void AppendJsonRows(const columnar::Chunk& chunk, const std::vector<std::string>& names,
                    std::string* out) {
  for (int64_t i = 0; i < chunk.size; ++i) {
    *out += '{';
    for (size_t c = 0; c < names.size(); ++c) {
      if (c > 0) *out += ',';
      ::floe::json::AppendQuoted(names[c], out);
      *out += ':';
      columnar::AppendValueJson(*chunk.columns[c], i, out);
    }
    *out += "}\n";
  }
}

// Writes floe's rows and types beside the file and has DuckDB run `query`
// on the file and compare. Returns the script's exit code; its report in `report`.
int Compare(const floe::testing::TempDir& dir, const std::string& name, const std::string& rows,
            const std::vector<std::pair<std::string, std::string>>& types, const std::string& query,
            std::string* report) {
  floe::testing::WriteFileOrDie(dir.Join(name + ".floe.jsonl"), rows);
  ::floe::json::Value spec = ::floe::json::Value::Object();
  spec.Set("query", ::floe::json::Value::String(query));
  spec.Set("floe_rows", ::floe::json::Value::String(dir.Join(name + ".floe.jsonl")));
  ::floe::json::Value type_list = ::floe::json::Value::Array();
  for (const auto& [n, t] : types) {
    type_list.Append(::floe::json::Value::Array(
        {::floe::json::Value::String(n), ::floe::json::Value::String(t)}));
  }
  spec.Set("floe_types", std::move(type_list));
  floe::testing::WriteFileOrDie(dir.Join(name + ".spec.json"), ::floe::json::Serialize(spec));
  return floe::testing::RunCommand("cd " + Quote(kInterop) +
                                       " && node text/duckdb_compare_text.mjs " +
                                       Quote(dir.Join(name + ".spec.json")) + " 2>&1",
                                   report);
}

struct CsvCase {
  std::string name;
  std::string contents;
  csv::CsvReadOptions options;
  std::string duckdb_options;  // after the path in read_csv(...)
};

class CsvAgainstDuckDB : public ::testing::TestWithParam<CsvCase> {};

TEST_P(CsvAgainstDuckDB, SameColumnsTypesAndRows) {
  ASSERT_TRUE(PeerAvailable()) << "run scripts/install-deps.sh";
  const CsvCase& c = GetParam();
  floe::testing::TempDir dir;
  std::string path = dir.Join(c.name);
  std::string bytes = c.contents;
  if (path.ends_with(".gz")) {
    bytes.clear();
    ASSERT_TRUE(Compress(Codec::kGzip, reinterpret_cast<const uint8_t*>(c.contents.data()),
                         static_cast<int64_t>(c.contents.size()), &bytes)
                    .ok());
  }
  floe::testing::WriteFileOrDie(path, bytes);
  auto io = io::LocalFileIO();
  auto schema = csv::InferCsvSchema(io.get(), {path}, c.options, MemoryPool::Default());
  ASSERT_TRUE(schema.ok()) << schema.status().ToString();
  std::vector<std::string> names;
  std::vector<std::pair<std::string, std::string>> types;
  for (const auto& col : schema->columns) {
    names.push_back(col.name);
    types.emplace_back(col.name, col.type.ToString());
  }
  auto reader = csv::CsvReader::Open(io.get(), {path}, *schema, c.options, MemoryPool::Default());
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  std::string rows;
  columnar::Chunk chunk;
  while (true) {
    auto more = (*reader)->Next(&chunk);
    ASSERT_TRUE(more.ok()) << more.status().ToString();
    if (!*more) break;
    AppendJsonRows(chunk, names, &rows);
  }
  std::string report;
  int rc = Compare(dir, c.name, rows, types,
                   "SELECT * FROM read_csv(" + Sql(path) + (c.duckdb_options.empty() ? "" : ", ") +
                       c.duckdb_options + ")",
                   &report);
  EXPECT_EQ(rc, 0) << report;
}

csv::CsvReadOptions CsvOptions(char delimiter, char escape = '"', std::string date_format = "") {
  csv::CsvReadOptions o;
  o.header = true;
  o.delimiter = delimiter;
  o.escape = escape;
  o.date_format = std::move(date_format);
  return o;
}

csv::CsvReadOptions ExplicitColumns() {
  csv::CsvReadOptions o;
  o.header = false;
  o.columns = {{"a", columnar::LogicalType::BigInt()},
               {"b", columnar::LogicalType::Decimal(12, 3)},
               {"c", columnar::LogicalType::Varchar()},
               {"d", columnar::LogicalType::Timestamp(6)}};
  return o;
}

INSTANTIATE_TEST_SUITE_P(
    Files, CsvAgainstDuckDB,
    ::testing::Values(
        CsvCase{
            "tricky.csv",
            "id,name,amount,ratio,flag,day,ts,note\r\n"
            "1,\"Smith, John\",12,0.5,true,2024-01-31,2024-01-31 10:00:00,\"He said "
            "\"\"hi\"\"\"\r\n"
            "2,\"multi\r\nline\",-7,1e3,false,2023-12-01,2023-12-01 23:59:59.123456,\r\n"
            "3,,0,-2.25,,1999-01-01,1970-01-01 00:00:00,\"\"\r\n"
            "4,\"\xc3\xbc\xe2\x82\xac\xf0\x9f\x98\x80\",9223372036854775807,,TRUE,2000-02-29,"
            "2000-02-29 12:34:56.5,plain\r\n"
            "5,\" padded \",-9223372036854775808,1.5e-7,False,1900-03-01,2262-04-11 23:47:16,x\r\n",
            CsvOptions(','),
            "header=true, delim=',', quote='\"', escape='\"', nullstr='', "
            "allow_quoted_nulls=false"},
        CsvCase{
            "semicolons.csv",
            "k;v;d;n\n"
            "a;\"x;y\";01/02/2024;1\n"
            "b;\"q\\\"r\";31/12/1999;\n"
            "c;;15/06/2000;3.25\n"
            "d;\"back\\\\slash\";29/02/2024;-4\n",
            CsvOptions(';', '\\', "%d/%m/%Y"),
            "header=true, delim=';', quote='\"', escape='\\', dateformat='%d/%m/%Y', nullstr='', "
            "allow_quoted_nulls=false"},
        CsvCase{"explicit.csv.gz",
                "1,2.5,x,2024-01-02 03:04:05\n"
                "2,,\"y,z\",\n"
                "-3,-0.125,,1969-12-31 23:59:59.999999\n",
                ExplicitColumns(),
                "header=false, columns={'a': 'BIGINT', 'b': 'DECIMAL(12,3)', 'c': 'VARCHAR', 'd': "
                "'TIMESTAMP'}, "
                "nullstr='', allow_quoted_nulls=false"},
        CsvCase{"detected.csv",
                "x|when|at|score\n"
                "1|2024-01-01|10:30:00|7\n"
                "2|2024-01-02|11:00:00.5|\n"
                "3|2024-01-03|23:59:59|-1.5\n",
                csv::CsvReadOptions{}, ""}),
    [](const auto& info) {
      std::string n = info.param.name.substr(0, info.param.name.find('.'));
      return n;
    });

struct JsonCase {
  std::string name;
  std::string contents;
  std::string duckdb_options;
};

class JsonAgainstDuckDB : public ::testing::TestWithParam<JsonCase> {};

TEST_P(JsonAgainstDuckDB, SameColumnsTypesAndRows) {
  ASSERT_TRUE(PeerAvailable()) << "run scripts/install-deps.sh";
  const JsonCase& c = GetParam();
  floe::testing::TempDir dir;
  std::string path = dir.Join(c.name);
  floe::testing::WriteFileOrDie(path, c.contents);
  auto io = io::LocalFileIO();
  json::JsonReadOptions options;
  auto schema = json::InferJsonSchema(io.get(), {path}, options, MemoryPool::Default());
  ASSERT_TRUE(schema.ok()) << schema.status().ToString();
  std::vector<std::string> names;
  std::vector<std::pair<std::string, std::string>> types;
  for (const auto& col : schema->columns) {
    names.push_back(col.name);
    types.emplace_back(col.name, col.type.ToString());
  }
  auto reader = json::JsonReader::Open(io.get(), path, *schema, options, MemoryPool::Default());
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  std::string rows;
  columnar::Chunk chunk;
  while (true) {
    auto more = (*reader)->Next(&chunk);
    ASSERT_TRUE(more.ok()) << more.status().ToString();
    if (!*more) break;
    AppendJsonRows(chunk, names, &rows);
  }
  std::string report;
  int rc = Compare(dir, c.name, rows, types,
                   "SELECT * FROM read_json(" + Sql(path) + ", " + c.duckdb_options + ")", &report);
  EXPECT_EQ(rc, 0) << report;
}

// DuckDB makes a timestamp column only of strings in one strptime format
// (floe takes any mix of ISO forms), so each file keeps to one form.
INSTANTIATE_TEST_SUITE_P(
    Files, JsonAgainstDuckDB,
    ::testing::Values(
        JsonCase{"lines.jsonl",
                 "{\"id\": 1, \"name\": \"a\\\"b\", \"score\": 1.5, \"ok\": true, \"day\": "
                 "\"2024-01-02\", "
                 "\"tags\": {\"k\": [1, 2]}}\n"
                 "{\"id\": 2, \"name\": null, \"score\": 2, \"day\": \"2024-02-29\"}\n"
                 "\n"
                 "{\"id\": 3, \"name\": \"\\u00fc\\n\\t\", \"ok\": false, \"score\": -0.25, "
                 "\"tags\": {\"k\": []}, "
                 "\"at\": \"2024-01-02 10:00:00.5\"}\n",
                 "format='newline_delimited'"},
        JsonCase{"array.json",
                 "[\n  {\"a\": 1, \"t\": \"2024-01-01 10:00:00\", \"l\": [\"x\", \"y\"]},\n"
                 "  {\"a\": 9007199254740993, \"t\": \"2024-01-02 11:30:00\", \"s\": "
                 "\"\\ud83d\\ude00\"}\n]\n",
                 "format='array'"}),
    [](const auto& info) { return info.param.name.substr(0, info.param.name.find('.')); });

}  // namespace
}  // namespace floe::formats
