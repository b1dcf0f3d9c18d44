// libFuzzer: SQL text from untrusted clients (shell, pgwire, Trino
// protocol, HTTP). Whatever parses must print back as SQL that parses to a
// tree that prints the same.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "sql/parser/parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace floe::sql;
  std::string_view sql(reinterpret_cast<const char*>(data), size);
  auto stmts = ParseStatements(sql);
  if (!stmts.ok()) return 0;
  for (const auto& stmt : *stmts) {
    std::string printed = stmt->ToSql();
    auto again = ParseStatement(printed);
    // The printed form parenthesizes every operation, so a statement near
    // the nesting limit may print deeper than the limit: that alone is fine.
    if (!again.ok() && again.status().message().find("nests deeper") != std::string::npos) continue;
    if (!again.ok() || (*again)->ToSql() != printed) std::abort();
  }
  return 0;
}
