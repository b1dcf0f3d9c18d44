#include "sql/exec/like_pattern.h"

#include <gtest/gtest.h>

namespace floe::sql {
namespace {

bool Like(std::string_view s, std::string_view pattern) {
  return LikePattern::Compile(pattern).ValueOrDie().Matches(s);
}

TEST(LikePatternTest, MatchesShapesAndWildcards) {
  EXPECT_TRUE(Like("abc", "abc"));
  EXPECT_FALSE(Like("abcd", "abc"));
  EXPECT_TRUE(Like("abcd", "ab%"));
  EXPECT_TRUE(Like("xabc", "%bc"));
  EXPECT_TRUE(Like("xabcx", "%bc%"));
  EXPECT_TRUE(Like("a-b-c", "a_b_c"));
  EXPECT_TRUE(Like("aXbYYc", "a%b%c"));
  EXPECT_FALSE(Like("aXbYYcd", "a%b%c"));
  EXPECT_TRUE(Like("", "%"));
  EXPECT_FALSE(Like("", "_"));
  // _ is one code point, not one byte.
  EXPECT_TRUE(Like("\xC3\xBC", "_"));
  EXPECT_FALSE(Like("\xC3\xBC", "__"));
}

// Found by sql_query_fuzz: a string ending in a truncated UTF-8 sequence
// made the backtracking step past its end.
TEST(LikePatternTest, TruncatedUtf8DoesNotStepPastTheEnd) {
  EXPECT_FALSE(Like("ab\xF0", "a%z"));
  EXPECT_FALSE(Like("\xF0", "%x"));
  EXPECT_TRUE(Like("ab\xF0", "a%"));
  EXPECT_TRUE(Like("ab\xF0", "%_"));
}

TEST(LikePatternTest, EscapesAndBadEscapes) {
  auto p = LikePattern::Compile("100!%", "!", true).ValueOrDie();
  EXPECT_TRUE(p.Matches("100%"));
  EXPECT_FALSE(p.Matches("1000"));
  EXPECT_FALSE(LikePattern::Compile("a!", "!", true).ok());
  EXPECT_FALSE(LikePattern::Compile("a!b", "!", true).ok());
  EXPECT_FALSE(LikePattern::Compile("a", "!!", true).ok());
}

}  // namespace
}  // namespace floe::sql
