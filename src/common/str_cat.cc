#include "common/str_cat.h"

#include <charconv>

namespace floe::str_cat_internal {

void AppendInt(std::string* out, long long v) {
  char buf[24];
  auto res = std::to_chars(buf, buf + sizeof(buf), v);
  out->append(buf, res.ptr);
}

void AppendUint(std::string* out, unsigned long long v) {
  char buf[24];
  auto res = std::to_chars(buf, buf + sizeof(buf), v);
  out->append(buf, res.ptr);
}

void AppendDouble(std::string* out, double v) {
  char buf[32];
  // Shortest round-trip form.
  auto res = std::to_chars(buf, buf + sizeof(buf), v);
  out->append(buf, res.ptr);
}

}  // namespace floe::str_cat_internal
