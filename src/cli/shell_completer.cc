#include "cli/shell_completer.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "catalog/catalog.h"
#include "cli/shell_thread.h"

namespace floe::cli {

namespace {

// Trino's keywords and the words of its statements that a user types most.
constexpr const char* kKeywords[] = {
    "ALL",       "ALTER",    "ANALYZE",   "AND",          "ANY",        "ARRAY",     "AS",
    "ASC",       "BETWEEN",  "BIGINT",    "BOOLEAN",      "BY",         "CALL",      "CASE",
    "CAST",      "CATALOGS", "COLUMN",    "COLUMNS",      "COMMENT",    "COMMIT",    "CREATE",
    "CROSS",     "CUBE",     "CURRENT",   "DATA",         "DATE",       "DECIMAL",   "DEFAULT",
    "DELETE",    "DESC",     "DESCRIBE",  "DISTINCT",     "DOUBLE",     "DROP",      "ELSE",
    "END",       "ESCAPE",   "EXCEPT",    "EXECUTE",      "EXISTS",     "EXPLAIN",   "EXTRACT",
    "FALSE",     "FETCH",    "FILTER",    "FIRST",        "FOLLOWING",  "FOR",       "FORMAT",
    "FROM",      "FULL",     "FUNCTIONS", "GRANT",        "GROUP",      "GROUPING",  "HAVING",
    "IF",        "IN",       "INNER",     "INSERT",       "INTEGER",    "INTERSECT", "INTERVAL",
    "INTO",      "IS",       "JOIN",      "LAST",         "LATERAL",    "LEFT",      "LIKE",
    "LIMIT",     "LOGICAL",  "MAP",       "MATERIALIZED", "MERGE",      "NATURAL",   "NOT",
    "NULL",      "NULLS",    "OFFSET",    "ON",           "OR",         "ORDER",     "ORDINALITY",
    "OUTER",     "OVER",     "PARTITION", "PRECEDING",    "PROPERTIES", "RANGE",     "REAL",
    "RECURSIVE", "RENAME",   "REPLACE",   "RESET",        "RIGHT",      "ROLLBACK",  "ROLLUP",
    "ROW",       "ROWS",     "SCHEMA",    "SCHEMAS",      "SELECT",     "SESSION",   "SET",
    "SETS",      "SHOW",     "SMALLINT",  "STATS",        "TABLE",      "TABLES",    "TABLESAMPLE",
    "THEN",      "TIME",     "TIMESTAMP", "TINYINT",      "TO",         "TRUE",      "TRUNCATE",
    "UNBOUNDED", "UNION",    "UNNEST",    "UPDATE",       "USE",        "USING",     "VALUES",
    "VARBINARY", "VARCHAR",  "VIEW",      "WHEN",         "WHERE",      "WINDOW",    "WITH",
    "ZONE",
};

constexpr size_t kMaxSchemas = 200;
constexpr size_t kMaxTablesPerSchema = 2000;
// Loading a table reads its metadata file; columns are read for this many
// tables of the current schema at most.
constexpr size_t kMaxTablesWithColumns = 200;

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& ch : out) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return out;
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.compare(0, prefix.size(), prefix) == 0;
}

bool IsWordChar(char ch) {
  return std::isalnum(static_cast<unsigned char>(ch)) || ch == '_' || ch == '.';
}

// What one read of the catalog found.
struct Names {
  std::vector<std::string> schemas;
  std::map<std::string, std::vector<std::string>> tables;   // schema -> tables
  std::map<std::string, std::vector<std::string>> columns;  // "schema.table" -> columns
  std::string schema;                                       // the current one
};

}  // namespace

struct ShellCompleter::Cache {
  catalog::Catalog* catalog;
  std::string catalog_name;
  std::mutex mu;
  std::condition_variable changed;
  Names names;            // GUARDED_BY(mu)
  bool loaded = false;    // GUARDED_BY(mu): a read has finished
  bool busy = false;      // GUARDED_BY(mu): a read is under way
  bool stop = false;      // GUARDED_BY(mu)
  std::string requested;  // GUARDED_BY(mu): the schema of the next read
  bool pending = false;   // GUARDED_BY(mu)
  std::thread thread;

  // The reading thread: one read per request, the newest request winning.
  void Run() {
    std::unique_lock<std::mutex> lock(mu);
    for (;;) {
      changed.wait(lock, [&] { return stop || pending; });
      if (stop) return;
      std::string schema = requested;
      pending = false;
      busy = true;
      lock.unlock();
      Names read = Read(schema);
      lock.lock();
      names = std::move(read);
      loaded = true;
      busy = false;
      changed.notify_all();
    }
  }

  // Errors leave names out: completion is a convenience, never a failure.
  Names Read(const std::string& schema) const {
    Names read;
    read.schema = schema;
    if (catalog == nullptr) return read;
    auto namespaces = catalog->ListNamespaces({});
    if (!namespaces.ok()) return read;
    for (const catalog::Namespace& ns : *namespaces) {
      if (read.schemas.size() >= kMaxSchemas) break;
      const std::string name = catalog::NamespaceToString(ns);
      read.schemas.push_back(name);
      auto tables = catalog->ListTables(ns);
      if (!tables.ok()) continue;
      auto& list = read.tables[name];
      for (const auto& id : *tables) {
        if (list.size() >= kMaxTablesPerSchema) break;
        list.push_back(id.name);
      }
      if (name != schema) continue;
      for (size_t t = 0; t < tables->size() && t < kMaxTablesWithColumns; ++t) {
        auto table = catalog->LoadTable((*tables)[t]);
        if (!table.ok()) continue;
        const iceberg::Schema* current = table->metadata.current_schema();
        if (current == nullptr) continue;
        auto& columns = read.columns[name + "." + (*tables)[t].name];
        for (const auto& field : current->fields()) columns.push_back(field.name);
      }
    }
    return read;
  }
};

ShellCompleter::ShellCompleter(catalog::Catalog* catalog, std::string catalog_name)
    : cache_(std::make_unique<Cache>()) {
  cache_->catalog = catalog;
  cache_->catalog_name = Lower(catalog_name);
  Cache* cache = cache_.get();
  cache_->thread = StartShellThread([cache] { cache->Run(); });
}

ShellCompleter::~ShellCompleter() {
  {
    std::lock_guard<std::mutex> lock(cache_->mu);
    cache_->stop = true;
  }
  cache_->changed.notify_all();
  cache_->thread.join();
}

void ShellCompleter::Refresh(const std::string& schema) {
  {
    std::lock_guard<std::mutex> lock(cache_->mu);
    cache_->requested = schema;
    cache_->pending = true;
  }
  cache_->changed.notify_all();
}

void ShellCompleter::TestingWaitForRefresh() {
  std::unique_lock<std::mutex> lock(cache_->mu);
  cache_->changed.wait(lock, [&] { return !cache_->pending && !cache_->busy; });
}

std::vector<std::string> ShellCompleter::Complete(std::string_view before_cursor,
                                                  size_t* word_start) {
  size_t start = before_cursor.size();
  while (start > 0 && IsWordChar(before_cursor[start - 1])) --start;
  *word_start = start;
  const std::string_view word = before_cursor.substr(start);
  if (word.empty()) return {};
  Names names;
  {
    std::unique_lock<std::mutex> lock(cache_->mu);
    cache_->changed.wait_for(lock, std::chrono::milliseconds(100), [&] { return cache_->loaded; });
    names = cache_->names;
  }
  const std::string lower = Lower(word);
  std::set<std::string> found;
  auto add_matching = [&](const std::vector<std::string>& candidates, const std::string& prefix,
                          std::string_view partial) {
    for (const std::string& c : candidates) {
      if (StartsWith(Lower(c), partial)) found.insert(prefix + c);
    }
  };
  const size_t dot = word.rfind('.');
  if (dot != std::string_view::npos) {
    // Qualified: "schema.ta", "iceberg.schema.ta", "iceberg.sch", "table.co".
    const std::string prefix(word.substr(0, dot + 1));
    std::string qualifier = lower.substr(0, dot);
    const std::string partial = lower.substr(dot + 1);
    if (qualifier == cache_->catalog_name) add_matching(names.schemas, prefix, partial);
    if (StartsWith(qualifier, cache_->catalog_name + ".")) {
      qualifier = qualifier.substr(cache_->catalog_name.size() + 1);
    }
    if (auto t = names.tables.find(qualifier); t != names.tables.end()) {
      add_matching(t->second, prefix, partial);
    }
    std::string table =
        qualifier.find('.') == std::string::npos ? names.schema + "." + qualifier : qualifier;
    if (auto c = names.columns.find(table); c != names.columns.end()) {
      add_matching(c->second, prefix, partial);
    }
  } else {
    const bool lower_case = std::islower(static_cast<unsigned char>(word[0])) != 0;
    for (const char* keyword : kKeywords) {
      if (StartsWith(Lower(keyword), lower)) found.insert(lower_case ? Lower(keyword) : keyword);
    }
    add_matching(names.schemas, "", lower);
    if (auto t = names.tables.find(names.schema); t != names.tables.end()) {
      add_matching(t->second, "", lower);
    }
    for (const auto& [table, columns] : names.columns) add_matching(columns, "", lower);
  }
  return {found.begin(), found.end()};
}

}  // namespace floe::cli
