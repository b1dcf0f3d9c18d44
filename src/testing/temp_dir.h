#pragma once

#include <string>

namespace floe::testing {

/// A fresh directory under $TMPDIR (or /tmp), removed with its contents
/// when the object goes away.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  /// path() + "/" + name.
  std::string Join(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

/// The directory of the shared fixtures (../shared/fixtures beside the repo).
std::string FixturesDir();

/// Reads a whole local file; aborts the test binary when it cannot.
std::string ReadFileOrDie(const std::string& path);
/// Writes a whole local file; aborts when it cannot.
void WriteFileOrDie(const std::string& path, const std::string& contents);

/// Runs a shell command, returns its exit code and fills `output` with stdout.
int RunCommand(const std::string& command, std::string* output);

}  // namespace floe::testing
