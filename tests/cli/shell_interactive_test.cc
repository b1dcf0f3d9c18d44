// The interactive `floe sql`, driven through a pseudo-terminal as a user at
// a keyboard drives it. Every wait has a deadline and the shell is killed
// when a test ends, so a hang fails the test instead of stalling CI.
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "sql_test_tables.h"
#include "testing/temp_dir.h"

namespace floe {
namespace {

const std::string kFloe = std::string(FLOE_BINARY_DIR) + "/floe";
constexpr auto kDeadline = std::chrono::seconds(30);

/// A program running on a pseudo-terminal of 24 rows by 80 columns.
class Terminal {
 public:
  Terminal(const std::vector<std::string>& argv, const std::vector<std::string>& env) {
    winsize size{};
    size.ws_row = 24;
    size.ws_col = 80;
    pid_ = forkpty(&master_, nullptr, nullptr, &size);
    if (pid_ == 0) {
      for (const std::string& e : env) putenv(strdup(e.c_str()));
      std::vector<char*> args;
      for (const std::string& a : argv) args.push_back(strdup(a.c_str()));
      args.push_back(nullptr);
      execv(args[0], args.data());
      _exit(127);
    }
  }

  ~Terminal() {
    if (pid_ > 0 && !exited_) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    if (master_ >= 0) close(master_);
  }

  bool started() const { return pid_ > 0; }

  void Type(std::string_view keys) {
    while (!keys.empty()) {
      const ssize_t n = write(master_, keys.data(), keys.size());
      if (n <= 0) return;
      keys.remove_prefix(static_cast<size_t>(n));
    }
  }

  /// Waits until `text` appears in the output after what earlier waits
  /// matched; true when it did before the deadline.
  bool WaitFor(std::string_view text) {
    const auto deadline = std::chrono::steady_clock::now() + kDeadline;
    for (;;) {
      const size_t at = output_.find(text, matched_);
      if (at != std::string::npos) {
        matched_ = at + text.size();
        return true;
      }
      if (std::chrono::steady_clock::now() > deadline) return false;
      if (!ReadSome(100)) {
        // The program closed the terminal: what it wrote is all there is.
        const size_t last = output_.find(text, matched_);
        if (last != std::string::npos) matched_ = last + text.size();
        return last != std::string::npos;
      }
    }
  }

  /// Waits for `prompt`, then until the line editor has the terminal in
  /// raw mode: keys typed before that are cooked by the terminal itself
  /// (Ctrl-D there is lost, as in any libedit or readline program), and
  /// libedit switches modes only after the prompt is drained to us.
  bool Prompt(std::string_view prompt) {
    if (!WaitFor(prompt)) return false;
    const auto deadline = std::chrono::steady_clock::now() + kDeadline;
    while (std::chrono::steady_clock::now() < deadline) {
      termios mode{};
      if (tcgetattr(master_, &mode) == 0 && (mode.c_lflag & ICANON) == 0) return true;
      ReadSome(5);
    }
    return false;
  }

  /// Waits for the program to exit; its exit code, or -1 (killed at the deadline).
  int WaitForExit() {
    const auto deadline = std::chrono::steady_clock::now() + kDeadline;
    while (std::chrono::steady_clock::now() < deadline) {
      ReadSome(50);
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        exited_ = true;
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
      }
    }
    return -1;
  }

  /// Everything the program wrote, with the terminal's carriage returns removed.
  const std::string& output() const { return output_; }
  /// The output after the last match.
  std::string rest() const { return output_.substr(matched_); }

 private:
  // Reads what is there within `ms`; false when the terminal is closed.
  bool ReadSome(int ms) {
    pollfd fd{master_, POLLIN, 0};
    if (poll(&fd, 1, ms) <= 0) return true;
    char buf[4096];
    const ssize_t n = read(master_, buf, sizeof(buf));
    if (n <= 0) return false;
    for (ssize_t i = 0; i < n; ++i) {
      if (buf[i] != '\r') output_.push_back(buf[i]);
    }
    return true;
  }

  pid_t pid_ = -1;
  int master_ = -1;
  bool exited_ = false;
  std::string output_;
  size_t matched_ = 0;
};

class ShellInteractiveTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto warehouse = sql::TestWarehouse::Make(dir_.path(), "default");
    ASSERT_TRUE(warehouse.ok()) << warehouse.status().ToString();
    Status st =
        (*warehouse)
            ->Load("fruits", "",
                   "SELECT * FROM (VALUES (1, 'apple'), (2, 'pear'), (3, 'fig')) t(id, name)");
    ASSERT_TRUE(st.ok()) << st.ToString();
  }

  std::unique_ptr<Terminal> Start(const std::string& pager = "cat") {
    auto terminal = std::make_unique<Terminal>(
        std::vector<std::string>{kFloe, "sql", "--warehouse", dir_.path(), "--history-file",
                                 dir_.Join("history")},
        std::vector<std::string>{"TERM=xterm", "PAGER=" + pager, "HOME=" + dir_.path(),
                                 "LANG=C.UTF-8"});
    EXPECT_TRUE(terminal->started());
    return terminal;
  }

  testing::TempDir dir_;
};

TEST_F(ShellInteractiveTest, MultiLineStatementCompletionHistoryAndCtrlD) {
  auto t = Start();
  ASSERT_TRUE(t->Prompt("floe:default> ")) << t->output();
  t->Type("SELECT id, name\r");
  ASSERT_TRUE(t->Prompt(std::string(11, ' ') + "-> ")) << t->output();
  t->Type("FROM fruits\rORDER BY id;\r");
  ASSERT_TRUE(
      t->WaitFor(" id | name  \n----+-------\n  1 | apple \n  2 | pear  \n  3 | fig   \n"
                 "(3 rows)\n"))
      << t->output();
  ASSERT_TRUE(t->Prompt("floe:default> ")) << t->output();

  // Tab completes the table name from the catalog.
  t->Type("SELECT count(*) AS n FROM fru\t");
  ASSERT_TRUE(t->WaitFor("its ")) << t->output();  // the completion, after a cursor move
  t->Type(";\r");
  ASSERT_TRUE(t->WaitFor(" n \n---\n 3 \n(1 row)\n")) << t->output();

  // \G shows one result vertically; \timing adds the elapsed time.
  ASSERT_TRUE(t->Prompt("floe:default> "));
  t->Type("\\timing\r");
  ASSERT_TRUE(t->WaitFor("Timing is on.")) << t->output();
  ASSERT_TRUE(t->Prompt("floe:default> "));
  t->Type("SELECT 'x' AS a\\G\r");
  ASSERT_TRUE(t->WaitFor("-[ RECORD 1 ]\na | x\nTime: ")) << t->output();
  ASSERT_TRUE(t->Prompt("floe:default> "));

  // An error is reported and the shell goes on.
  t->Type("SELECT nope;\r");
  ASSERT_TRUE(t->WaitFor("Query failed: line 1:8: Column 'nope' cannot be resolved"))
      << t->output();
  ASSERT_TRUE(t->Prompt("floe:default> ")) << t->output();

  t->Type("\x04");  // Ctrl-D
  EXPECT_EQ(t->WaitForExit(), 0) << t->output();
  const std::string history = testing::ReadFileOrDie(dir_.Join("history"));
  // libedit stores entries strvis-encoded: a multi-line statement is one entry.
  EXPECT_NE(history.find("SELECT\\040id,\\040name\\040FROM\\040fruits\\040ORDER\\040BY\\040id;\n"),
            std::string::npos)
      << history;

  // The next shell reads the history: Up brings back the last statement.
  auto again = Start();
  ASSERT_TRUE(again->Prompt("floe:default> ")) << again->output();
  again->Type("\x1b[A\r");
  ASSERT_TRUE(again->WaitFor("Query failed: line 1:8: Column 'nope'")) << again->output();
  ASSERT_TRUE(again->Prompt("floe:default> "));
  again->Type("exit\r");
  EXPECT_EQ(again->WaitForExit(), 0) << again->output();
}

TEST_F(ShellInteractiveTest, CtrlCClearsTheLineAndCancelsARunningQuery) {
  auto t = Start();
  ASSERT_TRUE(t->Prompt("floe:default> ")) << t->output();
  // Ctrl-C at the prompt drops what was typed, in the line and the statement.
  t->Type("SELECT 1 AS one,\r");
  ASSERT_TRUE(t->Prompt("-> ")) << t->output();
  t->Type("SELEC");
  ASSERT_TRUE(t->WaitFor("SELEC")) << t->output();
  t->Type("\x03");
  ASSERT_TRUE(t->Prompt("floe:default> ")) << t->output();
  t->Type("SELECT 42 AS answer;\r");
  ASSERT_TRUE(t->WaitFor(" answer \n--------\n     42 \n(1 row)\n")) << t->output();

  // Ctrl-C while a long query runs cancels it; the shell stays.
  ASSERT_TRUE(t->Prompt("floe:default> "));
  t->Type(
      "SELECT count(*) FROM UNNEST(sequence(1, 10000)) a(x) CROSS JOIN "
      "UNNEST(sequence(1, 10000)) b(y) CROSS JOIN UNNEST(sequence(1, 10000)) c(z);\r");
  ASSERT_TRUE(t->WaitFor("Running ")) << t->output();  // the progress line, after ~1 s
  t->Type("\x03");
  ASSERT_TRUE(t->WaitFor("Query aborted by user\n")) << t->output();
  ASSERT_TRUE(t->Prompt("floe:default> ")) << t->output();
  t->Type("SELECT 7 AS seven;\r");
  ASSERT_TRUE(t->WaitFor("(1 row)")) << t->output();
  ASSERT_TRUE(t->Prompt("floe:default> "));
  t->Type("quit\r");
  EXPECT_EQ(t->WaitForExit(), 0) << t->output();
}

TEST_F(ShellInteractiveTest, TallResultsGoThroughThePager) {
  auto t = Start("sed s/^/paged:/");
  ASSERT_TRUE(t->Prompt("floe:default> ")) << t->output();
  t->Type("SELECT x FROM UNNEST(sequence(1, 5)) t(x);\r");
  ASSERT_TRUE(t->WaitFor(" 5 \n(5 rows)\n")) << t->output();  // fits: no pager
  ASSERT_TRUE(t->Prompt("floe:default> "));
  t->Type("SELECT x FROM UNNEST(sequence(1, 40)) t(x);\r");
  ASSERT_TRUE(t->WaitFor("paged: 40 \npaged:(40 rows)\n")) << t->output();
  ASSERT_TRUE(t->Prompt("floe:default> "));
  t->Type("exit;\r");
  EXPECT_EQ(t->WaitForExit(), 0) << t->output();
}

}  // namespace
}  // namespace floe
