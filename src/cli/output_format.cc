#include "cli/output_format.h"

#include <algorithm>
#include <cctype>

#include "columnar/logical_type.h"
#include "columnar/value_format.h"
#include "columnar/vector.h"
#include "common/json.h"

namespace floe::cli {

namespace {

struct FormatName {
  const char* name;
  OutputFormat format;
};

constexpr FormatName kFormats[] = {
    {"aligned", OutputFormat::kAligned},
    {"vertical", OutputFormat::kVertical},
    {"csv", OutputFormat::kCsv},
    {"csv_header", OutputFormat::kCsvHeader},
    {"csv_unquoted", OutputFormat::kCsvUnquoted},
    {"csv_header_unquoted", OutputFormat::kCsvHeaderUnquoted},
    {"tsv", OutputFormat::kTsv},
    {"tsv_header", OutputFormat::kTsvHeader},
    {"json", OutputFormat::kJson},
    {"null", OutputFormat::kNull},
};

// Decodes the UTF-8 sequence at s[*i], advancing *i; an invalid or
// truncated sequence yields its first byte as a code point of its own.
uint32_t NextCodePoint(std::string_view s, size_t* i) {
  const auto b0 = static_cast<unsigned char>(s[*i]);
  size_t extra = 0;
  uint32_t cp = b0;
  if (b0 >= 0xC2 && b0 < 0xE0) {
    extra = 1;
    cp = b0 & 0x1F;
  } else if (b0 >= 0xE0 && b0 < 0xF0) {
    extra = 2;
    cp = b0 & 0x0F;
  } else if (b0 >= 0xF0 && b0 < 0xF5) {
    extra = 3;
    cp = b0 & 0x07;
  }
  if (extra == 0 || s.size() - *i <= extra) {
    ++*i;
    return b0;
  }
  for (size_t k = 1; k <= extra; ++k) {
    const auto b = static_cast<unsigned char>(s[*i + k]);
    if ((b & 0xC0) != 0x80) {
      ++*i;
      return b0;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  *i += 1 + extra;
  return cp;
}

// The terminal width of one code point, after Unicode's East Asian Width
// (W and F take two cells) and its combining marks (none); a compact table
// of the ranges that occur in practice rather than the whole database.
int CodePointWidth(uint32_t cp) {
  struct Range {
    uint32_t first, last;
  };
  static constexpr Range kZero[] = {
      {0x0300, 0x036F}, {0x0483, 0x0489}, {0x0591, 0x05BD}, {0x0610, 0x061A}, {0x064B, 0x065F},
      {0x0E31, 0x0E31}, {0x0E34, 0x0E3A}, {0x1AB0, 0x1AFF}, {0x1DC0, 0x1DFF}, {0x200B, 0x200F},
      {0x20D0, 0x20FF}, {0xFE00, 0xFE0F}, {0xFE20, 0xFE2F}, {0xFEFF, 0xFEFF}, {0xE0100, 0xE01EF},
  };
  static constexpr Range kWide[] = {
      {0x1100, 0x115F},   {0x231A, 0x231B},   {0x2329, 0x232A},   {0x23E9, 0x23EC},
      {0x2E80, 0x303E},   {0x3041, 0x33FF},   {0x3400, 0x4DBF},   {0x4E00, 0x9FFF},
      {0xA000, 0xA4CF},   {0xA960, 0xA97F},   {0xAC00, 0xD7A3},   {0xF900, 0xFAFF},
      {0xFE10, 0xFE19},   {0xFE30, 0xFE6F},   {0xFF00, 0xFF60},   {0xFFE0, 0xFFE6},
      {0x1F300, 0x1F64F}, {0x1F900, 0x1F9FF}, {0x20000, 0x2FFFD}, {0x30000, 0x3FFFD},
  };
  for (const Range& r : kZero) {
    if (cp >= r.first && cp <= r.last) return 0;
  }
  for (const Range& r : kWide) {
    if (cp >= r.first && cp <= r.last) return 2;
  }
  return 1;
}

std::vector<std::string_view> SplitLines(std::string_view s) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == '\n') {
      lines.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  return lines;
}

int64_t MaxLineWidth(std::string_view s) {
  int64_t width = 0;
  for (std::string_view line : SplitLines(s)) width = std::max(width, DisplayWidth(line));
  return width;
}

// How aligned and vertical output show a value.
std::string_view Shown(const Cell& cell) {
  return cell.null ? std::string_view("NULL") : cell.text;
}

void AppendRowCount(size_t rows, std::string* out) {
  *out += "(" + std::to_string(rows) + (rows == 1 ? " row)\n" : " rows)\n");
}

void FormatAligned(const TextResult& r, std::string* out) {
  const size_t columns = r.names.size();
  std::vector<int64_t> widths(columns);
  for (size_t c = 0; c < columns; ++c) widths[c] = DisplayWidth(r.names[c]);
  for (const auto& row : r.rows) {
    for (size_t c = 0; c < columns; ++c) {
      widths[c] = std::max(widths[c], MaxLineWidth(Shown(row[c])));
    }
  }
  // Header names are centered, each column padded by one space either side.
  for (size_t c = 0; c < columns; ++c) {
    if (c > 0) out->push_back('|');
    const int64_t free = widths[c] - DisplayWidth(r.names[c]);
    out->append(static_cast<size_t>(free / 2 + 1), ' ');
    out->append(r.names[c]);
    out->append(static_cast<size_t>(free - free / 2 + 1), ' ');
  }
  out->push_back('\n');
  for (size_t c = 0; c < columns; ++c) {
    if (c > 0) out->push_back('+');
    out->append(static_cast<size_t>(widths[c] + 2), '-');
  }
  out->push_back('\n');
  std::vector<std::vector<std::string_view>> lines(columns);
  for (const auto& row : r.rows) {
    size_t height = 1;
    for (size_t c = 0; c < columns; ++c) {
      lines[c] = SplitLines(Shown(row[c]));
      height = std::max(height, lines[c].size());
    }
    for (size_t line = 0; line < height; ++line) {
      for (size_t c = 0; c < columns; ++c) {
        if (c > 0) out->push_back('|');
        std::string_view s = line < lines[c].size() ? lines[c][line] : std::string_view();
        const auto pad = static_cast<size_t>(widths[c] - DisplayWidth(s));
        if (r.numeric[c]) {
          out->append(pad + 1, ' ');
          out->append(s);
          out->push_back(' ');
        } else {
          out->push_back(' ');
          out->append(s);
          out->append(pad + 1, ' ');
        }
        // Trino marks a value that goes on in the next line with '+' in
        // place of the padding's last space, except in a one-row result
        // (EXPLAIN's plan), where nothing can be mistaken for a next row.
        if (r.rows.size() > 1 && line + 1 < lines[c].size()) out->back() = '+';
      }
      out->push_back('\n');
    }
  }
  AppendRowCount(r.rows.size(), out);
}

void FormatVertical(const TextResult& r, std::string* out) {
  if (r.rows.empty()) {
    out->append("(no rows)\n");
    return;
  }
  int64_t name_width = 0, value_width = 0;
  for (const auto& name : r.names) name_width = std::max(name_width, DisplayWidth(name));
  for (const auto& row : r.rows) {
    for (const Cell& cell : row) value_width = std::max(value_width, MaxLineWidth(Shown(cell)));
  }
  for (size_t n = 0; n < r.rows.size(); ++n) {
    // The record label's rule crosses the column separator with '+' when
    // the names reach past the label, as psql's expanded display does.
    std::string label = "-[ RECORD " + std::to_string(n + 1) + " ]";
    const auto label_width = static_cast<int64_t>(label.size());
    out->append(label);
    if (name_width + 1 >= label_width) {
      out->append(static_cast<size_t>(name_width + 1 - label_width), '-');
      out->push_back('+');
      out->append(static_cast<size_t>(value_width + 1), '-');
    } else {
      out->append(
          static_cast<size_t>(std::max<int64_t>(0, name_width + 3 + value_width - label_width)),
          '-');
    }
    out->push_back('\n');
    for (size_t c = 0; c < r.names.size(); ++c) {
      const auto pad = static_cast<size_t>(name_width - DisplayWidth(r.names[c]));
      bool first = true;
      for (std::string_view line : SplitLines(Shown(r.rows[n][c]))) {
        if (first) {
          out->append(r.names[c]);
          out->append(pad, ' ');
        } else {
          out->append(static_cast<size_t>(name_width), ' ');
        }
        first = false;
        out->append(" | ");
        out->append(line);
        out->push_back('\n');
      }
    }
  }
}

// Trino's CSV: a quote inside a value is doubled whether or not the value
// is enclosed in quotes; a null is an empty value.
void AppendCsvValue(std::string_view s, bool quote, std::string* out) {
  if (quote) out->push_back('"');
  for (char ch : s) {
    if (ch == '"') out->push_back('"');
    out->push_back(ch);
  }
  if (quote) out->push_back('"');
}

void FormatCsv(const TextResult& r, bool header, bool quote, std::string* out) {
  if (header) {
    for (size_t c = 0; c < r.names.size(); ++c) {
      if (c > 0) out->push_back(',');
      AppendCsvValue(r.names[c], quote, out);
    }
    out->push_back('\n');
  }
  for (const auto& row : r.rows) {
    for (size_t c = 0; c < row.size(); ++c) {
      if (c > 0) out->push_back(',');
      AppendCsvValue(row[c].null ? std::string_view() : row[c].text, quote, out);
    }
    out->push_back('\n');
  }
}

// Trino's TSV escapes the characters that would break a line or a field,
// and the backslash itself; other control characters pass through.
void AppendTsvValue(std::string_view s, std::string* out) {
  for (char ch : s) {
    switch (ch) {
      case '\0':
        out->append("\\0");
        break;
      case '\b':
        out->append("\\b");
        break;
      case '\f':
        out->append("\\f");
        break;
      case '\n':
        out->append("\\n");
        break;
      case '\r':
        out->append("\\r");
        break;
      case '\t':
        out->append("\\t");
        break;
      case '\\':
        out->append("\\\\");
        break;
      default:
        out->push_back(ch);
        break;
    }
  }
}

void FormatTsv(const TextResult& r, bool header, std::string* out) {
  if (header) {
    for (size_t c = 0; c < r.names.size(); ++c) {
      if (c > 0) out->push_back('\t');
      AppendTsvValue(r.names[c], out);
    }
    out->push_back('\n');
  }
  for (const auto& row : r.rows) {
    for (size_t c = 0; c < row.size(); ++c) {
      if (c > 0) out->push_back('\t');
      if (!row[c].null) AppendTsvValue(row[c].text, out);
    }
    out->push_back('\n');
  }
}

void FormatJson(const TextResult& r, std::string* out) {
  for (const auto& row : r.rows) {
    out->push_back('{');
    for (size_t c = 0; c < row.size(); ++c) {
      if (c > 0) out->push_back(',');
      json::AppendQuoted(r.names[c], out);
      out->push_back(':');
      out->append(row[c].null ? std::string_view("null") : row[c].text);
    }
    out->append("}\n");
  }
}

}  // namespace

Result<OutputFormat> ParseOutputFormat(std::string_view name) {
  std::string lower(name);
  for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  std::string known;
  for (const FormatName& f : kFormats) {
    if (lower == f.name) return f.format;
    known += known.empty() ? "" : ", ";
    known += f.name;
  }
  return Status::Invalid("unknown output format '", std::string(name), "' (one of ", known, ")");
}

void TextResult::SetColumns(const std::vector<std::string>& column_names,
                            const std::vector<columnar::LogicalType>& types) {
  names = column_names;
  numeric.assign(names.size(), false);
  for (size_t c = 0; c < types.size() && c < names.size(); ++c) {
    switch (types[c].id()) {
      case columnar::TypeId::kTinyInt:
      case columnar::TypeId::kSmallInt:
      case columnar::TypeId::kInteger:
      case columnar::TypeId::kBigInt:
      case columnar::TypeId::kReal:
      case columnar::TypeId::kDouble:
      case columnar::TypeId::kDecimal:
        numeric[c] = true;
        break;
      default:
        break;
    }
  }
}

void TextResult::AppendChunk(const columnar::Chunk& chunk, bool json) {
  for (int64_t i = 0; i < chunk.size; ++i) {
    std::vector<Cell> row(chunk.columns.size());
    for (size_t c = 0; c < chunk.columns.size(); ++c) {
      const columnar::Vector& v = *chunk.columns[c];
      if (v.IsNull(i)) {
        row[c].null = true;
      } else if (json) {
        columnar::AppendValueJson(v, i, &row[c].text);
      } else {
        columnar::AppendValueText(v, i, &row[c].text);
      }
    }
    rows.push_back(std::move(row));
  }
}

void FormatResult(OutputFormat format, const TextResult& result, std::string* out) {
  switch (format) {
    case OutputFormat::kAligned:
      FormatAligned(result, out);
      return;
    case OutputFormat::kVertical:
      FormatVertical(result, out);
      return;
    case OutputFormat::kCsv:
      FormatCsv(result, false, true, out);
      return;
    case OutputFormat::kCsvHeader:
      FormatCsv(result, true, true, out);
      return;
    case OutputFormat::kCsvUnquoted:
      FormatCsv(result, false, false, out);
      return;
    case OutputFormat::kCsvHeaderUnquoted:
      FormatCsv(result, true, false, out);
      return;
    case OutputFormat::kTsv:
      FormatTsv(result, false, out);
      return;
    case OutputFormat::kTsvHeader:
      FormatTsv(result, true, out);
      return;
    case OutputFormat::kJson:
      FormatJson(result, out);
      return;
    case OutputFormat::kNull:
      return;
  }
}

int64_t DisplayWidth(std::string_view s) {
  int64_t width = 0;
  size_t i = 0;
  while (i < s.size()) {
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      ++width;
      ++i;
      continue;
    }
    width += CodePointWidth(NextCodePoint(s, &i));
  }
  return width;
}

}  // namespace floe::cli
