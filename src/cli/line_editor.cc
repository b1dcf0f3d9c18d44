// The one file that includes libedit.
#include "cli/line_editor.h"

#include <histedit.h>
#include <langinfo.h>
#include <poll.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <climits>
#include <clocale>
#include <cstdio>
#include <cstring>
#include <cwchar>

namespace floe::cli {

struct LineEditor::State {
  EditLine* el = nullptr;
  History* history = nullptr;
  std::string history_path;
  std::string prompt;
  LineCompleter* completer = nullptr;
  std::atomic<bool>* interrupted = nullptr;
  FILE* out = stdout;  // where prompts and the line go

  ~State() {
    if (history != nullptr) history_end(history);
    if (el != nullptr) el_end(el);
  }
};

namespace {

// Set by the SIGWINCH handler (all a handler may safely do); the reading
// function resizes the editor when its read() is interrupted by it.
std::atomic<bool> window_changed{false};
static_assert(std::atomic<bool>::is_always_lock_free, "a signal handler stores it");

void OnWindowChange(int) { window_changed.store(true); }

LineEditor::State* StateOf(EditLine* el) {
  void* data = nullptr;
  el_get(el, EL_CLIENTDATA, &data);
  return static_cast<LineEditor::State*>(data);
}

char* Prompt(EditLine* el) { return StateOf(el)->prompt.data(); }

// libedit's own reader retries a read() interrupted by a signal it does not
// handle itself, which would swallow Ctrl-C at the prompt. This one waits
// in ppoll() with the signals unblocked only there, so a Ctrl-C arriving at
// any moment of the read (even before libedit's first read(), while the
// terminal is still in cooked mode) makes el_gets return with errno EINTR.
int ReadChar(EditLine* el, wchar_t* out) {
  LineEditor::State* state = StateOf(el);
  sigset_t blocked, previous;
  sigemptyset(&blocked);
  sigaddset(&blocked, SIGINT);
  sigaddset(&blocked, SIGWINCH);
  pthread_sigmask(SIG_BLOCK, &blocked, &previous);
  char bytes[MB_LEN_MAX];
  size_t n = 0;
  int result = -1;
  for (;;) {
    if (state->interrupted->load()) {
      errno = EINTR;
      break;
    }
    if (window_changed.exchange(false)) {
      el_resize(el);
      el_set(el, EL_REFRESH);
    }
    pollfd input{STDIN_FILENO, POLLIN, 0};
    const int ready = ppoll(&input, 1, nullptr, &previous);
    if (ready < 0 && errno == EINTR) continue;
    if (ready < 0) break;
    const ssize_t got = read(STDIN_FILENO, bytes + n, 1);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) {
      result = static_cast<int>(got);
      break;
    }
    ++n;
    std::mbstate_t mb{};
    const size_t used = std::mbrtowc(out, bytes, n, &mb);
    if (used == static_cast<size_t>(-2) && n < sizeof(bytes)) continue;  // more bytes to come
    if (used == static_cast<size_t>(-1) || used == static_cast<size_t>(-2)) {
      n = 0;  // not a character: dropped, as libedit's reader does
      continue;
    }
    result = 1;
    break;
  }
  const int saved = errno;
  pthread_sigmask(SIG_SETMASK, &previous, nullptr);
  errno = saved;
  return result;
}

int TerminalColumns() {
  winsize size{};
  if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return size.ws_col;
  return 80;
}

// Tab: completes the word before the cursor to the one candidate (and a
// space), or to the candidates' longest common prefix, or lists them.
unsigned char CompleteWord(EditLine* el, int) {
  LineEditor::State* state = StateOf(el);
  if (state->completer == nullptr) return CC_REFRESH_BEEP;
  const LineInfo* line = el_line(el);
  std::string_view before(line->buffer, static_cast<size_t>(line->cursor - line->buffer));
  size_t start = before.size();
  std::vector<std::string> words = state->completer->Complete(before, &start);
  if (words.empty() || start > before.size()) return CC_REFRESH_BEEP;
  const size_t typed = before.size() - start;
  std::string common = words[0];
  for (const std::string& w : words) {
    size_t k = 0;
    while (k < common.size() && k < w.size() && common[k] == w[k]) ++k;
    common.resize(k);
  }
  if (words.size() == 1) {
    el_deletestr(el, static_cast<int>(typed));
    el_insertstr(el, (words[0] + " ").c_str());
    return CC_REFRESH;
  }
  if (common.size() > typed) {
    el_deletestr(el, static_cast<int>(typed));
    el_insertstr(el, common.c_str());
    return CC_REFRESH;
  }
  // Nothing to add: list the candidates in columns under the line.
  constexpr size_t kMaxListed = 200;
  size_t width = 0;
  for (const std::string& w : words) width = std::max(width, w.size() + 2);
  const size_t columns = std::max<size_t>(1, static_cast<size_t>(TerminalColumns()) / width);
  std::string list = "\n";
  const size_t listed = std::min(words.size(), kMaxListed);
  for (size_t k = 0; k < listed; ++k) {
    list += words[k];
    if ((k + 1) % columns == 0 || k + 1 == listed) {
      list += '\n';
    } else {
      list.append(width - words[k].size(), ' ');
    }
  }
  if (listed < words.size()) list += "(" + std::to_string(words.size() - listed) + " more)\n";
  std::fputs(list.c_str(), state->out);
  std::fflush(state->out);
  return CC_REDISPLAY;
}

// libedit decodes input and measures characters with the C library's
// multibyte functions, so the locale must name UTF-8 for non-ASCII text.
void UseUtf8Locale() {
  const char* set = std::setlocale(LC_CTYPE, "");
  if (set == nullptr || std::strcmp(nl_langinfo(CODESET), "UTF-8") != 0) {
    std::setlocale(LC_CTYPE, "C.UTF-8");
  }
}

}  // namespace

LineEditor::LineEditor(std::unique_ptr<State> state) : state_(std::move(state)) {}

LineEditor::~LineEditor() = default;

Result<std::unique_ptr<LineEditor>> LineEditor::Make(const std::string& history_path,
                                                     LineCompleter* completer,
                                                     std::atomic<bool>* interrupted) {
  UseUtf8Locale();
  auto state = std::make_unique<State>();
  state->history_path = history_path;
  state->completer = completer;
  state->interrupted = interrupted;
  // With results going to a file (floe sql > out.txt), the prompts and the
  // line being typed still belong on the terminal.
  state->out = isatty(STDOUT_FILENO) != 0 ? stdout : stderr;
  state->el = el_init("floe", stdin, state->out, stderr);
  if (state->el == nullptr) return Status::IOError("cannot set up line editing on the terminal");
  state->history = history_init();
  if (state->history == nullptr) return Status::IOError("cannot set up the line history");
  HistEvent event;
  history(state->history, &event, H_SETSIZE, 1000);
  history(state->history, &event, H_SETUNIQUE, 1);
  // A missing or unreadable history file is a fresh history, not an error.
  if (!history_path.empty()) history(state->history, &event, H_LOAD, history_path.c_str());

  EditLine* el = state->el;
  el_set(el, EL_CLIENTDATA, state.get());
  el_set(el, EL_EDITOR, "emacs");
  el_set(el, EL_PROMPT, &Prompt);
  el_set(el, EL_HIST, history, state->history);
  el_set(el, EL_GETCFN, &ReadChar);
  el_set(el, EL_ADDFN, "floe-complete", "complete a keyword or name", &CompleteWord);
  el_set(el, EL_BIND, "^I", "floe-complete", nullptr);
  el_source(el, nullptr);  // the user's ~/.editrc, as every libedit program reads it

  struct sigaction action {};
  action.sa_handler = &OnWindowChange;
  sigemptyset(&action.sa_mask);
  sigaction(SIGWINCH, &action, nullptr);
  return std::unique_ptr<LineEditor>(new LineEditor(std::move(state)));
}

LineEditor::ReadStatus LineEditor::ReadLine(const std::string& prompt, std::string* line) {
  state_->prompt = prompt;
  state_->interrupted->store(false);
  std::fflush(stdout);
  std::fflush(state_->out);
  int count = 0;
  const char* text = el_gets(state_->el, &count);
  if (text == nullptr || count <= 0) {
    const bool interrupted = count < 0 && errno == EINTR;
    // The cursor is still on the abandoned line.
    std::fputc('\n', state_->out);
    std::fflush(state_->out);
    return interrupted ? ReadStatus::kInterrupted : ReadStatus::kEnd;
  }
  line->assign(text, static_cast<size_t>(count));
  while (!line->empty() && (line->back() == '\n' || line->back() == '\r')) line->pop_back();
  return ReadStatus::kLine;
}

void LineEditor::AddHistory(const std::string& entry) {
  HistEvent event;
  history(state_->history, &event, H_ENTER, entry.c_str());
  if (state_->history_path.empty()) return;
  // Saved after every statement, so that a crash or a kill keeps it; only
  // the user may read it, since statements can hold secrets.
  if (history(state_->history, &event, H_SAVE, state_->history_path.c_str()) >= 0) {
    chmod(state_->history_path.c_str(), 0600);
  }
}

}  // namespace floe::cli
