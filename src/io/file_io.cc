#include "io/file_io.h"

namespace floe::io {

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

}  // namespace floe::io
