#include "io/fault_file_io.h"

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "testing/temp_dir.h"

namespace floe::io {
namespace {

// The contents of `path`, or "<absent>" when it does not exist.
std::string Contents(FileIO* fs, const std::string& path) {
  auto exists = fs->Exists(path);
  EXPECT_TRUE(exists.ok()) << exists.status().ToString();
  if (!exists.ok() || !*exists) return "<absent>";
  auto buf = fs->ReadFile(path, MemoryPool::Default());
  EXPECT_TRUE(buf.ok()) << buf.status().ToString();
  if (!buf.ok()) return "<unreadable>";
  return std::string(reinterpret_cast<const char*>((*buf)->data()),
                     static_cast<size_t>((*buf)->size()));
}

std::string LogText(const FaultInjectingFileIO& io) {
  std::string out;
  for (const std::string& line : io.OperationLog()) out += line + "\n";
  return out;
}

TEST(FaultInjectingFileIOTest, NumbersEveryOperationAndLogsIt) {
  auto io = FaultInjectingFileIO::Make(MemoryFileIO());
  ASSERT_TRUE(io->WriteFile("mem://t/a", "xy").ok());  // OpenOutput Append Sync Close
  EXPECT_TRUE(*io->Exists("mem://t/a"));
  EXPECT_EQ(io->List("mem://t/").ValueOrDie().size(), 1u);
  EXPECT_EQ(Contents(io.get(), "mem://t/a"), "xy");  // Exists OpenInput Size ReadAt
  ASSERT_TRUE(io->Rename("mem://t/a", "mem://t/b").ok());
  ASSERT_TRUE(io->Delete("mem://t/b").ok());
  EXPECT_EQ(io->operation_count(), 12);
  EXPECT_EQ(io->OperationLog(),
            (std::vector<std::string>{
                "0 OpenOutput mem://t/a", "1 Append mem://t/a", "2 Sync mem://t/a",
                "3 Close mem://t/a", "4 Exists mem://t/a", "5 List mem://t/", "6 Exists mem://t/a",
                "7 OpenInput mem://t/a", "8 Size mem://t/a", "9 ReadAt mem://t/a",
                "10 Rename mem://t/a -> mem://t/b", "11 Delete mem://t/b"}));
  io->ResetCount();
  EXPECT_EQ(io->operation_count(), 0);
  EXPECT_TRUE(io->OperationLog().empty());
}

TEST(FaultInjectingFileIOTest, NumbersOperationsFromManyThreads) {
  auto io = FaultInjectingFileIO::Make(MemoryFileIO());
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&io, t] {
      for (int i = 0; i < 50; ++i) {
        std::string path = "mem://t" + std::to_string(t) + "/" + std::to_string(i);
        EXPECT_TRUE(io->WriteFile(path, "x").ok());
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(io->operation_count(), 4 * 50 * 4);
  EXPECT_EQ(io->OperationLog().size(), 4u * 50 * 4);
}

TEST(FaultInjectingFileIOTest, ReadsCanBeLeftUncounted) {
  auto io = FaultInjectingFileIO::Make(MemoryFileIO());
  ASSERT_TRUE(io->WriteFile("mem://a", "hello").ok());
  io->set_count_reads(false);
  io->ResetCount();
  EXPECT_EQ(Contents(io.get(), "mem://a"), "hello");
  // Only the Exists inside Contents() is numbered.
  EXPECT_EQ(io->operation_count(), 1);
  EXPECT_EQ(io->OperationLog(), (std::vector<std::string>{"0 Exists mem://a", "- OpenInput mem://a",
                                                          "- Size mem://a", "- ReadAt mem://a"}));
}

TEST(FaultInjectingFileIOTest, FailOnceFailsOnlyTheChosenOperation) {
  auto io = FaultInjectingFileIO::Make(MemoryFileIO());
  io->FailAt(1, FaultMode::kFailOnce);
  Status st = io->WriteFile("mem://a", "hello");
  ASSERT_TRUE(st.IsIOError());
  EXPECT_EQ(st.message(), "injected fault at operation 1 (Append mem://a)");
  EXPECT_EQ(io->injected_count(), 1);
  // Nothing was appended; later operations reach the base again.
  EXPECT_EQ(Contents(io.get(), "mem://a"), "");
  ASSERT_TRUE(io->Delete("mem://a").ok());
  ASSERT_TRUE(io->WriteFile("mem://a", "hello").ok());
  EXPECT_EQ(Contents(io.get(), "mem://a"), "hello");
  EXPECT_EQ(io->injected_count(), 1);
  EXPECT_NE(LogText(*io).find("1 Append mem://a -> injected fault\n"), std::string::npos);
}

TEST(FaultInjectingFileIOTest, FailFromThenOnFailsEveryLaterOperation) {
  auto io = FaultInjectingFileIO::Make(MemoryFileIO());
  io->set_count_reads(false);
  ASSERT_TRUE(io->WriteFile("mem://a", "hello").ok());  // operations 0-3
  io->FailAt(5, FaultMode::kFailFromThenOn);
  // An uncounted read before the armed operation still works.
  EXPECT_TRUE(io->OpenInput("mem://a").ok());
  EXPECT_TRUE(io->Exists("mem://a").ok());  // operation 4
  Status st = io->Exists("mem://a").status();
  EXPECT_EQ(st.message(),
            "injected fault at operation 5 (Exists mem://a): every operation from 5 on fails");
  EXPECT_TRUE(io->Delete("mem://a").IsIOError());
  EXPECT_TRUE(io->List("mem://").status().IsIOError());
  // Uncounted reads fail too once the armed operation was reached.
  EXPECT_TRUE(io->OpenInput("mem://a").status().IsIOError());
  EXPECT_EQ(io->injected_count(), 4);
  io->ClearFault();
  EXPECT_EQ(Contents(io.get(), "mem://a"), "hello");
}

TEST(FaultInjectingFileIOTest, DiskFullFailsWritesButNotReads) {
  auto io = FaultInjectingFileIO::Make(MemoryFileIO());
  ASSERT_TRUE(io->WriteFile("mem://old", "kept").ok());
  auto file = io->OpenOutput("mem://new").ValueOrDie();
  io->FailAt(io->operation_count(), FaultMode::kDiskFull);
  Status st = file->Append("x");
  ASSERT_TRUE(st.IsIOError());
  EXPECT_EQ(st.message(),
            "mem://new: No space left on device (injected at operation 5 (Append mem://new))");
  EXPECT_TRUE(file->Sync().IsIOError());
  EXPECT_TRUE(file->Close().IsIOError());
  EXPECT_TRUE(io->OpenOutput("mem://other").status().IsIOError());
  EXPECT_EQ(Contents(io.get(), "mem://old"), "kept");
  EXPECT_TRUE(io->List("mem://").ok());
  // Freeing space works; a Rename needs none.
  EXPECT_TRUE(io->Delete("mem://new").ok());
  EXPECT_TRUE(io->Rename("mem://old", "mem://renamed").ok());
  EXPECT_EQ(Contents(io.get(), "mem://renamed"), "kept");
}

// Writes a file synced then appended to, one never synced, one synced and
// closed; deletes and renames pre-existing files; crashes; checks what is
// left. `root` is a directory of `base`.
void CheckCrashDropsUnsyncedWrites(std::shared_ptr<FileIO> base, const std::string& root) {
  ASSERT_TRUE(base->WriteFile(root + "/old-deleted", "old").ok());
  ASSERT_TRUE(base->WriteFile(root + "/old-renamed", "old").ok());
  auto io = FaultInjectingFileIO::Make(base);

  auto partly = io->OpenOutput(root + "/partly-synced").ValueOrDie();
  ASSERT_TRUE(partly->Append("synced|").ok());
  ASSERT_TRUE(partly->Sync().ok());
  ASSERT_TRUE(partly->Append("lost").ok());
  ASSERT_TRUE(partly->Close().ok());

  auto never = io->OpenOutput(root + "/never-synced").ValueOrDie();
  ASSERT_TRUE(never->Append("lost").ok());
  ASSERT_TRUE(never->Close().ok());

  ASSERT_TRUE(io->WriteFile(root + "/synced", "whole").ok());

  // Renamed before being synced: the new name is lost with it.
  auto moved = io->OpenOutput(root + "/moved.tmp").ValueOrDie();
  ASSERT_TRUE(moved->Append("lost").ok());
  ASSERT_TRUE(moved->Close().ok());
  ASSERT_TRUE(io->Rename(root + "/moved.tmp", root + "/moved").ok());

  ASSERT_TRUE(io->Delete(root + "/old-deleted").ok());
  ASSERT_TRUE(io->Rename(root + "/old-renamed", root + "/old-new-name").ok());

  // Still open when the power goes.
  auto open = io->OpenOutput(root + "/open").ValueOrDie();
  ASSERT_TRUE(open->Append("ab").ok());
  ASSERT_TRUE(open->Sync().ok());
  ASSERT_TRUE(open->Append("cd").ok());
  auto reader = io->OpenInput(root + "/synced").ValueOrDie();

  io->FailAt(io->operation_count(), FaultMode::kCrash);
  Status down = io->Exists(root + "/synced").status();
  EXPECT_NE(down.message().find("injected crash at operation"), std::string::npos)
      << down.ToString();
  EXPECT_TRUE(open->Append("ef").IsIOError());

  ASSERT_TRUE(io->SimulateCrash().ok());
  EXPECT_EQ(Contents(io.get(), root + "/partly-synced"), "synced|");
  EXPECT_EQ(Contents(io.get(), root + "/never-synced"), "<absent>");
  EXPECT_EQ(Contents(io.get(), root + "/synced"), "whole");
  EXPECT_EQ(Contents(io.get(), root + "/moved.tmp"), "<absent>");
  EXPECT_EQ(Contents(io.get(), root + "/moved"), "<absent>");
  EXPECT_EQ(Contents(io.get(), root + "/old-deleted"), "<absent>");
  EXPECT_EQ(Contents(io.get(), root + "/old-renamed"), "<absent>");
  EXPECT_EQ(Contents(io.get(), root + "/old-new-name"), "old");
  EXPECT_EQ(Contents(io.get(), root + "/open"), "ab");

  // Handles from before the crash are dead; the restarted FileIO works.
  Status stale = open->Close();
  EXPECT_TRUE(stale.IsIOError());
  EXPECT_NE(stale.message().find("before the simulated crash"), std::string::npos);
  uint8_t byte;
  EXPECT_TRUE(reader->ReadAt(0, 1, &byte).IsIOError());
  ASSERT_TRUE(io->WriteFile(root + "/after", "fine").ok());
  EXPECT_EQ(Contents(io.get(), root + "/after"), "fine");
}

TEST(FaultInjectingFileIOTest, CrashDropsUnsyncedWritesInMemory) {
  CheckCrashDropsUnsyncedWrites(MemoryFileIO(), "mem://t");
}

TEST(FaultInjectingFileIOTest, CrashDropsUnsyncedWritesOnLocalFiles) {
  testing::TempDir dir;
  CheckCrashDropsUnsyncedWrites(LocalFileIO(), dir.path());
}

// The intended use: a fault at every operation of a small write sequence,
// in every mode, then the invariants that must hold whatever failed.
// File A is written and synced; file B is written and closed, never synced.
Status WriteSequence(FileIO* io, const std::string& root) {
  FLOE_RETURN_NOT_OK(io->WriteFile(root + "/A", "alpha"));
  FLOE_ASSIGN_OR_RETURN(auto b, io->OpenOutput(root + "/B"));
  FLOE_RETURN_NOT_OK(b->Append("be"));
  FLOE_RETURN_NOT_OK(b->Append("ta"));
  return b->Close();
}

// `fresh` returns an empty base and sets the directory to write in.
void RunFaultLoop(const std::function<std::shared_ptr<FileIO>(std::string* root)>& fresh) {
  for (FaultMode mode : {FaultMode::kFailOnce, FaultMode::kFailFromThenOn, FaultMode::kDiskFull,
                         FaultMode::kCrash}) {
    SCOPED_TRACE(static_cast<int>(mode));
    int64_t n = 0;
    for (;; ++n) {
      SCOPED_TRACE(n);
      std::string root;
      auto io = FaultInjectingFileIO::Make(fresh(&root));
      io->FailAt(n, mode);
      Status st = WriteSequence(io.get(), root);
      if (io->injected_count() == 0) {
        // n lies past the sequence's last operation: the run was clean.
        ASSERT_TRUE(st.ok()) << st.ToString();
        io->ClearFault();
        EXPECT_EQ(Contents(io.get(), root + "/A"), "alpha");
        EXPECT_EQ(Contents(io.get(), root + "/B"), "beta");
        break;
      }
      EXPECT_TRUE(st.IsIOError()) << st.ToString() << "\n" << LogText(*io);
      if (mode != FaultMode::kCrash) {
        // Before any crash, A is absent, empty (created, nothing published
        // yet) or whole.
        io->ClearFault();
        std::string a = Contents(io.get(), root + "/A");
        EXPECT_TRUE(a == "<absent>" || a == "" || a == "alpha") << a << "\n" << LogText(*io);
      }
      // After a crash, A is absent or whole, and B, never synced, is gone.
      ASSERT_TRUE(io->SimulateCrash().ok());
      std::string a = Contents(io.get(), root + "/A");
      EXPECT_TRUE(a == "<absent>" || a == "alpha") << a << "\n" << LogText(*io);
      EXPECT_EQ(Contents(io.get(), root + "/B"), "<absent>") << LogText(*io);
    }
    // OpenOutput, Append, Sync, Close for A; OpenOutput, 2 x Append, Close for B.
    EXPECT_EQ(n, 8);
  }
}

TEST(FaultInjectingFileIOTest, FaultLoopOverAWriteSequenceInMemory) {
  RunFaultLoop([](std::string* root) {
    *root = "mem://t";
    return MemoryFileIO();
  });
}

TEST(FaultInjectingFileIOTest, FaultLoopOverAWriteSequenceOnLocalFiles) {
  testing::TempDir dir;
  int run = 0;
  RunFaultLoop([&](std::string* root) {
    *root = dir.Join("run" + std::to_string(run++));
    return LocalFileIO();
  });
}

// WriteFileAtomic through the wrapper: whatever operation the process dies
// at, the file holds the old contents or the new ones, never a mix.
void CheckAtomicWriteSurvivesAnyCrash(std::shared_ptr<FileIO> base, const std::string& root) {
  int64_t n = 0;
  for (;; ++n) {
    SCOPED_TRACE(n);
    std::string path = root + "/run" + std::to_string(n) + "/version-hint.text";
    ASSERT_TRUE(base->WriteFile(path, "1").ok());
    auto io = FaultInjectingFileIO::Make(base);
    io->FailAt(n, FaultMode::kCrash);
    Status st = io->WriteFileAtomic(path, "22");
    bool crashed = io->injected_count() > 0;
    ASSERT_TRUE(io->SimulateCrash().ok());
    std::string contents = Contents(io.get(), path);
    if (!crashed) {
      ASSERT_TRUE(st.ok()) << st.ToString();
      EXPECT_EQ(contents, "22");
      // No temporary file is left after a clean run.
      EXPECT_EQ(io->List(root + "/run" + std::to_string(n) + "/").ValueOrDie().size(), 1u);
      break;
    }
    EXPECT_TRUE(contents == "1" || contents == "22") << contents << "\n" << LogText(*io);
  }
  // OpenOutput, Append, Sync, Close of the temporary file, then Rename.
  EXPECT_EQ(n, 5);
}

TEST(FaultInjectingFileIOTest, AtomicWriteSurvivesAnyCrashInMemory) {
  CheckAtomicWriteSurvivesAnyCrash(MemoryFileIO(), "mem://t");
}

TEST(FaultInjectingFileIOTest, AtomicWriteSurvivesAnyCrashOnLocalFiles) {
  testing::TempDir dir;
  CheckAtomicWriteSurvivesAnyCrash(LocalFileIO(), dir.path());
}

}  // namespace
}  // namespace floe::io
