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
}  // namespace

int main(int argc, char** argv) {
  int files = 0;
  for (int i = 1; i < argc; ++i) {
    struct stat st;
    if (stat(argv[i], &st) != 0) continue;
    if (S_ISDIR(st.st_mode)) {
      DIR* d = opendir(argv[i]);
      while (auto* e = readdir(d)) {
        if (e->d_name[0] != '.') files += RunFile(std::string(argv[i]) + "/" + e->d_name);
      }
      closedir(d);
    } else {
      files += RunFile(argv[i]);
    }
  }
  std::printf("replayed %d inputs\n", files);
  return 0;
}
