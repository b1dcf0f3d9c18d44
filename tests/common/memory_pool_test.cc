#include "common/memory_pool.h"

#include <gtest/gtest.h>

#include <cstring>

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

TEST(MemoryPoolTest, LargeBlocksAreReusedAndCounted) {
  MemoryPool::SetBlockCacheCapacity(64 << 20);
  MemoryPool pool("q");
  const int64_t size = 3 << 20;
  auto a = pool.Allocate(size);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(reinterpret_cast<uintptr_t>(*a) % 64, 0u);
  std::memset(*a, 0x5a, static_cast<size_t>(size));  // every byte is usable
  EXPECT_EQ(pool.bytes_allocated(), size);
  pool.Free(*a, size);
  EXPECT_EQ(pool.bytes_allocated(), 0);
#if !defined(__SANITIZE_ADDRESS__)
  EXPECT_GE(MemoryPool::block_cache_bytes(), size);
  // A block of the same size class comes back from the cache.
  auto b = pool.Allocate(size - 1000);
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(*b, *a);
  // Growing within the class keeps the block and counts the new size.
  auto c = pool.Reallocate(*b, size - 1000, size);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(*c, *b);
  EXPECT_EQ(pool.bytes_allocated(), size);
  pool.Free(*c, size);
  // A zero capacity returns everything to the kernel.
  MemoryPool::SetBlockCacheCapacity(0);
  EXPECT_EQ(MemoryPool::block_cache_bytes(), 0);
  MemoryPool::SetBlockCacheCapacity(256 << 20);
#endif
}

TEST(MemoryPoolTest, LargeBlocksRespectTheLimit) {
  MemoryPool pool("q", 1 << 20);
  auto a = pool.Allocate(2 << 20);
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(pool.bytes_allocated(), 0);
  auto b = pool.Allocate(600 << 10);
  ASSERT_TRUE(b.ok());
  EXPECT_FALSE(pool.Reallocate(*b, 600 << 10, 1100 << 10).ok());
  EXPECT_EQ(pool.bytes_allocated(), 600 << 10);
  pool.Free(*b, 600 << 10);
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
