#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "formats/avro/datum.h"
#include "formats/avro/resolve.h"
#include "formats/avro/schema.h"
#include "formats/codec/compression.h"
#include "io/file_io.h"

namespace floe::formats::avro {

/// Options of a FileReader.
struct ReaderOptions {
  /// Top-level record fields to decode; the others are skipped without
  /// decoding (their datums stay empty). Empty = every field.
  std::vector<std::string> fields;
  /// Decode records into this schema's shape instead of the file's (Avro
  /// schema resolution, see resolve.h): fields it lacks, at any depth, are
  /// skipped without decoding. Exclusive with `fields`.
  std::shared_ptr<const Schema> reader_schema;
  /// Largest block accepted after decompression.
  int64_t max_block_bytes = int64_t{1} << 30;
};

/// Reads an Avro object container file (spec "Object Container Files"):
/// header, then blocks of records, each checked against its sync marker.
/// Not thread-safe.
class FileReader {
 public:
  /// Reads the header; Corruption/NotSupported name the file.
  static Result<std::unique_ptr<FileReader>> Open(std::unique_ptr<io::RandomAccessFile> file,
                                                  ReaderOptions options = {});

  /// The file's (writer's) schema.
  const Schema& schema() const { return schema_; }
  /// The schema of the datums Next() returns: the reader schema if one was given.
  const Schema& read_schema() const { return resolution_ ? resolution_->reader() : schema_; }
  /// The header's metadata (avro.schema, avro.codec, and any other keys).
  const std::map<std::string, std::string>& metadata() const { return metadata_; }
  Codec codec() const { return codec_; }
  const std::string& codec_name() const { return codec_name_; }

  /// Decodes the next record into `out`, reusing what `out` holds (pass the
  /// same Datum for every record to avoid allocations; only the values of
  /// the record just read are meaningful). False at the end of the file.
  Result<bool> Next(Datum* out);

 private:
  FileReader() = default;
  Status LoadBlock();
  Status Error(const std::string& what) const;

  ReaderOptions options_;
  std::string path_;
  Schema schema_;
  std::map<std::string, std::string> metadata_;
  Codec codec_ = Codec::kUncompressed;
  std::string codec_name_ = "null";
  std::string sync_;
  std::string bytes_;  // the whole file
  int64_t pos_ = 0;    // next block
  int64_t block_index_ = -1;
  std::string block_;  // current block, decompressed
  int64_t block_pos_ = 0;
  int64_t block_records_left_ = 0;
  std::vector<bool> keep_;
  std::shared_ptr<const Resolution> resolution_;
};

/// Options of a FileWriter.
struct WriterOptions {
  Codec codec = Codec::kDeflate;  // null, deflate, snappy or zstd
  int64_t sync_interval_bytes = 64 * 1024;
  std::map<std::string, std::string> metadata;  // extra header keys
};

/// Writes an Avro object container file. `sink` stays open and owned by the caller.
class FileWriter {
 public:
  static Result<std::unique_ptr<FileWriter>> Open(io::WritableFile* sink, Schema schema,
                                                  WriterOptions options = {});
  /// Appends a record; Invalid names the field that does not fit the schema.
  Status Append(const Datum& record);
  /// Writes the last block. Call once.
  Status Close();

 private:
  FileWriter() = default;
  Status FlushBlock();
  io::WritableFile* sink_ = nullptr;
  Schema schema_;
  WriterOptions options_;
  std::string sync_;
  std::string block_;
  int64_t block_records_ = 0;
  bool closed_ = false;
};

}  // namespace floe::formats::avro
