#pragma once

// Iceberg schemas as Avro schemas, the way Iceberg Java's AvroSchemaUtil
// writes them (manifests, manifest lists and Avro data files): every field
// carries its "field-id"; optional fields are ["null", T] with a null
// default; nested records are named r<field id>; lists carry
// "element-id"; maps with string keys are Avro maps with "key-id" and
// "value-id", other maps arrays of k<id>_v<id> records marked
// "logicalType": "map"; dates, times, timestamps, decimals and uuids take
// their Avro logical types.

#include <string>

#include "common/result.h"
#include "formats/avro/schema.h"
#include "iceberg/schema.h"

namespace floe::iceberg {

/// Bytes of the Avro fixed that holds decimals of `precision` digits (the
/// smallest two's-complement width, as Java's TypeUtil.decimalRequiredBytes).
int DecimalRequiredBytes(int precision);

/// The Avro schema of records of struct type `type`, the root named `record_name`.
Result<formats::avro::Schema> ToAvroSchema(const Type& type, const std::string& record_name);

/// The same schema as JSON (for header metadata and tests).
json::Value ToAvroSchemaJson(const Type& type, const std::string& record_name);

}  // namespace floe::iceberg
