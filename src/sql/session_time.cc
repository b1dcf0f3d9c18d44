#include "sql/session_time.h"

#include "common/date_time.h"

namespace floe::sql {

namespace {

// Binding runs on the thread that called RunStatement, so a thread-local
// carries the settings there without threading them through every binder
// signature.
thread_local SessionTime current_time;
thread_local bool installed = false;

}  // namespace

SessionTime CurrentSessionTime() {
  if (installed) return current_time;
  return SessionTime{TimeZone::Utc(), NowMillis() * 1000};
}

SessionTimeScope::SessionTimeScope(SessionTime time)
    : previous_(current_time), had_previous_(installed) {
  current_time = time;
  installed = true;
}

SessionTimeScope::~SessionTimeScope() {
  current_time = previous_;
  installed = had_previous_;
}

}  // namespace floe::sql
