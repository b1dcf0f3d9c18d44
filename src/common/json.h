#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.h"

namespace floe::json {

/// The kinds of JSON values.
enum class Kind : uint8_t { kNull, kBool, kNumber, kString, kArray, kObject };

/// A JSON value (RFC 8259). Objects keep their keys in document order and
/// numbers keep exact 64-bit integers, so that documents floe rewrites
/// (Iceberg metadata, Avro schemas with custom attributes) keep what floe
/// does not interpret. A value type: copies are deep.
class Value {
 public:
  using Member = std::pair<std::string, Value>;

  Value() = default;  // null
  static Value Bool(bool b);
  static Value Int(int64_t v);
  static Value Double(double v);
  static Value String(std::string s);
  static Value Array(std::vector<Value> items = {});
  static Value Object(std::vector<Member> members = {});

  Kind kind() const { return kind_; }
  bool is_null() const { return kind_ == Kind::kNull; }
  bool is_bool() const { return kind_ == Kind::kBool; }
  bool is_number() const { return kind_ == Kind::kNumber; }
  /// A number written without fraction or exponent that fits in int64.
  bool is_integer() const { return kind_ == Kind::kNumber && is_int_; }
  bool is_string() const { return kind_ == Kind::kString; }
  bool is_array() const { return kind_ == Kind::kArray; }
  bool is_object() const { return kind_ == Kind::kObject; }

  /// REQUIRES: the matching kind (AsDouble also takes integers).
  bool AsBool() const { return bool_; }
  int64_t AsInt64() const { return int_; }
  double AsDouble() const { return is_int_ ? static_cast<double>(int_) : double_; }
  const std::string& AsString() const { return string_; }
  const std::vector<Value>& items() const { return items_; }
  std::vector<Value>& mutable_items() { return items_; }
  const std::vector<Member>& members() const { return members_; }
  std::vector<Member>& mutable_members() { return members_; }

  /// The member `key` of an object, or nullptr (also for non-objects).
  const Value* Find(std::string_view key) const;
  /// Sets `key` (replacing an existing member in place, else appending).
  void Set(std::string key, Value value);
  /// Appends to an array.
  void Append(Value value) { items_.push_back(std::move(value)); }

  /// Typed member access with errors that name the key:
  /// "field 'size' must be an integer".
  Result<int64_t> GetInt64(std::string_view key) const;
  Result<std::string> GetString(std::string_view key) const;
  Result<bool> GetBool(std::string_view key) const;

  bool operator==(const Value& other) const;
  bool operator!=(const Value& other) const { return !(*this == other); }

 private:
  Kind kind_ = Kind::kNull;
  bool bool_ = false;
  bool is_int_ = false;
  int64_t int_ = 0;
  double double_ = 0;
  std::string string_;
  std::vector<Value> items_;
  std::vector<Member> members_;
};

/// Parses one JSON document (strict RFC 8259; nesting at most 256 deep).
/// Invalid: "line L, column C: <what was expected>".
Result<Value> Parse(std::string_view text);

/// Writes `value` as JSON: compact, or indented by two spaces.
std::string Serialize(const Value& value, bool pretty = false);

/// Appends `s` as a quoted JSON string, escaping quotes, backslashes and
/// control characters.
void AppendQuoted(std::string_view s, std::string* out);

/// Appends the UTF-8 encoding of code point `cp` (REQUIRES: cp <= 0x10FFFF).
void AppendUtf8(uint32_t cp, std::string* out);

}  // namespace floe::json
