#include "formats/avro/datum.h"

#include "columnar/value_format.h"
#include "common/date_time.h"
#include "common/int128.h"
#include "common/json.h"

namespace floe::formats::avro {

namespace {

int128_t BigEndianSigned(const std::string& s) {
  if (s.empty()) return 0;
  uint128_t v = (static_cast<uint8_t>(s[0]) & 0x80) ? ~uint128_t{0} : 0;
  for (char c : s) v = (v << 8) | static_cast<uint8_t>(c);
  return static_cast<int128_t>(v);
}

void AppendBytesAsJson(const std::string& s, std::string* out) {
  // Avro's JSON encoding of bytes: each byte as the code point of that value.
  std::string utf8;
  for (char c : s) json::AppendUtf8(static_cast<uint8_t>(c), &utf8);
  json::AppendQuoted(utf8, out);
}

}  // namespace

void AppendDatumJson(const Schema& schema, int node, const Datum& d, std::string* out) {
  const Node& n = schema.node(node);
  const std::string& lt = n.logical_type;
  switch (n.type) {
    case AvroType::kNull:
      out->append("null");
      return;
    case AvroType::kBoolean:
      out->append(d.i ? "true" : "false");
      return;
    case AvroType::kInt:
    case AvroType::kLong: {
      std::string text;
      if (lt == "date") {
        AppendDate(d.i, &text);
      } else if (lt == "timestamp-micros" || lt == "local-timestamp-micros") {
        AppendTimestamp(d.i, 6, &text);
      } else if (lt == "timestamp-millis" || lt == "local-timestamp-millis") {
        AppendTimestamp(d.i * 1000, 3, &text);
      } else if (lt == "time-micros") {
        AppendTimeOfDay(d.i, 6, &text);
      } else if (lt == "time-millis") {
        AppendTimeOfDay(d.i * 1000, 3, &text);
      } else {
        out->append(std::to_string(d.i));
        return;
      }
      json::AppendQuoted(text, out);
      return;
    }
    case AvroType::kFloat:
      columnar::AppendJavaFloat(static_cast<float>(d.d), out);
      return;
    case AvroType::kDouble:
      columnar::AppendJavaDouble(d.d, out);
      return;
    case AvroType::kBytes:
    case AvroType::kFixed:
      if (lt == "decimal") {
        std::string text;
        AppendDecimal(BigEndianSigned(d.s), n.scale, &text);
        json::AppendQuoted(text, out);
        return;
      }
      if (lt == "uuid" && d.s.size() == 16) {
        static const char* kHex = "0123456789abcdef";
        std::string text;
        for (int k = 0; k < 16; ++k) {
          if (k == 4 || k == 6 || k == 8 || k == 10) text.push_back('-');
          text.push_back(kHex[static_cast<uint8_t>(d.s[static_cast<size_t>(k)]) >> 4]);
          text.push_back(kHex[static_cast<uint8_t>(d.s[static_cast<size_t>(k)]) & 15]);
        }
        json::AppendQuoted(text, out);
        return;
      }
      AppendBytesAsJson(d.s, out);
      return;
    case AvroType::kString:
      json::AppendQuoted(d.s, out);
      return;
    case AvroType::kEnum:
      json::AppendQuoted(n.symbols[static_cast<size_t>(d.i)], out);
      return;
    case AvroType::kUnion:
      if (d.branch < 0 || d.children.empty()) {
        out->append("null");
        return;
      }
      AppendDatumJson(schema, n.branches[static_cast<size_t>(d.branch)], d.children[0], out);
      return;
    case AvroType::kRecord:
      out->push_back('{');
      for (size_t f = 0; f < n.fields.size() && f < d.children.size(); ++f) {
        if (f) out->push_back(',');
        json::AppendQuoted(n.fields[f].name, out);
        out->push_back(':');
        AppendDatumJson(schema, n.fields[f].type, d.children[f], out);
      }
      out->push_back('}');
      return;
    case AvroType::kArray:
      out->push_back('[');
      for (size_t k = 0; k < d.children.size(); ++k) {
        if (k) out->push_back(',');
        AppendDatumJson(schema, n.items, d.children[k], out);
      }
      out->push_back(']');
      return;
    case AvroType::kMap:
      out->push_back('{');
      for (size_t k = 0; k < d.children.size(); ++k) {
        if (k) out->push_back(',');
        json::AppendQuoted(d.keys[k], out);
        out->push_back(':');
        AppendDatumJson(schema, n.items, d.children[k], out);
      }
      out->push_back('}');
      return;
  }
}

}  // namespace floe::formats::avro
