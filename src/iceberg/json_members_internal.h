#pragma once

// Typed access to the members of a JSON object, with errors that name the
// member's path ("snapshots[2].manifest-list: a string is required"): the
// reading side of every Iceberg JSON document (table metadata, REST commits).

#include <climits>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/json.h"
#include "common/result.h"
#include "common/str_cat.h"

namespace floe::iceberg {

class JsonMembers {
 public:
  /// `path` names `v` in messages ("" for the document itself). `v` must
  /// outlive this object.
  JsonMembers(const json::Value& v, std::string path) : v_(v), path_(std::move(path)) {}

  std::string Path(std::string_view key) const {
    return path_.empty() ? std::string(key) : StrCat(path_, ".", key);
  }
  const json::Value* Find(std::string_view key) const { return v_.Find(key); }

  Result<const json::Value*> Get(std::string_view key) const {
    const json::Value* m = v_.Find(key);
    if (m == nullptr) return Status::Invalid(Path(key), ": missing");
    return m;
  }
  Result<int64_t> Int(std::string_view key) const {
    FLOE_ASSIGN_OR_RETURN(const json::Value* m, Get(key));
    if (!m->is_integer()) return Status::Invalid(Path(key), ": an integer is required");
    return m->AsInt64();
  }
  Result<int32_t> Int32(std::string_view key) const {
    FLOE_ASSIGN_OR_RETURN(int64_t v, Int(key));
    if (v < INT32_MIN || v > INT32_MAX)
      return Status::Invalid(Path(key), ": ", v, " is out of range");
    return static_cast<int32_t>(v);
  }
  /// Absent or null: nullopt.
  Result<std::optional<int64_t>> OptInt(std::string_view key) const {
    const json::Value* m = v_.Find(key);
    if (m == nullptr || m->is_null()) return std::optional<int64_t>();
    if (!m->is_integer()) return Status::Invalid(Path(key), ": an integer is required");
    return std::optional<int64_t>(m->AsInt64());
  }
  Result<std::string> Str(std::string_view key) const {
    FLOE_ASSIGN_OR_RETURN(const json::Value* m, Get(key));
    if (!m->is_string()) return Status::Invalid(Path(key), ": a string is required");
    return m->AsString();
  }
  Result<const json::Value*> Object(std::string_view key) const {
    FLOE_ASSIGN_OR_RETURN(const json::Value* m, Get(key));
    if (!m->is_object()) return Status::Invalid(Path(key), ": an object is required");
    return m;
  }
  /// The array `key`; nullptr when absent and not `required`.
  Result<const std::vector<json::Value>*> Array(std::string_view key, bool required = true) const {
    const json::Value* m = v_.Find(key);
    if (m == nullptr) {
      if (required) return Status::Invalid(Path(key), ": missing");
      return static_cast<const std::vector<json::Value>*>(nullptr);
    }
    if (!m->is_array()) return Status::Invalid(Path(key), ": an array is required");
    return &m->items();
  }

 private:
  const json::Value& v_;
  std::string path_;
};

}  // namespace floe::iceberg
