#pragma once

// The logical plan: what a query computes, as a tree of relational
// operators, before the physical planner picks algorithms. Every node has an
// ordered list of output columns; expressions in a node refer to the
// columns of its input by position (a join's expressions to the left
// input's columns followed by the right's).

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "iceberg/table_metadata.h"
#include "iceberg/table_scan.h"
#include "sql/exec/bound_expression.h"

namespace floe::io {
class FileIO;
}

namespace floe::sql {

struct FileScanSpec;

/// One output column of a plan node.
struct PlanColumn {
  std::string name;
  LogicalType type;
};

/// An Iceberg table a query reads: where its files are and which metadata
/// (the version loaded when the query was bound).
struct TableHandle {
  std::string catalog;  // "iceberg"
  std::string schema;   // the namespace, dot-joined
  std::string table;
  std::shared_ptr<io::FileIO> io;
  std::shared_ptr<const iceberg::TableMetadata> metadata;
  /// "iceberg.demo.sales".
  std::string FullName() const;
};

/// An aggregate function call of an Aggregate node.
struct AggregateCall {
  std::string name;                // "count", "sum", ...; count(*) is "count" without args
  std::vector<BoundExprPtr> args;  // over the Aggregate's input
  bool distinct = false;
  BoundExprPtr filter;  // FILTER (WHERE ...), may be null
  LogicalType type;     // result type
  std::string ToString() const;
};

/// One sort key.
struct SortKey {
  BoundExprPtr expr;
  bool descending = false;
  bool nulls_first = false;  // Trino's default: NULLS LAST whatever the direction
};

/// The frame of a window function call: which rows of its partition, around
/// the current row, an aggregate or a value function reads
/// (https://trino.io/docs/current/sql/select.html#window-frame).
struct WindowFrame {
  enum class Unit : uint8_t { kRows, kRange, kGroups };
  enum class Bound : uint8_t {
    kUnboundedPreceding,
    kPreceding,
    kCurrentRow,
    kFollowing,
    kUnboundedFollowing
  };
  /// Trino's default: RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW (the
  /// whole partition without ORDER BY, where every row is a peer).
  Unit unit = Unit::kRange;
  Bound start = Bound::kUnboundedPreceding;
  Bound end = Bound::kCurrentRow;
  /// n of n PRECEDING / n FOLLOWING over the input. ROWS and GROUPS: a
  /// bigint count. RANGE: the bound's value itself (the order key minus or
  /// plus n, so that the operator only compares), of range_key's type.
  BoundExprPtr start_offset, end_offset;
  /// RANGE with an offset: the single order key, cast to the bound values' type.
  BoundExprPtr range_key;
};

/// A window function call of a Window node: the function, its arguments
/// and its window, all over the Window's input.
struct WindowCall {
  std::string name;  // "rank", "lag", "sum", ...
  std::vector<BoundExprPtr> args;
  BoundExprPtr filter;  // an aggregate's FILTER (WHERE ...), may be null
  bool ignore_nulls = false;
  LogicalType type;  // result type
  std::vector<BoundExprPtr> partition_by;
  std::vector<SortKey> order_by;
  WindowFrame frame;

  /// "rank() OVER (PARTITION BY #0 ORDER BY #1 ASC NULLS LAST RANGE ...)".
  std::string ToString() const;
  /// "PARTITION BY ... ORDER BY ...": calls with equal texts share one sort.
  std::string WindowKey() const;
  /// Every expression slot of the call (slots may hold null), to mark and
  /// remap the columns they read.
  std::vector<BoundExprPtr*> Exprs();
  WindowCall Clone() const;
};

struct LogicalOp;
using LogicalOpPtr = std::unique_ptr<LogicalOp>;

/// A relational operator. `kind` says which members are used.
struct LogicalOp {
  enum class Kind : uint8_t {
    kScan,       // table, field_ids, scan_options, filter (over the scan's columns)
    kValues,     // rows (constant expressions)
    kFilter,     // predicate
    kProject,    // exprs
    kAggregate,  // group_by, aggregates: output = groups then aggregates; with
                 // grouping_sets: groups, a bigint grouping set index, aggregates
    kJoin,       // join_type, condition; left_keys/right_keys once the optimizer extracted them
    kSort,       // sort_keys
    kLimit,      // offset, limit (-1: none)
    kTopN,       // sort_keys, limit (and offset)
    kUnion,      // children with equal column types, UNION ALL
    kSingleRow,  // its input's only row; NULLs when there is none; more is an error
    kWindow,     // windows: output = input columns then one column per window call
    kUnnest,     // exprs (arrays, maps) over the input: output = input columns, then per
                 // array its elements (per map keys and values), then the ordinality
    kFileScan,   // file_scan (read_csv, ...); field_ids: positions in its columns
  };
  enum class JoinType : uint8_t { kInner, kLeft, kRight, kFull, kCross, kSemi, kAnti };

  Kind kind = Kind::kValues;
  std::vector<LogicalOpPtr> children;
  std::vector<PlanColumn> columns;  // output

  // kScan
  std::shared_ptr<TableHandle> table;
  std::vector<int32_t> field_ids;
  iceberg::ScanOptions scan_options;
  // kFileScan
  std::shared_ptr<FileScanSpec> file_scan;
  // kValues
  std::vector<std::vector<BoundExprPtr>> rows;
  // kFilter, kScan (filter), kJoin (residual condition)
  BoundExprPtr predicate;
  // kProject
  std::vector<BoundExprPtr> exprs;
  // kAggregate
  std::vector<BoundExprPtr> group_by;
  std::vector<AggregateCall> aggregates;
  /// GROUPING SETS / ROLLUP / CUBE: the group_by indices of each set (empty:
  /// plain GROUP BY). A row is grouped once per set, the keys not in the
  /// set NULL, the set's index a further key.
  std::vector<std::vector<int>> grouping_sets;
  // kWindow
  std::vector<WindowCall> windows;
  // kJoin
  JoinType join_type = JoinType::kInner;
  std::vector<BoundExprPtr> left_keys;   // over the left input
  std::vector<BoundExprPtr> right_keys;  // over the right input
  // kSort, kTopN
  std::vector<SortKey> sort_keys;
  // kUnnest: WITH ORDINALITY
  bool ordinality = false;
  // kLimit, kTopN
  int64_t offset = 0;
  int64_t limit = -1;
  bool with_ties = false;  // kTopN: FETCH FIRST n ROWS WITH TIES

  /// The tree as indented text, one node per line (EXPLAIN).
  std::string ToString() const;
  std::vector<LogicalType> Types() const;
};

/// Makes a node of `kind` over `children` (output columns left to the caller).
LogicalOpPtr MakeOp(LogicalOp::Kind kind, std::vector<LogicalOpPtr> children = {});

/// "INNER", "LEFT", ... for EXPLAIN.
const char* JoinTypeName(LogicalOp::JoinType type);

}  // namespace floe::sql
