#pragma once

// Partition transforms (spec "Partition Transforms"): identity, bucket[N],
// truncate[W], year, month, day, hour, void; their result types, their
// human-readable values (as in data paths: order_ts_day=2025-12-31), and
// the 32-bit Murmur3 hash of spec Appendix B.

#include <cstdint>
#include <string>
#include <string_view>

#include "common/int128.h"
#include "common/result.h"
#include "iceberg/schema.h"

namespace floe::iceberg {

/// One value of an Iceberg primitive type (a partition value, a bound).
/// Integers, dates (days), times and timestamps (micros; nanos for the _ns
/// types) are in `i`; floats and doubles in `d`; decimals as their unscaled
/// value in `i128`; strings, binaries, fixed and UUIDs (16 big-endian
/// bytes) in `s`.
struct Literal {
  TypeId type = TypeId::kLong;
  bool is_null = true;
  int64_t i = 0;
  double d = 0;
  int128_t i128 = 0;
  std::string s;

  static Literal Null(TypeId t) {
    Literal l;
    l.type = t;
    return l;
  }
  static Literal Int(TypeId t, int64_t v) {
    Literal l;
    l.type = t;
    l.is_null = false;
    l.i = v;
    return l;
  }
  static Literal Double(TypeId t, double v) {
    Literal l;
    l.type = t;
    l.is_null = false;
    l.d = v;
    return l;
  }
  static Literal Decimal(int128_t unscaled) {
    Literal l;
    l.type = TypeId::kDecimal;
    l.is_null = false;
    l.i128 = unscaled;
    return l;
  }
  static Literal Bytes(TypeId t, std::string v) {
    Literal l;
    l.type = t;
    l.is_null = false;
    l.s = std::move(v);
    return l;
  }

  bool operator==(const Literal& o) const;
};

/// Orders two non-null literals of the same type (strings and binaries by
/// unsigned bytes, floats with -0.0 < 0.0 and NaN last).
int CompareLiterals(const Literal& a, const Literal& b);

/// MurmurHash3 x86 32-bit, seed 0 (spec Appendix B).
int32_t Murmur3Hash32(const void* data, size_t size);
/// The spec's hash of a value of `type` (ints widened to long, decimals as
/// minimal big-endian two's complement, ...).
int32_t HashLiteral(const Literal& v);

class Transform {
 public:
  enum Kind : uint8_t { kIdentity, kBucket, kTruncate, kYear, kMonth, kDay, kHour, kVoid };

  static Transform Identity() { return Transform(kIdentity, 0); }
  static Transform Bucket(int32_t n) { return Transform(kBucket, n); }
  static Transform Truncate(int32_t width) { return Transform(kTruncate, width); }
  static Transform Year() { return Transform(kYear, 0); }
  static Transform Month() { return Transform(kMonth, 0); }
  static Transform Day() { return Transform(kDay, 0); }
  static Transform Hour() { return Transform(kHour, 0); }
  static Transform Void() { return Transform(kVoid, 0); }
  /// "identity", "bucket[16]", "truncate[4]", "day", ...
  static Result<Transform> Parse(std::string_view s);

  Kind kind() const { return kind_; }
  int32_t param() const { return param_; }
  std::string ToString() const;
  bool operator==(const Transform& o) const { return kind_ == o.kind_ && param_ == o.param_; }

  /// Whether the transform applies to a source of this type.
  bool CanApply(const Type& source) const;
  bool CanApply(TypeId source) const;
  /// The partition field's type for a source type (int for bucket, year,
  /// month and hour; date for day; the source type otherwise).
  TypePtr ResultType(const TypePtr& source) const;
  /// The partition value of a source value (null stays null, and void
  /// gives null). InvalidArgument when the type does not fit.
  Result<Literal> Apply(const Literal& v) const;
  /// The value as it appears in partition paths and `$partitions`, as
  /// Iceberg Java writes it: "2025-12-31", "2025-12-31-10", "2025-12",
  /// "2025", "null", ...; `result_type` is ResultType(source).
  std::string ToHumanString(const Literal& partition_value, const Type& result_type) const;
  /// Whether equal source values order the same after the transform
  /// (used to project range predicates): all but bucket and void.
  bool PreservesOrder() const { return kind_ != kBucket && kind_ != kVoid; }

 private:
  Transform(Kind k, int32_t p) : kind_(k), param_(p) {}
  TypeId ResultTypeId(TypeId source) const;
  Kind kind_;
  int32_t param_;
};

/// A literal in the human form of its type: dates "2025-12-31", timestamps
/// "2025-12-31T10:00:00" (with "+00:00" for timestamptz), decimals with
/// their scale, binaries in hex.
std::string LiteralToString(const Literal& v, const Type& type);

}  // namespace floe::iceberg
