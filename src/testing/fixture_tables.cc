#include "testing/fixture_tables.h"

#include <cstdio>
#include <cstdlib>

#include "io/prefix_file_io.h"
#include "testing/temp_dir.h"

namespace floe::testing {

namespace {

// The cells of a Markdown table row: "| a | b |" -> {"a", "b"}.
std::vector<std::string> Cells(const std::string& line) {
  std::vector<std::string> out;
  size_t pos = 1;
  while (pos < line.size()) {
    size_t end = line.find('|', pos);
    if (end == std::string::npos) break;
    std::string cell = line.substr(pos, end - pos);
    size_t b = cell.find_first_not_of(' '), e = cell.find_last_not_of(' ');
    out.push_back(b == std::string::npos ? "" : cell.substr(b, e - b + 1));
    pos = end + 1;
  }
  return out;
}

std::string Unquote(const std::string& cell) {
  if (cell.size() >= 2 && cell.front() == '`' && cell.back() == '`')
    return cell.substr(1, cell.size() - 2);
  return cell;
}

}  // namespace

std::vector<FixtureTable> FixtureTables() {
  std::string readme = ReadFileOrDie(FixturesDir() + "/README.md");
  std::vector<FixtureTable> out;
  size_t pos = 0;
  while (pos < readme.size()) {
    size_t end = readme.find('\n', pos);
    if (end == std::string::npos) end = readme.size();
    std::string line = readme.substr(pos, end - pos);
    pos = end + 1;
    if (line.rfind("| `iceberg/", 0) != 0) continue;
    auto cells = Cells(line);
    // | Fixture dir | Upstream path | Format v | Original location prefix |
    // Writer(s) | Snapshots | Partitioning | Data / pos-del / eq-del entries | ...
    if (cells.size() < 8) continue;
    FixtureTable t;
    t.name = Unquote(cells[0]).substr(std::string("iceberg/").size());
    t.dir = FixturesDir() + "/iceberg/" + t.name;
    t.format_version = std::atoi(cells[2].c_str());
    t.prefix = Unquote(cells[3]);
    if (std::sscanf(cells[7].c_str(), "%d / %d / %d", &t.data_files, &t.position_delete_files,
                    &t.equality_delete_files) != 3) {
      std::fprintf(stderr, "fixtures README: cannot read the entry counts of %s\n", t.name.c_str());
      std::abort();
    }
    out.push_back(std::move(t));
  }
  if (out.empty()) {
    std::fprintf(stderr, "no Iceberg tables found in %s/README.md\n", FixturesDir().c_str());
    std::abort();
  }
  return out;
}

FixtureTable FixtureTableNamed(const std::string& name) {
  for (auto& t : FixtureTables()) {
    if (t.name == name) return t;
  }
  std::fprintf(stderr, "no fixture table %s\n", name.c_str());
  std::abort();
}

std::string LatestMetadataFile(const FixtureTable& table) {
  auto files = io::LocalFileIO()->List(table.dir + "/metadata/");
  if (!files.ok()) {
    std::fprintf(stderr, "%s\n", files.status().ToString().c_str());
    std::abort();
  }
  std::string best;
  long best_version = -1;
  for (const io::FileInfo& f : *files) {
    std::string name = f.path.substr(f.path.rfind('/') + 1);
    if (name.size() < 14 || name.compare(name.size() - 14, 14, ".metadata.json") != 0) continue;
    long version = std::strtol(name.c_str() + (name[0] == 'v' ? 1 : 0), nullptr, 10);
    if (version > best_version) {
      best_version = version;
      best = f.path;
    }
  }
  return best;
}

std::shared_ptr<io::FileIO> FixtureFileIO(const FixtureTable& table) {
  return io::PrefixMappingFileIO(io::LocalFileIO(), {{table.prefix, table.dir}});
}

}  // namespace floe::testing
