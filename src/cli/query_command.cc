// `floe query`: runs SQL against a warehouse's SQLite catalog and prints
// the result as the Trino CLI does (aligned columns). The interactive shell
// and `floe serve` build on the same engine.

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

#include "catalog/sql_catalog.h"
#include "cli/commands.h"
#include "io/file_io.h"
#include "sql/query_runner.h"

namespace floe::cli {

namespace {

void Usage(FILE* out) {
  std::fputs(
      "usage: floe query --warehouse DIR [--schema NAME] [--threads N] [--memory-limit BYTES]\n"
      "                  [--format table|tsv] [SQL]\n"
      "Runs SQL (the argument, or standard input) against the Iceberg tables of DIR\n"
      "(catalog DIR/catalog.db, as iceberg.<schema>.<table>).\n",
      out);
}

// Trino CLI's aligned output: a header, a rule, the rows, then "(n rows)".
void PrintTable(const sql::QueryResult& r) {
  const auto rows = r.ToRows();
  std::vector<size_t> widths;
  for (const auto& n : r.names) widths.push_back(n.size());
  for (const auto& row : rows) {
    for (size_t c = 0; c < row.size(); ++c) widths[c] = std::max(widths[c], row[c].size());
  }
  auto line = [&](const std::vector<std::string>& cells) {
    std::string out;
    for (size_t c = 0; c < cells.size(); ++c) {
      out += (c ? " | " : " ") + cells[c] + std::string(widths[c] - cells[c].size(), ' ');
    }
    std::puts(out.c_str());
  };
  line(r.names);
  std::string rule;
  for (size_t c = 0; c < widths.size(); ++c)
    rule += (c ? "-+-" : "-") + std::string(widths[c], '-');
  std::puts(rule.c_str());
  for (const auto& row : rows) line(row);
  std::printf("(%zu row%s)\n", rows.size(), rows.size() == 1 ? "" : "s");
}

}  // namespace

int RunQuery(const std::vector<std::string>& args) {
  std::string warehouse, schema = "default", format = "table", sql;
  int threads = 0;
  int64_t memory_limit = 0;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= args.size()) {
        std::fprintf(stderr, "floe query: %s needs a value\n", a.c_str());
        std::exit(2);
      }
      return args[++i];
    };
    if (a == "--warehouse") {
      warehouse = value();
    } else if (a == "--schema") {
      schema = value();
    } else if (a == "--threads") {
      threads = std::atoi(value().c_str());
    } else if (a == "--memory-limit") {
      memory_limit = std::atoll(value().c_str());
    } else if (a == "--format") {
      format = value();
    } else if (a == "--help" || a == "-h") {
      Usage(stdout);
      return 0;
    } else if (!a.empty() && a[0] == '-') {
      std::fprintf(stderr, "floe query: unknown option %s\n", a.c_str());
      Usage(stderr);
      return 2;
    } else {
      sql = a;
    }
  }
  if (warehouse.empty() || (format != "table" && format != "tsv")) {
    Usage(stderr);
    return 2;
  }
  if (sql.empty()) sql.assign(std::istreambuf_iterator<char>(std::cin), {});
  catalog::SqlCatalogOptions options;
  options.database_path = warehouse + "/catalog.db";
  options.warehouse = warehouse + "/warehouse";
  options.file_io = io::LocalFileIO();
  auto catalog = catalog::SqlCatalog::Open(options);
  if (!catalog.ok()) {
    std::fprintf(stderr, "floe query: %s\n", catalog.status().ToString().c_str());
    return 1;
  }
  sql::Session session;
  session.schema = schema;
  sql::QueryOptions query;
  query.catalog = catalog->get();
  query.session = &session;
  query.threads = threads;
  query.memory_limit = memory_limit;
  auto result = sql::RunStatement(sql, query);
  if (!result.ok()) {
    std::fprintf(stderr, "Query failed: %s\n", result.status().message().c_str());
    return 1;
  }
  if (result->names.empty()) {
    std::puts(result->update_type.c_str());  // as the Trino CLI prints DDL
    return 0;
  }
  if (format == "tsv") {
    for (const auto& row : result->ToRows()) {
      std::string out;
      for (size_t c = 0; c < row.size(); ++c) out += (c ? "\t" : "") + row[c];
      std::puts(out.c_str());
    }
  } else if (result->names.size() == 1 && result->names[0] == "Query Plan") {
    std::fputs(result->ToRows()[0][0].c_str(), stdout);
  } else {
    PrintTable(*result);
  }
  return 0;
}

}  // namespace floe::cli
