#pragma once

// Random SQL queries for differential testing of floe against DuckDB: each
// query is generated in both dialects at once (Trino's for floe, DuckDB's
// for the peer), so that where the two engines' semantics differ the DuckDB
// text asks for what Trino means. The differences handled are listed in
// differential_runner.h.

#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <vector>

namespace floe::sql {

/// The column types the generator uses (as Trino names them: bigint,
/// integer, double, decimal(12,2), decimal(30,4), varchar, date, boolean).
enum class DiffType : uint8_t {
  kBigint,
  kInteger,
  kDouble,
  kDecimal,      // decimal(12,2): 64-bit
  kWideDecimal,  // decimal(30,4): 128-bit
  kVarchar,
  kDate,
  kBoolean
};

/// The SQL name of `t` (the same in both dialects).
const char* DiffTypeName(DiffType t);

struct DiffColumn {
  std::string name;
  DiffType type;
};

/// A table the queries read: its columns, the column it is partitioned by
/// (empty: none) and how many rows it gets.
struct DiffTable {
  std::string name;
  std::vector<DiffColumn> columns;
  std::string partition;
  int64_t rows = 0;
};

/// The tables of one differential run, `rows` rows in the largest: t1 (every
/// type; skewed bigint keys), t2 (joins t1 on t1.a = t2.k; partitioned by its
/// varchar) and t3 (a small dimension keyed by k3).
std::vector<DiffTable> DifferentialTables(int64_t rows);

/// A floe statement creating the rows of `table` from `seed`: the same seed
/// gives the same rows. Values are skewed (a few hot keys), with 1-20% NULLs
/// per column.
std::string TableRowsSql(const DiffTable& table, uint64_t seed);

/// One generated query in both dialects.
struct GeneratedQuery {
  std::string floe_sql;
  std::string duckdb_sql;
  /// The query has an ORDER BY over all its output columns, none of them
  /// computed inexactly: rows compare in order. Otherwise as multisets.
  bool ordered = false;
};

/// Generates queries over `tables` from a seed; the same seed gives the same
/// sequence. Queries use only what floe supports (see the .cc for the
/// grammar). Not thread-safe.
class QueryGenerator {
 public:
  QueryGenerator(uint64_t seed, std::vector<DiffTable> tables);
  GeneratedQuery Next();

  /// A generated piece of SQL in both dialects and what it computes.
  struct Expr {
    std::string floe;
    std::string duck;
    DiffType type = DiffType::kBigint;
    bool inexact = false;  // may differ in the last bits between engines (double sums)
  };
  /// A relation in scope: the alias columns are qualified with.
  struct Relation {
    std::string alias;
    const DiffTable* table;
  };
  using Scope = std::vector<Relation>;

 private:
  uint64_t Uniform(uint64_t n) { return rng_() % n; }
  bool Chance(int percent) { return static_cast<int>(Uniform(100)) < percent; }
  template <typename T>
  const T& Pick(const std::vector<T>& v) {
    return v[Uniform(v.size())];
  }

  Expr Literal(DiffType t);
  Expr Column(const Scope& scope, DiffType t, bool* found);
  Expr Scalar(const Scope& scope, DiffType t, int depth);
  /// A column of type `t` mostly, else Scalar().
  Expr Operand(const Scope& scope, DiffType t, int depth);
  Expr Integral(const Scope& scope, DiffType t, int depth);
  Expr Predicate(const Scope& scope, int depth);
  Expr Comparison(const Scope& scope, int depth);
  Expr Aggregate(const Scope& scope, DiffType* type);
  Expr AggregatePredicate(const Scope& scope);
  Expr SubqueryPredicate(const Scope& scope);
  std::string Alias();

  /// Appends ORDER BY over all `columns` output columns [and LIMIT/OFFSET].
  void AppendOrderBy(size_t columns, bool limit, std::string* floe, std::string* duck);
  GeneratedQuery Finish(const std::vector<Expr>& outputs, std::string floe, std::string duck,
                        bool allow_limit);
  GeneratedQuery SelectQuery();
  GeneratedQuery AggregateQuery();
  GeneratedQuery SetOperationQuery();
  GeneratedQuery DerivedTableQuery();

  /// A FROM clause over 1-3 tables (joins of every kind), its relations
  /// added to `scope`. A comma join ends in its WHERE condition (`has_where`).
  struct FromClause {
    std::string floe;
    std::string duck;
    bool has_where = false;
  };
  FromClause From(Scope* scope);

  std::mt19937_64 rng_;
  std::vector<DiffTable> tables_;
  std::vector<std::unique_ptr<DiffTable>> derived_;  // tables of derived queries in scope
  int alias_counter_ = 0;
  int subquery_depth_ = 0;
};

}  // namespace floe::sql
