#pragma once

// SQL LIKE patterns: % matches any sequence of characters, _ exactly one
// (a UTF-8 code point), an escape character makes the next % or _ (or
// itself) literal. Compiled once into literal pieces so that the common
// shapes ('abc%', '%abc', '%abc%', exact) match with one comparison.

#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace floe::sql {

/// A compiled LIKE pattern. Immutable; thread-safe.
class LikePattern {
 public:
  /// Invalid (Trino's message) when the escape is not one character or
  /// the pattern ends in the escape or escapes a character other than
  /// %, _ or the escape itself.
  static Result<LikePattern> Compile(std::string_view pattern, std::string_view escape = {},
                                     bool has_escape = false);
  bool Matches(std::string_view s) const;

 private:
  // Tokens: a literal run, '_' (one code point) or '%' (any run).
  struct Token {
    enum Kind : uint8_t { kLiteral, kOne, kAny } kind;
    std::string text;
  };
  bool MatchFrom(size_t token, std::string_view s) const;
  std::vector<Token> tokens_;
  enum class Shape : uint8_t {
    kGeneral,
    kExact,
    kPrefix,
    kSuffix,
    kContains
  } shape_ = Shape::kGeneral;
  std::string literal_;  // for the simple shapes
};

}  // namespace floe::sql
