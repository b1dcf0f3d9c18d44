#include "io/file_io.h"

#include <cstdio>
#include <random>

namespace floe::io {

namespace {

// 64 random bits as 16 hex digits: temporary names that concurrent writers
// (threads or processes) of the same path do not share.
std::string RandomSuffix() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  char buf[17];
  std::snprintf(buf, sizeof(buf), "%016llx", static_cast<unsigned long long>(rng()));
  return buf;
}

}  // namespace

Result<std::shared_ptr<Buffer>> RandomAccessFile::ReadBufferAt(int64_t offset, int64_t length,
                                                               MemoryPool* pool) {
  FLOE_ASSIGN_OR_RETURN(auto buffer, Buffer::Make(pool, length));
  FLOE_RETURN_NOT_OK(ReadAt(offset, length, buffer->mutable_data()));
  FLOE_RETURN_NOT_OK(buffer->Resize(length));
  return buffer;
}

Result<std::shared_ptr<Buffer>> FileIO::ReadFile(const std::string& path, MemoryPool* pool) {
  FLOE_ASSIGN_OR_RETURN(auto file, OpenInput(path));
  FLOE_ASSIGN_OR_RETURN(int64_t size, file->Size());
  return file->ReadBufferAt(0, size, pool);
}

Status FileIO::WriteFile(const std::string& path, std::string_view contents) {
  FLOE_ASSIGN_OR_RETURN(auto file, OpenOutput(path));
  FLOE_RETURN_NOT_OK(file->Append(contents));
  FLOE_RETURN_NOT_OK(file->Sync());
  return file->Close();
}

Status FileIO::Rename(const std::string& from, const std::string& to) {
  return Status::NotSupported("rename of ", from, " to ", to,
                              ": not supported by this file system");
}

Status FileIO::WriteFileAtomic(const std::string& path, std::string_view contents) {
  std::string tmp = path + ".tmp-" + RandomSuffix();
  FLOE_ASSIGN_OR_RETURN(auto file, OpenOutput(tmp));
  Status st = file->Append(contents);
  if (st.ok()) st = file->Sync();
  if (st.ok()) st = file->Close();
  file.reset();
  if (st.ok()) st = Rename(tmp, path);
  if (!st.ok()) {
    // Best effort: the error worth reporting is the first one.
    (void)Delete(tmp);
  }
  return st;
}

}  // namespace floe::io
