#pragma once

// The session's clock and time zone as a statement binds: current_timestamp
// and friends read the statement's start instant (one value for every row),
// and the session zone decides how timestamps without a zone become
// instants. RunStatement installs them on the binding thread for the
// duration of the statement.

#include <cstdint>

#include "common/time_zone.h"

namespace floe::sql {

/// The time settings a statement is bound with.
struct SessionTime {
  const TimeZone* zone = nullptr;  // never null once installed
  int64_t start_micros = 0;        // the statement's start, UTC microseconds
};

/// The settings installed on this thread, or UTC and the wall clock now
/// when none are.
SessionTime CurrentSessionTime();

/// Installs `time` on this thread until destroyed (restoring what was
/// there before). REQUIRES: time.zone != nullptr.
class SessionTimeScope {
 public:
  explicit SessionTimeScope(SessionTime time);
  ~SessionTimeScope();
  SessionTimeScope(const SessionTimeScope&) = delete;
  SessionTimeScope& operator=(const SessionTimeScope&) = delete;

 private:
  SessionTime previous_;
  bool had_previous_;
};

}  // namespace floe::sql
