#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "io/file_io.h"

namespace floe::io {

/// The steps a FaultInjectingFileIO numbers and may fail.
enum class FileOp : uint8_t {
  kOpenInput,
  kSize,    // RandomAccessFile::Size
  kReadAt,  // RandomAccessFile::ReadAt
  kOpenOutput,
  kAppend,
  kSync,
  kClose,
  kDelete,
  kExists,
  kList,
  kRename,
};

/// The operation's name as it appears in messages and the log ("Append").
std::string_view FileOpName(FileOp op);

/// How the chosen operation, and possibly the ones after it, fail.
enum class FaultMode : uint8_t {
  /// Operation n returns IOError; every other operation succeeds.
  kFailOnce,
  /// Operation n and every later one return IOError.
  kFailFromThenOn,
  /// From operation n on, OpenOutput, Append, Sync and Close (which flushes
  /// buffered bytes) return IOError "No space left on device"; reads,
  /// Delete, Exists, List and Rename still work.
  kDiskFull,
  /// From operation n on every operation fails, as if the process had died
  /// there; the test then calls SimulateCrash() and checks what survives.
  kCrash,
};

/// A FileIO for tests of write paths (CONVENTIONS.md "Tests"): it forwards to
/// a base FileIO, numbers every operation from 0 (OpenInput, Size, ReadAt,
/// OpenOutput, Append, Sync, Close, Delete, Exists, List, Rename), fails the
/// chosen one as FailAt says, and SimulateCrash drops what was not synced.
/// A failed operation does nothing: the base is not called.
///
/// The intended use is a fault loop: run the code under test once to count
/// its operations, then for n in [0, count) run it again on a fresh base with
/// FailAt(n, mode), expect an error (or a correct result), and check the
/// invariants that must hold after any failure.
///
/// WriteFileAtomic runs FileIO's default temporary-file-then-Rename sequence
/// through this wrapper, so each of its steps is an operation (and a crash
/// can leave the synced temporary file behind, as on a real disk).
///
/// Thread-safe: operations are numbered under a mutex in the order they
/// start. Handles opened before SimulateCrash() fail afterwards.
class FaultInjectingFileIO final : public FileIO {
 public:
  /// Wraps `base` (REQUIRES: not null), with no fault armed.
  static std::shared_ptr<FaultInjectingFileIO> Make(std::shared_ptr<FileIO> base);
  ~FaultInjectingFileIO() override;

  Result<std::unique_ptr<RandomAccessFile>> OpenInput(const std::string& path) override;
  Result<std::unique_ptr<WritableFile>> OpenOutput(const std::string& path) override;
  Status Delete(const std::string& path) override;
  Result<bool> Exists(const std::string& path) override;
  Result<std::vector<FileInfo>> List(const std::string& prefix) override;
  Status Rename(const std::string& from, const std::string& to) override;

  /// Operations numbered since Make or the last ResetCount; the next
  /// operation gets this number.
  int64_t operation_count() const;
  /// Restarts numbering at 0 and clears the log; the armed fault stays.
  void ResetCount();
  /// Arms a fault at operation number `n` (replacing any armed fault).
  void FailAt(int64_t n, FaultMode mode);
  /// Disarms the fault: every later operation reaches the base.
  void ClearFault();
  /// How many operations failed by injection since the fault was armed: 0
  /// after a run means `n` lay beyond the run's last operation.
  int64_t injected_count() const;
  /// Whether OpenInput, Size and ReadAt are numbered (default true). Fault
  /// loops over write paths usually turn this off so that reading a large
  /// file does not multiply the iterations. Uncounted reads never fail
  /// themselves, but once the armed operation has been reached they fail in
  /// kFailFromThenOn and kCrash modes.
  void set_count_reads(bool count_reads);

  /// A power loss and restart: every file created through this wrapper
  /// loses what was appended after its last successful Sync — it is cut
  /// back to the synced length, or deleted if it was never synced. Deletes
  /// and Renames that succeeded are kept (a simplification: a local Rename
  /// syncs its directory, a Delete may not). Files this wrapper did not
  /// create are untouched. Then the fault is disarmed and handles opened
  /// earlier fail, so the test can inspect and recover through this FileIO.
  /// Errors come from the base FileIO while rewriting files.
  Status SimulateCrash();

  /// The most recent operations (up to 10000) as "<n> <Op> <path>", with
  /// " -> injected fault" on those that failed by injection; uncounted
  /// reads appear with n = -. For messages of failing fault loops.
  std::vector<std::string> OperationLog() const;

  /// Opaque shared state (handles keep it alive).
  struct State;

 private:
  explicit FaultInjectingFileIO(std::shared_ptr<FileIO> base);
  std::shared_ptr<FileIO> base_;
  std::shared_ptr<State> state_;
};

}  // namespace floe::io
