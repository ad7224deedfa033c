#include "sim/app/common/central_values_note.hpp"

#include "sim/scenario/input_distributions.hpp"

#include <iostream>

namespace terawatt {

void print_central_values_note(const RunCommandOptions& options) {
  const std::vector<InputDistribution> inputs = file_input_distributions(options.scenario_path, options.overrides);
  if (inputs.empty()) return;
  std::cerr << "terawatt: note: " << inputs.size()
            << " values are distributions; this run takes their central values (--samples N draws them):";
  for (const InputDistribution& input : inputs) std::cerr << ' ' << input.path << '=' << input.text(input.central());
  std::cerr << '\n';
}

}  // namespace terawatt
