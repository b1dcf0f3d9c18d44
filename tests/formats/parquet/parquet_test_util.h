#pragma once

// Builders of test tables for the Parquet tests: a chunk of every type
// with nulls, written and read back through floe.

#include <memory>
#include <string>
#include <vector>

#include "columnar/value_format.h"
#include "columnar/vector.h"
#include "formats/parquet/file_reader.h"
#include "formats/parquet/file_writer.h"
#include "io/file_io.h"

namespace floe::formats::parquet::testing_util {

/// A schema with one field of every primitive type Iceberg has (plus
/// tinyint/smallint), all nullable, field ids 1..N.
std::vector<WriteField> AllTypesSchema();
/// `rows` rows for AllTypesSchema(): deterministic values, every 7th row null.
columnar::Chunk AllTypesChunk(int64_t rows, int64_t first_row = 0);

/// id bigint, st struct<a int, tags array<varchar>>, mp map<varchar,
/// array<bigint>>, ls array<struct<x int, y varchar>>, with field ids.
std::vector<WriteField> NestedSchema();
/// Deterministic rows for NestedSchema(): nulls and empties at every level.
columnar::Chunk NestedChunk(int64_t rows);

/// Writes `chunks` to a new in-memory file and returns its bytes.
Result<std::string> WriteToBytes(const std::vector<WriteField>& schema, const std::vector<columnar::Chunk>& chunks,
                                 WriterOptions options = {});

/// Reads every row of a Parquet file held in `bytes` as text lines
/// (Trino text forms, "NULL" for null, fields separated by '|').
Result<std::vector<std::string>> ReadAllRowsAsText(const std::string& bytes, ReadOptions options = {});
/// Same for a file on disk.
Result<std::vector<std::string>> ReadFileRowsAsText(const std::string& path, ReadOptions options = {});
/// `rows` rows of vectors for the (primitive) fields of `schema`, each
/// with a validity bitmap, every value valid: tests fill in the values.
columnar::Chunk EmptyChunk(const std::vector<WriteField>& schema, int64_t rows);
/// The text lines of a chunk's rows.
std::vector<std::string> ChunkRowsAsText(const columnar::Chunk& chunk);

}  // namespace floe::formats::parquet::testing_util
