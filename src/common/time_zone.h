#pragma once

// Time zones: IANA rules read from the system's tz database (TZif files,
// RFC 8536) and fixed UTC offsets. Conversions between UTC instants and
// local wall-clock times follow java.time, as Trino does: a local time in a
// DST gap moves forward by the gap's length, one in an overlap takes the
// earlier instant unless a hint picks the other.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace floe {

/// One zone's offsets from UTC over time. Immutable once made; safe to share
/// between threads.
class TimeZone {
 public:
  /// Parses a TZif file (RFC 8536 versions 1 to 4; with version 2+ the
  /// 64-bit data and the POSIX TZ footer, which covers instants after the
  /// last transition). Leap-second records are ignored (floe's instants are
  /// POSIX time). Corruption naming `name` when the bytes are not valid TZif.
  static Result<std::unique_ptr<TimeZone>> FromTzif(std::string name, std::string_view bytes);
  /// A zone from a POSIX TZ string alone ("CET-1CEST,M3.5.0,M10.5.0/3",
  /// "EST5EDT,M3.2.0,M11.1.0", "<+03>-3"). Invalid when it does not parse.
  static Result<std::unique_ptr<TimeZone>> FromPosixTz(std::string name, std::string_view tz);
  /// A zone `offset_seconds` east of UTC at every instant.
  static std::unique_ptr<TimeZone> Fixed(std::string name, int32_t offset_seconds);

  /// The zone `name` names, as Trino accepts it: "UTC" (and its aliases Z,
  /// GMT, UT, Etc/UTC, ...; any case), an offset "+02:00" / "-05:30" /
  /// "+02" within +-14:00 (+00:00 is UTC), or an IANA name read from the tz
  /// database directory ($TZDIR, else /usr/share/zoneinfo). Zones are read
  /// once and kept for the life of the process; the pointer stays valid.
  /// Thread-safe. Invalid "Time zone not supported: Mars/Base".
  static Result<const TimeZone*> Lookup(std::string_view name);
  /// The UTC zone (id 0).
  static const TimeZone* Utc();
  /// The zone Lookup returned with this id; UTC for ids it never returned.
  static const TimeZone* FromId(uint16_t id);

  /// The canonical name: "UTC", "+02:00", "Europe/Berlin".
  const std::string& name() const { return name_; }
  /// A small number naming the zone within this process (0 is UTC); only
  /// zones from Lookup have one (others report 0).
  uint16_t id() const { return id_; }
  bool is_fixed() const { return transitions_.empty() && !rule_.present; }

  /// Seconds east of UTC in effect at the instant `utc_seconds`.
  int32_t OffsetAt(int64_t utc_seconds) const;
  /// The local wall-clock time of a UTC instant (microseconds both).
  int64_t UtcToLocal(int64_t utc_micros) const;
  /// The UTC instant of a local wall-clock time. In a gap the time moves
  /// forward by the gap; in an overlap the offset in effect at `hint_utc`
  /// wins when it is one of the two, else the earlier instant.
  int64_t LocalToUtc(int64_t local_micros, int64_t hint_utc = INT64_MIN) const;

 private:
  // A POSIX TZ rule: standard offset, and optionally DST between two dates
  // of each year (RFC 8536 section 3.3; POSIX.1 section 8.3).
  struct RuleDate {
    enum class Kind : uint8_t { kJulian1, kJulian0, kMonthWeekDay };
    Kind kind = Kind::kMonthWeekDay;
    int day = 0;          // Jn: 1..365; n: 0..365; M: day of week 0..6 (Sunday 0)
    int month = 0;        // M: 1..12
    int week = 0;         // M: 1..5 (5: the last)
    int32_t time = 7200;  // seconds after local midnight, -167h..167h
  };
  struct Rule {
    bool present = false;
    int32_t std_offset = 0;  // seconds east of UTC
    bool has_dst = false;
    int32_t dst_offset = 0;
    RuleDate start, end;
  };
  static Result<Rule> ParsePosixTz(std::string_view tz);
  int32_t RuleOffsetAt(int64_t utc_seconds) const;

  TimeZone() = default;

  std::string name_;
  uint16_t id_ = 0;
  std::vector<int64_t> transitions_;  // UTC seconds, ascending
  std::vector<int32_t> offsets_;      // offset after each transition
  int32_t initial_offset_ = 0;        // before the first transition
  Rule rule_;                         // after the last transition (if present)
};

/// A timestamp text's instant, the digits of its fraction, and its zone.
struct ZonedTimestamp {
  int64_t utc_micros = 0;
  int fraction_digits = 0;
  const TimeZone* zone = nullptr;
  bool explicit_zone = false;  // the text named the zone
};

/// Parses "2024-01-01 10:00[:00[.ffffff]]" followed by an optional zone:
/// " Europe/Berlin", " UTC", "Z", "+02:00" or " +02:00". The wall clock is
/// read in that zone, else in `default_zone` (when `require_zone` is false).
/// Invalid "Time zone not supported: X" for an unknown zone; Invalid for
/// other malformed text.
Result<ZonedTimestamp> ParseTimestampWithZone(std::string_view text, const TimeZone* default_zone,
                                              bool require_zone);

/// "2024-01-01 10:00:00.000 Europe/Berlin": the local time of a UTC instant
/// in `zone` with `precision` fractional digits, then the zone's name (the
/// Trino CLI's timestamp with time zone text).
void AppendTimestampWithZone(int64_t utc_micros, int precision, const TimeZone& zone,
                             std::string* out);

}  // namespace floe
