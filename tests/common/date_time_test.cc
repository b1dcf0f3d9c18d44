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

namespace floe {
namespace {

TEST(DateTimeParseTest, DatesAndTimestampsAsSqlLiteralsWriteThem) {
  int64_t days = 0, micros = 0;
  int digits = -1;
  ASSERT_TRUE(ParseDate("2025-12-31", &days));
  EXPECT_EQ(days, DaysFromCivil(2025, 12, 31));
  EXPECT_TRUE(ParseDate("2024-02-29", &days));
  EXPECT_FALSE(ParseDate("2025-02-29", &days));  // not a leap year
  EXPECT_FALSE(ParseDate("2025-13-01", &days));
  EXPECT_FALSE(ParseDate("2025-12-31x", &days));
  EXPECT_TRUE(ParseDate("-0044-03-15", &days));
  ASSERT_TRUE(ParseTimestamp("2025-12-31 23:00:00", &micros, &digits));
  EXPECT_EQ(micros, DaysFromCivil(2025, 12, 31) * kMicrosPerDay + 23LL * 3600 * kMicrosPerSecond);
  EXPECT_EQ(digits, 0);
  ASSERT_TRUE(ParseTimestamp("1969-12-31T23:59:59.5", &micros, &digits));
  EXPECT_EQ(micros, -500000);
  EXPECT_EQ(digits, 1);
  ASSERT_TRUE(ParseTimestamp("2025-01-01", &micros, &digits));
  EXPECT_EQ(micros, DaysFromCivil(2025, 1, 1) * kMicrosPerDay);
  EXPECT_FALSE(ParseTimestamp("2025-01-01 24:00:00", &micros, &digits));
  EXPECT_FALSE(ParseTimestamp("2025-01-01 10:00:00.1234567", &micros, &digits));
  EXPECT_FALSE(ParseTimestamp("2025-01-01 10", &micros, &digits));
}

TEST(DateTimeTest, FormatsIntervalsAsTrinoDoes) {
  auto day_time = [](int64_t micros) {
    std::string s;
    AppendIntervalDayTime(micros, &s);
    return s;
  };
  auto year_month = [](int64_t months) {
    std::string s;
    AppendIntervalYearMonth(months, &s);
    return s;
  };
  EXPECT_EQ(day_time(((26 * 60 + 3) * 60 + 4) * kMicrosPerSecond + 500000), "1 02:03:04.500");
  EXPECT_EQ(day_time(-2 * 3600 * kMicrosPerSecond), "-0 02:00:00.000");
  EXPECT_EQ(day_time(1999), "0 00:00:00.001");  // microseconds below a millisecond not shown
  EXPECT_EQ(day_time(INT64_MIN), "-106751991 04:00:54.775");
  EXPECT_EQ(year_month(14), "1-2");
  EXPECT_EQ(year_month(-3), "-0-3");
  EXPECT_EQ(year_month(0), "0-0");
}

TEST(DateTimeTest, ParsesTimeOfDayAndAddsMonthsClampingTheDay) {
  int64_t micros;
  int digits;
  ASSERT_TRUE(ParseTimeOfDay("01:02:03.456", &micros, &digits));
  EXPECT_EQ(micros, 3723 * kMicrosPerSecond + 456000);
  EXPECT_EQ(digits, 3);
  ASSERT_TRUE(ParseTimeOfDay("23:59", &micros, &digits));
  EXPECT_EQ(digits, 0);
  EXPECT_FALSE(ParseTimeOfDay("24:00", &micros, &digits));
  EXPECT_FALSE(ParseTimeOfDay("10:00 +02:00", &micros, &digits));
  int64_t out;
  ASSERT_TRUE(AddMonthsToMicros(DaysFromCivil(2024, 1, 31) * kMicrosPerDay + 5, 1, &out));
  EXPECT_EQ(out, DaysFromCivil(2024, 2, 29) * kMicrosPerDay + 5);
  ASSERT_TRUE(AddMonthsToMicros(DaysFromCivil(2024, 3, 31) * kMicrosPerDay, -13, &out));
  EXPECT_EQ(out, DaysFromCivil(2023, 2, 28) * kMicrosPerDay);
  EXPECT_FALSE(AddMonthsToMicros(0, INT64_MAX / 2, &out));
}

}  // namespace
}  // namespace floe
