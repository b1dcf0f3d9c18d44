#include "sql/functions/scalar_function.h"

#include "common/str_cat.h"
#include "sql/functions/function_registry.h"
#include "sql/functions/kernels_internal.h"
#include "sql/functions/nested_internal.h"

namespace floe::sql {

namespace {

using columnar::TypeId;

Status CannotApply(std::string_view op, const std::vector<LogicalType>& args) {
  if (args.size() == 1)
    return Status::Invalid("Cannot apply operator: ", op, " ", TypeName(args[0]));
  return Status::Invalid("Cannot apply operator: ", TypeName(args[0]), " ", op, " ",
                         TypeName(args[1]));
}

// Trino's numeric operand types: the wider of two integers; real or double
// when either is; otherwise decimals.
Result<BoundFunction> Arithmetic(std::string_view op, std::vector<LogicalType> args) {
  {
    BoundFunction temporal;
    temporal.name = std::string(op);
    FLOE_RETURN_NOT_OK(functions::ResolveTemporalOperator(op, args, &temporal));
    if (temporal.kernel != nullptr) return temporal;
  }
  if (IsUnknown(args[0])) args[0] = IsUnknown(args[1]) ? LogicalType::Integer() : args[1];
  if (IsUnknown(args[1])) args[1] = args[0];
  if (!IsNumeric(args[0]) || !IsNumeric(args[1])) return CannotApply(op, args);
  BoundFunction f;
  f.name = std::string(op);
  const TypeId a = args[0].id(), b = args[1].id();
  if (a == TypeId::kDouble || b == TypeId::kDouble || a == TypeId::kReal || b == TypeId::kReal) {
    f.result_type =
        a == TypeId::kDouble || b == TypeId::kDouble ? LogicalType::Double() : LogicalType::Real();
    f.arg_types = {f.result_type, f.result_type};
  } else if (a == TypeId::kDecimal || b == TypeId::kDecimal) {
    f.arg_types = {AsDecimal(args[0]), AsDecimal(args[1])};
    switch (op[0]) {
      case '+':
      case '-':
        f.result_type = DecimalAddType(args[0], args[1]);
        break;
      case '*':
        if (f.arg_types[0].scale() + f.arg_types[1].scale() > 38) {
          return Status::Invalid("DECIMAL scale must be in range [0, 38]: ",
                                 f.arg_types[0].scale() + f.arg_types[1].scale());
        }
        f.result_type = DecimalMultiplyType(args[0], args[1]);
        break;
      case '/':
        f.result_type = DecimalDivideType(args[0], args[1]);
        break;
      default:
        f.result_type = DecimalModulusType(args[0], args[1]);
        break;
    }
  } else {
    f.result_type = *CommonSuperType(args[0], args[1]);
    f.arg_types = {f.result_type, f.result_type};
  }
  f.kernel = kernels::ArithmeticKernel(op[0], f.result_type);
  if (f.kernel == nullptr) return CannotApply(op, args);
  return f;
}

std::string TypeList(const std::vector<LogicalType>& args) {
  std::string types;
  for (size_t i = 0; i < args.size(); ++i) types += (i > 0 ? ", " : "") + TypeName(args[i]);
  return types;
}

}  // namespace

Status functions::UnexpectedParameters(std::string_view name, const std::vector<LogicalType>& args,
                                       std::string_view expected) {
  return Status::Invalid("Unexpected parameters (", TypeList(args), ") for function ", name,
                         ". Expected: ", expected);
}

Result<BoundFunction> ResolveFunction(std::string_view name, const std::vector<LogicalType>& args) {
  if ((name == "+" || name == "-" || name == "*" || name == "/" || name == "%") &&
      args.size() == 2) {
    return Arithmetic(name, args);
  }
  if (name == "negate" && args.size() == 1) {
    BoundFunction temporal;
    temporal.name = "negate";
    FLOE_RETURN_NOT_OK(functions::ResolveTemporalOperator(name, args, &temporal));
    if (temporal.kernel != nullptr) return temporal;
    LogicalType t = IsUnknown(args[0]) ? LogicalType::Integer() : args[0];
    BoundFunction f{"negate", {t}, t, kernels::NegateKernel(t)};
    if (f.kernel == nullptr) return CannotApply("-", args);
    return f;
  }
  if ((name == "=" || name == "<>" || name == "<" || name == "<=" || name == ">" || name == ">=") &&
      args.size() == 2) {
    auto common = CommonSuperType(args[0], args[1]);
    if (common && common->is_nested()) {
      BoundFunction f;
      f.name = std::string(name);
      functions::ResolveNestedComparison(name, *common, &f);
      if (f.kernel == nullptr) return CannotApply(name, args);
      return f;
    }
    if (!common || !IsOrderable(*common)) return CannotApply(name, args);
    LogicalType t = IsUnknown(*common) ? LogicalType::Boolean() : *common;
    BoundFunction f{
        std::string(name), {t, t}, LogicalType::Boolean(), kernels::ComparisonKernel(name, t)};
    if (f.kernel == nullptr) return CannotApply(name, args);
    return f;
  }
  // A name may have entries in several tables (concat: strings, arrays):
  // the first that accepts the arguments wins.
  const functions::FunctionEntry* mismatch = nullptr;
  for (auto table : {functions::MathFunctions(), functions::StringFunctions(),
                     functions::DateTimeFunctions(), functions::NestedFunctions()}) {
    for (const functions::FunctionEntry& entry : table) {
      if (entry.name != name) continue;
      BoundFunction f;
      f.name = std::string(name);
      FLOE_RETURN_NOT_OK(entry.resolve(args, &f));
      if (f.kernel != nullptr) return f;
      if (mismatch == nullptr) mismatch = &entry;
    }
  }
  if (mismatch != nullptr) return functions::UnexpectedParameters(name, args, mismatch->expected);
  return Status::Invalid("Function '", name, "' not registered for (", TypeList(args), ")");
}

}  // namespace floe::sql
