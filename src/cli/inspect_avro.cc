#include "cli/inspect_internal.h"

namespace floe::cli {

Status InspectAvro(const std::string& path, const InspectOptions& options, std::string* out, std::string* meta_out) {
  return Status::NotSupported(path, ": Avro inspection is not built yet");
}

}  // namespace floe::cli
