#pragma once

// Mergeable summaries of a column for the approximate aggregates:
// HyperLogLog for approx_distinct and a KLL quantile sketch for
// approx_percentile. Both merge as a union of their inputs and serialize to
// bytes for spilling. Not thread-safe.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace floe::sql {

/// HyperLogLog (Flajolet, Fusy, Gandouet, Meunier 2007) with dense 8-bit
/// registers over 64-bit hashes: 2^index_bits registers give a standard
/// error of about 1.04 / sqrt(2^index_bits), estimated with Ertl's
/// improved estimator over the register histogram.
class HyperLogLog {
 public:
  /// REQUIRES: 4 <= index_bits <= 16.
  explicit HyperLogLog(int index_bits = 11);

  /// The fewest index bits whose standard error is at most `error` (the
  /// default 0.023 gives 11, Trino's 2048 buckets), clamped to [4, 16].
  static int IndexBitsForError(double error);

  /// Counts a value by its (well mixed) 64-bit hash.
  void AddHash(uint64_t hash);
  /// Folds `other` in: the sketch of the union. Registers of a different
  /// size are folded to the smaller of the two first.
  void Merge(const HyperLogLog& other);
  /// The estimated number of distinct hashes added.
  int64_t Estimate() const;
  int index_bits() const { return index_bits_; }

  /// Appends the sketch to `out`; Deserialize reads it back from the front
  /// of `in`, returning false when `in` is too short or malformed.
  void Serialize(std::string* out) const;
  bool Deserialize(std::string_view in, size_t* pos);

 private:
  int index_bits_;
  std::vector<uint8_t> registers_;
};

/// A KLL quantile sketch (Karnin, Lang, Liberty 2016): levels of sorted
/// compactors, level h items weighing 2^h, level capacities shrinking
/// geometrically (factor 2/3) below the top. With fewer than k items it is
/// exact; beyond, the rank error is about 1.7 / k of the count. Compaction
/// keeps alternating halves (a deterministic coin) so results repeat.
class KllSketch {
 public:
  /// REQUIRES: k >= 8.
  explicit KllSketch(int k = 200);

  void Add(double v);
  /// Folds `other` in: the sketch of the union of both inputs.
  void Merge(const KllSketch& other);
  /// Items added (weights summed).
  int64_t count() const { return count_; }
  /// The smallest item whose rank (items at or below it) reaches q * count.
  /// REQUIRES: count() > 0 and 0 <= q <= 1.
  double Quantile(double q) const;

  void Serialize(std::string* out) const;
  bool Deserialize(std::string_view in, size_t* pos);

 private:
  int Capacity(size_t level) const;
  void Compress();

  int k_;
  int64_t count_ = 0;
  uint32_t coin_ = 0;
  std::vector<std::vector<double>> levels_;
};

}  // namespace floe::sql
