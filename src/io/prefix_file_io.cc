#include "io/prefix_file_io.h"

namespace floe::io {

namespace {

using Mapping = std::pair<std::string, std::string>;

// Whether `path` starts with `prefix` at a path boundary.
bool HasPathPrefix(const std::string& path, const std::string& prefix) {
  if (path.compare(0, prefix.size(), prefix) != 0) return false;
  return path.size() == prefix.size() || prefix.empty() || prefix.back() == '/' ||
         path[prefix.size()] == '/';
}

class PrefixRandomAccessFile final : public RandomAccessFile {
 public:
  PrefixRandomAccessFile(std::unique_ptr<RandomAccessFile> base, std::string path)
      : base_(std::move(base)), path_(std::move(path)) {}
  const std::string& path() const override { return path_; }
  Result<int64_t> Size() override { return base_->Size(); }
  Status ReadAt(int64_t offset, int64_t length, uint8_t* out) override {
    return base_->ReadAt(offset, length, out);
  }

 private:
  std::unique_ptr<RandomAccessFile> base_;
  std::string path_;
};

class PrefixWritableFile final : public WritableFile {
 public:
  PrefixWritableFile(std::unique_ptr<WritableFile> base, std::string path)
      : base_(std::move(base)), path_(std::move(path)) {}
  const std::string& path() const override { return path_; }
  Status Append(const void* data, int64_t length) override { return base_->Append(data, length); }
  int64_t position() const override { return base_->position(); }
  Status Sync() override { return base_->Sync(); }
  Status Close() override { return base_->Close(); }

 private:
  std::unique_ptr<WritableFile> base_;
  std::string path_;
};

class PrefixMappingFileIOImpl final : public FileIO {
 public:
  PrefixMappingFileIOImpl(std::shared_ptr<FileIO> base, std::vector<Mapping> mappings)
      : base_(std::move(base)), mappings_(std::move(mappings)) {}

  Result<std::unique_ptr<RandomAccessFile>> OpenInput(const std::string& path) override {
    FLOE_ASSIGN_OR_RETURN(auto file, base_->OpenInput(Map(path)));
    return std::unique_ptr<RandomAccessFile>(new PrefixRandomAccessFile(std::move(file), path));
  }
  Result<std::unique_ptr<WritableFile>> OpenOutput(const std::string& path) override {
    FLOE_ASSIGN_OR_RETURN(auto file, base_->OpenOutput(Map(path)));
    return std::unique_ptr<WritableFile>(new PrefixWritableFile(std::move(file), path));
  }
  Status Delete(const std::string& path) override { return base_->Delete(Map(path)); }
  Result<bool> Exists(const std::string& path) override { return base_->Exists(Map(path)); }
  Result<std::vector<FileInfo>> List(const std::string& prefix) override {
    std::string mapped = Map(prefix);
    FLOE_ASSIGN_OR_RETURN(auto files, base_->List(mapped));
    if (mapped == prefix) return files;
    // Every result starts with the mapped prefix; swapping it back keeps the
    // order. A result whose swapped name would not map back to it (a sibling
    // "<to>2/x" listed for the prefix "<from>") is not reachable under the
    // caller's names and is left out.
    std::vector<FileInfo> out;
    out.reserve(files.size());
    for (FileInfo& f : files) {
      if (f.path.compare(0, mapped.size(), mapped) != 0) continue;
      std::string name = prefix + f.path.substr(mapped.size());
      if (Map(name) != f.path) continue;
      out.push_back(FileInfo{std::move(name), f.size, f.modified_ms});
    }
    return out;
  }
  Status Rename(const std::string& from, const std::string& to) override {
    return base_->Rename(Map(from), Map(to));
  }
  // The base's own atomic write (a single PUT on S3) is kept.
  Status WriteFileAtomic(const std::string& path, std::string_view contents) override {
    return base_->WriteFileAtomic(Map(path), contents);
  }

 private:
  std::string Map(const std::string& path) const {
    for (const auto& [from, to] : mappings_) {
      if (HasPathPrefix(path, from)) return to + path.substr(from.size());
    }
    return path;
  }

  std::shared_ptr<FileIO> base_;
  std::vector<Mapping> mappings_;
};

}  // namespace

std::shared_ptr<FileIO> PrefixMappingFileIO(std::shared_ptr<FileIO> base,
                                            std::vector<Mapping> mappings) {
  return std::make_shared<PrefixMappingFileIOImpl>(std::move(base), std::move(mappings));
}

}  // namespace floe::io
