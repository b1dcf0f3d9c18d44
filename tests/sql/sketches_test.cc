#include "sql/functions/sketches.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <string>

namespace floe::sql {
namespace {

// fmix64 (MurmurHash3's finalizer): a well mixed hash of a counter.
uint64_t Hash(uint64_t v) {
  v ^= v >> 33;
  v *= 0xff51afd7ed558ccdULL;
  v ^= v >> 33;
  v *= 0xc4ceb9fe1a85ec53ULL;
  v ^= v >> 33;
  return v;
}

TEST(HyperLogLogTest, DefaultErrorUsesTrinosBucketCount) {
  EXPECT_EQ(HyperLogLog::IndexBitsForError(0.023), 11);
  EXPECT_EQ(HyperLogLog::IndexBitsForError(0.0040625), 16);
  EXPECT_EQ(HyperLogLog::IndexBitsForError(0.26), 4);
}

TEST(HyperLogLogTest, SmallCardinalitiesAreExactEnough) {
  HyperLogLog h;
  for (uint64_t i = 0; i < 100; ++i) h.AddHash(Hash(i % 10));
  EXPECT_EQ(h.Estimate(), 10);
  EXPECT_EQ(HyperLogLog().Estimate(), 0);
}

TEST(HyperLogLogTest, EstimatesWithinThreeStandardErrors) {
  HyperLogLog h;
  for (uint64_t i = 0; i < 1000000; ++i) h.AddHash(Hash(i));
  EXPECT_NEAR(static_cast<double>(h.Estimate()), 1e6, 1e6 * 3 * 0.023);
}

TEST(HyperLogLogTest, MergeIsTheUnion) {
  HyperLogLog a, b, both;
  for (uint64_t i = 0; i < 60000; ++i) {
    a.AddHash(Hash(i));
    both.AddHash(Hash(i));
  }
  for (uint64_t i = 40000; i < 100000; ++i) {
    b.AddHash(Hash(i));
    both.AddHash(Hash(i));
  }
  a.Merge(b);
  EXPECT_EQ(a.Estimate(), both.Estimate());
}

TEST(HyperLogLogTest, MergeFoldsLargerSketches) {
  HyperLogLog small(10), large(12), reference(10);
  for (uint64_t i = 0; i < 50000; ++i) {
    large.AddHash(Hash(i));
    reference.AddHash(Hash(i));
  }
  small.Merge(large);
  EXPECT_EQ(small.Estimate(), reference.Estimate());
}

TEST(HyperLogLogTest, SerializeRoundTrips) {
  HyperLogLog h(12);
  for (uint64_t i = 0; i < 5000; ++i) h.AddHash(Hash(i));
  std::string bytes = "x";
  h.Serialize(&bytes);
  HyperLogLog back;
  size_t pos = 1;
  ASSERT_TRUE(back.Deserialize(bytes, &pos));
  EXPECT_EQ(pos, bytes.size());
  EXPECT_EQ(back.index_bits(), 12);
  EXPECT_EQ(back.Estimate(), h.Estimate());
  size_t short_pos = 1;
  EXPECT_FALSE(back.Deserialize(std::string_view(bytes).substr(0, 100), &short_pos));
}

TEST(KllSketchTest, ExactBelowCapacity) {
  KllSketch s;
  for (int i = 1; i <= 99; ++i) s.Add(i);
  EXPECT_EQ(s.count(), 99);
  EXPECT_EQ(s.Quantile(0.0), 1);
  EXPECT_EQ(s.Quantile(0.5), 50);
  EXPECT_EQ(s.Quantile(1.0), 99);
}

TEST(KllSketchTest, RankErrorIsSmall) {
  KllSketch s;
  // A scrambled order of 0..999999.
  for (uint64_t i = 0; i < 1000000; ++i) s.Add(static_cast<double>((i * 7919) % 1000000));
  for (double q : {0.01, 0.25, 0.5, 0.9, 0.999}) {
    EXPECT_NEAR(s.Quantile(q), q * 1e6, 0.02 * 1e6) << q;
  }
}

TEST(KllSketchTest, MergeIsTheUnion) {
  KllSketch a, b;
  for (int i = 0; i < 50000; ++i) a.Add(i);
  for (int i = 50000; i < 100000; ++i) b.Add(i);
  a.Merge(b);
  EXPECT_EQ(a.count(), 100000);
  EXPECT_NEAR(a.Quantile(0.5), 50000, 2000);
  EXPECT_NEAR(a.Quantile(0.95), 95000, 2000);
}

TEST(KllSketchTest, SerializeRoundTrips) {
  KllSketch s;
  for (int i = 0; i < 10000; ++i) s.Add(i * 0.5);
  std::string bytes;
  s.Serialize(&bytes);
  KllSketch back;
  size_t pos = 0;
  ASSERT_TRUE(back.Deserialize(bytes, &pos));
  EXPECT_EQ(pos, bytes.size());
  EXPECT_EQ(back.count(), s.count());
  for (double q : {0.0, 0.3, 0.7, 1.0}) EXPECT_EQ(back.Quantile(q), s.Quantile(q));
  size_t short_pos = 0;
  EXPECT_FALSE(back.Deserialize(std::string_view(bytes).substr(0, bytes.size() - 1), &short_pos));
}

}  // namespace
}  // namespace floe::sql
