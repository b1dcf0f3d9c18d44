#pragma once

// Filter expressions over a table's columns, and what Iceberg does with
// them (spec "Scan Planning"): bind names to field ids, project a
// predicate inclusively through partition transforms, and decide from
// manifest partition summaries, partition tuples and column metrics which
// manifests and files may hold matching rows (inclusive) or hold only
// matching rows (strict, for deletes by filter).

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/result.h"
#include "iceberg/manifest.h"
#include "iceberg/schema.h"
#include "iceberg/table_metadata.h"
#include "iceberg/transform.h"

namespace floe::iceberg {

class Expression;
using ExprPtr = std::shared_ptr<const Expression>;

/// An immutable expression tree: constants, AND/OR/NOT, and predicates on
/// one column (by name while unbound; by field id once bound). Predicates
/// of a projected expression name a partition field (by position in the
/// partition tuple) instead of a column.
class Expression {
 public:
  enum class Op : uint8_t {
    kTrue,
    kFalse,
    kAnd,
    kOr,
    kNot,
    kIsNull,
    kNotNull,
    kIsNan,
    kNotNan,
    kLt,
    kLtEq,
    kGt,
    kGtEq,
    kEq,
    kNotEq,
    kIn,
    kNotIn,
    kStartsWith,
    kNotStartsWith,
  };

  static ExprPtr True();
  static ExprPtr False();
  static ExprPtr And(ExprPtr a, ExprPtr b);
  static ExprPtr Or(ExprPtr a, ExprPtr b);
  static ExprPtr Not(ExprPtr a);
  /// A predicate on column `name` (a dotted name for nested fields).
  static ExprPtr Predicate(Op op, std::string name, std::vector<Literal> literals = {});

  Op op() const { return op_; }
  bool is_predicate() const { return op_ >= Op::kIsNull; }
  const ExprPtr& left() const { return left_; }
  const ExprPtr& right() const { return right_; }
  const std::string& name() const { return name_; }
  /// Bound predicates: the field id (or partition tuple position) and its type.
  int32_t field_id() const { return field_id_; }
  const TypePtr& type() const { return type_; }
  bool bound() const { return type_ != nullptr; }
  const std::vector<Literal>& literals() const { return literals_; }
  const Literal& literal() const { return literals_[0]; }

  /// "(id > 5 AND region = 'eu')".
  std::string ToString() const;

  /// A copy of this predicate bound to `field_id` of `type`.
  ExprPtr BindTo(int32_t field_id, TypePtr type, std::vector<Literal> literals) const;

 private:
  Expression() = default;
  Op op_ = Op::kTrue;
  ExprPtr left_, right_;
  std::string name_;
  int32_t field_id_ = -1;
  TypePtr type_;
  std::vector<Literal> literals_;
};

/// The predicate op with the opposite meaning (kLt <-> kGtEq, ...).
Expression::Op Negate(Expression::Op op);

/// Resolves column names against `schema` (ignoring case unless
/// `case_sensitive`), converts literals to the column's type (ints to
/// longs, floats to doubles, strings to dates/timestamps/uuids/decimals)
/// and pushes NOT down to the predicates. Invalid names the column that
/// is missing or the literal that does not convert.
Result<ExprPtr> Bind(const ExprPtr& expr, const Schema& schema, bool case_sensitive = true);

/// A bound expression projected through the partition spec: a predicate
/// on the partition tuple true for every partition that may hold a row
/// matching `expr` (spec "Scan Planning": inclusive projection).
/// Predicates of the result use partition tuple positions as field ids.
Result<ExprPtr> ProjectInclusive(const ExprPtr& bound, const PartitionSpec& spec,
                                 const Schema& schema);

/// The strict projection: true only for partitions in which every row
/// matches `expr` (used to delete whole files by a filter).
Result<ExprPtr> ProjectStrict(const ExprPtr& bound, const PartitionSpec& spec,
                              const Schema& schema);

/// The part of a bound filter a data file's rows must still be checked
/// against, given its partition (Java's ResidualEvaluator): predicates its
/// partition decides for every row become true or false. For
/// `region = 'eu' AND amount > 5` and a file of partition region=eu, that is
/// `amount > 5`. Built once per spec (the projections of every predicate are
/// made then); thread-safe to share.
class ResidualEvaluator {
 public:
  ResidualEvaluator(ExprPtr bound, const PartitionSpec& spec, const Schema& schema);
  ExprPtr Residual(const std::vector<Literal>& partition) const;

 private:
  ExprPtr Walk(const ExprPtr& e, const std::vector<Literal>& partition) const;
  ExprPtr bound_;
  bool partitioned_ = false;
  // Per predicate of bound_: its strict and inclusive projections.
  std::vector<std::pair<const Expression*, std::pair<ExprPtr, ExprPtr>>> projections_;
};

/// Evaluates a projected expression against one partition tuple.
bool EvalPartition(const ExprPtr& projected, const std::vector<Literal>& partition);

/// Whether a manifest may hold files whose partitions match `projected`,
/// from the manifest list's partition summaries (`partition_type` is the
/// spec's partition tuple type).
bool ManifestMightMatch(const ExprPtr& projected, const ManifestFile& manifest,
                        const Type& partition_type);

/// Decides from a data file's column metrics (value, null and NaN counts,
/// lower and upper bounds) whether it may hold rows matching a bound
/// expression (inclusive) or holds only matching rows (strict). Columns
/// without metrics, and columns inside lists and maps, decide nothing.
/// Built once per scan; thread-safe to share.
class MetricsEvaluator {
 public:
  MetricsEvaluator(ExprPtr bound, const Schema& schema);
  bool MightMatch(const DataFile& file) const;
  bool MustMatch(const DataFile& file) const;

 private:
  const Type* ColumnType(int32_t field_id) const;
  bool Might(const Expression& e, const DataFile& f) const;
  bool Must(const Expression& e, const DataFile& f) const;
  ExprPtr expr_;
  std::vector<std::pair<int32_t, TypePtr>> columns_;  // sorted by id: fields with usable metrics
};

}  // namespace floe::iceberg
