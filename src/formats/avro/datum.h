#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "formats/avro/schema.h"

namespace floe::formats::avro {

/// A decoded Avro value, interpreted through its schema node: booleans,
/// int, long and enum indices in `i`; float and double in `d`; bytes,
/// string and fixed in `s`; array items, map values and record fields in
/// `children` (map keys in `keys`); a union's branch in `branch` with its
/// value as the only child.
struct Datum {
  int64_t i = 0;
  double d = 0;
  std::string s;
  int branch = -1;
  std::vector<Datum> children;
  std::vector<std::string> keys;
};

/// Appends `datum` (of schema node `node`) as JSON, logical types in
/// readable form: dates "2025-01-01", timestamps "2025-01-01
/// 10:00:00.000000", decimals "12.34" (as strings), uuids canonical,
/// bytes as strings with \u00XX escapes, unions as their value.
void AppendDatumJson(const Schema& schema, int node, const Datum& datum, std::string* out);

}  // namespace floe::formats::avro
