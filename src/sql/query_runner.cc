#include "sql/query_runner.h"

#include <unistd.h>

#include <cstdio>
#include <thread>

#include "columnar/value_format.h"
#include "common/date_time.h"
#include "common/str_cat.h"
#include "common/time_zone.h"
#include "sql/exec/operators_internal.h"
#include "sql/exec/physical_planner.h"
#include "sql/exec/pipeline_executor.h"
#include "sql/exec/spill_file.h"
#include "sql/optimizer/optimizer.h"
#include "sql/parser/parser.h"
#include "sql/query_registry.h"
#include "sql/session_time.h"
#include "sql/statement_internal.h"

namespace floe::sql {

int64_t QueryResult::rows() const {
  int64_t n = 0;
  for (const auto& c : chunks) n += c.size;
  return n;
}

std::vector<std::vector<std::string>> QueryResult::ToRows() const {
  std::vector<std::vector<std::string>> out;
  for (const auto& c : chunks) {
    for (int64_t r = 0; r < c.size; ++r) {
      std::vector<std::string> row;
      for (const auto& v : c.columns) {
        std::string cell;
        columnar::AppendValueText(*v, r, &cell, "NULL");
        row.push_back(std::move(cell));
      }
      out.push_back(std::move(row));
    }
  }
  return out;
}

int64_t DefaultQueryMemoryLimit() {
  const long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGE_SIZE);
  if (pages <= 0 || page <= 0) return int64_t{2} << 30;
  return static_cast<int64_t>(pages) * page / 10 * 4;
}

namespace {

// "2.00GB", as Trino prints data sizes.
std::string FormatBytes(int64_t bytes) {
  const char* units[] = {"B", "kB", "MB", "GB", "TB"};
  double v = static_cast<double>(bytes);
  int u = 0;
  while (v >= 1024 && u < 4) {
    v /= 1024;
    ++u;
  }
  char buf[32];
  std::snprintf(buf, sizeof(buf), u == 0 ? "%.0f%s" : "%.2f%s", v, units[u]);
  return buf;
}

Result<QueryResult> TextResult(const std::string& text) {
  QueryResult r;
  r.names = {"Query Plan"};
  r.types = {LogicalType::Varchar()};
  FLOE_ASSIGN_OR_RETURN(auto v,
                        columnar::Vector::Make(LogicalType::Varchar(), MemoryPool::Default(), 1));
  FLOE_RETURN_NOT_OK(v->SetString(0, text));
  v->set_size(1);
  columnar::Chunk c;
  c.size = 1;
  c.columns.push_back(std::move(v));
  r.chunks.push_back(std::move(c));
  return r;
}

}  // namespace

namespace {

Result<QueryResult> RunOneStatement(std::string_view sql, const QueryOptions& given) {
  QueryOptions options = given;
  std::unique_ptr<CatalogTableResolver> session_resolver;
  if (options.session != nullptr) {
    options.time_zone = options.session->time_zone;
    FLOE_RETURN_NOT_OK(ApplySessionProperties(*options.session, &options));
  }
  if (options.resolver == nullptr && options.catalog != nullptr) {
    const Session defaults;
    const Session& session = options.session != nullptr ? *options.session : defaults;
    session_resolver =
        std::make_unique<CatalogTableResolver>(options.catalog, session.catalog, session.schema);
    options.resolver = session_resolver.get();
  }
  FLOE_ASSIGN_OR_RETURN(const TimeZone* zone, TimeZone::Lookup(options.time_zone));
  const int64_t start =
      options.start_time_micros != 0 ? options.start_time_micros : NowMillis() * 1000;
  SessionTimeScope session_time(SessionTime{zone, start});
  FLOE_ASSIGN_OR_RETURN(std::unique_ptr<Statement> parsed, ParseStatement(sql));
  const Statement& stmt = *parsed;
  const Statement* target = &stmt;
  bool explain = false, analyze = false;
  if (stmt.kind == Statement::Kind::kExplain) {
    explain = true;
    analyze = stmt.explain_analyze;
    target = stmt.explained.get();
    if (target->kind != Statement::Kind::kQuery) {
      return Status::NotSupported("EXPLAIN of a statement other than a query");
    }
  } else if (stmt.kind != Statement::Kind::kQuery) {
    return RunOtherStatement(stmt, options);
  }
  FLOE_ASSIGN_OR_RETURN(LogicalOpPtr plan, PlanQuery(*target->query, options));
  if (explain && !analyze) {
    if (stmt.explain_type == "LOGICAL") return TextResult(plan->ToString());
    FLOE_ASSIGN_OR_RETURN(auto physical, PlanPhysical(*plan));
    return TextResult(physical->ToString(false));
  }
  FLOE_ASSIGN_OR_RETURN(QueryResult result, ExecutePlan(*plan, options, analyze));
  FLOE_RETURN_NOT_OK(FinishFileScans(*plan, options, "", &result));
  return result;
}

}  // namespace

Result<QueryResult> RunStatement(std::string_view sql, const QueryOptions& options) {
  // Every statement is listed in system.runtime.queries while it runs and after.
  const Session defaults;
  const Session& session = options.session != nullptr ? *options.session : defaults;
  QueryRegistry& registry = QueryRegistry::Global();
  const std::string id = registry.Begin(session.user, session.source, std::string(sql));
  Result<QueryResult> result = RunOneStatement(sql, options);
  registry.End(id, result.status());
  return result;
}

Result<LogicalOpPtr> PlanQuery(const Query& query, const QueryOptions& options) {
  if (options.resolver == nullptr) return Status::Invalid("no catalog to resolve tables with");
  FLOE_ASSIGN_OR_RETURN(LogicalOpPtr plan, BindQuery(query, options.resolver));
  FLOE_RETURN_NOT_OK(Optimize(&plan));
  return plan;
}

Result<QueryResult> ExecutePlan(const LogicalOp& plan_root, const QueryOptions& options,
                                bool analyze, PhysicalOperator* sink) {
  const LogicalOp* plan = &plan_root;
  // The query's pool outlives its operators (declared after it) and lives
  // on with the result's vectors.
  const int64_t limit = options.memory_limit > 0 ? options.memory_limit : DefaultQueryMemoryLimit();
  auto pool = std::make_shared<MemoryPool>(
      "query", limit, options.pool != nullptr ? options.pool : MemoryPool::Default());
  MemoryPool& query_pool = *pool;
  SpillSpace spill(options.spill_directory);
  FLOE_ASSIGN_OR_RETURN(auto physical, PlanPhysical(*plan));
  // EXPLAIN ANALYZE drops the rows it computes.
  struct Discard : ResultConsumer {
    Status Consume(const columnar::Chunk&) override { return Status::OK(); }
  } discard;
  ResultConsumer* consumer = analyze ? &discard : options.consumer;
  ResultCollector collector(
      plan->Types(),
      consumer == nullptr
          ? nullptr
          : +[](void* c, const columnar::Chunk&
                             chunk) { return static_cast<ResultConsumer*>(c)->Consume(chunk); },
      consumer);
  ExecContext ctx;
  ctx.pool = &query_pool;
  ctx.spill = &spill;
  ctx.threads = options.threads > 0
                    ? options.threads
                    : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  ctx.cancelled = options.cancelled;
  ctx.load_progress = options.load_progress;
  FLOE_ASSIGN_OR_RETURN(std::vector<Pipeline> pipelines,
                        BuildPipelines(physical.get(), sink != nullptr ? sink : &collector));
  Status run = ExecutePipelines(&ctx, pipelines);
  if (run.code() == StatusCode::kOutOfMemory) {
    return Status::OutOfMemory("Query exceeded per-node memory limit of ", FormatBytes(limit),
                               " (query_max_memory): ", run.message());
  }
  FLOE_RETURN_NOT_OK(run);
  QueryCounters counters;
  physical->CollectCounters(&counters);
  counters.spill_bytes = spill.bytes_written();
  counters.peak_memory_bytes = query_pool.peak_bytes();
  if (analyze) {
    std::string text = physical->ToString(true);
    text += StrCat("peak memory: ", FormatBytes(query_pool.peak_bytes()),
                   ", spilled: ", FormatBytes(spill.bytes_written()), "\n");
    return TextResult(text);
  }
  QueryResult result;
  for (const auto& c : plan->columns) {
    result.names.push_back(c.name);
    result.types.push_back(c.type);
  }
  result.chunks = std::move(collector.chunks());
  result.pool = std::move(pool);
  result.counters = counters;
  return result;
}

}  // namespace floe::sql
