#pragma once
// A mistake in a scenario file or a --set override, located for the user:
//   file:line:col: key.path: problem (expected ...)
// The program exits with code 2 on it, before any simulated time passes.

#include <stdexcept>
#include <string>

namespace terawatt {

class ScenarioError : public std::runtime_error {
 public:
  // `location` is "file:line:col" or "--set key=value"; `key_path` may be empty for file-level problems.
  ScenarioError(std::string location, std::string key_path, std::string problem)
      : std::runtime_error(location + ": " + (key_path.empty() ? "" : key_path + ": ") + problem),
        location_(std::move(location)),
        key_path_(std::move(key_path)),
        problem_(std::move(problem)) {}
  const std::string& location() const { return location_; }
  const std::string& key_path() const { return key_path_; }
  const std::string& problem() const { return problem_; }

 private:
  std::string location_;
  std::string key_path_;
  std::string problem_;
};

}  // namespace terawatt
