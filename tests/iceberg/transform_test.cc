#include "iceberg/transform.h"

#include <gtest/gtest.h>

#include "common/buffer.h"
#include "common/json.h"
#include "io/file_io.h"
#include "testing/temp_dir.h"

namespace floe::iceberg {
namespace {

std::string FromHex(const std::string& hex) {
  std::string out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2)
    out.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  return out;
}

int64_t LoadLE64(const std::string& b) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | static_cast<uint8_t>(b[static_cast<size_t>(i)]);
  return static_cast<int64_t>(v);
}

json::Value Vectors() {
  auto buf = io::LocalFileIO()
                 ->ReadFile(floe::testing::FixturesDir() + "/spec/iceberg_bucket_hash_vectors.json",
                            MemoryPool::Default())
                 .ValueOrDie();
  return json::Parse(std::string_view(reinterpret_cast<const char*>(buf->data()),
                                      static_cast<size_t>(buf->size())))
      .ValueOrDie();
}

// The literal a spec vector describes, built from its hashed bytes (and,
// for nanosecond types, the sub-microsecond digits of its value).
Literal VectorLiteral(const json::Value& v) {
  std::string type = v.Find("type")->AsString();
  std::string bytes = FromHex(v.Find("hashed_bytes_hex")->AsString());
  std::string value = v.Find("value")->AsString();
  if (type.rfind("decimal", 0) == 0) {
    int128_t u = static_cast<int8_t>(bytes[0]);
    for (size_t i = 1; i < bytes.size(); ++i) u = u * 256 + static_cast<uint8_t>(bytes[i]);
    return Literal::Decimal(u);
  }
  if (type == "string") return Literal::Bytes(TypeId::kString, bytes);
  if (type == "uuid") return Literal::Bytes(TypeId::kUuid, bytes);
  if (type.rfind("fixed", 0) == 0) return Literal::Bytes(TypeId::kFixed, bytes);
  if (type == "binary") return Literal::Bytes(TypeId::kBinary, bytes);
  int64_t micros = LoadLE64(bytes);
  if (type == "int") return Literal::Int(TypeId::kInt, micros);
  if (type == "long") return Literal::Int(TypeId::kLong, micros);
  if (type == "date") return Literal::Int(TypeId::kDate, micros);
  if (type == "time") return Literal::Int(TypeId::kTime, micros);
  if (type == "timestamp") return Literal::Int(TypeId::kTimestamp, micros);
  if (type == "timestamptz") return Literal::Int(TypeId::kTimestampTz, micros);
  // _ns: nanos = micros * 1000 + the digits beyond the sixth of the fraction.
  size_t dot = value.find('.');
  int64_t extra = 0;
  if (dot != std::string::npos && value.size() >= dot + 10 &&
      std::isdigit(static_cast<unsigned char>(value[dot + 9]))) {
    extra = std::stoll(value.substr(dot + 7, 3));
  }
  return Literal::Int(type == "timestamp_ns" ? TypeId::kTimestampNs : TypeId::kTimestampTzNs,
                      micros * 1000 + extra);
}

TEST(IcebergTransformTest, SpecHashVectorsAndBuckets) {
  json::Value vectors = Vectors();
  int checked = 0;
  for (const auto& v : vectors.Find("vectors")->items()) {
    std::string bytes = FromHex(v.Find("hashed_bytes_hex")->AsString());
    int32_t want = static_cast<int32_t>(v.Find("murmur3_x86_32")->AsInt64());
    std::string what = v.Find("type")->AsString() + " " + v.Find("value")->AsString();
    EXPECT_EQ(Murmur3Hash32(bytes.data(), bytes.size()), want) << what;
    Literal lit = VectorLiteral(v);
    EXPECT_EQ(HashLiteral(lit), want) << what;
    for (const auto& [n, bucket] : v.Find("derived_bucket")->members()) {
      auto b = Transform::Bucket(std::stoi(n)).Apply(lit);
      ASSERT_TRUE(b.ok()) << b.status().ToString();
      EXPECT_EQ(b->type, TypeId::kInt);
      EXPECT_EQ(b->i, bucket.AsInt64()) << what << " bucket[" << n << "]";
    }
    ++checked;
  }
  EXPECT_GE(checked, 17);
  // Floats and doubles hash like the double's bits (-0.0 as 0.0), though they are not bucketable.
  for (const auto& v : vectors.Find("not_bucketable_but_specified")->items()) {
    std::string type = v.Find("type")->AsString();
    if (type == "boolean") continue;
    Literal lit = Literal::Double(type == "float" ? TypeId::kFloat : TypeId::kDouble,
                                  std::stod(v.Find("value")->AsString()));
    EXPECT_EQ(HashLiteral(lit), static_cast<int32_t>(v.Find("murmur3_x86_32")->AsInt64())) << type;
    EXPECT_FALSE(Transform::Bucket(4).CanApply(lit.type));
  }
}

TEST(IcebergTransformTest, SpecTruncateExamples) {
  EXPECT_EQ(Transform::Truncate(10).Apply(Literal::Int(TypeId::kInt, 1))->i, 0);
  EXPECT_EQ(Transform::Truncate(10).Apply(Literal::Int(TypeId::kInt, -1))->i, -10);
  EXPECT_EQ(Transform::Truncate(10).Apply(Literal::Int(TypeId::kLong, -1))->i, -10);
  EXPECT_EQ(Transform::Truncate(50).Apply(Literal::Decimal(1065))->i128, 1050);
  EXPECT_EQ(Transform::Truncate(50).Apply(Literal::Decimal(-1065))->i128, -1100);
  EXPECT_EQ(Transform::Truncate(3).Apply(Literal::Bytes(TypeId::kString, "iceberg"))->s, "ice");
  EXPECT_EQ(Transform::Truncate(2).Apply(Literal::Bytes(TypeId::kString, "\xc3\xa9t\xc3\xa9"))->s,
            "\xc3\xa9t");
  EXPECT_EQ(Transform::Truncate(3).Apply(Literal::Bytes(TypeId::kBinary, FromHex("0102030405")))->s,
            FromHex("010203"));
  EXPECT_FALSE(Transform::Truncate(3).Apply(Literal::Int(TypeId::kDate, 1)).ok());
}

TEST(IcebergTransformTest, TimeTransformsAndHumanStrings) {
  const int64_t ts = 1510871468000000;  // 2017-11-16T22:31:08
  struct Case {
    Transform t;
    int64_t value;
    const char* human;
  } cases[] = {
      {Transform::Year(), 47, "2017"},
      {Transform::Month(), 574, "2017-11"},
      {Transform::Day(), 17486, "2017-11-16"},
      {Transform::Hour(), 419686, "2017-11-16-22"},
  };
  auto source = Type::Primitive(TypeId::kTimestamp);
  for (const auto& c : cases) {
    Literal r = c.t.Apply(Literal::Int(TypeId::kTimestamp, ts)).ValueOrDie();
    EXPECT_EQ(r.i, c.value) << c.t.ToString();
    EXPECT_EQ(c.t.ToHumanString(r, *c.t.ResultType(source)), c.human);
    // One microsecond before the epoch falls in 1969's last hour, day, month and year.
    Literal before = c.t.Apply(Literal::Int(TypeId::kTimestampTz, -1)).ValueOrDie();
    EXPECT_EQ(before.i, -1) << c.t.ToString();
    // Nanosecond timestamps land in the same partitions.
    EXPECT_EQ(c.t.Apply(Literal::Int(TypeId::kTimestampNs, ts * 1000 + 999)).ValueOrDie().i,
              c.value);
  }
  EXPECT_EQ(Transform::Day().ResultType(source)->id(), TypeId::kDate);
  EXPECT_EQ(Transform::Month().Apply(Literal::Int(TypeId::kDate, 17486))->i, 574);
  EXPECT_EQ(Transform::Month().ToHumanString(Literal::Int(TypeId::kInt, -1),
                                             *Type::Primitive(TypeId::kInt)),
            "1969-12");
  EXPECT_FALSE(Transform::Hour().CanApply(TypeId::kDate));
  // Identity values as Iceberg Java prints them (java.time forms).
  EXPECT_EQ(LiteralToString(Literal::Int(TypeId::kTimestamp, ts), *source), "2017-11-16T22:31:08");
  EXPECT_EQ(LiteralToString(Literal::Int(TypeId::kTimestampTz, ts - 8000000),
                            *Type::Primitive(TypeId::kTimestampTz)),
            "2017-11-16T22:31Z");
  EXPECT_EQ(LiteralToString(Literal::Int(TypeId::kTimestamp, ts + 1500), *source),
            "2017-11-16T22:31:08.001500");
  EXPECT_EQ(LiteralToString(Literal::Decimal(-1065), *Type::Decimal(9, 2)), "-10.65");
  EXPECT_EQ(LiteralToString(Literal::Bytes(TypeId::kBinary, "\x01\x02\x03\x04"),
                            *Type::Primitive(TypeId::kBinary)),
            "AQIDBA==");
  EXPECT_EQ(Transform::Void().Apply(Literal::Int(TypeId::kLong, 5))->is_null, true);
  EXPECT_EQ(Transform::Identity().ToHumanString(Literal::Null(TypeId::kLong),
                                                *Type::Primitive(TypeId::kLong)),
            "null");
}

TEST(IcebergTransformTest, ParseAndPrint) {
  for (const char* s :
       {"identity", "bucket[16]", "truncate[4]", "year", "month", "day", "hour", "void"}) {
    auto t = Transform::Parse(s);
    ASSERT_TRUE(t.ok()) << s;
    EXPECT_EQ(t->ToString(), s);
  }
  for (const char* s :
       {"bucket[0]", "bucket[]", "bucket[x]", "truncate[-1]", "days", "bucket[99999999999]"}) {
    EXPECT_FALSE(Transform::Parse(s).ok()) << s;
  }
}

}  // namespace
}  // namespace floe::iceberg
