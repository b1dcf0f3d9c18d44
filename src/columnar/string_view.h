#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>

namespace floe::columnar {

/// The 16-byte string/binary value of DESIGN.md §6: length, 4-byte prefix,
/// then either the remaining inline bytes (length <= 12) or a pointer to the
/// whole value in a buffer that the owning vector keeps alive. Comparisons
/// that differ in the prefix never touch the buffer.
struct StringView {
  static constexpr uint32_t kInlineMax = 12;

  StringView() { std::memset(this, 0, sizeof(*this)); }
  /// Points at (or, when short, copies) `n` bytes at `p`; long values must
  /// stay alive as long as the view.
  StringView(const char* p, uint32_t n) {
    size_ = n;
    if (n <= kInlineMax) {
      // prefix_ and value_.inlined are 12 contiguous bytes at offset 4.
      char* inline_bytes = reinterpret_cast<char*>(this) + 4;
      std::memset(inline_bytes, 0, kInlineMax);
      if (n) std::memcpy(inline_bytes, p, n);
    } else {
      std::memcpy(prefix_, p, 4);
      value_.ptr = p;
    }
  }
  explicit StringView(std::string_view s) : StringView(s.data(), static_cast<uint32_t>(s.size())) {}

  uint32_t size() const { return size_; }
  bool is_inline() const { return size_ <= kInlineMax; }
  const char* data() const {
    return is_inline() ? reinterpret_cast<const char*>(this) + 4 : value_.ptr;
  }
  std::string_view view() const { return std::string_view(data(), size_); }
  const char* prefix() const { return prefix_; }

  bool operator==(const StringView& o) const {
    if (std::memcmp(this, &o, 8) != 0) return false;  // size and prefix
    if (is_inline()) return std::memcmp(value_.inlined, o.value_.inlined, 8) == 0;
    return std::memcmp(value_.ptr, o.value_.ptr, size_) == 0;
  }

 private:
  uint32_t size_;
  char prefix_[4];
  union {
    char inlined[8];
    const char* ptr;
  } value_;
};
static_assert(sizeof(StringView) == 16, "StringView is 16 bytes");

/// One list or map value: its elements are child[offset, offset + length).
struct ListEntry {
  uint32_t offset;
  uint32_t length;
};

}  // namespace floe::columnar
