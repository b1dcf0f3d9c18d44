// Trino's string functions (https://trino.io/docs/current/functions/string.html)
// and regular expression functions
// (https://trino.io/docs/current/functions/regexp.html). Strings are UTF-8;
// positions and lengths count code points. Invalid UTF-8 is passed through
// byte by byte rather than rejected.
//
// Case mapping is floe's own simple (one code point to one) mapping, as
// Java's Character.toLowerCase/toUpperCase do it, for ASCII, Latin-1,
// Latin Extended-A, Greek and Cyrillic; other code points are unchanged.
//
// Regular expressions run on RE2 (linear time; no backreferences or
// lookaround, which Trino's default Joni engine has). A pattern is compiled
// once per kernel call when it is constant, else again only when it changes.

#include <re2/re2.h>

#include <memory>
#include <string>
#include <string_view>

#include "common/str_cat.h"
#include "common/utf8.h"
#include "sql/functions/function_registry.h"

namespace floe::sql::functions {

namespace {

using columnar::StringView;
using columnar::TypeId;
using columnar::Vector;
using kernels::Input;
using kernels::Valid;
using Args = std::vector<LogicalType>;

// ---- UTF-8 ----

// Decodes the code point at s[*i], advancing *i. An invalid or truncated
// sequence yields the single byte as a negative value (-1 - byte).
int32_t DecodeUtf8(std::string_view s, size_t* i) {
  const auto b0 = static_cast<uint8_t>(s[*i]);
  if (b0 < 0x80) {
    ++*i;
    return b0;
  }
  int len = b0 >= 0xf0 && b0 < 0xf8 ? 4 : b0 >= 0xe0 ? 3 : b0 >= 0xc2 && b0 < 0xe0 ? 2 : 0;
  if (len == 0 || *i + static_cast<size_t>(len) > s.size()) {
    ++*i;
    return -1 - b0;
  }
  int32_t cp = b0 & (0x7f >> len);
  for (int k = 1; k < len; ++k) {
    const auto b = static_cast<uint8_t>(s[*i + static_cast<size_t>(k)]);
    if ((b & 0xc0) != 0x80) {
      ++*i;
      return -1 - b0;
    }
    cp = (cp << 6) | (b & 0x3f);
  }
  *i += static_cast<size_t>(len);
  return cp;
}

void AppendUtf8(int32_t cp, std::string* out) {
  if (cp < 0) {
    out->push_back(static_cast<char>(-1 - cp));  // an undecodable byte, as it was
  } else if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xc0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xe0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3f)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  } else {
    out->push_back(static_cast<char>(0xf0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3f)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3f)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  }
}

// Byte offset of code point `k` (0-based) from byte `from`, or npos when
// the text has fewer.
size_t OffsetOfCodePoint(std::string_view s, size_t from, int64_t k) {
  size_t i = from;
  for (int64_t c = 0; c < k; ++c) {
    if (i >= s.size()) return std::string_view::npos;
    ++i;
    while (i < s.size() && (static_cast<uint8_t>(s[i]) & 0xc0) == 0x80) ++i;
  }
  return i <= s.size() ? i : std::string_view::npos;
}

// ---- case mapping ----

int32_t LowerCodePoint(int32_t c) {
  if (c < 0x80) return c >= 'A' && c <= 'Z' ? c + 32 : c;
  if (c >= 0xc0 && c <= 0xde && c != 0xd7) return c + 0x20;
  if (c >= 0x100 && c <= 0x17f) {
    if (c == 0x130) return 'i';
    if (c == 0x178) return 0xff;
    if ((c >= 0x100 && c <= 0x137) || (c >= 0x14a && c <= 0x177)) return c | 1;
    if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17e)) return c % 2 == 1 ? c + 1 : c;
    return c;
  }
  if (c >= 0x391 && c <= 0x3ab && c != 0x3a2) return c + 0x20;
  if (c == 0x386) return 0x3ac;
  if (c >= 0x388 && c <= 0x38a) return c + 0x25;
  if (c == 0x38c) return 0x3cc;
  if (c == 0x38e || c == 0x38f) return c + 0x3f;
  if (c >= 0x410 && c <= 0x42f) return c + 0x20;
  if (c >= 0x400 && c <= 0x40f) return c + 0x50;
  if ((c >= 0x460 && c <= 0x481) || (c >= 0x48a && c <= 0x4bf)) return c | 1;
  return c;
}

int32_t UpperCodePoint(int32_t c) {
  if (c < 0x80) return c >= 'a' && c <= 'z' ? c - 32 : c;
  if (c >= 0xe0 && c <= 0xfe && c != 0xf7) return c - 0x20;
  if (c == 0xb5) return 0x39c;
  if (c == 0xff) return 0x178;
  if (c >= 0x100 && c <= 0x17f) {
    if (c == 0x131) return 'I';
    if (c == 0x17f) return 'S';
    if ((c >= 0x100 && c <= 0x137) || (c >= 0x14a && c <= 0x177)) return c & ~1;
    if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17e)) return c % 2 == 0 ? c - 1 : c;
    return c;
  }
  if (c >= 0x3b1 && c <= 0x3cb && c != 0x3c2) return c - 0x20;
  if (c == 0x3c2) return 0x3a3;
  if (c == 0x3ac) return 0x386;
  if (c >= 0x3ad && c <= 0x3af) return c - 0x25;
  if (c == 0x3cc) return 0x38c;
  if (c == 0x3cd || c == 0x3ce) return c - 0x3f;
  if (c >= 0x430 && c <= 0x44f) return c - 0x20;
  if (c >= 0x450 && c <= 0x45f) return c - 0x50;
  if ((c >= 0x460 && c <= 0x481) || (c >= 0x48a && c <= 0x4bf)) return c & ~1;
  return c;
}

template <int32_t (*kMap)(int32_t)>
Status MapCase(std::string* out, std::string_view s) {
  out->reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    // ASCII runs are the common case.
    const auto b = static_cast<uint8_t>(s[i]);
    if (b < 0x80) {
      out->push_back(static_cast<char>(kMap(b)));
      ++i;
      continue;
    }
    AppendUtf8(kMap(DecodeUtf8(s, &i)), out);
  }
  return Status::OK();
}

// ---- length, substr, reverse ----

int64_t Length(std::string_view s) { return Utf8CodePoints(s); }
int64_t BinaryLength(std::string_view s) { return static_cast<int64_t>(s.size()); }

// Trino's substr: 1-based start; a negative start counts from the end; a
// start of 0 or beyond either end, or a length <= 0, gives ''.
std::string_view SubstrView(std::string_view s, int64_t start, int64_t length) {
  if (start == 0 || length <= 0 || s.empty()) return {};
  size_t begin;
  if (start > 0) {
    begin = OffsetOfCodePoint(s, 0, start - 1);
    if (begin == std::string_view::npos || begin >= s.size()) return {};
  } else {
    const int64_t count = Utf8CodePoints(s);
    if (-start > count) return {};
    begin = OffsetOfCodePoint(s, 0, count + start);
  }
  size_t end = OffsetOfCodePoint(s, begin, length);
  if (end == std::string_view::npos) end = s.size();
  return s.substr(begin, end - begin);
}

Status Substr2(std::string* out, std::string_view s, int64_t start) {
  out->assign(SubstrView(s, start, INT64_MAX));
  return Status::OK();
}
Status Substr3(std::string* out, std::string_view s, int64_t start, int64_t length) {
  out->assign(SubstrView(s, start, length));
  return Status::OK();
}

Status Reverse(std::string* out, std::string_view s) {
  out->resize(s.size());
  // Copies each code point's bytes to the mirrored position.
  size_t end = s.size();
  for (size_t i = 0; i < s.size();) {
    size_t start = i;
    DecodeUtf8(s, &i);
    const size_t len = i - start;
    end -= len;
    out->replace(end, len, s.substr(start, len));
  }
  return Status::OK();
}

// ---- trim, pad ----

// Java's Character.isWhitespace, which Trino's trim follows.
bool IsWhitespace(int32_t c) {
  if (c == ' ' || (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x1f)) return true;
  if (c < 0x80) return false;
  return c == 0x1680 || (c >= 0x2000 && c <= 0x2006) || (c >= 0x2008 && c <= 0x200a) ||
         c == 0x2028 || c == 0x2029 || c == 0x205f || c == 0x3000;
}

// The code point ending at byte `end` and where it starts.
int32_t DecodeBackwards(std::string_view s, size_t end, size_t* start) {
  size_t b = end - 1;
  while (b > 0 && end - b < 4 && (static_cast<uint8_t>(s[b]) & 0xc0) == 0x80) --b;
  size_t i = b;
  int32_t cp = DecodeUtf8(s, &i);
  if (i != end) {
    *start = end - 1;
    return -1 - static_cast<uint8_t>(s[end - 1]);
  }
  *start = b;
  return cp;
}

bool InSet(int32_t c, std::string_view set) {
  for (size_t i = 0; i < set.size();) {
    if (DecodeUtf8(set, &i) == c) return true;
  }
  return false;
}

template <bool kLeft, bool kRight>
std::string_view TrimView(std::string_view s, std::string_view set, bool whitespace) {
  auto strip = [&](int32_t c) { return whitespace ? IsWhitespace(c) : InSet(c, set); };
  if constexpr (kLeft) {
    size_t i = 0;
    while (i < s.size()) {
      size_t next = i;
      if (!strip(DecodeUtf8(s, &next))) break;
      i = next;
    }
    s.remove_prefix(i);
  }
  if constexpr (kRight) {
    size_t end = s.size();
    while (end > 0) {
      size_t start;
      if (!strip(DecodeBackwards(s, end, &start))) break;
      end = start;
    }
    s = s.substr(0, end);
  }
  return s;
}

template <bool kLeft, bool kRight>
Status Trim(std::string* out, std::string_view s) {
  out->assign(TrimView<kLeft, kRight>(s, {}, true));
  return Status::OK();
}

template <bool kLeft, bool kRight>
Status TrimChars(std::string* out, std::string_view s, std::string_view chars) {
  out->assign(TrimView<kLeft, kRight>(s, chars, false));
  return Status::OK();
}

template <bool kLeft>
Status Pad(std::string* out, std::string_view s, int64_t size, std::string_view pad) {
  if (size < 0 || size > INT32_MAX)
    return Status::Invalid("Target length must be in the range [0..", INT32_MAX, "]: ", size);
  if (pad.empty()) return Status::Invalid("Padding string must not be empty");
  const int64_t length = Utf8CodePoints(s);
  if (length >= size) {
    out->assign(s.substr(0, Utf8PrefixBytes(s, size)));
    return Status::OK();
  }
  std::string fill;
  const int64_t pad_length = Utf8CodePoints(pad);
  for (int64_t need = size - length; need > 0; need -= pad_length)
    fill.append(pad.substr(0, Utf8PrefixBytes(pad, need)));
  if (kLeft) {
    out->append(fill);
    out->append(s);
  } else {
    out->append(s);
    out->append(fill);
  }
  return Status::OK();
}

// ---- search and replace ----

// Trino's replace: every occurrence; an empty search inserts the
// replacement before every code point and at the end.
Status Replace3(std::string* out, std::string_view s, std::string_view search,
                std::string_view replacement) {
  if (search.empty()) {
    for (size_t i = 0; i < s.size();) {
      out->append(replacement);
      size_t start = i;
      DecodeUtf8(s, &i);
      out->append(s.substr(start, i - start));
    }
    out->append(replacement);
    return Status::OK();
  }
  size_t from = 0;
  for (size_t hit; (hit = s.find(search, from)) != std::string_view::npos;
       from = hit + search.size()) {
    out->append(s.substr(from, hit - from));
    out->append(replacement);
  }
  out->append(s.substr(from));
  return Status::OK();
}

Status Replace2(std::string* out, std::string_view s, std::string_view search) {
  return Replace3(out, s, search, {});
}

// 1-based code point position of the first `sub`, 0 when absent.
int64_t Strpos(std::string_view s, std::string_view sub) {
  const size_t hit = s.find(sub);
  if (hit == std::string_view::npos) return 0;
  return Utf8CodePoints(s.substr(0, hit)) + 1;
}

bool StartsWith(std::string_view s, std::string_view prefix) { return s.starts_with(prefix); }

// split_part: NULL when there are fewer fields than `index`.
Status SplitPartKernel(const KernelContext& ctx) {
  Input<int64_t> index(*ctx.args[2]);
  for (int64_t i = 0; i < ctx.n; ++i) {
    ctx.out->mutable_data<StringView>()[i] = StringView();
    if (!Valid(*ctx.out, i)) continue;
    std::string_view s = ctx.args[0]->GetString(i), delim = ctx.args[1]->GetString(i);
    const int64_t k = index[i];
    if (k <= 0) return Status::Invalid("Index must be greater than zero");
    std::string_view field;
    bool found = false;
    if (delim.empty()) {
      // Every code point is a field.
      size_t begin = OffsetOfCodePoint(s, 0, k - 1);
      if (begin != std::string_view::npos && begin < s.size()) {
        field = s.substr(begin, OffsetOfCodePoint(s, begin, 1) - begin);
        found = true;
      }
    } else {
      size_t from = 0;
      for (int64_t f = 1;; ++f) {
        size_t hit = s.find(delim, from);
        if (f == k) {
          field =
              s.substr(from, hit == std::string_view::npos ? std::string_view::npos : hit - from);
          found = true;
          break;
        }
        if (hit == std::string_view::npos) break;
        from = hit + delim.size();
      }
    }
    if (!found) {
      FLOE_RETURN_NOT_OK(ctx.out->EnsureValidity());
      ctx.out->SetNull(i);
      continue;
    }
    FLOE_RETURN_NOT_OK(ctx.out->SetString(i, field));
  }
  return Status::OK();
}

// ---- code points and bytes ----

Status Chr(std::string* out, int64_t cp) {
  if (cp < 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
    return Status::Invalid("Not a valid Unicode code point: ", cp);
  AppendUtf8(static_cast<int32_t>(cp), out);
  return Status::OK();
}

Status Codepoint(int32_t* out, std::string_view s) {
  size_t i = 0;
  int32_t cp = s.empty() ? -1 : DecodeUtf8(s, &i);
  if (s.empty() || i != s.size() || cp < 0)
    return Status::Invalid("Input string must be a single character string: '", s, "'");
  *out = cp;
  return Status::OK();
}

Status ToUtf8(std::string* out, std::string_view s) {
  out->assign(s);
  return Status::OK();
}

// from_utf8: invalid sequences become U+FFFD, as Trino's default replacement.
Status FromUtf8(std::string* out, std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    int32_t cp = DecodeUtf8(s, &i);
    // Surrogates and overlong forms are not valid either.
    bool bad = cp < 0 || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff;
    AppendUtf8(bad ? 0xfffd : cp, out);
  }
  return Status::OK();
}

// concat of any number of strings.
Status ConcatKernel(const KernelContext& ctx) {
  std::string buffer;
  for (int64_t i = 0; i < ctx.n; ++i) {
    if (!Valid(*ctx.out, i)) {
      ctx.out->mutable_data<StringView>()[i] = StringView();
      continue;
    }
    buffer.clear();
    for (const Vector* a : ctx.args) buffer.append(a->GetString(i));
    FLOE_RETURN_NOT_OK(ctx.out->SetString(i, buffer));
  }
  return Status::OK();
}

// ---- regular expressions ----

// The compiled pattern of the current row, recompiled only when the
// pattern text changes (never, for a constant pattern).
class PatternCache {
 public:
  Result<const RE2*> Get(std::string_view pattern) {
    if (re_ == nullptr || pattern != pattern_) {
      pattern_.assign(pattern);
      RE2::Options options;
      options.set_log_errors(false);
      re_ = std::make_unique<RE2>(pattern_, options);
      if (!re_->ok()) {
        std::string error = re_->error();
        re_.reset();
        return Status::Invalid("Invalid regular expression '", pattern, "': ", error);
      }
    }
    return re_.get();
  }

 private:
  std::string pattern_;
  std::unique_ptr<RE2> re_;
};

re2::StringPiece Piece(std::string_view s) { return re2::StringPiece(s.data(), s.size()); }
std::string_view View(re2::StringPiece p) { return std::string_view(p.data(), p.size()); }

// The end of an empty match at `pos`: one code point further, so that
// scans always advance.
size_t AfterEmpty(std::string_view s, size_t pos) {
  if (pos >= s.size()) return pos + 1;
  DecodeUtf8(s, &pos);
  return pos;
}

Status RegexpLikeKernel(const KernelContext& ctx) {
  PatternCache cache;
  uint8_t* out = ctx.out->mutable_data<uint8_t>();
  for (int64_t i = 0; i < ctx.n; ++i) {
    out[i] = 0;
    if (!Valid(*ctx.out, i)) continue;
    FLOE_ASSIGN_OR_RETURN(const RE2* re, cache.Get(ctx.args[1]->GetString(i)));
    // Trino's regexp_like matches anywhere in the string (find, not match).
    out[i] = RE2::PartialMatch(Piece(ctx.args[0]->GetString(i)), *re) ? 1 : 0;
  }
  return Status::OK();
}

Status CheckGroup(const RE2& re, int64_t group) {
  if (group < 0 || group > re.NumberOfCapturingGroups()) {
    return Status::Invalid("Pattern has ", re.NumberOfCapturingGroups(),
                           " groups. Cannot access group ", group);
  }
  return Status::OK();
}

// regexp_extract(s, p[, group]): the first match (or its group); NULL when
// nothing matches or the group did not participate.
Status RegexpExtractKernel(const KernelContext& ctx) {
  PatternCache cache;
  std::vector<re2::StringPiece> groups;
  for (int64_t i = 0; i < ctx.n; ++i) {
    ctx.out->mutable_data<StringView>()[i] = StringView();
    if (!Valid(*ctx.out, i)) continue;
    FLOE_ASSIGN_OR_RETURN(const RE2* re, cache.Get(ctx.args[1]->GetString(i)));
    const int64_t group = ctx.args.size() > 2 ? Input<int64_t>(*ctx.args[2])[i] : 0;
    FLOE_RETURN_NOT_OK(CheckGroup(*re, group));
    std::string_view s = ctx.args[0]->GetString(i);
    groups.assign(static_cast<size_t>(group) + 1, re2::StringPiece());
    if (!re->Match(Piece(s), 0, s.size(), RE2::UNANCHORED, groups.data(),
                   static_cast<int>(group) + 1) ||
        groups[static_cast<size_t>(group)].data() == nullptr) {
      FLOE_RETURN_NOT_OK(ctx.out->EnsureValidity());
      ctx.out->SetNull(i);
      continue;
    }
    FLOE_RETURN_NOT_OK(ctx.out->SetString(i, View(groups[static_cast<size_t>(group)])));
  }
  return Status::OK();
}

// Appends Trino's (Java's Matcher.appendReplacement) expansion of
// `replacement`: $n and ${name} are groups, a backslash escapes the next
// character.
Status AppendReplacement(const RE2& re, std::string_view replacement,
                         const std::vector<re2::StringPiece>& groups, std::string* out) {
  for (size_t k = 0; k < replacement.size(); ++k) {
    char c = replacement[k];
    if (c == '\\') {
      if (++k >= replacement.size())
        return Status::Invalid("Illegal replacement sequence: ", replacement);
      out->push_back(replacement[k]);
    } else if (c == '$') {
      if (++k >= replacement.size())
        return Status::Invalid("Illegal replacement sequence: ", replacement);
      int group = -1;
      if (replacement[k] == '{') {
        size_t close = replacement.find('}', k);
        if (close == std::string_view::npos)
          return Status::Invalid("Illegal replacement sequence: ", replacement);
        std::string name(replacement.substr(k + 1, close - k - 1));
        auto it = re.NamedCapturingGroups().find(name);
        if (it == re.NamedCapturingGroups().end())
          return Status::Invalid("No group with name {", name, "}");
        group = it->second;
        k = close;
      } else if (replacement[k] >= '0' && replacement[k] <= '9') {
        // Java takes further digits while the group number stays valid.
        group = replacement[k] - '0';
        while (k + 1 < replacement.size() && replacement[k + 1] >= '0' &&
               replacement[k + 1] <= '9' &&
               group * 10 + (replacement[k + 1] - '0') <= re.NumberOfCapturingGroups()) {
          group = group * 10 + (replacement[++k] - '0');
        }
      } else {
        return Status::Invalid("Illegal group reference: ", replacement);
      }
      if (group > re.NumberOfCapturingGroups())
        return Status::Invalid("No group ", group, " in pattern ", re.pattern());
      out->append(View(groups[static_cast<size_t>(group)]));
    } else {
      out->push_back(c);
    }
  }
  return Status::OK();
}

Status RegexpReplaceKernel(const KernelContext& ctx) {
  PatternCache cache;
  std::vector<re2::StringPiece> groups;
  std::string buffer;
  for (int64_t i = 0; i < ctx.n; ++i) {
    ctx.out->mutable_data<StringView>()[i] = StringView();
    if (!Valid(*ctx.out, i)) continue;
    FLOE_ASSIGN_OR_RETURN(const RE2* re, cache.Get(ctx.args[1]->GetString(i)));
    std::string_view s = ctx.args[0]->GetString(i);
    std::string_view replacement = ctx.args.size() > 2 ? ctx.args[2]->GetString(i) : "";
    groups.assign(static_cast<size_t>(re->NumberOfCapturingGroups()) + 1, re2::StringPiece());
    buffer.clear();
    size_t pos = 0, copied = 0;
    while (pos <= s.size() && re->Match(Piece(s), pos, s.size(), RE2::UNANCHORED, groups.data(),
                                        static_cast<int>(groups.size()))) {
      const size_t begin = static_cast<size_t>(groups[0].data() - s.data());
      const size_t end = begin + groups[0].size();
      buffer.append(s.substr(copied, begin - copied));
      FLOE_RETURN_NOT_OK(AppendReplacement(*re, replacement, groups, &buffer));
      copied = end;
      pos = end == begin ? AfterEmpty(s, end) : end;
      if (end == begin && end < s.size()) {
        // An empty match: the code point after it is kept, then the scan moves on.
        buffer.append(s.substr(end, pos - end));
        copied = pos;
      }
    }
    if (copied < s.size()) buffer.append(s.substr(copied));
    FLOE_RETURN_NOT_OK(ctx.out->SetString(i, buffer));
  }
  return Status::OK();
}

Status RegexpCountKernel(const KernelContext& ctx) {
  PatternCache cache;
  int64_t* out = ctx.out->mutable_data<int64_t>();
  re2::StringPiece match;
  for (int64_t i = 0; i < ctx.n; ++i) {
    out[i] = 0;
    if (!Valid(*ctx.out, i)) continue;
    FLOE_ASSIGN_OR_RETURN(const RE2* re, cache.Get(ctx.args[1]->GetString(i)));
    std::string_view s = ctx.args[0]->GetString(i);
    int64_t count = 0;
    for (size_t pos = 0;
         pos <= s.size() && re->Match(Piece(s), pos, s.size(), RE2::UNANCHORED, &match, 1);) {
      ++count;
      const size_t end = static_cast<size_t>(match.data() - s.data()) + match.size();
      pos = match.empty() ? AfterEmpty(s, end) : end;
    }
    out[i] = count;
  }
  return Status::OK();
}

// regexp_position(s, p[, start[, occurrence]]): the 1-based code point
// position of the occurrence-th match at or after `start`, -1 when none.
Status RegexpPositionKernel(const KernelContext& ctx) {
  PatternCache cache;
  int32_t* out = ctx.out->mutable_data<int32_t>();
  re2::StringPiece match;
  for (int64_t i = 0; i < ctx.n; ++i) {
    out[i] = 0;
    if (!Valid(*ctx.out, i)) continue;
    FLOE_ASSIGN_OR_RETURN(const RE2* re, cache.Get(ctx.args[1]->GetString(i)));
    std::string_view s = ctx.args[0]->GetString(i);
    const int64_t start = ctx.args.size() > 2 ? Input<int64_t>(*ctx.args[2])[i] : 1;
    const int64_t occurrence = ctx.args.size() > 3 ? Input<int64_t>(*ctx.args[3])[i] : 1;
    if (start < 1) return Status::Invalid("start position cannot be smaller than 1");
    if (occurrence < 1) return Status::Invalid("occurrence cannot be smaller than 1");
    out[i] = -1;
    size_t pos = OffsetOfCodePoint(s, 0, start - 1);
    if (pos == std::string_view::npos) continue;
    for (int64_t found = 0;
         pos <= s.size() && re->Match(Piece(s), pos, s.size(), RE2::UNANCHORED, &match, 1);) {
      const size_t begin = static_cast<size_t>(match.data() - s.data());
      if (++found == occurrence) {
        out[i] = static_cast<int32_t>(Utf8CodePoints(s.substr(0, begin)) + 1);
        break;
      }
      const size_t end = begin + match.size();
      pos = match.empty() ? AfterEmpty(s, end) : end;
    }
  }
  return Status::OK();
}

// ---- resolution ----

// Matches `a` against a parameter spec, one letter per argument: 's'
// varchar (bounded or not, kept), 'b' bigint, 'i' integer, 'v' varbinary.
bool MatchSpec(const Args& a, std::string_view spec, std::vector<LogicalType>* params) {
  if (a.size() != spec.size()) return false;
  params->clear();
  for (size_t i = 0; i < a.size(); ++i) {
    switch (spec[i]) {
      case 's':
        if (a[i].id() == TypeId::kVarchar) {
          params->push_back(a[i]);
        } else if (IsUnknown(a[i])) {
          params->push_back(LogicalType::Varchar());
        } else {
          return false;
        }
        break;
      case 'v':
        if (a[i].id() != TypeId::kVarbinary && !IsUnknown(a[i])) return false;
        params->push_back(LogicalType::Varbinary());
        break;
      case 'b':
        if (!CanCoerce(a[i], LogicalType::BigInt())) return false;
        params->push_back(LogicalType::BigInt());
        break;
      default:
        if (!CanCoerce(a[i], LogicalType::Integer())) return false;
        params->push_back(LogicalType::Integer());
        break;
    }
  }
  return true;
}

enum class Returns : uint8_t { kFirst, kVarchar, kBigInt, kInteger, kBoolean, kVarbinary };

Status Spec(const Args& a, std::string_view spec, Returns returns, ScalarKernel kernel,
            BoundFunction* f) {
  std::vector<LogicalType> params;
  if (!MatchSpec(a, spec, &params)) return Status::OK();
  switch (returns) {
    case Returns::kFirst:
      f->result_type = params[0];
      break;
    case Returns::kVarchar:
      f->result_type = LogicalType::Varchar();
      break;
    case Returns::kBigInt:
      f->result_type = LogicalType::BigInt();
      break;
    case Returns::kInteger:
      f->result_type = LogicalType::Integer();
      break;
    case Returns::kBoolean:
      f->result_type = LogicalType::Boolean();
      break;
    case Returns::kVarbinary:
      f->result_type = LogicalType::Varbinary();
      break;
  }
  f->arg_types = std::move(params);
  f->kernel = kernel;
  return Status::OK();
}

Status ResolveLength(const Args& a, BoundFunction* f) {
  FLOE_RETURN_NOT_OK(Spec(a, "s", Returns::kBigInt, Kernel<Length>(), f));
  if (f->kernel == nullptr) return Spec(a, "v", Returns::kBigInt, Kernel<BinaryLength>(), f);
  return Status::OK();
}

Status ResolveSubstr(const Args& a, BoundFunction* f) {
  FLOE_RETURN_NOT_OK(Spec(a, "sb", Returns::kFirst, Kernel<Substr2>(), f));
  if (f->kernel == nullptr) return Spec(a, "sbb", Returns::kFirst, Kernel<Substr3>(), f);
  return Status::OK();
}

template <bool kLeft, bool kRight>
Status ResolveTrim(const Args& a, BoundFunction* f) {
  FLOE_RETURN_NOT_OK(Spec(a, "s", Returns::kFirst, Kernel<Trim<kLeft, kRight>>(), f));
  if (f->kernel == nullptr)
    return Spec(a, "ss", Returns::kFirst, Kernel<TrimChars<kLeft, kRight>>(), f);
  return Status::OK();
}

Status ResolveReplace(const Args& a, BoundFunction* f) {
  FLOE_RETURN_NOT_OK(Spec(a, "ss", Returns::kVarchar, Kernel<Replace2>(), f));
  if (f->kernel == nullptr) return Spec(a, "sss", Returns::kVarchar, Kernel<Replace3>(), f);
  return Status::OK();
}

Status ResolveConcat(const Args& a, BoundFunction* f) {
  if (a.size() < 2) return Status::Invalid("There must be two or more concatenation arguments");
  int64_t total = 0;
  for (const LogicalType& t : a) {
    if (t.id() != TypeId::kVarchar && !IsUnknown(t)) return Status::OK();
    // Trino: varchar(x) || varchar(y) is varchar(x + y); unbounded stays unbounded.
    total = total < 0 || t.max_length() < 0 || IsUnknown(t) ? -1 : total + t.max_length();
  }
  f->arg_types.clear();
  for (const LogicalType& t : a) f->arg_types.push_back(IsUnknown(t) ? LogicalType::Varchar() : t);
  f->result_type =
      total >= 0 && total <= INT32_MAX ? LogicalType::Varchar(total) : LogicalType::Varchar();
  f->kernel = ConcatKernel;
  return Status::OK();
}

Status ResolveRegexpExtract(const Args& a, BoundFunction* f) {
  FLOE_RETURN_NOT_OK(Spec(a, "ss", Returns::kFirst, RegexpExtractKernel, f));
  if (f->kernel == nullptr) return Spec(a, "ssb", Returns::kFirst, RegexpExtractKernel, f);
  return Status::OK();
}

Status ResolveRegexpReplace(const Args& a, BoundFunction* f) {
  FLOE_RETURN_NOT_OK(Spec(a, "ss", Returns::kVarchar, RegexpReplaceKernel, f));
  if (f->kernel == nullptr) return Spec(a, "sss", Returns::kVarchar, RegexpReplaceKernel, f);
  return Status::OK();
}

Status ResolveRegexpPosition(const Args& a, BoundFunction* f) {
  for (std::string_view spec : {"ss", "ssb", "ssbb"}) {
    FLOE_RETURN_NOT_OK(Spec(a, spec, Returns::kInteger, RegexpPositionKernel, f));
    if (f->kernel != nullptr) break;
  }
  return Status::OK();
}

constexpr FunctionEntry kStrings[] = {
    {"length", ResolveLength, "length(varchar(x)), length(varbinary)"},
    {"lower",
     [](const Args& a, BoundFunction* f) {
       return Spec(a, "s", Returns::kFirst, Kernel<MapCase<LowerCodePoint>>(), f);
     },
     "lower(varchar(x))"},
    {"upper",
     [](const Args& a, BoundFunction* f) {
       return Spec(a, "s", Returns::kFirst, Kernel<MapCase<UpperCodePoint>>(), f);
     },
     "upper(varchar(x))"},
    {"substr", ResolveSubstr, "substr(varchar(x), bigint), substr(varchar(x), bigint, bigint)"},
    {"substring", ResolveSubstr,
     "substring(varchar(x), bigint), substring(varchar(x), bigint, bigint)"},
    {"concat", ResolveConcat, "concat(varchar(x), varchar(y), ...)"},
    {"trim", ResolveTrim<true, true>, "trim(varchar(x)), trim(varchar(x), varchar(y))"},
    {"ltrim", ResolveTrim<true, false>, "ltrim(varchar(x)), ltrim(varchar(x), varchar(y))"},
    {"rtrim", ResolveTrim<false, true>, "rtrim(varchar(x)), rtrim(varchar(x), varchar(y))"},
    {"lpad",
     [](const Args& a, BoundFunction* f) {
       return Spec(a, "sbs", Returns::kVarchar, Kernel<Pad<true>>(), f);
     },
     "lpad(varchar(x), bigint, varchar(y))"},
    {"rpad",
     [](const Args& a, BoundFunction* f) {
       return Spec(a, "sbs", Returns::kVarchar, Kernel<Pad<false>>(), f);
     },
     "rpad(varchar(x), bigint, varchar(y))"},
    {"replace", ResolveReplace,
     "replace(varchar(x), varchar(y)), replace(varchar(x), varchar(y), varchar(z))"},
    {"strpos",
     [](const Args& a, BoundFunction* f) {
       return Spec(a, "ss", Returns::kBigInt, Kernel<Strpos>(), f);
     },
     "strpos(varchar(x), varchar(y))"},
    {"starts_with",
     [](const Args& a, BoundFunction* f) {
       return Spec(a, "ss", Returns::kBoolean, Kernel<StartsWith>(), f);
     },
     "starts_with(varchar(x), varchar(y))"},
    {"reverse",
     [](const Args& a, BoundFunction* f) {
       return Spec(a, "s", Returns::kFirst, Kernel<Reverse>(), f);
     },
     "reverse(varchar(x))"},
    {"split_part",
     [](const Args& a, BoundFunction* f) {
       return Spec(a, "ssb", Returns::kFirst, SplitPartKernel, f);
     },
     "split_part(varchar(x), varchar(y), bigint)"},
    {"chr",
     [](const Args& a, BoundFunction* f) {
       FLOE_RETURN_NOT_OK(Spec(a, "b", Returns::kVarchar, Kernel<Chr>(), f));
       if (f->kernel != nullptr) f->result_type = LogicalType::Varchar(1);
       return Status::OK();
     },
     "chr(bigint)"},
    {"codepoint",
     [](const Args& a, BoundFunction* f) {
       return Spec(a, "s", Returns::kInteger, Kernel<Codepoint>(), f);
     },
     "codepoint(varchar(1))"},
    {"to_utf8",
     [](const Args& a, BoundFunction* f) {
       return Spec(a, "s", Returns::kVarbinary, Kernel<ToUtf8>(), f);
     },
     "to_utf8(varchar(x))"},
    {"from_utf8",
     [](const Args& a, BoundFunction* f) {
       return Spec(a, "v", Returns::kVarchar, Kernel<FromUtf8>(), f);
     },
     "from_utf8(varbinary)"},
    {"regexp_like",
     [](const Args& a, BoundFunction* f) {
       return Spec(a, "ss", Returns::kBoolean, RegexpLikeKernel, f);
     },
     "regexp_like(varchar(x), JoniRegExp)"},
    {"regexp_extract", ResolveRegexpExtract,
     "regexp_extract(varchar(x), JoniRegExp), regexp_extract(varchar(x), JoniRegExp, bigint)"},
    {"regexp_replace", ResolveRegexpReplace,
     "regexp_replace(varchar(x), JoniRegExp), regexp_replace(varchar(x), JoniRegExp, "
     "varchar(z))"},
    {"regexp_count",
     [](const Args& a, BoundFunction* f) {
       return Spec(a, "ss", Returns::kBigInt, RegexpCountKernel, f);
     },
     "regexp_count(varchar(x), JoniRegExp)"},
    {"regexp_position", ResolveRegexpPosition,
     "regexp_position(varchar(x), JoniRegExp), regexp_position(varchar(x), JoniRegExp, "
     "bigint), regexp_position(varchar(x), JoniRegExp, bigint, bigint)"},
};

}  // namespace

std::span<const FunctionEntry> StringFunctions() { return kStrings; }

}  // namespace floe::sql::functions
