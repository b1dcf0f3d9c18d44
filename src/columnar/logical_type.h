#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace floe::columnar {

/// SQL types with Trino's semantics (DESIGN.md §6 gives their layout).
enum class TypeId : uint8_t {
  kInvalid = 0,
  kBoolean,
  kTinyInt,
  kSmallInt,
  kInteger,
  kBigInt,
  kReal,
  kDouble,
  kDecimal,            // precision <= 18: int64; <= 38: int128
  kDate,               // int32 days since 1970-01-01
  kTime,               // int64 microseconds since midnight
  kTimestamp,          // int64 microseconds since the epoch, no zone
  kTimestampTz,        // int64 microseconds since the epoch, UTC
  kVarchar,            // StringView
  kVarbinary,          // StringView
  kUuid,               // int128 holding the 16 bytes big-endian
  kIntervalDayTime,    // int64 microseconds
  kIntervalYearMonth,  // int32 months
  kStruct,             // children, one per field (Trino "row")
  kList,               // ListEntry per value + one child (Trino "array")
  kMap,                // ListEntry per value + key and value children
};

/// How a vector of the type stores one value in its data buffer.
enum class PhysicalType : uint8_t {
  kBool,  // one byte, 0 or 1
  kInt8,
  kInt16,
  kInt32,
  kInt64,
  kInt128,
  kFloat,
  kDouble,
  kStringView,
  kListEntry,
  kNone,  // struct: no data buffer, only children and validity
};

/// Byte width of one value of `t` in a data buffer (0 for kNone).
int PhysicalWidth(PhysicalType t);

struct StructField;

/// A value type. Cheap to copy (nested parts are shared, immutable).
class LogicalType {
 public:
  LogicalType() = default;
  explicit LogicalType(TypeId id) : id_(id) {}

  static LogicalType Boolean() { return LogicalType(TypeId::kBoolean); }
  static LogicalType TinyInt() { return LogicalType(TypeId::kTinyInt); }
  static LogicalType SmallInt() { return LogicalType(TypeId::kSmallInt); }
  static LogicalType Integer() { return LogicalType(TypeId::kInteger); }
  static LogicalType BigInt() { return LogicalType(TypeId::kBigInt); }
  static LogicalType Real() { return LogicalType(TypeId::kReal); }
  static LogicalType Double() { return LogicalType(TypeId::kDouble); }
  /// REQUIRES: 1 <= precision <= 38, 0 <= scale <= precision.
  static LogicalType Decimal(int precision, int scale);
  static LogicalType Date() { return LogicalType(TypeId::kDate); }
  /// `precision` is the number of fractional second digits shown (0..6).
  static LogicalType Time(int precision = 6);
  static LogicalType Timestamp(int precision = 6);
  /// `time_zone` is the id of the zone values display and break into fields
  /// in (common/time_zone.h; 0 is UTC). The stored instants are UTC either
  /// way, so the zone is not part of type equality.
  static LogicalType TimestampTz(int precision = 6, uint16_t time_zone = 0);
  static LogicalType Varchar() { return LogicalType(TypeId::kVarchar); }
  /// varchar(n): at most `max_length` code points (Trino's bounded varchar).
  static LogicalType Varchar(int64_t max_length);
  static LogicalType Varbinary() { return LogicalType(TypeId::kVarbinary); }
  static LogicalType Uuid() { return LogicalType(TypeId::kUuid); }
  static LogicalType Struct(std::vector<StructField> fields);
  static LogicalType List(LogicalType element);
  static LogicalType Map(LogicalType key, LogicalType value);

  TypeId id() const { return id_; }
  int precision() const { return precision_; }
  int scale() const { return scale_; }
  /// varchar(n)'s n; -1 for an unbounded varchar (and other types).
  int64_t max_length() const { return max_length_; }
  /// timestamp with time zone: the zone's id (TimeZone::FromId); else 0.
  uint16_t time_zone() const { return time_zone_; }
  PhysicalType physical_type() const;
  int fixed_width() const { return PhysicalWidth(physical_type()); }
  bool is_nested() const {
    return id_ == TypeId::kStruct || id_ == TypeId::kList || id_ == TypeId::kMap;
  }
  bool is_string_like() const { return id_ == TypeId::kVarchar || id_ == TypeId::kVarbinary; }

  /// Struct fields. REQUIRES: id() == kStruct.
  const std::vector<StructField>& fields() const;
  /// REQUIRES: id() == kList.
  const LogicalType& element() const;
  /// REQUIRES: id() == kMap.
  const LogicalType& key() const;
  const LogicalType& value() const;

  /// Trino's spelling: "decimal(12,2)", "timestamp(6) with time zone",
  /// "row(a integer, b varchar)", "array(bigint)", "map(varchar, bigint)".
  std::string ToString() const;

  bool operator==(const LogicalType& other) const;
  bool operator!=(const LogicalType& other) const { return !(*this == other); }

 private:
  TypeId id_ = TypeId::kInvalid;
  uint8_t precision_ = 0;
  uint8_t scale_ = 0;
  uint16_t time_zone_ = 0;
  int64_t max_length_ = -1;
  std::shared_ptr<const std::vector<StructField>> children_;
};

/// One field of a struct type (also the element/key/value of list and map).
struct StructField {
  std::string name;
  LogicalType type;
};

}  // namespace floe::columnar
