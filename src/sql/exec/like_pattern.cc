#include "sql/exec/like_pattern.h"

#include <algorithm>
#include <cstdint>

namespace floe::sql {

namespace {

// Bytes of the UTF-8 code point starting with byte c (1 for invalid bytes).
size_t CodePointLength(unsigned char c) {
  if (c < 0x80) return 1;
  if ((c >> 5) == 0x6) return 2;
  if ((c >> 4) == 0xE) return 3;
  if ((c >> 3) == 0x1E) return 4;
  return 1;
}

}  // namespace

Result<LikePattern> LikePattern::Compile(std::string_view pattern, std::string_view escape,
                                         bool has_escape) {
  if (has_escape && escape.size() != 1) {
    return Status::Invalid("Escape string must be a single character");
  }
  LikePattern p;
  for (size_t i = 0; i < pattern.size(); ++i) {
    char c = pattern[i];
    if (has_escape && c == escape[0]) {
      if (i + 1 >= pattern.size() ||
          (pattern[i + 1] != '%' && pattern[i + 1] != '_' && pattern[i + 1] != escape[0])) {
        return Status::Invalid(
            "Escape character must be followed by '%', '_' or the escape character");
      }
      c = pattern[++i];
    } else if (c == '%') {
      if (p.tokens_.empty() || p.tokens_.back().kind != Token::kAny)
        p.tokens_.push_back({Token::kAny, ""});
      continue;
    } else if (c == '_') {
      p.tokens_.push_back({Token::kOne, ""});
      continue;
    }
    if (p.tokens_.empty() || p.tokens_.back().kind != Token::kLiteral)
      p.tokens_.push_back({Token::kLiteral, ""});
    p.tokens_.back().text.push_back(c);
  }
  const auto& t = p.tokens_;
  auto lit = [&](size_t i) { return i < t.size() && t[i].kind == Token::kLiteral; };
  auto any = [&](size_t i) { return i < t.size() && t[i].kind == Token::kAny; };
  if (t.empty()) {
    p.shape_ = Shape::kExact;
  } else if (t.size() == 1 && lit(0)) {
    p.shape_ = Shape::kExact;
    p.literal_ = t[0].text;
  } else if (t.size() == 2 && lit(0) && any(1)) {
    p.shape_ = Shape::kPrefix;
    p.literal_ = t[0].text;
  } else if (t.size() == 2 && any(0) && lit(1)) {
    p.shape_ = Shape::kSuffix;
    p.literal_ = t[1].text;
  } else if (t.size() == 3 && any(0) && lit(1) && any(2)) {
    p.shape_ = Shape::kContains;
    p.literal_ = t[1].text;
  }
  return p;
}

bool LikePattern::MatchFrom(size_t token, std::string_view s) const {
  // The greedy wildcard match: on a mismatch, go back to just after the
  // last '%' and let it swallow one more character. O(|s| * |pattern|),
  // whatever the pattern.
  size_t pos = 0;
  size_t star = SIZE_MAX, star_pos = 0;
  while (pos < s.size() || token < tokens_.size()) {
    if (token < tokens_.size()) {
      const Token& t = tokens_[token];
      if (t.kind == Token::kAny) {
        star = token++;
        star_pos = pos;
        continue;
      }
      if (t.kind == Token::kOne && pos < s.size()) {
        pos += std::min(s.size() - pos, CodePointLength(static_cast<unsigned char>(s[pos])));
        ++token;
        continue;
      }
      if (t.kind == Token::kLiteral && s.substr(pos, t.text.size()) == t.text) {
        pos += t.text.size();
        ++token;
        continue;
      }
    }
    if (star == SIZE_MAX || star_pos >= s.size()) return false;
    // Clamped: a truncated UTF-8 sequence at the end must not step past it.
    star_pos =
        std::min(s.size(), star_pos + CodePointLength(static_cast<unsigned char>(s[star_pos])));
    pos = star_pos;
    token = star + 1;
  }
  return true;
}

bool LikePattern::Matches(std::string_view s) const {
  switch (shape_) {
    case Shape::kExact:
      return s == literal_;
    case Shape::kPrefix:
      return s.substr(0, literal_.size()) == literal_;
    case Shape::kSuffix:
      return s.size() >= literal_.size() && s.substr(s.size() - literal_.size()) == literal_;
    case Shape::kContains:
      return s.find(literal_) != std::string_view::npos;
    case Shape::kGeneral:
      break;
  }
  return MatchFrom(0, s);
}

}  // namespace floe::sql
