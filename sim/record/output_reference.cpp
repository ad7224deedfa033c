#include "sim/record/output_reference.hpp"

#include "sim/record/sampler.hpp"

namespace terawatt {

std::string timeseries_reference_markdown() {
  std::string text = "| variable | dims | units | meaning |\n|---|---|---|---|\n";
  for (const VariableSpec& variable : Sampler::all_variables()) {
    text += "| `" + variable.name + "` | time, " + variable.dimension + " | " + variable.units + " | " +
            variable.long_name + " |\n";
  }
  return text;
}

}  // namespace terawatt
