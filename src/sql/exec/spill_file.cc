#include "sql/exec/spill_file.h"

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "common/bit_util.h"
#include "common/str_cat.h"
#include "sql/exec/vector_operations.h"

namespace floe::sql {

using columnar::PhysicalType;
using columnar::StringView;
using columnar::Vector;
using columnar::VectorKind;

namespace {
std::atomic<int64_t> g_space_counter{0};
constexpr size_t kBufferBytes = 1 << 20;
}  // namespace

SpillSpace::SpillSpace(std::string base) : base_(std::move(base)) {
  if (base_.empty()) {
    const char* tmp = std::getenv("TMPDIR");
    base_ = tmp != nullptr && *tmp != '\0' ? tmp : "/tmp";
  }
}

SpillSpace::~SpillSpace() {
  if (!dir_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
}

Result<std::string> SpillSpace::NewPath(const std::string& what) {
  std::lock_guard<std::mutex> lock(mu_);
  if (dir_.empty()) {
    std::string dir =
        StrCat(base_, "/floe-spill-", static_cast<int64_t>(getpid()), "-", g_space_counter++);
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) return Status::IOError("cannot create spill directory ", dir, ": ", ec.message());
    dir_ = std::move(dir);
  }
  return StrCat(dir_, "/", what, "-", next_++, ".spill");
}

Result<std::unique_ptr<SpillWriter>> SpillWriter::Open(SpillSpace* space, const std::string& what) {
  auto w = std::unique_ptr<SpillWriter>(new SpillWriter());
  w->space_ = space;
  FLOE_ASSIGN_OR_RETURN(w->path_, space->NewPath(what));
  w->file_ = std::fopen(w->path_.c_str(), "wb");
  if (w->file_ == nullptr) {
    return Status::IOError("cannot create spill file ", w->path_, ": ", std::strerror(errno));
  }
  w->buffer_.reserve(kBufferBytes);
  return w;
}

SpillWriter::~SpillWriter() {
  if (file_ != nullptr) std::fclose(file_);
}

Status SpillWriter::Put(const void* p, size_t n) {
  if (buffer_.size() + n > kBufferBytes && !buffer_.empty()) {
    if (std::fwrite(buffer_.data(), 1, buffer_.size(), file_) != buffer_.size()) {
      return Status::IOError("cannot write spill file ", path_, ": ", std::strerror(errno));
    }
    space_->AddBytes(static_cast<int64_t>(buffer_.size()));
    buffer_.clear();
  }
  buffer_.append(static_cast<const char*>(p), n);
  return Status::OK();
}

Status SpillWriter::Write(const std::vector<const Vector*>& columns, const uint32_t* rows,
                          int64_t n) {
  if (n == 0) return Status::OK();
  FLOE_RETURN_NOT_OK(Put(&n, sizeof(n)));
  std::vector<uint8_t> validity(static_cast<size_t>(bit_util::BytesForBits(n)));
  for (const Vector* v : columns) {
    const LogicalType& t = v->type();
    bool nulls = false;
    std::fill(validity.begin(), validity.end(), 0);
    for (int64_t k = 0; k < n; ++k) {
      if (v->IsNull(rows ? rows[k] : k)) {
        nulls = true;
      } else {
        bit_util::SetBit(validity.data(), k);
      }
    }
    const uint8_t flag = nulls ? 1 : 0;
    FLOE_RETURN_NOT_OK(Put(&flag, 1));
    if (nulls) FLOE_RETURN_NOT_OK(Put(validity.data(), validity.size()));
    const Vector* values = v->kind() == VectorKind::kDictionary ? v->dictionary().get() : v;
    if (t.is_nested()) {
      // Nested values as their encodings (EncodeValue), lengths first.
      std::string bytes;
      std::vector<uint32_t> lengths(static_cast<size_t>(n));
      for (int64_t k = 0; k < n; ++k) {
        const size_t before = bytes.size();
        EncodeValue(*v, rows ? rows[k] : k, &bytes);
        lengths[static_cast<size_t>(k)] = static_cast<uint32_t>(bytes.size() - before);
      }
      FLOE_RETURN_NOT_OK(Put(lengths.data(), lengths.size() * 4));
      FLOE_RETURN_NOT_OK(Put(bytes.data(), bytes.size()));
    } else if (t.physical_type() == PhysicalType::kStringView) {
      std::vector<uint32_t> lengths(static_cast<size_t>(n));
      for (int64_t k = 0; k < n; ++k) {
        const int64_t r = rows ? rows[k] : k;
        lengths[static_cast<size_t>(k)] =
            v->IsNull(r) ? 0 : values->data<StringView>()[v->ValueIndex(r)].size();
      }
      FLOE_RETURN_NOT_OK(Put(lengths.data(), lengths.size() * 4));
      for (int64_t k = 0; k < n; ++k) {
        const int64_t r = rows ? rows[k] : k;
        if (v->IsNull(r)) continue;
        const StringView& s = values->data<StringView>()[v->ValueIndex(r)];
        FLOE_RETURN_NOT_OK(Put(s.data(), s.size()));
      }
    } else {
      const int width = t.fixed_width();
      for (int64_t k = 0; k < n; ++k) {
        const int64_t r = rows ? rows[k] : k;
        FLOE_RETURN_NOT_OK(
            Put(values->raw_data() + v->ValueIndex(r) * width, static_cast<size_t>(width)));
      }
    }
  }
  rows_ += n;
  return Status::OK();
}

Status SpillWriter::Close() {
  if (file_ == nullptr) return Status::OK();
  if (!buffer_.empty()) {
    if (std::fwrite(buffer_.data(), 1, buffer_.size(), file_) != buffer_.size()) {
      return Status::IOError("cannot write spill file ", path_, ": ", std::strerror(errno));
    }
    space_->AddBytes(static_cast<int64_t>(buffer_.size()));
    buffer_.clear();
  }
  const int rc = std::fclose(file_);
  file_ = nullptr;
  if (rc != 0)
    return Status::IOError("cannot write spill file ", path_, ": ", std::strerror(errno));
  return Status::OK();
}

Result<std::unique_ptr<SpillReader>> SpillReader::Open(const std::string& path,
                                                       std::vector<LogicalType> types,
                                                       MemoryPool* pool) {
  auto r = std::unique_ptr<SpillReader>(new SpillReader());
  r->path_ = path;
  r->types_ = std::move(types);
  r->pool_ = pool;
  r->file_ = std::fopen(path.c_str(), "rb");
  if (r->file_ == nullptr) {
    return Status::IOError("cannot open spill file ", path, ": ", std::strerror(errno));
  }
  return r;
}

SpillReader::~SpillReader() {
  if (file_ != nullptr) std::fclose(file_);
}

Status SpillReader::Get(void* p, size_t n) {
  if (n > 0 && std::fread(p, 1, n, file_) != n) {
    return Status::IOError("spill file ", path_, " is truncated");
  }
  return Status::OK();
}

Result<bool> SpillReader::Next(columnar::Chunk* out) {
  int64_t n;
  if (std::fread(&n, 1, sizeof(n), file_) != sizeof(n)) return false;
  if (n <= 0 || n > (int64_t{1} << 32))
    return Status::Corruption("spill file ", path_, ": bad batch size");
  out->size = n;
  out->selection.reset();
  out->columns.clear();
  for (const auto& t : types_) {
    FLOE_ASSIGN_OR_RETURN(auto v, Vector::Make(t, pool_, n));
    v->set_size(n);
    uint8_t flag;
    FLOE_RETURN_NOT_OK(Get(&flag, 1));
    if (flag != 0) {
      FLOE_RETURN_NOT_OK(v->EnsureValidity());
      FLOE_RETURN_NOT_OK(
          Get(v->mutable_validity(), static_cast<size_t>(bit_util::BytesForBits(n))));
    }
    if (t.is_nested()) {
      std::vector<uint32_t> lengths(static_cast<size_t>(n));
      FLOE_RETURN_NOT_OK(Get(lengths.data(), lengths.size() * 4));
      int64_t total = 0;
      for (uint32_t l : lengths) total += l;
      std::string bytes(static_cast<size_t>(total), '\0');
      FLOE_RETURN_NOT_OK(Get(bytes.data(), bytes.size()));
      size_t pos = 0;
      for (int64_t k = 0; k < n; ++k) FLOE_RETURN_NOT_OK(DecodeValue(bytes, &pos, v.get(), k));
      if (pos != bytes.size())
        return Status::Corruption("spill file ", path_, ": bad nested value");
      v->set_size(n);
    } else if (t.physical_type() == PhysicalType::kStringView) {
      std::vector<uint32_t> lengths(static_cast<size_t>(n));
      FLOE_RETURN_NOT_OK(Get(lengths.data(), lengths.size() * 4));
      int64_t total = 0;
      for (uint32_t l : lengths) total += l;
      FLOE_ASSIGN_OR_RETURN(char* bytes, v->AllocateStringBytes(std::max<int64_t>(total, 1)));
      FLOE_RETURN_NOT_OK(Get(bytes, static_cast<size_t>(total)));
      StringView* views = v->mutable_data<StringView>();
      for (int64_t k = 0; k < n; ++k) {
        views[k] = StringView(bytes, lengths[static_cast<size_t>(k)]);
        bytes += lengths[static_cast<size_t>(k)];
      }
    } else {
      FLOE_RETURN_NOT_OK(Get(v->mutable_raw_data(), static_cast<size_t>(n * t.fixed_width())));
    }
    out->columns.push_back(std::move(v));
  }
  return true;
}

}  // namespace floe::sql
