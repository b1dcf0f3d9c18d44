#include <algorithm>
#include <cstring>
#include <map>
#include <mutex>

#include "io/file_io.h"

namespace floe::io {

namespace {

struct MemoryFiles {
  std::mutex mu;
  std::map<std::string, std::shared_ptr<const std::string>> files;
};

class MemoryRandomAccessFile final : public RandomAccessFile {
 public:
  MemoryRandomAccessFile(std::string path, std::shared_ptr<const std::string> contents)
      : path_(std::move(path)), contents_(std::move(contents)) {}
  const std::string& path() const override { return path_; }
  Result<int64_t> Size() override { return static_cast<int64_t>(contents_->size()); }
  Status ReadAt(int64_t offset, int64_t length, uint8_t* out) override {
    int64_t size = static_cast<int64_t>(contents_->size());
    if (offset < 0 || length < 0 || offset > size || length > size - offset) {
      return Status::IOError(path_, ": read of ", length, " bytes at offset ", offset,
                             " goes past the end of the file (", size, " bytes)");
    }
    if (length > 0) std::memcpy(out, contents_->data() + offset, static_cast<size_t>(length));
    return Status::OK();
  }

 private:
  std::string path_;
  std::shared_ptr<const std::string> contents_;
};

class MemoryWritableFile final : public WritableFile {
 public:
  MemoryWritableFile(std::string path, std::shared_ptr<MemoryFiles> files)
      : path_(std::move(path)), files_(std::move(files)) {}
  const std::string& path() const override { return path_; }
  Status Append(const void* data, int64_t length) override {
    contents_.append(static_cast<const char*>(data), static_cast<size_t>(length));
    return Status::OK();
  }
  int64_t position() const override { return static_cast<int64_t>(contents_.size()); }
  Status Sync() override { return Publish(); }
  Status Close() override { return Publish(); }

 private:
  Status Publish() {
    std::lock_guard<std::mutex> lock(files_->mu);
    files_->files[path_] = std::make_shared<const std::string>(contents_);
    return Status::OK();
  }
  std::string path_;
  std::shared_ptr<MemoryFiles> files_;
  std::string contents_;
};

class MemoryFileIOImpl final : public FileIO {
 public:
  Result<std::unique_ptr<RandomAccessFile>> OpenInput(const std::string& path) override {
    std::lock_guard<std::mutex> lock(files_->mu);
    auto it = files_->files.find(path);
    if (it == files_->files.end()) return Status::NotFound(path, ": no such file");
    return std::unique_ptr<RandomAccessFile>(new MemoryRandomAccessFile(path, it->second));
  }
  Result<std::unique_ptr<WritableFile>> OpenOutput(const std::string& path) override {
    std::lock_guard<std::mutex> lock(files_->mu);
    if (files_->files.count(path)) return Status::AlreadyExists(path, ": file exists");
    files_->files[path] = std::make_shared<const std::string>();
    return std::unique_ptr<WritableFile>(new MemoryWritableFile(path, files_));
  }
  Status Delete(const std::string& path) override {
    std::lock_guard<std::mutex> lock(files_->mu);
    if (files_->files.erase(path) == 0) return Status::NotFound(path, ": no such file");
    return Status::OK();
  }
  Status Rename(const std::string& from, const std::string& to) override {
    std::lock_guard<std::mutex> lock(files_->mu);
    auto it = files_->files.find(from);
    if (it == files_->files.end())
      return Status::NotFound(from, ": no such file (rename to ", to, ")");
    std::shared_ptr<const std::string> contents = it->second;
    files_->files.erase(it);
    files_->files[to] = std::move(contents);
    return Status::OK();
  }
  Result<bool> Exists(const std::string& path) override {
    std::lock_guard<std::mutex> lock(files_->mu);
    return files_->files.count(path) > 0;
  }
  Result<std::vector<FileInfo>> List(const std::string& prefix) override {
    std::lock_guard<std::mutex> lock(files_->mu);
    std::vector<FileInfo> out;
    for (auto it = files_->files.lower_bound(prefix); it != files_->files.end(); ++it) {
      if (it->first.rfind(prefix, 0) != 0) break;
      out.push_back(FileInfo{it->first, static_cast<int64_t>(it->second->size())});
    }
    return out;
  }

 private:
  std::shared_ptr<MemoryFiles> files_ = std::make_shared<MemoryFiles>();
};

}  // namespace

std::shared_ptr<FileIO> MemoryFileIO() { return std::make_shared<MemoryFileIOImpl>(); }

}  // namespace floe::io
