#include "io/file_io.h"

#include <gtest/gtest.h>

#include "testing/temp_dir.h"

namespace floe::io {
namespace {

void CheckFileIOContract(FileIO* fs, const std::string& root) {
  std::string path = root + "/a/b/data.bin";
  ASSERT_TRUE(fs->WriteFile(path, "hello world").ok());
  EXPECT_TRUE(*fs->Exists(path));
  // Written once: a second create fails.
  auto again = fs->OpenOutput(path);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status().code(), StatusCode::kAlreadyExists);

  auto file = fs->OpenInput(path).ValueOrDie();
  EXPECT_EQ(*file->Size(), 11);
  uint8_t buf[5];
  ASSERT_TRUE(file->ReadAt(6, 5, buf).ok());
  EXPECT_EQ(std::string(reinterpret_cast<char*>(buf), 5), "world");
  Status past_end = file->ReadAt(8, 5, buf);
  EXPECT_TRUE(past_end.IsIOError());
  EXPECT_NE(past_end.message().find("data.bin"), std::string::npos);

  ASSERT_TRUE(fs->WriteFile(root + "/a/c.bin", "x").ok());
  auto listing = fs->List(root + "/a/").ValueOrDie();
  ASSERT_EQ(listing.size(), 2u);
  EXPECT_EQ(listing[0].path, root + "/a/b/data.bin");
  EXPECT_EQ(listing[1].path, root + "/a/c.bin");
  EXPECT_EQ(listing[1].size, 1);

  ASSERT_TRUE(fs->Delete(path).ok());
  EXPECT_FALSE(*fs->Exists(path));
  EXPECT_TRUE(fs->OpenInput(path).status().IsNotFound());
}

void CheckRenameAndAtomicWrite(FileIO* fs, const std::string& root) {
  auto contents = [&](const std::string& path) {
    auto buf = fs->ReadFile(path, MemoryPool::Default()).ValueOrDie();
    return std::string(reinterpret_cast<const char*>(buf->data()),
                       static_cast<size_t>(buf->size()));
  };
  ASSERT_TRUE(fs->WriteFile(root + "/from", "new").ok());
  ASSERT_TRUE(fs->WriteFile(root + "/to", "old contents").ok());
  // Rename replaces the target and creates missing directories.
  ASSERT_TRUE(fs->Rename(root + "/from", root + "/to").ok());
  EXPECT_FALSE(*fs->Exists(root + "/from"));
  EXPECT_EQ(contents(root + "/to"), "new");
  ASSERT_TRUE(fs->Rename(root + "/to", root + "/sub/dir/moved").ok());
  EXPECT_EQ(contents(root + "/sub/dir/moved"), "new");
  Status missing = fs->Rename(root + "/nothing", root + "/x");
  EXPECT_TRUE(missing.IsNotFound()) << missing.ToString();
  EXPECT_NE(missing.message().find("nothing"), std::string::npos);

  // WriteFileAtomic creates or replaces, and leaves no temporary file.
  std::string hint = root + "/meta/version-hint.text";
  ASSERT_TRUE(fs->WriteFileAtomic(hint, "1").ok());
  EXPECT_EQ(contents(hint), "1");
  ASSERT_TRUE(fs->WriteFileAtomic(hint, "12").ok());
  EXPECT_EQ(contents(hint), "12");
  auto listing = fs->List(root + "/meta/").ValueOrDie();
  ASSERT_EQ(listing.size(), 1u);
  EXPECT_EQ(listing[0].path, hint);
}

TEST(FileIOTest, LocalRenameAndAtomicWrite) {
  testing::TempDir dir;
  CheckRenameAndAtomicWrite(LocalFileIO().get(), dir.path());
}

TEST(FileIOTest, MemoryRenameAndAtomicWrite) {
  auto fs = MemoryFileIO();
  CheckRenameAndAtomicWrite(fs.get(), "mem://bucket");
}

// A FileIO with neither rename nor its own atomic write.
class NoRenameFileIO final : public FileIO {
 public:
  Result<std::unique_ptr<RandomAccessFile>> OpenInput(const std::string& path) override {
    return base_->OpenInput(path);
  }
  Result<std::unique_ptr<WritableFile>> OpenOutput(const std::string& path) override {
    return base_->OpenOutput(path);
  }
  Status Delete(const std::string& path) override { return base_->Delete(path); }
  Result<bool> Exists(const std::string& path) override { return base_->Exists(path); }
  Result<std::vector<FileInfo>> List(const std::string& prefix) override {
    return base_->List(prefix);
  }

 private:
  std::shared_ptr<FileIO> base_ = MemoryFileIO();
};

TEST(FileIOTest, AtomicWriteWithoutRenameFailsAndCleansUp) {
  NoRenameFileIO fs;
  Status st = fs.WriteFileAtomic("mem://a/hint", "1");
  EXPECT_TRUE(st.IsNotSupported()) << st.ToString();
  EXPECT_TRUE(fs.List("mem://a/").ValueOrDie().empty());
}

TEST(FileIOTest, LocalFilesFollowTheContract) {
  testing::TempDir dir;
  CheckFileIOContract(LocalFileIO().get(), dir.path());
}

TEST(FileIOTest, LocalAcceptsFileUris) {
  testing::TempDir dir;
  ASSERT_TRUE(LocalFileIO()->WriteFile("file://" + dir.Join("x.txt"), "abc").ok());
  auto buf = LocalFileIO()->ReadFile(dir.Join("x.txt"), MemoryPool::Default()).ValueOrDie();
  EXPECT_EQ(buf->size(), 3);
}

TEST(FileIOTest, MemoryFilesFollowTheContract) {
  auto fs = MemoryFileIO();
  CheckFileIOContract(fs.get(), "mem://bucket");
}

}  // namespace
}  // namespace floe::io
