// libFuzzer: Iceberg manifests and manifest lists from untrusted bytes (a
// table's metadata names files anyone may have written), read the way scan
// planning reads them: a manifest list, then the bytes as a manifest of a
// partitioned spec (identity string, day, bucket, decimal) with metrics.
// Also the JSON an Iceberg REST client sends in a commit and a table's name
// mapping, which arrive as text.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/json.h"
#include "iceberg/manifest.h"
#include "iceberg/name_mapping.h"
#include "iceberg/table_update.h"
#include "io/file_io.h"

namespace {

floe::iceberg::TypePtr PartitionType() {
  using namespace floe::iceberg;
  auto field = [](int32_t id, const char* name, TypePtr t) {
    return NestedField::Optional(id, name, std::move(t));
  };
  return Type::Struct({field(1000, "region", Type::Primitive(TypeId::kString)),
                       field(1001, "ts_day", Type::Primitive(TypeId::kDate)),
                       field(1002, "id_bucket", Type::Primitive(TypeId::kInt)),
                       field(1003, "amount", Type::Decimal(12, 2))});
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace floe;
  static const iceberg::TypePtr ptype = PartitionType();
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto io = io::MemoryFileIO();
  if (!io->WriteFile("mem://t/metadata/f.avro", bytes).ok()) return 0;
  auto list = iceberg::ReadManifestList(io.get(), "mem://t/metadata/f.avro");
  if (list.ok()) {
    for (const auto& m : *list) (void)m.has_added_or_existing();
  }
  iceberg::ManifestFile mf;
  mf.manifest_path = "mem://t/metadata/f.avro";
  mf.sequence_number = 3;
  mf.added_snapshot_id = 7;
  for (auto content : {iceberg::ManifestContent::kData, iceberg::ManifestContent::kDeletes}) {
    mf.content = content;
    auto entries = iceberg::ReadManifest(io.get(), mf, ptype);
    if (entries.ok()) {
      for (const auto& e : *entries) (void)iceberg::PartitionTupleKey(e.data_file);
    }
  }
  auto v = json::Parse(bytes);
  if (v.ok()) {
    if (v->is_array()) (void)iceberg::NameMapping::Parse(bytes);
    auto update = iceberg::TableUpdate::FromJson(*v, "update");
    if (update.ok()) (void)update->ToJson();
    auto requirement = iceberg::TableRequirement::FromJson(*v, "requirement");
    if (requirement.ok()) (void)requirement->ToJson();
  }
  return 0;
}
