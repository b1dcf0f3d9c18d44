#pragma once

#include <string>
#include <vector>

namespace floe::cli {

/// `floe inspect FILE [--rows N|all] [--format csv|json]`: returns the exit code.
int RunInspect(const std::vector<std::string>& args);

}  // namespace floe::cli
