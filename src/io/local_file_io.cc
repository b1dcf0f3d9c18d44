#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#include "io/file_io.h"

namespace floe::io {

namespace {

std::string StripScheme(const std::string& path) {
  if (path.rfind("file://", 0) == 0) return path.substr(7);
  if (path.rfind("file:", 0) == 0) return path.substr(5);
  return path;
}

Status ErrnoStatus(const char* what, const std::string& path, int err) {
  if (err == ENOENT) return Status::NotFound(path, ": ", what, ": ", std::strerror(err));
  if (err == EEXIST) return Status::AlreadyExists(path, ": ", what, ": ", std::strerror(err));
  if (err == EACCES || err == EPERM)
    return Status::PermissionDenied(path, ": ", what, ": ", std::strerror(err));
  return Status::IOError(path, ": ", what, ": ", std::strerror(err));
}

// The directory holding `path`: "." for a bare name, "/" for "/name".
std::string ParentDir(const std::string& path) {
  size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

// Creates the missing directories above `path`. `dirs_to_sync` receives the
// directories whose entries changed — the parent of `path` and the parent of
// every directory created — which must be fsynced before the new file counts
// as durable (a file whose directory entry is lost is lost too).
Status MakeParentDirs(const std::string& path, std::vector<std::string>* dirs_to_sync) {
  dirs_to_sync->clear();
  for (size_t pos = path.find('/', 1); pos != std::string::npos; pos = path.find('/', pos + 1)) {
    std::string dir = path.substr(0, pos);
    if (::mkdir(dir.c_str(), 0755) == 0) {
      dirs_to_sync->push_back(ParentDir(dir));
    } else if (errno != EEXIST) {
      return ErrnoStatus("mkdir", dir, errno);
    }
  }
  dirs_to_sync->push_back(ParentDir(path));
  return Status::OK();
}

Status SyncDir(const std::string& dir) {
  int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return ErrnoStatus("open directory", dir, errno);
  int rc = ::fsync(fd);
  int err = errno;
  ::close(fd);
  return rc == 0 ? Status::OK() : ErrnoStatus("fsync directory", dir, err);
}

class LocalRandomAccessFile final : public RandomAccessFile {
 public:
  LocalRandomAccessFile(std::string path, int fd) : path_(std::move(path)), fd_(fd) {}
  ~LocalRandomAccessFile() override { ::close(fd_); }
  const std::string& path() const override { return path_; }
  Result<int64_t> Size() override {
    struct stat st;
    if (::fstat(fd_, &st) != 0) return ErrnoStatus("stat", path_, errno);
    return static_cast<int64_t>(st.st_size);
  }
  Status ReadAt(int64_t offset, int64_t length, uint8_t* out) override {
    if (offset < 0 || length < 0) {
      return Status::IOError(path_, ": invalid read of ", length, " bytes at offset ", offset);
    }
    int64_t done = 0;
    while (done < length) {
      ssize_t n = ::pread(fd_, out + done, static_cast<size_t>(length - done), offset + done);
      if (n < 0) {
        if (errno == EINTR) continue;
        return ErrnoStatus("read", path_, errno);
      }
      if (n == 0) {
        return Status::IOError(path_, ": read of ", length, " bytes at offset ", offset,
                               " goes past the end of the file");
      }
      done += n;
    }
    return Status::OK();
  }

 private:
  std::string path_;
  int fd_;
};

class LocalWritableFile final : public WritableFile {
 public:
  LocalWritableFile(std::string path, int fd, std::vector<std::string> dirs_to_sync)
      : path_(std::move(path)), fd_(fd), dirs_to_sync_(std::move(dirs_to_sync)) {}
  ~LocalWritableFile() override {
    if (fd_ >= 0) ::close(fd_);
  }
  const std::string& path() const override { return path_; }
  Status Append(const void* data, int64_t length) override {
    // Small appends are gathered in a buffer: writers append field by field.
    if (buffer_.size() + static_cast<size_t>(length) > kBufferSize) FLOE_RETURN_NOT_OK(Flush());
    if (static_cast<size_t>(length) >= kBufferSize) {
      FLOE_RETURN_NOT_OK(WriteAll(static_cast<const char*>(data), length));
    } else {
      buffer_.append(static_cast<const char*>(data), static_cast<size_t>(length));
    }
    position_ += length;
    return Status::OK();
  }
  int64_t position() const override { return position_; }
  Status Sync() override {
    FLOE_RETURN_NOT_OK(Flush());
    if (::fsync(fd_) != 0) return ErrnoStatus("fsync", path_, errno);
    // The first Sync also makes the new directory entries durable (the
    // file's and those of directories OpenOutput created); later Syncs only
    // change the file's contents.
    while (!dirs_to_sync_.empty()) {
      FLOE_RETURN_NOT_OK(SyncDir(dirs_to_sync_.back()));
      dirs_to_sync_.pop_back();
    }
    return Status::OK();
  }
  Status Close() override {
    if (fd_ < 0) return Status::OK();
    Status st = Flush();
    if (::close(fd_) != 0 && st.ok()) st = ErrnoStatus("close", path_, errno);
    fd_ = -1;
    return st;
  }

 private:
  static constexpr size_t kBufferSize = 1 << 20;
  Status Flush() {
    Status st = WriteAll(buffer_.data(), static_cast<int64_t>(buffer_.size()));
    buffer_.clear();
    return st;
  }
  Status WriteAll(const char* p, int64_t n) {
    while (n > 0) {
      ssize_t w = ::write(fd_, p, static_cast<size_t>(n));
      if (w < 0) {
        if (errno == EINTR) continue;
        return ErrnoStatus("write", path_, errno);
      }
      p += w;
      n -= w;
    }
    return Status::OK();
  }
  std::string path_;
  int fd_;
  int64_t position_ = 0;
  std::string buffer_;
  std::vector<std::string> dirs_to_sync_;
};

void ListRecursive(const std::string& dir, std::vector<FileInfo>* out) {
  DIR* d = ::opendir(dir.c_str());
  if (d == nullptr) return;
  while (struct dirent* e = ::readdir(d)) {
    if (std::strcmp(e->d_name, ".") == 0 || std::strcmp(e->d_name, "..") == 0) continue;
    std::string child = dir == "/" ? "/" + std::string(e->d_name) : dir + "/" + e->d_name;
    struct stat st;
    if (::stat(child.c_str(), &st) != 0) continue;
    if (S_ISDIR(st.st_mode)) {
      ListRecursive(child, out);
    } else if (S_ISREG(st.st_mode)) {
      out->push_back(
          FileInfo{child, static_cast<int64_t>(st.st_size),
                   static_cast<int64_t>(st.st_mtim.tv_sec) * 1000 + st.st_mtim.tv_nsec / 1000000});
    }
  }
  ::closedir(d);
}

class LocalFileIOImpl final : public FileIO {
 public:
  Result<std::unique_ptr<RandomAccessFile>> OpenInput(const std::string& uri) override {
    std::string path = StripScheme(uri);
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return ErrnoStatus("open", path, errno);
    struct stat st;
    if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
      ::close(fd);
      return Status::IOError(path, ": is a directory, not a file");
    }
    return std::unique_ptr<RandomAccessFile>(new LocalRandomAccessFile(path, fd));
  }
  Result<std::unique_ptr<WritableFile>> OpenOutput(const std::string& uri) override {
    std::string path = StripScheme(uri);
    std::vector<std::string> dirs_to_sync;
    FLOE_RETURN_NOT_OK(MakeParentDirs(path, &dirs_to_sync));
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0) return ErrnoStatus("create", path, errno);
    return std::unique_ptr<WritableFile>(new LocalWritableFile(path, fd, std::move(dirs_to_sync)));
  }
  Status Rename(const std::string& from_uri, const std::string& to_uri) override {
    std::string from = StripScheme(from_uri);
    std::string to = StripScheme(to_uri);
    std::vector<std::string> dirs_to_sync;
    FLOE_RETURN_NOT_OK(MakeParentDirs(to, &dirs_to_sync));
    // rename(2) replaces `to` atomically: readers see the old or the new file.
    if (::rename(from.c_str(), to.c_str()) != 0) {
      int err = errno;
      return ErrnoStatus("rename", from + " -> " + to, err);
    }
    if (ParentDir(from) != ParentDir(to)) dirs_to_sync.push_back(ParentDir(from));
    for (const std::string& dir : dirs_to_sync) FLOE_RETURN_NOT_OK(SyncDir(dir));
    return Status::OK();
  }
  Status Delete(const std::string& uri) override {
    std::string path = StripScheme(uri);
    if (::unlink(path.c_str()) != 0) return ErrnoStatus("delete", path, errno);
    return Status::OK();
  }
  Result<bool> Exists(const std::string& uri) override {
    std::string path = StripScheme(uri);
    struct stat st;
    if (::stat(path.c_str(), &st) == 0) return true;
    if (errno == ENOENT || errno == ENOTDIR) return false;
    return ErrnoStatus("stat", path, errno);
  }
  Result<std::vector<FileInfo>> List(const std::string& uri) override {
    std::string prefix = StripScheme(uri);
    // List the deepest directory named by the prefix, then filter by prefix.
    size_t slash = prefix.rfind('/');
    std::string dir =
        slash == std::string::npos ? "." : (slash == 0 ? "/" : prefix.substr(0, slash));
    std::vector<FileInfo> all;
    ListRecursive(dir, &all);
    std::vector<FileInfo> out;
    for (auto& f : all) {
      std::string p = slash == std::string::npos ? f.path.substr(2) : f.path;
      if (p.rfind(prefix, 0) == 0) out.push_back(FileInfo{p, f.size, f.modified_ms});
    }
    std::sort(out.begin(), out.end(),
              [](const FileInfo& a, const FileInfo& b) { return a.path < b.path; });
    return out;
  }
};

}  // namespace

std::shared_ptr<FileIO> LocalFileIO() {
  static std::shared_ptr<FileIO> io = std::make_shared<LocalFileIOImpl>();
  return io;
}

}  // namespace floe::io
