#include "cli/statement_splitter.h"

namespace floe::cli {

namespace {

bool IsSpace(char ch) {
  return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f' || ch == '\v';
}

std::string Trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && IsSpace(s[b])) ++b;
  while (e > b && IsSpace(s[e - 1])) --e;
  return std::string(s.substr(b, e - b));
}

// The scanner's one step: where the token starting at `i` ends. Quoted
// text and comments are skipped whole; an unterminated one runs to the end
// of the input (the statement is still being typed). `code` tells whether
// the token is ordinary SQL, where a terminator counts.
size_t SkipToken(std::string_view s, size_t i, bool* code) {
  *code = false;
  const char ch = s[i];
  if (ch == '\'' || ch == '"' || ch == '`') {
    // The quote doubled inside is the escape; it reads as two adjacent
    // quoted parts, which is the same to a splitter.
    size_t close = s.find(ch, i + 1);
    return close == std::string_view::npos ? s.size() : close + 1;
  }
  if (ch == '-' && i + 1 < s.size() && s[i + 1] == '-') {
    size_t eol = s.find('\n', i + 2);
    return eol == std::string_view::npos ? s.size() : eol + 1;
  }
  if (ch == '/' && i + 1 < s.size() && s[i + 1] == '*') {
    size_t close = s.find("*/", i + 2);
    return close == std::string_view::npos ? s.size() : close + 2;
  }
  *code = true;
  return i + 1;
}

}  // namespace

StatementSplit SplitStatements(std::string_view text, bool end_of_input) {
  StatementSplit split;
  size_t start = 0, i = 0;
  while (i < text.size()) {
    bool code;
    const size_t next = SkipToken(text, i, &code);
    const bool semicolon = code && text[i] == ';';
    const bool vertical = code && text[i] == '\\' && i + 1 < text.size() && text[i + 1] == 'G';
    if (!semicolon && !vertical) {
      i = next;
      continue;
    }
    std::string_view sql = text.substr(start, i - start);
    if (!IsEmptyStatement(sql)) split.complete.push_back({Trim(sql), vertical});
    i += vertical ? 2 : 1;
    start = split.consumed = i;
  }
  split.partial = std::string(text.substr(start));
  if (end_of_input && !IsEmptyStatement(split.partial)) {
    split.complete.push_back({Trim(split.partial), false});
    split.partial.clear();
    split.consumed = text.size();
  }
  return split;
}

bool IsEmptyStatement(std::string_view sql) {
  size_t i = 0;
  while (i < sql.size()) {
    bool code;
    const size_t next = SkipToken(sql, i, &code);
    if (code ? !IsSpace(sql[i]) : sql[i] != '-' && sql[i] != '/') return false;
    i = next;
  }
  return true;
}

}  // namespace floe::cli
