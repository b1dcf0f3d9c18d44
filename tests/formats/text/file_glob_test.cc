#include "formats/text/file_glob.h"

#include <gtest/gtest.h>

#include "io/file_io.h"

namespace floe::formats::text {
namespace {

TEST(GlobMatchTest, StarAndQuestionMarkStayInOneSegment) {
  EXPECT_TRUE(GlobMatch("data/*.csv", "data/a.csv"));
  EXPECT_TRUE(GlobMatch("data/*.csv", "data/.csv"));
  EXPECT_FALSE(GlobMatch("data/*.csv", "data/sub/a.csv"));
  EXPECT_FALSE(GlobMatch("data/*.csv", "data/a.csv.gz"));
  EXPECT_TRUE(GlobMatch("data/?.csv", "data/a.csv"));
  EXPECT_FALSE(GlobMatch("data/?.csv", "data/ab.csv"));
  EXPECT_FALSE(GlobMatch("data?x", "data/x"));
  EXPECT_TRUE(GlobMatch("*/*/x", "a/b/x"));
  EXPECT_TRUE(GlobMatch("a*b*c", "aXbYbZc"));
  EXPECT_FALSE(GlobMatch("a*b*c", "aXbYbZ"));
}

TEST(GlobMatchTest, DoubleStarSpansSegments) {
  EXPECT_TRUE(GlobMatch("data/**/*.csv", "data/a.csv"));
  EXPECT_TRUE(GlobMatch("data/**/*.csv", "data/x/y/a.csv"));
  EXPECT_FALSE(GlobMatch("data/**/*.csv", "other/x/a.csv"));
  EXPECT_TRUE(GlobMatch("data/**", "data/x/y/a.csv"));
  EXPECT_TRUE(GlobMatch("**/a.csv", "a.csv"));
  EXPECT_TRUE(GlobMatch("**/a.csv", "x/a.csv"));
  // Not a whole segment: like '*'.
  EXPECT_FALSE(GlobMatch("data/x**.csv", "data/x/y.csv"));
  EXPECT_TRUE(GlobMatch("data/x**.csv", "data/xyz.csv"));
}

TEST(GlobMatchTest, CharacterClasses) {
  EXPECT_TRUE(GlobMatch("f[0-9].csv", "f7.csv"));
  EXPECT_FALSE(GlobMatch("f[0-9].csv", "fa.csv"));
  EXPECT_TRUE(GlobMatch("f[!0-9].csv", "fa.csv"));
  EXPECT_TRUE(GlobMatch("f[^0-9].csv", "fa.csv"));
  EXPECT_TRUE(GlobMatch("f[]x].csv", "f].csv"));
  EXPECT_FALSE(GlobMatch("f[!x]", "f/"));
  // An unclosed '[' is literal.
  EXPECT_TRUE(GlobMatch("f[0.csv", "f[0.csv"));
}

TEST(GlobMatchTest, LongPathsStayFast) {
  std::string path(2000, 'a');
  std::string pattern;
  for (int i = 0; i < 30; ++i) pattern += "*a";
  pattern += "b";
  EXPECT_FALSE(GlobMatch(pattern, path));
}

TEST(ExpandFilePatternsTest, ListsSortsAndKeepsPlainPaths) {
  auto io = io::MemoryFileIO();
  for (const char* f : {"d/b.csv", "d/a.csv", "d/s/c.csv", "d/x.txt", "e/a.csv"}) {
    ASSERT_TRUE(io->WriteFile(f, "x").ok());
  }
  auto files = ExpandFilePatterns(io.get(), {"d/*.csv"});
  ASSERT_TRUE(files.ok());
  EXPECT_EQ(*files, (std::vector<std::string>{"d/a.csv", "d/b.csv"}));
  files = ExpandFilePatterns(io.get(), {"e/a.csv", "d/**/*.csv", "missing.csv"});
  ASSERT_TRUE(files.ok());
  EXPECT_EQ(*files, (std::vector<std::string>{"e/a.csv", "d/a.csv", "d/b.csv", "d/s/c.csv",
                                              "missing.csv"}));
  files = ExpandFilePatterns(io.get(), {"d/[ab].csv", "?/a.csv"});
  ASSERT_TRUE(files.ok());
  EXPECT_EQ(*files, (std::vector<std::string>{"d/a.csv", "d/b.csv", "d/a.csv", "e/a.csv"}));
  EXPECT_EQ(ExpandFilePatterns(io.get(), {"d/*.json"}).status().message(),
            "no files match 'd/*.json'");
}

}  // namespace
}  // namespace floe::formats::text
