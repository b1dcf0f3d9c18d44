#pragma once

#include <memory>
#include <string>
#include <vector>

#include "io/file_io.h"

namespace floe::testing {

/// One Iceberg table under ../shared/fixtures/iceberg, as its README lists it.
struct FixtureTable {
  std::string name;    // "impala-iceberg_v2_delete_positional"
  std::string dir;     // absolute fixture directory
  std::string prefix;  // the writer's location, as the metadata holds it
  int format_version = 0;
  /// The README's "Data / pos-del / eq-del entries" column: manifest
  /// entries of each content over every manifest the table's metadata names.
  int data_files = 0, position_delete_files = 0, equality_delete_files = 0;
};

/// The tables of the fixtures README's Iceberg table ("Original location
/// prefix" column), in README order; aborts when the README cannot be read.
std::vector<FixtureTable> FixtureTables();

/// The fixture named `name`; aborts when there is none.
FixtureTable FixtureTableNamed(const std::string& name);

/// The newest metadata file of a table, by its local path: the highest N of
/// "vN.metadata.json" or "NNNNN-<uuid>.metadata.json".
std::string LatestMetadataFile(const FixtureTable& table);

/// A FileIO that reads the table's files by the paths in its metadata.
std::shared_ptr<io::FileIO> FixtureFileIO(const FixtureTable& table);

}  // namespace floe::testing
