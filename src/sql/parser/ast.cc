#include "sql/parser/ast.h"

#include "common/str_cat.h"
#include "sql/parser/lexer.h"

namespace floe::sql {

Expr::Expr() = default;
Expr::~Expr() = default;
Relation::Relation() = default;
Relation::~Relation() = default;
QueryBody::QueryBody() = default;
QueryBody::~QueryBody() = default;
Query::Query() = default;
Query::~Query() = default;

namespace {

// An identifier as it must be written to mean `id`: quoted unless it is a
// lower-case word that is not reserved.
std::string Ident(const std::string& id) {
  bool plain = !id.empty() && !IsReservedWord(id) && !(id[0] >= '0' && id[0] <= '9');
  for (char c : id) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) plain = false;
  }
  if (plain) return id;
  std::string out = "\"";
  for (char c : id) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string Quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') out += '\'';
    out += c;
  }
  return out + "'";
}

std::string Upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

template <typename T, typename F>
std::string Join(const std::vector<T>& items, F&& f, const char* sep = ", ") {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += sep;
    out += f(items[i]);
  }
  return out;
}

std::string Exprs(const std::vector<ExprPtr>& items) {
  return Join(items, [](const ExprPtr& e) { return e->ToSql(); });
}

std::string SortItems(const std::vector<SortItem>& items) {
  return Join(items, [](const SortItem& s) {
    std::string out = s.expr->ToSql();
    if (s.descending) out += " DESC";
    if (s.nulls_first) out += *s.nulls_first ? " NULLS FIRST" : " NULLS LAST";
    return out;
  });
}

std::string Bound(const FrameBound& b) {
  switch (b.kind) {
    case FrameBound::Kind::kUnboundedPreceding:
      return "UNBOUNDED PRECEDING";
    case FrameBound::Kind::kPreceding:
      return b.offset->ToSql() + " PRECEDING";
    case FrameBound::Kind::kCurrentRow:
      return "CURRENT ROW";
    case FrameBound::Kind::kFollowing:
      return b.offset->ToSql() + " FOLLOWING";
    case FrameBound::Kind::kUnboundedFollowing:
      return "UNBOUNDED FOLLOWING";
  }
  return "";
}

std::string Window(const WindowSpec& w) {
  std::vector<std::string> parts;
  if (!w.base_window.empty()) parts.push_back(Ident(w.base_window));
  if (!w.partition_by.empty()) parts.push_back("PARTITION BY " + Exprs(w.partition_by));
  if (!w.order_by.empty()) parts.push_back("ORDER BY " + SortItems(w.order_by));
  if (w.frame_unit != WindowSpec::FrameUnit::kNone) {
    std::string unit = w.frame_unit == WindowSpec::FrameUnit::kRows    ? "ROWS"
                       : w.frame_unit == WindowSpec::FrameUnit::kRange ? "RANGE"
                                                                       : "GROUPS";
    parts.push_back(
        w.frame_end ? StrCat(unit, " BETWEEN ", Bound(w.frame_start), " AND ", Bound(*w.frame_end))
                    : StrCat(unit, " ", Bound(w.frame_start)));
  }
  return "(" +
         Join(
             parts, [](const std::string& s) { return s; }, " ") +
         ")";
}

std::string Rows(const std::vector<std::vector<ExprPtr>>& rows) {
  return Join(rows, [](const std::vector<ExprPtr>& row) { return "(" + Exprs(row) + ")"; });
}

}  // namespace

std::string QualifiedName::ToSql() const {
  return Join(
      parts, [](const std::string& p) { return Ident(p); }, ".");
}

std::string TypeSyntax::ToSql() const {
  if (name == "array" || name == "map") {
    return StrCat(name, "(", Join(children, [](const TypeSyntax& t) { return t.ToSql(); }), ")");
  }
  if (name == "row") {
    std::string out = "row(";
    for (size_t i = 0; i < children.size(); ++i) {
      if (i > 0) out += ", ";
      if (i < field_names.size() && !field_names[i].empty()) out += Ident(field_names[i]) + " ";
      out += children[i].ToSql();
    }
    return out + ")";
  }
  std::string base = name;
  std::string suffix;
  if (const size_t with = name.find(" with time zone"); with != std::string::npos) {
    base = name.substr(0, with);
    suffix = " with time zone";
  }
  if (parameters.empty()) return base + suffix;
  return StrCat(base, "(", Join(parameters, [](int64_t p) { return std::to_string(p); }), ")",
                suffix);
}

std::string Expr::ToSql() const {
  switch (kind) {
    case Kind::kLiteral:
      switch (literal_kind) {
        case LiteralKind::kNull:
          return "NULL";
        case LiteralKind::kBoolean:
          return Upper(text);
        case LiteralKind::kInteger:
        case LiteralKind::kDecimal:
        case LiteralKind::kDouble:
          return text[0] == '-' ? "(" + text + ")" : text;
        case LiteralKind::kString:
          return Quote(text);
        case LiteralKind::kBinary:
          return "X'" + text + "'";
        case LiteralKind::kTyped:
          return Upper(type.ToSql()) + " " + Quote(text);
      }
      return "";
    case Kind::kColumn:
      return name.ToSql();
    case Kind::kStar:
      return name.empty() ? "*" : name.ToSql() + ".*";
    case Kind::kFunction: {
      std::string out = name.ToSql() + "(";
      if (distinct) out += "DISTINCT ";
      out += args.empty() && !distinct && name.parts.size() == 1 && name.parts[0] == "count"
                 ? "*"
                 : Exprs(args);
      if (!order_by.empty()) out += " ORDER BY " + SortItems(order_by);
      out += ")";
      if (filter) out += " FILTER (WHERE " + filter->ToSql() + ")";
      if (ignore_nulls) out += " IGNORE NULLS";
      if (window) {
        out += " OVER ";
        const bool named_only = !window->base_window.empty() && window->partition_by.empty() &&
                                window->order_by.empty() &&
                                window->frame_unit == WindowSpec::FrameUnit::kNone;
        out += named_only ? Ident(window->base_window) : Window(*window);
      }
      return out;
    }
    case Kind::kCast:
      return StrCat(try_cast ? "TRY_CAST(" : "CAST(", args[0]->ToSql(), " AS ", type.ToSql(), ")");
    case Kind::kUnary:
      return op == "NOT" ? "(NOT " + args[0]->ToSql() + ")" : "(" + op + args[0]->ToSql() + ")";
    case Kind::kBinary:
      return StrCat("(", args[0]->ToSql(), " ", op, " ", args[1]->ToSql(), ")");
    case Kind::kBetween:
      return StrCat("(", args[0]->ToSql(), negated ? " NOT" : "", " BETWEEN ", args[1]->ToSql(),
                    " AND ", args[2]->ToSql(), ")");
    case Kind::kIn: {
      std::string list;
      if (subquery) {
        list = subquery->ToSql();
      } else {
        for (size_t i = 1; i < args.size(); ++i) list += (i > 1 ? ", " : "") + args[i]->ToSql();
      }
      return StrCat("(", args[0]->ToSql(), negated ? " NOT IN (" : " IN (", list, "))");
    }
    case Kind::kLike:
      return StrCat("(", args[0]->ToSql(), negated ? " NOT LIKE " : " LIKE ", args[1]->ToSql(),
                    args.size() > 2 ? " ESCAPE " + args[2]->ToSql() : "", ")");
    case Kind::kIsNull:
      return StrCat("(", args[0]->ToSql(), negated ? " IS NOT NULL)" : " IS NULL)");
    case Kind::kIsDistinctFrom:
      return StrCat("(", args[0]->ToSql(),
                    negated ? " IS NOT DISTINCT FROM " : " IS DISTINCT FROM ", args[1]->ToSql(),
                    ")");
    case Kind::kCase: {
      std::string out = "CASE";
      size_t i = 0;
      if (has_operand) out += " " + args[i++]->ToSql();
      size_t end = args.size() - (has_else ? 1 : 0);
      for (; i + 1 < end; i += 2)
        out += StrCat(" WHEN ", args[i]->ToSql(), " THEN ", args[i + 1]->ToSql());
      if (has_else) out += " ELSE " + args.back()->ToSql();
      return out + " END";
    }
    case Kind::kSubquery:
      return "(" + subquery->ToSql() + ")";
    case Kind::kExists:
      return "EXISTS (" + subquery->ToSql() + ")";
    case Kind::kQuantified:
      return StrCat("(", args[0]->ToSql(), " ", op, " ", quantifier, " (", subquery->ToSql(), "))");
    case Kind::kExtract:
      return StrCat("EXTRACT(", text, " FROM ", args[0]->ToSql(), ")");
    case Kind::kAtTimeZone:
      return args.size() > 1
                 ? StrCat("(", args[0]->ToSql(), " AT TIME ZONE ", args[1]->ToSql(), ")")
                 : StrCat("(", args[0]->ToSql(), " AT LOCAL)");
    case Kind::kSubscript:
      return StrCat(args[0]->ToSql(), "[", args[1]->ToSql(), "]");
    case Kind::kDereference:
      // A literal base is parenthesized: "5.x" would lex as a number.
      return args[0]->kind == Kind::kLiteral ? StrCat("(", args[0]->ToSql(), ").", Ident(text))
                                             : StrCat(args[0]->ToSql(), ".", Ident(text));
    case Kind::kArray:
      return "ARRAY[" + Exprs(args) + "]";
    case Kind::kRow:
      return name.empty() && args.size() > 1 ? "(" + Exprs(args) + ")" : "ROW(" + Exprs(args) + ")";
    case Kind::kInterval:
      return StrCat("INTERVAL ", op == "-" ? "- " : "", Quote(text), " ", Upper(interval_from),
                    interval_to.empty() ? "" : " TO " + Upper(interval_to));
    case Kind::kParameter:
      return "?";
    case Kind::kLambda:
      return StrCat("(", Join(lambda_params, [](const std::string& p) { return Ident(p); }),
                    ") -> ", args[0]->ToSql());
    case Kind::kCurrent:
      return type.parameters.empty() ? Upper(text)
                                     : StrCat(Upper(text), "(", type.parameters[0], ")");
  }
  return "";
}

std::string Relation::ToSql() const {
  std::string out;
  switch (kind) {
    case Kind::kTable:
      out = name.ToSql();
      if (version != Version::kNone) {
        out += version == Version::kVersion ? " FOR VERSION AS OF " : " FOR TIMESTAMP AS OF ";
        out += version_expr->ToSql();
      }
      break;
    case Kind::kSubquery:
      out = "(" + subquery->ToSql() + ")";
      break;
    case Kind::kJoin: {
      const char* type = join_type == JoinType::kCross   ? " CROSS JOIN "
                         : join_type == JoinType::kLeft  ? " LEFT JOIN "
                         : join_type == JoinType::kRight ? " RIGHT JOIN "
                         : join_type == JoinType::kFull  ? " FULL JOIN "
                                                         : " JOIN ";
      out = "(" + left->ToSql() + type + right->ToSql();
      if (on) out += " ON " + on->ToSql();
      if (!using_columns.empty())
        out +=
            " USING (" + Join(using_columns, [](const std::string& c) { return Ident(c); }) + ")";
      out += ")";
      break;
    }
    case Kind::kValues:
      out = "(VALUES " + Rows(values) + ")";
      break;
    case Kind::kFunction:
      if (name.parts.size() == 1 && name.parts[0] == "unnest") {
        out = "UNNEST(" + Exprs(function_args) + ")" + (with_ordinality ? " WITH ORDINALITY" : "");
      } else {
        out = "TABLE(" + name.ToSql() + "(";
        for (size_t i = 0; i < table_args.size(); ++i) {
          const TableArgument& a = table_args[i];
          if (i > 0) out += ", ";
          if (!a.name.empty()) out += Ident(a.name) + " => ";
          if (!a.is_descriptor) {
            out += a.value->ToSql();
            continue;
          }
          out += "DESCRIPTOR(" +
                 Join(a.descriptor,
                      [](const ColumnDefinition& c) {
                        return c.type.name.empty() ? Ident(c.name)
                                                   : Ident(c.name) + " " + c.type.ToSql();
                      }) +
                 ")";
        }
        out += "))";
      }
      break;
  }
  if (!alias.empty()) {
    out += " AS " + Ident(alias);
    if (!column_aliases.empty())
      out += " (" + Join(column_aliases, [](const std::string& c) { return Ident(c); }) + ")";
  }
  return out;
}

std::string QueryBody::ToSql() const {
  switch (kind) {
    case Kind::kSelect: {
      const QuerySpec& s = *select;
      std::string out = s.distinct ? "SELECT DISTINCT " : "SELECT ";
      out += Join(s.select, [](const SelectItem& item) {
        return item.alias.empty() ? item.expr->ToSql()
                                  : item.expr->ToSql() + " AS " + Ident(item.alias);
      });
      if (!s.from.empty())
        out += " FROM " + Join(s.from, [](const RelationPtr& r) { return r->ToSql(); });
      if (s.where) out += " WHERE " + s.where->ToSql();
      if (!s.group_by.empty()) {
        out += s.group_by_distinct ? " GROUP BY DISTINCT " : " GROUP BY ";
        out += Join(s.group_by, [](const GroupingElement& g) {
          switch (g.kind) {
            case GroupingElement::Kind::kSimple:
              return Exprs(g.exprs);
            case GroupingElement::Kind::kRollup:
              return "ROLLUP (" + Exprs(g.exprs) + ")";
            case GroupingElement::Kind::kCube:
              return "CUBE (" + Exprs(g.exprs) + ")";
            case GroupingElement::Kind::kGroupingSets:
              return "GROUPING SETS (" +
                     Join(g.sets,
                          [](const std::vector<ExprPtr>& set) { return "(" + Exprs(set) + ")"; }) +
                     ")";
          }
          return std::string();
        });
      }
      if (s.having) out += " HAVING " + s.having->ToSql();
      if (!s.windows.empty()) {
        out += " WINDOW " + Join(s.windows, [](const std::pair<std::string, WindowSpec>& w) {
                 return Ident(w.first) + " AS " + Window(w.second);
               });
      }
      return out;
    }
    case Kind::kValues:
      return "VALUES " + Rows(values);
    case Kind::kQuery:
      return "(" + query->ToSql() + ")";
    case Kind::kTable:
      return "TABLE " + table.ToSql();
    case Kind::kSetOperation: {
      // Operands that are set operations themselves keep their grouping.
      auto operand = [](const QueryBody& b) {
        return b.kind == Kind::kSetOperation ? "(" + b.ToSql() + ")" : b.ToSql();
      };
      return StrCat(operand(*left), " ", set_op, set_all ? " ALL " : " ", operand(*right));
    }
  }
  return "";
}

std::string Query::ToSql() const {
  std::string out;
  if (!with.empty()) {
    out = with_recursive ? "WITH RECURSIVE " : "WITH ";
    out += Join(with, [](const WithQuery& w) {
      std::string cols =
          w.column_names.empty()
              ? ""
              : " (" + Join(w.column_names, [](const std::string& c) { return Ident(c); }) + ")";
      return Ident(w.name) + cols + " AS (" + w.query->ToSql() + ")";
    });
    out += " ";
  }
  out += body->ToSql();
  if (!order_by.empty()) out += " ORDER BY " + SortItems(order_by);
  if (offset) out += " OFFSET " + offset->ToSql() + " ROWS";
  if (limit)
    out += with_ties ? " FETCH FIRST " + limit->ToSql() + " ROWS WITH TIES"
                     : " LIMIT " + limit->ToSql();
  return out;
}

Statement::Statement() = default;
Statement::~Statement() = default;

std::string Statement::ToSql() const {
  auto with = [&]() -> std::string {
    if (properties.empty()) return "";
    return " WITH (" +
           Join(
               properties,
               [](const Property& p) { return StrCat(Ident(p.name), " = ", p.value->ToSql()); },
               ", ") +
           ")";
  };
  auto like = [&]() { return has_like ? " LIKE " + Quote(like_pattern) : std::string(); };
  auto names = [&]() {
    return column_names.empty()
               ? std::string()
               : " (" +
                     Join(
                         column_names, [](const std::string& c) { return Ident(c); }, ", ") +
                     ")";
  };
  const std::string comment_sql = has_comment ? " COMMENT " + Quote(comment) : "";
  switch (kind) {
    case Kind::kQuery:
      return query->ToSql();
    case Kind::kExplain:
      return StrCat("EXPLAIN ", explain_analyze ? "ANALYZE " : "",
                    explain_type.empty() ? "" : "(TYPE " + explain_type + ") ", explained->ToSql());
    case Kind::kCreateSchema:
      return StrCat("CREATE SCHEMA ", if_not_exists ? "IF NOT EXISTS " : "", name.ToSql(), with());
    case Kind::kDropSchema:
      return StrCat("DROP SCHEMA ", if_exists ? "IF EXISTS " : "", name.ToSql(),
                    cascade ? " CASCADE" : "");
    case Kind::kCreateTable: {
      std::string cols = Join(
          columns,
          [](const ColumnDefinition& c) {
            return StrCat(Ident(c.name), " ", Upper(c.type.ToSql()), c.not_null ? " NOT NULL" : "",
                          c.comment.empty() ? "" : " COMMENT " + Quote(c.comment));
          },
          ", ");
      return StrCat("CREATE TABLE ", if_not_exists ? "IF NOT EXISTS " : "", name.ToSql(), " (",
                    cols, ")", comment_sql, with());
    }
    case Kind::kCreateTableAs:
      return StrCat("CREATE TABLE ", if_not_exists ? "IF NOT EXISTS " : "", name.ToSql(), names(),
                    comment_sql, with(), " AS ", query->ToSql(), with_data ? "" : " WITH NO DATA");
    case Kind::kDropTable:
      return StrCat("DROP TABLE ", if_exists ? "IF EXISTS " : "", name.ToSql());
    case Kind::kInsert:
      return StrCat("INSERT INTO ", name.ToSql(), names(), " ", query->ToSql());
    case Kind::kUse:
      return "USE " + name.ToSql();
    case Kind::kShowCatalogs:
      return "SHOW CATALOGS" + like();
    case Kind::kShowSchemas:
      return StrCat("SHOW SCHEMAS", name.empty() ? "" : " FROM " + name.ToSql(), like());
    case Kind::kShowTables:
      return StrCat("SHOW TABLES", name.empty() ? "" : " FROM " + name.ToSql(), like());
    case Kind::kShowColumns:
      return "SHOW COLUMNS FROM " + name.ToSql();
    case Kind::kShowCreateTable:
      return "SHOW CREATE TABLE " + name.ToSql();
    case Kind::kShowSession:
      return "SHOW SESSION" + like();
    case Kind::kShowFunctions:
      return "SHOW FUNCTIONS" + like();
    case Kind::kSetSession:
      return StrCat("SET SESSION ", name.ToSql(), " = ", value->ToSql());
    case Kind::kResetSession:
      return "RESET SESSION " + name.ToSql();
  }
  return "";
}

}  // namespace floe::sql
