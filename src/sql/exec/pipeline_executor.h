#pragma once

// Runs a physical plan: cuts it into pipelines (source -> streaming
// operators -> sink), orders them so that every sink is complete before it
// becomes a source, and runs each on several threads of the shared pool.

#include <vector>

#include "common/result.h"
#include "sql/exec/physical_operator.h"

namespace floe::sql {

/// One pipeline: rows flow from `source` through `operators` into `sink`.
struct Pipeline {
  PhysicalOperator* source = nullptr;
  std::vector<PhysicalOperator*> operators;  // in the order rows pass them
  PhysicalOperator* sink = nullptr;
};

/// The pipelines of the plan under `root` feeding `sink` (the query's
/// result collector), in an order that runs every pipeline after those
/// whose sink it reads.
Result<std::vector<Pipeline>> BuildPipelines(PhysicalOperator* root, PhysicalOperator* sink);

/// Runs `pipelines` (as BuildPipelines made them) to completion: each on
/// up to ctx->threads threads, finalizing each sink after the last pipeline
/// feeding it. The first error (or cancellation) stops the query.
Status ExecutePipelines(ExecContext* ctx, const std::vector<Pipeline>& pipelines);

}  // namespace floe::sql
