#include "formats/parquet/encoding.h"

#include <gtest/gtest.h>

#include <limits>
#include <random>

#include "columnar/string_view.h"
#include "columnar/vector.h"

namespace floe::formats::parquet {
namespace {

using columnar::StringView;

std::vector<uint32_t> DecodeRle(const std::string& bytes, int bw, int64_t n) {
  RleBitPackedDecoder d(reinterpret_cast<const uint8_t*>(bytes.data()), static_cast<int64_t>(bytes.size()), bw);
  std::vector<uint32_t> out(static_cast<size_t>(n));
  Status st = d.Decode(out.data(), n);
  EXPECT_TRUE(st.ok()) << st.ToString();
  return out;
}

TEST(RleBitPackedTest, DecodesTheSpecExampleOfBitPacking) {
  // Encodings.md: 0..7 with bit width 3, bit-packed LSB first: one group of
  // 8 values, header (1 << 1) | 1.
  std::string bytes = {'\x03', static_cast<char>(0b10001000), static_cast<char>(0b11000110),
                       static_cast<char>(0b11111010)};
  EXPECT_EQ(DecodeRle(bytes, 3, 8), (std::vector<uint32_t>{0, 1, 2, 3, 4, 5, 6, 7}));
}

TEST(RleBitPackedTest, DecodesTheDeprecatedMsbFirstBitPacking) {
  // Encodings.md BIT_PACKED example: 0..7 with width 3 -> 00000101 00111001 01110111.
  uint8_t bytes[] = {0b00000101, 0b00111001, 0b01110111};
  int16_t out[8];
  ASSERT_TRUE(DecodeBitPackedLegacy(bytes, 3, 3, out, 8).ok());
  for (int i = 0; i < 8; ++i) EXPECT_EQ(out[i], i);
}

TEST(RleBitPackedTest, RoundTripsEveryWidthAndShape) {
  std::mt19937 rng(1);
  for (int bw = 0; bw <= 32; ++bw) {
    for (int64_t n : {0, 1, 7, 8, 9, 1000, 20000}) {
      std::vector<uint32_t> values(static_cast<size_t>(n));
      uint64_t mask = bw == 32 ? 0xffffffffull : (1ull << bw) - 1;
      for (int64_t i = 0; i < n; ++i) {
        // Runs of repeats mixed with random literals.
        values[static_cast<size_t>(i)] = (i / 37) % 3 == 0 ? static_cast<uint32_t>(i / 37 & mask) : static_cast<uint32_t>(rng() & mask);
      }
      RleBitPackedEncoder enc(bw);
      enc.PutBatch(values.data(), n);
      std::string bytes;
      enc.Finish(&bytes);
      // Decode in odd-sized pieces.
      RleBitPackedDecoder d(reinterpret_cast<const uint8_t*>(bytes.data()), static_cast<int64_t>(bytes.size()), bw);
      std::vector<uint32_t> out(static_cast<size_t>(n));
      int64_t done = 0;
      for (int64_t step : {1, 3, 511, 100000}) {
        int64_t m = std::min(step, n - done);
        ASSERT_TRUE(d.Decode(out.data() + done, m).ok()) << "bw " << bw << " n " << n;
        done += m;
      }
      ASSERT_EQ(out, values) << "bw " << bw << " n " << n;
    }
  }
}

TEST(RleBitPackedTest, MalformedDataIsCorruptionNotACrash) {
  // A run announcing 2^40 repeats: no allocation, and the values are bounded by n.
  std::string huge = {'\x80', '\x80', '\x80', '\x80', '\x80', '\x40', '\x01'};
  RleBitPackedDecoder d(reinterpret_cast<const uint8_t*>(huge.data()), 7, 1);
  uint8_t out[16];
  EXPECT_TRUE(d.Decode(out, 16).ok());
  // Too few values.
  std::string short_run = {'\x04', '\x01'};  // 2 repeats of 1
  RleBitPackedDecoder s(reinterpret_cast<const uint8_t*>(short_run.data()), 2, 1);
  Status st = s.Decode(out, 3);
  EXPECT_TRUE(st.IsCorruption());
  EXPECT_NE(st.message().find("2 of 3"), std::string::npos) << st.ToString();
  // A value wider than the bit width.
  std::string wide = {'\x02', '\x07'};
  RleBitPackedDecoder w(reinterpret_cast<const uint8_t*>(wide.data()), 2, 1);
  EXPECT_TRUE(w.Decode(out, 1).IsCorruption());
  // Dictionary indices out of range.
  std::string idx = {'\x02', '\x05'};
  RleBitPackedDecoder di(reinterpret_cast<const uint8_t*>(idx.data()), 2, 3);
  int32_t io[1];
  EXPECT_TRUE(di.DecodeIndices(io, 1, 5).IsCorruption());
  // Truncations and flips of a valid stream.
  RleBitPackedEncoder enc(5);
  for (uint32_t i = 0; i < 500; ++i) enc.Put(i % 32);
  std::string bytes;
  enc.Finish(&bytes);
  std::vector<uint32_t> o(500);
  // One bit-packed run: a 1-byte header, then 500 * 5 bits = 313 bytes that
  // matter and 2 bytes of padding to whole groups of 8.
  ASSERT_EQ(bytes.size(), 1u + 315u);
  for (size_t cut = 0; cut < bytes.size(); ++cut) {
    RleBitPackedDecoder t(reinterpret_cast<const uint8_t*>(bytes.data()), static_cast<int64_t>(cut), 5);
    EXPECT_EQ(t.Decode(o.data(), 500).ok(), cut >= 1 + 313) << "cut at " << cut;
  }
}

template <typename T>
void CheckDeltaRoundTrip(const std::vector<T>& values) {
  DeltaBinaryPackedEncoder enc;
  enc.Put(values.data(), static_cast<int64_t>(values.size()));
  std::string bytes;
  enc.Finish(&bytes);
  bytes += "trailing";  // the decoder must report where its data ends
  auto d = DeltaBinaryPackedDecoder::Make(reinterpret_cast<const uint8_t*>(bytes.data()), static_cast<int64_t>(bytes.size()));
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  ASSERT_EQ(d->total_values(), static_cast<int64_t>(values.size()));
  std::vector<T> out(values.size());
  int64_t done = 0;
  while (done < static_cast<int64_t>(values.size())) {
    int64_t m = std::min<int64_t>(77, static_cast<int64_t>(values.size()) - done);
    ASSERT_TRUE(d->Decode(out.data() + done, m).ok());
    done += m;
  }
  EXPECT_EQ(out, values);
  EXPECT_EQ(bytes.substr(static_cast<size_t>(d->bytes_consumed())), "trailing");
}

TEST(DeltaBinaryPackedTest, RoundTripsExtremesAndWrapsInt32) {
  CheckDeltaRoundTrip<int64_t>({});
  CheckDeltaRoundTrip<int64_t>({42});
  CheckDeltaRoundTrip<int64_t>({INT64_MIN, INT64_MAX, 0, INT64_MAX, INT64_MIN, -1, 1});
  CheckDeltaRoundTrip<int32_t>({INT32_MAX, INT32_MIN, INT32_MAX, 0, -5});
  std::mt19937_64 rng(3);
  std::vector<int64_t> v(10000);
  int64_t x = 0;
  for (auto& e : v) e = (x += static_cast<int64_t>(rng() % 1000) - 300);
  CheckDeltaRoundTrip(v);
  std::vector<int32_t> r(3000);
  for (auto& e : r) e = static_cast<int32_t>(rng());
  CheckDeltaRoundTrip(r);
}

TEST(DeltaBinaryPackedTest, RejectsBadHeaders) {
  // Block size not a multiple of 128.
  std::string bad = {'\x40', '\x04', '\x05', '\x00'};
  EXPECT_TRUE(DeltaBinaryPackedDecoder::Make(reinterpret_cast<const uint8_t*>(bad.data()), 4).status().IsCorruption());
  // Truncated header.
  EXPECT_TRUE(DeltaBinaryPackedDecoder::Make(reinterpret_cast<const uint8_t*>(bad.data()), 2).status().IsCorruption());
}

TEST(ByteArrayEncodingTest, DeltaLengthAndDeltaByteArrayRoundTrip) {
  std::vector<std::string> strings = {"", "apple", "applesauce", "apples", "banana", std::string(100, 'z'), "b", ""};
  std::vector<StringView> views;
  for (auto& s : strings) views.emplace_back(s);
  std::string dlba, dba;
  EncodeDeltaLengthByteArray(views.data(), static_cast<int64_t>(views.size()), &dlba);
  EncodeDeltaByteArray(views.data(), static_cast<int64_t>(views.size()), &dba);
  std::vector<StringView> out(views.size());
  ASSERT_TRUE(DecodeDeltaLengthByteArray(reinterpret_cast<const uint8_t*>(dlba.data()), static_cast<int64_t>(dlba.size()),
                                         static_cast<int64_t>(views.size()), out.data()).ok());
  for (size_t i = 0; i < strings.size(); ++i) EXPECT_EQ(out[i].view(), strings[i]);
  auto vec = columnar::Vector::Make(columnar::LogicalType::Varchar(), MemoryPool::Default(), 8).ValueOrDie();
  ASSERT_TRUE(DecodeDeltaByteArray(reinterpret_cast<const uint8_t*>(dba.data()), static_cast<int64_t>(dba.size()),
                                   static_cast<int64_t>(views.size()), vec.get(), 0).ok());
  vec->set_size(8);
  for (size_t i = 0; i < strings.size(); ++i) EXPECT_EQ(vec->GetString(static_cast<int64_t>(i)), strings[i]);
  // Truncations never crash.
  for (size_t cut = 0; cut < dba.size(); ++cut) {
    (void)DecodeDeltaByteArray(reinterpret_cast<const uint8_t*>(dba.data()), static_cast<int64_t>(cut), 8, vec.get(), 0);
    (void)DecodeDeltaLengthByteArray(reinterpret_cast<const uint8_t*>(dlba.data()), static_cast<int64_t>(cut), 8, out.data());
  }
}

TEST(ByteStreamSplitTest, RoundTripsWidths) {
  for (int width : {2, 4, 8, 16}) {
    std::string values;
    for (int i = 0; i < 37 * width; ++i) values.push_back(static_cast<char>(i * 7));
    std::string split;
    EncodeByteStreamSplit(reinterpret_cast<const uint8_t*>(values.data()), width, 37, &split);
    EXPECT_NE(split, values);
    std::string back(values.size(), '\0');
    ASSERT_TRUE(DecodeByteStreamSplit(reinterpret_cast<const uint8_t*>(split.data()), static_cast<int64_t>(split.size()),
                                      width, 37, reinterpret_cast<uint8_t*>(back.data())).ok());
    EXPECT_EQ(back, values);
  }
  EXPECT_TRUE(DecodeByteStreamSplit(nullptr, 5, 4, 2, nullptr).IsCorruption());
}

}  // namespace
}  // namespace floe::formats::parquet
