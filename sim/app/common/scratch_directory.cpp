#include "sim/app/common/scratch_directory.hpp"

#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <system_error>

namespace terawatt {

namespace fs = std::filesystem;

ScratchDirectory::ScratchDirectory(const std::string& prefix, const std::string& kept) {
  if (!kept.empty()) {
    fs::create_directories(kept);
    path_ = fs::absolute(kept).string();
    return;
  }
  const char* tmp = std::getenv("TMPDIR");
  std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/" + prefix + "-XXXXXX";
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("cannot create a directory like " + pattern);
  path_ = pattern;
  temporary_ = true;
}

ScratchDirectory::~ScratchDirectory() {
  std::error_code ignored;
  if (temporary_) fs::remove_all(path_, ignored);
}

}  // namespace terawatt
