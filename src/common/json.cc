#include "common/json.h"

#include <charconv>
#include <cmath>
#include <cstring>

namespace floe::json {

Value Value::Bool(bool b) {
  Value v;
  v.kind_ = Kind::kBool;
  v.bool_ = b;
  return v;
}
Value Value::Int(int64_t i) {
  Value v;
  v.kind_ = Kind::kNumber;
  v.is_int_ = true;
  v.int_ = i;
  return v;
}
Value Value::Double(double d) {
  Value v;
  v.kind_ = Kind::kNumber;
  v.double_ = d;
  return v;
}
Value Value::String(std::string s) {
  Value v;
  v.kind_ = Kind::kString;
  v.string_ = std::move(s);
  return v;
}
Value Value::Array(std::vector<Value> items) {
  Value v;
  v.kind_ = Kind::kArray;
  v.items_ = std::move(items);
  return v;
}
Value Value::Object(std::vector<Member> members) {
  Value v;
  v.kind_ = Kind::kObject;
  v.members_ = std::move(members);
  return v;
}

const Value* Value::Find(std::string_view key) const {
  for (const auto& m : members_) {
    if (m.first == key) return &m.second;
  }
  return nullptr;
}

void Value::Set(std::string key, Value value) {
  for (auto& m : members_) {
    if (m.first == key) {
      m.second = std::move(value);
      return;
    }
  }
  members_.emplace_back(std::move(key), std::move(value));
}

Result<int64_t> Value::GetInt64(std::string_view key) const {
  const Value* v = Find(key);
  if (v == nullptr) return Status::Invalid("field '", key, "' is missing");
  if (!v->is_integer()) return Status::Invalid("field '", key, "' must be an integer");
  return v->AsInt64();
}

Result<std::string> Value::GetString(std::string_view key) const {
  const Value* v = Find(key);
  if (v == nullptr) return Status::Invalid("field '", key, "' is missing");
  if (!v->is_string()) return Status::Invalid("field '", key, "' must be a string");
  return v->AsString();
}

Result<bool> Value::GetBool(std::string_view key) const {
  const Value* v = Find(key);
  if (v == nullptr) return Status::Invalid("field '", key, "' is missing");
  if (!v->is_bool()) return Status::Invalid("field '", key, "' must be true or false");
  return v->AsBool();
}

bool Value::operator==(const Value& o) const {
  if (kind_ != o.kind_) return false;
  switch (kind_) {
    case Kind::kNull: return true;
    case Kind::kBool: return bool_ == o.bool_;
    case Kind::kNumber:
      if (is_int_ && o.is_int_) return int_ == o.int_;
      return AsDouble() == o.AsDouble();
    case Kind::kString: return string_ == o.string_;
    case Kind::kArray: return items_ == o.items_;
    case Kind::kObject: return members_ == o.members_;
  }
  return false;
}

namespace {

constexpr int kMaxDepth = 256;

class Parser {
 public:
  explicit Parser(std::string_view text) : s_(text) {}

  Result<Value> ParseDocument() {
    Value v;
    FLOE_RETURN_NOT_OK(ParseValue(&v, 0));
    SkipSpace();
    if (pos_ != s_.size()) return Error("unexpected text after the JSON value");
    return v;
  }

 private:
  Status Error(std::string_view what) const {
    int64_t line = 1, col = 1;
    for (size_t i = 0; i < pos_ && i < s_.size(); ++i) {
      if (s_[i] == '\n') {
        ++line;
        col = 1;
      } else {
        ++col;
      }
    }
    return Status::Invalid("line ", line, ", column ", col, ": ", what);
  }

  void SkipSpace() {
    while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n' || s_[pos_] == '\r')) ++pos_;
  }

  bool Consume(std::string_view word) {
    if (s_.substr(pos_, word.size()) == word) {
      pos_ += word.size();
      return true;
    }
    return false;
  }

  Status ParseValue(Value* out, int depth) {
    if (depth > kMaxDepth) return Error("JSON nests deeper than 256 levels");
    SkipSpace();
    if (pos_ >= s_.size()) return Error("expected a value, found the end of the text");
    char c = s_[pos_];
    switch (c) {
      case '{': return ParseObject(out, depth);
      case '[': return ParseArray(out, depth);
      case '"': {
        std::string str;
        FLOE_RETURN_NOT_OK(ParseString(&str));
        *out = Value::String(std::move(str));
        return Status::OK();
      }
      case 't':
        if (Consume("true")) {
          *out = Value::Bool(true);
          return Status::OK();
        }
        break;
      case 'f':
        if (Consume("false")) {
          *out = Value::Bool(false);
          return Status::OK();
        }
        break;
      case 'n':
        if (Consume("null")) {
          *out = Value();
          return Status::OK();
        }
        break;
      default:
        if (c == '-' || (c >= '0' && c <= '9')) return ParseNumber(out);
    }
    return Error(StrCat("unexpected character '", std::string(1, c), "'"));
  }

  Status ParseObject(Value* out, int depth) {
    ++pos_;  // {
    *out = Value::Object();
    SkipSpace();
    if (pos_ < s_.size() && s_[pos_] == '}') {
      ++pos_;
      return Status::OK();
    }
    while (true) {
      SkipSpace();
      if (pos_ >= s_.size() || s_[pos_] != '"') return Error("expected a string key in the object");
      std::string key;
      FLOE_RETURN_NOT_OK(ParseString(&key));
      SkipSpace();
      if (pos_ >= s_.size() || s_[pos_] != ':') return Error("expected ':' after the object key");
      ++pos_;
      Value v;
      FLOE_RETURN_NOT_OK(ParseValue(&v, depth + 1));
      out->mutable_members().emplace_back(std::move(key), std::move(v));
      SkipSpace();
      if (pos_ < s_.size() && s_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (pos_ < s_.size() && s_[pos_] == '}') {
        ++pos_;
        return Status::OK();
      }
      return Error("expected ',' or '}' in the object");
    }
  }

  Status ParseArray(Value* out, int depth) {
    ++pos_;  // [
    *out = Value::Array();
    SkipSpace();
    if (pos_ < s_.size() && s_[pos_] == ']') {
      ++pos_;
      return Status::OK();
    }
    while (true) {
      Value v;
      FLOE_RETURN_NOT_OK(ParseValue(&v, depth + 1));
      out->Append(std::move(v));
      SkipSpace();
      if (pos_ < s_.size() && s_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (pos_ < s_.size() && s_[pos_] == ']') {
        ++pos_;
        return Status::OK();
      }
      return Error("expected ',' or ']' in the array");
    }
  }

  Status ParseHex4(uint32_t* out) {
    if (s_.size() - pos_ < 4) return Error("truncated \\u escape");
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i) {
      char h = s_[pos_++];
      v <<= 4;
      if (h >= '0' && h <= '9') {
        v |= static_cast<uint32_t>(h - '0');
      } else if (h >= 'a' && h <= 'f') {
        v |= static_cast<uint32_t>(h - 'a' + 10);
      } else if (h >= 'A' && h <= 'F') {
        v |= static_cast<uint32_t>(h - 'A' + 10);
      } else {
        return Error("invalid hex digit in a \\u escape");
      }
    }
    *out = v;
    return Status::OK();
  }

  Status ParseString(std::string* out) {
    ++pos_;  // opening quote
    while (true) {
      if (pos_ >= s_.size()) return Error("unterminated string");
      char c = s_[pos_++];
      if (c == '"') return Status::OK();
      if (static_cast<unsigned char>(c) < 0x20) return Error("control character in a string (escape it)");
      if (c != '\\') {
        out->push_back(c);
        continue;
      }
      if (pos_ >= s_.size()) return Error("unterminated escape");
      char e = s_[pos_++];
      switch (e) {
        case '"': out->push_back('"'); break;
        case '\\': out->push_back('\\'); break;
        case '/': out->push_back('/'); break;
        case 'b': out->push_back('\b'); break;
        case 'f': out->push_back('\f'); break;
        case 'n': out->push_back('\n'); break;
        case 'r': out->push_back('\r'); break;
        case 't': out->push_back('\t'); break;
        case 'u': {
          uint32_t cp = 0;
          FLOE_RETURN_NOT_OK(ParseHex4(&cp));
          if (cp >= 0xd800 && cp <= 0xdbff) {
            // A high surrogate must be followed by a low one.
            uint32_t low = 0;
            if (!Consume("\\u")) return Error("a high surrogate without its low surrogate");
            FLOE_RETURN_NOT_OK(ParseHex4(&low));
            if (low < 0xdc00 || low > 0xdfff) return Error("a high surrogate without its low surrogate");
            cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
          } else if (cp >= 0xdc00 && cp <= 0xdfff) {
            return Error("a low surrogate without its high surrogate");
          }
          AppendUtf8(cp, out);
          break;
        }
        default: return Error(StrCat("invalid escape '\\", std::string(1, e), "'"));
      }
    }
  }

  Status ParseNumber(Value* out) {
    size_t start = pos_;
    if (s_[pos_] == '-') ++pos_;
    if (pos_ >= s_.size()) return Error("expected digits");
    if (s_[pos_] == '0') {
      ++pos_;
    } else if (s_[pos_] >= '1' && s_[pos_] <= '9') {
      while (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9') ++pos_;
    } else {
      return Error("expected digits");
    }
    bool integer = true;
    if (pos_ < s_.size() && s_[pos_] == '.') {
      integer = false;
      ++pos_;
      size_t digits = pos_;
      while (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9') ++pos_;
      if (pos_ == digits) return Error("expected digits after '.'");
    }
    if (pos_ < s_.size() && (s_[pos_] == 'e' || s_[pos_] == 'E')) {
      integer = false;
      ++pos_;
      if (pos_ < s_.size() && (s_[pos_] == '+' || s_[pos_] == '-')) ++pos_;
      size_t digits = pos_;
      while (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9') ++pos_;
      if (pos_ == digits) return Error("expected digits in the exponent");
    }
    const char* b = s_.data() + start;
    const char* e = s_.data() + pos_;
    if (integer) {
      int64_t v;
      auto r = std::from_chars(b, e, v);
      if (r.ec == std::errc() && r.ptr == e) {
        *out = Value::Int(v);
        return Status::OK();
      }
      // Beyond int64: kept as a double.
    }
    double d;
    auto r = std::from_chars(b, e, d);
    if (r.ec != std::errc() || r.ptr != e) return Error("number out of range");
    *out = Value::Double(d);
    return Status::OK();
  }

  std::string_view s_;
  size_t pos_ = 0;
};

}  // namespace

void AppendQuoted(std::string_view s, std::string* out) {
  static const char* kHex = "0123456789abcdef";
  out->push_back('"');
  for (char c : s) {
    unsigned char u = static_cast<unsigned char>(c);
    switch (c) {
      case '"': out->append("\\\""); break;
      case '\\': out->append("\\\\"); break;
      case '\n': out->append("\\n"); break;
      case '\r': out->append("\\r"); break;
      case '\t': out->append("\\t"); break;
      case '\b': out->append("\\b"); break;
      case '\f': out->append("\\f"); break;
      default:
        if (u < 0x20) {
          out->append("\\u00");
          out->push_back(kHex[u >> 4]);
          out->push_back(kHex[u & 15]);
        } else {
          out->push_back(c);
        }
    }
  }
  out->push_back('"');
}

void AppendUtf8(uint32_t cp, std::string* out) {
  if (cp < 0x80) {
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

namespace {

void Write(const Value& v, bool pretty, int indent, std::string* out) {
  auto newline = [&](int level) {
    if (!pretty) return;
    out->push_back('\n');
    out->append(static_cast<size_t>(level) * 2, ' ');
  };
  switch (v.kind()) {
    case Kind::kNull: out->append("null"); return;
    case Kind::kBool: out->append(v.AsBool() ? "true" : "false"); return;
    case Kind::kNumber: {
      char buf[32];
      if (v.is_integer()) {
        auto r = std::to_chars(buf, buf + sizeof(buf), v.AsInt64());
        out->append(buf, r.ptr);
      } else if (!std::isfinite(v.AsDouble())) {
        out->append("null");  // JSON has no NaN or infinity
      } else {
        auto r = std::to_chars(buf, buf + sizeof(buf), v.AsDouble());
        std::string_view t(buf, static_cast<size_t>(r.ptr - buf));
        out->append(t);
        // Keep it a non-integer number on the way back.
        if (t.find_first_of(".eE") == std::string_view::npos) out->append(".0");
      }
      return;
    }
    case Kind::kString: AppendQuoted(v.AsString(), out); return;
    case Kind::kArray: {
      out->push_back('[');
      for (size_t i = 0; i < v.items().size(); ++i) {
        if (i) out->push_back(',');
        newline(indent + 1);
        Write(v.items()[i], pretty, indent + 1, out);
      }
      if (!v.items().empty()) newline(indent);
      out->push_back(']');
      return;
    }
    case Kind::kObject: {
      out->push_back('{');
      for (size_t i = 0; i < v.members().size(); ++i) {
        if (i) out->push_back(',');
        newline(indent + 1);
        AppendQuoted(v.members()[i].first, out);
        out->append(pretty ? ": " : ":");
        Write(v.members()[i].second, pretty, indent + 1, out);
      }
      if (!v.members().empty()) newline(indent);
      out->push_back('}');
      return;
    }
  }
}

}  // namespace

Result<Value> Parse(std::string_view text) { return Parser(text).ParseDocument(); }

std::string Serialize(const Value& value, bool pretty) {
  std::string out;
  Write(value, pretty, 0, &out);
  return out;
}

}  // namespace floe::json
