#pragma once

#include <cstdlib>
#include <new>
#include <type_traits>
#include <utility>

#include "common/status.h"

namespace floe {

namespace result_internal {
[[noreturn]] void DieOnError(const Status& status);
}  // namespace result_internal

/// Either a value of type T or an error Status (never an OK status without a
/// value). Written by hand because GCC 12 has no std::expected.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(const T& value) : has_value_(true) { new (&storage_) T(value); }  // NOLINT
  Result(T&& value) : has_value_(true) { new (&storage_) T(std::move(value)); }  // NOLINT
  template <typename U>
    requires(std::is_convertible_v<U&&, T> && !std::is_same_v<std::decay_t<U>, T> &&
             !std::is_same_v<std::decay_t<U>, Status>)
  Result(U&& value) : has_value_(true) {  // NOLINT
    new (&storage_) T(std::forward<U>(value));
  }
  Result(Status status) : status_(std::move(status)) {  // NOLINT
    if (status_.ok()) status_ = Status::Internal("Result constructed from an OK status");
  }
  Result(const Result& other) : status_(other.status_), has_value_(other.has_value_) {
    if (has_value_) new (&storage_) T(other.value());
  }
  Result(Result&& other) noexcept : status_(std::move(other.status_)), has_value_(other.has_value_) {
    if (has_value_) new (&storage_) T(std::move(other.value()));
  }
  Result& operator=(Result other) {
    Reset();
    status_ = std::move(other.status_);
    has_value_ = other.has_value_;
    if (has_value_) new (&storage_) T(std::move(other.value()));
    return *this;
  }
  ~Result() { Reset(); }

  bool ok() const { return has_value_; }
  const Status& status() const { return status_; }

  const T& value() const& { return *reinterpret_cast<const T*>(&storage_); }
  T& value() & { return *reinterpret_cast<T*>(&storage_); }
  T&& value() && { return std::move(*reinterpret_cast<T*>(&storage_)); }

  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }

  /// Returns the value, aborting with the error message if there is none.
  /// For tests and for results whose error is a floe bug.
  T ValueOrDie() && {
    if (!has_value_) result_internal::DieOnError(status_);
    return std::move(value());
  }
  const T& ValueOrDie() const& {
    if (!has_value_) result_internal::DieOnError(status_);
    return value();
  }
  T ValueOr(T fallback) && { return has_value_ ? std::move(value()) : std::move(fallback); }

 private:
  void Reset() {
    if (has_value_) {
      value().~T();
      has_value_ = false;
    }
  }
  Status status_;
  bool has_value_ = false;
  alignas(T) unsigned char storage_[sizeof(T)];
};

}  // namespace floe

/// Assigns the value of a Result expression to `lhs` or returns its error.
#define FLOE_ASSIGN_OR_RETURN(lhs, rexpr) \
  FLOE_ASSIGN_OR_RETURN_IMPL(FLOE_CONCAT(_floe_res_, __COUNTER__), lhs, rexpr)
#define FLOE_ASSIGN_OR_RETURN_IMPL(tmp, lhs, rexpr) \
  auto tmp = (rexpr);                               \
  if (__builtin_expect(!tmp.ok(), 0)) {             \
    return tmp.status();                            \
  }                                                 \
  lhs = std::move(tmp).value()
