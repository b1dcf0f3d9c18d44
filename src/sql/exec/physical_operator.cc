#include "sql/exec/physical_operator.h"

#include <cstdio>

#include "common/str_cat.h"

namespace floe::sql {

Status ExecContext::CheckCancelled() const {
  if (cancelled != nullptr && cancelled->load(std::memory_order_relaxed)) {
    return Status::Cancelled("Query was canceled");
  }
  return Status::OK();
}

bool ExecContext::OverSpillThreshold(int64_t extra) const {
  if (spill == nullptr || pool == nullptr || pool->limit() <= 0 ||
      pool->limit() == MemoryPool::kUnlimited) {
    return false;
  }
  return pool->bytes_allocated() + extra > pool->limit() / 5 * 4;
}

PhysicalOperator::~PhysicalOperator() = default;

namespace {
Status NotA(const PhysicalOperator& op, const char* role) {
  return Status::Internal(op.Name(), " is not a ", role);
}
}  // namespace

Result<std::unique_ptr<GlobalState>> PhysicalOperator::MakeSourceState(ExecContext*) {
  return std::unique_ptr<GlobalState>();
}
Result<std::unique_ptr<LocalState>> PhysicalOperator::MakeLocalSourceState(ExecContext*,
                                                                           GlobalState*) {
  return std::unique_ptr<LocalState>();
}
Result<bool> PhysicalOperator::GetData(ExecContext*, GlobalState*, LocalState*, columnar::Chunk*) {
  return NotA(*this, "source");
}
Result<std::unique_ptr<LocalState>> PhysicalOperator::MakeOperatorState(ExecContext*) {
  return std::unique_ptr<LocalState>();
}
Result<OperatorResult> PhysicalOperator::Execute(ExecContext*, const columnar::Chunk&,
                                                 columnar::Chunk*, LocalState*) {
  return NotA(*this, "streaming operator");
}
Result<std::unique_ptr<GlobalState>> PhysicalOperator::MakeSinkState(ExecContext*) {
  return std::unique_ptr<GlobalState>();
}
Result<std::unique_ptr<LocalState>> PhysicalOperator::MakeLocalSinkState(ExecContext*) {
  return std::unique_ptr<LocalState>();
}
Result<SinkResult> PhysicalOperator::Sink(ExecContext*, const columnar::Chunk&, LocalState*) {
  return NotA(*this, "sink");
}
Status PhysicalOperator::Combine(ExecContext*, LocalState*) { return Status::OK(); }
Status PhysicalOperator::Finalize(ExecContext*) { return Status::OK(); }

namespace {
void Print(const PhysicalOperator& op, int depth, bool analyze, std::string* out) {
  out->append(static_cast<size_t>(depth) * 2, ' ');
  *out += op.Name();
  std::string details = op.Details();
  if (!details.empty()) *out += StrCat(" ", details);
  if (analyze) {
    char time[32];
    std::snprintf(time, sizeof(time), "%.2f", static_cast<double>(op.stats.nanos.load()) / 1e6);
    *out += StrCat(" (rows: ", op.stats.rows_out.load(), ", time: ", time, " ms)");
  }
  *out += "\n";
  for (const auto& c : op.children) Print(*c, depth + 1, analyze, out);
}
}  // namespace

void PhysicalOperator::CollectCounters(QueryCounters* counters) const {
  AddCounters(counters);
  for (const auto& c : children) c->CollectCounters(counters);
}

std::string PhysicalOperator::ToString(bool analyze) const {
  std::string out;
  Print(*this, 0, analyze, &out);
  return out;
}

}  // namespace floe::sql
