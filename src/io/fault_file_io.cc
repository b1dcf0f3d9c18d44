#include "io/fault_file_io.h"

#include <deque>
#include <map>
#include <mutex>
#include <utility>

#include "common/str_cat.h"

namespace floe::io {

std::string_view FileOpName(FileOp op) {
  switch (op) {
    case FileOp::kOpenInput:
      return "OpenInput";
    case FileOp::kSize:
      return "Size";
    case FileOp::kReadAt:
      return "ReadAt";
    case FileOp::kOpenOutput:
      return "OpenOutput";
    case FileOp::kAppend:
      return "Append";
    case FileOp::kSync:
      return "Sync";
    case FileOp::kClose:
      return "Close";
    case FileOp::kDelete:
      return "Delete";
    case FileOp::kExists:
      return "Exists";
    case FileOp::kList:
      return "List";
    case FileOp::kRename:
      return "Rename";
  }
  return "?";
}

namespace {

bool IsRead(FileOp op) {
  return op == FileOp::kOpenInput || op == FileOp::kSize || op == FileOp::kReadAt;
}

// The operations that need free space: creating a file and writing to it
// (Close writes what a local file still buffers).
bool NeedsSpace(FileOp op) {
  return op == FileOp::kOpenOutput || op == FileOp::kAppend || op == FileOp::kSync ||
         op == FileOp::kClose;
}

std::string Where(int64_t n, FileOp op, const std::string& path) {
  if (n < 0) return StrCat("an uncounted read (", FileOpName(op), " ", path, ")");
  return StrCat("operation ", n, " (", FileOpName(op), " ", path, ")");
}

constexpr size_t kMaxLogEntries = 10000;

}  // namespace

struct FaultInjectingFileIO::State {
  mutable std::mutex mu;
  int64_t count = 0;
  int64_t fail_at = -1;  // no fault armed
  FaultMode mode = FaultMode::kFailOnce;
  int64_t injected = 0;
  bool count_reads = true;
  // Bumped by SimulateCrash; handles remember the epoch they were opened in.
  int64_t epoch = 0;
  // Every file created through the wrapper and not deleted since: the length
  // of its last successful Sync, or -1 if it was never synced.
  std::map<std::string, int64_t> synced_length;
  std::deque<std::string> log;

  int64_t CurrentEpoch() const {
    std::lock_guard<std::mutex> lock(mu);
    return epoch;
  }

  void AddLog(std::string entry) {
    if (log.size() == kMaxLogEntries) log.pop_front();
    log.push_back(std::move(entry));
  }

  // Numbers one operation and returns its injected fault, if any. A handle
  // passes the epoch it was opened in; the FileIO's own operations pass -1.
  Status Begin(FileOp op, const std::string& path, int64_t handle_epoch = -1) {
    std::lock_guard<std::mutex> lock(mu);
    if (handle_epoch >= 0 && handle_epoch != epoch) {
      return Status::IOError(path, ": ", FileOpName(op),
                             " on a handle opened before the simulated crash");
    }
    int64_t n = count_reads || !IsRead(op) ? count++ : -1;
    Status st = Fault(op, path, n);
    std::string entry =
        StrCat(n < 0 ? std::string("-") : StrCat(n), " ", FileOpName(op), " ", path);
    if (!st.ok()) {
      ++injected;
      entry += " -> injected fault";
    }
    AddLog(std::move(entry));
    return st;
  }

  // REQUIRES: mu held. `n` is -1 for an uncounted read.
  Status Fault(FileOp op, const std::string& path, int64_t n) const {
    if (fail_at < 0) return Status::OK();
    // An uncounted read comes after the armed operation once that has been
    // numbered.
    bool reached = n >= 0 ? n >= fail_at : count > fail_at;
    if (!reached) return Status::OK();
    switch (mode) {
      case FaultMode::kFailOnce:
        if (n != fail_at) return Status::OK();
        return Status::IOError("injected fault at ", Where(n, op, path));
      case FaultMode::kFailFromThenOn:
        return Status::IOError("injected fault at ", Where(n, op, path), ": every operation from ",
                               fail_at, " on fails");
      case FaultMode::kDiskFull:
        if (!NeedsSpace(op)) return Status::OK();
        return Status::IOError(path, ": No space left on device (injected at ", Where(n, op, path),
                               ")");
      case FaultMode::kCrash:
        return Status::IOError("injected crash at ", Where(n, op, path),
                               ": the simulated process is down until SimulateCrash()");
    }
    return Status::OK();
  }

  void RecordCreate(const std::string& path) {
    std::lock_guard<std::mutex> lock(mu);
    synced_length[path] = -1;
  }
  void RecordSync(const std::string& path, int64_t length, int64_t handle_epoch) {
    std::lock_guard<std::mutex> lock(mu);
    if (handle_epoch != epoch) return;
    // A file deleted or renamed while open is not followed.
    auto it = synced_length.find(path);
    if (it != synced_length.end()) it->second = length;
  }
  void RecordDelete(const std::string& path) {
    std::lock_guard<std::mutex> lock(mu);
    synced_length.erase(path);
  }
  void RecordRename(const std::string& from, const std::string& to) {
    std::lock_guard<std::mutex> lock(mu);
    auto it = synced_length.find(from);
    if (it == synced_length.end()) {
      // A file this wrapper did not create is durable; so is `to` now.
      synced_length.erase(to);
      return;
    }
    int64_t length = it->second;
    synced_length.erase(it);
    synced_length[to] = length;
  }
};

namespace {

using State = FaultInjectingFileIO::State;

class FaultRandomAccessFile final : public RandomAccessFile {
 public:
  FaultRandomAccessFile(std::unique_ptr<RandomAccessFile> base, std::string path,
                        std::shared_ptr<State> state, int64_t epoch)
      : base_(std::move(base)), path_(std::move(path)), state_(std::move(state)), epoch_(epoch) {}
  const std::string& path() const override { return path_; }
  Result<int64_t> Size() override {
    FLOE_RETURN_NOT_OK(state_->Begin(FileOp::kSize, path_, epoch_));
    return base_->Size();
  }
  Status ReadAt(int64_t offset, int64_t length, uint8_t* out) override {
    FLOE_RETURN_NOT_OK(state_->Begin(FileOp::kReadAt, path_, epoch_));
    return base_->ReadAt(offset, length, out);
  }

 private:
  std::unique_ptr<RandomAccessFile> base_;
  std::string path_;
  std::shared_ptr<State> state_;
  int64_t epoch_;
};

class FaultWritableFile final : public WritableFile {
 public:
  FaultWritableFile(std::unique_ptr<WritableFile> base, std::string path,
                    std::shared_ptr<State> state, int64_t epoch)
      : base_(std::move(base)), path_(std::move(path)), state_(std::move(state)), epoch_(epoch) {}
  const std::string& path() const override { return path_; }
  Status Append(const void* data, int64_t length) override {
    FLOE_RETURN_NOT_OK(state_->Begin(FileOp::kAppend, path_, epoch_));
    return base_->Append(data, length);
  }
  int64_t position() const override { return base_->position(); }
  Status Sync() override {
    FLOE_RETURN_NOT_OK(state_->Begin(FileOp::kSync, path_, epoch_));
    FLOE_RETURN_NOT_OK(base_->Sync());
    state_->RecordSync(path_, base_->position(), epoch_);
    return Status::OK();
  }
  Status Close() override {
    FLOE_RETURN_NOT_OK(state_->Begin(FileOp::kClose, path_, epoch_));
    return base_->Close();
  }

 private:
  std::unique_ptr<WritableFile> base_;
  std::string path_;
  std::shared_ptr<State> state_;
  int64_t epoch_;
};

// Cuts `path` back to its first `synced_length` bytes, deleting it when
// that is -1 (never synced). Rewrites the file because FileIO has no
// truncate: OpenOutput creates, so the old file is deleted first.
Status CutBack(FileIO* base, const std::string& path, int64_t synced_length) {
  if (synced_length < 0) {
    Status st = base->Delete(path);
    return st.IsNotFound() ? Status::OK() : st;
  }
  std::string prefix;
  {  // the input handle is released before the file is deleted
    auto input = base->OpenInput(path);
    if (!input.ok()) return input.status().IsNotFound() ? Status::OK() : input.status();
    FLOE_ASSIGN_OR_RETURN(int64_t size, (*input)->Size());
    if (size <= synced_length) return Status::OK();
    prefix.resize(static_cast<size_t>(synced_length));
    FLOE_RETURN_NOT_OK(
        (*input)->ReadAt(0, synced_length, reinterpret_cast<uint8_t*>(prefix.data())));
  }
  FLOE_RETURN_NOT_OK(base->Delete(path));
  return base->WriteFile(path, prefix);
}

}  // namespace

FaultInjectingFileIO::FaultInjectingFileIO(std::shared_ptr<FileIO> base)
    : base_(std::move(base)), state_(std::make_shared<State>()) {}

FaultInjectingFileIO::~FaultInjectingFileIO() = default;

std::shared_ptr<FaultInjectingFileIO> FaultInjectingFileIO::Make(std::shared_ptr<FileIO> base) {
  return std::shared_ptr<FaultInjectingFileIO>(new FaultInjectingFileIO(std::move(base)));
}

Result<std::unique_ptr<RandomAccessFile>> FaultInjectingFileIO::OpenInput(const std::string& path) {
  FLOE_RETURN_NOT_OK(state_->Begin(FileOp::kOpenInput, path));
  int64_t epoch = state_->CurrentEpoch();
  FLOE_ASSIGN_OR_RETURN(auto file, base_->OpenInput(path));
  return std::unique_ptr<RandomAccessFile>(
      new FaultRandomAccessFile(std::move(file), path, state_, epoch));
}

Result<std::unique_ptr<WritableFile>> FaultInjectingFileIO::OpenOutput(const std::string& path) {
  FLOE_RETURN_NOT_OK(state_->Begin(FileOp::kOpenOutput, path));
  int64_t epoch = state_->CurrentEpoch();
  FLOE_ASSIGN_OR_RETURN(auto file, base_->OpenOutput(path));
  state_->RecordCreate(path);
  return std::unique_ptr<WritableFile>(new FaultWritableFile(std::move(file), path, state_, epoch));
}

Status FaultInjectingFileIO::Delete(const std::string& path) {
  FLOE_RETURN_NOT_OK(state_->Begin(FileOp::kDelete, path));
  FLOE_RETURN_NOT_OK(base_->Delete(path));
  state_->RecordDelete(path);
  return Status::OK();
}

Result<bool> FaultInjectingFileIO::Exists(const std::string& path) {
  FLOE_RETURN_NOT_OK(state_->Begin(FileOp::kExists, path));
  return base_->Exists(path);
}

Result<std::vector<FileInfo>> FaultInjectingFileIO::List(const std::string& prefix) {
  FLOE_RETURN_NOT_OK(state_->Begin(FileOp::kList, prefix));
  return base_->List(prefix);
}

Status FaultInjectingFileIO::Rename(const std::string& from, const std::string& to) {
  FLOE_RETURN_NOT_OK(state_->Begin(FileOp::kRename, from + " -> " + to));
  FLOE_RETURN_NOT_OK(base_->Rename(from, to));
  state_->RecordRename(from, to);
  return Status::OK();
}

int64_t FaultInjectingFileIO::operation_count() const {
  std::lock_guard<std::mutex> lock(state_->mu);
  return state_->count;
}

void FaultInjectingFileIO::ResetCount() {
  std::lock_guard<std::mutex> lock(state_->mu);
  state_->count = 0;
  state_->log.clear();
}

void FaultInjectingFileIO::FailAt(int64_t n, FaultMode mode) {
  std::lock_guard<std::mutex> lock(state_->mu);
  state_->fail_at = n;
  state_->mode = mode;
  state_->injected = 0;
}

void FaultInjectingFileIO::ClearFault() {
  std::lock_guard<std::mutex> lock(state_->mu);
  state_->fail_at = -1;
}

int64_t FaultInjectingFileIO::injected_count() const {
  std::lock_guard<std::mutex> lock(state_->mu);
  return state_->injected;
}

void FaultInjectingFileIO::set_count_reads(bool count_reads) {
  std::lock_guard<std::mutex> lock(state_->mu);
  state_->count_reads = count_reads;
}

Status FaultInjectingFileIO::SimulateCrash() {
  // Held throughout: operations of other threads wait for the "restart".
  std::lock_guard<std::mutex> lock(state_->mu);
  ++state_->epoch;
  state_->fail_at = -1;
  state_->AddLog("- SimulateCrash");
  std::map<std::string, int64_t> files;
  files.swap(state_->synced_length);
  for (const auto& [path, synced_length] : files) {
    FLOE_RETURN_NOT_OK(
        CutBack(base_.get(), path, synced_length)
            .WithContext(StrCat("simulated crash: cutting ", path, " back to its synced length")));
  }
  return Status::OK();
}

std::vector<std::string> FaultInjectingFileIO::OperationLog() const {
  std::lock_guard<std::mutex> lock(state_->mu);
  return std::vector<std::string>(state_->log.begin(), state_->log.end());
}

}  // namespace floe::io
