#pragma once

// Line editing for the interactive shell: libedit (emacs key bindings,
// history saved to a file, Tab completion), kept behind this class so that
// no other file sees libedit's headers.

#include <atomic>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace floe::cli {

/// Supplies Tab completions. Called on the thread reading lines.
class LineCompleter {
 public:
  virtual ~LineCompleter() = default;
  /// The words that may replace the word ending `before_cursor` (the text
  /// of the line up to the cursor); sets `*word_start` to where that word
  /// starts. Must return quickly: it runs while the user waits.
  virtual std::vector<std::string> Complete(std::string_view before_cursor, size_t* word_start) = 0;
};

/// Reads lines from the terminal on standard input and output.
/// Not thread-safe; one per process (libedit's terminal state is global).
class LineEditor {
 public:
  enum class ReadStatus {
    kLine,         // a line was read
    kInterrupted,  // Ctrl-C (SIGINT) arrived: the line typed so far is dropped
    kEnd,          // Ctrl-D on an empty line, or the input closed
  };

  /// Sets up editing on the terminal. `history_path` (may be empty: no
  /// history file) is read now and written after each AddHistory;
  /// `completer` (may be null) must outlive the editor. `interrupted` is
  /// the flag the caller's SIGINT handler sets (the handler installed
  /// without SA_RESTART); ReadLine clears it, and returns kInterrupted when
  /// it is set again while the line is read.
  static Result<std::unique_ptr<LineEditor>> Make(const std::string& history_path,
                                                  LineCompleter* completer,
                                                  std::atomic<bool>* interrupted);
  ~LineEditor();
  LineEditor(const LineEditor&) = delete;
  LineEditor& operator=(const LineEditor&) = delete;

  /// Shows `prompt` and reads one line (without its newline) into `*line`.
  ReadStatus ReadLine(const std::string& prompt, std::string* line);
  /// Adds an entry to the history (and saves the history file).
  void AddHistory(const std::string& entry);

  struct State;

 private:
  explicit LineEditor(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace floe::cli
