#include "formats/codec/compression.h"

#include <gtest/gtest.h>

#include <random>

namespace floe::formats {
namespace {

std::string SampleBytes(size_t n) {
  std::string s;
  std::mt19937 rng(7);
  for (size_t i = 0; i < n; ++i) s.push_back(static_cast<char>(i % 7 == 0 ? rng() : 'a' + i % 13));
  return s;
}

class CodecRoundTrip : public ::testing::TestWithParam<Codec> {};

TEST_P(CodecRoundTrip, CompressThenDecompressGivesTheInput) {
  for (size_t n : {size_t{0}, size_t{1}, size_t{1000}, size_t{300000}}) {
    std::string input = SampleBytes(n);
    std::string packed;
    ASSERT_TRUE(Compress(GetParam(), reinterpret_cast<const uint8_t*>(input.data()),
                         static_cast<int64_t>(n), &packed).ok());
    std::string out(n, '\0');
    Status st = Decompress(GetParam(), reinterpret_cast<const uint8_t*>(packed.data()),
                           static_cast<int64_t>(packed.size()), reinterpret_cast<uint8_t*>(out.data()),
                           static_cast<int64_t>(n));
    ASSERT_TRUE(st.ok()) << CodecName(GetParam()) << " n=" << n << ": " << st.ToString();
    EXPECT_EQ(out, input);
  }
}

TEST_P(CodecRoundTrip, WrongSizeOrGarbageIsCorruptionNotACrash) {
  std::string input = SampleBytes(5000);
  std::string packed;
  ASSERT_TRUE(Compress(GetParam(), reinterpret_cast<const uint8_t*>(input.data()), 5000, &packed).ok());
  std::string out(6000, '\0');
  Status st = Decompress(GetParam(), reinterpret_cast<const uint8_t*>(packed.data()),
                         static_cast<int64_t>(packed.size()), reinterpret_cast<uint8_t*>(out.data()), 6000);
  EXPECT_FALSE(st.ok());
  // Truncated and bit-flipped inputs.
  for (size_t cut = 0; cut < packed.size(); cut += packed.size() / 7 + 1) {
    std::string bad = packed.substr(0, cut);
    (void)Decompress(GetParam(), reinterpret_cast<const uint8_t*>(bad.data()), static_cast<int64_t>(bad.size()),
                     reinterpret_cast<uint8_t*>(out.data()), 5000);
  }
  for (size_t k = 0; k < packed.size(); k += 13) {
    std::string bad = packed;
    bad[k] ^= 0x5a;
    (void)Decompress(GetParam(), reinterpret_cast<const uint8_t*>(bad.data()), static_cast<int64_t>(bad.size()),
                     reinterpret_cast<uint8_t*>(out.data()), 5000);
  }
}

INSTANTIATE_TEST_SUITE_P(AllCodecs, CodecRoundTrip,
                         ::testing::Values(Codec::kUncompressed, Codec::kSnappy, Codec::kGzip, Codec::kZstd,
                                           Codec::kLz4Raw, Codec::kLz4Hadoop, Codec::kBrotli, Codec::kDeflate),
                         [](const auto& info) { return std::string(CodecName(info.param)); });

TEST(CompressionTest, ConcatenatedGzipMembersDecodeFully) {
  std::string a = "first member ", b = "second member";
  std::string packed;
  ASSERT_TRUE(Compress(Codec::kGzip, reinterpret_cast<const uint8_t*>(a.data()), 13, &packed).ok());
  ASSERT_TRUE(Compress(Codec::kGzip, reinterpret_cast<const uint8_t*>(b.data()), 13, &packed).ok());
  std::string out(26, '\0');
  ASSERT_TRUE(Decompress(Codec::kGzip, reinterpret_cast<const uint8_t*>(packed.data()),
                         static_cast<int64_t>(packed.size()), reinterpret_cast<uint8_t*>(out.data()), 26).ok());
  EXPECT_EQ(out, a + b);
}

TEST(CompressionTest, UnknownSizeRespectsTheLimit) {
  std::string zeros(1 << 20, '\0');
  for (Codec c : {Codec::kDeflate, Codec::kZstd, Codec::kSnappy}) {
    std::string packed;
    ASSERT_TRUE(Compress(c, reinterpret_cast<const uint8_t*>(zeros.data()), 1 << 20, &packed).ok());
    std::string out;
    EXPECT_TRUE(DecompressUnknownSize(c, reinterpret_cast<const uint8_t*>(packed.data()),
                                      static_cast<int64_t>(packed.size()), &out, 2 << 20).ok())
        << CodecName(c);
    EXPECT_EQ(out.size(), size_t{1} << 20);
    out.clear();
    Status st = DecompressUnknownSize(c, reinterpret_cast<const uint8_t*>(packed.data()),
                                      static_cast<int64_t>(packed.size()), &out, 1000);
    EXPECT_TRUE(st.IsCorruption()) << CodecName(c);
  }
}

TEST(CompressionTest, NamesParse) {
  EXPECT_EQ(*CodecFromName("ZSTD"), Codec::kZstd);
  EXPECT_EQ(*CodecFromName("none"), Codec::kUncompressed);
  EXPECT_TRUE(CodecFromName("lzo").status().IsInvalid());
}

}  // namespace
}  // namespace floe::formats
