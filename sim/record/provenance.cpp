#include "sim/record/provenance.hpp"

#include "models/base/iso8601.hpp"
#include "models/base/sha256.hpp"
#include "sim/scenario/resolved_scenario.hpp"

#include <xbt/base.h>  // simgrid/version.h needs its declaration macros, so it comes first

#include <simgrid/version.h>

#include <chrono>
#include <cstdlib>

#ifndef TERAWATT_VERSION
#error "TERAWATT_VERSION must be defined by the build"
#endif
#include "git_describe.hpp"  // generated at build time by cmake/GitDescribe.cmake

namespace terawatt {

std::string software_version() {
  return TERAWATT_VERSION;
}
std::string git_describe() {
  return TERAWATT_GIT_DESCRIBE;
}

std::string history_line(const std::string& created, const std::string& command_line) {
  return created + ": " + command_line;
}

std::vector<Attribute> provenance_attributes(const Scenario& scenario, const ProvenanceInputs& inputs) {
  const double now_s = std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  const std::string created = format_iso8601_utc(static_cast<double>(static_cast<std::int64_t>(now_s)));
  std::string overrides;
  for (const auto& text : inputs.overrides) overrides += (overrides.empty() ? "" : "\n") + text;
  std::vector<Attribute> attributes{
      {"title", "terawatt run of scenario '" + scenario.info.name + "'"},
      {"description", scenario.info.description},
      {"software", std::string("terawatt")},
      {"version", software_version()},
      {"git_describe", git_describe()},
      {"simgrid_version", std::to_string(SIMGRID_VERSION_MAJOR) + "." + std::to_string(SIMGRID_VERSION_MINOR)},
      {"created", created},
      {"history", history_line(created, inputs.command_line)},
      {"command_line", inputs.command_line},
      {"scenario_name", scenario.info.name},
      {"scenario_file", scenario.source_file},
      {"scenario_sha256", sha256_file_hex(scenario.source_file)},
      {"scenario_overrides", overrides},
      {"scenario_resolved", resolved_scenario_yaml(scenario)},
      {"seed", static_cast<std::int64_t>(scenario.info.seed)},
      {"start", format_iso8601_utc(scenario.info.start_epoch_s)},
      {"sample_interval_s", scenario.info.sample_interval_s},
      {"Conventions", std::string("CF-1.8")},
  };
  // The batch job that made the file, so that a sweep's outputs can be traced to their Slurm logs.
  for (const char* variable : {"SLURM_JOB_ID", "SLURM_ARRAY_JOB_ID", "SLURM_ARRAY_TASK_ID"}) {
    if (const char* value = std::getenv(variable)) {
      std::string name(variable);
      for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      attributes.push_back({name, std::string(value)});
    }
  }
  return attributes;
}

}  // namespace terawatt
