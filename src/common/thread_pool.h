#pragma once

// The process's worker threads, shared by every query (DESIGN.md §6:
// morsel-driven parallelism). Tasks are short (a query's pipeline task
// processes a bounded number of morsels and then re-submits itself), so a
// FIFO queue shares the cores fairly between concurrent queries.

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

namespace floe {

/// A unit of work run on a pool thread. The submitter keeps it alive until
/// it has run.
class Task {
 public:
  virtual ~Task() = default;
  virtual void Run() = 0;
};

/// A fixed set of worker threads running submitted tasks in FIFO order.
/// Thread-safe.
class ThreadPool {
 public:
  /// `threads` <= 0: one per core.
  explicit ThreadPool(int threads);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  /// The process-wide pool, one thread per core, started on first use.
  static ThreadPool* Default();

  /// Queues `task`; it runs on some pool thread. REQUIRES: `task` outlives its run.
  void Submit(Task* task);

  int threads() const { return static_cast<int>(workers_.size()); }

 private:
  void WorkerLoop();

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Task*> queue_;
  bool stopping_ = false;
  std::vector<std::thread> workers_;
};

/// Counts outstanding tasks so that a submitter can wait for them all.
/// Thread-safe.
class TaskGroup {
 public:
  void Add(int n = 1);
  void Done();
  /// Blocks until every added task called Done().
  void Wait();

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  int64_t pending_ = 0;
};

}  // namespace floe
