#include "formats/text/rejects.h"

#include <cstring>

#include "columnar/vector.h"
#include "common/bit_util.h"
#include "formats/text/value_parser.h"

namespace floe::formats::text {

Status RejectCollector::Add(RejectedRow row) {
  std::lock_guard<std::mutex> lock(mu_);
  ++count_;
  if (static_cast<int64_t>(rows_.size()) < max_kept_) rows_.push_back(std::move(row));
  return Status::OK();
}

std::vector<RejectedRow> RejectCollector::rows() const {
  std::lock_guard<std::mutex> lock(mu_);
  return rows_;
}

int64_t RejectCollector::count() const {
  std::lock_guard<std::mutex> lock(mu_);
  return count_;
}

int64_t RemoveRows(const std::vector<std::shared_ptr<columnar::Vector>>& columns,
                   const std::vector<uint8_t>& drop, int64_t rows) {
  int64_t kept = 0;
  for (int64_t i = 0; i < rows; ++i) kept += drop[i] == 0;
  for (const auto& v : columns) {
    const int64_t width = v->type().fixed_width();
    uint8_t* data = v->mutable_raw_data();
    uint8_t* validity = v->mutable_validity();
    int64_t out = 0;
    for (int64_t i = 0; i < rows; ++i) {
      if (drop[i]) continue;
      if (out != i) {
        std::memcpy(data + out * width, data + i * width, static_cast<size_t>(width));
        if (validity) bit_util::SetBitTo(validity, out, bit_util::GetBit(validity, i));
      }
      ++out;
    }
    v->set_size(out);
  }
  return kept;
}

std::string PrintableExcerpt(std::string_view text, size_t max_bytes) {
  std::string out;
  bool cut = text.size() > max_bytes;
  if (cut) text = text.substr(0, max_bytes);
  static const char kHex[] = "0123456789abcdef";
  size_t i = 0;
  while (i < text.size()) {
    auto c = static_cast<uint8_t>(text[i]);
    if (c >= 0x20 && c < 0x7f) {
      out.push_back(static_cast<char>(c));
      ++i;
      continue;
    }
    // A whole valid multi-byte character is kept as it is.
    size_t len = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
    if (len > 1 && i + len <= text.size() && IsValidUtf8(text.substr(i, len))) {
      out.append(text.substr(i, len));
      i += len;
      continue;
    }
    out += "\\x";
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 15]);
    ++i;
  }
  if (cut) out += "...";
  return out;
}

}  // namespace floe::formats::text
