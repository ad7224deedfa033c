#include "sim/app/sweep/sweep_outputs.hpp"

#include "sim/io/summary_reader.hpp"

#include <yaml-cpp/yaml.h>

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <stdexcept>

namespace fs = std::filesystem;

namespace terawatt {
namespace {

bool output_matches(const std::string& path, const SweepPlan& plan, const SweepPoint& point) {
  const auto provenance = read_point_provenance(path);
  return provenance && provenance->complete && provenance->scenario_sha256 == plan.scenario_sha256 &&
         provenance->scenario_overrides == joined_overrides(point.overrides);
}

}  // namespace

void SweepLayout::create_directories() const {
  for (const auto& path : {dir_, points_dir(), logs_dir()}) {
    std::error_code error;
    fs::create_directories(path, error);
    if (error) throw std::runtime_error("cannot create directory '" + path + "': " + error.message());
  }
}

const char* point_state_name(PointState state) {
  switch (state) {
    case PointState::pending:
      return "pending";
    case PointState::done:
      return "done";
    case PointState::stale:
      return "stale";
    case PointState::failed:
      return "failed";
  }
  return "unknown";
}

PointState point_state(const SweepLayout& layout, const SweepPlan& plan, const SweepPoint& point) {
  const std::string output = layout.output_path(point.name);
  std::error_code error;
  if (fs::exists(output, error)) return output_matches(output, plan, point) ? PointState::done : PointState::stale;
  if (fs::exists(layout.failed_path(point.name), error)) return PointState::failed;
  return PointState::pending;
}

void write_file_atomically(const std::string& path, const std::string& content) {
  // The pid keeps concurrent writers (array tasks writing the same plan) off each other's temporary file.
  const std::string temporary = path + ".tmp" + std::to_string(getpid());
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << content;
    out.flush();
    if (!out) {
      std::remove(temporary.c_str());
      throw std::runtime_error("cannot write '" + temporary + "': " + std::strerror(errno));
    }
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    const int error = errno;
    std::remove(temporary.c_str());
    throw std::runtime_error("cannot rename '" + temporary + "' to '" + path + "': " + std::strerror(error));
  }
}

std::optional<PointFailure> read_point_failure(const std::string& path) {
  std::error_code error;
  if (!fs::exists(path, error)) return std::nullopt;
  PointFailure failure;
  try {
    const YAML::Node node = YAML::LoadFile(path);
    failure.exit_code = node["exit_code"].as<int>(1);
    failure.error = node["error"].as<std::string>("");
    while (!failure.error.empty() && (failure.error.back() == '\n' || failure.error.back() == ' '))
      failure.error.pop_back();
  } catch (const YAML::Exception& e) {
    failure.exit_code = 1;
    failure.error = "unreadable failure record: " + e.msg;
  }
  return failure;
}

void write_point_failure(const SweepLayout& layout, const SweepPoint& point, const PointFailure& failure) {
  YAML::Emitter out;
  out << YAML::BeginMap;
  out << YAML::Key << "point" << YAML::Value << point.name;
  out << YAML::Key << "exit_code" << YAML::Value << failure.exit_code;
  out << YAML::Key << "overrides" << YAML::Value << YAML::Flow << point.overrides;
  out << YAML::Key << "error" << YAML::Value << YAML::Literal << failure.error;
  out << YAML::EndMap;
  write_file_atomically(layout.failed_path(point.name), std::string(out.c_str()) + "\n");
}

std::size_t adopt_renamed_outputs(const SweepLayout& layout, const SweepPlan& plan) {
  std::error_code error;
  if (!fs::is_directory(layout.points_dir(), error)) return 0;
  std::set<std::string> current;
  for (const auto& point : plan.points) current.insert(point.name);
  // "p0012-1a2b3c4d.h5" -> "1a2b3c4d"; outputs that belong to a current point stay where they are.
  std::map<std::string, std::vector<std::string>> by_hash;
  for (const auto& entry : fs::directory_iterator(layout.points_dir(), error)) {
    const std::string file = entry.path().filename().string();
    if (entry.path().extension() != ".h5") continue;
    const std::string name = entry.path().stem().string();
    const auto dash = name.rfind('-');
    if (dash == std::string::npos || current.count(name)) continue;
    by_hash[name.substr(dash + 1)].push_back(entry.path().string());
  }
  std::size_t adopted = 0;
  for (const auto& point : plan.points) {
    const auto found = by_hash.find(point.name.substr(point.name.rfind('-') + 1));
    if (found == by_hash.end()) continue;
    const std::string target = layout.output_path(point.name);
    if (fs::exists(target, error)) continue;
    for (const auto& candidate : found->second) {
      if (!output_matches(candidate, plan, point)) continue;
      if (std::rename(candidate.c_str(), target.c_str()) == 0) {
        ++adopted;
        break;
      }
    }
  }
  return adopted;
}

}  // namespace terawatt
