#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "io/file_io.h"

namespace floe::io {

/// A FileIO that opens paths under other names: a path that starts with a
/// mapping's `from` prefix, at a path boundary (the prefix is the whole path,
/// ends with '/', or is followed by '/'), is passed to `base` as `to` plus
/// the rest; the first matching mapping wins and other paths pass unchanged.
/// List results under a mapped prefix are mapped back to the `from` form, so
/// callers only ever see the names they used (a prefix above every `from`
/// is listed unmapped); handles report the path they
/// were opened with, while errors from `base` name the mapped path.
///
/// For reading Iceberg tables whose metadata names the writer's locations
/// ("hdfs://localhost:20500/test-warehouse/t" -> a fixture directory), and
/// for tests that move a table. `to` should be in the form `base`'s List
/// returns (for LocalFileIO: a plain path, no "file://"). Thread-safe if
/// `base` is.
std::shared_ptr<FileIO> PrefixMappingFileIO(
    std::shared_ptr<FileIO> base, std::vector<std::pair<std::string, std::string>> mappings);

}  // namespace floe::io
