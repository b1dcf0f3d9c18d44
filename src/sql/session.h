#pragma once

// A client's session (Trino's): what its statements share. USE changes the
// current schema, SET SESSION / RESET SESSION the properties; the shell,
// the client protocols and the pipelines each keep one per connection.

#include <cstdint>
#include <map>
#include <string>

#include "common/result.h"

namespace floe::sql {

struct Session {
  std::string user = "floe";
  /// The client, as Trino's X-Trino-Source ("floe-sql"); may be empty.
  std::string source;
  /// The current catalog and schema for unqualified names (USE).
  std::string catalog = "iceberg";
  std::string schema = "default";
  /// Session properties set with SET SESSION name = value (as SQL text of
  /// the value); RESET SESSION removes one.
  std::map<std::string, std::string> properties;
  /// The session time zone: an IANA name, "UTC" or an offset "+02:00".
  std::string time_zone = "UTC";
};

/// Trino's data sizes ("8GB", "512MB", "1.5GB", "1024B", plain bytes): a
/// number with an optional unit, in powers of 1024. Invalid names the text.
Result<int64_t> ParseDataSize(const std::string& text);

}  // namespace floe::sql
