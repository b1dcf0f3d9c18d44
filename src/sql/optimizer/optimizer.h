#pragma once

// Logical rewrites before physical planning: filters pushed down through
// joins into scans (where the Iceberg planner prunes files with them) and
// columns nobody reads dropped, down to the columns each scan reads.

#include "common/result.h"
#include "sql/plan/logical_plan.h"

namespace floe::sql {

/// Rewrites `plan` in place; its output columns stay as they were.
Status Optimize(LogicalOpPtr* plan);

/// A rough row count of `op`'s output for choosing join sides: table scans
/// from their snapshot's total-records (times a fixed selectivity per
/// filter conjunct), other operators from their inputs.
double EstimateRows(const LogicalOp& op);

}  // namespace floe::sql
