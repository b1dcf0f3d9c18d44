#pragma once

// A client's session (Trino's): what its statements share. USE changes the
// current schema, SET SESSION / RESET SESSION the properties; the shell,
// the client protocols and the pipelines each keep one per connection.

#include <map>
#include <string>

namespace floe::sql {

struct Session {
  std::string user = "floe";
  /// The current catalog and schema for unqualified names (USE).
  std::string catalog = "iceberg";
  std::string schema = "default";
  /// Session properties set with SET SESSION name = value (as SQL text of
  /// the value); RESET SESSION removes one.
  std::map<std::string, std::string> properties;
  /// The session time zone: an IANA name, "UTC" or an offset "+02:00".
  std::string time_zone = "UTC";
};

}  // namespace floe::sql
