// `floe sql`: the SQL shell, after the Trino CLI. Interactive on a terminal
// (line editing, history, completion, Ctrl-C cancelling the running query),
// or a batch of statements from -c, -f or standard input.

#include <signal.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "catalog/sql_catalog.h"
#include "cli/commands.h"
#include "cli/line_editor.h"
#include "cli/output_format.h"
#include "cli/shell_completer.h"
#include "cli/shell_thread.h"
#include "cli/statement_splitter.h"
#include "columnar/vector.h"
#include "io/file_io.h"
#include "sql/exec/file_scan.h"
#include "sql/query_runner.h"
#include "sql/session.h"

namespace floe::cli {

namespace {

using Clock = std::chrono::steady_clock;

void Usage(FILE* out) {
  std::fputs(
      "usage: floe sql [options]\n"
      "SQL shell over the Iceberg tables of a warehouse (Trino's dialect and CLI).\n"
      "Interactive on a terminal; otherwise runs the statements of -c, -f or standard input.\n"
      "\n"
      "  --warehouse DIR            the warehouse (catalog DIR/catalog.db; created when\n"
      "                             missing); default ./warehouse\n"
      "  --catalog NAME             the session's catalog; default iceberg\n"
      "  --schema NAME              the session's schema; default default\n"
      "  -c, --execute SQL          run these statements, then exit\n"
      "  -f, --file FILE            run the statements of FILE, then exit\n"
      "  --output-format FORMAT     aligned, vertical, csv, csv_header, csv_unquoted,\n"
      "                             csv_header_unquoted, tsv, tsv_header, json or null;\n"
      "                             default csv (aligned when interactive)\n"
      "  --output-format-interactive FORMAT\n"
      "                             the format at the prompt, if not --output-format's\n"
      "  --session NAME=VALUE       a session property (repeatable)\n"
      "  --user NAME                the session's user; default floe\n"
      "  --timezone ZONE            the session time zone; default UTC\n"
      "  --threads N                threads per query; default one per core\n"
      "  --memory-limit SIZE        memory per query (bytes, or 512MB, 2GB); default 40% of RAM\n"
      "  --history-file FILE        default ~/.floe_history\n"
      "  --ignore-errors            go on after a failed statement (batch)\n",
      out);
}

const char kHelp[] =
    "Supported commands:\n"
    "QUIT, EXIT          leave the shell (or Ctrl-D)\n"
    "CLEAR               clear the screen\n"
    "HELP                this text\n"
    "\\timing             show each statement's elapsed time (on/off)\n"
    "\n"
    "Statements end with ';', or with '\\G' to show that result vertically.\n"
    "Ctrl-C cancels the running query, or clears the line being typed.\n"
    "Tab completes keywords and schema, table and column names.\n";

struct ShellOptions {
  std::string warehouse = "warehouse";
  sql::Session session;
  int threads = 0;
  int64_t memory_limit = 0;
  std::optional<std::string> execute;
  std::optional<std::string> file;
  std::optional<OutputFormat> format;
  std::optional<OutputFormat> interactive_format;
  std::optional<std::string> history_file;
  bool ignore_errors = false;
};

// Fills `options` from the command line; Invalid describes a bad argument.
Status ParseArguments(const std::vector<std::string>& args, ShellOptions* options, bool* help) {
  for (size_t i = 0; i < args.size(); ++i) {
    std::string flag = args[i];
    std::optional<std::string> inline_value;
    if (flag.size() > 2 && flag.compare(0, 2, "--") == 0 && flag.find('=') != std::string::npos) {
      inline_value = flag.substr(flag.find('=') + 1);
      flag = flag.substr(0, flag.find('='));
    }
    std::string value;
    auto take_value = [&]() -> Status {
      if (inline_value) {
        value = *inline_value;
      } else if (i + 1 < args.size()) {
        value = args[++i];
      } else {
        return Status::Invalid(flag, " needs a value");
      }
      return Status::OK();
    };
    if (flag == "--help" || flag == "-h") {
      *help = true;
    } else if (flag == "--ignore-errors") {
      options->ignore_errors = true;
    } else if (flag == "--warehouse") {
      FLOE_RETURN_NOT_OK(take_value());
      options->warehouse = value;
    } else if (flag == "--catalog") {
      FLOE_RETURN_NOT_OK(take_value());
      options->session.catalog = value;
    } else if (flag == "--schema") {
      FLOE_RETURN_NOT_OK(take_value());
      options->session.schema = value;
    } else if (flag == "--user") {
      FLOE_RETURN_NOT_OK(take_value());
      options->session.user = value;
    } else if (flag == "--timezone" || flag == "--time-zone") {
      FLOE_RETURN_NOT_OK(take_value());
      options->session.time_zone = value;
    } else if (flag == "-c" || flag == "-e" || flag == "--execute") {
      FLOE_RETURN_NOT_OK(take_value());
      options->execute = value;
    } else if (flag == "-f" || flag == "--file") {
      FLOE_RETURN_NOT_OK(take_value());
      options->file = value;
    } else if (flag == "--output-format" || flag == "--output-format-interactive") {
      FLOE_RETURN_NOT_OK(take_value());
      FLOE_ASSIGN_OR_RETURN(OutputFormat format, ParseOutputFormat(value));
      (flag == "--output-format" ? options->format : options->interactive_format) = format;
    } else if (flag == "--session") {
      FLOE_RETURN_NOT_OK(take_value());
      const size_t eq = value.find('=');
      if (eq == std::string::npos || eq == 0) {
        return Status::Invalid("--session takes NAME=VALUE, not '", value, "'");
      }
      options->session.properties[value.substr(0, eq)] = value.substr(eq + 1);
    } else if (flag == "--threads") {
      FLOE_RETURN_NOT_OK(take_value());
      char* end = nullptr;
      const long n = std::strtol(value.c_str(), &end, 10);
      if (end == value.c_str() || *end != '\0' || n < 0 || n > 4096) {
        return Status::Invalid("--threads takes a number of threads, not '", value, "'");
      }
      options->threads = static_cast<int>(n);
    } else if (flag == "--memory-limit") {
      FLOE_RETURN_NOT_OK(take_value());
      FLOE_ASSIGN_OR_RETURN(options->memory_limit, sql::ParseDataSize(value));
    } else if (flag == "--history-file") {
      FLOE_RETURN_NOT_OK(take_value());
      options->history_file = value;
    } else {
      return Status::Invalid("unknown option ", flag);
    }
  }
  if (options->execute && options->file) return Status::Invalid("give -c or -f, not both");
  return Status::OK();
}

// Set by the SIGINT handler, which may do nothing else (async-signal-safe).
std::atomic<bool> interrupted{false};
static_assert(std::atomic<bool>::is_always_lock_free, "a signal handler stores it");

void OnInterrupt(int) { interrupted.store(true); }

// Counts rows into text as the engine produces them, so that the progress
// line can show how far a query has got.
class TextCollector : public sql::ResultConsumer {
 public:
  TextCollector(TextResult* text, bool json) : text_(text), json_(json) {}
  Status Consume(const columnar::Chunk& chunk) override {
    text_->AppendChunk(chunk, json_);
    rows_.fetch_add(chunk.size, std::memory_order_relaxed);
    return Status::OK();
  }
  int64_t rows() const { return rows_.load(std::memory_order_relaxed); }

 private:
  TextResult* text_;
  bool json_;
  std::atomic<int64_t> rows_{0};
};

std::string Bytes(int64_t n) {
  const char* units[] = {"B", "kB", "MB", "GB", "TB"};
  double v = static_cast<double>(n);
  int u = 0;
  while (v >= 1000 && u < 4) {
    v /= 1000;
    ++u;
  }
  char buf[32];
  std::snprintf(buf, sizeof(buf), u == 0 ? "%.0f %s" : "%.1f %s", v, units[u]);
  return buf;
}

// ", reading 3 files: 1.2 GB of 4.0 GB (30%), 9,800,000 rows, 85 MB/s, ETA 34s"
// while a statement reads external files; "" otherwise.
std::string LoadLine(const sql::LoadProgress::Totals& t, double seconds) {
  if (t.files == 0) return "";
  std::string out = ", reading " + WithThousands(t.files) + (t.files == 1 ? " file: " : " files: ");
  out += Bytes(t.bytes_read);
  if (t.bytes_total > 0) {
    const double done = static_cast<double>(t.bytes_read) / static_cast<double>(t.bytes_total);
    char pct[16];
    std::snprintf(pct, sizeof(pct), " (%.0f%%)", 100 * std::min(1.0, done));
    out += " of " + Bytes(t.bytes_total) + pct;
  }
  out += ", " + WithThousands(t.rows_read) + " rows";
  if (t.rows_rejected > 0) out += " (" + WithThousands(t.rows_rejected) + " rejected)";
  if (seconds > 0) {
    const double rate = static_cast<double>(t.bytes_read) / seconds;
    out += ", " + Bytes(static_cast<int64_t>(rate)) + "/s";
    if (rate > 0 && t.bytes_total > t.bytes_read) {
      const double eta = static_cast<double>(t.bytes_total - t.bytes_read) / rate;
      char buf[32];
      std::snprintf(buf, sizeof(buf), ", ETA %.0fs", eta);
      out += buf;
    }
  }
  return out;
}

int TerminalRows() {
  winsize size{};
  if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_row > 0) return size.ws_row;
  return 24;
}

enum class Outcome { kOk, kFailed, kCancelled };

class Shell {
 public:
  Shell(catalog::Catalog* catalog, ShellOptions* options) : catalog_(catalog), options_(options) {
    options_->session.source = "floe-sql";
  }

  /// Runs the statements of `text` in order; the first failure stops them
  /// (unless --ignore-errors). Returns the exit code.
  int RunBatch(const std::string& text) {
    const OutputFormat format = options_->format.value_or(OutputFormat::kCsv);
    int exit_code = 0;
    for (const SplitStatement& s : SplitStatements(text, true).complete) {
      if (Execute(s.sql, s.vertical ? OutputFormat::kVertical : format, false) == Outcome::kOk) {
        continue;
      }
      exit_code = 1;
      if (!options_->ignore_errors) break;
    }
    return exit_code;
  }

  int RunInteractive() {
    const OutputFormat format =
        options_->interactive_format.value_or(options_->format.value_or(OutputFormat::kAligned));
    // Without SA_RESTART, so that Ctrl-C interrupts the read at the prompt.
    struct sigaction action {};
    action.sa_handler = &OnInterrupt;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, nullptr);

    ShellCompleter completer(catalog_, options_->session.catalog);
    completer.Refresh(options_->session.schema);
    auto editor = LineEditor::Make(HistoryPath(), &completer, &interrupted);
    if (!editor.ok()) {
      std::fprintf(stderr, "floe sql: %s\n", editor.status().message().c_str());
      return 1;
    }
    std::string buffer, line;
    for (;;) {
      const std::string& schema = options_->session.schema;
      const std::string prompt = schema.empty() ? "floe> " : "floe:" + schema + "> ";
      const std::string continuation = std::string(prompt.size() - 3, ' ') + "-> ";
      const auto read = (*editor)->ReadLine(buffer.empty() ? prompt : continuation, &line);
      if (read == LineEditor::ReadStatus::kEnd) break;
      if (read == LineEditor::ReadStatus::kInterrupted) {
        buffer.clear();
        continue;
      }
      if (buffer.empty()) {
        const std::string command = CommandWord(line);
        if (command.empty()) continue;
        if (command == "quit" || command == "exit") break;
        if (RunCommand(command, line, editor->get())) continue;
      }
      buffer += line;
      buffer += '\n';
      StatementSplit split = SplitStatements(buffer);
      if (split.consumed == 0) continue;
      (*editor)->AddHistory(HistoryEntry(buffer.substr(0, split.consumed)));
      for (const SplitStatement& s : split.complete) {
        const Outcome outcome = Execute(s.sql, s.vertical ? OutputFormat::kVertical : format, true);
        completer.Refresh(options_->session.schema);
        if (outcome == Outcome::kCancelled) break;
      }
      buffer = IsEmptyStatement(split.partial) ? std::string() : split.partial;
    }
    return 0;
  }

 private:
  std::string HistoryPath() const {
    if (options_->history_file) return *options_->history_file;
    const char* home = std::getenv("HOME");
    return home != nullptr && *home != '\0' ? std::string(home) + "/.floe_history" : "";
  }

  // The line as a shell command: trimmed, lower-cased, without a final ';'.
  static std::string CommandWord(const std::string& line) {
    std::string word;
    for (char ch : line)
      word.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(ch))));
    auto space = [](char ch) { return std::isspace(static_cast<unsigned char>(ch)) != 0; };
    while (!word.empty() && space(word.back())) word.pop_back();
    if (!word.empty() && word.back() == ';') word.pop_back();
    while (!word.empty() && space(word.back())) word.pop_back();
    size_t start = 0;
    while (start < word.size() && space(word[start])) ++start;
    return word.substr(start);
  }

  // Runs a shell command (help, clear, \timing); false when `command` is
  // none, and the line is SQL.
  bool RunCommand(const std::string& command, const std::string& line, LineEditor* editor) {
    if (command == "help") {
      std::fputs(kHelp, stdout);
    } else if (command == "clear") {
      std::fputs("\033[H\033[2J", stdout);
    } else if (command == "\\timing") {
      timing_ = !timing_;
      std::printf("Timing is %s.\n", timing_ ? "on" : "off");
    } else {
      return false;
    }
    editor->AddHistory(CommandWord(line));
    std::fflush(stdout);
    return true;
  }

  // A statement typed over several lines comes back from the history as one
  // line, unless a -- comment would then swallow the rest of it.
  static std::string HistoryEntry(std::string text) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
    if (text.find("--") == std::string::npos) {
      for (char& ch : text) {
        if (ch == '\n') ch = ' ';
      }
    }
    return text;
  }

  // Runs one statement and prints its result or its error.
  Outcome Execute(const std::string& sql, OutputFormat format, bool interactive) {
    TextResult text;
    TextCollector collector(&text, format == OutputFormat::kJson);
    std::atomic<bool> cancelled{false};
    sql::QueryOptions query;
    query.catalog = catalog_;
    query.session = &options_->session;
    query.threads = options_->threads;
    query.memory_limit = options_->memory_limit;
    query.cancelled = &cancelled;
    query.consumer = &collector;
    const Clock::time_point start = Clock::now();
    std::optional<Result<sql::QueryResult>> result;
    sql::LoadProgress load;
    query.load_progress = &load;
    if (interactive || isatty(STDERR_FILENO) != 0) {
      // On a terminal: a progress line (and in the shell, Ctrl-C cancels).
      RunCancellable(sql, query, &collector, &load, interactive, &cancelled, &result);
    } else {
      result.emplace(sql::RunStatement(sql, query));
    }
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    if (!result->ok()) {
      std::fflush(stdout);
      if (cancelled.load() && result->status().code() == StatusCode::kCancelled) {
        std::fputs("Query aborted by user\n", stderr);
        return Outcome::kCancelled;
      }
      std::fprintf(stderr, "Query failed: %s\n", result->status().message().c_str());
      return Outcome::kFailed;
    }
    sql::QueryResult& done = **result;
    for (const auto& w : done.warnings) std::fprintf(stderr, "WARNING: %s\n", w.c_str());
    if (!done.update_type.empty()) {
      // DDL and DML: as Trino's CLI, the update type (and row count) on
      // standard error, no result set.
      {
        std::string line = done.update_type;
        if (done.names.size() == 1 && done.names[0] == "rows" && done.rows() == 1) {
          const int64_t n = done.chunks[0].columns[0]->data<int64_t>()[0];
          line += ": " + WithThousands(n) + (n == 1 ? " row" : " rows");
        }
        std::fprintf(stderr, "%s\n", line.c_str());
      }
    } else if (!done.names.empty()) {
      text.SetColumns(done.names, done.types);
      // EXPLAIN and statements the engine answers itself come back whole.
      for (const columnar::Chunk& chunk : done.chunks) {
        text.AppendChunk(chunk, format == OutputFormat::kJson);
      }
      std::string out;
      FormatResult(format, text, &out);
      Print(out, interactive);
    }
    if (timing_ && interactive) std::printf("Time: %.3f ms\n", seconds * 1000);
    std::fflush(stdout);
    return Outcome::kOk;
  }

  // Runs the statement on a worker thread while this one watches for
  // Ctrl-C and keeps a progress line on standard error.
  void RunCancellable(const std::string& sql, const sql::QueryOptions& query,
                      const TextCollector* collector, const sql::LoadProgress* load,
                      bool interactive, std::atomic<bool>* cancelled,
                      std::optional<Result<sql::QueryResult>>* result) {
    interrupted.store(false);
    std::mutex mu;
    std::condition_variable finished;
    bool done = false;
    std::thread worker = StartShellThread([&] {
      Result<sql::QueryResult> r = sql::RunStatement(sql, query);
      std::lock_guard<std::mutex> lock(mu);
      result->emplace(std::move(r));
      done = true;
      finished.notify_all();
    });
    const bool show_progress = isatty(STDERR_FILENO) != 0;
    bool progress_shown = false;
    const Clock::time_point start = Clock::now();
    {
      std::unique_lock<std::mutex> lock(mu);
      while (!finished.wait_for(lock, std::chrono::milliseconds(100), [&] { return done; })) {
        if (interrupted.exchange(false)) cancelled->store(true);
        const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
        if (!show_progress || seconds < 1) continue;
        const int64_t rows = collector->rows();
        const std::string loading = LoadLine(load->totals(), seconds);
        std::fprintf(stderr, "\r%s %.1fs%s%s%s\033[K", cancelled->load() ? "Cancelling" : "Running",
                     seconds, loading.c_str(),
                     rows > 0 ? (", " + WithThousands(rows) + " rows").c_str() : "",
                     cancelled->load() || !interactive ? "" : " (Ctrl-C to cancel)");
        std::fflush(stderr);
        progress_shown = true;
      }
    }
    worker.join();
    if (progress_shown) {
      std::fputs("\r\033[K", stderr);
      std::fflush(stderr);
    }
  }

  // Shows output taller than the terminal through $PAGER (or less).
  void Print(const std::string& out, bool interactive) {
    size_t lines = 0;
    for (char ch : out) lines += ch == '\n' ? 1 : 0;
    if (interactive && isatty(STDOUT_FILENO) != 0 && lines >= static_cast<size_t>(TerminalRows())) {
      const char* env = std::getenv("PAGER");
      const std::string pager = env != nullptr && *env != '\0' ? env : "less -SFX";
      std::fflush(stdout);
      if (FILE* pipe = popen(pager.c_str(), "w")) {
        // Quitting the pager early closes the pipe: not a reason to die.
        struct sigaction ignore {
        }, previous{};
        ignore.sa_handler = SIG_IGN;
        sigaction(SIGPIPE, &ignore, &previous);
        std::fwrite(out.data(), 1, out.size(), pipe);
        pclose(pipe);
        sigaction(SIGPIPE, &previous, nullptr);
        return;
      }
    }
    std::fwrite(out.data(), 1, out.size(), stdout);
  }

  catalog::Catalog* catalog_;
  ShellOptions* options_;
  bool timing_ = false;
};

Result<std::string> ReadInput(const ShellOptions& options) {
  if (options.execute) return *options.execute;
  if (options.file) {
    std::ifstream in(*options.file, std::ios::binary);
    if (!in) {
      return Status::IOError("cannot read ", *options.file, ": ", std::strerror(errno));
    }
    return std::string(std::istreambuf_iterator<char>(in), {});
  }
  std::string text;
  char buffer[1 << 16];
  size_t n;
  while ((n = std::fread(buffer, 1, sizeof(buffer), stdin)) > 0) text.append(buffer, n);
  if (std::ferror(stdin))
    return Status::IOError("cannot read standard input: ", std::strerror(errno));
  return text;
}

}  // namespace

int RunSql(const std::vector<std::string>& args) {
  ShellOptions options;
  bool help = false;
  if (Status st = ParseArguments(args, &options, &help); !st.ok()) {
    std::fprintf(stderr, "floe sql: %s\n\n", st.message().c_str());
    Usage(stderr);
    return 2;
  }
  if (help) {
    Usage(stdout);
    return 0;
  }
  // A fresh warehouse is an empty catalog, made on first use.
  std::error_code error;
  std::filesystem::create_directories(options.warehouse, error);
  if (error) {
    std::fprintf(stderr, "floe sql: cannot create the warehouse %s: %s\n",
                 options.warehouse.c_str(), error.message().c_str());
    return 1;
  }
  catalog::SqlCatalogOptions catalog_options;
  catalog_options.database_path = options.warehouse + "/catalog.db";
  catalog_options.warehouse = options.warehouse + "/warehouse";
  catalog_options.file_io = io::LocalFileIO();
  auto catalog = catalog::SqlCatalog::Open(catalog_options);
  if (!catalog.ok()) {
    std::fprintf(stderr, "floe sql: %s\n", catalog.status().message().c_str());
    return 1;
  }
  Shell shell(catalog->get(), &options);
  const bool batch = options.execute || options.file || isatty(STDIN_FILENO) == 0;
  if (!batch) return shell.RunInteractive();
  auto input = ReadInput(options);
  if (!input.ok()) {
    std::fprintf(stderr, "floe sql: %s\n", input.status().message().c_str());
    return 1;
  }
  return shell.RunBatch(*input);
}

}  // namespace floe::cli
