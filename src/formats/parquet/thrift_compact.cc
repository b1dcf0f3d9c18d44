#include <cstring>

#include "common/bit_util.h"
#include "formats/parquet/thrift_compact_internal.h"

namespace floe::formats::parquet::thrift {

namespace {
constexpr int kMaxDepth = 64;
}

Status CompactReader::Error(const std::string& message) const {
  return Status::Corruption(what_, ": ", message, " (offset ", pos_, " of ", size_, ")");
}

Status CompactReader::StructBegin() {
  if (++depth_ > kMaxDepth) return Error("structures nest deeper than 64 levels");
  ids_.push_back(last_id_);
  last_id_ = 0;
  return Status::OK();
}

Status CompactReader::ReadVarint(uint64_t* v) {
  uint64_t result = 0;
  for (int shift = 0; shift < 70; shift += 7) {
    if (pos_ >= size_) return Error("varint runs past the end");
    uint8_t b = data_[pos_++];
    if (shift == 63 && (b & 0x7e) != 0) return Error("varint overflows 64 bits");
    result |= static_cast<uint64_t>(b & 0x7f) << shift;
    if ((b & 0x80) == 0) {
      *v = result;
      return Status::OK();
    }
  }
  return Error("varint is longer than 10 bytes");
}

Status CompactReader::ReadI64(int64_t* v) {
  uint64_t u;
  FLOE_RETURN_NOT_OK(ReadVarint(&u));
  *v = static_cast<int64_t>((u >> 1) ^ (~(u & 1) + 1));
  return Status::OK();
}

Status CompactReader::ReadI32(int32_t* v) {
  int64_t x;
  FLOE_RETURN_NOT_OK(ReadI64(&x));
  if (x < INT32_MIN || x > INT32_MAX) return Error("i32 value out of range");
  *v = static_cast<int32_t>(x);
  return Status::OK();
}

Status CompactReader::ReadByte(int8_t* v) {
  if (pos_ >= size_) return Error("byte runs past the end");
  *v = static_cast<int8_t>(data_[pos_++]);
  return Status::OK();
}

Status CompactReader::ReadDouble(double* v) {
  if (remaining() < 8) return Error("double runs past the end");
  *v = bit_util::LoadLE<double>(data_ + pos_);
  pos_ += 8;
  return Status::OK();
}

Status CompactReader::ReadBinary(std::string* v) {
  uint64_t len;
  FLOE_RETURN_NOT_OK(ReadVarint(&len));
  if (len > static_cast<uint64_t>(remaining())) {
    return Error(StrCat("binary of ", len, " bytes exceeds the ", remaining(), " bytes left"));
  }
  v->assign(reinterpret_cast<const char*>(data_ + pos_), static_cast<size_t>(len));
  pos_ += static_cast<int64_t>(len);
  return Status::OK();
}

Status CompactReader::ReadBoolElement(bool* v) {
  int8_t b = 0;
  FLOE_RETURN_NOT_OK(ReadByte(&b));
  // Java's TCompactProtocol writes 1 for true and 2 for false; accept 0 too.
  *v = b == 1;
  return Status::OK();
}

Status CompactReader::FieldBegin(uint8_t* type, int16_t* id) {
  if (pos_ >= size_) return Error("struct runs past the end (no stop field)");
  uint8_t b = data_[pos_++];
  *type = b & 0x0f;
  if (*type == kStop) return Status::OK();
  if (*type > kStruct) return Error(StrCat("unknown field type ", int{*type}));
  uint8_t delta = b >> 4;
  if (delta != 0) {
    *id = static_cast<int16_t>(last_id_ + delta);
  } else {
    int32_t v;
    FLOE_RETURN_NOT_OK(ReadI32(&v));
    if (v < INT16_MIN || v > INT16_MAX) return Error("field id out of range");
    *id = static_cast<int16_t>(v);
  }
  last_id_ = *id;
  return Status::OK();
}

Status CompactReader::ListBegin(uint8_t* elem_type, int64_t* size) {
  if (pos_ >= size_) return Error("list header runs past the end");
  uint8_t b = data_[pos_++];
  *elem_type = b & 0x0f;
  uint64_t n = b >> 4;
  if (n == 15) FLOE_RETURN_NOT_OK(ReadVarint(&n));
  if (n > static_cast<uint64_t>(remaining())) {
    return Error(StrCat("list length ", n, " exceeds the ", remaining(), " bytes left"));
  }
  *size = static_cast<int64_t>(n);
  return Status::OK();
}

Status CompactReader::Skip(uint8_t type) {
  switch (type) {
    case kBoolTrue:
    case kBoolFalse: return Status::OK();
    case kByte: {
      int8_t b = 0;
      return ReadByte(&b);
    }
    case kI16:
    case kI32:
    case kI64: {
      uint64_t v;
      return ReadVarint(&v);
    }
    case kDouble:
      if (remaining() < 8) return Error("double runs past the end");
      pos_ += 8;
      return Status::OK();
    case kBinary: {
      uint64_t len;
      FLOE_RETURN_NOT_OK(ReadVarint(&len));
      if (len > static_cast<uint64_t>(remaining())) return Error("binary runs past the end");
      pos_ += static_cast<int64_t>(len);
      return Status::OK();
    }
    case kList:
    case kSet: {
      uint8_t et;
      int64_t n;
      FLOE_RETURN_NOT_OK(ListBegin(&et, &n));
      if (++depth_ > kMaxDepth) return Error("lists nest deeper than 64 levels");
      for (int64_t i = 0; i < n; ++i) FLOE_RETURN_NOT_OK(SkipElement(et));
      --depth_;
      return Status::OK();
    }
    case kMap: {
      uint64_t n;
      FLOE_RETURN_NOT_OK(ReadVarint(&n));
      if (n == 0) return Status::OK();
      if (n > static_cast<uint64_t>(remaining())) return Error("map size exceeds the bytes left");
      int8_t kv;
      FLOE_RETURN_NOT_OK(ReadByte(&kv));
      uint8_t kt = static_cast<uint8_t>(kv) >> 4, vt = static_cast<uint8_t>(kv) & 0x0f;
      if (++depth_ > kMaxDepth) return Error("maps nest deeper than 64 levels");
      for (uint64_t i = 0; i < n; ++i) {
        FLOE_RETURN_NOT_OK(SkipElement(kt));
        FLOE_RETURN_NOT_OK(SkipElement(vt));
      }
      --depth_;
      return Status::OK();
    }
    case kStruct: {
      FLOE_RETURN_NOT_OK(StructBegin());
      while (true) {
        uint8_t t;
        int16_t id;
        FLOE_RETURN_NOT_OK(FieldBegin(&t, &id));
        if (t == kStop) break;
        FLOE_RETURN_NOT_OK(Skip(t));
      }
      StructEnd();
      return Status::OK();
    }
    default: return Error(StrCat("cannot skip a value of type ", int{type}));
  }
}

Status CompactReader::SkipElement(uint8_t type) {
  if (type == kBoolTrue || type == kBoolFalse) {
    bool b = false;
    return ReadBoolElement(&b);
  }
  return Skip(type);
}

void CompactWriter::FieldBegin(int16_t id, uint8_t type) {
  int delta = id - last_id_;
  if (delta > 0 && delta <= 15) {
    out_->push_back(static_cast<char>((delta << 4) | type));
  } else {
    out_->push_back(static_cast<char>(type));
    WriteI32(id);
  }
  last_id_ = id;
}

void CompactWriter::ListBegin(uint8_t elem_type, int64_t size) {
  if (size < 15) {
    out_->push_back(static_cast<char>((size << 4) | elem_type));
  } else {
    out_->push_back(static_cast<char>(0xf0 | elem_type));
    WriteVarint(static_cast<uint64_t>(size));
  }
}

void CompactWriter::WriteVarint(uint64_t v) {
  while (v >= 0x80) {
    out_->push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out_->push_back(static_cast<char>(v));
}

}  // namespace floe::formats::parquet::thrift
