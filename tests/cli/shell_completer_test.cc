#include "cli/shell_completer.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "catalog/sql_catalog.h"
#include "io/file_io.h"
#include "sql_test_tables.h"
#include "testing/temp_dir.h"

namespace floe::cli {
namespace {

using Words = std::vector<std::string>;

Words Complete(ShellCompleter* c, const std::string& line, std::string* word = nullptr) {
  size_t start = 0;
  Words words = c->Complete(line, &start);
  if (word != nullptr) *word = line.substr(start);
  return words;
}

class ShellCompleterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto warehouse = sql::TestWarehouse::Make(dir_.path(), "default");
    ASSERT_TRUE(warehouse.ok()) << warehouse.status().ToString();
    ASSERT_TRUE((*warehouse)->Load("orders", "", "SELECT 1 AS order_id, 'x' AS customer").ok());
    ASSERT_TRUE((*warehouse)->Load("demo.sales", "", "SELECT 1 AS amount").ok());
    catalog::SqlCatalogOptions options;
    options.database_path = dir_.Join("catalog.db");
    options.warehouse = dir_.Join("warehouse");
    options.file_io = io::LocalFileIO();
    auto catalog = catalog::SqlCatalog::Open(options);
    ASSERT_TRUE(catalog.ok()) << catalog.status().ToString();
    catalog_ = *catalog;
  }

  testing::TempDir dir_;
  std::shared_ptr<catalog::SqlCatalog> catalog_;
};

TEST_F(ShellCompleterTest, KeywordsInTheCaseTyped) {
  ShellCompleter completer(catalog_.get(), "iceberg");
  std::string word;
  EXPECT_EQ(Complete(&completer, "SEL", &word), Words{"SELECT"});
  EXPECT_EQ(word, "SEL");
  EXPECT_EQ(Complete(&completer, "select * fr"), Words{"from"});
  EXPECT_EQ(Complete(&completer, "SELECT 1 "), Words{});
}

TEST_F(ShellCompleterTest, SchemaTableAndColumnNames) {
  ShellCompleter completer(catalog_.get(), "iceberg");
  completer.Refresh("default");
  completer.TestingWaitForRefresh();
  std::string word;
  // Keywords and names alike.
  EXPECT_EQ(Complete(&completer, "SELECT * FROM orde", &word),
            (Words{"order", "order_id", "orders"}));
  EXPECT_EQ(word, "orde");
  EXPECT_EQ(Complete(&completer, "SELECT * FROM orders"), Words{"orders"});
  EXPECT_EQ(Complete(&completer, "SELECT cust"), Words{"customer"});
  EXPECT_EQ(Complete(&completer, "SELECT orders.ord"), Words{"orders.order_id"});
  EXPECT_EQ(Complete(&completer, "FROM dem"), Words{"demo"});
  EXPECT_EQ(Complete(&completer, "FROM demo.s"), Words{"demo.sales"});
  EXPECT_EQ(Complete(&completer, "FROM iceberg.demo.s"), Words{"iceberg.demo.sales"});
  EXPECT_EQ(Complete(&completer, "FROM iceberg.de"), (Words{"iceberg.default", "iceberg.demo"}));
  // Columns come for the current schema's tables.
  completer.Refresh("demo");
  completer.TestingWaitForRefresh();
  EXPECT_EQ(Complete(&completer, "SELECT amo"), Words{"amount"});
  EXPECT_EQ(Complete(&completer, "SELECT cust"), Words{});
}

// A catalog that fails everything, or is slow to answer.
class BrokenCatalog : public catalog::Catalog {
 public:
  explicit BrokenCatalog(std::chrono::milliseconds delay) : delay_(delay) {}
  const std::string& name() const override { return name_; }
  std::shared_ptr<io::FileIO> file_io() const override { return nullptr; }
  Status CreateNamespace(const catalog::Namespace&,
                         const std::map<std::string, std::string>&) override {
    return Fail();
  }
  Result<std::vector<catalog::Namespace>> ListNamespaces(const catalog::Namespace&) override {
    std::this_thread::sleep_for(delay_);
    return Fail();
  }
  Result<bool> NamespaceExists(const catalog::Namespace&) override { return Fail(); }
  Result<std::map<std::string, std::string>> LoadNamespaceProperties(
      const catalog::Namespace&) override {
    return Fail();
  }
  Status UpdateNamespaceProperties(const catalog::Namespace&,
                                   const std::map<std::string, std::string>&,
                                   const std::vector<std::string>&) override {
    return Fail();
  }
  Status DropNamespace(const catalog::Namespace&) override { return Fail(); }
  Result<std::vector<catalog::TableIdentifier>> ListTables(const catalog::Namespace&) override {
    return Fail();
  }
  Result<bool> TableExists(const catalog::TableIdentifier&) override { return Fail(); }
  Result<catalog::LoadedTable> CreateTable(const catalog::TableIdentifier&,
                                           const catalog::TableCreation&) override {
    return Fail();
  }
  Result<catalog::LoadedTable> LoadTable(const catalog::TableIdentifier&) override {
    return Fail();
  }
  Result<catalog::LoadedTable> RegisterTable(const catalog::TableIdentifier&,
                                             const std::string&) override {
    return Fail();
  }
  Status DropTable(const catalog::TableIdentifier&, bool) override { return Fail(); }
  Status RenameTable(const catalog::TableIdentifier&, const catalog::TableIdentifier&) override {
    return Fail();
  }
  Result<catalog::LoadedTable> CommitTable(const catalog::TableIdentifier&,
                                           const std::vector<iceberg::TableRequirement>&,
                                           const std::vector<iceberg::TableUpdate>&) override {
    return Fail();
  }

 private:
  static Status Fail() { return Status::IOError("catalog database is gone"); }
  std::string name_ = "iceberg";
  std::chrono::milliseconds delay_;
};

TEST(ShellCompleterBrokenCatalogTest, FailingCatalogStillCompletesKeywords) {
  BrokenCatalog broken(std::chrono::milliseconds(0));
  ShellCompleter completer(&broken, "iceberg");
  completer.Refresh("default");
  completer.TestingWaitForRefresh();
  EXPECT_EQ(Complete(&completer, "SELECT * FROM ord"), (Words{"order", "ordinality"}));
}

TEST(ShellCompleterBrokenCatalogTest, SlowCatalogDoesNotHoldUpCompletion) {
  BrokenCatalog slow(std::chrono::milliseconds(1500));
  ShellCompleter completer(&slow, "iceberg");
  completer.Refresh("default");
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(Complete(&completer, "SELE"), Words{"SELECT"});
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(1000));
}

}  // namespace
}  // namespace floe::cli
