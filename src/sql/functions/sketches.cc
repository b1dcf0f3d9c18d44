#include "sql/functions/sketches.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <utility>

namespace floe::sql {

namespace {

template <typename T>
void Put(std::string* out, T v) {
  out->append(reinterpret_cast<const char*>(&v), sizeof(T));
}

template <typename T>
bool Take(std::string_view in, size_t* pos, T* v) {
  if (in.size() - *pos < sizeof(T)) return false;
  std::memcpy(v, in.data() + *pos, sizeof(T));
  *pos += sizeof(T);
  return true;
}

}  // namespace

// ---- HyperLogLog ----

HyperLogLog::HyperLogLog(int index_bits)
    : index_bits_(index_bits), registers_(size_t{1} << index_bits, 0) {}

int HyperLogLog::IndexBitsForError(double error) {
  const double buckets = (1.04 / error) * (1.04 / error);
  // Slack for rounding: 1.04 / 0.26 squared is 16 buckets, not 17.
  int bits = static_cast<int>(std::ceil(std::log2(buckets) - 1e-9));
  return std::clamp(bits, 4, 16);
}

void HyperLogLog::AddHash(uint64_t hash) {
  // Re-mixed (SplitMix64's finalizer): the operators' hash of sequential
  // integers is a bijection whose top bits are measurably less uniform
  // than HyperLogLog's estimate assumes (+3% at 100000 values).
  hash += 0x9e3779b97f4a7c15ULL;
  hash = (hash ^ (hash >> 30)) * 0xbf58476d1ce4e5b9ULL;
  hash = (hash ^ (hash >> 27)) * 0x94d049bb133111ebULL;
  hash ^= hash >> 31;
  const uint64_t index = hash >> (64 - index_bits_);
  // The rank of the first set bit of the remaining bits (1-based); a guard
  // bit bounds it when they are all zero.
  const uint64_t rest = (hash << index_bits_) | (uint64_t{1} << (index_bits_ - 1));
  const uint8_t rank = static_cast<uint8_t>(__builtin_clzll(rest) + 1);
  uint8_t& r = registers_[index];
  if (rank > r) r = rank;
}

void HyperLogLog::Merge(const HyperLogLog& other) {
  if (other.index_bits_ < index_bits_) {
    // Fold our registers down to the other's size first.
    HyperLogLog folded(other.index_bits_);
    folded.Merge(*this);
    *this = std::move(folded);
  }
  const int shift = other.index_bits_ - index_bits_;
  for (size_t i = 0; i < other.registers_.size(); ++i) {
    uint8_t v = other.registers_[i];
    if (v == 0) continue;
    // A register of a larger sketch maps to register i >> shift of ours;
    // the index bits dropped become leading bits of the rank's word.
    const size_t target = i >> shift;
    if (shift > 0) {
      const size_t dropped = i & ((size_t{1} << shift) - 1);
      v = dropped != 0 ? static_cast<uint8_t>(shift - (63 - __builtin_clzll(dropped)))
                       : static_cast<uint8_t>(v + shift);
    }
    if (v > registers_[target]) registers_[target] = v;
  }
}

namespace {

// The helper series of Ertl's improved estimator (O. Ertl, "New
// cardinality estimation algorithms for HyperLogLog sketches", 2017, §4):
// sigma corrects for empty registers, tau for saturated ones.
double Sigma(double x) {
  if (x == 1) return INFINITY;
  double y = 1, z = x;
  while (true) {
    x *= x;
    const double previous = z;
    z += x * y;
    y += y;
    if (z == previous) return z;
  }
}

double Tau(double x) {
  if (x == 0 || x == 1) return 0;
  double y = 1, z = 1 - x;
  while (true) {
    x = std::sqrt(x);
    const double previous = z;
    y *= 0.5;
    z -= (1 - x) * (1 - x) * y;
    if (z == previous) return z / 3;
  }
}

}  // namespace

int64_t HyperLogLog::Estimate() const {
  // Ertl's estimator is unbiased from empty to saturated sketches, without
  // the raw estimate's bias around 2.5m or a switch to linear counting.
  const int q = 64 - index_bits_;  // ranks go up to q + 1
  std::vector<int64_t> counts(static_cast<size_t>(q) + 2, 0);
  for (uint8_t r : registers_) ++counts[std::min<size_t>(r, static_cast<size_t>(q) + 1)];
  const double m = static_cast<double>(registers_.size());
  double z = m * Tau(1 - static_cast<double>(counts[static_cast<size_t>(q) + 1]) / m);
  for (int k = q; k >= 1; --k) z = 0.5 * (z + static_cast<double>(counts[static_cast<size_t>(k)]));
  z += m * Sigma(static_cast<double>(counts[0]) / m);
  if (std::isinf(z)) return 0;  // every register empty
  return std::llround(m * m / (2 * std::log(2.0)) / z);
}

void HyperLogLog::Serialize(std::string* out) const {
  out->push_back(static_cast<char>(index_bits_));
  out->append(reinterpret_cast<const char*>(registers_.data()), registers_.size());
}

bool HyperLogLog::Deserialize(std::string_view in, size_t* pos) {
  uint8_t bits;
  if (!Take(in, pos, &bits) || bits < 4 || bits > 16) return false;
  const size_t m = size_t{1} << bits;
  if (in.size() - *pos < m) return false;
  index_bits_ = bits;
  registers_.assign(in.begin() + static_cast<long>(*pos), in.begin() + static_cast<long>(*pos + m));
  *pos += m;
  return true;
}

// ---- KLL ----

KllSketch::KllSketch(int k) : k_(k), levels_(1) {}

int KllSketch::Capacity(size_t level) const {
  const size_t depth = levels_.size() - 1 - level;
  const double c = std::ceil(k_ * std::pow(2.0 / 3.0, static_cast<double>(depth)));
  return std::max(2, static_cast<int>(c));
}

void KllSketch::Add(double v) {
  levels_[0].push_back(v);
  ++count_;
  Compress();
}

void KllSketch::Compress() {
  while (true) {
    size_t total = 0, capacity = 0;
    for (size_t h = 0; h < levels_.size(); ++h) {
      total += levels_[h].size();
      capacity += static_cast<size_t>(Capacity(h));
    }
    if (total <= capacity) return;
    // Compact the lowest level that is full.
    size_t h = 0;
    while (h < levels_.size() && levels_[h].size() < static_cast<size_t>(Capacity(h))) ++h;
    if (h == levels_.size()) return;
    if (h + 1 == levels_.size()) levels_.emplace_back();
    std::vector<double>& level = levels_[h];
    std::sort(level.begin(), level.end());
    // An odd item out stays at this level with its weight.
    std::vector<double> keep;
    if (level.size() % 2 == 1) {
      keep.push_back(level.back());
      level.pop_back();
    }
    // Alternate which half survives: halves chosen by a fixed coin keep the
    // estimate unbiased over many compactions and repeatable across runs.
    coin_ = coin_ * 1103515245u + 12345u;
    const size_t offset = (coin_ >> 16) & 1;
    std::vector<double>& up = levels_[h + 1];
    for (size_t i = offset; i < level.size(); i += 2) up.push_back(level[i]);
    level = std::move(keep);
  }
}

void KllSketch::Merge(const KllSketch& other) {
  if (other.levels_.size() > levels_.size()) levels_.resize(other.levels_.size());
  for (size_t h = 0; h < other.levels_.size(); ++h) {
    levels_[h].insert(levels_[h].end(), other.levels_[h].begin(), other.levels_[h].end());
  }
  count_ += other.count_;
  Compress();
}

double KllSketch::Quantile(double q) const {
  std::vector<std::pair<double, uint64_t>> items;
  uint64_t total = 0;
  for (size_t h = 0; h < levels_.size(); ++h) {
    for (double v : levels_[h]) {
      items.emplace_back(v, uint64_t{1} << h);
      total += uint64_t{1} << h;
    }
  }
  std::sort(items.begin(), items.end(), [](const auto& a, const auto& b) {
    // NaN last, as Trino orders doubles.
    if (std::isnan(a.first) || std::isnan(b.first))
      return !std::isnan(a.first) && std::isnan(b.first);
    return a.first < b.first;
  });
  const double target = q * static_cast<double>(total);
  uint64_t seen = 0;
  for (const auto& [v, w] : items) {
    seen += w;
    if (static_cast<double>(seen) >= target) return v;
  }
  return items.back().first;
}

void KllSketch::Serialize(std::string* out) const {
  Put<int32_t>(out, k_);
  Put<int64_t>(out, count_);
  Put<uint32_t>(out, coin_);
  Put<uint32_t>(out, static_cast<uint32_t>(levels_.size()));
  for (const auto& level : levels_) {
    Put<uint32_t>(out, static_cast<uint32_t>(level.size()));
    out->append(reinterpret_cast<const char*>(level.data()), level.size() * sizeof(double));
  }
}

bool KllSketch::Deserialize(std::string_view in, size_t* pos) {
  int32_t k;
  int64_t count;
  uint32_t coin, levels;
  if (!Take(in, pos, &k) || !Take(in, pos, &count) || !Take(in, pos, &coin) ||
      !Take(in, pos, &levels)) {
    return false;
  }
  if (k < 8 || levels == 0 || levels > 64) return false;
  std::vector<std::vector<double>> parsed(levels);
  for (auto& level : parsed) {
    uint32_t n;
    if (!Take(in, pos, &n) || (in.size() - *pos) / sizeof(double) < n) return false;
    level.resize(n);
    if (n > 0) std::memcpy(level.data(), in.data() + *pos, n * sizeof(double));  // empty: no pointer
    *pos += n * sizeof(double);
  }
  k_ = k;
  count_ = count;
  coin_ = coin;
  levels_ = std::move(parsed);
  return true;
}

}  // namespace floe::sql
