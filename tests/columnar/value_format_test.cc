#include "columnar/value_format.h"

#include <gtest/gtest.h>

#include <cmath>

#include "columnar/vector.h"

namespace floe::columnar {
namespace {

std::string Java(double d) {
  std::string s;
  AppendJavaDouble(d, &s);
  return s;
}

TEST(ValueFormatTest, DoublesPrintAsJavaDoes) {
  EXPECT_EQ(Java(1.0), "1.0");
  EXPECT_EQ(Java(1.5), "1.5");
  EXPECT_EQ(Java(-0.25), "-0.25");
  EXPECT_EQ(Java(0.001), "0.001");
  EXPECT_EQ(Java(0.0001), "1.0E-4");
  EXPECT_EQ(Java(1234567.0), "1234567.0");
  EXPECT_EQ(Java(1e7), "1.0E7");
  EXPECT_EQ(Java(1.2345e20), "1.2345E20");
  EXPECT_EQ(Java(0.1), "0.1");
  EXPECT_EQ(Java(100.0), "100.0");
  EXPECT_EQ(Java(std::nan("")), "NaN");
  EXPECT_EQ(Java(-INFINITY), "-Infinity");
  std::string f;
  AppendJavaFloat(0.1f, &f);
  EXPECT_EQ(f, "0.1");
}

TEST(ValueFormatTest, NestedValuesPrintAsTrinoDoes) {
  MemoryPool pool("t");
  LogicalType t = LogicalType::Struct({{"id", LogicalType::Integer()},
                                       {"tags", LogicalType::List(LogicalType::Varchar())}});
  auto v = Vector::Make(t, &pool, 2).ValueOrDie();
  v->children()[0]->mutable_data<int32_t>()[0] = 7;
  auto& list = v->children()[1];
  list->mutable_list_entries()[0] = ListEntry{0, 2};
  auto& elems = list->children()[0];
  ASSERT_TRUE(elems->SetString(0, "a").ok());
  ASSERT_TRUE(elems->EnsureValidity().ok());
  elems->SetNull(1);
  elems->set_size(2);
  list->set_size(1);
  v->children()[0]->set_size(1);
  v->set_size(1);
  std::string s;
  AppendValueText(*v, 0, &s);
  EXPECT_EQ(s, "{id=7, tags=[a, NULL]}");
  s.clear();
  AppendValueJson(*v, 0, &s);
  EXPECT_EQ(s, "{\"id\":7,\"tags\":[\"a\",null]}");
}

TEST(ValueFormatTest, TemporalAndDecimalText) {
  MemoryPool pool("t");
  auto ts = Vector::Make(LogicalType::TimestampTz(6), &pool, 1).ValueOrDie();
  ts->mutable_data<int64_t>()[0] = 0;
  ts->set_size(1);
  std::string s;
  AppendValueText(*ts, 0, &s);
  EXPECT_EQ(s, "1970-01-01 00:00:00.000000 UTC");
  auto d = Vector::Make(LogicalType::Decimal(38, 4), &pool, 1).ValueOrDie();
  d->mutable_data<__int128>()[0] = -123456789;
  d->set_size(1);
  s.clear();
  AppendValueText(*d, 0, &s);
  EXPECT_EQ(s, "-12345.6789");
}

}  // namespace
}  // namespace floe::columnar
