#include "differential_runner.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>

#include "columnar/logical_type.h"
#include "columnar/value_format.h"
#include "columnar/vector.h"
#include "common/json.h"
#include "query_generator.h"
#include "sql_test_tables.h"
#include "testing/temp_dir.h"

namespace floe::sql {

namespace {

using columnar::TypeId;

// How the cells of one result column compare.
enum class CellKind : uint8_t {
  kText,    // exactly, as text (varchar, date, boolean)
  kNumber,  // exactly, by value (integers, decimals)
  kApprox,  // by value, within a tolerance (doubles)
};

struct Cell {
  bool null = true;
  std::string text;  // kText: the value; kNumber: canonical decimal text
  double value = 0;  // kNumber, kApprox
};

using Row = std::vector<Cell>;

struct ColumnRule {
  CellKind kind = CellKind::kText;
  double tolerance = 0;  // kApprox: absolute part of the tolerance
};

struct Outcome {
  bool ok = false;
  std::string error;
  std::vector<std::string> types;
  std::vector<std::vector<std::optional<std::string>>> rows;  // cells as text, nullopt = NULL
};

// "0012.3400" -> "12.34", "-0.00" -> "0", "5" -> "5". Returns false for
// text that is not a plain decimal number (exponents, NaN).
bool CanonicalNumber(const std::string& in, std::string* out) {
  size_t i = 0;
  bool negative = false;
  if (i < in.size() && (in[i] == '-' || in[i] == '+')) negative = in[i++] == '-';
  std::string whole, fraction;
  while (i < in.size() && std::isdigit(static_cast<unsigned char>(in[i]))) whole.push_back(in[i++]);
  if (i < in.size() && in[i] == '.') {
    ++i;
    while (i < in.size() && std::isdigit(static_cast<unsigned char>(in[i]))) {
      fraction.push_back(in[i++]);
    }
  }
  if (i != in.size() || (whole.empty() && fraction.empty())) return false;
  whole.erase(0, std::min(whole.find_first_not_of('0'), whole.size()));
  while (!fraction.empty() && fraction.back() == '0') fraction.pop_back();
  if (whole.empty()) whole = "0";
  std::string s = whole + (fraction.empty() ? "" : "." + fraction);
  *out = (negative && s != "0" ? "-" : "") + s;
  return true;
}

bool DuckTypeIsFloating(const std::string& t) { return t == "DOUBLE" || t == "FLOAT"; }

std::vector<ColumnRule> Rules(const std::vector<columnar::LogicalType>& types) {
  std::vector<ColumnRule> rules;
  for (const auto& t : types) {
    ColumnRule r;
    switch (t.id()) {
      case TypeId::kTinyInt:
      case TypeId::kSmallInt:
      case TypeId::kInteger:
      case TypeId::kBigInt:
        r.kind = CellKind::kNumber;
        break;
      case TypeId::kDecimal:
        r.kind = CellKind::kNumber;
        // Used when DuckDB's side is a double (avg of decimals): within half
        // a unit of floe's last decimal place.
        r.tolerance = 0.5 * std::pow(10.0, -t.scale()) + 1e-9;
        break;
      case TypeId::kReal:
      case TypeId::kDouble:
        r.kind = CellKind::kApprox;
        r.tolerance = 1e-6;
        break;
      default:
        r.kind = CellKind::kText;
        break;
    }
    rules.push_back(r);
  }
  return rules;
}

Cell MakeCell(const std::optional<std::string>& text, const ColumnRule& rule, bool floating_peer) {
  Cell c;
  if (!text.has_value()) return c;
  c.null = false;
  c.text = *text;
  if (rule.kind == CellKind::kText) return c;
  c.value = std::strtod(text->c_str(), nullptr);
  if (rule.kind == CellKind::kNumber && !floating_peer) {
    std::string canonical;
    if (CanonicalNumber(*text, &canonical)) c.text = canonical;
  }
  return c;
}

bool Close(double a, double b, double abs_tol) {
  if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
  if (std::isinf(a) || std::isinf(b)) return a == b;
  return std::fabs(a - b) <= abs_tol + 1e-9 * std::max(std::fabs(a), std::fabs(b));
}

// Whether two cells hold the same value; `approx`: compare by value within
// `tol` (doubles, or a decimal against DuckDB's double).
bool SameCell(const Cell& a, const Cell& b, bool approx, double tol) {
  if (a.null || b.null) return a.null == b.null;
  if (approx) return Close(a.value, b.value, tol);
  return a.text == b.text;
}

// Orders rows by their exact cells (NULLs first, then by text).
bool ExactLess(const Row& a, const Row& b, const std::vector<bool>& approx) {
  for (size_t i = 0; i < a.size(); ++i) {
    if (approx[i]) continue;
    if (a[i].null != b[i].null) return a[i].null;
    if (!a[i].null && a[i].text != b[i].text) return a[i].text < b[i].text;
  }
  return false;
}

// A total order on rows for sorting both sides the same way: the exact
// cells first, then the approximate ones by value (NULLs first). Rounding
// is monotonic, so rows keep their order when one side rounds (floe's
// decimals against DuckDB's doubles) as long as one approximate column
// decides it.
bool RowLess(const Row& a, const Row& b, const std::vector<bool>& approx) {
  if (ExactLess(a, b, approx)) return true;
  if (ExactLess(b, a, approx)) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (!approx[i]) continue;
    if (a[i].null != b[i].null) return a[i].null;
    if (!a[i].null && a[i].value != b[i].value) return a[i].value < b[i].value;
  }
  return false;
}

std::string RowText(const Row& r) {
  std::string s;
  for (size_t i = 0; i < r.size(); ++i) s += (i ? " | " : "") + (r[i].null ? "NULL" : r[i].text);
  return s;
}

std::string RowsText(const std::vector<Row>& rows, size_t limit = 20) {
  std::string s;
  for (size_t i = 0; i < rows.size() && i < limit; ++i) s += "    " + RowText(rows[i]) + "\n";
  if (rows.size() > limit) s += "    ... " + std::to_string(rows.size() - limit) + " more\n";
  return s;
}

// An error of the data (overflow, a value out of range, a failed cast):
// when both engines fail with one, they agree.
bool IsDataError(const std::string& message) {
  for (const char* w : {"overflow", "Overflow", "out of range", "Out of Range", "Cannot cast",
                        "Conversion Error"}) {
    if (message.find(w) != std::string::npos) return true;
  }
  return false;
}

std::string Quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out.push_back(c);
    }
  }
  return out + "'";
}

// Compares floe's outcome with DuckDB's; empty when they agree, else what differs.
std::string Compare(const Outcome& floe_out, const std::vector<columnar::LogicalType>& floe_types,
                    const Outcome& duck, bool ordered, int64_t* expected_errors) {
  if (!floe_out.ok || !duck.ok) {
    if (!floe_out.ok && floe_out.error.find("Division by zero") != std::string::npos) {
      ++*expected_errors;
      return "";
    }
    if (!floe_out.ok && !duck.ok && IsDataError(floe_out.error) && IsDataError(duck.error))
      return "";
    return "floe: " + (floe_out.ok ? "ok" : "error: " + floe_out.error) +
           "\nduckdb: " + (duck.ok ? "ok" : "error: " + duck.error) + "\n";
  }
  if (floe_types.size() != duck.types.size()) {
    return "column count: floe " + std::to_string(floe_types.size()) + ", duckdb " +
           std::to_string(duck.types.size()) + "\n";
  }
  const std::vector<ColumnRule> rules = Rules(floe_types);
  std::vector<bool> approx(rules.size());
  std::vector<double> tol(rules.size());
  for (size_t i = 0; i < rules.size(); ++i) {
    const bool floating_peer = DuckTypeIsFloating(duck.types[i]);
    approx[i] =
        rules[i].kind == CellKind::kApprox || (rules[i].kind == CellKind::kNumber && floating_peer);
    tol[i] = rules[i].kind == CellKind::kApprox ? rules[i].tolerance
             : floating_peer                    ? std::max(rules[i].tolerance, 1e-9)
                                                : 0;
  }
  auto rows_of = [&](const Outcome& o) {
    std::vector<Row> rows;
    for (const auto& r : o.rows) {
      Row row;
      for (size_t i = 0; i < r.size() && i < rules.size(); ++i) {
        row.push_back(MakeCell(r[i], rules[i], approx[i]));
      }
      rows.push_back(std::move(row));
    }
    return rows;
  };
  std::vector<Row> a = rows_of(floe_out), b = rows_of(duck);
  std::string header = "types: floe";
  for (const auto& t : floe_types) header += " " + t.ToString();
  header += "; duckdb";
  for (const auto& t : duck.types) header += " " + t;
  header += "\n";
  auto report = [&](const std::string& what) {
    return what + header + "  floe (" + std::to_string(a.size()) + " rows):\n" + RowsText(a) +
           "  duckdb (" + std::to_string(b.size()) + " rows):\n" + RowsText(b);
  };
  if (a.size() != b.size()) return report("row count differs\n");
  auto same_row = [&](const Row& x, const Row& y) {
    for (size_t i = 0; i < x.size(); ++i) {
      if (!SameCell(x[i], y[i], approx[i], tol[i])) return false;
    }
    return true;
  };
  if (!ordered) {
    auto less = [&](const Row& x, const Row& y) { return RowLess(x, y, approx); };
    std::sort(a.begin(), a.end(), less);
    std::sort(b.begin(), b.end(), less);
  }
  size_t first_diff = a.size();
  for (size_t i = 0; i < a.size(); ++i) {
    if (!same_row(a[i], b[i])) {
      first_diff = i;
      break;
    }
  }
  if (first_diff == a.size()) return "";
  if (!ordered) {
    // Near-equal values can sort differently on the two sides when several
    // approximate columns decide the order: within each run of rows with
    // the same exact cells, match rows greedily before calling it a difference.
    bool all = true;
    for (size_t begin = 0; begin < a.size() && all;) {
      size_t end = begin + 1;
      while (end < a.size() && !ExactLess(a[begin], a[end], approx)) ++end;
      if (end - begin > 5000) {
        all = false;
        break;
      }
      std::vector<bool> used(end - begin);
      for (size_t i = begin; i < end && all; ++i) {
        bool found = false;
        for (size_t j = begin; j < end; ++j) {
          if (!used[j - begin] && same_row(a[i], b[j])) {
            used[j - begin] = found = true;
            break;
          }
        }
        all = found;
      }
      begin = end;
    }
    if (all) return "";
  }
  return report("row " + std::to_string(first_diff) + " differs: floe " + RowText(a[first_diff]) +
                "; duckdb " + RowText(b[first_diff]) + "\n");
}

Outcome RunInFloe(TestWarehouse* warehouse, const std::string& sql, int threads,
                  std::vector<columnar::LogicalType>* types) {
  Outcome o;
  types->clear();
  Result<QueryResult> result = warehouse->Run(sql, threads);
  if (!result.ok()) {
    o.error = result.status().ToString();
    return o;
  }
  o.ok = true;
  *types = result->types;
  for (const auto& chunk : result->chunks) {
    for (int64_t r = 0; r < chunk.size; ++r) {
      std::vector<std::optional<std::string>> row;
      for (const auto& v : chunk.columns) {
        if (v->IsNull(r)) {
          row.push_back(std::nullopt);
        } else {
          std::string cell;
          columnar::AppendValueText(*v, r, &cell);
          row.push_back(std::move(cell));
        }
      }
      o.rows.push_back(std::move(row));
    }
  }
  return o;
}

// Runs `queries` in DuckDB over the tables' Parquet files, one process.
Result<std::vector<Outcome>> RunInDuckDB(
    const DifferentialOptions& options,
    const std::vector<std::pair<std::string, std::string>>& tables,
    const std::vector<std::string>& queries, const std::string& dir) {
  json::Value input = json::Value::Object();
  json::Value ts = json::Value::Array();
  for (const auto& [name, location] : tables) {
    json::Value t = json::Value::Object();
    t.Set("name", json::Value::String(name));
    t.Set("glob", json::Value::String(location + "/data/**/*.parquet"));
    ts.Append(std::move(t));
  }
  input.Set("tables", std::move(ts));
  json::Value qs = json::Value::Array();
  for (const auto& q : queries) qs.Append(json::Value::String(q));
  input.Set("queries", std::move(qs));
  const std::string in_path = dir + "/duckdb_in.json";
  const std::string out_path = dir + "/duckdb_out.json";
  floe::testing::WriteFileOrDie(in_path, json::Serialize(input));
  std::filesystem::remove(out_path);
  std::string output;
  const int rc = floe::testing::RunCommand("cd " + Quote(options.interop_dir) +
                                               " && node sql/duckdb_queries.mjs " + Quote(in_path) +
                                               " " + Quote(out_path) + " 2>&1",
                                           &output);
  if (rc != 0 || !std::filesystem::exists(out_path)) {
    return Status::IOError("DuckDB (node ", options.interop_dir,
                           "/sql/duckdb_queries.mjs) failed with exit code ", rc, ": ", output,
                           " (are the npm packages installed? run scripts/install-deps.sh)");
  }
  FLOE_ASSIGN_OR_RETURN(json::Value results, json::Parse(floe::testing::ReadFileOrDie(out_path)));
  if (!results.is_array() || results.items().size() != queries.size()) {
    return Status::Corruption(out_path, ": expected an array of ", queries.size(), " results");
  }
  std::vector<Outcome> outcomes;
  for (const json::Value& r : results.items()) {
    Outcome o;
    if (const json::Value* e = r.Find("error")) {
      o.error = e->is_string() ? e->AsString() : "?";
    } else {
      o.ok = true;
      if (const json::Value* t = r.Find("types"); t != nullptr && t->is_array()) {
        for (const auto& x : t->items()) o.types.push_back(x.is_string() ? x.AsString() : "?");
      }
      if (const json::Value* rows = r.Find("rows"); rows != nullptr && rows->is_array()) {
        for (const auto& row : rows->items()) {
          std::vector<std::optional<std::string>> cells;
          for (const auto& c : row.items()) {
            if (c.is_null()) {
              cells.push_back(std::nullopt);
            } else {
              cells.push_back(c.is_string() ? c.AsString() : json::Serialize(c));
            }
          }
          o.rows.push_back(std::move(cells));
        }
      }
    }
    outcomes.push_back(std::move(o));
  }
  return outcomes;
}

uint64_t Mix(uint64_t seed, uint64_t batch) {
  uint64_t x = seed * 0x9E3779B97F4A7C15ull + batch + 1;
  x ^= x >> 31;
  x *= 0xBF58476D1CE4E5B9ull;
  return x ^ (x >> 29);
}

}  // namespace

Result<DifferentialReport> RunDifferential(const DifferentialOptions& options) {
  DifferentialReport report;
  std::unique_ptr<floe::testing::TempDir> temp;
  std::string root = options.work_dir;
  if (root.empty()) {
    temp = std::make_unique<floe::testing::TempDir>();
    root = temp->path();
  }
  std::ostream* log = options.log;
  const bool single = !options.floe_sql.empty();
  const int64_t total = single ? 1 : options.queries;
  const int64_t batch_size = std::max<int64_t>(1, options.batch);
  for (int64_t batch = 0; batch * batch_size < total; ++batch) {
    const int64_t n = std::min(batch_size, total - batch * batch_size);
    const std::string dir = root + "/batch" + std::to_string(batch);
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    FLOE_ASSIGN_OR_RETURN(auto warehouse, TestWarehouse::Make(dir));
    // A single query (--sql) runs over the data of batch --data-batch.
    const uint64_t data_seed =
        Mix(options.seed, single && options.data_batch >= 0 ? options.data_batch : batch);
    std::vector<DiffTable> tables = DifferentialTables(options.rows);
    std::vector<std::pair<std::string, std::string>> locations;
    for (const DiffTable& t : tables) {
      FLOE_RETURN_NOT_OK(warehouse->Load(t.name, t.partition, TableRowsSql(t, data_seed))
                             .WithContext("loading table " + t.name));
      FLOE_ASSIGN_OR_RETURN(std::string location, warehouse->TableLocation(t.name));
      if (location.rfind("file://", 0) == 0) location = location.substr(7);
      locations.push_back({t.name, location});
    }
    QueryGenerator generator(Mix(options.seed ^ 0x5bd1e995ull, batch), tables);
    std::vector<GeneratedQuery> queries;
    for (int64_t i = 0; i < n; ++i) {
      if (single) {
        GeneratedQuery q;
        q.floe_sql = options.floe_sql;
        q.duckdb_sql = options.duckdb_sql.empty() ? options.floe_sql : options.duckdb_sql;
        queries.push_back(q);
      } else {
        queries.push_back(generator.Next());
      }
    }
    std::vector<Outcome> floe_outcomes;
    std::vector<std::vector<columnar::LogicalType>> floe_types(n);
    for (int64_t i = 0; i < n; ++i) {
      floe_outcomes.push_back(
          RunInFloe(warehouse.get(), queries[i].floe_sql, options.threads, &floe_types[i]));
      if (options.verbose && log) {
        const Outcome& o = floe_outcomes.back();
        *log << "[" << batch << ":" << i << "] " << queries[i].floe_sql << "\n  -> "
             << (o.ok ? std::to_string(o.rows.size()) + " rows" : o.error) << "\n";
      }
    }
    std::vector<std::string> duck_sql;
    for (const auto& q : queries) duck_sql.push_back(q.duckdb_sql);
    FLOE_ASSIGN_OR_RETURN(std::vector<Outcome> duck_outcomes,
                          RunInDuckDB(options, locations, duck_sql, dir));
    for (int64_t i = 0; i < n; ++i) {
      ++report.queries;
      report.floe_rows += static_cast<int64_t>(floe_outcomes[i].rows.size());
      std::string diff = Compare(floe_outcomes[i], floe_types[i], duck_outcomes[i],
                                 queries[i].ordered, &report.expected_errors);
      if (diff.empty()) {
        ++report.matched;
        continue;
      }
      std::string m =
          "MISMATCH seed " + std::to_string(options.seed) + " batch " + std::to_string(batch) +
          " query " + std::to_string(i) + " (--rows " + std::to_string(options.rows) + " --batch " +
          std::to_string(batch_size) + " --data-batch " + std::to_string(batch) + ")" +
          (queries[i].ordered ? " ordered" : "") + "\n  floe:   " + queries[i].floe_sql +
          "\n  duckdb: " + queries[i].duckdb_sql + "\n" + diff;
      if (log) *log << m << "\n";
      report.mismatches.push_back(std::move(m));
    }
    if (log) {
      *log << "batch " << batch << ": " << report.queries << " queries, "
           << report.mismatches.size() << " mismatches" << std::endl;
    }
  }
  return report;
}

}  // namespace floe::sql
