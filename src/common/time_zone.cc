#include "common/time_zone.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <unordered_map>

#include "common/date_time.h"
#include "common/str_cat.h"

namespace floe {

namespace {

constexpr int64_t kSecondsPerDay = 86400;
// Larger files are not TZif: the biggest zone in the database is ~4 KB.
constexpr size_t kMaxTzifBytes = 1 << 20;
// Trino's range of fixed offsets.
constexpr int32_t kMaxFixedOffset = 14 * 3600;

// ---- TZif (RFC 8536) ----

// Reads big-endian integers, refusing to go past the end.
class ByteReader {
 public:
  explicit ByteReader(std::string_view bytes) : bytes_(bytes) {}
  size_t remaining() const { return bytes_.size() - pos_; }
  bool Skip(uint64_t n) {
    if (n > remaining()) return false;
    pos_ += static_cast<size_t>(n);
    return true;
  }
  bool U8(uint8_t* v) {
    if (remaining() < 1) return false;
    *v = static_cast<uint8_t>(bytes_[pos_++]);
    return true;
  }
  bool U32(uint32_t* v) {
    if (remaining() < 4) return false;
    uint32_t r = 0;
    for (int k = 0; k < 4; ++k) r = (r << 8) | static_cast<uint8_t>(bytes_[pos_++]);
    *v = r;
    return true;
  }
  bool I32(int32_t* v) {
    uint32_t u;
    if (!U32(&u)) return false;
    *v = static_cast<int32_t>(u);
    return true;
  }
  bool I64(int64_t* v) {
    uint32_t hi, lo;
    if (!U32(&hi) || !U32(&lo)) return false;
    *v = static_cast<int64_t>((uint64_t{hi} << 32) | lo);
    return true;
  }
  std::string_view Rest() const { return bytes_.substr(pos_); }

 private:
  std::string_view bytes_;
  size_t pos_ = 0;
};

struct TzifHeader {
  char version = 0;
  uint32_t isutcnt = 0, isstdcnt = 0, leapcnt = 0, timecnt = 0, typecnt = 0, charcnt = 0;
};

bool ReadHeader(ByteReader* r, TzifHeader* h, std::string* error) {
  if (r->remaining() < 44) {
    *error = "truncated header";
    return false;
  }
  std::string_view rest = r->Rest();
  if (rest.substr(0, 4) != "TZif") {
    *error = "no TZif magic";
    return false;
  }
  h->version = rest[4];
  if (h->version != 0 && (h->version < '2' || h->version > '9')) {
    *error = "unknown version";
    return false;
  }
  (void)r->Skip(20);
  for (uint32_t* c :
       {&h->isutcnt, &h->isstdcnt, &h->leapcnt, &h->timecnt, &h->typecnt, &h->charcnt}) {
    (void)r->U32(c);
  }
  // RFC 8536 section 3.1: the counts' constraints.
  if (h->typecnt == 0 || h->typecnt > 256 || h->charcnt == 0 ||
      (h->isutcnt != 0 && h->isutcnt != h->typecnt) ||
      (h->isstdcnt != 0 && h->isstdcnt != h->typecnt)) {
    *error = "invalid counts in header";
    return false;
  }
  return true;
}

uint64_t DataBlockSize(const TzifHeader& h, int time_size) {
  return uint64_t{h.timecnt} * static_cast<uint64_t>(time_size) + h.timecnt +
         uint64_t{h.typecnt} * 6 + h.charcnt +
         uint64_t{h.leapcnt} * static_cast<uint64_t>(time_size + 4) + h.isstdcnt + h.isutcnt;
}

// ---- POSIX TZ strings ----

class TzParser {
 public:
  explicit TzParser(std::string_view s) : s_(s) {}
  bool done() const { return i_ == s_.size(); }
  bool Peek(char c) const { return i_ < s_.size() && s_[i_] == c; }
  bool Accept(char c) {
    if (!Peek(c)) return false;
    ++i_;
    return true;
  }
  // An abbreviation: 3+ letters, or <...> of letters, digits, + and -.
  bool Name() {
    if (Accept('<')) {
      size_t start = i_;
      while (i_ < s_.size() && s_[i_] != '>') {
        const char c = s_[i_];
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-') return false;
        ++i_;
      }
      if (i_ - start < 3 || !Accept('>')) return false;
      return true;
    }
    size_t start = i_;
    while (i_ < s_.size() && std::isalpha(static_cast<unsigned char>(s_[i_]))) ++i_;
    return i_ - start >= 3;
  }
  bool Number(int max_digits, int* v) {
    int n = 0;
    *v = 0;
    while (i_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[i_])) && n < max_digits) {
      *v = *v * 10 + (s_[i_++] - '0');
      ++n;
    }
    return n > 0;
  }
  // [+-]hh[:mm[:ss]] in seconds; hours up to `max_hours`.
  bool Time(int max_hours, int32_t* seconds) {
    int sign = 1;
    if (Accept('-')) {
      sign = -1;
    } else {
      Accept('+');
    }
    int h, m = 0, sec = 0;
    if (!Number(3, &h) || h > max_hours) return false;
    if (Accept(':')) {
      if (!Number(2, &m) || m > 59) return false;
      if (Accept(':') && (!Number(2, &sec) || sec > 59)) return false;
    }
    *seconds = sign * ((h * 60 + m) * 60 + sec);
    return true;
  }

 private:
  std::string_view s_;
  size_t i_ = 0;
};

bool IsLeapYear(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int64_t y, int m) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return kDays[m - 1] + (m == 2 && IsLeapYear(y) ? 1 : 0);
}

// ---- names ----

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool IsUtcAlias(std::string_view name) {
  static const char* const kAliases[] = {
      "utc",      "z",         "ut",        "uct",           "gmt",      "gmt0",
      "gmt+0",    "gmt-0",     "greenwich", "universal",     "zulu",     "etc/utc",
      "etc/gmt",  "etc/uct",   "etc/ut",    "etc/universal", "etc/zulu", "etc/greenwich",
      "etc/gmt0", "etc/gmt+0", "etc/gmt-0"};
  const std::string lower = Lower(name);
  for (const char* a : kAliases) {
    if (lower == a) return true;
  }
  return false;
}

// "+02:00", "-05:30", "+02", "+0530" to seconds east of UTC.
bool ParseOffset(std::string_view s, int32_t* seconds) {
  if (s.size() < 2 || (s[0] != '+' && s[0] != '-')) return false;
  const int sign = s[0] == '-' ? -1 : 1;
  std::string digits;
  for (size_t k = 1; k < s.size(); ++k) {
    if (s[k] == ':' && k == 3) continue;
    if (!std::isdigit(static_cast<unsigned char>(s[k]))) return false;
    digits.push_back(s[k]);
  }
  if (digits.size() != 2 && digits.size() != 4) return false;
  if (s.size() == 6 && s[3] != ':') return false;
  const int h = (digits[0] - '0') * 10 + (digits[1] - '0');
  const int m = digits.size() == 4 ? (digits[2] - '0') * 10 + (digits[3] - '0') : 0;
  if (m > 59) return false;
  *seconds = sign * (h * 3600 + m * 60);
  return *seconds >= -kMaxFixedOffset && *seconds <= kMaxFixedOffset;
}

std::string OffsetName(int32_t seconds) {
  char buf[16];
  const int32_t a = seconds < 0 ? -seconds : seconds;
  std::snprintf(buf, sizeof(buf), "%c%02d:%02d", seconds < 0 ? '-' : '+', a / 3600, a / 60 % 60);
  return buf;
}

// A tz database name is safe to use as a path below the database directory.
bool IsSafeZoneName(std::string_view name) {
  if (name.empty() || name.size() > 64 || name[0] == '/' || name.back() == '/') return false;
  if (name.find("..") != std::string_view::npos || name.find("//") != std::string_view::npos)
    return false;
  for (char c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '/' && c != '_' && c != '-' &&
        c != '+')
      return false;
  }
  return true;
}

bool ReadSmallFile(const std::string& path, std::string* out) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return false;
  char buf[4096];
  size_t n;
  bool ok = true;
  while ((n = std::fread(buf, 1, sizeof(buf), f)) > 0) {
    out->append(buf, n);
    if (out->size() > kMaxTzifBytes) {
      ok = false;
      break;
    }
  }
  ok = ok && !std::ferror(f);
  std::fclose(f);
  return ok;
}

// The process-wide table of zones Lookup has made; ids index it.
struct Registry {
  std::mutex mu;
  std::vector<std::unique_ptr<TimeZone>> zones;
  std::unordered_map<std::string, uint16_t> by_key;
};

Registry& TheRegistry() {
  static Registry* r = [] {
    auto* reg = new Registry();
    reg->zones.push_back(TimeZone::Fixed("UTC", 0));
    reg->by_key["UTC"] = 0;
    return reg;
  }();
  return *r;
}

}  // namespace

Result<TimeZone::Rule> TimeZone::ParsePosixTz(std::string_view tz) {
  auto bad = [&]() { return Status::Invalid("invalid POSIX TZ string '", tz, "'"); };
  Rule rule;
  TzParser p(tz);
  int32_t std_west;
  if (!p.Name() || !p.Time(24, &std_west)) return bad();
  rule.present = true;
  rule.std_offset = -std_west;
  if (p.done()) return rule;
  if (!p.Name()) return bad();
  rule.has_dst = true;
  rule.dst_offset = rule.std_offset + 3600;
  if (!p.Peek(',')) {
    int32_t dst_west;
    if (!p.Time(24, &dst_west)) return bad();
    rule.dst_offset = -dst_west;
  }
  // POSIX's default rule (when the dates are absent) is unspecified; the
  // tz database always writes them.
  for (RuleDate* d : {&rule.start, &rule.end}) {
    if (!p.Accept(',')) return bad();
    int v;
    if (p.Accept('M')) {
      int w, day;
      if (!p.Number(2, &v) || v < 1 || v > 12 || !p.Accept('.') || !p.Number(1, &w) || w < 1 ||
          w > 5 || !p.Accept('.') || !p.Number(1, &day) || day > 6)
        return bad();
      d->kind = RuleDate::Kind::kMonthWeekDay;
      d->month = v;
      d->week = w;
      d->day = day;
    } else if (p.Accept('J')) {
      if (!p.Number(3, &v) || v < 1 || v > 365) return bad();
      d->kind = RuleDate::Kind::kJulian1;
      d->day = v;
    } else {
      if (!p.Number(3, &v) || v > 365) return bad();
      d->kind = RuleDate::Kind::kJulian0;
      d->day = v;
    }
    d->time = 7200;
    // RFC 8536 section 3.3.1 extends the time to -167..167 hours.
    if (p.Accept('/') && !p.Time(167, &d->time)) return bad();
  }
  if (!p.done()) return bad();
  return rule;
}

namespace {

// Days since the epoch of a rule date in year y.
int64_t RuleDay(int64_t y, int kind_index, int day, int month, int week) {
  switch (kind_index) {
    case 0: {  // Jn: 1..365, February 29 never counted
      int64_t d = DaysFromCivil(y, 1, 1) + day - 1;
      if (IsLeapYear(y) && day >= 60) ++d;
      return d;
    }
    case 1:  // n: 0..365, February 29 counted
      return DaysFromCivil(y, 1, 1) + day;
    default: {  // Mm.w.d
      const int64_t first = DaysFromCivil(y, month, 1);
      // 1970-01-01 was a Thursday (4, Sunday being 0).
      const int64_t first_weekday = FloorMod(first + 4, 7);
      int64_t d = first + FloorMod(day - first_weekday, 7) + 7 * (week - 1);
      const int64_t last = first + DaysInMonth(y, month) - 1;
      while (d > last) d -= 7;
      return d;
    }
  }
}

}  // namespace

int32_t TimeZone::RuleOffsetAt(int64_t t) const {
  if (!rule_.has_dst) return rule_.std_offset;
  const int64_t year = CivilFromDays(FloorDiv(t + rule_.std_offset, kSecondsPerDay)).year;
  auto at = [&](const RuleDate& d, int32_t offset) {
    return RuleDay(year, static_cast<int>(d.kind), d.day, d.month, d.week) * kSecondsPerDay +
           d.time - offset;
  };
  // The switch to DST happens at a standard-time wall clock, the switch back
  // at a DST wall clock.
  const int64_t start = at(rule_.start, rule_.std_offset);
  const int64_t end = at(rule_.end, rule_.dst_offset);
  const bool dst = start < end ? (t >= start && t < end) : !(t >= end && t < start);
  return dst ? rule_.dst_offset : rule_.std_offset;
}

int32_t TimeZone::OffsetAt(int64_t t) const {
  if (transitions_.empty()) return rule_.present ? RuleOffsetAt(t) : initial_offset_;
  if (t < transitions_.front()) return initial_offset_;
  if (t >= transitions_.back() && rule_.present) return RuleOffsetAt(t);
  const auto it = std::upper_bound(transitions_.begin(), transitions_.end(), t);
  return offsets_[static_cast<size_t>(it - transitions_.begin()) - 1];
}

int64_t TimeZone::UtcToLocal(int64_t utc_micros) const {
  const int64_t offset = OffsetAt(FloorDiv(utc_micros, kMicrosPerSecond));
  return utc_micros + offset * kMicrosPerSecond;
}

int64_t TimeZone::LocalToUtc(int64_t local_micros, int64_t hint_utc) const {
  if (is_fixed()) return local_micros - int64_t{initial_offset_} * kMicrosPerSecond;
  const int64_t local = FloorDiv(local_micros, kMicrosPerSecond);
  // The offsets in effect around the local time (no zone changes its
  // offset twice within two days).
  const int32_t before = OffsetAt(local - 2 * kSecondsPerDay);
  const int32_t after = OffsetAt(local + 2 * kSecondsPerDay);
  int32_t candidates[4] = {before, after, OffsetAt(local - before), OffsetAt(local - after)};
  int32_t valid[4];
  int n_valid = 0;
  for (int32_t o : candidates) {
    if (OffsetAt(local - o) != o) continue;
    if (std::find(valid, valid + n_valid, o) == valid + n_valid) valid[n_valid++] = o;
  }
  int32_t chosen;
  if (n_valid == 0) {
    // A gap: java.time moves the wall clock forward by the gap's length,
    // which is reading it with the offset before the gap.
    chosen = before;
  } else if (n_valid == 1) {
    chosen = valid[0];
  } else {
    chosen = *std::max_element(valid, valid + n_valid);  // the earlier instant
    if (hint_utc != INT64_MIN) {
      const int32_t hinted = OffsetAt(FloorDiv(hint_utc, kMicrosPerSecond));
      if (std::find(valid, valid + n_valid, hinted) != valid + n_valid) chosen = hinted;
    }
  }
  return local_micros - int64_t{chosen} * kMicrosPerSecond;
}

std::unique_ptr<TimeZone> TimeZone::Fixed(std::string name, int32_t offset_seconds) {
  std::unique_ptr<TimeZone> z(new TimeZone());
  z->name_ = std::move(name);
  z->initial_offset_ = offset_seconds;
  return z;
}

Result<std::unique_ptr<TimeZone>> TimeZone::FromPosixTz(std::string name, std::string_view tz) {
  FLOE_ASSIGN_OR_RETURN(Rule rule, ParsePosixTz(tz));
  std::unique_ptr<TimeZone> z(new TimeZone());
  z->name_ = std::move(name);
  z->rule_ = rule;
  z->initial_offset_ = rule.std_offset;
  return z;
}

Result<std::unique_ptr<TimeZone>> TimeZone::FromTzif(std::string name, std::string_view bytes) {
  std::string error;
  auto corrupt = [&](std::string_view what) {
    return Status::Corruption("time zone file ", name, ": ", what);
  };
  ByteReader r(bytes);
  TzifHeader h;
  if (!ReadHeader(&r, &h, &error)) return corrupt(error);
  int time_size = 4;
  if (h.version != 0) {
    // Version 2+: skip the 32-bit block; the 64-bit header and data follow.
    if (!r.Skip(DataBlockSize(h, 4))) return corrupt("truncated version 1 data");
    if (!ReadHeader(&r, &h, &error)) return corrupt(StrCat("second header: ", error));
    time_size = 8;
  }
  if (DataBlockSize(h, time_size) > r.remaining()) return corrupt("truncated data");
  std::vector<int64_t> times(h.timecnt);
  for (uint32_t k = 0; k < h.timecnt; ++k) {
    if (time_size == 8) {
      (void)r.I64(&times[k]);
    } else {
      int32_t t = 0;
      (void)r.I32(&t);
      times[k] = t;
    }
    if (k > 0 && times[k] <= times[k - 1]) return corrupt("transition times not ascending");
  }
  std::vector<uint8_t> type_of(h.timecnt);
  for (uint32_t k = 0; k < h.timecnt; ++k) {
    (void)r.U8(&type_of[k]);
    if (type_of[k] >= h.typecnt) return corrupt("transition type out of range");
  }
  std::vector<int32_t> utoff(h.typecnt);
  for (uint32_t k = 0; k < h.typecnt; ++k) {
    uint8_t isdst = 0, idx = 0;
    (void)r.I32(&utoff[k]);
    (void)r.U8(&isdst);
    (void)r.U8(&idx);
    // RFC 8536 section 3.2: utoff never -2^31; isdst 0 or 1; the
    // abbreviation index within the characters. Offsets beyond a day are
    // not real zones.
    if (utoff[k] <= -kSecondsPerDay || utoff[k] >= kSecondsPerDay || isdst > 1 || idx >= h.charcnt)
      return corrupt("invalid local time type");
  }
  // Abbreviations, leap seconds and the standard/UT indicators are not
  // needed: offsets come from the types, display uses the zone's name.
  (void)r.Skip(DataBlockSize(h, time_size) - uint64_t{h.timecnt} * (time_size + 1) -
               uint64_t{h.typecnt} * 6);
  std::unique_ptr<TimeZone> z(new TimeZone());
  z->name_ = std::move(name);
  z->initial_offset_ = utoff[0];
  z->transitions_ = std::move(times);
  z->offsets_.reserve(h.timecnt);
  for (uint8_t t : type_of) z->offsets_.push_back(utoff[t]);
  if (h.version != 0) {
    // The footer: "\n" TZ "\n"; an empty TZ means no rule.
    std::string_view rest = r.Rest();
    if (rest.size() < 2 || rest[0] != '\n') return corrupt("missing footer");
    const size_t end = rest.find('\n', 1);
    if (end == std::string_view::npos) return corrupt("unterminated footer");
    std::string_view tz = rest.substr(1, end - 1);
    if (!tz.empty()) {
      auto rule = ParsePosixTz(tz);
      if (!rule.ok()) return corrupt(rule.status().message());
      z->rule_ = *rule;
    }
  }
  return z;
}

const TimeZone* TimeZone::Utc() { return TheRegistry().zones[0].get(); }

const TimeZone* TimeZone::FromId(uint16_t id) {
  Registry& reg = TheRegistry();
  std::lock_guard<std::mutex> lock(reg.mu);
  return id < reg.zones.size() ? reg.zones[id].get() : reg.zones[0].get();
}

Result<const TimeZone*> TimeZone::Lookup(std::string_view requested) {
  Registry& reg = TheRegistry();
  const std::string key(requested);
  {
    std::lock_guard<std::mutex> lock(reg.mu);
    auto it = reg.by_key.find(key);
    if (it != reg.by_key.end()) return reg.zones[it->second].get();
  }
  auto unsupported = [&]() { return Status::Invalid("Time zone not supported: ", requested); };
  std::unique_ptr<TimeZone> zone;
  int32_t offset;
  if (IsUtcAlias(requested)) {
    zone = Fixed("UTC", 0);
  } else if (ParseOffset(requested, &offset)) {
    zone = Fixed(offset == 0 ? "UTC" : OffsetName(offset), offset);
  } else if (IsSafeZoneName(requested)) {
    const char* dir = std::getenv("TZDIR");
    std::string path =
        StrCat(dir != nullptr && *dir != '\0' ? dir : "/usr/share/zoneinfo", "/", requested);
    std::string bytes;
    if (!ReadSmallFile(path, &bytes)) return unsupported();
    auto parsed = FromTzif(key, bytes);
    if (!parsed.ok()) return unsupported();
    zone = std::move(*parsed);
  } else {
    return unsupported();
  }
  std::lock_guard<std::mutex> lock(reg.mu);
  // The canonical name may be known already (another alias, or a racing thread).
  auto known = reg.by_key.find(zone->name());
  if (known != reg.by_key.end()) {
    reg.by_key[key] = known->second;
    return reg.zones[known->second].get();
  }
  if (reg.zones.size() > 0xffff) return Status::Invalid("too many time zones in use");
  zone->id_ = static_cast<uint16_t>(reg.zones.size());
  reg.by_key[zone->name()] = zone->id_;
  reg.by_key[key] = zone->id_;
  reg.zones.push_back(std::move(zone));
  return reg.zones.back().get();
}

Result<ZonedTimestamp> ParseTimestampWithZone(std::string_view text, const TimeZone* default_zone,
                                              bool require_zone) {
  ZonedTimestamp out;
  int64_t local;
  auto with_zone = [&](std::string_view zone_text) -> Status {
    FLOE_ASSIGN_OR_RETURN(out.zone, TimeZone::Lookup(zone_text));
    out.explicit_zone = true;
    return Status::OK();
  };
  if (ParseTimestamp(text, &local, &out.fraction_digits)) {
    if (require_zone || default_zone == nullptr)
      return Status::Invalid("'", text, "' has no time zone");
    out.zone = default_zone;
  } else {
    // The zone follows a space, or is attached: "Z", "+02:00", "-05".
    const size_t space = text.rfind(' ');
    const size_t sign = text.find_last_of("+-");
    if (space != std::string_view::npos &&
        ParseTimestamp(text.substr(0, space), &local, &out.fraction_digits)) {
      FLOE_RETURN_NOT_OK(with_zone(text.substr(space + 1)));
    } else if (text.size() > 1 && text.back() == 'Z' &&
               ParseTimestamp(text.substr(0, text.size() - 1), &local, &out.fraction_digits)) {
      out.zone = TimeZone::Utc();
      out.explicit_zone = true;
    } else if (sign != std::string_view::npos && sign > 10 &&
               ParseTimestamp(text.substr(0, sign), &local, &out.fraction_digits)) {
      FLOE_RETURN_NOT_OK(with_zone(text.substr(sign)));
    } else {
      return Status::Invalid("'", text, "' is not a timestamp");
    }
  }
  out.utc_micros = out.zone->LocalToUtc(local);
  return out;
}

void AppendTimestampWithZone(int64_t utc_micros, int precision, const TimeZone& zone,
                             std::string* out) {
  AppendTimestamp(zone.UtcToLocal(utc_micros), precision, out);
  out->push_back(' ');
  out->append(zone.name());
}

}  // namespace floe
