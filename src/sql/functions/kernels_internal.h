#pragma once

// Helpers shared by the kernel files of sql/functions.

#include <cstdint>

#include "columnar/vector.h"
#include "common/bit_util.h"
#include "common/int128.h"
#include "sql/functions/scalar_function.h"

namespace floe::sql::kernels {

/// Reads argument values by row: a constant argument repeats row 0.
template <typename T>
struct Input {
  const T* data;
  int64_t stride;  // 0 for a constant vector
  explicit Input(const columnar::Vector& v)
      : data(v.data<T>()), stride(v.kind() == columnar::VectorKind::kConstant ? 0 : 1) {}
  T operator[](int64_t i) const { return data[i * stride]; }
};

/// Whether row i of the output is valid (not null).
inline bool Valid(const columnar::Vector& out, int64_t i) {
  const uint8_t* v = out.validity();
  return v == nullptr || bit_util::GetBit(v, i);
}

/// The kernel of an arithmetic operator with `result` type (the common
/// operand type for integers and floats; for decimals the operands keep
/// their types, read from the vectors). Null when there is none.
ScalarKernel ArithmeticKernel(char op, const LogicalType& result);
ScalarKernel NegateKernel(const LogicalType& type);
/// Kernels for comparisons of two values of `type` (a common type).
ScalarKernel ComparisonKernel(std::string_view op, const LogicalType& type);

}  // namespace floe::sql::kernels
