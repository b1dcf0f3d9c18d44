#pragma once

#include <cstdint>
#include <memory>

#include "common/buffer.h"
#include "common/result.h"
#include "formats/text/text_input_stream.h"

namespace floe::formats::text {

/// The window of a TextInputStream that a parser tokenizes records from:
/// bytes [pos(), end()) of data() are read but not yet consumed. A parser
/// consumes whole records by moving pos(); when a record does not end
/// within the window it calls Refill(), which moves the unconsumed bytes to
/// the front and reads more after them. Not thread-safe.
class TextBuffer {
 public:
  /// A window of `block_size` bytes from `pool`, growing for longer records
  /// up to `max_record_bytes`.
  static Result<std::unique_ptr<TextBuffer>> Make(std::unique_ptr<TextInputStream> stream,
                                                  int64_t block_size, int64_t max_record_bytes,
                                                  MemoryPool* pool);

  const char* data() const { return reinterpret_cast<const char*>(buffer_->data()); }
  int64_t pos() const { return pos_; }
  void set_pos(int64_t pos) { pos_ = pos; }
  int64_t end() const { return end_; }
  /// Whether the stream has no more bytes after end().
  bool eof() const { return eof_; }
  /// The stream offset of data()[0]: position p is stream byte base() + p.
  int64_t base() const { return base_; }
  TextInputStream* stream() { return stream_.get(); }

  /// Moves [pos, end) to the front (pos becomes 0: offsets into the window
  /// taken before are stale) and reads more bytes. Invalid ("a record is
  /// longer than N bytes") when the unconsumed bytes already fill
  /// max_record_bytes; read errors are passed on.
  Status Refill();
  /// Skips a UTF-8 byte order mark at the current position.
  Status SkipByteOrderMark();

 private:
  TextBuffer() = default;
  std::unique_ptr<TextInputStream> stream_;
  std::shared_ptr<Buffer> buffer_;
  int64_t capacity_ = 0;
  int64_t max_record_bytes_ = 0;
  int64_t pos_ = 0, end_ = 0, base_ = 0;
  bool eof_ = false;
};

}  // namespace floe::formats::text
