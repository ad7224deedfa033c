#include "sim/app/common/run_options.hpp"

namespace terawatt {

std::string default_output_path(const std::string& scenario_path) {
  std::string base = scenario_path.substr(scenario_path.find_last_of('/') + 1);
  const auto dot = base.find_last_of('.');
  if (dot != std::string::npos && dot > 0) base.resize(dot);
  return base + ".h5";
}

}  // namespace terawatt
