#include <cstring>

#include "common/bit_util.h"
#include "formats/avro/binary_internal.h"

namespace floe::formats::avro {

namespace {
constexpr int kMaxDepth = 128;
}

Status BinaryDecoder::Need(int64_t n, const char* what) const {
  if (n < 0 || n > size_ - pos_) {
    return Status::Corruption("Avro ", what, " of ", n, " bytes exceeds the ", size_ - pos_,
                              " bytes left (offset ", pos_, ")");
  }
  return Status::OK();
}

Status BinaryDecoder::ReadLong(int64_t* v) {
  uint64_t u = 0;
  for (int shift = 0; shift < 70; shift += 7) {
    if (pos_ >= size_)
      return Status::Corruption("Avro varint runs past the end (offset ", pos_, ")");
    uint8_t b = data_[pos_++];
    if (shift == 63 && (b & 0x7e)) return Status::Corruption("Avro varint overflows 64 bits");
    u |= static_cast<uint64_t>(b & 0x7f) << shift;
    if (!(b & 0x80)) {
      *v = static_cast<int64_t>((u >> 1) ^ (~(u & 1) + 1));
      return Status::OK();
    }
  }
  return Status::Corruption("Avro varint is longer than 10 bytes");
}

Status BinaryDecoder::ReadBlockHeader(int64_t* count, int64_t* bytes) {
  *bytes = -1;
  FLOE_RETURN_NOT_OK(ReadLong(count));
  if (*count < 0) {
    if (*count == INT64_MIN) return Status::Corruption("Avro block count out of range");
    *count = -*count;
    FLOE_RETURN_NOT_OK(ReadLong(bytes));
    FLOE_RETURN_NOT_OK(Need(*bytes, "array/map block"));
  }
  return Status::OK();
}

Status BinaryDecoder::CheckItemCount(int64_t count, bool null_items, const char* what) const {
  if (!null_items && count > remaining()) {
    return Status::Corruption("Avro ", what, " block of ", count, " items exceeds the ",
                              remaining(), " bytes left");
  }
  if (null_items && count > (1 << 24))
    return Status::Corruption("Avro ", what, " of ", count, " nulls is too long");
  return Status::OK();
}

Status BinaryDecoder::ReadBytes(std::string* s) {
  int64_t n;
  FLOE_RETURN_NOT_OK(ReadLong(&n));
  FLOE_RETURN_NOT_OK(Need(n, "string/bytes"));
  s->assign(reinterpret_cast<const char*>(data_ + pos_), static_cast<size_t>(n));
  pos_ += n;
  return Status::OK();
}

Status BinaryDecoder::SkipBytes() {
  int64_t n;
  FLOE_RETURN_NOT_OK(ReadLong(&n));
  FLOE_RETURN_NOT_OK(Need(n, "string/bytes"));
  pos_ += n;
  return Status::OK();
}

Status BinaryDecoder::ReadFixed(int64_t n, std::string* s) {
  FLOE_RETURN_NOT_OK(Need(n, "fixed"));
  s->assign(reinterpret_cast<const char*>(data_ + pos_), static_cast<size_t>(n));
  pos_ += n;
  return Status::OK();
}

Status BinaryDecoder::Decode(const Schema& schema, int node, Datum* out, int depth) {
  if (depth > kMaxDepth) return Status::Corruption("Avro data nests deeper than ", kMaxDepth);
  const Node& n = schema.node(node);
  switch (n.type) {
    case AvroType::kNull:
      return Status::OK();
    case AvroType::kBoolean:
      FLOE_RETURN_NOT_OK(Need(1, "boolean"));
      if (data_[pos_] > 1)
        return Status::Corruption("Avro boolean byte ", int{data_[pos_]}, " is not 0 or 1");
      out->i = data_[pos_++];
      return Status::OK();
    case AvroType::kInt:
    case AvroType::kLong: {
      FLOE_RETURN_NOT_OK(ReadLong(&out->i));
      if (n.type == AvroType::kInt && (out->i < INT32_MIN || out->i > INT32_MAX)) {
        return Status::Corruption("Avro int value ", out->i, " is out of range");
      }
      return Status::OK();
    }
    case AvroType::kFloat:
      FLOE_RETURN_NOT_OK(Need(4, "float"));
      out->d = bit_util::LoadLE<float>(data_ + pos_);
      pos_ += 4;
      return Status::OK();
    case AvroType::kDouble:
      FLOE_RETURN_NOT_OK(Need(8, "double"));
      out->d = bit_util::LoadLE<double>(data_ + pos_);
      pos_ += 8;
      return Status::OK();
    case AvroType::kBytes:
    case AvroType::kString:
      return ReadBytes(&out->s);
    case AvroType::kFixed:
      return ReadFixed(n.size, &out->s);
    case AvroType::kEnum:
      FLOE_RETURN_NOT_OK(ReadLong(&out->i));
      if (out->i < 0 || out->i >= static_cast<int64_t>(n.symbols.size())) {
        return Status::Corruption("Avro enum index ", out->i, " is out of range for '", n.name,
                                  "'");
      }
      return Status::OK();
    case AvroType::kUnion: {
      int64_t b;
      FLOE_RETURN_NOT_OK(ReadLong(&b));
      if (b < 0 || b >= static_cast<int64_t>(n.branches.size())) {
        return Status::Corruption("Avro union branch ", b, " is out of range (the union has ",
                                  n.branches.size(), " branches)");
      }
      out->branch = static_cast<int>(b);
      out->children.resize(1);
      return Decode(schema, n.branches[static_cast<size_t>(b)], &out->children[0], depth + 1);
    }
    case AvroType::kRecord:
      out->children.resize(n.fields.size());
      for (size_t f = 0; f < n.fields.size(); ++f) {
        Status st = Decode(schema, n.fields[f].type, &out->children[f], depth + 1);
        if (!st.ok()) return st.WithContext(StrCat("field '", n.fields[f].name, "'"));
      }
      return Status::OK();
    case AvroType::kArray:
    case AvroType::kMap: {
      bool map = n.type == AvroType::kMap;
      size_t used = 0;
      while (true) {
        int64_t count, bytes;
        FLOE_RETURN_NOT_OK(ReadBlockHeader(&count, &bytes));
        if (count == 0) {
          ReleaseItemsAfter(used, map, out);
          return Status::OK();
        }
        FLOE_RETURN_NOT_OK(CheckItemCount(count, schema.node(n.items).type == AvroType::kNull,
                                          map ? "map" : "array"));
        for (int64_t k = 0; k < count; ++k, ++used) {
          if (map) FLOE_RETURN_NOT_OK(ReadBytes(NextItem(&out->keys, used)));
          FLOE_RETURN_NOT_OK(Decode(schema, n.items, NextItem(&out->children, used), depth + 1));
        }
      }
    }
  }
  return Status::OK();
}

Status BinaryDecoder::Skip(const Schema& schema, int node, int depth) {
  if (depth > kMaxDepth) return Status::Corruption("Avro data nests deeper than ", kMaxDepth);
  const Node& n = schema.node(node);
  int64_t v;
  switch (n.type) {
    case AvroType::kNull:
      return Status::OK();
    case AvroType::kBoolean:
      FLOE_RETURN_NOT_OK(Need(1, "boolean"));
      ++pos_;
      return Status::OK();
    case AvroType::kInt:
    case AvroType::kLong:
    case AvroType::kEnum:
      return ReadLong(&v);
    case AvroType::kFloat:
      FLOE_RETURN_NOT_OK(Need(4, "float"));
      pos_ += 4;
      return Status::OK();
    case AvroType::kDouble:
      FLOE_RETURN_NOT_OK(Need(8, "double"));
      pos_ += 8;
      return Status::OK();
    case AvroType::kBytes:
    case AvroType::kString:
      return SkipBytes();
    case AvroType::kFixed:
      FLOE_RETURN_NOT_OK(Need(n.size, "fixed"));
      pos_ += n.size;
      return Status::OK();
    case AvroType::kUnion:
      FLOE_RETURN_NOT_OK(ReadLong(&v));
      if (v < 0 || v >= static_cast<int64_t>(n.branches.size())) {
        return Status::Corruption("Avro union branch ", v, " is out of range");
      }
      return Skip(schema, n.branches[static_cast<size_t>(v)], depth + 1);
    case AvroType::kRecord:
      for (const auto& f : n.fields) FLOE_RETURN_NOT_OK(Skip(schema, f.type, depth + 1));
      return Status::OK();
    case AvroType::kArray:
    case AvroType::kMap:
      while (true) {
        int64_t count, bytes;
        FLOE_RETURN_NOT_OK(ReadBlockHeader(&count, &bytes));
        if (count == 0) return Status::OK();
        if (bytes >= 0) {
          // Blocks with a byte size are skipped whole, without decoding.
          pos_ += bytes;
          continue;
        }
        FLOE_RETURN_NOT_OK(CheckItemCount(count, schema.node(n.items).type == AvroType::kNull,
                                          n.type == AvroType::kMap ? "map" : "array"));
        for (int64_t k = 0; k < count; ++k) {
          if (n.type == AvroType::kMap) FLOE_RETURN_NOT_OK(SkipBytes());
          FLOE_RETURN_NOT_OK(Skip(schema, n.items, depth + 1));
        }
      }
  }
  return Status::OK();
}

Status BinaryDecoder::DecodeRecordProjected(const Schema& schema, int node,
                                            const std::vector<bool>& keep, Datum* out) {
  const Node& n = schema.node(node);
  out->children.resize(n.fields.size());
  for (size_t f = 0; f < n.fields.size(); ++f) {
    Status st = keep[f] ? Decode(schema, n.fields[f].type, &out->children[f], 1)
                        : Skip(schema, n.fields[f].type, 1);
    if (!st.ok()) return st.WithContext(StrCat("field '", n.fields[f].name, "'"));
  }
  return Status::OK();
}

void EncodeLong(int64_t v, std::string* out) {
  uint64_t u = (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63);
  while (u >= 0x80) {
    out->push_back(static_cast<char>((u & 0x7f) | 0x80));
    u >>= 7;
  }
  out->push_back(static_cast<char>(u));
}

Status EncodeDatum(const Schema& schema, int node, const Datum& d, std::string* out,
                   const std::string& path, int depth) {
  if (depth > kMaxDepth) return Status::Invalid(path, ": value nests deeper than ", kMaxDepth);
  const Node& n = schema.node(node);
  auto where = [&]() { return path.empty() ? std::string("value") : path; };
  switch (n.type) {
    case AvroType::kNull:
      return Status::OK();
    case AvroType::kBoolean:
      out->push_back(d.i ? 1 : 0);
      return Status::OK();
    case AvroType::kInt:
      if (d.i < INT32_MIN || d.i > INT32_MAX)
        return Status::Invalid(where(), ": ", d.i, " does not fit in an Avro int");
      EncodeLong(d.i, out);
      return Status::OK();
    case AvroType::kLong:
      EncodeLong(d.i, out);
      return Status::OK();
    case AvroType::kFloat: {
      float f = static_cast<float>(d.d);
      out->append(reinterpret_cast<const char*>(&f), 4);
      return Status::OK();
    }
    case AvroType::kDouble:
      out->append(reinterpret_cast<const char*>(&d.d), 8);
      return Status::OK();
    case AvroType::kBytes:
    case AvroType::kString:
      EncodeLong(static_cast<int64_t>(d.s.size()), out);
      out->append(d.s);
      return Status::OK();
    case AvroType::kFixed:
      if (static_cast<int64_t>(d.s.size()) != n.size) {
        return Status::Invalid(where(), ": fixed '", n.name, "' needs ", n.size, " bytes, not ",
                               d.s.size());
      }
      out->append(d.s);
      return Status::OK();
    case AvroType::kEnum:
      if (d.i < 0 || d.i >= static_cast<int64_t>(n.symbols.size())) {
        return Status::Invalid(where(), ": enum index ", d.i, " out of range");
      }
      EncodeLong(d.i, out);
      return Status::OK();
    case AvroType::kUnion:
      if (d.branch < 0 || d.branch >= static_cast<int>(n.branches.size()) ||
          d.children.size() != 1) {
        return Status::Invalid(where(), ": union value needs a branch in 0..",
                               n.branches.size() - 1, " and one child");
      }
      EncodeLong(d.branch, out);
      return EncodeDatum(schema, n.branches[static_cast<size_t>(d.branch)], d.children[0], out,
                         path, depth + 1);
    case AvroType::kRecord:
      if (d.children.size() != n.fields.size()) {
        return Status::Invalid(where(), ": record '", n.name, "' needs ", n.fields.size(),
                               " field values, not ", d.children.size());
      }
      for (size_t f = 0; f < n.fields.size(); ++f) {
        FLOE_RETURN_NOT_OK(EncodeDatum(
            schema, n.fields[f].type, d.children[f], out,
            path.empty() ? n.fields[f].name : path + "." + n.fields[f].name, depth + 1));
      }
      return Status::OK();
    case AvroType::kArray:
    case AvroType::kMap: {
      bool map = n.type == AvroType::kMap;
      if (map && d.keys.size() != d.children.size())
        return Status::Invalid(where(), ": map keys and values differ in count");
      if (!d.children.empty()) {
        EncodeLong(static_cast<int64_t>(d.children.size()), out);
        for (size_t k = 0; k < d.children.size(); ++k) {
          if (map) {
            EncodeLong(static_cast<int64_t>(d.keys[k].size()), out);
            out->append(d.keys[k]);
          }
          FLOE_RETURN_NOT_OK(
              EncodeDatum(schema, n.items, d.children[k], out, where() + "[]", depth + 1));
        }
      }
      EncodeLong(0, out);
      return Status::OK();
    }
  }
  return Status::OK();
}

}  // namespace floe::formats::avro
