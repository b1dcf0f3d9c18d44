#pragma once

// Threads of the interactive shell. The shell's signals (Ctrl-C, window
// changes) must reach the main thread, whose blocking read() they
// interrupt, so every other thread starts with them blocked.

#include <signal.h>

#include <thread>
#include <utility>

namespace floe::cli {

/// Starts `fn` on a thread (and so every thread it starts) with SIGINT and
/// SIGWINCH blocked.
template <typename F>
std::thread StartShellThread(F&& fn) {
  sigset_t blocked, previous;
  sigemptyset(&blocked);
  sigaddset(&blocked, SIGINT);
  sigaddset(&blocked, SIGWINCH);
  pthread_sigmask(SIG_BLOCK, &blocked, &previous);
  std::thread thread(std::forward<F>(fn));
  pthread_sigmask(SIG_SETMASK, &previous, nullptr);
  return thread;
}

}  // namespace floe::cli
