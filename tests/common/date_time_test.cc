#include "common/date_time.h"

#include <gtest/gtest.h>

#include "common/int128.h"

namespace floe {
namespace {

TEST(DateTimeTest, CivilDaysRoundTripAcrossEras) {
  for (int64_t d = -800000; d <= 800000; d += 7) {
    CivilDate c = CivilFromDays(d);
    ASSERT_EQ(DaysFromCivil(c.year, c.month, c.day), d);
  }
  EXPECT_EQ(DaysFromCivil(1970, 1, 1), 0);
  EXPECT_EQ(DaysFromCivil(2000, 3, 1), 11017);
  EXPECT_EQ(DaysFromCivil(1969, 12, 31), -1);
}

TEST(DateTimeTest, FormatsTimestampsLikeTrino) {
  std::string s;
  AppendTimestamp(1735725600123456LL, 6, &s);  // 2025-01-01 10:00:00.123456
  EXPECT_EQ(s, "2025-01-01 10:00:00.123456");
  s.clear();
  AppendTimestamp(-1, 6, &s);
  EXPECT_EQ(s, "1969-12-31 23:59:59.999999");
  s.clear();
  AppendTimestamp(0, 3, &s);
  EXPECT_EQ(s, "1970-01-01 00:00:00.000");
  s.clear();
  AppendDate(-719528, &s);  // 0000-01-01
  EXPECT_EQ(s, "0000-01-01");
}

TEST(Int128Test, FormatsDecimals) {
  std::string s;
  AppendDecimal(-1250, 2, &s);
  EXPECT_EQ(s, "-12.50");
  s.clear();
  AppendDecimal(5, 2, &s);
  EXPECT_EQ(s, "0.05");
  s.clear();
  int128_t big = static_cast<int128_t>(1) << 100;
  AppendInt128(big, &s);
  EXPECT_EQ(s, "1267650600228229401496703205376");
  s.clear();
  AppendDecimal(0, 3, &s);
  EXPECT_EQ(s, "0.000");
}

}  // namespace
}  // namespace floe
