#include "formats/text/rejects.h"

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
