#include "common/memory_pool.h"

#include <gtest/gtest.h>

#include "common/buffer.h"

namespace floe {
namespace {

TEST(MemoryPoolTest, CountsAndReleasesBytes) {
  MemoryPool pool("q", 1000);
  auto p = pool.Allocate(600);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(pool.bytes_allocated(), 600);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(*p) % 64, 0u);
  pool.Free(*p, 600);
  EXPECT_EQ(pool.bytes_allocated(), 0);
  EXPECT_EQ(pool.peak_bytes(), 600);
}

TEST(MemoryPoolTest, RefusesAllocationOverLimit) {
  MemoryPool pool("q", 1000);
  auto a = pool.Allocate(800);
  ASSERT_TRUE(a.ok());
  auto b = pool.Allocate(300);
  ASSERT_FALSE(b.ok());
  EXPECT_TRUE(b.status().IsOutOfMemory());
  EXPECT_NE(b.status().message().find("'q'"), std::string::npos);
  EXPECT_EQ(pool.bytes_allocated(), 800);
  pool.Free(*a, 800);
}

TEST(MemoryPoolTest, ChildAllocationsCountAgainstParent) {
  MemoryPool server("server", 1000);
  MemoryPool query("query", MemoryPool::kUnlimited, &server);
  auto a = query.Allocate(900);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(server.bytes_allocated(), 900);
  EXPECT_FALSE(query.Allocate(200).ok());
  EXPECT_EQ(query.bytes_allocated(), 900);
  query.Free(*a, 900);
  EXPECT_EQ(server.bytes_allocated(), 0);
}

TEST(MemoryPoolTest, InjectedFailureAfterBytes) {
  MemoryPool pool("q");
  pool.TestingFailAfter(100);
  auto a = pool.Allocate(60);
  ASSERT_TRUE(a.ok());
  EXPECT_FALSE(pool.Allocate(60).ok());
  pool.Free(*a, 60);
}

TEST(BufferTest, AppendGrowsAndKeepsBytes) {
  MemoryPool pool("q");
  auto buf = Buffer::Make(&pool).ValueOrDie();
  std::string expected;
  for (int i = 0; i < 1000; ++i) {
    std::string piece = std::to_string(i);
    ASSERT_TRUE(buf->Append(piece.data(), static_cast<int64_t>(piece.size())).ok());
    expected += piece;
  }
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(buf->data()), buf->size()), expected);
  EXPECT_GE(pool.bytes_allocated(), buf->size());
  buf.reset();
  EXPECT_EQ(pool.bytes_allocated(), 0);
}

}  // namespace
}  // namespace floe
