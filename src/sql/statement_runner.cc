// The statements besides queries, as Trino's Iceberg connector runs them:
// schemas and tables through the catalog, INSERT and CTAS through the
// Iceberg write path with one atomic commit, and the session statements.

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "catalog/catalog_table_operations.h"
#include "columnar/vector.h"
#include "common/str_cat.h"
#include "iceberg/data_reader.h"
#include "iceberg/snapshot_update.h"
#include "iceberg/table_writer.h"
#include "sql/exec/expression_executor.h"
#include "sql/exec/like_pattern.h"
#include "sql/exec/table_write.h"
#include "sql/functions/cast.h"
#include "sql/functions/scalar_function.h"
#include "sql/statement_internal.h"
#include "sql/types.h"

namespace floe::sql {

namespace {

using K = Statement::Kind;
using columnar::Chunk;
using columnar::Vector;

// A result of text columns.
Result<QueryResult> TextRows(std::vector<std::string> names,
                             const std::vector<std::vector<std::string>>& rows) {
  QueryResult r;
  r.names = std::move(names);
  r.types.assign(r.names.size(), LogicalType::Varchar());
  const int64_t n = static_cast<int64_t>(rows.size());
  Chunk c;
  c.size = n;
  for (size_t col = 0; col < r.names.size(); ++col) {
    FLOE_ASSIGN_OR_RETURN(auto v, Vector::Make(LogicalType::Varchar(), MemoryPool::Default(),
                                               std::max<int64_t>(n, 1)));
    for (int64_t i = 0; i < n; ++i) {
      FLOE_RETURN_NOT_OK(v->SetString(i, rows[static_cast<size_t>(i)][col]));
    }
    v->set_size(n);
    c.columns.push_back(std::move(v));
  }
  if (n > 0) r.chunks.push_back(std::move(c));
  return r;
}

// A statement without a result set.
Result<QueryResult> Done(std::string update_type) {
  QueryResult r;
  r.update_type = std::move(update_type);
  return r;
}

// Trino's one-row result of INSERT and CTAS: the rows written.
Result<QueryResult> RowCount(std::string update_type, int64_t rows) {
  QueryResult r;
  r.update_type = std::move(update_type);
  r.names = {"rows"};
  r.types = {LogicalType::BigInt()};
  FLOE_ASSIGN_OR_RETURN(auto v, Vector::Make(LogicalType::BigInt(), MemoryPool::Default(), 1));
  v->mutable_data<int64_t>()[0] = rows;
  v->set_size(1);
  Chunk c;
  c.size = 1;
  c.columns.push_back(std::move(v));
  r.chunks.push_back(std::move(c));
  return r;
}

class StatementRunner {
 public:
  StatementRunner(const Statement& stmt, const QueryOptions& options)
      : stmt_(stmt), options_(options) {
    if (options.session != nullptr) session_ = *options.session;
  }

  Result<QueryResult> Run() {
    if (stmt_.has_like) {
      FLOE_ASSIGN_OR_RETURN(LikePattern pattern, LikePattern::Compile(stmt_.like_pattern));
      like_.emplace(std::move(pattern));
    }
    switch (stmt_.kind) {
      case K::kShowCatalogs:
        return ShowCatalogs();
      case K::kShowSession:
        return ShowSession();
      case K::kSetSession:
        return SetSession();
      case K::kResetSession:
        return ResetSession();
      case K::kShowFunctions:
        return ShowFunctions();
      default:
        break;
    }
    if (options_.catalog == nullptr) {
      return Status::Invalid("no catalog: this statement needs one (a warehouse)");
    }
    catalog_ = options_.catalog;
    switch (stmt_.kind) {
      case K::kCreateSchema:
        return CreateSchema();
      case K::kDropSchema:
        return DropSchema();
      case K::kUse:
        return Use();
      case K::kShowSchemas:
        return ShowSchemas();
      case K::kShowTables:
        return ShowTables();
      case K::kShowColumns:
        return ShowColumns();
      case K::kShowCreateTable:
        return ShowCreateTable();
      case K::kCreateTable:
        return CreateTable();
      case K::kCreateTableAs:
        return CreateTableAs();
      case K::kDropTable:
        return DropTable();
      case K::kInsert:
        return Insert();
      default:
        return Status::Internal("statement kind ", static_cast<int>(stmt_.kind), " has no runner");
    }
  }

 private:
  // Whether SHOW ... LIKE lists `name`.
  bool Listed(std::string_view name) const { return !like_ || like_->Matches(name); }

  // ---- names ----
  Status CheckCatalog(const std::string& name) const {
    if (AsciiLower(name) != AsciiLower(session_.catalog)) {
      return Status::NotFound("Catalog '", name, "' does not exist");
    }
    return Status::OK();
  }

  // [catalog.]schema
  Result<catalog::Namespace> SchemaName(const QualifiedName& name) const {
    if (name.parts.empty() || name.parts.size() > 2) {
      return Status::Invalid("line ", stmt_.pos.line, ":", stmt_.pos.column,
                             ": a schema name is [catalog.]schema, not '", name.ToSql(), "'");
    }
    if (name.parts.size() == 2) FLOE_RETURN_NOT_OK(CheckCatalog(name.parts[0]));
    return catalog::Namespace{name.parts.back()};
  }

  // [[catalog.]schema.]table
  Result<catalog::TableIdentifier> TableName(const QualifiedName& name) const {
    if (name.parts.empty() || name.parts.size() > 3) {
      return Status::Invalid("line ", stmt_.pos.line, ":", stmt_.pos.column,
                             ": a table name is [[catalog.]schema.]table, not '", name.ToSql(),
                             "'");
    }
    if (name.parts.size() == 3) FLOE_RETURN_NOT_OK(CheckCatalog(name.parts[0]));
    catalog::TableIdentifier id;
    id.ns = {name.parts.size() >= 2 ? name.parts[name.parts.size() - 2] : session_.schema};
    id.name = name.parts.back();
    return id;
  }

  std::string FullName(const catalog::TableIdentifier& id) const {
    return StrCat(session_.catalog, ".", catalog::NamespaceToString(id.ns), ".", id.name);
  }

  Status CheckSchemaExists(const catalog::Namespace& ns) const {
    FLOE_ASSIGN_OR_RETURN(bool exists, catalog_->NamespaceExists(ns));
    if (!exists) {
      return Status::NotFound("Schema '", catalog::NamespaceToString(ns), "' does not exist");
    }
    return Status::OK();
  }

  // ---- property values: literals and ARRAY[...] of literals ----
  static Result<std::string> TextValue(const Property& p) {
    const Expr& e = *p.value;
    if (e.kind == Expr::Kind::kLiteral && e.literal_kind != Expr::LiteralKind::kNull &&
        e.literal_kind != Expr::LiteralKind::kTyped) {
      return e.text;
    }
    return Status::Invalid("line ", p.pos.line, ":", p.pos.column, ": property '", p.name,
                           "' takes a literal value, not ", e.ToSql());
  }
  static Result<std::vector<std::string>> ListValue(const Property& p) {
    const Expr& e = *p.value;
    if (e.kind != Expr::Kind::kArray) {
      return Status::Invalid("line ", p.pos.line, ":", p.pos.column, ": property '", p.name,
                             "' takes an ARRAY of strings, not ", e.ToSql());
    }
    std::vector<std::string> out;
    for (const auto& item : e.args) {
      if (item->kind != Expr::Kind::kLiteral || item->literal_kind != Expr::LiteralKind::kString) {
        return Status::Invalid("line ", p.pos.line, ":", p.pos.column, ": property '", p.name,
                               "' takes an ARRAY of strings, not ", e.ToSql());
      }
      out.push_back(item->text);
    }
    return out;
  }

  // ---- schemas ----
  Result<QueryResult> CreateSchema() {
    FLOE_ASSIGN_OR_RETURN(catalog::Namespace ns, SchemaName(stmt_.name));
    std::map<std::string, std::string> properties;
    for (const Property& p : stmt_.properties) {
      if (AsciiLower(p.name) != "location") {
        return Status::Invalid("Catalog '", session_.catalog, "' schema property '", p.name,
                               "' does not exist");
      }
      FLOE_ASSIGN_OR_RETURN(properties["location"], TextValue(p));
    }
    FLOE_ASSIGN_OR_RETURN(bool exists, catalog_->NamespaceExists(ns));
    if (exists) {
      if (stmt_.if_not_exists) return Done("CREATE SCHEMA");
      return Status::AlreadyExists("Schema '", session_.catalog, ".",
                                   catalog::NamespaceToString(ns), "' already exists");
    }
    FLOE_RETURN_NOT_OK(catalog_->CreateNamespace(ns, properties));
    return Done("CREATE SCHEMA");
  }

  Result<QueryResult> DropSchema() {
    FLOE_ASSIGN_OR_RETURN(catalog::Namespace ns, SchemaName(stmt_.name));
    FLOE_ASSIGN_OR_RETURN(bool exists, catalog_->NamespaceExists(ns));
    if (!exists) {
      if (stmt_.if_exists) return Done("DROP SCHEMA");
      return Status::NotFound("Schema '", session_.catalog, ".", catalog::NamespaceToString(ns),
                              "' does not exist");
    }
    FLOE_ASSIGN_OR_RETURN(auto tables, catalog_->ListTables(ns));
    if (!tables.empty()) {
      if (!stmt_.cascade) {
        return Status::Invalid("Cannot drop non-empty schema '", catalog::NamespaceToString(ns),
                               "'");
      }
      for (const auto& t : tables) FLOE_RETURN_NOT_OK(catalog_->DropTable(t, true));
    }
    FLOE_RETURN_NOT_OK(catalog_->DropNamespace(ns));
    return Done("DROP SCHEMA");
  }

  Result<QueryResult> Use() {
    if (options_.session == nullptr) {
      return Status::Invalid("USE needs a session (a shell or client connection)");
    }
    FLOE_ASSIGN_OR_RETURN(catalog::Namespace ns, SchemaName(stmt_.name));
    FLOE_RETURN_NOT_OK(CheckSchemaExists(ns));
    options_.session->schema = ns[0];
    return Done("USE");
  }

  // Trino's columns: Function, Return Type, Argument Types, Function Type,
  // Deterministic, Description.
  Result<QueryResult> ShowFunctions() {
    std::vector<std::vector<std::string>> rows;
    for (const FunctionListing& f : ListFunctions()) {
      if (!Listed(f.name)) continue;
      const bool random = f.name == "rand" || f.name == "random" || f.name == "uuid" ||
                          f.name == "now" || f.name.rfind("current_", 0) == 0;
      rows.push_back({f.name, f.return_type, f.argument_types, f.function_type,
                      random ? "false" : "true", ""});
    }
    return TextRows({"Function", "Return Type", "Argument Types", "Function Type", "Deterministic",
                     "Description"},
                    rows);
  }

  Result<QueryResult> ShowCatalogs() {
    std::vector<std::vector<std::string>> rows;
    for (const std::string& c : {session_.catalog, std::string("system")}) {
      if (Listed(c)) rows.push_back({c});
    }
    return TextRows({"Catalog"}, rows);
  }

  Result<QueryResult> ShowSchemas() {
    if (!stmt_.name.empty()) {
      if (stmt_.name.parts.size() != 1) {
        return Status::Invalid("SHOW SCHEMAS FROM takes a catalog, not '", stmt_.name.ToSql(), "'");
      }
      FLOE_RETURN_NOT_OK(CheckCatalog(stmt_.name.parts[0]));
    }
    FLOE_ASSIGN_OR_RETURN(auto namespaces, catalog_->ListNamespaces({}));
    std::vector<std::vector<std::string>> rows;
    for (const auto& ns : namespaces) {
      const std::string name = catalog::NamespaceToString(ns);
      if (Listed(name)) rows.push_back({name});
    }
    std::sort(rows.begin(), rows.end());
    return TextRows({"Schema"}, rows);
  }

  Result<QueryResult> ShowTables() {
    catalog::Namespace ns{session_.schema};
    if (!stmt_.name.empty()) {
      FLOE_ASSIGN_OR_RETURN(ns, SchemaName(stmt_.name));
    }
    FLOE_RETURN_NOT_OK(CheckSchemaExists(ns));
    FLOE_ASSIGN_OR_RETURN(auto tables, catalog_->ListTables(ns));
    std::vector<std::vector<std::string>> rows;
    for (const auto& t : tables) {
      if (Listed(t.name)) rows.push_back({t.name});
    }
    std::sort(rows.begin(), rows.end());
    return TextRows({"Table"}, rows);
  }

  Result<catalog::LoadedTable> LoadTable(const catalog::TableIdentifier& id) const {
    auto loaded = catalog_->LoadTable(id);
    if (!loaded.ok() && loaded.status().code() == StatusCode::kNotFound) {
      return Status::NotFound("Table '", FullName(id), "' does not exist");
    }
    return loaded;
  }

  Result<QueryResult> ShowColumns() {
    FLOE_ASSIGN_OR_RETURN(catalog::TableIdentifier id, TableName(stmt_.name));
    FLOE_ASSIGN_OR_RETURN(catalog::LoadedTable table, LoadTable(id));
    const iceberg::Schema* schema = table.metadata.current_schema();
    if (schema == nullptr) return Status::Corruption(FullName(id), ": no current schema");
    std::vector<std::vector<std::string>> rows;
    for (const auto& f : schema->fields()) {
      FLOE_ASSIGN_OR_RETURN(LogicalType t, iceberg::ColumnarTypeOf(*f.type));
      rows.push_back({f.name, TypeName(t), "", f.doc});
    }
    return TextRows({"Column", "Type", "Extra", "Comment"}, rows);
  }

  // Trino's names of partition transforms ("day(order_ts)").
  static std::string PartitionText(const iceberg::PartitionField& f,
                                   const iceberg::Schema& schema) {
    const iceberg::NestedField* source = schema.FindField(f.source_id);
    const std::string column = source != nullptr ? source->name : std::to_string(f.source_id);
    const iceberg::Transform& t = f.transform;
    switch (t.kind()) {
      case iceberg::Transform::kIdentity:
        return column;
      case iceberg::Transform::kBucket:
        return StrCat("bucket(", column, ", ", t.param(), ")");
      case iceberg::Transform::kTruncate:
        return StrCat("truncate(", column, ", ", t.param(), ")");
      case iceberg::Transform::kYear:
        return StrCat("year(", column, ")");
      case iceberg::Transform::kMonth:
        return StrCat("month(", column, ")");
      case iceberg::Transform::kDay:
        return StrCat("day(", column, ")");
      case iceberg::Transform::kHour:
        return StrCat("hour(", column, ")");
      case iceberg::Transform::kVoid:
        return StrCat("void(", column, ")");
    }
    return column;
  }

  static std::string Quoted(const std::string& s) {
    std::string out = "'";
    for (char c : s) {
      if (c == '\'') out += '\'';
      out += c;
    }
    return out + "'";
  }

  Result<QueryResult> ShowCreateTable() {
    FLOE_ASSIGN_OR_RETURN(catalog::TableIdentifier id, TableName(stmt_.name));
    FLOE_ASSIGN_OR_RETURN(catalog::LoadedTable table, LoadTable(id));
    const iceberg::TableMetadata& md = table.metadata;
    const iceberg::Schema* schema = md.current_schema();
    if (schema == nullptr) return Status::Corruption(FullName(id), ": no current schema");
    std::string text = StrCat("CREATE TABLE ", FullName(id), " (\n");
    for (size_t i = 0; i < schema->fields().size(); ++i) {
      const auto& f = schema->fields()[i];
      FLOE_ASSIGN_OR_RETURN(LogicalType t, iceberg::ColumnarTypeOf(*f.type));
      text += StrCat("   ", f.name, " ", TypeName(t), f.required ? " NOT NULL" : "",
                     f.doc.empty() ? "" : " COMMENT " + Quoted(f.doc),
                     i + 1 < schema->fields().size() ? ",\n" : "\n");
    }
    text += ")\n";
    const std::string comment = md.Property("comment", "");
    if (!comment.empty()) text += "COMMENT " + Quoted(comment) + "\n";
    std::vector<std::string> with = {"format = 'PARQUET'",
                                     StrCat("format_version = ", md.format_version),
                                     "location = " + Quoted(md.location)};
    if (const iceberg::PartitionSpec* spec = md.default_spec(); spec && !spec->fields.empty()) {
      std::string parts;
      for (size_t i = 0; i < spec->fields.size(); ++i) {
        parts += (i ? ", " : "") + Quoted(PartitionText(spec->fields[i], *schema));
      }
      with.push_back("partitioning = ARRAY[" + parts + "]");
    }
    if (const iceberg::SortOrder* order = md.SortOrderById(md.default_sort_order_id);
        order != nullptr && !order->fields.empty()) {
      std::string fields;
      for (size_t i = 0; i < order->fields.size(); ++i) {
        const auto& f = order->fields[i];
        const iceberg::NestedField* source = schema->FindField(f.source_id);
        fields +=
            (i ? ", " : "") + Quoted(StrCat(source ? source->name : std::to_string(f.source_id),
                                            f.descending ? " DESC" : " ASC",
                                            f.nulls_first ? " NULLS FIRST" : " NULLS LAST"));
      }
      with.push_back("sorted_by = ARRAY[" + fields + "]");
    }
    text += "WITH (\n";
    for (size_t i = 0; i < with.size(); ++i) {
      text += "   " + with[i] + (i + 1 < with.size() ? ",\n" : "\n");
    }
    text += ")";
    return TextRows({"Create Table"}, {{text}});
  }

  // ---- tables ----
  // A partition field from Trino's syntax: "col", "year(col)", "month(col)",
  // "day(col)", "hour(col)", "bucket(col, n)", "truncate(col, n)", "void(col)".
  static Result<iceberg::PartitionField> ParsePartitionField(const std::string& text,
                                                             const iceberg::Schema& schema,
                                                             int32_t field_id) {
    std::string s;
    for (char c : text) {
      if (c != ' ') s += c;
    }
    std::string function, column, arg;
    const size_t open = s.find('(');
    if (open == std::string::npos) {
      column = s;
    } else {
      if (s.back() != ')') {
        return Status::Invalid("Unable to parse partitioning value: ", text);
      }
      function = AsciiLower(s.substr(0, open));
      std::string inner = s.substr(open + 1, s.size() - open - 2);
      const size_t comma = inner.find(',');
      column = inner.substr(0, comma);
      if (comma != std::string::npos) arg = inner.substr(comma + 1);
    }
    if (column.size() >= 2 && column.front() == '"' && column.back() == '"') {
      column = column.substr(1, column.size() - 2);
    } else {
      column = AsciiLower(column);
    }
    const iceberg::NestedField* source = nullptr;
    for (const auto& f : schema.fields()) {
      if (AsciiLower(f.name) == AsciiLower(column)) source = &f;
    }
    if (source == nullptr) {
      return Status::Invalid("Unable to parse partitioning value: ", text, ": column '", column,
                             "' does not exist");
    }
    std::string iceberg_name;
    std::string field_name = source->name;
    if (function.empty()) {
      iceberg_name = "identity";
    } else if (function == "year" || function == "month" || function == "day" ||
               function == "hour" || function == "void") {
      if (!arg.empty()) return Status::Invalid("Unable to parse partitioning value: ", text);
      iceberg_name = function;
      field_name += "_" + (function == "void" ? std::string("null") : function);
    } else if (function == "bucket" || function == "truncate") {
      char* end = nullptr;
      const long n = std::strtol(arg.c_str(), &end, 10);
      if (arg.empty() || end == nullptr || *end != '\0' || n <= 0 || n > 1000000000) {
        return Status::Invalid("Unable to parse partitioning value: ", text);
      }
      iceberg_name = StrCat(function, "[", n, "]");
      field_name += function == "bucket" ? "_bucket" : "_trunc";
    } else {
      return Status::Invalid("Unable to parse partitioning value: ", text);
    }
    FLOE_ASSIGN_OR_RETURN(iceberg::Transform transform, iceberg::Transform::Parse(iceberg_name));
    iceberg::PartitionField pf;
    pf.source_id = source->id;
    pf.field_id = field_id;
    pf.name = field_name;
    pf.transform = transform;
    return pf;
  }

  static Result<iceberg::SortField> ParseSortField(const std::string& text,
                                                   const iceberg::Schema& schema) {
    std::vector<std::string> words;
    std::string w;
    for (char c : text + " ") {
      if (c == ' ') {
        if (!w.empty()) words.push_back(AsciiLower(w));
        w.clear();
      } else {
        w += c;
      }
    }
    if (words.empty()) return Status::Invalid("Unable to parse sort field: '", text, "'");
    iceberg::SortField f;
    const iceberg::NestedField* source = nullptr;
    for (const auto& field : schema.fields()) {
      if (AsciiLower(field.name) == words[0]) source = &field;
    }
    if (source == nullptr) {
      return Status::Invalid("Unable to parse sort field: '", text, "': column '", words[0],
                             "' does not exist");
    }
    f.source_id = source->id;
    size_t i = 1;
    if (i < words.size() && (words[i] == "asc" || words[i] == "desc")) {
      f.descending = words[i] == "desc";
      ++i;
    }
    // Iceberg's default: nulls first ascending, last descending.
    f.nulls_first = !f.descending;
    if (i + 1 < words.size() && words[i] == "nulls" &&
        (words[i + 1] == "first" || words[i + 1] == "last")) {
      f.nulls_first = words[i + 1] == "first";
      i += 2;
    }
    if (i != words.size()) return Status::Invalid("Unable to parse sort field: '", text, "'");
    return f;
  }

  // The table of `creation` from the WITH properties (Trino's Iceberg
  // connector names: partitioning, sorted_by, location, format,
  // format_version) and the comment.
  Status ApplyTableProperties(catalog::TableCreation* creation) const {
    for (const Property& p : stmt_.properties) {
      const std::string name = AsciiLower(p.name);
      if (name == "partitioning") {
        FLOE_ASSIGN_OR_RETURN(auto fields, ListValue(p));
        int32_t next_id = 1000;
        for (const auto& text : fields) {
          FLOE_ASSIGN_OR_RETURN(auto f, ParsePartitionField(text, creation->schema, next_id++));
          creation->spec.fields.push_back(std::move(f));
        }
      } else if (name == "sorted_by") {
        FLOE_ASSIGN_OR_RETURN(auto fields, ListValue(p));
        creation->sort_order.order_id = fields.empty() ? 0 : 1;
        for (const auto& text : fields) {
          FLOE_ASSIGN_OR_RETURN(auto f, ParseSortField(text, creation->schema));
          creation->sort_order.fields.push_back(f);
        }
      } else if (name == "location") {
        FLOE_ASSIGN_OR_RETURN(creation->location, TextValue(p));
      } else if (name == "format") {
        FLOE_ASSIGN_OR_RETURN(std::string format, TextValue(p));
        if (AsciiLower(format) != "parquet") {
          return Status::NotSupported("Table format ", format,
                                      " is not supported: floe writes PARQUET");
        }
      } else if (name == "format_version") {
        FLOE_ASSIGN_OR_RETURN(std::string v, TextValue(p));
        if (v != "2") {
          return Status::NotSupported("format_version ", v,
                                      " is not supported: floe creates version 2 tables");
        }
      } else {
        return Status::Invalid("Catalog '", session_.catalog, "' table property '", p.name,
                               "' does not exist");
      }
    }
    if (stmt_.has_comment) creation->properties["comment"] = stmt_.comment;
    return Status::OK();
  }

  Result<bool> PrepareCreate(const catalog::TableIdentifier& id) const {
    FLOE_RETURN_NOT_OK(CheckSchemaExists(id.ns));
    FLOE_ASSIGN_OR_RETURN(bool exists, catalog_->TableExists(id));
    if (exists && !stmt_.if_not_exists) {
      return Status::AlreadyExists("Table '", FullName(id), "' already exists");
    }
    return !exists;
  }

  Result<QueryResult> CreateTable() {
    FLOE_ASSIGN_OR_RETURN(catalog::TableIdentifier id, TableName(stmt_.name));
    FLOE_ASSIGN_OR_RETURN(bool create, PrepareCreate(id));
    if (!create) return Done("CREATE TABLE");
    std::vector<iceberg::NestedField> fields;
    int32_t next_id = static_cast<int32_t>(stmt_.columns.size()) + 1;
    for (size_t i = 0; i < stmt_.columns.size(); ++i) {
      const ColumnDefinition& c = stmt_.columns[i];
      for (size_t j = 0; j < i; ++j) {
        if (AsciiLower(stmt_.columns[j].name) == AsciiLower(c.name)) {
          return Status::Invalid("line ", c.pos.line, ":", c.pos.column, ": Column name '", c.name,
                                 "' specified more than once");
        }
      }
      FLOE_ASSIGN_OR_RETURN(LogicalType type, ResolveType(c.type));
      auto iceberg_type = iceberg::IcebergTypeOf(type, &next_id);
      if (!iceberg_type.ok()) {
        return Status::NotSupported("line ", c.pos.line, ":", c.pos.column, ": column '", c.name,
                                    "': ", iceberg_type.status().message());
      }
      iceberg::NestedField f =
          c.not_null ? iceberg::NestedField::Required(static_cast<int32_t>(i) + 1,
                                                      AsciiLower(c.name), *iceberg_type)
                     : iceberg::NestedField::Optional(static_cast<int32_t>(i) + 1,
                                                      AsciiLower(c.name), *iceberg_type);
      f.doc = c.comment;
      fields.push_back(std::move(f));
    }
    catalog::TableCreation creation;
    creation.schema = iceberg::Schema(0, std::move(fields));
    FLOE_RETURN_NOT_OK(ApplyTableProperties(&creation));
    FLOE_RETURN_NOT_OK(catalog_->CreateTable(id, creation).status());
    return Done("CREATE TABLE");
  }

  Result<QueryResult> DropTable() {
    FLOE_ASSIGN_OR_RETURN(catalog::TableIdentifier id, TableName(stmt_.name));
    FLOE_ASSIGN_OR_RETURN(bool exists, catalog_->TableExists(id));
    if (!exists) {
      if (stmt_.if_exists) return Done("DROP TABLE");
      return Status::NotFound("Table '", FullName(id), "' does not exist");
    }
    FLOE_RETURN_NOT_OK(catalog_->DropTable(id, true));
    return Done("DROP TABLE");
  }

  // ---- writes ----
  // Runs `plan` into the table `id` (already existing) and commits one
  // append; on any error the files written are deleted and nothing is
  // committed. Returns the rows written; warnings (rows the reads
  // rejected, files loaded before) go to `warnings`.
  Result<int64_t> WriteInto(const catalog::TableIdentifier& id, LogicalOpPtr plan_ptr,
                            const std::vector<std::string>& column_names,
                            std::vector<std::string>* warnings) {
    const LogicalOp& plan = *plan_ptr;  // stays alive under a sort added below
    std::shared_ptr<catalog::Catalog> catalog(catalog_, [](catalog::Catalog*) {});
    FLOE_ASSIGN_OR_RETURN(auto ops, catalog::CatalogTableOperations::Load(catalog, id));
    const iceberg::TableMetadata& md = ops->current();
    const iceberg::Schema* schema = md.current_schema();
    if (schema == nullptr) return Status::Corruption(FullName(id), ": no current schema");
    std::vector<LogicalType> types;
    std::vector<std::string> names;
    std::vector<bool> required;
    for (const auto& f : schema->fields()) {
      FLOE_ASSIGN_OR_RETURN(LogicalType t, iceberg::ColumnarTypeOf(*f.type));
      types.push_back(t);
      names.push_back(f.name);
      required.push_back(f.required);
    }
    // Which query column feeds each table column.
    std::vector<int> source(types.size(), -1);
    if (column_names.empty()) {
      if (plan.columns.size() != types.size()) {
        return Status::Invalid("Insert query has ", plan.columns.size(),
                               " columns but the table has ", types.size());
      }
      for (size_t c = 0; c < types.size(); ++c) source[c] = static_cast<int>(c);
    } else {
      if (plan.columns.size() != column_names.size()) {
        return Status::Invalid("Insert query has ", plan.columns.size(), " columns but ",
                               column_names.size(), " target columns are listed");
      }
      for (size_t q = 0; q < column_names.size(); ++q) {
        size_t c = 0;
        while (c < names.size() && AsciiLower(names[c]) != AsciiLower(column_names[q])) ++c;
        if (c == names.size()) {
          return Status::Invalid("Insert column name does not exist in target table: ",
                                 column_names[q]);
        }
        if (source[c] >= 0) {
          return Status::Invalid("Insert column name is specified more than once: ",
                                 column_names[q]);
        }
        source[c] = static_cast<int>(q);
      }
      for (size_t c = 0; c < names.size(); ++c) {
        if (source[c] < 0 && required[c]) {
          return Status::Invalid("NULL value not allowed for NOT NULL column: ", names[c]);
        }
      }
    }
    // Trino inserts what coerces implicitly; anything else needs a CAST.
    for (size_t c = 0; c < types.size(); ++c) {
      if (source[c] < 0) continue;
      const LogicalType& from = plan.columns[static_cast<size_t>(source[c])].type;
      if (from != types[c] && !CanCoerce(from, types[c]) && !IsUnknown(from)) {
        std::string table_types, query_types;
        for (size_t k = 0; k < types.size(); ++k) {
          if (source[k] < 0) continue;
          table_types += (table_types.empty() ? "" : ", ") + TypeName(types[k]);
          query_types += (query_types.empty() ? "" : ", ") +
                         TypeName(plan.columns[static_cast<size_t>(source[k])].type);
        }
        return Status::Invalid("Insert query has mismatched column types: Table: [", table_types,
                               "], Query: [", query_types, "]");
      }
    }
    // A table with a sort order (sorted_by) gets its rows in that order:
    // the query's rows are sorted before they are written.
    if (const iceberg::SortOrder* order = md.SortOrderById(md.default_sort_order_id);
        order != nullptr && !order->fields.empty()) {
      auto sort = std::make_unique<LogicalOp>();
      sort->kind = LogicalOp::Kind::kSort;
      sort->columns = plan.columns;
      for (const auto& f : order->fields) {
        size_t c = 0;
        while (c < schema->fields().size() && schema->fields()[c].id != f.source_id) ++c;
        if (c == schema->fields().size() || source[c] < 0 ||
            f.transform.kind() != iceberg::Transform::kIdentity) {
          continue;  // a transform or a column not written: not sorted by
        }
        SortKey key;
        key.expr = BoundExpr::Column(source[c], plan.columns[static_cast<size_t>(source[c])].type);
        key.descending = f.descending;
        key.nulls_first = f.nulls_first;
        sort->sort_keys.push_back(std::move(key));
      }
      if (!sort->sort_keys.empty()) {
        sort->children.push_back(std::move(plan_ptr));
        plan_ptr = std::move(sort);
      }
    }
    TableWriteColumns columns{types, names, required, source};
    TableWriteSink sink(ops->io(), &md, std::move(columns));
    Status st = ExecutePlan(*plan_ptr, options_, false, &sink).status();
    if (!st.ok()) {
      sink.Abort();
      return st;
    }
    QueryResult finished;
    if (!sink.files().empty()) {
      iceberg::AppendFiles append(ops.get(), false);
      for (const auto& f : sink.files()) append.AppendFile(f);
      RecordSourceFiles(plan, md, FullName(id), &append, warnings);
      auto committed = append.Commit();
      if (!committed.ok()) {
        // A commit whose outcome is unknown keeps its files (they may be live).
        if (committed.status().code() != StatusCode::kCommitStateUnknown) sink.Abort();
        return committed.status();
      }
    }
    FLOE_RETURN_NOT_OK(FinishFileScans(plan, options_, FullName(id), &finished));
    warnings->insert(warnings->end(), finished.warnings.begin(), finished.warnings.end());
    return sink.rows();
  }

  Result<QueryResult> Insert() {
    FLOE_ASSIGN_OR_RETURN(catalog::TableIdentifier id, TableName(stmt_.name));
    FLOE_ASSIGN_OR_RETURN(bool exists, catalog_->TableExists(id));
    if (!exists) return Status::NotFound("Table '", FullName(id), "' does not exist");
    FLOE_ASSIGN_OR_RETURN(LogicalOpPtr plan, PlanQuery(*stmt_.query, options_));
    std::vector<std::string> warnings;
    FLOE_ASSIGN_OR_RETURN(int64_t rows,
                          WriteInto(id, std::move(plan), stmt_.column_names, &warnings));
    FLOE_ASSIGN_OR_RETURN(QueryResult result, RowCount("INSERT", rows));
    result.warnings = std::move(warnings);
    return result;
  }

  Result<QueryResult> CreateTableAs() {
    FLOE_ASSIGN_OR_RETURN(catalog::TableIdentifier id, TableName(stmt_.name));
    FLOE_ASSIGN_OR_RETURN(bool create, PrepareCreate(id));
    if (!create) return RowCount("CREATE TABLE", 0);
    FLOE_ASSIGN_OR_RETURN(LogicalOpPtr plan, PlanQuery(*stmt_.query, options_));
    if (!stmt_.column_names.empty() && stmt_.column_names.size() != plan->columns.size()) {
      return Status::Invalid("Column alias list has ", stmt_.column_names.size(),
                             " entries but the query has ", plan->columns.size(), " columns");
    }
    std::vector<iceberg::NestedField> fields;
    int32_t next_id = static_cast<int32_t>(plan->columns.size()) + 1;
    for (size_t i = 0; i < plan->columns.size(); ++i) {
      const std::string name =
          AsciiLower(stmt_.column_names.empty() ? plan->columns[i].name : stmt_.column_names[i]);
      if (name.empty()) {
        return Status::Invalid("Column name not specified at position ", i + 1);
      }
      for (const auto& f : fields) {
        if (f.name == name) {
          return Status::Invalid("Column name '", name, "' specified more than once");
        }
      }
      LogicalType type = plan->columns[i].type;
      if (IsUnknown(type)) {
        return Status::Invalid("Column type is unknown: ", name);
      }
      auto iceberg_type = iceberg::IcebergTypeOf(type, &next_id);
      if (!iceberg_type.ok()) {
        return Status::NotSupported("column '", name, "': ", iceberg_type.status().message());
      }
      fields.push_back(
          iceberg::NestedField::Optional(static_cast<int32_t>(i) + 1, name, *iceberg_type));
    }
    catalog::TableCreation creation;
    creation.schema = iceberg::Schema(0, std::move(fields));
    FLOE_RETURN_NOT_OK(ApplyTableProperties(&creation));
    FLOE_RETURN_NOT_OK(catalog_->CreateTable(id, creation).status());
    if (!stmt_.with_data) return RowCount("CREATE TABLE", 0);
    std::vector<std::string> warnings;
    auto rows = WriteInto(id, std::move(plan), {}, &warnings);
    if (!rows.ok()) {
      // The statement is all or nothing: the new table goes again.
      (void)catalog_->DropTable(id, true);
      return rows.status();
    }
    FLOE_ASSIGN_OR_RETURN(QueryResult result, RowCount("CREATE TABLE", *rows));
    result.warnings = std::move(warnings);
    return result;
  }

  // ---- session ----
  Result<QueryResult> ShowSession() {
    std::vector<std::vector<std::string>> rows;
    for (const auto& p : KnownProperties()) {
      if (!Listed(p.name)) continue;
      auto it = session_.properties.find(p.name);
      rows.push_back({p.name, it != session_.properties.end() ? it->second : p.default_value,
                      p.default_value, p.type, p.description});
    }
    return TextRows({"Name", "Value", "Default", "Type", "Description"}, rows);
  }

  Result<QueryResult> SetSession() {
    if (options_.session == nullptr) {
      return Status::Invalid("SET SESSION needs a session (a shell or client connection)");
    }
    const std::string name = AsciiLower(stmt_.name.ToSql());
    const KnownProperty* p = FindProperty(name);
    if (p == nullptr) return Status::Invalid("Session property '", name, "' does not exist");
    const Expr& v = *stmt_.value;
    if (v.kind != Expr::Kind::kLiteral || v.literal_kind == Expr::LiteralKind::kNull) {
      return Status::Invalid("Session property '", name, "' takes a literal, not ", v.ToSql());
    }
    Session trial = *options_.session;
    trial.properties[name] = v.text;
    QueryOptions check;
    FLOE_RETURN_NOT_OK(ApplySessionProperties(trial, &check));
    options_.session->properties[name] = v.text;
    return Done("SET SESSION");
  }

  Result<QueryResult> ResetSession() {
    if (options_.session == nullptr) {
      return Status::Invalid("RESET SESSION needs a session (a shell or client connection)");
    }
    const std::string name = AsciiLower(stmt_.name.ToSql());
    if (FindProperty(name) == nullptr) {
      return Status::Invalid("Session property '", name, "' does not exist");
    }
    options_.session->properties.erase(name);
    return Done("RESET SESSION");
  }

 public:
  struct KnownProperty {
    std::string name, default_value, type, description;
  };
  static const std::vector<KnownProperty>& KnownProperties() {
    static const std::vector<KnownProperty> kProperties = {
        {"query_max_memory", "40% of RAM", "varchar",
         "Memory a query may use (e.g. 8GB); aggregations, joins and sorts spill beyond it"},
        {"task_concurrency", "cores", "integer", "Threads a query runs on"},
    };
    return kProperties;
  }
  static const KnownProperty* FindProperty(const std::string& name) {
    for (const auto& p : KnownProperties()) {
      if (p.name == name) return &p;
    }
    return nullptr;
  }

 private:
  const Statement& stmt_;
  std::optional<LikePattern> like_;  // SHOW ... LIKE
  QueryOptions options_;
  Session session_;
  catalog::Catalog* catalog_ = nullptr;
};

}  // namespace

Status ApplySessionProperties(const Session& session, QueryOptions* options) {
  for (const auto& [name, value] : session.properties) {
    if (name == "query_max_memory") {
      FLOE_ASSIGN_OR_RETURN(options->memory_limit, ParseDataSize(value));
    } else if (name == "task_concurrency") {
      char* end = nullptr;
      const long n = std::strtol(value.c_str(), &end, 10);
      if (value.empty() || *end != '\0' || n < 1 || n > 1024) {
        return Status::Invalid("task_concurrency must be an integer from 1 to 1024, not '", value,
                               "'");
      }
      options->threads = static_cast<int>(n);
    } else {
      return Status::Invalid("Session property '", name, "' does not exist");
    }
  }
  return Status::OK();
}

Result<QueryResult> RunOtherStatement(const Statement& stmt, const QueryOptions& options) {
  return StatementRunner(stmt, options).Run();
}

}  // namespace floe::sql
