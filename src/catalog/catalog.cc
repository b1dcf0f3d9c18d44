#include "catalog/catalog.h"

#include <set>

#include "common/str_cat.h"
#include "iceberg/maintenance.h"

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

std::vector<std::string> TableFiles(io::FileIO* io, const LoadedTable& table) {
  auto files = iceberg::ReachableFiles(io, table.metadata, table.metadata_location,
                                       /*skip_unreadable=*/true);
  return files.ok() ? std::move(*files) : std::vector<std::string>{table.metadata_location};
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
