#include "sim/io/output_target.hpp"

#include "sim/io/summary_reader.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>

namespace terawatt {

std::string output_target_problem(const std::string& output_path, const std::vector<std::string>& inputs, bool force) {
  namespace fs = std::filesystem;
  if (output_path.empty()) return "the output path is empty (expected a file name such as out.h5)";
  std::error_code error;
  const fs::path output(output_path);
  if (fs::is_directory(output, error)) {
    return "'" + output_path + "' is a directory (expected a file name inside it, such as " +
           (output / "out.h5").string() + ")";
  }
  // The folder is checked before the run, so that a typo in it costs no simulated time. Root passes access() on
  // folders it cannot write to in the end (a read-only file system, /proc); those fail when the file is created.
  const fs::path folder = output.has_parent_path() ? output.parent_path() : fs::path(".");
  if (!fs::is_directory(folder, error)) {
    return "the folder '" + folder.string() + "' does not exist (expected an existing folder: create it first)";
  }
  if (access(folder.c_str(), W_OK | X_OK) != 0) {
    return "the folder '" + folder.string() + "' is not writable (" + std::strerror(errno) + ")";
  }
  if (!fs::exists(output, error)) return "";
  for (const auto& input : inputs) {
    if (fs::exists(input, error) && fs::equivalent(output, input, error)) {
      return "'" + output_path + "' is an input of this run (" + input +
             "); writing there would destroy it "
             "(expected another file name)";
    }
  }
  if (force) return "";
  const auto provenance = read_point_provenance(output_path);
  if (!provenance || provenance->software != "terawatt") {
    return "'" + output_path +
           "' exists and is not a terawatt output; refusing to replace it (expected a new file "
           "name, or --force to replace it)";
  }
  return "";
}

}  // namespace terawatt
