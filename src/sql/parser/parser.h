#pragma once

// Parsing Trino's SQL dialect into the syntax tree of ast.h. Errors read as
// Trino's do: "line 1:8: mismatched input 'FORM'. Expecting: ...".

#include <memory>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "sql/parser/ast.h"

namespace floe::sql {

/// Parses one statement (a trailing ';' is allowed). Invalid names the line,
/// column and offending token. Nesting deeper than 200 levels is refused.
Result<std::unique_ptr<Statement>> ParseStatement(std::string_view sql);

/// Parses a script of ';'-separated statements.
Result<std::vector<std::unique_ptr<Statement>>> ParseStatements(std::string_view sql);

/// Parses a standalone expression (filters given as text, tests).
Result<ExprPtr> ParseExpression(std::string_view sql);

}  // namespace floe::sql
