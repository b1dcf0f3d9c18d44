#pragma once

// Chooses the physical operators for an (optimized) logical plan.

#include <memory>

#include "common/result.h"
#include "sql/exec/physical_operator.h"
#include "sql/plan/logical_plan.h"

namespace floe::sql {

/// The physical operator tree computing `plan`, with the same output columns.
Result<std::unique_ptr<PhysicalOperator>> PlanPhysical(const LogicalOp& plan);

}  // namespace floe::sql
