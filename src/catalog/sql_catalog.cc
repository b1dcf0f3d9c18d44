#include "catalog/sql_catalog.h"

#include <sqlite3.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <random>
#include <set>
#include <string_view>
#include <thread>
#include <utility>

#include "common/buffer.h"
#include "common/date_time.h"
#include "common/memory_pool.h"
#include "common/str_cat.h"
#include "iceberg/table_properties.h"

namespace floe::catalog {

namespace {

// The JDBC catalog's tables (Iceberg's JdbcUtil, schema version V1: with
// iceberg_type, 'TABLE' or 'VIEW', NULL in catalogs written before views).
// Plain SQL so PostgreSQL takes the same statements.
constexpr char kCreateTablesSql[] =
    "CREATE TABLE IF NOT EXISTS iceberg_tables ("
    "catalog_name VARCHAR(255) NOT NULL, "
    "table_namespace VARCHAR(255) NOT NULL, "
    "table_name VARCHAR(255) NOT NULL, "
    "metadata_location VARCHAR(1000), "
    "previous_metadata_location VARCHAR(1000), "
    "iceberg_type VARCHAR(5), "
    "PRIMARY KEY (catalog_name, table_namespace, table_name))";
constexpr char kCreateNamespacePropertiesSql[] =
    "CREATE TABLE IF NOT EXISTS iceberg_namespace_properties ("
    "catalog_name VARCHAR(255) NOT NULL, "
    "namespace VARCHAR(255) NOT NULL, "
    "property_key VARCHAR(255), "
    "property_value VARCHAR(1000), "
    "PRIMARY KEY (catalog_name, namespace, property_key))";
constexpr char kProbeRecordTypeSql[] = "SELECT iceberg_type FROM iceberg_tables WHERE 1 = 0";
constexpr char kAddRecordTypeSql[] =
    "ALTER TABLE iceberg_tables ADD COLUMN iceberg_type VARCHAR(5)";

#define FLOE_IS_TABLE "(iceberg_type = 'TABLE' OR iceberg_type IS NULL)"
constexpr char kGetTableSql[] =
    "SELECT metadata_location FROM iceberg_tables "
    "WHERE catalog_name = ? AND table_namespace = ? AND table_name = ? AND " FLOE_IS_TABLE;
constexpr char kListTablesSql[] =
    "SELECT table_name FROM iceberg_tables "
    "WHERE catalog_name = ? AND table_namespace = ? AND " FLOE_IS_TABLE " ORDER BY table_name";
constexpr char kInsertTableSql[] =
    "INSERT INTO iceberg_tables (catalog_name, table_namespace, table_name, metadata_location, "
    "previous_metadata_location, iceberg_type) VALUES (?, ?, ?, ?, NULL, 'TABLE')";
// The commit: a compare-and-swap on metadata_location.
constexpr char kSwapSql[] =
    "UPDATE iceberg_tables SET metadata_location = ?, previous_metadata_location = ? "
    "WHERE catalog_name = ? AND table_namespace = ? AND table_name = ? AND metadata_location = ? "
    "AND " FLOE_IS_TABLE;
constexpr char kDropTableSql[] =
    "DELETE FROM iceberg_tables WHERE catalog_name = ? AND table_namespace = ? AND table_name = ? "
    "AND " FLOE_IS_TABLE;
constexpr char kRenameTableSql[] =
    "UPDATE iceberg_tables SET table_namespace = ?, table_name = ? "
    "WHERE catalog_name = ? AND table_namespace = ? AND table_name = ? AND " FLOE_IS_TABLE;
#undef FLOE_IS_TABLE
constexpr char kCountNamespaceEntriesSql[] =
    "SELECT COUNT(*) FROM iceberg_tables WHERE catalog_name = ? AND table_namespace = ?";
// Namespaces exist when they have property rows or tables, or when a
// namespace below them does (Java's JdbcUtil.namespaceExists). LIKE is
// case-insensitive in SQLite, so matches are filtered exactly afterwards.
constexpr char kTableNamespacesLikeSql[] =
    "SELECT DISTINCT table_namespace FROM iceberg_tables "
    "WHERE catalog_name = ? AND (table_namespace = ? OR table_namespace LIKE ? ESCAPE '!')";
constexpr char kPropertyNamespacesLikeSql[] =
    "SELECT DISTINCT namespace FROM iceberg_namespace_properties "
    "WHERE catalog_name = ? AND (namespace = ? OR namespace LIKE ? ESCAPE '!')";
constexpr char kAllTableNamespacesSql[] =
    "SELECT DISTINCT table_namespace FROM iceberg_tables WHERE catalog_name = ?";
constexpr char kAllPropertyNamespacesSql[] =
    "SELECT DISTINCT namespace FROM iceberg_namespace_properties WHERE catalog_name = ?";
constexpr char kGetPropertiesSql[] =
    "SELECT property_key, property_value FROM iceberg_namespace_properties "
    "WHERE catalog_name = ? AND namespace = ?";
constexpr char kInsertPropertySql[] =
    "INSERT INTO iceberg_namespace_properties (catalog_name, namespace, property_key, "
    "property_value) "
    "VALUES (?, ?, ?, ?)";
constexpr char kUpdatePropertySql[] =
    "UPDATE iceberg_namespace_properties SET property_value = ? "
    "WHERE catalog_name = ? AND namespace = ? AND property_key = ?";
constexpr char kDeletePropertySql[] =
    "DELETE FROM iceberg_namespace_properties WHERE catalog_name = ? AND namespace = ? AND "
    "property_key = ?";
constexpr char kDeleteNamespaceSql[] =
    "DELETE FROM iceberg_namespace_properties WHERE catalog_name = ? AND namespace = ?";

// Java records a namespace created without properties with this one.
constexpr char kNamespaceExistsProperty[] = "exists";

using Param = std::optional<std::string>;
using Row = std::vector<std::optional<std::string>>;

// One SQLite connection, used by one thread at a time.
class Connection {
 public:
  Connection(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  ~Connection() { sqlite3_close_v2(db_); }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  static Result<std::unique_ptr<Connection>> Open(const std::string& path) {
    sqlite3* db = nullptr;
    int rc = sqlite3_open_v2(path.c_str(), &db,
                             SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                             nullptr);
    if (rc != SQLITE_OK) {
      std::string msg = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
      sqlite3_close_v2(db);
      return Status::IOError(path, ": cannot open the catalog database: ", msg);
    }
    auto conn = std::make_unique<Connection>(db, path);
    // Writers wait for each other (other threads and processes) up to 10 s
    // instead of failing with "database is locked".
    sqlite3_busy_timeout(db, 10'000);
    // FULL: with WAL, every commit is fsynced, so an acknowledged catalog
    // change survives power loss (NORMAL could lose the last ones).
    FLOE_RETURN_NOT_OK(conn->Exec("PRAGMA synchronous = FULL"));
    return conn;
  }

  // Runs statements without parameters or results (PRAGMAs, DDL, BEGIN).
  Status Exec(const char* sql) {
    char* err = nullptr;
    int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &err);
    if (rc == SQLITE_OK) return Status::OK();
    std::string msg = err != nullptr ? err : sqlite3_errstr(rc);
    sqlite3_free(err);
    return Error(rc, msg, sql);
  }

  // Runs one statement; returns the number of rows it changed.
  Result<int64_t> Execute(std::string_view sql, const std::vector<Param>& params) {
    FLOE_ASSIGN_OR_RETURN(Statement stmt, Prepare(sql, params));
    int rc;
    while ((rc = sqlite3_step(stmt.get())) == SQLITE_ROW) {
    }
    if (rc != SQLITE_DONE) return Error(rc, sqlite3_errmsg(db_), sql);
    return static_cast<int64_t>(sqlite3_changes(db_));
  }

  Result<std::vector<Row>> Query(std::string_view sql, const std::vector<Param>& params) {
    FLOE_ASSIGN_OR_RETURN(Statement stmt, Prepare(sql, params));
    std::vector<Row> rows;
    int rc;
    while ((rc = sqlite3_step(stmt.get())) == SQLITE_ROW) {
      int n = sqlite3_column_count(stmt.get());
      Row row(static_cast<size_t>(n));
      for (int i = 0; i < n; ++i) {
        if (sqlite3_column_type(stmt.get(), i) == SQLITE_NULL) continue;
        const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt.get(), i));
        int bytes = sqlite3_column_bytes(stmt.get(), i);
        row[static_cast<size_t>(i)] =
            std::string(text != nullptr ? text : "", static_cast<size_t>(bytes));
      }
      rows.push_back(std::move(row));
    }
    if (rc != SQLITE_DONE) return Error(rc, sqlite3_errmsg(db_), sql);
    return rows;
  }

  // Runs `body` in one write transaction. BEGIN IMMEDIATE takes SQLite's
  // write lock up front, so reads inside the transaction cannot go stale
  // and the transaction never has to be retried for a lock upgrade.
  template <typename F>
  Status InTransaction(F&& body) {
    FLOE_RETURN_NOT_OK(Exec("BEGIN IMMEDIATE"));
    Status st = body();
    if (st.ok()) st = Exec("COMMIT");
    if (!st.ok()) (void)Exec("ROLLBACK");
    return st;
  }

 private:
  struct StatementDeleter {
    void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
  };
  using Statement = std::unique_ptr<sqlite3_stmt, StatementDeleter>;

  Result<Statement> Prepare(std::string_view sql, const std::vector<Param>& params) {
    sqlite3_stmt* raw = nullptr;
    int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &raw, nullptr);
    Statement stmt(raw);
    if (rc != SQLITE_OK) return Error(rc, sqlite3_errmsg(db_), sql);
    for (size_t i = 0; i < params.size(); ++i) {
      int index = static_cast<int>(i) + 1;
      rc = params[i] ? sqlite3_bind_text(stmt.get(), index, params[i]->data(),
                                         static_cast<int>(params[i]->size()), SQLITE_TRANSIENT)
                     : sqlite3_bind_null(stmt.get(), index);
      if (rc != SQLITE_OK) return Error(rc, sqlite3_errmsg(db_), sql);
    }
    return stmt;
  }

  Status Error(int rc, std::string_view msg, std::string_view sql) const {
    std::string_view verb = sql.substr(0, sql.find(' '));
    // A constraint failure here is always a primary key: the row exists.
    if ((rc & 0xFF) == SQLITE_CONSTRAINT) {
      return Status::AlreadyExists(path_, ": ", verb, ": ", msg);
    }
    return Status::IOError(path_, ": ", verb, ": ", msg);
  }

  sqlite3* db_;
  std::string path_;
};

std::string JoinLevels(const Namespace& ns, char sep) {
  std::string out;
  for (size_t i = 0; i < ns.size(); ++i) {
    if (i > 0) out.push_back(sep);
    out += ns[i];
  }
  return out;
}

// The JDBC catalog stores a namespace as its levels joined by '.'.
Namespace SplitNamespace(const std::string& s) {
  Namespace ns;
  size_t start = 0;
  while (true) {
    size_t dot = s.find('.', start);
    ns.push_back(s.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return ns;
}

// '.' joins levels in the database, so a level holding one could not be
// read back; empty levels likewise.
Status CheckNamespace(const Namespace& ns) {
  if (ns.empty()) return Status::Invalid("the namespace is empty");
  for (const auto& level : ns) {
    if (level.empty()) {
      return Status::Invalid("namespace ", NamespaceToString(ns), ": a level is empty");
    }
    if (level.find('.') != std::string::npos) {
      return Status::Invalid("namespace level '", level,
                             "' contains '.', which the SQL catalog uses between levels");
    }
  }
  return Status::OK();
}

Status CheckIdentifier(const TableIdentifier& id) {
  FLOE_RETURN_NOT_OK(CheckNamespace(id.ns));
  if (id.name.empty()) {
    return Status::Invalid("table name is empty in namespace ", NamespaceToString(id.ns));
  }
  return Status::OK();
}

std::string EscapeLike(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '!' || c == '_' || c == '%') out.push_back('!');
    out.push_back(c);
  }
  return out;
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.compare(0, prefix.size(), prefix) == 0;
}

std::string StripTrailingSlashes(std::string s) {
  while (s.size() > 1 && s.back() == '/') s.pop_back();
  return s;
}

// The version Java's BaseMetastoreTableOperations parses from
// "<version>-<uuid>.metadata.json"; -1 when the name has none.
int64_t MetadataVersion(const std::string& location) {
  size_t slash = location.rfind('/');
  std::string name = slash == std::string::npos ? location : location.substr(slash + 1);
  size_t dash = name.find('-');
  if (dash == std::string::npos || dash == 0 || dash > 18) return -1;
  int64_t v = 0;
  for (size_t i = 0; i < dash; ++i) {
    if (name[i] < '0' || name[i] > '9') return -1;
    v = v * 10 + (name[i] - '0');
  }
  return v;
}

// <write.metadata.path or location/metadata>/<version, 5 digits>-<uuid>.metadata.json,
// as Java names them.
std::string NewMetadataLocation(const iceberg::TableMetadata& m, int64_t version) {
  auto it = m.properties.find("write.metadata.path");
  std::string dir = it != m.properties.end() && !it->second.empty()
                        ? StripTrailingSlashes(it->second)
                        : StrCat(m.location, "/metadata");
  char digits[24];
  std::snprintf(digits, sizeof(digits), "%05lld", static_cast<long long>(version));
  return StrCat(dir, "/", digits, "-", iceberg::NewUuid(), ".metadata.json");
}

}  // namespace

// A small pool of connections: SQLite connections are cheap to keep and
// costly to open (schema parsing, PRAGMAs), and one must not be used by two
// threads at once.
class SqlCatalog::Database {
 public:
  Database(std::string path, int max_idle)
      : path_(std::move(path)), max_idle_(std::max(max_idle, 0)) {}

  // A connection for the caller's use, returned to the pool when released.
  class Handle {
   public:
    Handle(Database* db, std::unique_ptr<Connection> conn) : db_(db), conn_(std::move(conn)) {}
    Handle(Handle&&) noexcept = default;
    ~Handle() {
      if (conn_) db_->Release(std::move(conn_));
    }
    Connection* operator->() { return conn_.get(); }
    Connection& operator*() { return *conn_; }

   private:
    Database* db_;
    std::unique_ptr<Connection> conn_;
  };

  Result<Handle> Acquire() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (!idle_.empty()) {
        auto conn = std::move(idle_.back());
        idle_.pop_back();
        return Handle(this, std::move(conn));
      }
    }
    FLOE_ASSIGN_OR_RETURN(auto conn, Connection::Open(path_));
    return Handle(this, std::move(conn));
  }

  const std::string& path() const { return path_; }

 private:
  void Release(std::unique_ptr<Connection> conn) {
    std::lock_guard<std::mutex> lock(mu_);
    if (static_cast<int>(idle_.size()) < max_idle_) idle_.push_back(std::move(conn));
  }

  std::string path_;
  int max_idle_;
  std::mutex mu_;
  std::vector<std::unique_ptr<Connection>> idle_;
};

namespace {

// The namespaces (as stored) of both tables that equal `ns` or lie below it;
// every namespace of the catalog when `ns` is empty.
Result<std::vector<std::string>> NamespacesAtOrBelow(Connection& conn, const std::string& catalog,
                                                     const Namespace& ns) {
  std::vector<std::string> out;
  std::string s = NamespaceToString(ns);
  std::string prefix = s + ".";
  for (const char* sql : {ns.empty() ? kAllTableNamespacesSql : kTableNamespacesLikeSql,
                          ns.empty() ? kAllPropertyNamespacesSql : kPropertyNamespacesLikeSql}) {
    std::vector<Param> params = {catalog};
    if (!ns.empty()) {
      params.push_back(s);
      params.push_back(EscapeLike(s) + ".%");
    }
    FLOE_ASSIGN_OR_RETURN(auto rows, conn.Query(sql, params));
    for (const auto& row : rows) {
      if (!row[0]) continue;
      if (ns.empty() || *row[0] == s || StartsWith(*row[0], prefix)) out.push_back(*row[0]);
    }
  }
  return out;
}

Result<bool> NamespaceExistsIn(Connection& conn, const std::string& catalog, const Namespace& ns) {
  FLOE_ASSIGN_OR_RETURN(auto found, NamespacesAtOrBelow(conn, catalog, ns));
  return !found.empty();
}

Status RequireNamespace(Connection& conn, const std::string& catalog, const Namespace& ns) {
  FLOE_ASSIGN_OR_RETURN(bool exists, NamespaceExistsIn(conn, catalog, ns));
  if (!exists) return Status::NotFound("namespace ", NamespaceToString(ns), " does not exist");
  return Status::OK();
}

Result<std::optional<std::string>> TableLocationIn(Connection& conn, const std::string& catalog,
                                                   const TableIdentifier& id) {
  FLOE_ASSIGN_OR_RETURN(auto rows,
                        conn.Query(kGetTableSql, {catalog, NamespaceToString(id.ns), id.name}));
  if (rows.empty()) return std::optional<std::string>();
  if (!rows[0][0]) {
    return Status::Corruption("table ", id.ToString(), " has no metadata_location in the catalog");
  }
  return rows[0][0];
}

}  // namespace

SqlCatalog::SqlCatalog(SqlCatalogOptions options, std::unique_ptr<Database> db)
    : options_(std::move(options)), db_(std::move(db)) {}

SqlCatalog::~SqlCatalog() = default;

Result<std::shared_ptr<SqlCatalog>> SqlCatalog::Open(SqlCatalogOptions options) {
  if (options.name.empty()) return Status::Invalid("SQL catalog: the catalog name is empty");
  if (options.database_path.empty()) return Status::Invalid("SQL catalog: no database path given");
  if (options.warehouse.empty()) return Status::Invalid("SQL catalog: no warehouse location given");
  if (!options.file_io) return Status::Invalid("SQL catalog: no FileIO given");
  options.warehouse = StripTrailingSlashes(options.warehouse);
  auto db = std::make_unique<Database>(options.database_path, options.max_idle_connections);
  {
    FLOE_ASSIGN_OR_RETURN(auto conn, db->Acquire());
    // WAL lets readers run while one writer commits; the mode is stored in
    // the database file, so setting it once per open is enough.
    FLOE_RETURN_NOT_OK(conn->Exec("PRAGMA journal_mode = WAL"));
    FLOE_RETURN_NOT_OK(conn->Exec(kCreateTablesSql));
    FLOE_RETURN_NOT_OK(conn->Exec(kCreateNamespacePropertiesSql));
    // Catalogs created before views (Java's schema V0) lack iceberg_type;
    // adding it keeps them readable by Java (V0 and V1 alike: NULL is a table).
    if (!conn->Exec(kProbeRecordTypeSql).ok()) {
      Status added = conn->Exec(kAddRecordTypeSql);
      if (!added.ok() && !conn->Exec(kProbeRecordTypeSql).ok()) return added;
    }
  }
  return std::shared_ptr<SqlCatalog>(new SqlCatalog(std::move(options), std::move(db)));
}

std::string SqlCatalog::DefaultTableLocation(const TableIdentifier& id) const {
  // Java's JdbcCatalog.defaultWarehouseLocation: <warehouse>/<levels joined by '/'>/<name>.
  return StrCat(options_.warehouse, "/", JoinLevels(id.ns, '/'), "/", id.name);
}

// ---- Namespaces ----

Status SqlCatalog::CreateNamespace(const Namespace& ns,
                                   const std::map<std::string, std::string>& properties) {
  FLOE_RETURN_NOT_OK(CheckNamespace(ns));
  if (properties.count(kNamespaceExistsProperty)) {
    return Status::Invalid("namespace ", NamespaceToString(ns), ": property '",
                           kNamespaceExistsProperty, "' is reserved");
  }
  FLOE_ASSIGN_OR_RETURN(auto conn, db_->Acquire());
  std::string s = NamespaceToString(ns);
  Status st = conn->InTransaction([&]() -> Status {
    FLOE_ASSIGN_OR_RETURN(bool exists, NamespaceExistsIn(*conn, options_.name, ns));
    if (exists) return Status::AlreadyExists("namespace ", s, " already exists");
    // Java writes "exists" = "true" with every new namespace, so that one
    // without properties still has a row.
    std::map<std::string, std::string> rows = properties;
    rows[kNamespaceExistsProperty] = "true";
    for (const auto& [k, v] : rows) {
      FLOE_RETURN_NOT_OK(conn->Execute(kInsertPropertySql, {options_.name, s, k, v}).status());
    }
    return Status::OK();
  });
  if (st.IsAlreadyExists()) return Status::AlreadyExists("namespace ", s, " already exists");
  return st;
}

Result<std::vector<Namespace>> SqlCatalog::ListNamespaces(const Namespace& parent) {
  if (!parent.empty()) FLOE_RETURN_NOT_OK(CheckNamespace(parent));
  FLOE_ASSIGN_OR_RETURN(auto conn, db_->Acquire());
  FLOE_ASSIGN_OR_RETURN(auto found, NamespacesAtOrBelow(*conn, options_.name, parent));
  if (!parent.empty() && found.empty()) {
    return Status::NotFound("namespace ", NamespaceToString(parent), " does not exist");
  }
  std::set<Namespace> children;
  for (const auto& s : found) {
    Namespace ns = SplitNamespace(s);
    if (ns.size() <= parent.size()) continue;
    ns.resize(parent.size() + 1);
    children.insert(std::move(ns));
  }
  return std::vector<Namespace>(children.begin(), children.end());
}

Result<bool> SqlCatalog::NamespaceExists(const Namespace& ns) {
  FLOE_RETURN_NOT_OK(CheckNamespace(ns));
  FLOE_ASSIGN_OR_RETURN(auto conn, db_->Acquire());
  return NamespaceExistsIn(*conn, options_.name, ns);
}

Result<std::map<std::string, std::string>> SqlCatalog::LoadNamespaceProperties(
    const Namespace& ns) {
  FLOE_RETURN_NOT_OK(CheckNamespace(ns));
  FLOE_ASSIGN_OR_RETURN(auto conn, db_->Acquire());
  FLOE_RETURN_NOT_OK(RequireNamespace(*conn, options_.name, ns));
  FLOE_ASSIGN_OR_RETURN(auto rows,
                        conn->Query(kGetPropertiesSql, {options_.name, NamespaceToString(ns)}));
  std::map<std::string, std::string> props;
  for (const auto& row : rows) {
    if (!row[0] || *row[0] == kNamespaceExistsProperty) continue;
    props[*row[0]] = row[1].value_or("");
  }
  if (!props.count("location")) {
    props["location"] = StrCat(options_.warehouse, "/", JoinLevels(ns, '/'));
  }
  return props;
}

Status SqlCatalog::UpdateNamespaceProperties(const Namespace& ns,
                                             const std::map<std::string, std::string>& updates,
                                             const std::vector<std::string>& removals) {
  FLOE_RETURN_NOT_OK(CheckNamespace(ns));
  std::string s = NamespaceToString(ns);
  for (const auto& key : removals) {
    if (updates.count(key)) {
      return Status::Invalid("namespace ", s, ": property '", key, "' is both set and removed");
    }
  }
  if (updates.count(kNamespaceExistsProperty) ||
      std::find(removals.begin(), removals.end(), kNamespaceExistsProperty) != removals.end()) {
    return Status::Invalid("namespace ", s, ": property '", kNamespaceExistsProperty,
                           "' is reserved");
  }
  FLOE_ASSIGN_OR_RETURN(auto conn, db_->Acquire());
  return conn->InTransaction([&]() -> Status {
    FLOE_RETURN_NOT_OK(RequireNamespace(*conn, options_.name, ns));
    for (const auto& [k, v] : updates) {
      FLOE_ASSIGN_OR_RETURN(int64_t changed,
                            conn->Execute(kUpdatePropertySql, {v, options_.name, s, k}));
      if (changed == 0) {
        FLOE_RETURN_NOT_OK(conn->Execute(kInsertPropertySql, {options_.name, s, k, v}).status());
      }
    }
    for (const auto& k : removals) {
      FLOE_RETURN_NOT_OK(conn->Execute(kDeletePropertySql, {options_.name, s, k}).status());
    }
    return Status::OK();
  });
}

Status SqlCatalog::DropNamespace(const Namespace& ns) {
  FLOE_RETURN_NOT_OK(CheckNamespace(ns));
  std::string s = NamespaceToString(ns);
  FLOE_ASSIGN_OR_RETURN(auto conn, db_->Acquire());
  return conn->InTransaction([&]() -> Status {
    FLOE_ASSIGN_OR_RETURN(auto found, NamespacesAtOrBelow(*conn, options_.name, ns));
    if (found.empty()) return Status::NotFound("namespace ", s, " does not exist");
    FLOE_ASSIGN_OR_RETURN(auto count, conn->Query(kCountNamespaceEntriesSql, {options_.name, s}));
    int64_t tables =
        count.empty() || !count[0][0] ? 0 : std::strtoll(count[0][0]->c_str(), nullptr, 10);
    if (tables > 0) {
      return Status::Invalid("namespace ", s, " is not empty: it holds ", tables,
                             " tables or views");
    }
    for (const auto& other : found) {
      if (other != s) {
        return Status::Invalid("namespace ", s, " is not empty: it holds namespace ", other);
      }
    }
    return conn->Execute(kDeleteNamespaceSql, {options_.name, s}).status();
  });
}

// ---- Tables ----

Result<std::vector<TableIdentifier>> SqlCatalog::ListTables(const Namespace& ns) {
  FLOE_RETURN_NOT_OK(CheckNamespace(ns));
  FLOE_ASSIGN_OR_RETURN(auto conn, db_->Acquire());
  FLOE_RETURN_NOT_OK(RequireNamespace(*conn, options_.name, ns));
  FLOE_ASSIGN_OR_RETURN(auto rows,
                        conn->Query(kListTablesSql, {options_.name, NamespaceToString(ns)}));
  std::vector<TableIdentifier> out;
  for (const auto& row : rows) {
    if (row[0]) out.push_back(TableIdentifier{ns, *row[0]});
  }
  return out;
}

Result<bool> SqlCatalog::TableExists(const TableIdentifier& id) {
  FLOE_RETURN_NOT_OK(CheckIdentifier(id));
  FLOE_ASSIGN_OR_RETURN(auto conn, db_->Acquire());
  FLOE_ASSIGN_OR_RETURN(
      auto rows, conn->Query(kGetTableSql, {options_.name, NamespaceToString(id.ns), id.name}));
  return !rows.empty();
}

Result<std::optional<std::string>> SqlCatalog::ReadMetadataLocation(const TableIdentifier& id) {
  FLOE_ASSIGN_OR_RETURN(auto conn, db_->Acquire());
  return TableLocationIn(*conn, options_.name, id);
}

Result<iceberg::TableMetadata> SqlCatalog::ReadMetadata(const TableIdentifier& id,
                                                        const std::string& location) {
  auto buffer = options_.file_io->ReadFile(location, MemoryPool::Default());
  if (!buffer.ok()) return buffer.status().WithContext(StrCat("table ", id.ToString()));
  std::string_view text(reinterpret_cast<const char*>((*buffer)->data()),
                        static_cast<size_t>((*buffer)->size()));
  auto metadata = iceberg::TableMetadata::Parse(text, location);
  if (!metadata.ok()) return metadata.status().WithContext(StrCat("table ", id.ToString()));
  return metadata;
}

Status SqlCatalog::WriteMetadata(const std::string& location,
                                 const iceberg::TableMetadata& metadata) {
  // OpenOutput refuses an existing file: metadata files are written once.
  FLOE_ASSIGN_OR_RETURN(auto file, options_.file_io->OpenOutput(location));
  Status st = file->Append(metadata.ToJsonString());
  // Synced before the catalog points at it: the pointer must never name a
  // file a crash could lose.
  if (st.ok()) st = file->Sync();
  Status closed = file->Close();
  if (st.ok()) st = closed;
  if (!st.ok()) (void)options_.file_io->Delete(location);
  return st;
}

Result<LoadedTable> SqlCatalog::LoadTable(const TableIdentifier& id) {
  FLOE_RETURN_NOT_OK(CheckIdentifier(id));
  FLOE_ASSIGN_OR_RETURN(auto location, ReadMetadataLocation(id));
  if (!location) return Status::NotFound("table ", id.ToString(), " does not exist");
  FLOE_ASSIGN_OR_RETURN(auto metadata, ReadMetadata(id, *location));
  return LoadedTable{id, *location, std::move(metadata)};
}

Result<LoadedTable> SqlCatalog::CreateTable(const TableIdentifier& id,
                                            const TableCreation& creation) {
  FLOE_RETURN_NOT_OK(CheckIdentifier(id));
  {
    FLOE_ASSIGN_OR_RETURN(auto conn, db_->Acquire());
    FLOE_RETURN_NOT_OK(RequireNamespace(*conn, options_.name, id.ns));
    FLOE_ASSIGN_OR_RETURN(auto existing, TableLocationIn(*conn, options_.name, id));
    if (existing) return Status::AlreadyExists("table ", id.ToString(), " already exists");
  }
  std::string table_location =
      creation.location.empty() ? DefaultTableLocation(id) : creation.location;
  auto metadata = iceberg::NewTableMetadata(creation.schema, creation.spec, creation.sort_order,
                                            table_location, creation.properties, NowMillis());
  if (!metadata.ok()) {
    return metadata.status().WithContext(StrCat("creating table ", id.ToString()));
  }
  std::string location = NewMetadataLocation(*metadata, 0);
  FLOE_RETURN_NOT_OK(WriteMetadata(location, *metadata));
  Status inserted;
  {
    auto conn = db_->Acquire();
    if (conn.ok()) {
      inserted = (*conn)
                     ->Execute(kInsertTableSql,
                               {options_.name, NamespaceToString(id.ns), id.name, location})
                     .status();
    } else {
      inserted = conn.status();
    }
  }
  if (!inserted.ok()) {
    // The row is not there (an INSERT that fails is rolled back), so the
    // file is nobody's.
    (void)options_.file_io->Delete(location);
    if (inserted.IsAlreadyExists()) {
      return Status::AlreadyExists("table ", id.ToString(), " already exists");
    }
    return inserted;
  }
  return LoadedTable{id, location, std::move(metadata).ValueOrDie()};
}

Result<LoadedTable> SqlCatalog::RegisterTable(const TableIdentifier& id,
                                              const std::string& metadata_location) {
  FLOE_RETURN_NOT_OK(CheckIdentifier(id));
  FLOE_ASSIGN_OR_RETURN(auto metadata, ReadMetadata(id, metadata_location));
  FLOE_ASSIGN_OR_RETURN(auto conn, db_->Acquire());
  FLOE_RETURN_NOT_OK(RequireNamespace(*conn, options_.name, id.ns));
  auto inserted = conn->Execute(
      kInsertTableSql, {options_.name, NamespaceToString(id.ns), id.name, metadata_location});
  if (inserted.status().IsAlreadyExists()) {
    return Status::AlreadyExists("table ", id.ToString(), " already exists");
  }
  FLOE_RETURN_NOT_OK(inserted.status());
  return LoadedTable{id, metadata_location, std::move(metadata)};
}

Status SqlCatalog::DropTable(const TableIdentifier& id, bool purge) {
  FLOE_RETURN_NOT_OK(CheckIdentifier(id));
  std::optional<LoadedTable> last;
  if (purge) {
    FLOE_ASSIGN_OR_RETURN(auto location, ReadMetadataLocation(id));
    if (!location) return Status::NotFound("table ", id.ToString(), " does not exist");
    // Metadata that cannot be read is dropped without a purge, as in Java.
    auto metadata = ReadMetadata(id, *location);
    if (metadata.ok()) last = LoadedTable{id, *location, std::move(metadata).ValueOrDie()};
  }
  FLOE_ASSIGN_OR_RETURN(auto conn, db_->Acquire());
  FLOE_ASSIGN_OR_RETURN(
      int64_t deleted,
      conn->Execute(kDropTableSql, {options_.name, NamespaceToString(id.ns), id.name}));
  if (deleted == 0) return Status::NotFound("table ", id.ToString(), " does not exist");
  if (last) {
    // Best effort, as Java's CatalogUtil.dropTableData: the table is gone
    // from the catalog either way. Manifests and the data and delete files
    // they list join this list once floe reads manifests.
    (void)PurgeFiles(options_.file_io.get(), TableFiles(options_.file_io.get(), *last));
  }
  return Status::OK();
}

Status SqlCatalog::RenameTable(const TableIdentifier& from, const TableIdentifier& to) {
  FLOE_RETURN_NOT_OK(CheckIdentifier(from));
  FLOE_RETURN_NOT_OK(CheckIdentifier(to));
  if (from == to) return Status::OK();
  FLOE_ASSIGN_OR_RETURN(auto conn, db_->Acquire());
  return conn->InTransaction([&]() -> Status {
    FLOE_ASSIGN_OR_RETURN(auto source, TableLocationIn(*conn, options_.name, from));
    if (!source) return Status::NotFound("table ", from.ToString(), " does not exist");
    FLOE_RETURN_NOT_OK(RequireNamespace(*conn, options_.name, to.ns));
    auto changed = conn->Execute(kRenameTableSql, {NamespaceToString(to.ns), to.name, options_.name,
                                                   NamespaceToString(from.ns), from.name});
    // The primary key also covers views of that name.
    if (changed.status().IsAlreadyExists()) {
      return Status::AlreadyExists("table ", to.ToString(), " already exists");
    }
    FLOE_RETURN_NOT_OK(changed.status());
    if (*changed == 0) return Status::NotFound("table ", from.ToString(), " does not exist");
    return Status::OK();
  });
}

// ---- Commits ----

Result<SqlCatalog::SwapOutcome> SqlCatalog::Swap(
    const TableIdentifier& id, const std::string& old_location, const std::string& new_location,
    const std::map<std::string, std::string>& properties) {
  const iceberg::RetryPolicy check_policy = iceberg::RetryPolicy::StatusCheck(properties);
  auto hook = [&](SwapPhase phase) {
    return options_.testing_swap_hook ? options_.testing_swap_hook(phase, id, new_location)
                                      : Status::OK();
  };
  Result<int64_t> changed = Status::Internal("the swap did not run");
  Status before = hook(SwapPhase::kBeforeSwap);
  if (!before.ok()) {
    changed = before;
  } else {
    auto conn = db_->Acquire();
    if (conn.ok()) {
      changed = (*conn)->Execute(kSwapSql, {new_location, old_location, options_.name,
                                            NamespaceToString(id.ns), id.name, old_location});
    } else {
      changed = conn.status();
    }
    Status after = hook(SwapPhase::kAfterSwap);
    if (!after.ok()) changed = after;
  }
  if (changed.ok()) {
    // The primary key allows one row at most.
    return *changed == 1 ? SwapOutcome::kSwapped : SwapOutcome::kNotSwapped;
  }
  // The swap failed, and may or may not have happened (an error after the
  // statement was sent). Find out from the catalog itself, as Java's
  // checkCommitStatus does; until then the new file must stay.
  const Status& swap_error = changed.status();
  auto unknown = [&](const Status& check_error) {
    return Status::CommitStateUnknown(
        "commit to table ", id.ToString(), ": the catalog swap to ", new_location, " failed (",
        swap_error.ToString(), ") and its outcome could not be checked (", check_error.ToString(),
        "); the new metadata file was kept: check the table "
        "before retrying");
  };
  // One look at the catalog; an error means it could not be read.
  auto check_once = [&]() -> Result<SwapOutcome> {
    FLOE_RETURN_NOT_OK(hook(SwapPhase::kCheckState));
    FLOE_ASSIGN_OR_RETURN(auto current, ReadMetadataLocation(id));
    if (!current) return Status::NotFound("table ", id.ToString(), " no longer exists");
    if (*current == new_location) return SwapOutcome::kSwapped;
    if (*current == old_location) return SwapOutcome::kNotSwapped;
    // Someone committed since: if on top of this commit, the file is in
    // their metadata log.
    FLOE_ASSIGN_OR_RETURN(auto metadata, ReadMetadata(id, *current));
    for (const auto& e : metadata.metadata_log) {
      if (e.metadata_file == new_location) return SwapOutcome::kSwapped;
    }
    return SwapOutcome::kNotSwapped;
  };
  const auto start = std::chrono::steady_clock::now();
  for (int attempt = 0;; ++attempt) {
    auto outcome = check_once();
    if (outcome.ok()) return outcome;
    int64_t elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::steady_clock::now() - start)
                          .count();
    if (attempt >= check_policy.num_retries || elapsed >= check_policy.total_timeout_ms) {
      return unknown(outcome.status());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(check_policy.WaitMs(attempt + 1)));
  }
}

Result<LoadedTable> SqlCatalog::CommitTable(
    const TableIdentifier& id, const std::vector<iceberg::TableRequirement>& requirements,
    const std::vector<iceberg::TableUpdate>& updates) {
  FLOE_RETURN_NOT_OK(CheckIdentifier(id));
  const auto start = std::chrono::steady_clock::now();
  std::optional<iceberg::RetryPolicy> policy;
  for (int attempt = 0;; ++attempt) {
    // Each attempt starts from the table as it is now, so requirements are
    // checked against what the commit will actually replace.
    auto base = LoadTable(id);
    if (!base.ok()) return base.status();
    if (!policy) policy = iceberg::RetryPolicy::Commit(base->metadata.properties);
    FLOE_RETURN_NOT_OK(iceberg::ValidateRequirements(requirements, &base->metadata));
    auto applied = iceberg::ApplyUpdates(base->metadata, updates, NowMillis());
    if (!applied.ok()) {
      return applied.status().WithContext(StrCat("commit to table ", id.ToString()));
    }
    iceberg::TableMetadata next = std::move(applied).ValueOrDie();
    std::vector<std::string> expired =
        iceberg::AppendMetadataLog(&next, base->metadata_location, base->metadata.last_updated_ms);
    std::string location = NewMetadataLocation(next, MetadataVersion(base->metadata_location) + 1);
    FLOE_RETURN_NOT_OK(WriteMetadata(location, next));

    FLOE_ASSIGN_OR_RETURN(SwapOutcome outcome,
                          Swap(id, base->metadata_location, location, next.properties));
    if (outcome == SwapOutcome::kSwapped) {
      if (iceberg::PropertyBool(next.properties, "write.metadata.delete-after-commit.enabled",
                                false)) {
        // Best effort: the commit stands whether or not old files go.
        (void)PurgeFiles(options_.file_io.get(), expired);
      }
      return LoadedTable{id, location, std::move(next)};
    }
    // Another writer moved the table first: this file will never be
    // referenced. Retry on top of theirs.
    (void)options_.file_io->Delete(location);
    int64_t elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::steady_clock::now() - start)
                          .count();
    if (attempt >= policy->num_retries || elapsed >= policy->total_timeout_ms) {
      return Status::Conflict("commit to table ", id.ToString(),
                              " failed: the table changed concurrently ", attempt + 1,
                              " times (commit.retry.num-retries = ", policy->num_retries, ")");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(policy->WaitMs(attempt + 1)));
  }
}

}  // namespace floe::catalog
