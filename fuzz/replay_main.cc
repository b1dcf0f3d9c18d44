// Replays fuzz inputs through a fuzz target's entry point in an ordinary
// (non-fuzzer) build, so ctest checks that every crash once found stays fixed.
//   <target>_replay DIR_OR_FILE...
#include <dirent.h>
#include <sys/stat.h>

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {
int RunFile(const std::string& path) {
  FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return 0;
  std::vector<uint8_t> bytes;
  uint8_t buf[65536];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof(buf), f)) > 0) bytes.insert(bytes.end(), buf, buf + n);
  std::fclose(f);
  LLVMFuzzerTestOneInput(bytes.data(), bytes.size());
  return 1;
}

// Files under `path`, recursively (the Iceberg fixtures nest per table).
int RunPath(const std::string& path, int depth) {
  struct stat st;
  if (stat(path.c_str(), &st) != 0) return 0;
  if (!S_ISDIR(st.st_mode)) return RunFile(path);
  if (depth > 8) return 0;
  int files = 0;
  DIR* d = opendir(path.c_str());
  if (d == nullptr) return 0;
  while (auto* e = readdir(d)) {
    if (e->d_name[0] != '.') files += RunPath(path + "/" + e->d_name, depth + 1);
  }
  closedir(d);
  return files;
}
}  // namespace

int main(int argc, char** argv) {
  int files = 0;
  for (int i = 1; i < argc; ++i) files += RunPath(argv[i], 0);
  std::printf("replayed %d inputs\n", files);
  return 0;
}
