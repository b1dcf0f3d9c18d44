#include "sql/functions/function_registry.h"

namespace floe::sql::functions {

std::span<const FunctionEntry> DateTimeFunctions() { return {}; }

}  // namespace floe::sql::functions
