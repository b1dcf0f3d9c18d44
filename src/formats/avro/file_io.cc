#include <zlib.h>

#include <cstring>

#include <random>

#include "common/bit_util.h"
#include "formats/avro/binary_internal.h"
#include "formats/avro/file_reader.h"

namespace floe::formats::avro {

namespace {
const char kMagic[4] = {'O', 'b', 'j', 1};

Result<Codec> CodecForName(const std::string& name) {
  if (name.empty() || name == "null") return Codec::kUncompressed;
  if (name == "deflate") return Codec::kDeflate;
  if (name == "snappy") return Codec::kSnappy;
  if (name == "zstandard") return Codec::kZstd;
  return Status::NotSupported("Avro codec '", name,
                              "' is not supported (null, deflate, snappy, zstandard are)");
}

const char* NameForCodec(Codec c) {
  switch (c) {
    case Codec::kUncompressed:
      return "null";
    case Codec::kDeflate:
      return "deflate";
    case Codec::kSnappy:
      return "snappy";
    case Codec::kZstd:
      return "zstandard";
    default:
      return nullptr;
  }
}
}  // namespace

Status FileReader::Error(const std::string& what) const {
  return Status::Corruption(path_, ": ", what);
}

Result<std::unique_ptr<FileReader>> FileReader::Open(std::unique_ptr<io::RandomAccessFile> file,
                                                     ReaderOptions options) {
  std::unique_ptr<FileReader> r(new FileReader());
  r->path_ = file->path();
  r->options_ = std::move(options);
  FLOE_ASSIGN_OR_RETURN(int64_t size, file->Size());
  r->bytes_.resize(static_cast<size_t>(size));
  FLOE_RETURN_NOT_OK(file->ReadAt(0, size, reinterpret_cast<uint8_t*>(r->bytes_.data())));
  if (size < 4 || r->bytes_.compare(0, 3, "Obj") != 0)
    return r->Error("not an Avro object container file (no 'Obj' magic)");
  if (r->bytes_[3] != 1) {
    return Status::NotSupported(r->path_, ": Avro container version ",
                                int{static_cast<uint8_t>(r->bytes_[3])},
                                " is not supported (only version 1)");
  }
  BinaryDecoder d(reinterpret_cast<const uint8_t*>(r->bytes_.data()) + 4, size - 4);
  // Header metadata: a map of bytes, in blocks.
  while (true) {
    int64_t count, bytes;
    Status st = d.ReadBlockHeader(&count, &bytes);
    if (!st.ok()) return st.WithContext(r->path_ + ": header");
    if (count == 0) break;
    if (count > d.remaining()) return r->Error("header metadata count exceeds the file");
    for (int64_t k = 0; k < count; ++k) {
      std::string key, value;
      st = d.ReadBytes(&key);
      if (st.ok()) st = d.ReadBytes(&value);
      if (!st.ok()) return st.WithContext(r->path_ + ": header metadata");
      r->metadata_[key] = value;
    }
  }
  std::string sync;
  Status st = d.ReadFixed(16, &sync);
  if (!st.ok()) return st.WithContext(r->path_ + ": sync marker");
  r->sync_ = sync;
  r->pos_ = 4 + d.position();
  auto schema_it = r->metadata_.find("avro.schema");
  if (schema_it == r->metadata_.end()) return r->Error("the header has no avro.schema");
  auto schema = Schema::Parse(schema_it->second);
  if (!schema.ok()) return schema.status().WithContext(r->path_);
  r->schema_ = std::move(schema).ValueOrDie();
  auto codec_it = r->metadata_.find("avro.codec");
  r->codec_name_ = codec_it == r->metadata_.end() ? "null" : codec_it->second;
  auto codec = CodecForName(r->codec_name_);
  if (!codec.ok()) return codec.status().WithContext(r->path_);
  r->codec_ = *codec;
  if (r->options_.reader_schema) {
    if (!r->options_.fields.empty()) {
      return Status::Invalid(r->path_, ": give a reader schema or a field list, not both");
    }
    auto resolution = Resolution::Make(r->schema_, *r->options_.reader_schema);
    if (!resolution.ok()) {
      return resolution.status().WithContext(
          StrCat(r->path_, ": the file's schema does not resolve to the reader schema"));
    }
    r->resolution_ = std::move(resolution).ValueOrDie();
    return r;
  }
  // Projection: which top-level fields to decode.
  const Node& root = r->schema_.node(r->schema_.root());
  if (!r->options_.fields.empty()) {
    if (root.type != AvroType::kRecord)
      return Status::Invalid(r->path_, ": projection needs a record schema");
    r->keep_.assign(root.fields.size(), false);
    for (const auto& name : r->options_.fields) {
      bool found = false;
      for (size_t f = 0; f < root.fields.size(); ++f) {
        if (root.fields[f].name == name) r->keep_[f] = found = true;
      }
      if (!found) return Status::NotFound(r->path_, ": the schema has no field '", name, "'");
    }
  }
  return r;
}

Status FileReader::LoadBlock() {
  ++block_index_;
  BinaryDecoder d(reinterpret_cast<const uint8_t*>(bytes_.data()) + pos_,
                  static_cast<int64_t>(bytes_.size()) - pos_);
  int64_t count, size;
  Status st = d.ReadLong(&count);
  if (st.ok()) st = d.ReadLong(&size);
  if (!st.ok()) return st.WithContext(StrCat(path_, ": block ", block_index_, " at offset ", pos_));
  if (count < 0 || size < 0 || size > d.remaining() - 16) {
    return Error(StrCat("block ", block_index_, " at offset ", pos_, " claims ", count,
                        " records in ", size, " bytes; ", d.remaining(), " bytes are left"));
  }
  const uint8_t* data = reinterpret_cast<const uint8_t*>(bytes_.data()) + pos_ + d.position();
  if (std::memcmp(data + size, sync_.data(), 16) != 0) {
    return Error(
        StrCat("block ", block_index_, " at offset ", pos_, " does not end with the sync marker"));
  }
  block_.clear();
  if (codec_ == Codec::kSnappy) {
    // Snappy blocks end with the CRC32 (big-endian) of the uncompressed data.
    if (size < 4) return Error(StrCat("snappy block ", block_index_, " is too short"));
    st = DecompressUnknownSize(codec_, data, size - 4, &block_, options_.max_block_bytes);
    if (st.ok()) {
      uint32_t want = bit_util::ByteSwap32(bit_util::LoadLE<uint32_t>(data + size - 4));
      uint32_t got = static_cast<uint32_t>(crc32(0, reinterpret_cast<const Bytef*>(block_.data()),
                                                 static_cast<uInt>(block_.size())));
      if (want != got)
        return Error(StrCat("snappy block ", block_index_, " fails its CRC32 check"));
    }
  } else {
    st = DecompressUnknownSize(codec_, data, size, &block_, options_.max_block_bytes);
  }
  if (!st.ok()) return st.WithContext(StrCat(path_, ": block ", block_index_));
  // Each record takes at least a byte unless the schema is empty: bound the count.
  if (count > static_cast<int64_t>(block_.size()) && count > (1 << 20)) {
    return Error(
        StrCat("block ", block_index_, " claims ", count, " records in ", block_.size(), " bytes"));
  }
  block_pos_ = 0;
  block_records_left_ = count;
  pos_ += d.position() + size + 16;
  return Status::OK();
}

Result<bool> FileReader::Next(Datum* out) {
  while (block_records_left_ == 0) {
    if (block_index_ >= 0 && block_pos_ != static_cast<int64_t>(block_.size())) {
      return Error(StrCat("block ", block_index_, " has ",
                          static_cast<int64_t>(block_.size()) - block_pos_,
                          " bytes after its last record"));
    }
    if (pos_ >= static_cast<int64_t>(bytes_.size())) return false;
    FLOE_RETURN_NOT_OK(LoadBlock());
  }
  // `out` is decoded into in place: its vectors and strings are reused from
  // the previous record (see NextItem).
  BinaryDecoder d(reinterpret_cast<const uint8_t*>(block_.data()) + block_pos_,
                  static_cast<int64_t>(block_.size()) - block_pos_);
  Status st = resolution_     ? resolution_->Decode(&d, out)
              : keep_.empty() ? d.Decode(schema_, schema_.root(), out)
                              : d.DecodeRecordProjected(schema_, schema_.root(), keep_, out);
  if (!st.ok()) return st.WithContext(StrCat(path_, ": block ", block_index_));
  block_pos_ += d.position();
  --block_records_left_;
  return true;
}

Result<std::unique_ptr<FileWriter>> FileWriter::Open(io::WritableFile* sink, Schema schema,
                                                     WriterOptions options) {
  const char* codec = NameForCodec(options.codec);
  if (codec == nullptr)
    return Status::NotSupported("Avro files take null, deflate, snappy or zstandard");
  std::unique_ptr<FileWriter> w(new FileWriter());
  w->sink_ = sink;
  w->schema_ = std::move(schema);
  w->options_ = std::move(options);
  std::random_device rd;
  for (int i = 0; i < 16; ++i) w->sync_.push_back(static_cast<char>(rd() & 0xff));
  std::string header(kMagic, 4);
  std::map<std::string, std::string> meta = w->options_.metadata;
  meta["avro.schema"] = w->schema_.ToJsonString();
  meta["avro.codec"] = codec;
  EncodeLong(static_cast<int64_t>(meta.size()), &header);
  for (const auto& [k, v] : meta) {
    EncodeLong(static_cast<int64_t>(k.size()), &header);
    header += k;
    EncodeLong(static_cast<int64_t>(v.size()), &header);
    header += v;
  }
  EncodeLong(0, &header);
  header += w->sync_;
  FLOE_RETURN_NOT_OK(sink->Append(header));
  return w;
}

Status FileWriter::Append(const Datum& record) {
  if (closed_) return Status::Invalid(sink_->path(), ": append after close");
  FLOE_RETURN_NOT_OK(EncodeDatum(schema_, schema_.root(), record, &block_));
  ++block_records_;
  if (static_cast<int64_t>(block_.size()) >= options_.sync_interval_bytes) return FlushBlock();
  return Status::OK();
}

Status FileWriter::FlushBlock() {
  if (block_records_ == 0) return Status::OK();
  std::string data;
  FLOE_RETURN_NOT_OK(Compress(options_.codec, reinterpret_cast<const uint8_t*>(block_.data()),
                              static_cast<int64_t>(block_.size()), &data));
  if (options_.codec == Codec::kSnappy) {
    uint32_t crc = static_cast<uint32_t>(
        crc32(0, reinterpret_cast<const Bytef*>(block_.data()), static_cast<uInt>(block_.size())));
    uint32_t be = bit_util::ByteSwap32(crc);
    data.append(reinterpret_cast<const char*>(&be), 4);
  }
  std::string head;
  EncodeLong(block_records_, &head);
  EncodeLong(static_cast<int64_t>(data.size()), &head);
  FLOE_RETURN_NOT_OK(sink_->Append(head));
  FLOE_RETURN_NOT_OK(sink_->Append(data));
  FLOE_RETURN_NOT_OK(sink_->Append(sync_));
  block_.clear();
  block_records_ = 0;
  return Status::OK();
}

Status FileWriter::Close() {
  if (closed_) return Status::OK();
  closed_ = true;
  return FlushBlock();
}

}  // namespace floe::formats::avro
