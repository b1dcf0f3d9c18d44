#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "common/str_cat.h"

namespace floe {

/// The fixed set of error codes (CONVENTIONS.md "Errors"). kInternal means a
/// floe bug; every other code describes the user's input or environment.
enum class StatusCode : unsigned char {
  kOk = 0,
  kInvalid,
  kCorruption,
  kNotFound,
  kAlreadyExists,
  kConflict,
  kIOError,
  kNotSupported,
  kOutOfMemory,
  kCancelled,
  kPermissionDenied,
  kUnauthenticated,
  kInternal,
  /// A request whose effect is unknown: it was sent (a catalog swap, say)
  /// but no answer came. Never retried blindly; the caller checks first.
  kCommitStateUnknown,
};

/// Returns the code's name as printed in messages ("Corruption").
std::string_view StatusCodeName(StatusCode code);

/// The outcome of a fallible call: OK (one null pointer) or a code plus a
/// message that says what, where, and what to do. Cheap to move; copying an
/// error copies its message.
class [[nodiscard]] Status {
 public:
  Status() noexcept = default;
  Status(StatusCode code, std::string message);
  Status(const Status& other);
  Status& operator=(const Status& other);
  Status(Status&&) noexcept = default;
  Status& operator=(Status&&) noexcept = default;
  ~Status() = default;

  static Status OK() { return Status(); }

  template <typename... Args>
  static Status Invalid(Args&&... args) {
    return Status(StatusCode::kInvalid, StrCat(std::forward<Args>(args)...));
  }
  template <typename... Args>
  static Status Corruption(Args&&... args) {
    return Status(StatusCode::kCorruption, StrCat(std::forward<Args>(args)...));
  }
  template <typename... Args>
  static Status NotFound(Args&&... args) {
    return Status(StatusCode::kNotFound, StrCat(std::forward<Args>(args)...));
  }
  template <typename... Args>
  static Status AlreadyExists(Args&&... args) {
    return Status(StatusCode::kAlreadyExists, StrCat(std::forward<Args>(args)...));
  }
  template <typename... Args>
  static Status Conflict(Args&&... args) {
    return Status(StatusCode::kConflict, StrCat(std::forward<Args>(args)...));
  }
  template <typename... Args>
  static Status IOError(Args&&... args) {
    return Status(StatusCode::kIOError, StrCat(std::forward<Args>(args)...));
  }
  template <typename... Args>
  static Status NotSupported(Args&&... args) {
    return Status(StatusCode::kNotSupported, StrCat(std::forward<Args>(args)...));
  }
  template <typename... Args>
  static Status OutOfMemory(Args&&... args) {
    return Status(StatusCode::kOutOfMemory, StrCat(std::forward<Args>(args)...));
  }
  template <typename... Args>
  static Status Cancelled(Args&&... args) {
    return Status(StatusCode::kCancelled, StrCat(std::forward<Args>(args)...));
  }
  template <typename... Args>
  static Status PermissionDenied(Args&&... args) {
    return Status(StatusCode::kPermissionDenied, StrCat(std::forward<Args>(args)...));
  }
  template <typename... Args>
  static Status Unauthenticated(Args&&... args) {
    return Status(StatusCode::kUnauthenticated, StrCat(std::forward<Args>(args)...));
  }
  template <typename... Args>
  static Status Internal(Args&&... args) {
    return Status(StatusCode::kInternal, StrCat(std::forward<Args>(args)...));
  }

  template <typename... Args>
  static Status CommitStateUnknown(Args&&... args) {
    return Status(StatusCode::kCommitStateUnknown, StrCat(std::forward<Args>(args)...));
  }

  bool ok() const { return state_ == nullptr; }
  StatusCode code() const { return state_ ? state_->code : StatusCode::kOk; }
  /// The message without the code name; empty when OK.
  const std::string& message() const;
  /// "Corruption: <message>", or "OK".
  std::string ToString() const;

  /// Returns a copy whose message is "<context>: <message>" (OK stays OK).
  /// Used to add the file name or position as an error travels up.
  Status WithContext(std::string_view context) const;

  bool IsInvalid() const { return code() == StatusCode::kInvalid; }
  bool IsCorruption() const { return code() == StatusCode::kCorruption; }
  bool IsNotFound() const { return code() == StatusCode::kNotFound; }
  bool IsIOError() const { return code() == StatusCode::kIOError; }
  bool IsNotSupported() const { return code() == StatusCode::kNotSupported; }
  bool IsOutOfMemory() const { return code() == StatusCode::kOutOfMemory; }
  bool IsConflict() const { return code() == StatusCode::kConflict; }
  bool IsAlreadyExists() const { return code() == StatusCode::kAlreadyExists; }
  bool IsCommitStateUnknown() const { return code() == StatusCode::kCommitStateUnknown; }

 private:
  struct State {
    StatusCode code;
    std::string message;
  };
  std::unique_ptr<State> state_;
};

}  // namespace floe

#define FLOE_CONCAT_IMPL(a, b) a##b
#define FLOE_CONCAT(a, b) FLOE_CONCAT_IMPL(a, b)

/// Returns the status of `expr` from the enclosing function if it is not OK.
#define FLOE_RETURN_NOT_OK(expr)               \
  do {                                         \
    ::floe::Status _floe_st = (expr);          \
    if (__builtin_expect(!_floe_st.ok(), 0)) { \
      return _floe_st;                         \
    }                                          \
  } while (false)

/// Returns a Status built with `ctor(args...)` if `cond` is false, e.g.
/// FLOE_CHECK_INPUT(n <= remaining, Corruption, "page header: length ", n, ...).
#define FLOE_CHECK_INPUT(cond, code, ...)       \
  do {                                          \
    if (__builtin_expect(!(cond), 0)) {         \
      return ::floe::Status::code(__VA_ARGS__); \
    }                                           \
  } while (false)
