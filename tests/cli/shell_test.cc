// `floe sql` run as a user runs it in scripts: -c, -f and standard input,
// every output format, errors and exit codes, against a temporary warehouse.
#include <sys/wait.h>

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "sql_test_tables.h"
#include "testing/temp_dir.h"

namespace floe {
namespace {

const std::string kFloe = std::string(FLOE_BINARY_DIR) + "/floe";

std::string Quote(const std::string& s) {
  std::string out = "'";
  for (char ch : s) out += ch == '\'' ? std::string("'\\''") : std::string(1, ch);
  return out + "'";
}

struct Outcome {
  int code = -1;
  std::string out, err;
};

class ShellTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto warehouse = sql::TestWarehouse::Make(dir_.path(), "default");
    ASSERT_TRUE(warehouse.ok()) << warehouse.status().ToString();
    Status st = (*warehouse)
                    ->Load("orders", "",
                           "SELECT * FROM (VALUES (1, 'apple', 2.50, 'say \"hi\"'), "
                           "(2, 'banana', NULL, 'two' || chr(10) || 'lines'), "
                           "(3, 'kiwi 网', 10.00, '')) t(id, name, price, note)");
    ASSERT_TRUE(st.ok()) << st.ToString();
    st = (*warehouse)->Load("demo.sales", "", "SELECT 5 AS amount");
    ASSERT_TRUE(st.ok()) << st.ToString();
  }

  // Runs `floe sql --warehouse <dir> ARGS` with `input` on standard input.
  Outcome Floe(const std::string& args, const std::string& input = "") {
    testing::WriteFileOrDie(dir_.Join("stdin.txt"), input);
    const std::string command = "timeout 120 " + kFloe + " sql --warehouse " + dir_.path() + " " +
                                args + " <" + dir_.Join("stdin.txt") + " >" +
                                dir_.Join("stdout.txt") + " 2>" + dir_.Join("stderr.txt");
    Outcome run;
    const int status = std::system(command.c_str());
    run.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    run.out = testing::ReadFileOrDie(dir_.Join("stdout.txt"));
    run.err = testing::ReadFileOrDie(dir_.Join("stderr.txt"));
    return run;
  }

  Outcome Format(const std::string& format) {
    return Floe("--output-format " + format + " -c " +
                Quote("SELECT id, name, price, note FROM orders ORDER BY id"));
  }

  testing::TempDir dir_;
};

TEST_F(ShellTest, CsvIsTheDefaultOutsideATerminal) {
  Outcome run = Floe("-c " + Quote("SELECT id, name, price, note FROM orders ORDER BY id"));
  EXPECT_EQ(run.code, 0) << run.err;
  EXPECT_EQ(run.err, "");
  EXPECT_EQ(run.out,
            "\"1\",\"apple\",\"2.50\",\"say \"\"hi\"\"\"\n"
            "\"2\",\"banana\",\"\",\"two\nlines\"\n"
            "\"3\",\"kiwi 网\",\"10.00\",\"\"\n");
  EXPECT_EQ(Format("csv").out, run.out);
}

TEST_F(ShellTest, CsvVariants) {
  EXPECT_EQ(Format("csv_header").out,
            "\"id\",\"name\",\"price\",\"note\"\n"
            "\"1\",\"apple\",\"2.50\",\"say \"\"hi\"\"\"\n"
            "\"2\",\"banana\",\"\",\"two\nlines\"\n"
            "\"3\",\"kiwi 网\",\"10.00\",\"\"\n");
  EXPECT_EQ(Format("csv_unquoted").out,
            "1,apple,2.50,say \"\"hi\"\"\n"
            "2,banana,,two\nlines\n"
            "3,kiwi 网,10.00,\n");
  EXPECT_EQ(Format("CSV_HEADER_UNQUOTED").out,
            "id,name,price,note\n"
            "1,apple,2.50,say \"\"hi\"\"\n"
            "2,banana,,two\nlines\n"
            "3,kiwi 网,10.00,\n");
}

TEST_F(ShellTest, TsvVariants) {
  const std::string rows =
      "1\tapple\t2.50\tsay \"hi\"\n"
      "2\tbanana\t\ttwo\\nlines\n"
      "3\tkiwi 网\t10.00\t\n";
  EXPECT_EQ(Format("tsv").out, rows);
  EXPECT_EQ(Format("tsv_header").out, "id\tname\tprice\tnote\n" + rows);
}

TEST_F(ShellTest, Json) {
  EXPECT_EQ(Format("json").out,
            "{\"id\":1,\"name\":\"apple\",\"price\":\"2.50\",\"note\":\"say \\\"hi\\\"\"}\n"
            "{\"id\":2,\"name\":\"banana\",\"price\":null,\"note\":\"two\\nlines\"}\n"
            "{\"id\":3,\"name\":\"kiwi 网\",\"price\":\"10.00\",\"note\":\"\"}\n");
}

TEST_F(ShellTest, AlignedAndVertical) {
  EXPECT_EQ(Format("aligned").out,
            " id |  name   | price |   note   \n"
            "----+---------+-------+----------\n"
            "  1 | apple   |  2.50 | say \"hi\" \n"
            "  2 | banana  |  NULL | two     +\n"
            "    |         |       | lines    \n"
            "  3 | kiwi 网 | 10.00 |          \n"
            "(3 rows)\n");
  EXPECT_EQ(Format("vertical").out,
            "-[ RECORD 1 ]---\n"
            "id    | 1\n"
            "name  | apple\n"
            "price | 2.50\n"
            "note  | say \"hi\"\n"
            "-[ RECORD 2 ]---\n"
            "id    | 2\n"
            "name  | banana\n"
            "price | NULL\n"
            "note  | two\n"
            "      | lines\n"
            "-[ RECORD 3 ]---\n"
            "id    | 3\n"
            "name  | kiwi 网\n"
            "price | 10.00\n"
            "note  | \n");
  Outcome null = Format("null");
  EXPECT_EQ(null.code, 0);
  EXPECT_EQ(null.out, "");
}

TEST_F(ShellTest, StatementsFromAFileRunInOrderAndBackslashGIsVertical) {
  testing::WriteFileOrDie(dir_.Join("script.sql"),
                          "-- a comment; with a semicolon\n"
                          "SELECT count(*) AS n FROM orders;\n"
                          "SELECT name FROM orders WHERE name LIKE '%;%' OR id = 1;\n"
                          "/* last */ SELECT 'x' AS a, 2 AS b\\G\n"
                          "SELECT 'no terminator'\n");
  Outcome run = Floe("-f " + dir_.Join("script.sql"));
  EXPECT_EQ(run.code, 0) << run.err;
  EXPECT_EQ(run.out,
            "\"3\"\n"
            "\"apple\"\n"
            "-[ RECORD 1 ]\n"
            "a | x\n"
            "b | 2\n"
            "\"no terminator\"\n");
  Outcome missing = Floe("-f " + dir_.Join("nope.sql"));
  EXPECT_EQ(missing.code, 1);
  EXPECT_NE(missing.err.find("cannot read " + dir_.Join("nope.sql")), std::string::npos)
      << missing.err;
}

TEST_F(ShellTest, StatementsFromStandardInput) {
  Outcome run =
      Floe("--output-format tsv", "SELECT 1 AS a;\nSELECT name FROM orders\nWHERE id = 2;\n");
  EXPECT_EQ(run.code, 0) << run.err;
  EXPECT_EQ(run.out, "1\nbanana\n");
  EXPECT_EQ(Floe("", "").out, "");
}

TEST_F(ShellTest, FirstErrorStopsWithItsLineAndColumn) {
  Outcome run = Floe("-c " + Quote("SELECT 1; SELECT\n  nope\nFROM orders; SELECT 3"));
  EXPECT_EQ(run.code, 1);
  EXPECT_EQ(run.out, "\"1\"\n");
  EXPECT_EQ(run.err.rfind("Query failed: line 2:3: Column 'nope' cannot be resolved", 0), 0u)
      << run.err;
  EXPECT_EQ(std::count(run.err.begin(), run.err.end(), '\n'), 1) << run.err;

  Outcome ignoring = Floe("--ignore-errors -c " + Quote("SELECT 1; SELECT nope; SELECT 3"));
  EXPECT_EQ(ignoring.code, 1);
  EXPECT_EQ(ignoring.out, "\"1\"\n\"3\"\n");

  Outcome missing = Floe("-c " + Quote("SELECT * FROM no_such_table"));
  EXPECT_EQ(missing.code, 1);
  EXPECT_NE(missing.err.find("Query failed: "), std::string::npos);
  EXPECT_NE(missing.err.find("no_such_table"), std::string::npos) << missing.err;
}

TEST_F(ShellTest, SchemaAndCatalogFlagsResolveNames) {
  Outcome run = Floe("--schema demo -c " + Quote("SELECT amount FROM sales"));
  EXPECT_EQ(run.code, 0) << run.err;
  EXPECT_EQ(run.out, "\"5\"\n");
  run = Floe("-c " + Quote("SELECT amount FROM iceberg.demo.sales"));
  EXPECT_EQ(run.out, "\"5\"\n") << run.err;
  run = Floe(
      "--catalog iceberg --schema default --threads 1 --memory-limit 64MB "
      "--session task_concurrency=1 --session query_max_memory=1GB --timezone UTC -c " +
      Quote("SELECT count(*) FROM orders"));
  EXPECT_EQ(run.code, 0) << run.err;
  EXPECT_EQ(run.out, "\"3\"\n");
}

// Statements share the shell's session: USE and SET SESSION carry over to
// the next statement; DDL and INSERT print no result set in batch mode.
TEST_F(ShellTest, StatementsShareTheSession) {
  Outcome run = Floe("-c " + Quote("CREATE SCHEMA s; USE s; CREATE TABLE t (x bigint); "
                                   "INSERT INTO t VALUES 1, 2; SET SESSION task_concurrency = 1; "
                                   "SELECT count(*) FROM t; SHOW TABLES"));
  EXPECT_EQ(run.code, 0) << run.err;
  EXPECT_EQ(run.out, "\"2\"\n\"t\"\n");
  run = Floe("--session colour=red -c " + Quote("SELECT 1"));
  EXPECT_NE(run.code, 0);
  EXPECT_NE(run.err.find("Session property 'colour' does not exist"), std::string::npos)
      << run.err;
}

TEST_F(ShellTest, MissingWarehouseIsCreatedEmpty) {
  const std::string fresh = dir_.Join("fresh/warehouse");
  Outcome run = Floe("--warehouse " + fresh + " -c " + Quote("SELECT 40 + 2 AS answer"));
  EXPECT_EQ(run.code, 0) << run.err;
  EXPECT_EQ(run.out, "\"42\"\n");
  EXPECT_TRUE(std::filesystem::exists(fresh + "/catalog.db"));
}

TEST_F(ShellTest, BadArgumentsExitWithUsage) {
  Outcome run = Floe("--output-format xml -c 'SELECT 1'");
  EXPECT_EQ(run.code, 2);
  EXPECT_NE(run.err.find("unknown output format 'xml'"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("usage: floe sql"), std::string::npos);
  EXPECT_EQ(Floe("--frobnicate").code, 2);
  EXPECT_EQ(Floe("--session nonsense -c 'SELECT 1'").code, 2);
  EXPECT_EQ(Floe("--memory-limit lots -c 'SELECT 1'").code, 2);
  EXPECT_EQ(Floe("-c 'SELECT 1' -f x.sql").code, 2);
  EXPECT_EQ(Floe("--schema").code, 2);
  Outcome help = Floe("--help");
  EXPECT_EQ(help.code, 0);
  EXPECT_NE(help.out.find("--output-format"), std::string::npos);
}

}  // namespace
}  // namespace floe
