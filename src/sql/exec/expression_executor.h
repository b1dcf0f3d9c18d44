#pragma once

// Evaluating bound expressions on chunks of column vectors, a whole vector
// per step (DESIGN.md §6): each node's kernel runs one type-specialized loop
// over the chunk's rows.

#include <memory>

#include "columnar/vector.h"
#include "common/memory_pool.h"
#include "common/result.h"
#include "sql/exec/bound_expression.h"
#include "sql/functions/cast.h"  // CastVector, for callers that include this header

namespace floe::sql {

/// Evaluates expressions against chunks. Vectors come from `pool` (the
/// query's). Not thread-safe; one per operator instance and thread.
class ExpressionExecutor {
 public:
  explicit ExpressionExecutor(MemoryPool* pool) : pool_(pool) {}

  /// The value of `expr` for every row of `chunk` (all `chunk.size` rows:
  /// a selection vector is not applied, rows it excludes are computed too
  /// and must not fail — errors are reported only for rows the selection
  /// keeps). The result is flat or constant, of expr.type.
  Result<std::shared_ptr<columnar::Vector>> Evaluate(const BoundExpr& expr,
                                                     const columnar::Chunk& chunk);

 private:
  Result<std::shared_ptr<columnar::Vector>> Eval(const BoundExpr& expr,
                                                 const columnar::Chunk& chunk, const uint8_t* live);
  Result<std::shared_ptr<columnar::Vector>> EvalConditional(const BoundExpr& expr,
                                                            const columnar::Chunk& chunk,
                                                            const uint8_t* live);
  Result<std::shared_ptr<columnar::Vector>> CompareOnDictionary(const BoundExpr& expr,
                                                                const columnar::Chunk& chunk,
                                                                const uint8_t* live);
  Result<std::shared_ptr<columnar::Vector>> EvalTry(const BoundExpr& expr,
                                                    const columnar::Chunk& chunk,
                                                    const uint8_t* live);
  Result<std::shared_ptr<columnar::Vector>> EvalLike(const BoundExpr& expr,
                                                     const columnar::Chunk& chunk,
                                                     const uint8_t* live);
  MemoryPool* pool_;
};

}  // namespace floe::sql
