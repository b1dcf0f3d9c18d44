#pragma once

// Checks of floe's own invariants (never of input: input errors are Status).

namespace floe::check_internal {
[[noreturn]] void CheckFailed(const char* file, int line, const char* expr);
}  // namespace floe::check_internal

/// Aborts with file:line when `cond` is false, in every build.
#define FLOE_CHECK(cond)                                                           \
  do {                                                                             \
    if (__builtin_expect(!(cond), 0)) {                                            \
      ::floe::check_internal::CheckFailed(__FILE__, __LINE__, #cond);              \
    }                                                                              \
  } while (false)

#ifdef NDEBUG
#define FLOE_DCHECK(cond) \
  do {                    \
  } while (false && (cond))
#else
#define FLOE_DCHECK(cond) FLOE_CHECK(cond)
#endif
