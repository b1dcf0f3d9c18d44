#include "iceberg/schema.h"

#include <gtest/gtest.h>

namespace floe::iceberg {
namespace {

const char* kSchemaJson = R"J({"type":"struct","schema-id":3,"identifier-field-ids":[1],"fields":[
  {"id":1,"name":"id","required":true,"type":"long"},
  {"id":2,"name":"amount","required":false,"type":"decimal(12, 2)","doc":"in EUR"},
  {"id":3,"name":"ts","required":false,"type":"timestamptz"},
  {"id":4,"name":"digest","required":false,"type":"fixed[16]"},
  {"id":5,"name":"location","required":false,"type":{"type":"struct","fields":[
    {"id":6,"name":"lat","required":true,"type":"double"},
    {"id":7,"name":"Lon","required":true,"type":"double"}]}},
  {"id":8,"name":"tags","required":false,"type":{"type":"list","element-id":9,"element":"string","element-required":false}},
  {"id":10,"name":"props","required":false,"type":{"type":"map","key-id":11,"key":"string","value-id":12,
    "value":{"type":"list","element-id":13,"element":"int","element-required":true},"value-required":true}},
  {"id":14,"name":"added","required":false,"type":"int","initial-default":7,"write-default":8}]})J";

TEST(IcebergSchemaTest, JsonRoundTripsAndIndexesEveryField) {
  auto parsed = Schema::FromJson(json::Parse(kSchemaJson).ValueOrDie());
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  const Schema& s = *parsed;
  EXPECT_EQ(s.schema_id(), 3);
  EXPECT_EQ(s.identifier_field_ids(), std::vector<int32_t>{1});
  EXPECT_EQ(s.HighestFieldId(), 14);
  ASSERT_NE(s.FindField(2), nullptr);
  EXPECT_EQ(s.FindField(2)->type->ToString(), "decimal(12, 2)");
  EXPECT_EQ(s.FindField(2)->doc, "in EUR");
  EXPECT_EQ(s.FindField(4)->type->length(), 16);
  EXPECT_EQ(s.FindField("location.lat")->id, 6);
  EXPECT_EQ(s.FindField("location.lon"), nullptr);
  EXPECT_EQ(s.FindFieldIgnoreCase("LOCATION.lon")->id, 7);
  EXPECT_EQ(s.FindField("tags.element")->id, 9);
  EXPECT_EQ(s.FindField("props.value.element")->id, 13);
  EXPECT_TRUE(s.FindField(11)->required);  // map keys are always required
  EXPECT_EQ(s.FieldName(12), "props.value");
  EXPECT_EQ(s.FindField(14)->initial_default->AsInt64(), 7);
  // Writing and reading back gives the same JSON and the same types.
  json::Value out = s.ToJson();
  EXPECT_EQ(out, json::Parse(kSchemaJson).ValueOrDie()) << json::Serialize(out);
  auto again = Schema::FromJson(out).ValueOrDie();
  EXPECT_EQ(*again.as_struct(), *s.as_struct());
  std::string what;
  EXPECT_FALSE(UsesV3OnlyType(*s.as_struct(), &what));
}

TEST(IcebergSchemaTest, BadSchemasNameThePath) {
  struct Case {
    const char* json;
    const char* error;
  } cases[] = {
      {R"J({"type":"struct","fields":[{"id":1,"name":"a","required":true,"type":"strng"}]})J",
       "schema.fields[0].type: unknown type 'strng'"},
      {R"J({"type":"struct","fields":[{"name":"a","required":true,"type":"int"}]})J",
       "schema.fields[0].id: a non-negative integer field id is required"},
      {R"J({"type":"struct","fields":[{"id":1,"name":"a","type":"int"}]})J",
       "schema.fields[0].required: a boolean is required"},
      {R"J({"type":"struct","fields":[{"id":1,"name":"a","required":true,"type":"decimal(40, 2)"}]})J",
       "schema.fields[0].type: 'decimal(40, 2)' needs 1 <= precision <= 38"},
      {R"J({"type":"struct","fields":[{"id":1,"name":"a","required":true,"type":"int"},
           {"id":1,"name":"b","required":true,"type":"int"}]})J",
       "field ids are not unique"},
      {R"J({"type":"struct","fields":[{"id":1,"name":"a","required":true,"type":{"type":"list","element":"int"}}]})J",
       "schema.fields[0].type.element-id"},
  };
  for (const auto& c : cases) {
    auto s = Schema::FromJson(json::Parse(c.json).ValueOrDie());
    ASSERT_FALSE(s.ok()) << c.json;
    EXPECT_NE(s.status().message().find(c.error), std::string::npos) << s.status().ToString();
  }
}

TEST(IcebergSchemaTest, V3OnlyTypesAreRecognizedAndNamed) {
  auto s = Schema::FromJson(json::Parse(R"J({"type":"struct","fields":[
    {"id":1,"name":"v","required":false,"type":{"type":"list","element-id":2,"element":"variant","element-required":false}},
    {"id":3,"name":"t","required":false,"type":"timestamp_ns"}]})J")
                                .ValueOrDie());
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  std::string what;
  EXPECT_TRUE(UsesV3OnlyType(*s->as_struct(), &what));
  EXPECT_EQ(what, "the variant type");
}

}  // namespace
}  // namespace floe::iceberg
