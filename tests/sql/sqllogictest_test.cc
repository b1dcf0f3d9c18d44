// Runs tests/sql/*.test: SQL in sqllogictest format against a fresh SQLite
// catalog with local Iceberg tables. One gtest per file.
//
// Records are separated by blank lines:
//   # a comment
//   load schema.table [partitioned by column]   create a table holding the
//   SELECT ...                                   rows of the query
//
//   statement ok | statement error [message substring]
//     | statement warning [substring of one of its warnings]
//   SQL
//
//   query <one letter per column> [nosort | rowsort]
//   SQL
//   ----
//   expected rows, cells separated by tabs (NULL, (empty) for '')
//
//   threads N                                    threads of later queries
//   session time_zone Europe/Berlin              session zone of later queries
//   session start_time 2024-03-10 12:00:00       their start instant (UTC), for
//                                                current_timestamp and friends
//
//   file data/a.csv                              writes the lines after it
//   id,name                                      (with a final newline) to
//   1,x                                          ${FILES}/data/a.csv
//
// In SQL and expected rows, ${FILES} is the directory of those files and
// ${FIXTURES} ../shared/fixtures.

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/date_time.h"
#include "sql/query_runner.h"
#include "sql_test_tables.h"
#include "testing/temp_dir.h"

namespace floe::sql {
namespace {

struct Record {
  enum class Kind {
    kStatementOk,
    kStatementError,
    kStatementWarning,
    kQuery,
    kLoad,
    kThreads,
    kSession,
    kFile
  };
  Kind kind = Kind::kStatementOk;
  int line = 0;
  std::string header;  // the first line
  std::string sql;
  std::string error;     // kStatementError: expected substring
  std::string types;     // kQuery
  bool rowsort = false;  // kQuery
  std::vector<std::string> expected;
  std::string table;           // kLoad
  std::string partition;       // kLoad
  int threads = 0;             // kThreads
  std::string setting, value;  // kSession
  std::string path;            // kFile (its lines are in `expected`)
};

std::vector<std::string> Words(const std::string& line) {
  std::istringstream in(line);
  std::vector<std::string> words;
  std::string w;
  while (in >> w) words.push_back(w);
  return words;
}

std::vector<Record> Parse(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  std::string line;
  while (std::getline(in, line)) lines.push_back(line);
  std::vector<Record> records;
  size_t i = 0;
  while (i < lines.size()) {
    if (lines[i].empty() || lines[i][0] == '#') {
      ++i;
      continue;
    }
    Record r;
    r.line = static_cast<int>(i + 1);
    r.header = lines[i];
    std::vector<std::string> w = Words(lines[i++]);
    if (w[0] == "statement" && w.size() >= 2 && w[1] == "ok") {
      r.kind = Record::Kind::kStatementOk;
    } else if (w[0] == "statement" && w.size() >= 2 && w[1] == "error") {
      r.kind = Record::Kind::kStatementError;
      const std::string prefix = "statement error";
      r.error = r.header.size() > prefix.size() + 1 ? r.header.substr(prefix.size() + 1) : "";
    } else if (w[0] == "statement" && w.size() >= 2 && w[1] == "warning") {
      r.kind = Record::Kind::kStatementWarning;
      const std::string prefix = "statement warning";
      r.error = r.header.size() > prefix.size() + 1 ? r.header.substr(prefix.size() + 1) : "";
    } else if (w[0] == "query") {
      r.kind = Record::Kind::kQuery;
      r.types = w.size() >= 2 ? w[1] : "";
      r.rowsort = w.size() >= 3 && w[2] == "rowsort";
    } else if (w[0] == "load" && w.size() >= 2) {
      r.kind = Record::Kind::kLoad;
      r.table = w[1];
      if (w.size() >= 5 && w[2] == "partitioned" && w[3] == "by") r.partition = w[4];
    } else if (w[0] == "session" && w.size() >= 3) {
      r.kind = Record::Kind::kSession;
      r.setting = w[1];
      r.value = r.header.substr(r.header.find(w[1]) + w[1].size() + 1);
    } else if (w[0] == "file" && w.size() == 2) {
      r.kind = Record::Kind::kFile;
      r.path = w[1];
      while (i < lines.size() && !lines[i].empty()) r.expected.push_back(lines[i++]);
      records.push_back(std::move(r));
      continue;
    } else if (w[0] == "threads" && w.size() == 2) {
      r.kind = Record::Kind::kThreads;
      r.threads = std::stoi(w[1]);
      records.push_back(r);
      continue;
    } else {
      ADD_FAILURE() << path << ":" << r.line << ": unknown record '" << r.header << "'";
      ++i;
      continue;
    }
    bool results = false;
    while (i < lines.size() && !lines[i].empty()) {
      if (lines[i] == "----") {
        results = true;
      } else if (results) {
        r.expected.push_back(lines[i]);
      } else {
        r.sql += (r.sql.empty() ? "" : "\n") + lines[i];
      }
      ++i;
    }
    records.push_back(std::move(r));
  }
  return records;
}

class SqlLogicTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    auto warehouse = TestWarehouse::Make(dir_.path());
    ASSERT_TRUE(warehouse.ok()) << warehouse.status().ToString();
    warehouse_ = std::move(*warehouse);
  }

  Result<QueryResult> Run(const std::string& sql) {
    return warehouse_->Run(Expand(sql), threads_, time_zone_, start_time_micros_);
  }

  std::string FilesDir() const { return dir_.path() + "/files"; }

  // ${FILES} and ${FIXTURES} replaced.
  std::string Expand(std::string text) const {
    for (const auto& [var, value] : {std::pair<std::string, std::string>{"${FILES}", FilesDir()},
                                     {"${FIXTURES}", floe::testing::FixturesDir()}}) {
      for (size_t at = text.find(var); at != std::string::npos; at = text.find(var, at))
        text.replace(at, var.size(), value);
    }
    return text;
  }

  floe::testing::TempDir dir_;
  std::unique_ptr<TestWarehouse> warehouse_;
  int threads_ = 2;
  std::string time_zone_ = "UTC";
  int64_t start_time_micros_ = 0;
};

std::string Cells(const std::vector<std::string>& row) {
  std::string out;
  for (size_t i = 0; i < row.size(); ++i) {
    out += (i ? "\t" : "") + (row[i].empty() ? std::string("(empty)") : row[i]);
  }
  return out;
}

TEST_P(SqlLogicTest, Runs) {
  const std::string path = GetParam();
  for (const Record& r : Parse(path)) {
    const std::string where = path + ":" + std::to_string(r.line);
    switch (r.kind) {
      case Record::Kind::kSession:
        if (r.setting == "time_zone") {
          time_zone_ = r.value;
        } else if (r.setting == "start_time") {
          int digits;
          ASSERT_TRUE(ParseTimestamp(r.value, &start_time_micros_, &digits))
              << path << ":" << r.line << ": bad start_time " << r.value;
        } else {
          ADD_FAILURE() << path << ":" << r.line << ": unknown session setting " << r.setting;
        }
        break;
      case Record::Kind::kThreads:
        threads_ = r.threads;
        break;
      case Record::Kind::kFile: {
        const std::filesystem::path path = FilesDir() + "/" + r.path;
        std::filesystem::create_directories(path.parent_path());
        std::ofstream out(path, std::ios::binary);
        for (const auto& line : r.expected) out << Expand(line) << "\n";
        ASSERT_TRUE(out.good()) << where << ": cannot write " << path;
        break;
      }
      case Record::Kind::kLoad: {
        Status st = warehouse_->Load(r.table, r.partition, r.sql);
        ASSERT_TRUE(st.ok()) << where << ": load failed: " << st.ToString();
        break;
      }
      case Record::Kind::kStatementOk: {
        auto result = Run(r.sql);
        EXPECT_TRUE(result.ok()) << where << ": " << result.status().ToString() << "\n" << r.sql;
        break;
      }
      case Record::Kind::kStatementWarning: {
        auto result = Run(r.sql);
        if (!result.ok()) {
          ADD_FAILURE() << where << ": " << result.status().ToString() << "\n" << r.sql;
          break;
        }
        std::string all;
        for (const auto& w : result->warnings) all += w + "\n";
        EXPECT_NE(all.find(Expand(r.error)), std::string::npos)
            << where << ": expected a warning containing '" << r.error << "', got '" << all << "'";
        break;
      }
      case Record::Kind::kStatementError: {
        auto result = Run(r.sql);
        if (result.ok()) {
          ADD_FAILURE() << where << ": expected an error, the statement succeeded\n" << r.sql;
        } else {
          EXPECT_NE(result.status().message().find(Expand(r.error)), std::string::npos)
              << where << ": expected an error containing '" << r.error << "', got '"
              << result.status().message() << "'";
        }
        break;
      }
      case Record::Kind::kQuery: {
        auto result = Run(r.sql);
        if (!result.ok()) {
          ADD_FAILURE() << where << ": " << result.status().ToString() << "\n" << r.sql;
          break;
        }
        EXPECT_EQ(result->types.size(), r.types.size()) << where << ": column count";
        std::vector<std::string> actual;
        for (const auto& row : result->ToRows()) actual.push_back(Cells(row));
        std::vector<std::string> expected;
        for (const auto& e : r.expected) expected.push_back(Expand(e));
        if (r.rowsort) {
          std::sort(actual.begin(), actual.end());
          std::sort(expected.begin(), expected.end());
        }
        if (actual != expected) {
          std::string a, e;
          for (const auto& s : actual) a += s + "\n";
          for (const auto& s : expected) e += s + "\n";
          ADD_FAILURE() << where << ": wrong result\n"
                        << r.sql << "\n--- expected\n"
                        << e << "--- actual\n"
                        << a;
        }
        break;
      }
    }
  }
}

std::vector<std::string> TestFiles() {
  std::vector<std::string> files;
  for (const auto& entry :
       std::filesystem::directory_iterator(std::string(FLOE_SOURCE_DIR) + "/tests/sql")) {
    if (entry.path().extension() == ".test") files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

INSTANTIATE_TEST_SUITE_P(Files, SqlLogicTest, ::testing::ValuesIn(TestFiles()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string name = std::filesystem::path(info.param).stem().string();
                           for (auto& c : name) {
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return name;
                         });

}  // namespace
}  // namespace floe::sql
