#include "catalog/catalog.h"

#include <set>

#include "common/str_cat.h"

namespace floe::catalog {

std::string NamespaceToString(const Namespace& ns) {
  std::string out;
  for (size_t i = 0; i < ns.size(); ++i) {
    if (i > 0) out.push_back('.');
    out += ns[i];
  }
  return out;
}

std::string TableIdentifier::ToString() const {
  if (ns.empty()) return name;
  return StrCat(NamespaceToString(ns), ".", name);
}

std::vector<std::string> MetadataReachableFiles(const LoadedTable& table) {
  std::vector<std::string> out;
  std::set<std::string> seen;
  auto add = [&](const std::string& path) {
    if (!path.empty() && seen.insert(path).second) out.push_back(path);
  };
  const iceberg::TableMetadata& m = table.metadata;
  add(table.metadata_location);
  for (const auto& e : m.metadata_log) add(e.metadata_file);
  for (const auto& s : m.snapshots) {
    add(s.manifest_list);
    for (const auto& manifest : s.manifests) add(manifest);
  }
  // Statistics are kept as written: [{"statistics-path": ...}, ...].
  for (const auto* stats : {&m.statistics, &m.partition_statistics}) {
    if (!stats->has_value() || !(*stats)->is_array()) continue;
    for (const auto& item : (*stats)->items()) {
      const json::Value* path = item.Find("statistics-path");
      if (path != nullptr && path->is_string()) add(path->AsString());
    }
  }
  return out;
}

Status PurgeFiles(io::FileIO* io, const std::vector<std::string>& paths) {
  Status first;
  int failed = 0;
  for (const auto& path : paths) {
    Status st = io->Delete(path);
    if (st.ok() || st.IsNotFound()) continue;
    if (failed++ == 0) first = st;
  }
  if (failed == 0) return Status::OK();
  return Status(first.code(), StrCat(failed, " of ", paths.size(),
                                     " files could not be deleted; the first: ", first.message()));
}

}  // namespace floe::catalog
