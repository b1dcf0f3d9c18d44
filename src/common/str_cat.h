#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>

namespace floe {

namespace str_cat_internal {
void AppendInt(std::string* out, long long v);
void AppendUint(std::string* out, unsigned long long v);
void AppendDouble(std::string* out, double v);

inline void Append(std::string* out, std::string_view s) { out->append(s); }
inline void Append(std::string* out, const char* s) { out->append(s ? s : "(null)"); }
inline void Append(std::string* out, const std::string& s) { out->append(s); }
inline void Append(std::string* out, char c) { out->push_back(c); }
inline void Append(std::string* out, bool b) { out->append(b ? "true" : "false"); }
template <typename T>
requires std::is_integral_v<T> &&
    (!std::is_same_v<T, bool>)&&(!std::is_same_v<T, char>)inline void Append(std::string* out,
                                                                             T v) {
  if constexpr (std::is_signed_v<T>) {
    AppendInt(out, static_cast<long long>(v));
  } else {
    AppendUint(out, static_cast<unsigned long long>(v));
  }
}
template <typename T>
requires std::is_floating_point_v<T>
inline void Append(std::string* out, T v) { AppendDouble(out, static_cast<double>(v)); }
template <typename T>
requires std::is_enum_v<T>
inline void Append(std::string* out, T v) { AppendInt(out, static_cast<long long>(v)); }
}  // namespace str_cat_internal

/// Concatenates strings, characters, numbers and booleans into one string.
/// Kept free of <sstream>/<format> so that status.h stays a light header.
template <typename... Args>
std::string StrCat(const Args&... args) {
  std::string out;
  (str_cat_internal::Append(&out, args), ...);
  return out;
}

/// `s` with ASCII letters in lower case (SQL identifiers, option names).
std::string AsciiLower(std::string_view s);

/// A count with thousands separators: 1234567 -> "1,234,567".
std::string WithThousands(int64_t n);

}  // namespace floe
