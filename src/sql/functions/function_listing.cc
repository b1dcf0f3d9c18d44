// SHOW FUNCTIONS: the named functions with their signatures, from the
// function tables (each entry lists its signatures as "f(bigint), f(double)").

#include <algorithm>

#include "sql/functions/aggregate_function.h"
#include "sql/functions/function_registry.h"
#include "sql/functions/nested_internal.h"
#include "sql/functions/scalar_function.h"

namespace floe::sql {

namespace {

// Splits `text` at the commas outside parentheses, trimmed.
std::vector<std::string> SplitTopLevel(std::string_view text) {
  std::vector<std::string> out;
  int depth = 0;
  std::string cur;
  for (char c : text) {
    if (c == '(' || c == '[') ++depth;
    if (c == ')' || c == ']') --depth;
    if (c == ',' && depth == 0) {
      out.push_back(cur);
      cur.clear();
      continue;
    }
    if (c == ' ' && cur.empty()) continue;
    cur += c;
  }
  while (!cur.empty() && cur.back() == ' ') cur.pop_back();
  if (!cur.empty()) out.push_back(cur);
  return out;
}

// A type spelled as a plain name ("bigint", "varchar", "date"); nullopt
// for generic or parameterized ones (array(T), decimal(p, s)).
std::optional<LogicalType> PlainType(const std::string& name) {
  if (name.find_first_of("( ") != std::string::npos || name.empty()) return std::nullopt;
  TypeSyntax syntax;
  syntax.name = name;
  auto t = ResolveType(syntax);
  if (!t.ok()) return std::nullopt;
  return *t;
}

void AddScalar(const functions::FunctionEntry& f, std::vector<FunctionListing>* out) {
  if (f.name.empty() || f.name[0] == '$' || f.name == "subscript") return;  // operators
  bool listed = false;
  for (const std::string& signature : SplitTopLevel(f.expected)) {
    const size_t open = signature.find('(');
    if (open == std::string::npos || signature.back() != ')' ||
        signature.compare(0, open, f.name) != 0) {
      continue;
    }
    FunctionListing row;
    row.name = std::string(f.name);
    row.function_type = "scalar";
    const std::string args = signature.substr(open + 1, signature.size() - open - 2);
    row.argument_types = args;
    // The return type where every argument type is concrete.
    std::vector<LogicalType> types;
    bool concrete = true;
    for (const std::string& a : SplitTopLevel(args)) {
      auto t = PlainType(a);
      if (!t) {
        concrete = false;
        break;
      }
      types.push_back(*t);
    }
    if (concrete) {
      auto bound = ResolveFunction(f.name, types);
      if (bound.ok()) row.return_type = TypeName(bound->result_type);
    }
    out->push_back(std::move(row));
    listed = true;
  }
  if (!listed) out->push_back({std::string(f.name), "", "", "scalar"});
}

}  // namespace

std::vector<FunctionListing> ListFunctions() {
  std::vector<FunctionListing> out;
  for (auto table : {functions::MathFunctions(), functions::StringFunctions(),
                     functions::DateTimeFunctions(), functions::NestedFunctions()}) {
    for (const auto& f : table) AddScalar(f, &out);
  }
  for (std::string_view name : AggregateFunctionNames())
    out.push_back({std::string(name), "", "", "aggregate"});
  for (std::string_view name : WindowFunctionNames())
    out.push_back({std::string(name), "", "", "window"});
  std::stable_sort(out.begin(), out.end(), [](const FunctionListing& a, const FunctionListing& b) {
    return a.name < b.name;
  });
  return out;
}

}  // namespace floe::sql
