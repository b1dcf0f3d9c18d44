#include "formats/text/value_parser.h"

#include <gtest/gtest.h>

#include <cmath>

#include "columnar/logical_type.h"
#include "common/date_time.h"

namespace floe::formats::text {
namespace {

TEST(ValueParserTest, Integers) {
  int64_t v;
  EXPECT_TRUE(ParseInt64(" -42 ", &v));
  EXPECT_EQ(v, -42);
  EXPECT_TRUE(ParseInt64("+9223372036854775807", &v));
  EXPECT_EQ(v, INT64_MAX);
  EXPECT_TRUE(ParseInt64("-9223372036854775808", &v));
  EXPECT_EQ(v, INT64_MIN);
  EXPECT_FALSE(ParseInt64("9223372036854775808", &v));
  EXPECT_FALSE(ParseInt64("-", &v));
  EXPECT_FALSE(ParseInt64("", &v));
  EXPECT_FALSE(ParseInt64("1.0", &v));
  EXPECT_FALSE(ParseInt64("1 2", &v));
}

TEST(ValueParserTest, Doubles) {
  double d;
  EXPECT_TRUE(ParseDouble("+1.5e3", &d));
  EXPECT_EQ(d, 1500);
  EXPECT_TRUE(ParseDouble(".5", &d));
  EXPECT_EQ(d, 0.5);
  EXPECT_TRUE(ParseDouble("-inf", &d));
  EXPECT_TRUE(std::isinf(d) && d < 0);
  EXPECT_TRUE(ParseDouble("1e999", &d));
  EXPECT_TRUE(std::isinf(d));
  EXPECT_TRUE(ParseDouble("1e-999", &d));
  EXPECT_EQ(d, 0);
  EXPECT_FALSE(ParseDouble("+-1", &d));
  EXPECT_FALSE(ParseDouble("0x10", &d));
  EXPECT_FALSE(ParseDouble("1,5", &d));
}

TEST(ValueParserTest, Decimals) {
  int128_t v;
  EXPECT_TRUE(ParseDecimal("12.345", 5, 2, &v));
  EXPECT_EQ(static_cast<int64_t>(v), 1235);
  EXPECT_TRUE(ParseDecimal("-12.344", 5, 2, &v));
  EXPECT_EQ(static_cast<int64_t>(v), -1234);
  EXPECT_TRUE(ParseDecimal("7", 5, 2, &v));
  EXPECT_EQ(static_cast<int64_t>(v), 700);
  EXPECT_FALSE(ParseDecimal("999.995", 5, 2, &v));
  EXPECT_FALSE(ParseDecimal("1000", 5, 2, &v));
  EXPECT_FALSE(ParseDecimal(".", 5, 2, &v));
  EXPECT_FALSE(ParseDecimal("1.2.3", 5, 2, &v));
  EXPECT_TRUE(ParseDecimal("99999999999999999999999999999999999999", 38, 0, &v));
  EXPECT_FALSE(ParseDecimal("999999999999999999999999999999999999999", 38, 0, &v));
}

TEST(ValueParserTest, IsoDatesTimesAndTimestamps) {
  int32_t days;
  EXPECT_TRUE(ParseIsoDate("2024-02-29", &days));
  EXPECT_EQ(days, DaysFromCivil(2024, 2, 29));
  EXPECT_FALSE(ParseIsoDate("2023-02-29", &days));
  EXPECT_TRUE(ParseIsoDate("-0044-03-15", &days));
  EXPECT_FALSE(ParseIsoDate("2024-01-01 ", &days));
  int64_t micros;
  EXPECT_TRUE(ParseIsoTimestamp("1970-01-02T00:00:01.5Z", &micros));
  EXPECT_EQ(micros, kMicrosPerDay + 1500000);
  EXPECT_TRUE(ParseIsoTimestamp("1970-01-01", &micros));
  EXPECT_EQ(micros, 0);
  EXPECT_FALSE(ParseIsoTimestamp("1970-01-01 24:00:00", &micros));
  EXPECT_FALSE(ParseIsoTimestamp("1970-01-01 10:00:00.1234567", &micros));
  EXPECT_FALSE(ParseIsoTimestamp("999999-01-01", &micros));  // past int64 microseconds
  EXPECT_TRUE(ParseIsoTime("7:05", &micros));
  EXPECT_EQ(micros, (7 * 60 + 5) * 60 * kMicrosPerSecond);
}

TEST(ValueParserTest, DateTimeFormats) {
  auto f = DateTimeFormat::Make("%j/%y %H.%M");
  ASSERT_TRUE(f.ok());
  int64_t micros;
  EXPECT_TRUE(f->Parse("32/24 1.02", &micros));
  EXPECT_EQ(micros, DaysFromCivil(2024, 2, 1) * kMicrosPerDay + 62 * 60 * kMicrosPerSecond);
  EXPECT_FALSE(f->Parse("32/24 1.02x", &micros));
  EXPECT_FALSE(f->Parse("367/24 1.02", &micros));
  EXPECT_EQ(DateTimeFormat::Make("%").status().message(), "date format '%' ends with a lone '%'");
}

TEST(ValueParserTest, Utf8) {
  EXPECT_TRUE(IsValidUtf8("plain ascii text, long enough for words"));
  EXPECT_TRUE(IsValidUtf8("\xc3\xbc \xe2\x82\xac \xf0\x9f\x98\x80"));
  size_t bad;
  EXPECT_FALSE(IsValidUtf8("abcdefgh\xc0\xaf", &bad));  // overlong
  EXPECT_EQ(bad, 8u);
  EXPECT_FALSE(IsValidUtf8("\xed\xa0\x80"));      // surrogate
  EXPECT_FALSE(IsValidUtf8("\xf4\x90\x80\x80"));  // past U+10FFFF
  EXPECT_FALSE(IsValidUtf8("\xe2\x82"));          // cut short
}

TEST(ValueParserTest, CandidateTypes) {
  TemporalFormats iso;
  EXPECT_EQ(NarrowestCandidate(CandidateTypes("TRUE", iso)).ToString(), "boolean");
  EXPECT_EQ(NarrowestCandidate(CandidateTypes("12", iso)).ToString(), "bigint");
  EXPECT_EQ(NarrowestCandidate(CandidateTypes("1.5", iso)).ToString(), "double");
  EXPECT_EQ(NarrowestCandidate(CandidateTypes("nan", iso)).ToString(), "varchar");
  EXPECT_EQ(NarrowestCandidate(CandidateTypes("2024-01-01", iso)).ToString(), "date");
  EXPECT_EQ(NarrowestCandidate(CandidateTypes("2024-01-01 10:00", iso)).ToString(), "timestamp(6)");
  EXPECT_EQ(NarrowestCandidate(CandidateTypes("10:00", iso)).ToString(), "time(6)");
  EXPECT_EQ(NarrowestCandidate(CandidateTypes("2024-01-01", iso) &
                               CandidateTypes("2024-01-01T10:00:00", iso))
                .ToString(),
            "timestamp(6)");
  EXPECT_EQ(NarrowestCandidate(kAllCandidates).ToString(), "varchar");
}

}  // namespace
}  // namespace floe::formats::text
