#pragma once

// The syntax tree of a statement in Trino's SQL dialect
// (https://trino.io/docs/current/sql.html), as the parser builds it and the
// binder reads it. Nodes own their children; every node knows where in the
// text it started (for error messages). ToSql() prints a node back as SQL
// that parses to the same tree.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace floe::sql {

/// A place in the statement text, 1-based as in Trino's messages ("line 1:8").
struct Position {
  int line = 1;
  int column = 1;
};

/// A possibly qualified name: iceberg.demo.sales, t.col. Parts are
/// lower-cased unless they were quoted (Trino's identifiers are
/// case-insensitive; quoted ones keep their case).
struct QualifiedName {
  std::vector<std::string> parts;
  std::string ToSql() const;
  bool empty() const { return parts.empty(); }
};

/// A type as written: varchar(10), decimal(12, 2), timestamp(3) with time
/// zone, interval day to second, array(bigint), map(varchar, double),
/// row(a bigint, b varchar).
struct TypeSyntax {
  std::string name;  // lower case: "varchar", "timestamp with time zone", "interval day to second"
  std::vector<int64_t> parameters;       // numeric parameters
  std::vector<TypeSyntax> children;      // array element, map key/value, row fields
  std::vector<std::string> field_names;  // row field names ("" when absent)
  std::string ToSql() const;
};

struct Query;
struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

/// One ORDER BY item.
struct SortItem {
  ExprPtr expr;
  bool descending = false;
  std::optional<bool> nulls_first;  // unset: the default (Trino: NULLS LAST)
};

/// A window frame bound: UNBOUNDED PRECEDING, n PRECEDING, CURRENT ROW, ...
struct FrameBound {
  enum class Kind : uint8_t {
    kUnboundedPreceding,
    kPreceding,
    kCurrentRow,
    kFollowing,
    kUnboundedFollowing
  };
  Kind kind = Kind::kCurrentRow;
  ExprPtr offset;  // for kPreceding / kFollowing
};

/// OVER (...) of a window function, or a named window.
struct WindowSpec {
  std::string base_window;  // OVER (w ORDER BY ...) / OVER w
  std::vector<ExprPtr> partition_by;
  std::vector<SortItem> order_by;
  enum class FrameUnit : uint8_t { kNone, kRows, kRange, kGroups };
  FrameUnit frame_unit = FrameUnit::kNone;
  FrameBound frame_start;
  std::optional<FrameBound> frame_end;
};

/// An expression. `kind` says which members are used.
struct Expr {
  enum class Kind : uint8_t {
    kLiteral,   // literal_kind, text
    kColumn,    // name (a possibly qualified column reference)
    kStar,      // name: qualifier of t.* (empty for *)
    kFunction,  // name, args, distinct, filter, order_by, window, ignore_nulls
    kCast,      // args[0], type, try_cast
    kUnary,     // op ("-", "+", "NOT"), args[0]
    kBinary,    // op ("+", "-", "*", "/", "%", "||", "=", "<>", "<", "<=", ">", ">=", "AND", "OR"),
                // args[0..1]
    kBetween,   // args: value, low, high; negated
    kIn,        // args[0] value, args[1..] list, or subquery; negated
    kLike,      // args: value, pattern[, escape]; negated
    kIsNull,    // args[0]; negated
    kIsDistinctFrom,  // args[0..1]; negated (IS NOT DISTINCT FROM)
    kCase,            // args: [operand] then (when, then)*, [else]; has_operand, has_else
    kSubquery,        // subquery (scalar)
    kExists,          // subquery
    kQuantified,      // op, quantifier ("ALL", "ANY", "SOME"), args[0], subquery
    kExtract,         // text: field (YEAR, MONTH, ...), args[0]
    kAtTimeZone,      // args: value, zone
    kSubscript,       // args: base, index
    kDereference,     // args[0], text: field name
    kArray,           // ARRAY[args]
    kRow,             // ROW(args) or (a, b)
    kInterval,        // text: value string, sign, interval_from/to fields
    kParameter,       // ? (index in `parameter`)
    kLambda,          // lambda_params, args[0] body
    kCurrent,  // text: current_date / current_time / current_timestamp / localtime / localtimestamp
  };
  enum class LiteralKind : uint8_t {
    kNull,
    kBoolean,
    kInteger,
    kDecimal,
    kDouble,
    kString,
    kBinary,
    kTyped,  // kTyped: DATE '...', TIMESTAMP '...'
  };

  Kind kind = Kind::kLiteral;
  Position pos;
  LiteralKind literal_kind = LiteralKind::kNull;
  std::string
      text;  // literal text (unquoted string value; number as written), typed literal value, ...
  std::string op;
  QualifiedName name;
  std::vector<ExprPtr> args;
  bool negated = false;
  bool distinct = false;
  bool try_cast = false;
  bool has_operand = false;
  bool has_else = false;
  bool ignore_nulls = false;
  TypeSyntax type;  // cast target; typed literal type
  std::unique_ptr<Query> subquery;
  std::string quantifier;
  ExprPtr filter;                          // aggregate FILTER (WHERE ...)
  std::vector<SortItem> order_by;          // array_agg(x ORDER BY y)
  std::unique_ptr<WindowSpec> window;      // OVER (...)
  std::string interval_from, interval_to;  // interval '1' DAY TO SECOND
  int parameter = 0;
  std::vector<std::string> lambda_params;
  /// Levels of operators below and including this node (the parser bounds it,
  /// so that no walk over the tree, destruction included, recurses too deep).
  int height = 1;

  Expr();
  ~Expr();
  std::string ToSql() const;
};

/// A column of CREATE TABLE: `name type [NOT NULL] [COMMENT '...']`.
struct ColumnDefinition {
  std::string name;
  TypeSyntax type;
  bool not_null = false;
  std::string comment;
  Position pos;
};

/// An argument of a table function call: positional or `name => value`;
/// `DESCRIPTOR(name type, ...)` (Trino's descriptor) lists columns instead
/// of a value.
struct TableArgument {
  std::string name;  // empty: positional
  ExprPtr value;     // null for a descriptor
  bool is_descriptor = false;
  std::vector<ColumnDefinition> descriptor;  // a field without a type has an empty type name
  Position pos;
};

struct Relation;
using RelationPtr = std::unique_ptr<Relation>;

/// A FROM item.
struct Relation {
  enum class Kind : uint8_t {
    kTable,     // name, version (FOR VERSION/TIMESTAMP AS OF)
    kSubquery,  // subquery
    kJoin,      // join_type, left, right, on / using
    kValues,    // values rows
    kFunction,  // table function call: read_csv('...'), TABLE(f(...)), UNNEST(...)
  };
  enum class JoinType : uint8_t {
    kCross,
    kInner,
    kLeft,
    kRight,
    kFull,
    kImplicit
  };  // kImplicit: a comma join

  Kind kind = Kind::kTable;
  Position pos;
  QualifiedName name;
  std::string alias;
  std::vector<std::string> column_aliases;
  // FOR VERSION AS OF <expr> / FOR TIMESTAMP AS OF <expr>
  enum class Version : uint8_t { kNone, kVersion, kTimestamp };
  Version version = Version::kNone;
  ExprPtr version_expr;
  std::unique_ptr<Query> subquery;
  JoinType join_type = JoinType::kInner;
  RelationPtr left, right;
  ExprPtr on;
  std::vector<std::string> using_columns;
  std::vector<std::vector<ExprPtr>> values;
  std::vector<ExprPtr> function_args;     // kFunction UNNEST: the arrays
  std::vector<TableArgument> table_args;  // other kFunction (name is the function)
  bool with_ordinality = false;

  Relation();
  ~Relation();
  std::string ToSql() const;
};

/// One SELECT item: an expression with an alias, or * / t.*.
struct SelectItem {
  ExprPtr expr;  // a kStar expression for * and t.*
  std::string alias;
};

/// GROUP BY: plain expressions, or GROUPING SETS / ROLLUP / CUBE.
struct GroupingElement {
  enum class Kind : uint8_t { kSimple, kRollup, kCube, kGroupingSets };
  Kind kind = Kind::kSimple;
  std::vector<ExprPtr> exprs;              // kSimple, kRollup, kCube
  std::vector<std::vector<ExprPtr>> sets;  // kGroupingSets
};

/// A SELECT ... FROM ... WHERE ... GROUP BY ... HAVING block.
struct QuerySpec {
  bool distinct = false;
  std::vector<SelectItem> select;
  std::vector<RelationPtr> from;  // comma-separated items (each may be a join tree)
  ExprPtr where;
  bool group_by_distinct = false;
  std::vector<GroupingElement> group_by;
  ExprPtr having;
  std::vector<std::pair<std::string, WindowSpec>> windows;  // WINDOW w AS (...)
};

/// A query body: a SELECT block, VALUES, a parenthesized query, or a set
/// operation of two bodies.
struct QueryBody {
  enum class Kind : uint8_t { kSelect, kValues, kQuery, kSetOperation, kTable };
  Kind kind = Kind::kSelect;
  std::unique_ptr<QuerySpec> select;
  std::vector<std::vector<ExprPtr>> values;
  std::unique_ptr<Query> query;  // kQuery: ( query )
  QualifiedName table;           // kTable: TABLE t
  std::string set_op;            // "UNION", "INTERSECT", "EXCEPT"
  bool set_all = false;          // ALL (default DISTINCT)
  std::unique_ptr<QueryBody> left, right;

  QueryBody();
  ~QueryBody();
  std::string ToSql() const;
};

/// A common table expression of WITH.
struct WithQuery {
  std::string name;
  std::vector<std::string> column_names;
  std::unique_ptr<Query> query;
};

/// A whole query: WITH, body, ORDER BY, OFFSET, LIMIT / FETCH FIRST.
struct Query {
  Position pos;
  bool with_recursive = false;
  std::vector<WithQuery> with;
  std::unique_ptr<QueryBody> body;
  std::vector<SortItem> order_by;
  ExprPtr offset;
  ExprPtr limit;  // LIMIT n / FETCH FIRST n ROWS (null: none; LIMIT ALL is none)
  bool with_ties = false;

  Query();
  ~Query();
  std::string ToSql() const;
};

/// A `name = value` of a WITH (...) property list.
struct Property {
  std::string name;
  ExprPtr value;
  Position pos;
};

/// A statement: a query, EXPLAIN, or one of Trino's DDL, DML and session
/// statements (https://trino.io/docs/current/sql.html).
struct Statement {
  enum class Kind : uint8_t {
    kQuery,
    kExplain,
    kCreateSchema,   // CREATE SCHEMA [IF NOT EXISTS] name [WITH (...)]
    kDropSchema,     // DROP SCHEMA [IF EXISTS] name [CASCADE | RESTRICT]
    kCreateTable,    // CREATE TABLE [IF NOT EXISTS] name (columns) [COMMENT] [WITH (...)]
    kCreateTableAs,  // CREATE TABLE [IF NOT EXISTS] name [(names)] [COMMENT] [WITH] AS query [WITH
                     // [NO] DATA]
    kDropTable,      // DROP TABLE [IF EXISTS] name
    kInsert,         // INSERT INTO name [(columns)] query
    kUse,            // USE [catalog.]schema
    kShowCatalogs,   // SHOW CATALOGS [LIKE pattern]
    kShowSchemas,    // SHOW SCHEMAS [FROM catalog] [LIKE pattern]
    kShowTables,     // SHOW TABLES [FROM schema] [LIKE pattern]
    kShowColumns,    // SHOW COLUMNS FROM table, DESCRIBE table
    kShowCreateTable,  // SHOW CREATE TABLE name
    kShowSession,      // SHOW SESSION [LIKE pattern]
    kShowFunctions,    // SHOW FUNCTIONS [LIKE pattern]
    kSetSession,       // SET SESSION name = value
    kResetSession,     // RESET SESSION name
  };
  Kind kind = Kind::kQuery;
  Position pos;
  std::unique_ptr<Query> query;  // the query, CTAS's or INSERT's source
  bool explain_analyze = false;
  std::string explain_type;  // "LOGICAL", "DISTRIBUTED", "IO", "VALIDATE" or ""
  std::unique_ptr<Statement> explained;

  QualifiedName name;  // the schema, table, session property, or FROM of SHOW
  bool if_exists = false;
  bool if_not_exists = false;
  bool cascade = false;
  bool with_data = true;  // CTAS ... WITH NO DATA: false
  std::vector<ColumnDefinition> columns;
  std::vector<std::string> column_names;  // INSERT's or CTAS's column list
  std::vector<Property> properties;       // WITH (...)
  std::string comment;
  bool has_comment = false;
  ExprPtr value;             // SET SESSION's value
  std::string like_pattern;  // SHOW ... LIKE
  bool has_like = false;

  Statement();
  ~Statement();
  std::string ToSql() const;
};

}  // namespace floe::sql
