#include "common/check.h"

#include <cstdio>
#include <cstdlib>

#include "common/result.h"

namespace floe {
namespace check_internal {
void CheckFailed(const char* file, int line, const char* expr) {
  std::fprintf(stderr, "floe: internal check failed at %s:%d: %s\n", file, line, expr);
  std::abort();
}
}  // namespace check_internal

namespace result_internal {
void DieOnError(const Status& status) {
  std::fprintf(stderr, "floe: ValueOrDie on an error: %s\n", status.ToString().c_str());
  std::abort();
}
}  // namespace result_internal
}  // namespace floe
