#include "columnar/vector.h"

#include <gtest/gtest.h>

namespace floe::columnar {
namespace {

TEST(StringViewTest, InlinesShortAndPointsAtLongValues) {
  std::string long_value = "a value longer than twelve bytes";
  StringView s("hello", 5);
  StringView l(long_value.data(), static_cast<uint32_t>(long_value.size()));
  EXPECT_TRUE(s.is_inline());
  EXPECT_EQ(s.view(), "hello");
  EXPECT_FALSE(l.is_inline());
  EXPECT_EQ(l.data(), long_value.data());
  EXPECT_EQ(std::string(l.prefix(), 4), "a va");
  EXPECT_EQ(StringView("hello", 5), s);
  EXPECT_FALSE(StringView("hellp", 5) == s);
  EXPECT_EQ(StringView("exactly12byt", 12).view(), "exactly12byt");
}

TEST(VectorTest, StringsOutliveTheirSource) {
  MemoryPool pool("t");
  auto v = Vector::Make(LogicalType::Varchar(), &pool, 4).ValueOrDie();
  {
    std::string tmp(100, 'x');
    ASSERT_TRUE(v->SetString(0, tmp).ok());
    ASSERT_TRUE(v->SetString(1, "short").ok());
  }
  v->set_size(2);
  EXPECT_EQ(v->GetString(0), std::string(100, 'x'));
  EXPECT_EQ(v->GetString(1), "short");
}

TEST(VectorTest, NullsAreTrackedOnlyWhenPresent) {
  MemoryPool pool("t");
  auto v = Vector::Make(LogicalType::BigInt(), &pool, 10).ValueOrDie();
  EXPECT_EQ(v->validity(), nullptr);
  ASSERT_TRUE(v->EnsureValidity().ok());
  v->SetNull(3);
  v->set_size(10);
  EXPECT_TRUE(v->IsNull(3));
  EXPECT_TRUE(v->IsValid(4));
}

TEST(VectorTest, DictionaryAndConstantResolveValues) {
  MemoryPool pool("t");
  auto dict = Vector::Make(LogicalType::Varchar(), &pool, 2).ValueOrDie();
  ASSERT_TRUE(dict->SetString(0, "COMPLETED").ok());
  ASSERT_TRUE(dict->SetString(1, "a long status name for the heap").ok());
  dict->set_size(2);
  auto v = Vector::Make(LogicalType::Varchar(), &pool, 3).ValueOrDie();
  int32_t* idx = v->mutable_indices();
  idx[0] = 1;
  idx[1] = 0;
  idx[2] = 1;
  v->set_size(3);
  ASSERT_TRUE(v->MakeDictionary(dict).ok());
  EXPECT_EQ(v->GetString(0), "a long status name for the heap");
  EXPECT_EQ(v->GetString(1), "COMPLETED");
  ASSERT_TRUE(v->Flatten().ok());
  dict.reset();
  EXPECT_EQ(v->kind(), VectorKind::kFlat);
  EXPECT_EQ(v->GetString(2), "a long status name for the heap");

  auto c = Vector::Make(LogicalType::Integer(), &pool, 5).ValueOrDie();
  c->mutable_data<int32_t>()[0] = 42;
  c->MakeConstant(5);
  ASSERT_TRUE(c->Flatten().ok());
  EXPECT_EQ(c->data<int32_t>()[4], 42);
}

TEST(VectorTest, MemoryIsCountedAgainstThePool) {
  MemoryPool pool("t", 1 << 20);
  {
    auto v = Vector::Make(LogicalType::BigInt(), &pool, 2048).ValueOrDie();
    EXPECT_GE(pool.bytes_allocated(), 2048 * 8);
  }
  EXPECT_EQ(pool.bytes_allocated(), 0);
  EXPECT_FALSE(Vector::Make(LogicalType::BigInt(), &pool, 1 << 20).ok());
}

}  // namespace
}  // namespace floe::columnar
