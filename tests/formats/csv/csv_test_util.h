#pragma once

#include <string>
#include <vector>

#include "columnar/value_format.h"
#include "columnar/vector.h"
#include "common/result.h"

namespace floe::formats::testing_util {

/// The rows of a chunk as text, values joined by '|', NULL as "NULL".
inline void AppendChunkRows(const columnar::Chunk& chunk, std::vector<std::string>* rows) {
  for (int64_t i = 0; i < chunk.size; ++i) {
    std::string row;
    for (size_t c = 0; c < chunk.columns.size(); ++c) {
      if (c > 0) row += '|';
      columnar::AppendValueText(*chunk.columns[c], i, &row, "NULL");
    }
    rows->push_back(std::move(row));
  }
}

}  // namespace floe::formats::testing_util
