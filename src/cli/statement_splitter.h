#pragma once

// Splitting the shell's input into statements, as the Trino CLI does: a
// statement ends at ';' (or "\G", which asks for vertical output) outside
// string literals, quoted identifiers and comments. The shell knows nothing
// more of SQL than this; each statement goes whole to the engine.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace floe::cli {

/// A complete statement, without its terminator, trimmed of whitespace.
struct SplitStatement {
  std::string sql;
  /// Ended by "\G": print this one result in vertical format.
  bool vertical = false;
};

/// What SplitStatements found.
struct StatementSplit {
  /// The complete statements in input order; statements holding only
  /// whitespace and comments are dropped.
  std::vector<SplitStatement> complete;
  /// The text after the last terminator (a statement still being typed).
  std::string partial;
  /// The length of the input up to and including the last terminator.
  size_t consumed = 0;
};

/// Splits `text` at the terminators outside '...' strings (with '' inside),
/// "..." and `...` identifiers, -- line comments and /* */ comments. With
/// `end_of_input` (a file, -c), the text after the last terminator is a
/// statement too, unless it is empty.
StatementSplit SplitStatements(std::string_view text, bool end_of_input = false);

/// True when `sql` holds nothing but whitespace and comments.
bool IsEmptyStatement(std::string_view sql);

}  // namespace floe::cli
