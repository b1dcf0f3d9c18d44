#include "sql/parser/parser.h"

#include <set>
#include <type_traits>

#include "common/str_cat.h"
#include "sql/parser/lexer.h"

namespace floe::sql {

namespace {

using Kind = Token::Kind;

constexpr int kMaxDepth = 200;

// Words that end an expression or relation and so cannot be an alias.
bool IsClauseWord(std::string_view w) {
  static const std::set<std::string_view> kWords = {
      "from",  "where", "group",     "having", "order",   "limit",      "offset",
      "fetch", "union", "intersect", "except", "on",      "using",      "join",
      "inner", "left",  "right",     "full",   "cross",   "natural",    "window",
      "when",  "then",  "else",      "end",    "and",     "or",         "for",
      "with",  "as",    "select",    "values", "lateral", "tablesample"};
  return kWords.count(w) != 0;
}

class Parser {
 public:
  explicit Parser(std::vector<Token> tokens) : t_(std::move(tokens)) {}

  Result<std::unique_ptr<sql::Statement>> StatementRule() {
    auto stmt = std::make_unique<sql::Statement>();
    stmt->pos = Peek().pos;
    if (Peek().IsKeyword("explain")) {
      Next();
      stmt->kind = sql::Statement::Kind::kExplain;
      if (Peek().IsKeyword("analyze")) {
        Next();
        stmt->explain_analyze = true;
        if (Peek().IsKeyword("verbose")) Next();
      }
      if (Peek().IsOp("(") && (Peek(1).IsKeyword("type") || Peek(1).IsKeyword("format"))) {
        Next();
        do {
          if (Peek().IsKeyword("type")) {
            Next();
            FLOE_ASSIGN_OR_RETURN(std::string type, Word("an EXPLAIN type"));
            for (auto& c : type) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
            if (type != "LOGICAL" && type != "DISTRIBUTED" && type != "IO" && type != "VALIDATE") {
              return Error(Prev(), "LOGICAL, DISTRIBUTED, IO or VALIDATE");
            }
            stmt->explain_type = type;
          } else if (Peek().IsKeyword("format")) {
            Next();
            FLOE_RETURN_NOT_OK(Word("an EXPLAIN format").status());
          } else {
            return Error(Peek(), "TYPE, FORMAT");
          }
        } while (Accept(","));
        FLOE_RETURN_NOT_OK(Expect(")"));
      }
      FLOE_ASSIGN_OR_RETURN(stmt->explained, StatementRule());
      return stmt;
    }
    if (!StartsQuery()) {
      FLOE_ASSIGN_OR_RETURN(bool other, OtherStatement(stmt.get()));
      if (other) return stmt;
      return Error(Peek(),
                   "SELECT, WITH, VALUES, TABLE, EXPLAIN, CREATE, DROP, INSERT, USE, SHOW, "
                   "DESCRIBE, SET, RESET, '('");
    }
    FLOE_ASSIGN_OR_RETURN(stmt->query, QueryRule());
    return stmt;
  }

  // ---- DDL, DML and session statements ----
  // Parses the statement at the cursor into `stmt` when it is one of them;
  // false (nothing consumed) when the first word starts none.
  Result<bool> OtherStatement(sql::Statement* stmt) {
    using K = sql::Statement::Kind;
    if (AcceptKeyword("create")) {
      if (AcceptKeyword("schema")) {
        stmt->kind = K::kCreateSchema;
        FLOE_RETURN_NOT_OK(IfNotExists(stmt));
        FLOE_ASSIGN_OR_RETURN(stmt->name, Name());
        FLOE_RETURN_NOT_OK(Properties(stmt));
        return true;
      }
      FLOE_RETURN_NOT_OK(ExpectKeyword("table"));
      FLOE_RETURN_NOT_OK(IfNotExists(stmt));
      FLOE_ASSIGN_OR_RETURN(stmt->name, Name());
      stmt->kind = K::kCreateTableAs;
      if (Peek().IsOp("(")) {
        // `(a, b)` names CTAS columns; `(a bigint, ...)` defines columns.
        if (PeekIdentifier(1) && (Peek(2).IsOp(",") || Peek(2).IsOp(")"))) {
          Next();
          FLOE_ASSIGN_OR_RETURN(stmt->column_names, IdentifierList());
        } else {
          Next();
          stmt->kind = K::kCreateTable;
          do {
            ColumnDefinition c;
            c.pos = Peek().pos;
            FLOE_ASSIGN_OR_RETURN(c.name, Identifier());
            FLOE_ASSIGN_OR_RETURN(c.type, Type());
            if (AcceptKeyword("not")) {
              FLOE_RETURN_NOT_OK(ExpectKeyword("null"));
              c.not_null = true;
            }
            if (AcceptKeyword("comment")) {
              FLOE_ASSIGN_OR_RETURN(c.comment, StringLiteral());
            }
            stmt->columns.push_back(std::move(c));
          } while (Accept(","));
          FLOE_RETURN_NOT_OK(Expect(")"));
        }
      }
      if (AcceptKeyword("comment")) {
        FLOE_ASSIGN_OR_RETURN(stmt->comment, StringLiteral());
        stmt->has_comment = true;
      }
      FLOE_RETURN_NOT_OK(Properties(stmt));
      if (stmt->kind == K::kCreateTable) return true;
      FLOE_RETURN_NOT_OK(ExpectKeyword("as"));
      FLOE_ASSIGN_OR_RETURN(stmt->query, QueryRule());
      if (Peek().IsKeyword("with") && (Peek(1).IsKeyword("no") || Peek(1).IsKeyword("data"))) {
        Next();
        stmt->with_data = !AcceptKeyword("no");
        FLOE_RETURN_NOT_OK(ExpectKeyword("data"));
      }
      return true;
    }
    if (AcceptKeyword("drop")) {
      const bool schema = AcceptKeyword("schema");
      if (!schema) FLOE_RETURN_NOT_OK(ExpectKeyword("table"));
      stmt->kind = schema ? K::kDropSchema : K::kDropTable;
      if (AcceptKeyword("if")) {
        FLOE_RETURN_NOT_OK(ExpectKeyword("exists"));
        stmt->if_exists = true;
      }
      FLOE_ASSIGN_OR_RETURN(stmt->name, Name());
      if (schema) {
        if (AcceptKeyword("cascade")) {
          stmt->cascade = true;
        } else {
          AcceptKeyword("restrict");
        }
      }
      return true;
    }
    if (AcceptKeyword("insert")) {
      FLOE_RETURN_NOT_OK(ExpectKeyword("into"));
      stmt->kind = K::kInsert;
      FLOE_ASSIGN_OR_RETURN(stmt->name, Name());
      // `(a, b) SELECT` lists columns; `(SELECT ...)` is the query.
      if (Peek().IsOp("(") && PeekIdentifier(1) && (Peek(2).IsOp(",") || Peek(2).IsOp(")"))) {
        Next();
        FLOE_ASSIGN_OR_RETURN(stmt->column_names, IdentifierList());
      }
      if (!StartsQuery()) return Error(Peek(), "SELECT, WITH, VALUES, TABLE, '('");
      FLOE_ASSIGN_OR_RETURN(stmt->query, QueryRule());
      return true;
    }
    if (AcceptKeyword("use")) {
      stmt->kind = K::kUse;
      FLOE_ASSIGN_OR_RETURN(stmt->name, Name());
      return true;
    }
    if (AcceptKeyword("describe") || AcceptKeyword("desc")) {
      stmt->kind = K::kShowColumns;
      FLOE_ASSIGN_OR_RETURN(stmt->name, Name());
      return true;
    }
    if (AcceptKeyword("show")) {
      if (AcceptKeyword("catalogs")) {
        stmt->kind = K::kShowCatalogs;
      } else if (AcceptKeyword("schemas")) {
        stmt->kind = K::kShowSchemas;
        if (AcceptKeyword("from") || AcceptKeyword("in")) {
          FLOE_ASSIGN_OR_RETURN(stmt->name, Name());
        }
      } else if (AcceptKeyword("tables")) {
        stmt->kind = K::kShowTables;
        if (AcceptKeyword("from") || AcceptKeyword("in")) {
          FLOE_ASSIGN_OR_RETURN(stmt->name, Name());
        }
      } else if (AcceptKeyword("columns")) {
        stmt->kind = K::kShowColumns;
        if (!AcceptKeyword("from")) FLOE_RETURN_NOT_OK(ExpectKeyword("in"));
        FLOE_ASSIGN_OR_RETURN(stmt->name, Name());
        return true;
      } else if (AcceptKeyword("create")) {
        FLOE_RETURN_NOT_OK(ExpectKeyword("table"));
        stmt->kind = K::kShowCreateTable;
        FLOE_ASSIGN_OR_RETURN(stmt->name, Name());
        return true;
      } else if (AcceptKeyword("session")) {
        stmt->kind = K::kShowSession;
      } else if (AcceptKeyword("functions")) {
        stmt->kind = K::kShowFunctions;
      } else {
        return Error(Peek(), "CATALOGS, SCHEMAS, TABLES, COLUMNS, CREATE, SESSION, FUNCTIONS");
      }
      if (AcceptKeyword("like")) {
        FLOE_ASSIGN_OR_RETURN(stmt->like_pattern, StringLiteral());
        stmt->has_like = true;
      }
      return true;
    }
    if (AcceptKeyword("set")) {
      FLOE_RETURN_NOT_OK(ExpectKeyword("session"));
      stmt->kind = K::kSetSession;
      FLOE_ASSIGN_OR_RETURN(stmt->name, Name());
      FLOE_RETURN_NOT_OK(Expect("="));
      FLOE_ASSIGN_OR_RETURN(stmt->value, Expression());
      return true;
    }
    if (AcceptKeyword("reset")) {
      FLOE_RETURN_NOT_OK(ExpectKeyword("session"));
      stmt->kind = K::kResetSession;
      FLOE_ASSIGN_OR_RETURN(stmt->name, Name());
      return true;
    }
    return false;
  }

  Status IfNotExists(sql::Statement* stmt) {
    if (!AcceptKeyword("if")) return Status::OK();
    FLOE_RETURN_NOT_OK(ExpectKeyword("not"));
    FLOE_RETURN_NOT_OK(ExpectKeyword("exists"));
    stmt->if_not_exists = true;
    return Status::OK();
  }

  // WITH (name = value, ...), when present.
  Status Properties(sql::Statement* stmt) {
    if (!Peek().IsKeyword("with") || !Peek(1).IsOp("(")) return Status::OK();
    Next();
    Next();
    do {
      Property p;
      p.pos = Peek().pos;
      FLOE_ASSIGN_OR_RETURN(p.name, Identifier());
      FLOE_RETURN_NOT_OK(Expect("="));
      FLOE_ASSIGN_OR_RETURN(p.value, Expression());
      stmt->properties.push_back(std::move(p));
    } while (Accept(","));
    return Expect(")");
  }

  Result<std::string> StringLiteral() {
    if (Peek().kind != Kind::kString) return Error(Peek(), "<string>");
    return Next().text;
  }

  Result<std::unique_ptr<sql::Statement>> Single() {
    FLOE_ASSIGN_OR_RETURN(auto stmt, StatementRule());
    Accept(";");
    if (Peek().kind != Kind::kEnd) return Error(Peek(), "<EOF>");
    return stmt;
  }

  Result<std::vector<std::unique_ptr<sql::Statement>>> Script() {
    std::vector<std::unique_ptr<sql::Statement>> out;
    while (true) {
      while (Accept(";")) {
      }
      if (Peek().kind == Kind::kEnd) return out;
      FLOE_ASSIGN_OR_RETURN(auto stmt, StatementRule());
      out.push_back(std::move(stmt));
      if (Peek().kind != Kind::kEnd && !Peek().IsOp(";")) return Error(Peek(), "';', <EOF>");
    }
  }

  Result<ExprPtr> StandaloneExpression() {
    FLOE_ASSIGN_OR_RETURN(ExprPtr e, Expression());
    if (Peek().kind != Kind::kEnd) return Error(Peek(), "<EOF>");
    return e;
  }

 private:
  // ---- tokens ----
  const Token& Peek(size_t ahead = 0) const {
    size_t k = std::min(pos_ + ahead, t_.size() - 1);
    return t_[k];
  }
  const Token& Prev() const { return t_[pos_ > 0 ? pos_ - 1 : 0]; }
  const Token& Next() {
    const Token& tok = t_[pos_];
    if (pos_ + 1 < t_.size()) ++pos_;
    return tok;
  }
  bool Accept(std::string_view op) {
    if (!Peek().IsOp(op)) return false;
    Next();
    return true;
  }
  bool AcceptKeyword(std::string_view kw) {
    if (!Peek().IsKeyword(kw)) return false;
    Next();
    return true;
  }
  Status Expect(std::string_view op) {
    if (Accept(op)) return Status::OK();
    return Error(Peek(), StrCat("'", op, "'"));
  }
  Status ExpectKeyword(std::string_view kw) {
    if (AcceptKeyword(kw)) return Status::OK();
    std::string upper(kw);
    for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return Error(Peek(), upper);
  }
  static Status Error(const Token& tok, std::string_view expecting) {
    return Status::Invalid("line ", tok.pos.line, ":", tok.pos.column, ": mismatched input '",
                           tok.raw, "'. Expecting: ", expecting);
  }
  // A plain word (identifier, not quoted), for option values.
  Result<std::string> Word(std::string_view what) {
    if (Peek().kind != Kind::kIdentifier) return Error(Peek(), what);
    return Next().text;
  }
  // An identifier: unquoted (not reserved) or quoted.
  Result<std::string> Identifier() {
    const Token& tok = Peek();
    if (tok.kind == Kind::kQuotedIdentifier) return Next().text;
    if (tok.kind == Kind::kIdentifier && !IsReservedWord(tok.text)) return Next().text;
    return Error(tok, "<identifier>");
  }
  bool PeekIdentifier(size_t ahead = 0) const {
    const Token& tok = Peek(ahead);
    return tok.kind == Kind::kQuotedIdentifier ||
           (tok.kind == Kind::kIdentifier && !IsReservedWord(tok.text));
  }
  Result<QualifiedName> Name() {
    QualifiedName n;
    FLOE_ASSIGN_OR_RETURN(std::string first, Identifier());
    n.parts.push_back(std::move(first));
    while (Peek().IsOp(".") && PeekIdentifier(1)) {
      Next();
      FLOE_ASSIGN_OR_RETURN(std::string part, Identifier());
      n.parts.push_back(std::move(part));
    }
    return n;
  }
  bool StartsQuery() const {
    const Token& tok = Peek();
    return tok.IsKeyword("select") || tok.IsKeyword("with") || tok.IsKeyword("values") ||
           tok.IsKeyword("table") || tok.IsOp("(");
  }

  struct DepthGuard {
    Parser* p;
    explicit DepthGuard(Parser* parser) : p(parser) { ++p->depth_; }
    ~DepthGuard() { --p->depth_; }
  };
  Status CheckDepth() const {
    if (depth_ > kMaxDepth) {
      return Status::Invalid("line ", Peek().pos.line, ":", Peek().pos.column,
                             ": the statement nests deeper than ", kMaxDepth, " levels");
    }
    return Status::OK();
  }

  // ---- queries ----
  // A subquery of an expression: parses it and gives `holder` its height.
  Result<std::unique_ptr<sql::Query>> SubqueryRule(Expr* holder) {
    int inner = 0;
    auto q = Measured([&] { return QueryRule(); }, &inner);
    holder->height = std::max(holder->height, inner + 1);
    return q;
  }

  Result<std::unique_ptr<sql::Query>> QueryRule() {
    DepthGuard guard(this);
    FLOE_RETURN_NOT_OK(CheckDepth());
    auto q = std::make_unique<sql::Query>();
    q->pos = Peek().pos;
    if (AcceptKeyword("with")) {
      q->with_recursive = AcceptKeyword("recursive");
      do {
        WithQuery w;
        FLOE_ASSIGN_OR_RETURN(w.name, Identifier());
        if (Accept("(")) {
          FLOE_ASSIGN_OR_RETURN(w.column_names, IdentifierList());
        }
        FLOE_RETURN_NOT_OK(ExpectKeyword("as"));
        FLOE_RETURN_NOT_OK(Expect("("));
        FLOE_ASSIGN_OR_RETURN(w.query, QueryRule());
        FLOE_RETURN_NOT_OK(Expect(")"));
        q->with.push_back(std::move(w));
      } while (Accept(","));
    }
    FLOE_ASSIGN_OR_RETURN(q->body, QueryTerm(0));
    if (Peek().IsKeyword("order") && Peek(1).IsKeyword("by")) {
      Next();
      Next();
      FLOE_ASSIGN_OR_RETURN(q->order_by, SortItems());
    }
    if (AcceptKeyword("offset")) {
      FLOE_ASSIGN_OR_RETURN(q->offset, RowCount());
      if (!AcceptKeyword("rows")) AcceptKeyword("row");
    }
    if (AcceptKeyword("limit")) {
      if (!AcceptKeyword("all")) {
        FLOE_ASSIGN_OR_RETURN(q->limit, RowCount());
      }
    } else if (AcceptKeyword("fetch")) {
      if (!AcceptKeyword("first") && !AcceptKeyword("next")) return Error(Peek(), "FIRST, NEXT");
      if (Peek().kind == Kind::kInteger || Peek().kind == Kind::kParameter) {
        FLOE_ASSIGN_OR_RETURN(q->limit, RowCount());
      } else {
        q->limit = Literal(Expr::LiteralKind::kInteger, "1", Peek().pos);
      }
      if (!AcceptKeyword("rows") && !AcceptKeyword("row")) return Error(Peek(), "ROW, ROWS");
      if (AcceptKeyword("with")) {
        FLOE_RETURN_NOT_OK(ExpectKeyword("ties"));
        q->with_ties = true;
      } else {
        FLOE_RETURN_NOT_OK(ExpectKeyword("only"));
      }
    }
    return q;
  }

  Result<ExprPtr> RowCount() {
    const Token& tok = Peek();
    if (tok.kind == Kind::kInteger) {
      Next();
      return Literal(Expr::LiteralKind::kInteger, tok.text, tok.pos);
    }
    if (tok.kind == Kind::kParameter) return Primary();
    return Error(tok, "<integer>, '?'");
  }

  // Set operations: INTERSECT binds tighter than UNION and EXCEPT.
  Result<std::unique_ptr<QueryBody>> QueryTerm(int level) {
    int chain = 0;
    int bottom = 0;  // height of the chain's first operand
    auto operand = [&]() { return level == 0 ? QueryTerm(1) : QueryPrimary(); };
    FLOE_ASSIGN_OR_RETURN(std::unique_ptr<QueryBody> left, Measured(operand, &bottom));
    while (true) {
      const Token& tok = Peek();
      bool match = level == 0 ? (tok.IsKeyword("union") || tok.IsKeyword("except"))
                              : tok.IsKeyword("intersect");
      if (!match) return left;
      auto body = std::make_unique<QueryBody>();
      body->kind = QueryBody::Kind::kSetOperation;
      body->set_op = Next().text == "union"    ? "UNION"
                     : Prev().text == "except" ? "EXCEPT"
                                               : "INTERSECT";
      if (AcceptKeyword("all")) {
        body->set_all = true;
      } else {
        AcceptKeyword("distinct");
      }
      body->left = std::move(left);
      int right = 0;
      FLOE_ASSIGN_OR_RETURN(body->right, Measured(operand, &right));
      left = std::move(body);
      FLOE_RETURN_NOT_OK(ChainStep(++chain, std::max(bottom, right)));
    }
  }

  Result<std::unique_ptr<QueryBody>> QueryPrimary() {
    auto body = std::make_unique<QueryBody>();
    if (Peek().IsKeyword("select")) {
      body->kind = QueryBody::Kind::kSelect;
      FLOE_ASSIGN_OR_RETURN(body->select, QuerySpecification());
      return body;
    }
    if (AcceptKeyword("values")) {
      body->kind = QueryBody::Kind::kValues;
      FLOE_ASSIGN_OR_RETURN(body->values, ValuesRows());
      return body;
    }
    if (AcceptKeyword("table")) {
      body->kind = QueryBody::Kind::kTable;
      FLOE_ASSIGN_OR_RETURN(body->table, Name());
      return body;
    }
    if (Accept("(")) {
      body->kind = QueryBody::Kind::kQuery;
      FLOE_ASSIGN_OR_RETURN(body->query, QueryRule());
      FLOE_RETURN_NOT_OK(Expect(")"));
      return body;
    }
    return Error(Peek(), "SELECT, VALUES, TABLE, '('");
  }

  Result<std::vector<std::vector<ExprPtr>>> ValuesRows() {
    std::vector<std::vector<ExprPtr>> rows;
    do {
      std::vector<ExprPtr> row;
      // A parenthesized list is a row; a lone expression a one-column row.
      FLOE_ASSIGN_OR_RETURN(ExprPtr e, Expression());
      if (e->kind == Expr::Kind::kRow && e->name.empty()) {
        row = std::move(e->args);
      } else {
        row.push_back(std::move(e));
      }
      rows.push_back(std::move(row));
    } while (Accept(","));
    return rows;
  }

  Result<std::unique_ptr<QuerySpec>> QuerySpecification() {
    auto spec = std::make_unique<QuerySpec>();
    FLOE_RETURN_NOT_OK(ExpectKeyword("select"));
    if (AcceptKeyword("distinct")) {
      spec->distinct = true;
    } else {
      AcceptKeyword("all");
    }
    do {
      SelectItem item;
      if (Peek().IsOp("*")) {
        item.expr = Make(Expr::Kind::kStar, Next().pos);
      } else if (PeekIdentifier() && Peek(1).IsOp(".") && Peek(2).IsOp("*")) {
        // t.* (and catalog.schema.t.*)
        Position p = Peek().pos;
        QualifiedName n;
        while (PeekIdentifier() && Peek(1).IsOp(".")) {
          FLOE_ASSIGN_OR_RETURN(std::string part, Identifier());
          n.parts.push_back(part);
          Next();  // .
          if (Peek().IsOp("*")) break;
        }
        FLOE_RETURN_NOT_OK(Expect("*"));
        item.expr = Make(Expr::Kind::kStar, p);
        item.expr->name = std::move(n);
      } else {
        FLOE_ASSIGN_OR_RETURN(item.expr, Expression());
        FLOE_ASSIGN_OR_RETURN(item.alias, OptionalAlias());
      }
      spec->select.push_back(std::move(item));
    } while (Accept(","));
    if (AcceptKeyword("from")) {
      do {
        FLOE_ASSIGN_OR_RETURN(RelationPtr r, JoinedRelation());
        spec->from.push_back(std::move(r));
      } while (Accept(","));
    }
    if (AcceptKeyword("where")) {
      FLOE_ASSIGN_OR_RETURN(spec->where, Expression());
    }
    if (Peek().IsKeyword("group") && Peek(1).IsKeyword("by")) {
      Next();
      Next();
      if (AcceptKeyword("distinct")) {
        spec->group_by_distinct = true;
      } else {
        AcceptKeyword("all");
      }
      do {
        FLOE_ASSIGN_OR_RETURN(GroupingElement g, Grouping());
        spec->group_by.push_back(std::move(g));
      } while (Accept(","));
    }
    if (AcceptKeyword("having")) {
      FLOE_ASSIGN_OR_RETURN(spec->having, Expression());
    }
    if (AcceptKeyword("window")) {
      do {
        FLOE_ASSIGN_OR_RETURN(std::string name, Identifier());
        FLOE_RETURN_NOT_OK(ExpectKeyword("as"));
        FLOE_RETURN_NOT_OK(Expect("("));
        FLOE_ASSIGN_OR_RETURN(auto w, WindowBody());
        spec->windows.emplace_back(std::move(name), std::move(*w));
      } while (Accept(","));
    }
    return spec;
  }

  Result<GroupingElement> Grouping() {
    GroupingElement g;
    auto list = [&](std::vector<ExprPtr>* out) -> Status {
      FLOE_RETURN_NOT_OK(Expect("("));
      if (Accept(")")) return Status::OK();
      do {
        FLOE_ASSIGN_OR_RETURN(ExprPtr e, Expression());
        out->push_back(std::move(e));
      } while (Accept(","));
      return Expect(")");
    };
    if (AcceptKeyword("rollup")) {
      g.kind = GroupingElement::Kind::kRollup;
      FLOE_RETURN_NOT_OK(list(&g.exprs));
      return g;
    }
    if (AcceptKeyword("cube")) {
      g.kind = GroupingElement::Kind::kCube;
      FLOE_RETURN_NOT_OK(list(&g.exprs));
      return g;
    }
    if (Peek().IsKeyword("grouping") && Peek(1).IsKeyword("sets")) {
      Next();
      Next();
      g.kind = GroupingElement::Kind::kGroupingSets;
      FLOE_RETURN_NOT_OK(Expect("("));
      do {
        std::vector<ExprPtr> set;
        if (Peek().IsOp("(")) {
          FLOE_RETURN_NOT_OK(list(&set));
        } else {
          FLOE_ASSIGN_OR_RETURN(ExprPtr e, Expression());
          set.push_back(std::move(e));
        }
        g.sets.push_back(std::move(set));
      } while (Accept(","));
      FLOE_RETURN_NOT_OK(Expect(")"));
      return g;
    }
    FLOE_ASSIGN_OR_RETURN(ExprPtr e, Expression());
    g.exprs.push_back(std::move(e));
    return g;
  }

  Result<std::vector<std::string>> IdentifierList() {  // after '('
    std::vector<std::string> out;
    do {
      FLOE_ASSIGN_OR_RETURN(std::string id, Identifier());
      out.push_back(std::move(id));
    } while (Accept(","));
    FLOE_RETURN_NOT_OK(Expect(")"));
    return out;
  }

  // [AS] alias, where an alias is an identifier that is not a clause word.
  Result<std::string> OptionalAlias() {
    if (AcceptKeyword("as")) return Identifier();
    if (Peek().kind == Kind::kQuotedIdentifier) return Next().text;
    if (Peek().kind == Kind::kIdentifier && !IsReservedWord(Peek().text) &&
        !IsClauseWord(Peek().text)) {
      return Next().text;
    }
    return std::string();
  }

  // ---- relations ----
  Result<RelationPtr> JoinedRelation() {
    DepthGuard guard(this);
    FLOE_RETURN_NOT_OK(CheckDepth());
    int bottom = 0;  // height of the first relation
    FLOE_ASSIGN_OR_RETURN(RelationPtr left, Measured([&] { return AliasedRelation(); }, &bottom));
    FLOE_RETURN_NOT_OK(ChainStep(0, bottom));
    int chain = 0;
    while (true) {
      Relation::JoinType type;
      const Token& tok = Peek();
      if (tok.IsKeyword("cross") && Peek(1).IsKeyword("join")) {
        Next();
        Next();
        type = Relation::JoinType::kCross;
      } else if (tok.IsKeyword("join") || (tok.IsKeyword("inner") && Peek(1).IsKeyword("join"))) {
        if (tok.IsKeyword("inner")) Next();
        Next();
        type = Relation::JoinType::kInner;
      } else if (tok.IsKeyword("left") || tok.IsKeyword("right") || tok.IsKeyword("full")) {
        type = tok.IsKeyword("left")    ? Relation::JoinType::kLeft
               : tok.IsKeyword("right") ? Relation::JoinType::kRight
                                        : Relation::JoinType::kFull;
        Next();
        AcceptKeyword("outer");
        FLOE_RETURN_NOT_OK(ExpectKeyword("join"));
      } else if (tok.IsKeyword("natural")) {
        return Status::NotSupported("line ", tok.pos.line, ":", tok.pos.column,
                                    ": NATURAL JOIN is not supported");
      } else {
        return left;
      }
      auto join = std::make_unique<Relation>();
      join->kind = Relation::Kind::kJoin;
      join->pos = tok.pos;
      join->join_type = type;
      join->left = std::move(left);
      int branch = 0;
      Status parsed = Measured(
          [&]() -> Status {
            FLOE_ASSIGN_OR_RETURN(join->right, AliasedRelation());
            if (type != Relation::JoinType::kCross) {
              if (AcceptKeyword("on")) {
                FLOE_ASSIGN_OR_RETURN(join->on, Expression());
              } else if (AcceptKeyword("using")) {
                FLOE_RETURN_NOT_OK(Expect("("));
                FLOE_ASSIGN_OR_RETURN(join->using_columns, IdentifierList());
              } else {
                return Error(Peek(), "ON, USING");
              }
            }
            return Status::OK();
          },
          &branch);
      FLOE_RETURN_NOT_OK(parsed);
      left = std::move(join);
      FLOE_RETURN_NOT_OK(ChainStep(++chain, std::max(bottom, branch)));
    }
  }

  Result<RelationPtr> AliasedRelation() {
    FLOE_ASSIGN_OR_RETURN(RelationPtr r, RelationPrimary());
    FLOE_ASSIGN_OR_RETURN(r->alias, OptionalAlias());
    if (!r->alias.empty() && Accept("(")) {
      FLOE_ASSIGN_OR_RETURN(r->column_aliases, IdentifierList());
    }
    return r;
  }

  Result<RelationPtr> RelationPrimary() {
    auto r = std::make_unique<Relation>();
    r->pos = Peek().pos;
    if (Peek().IsOp("(")) {
      // ( query ) or ( relation )
      const bool is_query = ParenthesizedIsQuery(pos_);
      Next();
      if (is_query) {
        r->kind = Relation::Kind::kSubquery;
        FLOE_ASSIGN_OR_RETURN(r->subquery, QueryRule());
        FLOE_RETURN_NOT_OK(Expect(")"));
        return r;
      }
      FLOE_ASSIGN_OR_RETURN(RelationPtr inner, JoinedRelation());
      FLOE_RETURN_NOT_OK(Expect(")"));
      return inner;
    }
    if (AcceptKeyword("lateral")) {
      FLOE_RETURN_NOT_OK(Expect("("));
      r->kind = Relation::Kind::kSubquery;
      FLOE_ASSIGN_OR_RETURN(r->subquery, QueryRule());
      FLOE_RETURN_NOT_OK(Expect(")"));
      return r;
    }
    if (Peek().IsKeyword("unnest")) {
      Next();
      r->kind = Relation::Kind::kFunction;
      r->name.parts = {"unnest"};
      FLOE_RETURN_NOT_OK(Expect("("));
      FLOE_ASSIGN_OR_RETURN(r->function_args, ExpressionList(")"));
      if (Peek().IsKeyword("with") && Peek(1).IsKeyword("ordinality")) {
        Next();
        Next();
        r->with_ordinality = true;
      }
      return r;
    }
    if (Peek().IsKeyword("table") && Peek(1).IsOp("(")) {
      // TABLE(function(...)): a table function call.
      Next();
      Next();
      r->kind = Relation::Kind::kFunction;
      FLOE_ASSIGN_OR_RETURN(r->name, Name());
      FLOE_RETURN_NOT_OK(Expect("("));
      FLOE_ASSIGN_OR_RETURN(r->table_args, TableArguments());
      FLOE_RETURN_NOT_OK(Expect(")"));
      return r;
    }
    if (AcceptKeyword("values")) {
      r->kind = Relation::Kind::kValues;
      FLOE_ASSIGN_OR_RETURN(r->values, ValuesRows());
      return r;
    }
    if (!PeekIdentifier())
      return Error(Peek(), "<identifier>, '(', LATERAL, UNNEST, TABLE, VALUES");
    FLOE_ASSIGN_OR_RETURN(r->name, Name());
    if (Accept("(")) {
      r->kind = Relation::Kind::kFunction;  // read_csv('...')
      FLOE_ASSIGN_OR_RETURN(r->table_args, TableArguments());
      return r;
    }
    r->kind = Relation::Kind::kTable;
    if (Peek().IsKeyword("for") &&
        (Peek(1).IsKeyword("version") || Peek(1).IsKeyword("timestamp")) &&
        Peek(2).IsKeyword("as") && Peek(3).IsKeyword("of")) {
      Next();
      r->version =
          Next().text == "version" ? Relation::Version::kVersion : Relation::Version::kTimestamp;
      Next();
      Next();
      FLOE_ASSIGN_OR_RETURN(r->version_expr, ValueExpression());
    }
    return r;
  }

  // The arguments of a table function call, after its '(' up to and
  // including the ')': `value`, `name => value` or `name => DESCRIPTOR(c
  // type, ...)`, as in Trino.
  Result<std::vector<TableArgument>> TableArguments() {
    std::vector<TableArgument> out;
    if (Accept(")")) return out;
    do {
      TableArgument a;
      a.pos = Peek().pos;
      if (Peek().kind == Token::Kind::kIdentifier && Peek(1).IsOp("=>")) {
        // Any word names an argument, reserved or not (skip => 1).
        a.name = Next().text;
        Next();
      } else if (PeekIdentifier() && Peek(1).IsOp("=>")) {
        FLOE_ASSIGN_OR_RETURN(a.name, Identifier());
        Next();
      }
      if (Peek().IsKeyword("descriptor") && Peek(1).IsOp("(")) {
        Next();
        Next();
        a.is_descriptor = true;
        do {
          ColumnDefinition c;
          c.pos = Peek().pos;
          FLOE_ASSIGN_OR_RETURN(c.name, Identifier());
          if (!Peek().IsOp(",") && !Peek().IsOp(")")) {
            FLOE_ASSIGN_OR_RETURN(c.type, Type());
          }
          a.descriptor.push_back(std::move(c));
        } while (Accept(","));
        FLOE_RETURN_NOT_OK(Expect(")"));
      } else {
        FLOE_ASSIGN_OR_RETURN(a.value, Expression());
      }
      out.push_back(std::move(a));
    } while (Accept(","));
    FLOE_RETURN_NOT_OK(Expect(")"));
    return out;
  }

  // The index of the ')' matching the '(' at `open`, or the end token.
  size_t MatchingParen(size_t open) const {
    int depth = 0;
    for (size_t k = open; k < t_.size(); ++k) {
      if (t_[k].IsOp("(")) ++depth;
      if (t_[k].IsOp(")") && --depth == 0) return k;
    }
    return t_.size() - 1;
  }

  // Whether the parentheses opening at `open` hold a query: "(SELECT ...)",
  // "((SELECT ...))", "((SELECT ...) UNION ...)" — and not an expression
  // that starts with a subquery, "((SELECT 1) + 1)", or a join,
  // "((a JOIN b) JOIN c)". Decided by looking ahead (linear per level), so
  // no backtracking.
  bool ParenthesizedIsQuery(size_t open) const {
    // Iterative, and bounded: deeper nesting is refused by the parser anyway.
    size_t k = open + 1;
    while (k < t_.size() && t_[k].IsOp("(") && k - open <= static_cast<size_t>(kMaxDepth)) ++k;
    if (k >= t_.size()) return false;
    const Token& first = t_[k];
    if (!first.IsKeyword("select") && !first.IsKeyword("with") && !first.IsKeyword("values") &&
        !first.IsKeyword("table")) {
      return false;
    }
    // From the innermost parentheses outward: each must close into the next
    // one, or be followed by what continues a query.
    for (size_t p = k - 1; p > open; --p) {
      const Token& after = t_[std::min(MatchingParen(p) + 1, t_.size() - 1)];
      if (after.IsOp(")")) continue;
      return after.IsKeyword("union") || after.IsKeyword("intersect") ||
             after.IsKeyword("except") || after.IsKeyword("order") || after.IsKeyword("limit") ||
             after.IsKeyword("offset") || after.IsKeyword("fetch");
    }
    return true;
  }

  // ---- expressions ----
  // Joins and set operations build left-deep trees too: the path from the
  // top of the chain to anything below a link of it is that link's
  // position plus what hangs from it, bounded like an expression's height.
  Status ChainStep(int position, int branch_height) {
    const int height = position + branch_height;
    max_height_ = std::max(max_height_, height);
    if (height > kMaxDepth * 5) {
      return Status::Invalid("line ", Peek().pos.line, ":", Peek().pos.column,
                             ": the statement nests deeper than ", kMaxDepth * 5, " operators");
    }
    return Status::OK();
  }

  // Runs `parse` and returns the height of what it built (tallest
  // expression or chain inside); the query's record keeps the tallest.
  template <typename F>
  std::invoke_result_t<F&> Measured(F&& parse, int* height) {
    const int outer = max_height_;
    max_height_ = 0;
    auto result = parse();
    *height = max_height_;
    max_height_ = std::max(outer, max_height_);
    return result;
  }

  // Sets e's height from its arguments; an operator chain taller than the
  // nesting limit ("1 + 1 + ... + 1" a hundred thousand times) is refused.
  // A node holding a subquery starts with the subquery's height (see
  // SubqueryRule); Grow is idempotent.
  Status Grow(Expr* e) {
    int h = e->height - 1;
    for (const auto& a : e->args) h = std::max(h, a->height);
    e->height = h + 1;
    max_height_ = std::max(max_height_, e->height);
    if (e->height > kMaxDepth * 5) {
      return Status::Invalid("line ", e->pos.line, ":", e->pos.column,
                             ": the statement nests deeper than ", kMaxDepth * 5, " operators");
    }
    return Status::OK();
  }

  static ExprPtr Make(Expr::Kind kind, Position pos) {
    auto e = std::make_unique<Expr>();
    e->kind = kind;
    e->pos = pos;
    return e;
  }
  static ExprPtr Literal(Expr::LiteralKind kind, std::string text, Position pos) {
    ExprPtr e = Make(Expr::Kind::kLiteral, pos);
    e->literal_kind = kind;
    e->text = std::move(text);
    return e;
  }
  static ExprPtr Binary(std::string op, ExprPtr l, ExprPtr r, Position pos) {
    ExprPtr e = Make(Expr::Kind::kBinary, pos);
    e->op = std::move(op);
    e->args.push_back(std::move(l));
    e->args.push_back(std::move(r));
    return e;
  }

  Result<std::vector<ExprPtr>> ExpressionList(std::string_view close) {  // after '('
    std::vector<ExprPtr> out;
    if (Accept(close)) return out;
    do {
      FLOE_ASSIGN_OR_RETURN(ExprPtr e, Expression());
      out.push_back(std::move(e));
    } while (Accept(","));
    FLOE_RETURN_NOT_OK(Expect(close));
    return out;
  }

  Result<ExprPtr> Expression() {
    DepthGuard guard(this);
    FLOE_RETURN_NOT_OK(CheckDepth());
    return Or();
  }

  Result<ExprPtr> Or() {
    FLOE_ASSIGN_OR_RETURN(ExprPtr left, And());
    while (Peek().IsKeyword("or")) {
      Position p = Next().pos;
      FLOE_ASSIGN_OR_RETURN(ExprPtr right, And());
      left = Binary("OR", std::move(left), std::move(right), p);
      FLOE_RETURN_NOT_OK(Grow(left.get()));
    }
    return left;
  }

  Result<ExprPtr> And() {
    FLOE_ASSIGN_OR_RETURN(ExprPtr left, Not());
    while (Peek().IsKeyword("and")) {
      Position p = Next().pos;
      FLOE_ASSIGN_OR_RETURN(ExprPtr right, Not());
      left = Binary("AND", std::move(left), std::move(right), p);
      FLOE_RETURN_NOT_OK(Grow(left.get()));
    }
    return left;
  }

  Result<ExprPtr> Not() {
    if (Peek().IsKeyword("not")) {
      DepthGuard guard(this);
      FLOE_RETURN_NOT_OK(CheckDepth());
      Position p = Next().pos;
      FLOE_ASSIGN_OR_RETURN(ExprPtr inner, Not());
      ExprPtr e = Make(Expr::Kind::kUnary, p);
      e->op = "NOT";
      e->args.push_back(std::move(inner));
      FLOE_RETURN_NOT_OK(Grow(e.get()));
      return e;
    }
    return Predicate();
  }

  Result<ExprPtr> Predicate() {
    FLOE_ASSIGN_OR_RETURN(ExprPtr value, ValueExpression());
    while (true) {
      const Token& tok = Peek();
      static const char* kComparisons[] = {"=", "<>", "!=", "<", "<=", ">", ">="};
      bool comparison = false;
      for (const char* op : kComparisons) comparison |= tok.IsOp(op);
      if (comparison) {
        Position p = tok.pos;
        std::string op = Next().text == "!=" ? "<>" : Prev().text;
        if (Peek().IsKeyword("all") || Peek().IsKeyword("any") || Peek().IsKeyword("some")) {
          ExprPtr q = Make(Expr::Kind::kQuantified, p);
          q->op = op;
          q->quantifier = Next().text == "all" ? "ALL" : Prev().text == "any" ? "ANY" : "SOME";
          FLOE_RETURN_NOT_OK(Expect("("));
          FLOE_ASSIGN_OR_RETURN(q->subquery, SubqueryRule(q.get()));
          FLOE_RETURN_NOT_OK(Expect(")"));
          q->args.push_back(std::move(value));
          value = std::move(q);
          FLOE_RETURN_NOT_OK(Grow(value.get()));
          continue;
        }
        FLOE_ASSIGN_OR_RETURN(ExprPtr right, ValueExpression());
        value = Binary(op, std::move(value), std::move(right), p);
        FLOE_RETURN_NOT_OK(Grow(value.get()));
        continue;
      }
      bool negated = false;
      size_t save = pos_;
      if (tok.IsKeyword("not")) {
        Next();
        negated = true;
      }
      const Token& kw = Peek();
      if (kw.IsKeyword("between")) {
        ExprPtr e = Make(Expr::Kind::kBetween, Next().pos);
        e->negated = negated;
        FLOE_ASSIGN_OR_RETURN(ExprPtr low, ValueExpression());
        FLOE_RETURN_NOT_OK(ExpectKeyword("and"));
        FLOE_ASSIGN_OR_RETURN(ExprPtr high, ValueExpression());
        e->args.push_back(std::move(value));
        e->args.push_back(std::move(low));
        e->args.push_back(std::move(high));
        value = std::move(e);
        FLOE_RETURN_NOT_OK(Grow(value.get()));
      } else if (kw.IsKeyword("in")) {
        ExprPtr e = Make(Expr::Kind::kIn, Next().pos);
        e->negated = negated;
        e->args.push_back(std::move(value));
        const bool is_query = ParenthesizedIsQuery(pos_);
        FLOE_RETURN_NOT_OK(Expect("("));
        if (is_query) {
          FLOE_ASSIGN_OR_RETURN(e->subquery, SubqueryRule(e.get()));
          FLOE_RETURN_NOT_OK(Expect(")"));
        }
        if (!is_query) {
          FLOE_ASSIGN_OR_RETURN(auto list, ExpressionList(")"));
          if (list.empty()) return Error(Prev(), "<expression>");
          for (auto& item : list) e->args.push_back(std::move(item));
        }
        value = std::move(e);
        FLOE_RETURN_NOT_OK(Grow(value.get()));
      } else if (kw.IsKeyword("like")) {
        ExprPtr e = Make(Expr::Kind::kLike, Next().pos);
        e->negated = negated;
        e->args.push_back(std::move(value));
        FLOE_ASSIGN_OR_RETURN(ExprPtr pattern, ValueExpression());
        e->args.push_back(std::move(pattern));
        if (AcceptKeyword("escape")) {
          FLOE_ASSIGN_OR_RETURN(ExprPtr escape, ValueExpression());
          e->args.push_back(std::move(escape));
        }
        value = std::move(e);
        FLOE_RETURN_NOT_OK(Grow(value.get()));
      } else if (!negated && kw.IsKeyword("is")) {
        Position p = Next().pos;
        bool is_not = AcceptKeyword("not");
        if (AcceptKeyword("null")) {
          ExprPtr e = Make(Expr::Kind::kIsNull, p);
          e->negated = is_not;
          e->args.push_back(std::move(value));
          value = std::move(e);
          FLOE_RETURN_NOT_OK(Grow(value.get()));
        } else if (AcceptKeyword("distinct")) {
          FLOE_RETURN_NOT_OK(ExpectKeyword("from"));
          ExprPtr e = Make(Expr::Kind::kIsDistinctFrom, p);
          e->negated = is_not;
          FLOE_ASSIGN_OR_RETURN(ExprPtr right, ValueExpression());
          e->args.push_back(std::move(value));
          e->args.push_back(std::move(right));
          value = std::move(e);
          FLOE_RETURN_NOT_OK(Grow(value.get()));
        } else if (Peek().IsKeyword("true") || Peek().IsKeyword("false")) {
          // x IS [NOT] TRUE: x IS NOT DISTINCT FROM TRUE
          ExprPtr e = Make(Expr::Kind::kIsDistinctFrom, p);
          e->negated = !is_not;
          const Token& b = Next();
          e->args.push_back(std::move(value));
          e->args.push_back(Literal(Expr::LiteralKind::kBoolean, b.text, b.pos));
          value = std::move(e);
          FLOE_RETURN_NOT_OK(Grow(value.get()));
        } else {
          return Error(Peek(), "NULL, DISTINCT, TRUE, FALSE");
        }
      } else {
        pos_ = save;  // a NOT that belongs to something else
        return value;
      }
    }
  }

  // || is the loosest value operator, then + -, then * / %, then unary, then AT TIME ZONE.
  Result<ExprPtr> ValueExpression() {
    DepthGuard guard(this);
    FLOE_RETURN_NOT_OK(CheckDepth());
    FLOE_ASSIGN_OR_RETURN(ExprPtr left, Additive());
    while (Peek().IsOp("||")) {
      Position p = Next().pos;
      FLOE_ASSIGN_OR_RETURN(ExprPtr right, Additive());
      left = Binary("||", std::move(left), std::move(right), p);
      FLOE_RETURN_NOT_OK(Grow(left.get()));
    }
    return left;
  }

  Result<ExprPtr> Additive() {
    FLOE_ASSIGN_OR_RETURN(ExprPtr left, Multiplicative());
    while (Peek().IsOp("+") || Peek().IsOp("-")) {
      const Token& tok = Next();
      FLOE_ASSIGN_OR_RETURN(ExprPtr right, Multiplicative());
      left = Binary(tok.text, std::move(left), std::move(right), tok.pos);
      FLOE_RETURN_NOT_OK(Grow(left.get()));
    }
    return left;
  }

  Result<ExprPtr> Multiplicative() {
    FLOE_ASSIGN_OR_RETURN(ExprPtr left, Unary());
    while (Peek().IsOp("*") || Peek().IsOp("/") || Peek().IsOp("%")) {
      const Token& tok = Next();
      FLOE_ASSIGN_OR_RETURN(ExprPtr right, Unary());
      left = Binary(tok.text, std::move(left), std::move(right), tok.pos);
      FLOE_RETURN_NOT_OK(Grow(left.get()));
    }
    return left;
  }

  Result<ExprPtr> Unary() {
    if (Peek().IsOp("-") || Peek().IsOp("+")) {
      DepthGuard guard(this);
      FLOE_RETURN_NOT_OK(CheckDepth());
      const Token& tok = Next();
      FLOE_ASSIGN_OR_RETURN(ExprPtr inner, Unary());
      // Fold the sign into a number literal, so -9223372036854775808 is a bigint.
      if (tok.text == "-" && inner->kind == Expr::Kind::kLiteral &&
          (inner->literal_kind == Expr::LiteralKind::kInteger ||
           inner->literal_kind == Expr::LiteralKind::kDecimal ||
           inner->literal_kind == Expr::LiteralKind::kDouble) &&
          !inner->text.empty() && inner->text[0] != '-') {
        inner->text = "-" + inner->text;
        inner->pos = tok.pos;
        return inner;
      }
      if (tok.text == "+") return inner;
      ExprPtr e = Make(Expr::Kind::kUnary, tok.pos);
      e->op = "-";
      e->args.push_back(std::move(inner));
      FLOE_RETURN_NOT_OK(Grow(e.get()));
      return e;
    }
    FLOE_ASSIGN_OR_RETURN(ExprPtr value, Postfix());
    while (Peek().IsKeyword("at")) {
      Position p = Next().pos;
      ExprPtr e = Make(Expr::Kind::kAtTimeZone, p);
      e->args.push_back(std::move(value));
      if (AcceptKeyword("local")) {
        e->text = "LOCAL";
      } else {
        FLOE_RETURN_NOT_OK(ExpectKeyword("time"));
        FLOE_RETURN_NOT_OK(ExpectKeyword("zone"));
        FLOE_ASSIGN_OR_RETURN(ExprPtr zone, Postfix());
        e->args.push_back(std::move(zone));
      }
      value = std::move(e);
      FLOE_RETURN_NOT_OK(Grow(value.get()));
    }
    return value;
  }

  Result<ExprPtr> Postfix() {
    FLOE_ASSIGN_OR_RETURN(ExprPtr value, Primary());
    FLOE_RETURN_NOT_OK(Grow(value.get()));
    while (true) {
      if (Peek().IsOp("[")) {
        Position p = Next().pos;
        ExprPtr e = Make(Expr::Kind::kSubscript, p);
        FLOE_ASSIGN_OR_RETURN(ExprPtr index, Expression());
        FLOE_RETURN_NOT_OK(Expect("]"));
        e->args.push_back(std::move(value));
        e->args.push_back(std::move(index));
        value = std::move(e);
        FLOE_RETURN_NOT_OK(Grow(value.get()));
      } else if (Peek().IsOp(".") && PeekIdentifier(1) && value->kind != Expr::Kind::kColumn) {
        Position p = Next().pos;
        ExprPtr e = Make(Expr::Kind::kDereference, p);
        FLOE_ASSIGN_OR_RETURN(e->text, Identifier());
        e->args.push_back(std::move(value));
        value = std::move(e);
        FLOE_RETURN_NOT_OK(Grow(value.get()));
      } else {
        return value;
      }
    }
  }

  // Type names that take a typed literal: DATE '2025-01-01', TIMESTAMP '...'.
  static bool IsTypedLiteralType(std::string_view w) {
    return w == "date" || w == "time" || w == "timestamp" || w == "decimal" || w == "real" ||
           w == "double" || w == "bigint" || w == "integer" || w == "smallint" || w == "tinyint" ||
           w == "boolean" || w == "varchar" || w == "char" || w == "json" || w == "uuid" ||
           w == "varbinary" || w == "ipaddress";
  }

  Result<ExprPtr> Primary() {
    DepthGuard guard(this);
    FLOE_RETURN_NOT_OK(CheckDepth());
    const Token& tok = Peek();
    switch (tok.kind) {
      case Kind::kInteger:
        Next();
        return Literal(Expr::LiteralKind::kInteger, tok.text, tok.pos);
      case Kind::kDecimal:
        Next();
        return Literal(Expr::LiteralKind::kDecimal, tok.text, tok.pos);
      case Kind::kDouble:
        Next();
        return Literal(Expr::LiteralKind::kDouble, tok.text, tok.pos);
      case Kind::kString:
        Next();
        return Literal(Expr::LiteralKind::kString, tok.text, tok.pos);
      case Kind::kBinary:
        Next();
        return Literal(Expr::LiteralKind::kBinary, tok.text, tok.pos);
      case Kind::kParameter: {
        Next();
        ExprPtr e = Make(Expr::Kind::kParameter, tok.pos);
        e->parameter = parameters_++;
        return e;
      }
      case Kind::kOperator:
        if (tok.IsOp("(")) return Parenthesized();
        return Error(tok, "<expression>");
      case Kind::kEnd:
        return Error(tok, "<expression>");
      case Kind::kQuotedIdentifier:
        return ColumnOrFunction();
      case Kind::kIdentifier:
        break;
    }
    const std::string& w = tok.text;
    if (w == "null") {
      Next();
      return Literal(Expr::LiteralKind::kNull, "", tok.pos);
    }
    if (w == "true" || w == "false") {
      Next();
      return Literal(Expr::LiteralKind::kBoolean, w, tok.pos);
    }
    if (w == "case") return Case();
    if (w == "cast" || w == "try_cast") {
      Next();
      ExprPtr e = Make(Expr::Kind::kCast, tok.pos);
      e->try_cast = w == "try_cast";
      FLOE_RETURN_NOT_OK(Expect("("));
      FLOE_ASSIGN_OR_RETURN(ExprPtr value, Expression());
      FLOE_RETURN_NOT_OK(ExpectKeyword("as"));
      FLOE_ASSIGN_OR_RETURN(e->type, Type());
      FLOE_RETURN_NOT_OK(Expect(")"));
      e->args.push_back(std::move(value));
      return e;
    }
    if (w == "exists" && Peek(1).IsOp("(")) {
      Next();
      Next();
      ExprPtr e = Make(Expr::Kind::kExists, tok.pos);
      FLOE_ASSIGN_OR_RETURN(e->subquery, SubqueryRule(e.get()));
      FLOE_RETURN_NOT_OK(Expect(")"));
      return e;
    }
    if (w == "extract" && Peek(1).IsOp("(")) {
      Next();
      Next();
      ExprPtr e = Make(Expr::Kind::kExtract, tok.pos);
      FLOE_ASSIGN_OR_RETURN(std::string field, Identifier());
      for (auto& c : field) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      e->text = field;
      FLOE_RETURN_NOT_OK(ExpectKeyword("from"));
      FLOE_ASSIGN_OR_RETURN(ExprPtr value, Expression());
      FLOE_RETURN_NOT_OK(Expect(")"));
      e->args.push_back(std::move(value));
      return e;
    }
    if (w == "trim" && Peek(1).IsOp("(")) return Trim();
    if (w == "array" && Peek(1).IsOp("[")) {
      Next();
      Next();
      ExprPtr e = Make(Expr::Kind::kArray, tok.pos);
      FLOE_ASSIGN_OR_RETURN(e->args, ExpressionList("]"));
      return e;
    }
    if (w == "row" && Peek(1).IsOp("(")) {
      Next();
      Next();
      ExprPtr e = Make(Expr::Kind::kRow, tok.pos);
      e->name.parts = {"row"};
      FLOE_ASSIGN_OR_RETURN(e->args, ExpressionList(")"));
      return e;
    }
    if (w == "interval" &&
        (Peek(1).kind == Kind::kString || Peek(1).IsOp("-") || Peek(1).IsOp("+"))) {
      Next();
      ExprPtr e = Make(Expr::Kind::kInterval, tok.pos);
      e->op = "+";
      if (Peek().IsOp("-") || Peek().IsOp("+")) e->op = Next().text;
      if (Peek().kind != Kind::kString) return Error(Peek(), "<string>");
      e->text = Next().text;
      static const std::set<std::string_view> kFields = {"year", "month",  "day",
                                                         "hour", "minute", "second"};
      if (Peek().kind != Kind::kIdentifier || kFields.count(Peek().text) == 0) {
        return Error(Peek(), "YEAR, MONTH, DAY, HOUR, MINUTE, SECOND");
      }
      e->interval_from = Next().text;
      if (AcceptKeyword("to")) {
        if (Peek().kind != Kind::kIdentifier || kFields.count(Peek().text) == 0) {
          return Error(Peek(), "YEAR, MONTH, DAY, HOUR, MINUTE, SECOND");
        }
        e->interval_to = Next().text;
      }
      return e;
    }
    if ((w == "current_date" || w == "current_time" || w == "current_timestamp" ||
         w == "localtime" || w == "localtimestamp") &&
        !Peek(1).IsOp("(")) {
      Next();
      ExprPtr e = Make(Expr::Kind::kCurrent, tok.pos);
      e->text = w;
      return e;
    }
    if ((w == "current_timestamp" || w == "localtimestamp" || w == "current_time" ||
         w == "localtime") &&
        Peek(1).IsOp("(")) {
      // current_timestamp(3): a precision.
      Next();
      Next();
      ExprPtr e = Make(Expr::Kind::kCurrent, tok.pos);
      e->text = w;
      if (Peek().kind != Kind::kInteger || Peek().text.size() > 9)
        return Error(Peek(), "<integer>");
      e->type.parameters.push_back(std::stoll(Next().text));
      FLOE_RETURN_NOT_OK(Expect(")"));
      return e;
    }
    // A typed literal: a type name followed by a string.
    if (IsTypedLiteralType(w)) {
      size_t save = pos_;
      auto type = Type();
      if (type.ok() && Peek().kind == Kind::kString) {
        ExprPtr e = Make(Expr::Kind::kLiteral, tok.pos);
        e->literal_kind = Expr::LiteralKind::kTyped;
        e->type = std::move(*type);
        e->text = Next().text;
        return e;
      }
      pos_ = save;
    }
    // x -> body (lambda with one parameter)
    if (PeekIdentifier() && Peek(1).IsOp("->")) {
      ExprPtr e = Make(Expr::Kind::kLambda, tok.pos);
      e->lambda_params.push_back(Next().text);
      Next();
      FLOE_ASSIGN_OR_RETURN(ExprPtr body, Expression());
      e->args.push_back(std::move(body));
      return e;
    }
    if (w == "grouping" && Peek(1).IsOp("(")) {
      // GROUPING (a, t.b): a grouping operation over column names only.
      Next();
      Next();
      ExprPtr e = Make(Expr::Kind::kFunction, tok.pos);
      e->name.parts.push_back("grouping");
      if (!Accept(")")) {
        do {
          ExprPtr column = Make(Expr::Kind::kColumn, Peek().pos);
          FLOE_ASSIGN_OR_RETURN(column->name, Name());
          e->args.push_back(std::move(column));
        } while (Accept(","));
        FLOE_RETURN_NOT_OK(Expect(")"));
      }
      return e;
    }
    if (IsReservedWord(w)) return Error(tok, "<expression>");
    return ColumnOrFunction();
  }

  // Trino's special forms TRIM([[BOTH | LEADING | TRAILING] [chars] FROM] source)
  // and TRIM(source [, chars]), as calls of trim, ltrim or rtrim(source [, chars]).
  Result<ExprPtr> Trim() {
    ExprPtr f = Make(Expr::Kind::kFunction, Next().pos);  // trim
    Next();                                               // (
    std::string name = "trim";
    const bool specified =
        Peek().IsKeyword("both") || Peek().IsKeyword("leading") || Peek().IsKeyword("trailing");
    if (specified) {
      const std::string spec = Next().text;
      name = spec == "leading" ? "ltrim" : spec == "trailing" ? "rtrim" : "trim";
    }
    ExprPtr source, chars;
    if (AcceptKeyword("from")) {
      FLOE_ASSIGN_OR_RETURN(source, Expression());
    } else {
      FLOE_ASSIGN_OR_RETURN(ExprPtr first, Expression());
      if (AcceptKeyword("from")) {
        chars = std::move(first);
        FLOE_ASSIGN_OR_RETURN(source, Expression());
      } else if (specified) {
        return Error(Peek(), "FROM");
      } else {
        source = std::move(first);
        if (Accept(",")) {
          FLOE_ASSIGN_OR_RETURN(chars, Expression());
        }
      }
    }
    FLOE_RETURN_NOT_OK(Expect(")"));
    f->name.parts = {name};
    f->args.push_back(std::move(source));
    if (chars) f->args.push_back(std::move(chars));
    return f;
  }

  // ( expr ), (a, b) row, ( query ), (x, y) -> lambda
  Result<ExprPtr> Parenthesized() {
    const bool is_query = ParenthesizedIsQuery(pos_);
    Position p = Next().pos;  // (
    if (is_query) {
      ExprPtr e = Make(Expr::Kind::kSubquery, p);
      FLOE_ASSIGN_OR_RETURN(e->subquery, SubqueryRule(e.get()));
      FLOE_RETURN_NOT_OK(Expect(")"));
      return e;
    }
    // (a, b) -> body
    {
      size_t k = pos_;
      bool lambda = true;
      std::vector<std::string> params;
      while (true) {
        const Token& tok = t_[std::min(k, t_.size() - 1)];
        if (tok.kind != Kind::kIdentifier && tok.kind != Kind::kQuotedIdentifier) {
          lambda = false;
          break;
        }
        params.push_back(tok.text);
        ++k;
        if (k < t_.size() && t_[k].IsOp(",")) {
          ++k;
          continue;
        }
        break;
      }
      if (lambda && k + 1 < t_.size() && t_[k].IsOp(")") && t_[k + 1].IsOp("->")) {
        pos_ = k + 2;
        ExprPtr e = Make(Expr::Kind::kLambda, p);
        e->lambda_params = std::move(params);
        FLOE_ASSIGN_OR_RETURN(ExprPtr body, Expression());
        e->args.push_back(std::move(body));
        return e;
      }
    }
    FLOE_ASSIGN_OR_RETURN(ExprPtr first, Expression());
    if (Accept(")")) return first;
    ExprPtr row = Make(Expr::Kind::kRow, p);
    row->args.push_back(std::move(first));
    while (Accept(",")) {
      FLOE_ASSIGN_OR_RETURN(ExprPtr e, Expression());
      row->args.push_back(std::move(e));
    }
    FLOE_RETURN_NOT_OK(Expect(")"));
    return row;
  }

  Result<ExprPtr> Case() {
    ExprPtr e = Make(Expr::Kind::kCase, Next().pos);
    if (!Peek().IsKeyword("when")) {
      e->has_operand = true;
      FLOE_ASSIGN_OR_RETURN(ExprPtr operand, Expression());
      e->args.push_back(std::move(operand));
    }
    if (!Peek().IsKeyword("when")) return Error(Peek(), "WHEN");
    while (AcceptKeyword("when")) {
      FLOE_ASSIGN_OR_RETURN(ExprPtr when, Expression());
      FLOE_RETURN_NOT_OK(ExpectKeyword("then"));
      FLOE_ASSIGN_OR_RETURN(ExprPtr then, Expression());
      e->args.push_back(std::move(when));
      e->args.push_back(std::move(then));
    }
    if (AcceptKeyword("else")) {
      e->has_else = true;
      FLOE_ASSIGN_OR_RETURN(ExprPtr otherwise, Expression());
      e->args.push_back(std::move(otherwise));
    }
    FLOE_RETURN_NOT_OK(ExpectKeyword("end"));
    return e;
  }

  Result<ExprPtr> ColumnOrFunction() {
    Position p = Peek().pos;
    FLOE_ASSIGN_OR_RETURN(QualifiedName name, Name());
    if (!Peek().IsOp("(")) {
      ExprPtr e = Make(Expr::Kind::kColumn, p);
      e->name = std::move(name);
      return e;
    }
    Next();  // (
    ExprPtr f = Make(Expr::Kind::kFunction, p);
    f->name = std::move(name);
    if (Peek().IsOp("*") && Peek(1).IsOp(")")) {
      // count(*)
      Next();
      Next();
    } else {
      if (AcceptKeyword("distinct")) {
        f->distinct = true;
      } else {
        AcceptKeyword("all");
      }
      if (!Accept(")")) {
        do {
          FLOE_ASSIGN_OR_RETURN(ExprPtr arg, Expression());
          f->args.push_back(std::move(arg));
        } while (Accept(","));
        if (Peek().IsKeyword("order") && Peek(1).IsKeyword("by")) {
          Next();
          Next();
          FLOE_ASSIGN_OR_RETURN(f->order_by, SortItems());
        }
        FLOE_RETURN_NOT_OK(Expect(")"));
      }
    }
    if (Peek().IsKeyword("filter") && Peek(1).IsOp("(")) {
      Next();
      Next();
      FLOE_RETURN_NOT_OK(ExpectKeyword("where"));
      FLOE_ASSIGN_OR_RETURN(f->filter, Expression());
      FLOE_RETURN_NOT_OK(Expect(")"));
    }
    if ((Peek().IsKeyword("ignore") || Peek().IsKeyword("respect")) && Peek(1).IsKeyword("nulls")) {
      f->ignore_nulls = Next().text == "ignore";
      Next();
    }
    if (AcceptKeyword("over")) {
      if (PeekIdentifier()) {
        f->window = std::make_unique<WindowSpec>();
        FLOE_ASSIGN_OR_RETURN(f->window->base_window, Identifier());
      } else {
        FLOE_RETURN_NOT_OK(Expect("("));
        FLOE_ASSIGN_OR_RETURN(f->window, WindowBody());
      }
    }
    return f;
  }

  Result<std::vector<SortItem>> SortItems() {
    std::vector<SortItem> items;
    do {
      SortItem s;
      FLOE_ASSIGN_OR_RETURN(s.expr, Expression());
      if (AcceptKeyword("desc")) {
        s.descending = true;
      } else {
        AcceptKeyword("asc");
      }
      if (AcceptKeyword("nulls")) {
        if (AcceptKeyword("first")) {
          s.nulls_first = true;
        } else if (AcceptKeyword("last")) {
          s.nulls_first = false;
        } else {
          return Error(Peek(), "FIRST, LAST");
        }
      }
      items.push_back(std::move(s));
    } while (Accept(","));
    return items;
  }

  // After '(': [base] [PARTITION BY ...] [ORDER BY ...] [frame] ')'
  Result<std::unique_ptr<WindowSpec>> WindowBody() {
    auto w = std::make_unique<WindowSpec>();
    if (PeekIdentifier() && !Peek().IsKeyword("partition") && !Peek().IsKeyword("order") &&
        !Peek().IsKeyword("rows") && !Peek().IsKeyword("range") && !Peek().IsKeyword("groups")) {
      FLOE_ASSIGN_OR_RETURN(w->base_window, Identifier());
    }
    if (Peek().IsKeyword("partition") && Peek(1).IsKeyword("by")) {
      Next();
      Next();
      do {
        FLOE_ASSIGN_OR_RETURN(ExprPtr e, Expression());
        w->partition_by.push_back(std::move(e));
      } while (Accept(","));
    }
    if (Peek().IsKeyword("order") && Peek(1).IsKeyword("by")) {
      Next();
      Next();
      FLOE_ASSIGN_OR_RETURN(w->order_by, SortItems());
    }
    if (Peek().IsKeyword("rows") || Peek().IsKeyword("range") || Peek().IsKeyword("groups")) {
      const std::string& unit = Next().text;
      w->frame_unit = unit == "rows"    ? WindowSpec::FrameUnit::kRows
                      : unit == "range" ? WindowSpec::FrameUnit::kRange
                                        : WindowSpec::FrameUnit::kGroups;
      if (AcceptKeyword("between")) {
        FLOE_ASSIGN_OR_RETURN(w->frame_start, Bound());
        FLOE_RETURN_NOT_OK(ExpectKeyword("and"));
        FLOE_ASSIGN_OR_RETURN(FrameBound end, Bound());
        w->frame_end = std::move(end);
      } else {
        FLOE_ASSIGN_OR_RETURN(w->frame_start, Bound());
      }
    }
    FLOE_RETURN_NOT_OK(Expect(")"));
    return w;
  }

  Result<FrameBound> Bound() {
    FrameBound b;
    if (AcceptKeyword("unbounded")) {
      if (AcceptKeyword("preceding")) {
        b.kind = FrameBound::Kind::kUnboundedPreceding;
      } else if (AcceptKeyword("following")) {
        b.kind = FrameBound::Kind::kUnboundedFollowing;
      } else {
        return Error(Peek(), "PRECEDING, FOLLOWING");
      }
      return b;
    }
    if (Peek().IsKeyword("current") && Peek(1).IsKeyword("row")) {
      Next();
      Next();
      b.kind = FrameBound::Kind::kCurrentRow;
      return b;
    }
    FLOE_ASSIGN_OR_RETURN(b.offset, ValueExpression());
    if (AcceptKeyword("preceding")) {
      b.kind = FrameBound::Kind::kPreceding;
    } else if (AcceptKeyword("following")) {
      b.kind = FrameBound::Kind::kFollowing;
    } else {
      return Error(Peek(), "PRECEDING, FOLLOWING");
    }
    return b;
  }

  // ---- types ----
  Result<TypeSyntax> Type() {
    DepthGuard guard(this);
    FLOE_RETURN_NOT_OK(CheckDepth());
    TypeSyntax t;
    if (Peek().kind != Kind::kIdentifier && Peek().kind != Kind::kQuotedIdentifier)
      return Error(Peek(), "<type>");
    t.name = Next().text;
    if (t.name == "double" && Peek().IsKeyword("precision")) Next();
    if (t.name == "interval") {
      // interval day to second / year to month
      FLOE_ASSIGN_OR_RETURN(std::string from, Word("DAY, YEAR"));
      FLOE_RETURN_NOT_OK(ExpectKeyword("to"));
      FLOE_ASSIGN_OR_RETURN(std::string to, Word("SECOND, MONTH"));
      t.name = StrCat("interval ", from, " to ", to);
      return t;
    }
    if (t.name == "array" || t.name == "map") {
      FLOE_RETURN_NOT_OK(Expect("("));
      do {
        FLOE_ASSIGN_OR_RETURN(TypeSyntax child, Type());
        t.children.push_back(std::move(child));
      } while (Accept(","));
      FLOE_RETURN_NOT_OK(Expect(")"));
      return t;
    }
    if (t.name == "row") {
      FLOE_RETURN_NOT_OK(Expect("("));
      do {
        std::string field;
        // A field is "name type" or just "type".
        if ((Peek().kind == Kind::kIdentifier || Peek().kind == Kind::kQuotedIdentifier) &&
            (Peek(1).kind == Kind::kIdentifier || Peek(1).kind == Kind::kQuotedIdentifier)) {
          field = Next().text;
        }
        FLOE_ASSIGN_OR_RETURN(TypeSyntax child, Type());
        t.field_names.push_back(std::move(field));
        t.children.push_back(std::move(child));
      } while (Accept(","));
      FLOE_RETURN_NOT_OK(Expect(")"));
      return t;
    }
    if (Accept("(")) {
      do {
        if (Peek().kind != Kind::kInteger) return Error(Peek(), "<integer>");
        const std::string& digits = Next().text;
        if (digits.size() > 9) return Error(Prev(), "<integer> (a type parameter)");
        t.parameters.push_back(std::stoll(digits));
      } while (Accept(","));
      FLOE_RETURN_NOT_OK(Expect(")"));
    }
    if ((t.name == "timestamp" || t.name == "time") && Peek().IsKeyword("with") &&
        Peek(1).IsKeyword("time") && Peek(2).IsKeyword("zone")) {
      Next();
      Next();
      Next();
      t.name += " with time zone";
    } else if ((t.name == "timestamp" || t.name == "time") && Peek().IsKeyword("without") &&
               Peek(1).IsKeyword("time") && Peek(2).IsKeyword("zone")) {
      Next();
      Next();
      Next();
    }
    return t;
  }

  std::vector<Token> t_;
  size_t pos_ = 0;
  int depth_ = 0;
  int parameters_ = 0;
  int max_height_ = 0;  // tallest expression or chain of the query being parsed
};

}  // namespace

Result<std::unique_ptr<Statement>> ParseStatement(std::string_view sql) {
  FLOE_ASSIGN_OR_RETURN(auto tokens, Tokenize(sql));
  Parser p(std::move(tokens));
  return p.Single();
}

Result<std::vector<std::unique_ptr<Statement>>> ParseStatements(std::string_view sql) {
  FLOE_ASSIGN_OR_RETURN(auto tokens, Tokenize(sql));
  Parser p(std::move(tokens));
  return p.Script();
}

Result<ExprPtr> ParseExpression(std::string_view sql) {
  FLOE_ASSIGN_OR_RETURN(auto tokens, Tokenize(sql));
  Parser p(std::move(tokens));
  return p.StandaloneExpression();
}

}  // namespace floe::sql
