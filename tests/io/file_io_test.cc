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
