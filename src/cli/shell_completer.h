#pragma once

// Tab completion for `floe sql`: SQL keywords, and the schema, table and
// column names of the catalog, which a background thread reads into a
// cache so that a slow or broken catalog never holds up the prompt.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "cli/line_editor.h"

namespace floe::catalog {
class Catalog;
}

namespace floe::cli {

/// Completes keywords and catalog names. Thread-safe.
class ShellCompleter : public LineCompleter {
 public:
  /// `catalog` (may be null: keywords only) must outlive the completer;
  /// `catalog_name` is the name qualified names may start with ("iceberg").
  ShellCompleter(catalog::Catalog* catalog, std::string catalog_name);
  /// Waits for a catalog read under way to end.
  ~ShellCompleter() override;
  ShellCompleter(const ShellCompleter&) = delete;
  ShellCompleter& operator=(const ShellCompleter&) = delete;

  /// Rereads the names in the background (after a statement may have
  /// changed them), with columns for the tables of `schema`; returns at once.
  void Refresh(const std::string& schema);

  /// Keywords in the case the word is typed in (upper unless it starts in
  /// lower case); names as the catalog has them; "schema.table" and
  /// "table.column" after a dot. Waits at most 100 ms for a first read of
  /// the catalog; after that, uses what the last read found.
  std::vector<std::string> Complete(std::string_view before_cursor, size_t* word_start) override;

  /// Waits until the reads asked for so far are done (tests).
  void TestingWaitForRefresh();

 private:
  struct Cache;
  std::unique_ptr<Cache> cache_;
};

}  // namespace floe::cli
