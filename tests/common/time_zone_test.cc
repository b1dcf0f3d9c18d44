#include "common/time_zone.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "common/date_time.h"

namespace floe {
namespace {

// Seconds since the epoch of a UTC civil time.
int64_t Utc(int64_t y, int mo, int d, int h = 0, int mi = 0, int s = 0) {
  return DaysFromCivil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s;
}

int64_t Micros(int64_t seconds) { return seconds * kMicrosPerSecond; }

const TimeZone* Zone(std::string_view name) {
  auto z = TimeZone::Lookup(name);
  EXPECT_TRUE(z.ok()) << z.status().ToString();
  return z.ok() ? *z : TimeZone::Utc();
}

std::string ReadFile(const std::string& path) {
  std::string out;
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return out;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof(buf), f)) > 0) out.append(buf, n);
  std::fclose(f);
  return out;
}

// A minimal TZif file: version `version`, one transition at `t` from
// offset `a` to offset `b`, and `footer` (version 2+).
std::string MakeTzif(char version, int64_t t, int32_t a, int32_t b, std::string_view footer) {
  auto u32 = [](std::string* s, uint32_t v) {
    for (int k = 3; k >= 0; --k) s->push_back(static_cast<char>((v >> (8 * k)) & 0xff));
  };
  auto header = [&](std::string* s) {
    s->append("TZif");
    s->push_back(version);
    s->append(15, '\0');
    for (uint32_t c : {0u, 0u, 0u, 1u, 2u, 4u}) u32(s, c);  // isut isstd leap time type char
  };
  auto block = [&](std::string* s, bool wide) {
    if (wide) u32(s, static_cast<uint32_t>(static_cast<uint64_t>(t) >> 32));
    u32(s, static_cast<uint32_t>(t));
    s->push_back(1);  // the transition's type
    for (int32_t off : {a, b}) {
      u32(s, static_cast<uint32_t>(off));
      s->push_back(0);
      s->push_back(0);
    }
    s->append("AB\0", 3);
    s->push_back('\0');
  };
  std::string s;
  header(&s);
  block(&s, false);
  if (version != 0) {
    header(&s);
    block(&s, true);
    s.push_back('\n');
    s.append(footer);
    s.push_back('\n');
  }
  return s;
}

TEST(TimeZoneTest, BerlinAcrossDstTransitions) {
  const TimeZone* z = Zone("Europe/Berlin");
  EXPECT_EQ(z->name(), "Europe/Berlin");
  EXPECT_EQ(z->OffsetAt(Utc(2024, 3, 31, 0, 59, 59)), 3600);
  EXPECT_EQ(z->OffsetAt(Utc(2024, 3, 31, 1, 0, 0)), 7200);
  EXPECT_EQ(z->OffsetAt(Utc(2024, 10, 27, 0, 59, 59)), 7200);
  EXPECT_EQ(z->OffsetAt(Utc(2024, 10, 27, 1, 0, 0)), 3600);
  // Before the first transition: time type 0, local mean time (+0:53:28).
  EXPECT_EQ(z->OffsetAt(Utc(1850, 1, 1)), 3208);
  EXPECT_EQ(z->OffsetAt(Utc(1900, 1, 1)), 3600);
}

TEST(TimeZoneTest, NewYorkAcrossDstTransitions) {
  const TimeZone* z = Zone("America/New_York");
  EXPECT_EQ(z->OffsetAt(Utc(2024, 3, 10, 6, 59, 59)), -18000);
  EXPECT_EQ(z->OffsetAt(Utc(2024, 3, 10, 7, 0, 0)), -14400);
  EXPECT_EQ(z->OffsetAt(Utc(2024, 11, 3, 5, 59, 59)), -14400);
  EXPECT_EQ(z->OffsetAt(Utc(2024, 11, 3, 6, 0, 0)), -18000);
  EXPECT_EQ(z->OffsetAt(Utc(1800, 1, 1)), -17762);
}

TEST(TimeZoneTest, FarFutureUsesFooterRule) {
  const TimeZone* berlin = Zone("Europe/Berlin");
  // Last Sundays of March and October 2100: the 28th and the 31st.
  EXPECT_EQ(berlin->OffsetAt(Utc(2100, 3, 28, 0, 59, 59)), 3600);
  EXPECT_EQ(berlin->OffsetAt(Utc(2100, 3, 28, 1, 0, 0)), 7200);
  EXPECT_EQ(berlin->OffsetAt(Utc(2100, 10, 31, 0, 59, 59)), 7200);
  EXPECT_EQ(berlin->OffsetAt(Utc(2100, 10, 31, 1, 0, 0)), 3600);
  const TimeZone* ny = Zone("America/New_York");
  // Second Sunday of March 2200 is the 9th.
  EXPECT_EQ(ny->OffsetAt(Utc(2200, 3, 9, 6, 59, 59)), -18000);
  EXPECT_EQ(ny->OffsetAt(Utc(2200, 3, 9, 7, 0, 0)), -14400);
  // The southern hemisphere: DST spans the new year.
  const TimeZone* sydney = Zone("Australia/Sydney");
  EXPECT_EQ(sydney->OffsetAt(Utc(2150, 1, 15)), 39600);
  EXPECT_EQ(sydney->OffsetAt(Utc(2150, 7, 15)), 36000);
}

TEST(TimeZoneTest, LocalToUtcInGapsAndOverlaps) {
  const TimeZone* z = Zone("Europe/Berlin");
  // 02:30 does not exist on 2024-03-31: it moves forward to 03:30 CEST.
  EXPECT_EQ(z->LocalToUtc(Micros(Utc(2024, 3, 31, 2, 30))), Micros(Utc(2024, 3, 31, 1, 30)));
  // 02:30 happens twice on 2024-10-27: the earlier (CEST) by default...
  EXPECT_EQ(z->LocalToUtc(Micros(Utc(2024, 10, 27, 2, 30))), Micros(Utc(2024, 10, 27, 0, 30)));
  // ...the later when the hint is in CET.
  EXPECT_EQ(z->LocalToUtc(Micros(Utc(2024, 10, 27, 2, 30)), Micros(Utc(2024, 10, 27, 1, 45))),
            Micros(Utc(2024, 10, 27, 1, 30)));
  EXPECT_EQ(z->LocalToUtc(Micros(Utc(2024, 7, 1, 12))), Micros(Utc(2024, 7, 1, 10)));
  EXPECT_EQ(z->UtcToLocal(Micros(Utc(2024, 7, 1, 10))), Micros(Utc(2024, 7, 1, 12)));
}

TEST(TimeZoneTest, FixedOffsetsAndUtcAliases) {
  const TimeZone* z = Zone("+05:30");
  EXPECT_EQ(z->name(), "+05:30");
  EXPECT_TRUE(z->is_fixed());
  EXPECT_EQ(z->OffsetAt(0), 19800);
  EXPECT_EQ(Zone("-08")->name(), "-08:00");
  EXPECT_EQ(Zone("-08")->OffsetAt(0), -28800);
  EXPECT_EQ(Zone("+00:00"), TimeZone::Utc());
  EXPECT_EQ(Zone("Z"), TimeZone::Utc());
  EXPECT_EQ(Zone("utc"), TimeZone::Utc());
  EXPECT_EQ(Zone("Etc/UTC"), TimeZone::Utc());
  EXPECT_EQ(TimeZone::Utc()->id(), 0);
  const TimeZone* berlin = Zone("Europe/Berlin");
  EXPECT_NE(berlin->id(), 0);
  EXPECT_EQ(TimeZone::FromId(berlin->id()), berlin);
  EXPECT_EQ(Zone("Europe/Berlin"), berlin);  // cached
}

TEST(TimeZoneTest, UnknownZonesAreInvalid) {
  for (std::string_view name : {"Mars/Base", "../../etc/passwd", "/etc/localtime", "+15:00",
                                "Europe/", "", "Europe/Berlin\n"}) {
    auto z = TimeZone::Lookup(name);
    ASSERT_FALSE(z.ok()) << name;
    EXPECT_EQ(z.status().code(), StatusCode::kInvalid);
  }
  EXPECT_EQ(TimeZone::Lookup("Mars/Base").status().message(), "Time zone not supported: Mars/Base");
}

TEST(TimeZoneTest, PosixRules) {
  auto z = TimeZone::FromPosixTz("x", "AEST-10AEDT,M10.1.0,M4.1.0/3");
  ASSERT_TRUE(z.ok()) << z.status().ToString();
  EXPECT_EQ((*z)->OffsetAt(Utc(2030, 1, 1)), 39600);
  EXPECT_EQ((*z)->OffsetAt(Utc(2030, 6, 1)), 36000);
  auto fixed = TimeZone::FromPosixTz("y", "<+0330>-3:30");
  ASSERT_TRUE(fixed.ok());
  EXPECT_EQ((*fixed)->OffsetAt(0), 12600);
  // Julian days: J60 is March 1 in every year.
  auto julian = TimeZone::FromPosixTz("j", "AAA0BBB,J60/0,J300/0");
  ASSERT_TRUE(julian.ok());
  EXPECT_EQ((*julian)->OffsetAt(Utc(2024, 2, 29, 23, 59, 59)), 0);
  EXPECT_EQ((*julian)->OffsetAt(Utc(2024, 3, 1)), 3600);
  for (std::string_view bad : {"", "AB-1", "CET", "CET-1CEST,M13.1.0,M10.5.0", "CET-1CEST,M3.5",
                               "CET-1CEST,J0,J1", "CET-1CEST,M3.5.0/200,M10.5.0"}) {
    EXPECT_FALSE(TimeZone::FromPosixTz("bad", bad).ok()) << bad;
  }
}

TEST(TimeZoneTest, SyntheticTzifVersions) {
  const int64_t t = Utc(2000, 1, 1);
  auto v1 = TimeZone::FromTzif("v1", MakeTzif('\0', t, 3600, 7200, ""));
  ASSERT_TRUE(v1.ok()) << v1.status().ToString();
  EXPECT_EQ((*v1)->OffsetAt(t - 1), 3600);
  EXPECT_EQ((*v1)->OffsetAt(t), 7200);
  EXPECT_EQ((*v1)->OffsetAt(t + 1000000000), 7200);
  // Version 2 with a footer: after the transition the rule (-3h) decides.
  auto v2 = TimeZone::FromTzif("v2", MakeTzif('2', t, 3600, 7200, "<-03>3"));
  ASSERT_TRUE(v2.ok()) << v2.status().ToString();
  EXPECT_EQ((*v2)->OffsetAt(t - 1), 3600);
  EXPECT_EQ((*v2)->OffsetAt(t), -10800);
  auto empty_footer = TimeZone::FromTzif("v3", MakeTzif('3', t, 3600, 7200, ""));
  ASSERT_TRUE(empty_footer.ok());
  EXPECT_EQ((*empty_footer)->OffsetAt(t + 1), 7200);
}

TEST(TimeZoneTest, InvalidTzifIsCorruptionNotACrash) {
  const std::string berlin = ReadFile("/usr/share/zoneinfo/Europe/Berlin");
  ASSERT_FALSE(berlin.empty());
  ASSERT_TRUE(TimeZone::FromTzif("Europe/Berlin", berlin).ok());
  // Every truncation fails cleanly.
  for (size_t n = 0; n + 1 < berlin.size(); n += 7) {
    auto z = TimeZone::FromTzif("cut", std::string_view(berlin).substr(0, n));
    EXPECT_FALSE(z.ok()) << n;
  }
  EXPECT_EQ(TimeZone::FromTzif("junk", "not a tzif file at all, not at all, no no no no no")
                .status()
                .code(),
            StatusCode::kCorruption);
  std::string bad_type = MakeTzif('2', 0, 0, 0, "UTC0");
  bad_type[44 + 21 + 44 + 8] = 9;  // the 64-bit transition's type index
  EXPECT_FALSE(TimeZone::FromTzif("bad", bad_type).ok());
  std::string bad_footer = MakeTzif('2', 0, 0, 0, "???");
  EXPECT_FALSE(TimeZone::FromTzif("bad", bad_footer).ok());
  std::string bad_version = MakeTzif('2', 0, 0, 0, "UTC0");
  bad_version[4] = '1';
  EXPECT_FALSE(TimeZone::FromTzif("bad", bad_version).ok());
}

}  // namespace
}  // namespace floe
