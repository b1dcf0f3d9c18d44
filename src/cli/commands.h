#pragma once

#include <string>
#include <vector>

namespace floe::cli {

/// `floe inspect FILE [--rows N|all] [--format csv|json]`: returns the exit code.
int RunInspect(const std::vector<std::string>& args);

/// `floe query --warehouse DIR [SQL]`: runs SQL over a warehouse's tables;
/// returns the exit code.
int RunQuery(const std::vector<std::string>& args);

/// `floe bench gen --rows N --out DIR ...`: generates the benchmark's sales
/// table as CSV or JSON lines; returns the exit code.
int RunBench(const std::vector<std::string>& args);

/// `floe sql [--warehouse DIR] [-c SQL | -f FILE] ...`: the SQL shell
/// (interactive on a terminal, else a batch); returns the exit code.
int RunSql(const std::vector<std::string>& args);

}  // namespace floe::cli
