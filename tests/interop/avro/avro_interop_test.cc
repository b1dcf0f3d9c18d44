// Avro interop: python3-avro and avsc read the files floe writes and write
// them back; floe then reads the peer's file. Identical records both ways
// prove each side reads the other.

#include <gtest/gtest.h>

#include "formats/avro/datum.h"
#include "formats/avro/file_reader.h"
#include "testing/temp_dir.h"

namespace floe::formats::avro {
namespace {

const std::string kInterop = std::string(FLOE_SOURCE_DIR) + "/tests/interop";

// Long values stay below 2^53: avsc reads longs as JS numbers.
const char* kSchema = R"({"type":"record","name":"entry","namespace":"iceberg","fields":[
  {"name":"status","type":"int","field-id":0},
  {"name":"snapshot_id","type":["null","long"],"default":null,"field-id":1},
  {"name":"path","type":"string","field-id":100},
  {"name":"counts","type":["null",{"type":"array","items":{"type":"record","name":"k_v",
     "fields":[{"name":"key","type":"int","field-id":117},{"name":"value","type":"long","field-id":118}]},
     "logicalType":"map"}],"default":null,"field-id":109},
  {"name":"props","type":{"type":"map","values":"string"}},
  {"name":"day","type":{"type":"int","logicalType":"date"}},
  {"name":"ts","type":{"type":"long","logicalType":"timestamp-micros"}},
  {"name":"amount","type":{"type":"fixed","name":"dec5","size":5,"logicalType":"decimal","precision":10,"scale":2}},
  {"name":"ratio","type":"double"},{"name":"f","type":"float"},{"name":"ok","type":"boolean"},
  {"name":"raw","type":"bytes"},{"name":"kind","type":{"type":"enum","name":"kinds","symbols":["DATA","DELETES"]}}]})";

Datum L(int64_t v) { Datum d; d.i = v; return d; }
Datum S(std::string s) { Datum d; d.s = std::move(s); return d; }
Datum U(int b, Datum v) { Datum d; d.branch = b; d.children = {std::move(v)}; return d; }

Datum Row(int64_t i) {
  Datum counts;
  for (int k = 0; k < i % 4; ++k) {
    Datum kv;
    kv.children = {L(k), L(i * 1000 + k)};
    counts.children.push_back(kv);
  }
  Datum props;
  props.keys = {"a", "ü"};
  props.children = {S("x"), S(std::to_string(i))};
  Datum ratio, f;
  ratio.d = static_cast<double>(i) / 3;
  f.d = static_cast<float>(i) / 8;
  std::string amount(5, '\0');
  amount[0] = i % 2 ? '\xff' : '\0';  // negative and positive decimals
  amount[4] = static_cast<char>(i * 7);
  Datum r;
  r.children = {L(i % 3), i % 5 ? U(1, L(i * 123456789)) : U(0, Datum()), S("s3://bucket/data/" + std::to_string(i)),
                i % 2 ? U(1, counts) : U(0, Datum()), props, L(19000 + i), L(1735689600000000LL + i * 1000001),
                S(amount), ratio, f, L(i % 2), S(std::string("\x00\x01\xfe", 3) + std::to_string(i)), L(i % 2)};
  return r;
}

// Records of `path` as JSON, rendered through `render` when given (a schema
// of the same structure: avsc writes schemas without logical types).
std::vector<std::string> ReadJson(const std::string& path, const Schema* render = nullptr) {
  auto reader = FileReader::Open(io::LocalFileIO()->OpenInput(path).ValueOrDie());
  EXPECT_TRUE(reader.ok()) << reader.status().ToString();
  std::vector<std::string> rows;
  if (!reader.ok()) return rows;
  Datum d;
  while (true) {
    auto more = (*reader)->Next(&d);
    EXPECT_TRUE(more.ok()) << more.status().ToString();
    if (!more.ok() || !*more) break;
    std::string s;
    const Schema& schema = render ? *render : (*reader)->schema();
    AppendDatumJson(schema, schema.root(), d, &s);
    rows.push_back(s);
  }
  return rows;
}

struct Peer {
  const char* name;
  const char* command;  // %s: source, destination, codec
  std::vector<Codec> floe_codecs;
  const char* peer_codec;
  bool keeps_attributes;  // writes the schema with its custom attributes
};

class AvroPeerRoundTrip : public ::testing::TestWithParam<int> {};

TEST_P(AvroPeerRoundTrip, PeerReadsFloeAndFloeReadsPeer) {
  static const Peer kPeers[] = {
      {"python3-avro", "/usr/bin/python3 avro/py_rewrite.py", {Codec::kUncompressed, Codec::kDeflate}, "deflate", true},
      {"avsc", "node avro/avsc_rewrite.mjs", {Codec::kUncompressed, Codec::kDeflate}, "deflate", false},
  };
  const Peer& peer = kPeers[GetParam()];
  floe::testing::TempDir dir;
  Schema schema = Schema::Parse(kSchema).ValueOrDie();
  for (Codec codec : peer.floe_codecs) {
    std::string src = dir.Join(std::string("floe-") + std::string(CodecName(codec)) + ".avro");
    std::string dst = src + ".peer.avro";
    {
      auto sink = io::LocalFileIO()->OpenOutput(src).ValueOrDie();
      WriterOptions options;
      options.codec = codec;
      options.sync_interval_bytes = 2000;
      auto writer = FileWriter::Open(sink.get(), schema, options).ValueOrDie();
      for (int i = 0; i < 500; ++i) ASSERT_TRUE(writer->Append(Row(i)).ok());
      ASSERT_TRUE(writer->Close().ok());
      ASSERT_TRUE(sink->Close().ok());
    }
    std::string out;
    // stderr aside: python3-avro warns that it does not know Iceberg's "map" logical type.
    int rc = floe::testing::RunCommand("cd '" + kInterop + "' && " + peer.command + " '" + src + "' '" + dst + "' " +
                                           peer.peer_codec + " 2>'" + dst + ".err'",
                                       &out);
    ASSERT_EQ(rc, 0) << peer.name << ": " << floe::testing::ReadFileOrDie(dst + ".err");
    EXPECT_EQ(out, "500\n") << peer.name;
    auto mine = ReadJson(src);
    auto theirs = ReadJson(dst, &schema);
    ASSERT_EQ(mine.size(), 500u);
    ASSERT_EQ(theirs.size(), mine.size()) << peer.name;
    for (size_t i = 0; i < mine.size(); ++i) ASSERT_EQ(theirs[i], mine[i]) << peer.name << " row " << i;
    if (peer.keeps_attributes) {
      auto reader = FileReader::Open(io::LocalFileIO()->OpenInput(dst).ValueOrDie()).ValueOrDie();
      EXPECT_NE(reader->schema().ToJsonString().find("\"field-id\":118"), std::string::npos) << peer.name;
      EXPECT_NE(reader->schema().ToJsonString().find("\"logicalType\":\"date\""), std::string::npos) << peer.name;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Peers, AvroPeerRoundTrip, ::testing::Values(0, 1),
                         [](const auto& info) { return std::string(info.param == 0 ? "python3_avro" : "avsc"); });

}  // namespace
}  // namespace floe::formats::avro
