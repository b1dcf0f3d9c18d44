#include "columnar/logical_type.h"

#include "common/check.h"
#include "common/str_cat.h"

namespace floe::columnar {

int PhysicalWidth(PhysicalType t) {
  switch (t) {
    case PhysicalType::kBool:
      return 1;
    case PhysicalType::kInt8:
      return 1;
    case PhysicalType::kInt16:
      return 2;
    case PhysicalType::kInt32:
      return 4;
    case PhysicalType::kInt64:
      return 8;
    case PhysicalType::kInt128:
      return 16;
    case PhysicalType::kFloat:
      return 4;
    case PhysicalType::kDouble:
      return 8;
    case PhysicalType::kStringView:
      return 16;
    case PhysicalType::kListEntry:
      return 8;
    case PhysicalType::kNone:
      return 0;
  }
  return 0;
}

LogicalType LogicalType::Decimal(int precision, int scale) {
  FLOE_CHECK(precision >= 1 && precision <= 38 && scale >= 0 && scale <= precision);
  LogicalType t(TypeId::kDecimal);
  t.precision_ = static_cast<uint8_t>(precision);
  t.scale_ = static_cast<uint8_t>(scale);
  return t;
}

LogicalType LogicalType::Time(int precision) {
  LogicalType t(TypeId::kTime);
  t.precision_ = static_cast<uint8_t>(precision);
  return t;
}

LogicalType LogicalType::Timestamp(int precision) {
  LogicalType t(TypeId::kTimestamp);
  t.precision_ = static_cast<uint8_t>(precision);
  return t;
}

LogicalType LogicalType::TimestampTz(int precision, uint16_t time_zone) {
  LogicalType t(TypeId::kTimestampTz);
  t.precision_ = static_cast<uint8_t>(precision);
  t.time_zone_ = time_zone;
  return t;
}

LogicalType LogicalType::Struct(std::vector<StructField> fields) {
  LogicalType t(TypeId::kStruct);
  t.children_ = std::make_shared<const std::vector<StructField>>(std::move(fields));
  return t;
}

LogicalType LogicalType::List(LogicalType element) {
  LogicalType t(TypeId::kList);
  t.children_ = std::make_shared<const std::vector<StructField>>(
      std::vector<StructField>{StructField{"element", std::move(element)}});
  return t;
}

LogicalType LogicalType::Map(LogicalType key, LogicalType value) {
  LogicalType t(TypeId::kMap);
  t.children_ = std::make_shared<const std::vector<StructField>>(std::vector<StructField>{
      StructField{"key", std::move(key)}, StructField{"value", std::move(value)}});
  return t;
}

PhysicalType LogicalType::physical_type() const {
  switch (id_) {
    case TypeId::kBoolean:
      return PhysicalType::kBool;
    case TypeId::kTinyInt:
      return PhysicalType::kInt8;
    case TypeId::kSmallInt:
      return PhysicalType::kInt16;
    case TypeId::kInteger:
    case TypeId::kDate:
    case TypeId::kIntervalYearMonth:
      return PhysicalType::kInt32;
    case TypeId::kBigInt:
    case TypeId::kTime:
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
    case TypeId::kIntervalDayTime:
      return PhysicalType::kInt64;
    case TypeId::kDecimal:
      return precision_ <= 18 ? PhysicalType::kInt64 : PhysicalType::kInt128;
    case TypeId::kUuid:
      return PhysicalType::kInt128;
    case TypeId::kReal:
      return PhysicalType::kFloat;
    case TypeId::kDouble:
      return PhysicalType::kDouble;
    case TypeId::kVarchar:
    case TypeId::kVarbinary:
      return PhysicalType::kStringView;
    case TypeId::kList:
    case TypeId::kMap:
      return PhysicalType::kListEntry;
    case TypeId::kStruct:
    case TypeId::kInvalid:
      return PhysicalType::kNone;
  }
  return PhysicalType::kNone;
}

const std::vector<StructField>& LogicalType::fields() const {
  FLOE_DCHECK(id_ == TypeId::kStruct);
  return *children_;
}
const LogicalType& LogicalType::element() const {
  FLOE_DCHECK(id_ == TypeId::kList);
  return (*children_)[0].type;
}
const LogicalType& LogicalType::key() const {
  FLOE_DCHECK(id_ == TypeId::kMap);
  return (*children_)[0].type;
}
const LogicalType& LogicalType::value() const {
  FLOE_DCHECK(id_ == TypeId::kMap);
  return (*children_)[1].type;
}

LogicalType LogicalType::Varchar(int64_t max_length) {
  LogicalType t(TypeId::kVarchar);
  t.max_length_ = max_length;
  return t;
}

std::string LogicalType::ToString() const {
  switch (id_) {
    case TypeId::kInvalid:
      return "invalid";
    case TypeId::kBoolean:
      return "boolean";
    case TypeId::kTinyInt:
      return "tinyint";
    case TypeId::kSmallInt:
      return "smallint";
    case TypeId::kInteger:
      return "integer";
    case TypeId::kBigInt:
      return "bigint";
    case TypeId::kReal:
      return "real";
    case TypeId::kDouble:
      return "double";
    case TypeId::kDecimal:
      return StrCat("decimal(", int{precision_}, ",", int{scale_}, ")");
    case TypeId::kDate:
      return "date";
    case TypeId::kTime:
      return StrCat("time(", int{precision_}, ")");
    case TypeId::kTimestamp:
      return StrCat("timestamp(", int{precision_}, ")");
    case TypeId::kTimestampTz:
      return StrCat("timestamp(", int{precision_}, ") with time zone");
    case TypeId::kVarchar:
      return max_length_ < 0 ? "varchar" : StrCat("varchar(", max_length_, ")");
    case TypeId::kVarbinary:
      return "varbinary";
    case TypeId::kUuid:
      return "uuid";
    case TypeId::kIntervalDayTime:
      return "interval day to second";
    case TypeId::kIntervalYearMonth:
      return "interval year to month";
    case TypeId::kStruct: {
      std::string s = "row(";
      for (size_t i = 0; i < children_->size(); ++i) {
        if (i) s += ", ";
        s += StrCat((*children_)[i].name, " ", (*children_)[i].type.ToString());
      }
      return s + ")";
    }
    case TypeId::kList:
      return StrCat("array(", element().ToString(), ")");
    case TypeId::kMap:
      return StrCat("map(", key().ToString(), ", ", value().ToString(), ")");
  }
  return "invalid";
}

bool LogicalType::operator==(const LogicalType& other) const {
  if (id_ != other.id_ || precision_ != other.precision_ || scale_ != other.scale_ ||
      max_length_ != other.max_length_) {
    return false;
  }
  if (!children_ || !other.children_) return children_ == other.children_;
  if (children_->size() != other.children_->size()) return false;
  for (size_t i = 0; i < children_->size(); ++i) {
    if ((*children_)[i].name != (*other.children_)[i].name ||
        (*children_)[i].type != (*other.children_)[i].type) {
      return false;
    }
  }
  return true;
}

}  // namespace floe::columnar
