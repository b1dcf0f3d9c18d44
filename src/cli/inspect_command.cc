#include <cstdio>

#include "cli/commands.h"

namespace floe::cli {

int RunInspect(const std::vector<std::string>& args) {
  std::fprintf(stderr, "floe inspect: not built yet\n");
  return 2;
}

}  // namespace floe::cli
