#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace floe::io {
class FileIO;
}

namespace floe::formats::text {

/// Whether `path` holds a glob character (`*`, `?` or `[`).
bool HasGlob(std::string_view path);

/// Whether `path` matches the glob `pattern`: `*` matches any run of
/// characters but '/', `?` one character but '/', `[abc]`, `[a-z]` and
/// `[!a]` (or `[^a]`) one character of (or not of) a set, and `**` as a
/// whole path segment any number of segments, none included ("a/**/b.csv"
/// matches "a/b.csv" and "a/x/y/b.csv"). A '[' without its ']' is literal.
/// Time O(pattern * path), no recursion.
bool GlobMatch(std::string_view pattern, std::string_view path);

/// The files that `patterns` name, in pattern order: a pattern without glob
/// characters stays as it is (opening it reports a missing file); one with
/// them becomes the files matching it, sorted by path, found by listing its
/// longest literal prefix with FileIO::List. Invalid, naming the pattern,
/// when a pattern matches no file; errors of List are passed on.
Result<std::vector<std::string>> ExpandFilePatterns(io::FileIO* io,
                                                    const std::vector<std::string>& patterns);

}  // namespace floe::formats::text
