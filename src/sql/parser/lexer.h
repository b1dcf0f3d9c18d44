#pragma once

// Splitting SQL text into tokens (Trino's lexical rules): identifiers,
// "quoted identifiers", 'strings' with '' escapes, X'hex' binaries, numbers,
// operators, ? parameters; -- and /* */ comments skipped.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "sql/parser/ast.h"

namespace floe::sql {

struct Token {
  enum class Kind : uint8_t {
    kIdentifier,        // text lower-cased; raw keeps the original
    kQuotedIdentifier,  // text as written inside the quotes ("" unescaped)
    kString,            // text: the value ('' unescaped)
    kBinary,            // text: the hex digits of X'...'
    kInteger,           // 123
    kDecimal,           // 1.5, .5, 1.
    kDouble,            // 1e10, 1.5E-3
    kOperator,          // + - * / % || = <> != < <= > >= ( ) , . ; [ ] -> =>
    kParameter,         // ?
    kEnd,
  };
  Kind kind = Kind::kEnd;
  std::string text;
  std::string raw;  // the token as written
  Position pos;

  bool Is(Kind k, std::string_view t) const { return kind == k && text == t; }
  /// An unquoted identifier equal to `keyword` (lower case).
  bool IsKeyword(std::string_view keyword) const {
    return kind == Kind::kIdentifier && text == keyword;
  }
  bool IsOp(std::string_view op) const { return kind == Kind::kOperator && text == op; }
};

/// The tokens of `sql`, ending with a kEnd token. Invalid ("line 1:9:
/// unterminated string") for text no token can start.
Result<std::vector<Token>> Tokenize(std::string_view sql);

/// Whether `word` (lower case) is one of Trino's reserved words, which need
/// quotes to be used as identifiers.
bool IsReservedWord(std::string_view word);

}  // namespace floe::sql
