#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace floe {

/// Bytes taken by the first `code_points` code points of UTF-8 text `s`
/// (all of it when shorter): where to cut without splitting a character.
inline size_t Utf8PrefixBytes(std::string_view s, int64_t code_points) {
  size_t i = 0;
  for (int64_t cp = 0; i < s.size() && cp < code_points; ++cp) {
    ++i;
    while (i < s.size() && (static_cast<uint8_t>(s[i]) & 0xc0) == 0x80) ++i;
  }
  return i;
}

/// The number of code points in UTF-8 text `s` (continuation bytes not counted).
inline int64_t Utf8CodePoints(std::string_view s) {
  int64_t n = 0;
  for (char c : s) n += (static_cast<uint8_t>(c) & 0xc0) != 0x80;
  return n;
}

}  // namespace floe
