#include "sim/record/output_size.hpp"

#include "sim/record/sampler.hpp"
#include "sim/scenario/scenario_error.hpp"
#include "sim/scenario/scenario_limits.hpp"
#include "sim/scenario/yaml_reader.hpp"

#include <sys/statvfs.h>

#include <filesystem>
#include <map>

namespace terawatt {

OutputSize estimate_output_size(const Scenario& scenario) {
  std::map<std::string, double> dimension_size;
  for (const auto& dimension : Sampler::dimensions(scenario)) {
    dimension_size[dimension.name] = static_cast<double>(dimension.labels.size());
  }
  OutputSize size;
  for (const auto& variable : Sampler::variables(scenario)) size.values_per_row += dimension_size[variable.dimension];
  // One row per whole interval, and one for the tail after the last.
  size.rows = scenario.info.end_estimate_s / scenario.info.sample_interval_s + 1.0;
  return size;
}

void check_output_size(const Scenario& scenario, const OutputSize& size) {
  if (size.values() <= max_output_values) return;
  throw ScenarioError(scenario.info.sample_interval_location, "scenario.sample_interval",
                      short_number(scenario.info.sample_interval_s) + " s gives " + short_number(size.rows) +
                          " samples of " + short_number(size.values_per_row) + " values each, " +
                          short_number(size.values()) + " values (" + short_number(size.bytes() / 1e9) +
                          " GB before compression), more than " + short_number(max_output_values) +
                          " (expected a longer sample_interval, a shorter duration, or fewer clusters and workloads)");
}

std::string large_output_warning(const OutputSize& size) {
  if (size.bytes() <= large_output_bytes) return {};
  return "the time series may take up to " + short_number(size.bytes() / 1e9) + " GB before compression (" +
         short_number(size.rows) + " samples of " + short_number(size.values_per_row) +
         " values; a longer scenario.sample_interval makes it smaller)";
}

std::string output_space_warning(const OutputSize& size, const std::string& output_path) {
  std::filesystem::path folder = std::filesystem::path(output_path).parent_path();
  if (folder.empty()) folder = ".";
  struct statvfs space {};
  if (statvfs(folder.c_str(), &space) != 0) return {};
  const double free_bytes = static_cast<double>(space.f_bavail) * static_cast<double>(space.f_frsize);
  if (size.bytes() <= free_bytes) return {};
  return "the time series may take up to " + short_number(size.bytes() / 1e9) + " GB before compression, and " +
         short_number(free_bytes / 1e9) + " GB are free in '" + folder.string() +
         "' (compression usually saves much of it; a run that fills the disk stops with exit 1 and leaves nothing)";
}

}  // namespace terawatt
