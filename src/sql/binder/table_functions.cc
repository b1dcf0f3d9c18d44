#include "sql/binder/table_functions.h"

#include <algorithm>
#include <cmath>

#include "columnar/string_view.h"
#include "common/str_cat.h"
#include "formats/parquet/file_reader.h"
#include "formats/text/file_glob.h"
#include "io/file_io.h"
#include "sql/binder/expression_binder.h"
#include "sql/binder/query_binder.h"
#include "sql/exec/expression_executor.h"
#include "sql/exec/file_scan.h"
#include "sql/types.h"

namespace floe::sql {

namespace {

namespace csv = formats::csv;
namespace json = formats::json;

// One argument as given: its constant value, or a descriptor's columns.
struct Argument {
  std::string name;  // lower case; "" positional
  std::shared_ptr<columnar::Vector> value;
  const TableArgument* syntax = nullptr;
};

class TableFunctionBinder {
 public:
  TableFunctionBinder(const Relation& call, TableResolver* resolver)
      : call_(call), resolver_(resolver), function_(AsciiLower(call.name.parts.back())) {}

  Result<LogicalOpPtr> Bind() {
    FLOE_RETURN_NOT_OK(EvaluateArguments());
    auto spec = std::make_shared<FileScanSpec>();
    spec->function = function_;
    spec->format = function_ == "read_csv"    ? FileFormat::kCsv
                   : function_ == "read_json" ? FileFormat::kJson
                                              : FileFormat::kParquet;
    FLOE_ASSIGN_OR_RETURN(std::vector<std::string> patterns, Paths());
    FLOE_ASSIGN_OR_RETURN(spec->io, resolver_->ExternalFileIO(patterns[0]));
    FLOE_ASSIGN_OR_RETURN(spec->files, formats::text::ExpandFilePatterns(spec->io.get(), patterns));
    for (const auto& f : spec->files) {
      auto input = spec->io->OpenInput(f);
      if (!input.ok()) return Prefixed(input.status());
      FLOE_ASSIGN_OR_RETURN(int64_t size, (*input)->Size());
      spec->file_sizes.push_back(size);
    }
    FLOE_RETURN_NOT_OK(RejectOptions(spec.get()));
    switch (spec->format) {
      case FileFormat::kCsv:
        FLOE_RETURN_NOT_OK(BindCsv(spec.get()));
        break;
      case FileFormat::kJson:
        FLOE_RETURN_NOT_OK(BindJson(spec.get()));
        break;
      case FileFormat::kParquet:
        FLOE_RETURN_NOT_OK(BindParquet(spec.get()));
        break;
    }
    for (const auto& a : args_) {
      if (!used_[&a - args_.data()]) {
        return Status::Invalid(function_, ": unknown argument '", a.name, "'", Suggestion(a.name));
      }
    }
    auto op = MakeOp(LogicalOp::Kind::kFileScan);
    for (size_t c = 0; c < spec->names.size(); ++c) {
      op->columns.push_back({spec->names[c], spec->types[c]});
      op->field_ids.push_back(static_cast<int32_t>(c));
    }
    op->file_scan = std::move(spec);
    return op;
  }

 private:
  // ---- arguments ----
  Status EvaluateArguments() {
    ExpressionExecutor executor(MemoryPool::Default());
    columnar::Chunk one;
    one.size = 1;
    bool named = false;
    for (const TableArgument& a : call_.table_args) {
      Argument arg;
      arg.name = AsciiLower(a.name);
      arg.syntax = &a;
      if (arg.name.empty() && named) {
        return Status::Invalid(Where(a.pos), function_,
                               ": a positional argument cannot follow named ones");
      }
      named |= !arg.name.empty();
      for (const auto& other : args_) {
        if (!arg.name.empty() && other.name == arg.name) {
          return Status::Invalid(Where(a.pos), function_, ": argument '", arg.name,
                                 "' is given twice");
        }
      }
      if (!a.is_descriptor) {
        FLOE_ASSIGN_OR_RETURN(BoundExprPtr e, BindExpression(*a.value, Scope{}));
        auto v = executor.Evaluate(*e, one);
        if (!v.ok()) return Status::Invalid(Where(a.pos), function_, ": ", v.status().message());
        arg.value = *v;
      }
      args_.push_back(std::move(arg));
    }
    used_.assign(args_.size(), false);
    // The path may be given by name too.
    if (args_.empty() || !args_[0].name.empty()) {
      for (size_t i = 0; i < args_.size(); ++i) {
        if (args_[i].name == "path" || args_[i].name == "paths") {
          std::rotate(args_.begin(), args_.begin() + static_cast<long>(i),
                      args_.begin() + static_cast<long>(i) + 1);
          args_[0].name.clear();
          break;
        }
      }
    }
    return Status::OK();
  }

  static std::string Where(const Position& p) {
    return StrCat("line ", p.line, ":", p.column, ": ");
  }

  std::string Suggestion(const std::string& name) const {
    static const char* kKnown[] = {
        "header",      "delim",           "delimiter",        "sep",           "quote",
        "escape",      "nullstr",         "null_string",      "skip",          "dateformat",
        "date_format", "timestampformat", "timestamp_format", "columns",       "types",
        "sample_size", "ignore_errors",   "store_rejects",    "rejects_table", "rejects_limit",
        "format",      "split_bytes"};
    std::string best;
    int best_distance = 3;
    for (const char* k : kKnown) {
      const int d = EditDistance(name, k);
      if (d < best_distance) {
        best_distance = d;
        best = k;
      }
    }
    return best.empty() ? "" : StrCat(". Did you mean '", best, "'?");
  }

  const Argument* Find(std::string_view name) {
    for (size_t i = 0; i < args_.size(); ++i) {
      if (args_[i].name == name) {
        used_[i] = true;
        return &args_[i];
      }
    }
    return nullptr;
  }

  Status Wrong(const Argument& a, std::string_view expected) const {
    return Status::Invalid(Where(a.syntax->pos), function_, ": argument '", a.name, "' takes ",
                           expected);
  }

  Result<std::optional<std::string>> String(std::string_view name) {
    const Argument* a = Find(name);
    if (a == nullptr) return std::optional<std::string>();
    FLOE_ASSIGN_OR_RETURN(std::string value, StringOf(*a));
    return std::optional<std::string>(std::move(value));
  }

  Result<std::string> StringOf(const Argument& arg) {
    const Argument* a = &arg;
    if (a->value == nullptr || a->value->type().id() != columnar::TypeId::kVarchar ||
        a->value->IsNull(0)) {
      return Wrong(*a, "a string");
    }
    const auto& s = a->value->data<columnar::StringView>()[a->value->ValueIndex(0)];
    return std::string(s.data(), s.size());
  }

  Result<std::optional<bool>> Bool(std::string_view name) {
    const Argument* a = Find(name);
    if (a == nullptr) return std::optional<bool>();
    if (a->value == nullptr || a->value->type().id() != columnar::TypeId::kBoolean ||
        a->value->IsNull(0)) {
      return Wrong(*a, "true or false");
    }
    return std::optional<bool>(a->value->data<uint8_t>()[a->value->ValueIndex(0)] != 0);
  }

  Result<std::optional<int64_t>> Integer(std::string_view name) {
    const Argument* a = Find(name);
    if (a == nullptr) return std::optional<int64_t>();
    if (a->value != nullptr && !a->value->IsNull(0)) {
      const int64_t i = a->value->ValueIndex(0);
      switch (a->value->type().id()) {
        case columnar::TypeId::kBigInt:
          return std::optional<int64_t>(a->value->data<int64_t>()[i]);
        case columnar::TypeId::kInteger:
          return std::optional<int64_t>(a->value->data<int32_t>()[i]);
        default:
          break;
      }
    }
    return Wrong(*a, "an integer");
  }

  // A single character (or none: '').
  Result<std::optional<char>> Char(std::string_view name, bool allow_empty) {
    const Argument* a = Find(name);
    if (a == nullptr) return std::optional<char>();
    FLOE_ASSIGN_OR_RETURN(std::string s, StringOf(*a));
    if (s.size() == 1) return std::optional<char>(s[0]);
    if (s.empty() && allow_empty) return std::optional<char>('\0');
    return Wrong(*a, allow_empty ? "one character or ''" : "one character");
  }

  // The first argument (positional): a path or an array of paths.
  Result<std::vector<std::string>> Paths() {
    if (args_.empty() || !args_[0].name.empty()) {
      return Status::Invalid(function_,
                             ": the first argument must be the path to read (a "
                             "string or an array of strings)");
    }
    used_[0] = true;
    const Argument& a = args_[0];
    std::vector<std::string> out;
    auto bad = [&] {
      return Status::Invalid(Where(a.syntax->pos), function_,
                             ": the path must be a string or an array of strings");
    };
    if (a.value == nullptr || a.value->IsNull(0)) return bad();
    const int64_t i = a.value->ValueIndex(0);
    if (a.value->type().id() == columnar::TypeId::kVarchar) {
      const auto& s = a.value->data<columnar::StringView>()[i];
      out.emplace_back(s.data(), s.size());
    } else if (a.value->type().id() == columnar::TypeId::kList &&
               a.value->type().element().id() == columnar::TypeId::kVarchar) {
      const columnar::ListEntry e = a.value->list_entries()[i];
      const auto& elements = *a.value->children()[0];
      for (uint32_t k = 0; k < e.length; ++k) {
        const int64_t j = elements.ValueIndex(e.offset + k);
        if (elements.IsNull(e.offset + k)) return bad();
        const auto& s = elements.data<columnar::StringView>()[j];
        out.emplace_back(s.data(), s.size());
      }
    } else {
      return bad();
    }
    if (out.empty()) return Status::Invalid(Where(a.syntax->pos), function_, ": no path given");
    for (size_t k = 1; k < args_.size(); ++k) {
      if (args_[k].name.empty()) {
        return Status::Invalid(Where(args_[k].syntax->pos), function_,
                               " takes one positional argument (the path); name the others "
                               "(header => true)");
      }
    }
    return out;
  }

  // `columns => DESCRIPTOR(a bigint, ...)`: names and types.
  Result<std::optional<std::vector<std::pair<std::string, LogicalType>>>> Descriptor(
      std::string_view name) {
    using Columns = std::vector<std::pair<std::string, LogicalType>>;
    const Argument* a = Find(name);
    if (a == nullptr) return std::optional<Columns>();
    if (!a->syntax->is_descriptor) {
      return Wrong(*a, "DESCRIPTOR(name type, ...)");
    }
    Columns out;
    for (const ColumnDefinition& c : a->syntax->descriptor) {
      if (c.type.name.empty()) {
        return Status::Invalid(Where(c.pos), function_, ": column '", c.name, "' of '", a->name,
                               "' needs a type");
      }
      auto t = ResolveType(c.type);
      if (!t.ok()) return Status::Invalid(Where(c.pos), t.status().message());
      for (const auto& [n, _] : out) {
        if (AsciiLower(n) == AsciiLower(c.name)) {
          return Status::Invalid(Where(c.pos), function_, ": column '", c.name,
                                 "' is listed twice");
        }
      }
      out.emplace_back(c.name, *t);
    }
    return std::optional<Columns>(std::move(out));
  }

  // ---- options ----
  Status RejectOptions(FileScanSpec* spec) {
    FLOE_ASSIGN_OR_RETURN(auto ignore, Bool("ignore_errors"));
    FLOE_ASSIGN_OR_RETURN(auto store, Bool("store_rejects"));
    FLOE_ASSIGN_OR_RETURN(auto table, String("rejects_table"));
    FLOE_ASSIGN_OR_RETURN(auto limit, Integer("rejects_limit"));
    spec->ignore_errors = ignore.value_or(false);
    if (table) {
      if (table->empty()) return Status::Invalid(function_, ": rejects_table must name a table");
      spec->rejects_table = *table;
    } else if (store.value_or(false)) {
      spec->rejects_table = "reject_errors";  // DuckDB's name for it
    }
    if (limit) {
      if (*limit <= 0) return Status::Invalid(function_, ": rejects_limit must be positive");
      spec->rejects_limit = *limit;
    }
    const bool rejects = spec->ignore_errors || !spec->rejects_table.empty();
    if (rejects && spec->format == FileFormat::kParquet) {
      return Status::Invalid(function_, ": Parquet files have no bad rows to reject (",
                             "ignore_errors and rejects tables are for read_csv and read_json)");
    }
    if (rejects) {
      spec->rejects = std::make_shared<formats::text::RejectCollector>(spec->rejects_limit);
    }
    return Status::OK();
  }

  Status BindCsv(FileScanSpec* spec) {
    csv::CsvReadOptions& o = spec->csv;
    FLOE_ASSIGN_OR_RETURN(auto header, Bool("header"));
    if (header) o.header = *header;
    for (const char* name : {"delim", "delimiter", "sep"}) {
      FLOE_ASSIGN_OR_RETURN(auto d, Char(name, false));
      if (d) o.delimiter = *d;
    }
    FLOE_ASSIGN_OR_RETURN(auto quote, Char("quote", true));
    if (quote) o.quote = *quote;
    FLOE_ASSIGN_OR_RETURN(auto escape, Char("escape", true));
    o.escape = escape ? *escape : o.quote;
    for (const char* name : {"nullstr", "null_string"}) {
      FLOE_ASSIGN_OR_RETURN(auto n, String(name));
      if (n) o.null_string = *n;
    }
    FLOE_ASSIGN_OR_RETURN(auto skip, Integer("skip"));
    if (skip) {
      if (*skip < 0) return Status::Invalid(function_, ": skip must not be negative");
      o.skip_rows = *skip;
    }
    FLOE_RETURN_NOT_OK(Formats(&o.date_format, &o.timestamp_format));
    FLOE_RETURN_NOT_OK(SampleSize(&o.sample_rows));
    FLOE_ASSIGN_OR_RETURN(auto split, Integer("split_bytes"));
    if (split) o.split_bytes = std::max<int64_t>(0, *split);
    FLOE_RETURN_NOT_OK(ColumnOptions(&o.columns, &o.column_types));
    auto schema = csv::InferCsvSchema(spec->io.get(), spec->files, o, MemoryPool::Default());
    if (!schema.ok()) return Prefixed(schema.status());
    spec->csv_schema = std::move(*schema);
    AddColumns(spec->csv_schema.columns, spec);
    spec->estimated_rows = static_cast<double>(spec->total_bytes()) / 64;
    return Status::OK();
  }

  Status BindJson(FileScanSpec* spec) {
    json::JsonReadOptions& o = spec->json;
    FLOE_ASSIGN_OR_RETURN(auto format, String("format"));
    if (format) {
      const std::string f = AsciiLower(*format);
      if (f == "auto") {
        o.format = json::JsonFormat::kAuto;
      } else if (f == "newline_delimited" || f == "lines" || f == "nd") {
        o.format = json::JsonFormat::kLines;
      } else if (f == "array") {
        o.format = json::JsonFormat::kArray;
      } else {
        return Status::Invalid(function_,
                               ": format must be 'auto', 'newline_delimited' or "
                               "'array', not '",
                               *format, "'");
      }
    }
    FLOE_RETURN_NOT_OK(Formats(&o.date_format, &o.timestamp_format));
    FLOE_RETURN_NOT_OK(SampleSize(&o.sample_rows));
    FLOE_RETURN_NOT_OK(ColumnOptions(&o.columns, &o.column_types));
    auto schema = json::InferJsonSchema(spec->io.get(), spec->files, o, MemoryPool::Default());
    if (!schema.ok()) return Prefixed(schema.status());
    spec->json_schema = std::move(*schema);
    AddColumns(spec->json_schema.columns, spec);
    spec->estimated_rows = static_cast<double>(spec->total_bytes()) / 96;
    return Status::OK();
  }

  // The columns of the first file; every other file must have them.
  Status BindParquet(FileScanSpec* spec) {
    FLOE_ASSIGN_OR_RETURN(auto input, spec->io->OpenInput(spec->files[0]));
    auto reader =
        formats::parquet::FileReader::Open(std::shared_ptr<io::RandomAccessFile>(std::move(input)));
    if (!reader.ok()) return Prefixed(reader.status());
    for (const auto& field : (*reader)->schema().root().children) {
      spec->names.push_back(field.name);
      spec->types.push_back(field.type);
    }
    spec->estimated_rows =
        static_cast<double>((*reader)->num_rows()) * static_cast<double>(spec->files.size());
    return Status::OK();
  }

  // `columns => DESCRIPTOR(...)` (all columns, no inference) and `types =>
  // DESCRIPTOR(...)` (some inferred columns' types), for CSV and JSON alike.
  template <typename Column>
  Status ColumnOptions(std::vector<Column>* columns, std::vector<Column>* types) {
    for (auto [name, out] : {std::pair{"columns", columns}, std::pair{"types", types}}) {
      FLOE_ASSIGN_OR_RETURN(auto given, Descriptor(name));
      if (given) {
        for (auto& [n, t] : *given) out->push_back({n, t});
      }
    }
    return Status::OK();
  }

  template <typename Columns>
  static void AddColumns(const Columns& columns, FileScanSpec* spec) {
    for (const auto& c : columns) {
      spec->names.push_back(c.name);
      spec->types.push_back(c.type);
    }
  }

  Status Formats(std::string* date, std::string* timestamp) {
    for (const char* name : {"dateformat", "date_format"}) {
      FLOE_ASSIGN_OR_RETURN(auto f, String(name));
      if (f) *date = *f;
    }
    for (const char* name : {"timestampformat", "timestamp_format"}) {
      FLOE_ASSIGN_OR_RETURN(auto f, String(name));
      if (f) *timestamp = *f;
    }
    return Status::OK();
  }

  Status SampleSize(int64_t* rows) {
    FLOE_ASSIGN_OR_RETURN(auto n, Integer("sample_size"));
    if (n) *rows = *n == 0 ? 1 : *n;  // -1: every row
    return Status::OK();
  }

  Status Prefixed(const Status& st) const {
    return Status(st.code(), StrCat(function_, ": ", st.message()));
  }

  const Relation& call_;
  TableResolver* resolver_;
  std::string function_;
  std::vector<Argument> args_;
  std::vector<bool> used_;
};

}  // namespace

bool IsFileTableFunction(const QualifiedName& name) {
  if (name.parts.empty()) return false;
  if (name.parts.size() > 1 && AsciiLower(name.parts[name.parts.size() - 2]) != "system")
    return false;
  const std::string f = AsciiLower(name.parts.back());
  return f == "read_csv" || f == "read_json" || f == "read_parquet";
}

Result<LogicalOpPtr> BindFileTableFunction(const Relation& call, TableResolver* resolver) {
  return TableFunctionBinder(call, resolver).Bind();
}

}  // namespace floe::sql
