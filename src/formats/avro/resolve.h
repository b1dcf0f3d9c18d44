#pragma once

// Reading Avro data with a reader schema other than the writer's (spec
// "Schema Resolution"), compiled once per (writer, reader) pair so that
// decoding a record follows a plan instead of comparing schemas.

#include <memory>
#include <string>
#include <vector>

#include "common/result.h"
#include "formats/avro/datum.h"
#include "formats/avro/schema.h"

namespace floe::formats::avro {

class BinaryDecoder;

/// How data written with `writer` reads as `reader`:
/// - record fields are matched by Iceberg's "field-id" when the reader
///   field has one and the writer's record carries ids, otherwise by name
///   or the reader field's aliases; writer fields the reader lacks are
///   skipped without being decoded; reader fields the writer lacks take
///   their default (an error when there is none);
/// - promotions int -> long/float/double, long -> float/double,
///   float -> double, string <-> bytes;
/// - unions on either side resolve branch by branch (the first reader
///   branch that matches); enums by symbol, unknown ones to the reader's
///   enum default; fixed sizes must be equal; records and enums match
///   whatever their names (Iceberg renames them between writers).
/// Decoded datums have the reader schema's shape.
class Resolution {
 public:
  /// Invalid names the path where the schemas cannot be reconciled.
  static Result<std::shared_ptr<const Resolution>> Make(const Schema& writer, const Schema& reader);

  /// Decodes one datum of the writer's root into `out`, shaped as the
  /// reader's root.
  Status Decode(BinaryDecoder* in, Datum* out) const;

  const Schema& reader() const { return reader_; }

  ~Resolution();
  struct Step;

 private:
  Resolution(const Schema& writer, const Schema& reader);
  Status Run(int step, BinaryDecoder* in, Datum* out, int depth) const;

  Schema writer_;
  Schema reader_;
  std::vector<Step> steps_;
  int root_ = -1;
  friend class ResolutionBuilder;
};

/// The datum of `value` (a JSON default) as reader node `node`; Invalid
/// when the value does not fit the type.
Result<Datum> DefaultDatum(const Schema& schema, int node, const json::Value& value, int depth = 0);

}  // namespace floe::formats::avro
