#pragma once

// Data files described only in manifests, for benchmarks of manifest
// writing, decoding and scan planning (bench/iceberg_planning_driver,
// bench/formats_kernels_bench): a four-column table with full metrics.

#include <string>

#include "common/str_cat.h"
#include "iceberg/manifest.h"
#include "iceberg/schema.h"
#include "iceberg/single_value.h"

namespace floe::iceberg {

inline NestedField Field(int32_t id, const char* name, bool required, TypeId type) {
  return NestedField::Of(id, name, required, Type::Primitive(type));
}

/// id long, ts timestamp, region string, amount double.
inline Schema BenchSchema() {
  return Schema(
      0, {Field(1, "id", true, TypeId::kLong), Field(2, "ts", false, TypeId::kTimestamp),
          Field(3, "region", false, TypeId::kString), Field(4, "amount", false, TypeId::kDouble)});
}

/// A data file of `rows` rows with ids from `first_id` and timestamps in [ts_lo, ts_hi].
inline DataFile FakeFile(const std::string& dir, int32_t spec_id, Literal partition,
                         int64_t first_id, int64_t rows, int64_t ts_lo, int64_t ts_hi, int64_t n) {
  DataFile f;
  f.file_path = StrCat(dir, "/data/f-", n, ".parquet");
  f.spec_id = spec_id;
  f.partition = {std::move(partition)};
  f.record_count = rows;
  f.file_size_in_bytes = rows * 24;
  for (int32_t id = 1; id <= 4; ++id) {
    f.column_sizes.emplace_back(id, rows * 6);
    f.value_counts.emplace_back(id, rows);
    f.null_value_counts.emplace_back(id, 0);
  }
  f.nan_value_counts.emplace_back(4, 0);
  f.lower_bounds = {{1, ToSingleValueBytes(Literal::Int(TypeId::kLong, first_id))},
                    {2, ToSingleValueBytes(Literal::Int(TypeId::kTimestamp, ts_lo))},
                    {3, "africa"},
                    {4, ToSingleValueBytes(Literal::Double(TypeId::kDouble, 0.5))}};
  f.upper_bounds = {{1, ToSingleValueBytes(Literal::Int(TypeId::kLong, first_id + rows - 1))},
                    {2, ToSingleValueBytes(Literal::Int(TypeId::kTimestamp, ts_hi))},
                    {3, "south america"},
                    {4, ToSingleValueBytes(Literal::Double(TypeId::kDouble, 9999.5))}};
  f.split_offsets = {4};
  return f;
}

}  // namespace floe::iceberg
