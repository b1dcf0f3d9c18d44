#include "formats/text/file_glob.h"

#include <bitset>
#include <cstdint>

#include "io/file_io.h"

namespace floe::formats::text {

namespace {

// One element of a compiled pattern.
struct GlobToken {
  enum Kind : uint8_t {
    kLiteral,      // `c`
    kAnyChar,      // ?
    kStar,         // * (stays inside one segment)
    kClass,        // [...]
    kAnySegments,  // "**/": empty, or any text ending in '/'
    kAnything,     // a final "**": any text, '/' included
  };
  Kind kind = kLiteral;
  char c = 0;
  std::bitset<256> set;  // kClass: the characters it accepts
};

// Parses a bracket expression starting at pattern[i] == '['; on success
// fills `token` and returns the index after ']', else returns i (literal '[').
size_t ParseClass(std::string_view pattern, size_t i, GlobToken* token) {
  size_t j = i + 1;
  bool negate = false;
  if (j < pattern.size() && (pattern[j] == '!' || pattern[j] == '^')) {
    negate = true;
    ++j;
  }
  std::bitset<256> set;
  bool first = true;
  while (j < pattern.size() && (pattern[j] != ']' || first)) {
    first = false;
    auto lo = static_cast<uint8_t>(pattern[j]);
    if (j + 2 < pattern.size() && pattern[j + 1] == '-' && pattern[j + 2] != ']') {
      auto hi = static_cast<uint8_t>(pattern[j + 2]);
      for (unsigned c = lo; c <= hi; ++c) set.set(c);
      j += 3;
    } else {
      set.set(lo);
      ++j;
    }
  }
  if (j >= pattern.size()) return i;
  if (negate) set.flip();
  set.reset('/');
  token->kind = GlobToken::kClass;
  token->set = set;
  return j + 1;
}

std::vector<GlobToken> Compile(std::string_view pattern) {
  std::vector<GlobToken> tokens;
  size_t i = 0;
  while (i < pattern.size()) {
    char c = pattern[i];
    GlobToken t;
    t.kind = GlobToken::kLiteral;
    if (c == '*') {
      size_t run = i;
      while (run < pattern.size() && pattern[run] == '*') ++run;
      bool segment_start = i == 0 || pattern[i - 1] == '/';
      if (run - i >= 2 && segment_start && run < pattern.size() && pattern[run] == '/') {
        t.kind = GlobToken::kAnySegments;
        i = run + 1;
      } else if (run - i >= 2 && segment_start && run == pattern.size()) {
        t.kind = GlobToken::kAnything;
        i = run;
      } else {
        t.kind = GlobToken::kStar;
        i = run;
      }
    } else if (c == '?') {
      t.kind = GlobToken::kAnyChar;
      ++i;
    } else if (c == '[') {
      size_t next = ParseClass(pattern, i, &t);
      if (next == i) {
        t.c = c;
        ++i;
      } else {
        i = next;
      }
    } else {
      t.c = c;
      ++i;
    }
    tokens.push_back(t);
  }
  return tokens;
}

}  // namespace

bool HasGlob(std::string_view path) { return path.find_first_of("*?[") != std::string_view::npos; }

bool GlobMatch(std::string_view pattern, std::string_view path) {
  std::vector<GlobToken> tokens = Compile(pattern);
  const size_t n = path.size();
  // Dynamic programming from the end: next[j] says whether the tokens after
  // the current one match path[j:], cur[j] whether the current one onwards does.
  std::vector<uint8_t> next(n + 1, 0), cur(n + 1, 0);
  next[n] = 1;
  for (size_t k = tokens.size(); k-- > 0;) {
    const GlobToken& t = tokens[k];
    // For kAnySegments: whether some '/' at or after j ends a prefix after
    // which the rest matches.
    bool slash_then_rest = false;
    for (size_t j = n + 1; j-- > 0;) {
      bool m = false;
      auto ch = j < n ? static_cast<uint8_t>(path[j]) : 0;
      switch (t.kind) {
        case GlobToken::kLiteral:
          m = j < n && path[j] == t.c && next[j + 1];
          break;
        case GlobToken::kAnyChar:
          m = j < n && ch != '/' && next[j + 1];
          break;
        case GlobToken::kClass:
          m = j < n && t.set.test(ch) && next[j + 1];
          break;
        case GlobToken::kStar:
          m = next[j] || (j < n && ch != '/' && cur[j + 1]);
          break;
        case GlobToken::kAnything:
          m = next[j] || (j < n && cur[j + 1]);
          break;
        case GlobToken::kAnySegments:
          if (j < n && ch == '/' && next[j + 1]) slash_then_rest = true;
          m = next[j] || slash_then_rest;
          break;
      }
      cur[j] = m;
    }
    next.swap(cur);
  }
  return next[0] != 0;
}

Result<std::vector<std::string>> ExpandFilePatterns(io::FileIO* io,
                                                    const std::vector<std::string>& patterns) {
  std::vector<std::string> files;
  for (const std::string& pattern : patterns) {
    if (!HasGlob(pattern)) {
      files.push_back(pattern);
      continue;
    }
    // List the literal text before the first glob character: on an object
    // store that is one prefix listing, however deep the pattern goes.
    std::string prefix = pattern.substr(0, pattern.find_first_of("*?["));
    FLOE_ASSIGN_OR_RETURN(auto listing, io->List(prefix));
    // The local FileIO lists plain paths for "file://" prefixes.
    std::string_view match_pattern = pattern;
    constexpr std::string_view kFileScheme = "file://";
    if (match_pattern.starts_with(kFileScheme) && !listing.empty() &&
        !listing.front().path.starts_with(kFileScheme)) {
      match_pattern.remove_prefix(kFileScheme.size());
    }
    size_t before = files.size();
    for (const auto& f : listing) {
      if (GlobMatch(match_pattern, f.path)) files.push_back(f.path);
    }
    if (files.size() == before) return Status::Invalid("no files match '", pattern, "'");
  }
  return files;
}

}  // namespace floe::formats::text
