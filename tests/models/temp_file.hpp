#pragma once
// Test support: a file with the given text in a fresh directory under the system temp directory, removed with the
// object. No fixed paths, so that parallel test processes never collide.

#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <system_error>

namespace terawatt::testing {

class TempFile {
 public:
  TempFile(const std::string& text, const std::string& name) {
    std::random_device entropy;
    dir_ = std::filesystem::temp_directory_path() /
           ("terawatt-" + name + "-" + std::to_string(entropy()) + "-" + std::to_string(entropy()));
    std::filesystem::create_directories(dir_);
    path_ = (dir_ / name).string();
    std::ofstream(path_, std::ios::binary) << text;
  }
  ~TempFile() {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::filesystem::path dir_;
  std::string path_;
};

}  // namespace terawatt::testing
