#include "sql/session.h"

#include <cctype>
#include <cerrno>
#include <cstdlib>

namespace floe::sql {

Result<int64_t> ParseDataSize(const std::string& text) {
  auto invalid = [&] {
    return Status::Invalid("Invalid data size: '", text, "' (bytes, or 512MB, 2GB)");
  };
  char* end = nullptr;
  errno = 0;
  const double number = std::strtod(text.c_str(), &end);
  if (end == text.c_str() || errno != 0 || number < 0) return invalid();
  std::string unit(end);
  while (!unit.empty() && unit.front() == ' ') unit.erase(unit.begin());
  for (char& ch : unit) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  const char* units[] = {"B", "KB", "MB", "GB", "TB", "PB"};
  double scale = unit.empty() ? 1 : 0;
  for (int u = 0; u < 6; ++u) {
    if (unit == units[u]) scale = static_cast<double>(int64_t{1} << (10 * u));
  }
  if (scale == 0 || number * scale > 9.2e18) return invalid();
  return static_cast<int64_t>(number * scale);
}

}  // namespace floe::sql
