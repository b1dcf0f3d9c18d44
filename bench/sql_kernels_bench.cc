// Per-core rates of the SQL engine's hot kernels (Google Benchmark), until
// the query benchmark suite lands: rows per second through one
// expression over 2,048-row vectors, one thread.
//   build-bench/bench/sql_kernels_bench --benchmark_min_time=0.5

#include <benchmark/benchmark.h>

#include <random>

#include "sql/exec/expression_executor.h"

namespace floe::sql {
namespace {

constexpr int64_t kRows = columnar::kDefaultVectorSize;

columnar::Chunk MakeChunk() {
  std::mt19937_64 rng(42);
  auto pool = MemoryPool::Default();
  auto a = columnar::Vector::Make(LogicalType::BigInt(), pool, kRows).ValueOrDie();
  auto b = columnar::Vector::Make(LogicalType::BigInt(), pool, kRows).ValueOrDie();
  auto d = columnar::Vector::Make(LogicalType::Decimal(12, 2), pool, kRows).ValueOrDie();
  auto x = columnar::Vector::Make(LogicalType::Double(), pool, kRows).ValueOrDie();
  for (int64_t i = 0; i < kRows; ++i) {
    a->mutable_data<int64_t>()[i] = static_cast<int64_t>(rng() % 1000000);
    b->mutable_data<int64_t>()[i] = static_cast<int64_t>(rng() % 1000000) + 1;
    d->mutable_data<int64_t>()[i] = static_cast<int64_t>(rng() % 10000000);
    x->mutable_data<double>()[i] = static_cast<double>(rng() % 1000) / 7.0;
  }
  for (auto* v : {a.get(), b.get(), d.get(), x.get()}) v->set_size(kRows);
  columnar::Chunk chunk;
  chunk.columns = {a, b, d, x};
  chunk.size = kRows;
  return chunk;
}

BoundExprPtr Call(const char* op, BoundExprPtr l, BoundExprPtr r) {
  std::vector<BoundExprPtr> args;
  args.push_back(std::move(l));
  args.push_back(std::move(r));
  return MakeCall(op, std::move(args)).ValueOrDie();
}

void Run(benchmark::State& state, const BoundExpr& expr) {
  columnar::Chunk chunk = MakeChunk();
  ExpressionExecutor exec(MemoryPool::Default());
  for (auto _ : state) {
    auto v = exec.Evaluate(expr, chunk).ValueOrDie();
    benchmark::DoNotOptimize(v->raw_data());
  }
  state.SetItemsProcessed(state.iterations() * kRows);
}

void BigintAdd(benchmark::State& s) {
  Run(s, *Call("+", BoundExpr::Column(0, LogicalType::BigInt()),
               BoundExpr::Column(1, LogicalType::BigInt())));
}
void BigintAddConstant(benchmark::State& s) {
  Run(s, *Call("+", BoundExpr::Column(0, LogicalType::BigInt()), BoundExpr::BigInt(7)));
}
void BigintDivide(benchmark::State& s) {
  Run(s, *Call("/", BoundExpr::Column(0, LogicalType::BigInt()),
               BoundExpr::Column(1, LogicalType::BigInt())));
}
void DecimalMultiply(benchmark::State& s) {
  Run(s,
      *Call("*", BoundExpr::Column(2, LogicalType::Decimal(12, 2)), BoundExpr::Decimal(105, 3, 2)));
}
void DoubleMultiply(benchmark::State& s) {
  Run(s, *Call("*", BoundExpr::Column(3, LogicalType::Double()), BoundExpr::Double(1.5)));
}
void BigintLessThan(benchmark::State& s) {
  Run(s, *Call("<", BoundExpr::Column(0, LogicalType::BigInt()), BoundExpr::BigInt(500000)));
}
void FilterAnd(benchmark::State& s) {
  auto l = Call("<", BoundExpr::Column(0, LogicalType::BigInt()), BoundExpr::BigInt(500000));
  auto r = Call(">", BoundExpr::Column(3, LogicalType::Double()), BoundExpr::Double(50));
  Run(s, *BoundExpr::Logical(BoundExpr::Kind::kAnd, std::move(l), std::move(r)));
}

BENCHMARK(BigintAdd);
BENCHMARK(BigintAddConstant);
BENCHMARK(BigintDivide);
BENCHMARK(DecimalMultiply);
BENCHMARK(DoubleMultiply);
BENCHMARK(BigintLessThan);
BENCHMARK(FilterAnd);

}  // namespace
}  // namespace floe::sql
