#include "common/status.h"

#include <gtest/gtest.h>

#include <memory>

#include "common/result.h"

namespace floe {
namespace {

Result<int> ParsePositive(int v) {
  if (v <= 0) return Status::Invalid("value ", v, " is not positive");
  return v;
}

Result<int> Doubled(int v) {
  FLOE_ASSIGN_OR_RETURN(int x, ParsePositive(v));
  return x * 2;
}

Status Chain(int v) {
  FLOE_RETURN_NOT_OK(ParsePositive(v).status());
  return Status::OK();
}

TEST(StatusTest, OkHasNoMessage) {
  Status st;
  EXPECT_TRUE(st.ok());
  EXPECT_EQ(st.ToString(), "OK");
  EXPECT_EQ(st.message(), "");
}

TEST(StatusTest, ErrorCarriesCodeAndConcatenatedMessage) {
  Status st = Status::Corruption("file.parquet:", 42, ": bad magic ", 1.5, ' ', true);
  EXPECT_FALSE(st.ok());
  EXPECT_TRUE(st.IsCorruption());
  EXPECT_EQ(st.ToString(), "Corruption: file.parquet:42: bad magic 1.5 true");
}

TEST(StatusTest, WithContextPrefixesMessageAndKeepsCode) {
  Status st = Status::IOError("short read").WithContext("a.avro");
  EXPECT_TRUE(st.IsIOError());
  EXPECT_EQ(st.message(), "a.avro: short read");
  EXPECT_TRUE(Status::OK().WithContext("x").ok());
}

TEST(StatusTest, CopyKeepsMessage) {
  Status a = Status::NotFound("x");
  Status b = a;
  EXPECT_EQ(b.ToString(), "NotFound: x");
  EXPECT_EQ(a.ToString(), "NotFound: x");
}

TEST(ResultTest, AssignOrReturnPropagatesErrors) {
  EXPECT_EQ(*Doubled(4), 8);
  Result<int> r = Doubled(-1);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "value -1 is not positive");
  EXPECT_TRUE(Chain(1).ok());
  EXPECT_TRUE(Chain(0).IsInvalid());
}

TEST(ResultTest, HoldsMoveOnlyValues) {
  Result<std::unique_ptr<int>> r = std::make_unique<int>(7);
  ASSERT_TRUE(r.ok());
  std::unique_ptr<int> p = std::move(r).ValueOrDie();
  EXPECT_EQ(*p, 7);
}

TEST(ResultTest, OkStatusBecomesInternalError) {
  Result<int> r = Status::OK();
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInternal);
}

}  // namespace
}  // namespace floe
