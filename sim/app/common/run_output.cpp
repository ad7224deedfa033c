#include "sim/app/common/run_output.hpp"

#include "sim/io/output_target.hpp"

#include <iostream>

namespace terawatt {

std::vector<std::string> run_input_files(const std::string& scenario_path, const Scenario& scenario) {
  std::vector<std::string> files{scenario_path};
  for (const auto& site : scenario.sites) {
    for (const auto& file : {site.inputs.weather_file, site.inputs.grid_file, site.inputs.marginal_file}) {
      if (file) files.push_back(*file);
    }
  }
  for (const auto& service : scenario.services) {
    if (service.trace_file) files.push_back(*service.trace_file);
  }
  for (const auto& trace : scenario.training_traces) files.push_back(trace.file);
  return files;
}

std::optional<std::string> writable_output_path(const RunCommandOptions& options,
                                                const std::vector<std::string>& input_files) {
  const std::string output_path =
      options.output_path.empty() ? default_output_path(options.scenario_path) : options.output_path;
  const std::string problem = output_target_problem(output_path, input_files, options.force);
  if (!problem.empty()) {
    std::cerr << "terawatt: -o " << output_path << ": " << problem << '\n';
    return std::nullopt;
  }
  return output_path;
}

}  // namespace terawatt
