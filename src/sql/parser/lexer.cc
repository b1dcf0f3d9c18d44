#include "sql/parser/lexer.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "common/str_cat.h"

namespace floe::sql {

namespace {

bool IsIdentStart(unsigned char c) { return std::isalpha(c) || c == '_' || c >= 0x80; }
bool IsIdentPart(unsigned char c) {
  return std::isalnum(c) || c == '_' || c == '@' || c == ':' || c >= 0x80;
}

}  // namespace

bool IsReservedWord(std::string_view word) {
  // Trino's reserved keywords (https://trino.io/docs/current/language/reserved.html).
  static const std::set<std::string_view> kReserved = {"alter",        "and",
                                                       "as",           "between",
                                                       "by",           "case",
                                                       "cast",         "constraint",
                                                       "create",       "cross",
                                                       "cube",         "current_catalog",
                                                       "current_date", "current_path",
                                                       "current_role", "current_schema",
                                                       "current_time", "current_timestamp",
                                                       "current_user", "deallocate",
                                                       "delete",       "describe",
                                                       "distinct",     "drop",
                                                       "else",         "end",
                                                       "escape",       "except",
                                                       "execute",      "exists",
                                                       "extract",      "false",
                                                       "for",          "from",
                                                       "full",         "group",
                                                       "grouping",     "having",
                                                       "in",           "inner",
                                                       "insert",       "intersect",
                                                       "into",         "is",
                                                       "join",         "json_array",
                                                       "json_exists",  "json_object",
                                                       "json_query",   "json_table",
                                                       "json_value",   "left",
                                                       "like",         "listagg",
                                                       "localtime",    "localtimestamp",
                                                       "natural",      "normalize",
                                                       "not",          "null",
                                                       "on",           "or",
                                                       "order",        "outer",
                                                       "prepare",      "recursive",
                                                       "right",        "rollup",
                                                       "select",       "skip",
                                                       "table",        "then",
                                                       "trim",         "true",
                                                       "uescape",      "union",
                                                       "unnest",       "using",
                                                       "values",       "when",
                                                       "where",        "with"};
  return kReserved.count(word) != 0;
}

Result<std::vector<Token>> Tokenize(std::string_view sql) {
  std::vector<Token> out;
  size_t i = 0;
  int line = 1;
  size_t line_start = 0;
  auto pos_at = [&](size_t at) { return Position{line, static_cast<int>(at - line_start) + 1}; };
  auto advance_lines = [&](size_t from, size_t to) {
    for (size_t k = from; k < to; ++k) {
      if (sql[k] == '\n') {
        ++line;
        line_start = k + 1;
      }
    }
  };
  auto error = [&](Position p, const std::string& what) {
    return Status::Invalid("line ", p.line, ":", p.column, ": ", what);
  };
  while (i < sql.size()) {
    unsigned char c = static_cast<unsigned char>(sql[i]);
    if (std::isspace(c)) {
      advance_lines(i, i + 1);
      ++i;
      continue;
    }
    if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      while (i < sql.size() && sql[i] != '\n') ++i;
      continue;
    }
    if (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*') {
      Position p = pos_at(i);
      size_t end = sql.find("*/", i + 2);
      if (end == std::string_view::npos) return error(p, "unterminated comment");
      advance_lines(i, end + 2);
      i = end + 2;
      continue;
    }
    Token t;
    t.pos = pos_at(i);
    size_t start = i;
    if ((c == 'x' || c == 'X') && i + 1 < sql.size() && sql[i + 1] == '\'') {
      size_t end = sql.find('\'', i + 2);
      if (end == std::string_view::npos) return error(t.pos, "unterminated binary literal");
      t.kind = Token::Kind::kBinary;
      t.text = std::string(sql.substr(i + 2, end - i - 2));
      for (char h : t.text) {
        if (!std::isxdigit(static_cast<unsigned char>(h)) && h != ' ') {
          return error(
              t.pos, StrCat("binary literal can only contain hexadecimal digits: X'", t.text, "'"));
        }
      }
      t.text.erase(std::remove(t.text.begin(), t.text.end(), ' '), t.text.end());
      if (t.text.size() % 2 != 0)
        return error(t.pos, "binary literal must contain an even number of digits");
      i = end + 1;
    } else if (IsIdentStart(c)) {
      while (i < sql.size() && IsIdentPart(static_cast<unsigned char>(sql[i]))) ++i;
      t.kind = Token::Kind::kIdentifier;
      t.text = std::string(sql.substr(start, i - start));
      for (char& ch : t.text) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    } else if (c == '"' || c == '\'') {
      const char quote = static_cast<char>(c);
      std::string value;
      ++i;
      bool closed = false;
      while (i < sql.size()) {
        if (sql[i] == quote) {
          if (i + 1 < sql.size() && sql[i + 1] == quote) {
            value.push_back(quote);
            i += 2;
            continue;
          }
          closed = true;
          ++i;
          break;
        }
        value.push_back(sql[i++]);
      }
      if (!closed)
        return error(t.pos,
                     quote == '"' ? "unterminated quoted identifier" : "unterminated string");
      advance_lines(start, i);
      if (quote == '"' && value.empty())
        return error(t.pos, "zero-length delimited identifier not allowed");
      t.kind = quote == '"' ? Token::Kind::kQuotedIdentifier : Token::Kind::kString;
      t.text = std::move(value);
    } else if (std::isdigit(c) || (c == '.' && i + 1 < sql.size() &&
                                   std::isdigit(static_cast<unsigned char>(sql[i + 1])))) {
      bool dot = false, exponent = false;
      while (i < sql.size()) {
        unsigned char d = static_cast<unsigned char>(sql[i]);
        if (std::isdigit(d) || d == '_') {
          ++i;
        } else if (d == '.' && !dot && !exponent) {
          dot = true;
          ++i;
        } else if ((d == 'e' || d == 'E') && !exponent) {
          size_t k = i + 1;
          if (k < sql.size() && (sql[k] == '+' || sql[k] == '-')) ++k;
          if (k < sql.size() && std::isdigit(static_cast<unsigned char>(sql[k]))) {
            exponent = true;
            i = k;
          } else {
            break;
          }
        } else {
          break;
        }
      }
      if (i < sql.size() && IsIdentStart(static_cast<unsigned char>(sql[i]))) {
        return error(t.pos, StrCat("invalid number '", sql.substr(start, i + 1 - start), "'"));
      }
      t.kind = exponent ? Token::Kind::kDouble
               : dot    ? Token::Kind::kDecimal
                        : Token::Kind::kInteger;
      t.text = std::string(sql.substr(start, i - start));
      t.text.erase(std::remove(t.text.begin(), t.text.end(), '_'), t.text.end());
    } else if (c == '?') {
      t.kind = Token::Kind::kParameter;
      t.text = "?";
      ++i;
    } else {
      static const char* kTwo[] = {"||", "<>", "!=", "<=", ">=", "->", "=>"};
      t.kind = Token::Kind::kOperator;
      for (const char* op : kTwo) {
        if (sql.substr(i, 2) == op) {
          t.text = op;
          break;
        }
      }
      if (t.text.empty()) {
        if (std::string_view("+-*/%=<>(),.;[]").find(static_cast<char>(c)) ==
            std::string_view::npos) {
          return error(t.pos,
                       StrCat("unexpected character '", std::string(1, static_cast<char>(c)), "'"));
        }
        t.text = std::string(1, static_cast<char>(c));
      }
      i += t.text.size();
    }
    t.raw = std::string(sql.substr(start, i - start));
    out.push_back(std::move(t));
  }
  Token end;
  end.kind = Token::Kind::kEnd;
  end.pos = pos_at(sql.size());
  end.raw = "<EOF>";
  out.push_back(std::move(end));
  return out;
}

}  // namespace floe::sql
