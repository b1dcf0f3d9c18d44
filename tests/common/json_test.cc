#include "common/json.h"

#include <gtest/gtest.h>

#include <random>

namespace floe::json {
namespace {

TEST(JsonTest, ParsesEveryKindAndKeepsKeyOrder) {
  auto v = Parse(R"( {"z": 1, "a": [true, false, null], "s": "x\"y\\n\u00e9\ud83d\ude00", "d": -1.5e2,
                      "big": 9223372036854775807, "huge": 18446744073709551616, "o": {}} )");
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  ASSERT_TRUE(v->is_object());
  ASSERT_EQ(v->members().size(), 7u);
  EXPECT_EQ(v->members()[0].first, "z");
  EXPECT_EQ(v->members()[1].first, "a");
  EXPECT_EQ(v->Find("z")->AsInt64(), 1);
  EXPECT_TRUE(v->Find("a")->items()[0].AsBool());
  EXPECT_TRUE(v->Find("a")->items()[2].is_null());
  EXPECT_EQ(v->Find("s")->AsString(), "x\"y\\n\xc3\xa9\xf0\x9f\x98\x80");
  EXPECT_FALSE(v->Find("d")->is_integer());
  EXPECT_EQ(v->Find("d")->AsDouble(), -150.0);
  EXPECT_EQ(v->Find("big")->AsInt64(), INT64_MAX);
  EXPECT_TRUE(v->Find("big")->is_integer());
  EXPECT_FALSE(v->Find("huge")->is_integer());
  EXPECT_EQ(v->Find("missing"), nullptr);
}

TEST(JsonTest, SerializeRoundTripsExactly) {
  std::string text = R"({"format-version":2,"table-uuid":"abc","last-sequence-number":34,)"
                     R"("snapshot-id":3051729675574597004,"ratio":0.5,"tags":["a","\u0001"],"n":null,"f":false})";
  auto v = Parse(text).ValueOrDie();
  EXPECT_EQ(Serialize(v), text);
  auto pretty = Serialize(v, true);
  EXPECT_NE(pretty.find("\n  \"format-version\": 2"), std::string::npos) << pretty;
  EXPECT_EQ(Parse(pretty).ValueOrDie(), v);
  // A double stays a double.
  EXPECT_EQ(Serialize(Value::Double(3)), "3.0");
}

TEST(JsonTest, ErrorsSayLineAndColumn) {
  auto bad = Parse("{\n  \"a\": 1,\n  \"b\" 2\n}");
  ASSERT_FALSE(bad.ok());
  EXPECT_TRUE(bad.status().IsInvalid());
  EXPECT_EQ(bad.status().message(), "line 3, column 7: expected ':' after the object key");
  for (const char* text : {"", "{", "[1,]", "{\"a\":}", "01", "1.", "1e", "\"abc", "\"\\x\"", "tru", "[1] 2",
                           "\"\\ud800\"", "\"\\udc00\"", "\"a\nb\"", "{\"a\" 1}", "-"}) {
    EXPECT_FALSE(Parse(text).ok()) << text;
  }
}

TEST(JsonTest, DeepNestingIsAnErrorNotAStackOverflow) {
  std::string deep(100000, '[');
  auto r = Parse(deep);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("256"), std::string::npos);
  std::string ok(200, '[');
  ok += std::string(200, ']');
  EXPECT_TRUE(Parse(ok).ok());
}

TEST(JsonTest, TypedGettersNameTheField) {
  auto v = Parse(R"({"size": "12", "name": "t", "flag": true})").ValueOrDie();
  EXPECT_EQ(v.GetInt64("size").status().message(), "field 'size' must be an integer");
  EXPECT_EQ(v.GetInt64("nope").status().message(), "field 'nope' is missing");
  EXPECT_EQ(*v.GetString("name"), "t");
  EXPECT_TRUE(*v.GetBool("flag"));
  v.Set("size", Value::Int(12));
  EXPECT_EQ(*v.GetInt64("size"), 12);
  EXPECT_EQ(v.members().size(), 3u);  // replaced in place
}

TEST(JsonTest, MutatedInputNeverCrashes) {
  std::string base = R"({"a":[1,2.5,"x\u00e9",{"b":null,"c":[true,false]}],"d":-0.0e+1})";
  std::mt19937 rng(5);
  for (int i = 0; i < 20000; ++i) {
    std::string s = base;
    int edits = 1 + static_cast<int>(rng() % 3);
    for (int e = 0; e < edits; ++e) {
      size_t pos = rng() % s.size();
      switch (rng() % 3) {
        case 0: s[pos] = static_cast<char>(rng()); break;
        case 1: s.erase(pos, 1); break;
        default: s.insert(pos, 1, "{}[]\",:\\u0"[rng() % 11]); break;
      }
    }
    auto r = Parse(s);
    if (r.ok()) {
      EXPECT_EQ(Parse(Serialize(*r)).ValueOrDie(), *r) << s;
    }
  }
}

}  // namespace
}  // namespace floe::json
